import type { Address } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface AcceptZoneAdminParameters extends WriteParameters {}

export interface AcceptZoneAdminReturnType extends WriteReturnType {
  previousAdmin: Address;
  zoneAdmin: Address;
}

/**
 * Accepts the zone admin's office, which {@link transferZoneAdmin} offered to the signer.
 *
 * @example
 * const { zoneAdmin } = await acceptZoneAdmin(newAdminContext)
 */
export async function acceptZoneAdmin(
  context: DprContext,
  parameters: AcceptZoneAdminParameters = {},
): Promise<AcceptZoneAdminReturnType> {
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "acceptZoneAdmin",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "acceptOwnership",
    args: [],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "OwnershipTransferred" });
  return { previousAdmin: event.previousOwner, zoneAdmin: event.newOwner, ...transaction };
}
