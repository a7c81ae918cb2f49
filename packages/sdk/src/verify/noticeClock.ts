/**
 * The notice clock as people should read it. The contracts decide a dataset's status from the time of
 * the block they are read at (`block.timestamp < noticeEndsAt` is "notice"), not from the wall clock. On
 * a chain that makes blocks only for transactions the latest block can be long past: the notice period
 * has then ended by every clock on the wall, yet the chain still answers "notice" until its next block.
 * Saying "anyone may object until 5:03 AM" at 6 o'clock would be wrong; saying "confirmed" would not be
 * the chain's answer. This decides which sentence applies, so the page and the CLI say the same.
 */

export type NoticeClockParameters = {
  /** The dataset's status as the chain answered it (the SDK's lower-case name: `notice`, `confirmed`, …). */
  status: string;
  /** When the notice period ends (unix seconds), or null when it has not started. */
  noticeEndsAt: bigint | null;
  /** The notice time left while the clock is paused (disputed or frozen), else null. */
  noticeRemaining?: bigint | null | undefined;
  /** The time of the block the status was read at (unix seconds). */
  chainTime: bigint;
  /** The reader's clock (unix seconds). */
  wallTime: bigint;
};

export type NoticeClockReturnType =
  /** No notice period to speak of (never started, or not this status's concern). */
  | { phase: "none" }
  /** The clock is stopped with `remaining` seconds left (a dispute or a freeze). */
  | { phase: "paused"; remaining: bigint }
  /** In notice by both clocks: anyone may object until `endsAt`. */
  | { phase: "running"; endsAt: bigint }
  /**
   * Ended by the wall clock, not yet by the chain's latest block: the chain still answers "notice" and
   * will answer "confirmed" from its next block (whose time is past the end) on.
   */
  | { phase: "ended-awaiting-block"; endsAt: bigint }
  /** Ended, and the chain's answer already says so. */
  | { phase: "ended"; endsAt: bigint };

/**
 * Which sentence the notice clock calls for, given the chain's answer, the chain's time and the wall
 * clock. Only the status the chain gave is ever reported as the status: this only chooses how to
 * explain it.
 *
 * @example
 * noticeClock({ status: "notice", noticeEndsAt: 1_800_000_000n, chainTime: 1_799_999_000n, wallTime: 1_800_000_100n })
 * // { phase: "ended-awaiting-block", endsAt: 1800000000n }: "Notice ended at …; the chain will show it confirmed at its next block"
 */
export function noticeClock(parameters: NoticeClockParameters): NoticeClockReturnType {
  const { status, noticeEndsAt: endsAt, chainTime, wallTime } = parameters;
  const remaining = parameters.noticeRemaining ?? null;
  if (remaining !== null) return { phase: "paused", remaining };
  if (endsAt === null) return { phase: "none" };
  if (status !== "notice") return { phase: "ended", endsAt };
  // The later clock: a wall clock behind the chain (a slow machine) must not reopen a period the chain closed.
  const now = wallTime > chainTime ? wallTime : chainTime;
  return now >= endsAt ? { phase: "ended-awaiting-block", endsAt } : { phase: "running", endsAt };
}
