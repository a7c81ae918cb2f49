import { describe, expect, it } from "vitest";
import { runInProcess } from "../testing/runInProcess.js";
import { describePurpose, withPurposeLabel } from "./purpose.js";

describe("purposes as the CLI prints them", () => {
  it("gives a listed code its label and class, in English", () => {
    expect(describePurpose(201)).toBe("201 Academic research (research and statistics)");
    expect(describePurpose(310n)).toBe("310 Insurance product design (commercial products and services)");
    expect(describePurpose(120)).toBe("120 Transport and urban planning (public administration and services)");
  });

  it("keeps the number of a code the zone's list does not name, and says so", () => {
    expect(describePurpose(299)).toBe("299 (not in the zone's list; research and statistics)");
    expect(describePurpose(7)).toBe("7 (not in the zone's list)");
    expect(describePurpose(65_535)).toBe("65535 (not in the zone's list)");
  });

  it("puts the label right after the code in an exported grant, null for an unknown code", () => {
    const grant = withPurposeLabel({ id: "1", right: "processing-use", purposeCode: 201, purposeHash: "0x01" });
    expect(Object.entries(grant)).toEqual([
      ["id", "1"],
      ["right", "processing-use"],
      ["purposeCode", 201],
      ["purpose", "Academic research"],
      ["purposeHash", "0x01"],
    ]);
    expect(withPurposeLabel({ purposeCode: 7 })).toEqual({ purposeCode: 7, purpose: null });
    expect(withPurposeLabel({ id: "x" })).toEqual({ id: "x" });
  });
});

describe("dpr purposes", () => {
  it("lists the zone's codes under their classes, in English and Chinese", async () => {
    const run = await runInProcess(["purposes"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toBe("100–199  Public administration and services · 公共管理与公共服务");
    expect(lines).toContain("200–299  Research and statistics · 科学研究与统计");
    expect(lines.find((line) => line.trim().startsWith("201 "))?.split(/\s{2,}/).slice(1)).toEqual(["201", "Academic research", "学术研究"]);
  });

  it("gives the list as JSON with --json", async () => {
    const run = await runInProcess(["purposes", "--json"]);
    const list = JSON.parse(run.stdout) as { format: string; purposes: { code: number; class: number; label: Record<string, string> }[] };
    expect(list.format).toBe("dpr-purposes/1");
    expect(list.purposes).toContainEqual({ code: 310, class: 300, label: { en: "Insurance product design", "zh-CN": "保险产品设计" } });
  });
});
