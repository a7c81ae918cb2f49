import { describe, expect, it } from "vitest";
import { type GraphQLField, buildSchema, getNamedType, getNullableType, isCompositeType, isListType, isObjectType, parse } from "./graphqlJs.js";
import { typeDefs } from "./index.js";
import { UNPAGED_LIST_ROWS, estimateRows } from "./limits.js";

const schema = buildSchema(typeDefs);
const rows = (query: string, variables?: Record<string, unknown>) => estimateRows(schema, parse(query), undefined, variables, 1000);

/** Every field of an object type, outside pages, whose type is a list of objects. */
function entityLists(): string[] {
  const found: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__") || type.name.endsWith("Page")) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type))) found.push(`${type.name}.${field.name}`);
    }
  }
  return found.sort();
}

/** Every page field nested in an entity (not a root list), as `Type.field`. */
const NESTED_PAGES = [
  "Participant.organisationAccounts",
  "Participant.datasets",
  "Participant.grantsReceived",
  "Participant.grantsGiven",
  "Participant.events",
  "Dataset.versions",
  "Dataset.confirmations",
  "Dataset.objections",
  "Dataset.transfers",
  "Dataset.children",
  "Dataset.grants",
  "Dataset.events",
  "Grant.events",
  "Anchor.files",
  "Verification.anchoredIn",
  "Lineage.edges",
];

describe("the row budget", () => {
  it("leaves no list that can grow without limit outside a page", () => {
    // A dataset names at most 16 parents (the contract's MAX_PARENTS); the statistics and the catalogue's facets count labels.
    expect(entityLists()).toEqual([
      ...["sector", "category", "grade", "openness", "right", "region", "purposeClass", "status", "documentStatus"].map((facet) => `CatalogueFacets.${facet}`),
      "Dataset.parents",
      "Stats.datasetsByCategory",
      "Stats.datasetsByGrade",
      "Stats.datasetsByJurisdiction",
      "Stats.datasetsBySector",
      "Stats.datasetsByStatus",
      "Stats.grantsByRight",
      "Stats.grantsByMechanism",
      "Stats.grantsByStatus",
      "Stats.participantsByJurisdiction",
    ].sort());
    expect(UNPAGED_LIST_ROWS).toBeGreaterThanOrEqual(16);
  });

  it.each(NESTED_PAGES)("pages %s with first (default 100) and after", (name) => {
    const [typeName, fieldName] = name.split(".") as [string, string];
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`${typeName} is not an object type`);
    const field = type.getFields()[fieldName]!;
    expect(getNamedType(field.type).name).toMatch(/Page$/);
    expect(field.args.map((a) => [a.name, a.defaultValue ?? null])).toEqual(expect.arrayContaining([["first", 100], ["after", null]]));
  });

  // Each new page, under a root page of 3, as a query and what one level below it adds per row.
  const pages: [string, string][] = [
    ["Dataset.versions", `datasets(first: 3) { items { versions(first: $n) { items { id } } } }`],
    ["Dataset.confirmations", `datasets(first: 3) { items { confirmations(first: $n) { items { registrar { id } } } } }`],
    ["Dataset.objections", `datasets(first: 3) { items { objections(first: $n) { items { objector { id } } } } }`],
    ["Dataset.transfers", `datasets(first: 3) { items { transfers(first: $n) { items { id } } } }`],
    ["Dataset.children", `datasets(first: 3) { items { children(first: $n) { items { child { id } } } } }`],
    ["Participant.organisationAccounts", `participants(first: 3) { items { organisationAccounts(first: $n) { items { id } } } }`],
  ];

  it.each(pages)("counts %s by its first, times the rows of the page above", (_, selection) => {
    // The root page's 3 rows, then 3 × first rows (and as many again for a nested entity, if any).
    const perRow = selection.includes("registrar {") || selection.includes("objector {") || selection.includes("child {") ? 2 : 1;
    expect(rows(`query($n: Int) { ${selection} }`, { n: 7 })).toBe(3 + 3 * 7 * perRow);
    expect(rows(`{ ${selection.replace("$n", "50")} }`)).toBe(3 + 3 * 50 * perRow);
    // Without first, the default page of 100.
    expect(rows(`{ ${selection.replace("(first: $n)", "")} }`)).toBe(3 + 3 * 100 * perRow);
  });

  it("counts verify's files and a lineage's edges by their first", () => {
    expect(rows(`{ verify(contentHash: "0x00") { anchoredIn(first: 40) { items { path } } } }`)).toBe(1 + 40);
    expect(rows(`{ lineage(id: "0x00") { edges(first: 40) { items { edge { child { id } } } } } }`)).toBe(1 + 40 + 40 + 40);
    // Pages inside pages multiply: 10 lineage edges' children's 20 confirmations each.
    expect(rows(`{ lineage(id: "0x00") { edges(first: 10) { items { edge { child { confirmations(first: 20) { items { id } } } } } } } }`)).toBe(1 + 10 + 10 + 10 + 200);
  });

  it("counts a dataset's parents at their most, 16", () => {
    expect(rows(`{ datasets(first: 10) { items { parents { parent { id } } } } }`)).toBe(10 + 160 + 160);
  });
});
