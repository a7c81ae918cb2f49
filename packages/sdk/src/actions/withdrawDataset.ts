import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface WithdrawDatasetParameters extends WriteParameters {
  datasetId: Hex;
}

export interface WithdrawDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  holder: Address;
  /** The claim withdrawn (its content is free for a new claim). */
  claim: number;
}

/**
 * Withdraws the signer's own registration before its notice period ends (PENDING or NOTICE, neither disputed
 * nor frozen): the dataset is WITHDRAWN and its content free for a new claim. The active holder only; after
 * the notice period the holder retires it instead.
 *
 * @example
 * await withdrawDataset(holderContext, { datasetId })
 */
export async function withdrawDataset(context: DprContext, parameters: WithdrawDatasetParameters): Promise<WithdrawDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "withdrawDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "withdraw",
    args: [datasetId],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetWithdrawn" });
  return { datasetId: event.datasetId, holder: event.holder, claim: event.claim, ...transaction };
}
