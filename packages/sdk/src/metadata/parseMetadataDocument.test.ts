import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { GranteeRegions, Jurisdiction, Openness, Right } from "../generated/enums.js";
import { SECTORS } from "../names.js";
import { toLabel } from "../reads/format.js";
import { METADATA_FIELD_TYPES, METADATA_FORMAT, METADATA_SCHEMA_ID, UPDATE_FREQUENCIES } from "./document.js";
import schema from "./dpr-metadata-1.schema.json" with { type: "json" };
import { metadataDescription, metadataTitle } from "./metadataText.js";
import { MAX_METADATA_BYTES, parseMetadataDocument, pointerToPath } from "./parseMetadataDocument.js";

const demoDir = new URL("../../../../demo/metadata/", import.meta.url);
const demoNames = readdirSync(demoDir).filter((name) => name.endsWith(".json"));
const demoText = (name: string) => readFileSync(new URL(name, demoDir), "utf8");

/** The smallest valid document; each defect below is one change to it. */
const minimal = () => ({
  format: "dpr-metadata/1",
  title: { zh: "门诊就诊", en: "Outpatient visits" },
  description: { en: "Visits by department." },
  sector: "health",
  category: "public",
  grade: "general",
  containsPersonalData: false,
  jurisdiction: "gz",
  publisher: { name: { en: "Health Commission" } },
  contactPoint: { name: "Data office", email: "data@health.example" },
  licence: { title: { en: "CC BY 4.0" } },
  borderConditions: { openness: "open", rights: ["processing-use"], granteeRegions: "gba", purposes: [110, 200] },
});
type Draft = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The problems of the minimal document after `change`. */
const problemsAfter = (change: (document: Draft) => void) => {
  const document: Draft = minimal();
  change(document);
  const result = parseMetadataDocument(JSON.stringify(document));
  expect(result.document).toBeNull();
  return result.problems;
};
const messagesAfter = (change: (document: Draft) => void) => problemsAfter(change).map((p) => p.message);

describe("the demo documents", () => {
  it("are all of format dpr-metadata/1 and valid", () => {
    expect(demoNames).toHaveLength(14);
    for (const name of demoNames) {
      const { document, problems } = parseMetadataDocument(demoText(name));
      expect({ name, problems }).toEqual({ name, problems: [] });
      expect(document!.format).toBe(METADATA_FORMAT);
      expect(document!.uri).toBe(`dpr-demo://metadata/${name}`);
    }
  });

  it("differ in their border conditions, and the outpatient ones are found by 门诊 and outpatient", () => {
    const documents = demoNames.map((name) => parseMetadataDocument(demoText(name)).document!);
    expect(new Set(documents.map((d) => d.borderConditions.openness))).toEqual(new Set(["open", "conditional", "not-open"]));
    expect(new Set(documents.map((d) => d.borderConditions.granteeRegions))).toEqual(new Set(["same-region", "gba", "anywhere"]));
    expect(new Set(documents.map((d) => d.borderConditions.rights.join()))).toHaveProperty("size", 5);
    expect(new Set(documents.map((d) => d.borderConditions.maxTermDays)).size).toBeGreaterThan(3);
    for (const document of documents.filter((d) => d.identifier!.startsWith("outpatient"))) {
      expect(document.keywords!.zh).toContain("门诊");
      expect(document.keywords!.en).toContain("outpatient");
    }
  });

  it("describe their files: size, checksum and, for a CSV, its header", () => {
    for (const name of demoNames) {
      const document = parseMetadataDocument(demoText(name)).document!;
      const distribution = document.distributions![0]!;
      const bytes = readFileSync(new URL(`../../../../demo/${distribution.downloadURL!.slice("dpr-demo://".length)}`, import.meta.url));
      expect(distribution.byteSize).toBe(bytes.length);
      if (distribution.mediaType !== "text/csv") continue;
      const header = bytes
        .toString("utf8")
        .split("\n")
        .find((line) => !line.startsWith("#"))!;
      expect(document.fields!.map((f) => f.name).join(",")).toBe(header.trim());
    }
  });

  it("keep title and description readable by metadataTitle and metadataDescription", () => {
    const text = demoText("metro-ridership-2025-01.json");
    expect(metadataTitle(text, "zh-CN")).toBe("2025年1月地铁线网客流");
    expect(metadataDescription(text, "en")).toMatch(/boardings/);
  });
});

describe("the schema", () => {
  it("has a stable id and the SDK's names for its enumerations", () => {
    expect(schema.$id).toBe(METADATA_SCHEMA_ID);
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.properties.format.const).toBe(METADATA_FORMAT);
    expect([...schema.properties.sector.enum].sort()).toEqual(Object.keys(SECTORS).map(toLabel).sort());
    expect([...schema.$defs.jurisdiction.enum].sort()).toEqual(Object.keys(Jurisdiction).map(toLabel).sort());
    expect(schema.$defs.borderConditions.properties.rights.items.enum).toEqual(Object.keys(Right).map(toLabel));
    expect(schema.$defs.borderConditions.properties.openness.enum).toEqual(Object.keys(Openness).filter((name) => name !== "UNDECLARED").map(toLabel));
    expect(schema.$defs.borderConditions.properties.granteeRegions.enum).toEqual(Object.keys(GranteeRegions).map(toLabel));
    expect(schema.properties.updateFrequency.enum).toEqual(UPDATE_FREQUENCIES);
    expect(schema.$defs.field.properties.type.enum).toEqual(METADATA_FIELD_TYPES);
  });
});

