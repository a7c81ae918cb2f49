import { type Address, type Hex, encodeFunctionData, zeroAddress } from "viem";
import type { JurisdictionLabel, RoleLabel } from "../reads/format.js";
import type { DprContext } from "../deployments/deployment.js";
import { DprError, InvalidArgumentError } from "../errors/base.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { legalIdentityHash } from "../hashing/legalIdentity.js";
import {
  type JurisdictionName,
  type NameInput,
  type RoleName,
  parseJurisdiction,
  parseRoles,
} from "../names.js";
import { type OrganisationNameInput, encodeOrganisationName } from "../organisationNames.js";
import { decodeDprError } from "../errors/decode.js";
import { CallCapturedSignal, type WriteParameters, type WriteReturnType, captureModeOf, eventOf, writeDprContract } from "./internal/write.js";
import { participantAdded } from "./internal/participantAdded.js";
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
  /** Where its public profile (name, contact) is published. The participant can move it: the name in it is self-declared. */
  metadataURI?: string | undefined;
  /**
   * The organisation's name as the zone admin checked it (plain text, or names by BCP-47 language tag;
   * see {@link attestOrganisationName}). Only for an account that starts a new organisation: one that
   * joins an existing organisation is refused before anything is sent (the organisation keeps its name).
   * Onboarding then takes two transactions, `addParticipant` and, once it is mined, `attestName`;
   * `onStatus` reports the stages of both.
   */
  attestedName?: OrganisationNameInput | undefined;
}

/** The second transaction of an onboarding with an attested name. */
export interface AddParticipantAttestation extends WriteReturnType {
  /** The name text as recorded on chain. */
  name: string;
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
  /** The `attestName` transaction, when `attestedName` was given; null otherwise. */
  attestation: AddParticipantAttestation | null;
}

/**
 * Onboards a participant with any roles. Zone admin only: a new legal identity creates an
 * organisation, a known one adds the account to it. With `attestedName`, the new organisation's name is
 * attested in a second transaction right after; should that one fail, the error says that the account
 * was onboarded and how to attest the name. Captured for an admin proposal (`captureCalls`), it gives both
 * calls, which the timelock runs in one operation.
 *
 * @example
 * const { organisation } = await addParticipant(context, {
 *   account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
 *   jurisdiction: "GZ",
 *   roles: ["HOLDER"],
 *   legalIdentity: "91440101MA59TEST01",
 *   zoneSecret: process.env.DPR_ZONE_SECRET,
 *   metadataURI: "https://example.org/gz-health.json",
 *   attestedName: { en: "Suicheng Municipal Health Commission", "zh-CN": "穗城市卫生健康委员会" },
 * })
 */
export async function addParticipant(context: DprContext, parameters: AddParticipantParameters): Promise<AddParticipantReturnType> {
  const account = toAddress(parameters.account, "participant's account");
  const jurisdiction = parseJurisdiction(parameters.jurisdiction);
  const roles = parseRoles(parameters.roles);
  const legalIdHash = await legalIdentityHash(parameters.legalIdentity, parameters.zoneSecret);
  const name = parameters.attestedName === undefined ? undefined : encodeOrganisationName(parameters.attestedName);
  if (name !== undefined) await refuseExistingOrganisation(context, [account, jurisdiction, roles, legalIdHash, parameters.metadataURI ?? ""]);
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "addParticipant",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "addParticipant",
    args: [account, jurisdiction, roles, legalIdHash, parameters.metadataURI ?? ""],
    onStatus: parameters.onStatus,
  }).catch((error: unknown) => {
    // Captured for one operation (an admin proposal): the name's attestation follows in it. It needs the
    // account onboarded, so it cannot be simulated first; the name and the new organisation were checked above.
    if (name !== undefined && error instanceof CallCapturedSignal) {
      const attest = { abi: participantDirectoryAbi, functionName: "attestName", args: [account, name] } as const;
      throw new CallCapturedSignal(error.call, [
        { action: "addParticipant", contract: "directory", to: error.call.to, functionName: attest.functionName, args: attest.args, data: encodeFunctionData(attest) },
      ]);
    }
    throw error;
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ParticipantAdded" });
  let attestation: AddParticipantAttestation | null = null;
  if (name !== undefined) {
    try {
      const { receipt: attested, ...rest } = await writeDprContract(context, {
        action: "addParticipant",
        contract: "directory",
        abi: participantDirectoryAbi,
        functionName: "attestName",
        args: [event.organisation, name],
        onStatus: parameters.onStatus,
      });
      attestation = { ...rest, name: eventOf(context, attested, { contract: "directory", abi: participantDirectoryAbi, eventName: "OrganisationNameAttested" }).name };
    } catch (error) {
      const reason = error instanceof DprError ? error.shortMessage : String(error);
      throw new DprError(`${event.account} was onboarded in ${transaction.txHash}, but its organisation's name was not attested: ${reason}`, {
        hint: "attest it with attestOrganisationName (dpr participant attest-name)",
        cause: error,
      });
    }
  }
  return { ...participantAdded(event), attestation, ...transaction };
}

/**
 * An attested name belongs to a new organisation: refuse, before sending, an account that joins one. The
 * contract's own refusals (not the zone admin, already a participant) come first, as without a name.
 */
async function refuseExistingOrganisation(
  context: DprContext,
  args: readonly [Address, number, number, Hex, string],
): Promise<void> {
  const [account, , , legalIdHash] = args;
  const directory = { address: context.deployment.contracts.directory, abi: participantDirectoryAbi } as const;
  let organisation: Address;
  try {
    organisation = await context.publicClient.readContract({ ...directory, functionName: "organisationByLegalIdentity", args: [legalIdHash] });
    // As the account that will send it: the capturing one (a timelock) when the call is captured.
    const sender = captureModeOf(context)?.as ?? context.walletClient?.account;
    if (organisation !== zeroAddress && sender) {
      await context.publicClient.simulateContract({ ...directory, functionName: "addParticipant", args, account: sender });
    }
  } catch (error) {
    throw decodeDprError(error, { functionName: "addParticipant", expectedChainId: context.deployment.chainId });
  }
  if (organisation !== zeroAddress) {
    throw new InvalidArgumentError(`${account} joins the organisation of ${organisation}, which keeps its name: an attested name is for a new organisation`, {
      hint: "leave the name out, or replace the organisation's name with attestOrganisationName (dpr participant attest-name)",
    });
  }
}
