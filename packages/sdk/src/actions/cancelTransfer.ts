import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface CancelTransferParameters extends WriteParameters {
  datasetId: Hex;
}

export interface CancelTransferReturnType extends WriteReturnType {
  datasetId: Hex;
  from: Address;
  /** The proposed holder whose transfer was withdrawn. */
  to: Address;
  /** Who withdrew it: the holder, or a regulator. */
  cancelledBy: Address;
}

/**
 * Withdraws a pending holding transfer: as its active holder, or as an active regulator (a suspended
 * holder's sale, which no registrar may complete, is cancelled this way).
 *
 * @example
 * await cancelTransfer(holderContext, { datasetId })
 */
export async function cancelTransfer(context: DprContext, parameters: CancelTransferParameters): Promise<CancelTransferReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "cancelTransfer",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "cancelTransfer",
    args: [datasetId],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetTransferCancelled" });
  return { datasetId: event.datasetId, from: event.from, to: event.to, cancelledBy: event.cancelledBy, ...transaction };
}
