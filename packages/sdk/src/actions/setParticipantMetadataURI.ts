import type { Address } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface SetParticipantMetadataURIParameters extends WriteParameters {
  account: Address;
  /** Where the participant's public profile is now published. */
  metadataURI: string;
}

export interface SetParticipantMetadataURIReturnType extends WriteReturnType {
  account: Address;
  changedBy: Address;
  metadataURI: string;
}

/**
 * Moves a participant's public profile. The participant itself (unless suspended) or the zone admin.
 *
 * @example
 * await setParticipantMetadataURI(context, { account, metadataURI: "ipfs://bafy…/profile.json" })
 */
export async function setParticipantMetadataURI(
  context: DprContext,
  parameters: SetParticipantMetadataURIParameters,
): Promise<SetParticipantMetadataURIReturnType> {
  const account = toAddress(parameters.account, "participant's account");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "setParticipantMetadataURI",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "setMetadataURI",
    args: [account, parameters.metadataURI],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ParticipantMetadataChanged" });
  return { account: event.account, changedBy: event.changedBy, metadataURI: event.metadataURI, ...transaction };
}
