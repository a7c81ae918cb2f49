import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toAddress, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface RemoveParticipantParameters extends WriteParameters {
  /** The account to remove. */
  account: Address;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface RemoveParticipantReturnType extends WriteReturnType {
  account: Address;
  /** The organisation it belonged to (its holdings stay with the organisation). */
  organisation: Address;
  removedBy: Address;
  reasonHash: Hex;
}

/**
 * Removes an account from the directory (an officer who left): its signature is worthless from that block
 * on, and the organisation keeps everything it holds. The ONBOARDING office, or the organisation's designated
 * key (see `setOrganisationKey`). Removing an organisation's first account keeps its record, marked removed:
 * the address still names the organisation.
 *
 * @example
 * await removeParticipant(context, { account, reasonHash })
 */
export async function removeParticipant(context: DprContext, parameters: RemoveParticipantParameters): Promise<RemoveParticipantReturnType> {
  const account = toAddress(parameters.account, "participant's account");
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "removeParticipant",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "removeParticipant",
    args: [account, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ParticipantRemoved" });
  return { account: event.account, organisation: event.organisation, removedBy: event.removedBy, reasonHash: event.reasonHash, ...transaction };
}
