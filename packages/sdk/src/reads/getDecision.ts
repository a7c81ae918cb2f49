import { type Address, type Hex, zeroAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { bytes32, toDprError } from "./internal.js";

export type GetDecisionParameters = {
  datasetId: Hex;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/** The decision being voted on a dataset. */
export interface PendingDecision {
  /** `"dispute"`: rejecting a disputed registration or naming a new holder; `"correction"`: revoking or correcting after notice. */
  kind: "dispute" | "correction";
  /** The holder the votes name, or null to reject (dispute) or revoke (correction). */
  newHolder: Address | null;
  /** Distinct organisations that voted for it. */
  votes: number;
  /** Organisations needed (the confirmation quorum). */
  required: number;
  /** The organisation of the first vote. */
  firstVoterOrganisation: Address;
}

/** The pending decision, or null when no vote is pending. */
export type GetDecisionReturnType = PendingDecision | null;

/**
 * Reads the decision being voted on a dataset (`DatasetRegistry.decisionOf`): what outcome has votes, and how
 * many of how many it needs.
 *
 * @example
 * const decision = await getDecision(context, { datasetId })
 * if (decision) console.log(`${decision.votes} of ${decision.required} votes`)
 */
export async function getDecision(context: Pick<DprContext, "publicClient" | "deployment">, parameters: GetDecisionParameters): Promise<GetDecisionReturnType> {
  try {
    const raw = await context.publicClient.readContract({
      abi: datasetRegistryAbi,
      address: context.deployment.contracts.datasets,
      functionName: "decisionOf",
      args: [bytes32(parameters.datasetId, "dataset id")],
      blockNumber: parameters.blockNumber,
    });
    if (raw.votes === 0) return null;
    return {
      kind: raw.correction ? "correction" : "dispute",
      newHolder: raw.newHolder === zeroAddress ? null : raw.newHolder,
      votes: raw.votes,
      required: raw.required,
      firstVoterOrganisation: raw.firstVoterOrganisation,
    };
  } catch (error) {
    throw toDprError(context, error);
  }
}
