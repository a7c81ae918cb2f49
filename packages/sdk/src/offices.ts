import { type Hex, keccak256, toBytes, zeroHash } from "viem";
import { InvalidArgumentError } from "./errors/base.js";

/**
 * The zone's powers as the participant directory holds them (OpenZeppelin AccessControl roles):
 * `GOVERNANCE` (`DEFAULT_ADMIN_ROLE`, the timelock in production) grants and revokes the four offices.
 */
export const ZONE_OFFICES = {
  GOVERNANCE: zeroHash,
  ONBOARDING: keccak256(toBytes("ONBOARDING_ROLE")),
  DISCIPLINE: keccak256(toBytes("DISCIPLINE_ROLE")),
  PAUSE: keccak256(toBytes("PAUSE_ROLE")),
  MIGRATION: keccak256(toBytes("MIGRATION_ROLE")),
} as const satisfies Record<string, Hex>;

/** The name of a zone office: `GOVERNANCE`, `ONBOARDING`, `DISCIPLINE`, `PAUSE` or `MIGRATION`. */
export type ZoneOfficeName = keyof typeof ZONE_OFFICES;

/** What each office may do, in words (for messages and help texts). */
export const ZONE_OFFICE_POWERS: Readonly<Record<ZoneOfficeName, string>> = {
  GOVERNANCE: "grants and revokes the offices (the zone's timelock in production)",
  ONBOARDING: "onboards and removes accounts, sets roles, re-commits legal identities and attests names",
  DISCIPLINE: "suspends and reinstates participants",
  PAUSE: "pauses new registrations, anchors and grants for at most 3 days",
  MIGRATION: "closes the deployment for good in favour of a successor",
};

/** The office a role hash names, or undefined for a role DPR does not define. */
export function zoneOfficeName(role: Hex): ZoneOfficeName | undefined {
  const lower = role.toLowerCase();
  return (Object.keys(ZONE_OFFICES) as ZoneOfficeName[]).find((name) => ZONE_OFFICES[name] === lower);
}

/** An office that governance grants and revokes: every zone office but governance itself. */
export type ZoneOffice = Exclude<ZoneOfficeName, "GOVERNANCE">;

/**
 * The office a name gives (any case, surrounding spaces ignored): ONBOARDING, DISCIPLINE, PAUSE or
 * MIGRATION. Throws an `InvalidArgumentError` for anything else (governance moves by `transferZoneAdmin`).
 */
export function parseZoneOffice(value: unknown): ZoneOffice {
  const name = typeof value === "string" ? value.trim().toUpperCase() : "";
  if (name === "ONBOARDING" || name === "DISCIPLINE" || name === "PAUSE" || name === "MIGRATION") return name;
  throw new InvalidArgumentError(`unknown office: ${JSON.stringify(value)}`, {
    hint: name === "GOVERNANCE" ? "governance itself moves in two steps (transferZoneAdmin, then acceptZoneAdmin), not by a grant" : "the offices are ONBOARDING, DISCIPLINE, PAUSE and MIGRATION",
  });
}
