import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { ZONE_OFFICES, type ZoneOfficeName } from "../offices.js";
import { toAddress } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventsOf, writeDprContract } from "./internal/write.js";

/** An office that governance grants and revokes. */
type Office = Exclude<ZoneOfficeName, "GOVERNANCE">;

export interface GrantOfficeParameters extends WriteParameters {
  /** The office: ONBOARDING, DISCIPLINE, PAUSE or MIGRATION (any case). Governance itself moves by transferZoneAdmin. */
  office: Office | Lowercase<Office>;
  account: Address;
}

export interface GrantOfficeReturnType extends WriteReturnType {
  office: Office;
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
  const office = parseOffice(parameters.office);
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

function parseOffice(value: unknown): Office {
  const name = typeof value === "string" ? value.trim().toUpperCase() : "";
  if (name === "ONBOARDING" || name === "DISCIPLINE" || name === "PAUSE" || name === "MIGRATION") return name;
  throw new InvalidArgumentError(`unknown office: ${String(value)}`, {
    hint: name === "GOVERNANCE" ? "governance moves with transferZoneAdmin and acceptZoneAdmin" : "the offices are ONBOARDING, DISCIPLINE, PAUSE and MIGRATION",
  });
}
