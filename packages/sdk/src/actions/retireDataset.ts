import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, eventsOf, writeDprContract } from "./internal/write.js";

export interface RetireDatasetParameters extends WriteParameters {
  datasetId: Hex;
}

export interface RetireDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  holder: Address;
  /** The recipient of a pending transfer request that retiring cancelled, or null. */
  cancelledTransferTo: Address | null;
}

/**
 * Retires a pending or confirmed, unfrozen dataset: it stays on record but confers no rights. Holder only.
 * A pending transfer request is cancelled in the same transaction (`cancelledTransferTo` names its recipient).
 *
 * @example
 * await retireDataset(holderContext, { datasetId })
 */
export async function retireDataset(context: DprContext, parameters: RetireDatasetParameters): Promise<RetireDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "retireDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "retire",
    args: [datasetId],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetRetired" });
  const [cancelled] = eventsOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetTransferCancelled", optional: true });
  return { datasetId: event.datasetId, holder: event.holder, cancelledTransferTo: cancelled?.to ?? null, ...transaction };
}
