import { type Address, type Hex, zeroAddress } from "viem";
import { type DatasetStatusLabel, labels } from "../reads/format.js";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { toAddress, toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventsOf, writeDprContract } from "./internal/write.js";

export interface ResolveDisputeParameters extends WriteParameters {
  datasetId: Hex;
  /** Whether the objections are upheld (false: dismissed, the dataset returns to review or to the notice it had left). */
  upheld: boolean;
  /** With `upheld`: the rightful holder, who gets the dataset; without one the registration is rejected. */
  newHolder?: Address | undefined;
  /** Hash of the decision (kept off chain); required. */
  decisionHash: Hex;
}

export interface ResolveDisputeReturnType extends WriteReturnType {
  datasetId: Hex;
  upheld: boolean;
  /** With `upheld`: the holder voted for, or null to reject the registration. */
  newHolder: Address | null;
  decisionHash: Hex;
  /**
   * Whether the dispute is decided by this transaction: a dismissal always is; an upheld outcome once the
   * confirmation quorum of distinct independent organisations has voted for it.
   */
  decided: boolean;
  /** The signer: the decider, or the voter. */
  resolver: Address;
  /** For an upheld outcome: organisations that have voted for it, this one included; null for a dismissal. */
  votes: number | null;
  /** For an upheld outcome: organisations needed; null for a dismissal. */
  required: number | null;
  /** Once decided: the holder before the decision; null while votes are awaited. */
  previousHolder: Address | null;
  /** Once decided: the holder after the decision; null while votes are awaited. */
  holder: Address | null;
  /**
   * The dataset's status after: PENDING or NOTICE (dismissed: back to where it was; or a new holder), REJECTED,
   * or still DISPUTED while votes are awaited.
   */
  status: DatasetStatusLabel;
}

/**
 * Decides a dispute over a dataset, or votes on it. An active registrar or regulator whose organisation is
 * independent: none of the holder's, an open objector's, a confirmer's of this claim, nor the new holder's.
 *
 * A dismissal (`upheld: false`) decides at once: every open objection is dismissed and the dataset returns to
 * review, or to the notice period it had left. Upholding (rejecting the registration, or naming a new holder) is
 * a vote, decided when the confirmation quorum of distinct organisations (one, or two for important, personal
 * or declassified data) has voted for the same outcome; `decided`, `votes` and `required` say where it stands.
 *
 * @example
 * await resolveDispute(registrarContext, { datasetId, upheld: false, decisionHash })
 * const { decided, votes, required } = await resolveDispute(regulatorContext, { datasetId, upheld: true, decisionHash })
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
  const [vote] = eventsOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetDecisionVoted", optional: true });
  // A dismissal always resolves; a vote resolves only when it completes the quorum.
  const [resolved] = eventsOf(context, receipt, {
    contract: "datasets",
    abi: datasetRegistryAbi,
    eventName: "DatasetDisputeResolved",
    optional: vote !== undefined,
  });
  const signer = context.walletClient!.account.address;
  return {
    datasetId,
    upheld: parameters.upheld,
    newHolder: newHolder === zeroAddress ? null : newHolder,
    decisionHash,
    decided: resolved !== undefined,
    resolver: resolved?.resolver ?? vote?.voter ?? signer,
    votes: vote?.votes ?? null,
    required: vote?.required ?? null,
    previousHolder: resolved?.previousHolder ?? null,
    holder: resolved?.holder ?? null,
    status: resolved ? labels.datasetStatus(resolved.status) : "disputed",
    ...transaction,
  };
}
