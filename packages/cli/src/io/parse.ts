import { usageError } from "./errors.js";

/**
 * Parsing of option values. Every function throws a usage error (exit 2) naming the option, so bad
 * input is refused before anything is sent. Nothing here imports the SDK, so `--help` stays fast;
 * enumeration names are checked with the SDK's parsers (`parseJurisdiction`, …) when a command runs.
 */

const HEX32 = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** 32 bytes of 0x-prefixed hex: a dataset id, a content hash. */
export function parseBytes32(value: string, what: string): `0x${string}` {
  const v = value.trim();
  if (!HEX32.test(v)) {
    throw usageError(`${what} is not 32 bytes of hex: "${value}"`, "expected 0x followed by 64 hex digits");
  }
  return v.toLowerCase() as `0x${string}`;
}

/**
 * A 20-byte address, checksummed. Any case is accepted, but a mixed-case address must carry a valid
 * EIP-55 checksum: a mistyped checksummed address is refused rather than sent to the wrong account.
 */
export async function parseAddress(value: string, what: string): Promise<`0x${string}`> {
  const v = value.trim();
  if (!ADDRESS.test(v)) throw usageError(`${what} is not an address: "${value}"`, "expected 0x followed by 40 hex digits");
  const { getAddress, isAddress } = await import("viem");
  if (!isAddress(v, { strict: true })) throw usageError(`${what} has a wrong checksum: "${value}"`, "check the address, or write it all in lower case");
  return getAddress(v);
}

/** A non-negative whole number (a code, a number of seconds). */
export function parseUint(value: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const v = value.trim();
  if (!/^\d+$/.test(v) || Number(v) > max) throw usageError(`${what} must be a whole number from 0 to ${max}: "${value}"`);
  return Number(v);
}

/** A grant id: a positive whole number. */
export function parseGrantId(value: string): bigint {
  const v = value.trim();
  if (!/^\d+$/.test(v) || BigInt(v) === 0n) throw usageError(`grant id must be a positive whole number: "${value}"`);
  return BigInt(v);
}

const DURATION = /^(\d+)\s*(s|min|h|d|w|m|mo|y)$/i;

/**
 * A point in time in unix seconds: an ISO 8601 date or date-time (`2027-06-30` means midnight UTC;
 * a date-time must carry `Z` or an offset), or a duration from now: `90s`, `30min`, `12h`, `30d`, `2w`,
 * `6m` or `6mo` (calendar months, as people write them on forms), `1y`.
 */
export function parseTime(value: string, what: string, now: Date = new Date()): number {
  const v = value.trim();
  const duration = DURATION.exec(v);
  if (duration) {
    const n = Number(duration[1]);
    const t = new Date(now.getTime());
    switch (duration[2]!.toLowerCase()) {
      case "s":
        t.setUTCSeconds(t.getUTCSeconds() + n);
        break;
      case "min":
        t.setUTCMinutes(t.getUTCMinutes() + n);
        break;
      case "h":
        t.setUTCHours(t.getUTCHours() + n);
        break;
      case "d":
        t.setUTCDate(t.getUTCDate() + n);
        break;
      case "w":
        t.setUTCDate(t.getUTCDate() + 7 * n);
        break;
      case "m":
      case "mo":
        t.setUTCMonth(t.getUTCMonth() + n);
        break;
      case "y":
        t.setUTCFullYear(t.getUTCFullYear() + n);
        break;
    }
    return Math.floor(t.getTime() / 1000);
  }
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    // A date-time without a zone would silently use the machine's zone: require one, or a bare date (UTC).
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
    if (!dateOnly && !/(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
      throw usageError(`${what} has no time zone: "${value}"`, "add Z or an offset, e.g. 2027-06-30T18:00+08:00, or give a date alone (midnight UTC)");
    }
    const ms = Date.parse(dateOnly ? `${v}T00:00:00Z` : v);
    if (!Number.isNaN(ms)) return Math.floor(ms / 1000);
  }
  throw usageError(`${what} is neither a date nor a duration: "${value}"`, "use an ISO date like 2027-06-30, or a duration like 30d, 6m (months), 1y");
}

/** `KEY=VALUE` → [key, value]. */
export function parseKeyValue(value: string, what: string): [string, string] {
  const i = value.indexOf("=");
  if (i <= 0 || i === value.length - 1) throw usageError(`${what} must look like KIND=VALUE: "${value}"`);
  return [value.slice(0, i).trim(), value.slice(i + 1).trim()];
}

/** Collects a repeatable option's values (commander's argParser for `…`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
