import { describe, expect, it } from "vitest";
import type { IndexedGrant } from "../graphql.js";
import { createTranslator } from "../i18n/translate.js";
import { chainGrantsView, indexedGrantsView, purposeValue } from "./grants.js";
import { GRANTEE, T0, participants } from "./testing/fixtures.js";

const en = createTranslator("en", { timeZone: "UTC" });
const row = (r: ReturnType<typeof indexedGrantsView>["rows"][number]) => ({
  id: r.id,
  right: en.value(r.right),
  grantee: en.value(r.grantee),
  purpose: en.value(r.purpose),
  expires: en.value(r.expires),
  mechanism: en.value(r.mechanism),
  status: en.value(r.status),
});

const grant = (id: string, status: string, overrides: Partial<IndexedGrant> = {}): IndexedGrant => ({
  id,
  granteeAddress: GRANTEE.toLowerCase(),
  grantee: { id: GRANTEE.toLowerCase(), jurisdiction: "hk", metadataURI: 'data:,{"name":"HK Clinic"}' },
  right: "processing-use",
  purposeCode: 201,
  startsAt: String(T0),
  expiresAt: "0",
  crossBorder: true,
  mechanism: "gba-sc-hk",
  status,
  issuedAt: String(T0),
  ...overrides,
});

describe("grants", () => {
  it("lists the indexer's grants, active first, with the grantee's name from its profile", () => {
    const view = indexedGrantsView([grant("1", "revoked"), grant("2", "active", { expiresAt: String(T0 + 86_400n), crossBorder: false, mechanism: "none" }), grant("3", "awaiting-acknowledgement")], true, participants());
    expect(view.source).toBe("indexer");
    expect(view.more).toBe(true);
    expect(view.rows.map(row)).toEqual([
      { id: "2", right: "Processing and use", grantee: "HK Clinic (Hong Kong)", purpose: "Academic research (201)", expires: "Nov 29, 2026, 8:00:00 AM", mechanism: "Not cross-border", status: "Active" },
      { id: "1", right: "Processing and use", grantee: "HK Clinic (Hong Kong)", purpose: "Academic research (201)", expires: "Never", mechanism: "GBA standard contract (Hong Kong)", status: "Revoked" },
      { id: "3", right: "Processing and use", grantee: "HK Clinic (Hong Kong)", purpose: "Academic research (201)", expires: "Never", mechanism: "GBA standard contract (Hong Kong)", status: "Awaiting the regulator" },
    ]);
  });

  it("lists the chain's active grants when the indexer is away", () => {
    const view = chainGrantsView(
      [{ grantId: 4n, grantee: GRANTEE, right: "product-operation", status: "active", purposeCode: 3, crossBorder: true, mechanism: "security-assessment", startsAt: T0, expiresAt: null }],
      participants(),
    );
    expect(view.source).toBe("chain");
    expect(view.rows.map(row)).toEqual([
      { id: "4", right: "Product operation", grantee: GRANTEE, purpose: "Code 3, not in the zone's purpose list", expires: "Never", mechanism: "Security assessment", status: "Active" },
    ]);
  });

  it("names each purpose by its label in the zone's list, in the reader's language, the code in sight", () => {
    const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
    expect(en.value(purposeValue(310, "en"))).toBe("Insurance product design (310)");
    expect(zh.value(purposeValue(310, "zh-CN"))).toBe("保险产品设计（310）");
    expect(zh.value(purposeValue(299, "zh-CN"))).toBe("用途代码 299（不在本区用途目录中）");
    const [chinese] = indexedGrantsView([grant("1", "active", { purposeCode: 120 })], false, participants(), "zh-CN").rows;
    expect(zh.value(chinese!.purpose)).toBe("交通与城市规划（120）");
    const [fromChain] = chainGrantsView(
      [{ grantId: 4n, grantee: GRANTEE, right: "processing-use", status: "active", purposeCode: 130, crossBorder: false, mechanism: "none", startsAt: T0, expiresAt: null }],
      participants(),
      "zh-CN",
    ).rows;
    expect(zh.value(fromChain!.purpose)).toBe("医疗卫生服务规划（130）");
  });
});
