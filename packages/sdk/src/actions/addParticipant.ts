import { type Address, type Hex, keccak256, stringToBytes } from "viem";
import { type JurisdictionLabel, type RoleLabel, labels } from "../reads/format.js";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { participantDirectoryAbi } from "../generated/abis.js";
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
  /** Where the organisation is established: GZ, HK, MO, MAINLAND_OTHER or OTHER. */
  jurisdiction: NameInput<JurisdictionName>;
  /** Its roles, by name (at least one): HOLDER, REGISTRAR, REGULATOR, AUDITOR. */
  roles: readonly NameInput<RoleName>[];
  /**
   * Its legal identity (e.g. the unified social credit code): either the plaintext, which is hashed
   * here (keccak256 of its UTF-8 bytes, surrounding spaces removed) and never sent, or its 32-byte hash.
   * Accounts with the same legal identity form one organisation.
   */
  legalIdentity: string;
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
 * The on-chain hash of a legal identity: a 32-byte hex hash is taken as it is, anything else is
 * hashed as text (keccak256 of its UTF-8 bytes, surrounding spaces removed).
 *
 * @example
 * legalIdentityHash("91440101MA59TEST01") // 0x…
 */
export function legalIdentityHash(legalIdentity: string): Hex {
  const value = legalIdentity.trim();
  if (value === "") throw new InvalidArgumentError("the legal identity is empty");
  if (/^0x[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase() as Hex;
  return keccak256(stringToBytes(value));
}

/**
 * Onboards a participant. The zone admin may give any roles; a registrar may onboard only holders
 * (role HOLDER alone) of organisations not yet in the directory.
 *
 * @example
 * const { organisation } = await addParticipant(context, {
 *   account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
 *   jurisdiction: "GZ",
 *   roles: ["HOLDER"],
 *   legalIdentity: "91440101MA59TEST01",
 *   metadataURI: "https://example.org/gz-health.json",
 * })
 */
export async function addParticipant(context: DprContext, parameters: AddParticipantParameters): Promise<AddParticipantReturnType> {
  const account = toAddress(parameters.account, "participant's account");
  const jurisdiction = parseJurisdiction(parameters.jurisdiction);
  const roles = parseRoles(parameters.roles);
  const legalIdHash = legalIdentityHash(parameters.legalIdentity);
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
