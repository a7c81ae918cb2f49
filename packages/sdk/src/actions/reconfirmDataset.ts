import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface ReconfirmDatasetParameters extends WriteParameters {
  datasetId: Hex;
}

export interface ReconfirmDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  registrar: Address;
  /** Re-confirmations by distinct organisations so far, this one included. */
  confirmations: number;
  /** Re-confirmations needed: the confirmation quorum (two organisations for important or personal data). */
  required: number;
  /** Whether this re-confirmation completed the quorum and cleared the mark. */
  cleared: boolean;
}

/**
 * Re-confirms a dataset marked as derived from revoked data (`markRevokedAncestry`). An active registrar outside
 * the holder's organisation; the marks shown so far are cleared once the confirmation quorum of distinct
 * organisations has re-confirmed it (one, or two for important or personal data): it then confers rights
 * again and can be granted and built on. A parent whose mark was cleared cannot mark it again.
 *
 * @example
 * const { cleared, confirmations, required } = await reconfirmDataset(registrarContext, { datasetId })
 */
export async function reconfirmDataset(context: DprContext, parameters: ReconfirmDatasetParameters): Promise<ReconfirmDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "reconfirmDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "reconfirm",
    args: [datasetId],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetReconfirmed" });
  return {
    datasetId: event.datasetId,
    registrar: event.registrar,
    confirmations: event.confirmations,
    required: event.required,
    cleared: event.confirmations >= event.required,
    ...transaction,
  };
}
