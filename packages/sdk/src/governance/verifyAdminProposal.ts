import { type Address, getAddress, isAddressEqual, recoverTypedDataAddress, zeroAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { safeL2Abi } from "../generated/safe.js";
import { GovernanceError } from "./errors.js";
import { includesAddress } from "./internal.js";
import { type AdminProposal, decodeCall, operationId, safeTxHashOf, safeTxTypedData, scheduleData } from "./proposal.js";

export interface VerifyAdminProposalReturnType {
  /** The Safe's owners and threshold now. */
  owners: Address[];
  threshold: number;
  /** The owners whose signatures are valid, in the file's order. */
  approvedBy: Address[];
  /** The Safe's nonce now: the proposal can be scheduled only while it equals the proposal's nonce. */
  safeNonce: bigint;
}

/**
 * Checks a proposal file against itself and the chain, sending nothing: every field is recomputed from the
 * calls (the decoded function and arguments, the timelock operation id, the `schedule` call, the Safe
 * transaction's EIP-712 hash), every signature is recovered and must be by a current owner of the Safe,
 * and the chain, Safe and timelock must be the deployment's. A changed field is a `GovernanceError`
 * (`tampered`), a signature by someone else `bad-signature` or `not-owner`.
 *
 * @example
 * const { approvedBy, threshold } = await verifyAdminProposal(context, { proposal })
 */
export async function verifyAdminProposal(context: DprContext, parameters: { proposal: AdminProposal }): Promise<VerifyAdminProposalReturnType> {
  const { proposal } = parameters;
  const { deployment, publicClient } = context;
  const governance = deployment.governance;
  if (proposal.chainId !== deployment.chainId) {
    throw new GovernanceError("wrong-chain", `the proposal is for chain ${proposal.chainId}, the deployment is on chain ${deployment.chainId}`);
  }
  if (governance && (!isAddressEqual(proposal.safe, governance.safe) || !isAddressEqual(proposal.timelock, governance.timelock))) {
    throw new GovernanceError("tampered", `the proposal names Safe ${proposal.safe} and timelock ${proposal.timelock}, not this zone's (${governance.safe}, ${governance.timelock})`);
  }
  const tampered = (what: string) =>
    new GovernanceError("tampered", `the proposal was changed after it was built: ${what}`, {
      hint: "do not edit a proposal file; build a new one with dpr admin propose",
    });
  proposal.calls.forEach((call, i) => {
    const decoded = decodeCall(call.data);
    if (decoded.function !== call.function || JSON.stringify(decoded.args) !== JSON.stringify(call.args)) {
      throw tampered(`calls[${i}] reads ${call.function}(${JSON.stringify(call.args)}) but its data is ${decoded.function}(${JSON.stringify(decoded.args)})`);
    }
  });
  const op = proposal.timelockOperation;
  if (operationId(proposal.calls, op.predecessor, op.salt) !== op.id) throw tampered("the timelock operation id does not match its calls");
  const tx = proposal.safeTransaction;
  if (!isAddressEqual(tx.to, proposal.timelock) || tx.value !== "0") throw tampered("the Safe transaction is not a call of the timelock");
  if (tx.data !== scheduleData(proposal.calls, op)) throw tampered("the Safe transaction does not schedule these calls with this delay");
  // No refunds: a proposal never pays its executor from the Safe.
  if (tx.safeTxGas !== "0" || tx.baseGas !== "0" || tx.gasPrice !== "0" || tx.gasToken !== zeroAddress || tx.refundReceiver !== zeroAddress) {
    throw tampered("the Safe transaction asks for a gas refund");
  }
  if (safeTxHashOf(proposal.chainId, proposal.safe, tx) !== proposal.safeTxHash) throw tampered("safeTxHash is not the hash of the Safe transaction");

  const [ownersRaw, thresholdRaw, safeNonce] = await Promise.all([
    publicClient.readContract({ address: proposal.safe, abi: safeL2Abi, functionName: "getOwners" }),
    publicClient.readContract({ address: proposal.safe, abi: safeL2Abi, functionName: "getThreshold" }),
    publicClient.readContract({ address: proposal.safe, abi: safeL2Abi, functionName: "nonce" }),
  ]);
  const owners = (ownersRaw as readonly Address[]).map((o) => getAddress(o));
  const typedData = safeTxTypedData(proposal.chainId, proposal.safe, tx);
  const approvedBy: Address[] = [];
  for (const { owner, signature } of proposal.signatures) {
    let signer: Address;
    try {
      signer = await recoverTypedDataAddress({ ...typedData, signature });
    } catch (error) {
      throw new GovernanceError("bad-signature", `the signature attributed to ${owner} is malformed`, { cause: error });
    }
    if (!isAddressEqual(signer, owner)) throw new GovernanceError("bad-signature", `the signature attributed to ${owner} was made by ${signer}`);
    if (!includesAddress(owners, owner)) {
      throw new GovernanceError("not-owner", `${owner} signed the proposal but is not an owner of the zone's Safe ${proposal.safe}`, {
        hint: `the owners are ${owners.join(", ")}`,
      });
    }
    if (includesAddress(approvedBy, owner)) throw new GovernanceError("tampered", `${owner} appears twice among the signatures`);
    approvedBy.push(getAddress(owner));
  }
  return { owners, threshold: Number(thresholdRaw as bigint), approvedBy, safeNonce: safeNonce as bigint };
}
