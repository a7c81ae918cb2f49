import { describe, expect, it } from "vitest";
import { createOutput, formatFields, normaliseNames } from "./output.js";

describe("output", () => {
  it("aligns key/value lines, indents nested objects and shows times as dates for people", () => {
    expect(
      formatFields({
        datasetId: "0x01",
        registeredAt: 1767225600n,
        noticeEndsAt: null,
        frozen: false,
        roles: ["holder", "registrar"],
        contracts: { directory: "0xaa", datasets: "0xbb" },
      }),
    ).toMatchInlineSnapshot(`
      "dataset id      0x01
      registered at   2026-01-01T00:00:00Z
      notice ends at  -
      frozen          no
      roles           holder, registrar
      contracts
        directory  0xaa
        datasets   0xbb
      "
    `);
  });

  it("prints one JSON object with bigints as decimal strings and enumeration names in one spelling", () => {
    let stdout = "";
    createOutput({ json: true, stdout: { write: (s: string) => (stdout += s) } }).result({
      grantId: 3n,
      status: "AWAITING_ACKNOWLEDGEMENT",
      jurisdiction: "MAINLAND_OTHER",
      roles: ["REGISTRAR"],
      metadataURI: "HTTPS_LIKE_TEXT_IS_LEFT_ALONE",
    });
    expect(JSON.parse(stdout)).toEqual({
      grantId: "3",
      status: "awaiting-acknowledgement",
      jurisdiction: "mainland-other",
      roles: ["registrar"],
      metadataURI: "HTTPS_LIKE_TEXT_IS_LEFT_ALONE",
    });
    expect(normaliseNames({ status: "confirmed" })).toEqual({ status: "confirmed" });
  });
});
