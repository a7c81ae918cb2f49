import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { metadataTitle } from "@dpr/sdk";
import { createTitleLookup, mentionedDatasets, verifiedTitle } from "./titles.js";

/** One of the demo's documents, as the seed registered it: the chain's metadataHash is its bytes' SHA-256. */
const bytes = readFileSync(new URL("../../../../demo/metadata/outpatient-visits-2025q1.json", import.meta.url));
const document = bytes.toString("utf8");
const chainHash = `0x${createHash("sha256").update(bytes).digest("hex")}` as const;

describe("metadataTitle, as the page shows titles", () => {
  it("reads the title in the reader's language, else English", () => {
    expect(metadataTitle(document, "en")).toBe("Outpatient visits, 2025 Q1 (personal data)");
    expect(metadataTitle(document, "zh-CN")).toBe("2025年第一季度门诊就诊记录（含个人信息）");
    expect(metadataTitle(document, "zh-HK")).toBe("2025年第一季度门诊就诊记录（含个人信息）");
    expect(metadataTitle(document, "pt")).toBe("Outpatient visits, 2025 Q1 (personal data)");
  });

  it("has none without a document, or for one that is not JSON or has no title", () => {
    expect(metadataTitle(null, "en")).toBeNull();
    expect(metadataTitle("<html>", "en")).toBeNull();
    expect(metadataTitle('{"description":"no title"}', "en")).toBeNull();
  });
});

describe("verifiedTitle", () => {
  it("verifies the document whose UTF-8 bytes hash to the chain's metadataHash, in any case of hex", () => {
    expect(verifiedTitle(document, chainHash, "zh-CN")).toEqual({ title: "2025年第一季度门诊就诊记录（含个人信息）", verified: true, mismatch: false });
    expect(verifiedTitle(document, chainHash.toUpperCase().replace("0X", "0x"), "en")).toMatchObject({ verified: true });
  });

  it("shows no title from a document one character away from the registered one, and flags it", () => {
    const forged = document.replace("Outpatient visits", "Outpatient visits (open data)");
    expect(metadataTitle(forged, "en")).toBe("Outpatient visits (open data), 2025 Q1 (personal data)");
    expect(verifiedTitle(forged, chainHash, "en")).toEqual({ title: null, verified: false, mismatch: true });
    // Re-serialised JSON says the same, but it is not the registered bytes.
    expect(verifiedTitle(JSON.stringify(JSON.parse(document)), chainHash, "en")).toEqual({ title: null, verified: false, mismatch: true });
  });

  it("gives the title unverified when the chain's hash was not read, and nothing without a document", () => {
    expect(verifiedTitle(document, null, "en")).toEqual({ title: "Outpatient visits, 2025 Q1 (personal data)", verified: false, mismatch: false });
    expect(verifiedTitle(null, chainHash, "en")).toEqual({ title: null, verified: false, mismatch: false });
  });
});

describe("titles of the datasets a verdict mentions", () => {
  const A = `0x${"a".repeat(64)}`;
  const B = `0x${"B".repeat(64)}`;
  const C = `0x${"c".repeat(64)}`;
  const D = `0x${"d".repeat(64)}`;
  const edge = (parent: string, child: string) => ({ edge: { parent: { id: parent }, child: { id: child } } });

  it("lists versions, parents, the trail's and the lineage's ids once each, lower case, and nothing that is not an id", () => {
    const ids = mentionedDatasets({
      result: { versionOf: A, supersededBy: null, parents: [{ datasetId: B }, { datasetId: A }] },
      events: [{ args: { datasetId: C, parentId: B } }, { args: { parentId: "<img src=x>", organisation: D } }],
      lineage: { up: { edges: { items: [edge(D, C)] } }, down: { edges: { items: [] } } },
    });
    expect(ids).toEqual([A, B.toLowerCase(), C, D]);
    expect(mentionedDatasets({})).toEqual([]);
  });

  it("gives each known dataset's title in the reader's language, and none for one without a document", () => {
    const documents = new Map<string, string | null>([
      [A, document],
      [C, null],
    ]);
    expect(createTitleLookup(documents, "zh-CN")(A.toUpperCase().replace("0X", "0x"))).toBe("2025年第一季度门诊就诊记录（含个人信息）");
    expect(createTitleLookup(documents, "en")(A)).toBe("Outpatient visits, 2025 Q1 (personal data)");
    expect(createTitleLookup(documents, "en")(C)).toBeNull();
    expect(createTitleLookup(documents, "en")(D)).toBeNull();
  });

  it("keeps a title on one line: line breaks and bidirectional controls in a holder's title go", () => {
    const hostile = JSON.stringify({ title: { en: "Line one\nline two\u202E<b>x</b>" } });
    expect(createTitleLookup(new Map([[A, hostile]]), "en")(A)).toBe("Line one line two<b>x</b>");
  });
});
