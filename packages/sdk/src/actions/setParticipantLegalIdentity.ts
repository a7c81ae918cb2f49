import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { legalIdentityHash } from "../hashing/legalIdentity.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface SetParticipantLegalIdentityParameters extends WriteParameters {
  /** The organisation: the first account onboarded with its legal identity. */
  organisation: Address;
  /**
   * Its legal identity (e.g. the unified social credit code), committed here with the new zone secret
   * ({@link legalIdentityHash}) and never sent, or the ready 32-byte commitment.
   */
  legalIdentity: string;
  /** The zone's new secret for the keyed hash (hex, at least 32 bytes); needed when `legalIdentity` is the identifier. */
  zoneSecret?: string | Uint8Array | undefined;
}

export interface SetParticipantLegalIdentityReturnType extends WriteReturnType {
  organisation: Address;
  /** The zone admin. */
  changedBy: Address;
  /** The commitment the organisation had. */
  previousLegalIdHash: Hex;
  /** The commitment it has now. */
  legalIdHash: Hex;
}

/**
 * Re-commits an organisation's legal identity, after the zone rotated the secret of its keyed hash.
 * Zone admin only. The organisation's accounts stay in it; the previous commitment then names no
 * organisation. Refused for an account that is not an organisation, and for a commitment another
 * organisation has.
 *
 * @example
 * await setParticipantLegalIdentity(adminContext, {
 *   organisation: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
 *   legalIdentity: "91440101MA59TEST01",
 *   zoneSecret: process.env.DPR_ZONE_SECRET, // the new secret
 * })
 */
export async function setParticipantLegalIdentity(
  context: DprContext,
  parameters: SetParticipantLegalIdentityParameters,
): Promise<SetParticipantLegalIdentityReturnType> {
  const organisation = toAddress(parameters.organisation, "organisation");
  const legalIdHash = await legalIdentityHash(parameters.legalIdentity, parameters.zoneSecret);
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "setParticipantLegalIdentity",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "setLegalIdentity",
    args: [organisation, legalIdHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, {
    contract: "directory",
    abi: participantDirectoryAbi,
    eventName: "ParticipantLegalIdentityChanged",
  });
  return {
    organisation: event.organisation,
    changedBy: event.changedBy,
    previousLegalIdHash: event.previousLegalIdHash,
    legalIdHash: event.legalIdHash,
    ...transaction,
  };
}
