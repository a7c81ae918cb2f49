import type { Address } from "viem";
import { type RoleLabel, labels } from "../reads/format.js";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { type NameInput, type RoleName, parseRoles } from "../names.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface SetParticipantRolesParameters extends WriteParameters {
  account: Address;
  /** The participant's new roles, by name (at least one); they replace the old ones. */
  roles: readonly NameInput<RoleName>[];
}

export interface SetParticipantRolesReturnType extends WriteReturnType {
  account: Address;
  previousRoles: RoleLabel[];
  roles: RoleLabel[];
}

/**
 * Replaces a participant's roles. Zone admin only.
 *
 * @example
 * await setParticipantRoles(adminContext, { account, roles: ["HOLDER", "REGISTRAR"] })
 */
export async function setParticipantRoles(
  context: DprContext,
  parameters: SetParticipantRolesParameters,
): Promise<SetParticipantRolesReturnType> {
  const account = toAddress(parameters.account, "participant's account");
  const roles = parseRoles(parameters.roles);
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "setParticipantRoles",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "setRoles",
    args: [account, roles],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ParticipantRolesChanged" });
  return { account: event.account, previousRoles: labels.roles(event.previousRoles), roles: labels.roles(event.roles), ...transaction };
}
