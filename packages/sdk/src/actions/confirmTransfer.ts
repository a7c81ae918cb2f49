import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface ConfirmTransferParameters extends WriteParameters {
  datasetId: Hex;
}

export interface ConfirmTransferReturnType extends WriteReturnType {
  datasetId: Hex;
  /** The previous holder. */
  from: Address;
  /** The new holder. */
  to: Address;
  registrar: Address;
}

/**
 * Confirms a pending holding transfer: the proposed holder becomes the holder. An active registrar
 * outside the organisations of both parties.
 *
 * @example
 * const { to } = await confirmTransfer(registrarContext, { datasetId })
 */
export async function confirmTransfer(context: DprContext, parameters: ConfirmTransferParameters): Promise<ConfirmTransferReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "confirmTransfer",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "confirmTransfer",
    args: [datasetId],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetTransferred" });
  return { datasetId: event.datasetId, from: event.from, to: event.to, registrar: event.registrar, ...transaction };
}
