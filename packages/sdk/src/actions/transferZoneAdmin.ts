import type { Address } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface TransferZoneAdminParameters extends WriteParameters {
  /** The account that is to become the zone admin; it must accept with {@link acceptZoneAdmin}. */
  newAdmin: Address;
}

export interface TransferZoneAdminReturnType extends WriteReturnType {
  zoneAdmin: Address;
  pendingAdmin: Address;
}

/**
 * Starts handing the zone admin's office to another account (a multisig or timelock in production).
 * Zone admin only. Nothing changes until the new admin accepts; a later call replaces the pending one.
 *
 * @example
 * await transferZoneAdmin(adminContext, { newAdmin: "0x…multisig" })
 * await acceptZoneAdmin(multisigContext)
 */
export async function transferZoneAdmin(
  context: DprContext,
  parameters: TransferZoneAdminParameters,
): Promise<TransferZoneAdminReturnType> {
  const newAdmin = toAddress(parameters.newAdmin, "new zone admin");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "transferZoneAdmin",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "transferOwnership",
    args: [newAdmin],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "OwnershipTransferStarted" });
  return { zoneAdmin: event.previousOwner, pendingAdmin: event.newOwner, ...transaction };
}
