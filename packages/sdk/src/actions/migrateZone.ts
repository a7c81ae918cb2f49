import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toAddress, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface MigrateZoneParameters extends WriteParameters {
  /** The successor deployment's participant directory. */
  successor: Address;
  /** Hash of the migration note (kept off chain); zero when omitted. */
  noteHash?: Hex | undefined;
}

export interface MigrateZoneReturnType extends WriteReturnType {
  successor: Address;
  migratedBy: Address;
  noteHash: Hex;
}

/**
 * Closes this deployment for good in favour of a successor: the directory then refuses new registrations,
 * anchors and grants, and points readers at the successor. It cannot be undone. MIGRATION office only.
 *
 * @example
 * await migrateZone(context, { successor, noteHash })
 */
export async function migrateZone(context: DprContext, parameters: MigrateZoneParameters): Promise<MigrateZoneReturnType> {
  const successor = toAddress(parameters.successor, "successor directory");
  const noteHash = toOptionalHash(parameters.noteHash, "note hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "migrateZone",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "migrate",
    args: [successor, noteHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ZoneMigrated" });
  return { successor: event.successor, migratedBy: event.migratedBy, noteHash: event.noteHash, ...transaction };
}
