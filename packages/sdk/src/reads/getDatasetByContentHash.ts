import type { Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import type { HashAlgorithm } from "../generated/enums.js";
import type { HashAlgorithmName } from "../hashing/algorithms.js";
import { datasetIdOf } from "./datasetIdOf.js";
import { type GetDatasetReturnType, getDataset } from "./getDataset.js";

export type GetDatasetByContentHashParameters = {
  /** The content hash (a file's hash, or a folder manifest's Merkle root). */
  contentHash: Hex;
  /** The hash function that produced it; defaults to `sha256`. */
  algorithm?: HashAlgorithmName | HashAlgorithm | undefined;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/** The record, or null when the content is not registered. */
export type GetDatasetByContentHashReturnType = GetDatasetReturnType;

/**
 * Reads the dataset registered for a content hash. The id is computed locally
 * (`keccak256(abi.encode(uint8 algorithm, bytes32 contentHash))`, see {@link datasetIdOf}), so this is one call.
 *
 * @example
 * const { hash } = await hashFile("traffic-2026-q1.csv")
 * const dataset = await getDatasetByContentHash(context, { contentHash: hash, algorithm: "sha256" })
 */
export async function getDatasetByContentHash(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetDatasetByContentHashParameters,
): Promise<GetDatasetByContentHashReturnType> {
  const datasetId = datasetIdOf({ contentHash: parameters.contentHash, algorithm: parameters.algorithm });
  return getDataset(context, { datasetId, blockNumber: parameters.blockNumber });
}
