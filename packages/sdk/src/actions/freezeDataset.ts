import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface FreezeDatasetParameters extends WriteParameters {
  datasetId: Hex;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface FreezeDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  regulator: Address;
  reasonHash: Hex;
}

/**
 * Freezes a dataset: no confirmations, grants, rights, transfers, versions or derivations until a regulator lifts the freeze. Active regulator only.
 *
 * @example
 * await freezeDataset(regulatorContext, { datasetId, reasonHash })
 */
export async function freezeDataset(context: DprContext, parameters: FreezeDatasetParameters): Promise<FreezeDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "freezeDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "freeze",
    args: [datasetId, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetFrozen" });
  return { datasetId: event.datasetId, regulator: event.regulator, reasonHash: event.reasonHash, ...transaction };
}
