import { type Address, type ContractFunctionReturnType, getAddress, isAddress, zeroAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { type JurisdictionLabel, type RoleLabel, labels } from "./format.js";
import { toDprError } from "./internal.js";

/** The directory's stored record (enums and the role bitmask as numbers). */
export type RawParticipantRecord = ContractFunctionReturnType<typeof participantDirectoryAbi, "view", "getParticipant">;

/** An onboarded participant. */
export interface ParticipantRecord {
  address: Address;
  /** The organisation: its first account onboarded with the same legal identity. */
  organisation: Address;
  /** When it was onboarded (unix seconds). */
  since: bigint;
  /** Where it is established. */
  jurisdiction: JurisdictionLabel;
  /** The roles it holds, in enum order. */
  roles: RoleLabel[];
  /** Suspended, or its organisation is (the discipline office's): it can do nothing and holds no rights. */
  suspended: boolean;
  /**
   * Removed while it names its organisation (its first account): the record stands for the organisation
   * only, and the account can do nothing. Any other removed account has no record (null).
   */
  removed: boolean;
  /** Neither suspended nor removed: it can act. */
  active: boolean;
  /** The record exactly as the contract returned it. */
  raw: RawParticipantRecord;
}

export type GetParticipantParameters = {
  address: Address;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/** The record, or null when the account is not a participant. */
export type GetParticipantReturnType = ParticipantRecord | null;

/**
 * Reads a participant from the participant directory.
 *
 * @example
 * const participant = await getParticipant(context, { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" })
 * participant?.roles // ["registrar"]
 */
export async function getParticipant(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetParticipantParameters,
): Promise<GetParticipantReturnType> {
  try {
    if (!isAddress(parameters.address, { strict: false })) {
      throw new InvalidArgumentError(`not an address: ${String(parameters.address)}`, { hint: "expected 0x followed by 40 hex digits" });
    }
    const address = getAddress(parameters.address);
    const raw = await context.publicClient.readContract({
      abi: participantDirectoryAbi,
      address: context.deployment.contracts.directory,
      functionName: "getParticipant",
      args: [address],
      blockNumber: parameters.blockNumber,
    });
    // Every onboarded account belongs to an organisation (itself at least); the zero record means unknown.
    if (raw.organisation === zeroAddress) return null;
    return {
      address,
      organisation: raw.organisation,
      since: BigInt(raw.since),
      jurisdiction: labels.jurisdiction(raw.jurisdiction),
      roles: labels.roles(raw.roles),
      suspended: raw.suspended,
      removed: raw.removed,
      active: !raw.suspended && !raw.removed,
      raw,
    };
  } catch (error) {
    throw toDprError(context, error);
  }
}
