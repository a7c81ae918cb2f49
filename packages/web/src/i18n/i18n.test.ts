import { describe, expect, it } from "vitest";
import { en } from "./en.js";
import { type MessageKey, createFormatters, detectLanguage, dictionaries, languages, placeholders, splitTemplate } from "./index.js";
import { createTranslator } from "./translate.js";
import { zhCN } from "./zh-CN.js";

const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;
/** Messages that are the same in both languages: names of algorithms, and the name of the other language. */
const SAME_IN_BOTH: readonly MessageKey[] = ["algorithm.sha256", "algorithm.keccak256"];

describe("the dictionaries", () => {
  it("have the same keys in both languages", () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it("use the same placeholders in each message in both languages", () => {
    const differing = (Object.keys(en) as MessageKey[]).filter((key) => placeholders(en[key]).join() !== placeholders(zhCN[key]).join());
    expect(differing).toEqual([]);
  });

  it("have no empty message and no unbalanced brace", () => {
    for (const lang of languages) {
      for (const [key, template] of Object.entries(dictionaries[lang])) {
        expect(template.trim(), `${lang} ${key}`).not.toBe("");
        const stripped = template.replace(/\{[A-Za-z][A-Za-z0-9]*\}/g, "");
        expect(stripped, `${lang} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });

  it("hold Chinese in every Chinese message, and none in English ones but the language switch", () => {
    const untranslated = (Object.keys(en) as MessageKey[]).filter((key) => !SAME_IN_BOTH.includes(key) && key !== "lang.switch" && !CJK.test(zhCN[key]));
    expect(untranslated).toEqual([]);
    const englishWithChinese = (Object.keys(en) as MessageKey[]).filter((key) => key !== "lang.switch" && CJK.test(en[key]));
    expect(englishWithChinese).toEqual([]);
    // The switch names the other language in that language.
    expect(en["lang.switch"]).toBe("中文");
    expect(zhCN["lang.switch"]).toBe("English");
  });
});

describe("templates", () => {
  it("split into text and placeholders", () => {
    expect(splitTemplate("Held by {holder}; {count} of {required}.")).toEqual([
      { text: "Held by " },
      { param: "holder" },
      { text: "; " },
      { param: "count" },
      { text: " of " },
      { param: "required" },
      { text: "." },
    ]);
    expect(placeholders("{b} and {a} and {b}")).toEqual(["a", "b"]);
  });

  it("are filled with values in the reader's language", () => {
    const en = createTranslator("en", { timeZone: "UTC" });
    const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
    const holder = { kind: "participant", participant: { address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", name: "City Health Commission", metadataURI: null, jurisdiction: "gz" } } as const;
    expect(en.t("summary.pending", { holder, count: 1, required: 2 })).toBe("Registered by City Health Commission (Guangzhou); 1 of 2 registrar confirmations so far.");
    expect(zh.t("summary.pending", { holder, count: 1, required: 2 })).toBe("由 City Health Commission（广州） 登记；目前已有 2 个登记机构确认中的 1 个。");
    expect(en.t("crosscheck.status", { chain: { kind: "text", message: { key: "status.disputed" } }, indexer: { kind: "text", message: { key: "status.confirmed" } } })).toBe(
      "Status: the chain says “Disputed”, the indexer says “Confirmed”.",
    );
    // A missing parameter stays visible rather than vanishing.
    expect(en.t("value.confirmationCount", { count: 1 })).toBe("1 of {required}");
  });
});

describe("formatting", () => {
  it("writes dates in each locale's own format", () => {
    const seconds = 1_795_852_800n; // 2026-11-28T08:00:00Z
    const en = createFormatters("en", "UTC").time(seconds);
    const zh = createFormatters("zh-CN", "Asia/Shanghai").time(seconds);
    expect(en).toMatch(/Nov 28, 2026/);
    expect(en).toMatch(/8:00:00\sAM/);
    expect(zh).toMatch(/2026年11月28日/);
    expect(zh).toMatch(/16:00:00/);
    expect(createFormatters("en").number(1234567)).toBe("1,234,567");
  });

  it("writes a length of time in its two largest units, in each language's words", () => {
    const en = createFormatters("en");
    const zh = createFormatters("zh-CN");
    expect([en.duration(3 * 86_400), en.duration(3 * 86_400 + 7_200 + 59), en.duration(100), en.duration(1), en.duration(0)]).toEqual([
      "3 days",
      "3 days 2 hours",
      "1 minute 40 seconds",
      "1 second",
      "0 seconds",
    ]);
    expect([zh.duration(3 * 86_400), zh.duration(100), zh.duration(45n)]).toEqual(["3天", "1分钟40秒", "45秒"]);
  });
});

describe("detectLanguage", () => {
  it("takes the stored choice, else the browser's first language it has, else English", () => {
    expect(detectLanguage("zh-CN", ["en-US"])).toBe("zh-CN");
    expect(detectLanguage(null, ["fr-FR", "zh-TW", "en"])).toBe("zh-CN");
    expect(detectLanguage(null, ["en-GB", "zh-CN"])).toBe("en");
    expect(detectLanguage("klingon", ["de"])).toBe("en");
  });
});
