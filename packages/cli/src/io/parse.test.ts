import { describe, expect, it } from "vitest";
import { grantTimes } from "../commands/grant.js";
import { parseAddress, parseBytes32, parseTime } from "./parse.js";

const now = new Date("2026-03-31T12:00:00Z");
const at = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe("parseTime", () => {
  it.each([
    ["90s", "2026-03-31T12:01:30Z"],
    ["30min", "2026-03-31T12:30:00Z"],
    ["12h", "2026-04-01T00:00:00Z"],
    ["30d", "2026-04-30T12:00:00Z"],
    ["2w", "2026-04-14T12:00:00Z"],
    ["6m", "2026-10-01T12:00:00Z"], // calendar months: March 31 + 6 months rolls over to October 1
    ["1mo", "2026-05-01T12:00:00Z"],
    ["1y", "2027-03-31T12:00:00Z"],
    ["2027-06-30", "2027-06-30T00:00:00Z"],
    ["2027-06-30T18:00+08:00", "2027-06-30T10:00:00Z"],
    ["2027-06-30T10:00:00Z", "2027-06-30T10:00:00Z"],
  ])("reads %s as %s", (value, iso) => {
    expect(parseTime(value, "--expires", now)).toBe(at(iso));
  });

  it("refuses a date-time without a zone, which would silently use the machine's", () => {
    expect(() => parseTime("2027-06-30T18:00", "--expires", now)).toThrowErrorMatchingInlineSnapshot(
      `[CliError: --expires has no time zone: "2027-06-30T18:00"]`,
    );
  });

  it("refuses what is neither a date nor a duration", () => {
    expect(() => parseTime("next week", "--starts", now)).toThrowErrorMatchingInlineSnapshot(
      `[CliError: --starts is neither a date nor a duration: "next week"]`,
    );
  });
});

describe("grantTimes", () => {
  it("refuses an expiry in the past, and one before the start", () => {
    expect(() => grantTimes({ expires: "2026-03-01" }, now)).toThrowErrorMatchingInlineSnapshot(
      `[CliError: --expires 2026-03-01 is in the past (2026-03-01T00:00:00.000Z)]`,
    );
    expect(() => grantTimes({ expires: "30d", starts: "60d" }, now)).toThrowErrorMatchingInlineSnapshot(`[CliError: --expires must be after --starts]`);
  });

  it("gives zero for a start of now and for an expiry of never", () => {
    expect(grantTimes({ expires: "never" }, now)).toEqual({ startsAt: 0, expiresAt: 0 });
    expect(grantTimes({ expires: "1y", starts: "2026-04-01" }, now)).toEqual({ startsAt: at("2026-04-01T00:00:00Z"), expiresAt: at("2027-03-31T12:00:00Z") });
  });
});

describe("parseBytes32 and parseAddress", () => {
  it("lower-cases a hash and refuses the wrong length", () => {
    expect(parseBytes32(`0x${"AB".repeat(32)}`, "dataset id")).toBe(`0x${"ab".repeat(32)}`);
    expect(() => parseBytes32(`0x${"ab".repeat(31)}`, "dataset id")).toThrow(/dataset id is not 32 bytes of hex/);
  });

  it("checksums an address and refuses a mistyped checksum", async () => {
    await expect(parseAddress("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", "--to")).resolves.toBe("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
    await expect(parseAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79c8", "--to")).rejects.toThrowErrorMatchingInlineSnapshot(
      `[CliError: --to has a wrong checksum: "0x70997970C51812dc3A010C7d01b50e0d17dc79c8"]`,
    );
  });
});
