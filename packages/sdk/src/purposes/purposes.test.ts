import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pickLanguage } from "../languages.js";
import { metadataDescription, metadataTitle } from "../metadata/metadataText.js";
import { PURPOSES, PURPOSE_CLASSES, purposeClassOf, purposeLabel, purposesFormat } from "./index.js";

/** The codes the demo's grants use (scripts/demo/story.ts PURPOSES), read from the story itself. */
const demoCodes = [...readFileSync(new URL("../../../../scripts/demo/story.ts", import.meta.url), "utf8").matchAll(/\{ code: (\d+), text:/g)].map((m) =>
  Number(m[1]),
);

describe("the zone's purpose list", () => {
  it("is one tagged file whose codes all sit in a listed class, in English and Chinese", () => {
    const file = JSON.parse(readFileSync(new URL("./purposes.json", import.meta.url), "utf8")) as { format: string; purposes: unknown[] };
    expect(file.format).toBe(purposesFormat);
    expect(PURPOSES).toHaveLength(file.purposes.length);
    expect(PURPOSE_CLASSES.map((c) => c.class)).toEqual([100, 200, 300, 400]);
    for (const purpose of PURPOSES) {
      expect(purpose.class).toBe(Math.floor(purpose.code / 100) * 100);
      expect(purpose.label.en).toMatch(/^[A-Z]/);
      // Chinese labels are Chinese, with no half-width punctuation.
      expect(purpose.label["zh-CN"]).toMatch(/^[\u4e00-\u9fff、，]+$/);
    }
    expect(PURPOSES.map((p) => p.code)).toEqual([...PURPOSES.map((p) => p.code)].sort((a, b) => a - b));
  });

  it("names every code the demo's grants use", () => {
    expect(demoCodes.sort()).toEqual([120, 130, 201, 220, 310]);
    for (const code of demoCodes) expect(purposeLabel(code, "en"), `code ${code}`).not.toBeNull();
    expect(purposeLabel(201, "en")).toBe("Academic research");
    expect(purposeLabel(310, "zh-CN")).toBe("保险产品设计");
  });

  it("answers in the reader's language: the same language in any region, else English", () => {
    expect(purposeLabel(201, "zh-CN")).toBe("学术研究");
    expect(purposeLabel(201, "zh-cn")).toBe("学术研究");
    expect(purposeLabel(201, "zh-HK")).toBe("学术研究");
    expect(purposeLabel(201, "zh")).toBe("学术研究");
    expect(purposeLabel(201, "en-GB")).toBe("Academic research");
    expect(purposeLabel(201, "fr")).toBe("Academic research");
    expect(purposeLabel(201n, "en")).toBe("Academic research");
  });

  it("has no label for a code the list does not name, but knows its class when the hundred is listed", () => {
    expect(purposeLabel(299, "en")).toBeNull();
    expect(purposeLabel(0, "en")).toBeNull();
    expect(purposeLabel(65_535, "en")).toBeNull();
    expect(purposeLabel(Number.NaN, "en")).toBeNull();
    expect(purposeClassOf(299)?.label.en).toBe("Research and statistics");
    expect(purposeClassOf(201)).toEqual({ class: 200, label: { en: "Research and statistics", "zh-CN": "科学研究与统计" } });
    expect(purposeClassOf(9_999)).toBeNull();
    expect(purposeClassOf(-1)).toBeNull();
    expect(purposeClassOf(1.5)).toBeNull();
  });
});

describe("pickLanguage", () => {
  const texts = { en: "Metro ridership", zh: "地铁客流", "zh-HK": "地鐵客流" };

  it("picks the tag, else the language in any region, else English, else the first", () => {
    expect(pickLanguage(texts, "zh-HK")).toBe("地鐵客流");
    expect(pickLanguage(texts, "ZH-hk")).toBe("地鐵客流");
    expect(pickLanguage(texts, "zh-CN")).toBe("地铁客流");
    expect(pickLanguage(texts, "de")).toBe("Metro ridership");
    expect(pickLanguage({ fr: "Fréquentation", pt: "Passageiros" }, "de")).toBe("Fréquentation");
  });

  it("passes over blank and non-text values", () => {
    expect(pickLanguage({ zh: "  ", en: "Metro" }, "zh")).toBe("Metro");
    expect(pickLanguage({ zh: 5, en: null }, "zh")).toBeNull();
    expect(pickLanguage({}, "en")).toBeNull();
  });
});

describe("metadata titles and descriptions", () => {
  const document = readFileSync(new URL("../../../../demo/metadata/metro-ridership-2025-01.json", import.meta.url), "utf8");

  it("reads the demo's titles in both languages", () => {
    expect(metadataTitle(document, "en")).toBe("Metro ridership by line, January 2025");
    expect(metadataTitle(document, "zh-CN")).toBe("2025年1月地铁线网客流");
    expect(metadataTitle(document, "ja")).toBe("Metro ridership by line, January 2025");
    expect(metadataDescription(document, "zh-CN")).toBe("各线路工作日与周末日均进站量及高峰小时满载率。");
  });

  it("reads a plain-text title, and one behind a byte-order mark", () => {
    expect(metadataTitle('{"title":"Births by district"}', "zh-CN")).toBe("Births by district");
    expect(metadataTitle('\uFEFF{"title":"Births by district"}', "en")).toBe("Births by district");
  });

  it("keeps a title on one line and drops bidirectional controls that would disguise it", () => {
    expect(metadataTitle('{"title":"Births\\n\\tby \\u202Etcirtsid\\u202C  2024"}', "en")).toBe("Births by tcirtsid 2024");
    expect(metadataDescription('{"description":"Line one.\\r\\nLine two.\\u0007\\u2066"}', "en")).toBe("Line one.\nLine two.");
  });

  it("has no title for what is not a JSON object with one", () => {
    expect(metadataTitle(null, "en")).toBeNull();
    expect(metadataTitle("not json", "en")).toBeNull();
    expect(metadataTitle('["title"]', "en")).toBeNull();
    expect(metadataTitle('{"name":"x"}', "en")).toBeNull();
    expect(metadataTitle('{"title":"   "}', "en")).toBeNull();
    expect(metadataTitle('{"title":42}', "en")).toBeNull();
    expect(metadataTitle('{"title":{"en":7}}', "en")).toBeNull();
  });
});
