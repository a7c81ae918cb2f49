import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n/translate.js";
import { recentFilter, recentRows } from "./recent.js";
import { DATASET, HOLDER, participants } from "./testing/fixtures.js";

describe("recentFilter", () => {
  it("reads the search box as an id or content hash, a holder, or text in the metadata URI", () => {
    expect(recentFilter("", "")).toBeUndefined();
    expect(recentFilter(`  ${DATASET.toUpperCase().replace("0X", "0x")} `, "")).toEqual({ or: [{ id: DATASET }, { contentHash: DATASET }] });
    expect(recentFilter(HOLDER, "")).toEqual({ holder: HOLDER.toLowerCase() });
    expect(recentFilter("visits", "")).toEqual({ metadataURI_contains_nocase: "visits" });
    expect(recentFilter("", "disputed")).toEqual({ status: "disputed" });
    expect(recentFilter("visits", "notice")).toEqual({ and: [{ metadataURI_contains_nocase: "visits" }, { status: "notice" }] });
    // Hex of another length is just text.
    expect(recentFilter("0xabc", "")).toEqual({ metadataURI_contains_nocase: "0xabc" });
  });
});

describe("recentRows", () => {
  it("names each holder in the reader's language where its profile has that language", () => {
    const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
    const uri = `data:,${encodeURIComponent(JSON.stringify({ name: { en: "GZ Health Commission", "zh-CN": "广州市卫生健康委员会" } }))}`;
    const item = {
      id: DATASET,
      contentHash: DATASET,
      algorithm: "sha256",
      status: "confirmed",
      holderAddress: HOLDER,
      holder: { id: HOLDER, jurisdiction: "gz", metadataURI: uri },
      metadataURI: "",
      sector: 4,
      sectorName: "health",
      category: "public",
      grade: "general",
      registeredAt: "1795852800",
      registeredBlock: "12",
      metadataDocument: null,
    };
    const [row] = recentRows([item], new Map(), "zh-CN");
    expect(zh.value(row!.holder)).toBe("广州市卫生健康委员会（广州）");
    const [english] = recentRows([item], new Map(), "en");
    expect(createTranslator("en", { timeZone: "UTC" }).value(english!.holder)).toBe("GZ Health Commission (Guangzhou)");
  });

  it("shows each registration's status, holder, sector, category and time", () => {
    const en = createTranslator("en", { timeZone: "UTC" });
    const [row] = recentRows(
      [
        {
          id: DATASET,
          contentHash: DATASET,
          algorithm: "sha256",
          status: "notice",
          holderAddress: "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
          holder: { id: "0x90f79bf6eb2c4f870365e785982e1f101e93b906", jurisdiction: "mo", metadataURI: 'data:,{"name":"Macao Clinic"}' },
          metadataURI: "",
          sector: 5,
          sectorName: "transport",
          category: "enterprise",
          grade: "general",
          registeredAt: "1795852800",
          registeredBlock: "12",
          metadataDocument: null,
        },
      ],
      participants(),
    );
    expect(row!.status).toBe("notice");
    expect([row!.statusLabel, row!.holder, row!.sector, row!.category, row!.registered].map((v) => en.value(v))).toEqual([
      "In notice",
      "Macao Clinic (Macao)",
      "Transport",
      "Enterprise data",
      "Nov 28, 2026, 8:00:00 AM, block 12",
    ]);
  });
});
