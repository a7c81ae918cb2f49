import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { ZONE_OFFICES, type ZoneOffice, parseZoneOffice } from "../offices.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventsOf, writeDprContract } from "./internal/write.js";

export interface RevokeOfficeParameters extends WriteParameters {
  /** The office: ONBOARDING, DISCIPLINE, PAUSE or MIGRATION (any case). Governance itself moves by transferZoneAdmin. */
  office: ZoneOffice | Lowercase<ZoneOffice>;
  account: Address;
}

export interface RevokeOfficeReturnType extends WriteReturnType {
  office: ZoneOffice;
  role: Hex;
  account: Address;
  /** False when the account did not hold the office (the directory then changes nothing). */
  changed: boolean;
}

/**
 * Revokes one of the zone's offices from an account (the directory's `revokeRole`). Governance only: the zone's
 * timelock in production, so propose it with `dpr admin propose -- office revoke OFFICE ADDRESS`.
 *
 * @example
 * await revokeOffice(context, { office: "ONBOARDING", account })
 */
export async function revokeOffice(context: DprContext, parameters: RevokeOfficeParameters): Promise<RevokeOfficeReturnType> {
  const office = parseZoneOffice(parameters.office);
  const account = toAddress(parameters.account, "office holder");
  const role = ZONE_OFFICES[office];
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "revokeOffice",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "revokeRole",
    args: [role, account],
    onStatus: parameters.onStatus,
  });
  const events = eventsOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "RoleRevoked", optional: true });
  return { office, role, account, changed: events.length > 0, ...transaction };
}
