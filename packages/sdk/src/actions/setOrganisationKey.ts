import { type Address, zeroAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface SetOrganisationKeyParameters extends WriteParameters {
  /** The organisation, named by its own (first) account. */
  organisation: Address;
  /** The key that will add and remove the organisation's officers (typically its own multisig); `null` clears it. */
  key: Address | null;
}

export interface SetOrganisationKeyReturnType extends WriteReturnType {
  organisation: Address;
  /** The designated key now, or null when cleared. */
  key: Address | null;
  setBy: Address;
}

/**
 * Designates the key that manages an organisation's officers (`addOfficer`, `removeParticipant`), replacing
 * any earlier one, or clears it with `key: null`. ONBOARDING office only. The key manages officers only,
 * within the roles the organisation already has; it is not itself a participant.
 *
 * @example
 * await setOrganisationKey(context, { organisation: "0x15d3…6A65", key: "0x71bE…5788" })
 */
export async function setOrganisationKey(context: DprContext, parameters: SetOrganisationKeyParameters): Promise<SetOrganisationKeyReturnType> {
  const organisation = toAddress(parameters.organisation, "organisation");
  const key = parameters.key === null ? zeroAddress : toAddress(parameters.key, "organisation key");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "setOrganisationKey",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "setOrganisationKey",
    args: [organisation, key],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "OrganisationKeySet" });
  return { organisation: event.organisation, key: event.key === zeroAddress ? null : event.key, setBy: event.setBy, ...transaction };
}
