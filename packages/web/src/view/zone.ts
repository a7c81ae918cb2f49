/**
 * The zone's state, read from the directory with the verdict (`pausedUntil()`, `successor()`): while
 * paused, new registrations and grants are refused until a time; once migrated, this deployment takes
 * nothing new and names its successor's directory. Neither changes the verdict of what is recorded.
 * The successor is shown as text, never a link: the page's trust rules forbid a link that would make it
 * read another chain or deployment (trust.ts).
 */
import { type Address, zeroAddress } from "viem";
import { type Message, message } from "./values.js";

/** What the directory answered; null fields where the deployment is older than the read. */
export interface ZoneState {
  /** When the pause ends (unix seconds), 0 when none is on; null when the directory has no such read. */
  pausedUntil: bigint | null;
  /** The successor's directory, or null while open (or when the directory has no such read). */
  successor: Address | null;
}

export interface ZoneNotice {
  kind: "paused" | "migrated";
  message: Message;
}

/**
 * The notices to show about the zone, at the chain's clock (`chainTime`, the block read): migrated first
 * (for good), then paused (while the pause runs by the chain's clock).
 *
 * @example
 * zoneNotices({ pausedUntil: 1767225600n, successor: null }, 1767139200n)
 * // [{ kind: "paused", message: { key: "zone.paused", params: { time: … } } }]
 */
export function zoneNotices(zone: ZoneState | null, chainTime: bigint): ZoneNotice[] {
  if (!zone) return [];
  const notices: ZoneNotice[] = [];
  if (zone.successor && zone.successor.toLowerCase() !== zeroAddress) {
    // As code text: an address to copy, not a place to go.
    notices.push({ kind: "migrated", message: message("zone.migrated", { successor: { kind: "code", text: zone.successor } }) });
  }
  if (zone.pausedUntil !== null && zone.pausedUntil > chainTime) {
    notices.push({ kind: "paused", message: message("zone.paused", { time: { kind: "time", seconds: zone.pausedUntil } }) });
  }
  return notices;
}
