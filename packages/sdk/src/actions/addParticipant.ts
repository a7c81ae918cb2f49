import type { Address, Hex } from "viem";
import { type JurisdictionLabel, type RoleLabel, labels } from "../reads/format.js";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { legalIdentityHash } from "../hashing/legalIdentity.js";
import {
  type JurisdictionName,
  type NameInput,
  type RoleName,
  parseJurisdiction,
  parseRoles,
} from "../names.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";
import { toAddress } from "./internal/validate.js";

export interface AddParticipantParameters extends WriteParameters {
  /** The new participant's account. */
  account: Address;
  /** Where the organisation is established: GZ or another of the GBA's mainland cities (SHENZHEN … ZHAOQING), MAINLAND_OTHER, HK, MO or OTHER. */
  jurisdiction: NameInput<JurisdictionName>;
  /** Its roles, by name (at least one): HOLDER, REGISTRAR, REGULATOR, AUDITOR. */
  roles: readonly NameInput<RoleName>[];
  /**
   * Its legal identity (e.g. the unified social credit code): either the identifier, which is committed
   * here with the zone secret ({@link legalIdentityHash}) and never sent, or the ready 32-byte commitment.
   * Accounts with the same legal identity form one organisation.
   */
  legalIdentity: string;
  /** The zone's secret for the keyed hash (hex, at least 32 bytes); needed when `legalIdentity` is the identifier. */
  zoneSecret?: string | Uint8Array | undefined;
  /** Where its public profile (name, contact) is published. */
  metadataURI?: string | undefined;
}

export interface AddParticipantReturnType extends WriteReturnType {
  account: Address;
  /** The organisation it joined: itself when its legal identity is new. */
  organisation: Address;
  addedBy: Address;
  jurisdiction: JurisdictionLabel;
  roles: RoleLabel[];
  legalIdHash: Hex;
  metadataURI: string;
}

/**
 * Onboards a participant with any roles. Zone admin only: a new legal identity creates an
 * organisation, a known one adds the account to it.
 *
 * @example
 * const { organisation } = await addParticipant(context, {
 *   account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
 *   jurisdiction: "GZ",
 *   roles: ["HOLDER"],
 *   legalIdentity: "91440101MA59TEST01",
 *   zoneSecret: process.env.DPR_ZONE_SECRET,
 *   metadataURI: "https://example.org/gz-health.json",
 * })
 */
export async function addParticipant(context: DprContext, parameters: AddParticipantParameters): Promise<AddParticipantReturnType> {
  const account = toAddress(parameters.account, "participant's account");
  const jurisdiction = parseJurisdiction(parameters.jurisdiction);
  const roles = parseRoles(parameters.roles);
  const legalIdHash = await legalIdentityHash(parameters.legalIdentity, parameters.zoneSecret);
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "addParticipant",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "addParticipant",
    args: [account, jurisdiction, roles, legalIdHash, parameters.metadataURI ?? ""],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ParticipantAdded" });
  return {
    account: event.account,
    organisation: event.organisation,
    addedBy: event.addedBy,
    jurisdiction: labels.jurisdiction(event.jurisdiction),
    roles: labels.roles(event.roles),
    legalIdHash: event.legalIdHash,
    metadataURI: event.metadataURI,
    ...transaction,
  };
}
