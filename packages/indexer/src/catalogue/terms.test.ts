import { describe, expect, it } from "vitest";
import { documentTerms, normalise, queryTerms } from "./terms.js";

/** What the catalogue's SQL does (`terms @> query`), in memory. */
const matches = (texts: string[], query: string) => {
  const terms = new Set(documentTerms(texts));
  const wanted = queryTerms(query);
  return wanted.length > 0 && wanted.every((term) => terms.has(term));
};

describe("catalogue search terms", () => {
  it("cuts Latin text into words and their prefixes of three characters or more", () => {
    expect(documentTerms(["Outpatient visits, Q1"])).toEqual(
      ["out", "outp", "outpa", "outpat", "outpati", "outpatie", "outpatien", "outpatient", "q1", "vis", "visi", "visit", "visits"].sort(),
    );
    expect(matches(["Outpatient visits"], "outpat")).toBe(true);
    expect(matches(["Outpatient visits"], "OUTPATIENT Visits")).toBe(true);
    expect(matches(["Outpatient visits"], "patient")).toBe(false);
    expect(matches(["Outpatient visits"], "ou")).toBe(false);
  });

  it("needs every word of the query", () => {
    expect(matches(["Outpatient visits"], "outpatient visits")).toBe(true);
    expect(matches(["Outpatient visits"], "outpatient waiting")).toBe(false);
  });

  it("cuts Chinese into characters and bigrams, so words match inside longer runs without a segmenter", () => {
    expect(documentTerms(["门诊就诊"])).toEqual(["就", "就诊", "诊", "诊就", "门", "门诊"].sort());
    const title = "2025年第一季度门诊就诊记录（含个人信息）";
    expect(matches([title], "门诊")).toBe(true);
    expect(matches([title], "门诊就诊")).toBe(true);
    expect(matches([title], "就诊记录")).toBe(true);
    expect(matches([title], "诊")).toBe(true);
    // The characters are there, but not next to each other.
    expect(matches([title], "门记")).toBe(false);
    // Digits before Han are their own word.
    expect(matches([title], "2025")).toBe(true);
  });

  it("handles Japanese, Korean and Cyrillic the same way", () => {
    expect(matches(["外来患者の受診記録"], "受診")).toBe(true);
    expect(matches(["외래 환자 방문"], "환자")).toBe(true);
    expect(matches(["Амбулаторные визиты"], "амбул")).toBe(true);
  });

  it("normalises width, case and accents (NFKC, lower case, accents folded)", () => {
    expect(normalise("ＡＢＣ Café")).toBe("abc cafe");
    expect(matches(["Café statistics"], "cafe")).toBe(true);
    expect(matches(["ＯＵＴＰＡＴＩＥＮＴ"], "outpatient")).toBe(true);
  });

  it("gives no terms for a query of punctuation only", () => {
    expect(queryTerms(" ,.;!? ")).toEqual([]);
    expect(matches(["anything"], "!!!")).toBe(false);
  });
});

describe("a document's terms in the store", () => {
  it("are capped, titles first, so a huge description cannot bloat the index", async () => {
    const { documentRow, MAX_DOCUMENT_TERMS } = await import("./documents.js");
    const words = Array.from({ length: 5_000 }, (_, i) => `w${i.toString(36).padStart(4, "0")}${"x".repeat(40)}`).join(" ");
    const row = documentRow(JSON.stringify({ title: { en: "Outpatient visits" }, description: { en: words } }));
    expect(row.terms.length).toBe(MAX_DOCUMENT_TERMS);
    expect(row.terms).toEqual(expect.arrayContaining(["outpatient", "outpat", "visits"]));
    expect(row.titleTerms).toContain("outpatient");
    expect(row.valid).toBe(false);
  });
});
