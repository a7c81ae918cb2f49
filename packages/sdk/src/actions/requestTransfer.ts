import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toAddress, toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, eventsOf, writeDprContract } from "./internal/write.js";

export interface RequestTransferParameters extends WriteParameters {
  datasetId: Hex;
  /** The proposed new holder: an active holder other than the signer. */
  to: Address;
}

export interface RequestTransferReturnType extends WriteReturnType {
  datasetId: Hex;
  from: Address;
  to: Address;
  /** The recipient of the pending request this one replaced (cancelled in the same transaction), or null. */
  replaced: Address | null;
}

/**
 * Asks to transfer the holding of a confirmed dataset (a sale, a merger); a registrar outside both
 * organisations confirms it with {@link confirmTransfer}. Holder only; a new request replaces a pending one,
 * which the same transaction cancels (`replaced` names its recipient).
 *
 * @example
 * await requestTransfer(holderContext, { datasetId, to: "0x…buyer" })
 */
export async function requestTransfer(context: DprContext, parameters: RequestTransferParameters): Promise<RequestTransferReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const to = toAddress(parameters.to, "new holder");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "requestTransfer",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "requestTransfer",
    args: [datasetId, to],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetTransferRequested" });
  const [cancelled] = eventsOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetTransferCancelled", optional: true });
  return { datasetId: event.datasetId, from: event.from, to: event.to, replaced: cancelled?.to ?? null, ...transaction };
}
