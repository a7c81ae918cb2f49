import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface ObjectToDatasetParameters extends WriteParameters {
  datasetId: Hex;
  /** Hash of the evidence (kept off chain); required. */
  evidenceHash: Hex;
}

export interface ObjectToDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  objector: Address;
  evidenceHash: Hex;
}

/**
 * Objects to a dataset during its public notice period (or adds evidence to a dispute): the dataset
 * is disputed until a registrar or a regulator resolves it. Any active participant outside the
 * holder's organisation.
 *
 * @example
 * await objectToDataset(context, { datasetId, evidenceHash: (await hashFile("evidence.pdf")).contentHash })
 */
export async function objectToDataset(context: DprContext, parameters: ObjectToDatasetParameters): Promise<ObjectToDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const evidenceHash = toHash(parameters.evidenceHash, "evidence hash", { nonZero: true });
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "objectToDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "object",
    args: [datasetId, evidenceHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetObjected" });
  return { datasetId: event.datasetId, objector: event.objector, evidenceHash: event.evidenceHash, ...transaction };
}
