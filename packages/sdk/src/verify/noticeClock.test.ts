import { describe, expect, it } from "vitest";
import { noticeClock } from "./noticeClock.js";

const END = 1_800_000_000n;

describe("noticeClock", () => {
  it("says the notice runs while both clocks are before its end", () => {
    expect(noticeClock({ status: "notice", noticeEndsAt: END, chainTime: END - 600n, wallTime: END - 60n })).toEqual({ phase: "running", endsAt: END });
  });

  it("says the notice ended and the next block will show it confirmed when only the wall clock has passed the end", () => {
    // The idle chain: its latest block is an hour old, the reader's clock is past the end.
    expect(noticeClock({ status: "notice", noticeEndsAt: END, chainTime: END - 3_600n, wallTime: END + 1n })).toEqual({ phase: "ended-awaiting-block", endsAt: END });
    // At the end itself the period is over (the contracts' `block.timestamp < noticeEndsAt`).
    expect(noticeClock({ status: "notice", noticeEndsAt: END, chainTime: END - 3_600n, wallTime: END })).toEqual({ phase: "ended-awaiting-block", endsAt: END });
  });

  it("does not reopen a period the chain's clock has passed when the reader's clock is behind", () => {
    expect(noticeClock({ status: "notice", noticeEndsAt: END, chainTime: END, wallTime: END - 3_600n })).toEqual({ phase: "ended-awaiting-block", endsAt: END });
  });

  it("says the notice ended once the chain's answer is past notice, whatever the wall clock says", () => {
    expect(noticeClock({ status: "confirmed", noticeEndsAt: END, chainTime: END + 5n, wallTime: END - 3_600n })).toEqual({ phase: "ended", endsAt: END });
  });

  it("says a paused clock is paused, with the time left", () => {
    expect(noticeClock({ status: "disputed", noticeEndsAt: null, noticeRemaining: 3_540n, chainTime: END, wallTime: END + 99n })).toEqual({ phase: "paused", remaining: 3_540n });
  });

  it("has nothing to say before the notice period starts", () => {
    expect(noticeClock({ status: "pending", noticeEndsAt: null, chainTime: END, wallTime: END })).toEqual({ phase: "none" });
  });
});
