import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./errors/base.js";
import { Category, Derivation, Grade, Jurisdiction, Right, Role, TransferMechanism } from "./generated/enums.js";
import {
  SECTORS,
  datasetStatusName,
  grantStatusName,
  jurisdictionName,
  parseCategory,
  parseDerivation,
  parseGrade,
  parseJurisdiction,
  parseRight,
  parseRoles,
  parseSector,
  parseTransferMechanism,
  roleNames,
  sectorName,
} from "./names.js";
import { labels } from "./reads/format.js";

describe("names", () => {
  it("parses enum names in any case, with - or spaces for _", () => {
    expect(parseJurisdiction("mainland-other")).toBe(Jurisdiction.MAINLAND_OTHER);
    expect(parseCategory("Personal")).toBe(Category.PERSONAL);
    expect(parseGrade("IMPORTANT")).toBe(Grade.IMPORTANT);
    expect(parseDerivation("de identification")).toBe(Derivation.DE_IDENTIFICATION);
    expect(parseRight("processing-use")).toBe(Right.PROCESSING_USE);
    expect(parseTransferMechanism("gba-sc-hk")).toBe(TransferMechanism.GBA_SC_HK);
    expect(parseJurisdiction(Jurisdiction.HK)).toBe(Jurisdiction.HK);
  });

  it("names the GBA's eight other mainland cities, appended after OTHER, and reads them back from their labels", () => {
    const cities = ["SHENZHEN", "ZHUHAI", "FOSHAN", "HUIZHOU", "DONGGUAN", "ZHONGSHAN", "JIANGMEN", "ZHAOQING"] as const;
    expect(cities.map((city) => Jurisdiction[city])).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(cities.map((city) => labels.jurisdiction(Jurisdiction[city]))).toEqual([
      "shenzhen",
      "zhuhai",
      "foshan",
      "huizhou",
      "dongguan",
      "zhongshan",
      "jiangmen",
      "zhaoqing",
    ]);
    for (const city of cities) {
      expect(jurisdictionName(Jurisdiction[city])).toBe(city);
      expect(parseJurisdiction(labels.jurisdiction(Jurisdiction[city]))).toBe(Jurisdiction[city]);
    }
    expect(parseJurisdiction("Shenzhen")).toBe(Jurisdiction.SHENZHEN);
    expect(() => parseJurisdiction("beijing")).toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: unknown jurisdiction "beijing"
      Hint: use one of: GZ, HK, MO, MAINLAND_OTHER, OTHER, SHENZHEN, ZHUHAI, FOSHAN, HUIZHOU, DONGGUAN, ZHONGSHAN, JIANGMEN, ZHAOQING]
    `);
    expect(() => jurisdictionName(13)).toThrow(InvalidArgumentError);
  });

  it("refuses unknown names and values, listing the valid ones", () => {
    expect(() => parseRight("ownership")).toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: unknown right "ownership"
      Hint: use one of: HOLDING, PROCESSING_USE, PRODUCT_OPERATION]
    `);
    expect(() => parseGrade(7)).toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: unknown grade 7
      Hint: use one of: GENERAL, IMPORTANT, CORE]
    `);
    expect(() => parseJurisdiction("constructor")).toThrow(InvalidArgumentError);
  });

  it("turns role names into the directory's bitmask and back", () => {
    expect(parseRoles(["holder", "REGULATOR"])).toBe((1 << Role.HOLDER) | (1 << Role.REGULATOR));
    expect(roleNames(0b1010)).toEqual(["REGISTRAR", "AUDITOR"]);
    expect(() => parseRoles(["HOLDER", "holder"])).toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: role HOLDER is named twice]`);
    expect(() => parseRoles([])).toThrow(InvalidArgumentError);
  });

  it("takes a sector as a name, a number or a decimal string, within uint16", () => {
    expect(parseSector("health")).toBe(SECTORS.HEALTH);
    expect(parseSector("Biosafety")).toBe(6);
    expect(parseSector(42)).toBe(42);
    expect(parseSector("42")).toBe(42);
    expect(sectorName(5)).toBe("TRANSPORT");
    expect(sectorName(42)).toBeUndefined();
    expect(() => parseSector(65_536)).toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: sector 65536 is not a sector code
      Hint: a sector code is an integer from 0 to 65535]
    `);
    expect(() => parseSector(1.5)).toThrow(InvalidArgumentError);
  });

  it("names statuses", () => {
    expect(datasetStatusName(2)).toBe("NOTICE");
    expect(grantStatusName(1)).toBe("AWAITING_ACKNOWLEDGEMENT");
    expect(() => datasetStatusName(99)).toThrow(InvalidArgumentError);
  });
});
