import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { zoneTimelockAbi } from "../generated/abis.js";
import type { AdminProposal } from "./proposal.js";
import { verifyAdminProposal } from "./verifyAdminProposal.js";

/**
 * Where a proposal stands: `collecting` approvals (or enough of them, waiting for `executeProposal`),
 * `stale` (the Safe's nonce moved on without scheduling it), `scheduled` (waiting out the delay),
 * `ready` (its delay is over: anyone may execute it), `done` (it ran).
 */
export type ProposalStage = "collecting" | "stale" | "scheduled" | "ready" | "done";

export interface GetProposalStatusReturnType {
  stage: ProposalStage;
  safeTxHash: Hex;
  operationId: Hex;
  /** Owners whose signatures are valid, and how many the Safe needs. */
  approvedBy: Address[];
  threshold: number;
  owners: Address[];
  safeNonce: bigint;
  proposalNonce: bigint;
  /** When a scheduled operation may run (unix seconds); undefined before it is scheduled and once done. */
  readyAt: bigint | undefined;
}

/**
 * The status of an admin proposal, from the file checked against the chain ({@link verifyAdminProposal};
 * a tampered file throws) and the timelock's record of its operation.
 *
 * @example
 * const { stage, approvedBy, threshold, readyAt } = await getProposalStatus(context, { proposal })
 */
export async function getProposalStatus(context: DprContext, parameters: { proposal: AdminProposal }): Promise<GetProposalStatusReturnType> {
  const { proposal } = parameters;
  const verified = await verifyAdminProposal(context, { proposal });
  const id = proposal.timelockOperation.id;
  const { publicClient } = context;
  const [timestamp, block] = await Promise.all([
    publicClient.readContract({ address: proposal.timelock, abi: zoneTimelockAbi, functionName: "getTimestamp", args: [id] }) as Promise<bigint>,
    publicClient.getBlock({ blockTag: "latest" }),
  ]);
  const proposalNonce = BigInt(proposal.safeTransaction.nonce);
  // getTimestamp: 0 = never scheduled, 1 = done, otherwise the time it becomes ready.
  let stage: ProposalStage;
  if (timestamp === 1n) stage = "done";
  else if (timestamp > 1n) stage = block.timestamp >= timestamp ? "ready" : "scheduled";
  else stage = proposalNonce < verified.safeNonce ? "stale" : "collecting";
  return {
    stage,
    safeTxHash: proposal.safeTxHash,
    operationId: id,
    approvedBy: verified.approvedBy,
    threshold: verified.threshold,
    owners: verified.owners,
    safeNonce: verified.safeNonce,
    proposalNonce,
    readyAt: timestamp > 1n ? timestamp : undefined,
  };
}
