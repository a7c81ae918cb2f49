import { type Hash, concatHex, hexToBigInt } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { zoneTimelockAbi } from "../generated/abis.js";
import { safeL2Abi } from "../generated/safe.js";
import { GovernanceError } from "./errors.js";
import { decodeGovernanceError, sendGovernanceCall } from "./internal.js";
import { isoTime } from "../actions/internal/time.js";
import type { AdminProposal } from "./proposal.js";
import { getProposalStatus } from "./getProposalStatus.js";

export interface ExecuteProposalReturnType {
  /** `scheduled`: the Safe scheduled the operation on the timelock; `executed`: the timelock ran its calls. */
  stage: "scheduled" | "executed";
  txHash: Hash;
  blockNumber: bigint;
  gasUsed: bigint;
  /** When the scheduled operation may run (unix seconds), after stage 1. */
  readyAt?: bigint | undefined;
}

/**
 * Moves a proposal on by one stage; anyone may send it (the Safe checks the owners' signatures, the timelock
 * the delay). Stage 1, with at least the Safe's threshold of valid owner signatures: the Safe's
 * `execTransaction` (signatures sorted by owner, as Safe requires) schedules the calls on the timelock.
 * Stage 2, once the delay is over: the timelock's `execute` (or `executeBatch`) runs them.
 *
 * Refused with a `GovernanceError` before anything is sent: a tampered file or a signature by a non-owner
 * (see `verifyAdminProposal`), too few approvals (`not-enough-approvals`), a Safe nonce used by something
 * else (`stale-nonce`), a delay not yet over (`not-ready`, with the time it will be), a proposal that ran
 * already (`done`). A call the directory refuses comes back as its decoded rule.
 *
 * @example
 * await executeProposal(context, { proposal }) // schedules
 * // … after the delay
 * await executeProposal(context, { proposal }) // runs the calls
 */
export async function executeProposal(context: DprContext, parameters: { proposal: AdminProposal }): Promise<ExecuteProposalReturnType> {
  const { proposal } = parameters;
  const status = await getProposalStatus(context, { proposal });
  const op = proposal.timelockOperation;
  switch (status.stage) {
    case "done":
      throw new GovernanceError("done", `this proposal was executed already (timelock operation ${op.id}): it runs once`);
    case "stale":
      throw new GovernanceError("stale-nonce", `the Safe has moved on to nonce ${status.safeNonce}: this proposal (nonce ${status.proposalNonce}) was never scheduled and can no longer be`, {
        hint: "build a new proposal",
      });
    case "scheduled": {
      const block = await context.publicClient.getBlock({ blockTag: "latest" });
      const wait = status.readyAt! - block.timestamp;
      throw new GovernanceError("not-ready", `the timelock delay is not over: the proposal can run from ${isoTime(status.readyAt!)} (in ${wait} s)`, {
        hint: "run dpr admin execute again after that time",
      });
    }
    case "ready": {
      const calls = proposal.calls;
      const sent = await sendGovernanceCall(context, {
        action: "executeProposal",
        address: proposal.timelock,
        abi: zoneTimelockAbi,
        ...(calls.length === 1
          ? { functionName: "execute", args: [calls[0]!.to, BigInt(calls[0]!.value), calls[0]!.data, op.predecessor, op.salt] }
          : {
              functionName: "executeBatch",
              args: [calls.map((c) => c.to), calls.map((c) => BigInt(c.value)), calls.map((c) => c.data), op.predecessor, op.salt],
            }),
      });
      return { stage: "executed", txHash: sent.txHash, blockNumber: sent.blockNumber, gasUsed: sent.gasUsed };
    }
    case "collecting": {
      if (status.proposalNonce > status.safeNonce) {
        throw new GovernanceError("stale-nonce", `the proposal is for Safe nonce ${status.proposalNonce}; the Safe is at ${status.safeNonce}`, {
          hint: "execute the proposals signed for the earlier nonces first",
        });
      }
      if (status.approvedBy.length < status.threshold) {
        throw new GovernanceError(
          "not-enough-approvals",
          `the proposal has ${status.approvedBy.length} of the ${status.threshold} approvals the zone's Safe needs${status.approvedBy.length > 0 ? ` (signed by ${status.approvedBy.join(", ")})` : ""}`,
          { hint: "another owner approves it with: dpr admin approve FILE" },
        );
      }
      // The schedule call as the Safe will make it, checked first: the timelock's refusal comes back by name,
      // where the Safe would only say that its inner call failed.
      try {
        await context.publicClient.call({ account: proposal.safe, to: proposal.timelock, data: proposal.safeTransaction.data });
      } catch (error) {
        throw decodeGovernanceError(error, context, proposal.calls.length === 1 ? "schedule" : "scheduleBatch");
      }
      const signatures = [...proposal.signatures]
        .sort((a, b) => (hexToBigInt(a.owner) < hexToBigInt(b.owner) ? -1 : 1))
        .map((s) => s.signature);
      const tx = proposal.safeTransaction;
      const sent = await sendGovernanceCall(context, {
        action: "executeProposal",
        address: proposal.safe,
        abi: safeL2Abi,
        functionName: "execTransaction",
        args: [tx.to, BigInt(tx.value), tx.data, tx.operation, BigInt(tx.safeTxGas), BigInt(tx.baseGas), BigInt(tx.gasPrice), tx.gasToken, tx.refundReceiver, concatHex(signatures)],
      });
      const readyAt = (await context.publicClient.readContract({ address: proposal.timelock, abi: zoneTimelockAbi, functionName: "getTimestamp", args: [op.id] })) as bigint;
      if (readyAt <= 1n) {
        throw new GovernanceError("refused", `the Safe ran transaction ${sent.txHash} but the timelock did not schedule the operation`, {
          hint: "the Safe reports a failed inner call with ExecutionFailure; check the proposal's calls",
        });
      }
      return { stage: "scheduled", txHash: sent.txHash, blockNumber: sent.blockNumber, gasUsed: sent.gasUsed, readyAt };
    }
  }
}
