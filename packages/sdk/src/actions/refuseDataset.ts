import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface RefuseDatasetParameters extends WriteParameters {
  datasetId: Hex;
  /** Hash of the reasons (kept off chain); required. */
  reasonHash: Hex;
}

export interface RefuseDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  registrar: Address;
  /** The claim refused (its content is free for a new claim). */
  claim: number;
  reasonHash: Hex;
}

/**
 * Refuses a registration in review (PENDING, neither disputed nor frozen), with the hash of the reasons: the
 * dataset is REFUSED and its content free for a new claim. An active registrar outside the holder's
 * organisation.
 *
 * @example
 * await refuseDataset(registrarContext, { datasetId, reasonHash: (await hashFile("refusal.pdf")).hash })
 */
export async function refuseDataset(context: DprContext, parameters: RefuseDatasetParameters): Promise<RefuseDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const reasonHash = toHash(parameters.reasonHash, "reason hash", { nonZero: true });
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "refuseDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "refuse",
    args: [datasetId, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetRefused" });
  return { datasetId: event.datasetId, registrar: event.registrar, claim: event.claim, reasonHash: event.reasonHash, ...transaction };
}
