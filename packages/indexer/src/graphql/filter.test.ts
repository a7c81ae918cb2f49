import { describe, expect, it } from "vitest";
import { anchorSpec, datasetSpec, eventSpec, grantSpec, participantSpec } from "./entities.js";
import { compileFilter, splitFilterKey } from "./filter.js";
import { buildSchema, getNamedType, isInputObjectType, isListType, getNullableType } from "./graphqlJs.js";
import { typeDefs } from "./index.js";
import { Params, at } from "./sql.js";

const schema = buildSchema(typeDefs);
const SPECS = { Dataset: datasetSpec, Participant: participantSpec, Grant: grantSpec, Anchor: anchorSpec, Event: eventSpec };

/** A valid sample for a filter field, by its name and GraphQL type. */
function sample(entity: string, key: string, type: string): unknown {
  const [field] = splitFilterKey(key);
  const samples: Record<string, unknown> = {
    "Grant.id": "7",
    "Event.id": "000000000012-000003",
    "Event.grantId": "7",
    "Participant.id": `0x${"ab".repeat(20)}`,
    "Participant.roles": "registrar",
    "Event.name": "DatasetRegistered",
    "Event.contract": "datasets",
  };
  const labels: Record<string, string> = {
    category: "public",
    grade: "general",
    jurisdiction: "gz",
    status: entity === "Grant" ? "active" : "confirmed",
    right: "holding",
    mechanism: "none",
  };
  const addresses = new Set(["holder", "registrant", "grantee", "grantor", "anchorer", "actor", "participant", "organisation", "organisationKey"]);
  if (samples[`${entity}.${field}`] !== undefined) return samples[`${entity}.${field}`];
  if (labels[field]) return labels[field];
  if (addresses.has(field)) return `0x${"ab".repeat(20)}`;
  if (type === "Boolean") return true;
  if (type === "Int") return 3;
  if (type === "BigInt") return "42";
  if (type === "HashAlgorithm") return "sha256";
  if (type === "Bytes" || type === "ID") return `0x${"cd".repeat(32)}`;
  return "some words";
}

describe("the filter compiler", () => {
  it("has a column for every field of every *_filter input of the schema, and binds every value as a parameter", () => {
    let fields = 0;
    for (const [entity, spec] of Object.entries(SPECS)) {
      const input = schema.getType(`${entity}_filter`);
      if (!isInputObjectType(input)) throw new Error(`${entity}_filter is missing from the schema`);
      for (const [key, field] of Object.entries(input.getFields())) {
        if (key === "and" || key === "or") continue;
        const type = getNullableType(field.type);
        const value = sample(entity, key, getNamedType(field.type).name);
        const p = new Params();
        const sql = compileFilter(spec, { [key]: isListType(type) ? [value] : value }, p, at(10, 1000));
        expect(sql, key).not.toContain(String(value));
        expect(p.values.length, key).toBeGreaterThan(0);
        fields++;
      }
    }
    expect(fields).toBeGreaterThan(100);
  });

  it("nests and/or to a bounded depth", () => {
    const deep = (n: number): Record<string, unknown> => (n === 0 ? { sector: 1 } : { and: [deep(n - 1)] });
    expect(() => compileFilter(datasetSpec, deep(8), new Params(), at(1, 1))).not.toThrow();
    expect(() => compileFilter(datasetSpec, deep(9), new Params(), at(1, 1))).toThrowErrorMatchingInlineSnapshot(
      `[GraphQLError: where.and[0].and[0].and[0].and[0].and[0].and[0].and[0].and[0].and[0] nests and/or more than 8 levels deep]`,
    );
  });

  it("refuses an _in list longer than a page", () => {
    expect(() => compileFilter(datasetSpec, { sector_in: Array.from({ length: 1001 }, (_, i) => i) }, new Params(), at(1, 1))).toThrowErrorMatchingInlineSnapshot(
      `[GraphQLError: where.sector_in lists 1001 values; at most 1000 are allowed]`,
    );
  });
});
