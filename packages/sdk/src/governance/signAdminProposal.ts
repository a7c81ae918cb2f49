import { getAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { SignerRequiredError } from "../errors/base.js";
import { GovernanceError } from "./errors.js";
import type { AdminProposal } from "./proposal.js";
import { safeTxTypedData } from "./proposal.js";
import { includesAddress } from "./internal.js";
import { verifyAdminProposal } from "./verifyAdminProposal.js";

/**
 * Adds the signer's approval to a proposal: checks the file against the chain first
 * ({@link verifyAdminProposal}), then signs the Safe transaction's EIP-712 typed data with the wallet's
 * account (`signTypedData`: a keystore, a raw key or a remote signer alike). The signer must be an owner of
 * the zone's Safe and must not have signed already. Returns the proposal with the signature added.
 *
 * @example
 * const approved = await signAdminProposal(ownerContext, { proposal })
 */
export async function signAdminProposal(context: DprContext, parameters: { proposal: AdminProposal }): Promise<AdminProposal> {
  const { proposal } = parameters;
  const account = context.walletClient?.account;
  if (!context.walletClient || !account) throw new SignerRequiredError("signAdminProposal");
  const { owners, safeNonce } = await verifyAdminProposal(context, { proposal });
  if (!includesAddress(owners, account.address)) {
    throw new GovernanceError("not-owner", `${account.address} is not an owner of the zone's Safe ${proposal.safe}`, {
      hint: `only its owners sign proposals: ${owners.join(", ")}`,
    });
  }
  if (includesAddress(proposal.signatures.map((s) => s.owner), account.address)) {
    throw new GovernanceError("invalid", `${account.address} has already approved this proposal`);
  }
  if (BigInt(proposal.safeTransaction.nonce) < safeNonce) {
    throw new GovernanceError("stale-nonce", `the Safe has moved on to nonce ${safeNonce}: this proposal (nonce ${proposal.safeTransaction.nonce}) can no longer run`, {
      hint: "it was executed already, or another transaction used its nonce; build a new proposal",
    });
  }
  const signature = await context.walletClient.signTypedData({ account, ...safeTxTypedData(proposal.chainId, proposal.safe, proposal.safeTransaction) });
  return { ...proposal, signatures: [...proposal.signatures, { owner: getAddress(account.address), signature }] };
}
