import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/base.js";
import { Category, GranteeRegions, Grade, Jurisdiction, Openness, Right } from "../generated/enums.js";
import { SECTORS } from "../names.js";
import { borderConditionsOf, metadataContradictions, purposeAllowed } from "./borderConditions.js";
import type { DprMetadataDocument } from "./document.js";
import { parseMetadataDocument } from "./parseMetadataDocument.js";

const demo = (name: string): DprMetadataDocument => {
  const { document, problems } = parseMetadataDocument(readFileSync(new URL(`../../../../demo/metadata/${name}.json`, import.meta.url), "utf8"));
  expect(problems).toEqual([]);
  return document!;
};
const outpatient = demo("outpatient-visits-2025q1");
const outpatientRegistration = {
  category: Category.PERSONAL,
  grade: Grade.GENERAL,
  containsPersonalData: true,
  sector: SECTORS.HEALTH,
  jurisdiction: Jurisdiction.GZ,
};

describe("borderConditionsOf", () => {
  it("packs rights and purpose classes into masks and days into seconds", () => {
    // purposes [110, 130, 201, 310]: classes 1, 2 and 3.
    expect(borderConditionsOf(outpatient)).toEqual({
      openness: Openness.CONDITIONAL,
      rights: 1 << Right.PROCESSING_USE,
      regions: GranteeRegions.GBA,
      purposeClasses: (1 << 1) | (1 << 2) | (1 << 3),
      maxTerm: 365 * 86_400,
    });
    expect(borderConditionsOf(demo("vaccination-sites-2025"))).toEqual({
      openness: Openness.OPEN,
      rights: 0b111,
      regions: GranteeRegions.ANYWHERE,
      purposeClasses: 0b11110,
      maxTerm: 0,
    });
  });

  it("records not-open data as no rights and no purposes", () => {
    expect(borderConditionsOf(demo("pathogen-surveillance-2025w10"))).toEqual({
      openness: Openness.NOT_OPEN,
      rights: 0,
      regions: GranteeRegions.SAME_REGION,
      purposeClasses: 0,
      maxTerm: 0,
    });
  });

  it("refuses a document that did not pass parseMetadataDocument", () => {
    const broken = { ...outpatient, borderConditions: { ...outpatient.borderConditions, rights: [] } };
    expect(() => borderConditionsOf(broken)).toThrow(InvalidArgumentError);
  });
});

describe("metadataContradictions", () => {
  it("finds none when the registration says what the document says", () => {
    expect(metadataContradictions(outpatient, outpatientRegistration)).toEqual([]);
  });

  it("names every field on which they differ, each side as documents spell it", () => {
    expect(
      metadataContradictions(outpatient, {
        category: Category.PUBLIC,
        grade: Grade.IMPORTANT,
        containsPersonalData: false,
        sector: SECTORS.TRANSPORT,
        jurisdiction: Jurisdiction.MAINLAND_OTHER,
      }),
    ).toEqual([
      { field: "category", document: "personal", registration: "public" },
      { field: "grade", document: "general", registration: "important" },
      { field: "containsPersonalData", document: true, registration: false },
      { field: "sector", document: "health", registration: "transport" },
      { field: "jurisdiction", document: "gz", registration: "mainland-other" },
    ]);
  });

  it("shows a code the SDK cannot name as its number", () => {
    expect(metadataContradictions(outpatient, { ...outpatientRegistration, sector: 77, grade: Grade.CORE })).toEqual([
      { field: "grade", document: "general", registration: "core" },
      { field: "sector", document: "health", registration: "77" },
    ]);
  });
});

describe("purposeAllowed", () => {
  it("allows listed codes and every code of a listed class", () => {
    // outpatient lists 110, 130, 201, 310; the de-identified extract lists the classes 100 and 200.
    expect([110, 130, 201, 310].map((code) => purposeAllowed(outpatient, code))).toEqual([true, true, true, true]);
    expect([101, 120, 210, 320, 401].map((code) => purposeAllowed(outpatient, code))).toEqual([false, false, false, false, false]);
    const deidentified = demo("outpatient-visits-2025q1-deidentified");
    expect([101, 150, 230, 301, 401].map((code) => purposeAllowed(deidentified, code))).toEqual([true, true, true, false, false]);
  });

  it("allows nothing when the data is not open", () => {
    const pathogen = demo("pathogen-surveillance-2025w10");
    const listed = { ...pathogen, borderConditions: { ...pathogen.borderConditions, purposes: [110] } };
    expect(purposeAllowed(listed, 110)).toBe(false);
  });
});
