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
 * Accepts the zone's governance, which {@link transferZoneAdmin} offered to the signer, once its delay passed.
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
    functionName: "acceptDefaultAdminTransfer",
    args: [],
    onStatus: parameters.onStatus,
  });
  const revoked = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "RoleRevoked" });
  const granted = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "RoleGranted" });
  return { previousAdmin: revoked.account, zoneAdmin: granted.account, ...transaction };
}