describe("parseMetadataDocument", () => {
  it("reads a minimal document, with a byte-order mark and x- extensions", () => {
    const text = JSON.stringify({ ...minimal(), "x-catalogue": { shelf: 3 } });
    expect(parseMetadataDocument(text).problems).toEqual([]);
    expect(parseMetadataDocument(`\uFEFF${text}`).document).toMatchObject({ title: { en: "Outpatient visits" }, "x-catalogue": { shelf: 3 } });
  });

  it("allows empty rights and purposes only when the data is not open", () => {
    const notOpen = { ...minimal(), borderConditions: { openness: "not-open", rights: [], granteeRegions: "same-region", purposes: [] } };
    expect(parseMetadataDocument(JSON.stringify(notOpen)).problems).toEqual([]);
    expect(
      messagesAfter((d) => {
        d.borderConditions = { openness: "conditional", rights: [], granteeRegions: "same-region", purposes: [] };
      }),
    ).toMatchInlineSnapshot(`
      [
        "borderConditions.purposes: must name at least one purpose code or class: the data is conditional",
        "borderConditions.rights: must name at least one right: the data is conditional",
      ]
    `);
  });

  it("refuses what is not a JSON object, or larger than 1 MiB", () => {
    // V8's own words differ between Node.js lines (24 adds the line and column), so only ours are pinned.
    expect(parseMetadataDocument("{").problems).toEqual([
      { path: "", message: expect.stringMatching(/^document: not JSON \(.*position 1\b.*\)$/) },
    ]);
    expect(parseMetadataDocument("[1]").problems).toMatchInlineSnapshot(`
      [
        {
          "message": "document: must be a JSON object, not a list",
          "path": "",
        },
      ]
    `);
    const padded = JSON.stringify({ ...minimal(), "x-padding": "门".repeat(MAX_METADATA_BYTES / 3) });
    expect(padded.length).toBeLessThan(MAX_METADATA_BYTES);
    expect(parseMetadataDocument(padded).problems).toMatchInlineSnapshot(`
      [
        {
          "message": "document: larger than 1 MiB (1048576 bytes of UTF-8), the most a document may be",
          "path": "",
        },
      ]
    `);
  });

  it("points at each problem with a JSON pointer", () => {
    expect(problemsAfter((d) => (d.borderConditions.purposes = [110, 200, 999]))).toEqual([
      { path: "/borderConditions/purposes/2", message: "borderConditions.purposes[2]: 999 is not a purpose code or class of the zone's list" },
    ]);
    expect(pointerToPath("/title/zh-HK")).toBe('title["zh-HK"]');
    expect(pointerToPath("/fields/0/a~1b")).toBe('fields[0]["a/b"]');
    expect(pointerToPath("")).toBe("document");
  });

  it("refuses missing, unknown and mistyped fields, naming each", () => {
    expect(
      messagesAfter((d) => {
        delete d.format;
        delete d.licence;
        d.colour = "blue";
        d.publisher.url = "https://x.example";
        d.containsPersonalData = "no";
        d.title = {};
        d.description = { en: "" };
        d.keywords = { en: "outpatient" };
      }),
    ).toMatchInlineSnapshot(`
      [
        "format: is missing",
        "licence: is missing",
        "colour: is not a field of dpr-metadata/1 (extensions must start with "x-")",
        "title: needs a text in at least one language",
        "description.en: must not be empty",
        "keywords.en: must be a list, not string "outpatient"",
        "containsPersonalData: must be true or false, not string "no"",
        "publisher.url: is not a field here",
      ]
    `);
  });

  it("refuses names outside the format's enumerations", () => {
    expect(
      messagesAfter((d) => {
        d.format = "dpr-demo-metadata/1";
        d.sector = "weather";
        d.category = "secret";
        d.grade = "core";
        d.jurisdiction = "GZ";
        d.updateFrequency = "half-yearly";
        d.fields = [{ name: "a", type: "text" }];
        d.borderConditions.openness = "closed";
        d.borderConditions.rights = ["processing_use"];
        d.borderConditions.granteeRegions = "world";
      }),
    ).toMatchInlineSnapshot(`
      [
        "format: must be "dpr-metadata/1", not "dpr-demo-metadata/1"",
        "sector: "weather" is not one of: population, finance, health, education, transport, biosafety, other",
        "category: "secret" is not one of: public, enterprise, personal",
        "grade: "core" is not one of: general, important",
        "jurisdiction: "GZ" is not one of: gz, hk, mo, mainland-other, other, shenzhen, zhuhai, foshan, huizhou, dongguan, zhongshan, jiangmen, zhaoqing",
        "updateFrequency: "half-yearly" is not one of: continuous, daily, weekly, monthly, quarterly, semiannual, annual, irregular, never",
        "fields[0].type: "text" is not one of: string, integer, number, boolean, date, datetime, code",
        "borderConditions.openness: "closed" is not one of: open, conditional, not-open",
        "borderConditions.rights[0]: "processing_use" is not one of: holding, processing-use, product-operation",
        "borderConditions.granteeRegions: "world" is not one of: same-region, gba, anywhere",
      ]
    `);
  });

  it("refuses malformed texts: language tags, identifier, URIs, email, telephone, dates, media type, checksum", () => {
    expect(
      messagesAfter((d) => {
        d.title = { chinese: "门诊" };
        d.identifier = "outpatient visits";
        d.uri = "outpatient.json";
        d.publisher.homepage = "ftp://health.example";
        d.contactPoint = { name: "Data office", email: "data-at-health.example", telephone: "call us" };
        d.issued = "10/04/2025";
        d.distributions = [{ mediaType: "CSV", byteSize: -1, downloadURL: "https://x.example/a b.csv", checksum: { algorithm: "md5", value: "0xABC" } }];
      }),
    ).toMatchInlineSnapshot(`
      [
        "uri: "outpatient.json" must be an absolute URI (scheme:…, no spaces)",
        "identifier: "outpatient visits" must be 1 to 128 letters, digits, dots, underscores or hyphens",
        "title.chinese: "chinese" is not a language tag (BCP 47, e.g. zh, zh-HK, en)",
        "publisher.homepage: "ftp://health.example" must be an http(s) URL",
        "contactPoint.email: "data-at-health.example" must be an email address",
        "contactPoint.telephone: "call us" must be a telephone number (digits, spaces, brackets and hyphens, optionally after +)",
        "issued: "10/04/2025" must be a date, YYYY-MM-DD",
        "distributions[0].mediaType: "CSV" must be a media type such as text/csv",
        "distributions[0].byteSize: -1 is less than 0",
        "distributions[0].downloadURL: "https://x.example/a b.csv" must be an absolute URI (scheme:…, no spaces)",
        "distributions[0].checksum.algorithm: must be "sha256", not "md5"",
        "distributions[0].checksum.value: "0xABC" must be "0x" and 64 lower-case hex digits",
      ]
    `);
  });

  it("refuses a contact point with neither email nor telephone", () => {
    expect(messagesAfter((d) => (d.contactPoint = { name: "Data office" }))).toMatchInlineSnapshot(`
      [
        "contactPoint: needs an email or a telephone",
      ]
    `);
  });

  it("refuses impossible dates and periods that end before they start", () => {
    expect(
      messagesAfter((d) => {
        d.issued = "2025-04-10";
        d.modified = "2025-04-01";
        d.temporalCoverage = { start: "2025-03-31", end: "2025-01-01" };
        d.spatialCoverage = { jurisdictions: ["gz", "gz"] };
      }),
    ).toMatchInlineSnapshot(`
      [
        "spatialCoverage.jurisdictions: items 0 and 1 are the same",
        "temporalCoverage.end: 2025-01-01 is before the start, 2025-03-31",
        "modified: 2025-04-01 is before issued, 2025-04-10",
      ]
    `);
    expect(messagesAfter((d) => (d.temporalCoverage = { start: "2025-02-29" }))).toMatchInlineSnapshot(`
      [
        "temporalCoverage.start: "2025-02-29" is not a date of the calendar",
      ]
    `);
  });

  it("refuses border conditions outside the zone's purposes, repeated entries and terms out of range", () => {
    expect(
      messagesAfter((d) => {
        d.borderConditions.purposes = [110, 999, 500, 1.5, 110];
        d.borderConditions.rights = ["holding", "holding"];
        d.borderConditions.maxTermDays = 49_711;
      }),
    ).toMatchInlineSnapshot(`
      [
        "borderConditions.rights: items 0 and 1 are the same",
        "borderConditions.purposes[3]: must be a whole number, not number 1.5",
        "borderConditions.purposes: items 0 and 4 are the same",
        "borderConditions.maxTermDays: 49711 is more than 49710",
        "borderConditions.purposes[1]: 999 is not a purpose code or class of the zone's list",
        "borderConditions.purposes[2]: 500 is not a purpose code or class of the zone's list",
      ]
    `);
    expect(messagesAfter((d) => (d.borderConditions.maxTermDays = 0))).toMatchInlineSnapshot(`
      [
        "borderConditions.maxTermDays: 0 is less than 1",
      ]
    `);
  });

  it("refuses personal columns or a personal category in a document without personal data, and columns named twice", () => {
    expect(
      messagesAfter((d) => {
        d.category = "personal";
        d.fields = [
          { name: "patient_name", type: "string", personal: true },
          { name: "patient_name", type: "string" },
        ];
      }),
    ).toMatchInlineSnapshot(`
      [
        "containsPersonalData: must be true: the category is "personal"",
        "fields[0].personal: a personal column in a document whose containsPersonalData is false",
        "fields[1].name: "patient_name" is also the name of fields[0]",
      ]
    `);
  });
});
