import { type Hex, encodeAbiParameters, keccak256 } from "viem";
import type { HashAlgorithm } from "../generated/enums.js";
import type { HashAlgorithmName } from "../hashing/algorithms.js";
import { algorithmOf, bytes32 } from "./internal.js";

export type DatasetIdOfParameters = {
  /** The content hash (a file's hash, or a folder manifest's Merkle root). */
  contentHash: Hex;
  /** The hash function that produced it; defaults to `sha256`. */
  algorithm?: HashAlgorithmName | HashAlgorithm | undefined;
};

export type DatasetIdOfReturnType = Hex;

/**
 * The id a content hash registers under, computed locally exactly as `DatasetRegistry.datasetIdOf`:
 * `keccak256(abi.encode(uint8 algorithm, bytes32 contentHash))`. Anyone holding the file can compute it.
 *
 * Throws `InvalidHashError` for a hash that is not 32 bytes of hex or an unknown algorithm.
 *
 * @example
 * const { hash } = await hashFile("traffic-2026-q1.csv")
 * const datasetId = datasetIdOf({ contentHash: hash, algorithm: "sha256" })
 */
export function datasetIdOf(parameters: DatasetIdOfParameters): DatasetIdOfReturnType {
  const contentHash = bytes32(parameters.contentHash, "content hash");
  const { value } = algorithmOf(parameters.algorithm);
  return keccak256(encodeAbiParameters([{ type: "uint8" }, { type: "bytes32" }], [value, contentHash]));
}
