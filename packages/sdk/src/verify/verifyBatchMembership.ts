import type { Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { type BatchFile, type BatchProof, type BatchProofs, BatchError, normaliseBatchPath } from "../merkle/manifest.js";
import { type AnchorRecord, getAnchor } from "../reads/getAnchor.js";
import { bytes32, toDprError } from "../reads/internal.js";
import { verifyBatchFile } from "../reads/verifyBatchFile.js";

export type VerifyBatchMembershipParameters = (
  | {
      /** A proofs document (as `dpr anchor --out` writes it); the entry is found by `contentHash`. */
      proofs: BatchProofs;
      /** The hash of the file being checked, computed locally under `proofs.algorithm`. */
      contentHash: Hex;
      /** The file's path in the batch, when several files share the content. */
      path?: string | undefined;
      /** The anchored root to check against; defaults to `proofs.root`. */
      root?: Hex | undefined;
    }
  | {
      /** The anchored root. */
      root: Hex;
      /** One entry of a proofs document. */
      entry: BatchProof;
    }
  | {
      /** The anchored root. */
      root: Hex;
      file: BatchFile;
      proof: readonly Hex[];
    }
) & {
  /** Verify as of this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

export type VerifyBatchMembershipReturnType = {
  /** The root is anchored and the proof holds, on chain and locally. */
  verified: boolean;
  /** Why not, when not verified. */
  reason: "not-in-proofs" | "not-anchored" | "invalid-proof" | null;
  root: Hex;
  /** The anchor, or null when the root is not anchored. */
  anchor: AnchorRecord | null;
  /** The file that was checked, or null when the proofs document holds no entry for the content hash. */
  file: BatchFile | null;
  /** The contract's `verifyFile`. */
  onChain: boolean;
  /** The proof checked here against the root. */
  local: boolean;
};

/**
 * Verifies that a file belongs to an anchored batch: finds its entry in a proofs document (or takes
 * the entry or file and proof given), reads the anchor, and checks the proof on chain
 * (`verifyFile`) and locally. A file whose hash is not in the proofs, a root that was never anchored
 * and a proof that fails are told apart by `reason`.
 *
 * @example
 * const { hash } = await hashFile("batch/2026/q1.csv")
 * const proofs = JSON.parse(await readFile("proofs.json", "utf8"))
 * const { verified, anchor } = await verifyBatchMembership(context, { proofs, contentHash: hash })
 */
export async function verifyBatchMembership(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: VerifyBatchMembershipParameters,
): Promise<VerifyBatchMembershipReturnType> {
  try {
    const { blockNumber } = parameters;
    let root: Hex;
    let file: BatchFile | null;
    let proof: readonly Hex[] = [];

    if ("proofs" in parameters) {
      const { proofs } = parameters;
      if (proofs?.format !== "dpr-batch-proofs/1" || !Array.isArray(proofs.proofs)) {
        throw new BatchError(`not a DPR batch proofs document (format ${JSON.stringify(proofs?.format)})`, {
          hint: "use the file `dpr anchor --out` wrote",
        });
      }
      root = bytes32(parameters.root ?? proofs.root, "batch root");
      const contentHash = bytes32(parameters.contentHash, "content hash");
      const path = parameters.path === undefined ? undefined : normaliseBatchPath(parameters.path);
      const entry = proofs.proofs.find((p) => p.contentHash.toLowerCase() === contentHash && (path === undefined || p.path === path));
      file = entry ? toFile(entry) : null;
      proof = entry?.proof ?? [];
    } else if ("entry" in parameters) {
      root = bytes32(parameters.root, "batch root");
      file = toFile(parameters.entry);
      proof = parameters.entry.proof;
    } else {
      root = bytes32(parameters.root, "batch root");
      file = parameters.file;
      proof = parameters.proof;
    }

    const anchor = await getAnchor(context, { root, blockNumber });
    if (!file) return { verified: false, reason: "not-in-proofs", root, anchor, file: null, onChain: false, local: false };
    const { onChain, local } = await verifyBatchFile(context, { root, file, proof, blockNumber });
    const verified = anchor !== null && onChain && local;
    return {
      verified,
      reason: verified ? null : anchor === null ? "not-anchored" : "invalid-proof",
      root,
      anchor,
      file,
      onChain,
      local,
    };
  } catch (error) {
    throw toDprError(context, error);
  }
}

function toFile(entry: BatchProof): BatchFile {
  let size: bigint;
  try {
    size = BigInt(entry.size);
  } catch {
    throw new BatchError(`size of "${entry.path}" is not a whole number: ${JSON.stringify(entry.size)}`);
  }
  return { path: entry.path, contentHash: entry.contentHash, size };
}
