import { type Address, type Hex, zeroAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { type DatasetStatusLabel } from "../reads/format.js";
import { toAddress, toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventsOf, writeDprContract } from "./internal/write.js";

export interface CorrectDatasetParameters extends WriteParameters {
  datasetId: Hex;
  /** The corrected holder (an active holder of the dataset's jurisdiction), or omitted to revoke the registration. */
  newHolder?: Address | undefined;
  /** Hash of the decision (kept off chain); required. */
  decisionHash: Hex;
}

export interface CorrectDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  /** What the vote is for: revoking the registration, or correcting its holder. */
  outcome: "revoke" | "correct-holder";
  /** The corrected holder voted for, or null to revoke. */
  newHolder: Address | null;
  decisionHash: Hex;
  /** The voter (the signer). */
  voter: Address;
  /** The voter's organisation. */
  organisation: Address;
  /** Organisations that have voted for this outcome, this one included. */
  votes: number;
  /** Organisations needed (the confirmation quorum). */
  required: number;
  /** Whether this vote completed the quorum, so the outcome took effect. */
  decided: boolean;
  /** Once decided: the dataset's status (REVOKED, or NOTICE for a corrected holder); null while votes are awaited. */
  status: Extract<DatasetStatusLabel, "revoked" | "notice"> | null;
  /** Once the holder is corrected: the holder before; else null. */
  previousHolder: Address | null;
  /** Once the holder is corrected: when the fresh notice period ends (unix seconds); else null. */
  noticeEndsAt: bigint | null;
  /** Once the holder is corrected: grants with a smaller id confer nothing; else null. */
  grantsValidFrom: bigint | null;
  /** Once decided: the recipient of a pending transfer request the decision cancelled, or null. */
  cancelledTransferTo: Address | null;
}

/**
 * Votes to correct a CONFIRMED or RETIRED registration after its notice period: revoke it (no `newHolder`; it
 * then confers nothing and its content stays claimed) or correct its holder (a fresh notice period starts, and
 * grants issued before confer nothing). An active registrar or regulator of an independent organisation (none
 * of the holder's, a confirmer's of this claim, nor the new holder's); decided when the confirmation quorum of
 * distinct organisations has voted for the same outcome.
 *
 * @example
 * const { decided, votes, required } = await correctDataset(registrarContext, { datasetId, decisionHash })
 */
export async function correctDataset(context: DprContext, parameters: CorrectDatasetParameters): Promise<CorrectDatasetReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const decisionHash = toHash(parameters.decisionHash, "decision hash", { nonZero: true });
  const newHolder = parameters.newHolder === undefined ? zeroAddress : toAddress(parameters.newHolder, "new holder");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "correctDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "correct",
    args: [datasetId, newHolder, decisionHash],
    onStatus: parameters.onStatus,
  });
  const on = { contract: "datasets", abi: datasetRegistryAbi, optional: true } as const;
  const [vote] = eventsOf(context, receipt, { ...on, optional: false, eventName: "DatasetDecisionVoted" });
  const [revoked] = eventsOf(context, receipt, { ...on, eventName: "DatasetRevoked" });
  const [corrected] = eventsOf(context, receipt, { ...on, eventName: "DatasetHolderCorrected" });
  const [cancelled] = eventsOf(context, receipt, { ...on, eventName: "DatasetTransferCancelled" });
  return {
    datasetId,
    outcome: newHolder === zeroAddress ? "revoke" : "correct-holder",
    newHolder: newHolder === zeroAddress ? null : newHolder,
    decisionHash,
    voter: vote!.voter,
    organisation: vote!.organisation,
    votes: vote!.votes,
    required: vote!.required,
    decided: revoked !== undefined || corrected !== undefined,
    status: revoked ? "revoked" : corrected ? "notice" : null,
    previousHolder: corrected?.previousHolder ?? null,
    noticeEndsAt: corrected ? BigInt(corrected.noticeEndsAt) : null,
    grantsValidFrom: corrected?.grantsValidFrom ?? null,
    cancelledTransferTo: cancelled?.to ?? null,
    ...transaction,
  };
}
