import { type Address, getAddress } from "viem";
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
  /** From when the new admin may accept (unix seconds): the directory's admin delay after this transaction. */
  acceptableFrom: number;
}

/**
 * Starts handing the zone's governance (the directory's `DEFAULT_ADMIN_ROLE`) to another account: the
 * zone's timelock in production (see `deployGovernance`). Governance only. Nothing changes until the new
 * admin accepts; a later call replaces the pending one; the zero address is refused (the zone always has
 * governance).
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
    functionName: "beginDefaultAdminTransfer",
    args: [newAdmin],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "DefaultAdminTransferScheduled" });
  const zoneAdmin = receipt.from;
  return { zoneAdmin: getAddress(zoneAdmin), pendingAdmin: event.newAdmin, acceptableFrom: Number(event.acceptSchedule), ...transaction };
}
