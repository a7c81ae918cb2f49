import { buildSchema, parse, validate } from "graphql";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { emptyCatalogueQuery } from "../routes.js";
import { catalogueFilter, facetCount, oneLine } from "./catalogue.js";

const schema = buildSchema(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../../indexer/src/graphql/schema.graphql"), "utf8"));

describe("catalogueFilter", () => {
  it("reads the address's filters as a Catalogue_filter the schema accepts", () => {
    expect(catalogueFilter(emptyCatalogueQuery)).toBeUndefined();
    // The search is not a filter: it goes in `search`.
    expect(catalogueFilter({ ...emptyCatalogueQuery, q: "门诊" })).toBeUndefined();
    const where = catalogueFilter({ ...emptyCatalogueQuery, sector: "health", openness: "conditional", right: "processing-use", region: "hk", purpose: "201" });
    expect(where).toEqual({ sector_in: ["health"], openness_in: ["conditional"], right: "processing-use", region: "hk", purpose: 201 });
    const document = parse(`{ catalogue(where: ${JSON.stringify(where).replace(/"(\w+)":/g, "$1:")}) { totalCount } }`);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });

  it("counts a facet's value, 0 when the result has none", () => {
    expect(facetCount([{ value: "health", count: 3 }], "health")).toBe(3);
    expect(facetCount([{ value: "health", count: 3 }], "finance")).toBe(0);
  });
});

describe("oneLine", () => {
  it("keeps a holder's title on one line, without bidirectional tricks", () => {
    expect(oneLine("Outpatient\r\nvisits\u202E, 2025\t Q1 ")).toBe("Outpatient visits , 2025 Q1");
    expect(oneLine("门诊就诊记录")).toBe("门诊就诊记录");
  });
});
