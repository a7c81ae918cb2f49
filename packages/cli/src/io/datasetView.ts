/**
 * How dataset states read for people: durations, the notice clock, and a decision's quorum progress.
 * Nothing here imports the SDK's code (types only), so `--help` stays fast.
 */
import type { NoticeClockReturnType } from "@dpr/sdk";
import { isoTime } from "./output.js";

/** A duration in seconds for people, to the two largest units: `3 h 12 min`, `2 d 5 h`, `45 s`. */
export function formatDuration(seconds: bigint | number): string {
  let left = Math.max(0, Math.floor(Number(seconds)));
  const parts: string[] = [];
  for (const [unit, size] of [["d", 86_400], ["h", 3_600], ["min", 60]] as const) {
    if (left >= size) {
      parts.push(`${Math.floor(left / size)} ${unit}`);
      left %= size;
    }
  }
  if (left > 0) parts.push(`${left} s`);
  return parts.length === 0 ? "0 s" : parts.slice(0, 2).join(" ");
}

/**
 * The notice clock in words (the SDK's `noticeClock` decides which): paused with the time left, running
 * until a time, ended, ended by the clock but not yet by the chain's latest block (which still answers
 * "notice"), or not started (null). The same sentences as the web page's.
 */
export function noticeText(clock: NoticeClockReturnType): string | null {
  switch (clock.phase) {
    case "none":
      return null;
    case "paused":
      return `paused: ${formatDuration(clock.remaining)} left`;
    case "running":
      return `ends ${isoTime(clock.endsAt)}`;
    case "ended-awaiting-block":
      return `ended ${isoTime(clock.endsAt)}; the chain will show it confirmed at its next block (its latest block is older than the end, so it still answers "notice")`;
    case "ended":
      return `ended ${isoTime(clock.endsAt)}`;
  }
}

const ordinals = ["first", "second", "third", "fourth", "fifth"];

/** "vote 1 of 2 recorded; waiting for a second independent organisation", for a vote that did not decide yet. */
export function voteProgress(votes: number, required: number): string {
  const next = ordinals[votes] ?? `${votes + 1}th`;
  const more = required - votes;
  return `vote ${votes} of ${required} recorded; waiting for ${more === 1 ? `a ${next}` : `${more} more`} independent organisation${more === 1 ? "" : "s"}`;
}

/** What a pending decision would do, in words. */
export function describeDecision(decision: { kind: "dispute" | "correction"; newHolder: string | null }): string {
  if (decision.kind === "dispute") return decision.newHolder ? `award to ${decision.newHolder}` : "reject the registration";
  return decision.newHolder ? `correct the holder to ${decision.newHolder}` : "revoke the registration";
}
