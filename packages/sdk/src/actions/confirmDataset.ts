import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface ConfirmDatasetParameters extends WriteParameters {
  datasetId: Hex;
}

export interface ConfirmDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  registrar: Address;
  /** Confirmations so far, this one included. */
  confirmations: number;
  requiredConfirmations: number;
  /** When the public notice period ends (unix seconds), once the last confirmation is in; null before. */
  noticeEndsAt: bigint | null;
}

/**
 * Confirms a pending dataset (确权). An active registrar outside the holder's organisation; important
 * or personal data needs a second registrar of another organisation. The last confirmation starts
 * the public notice period.
 *
 * @example
 * const { confirmations, requiredConfirmations, noticeEndsAt } = await confirmDataset(registrarContext, { datasetId })
 */
export async function confirmDataset(context: DprContext, parameters: ConfirmDatasetParameters): Promise<ConfirmDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "confirmDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "confirm",
    args: [datasetId],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetConfirmed" });
  return {
    datasetId: event.datasetId,
    registrar: event.registrar,
    confirmations: event.confirmations,
    requiredConfirmations: event.requiredConfirmations,
    noticeEndsAt: event.confirmations >= event.requiredConfirmations ? BigInt(event.noticeEndsAt) : null,
    ...transaction,
  };
}
