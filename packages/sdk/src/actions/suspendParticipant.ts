import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toAddress, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface SuspendParticipantParameters extends WriteParameters {
  account: Address;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface SuspendParticipantReturnType extends WriteReturnType {
  account: Address;
  suspendedBy: Address;
  reasonHash: Hex;
}

/**
 * Suspends a participant: it can do nothing, and holds no rights, until reinstated. Zone admin only.
 *
 * @example
 * await suspendParticipant(context, { account, reasonHash })
 */
export async function suspendParticipant(
  context: DprContext,
  parameters: SuspendParticipantParameters,
): Promise<SuspendParticipantReturnType> {
  const account = toAddress(parameters.account, "participant's account");
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "suspendParticipant",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "suspend",
    args: [account, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ParticipantSuspended" });
  return { account: event.account, suspendedBy: event.suspendedBy, reasonHash: event.reasonHash, ...transaction };
}
