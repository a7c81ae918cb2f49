import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface UnfreezeDatasetParameters extends WriteParameters {
  datasetId: Hex;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface UnfreezeDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  regulator: Address;
  reasonHash: Hex;
}

/**
 * Lifts a freeze. Active regulator only.
 *
 * @example
 * await unfreezeDataset(regulatorContext, { datasetId })
 */
export async function unfreezeDataset(context: DprContext, parameters: UnfreezeDatasetParameters): Promise<UnfreezeDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "unfreezeDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "unfreeze",
    args: [datasetId, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetUnfrozen" });
  return { datasetId: event.datasetId, regulator: event.regulator, reasonHash: event.reasonHash, ...transaction };
}
