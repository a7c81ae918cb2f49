import { type Address, type Hex, zeroAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { batchAnchorRegistryAbi } from "../generated/abis.js";
import { type HashAlgorithmName, hashAlgorithmName } from "../hashing/algorithms.js";
import { bytes32, toDprError } from "./internal.js";

/** An anchored batch. */
export interface AnchorRecord {
  root: Hex;
  /** The holder who anchored it. */
  anchorer: Address;
  /** Unix seconds. */
  anchoredAt: bigint;
  /** How many files the batch holds. */
  leafCount: number;
  /** The hash function of the files' content hashes. */
  algorithm: HashAlgorithmName;
}

export type GetAnchorParameters = {
  /** The batch's Merkle root. */
  root: Hex;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/** The anchor, or null when the root is not anchored. */
export type GetAnchorReturnType = AnchorRecord | null;

/**
 * Reads an anchored batch from the batch anchor registry.
 *
 * @example
 * const anchor = await getAnchor(context, { root: manifest.root })
 * anchor?.leafCount // 1000
 */
export async function getAnchor(context: Pick<DprContext, "publicClient" | "deployment">, parameters: GetAnchorParameters): Promise<GetAnchorReturnType> {
  try {
    const root = bytes32(parameters.root, "batch root");
    const raw = await context.publicClient.readContract({
      abi: batchAnchorRegistryAbi,
      address: context.deployment.contracts.anchors,
      functionName: "getAnchor",
      args: [root],
      blockNumber: parameters.blockNumber,
    });
    if (raw.anchorer === zeroAddress) return null;
    return {
      root,
      anchorer: raw.anchorer,
      anchoredAt: BigInt(raw.anchoredAt),
      leafCount: raw.leafCount,
      algorithm: hashAlgorithmName(raw.algorithm),
    };
  } catch (error) {
    throw toDprError(context, error);
  }
}
