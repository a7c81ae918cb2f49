import { type Address, type Hex, bytesToHex, isHex, zeroAddress, zeroHash } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError, SignerRequiredError } from "../errors/base.js";
import { zoneTimelockAbi } from "../generated/abis.js";
import { safeL2Abi } from "../generated/safe.js";
import { GovernanceError } from "./errors.js";
import { governanceOf, includesAddress } from "./internal.js";
import { ADMIN_PROPOSAL_FORMAT, type AdminProposal, type ProposalSafeTransaction, decodeCall, operationId, safeTxHashOf, scheduleData } from "./proposal.js";
import { signAdminProposal } from "./signAdminProposal.js";

/** A call for the timelock to make: one of what `captureCalls` returns, or any `to` and `data`. */
export interface AdminCallInput {
  to: Address;
  data: Hex;
  value?: bigint | undefined;
  /** The SDK action that built it, for people. */
  action?: string | undefined;
}

export interface CreateAdminProposalParameters {
  /** The calls, run in this order in one timelock operation (`scheduleBatch` when more than one). */
  calls: readonly AdminCallInput[];
  /** The delay in seconds; default and minimum: the timelock's minimum delay. */
  delay?: bigint | undefined;
  /** Makes the operation unique; default: random. */
  salt?: Hex | undefined;
  /** An operation that must run first; default: none. */
  predecessor?: Hex | undefined;
  /** The Safe nonce to sign for; default: the Safe's current nonce (the next transaction it runs). */
  safeNonce?: bigint | undefined;
}

/**
 * Builds an admin proposal (`dpr-admin-proposal/1`) for the zone's multisig and timelock, and signs it as
 * its first approval: the Safe transaction that schedules `calls` on the timelock, with the Safe's nonce and
 * its EIP-712 hash. The signer must be an owner of the Safe. Nothing is sent; pass the result (as
 * `serializeAdminProposal` writes it) to the other owners, who add theirs with {@link signAdminProposal}.
 *
 * Capture the calls with `captureCalls(context, { as: timelock, run })`: the chain's rules are then checked
 * for the timelock, so a call it may not make is refused before anyone signs.
 *
 * @example
 * const calls = await captureCalls(context, { as: timelock, run: (ctx) => grantOffice(ctx, { office: "ONBOARDING", account }) })
 * const proposal = await createAdminProposal(context, { calls })
 */
export async function createAdminProposal(context: DprContext, parameters: CreateAdminProposalParameters): Promise<AdminProposal> {
  const { safe, timelock } = governanceOf(context);
  const account = context.walletClient?.account;
  if (!account) throw new SignerRequiredError("createAdminProposal");
  if (parameters.calls.length === 0) throw new InvalidArgumentError("a proposal needs at least one call");
  const { publicClient } = context;
  const [owners, minDelay, currentNonce] = await Promise.all([
    publicClient.readContract({ address: safe, abi: safeL2Abi, functionName: "getOwners" }) as Promise<readonly Address[]>,
    publicClient.readContract({ address: timelock, abi: zoneTimelockAbi, functionName: "getMinDelay" }) as Promise<bigint>,
    publicClient.readContract({ address: safe, abi: safeL2Abi, functionName: "nonce" }) as Promise<bigint>,
  ]);
  if (!includesAddress(owners, account.address)) {
    throw new GovernanceError("not-owner", `${account.address} is not an owner of the zone's Safe ${safe}: only its owners propose`, {
      hint: `the owners are ${owners.join(", ")}`,
    });
  }
  const delay = parameters.delay ?? minDelay;
  if (delay < minDelay) throw new InvalidArgumentError(`the delay ${delay} s is shorter than the timelock's minimum, ${minDelay} s`);
  const salt = parameters.salt ?? bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)));
  const predecessor = parameters.predecessor ?? zeroHash;
  for (const [what, value] of [["salt", salt], ["predecessor", predecessor]] as const) {
    if (!isHex(value) || value.length !== 66) throw new InvalidArgumentError(`the ${what} must be 32 bytes of hex, got ${String(value)}`);
  }
  const safeNonce = parameters.safeNonce ?? currentNonce;
  if (safeNonce < currentNonce) throw new GovernanceError("stale-nonce", `the Safe's nonce is ${currentNonce} already; ${safeNonce} was used`);
  const calls = parameters.calls.map((call) => {
    const decoded = decodeCall(call.data);
    return { to: call.to, value: (call.value ?? 0n).toString(), data: call.data, action: call.action ?? decoded.function, ...decoded };
  });
  const operation = { predecessor, salt: salt.toLowerCase() as Hex, delay: delay.toString() };
  const safeTransaction: ProposalSafeTransaction = {
    to: timelock,
    value: "0",
    data: scheduleData(calls, operation),
    operation: 0,
    safeTxGas: "0",
    baseGas: "0",
    gasPrice: "0",
    gasToken: zeroAddress,
    refundReceiver: zeroAddress,
    nonce: safeNonce.toString(),
  };
  const unsigned: AdminProposal = {
    format: ADMIN_PROPOSAL_FORMAT,
    chainId: context.deployment.chainId,
    safe,
    timelock,
    calls,
    timelockOperation: { ...operation, id: operationId(calls, operation.predecessor, operation.salt) },
    safeTransaction,
    safeTxHash: safeTxHashOf(context.deployment.chainId, safe, safeTransaction),
    signatures: [],
  };
  return signAdminProposal(context, { proposal: unsigned });
}
