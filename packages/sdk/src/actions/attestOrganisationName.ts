import type { Address } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { type OrganisationNameInput, encodeOrganisationName } from "../organisationNames.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface AttestOrganisationNameParameters extends WriteParameters {
  /** The organisation: the first account onboarded with its legal identity. */
  organisation: Address;
  /**
   * Its name as the zone admin checked it: plain text, or names by BCP-47 language tag
   * (`{ en: "…", "zh-CN": "…" }`), encoded with {@link encodeOrganisationName} (at most 256 bytes).
   */
  name: OrganisationNameInput;
}

export interface AttestOrganisationNameReturnType extends WriteReturnType {
  organisation: Address;
  /** The zone admin. */
  attestedBy: Address;
  /** The text as recorded on chain. */
  name: string;
}

/**
 * Records the name of an organisation in the participant directory, replacing any earlier one. Zone
 * admin only. Readers show this name for every account of the organisation; the name in a participant's
 * own profile is self-declared. Refused for an account that is not an organisation (a later account of
 * one: name its first account), and for a name that is empty, not one line or over 256 bytes (checked
 * here before anything is sent).
 *
 * @example
 * await attestOrganisationName(adminContext, {
 *   organisation: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
 *   name: { en: "Suicheng Municipal Health Commission", "zh-CN": "穗城市卫生健康委员会" },
 * })
 */
export async function attestOrganisationName(
  context: DprContext,
  parameters: AttestOrganisationNameParameters,
): Promise<AttestOrganisationNameReturnType> {
  const organisation = toAddress(parameters.organisation, "organisation");
  const name = encodeOrganisationName(parameters.name);
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "attestOrganisationName",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "attestName",
    args: [organisation, name],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "OrganisationNameAttested" });
  return { organisation: event.organisation, attestedBy: event.attestedBy, name: event.name, ...transaction };
}
