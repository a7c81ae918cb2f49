import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { ZONE_OFFICES, type ZoneOffice, parseZoneOffice } from "../offices.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventsOf, writeDprContract } from "./internal/write.js";

export interface GrantOfficeParameters extends WriteParameters {
  /** The office: ONBOARDING, DISCIPLINE, PAUSE or MIGRATION (any case). Governance itself moves by transferZoneAdmin. */
  office: ZoneOffice | Lowercase<ZoneOffice>;
  account: Address;
}

export interface GrantOfficeReturnType extends WriteReturnType {
  office: ZoneOffice;
  role: Hex;
  account: Address;
  /** False when the account held the office already (the directory then changes nothing). */
  changed: boolean;
}

/**
 * Grants one of the zone's offices to an account (the directory's `grantRole`). Governance only: the zone's
 * timelock in production, so propose it with `dpr admin propose -- office grant OFFICE ADDRESS`.
 *
 * @example
 * await grantOffice(context, { office: "ONBOARDING", account })
 */
export async function grantOffice(context: DprContext, parameters: GrantOfficeParameters): Promise<GrantOfficeReturnType> {
  const office = parseZoneOffice(parameters.office);
  const account = toAddress(parameters.account, "office holder");
  const role = ZONE_OFFICES[office];
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "grantOffice",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "grantRole",
    args: [role, account],
    onStatus: parameters.onStatus,
  });
  const events = eventsOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "RoleGranted", optional: true });
  return { office, role, account, changed: events.length > 0, ...transaction };
}
