import type { Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { ContractRuleError } from "../errors/contract.js";
import { getDataset } from "../reads/getDataset.js";
import { getLineage } from "../reads/getLineage.js";
import { toHash } from "./internal/validate.js";
import type { WriteParameters } from "./internal/write.js";
import { type MarkRevokedAncestryReturnType, markRevokedAncestry } from "./markRevokedAncestry.js";

export interface MarkRevokedDescendantsParameters extends WriteParameters {
  /** The revoked (or marked) dataset whose descendants to mark. */
  datasetId: Hex;
}

export interface MarkRevokedDescendantsReturnType {
  /** The marks made, generation by generation. */
  marked: MarkRevokedAncestryReturnType[];
  /** Descendants found but not marked: already marked through that parent, cleared by a re-confirmation, or freed. */
  skipped: { datasetId: Hex; parentId: Hex; reason: string }[];
}

/**
 * Marks every descendant of a revoked dataset that can be marked, found from the chain's `DatasetDerived`
 * events: its children, then theirs (each marked child makes its own children markable), one transaction per
 * mark. What cannot be marked is reported in `skipped` with the contract's reason.
 *
 * @example
 * const { marked } = await markRevokedDescendants(context, { datasetId: revokedId })
 */
export async function markRevokedDescendants(
  context: DprContext,
  parameters: MarkRevokedDescendantsParameters,
): Promise<MarkRevokedDescendantsReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const { links } = await getLineage(context, { datasetId, direction: "down" });
  const marked: MarkRevokedAncestryReturnType[] = [];
  const skipped: MarkRevokedDescendantsReturnType["skipped"] = [];
  // Breadth first: a child is marked before its own children are tried.
  for (const link of [...links].sort((a, b) => a.depth - b.depth)) {
    const parent = await getDataset(context, { datasetId: link.parentId });
    if (!parent || (parent.status !== "revoked" && !parent.ancestryRevoked)) {
      skipped.push({ datasetId: link.datasetId, parentId: link.parentId, reason: "the parent is neither revoked nor marked" });
      continue;
    }
    try {
      marked.push(await markRevokedAncestry(context, { datasetId: link.datasetId, parentId: link.parentId, onStatus: parameters.onStatus }));
    } catch (error) {
      if (!(error instanceof ContractRuleError) && !(error instanceof InvalidArgumentError)) throw error;
      skipped.push({ datasetId: link.datasetId, parentId: link.parentId, reason: error.shortMessage });
    }
  }
  return { marked, skipped };
}
