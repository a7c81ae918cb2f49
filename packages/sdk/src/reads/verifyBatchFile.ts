import type { Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { batchAnchorRegistryAbi } from "../generated/abis.js";
import { type BatchFile, BatchError, normaliseBatchPath, verifyBatchProof } from "../merkle/manifest.js";
import { bytes32, toDprError } from "./internal.js";

export type VerifyBatchFileParameters = {
  /** The batch's Merkle root. */
  root: Hex;
  /** The file: its path within the batch, content hash and size. */
  file: BatchFile;
  /** Its Merkle proof. */
  proof: readonly Hex[];
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

export type VerifyBatchFileReturnType = {
  /** The contract's `verifyFile`: the root is anchored and the proof holds. */
  onChain: boolean;
  /** The proof holds against the root, checked here (says nothing about anchoring). */
  local: boolean;
};

/**
 * Checks a file's inclusion in a batch twice: on chain with `BatchAnchorRegistry.verifyFile` (false when
 * the root is not anchored) and locally with {@link verifyBatchProof}. The two agree on the proof; only
 * the chain knows whether the root is anchored.
 *
 * @example
 * const entry = proofs.proofs.find((p) => p.path === "2026/q1.csv")!
 * const { onChain } = await verifyBatchFile(context, {
 *   root: proofs.root,
 *   file: { path: entry.path, contentHash: entry.contentHash, size: BigInt(entry.size) },
 *   proof: entry.proof,
 * })
 */
export async function verifyBatchFile(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: VerifyBatchFileParameters,
): Promise<VerifyBatchFileReturnType> {
  try {
    const root = bytes32(parameters.root, "batch root");
    const path = normaliseBatchPath(parameters.file.path);
    const contentHash = bytes32(parameters.file.contentHash, `content hash of "${path}"`);
    const proof = parameters.proof.map((node, i) => bytes32(node, `proof node ${i}`));
    const size = BigInt(parameters.file.size);
    if (size < 0n) throw new BatchError(`negative size for "${path}"`);
    const local = verifyBatchProof(root, { path, contentHash, size }, proof);
    const onChain = await context.publicClient.readContract({
      abi: batchAnchorRegistryAbi,
      address: context.deployment.contracts.anchors,
      functionName: "verifyFile",
      args: [root, path, contentHash, size, proof],
      blockNumber: parameters.blockNumber,
    });
    return { onChain, local };
  } catch (error) {
    throw toDprError(context, error);
  }
}
