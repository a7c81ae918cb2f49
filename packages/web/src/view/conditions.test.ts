import { describe, expect, it } from "vitest";
import type { ChainConditions, DocumentConditions } from "../graphql.js";
import { createTranslator } from "../i18n/translate.js";
import { conditionDifferences, conditionsView, purposeValue, termValue } from "./conditions.js";
import type { Value } from "./values.js";

const en = createTranslator("en", { timeZone: "UTC" });
const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
const holder: Value = { kind: "raw", text: "City Health Commission" };

/** The demo's outpatient records: conditional, processing and use, GBA, four purposes of two classes, a year. */
const chain: ChainConditions = { openness: "conditional", rights: ["processing-use"], granteeRegions: "gba", purposeClasses: [100, 200, 300], maxTermSeconds: String(365 * 86_400) };
const document: DocumentConditions = {
  openness: "conditional",
  rights: ["processing-use"],
  granteeRegions: "gba",
  purposes: [110, 130, 201, 310],
  maxTermDays: 365,
  measures: ["A personal information protection impact assessment is required."],
  howToApply: "Send a statement of purpose to the Chief Data Officer's office.",
};

const words = (tr: typeof en, view: ReturnType<typeof conditionsView>) => ({
  openness: tr.message(view.openness),
  lines: view.lines.map((m) => tr.message(m)),
  differs: view.differs && tr.message(view.differs),
  steps: view.steps.map((m) => tr.message(m)),
});

describe("border conditions in plain words", () => {
  it("say the chain's conditions, with the document's purpose codes where their classes agree, in English and Chinese", () => {
    const view = conditionsView({ conditions: chain, document, personal: true, holder, lang: "en" });
    expect(words(en, view)).toEqual({
      openness: "Conditional: the holder decides each application",
      lines: [
        "Rights that may be granted: Processing and use",
        "Grantees may be in the data's region or anywhere in the Greater Bay Area",
        "Purposes: Public health and disease control (110), Health service planning (130), Academic research (201), and Insurance product design (310)",
        "Longest grant term: 1 year",
      ],
      differs: null,
      steps: [
        "Apply to the holder, City Health Commission, with a statement of your purpose; use the data only once the grant is registered on chain.",
        "If your organisation is in another region than the data, the grant is cross-border: it needs the regulator's acknowledgement and a fitting transfer mechanism, such as the GBA standard contract.",
        "The data holds personal information: you need the data subjects' consent records and a personal information protection impact assessment.",
      ],
    });
    expect(view.measures).toEqual(document.measures);
    expect(view.howToApply).toBe(document.howToApply);
    const zhView = conditionsView({ conditions: chain, document, personal: true, holder, lang: "zh-CN" });
    expect(words(zh, zhView)).toMatchObject({
      openness: "有条件开放：由持有方逐项审核申请",
      lines: ["可授予的权利：数据加工使用权", "被授权方可位于数据所在地区或粤港澳大湾区内任何地方", "用途：公共卫生与疾病防控（110）、医疗卫生服务规划（130）、学术研究（201）和保险产品设计（310）", "授权期限最长为1年"],
    });
  });

  it("say each openness, and that nothing can be granted on data that is not open", () => {
    const view = (openness: string) => conditionsView({ conditions: { ...chain, openness }, document: null, personal: false, holder, lang: "en" });
    expect(en.message(view("open").openness)).toBe("Open");
    expect(en.message(view("undeclared").openness)).toBe("Not declared: only the law limits grants");
    expect(zh.message(view("undeclared").openness)).toBe("未声明：授权仅受法律法规限制");
    const closed = view("not-open");
    expect(words(en, closed)).toEqual({ openness: "Not open: nothing is granted", lines: [], differs: null, steps: ["Nothing can be granted on this data: it is not open."] });
    // A value added to the contracts after this page was built is shown as it is.
    expect(en.message(view("sealed").openness)).toBe("Openness: sealed");
  });

  it("name the chain's purpose classes without a document, and no cross-border step for same-region data", () => {
    const view = conditionsView({ conditions: { ...chain, openness: "open", granteeRegions: "same-region", purposeClasses: [200], maxTermSeconds: null }, document: null, personal: false, holder, lang: "zh-CN" });
    expect(words(zh, view)).toEqual({
      openness: "开放",
      lines: ["可授予的权利：数据加工使用权", "被授权方须与数据位于同一地区：不得跨境授权", "用途：科学研究与统计类的任何用途（2xx）", "授权期限不限"],
      differs: null,
      steps: ["向持有方City Health Commission提出申请并说明用途；授权在链上登记后方可使用数据。"],
    });
    expect(view.howToApply).toBeNull();
    expect(view.measures).toEqual([]);
  });

  it("say when the chain's conditions differ from the document's, and that the chain's apply", () => {
    expect(conditionDifferences(chain, document)).toEqual([]);
    const looser = { ...chain, rights: ["processing-use", "product-operation"], granteeRegions: "anywhere", purposeClasses: [100, 200], maxTermSeconds: null };
    expect(conditionDifferences(looser, document)).toEqual(["cond.aspect.rights", "cond.aspect.regions", "cond.aspect.purposes", "cond.aspect.term"]);
    const view = conditionsView({ conditions: looser, document, personal: false, holder, lang: "en" });
    expect(en.message(view.differs!)).toBe(
      "The chain enforces other conditions than the document states (rights, where grantees may be, purposes, and the longest term): the chain's, shown here, apply.",
    );
    // The document's codes are not what the chain enforces: its classes are named instead.
    expect(en.message(view.lines[2]!)).toBe("Purposes: any purpose of Public administration and services (1xx) and any purpose of Research and statistics (2xx)");
    expect(zh.message(conditionsView({ conditions: looser, document, personal: false, holder, lang: "zh-CN" }).differs!)).toBe(
      "链上执行的条件与元数据文件所述不同（可授予的权利、被授权方所在地、用途和最长期限）：以此处显示的链上条件为准。",
    );
    // Undeclared on chain: the document's conditions bind nobody.
    const undeclared = conditionsView({ conditions: { openness: "undeclared", rights: [], granteeRegions: null, purposeClasses: [], maxTermSeconds: null }, document, personal: false, holder, lang: "en" });
    expect(en.message(undeclared.differs!)).toBe("The document states border conditions, but none are registered on chain: the chain enforces none of them.");
    // Not open on both sides: the rest does not matter.
    expect(conditionDifferences({ ...chain, openness: "not-open", rights: [] }, { ...document, openness: "not-open", rights: ["holding"] })).toEqual([]);
    expect(conditionDifferences({ ...chain, openness: "not-open" }, document)).toEqual(["cond.aspect.openness"]);
  });

  it("give terms in years, months or days, and purposes by code, class or number", () => {
    expect(en.value(termValue(365 * 86_400))).toBe("1 year");
    expect(en.value(termValue(730 * 86_400))).toBe("2 years");
    expect(en.value(termValue(90 * 86_400))).toBe("3 months");
    expect(en.value(termValue(30 * 86_400))).toBe("1 month");
    expect(en.value(termValue(45 * 86_400))).toBe("45 days");
    expect(en.value(termValue(86_400))).toBe("1 day");
    expect(zh.value(termValue(180 * 86_400))).toBe("6个月");
    expect(en.value(termValue(3_600))).toBe("1 hour");
    expect(en.value(purposeValue(340, "en"))).toBe("Training artificial intelligence models (340)");
    expect(zh.value(purposeValue(400, "zh-CN"))).toBe("合规、安全与审计类的任何用途（4xx）");
    expect(en.value(purposeValue(999, "en"))).toBe("purpose code 999");
  });
});
