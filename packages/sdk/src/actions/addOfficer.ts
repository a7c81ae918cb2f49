import type { Address } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { type NameInput, type RoleName, parseRoles } from "../names.js";
import type { JurisdictionLabel, RoleLabel } from "../reads/format.js";
import { participantAdded } from "./internal/participantAdded.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface AddOfficerParameters extends WriteParameters {
  /** The organisation, named by its own (first) account. */
  organisation: Address;
  /** The new officer's account. */
  account: Address;
  /** Its roles, by name (at least one), among the organisation's own. */
  roles: readonly NameInput<RoleName>[];
  /** Where the officer's public profile is published; empty when omitted. */
  metadataURI?: string | undefined;
}

export interface AddOfficerReturnType extends WriteReturnType {
  account: Address;
  organisation: Address;
  /** The organisation's key that added it. */
  addedBy: Address;
  /** The organisation's jurisdiction, which the officer takes. */
  jurisdiction: JurisdictionLabel;
  roles: RoleLabel[];
  metadataURI: string;
}

/**
 * Adds an officer to an organisation: sent by the organisation's designated key (see `setOrganisationKey`),
 * not by a zone office. The officer takes the organisation's jurisdiction and legal identity, and roles the
 * organisation has; it then acts for the organisation, which keeps holding everything it holds.
 *
 * @example
 * await addOfficer(keyContext, { organisation, account: "0x1CBd…c9Ec", roles: ["HOLDER"] })
 */
export async function addOfficer(context: DprContext, parameters: AddOfficerParameters): Promise<AddOfficerReturnType> {
  const organisation = toAddress(parameters.organisation, "organisation");
  const account = toAddress(parameters.account, "officer's account");
  const roles = parseRoles(parameters.roles);
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "addOfficer",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "addOfficer",
    args: [organisation, account, roles, parameters.metadataURI ?? ""],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ParticipantAdded" });
  // The officer shares its organisation's legal identity: not repeated here.
  const { legalIdHash: _, ...added } = participantAdded(event);
  return { ...added, ...transaction };
}
