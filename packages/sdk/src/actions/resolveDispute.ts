import { type Address, type Hex, zeroAddress } from "viem";
import { type DatasetStatusLabel, labels } from "../reads/format.js";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toAddress, toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface ResolveDisputeParameters extends WriteParameters {
  datasetId: Hex;
  /** Whether the objection is upheld (false: dismissed, the dataset is confirmed). */
  upheld: boolean;
  /** With `upheld`: the rightful holder, who gets the dataset; without one the registration is rejected. */
  newHolder?: Address | undefined;
  /** Hash of the decision (kept off chain); required. */
  decisionHash: Hex;
}

export interface ResolveDisputeReturnType extends WriteReturnType {
  datasetId: Hex;
  resolver: Address;
  upheld: boolean;
  previousHolder: Address;
  holder: Address;
  /** The dataset's status after the decision: CONFIRMED or REJECTED (FROZEN while a freeze holds). */
  status: DatasetStatusLabel;
  decisionHash: Hex;
}

/**
 * Resolves a dispute over a dataset: dismissed (confirmed to its holder), upheld (rejected), or upheld
 * with a new holder (confirmed to them). An active regulator, or an active registrar outside the
 * organisations of the holder and of the new holder.
 *
 * @example
 * await resolveDispute(registrarContext, { datasetId, upheld: false, decisionHash })
 */
export async function resolveDispute(context: DprContext, parameters: ResolveDisputeParameters): Promise<ResolveDisputeReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const decisionHash = toHash(parameters.decisionHash, "decision hash", { nonZero: true });
  if (typeof parameters.upheld !== "boolean") throw new InvalidArgumentError("say whether the objection is upheld (upheld: true or false)");
  if (!parameters.upheld && parameters.newHolder !== undefined) {
    throw new InvalidArgumentError("a new holder can only be named when the objection is upheld");
  }
  const newHolder = parameters.newHolder === undefined ? zeroAddress : toAddress(parameters.newHolder, "new holder");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "resolveDispute",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "resolve",
    args: [datasetId, parameters.upheld, newHolder, decisionHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetDisputeResolved" });
  return {
    datasetId: event.datasetId,
    resolver: event.resolver,
    upheld: event.upheld,
    previousHolder: event.previousHolder,
    holder: event.holder,
    status: labels.datasetStatus(event.status),
    decisionHash: event.decisionHash,
    ...transaction,
  };
}
