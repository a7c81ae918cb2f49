/**
 * Compiles The Graph's filter dialect into a SQL condition, driven by an entity's column map:
 * `field` (equals; `null` means "is null"), `field_not`, `field_gt`/`_gte`/`_lt`/`_lte`, `field_in`,
 * `field_contains_nocase`, `field_contains` (a list column has the value), and nested `and`/`or`.
 * `and: []` matches everything and `or: []` nothing, as the empty conjunction and disjunction do.
 */
import { type EntitySpec, type FilterField, type ValueKind, exprSql } from "./entities.js";
import { badInput } from "./errors.js";
import { type LabelSet, parseAddress, parseBytes32, parseEventId, parseGrantId, parseInt8, parseLabel, parseNumeric, shown } from "./inputs.js";
import type { At, Cast, Params } from "./sql.js";

export type Filter = Readonly<Record<string, unknown>>;

type Op = "eq" | "not" | "gt" | "gte" | "lt" | "lte" | "in" | "contains_nocase" | "contains";

// Longest first, so `_contains_nocase` is not read as `_contains`.
const SUFFIXES: readonly [string, Op][] = [
  ["_contains_nocase", "contains_nocase"],
  ["_contains", "contains"],
  ["_not", "not"],
  ["_gte", "gte"],
  ["_lte", "lte"],
  ["_gt", "gt"],
  ["_lt", "lt"],
  ["_in", "in"],
];

const COMPARE: Partial<Record<Op, string>> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };

/** How many levels of `and`/`or` a filter may nest. */
export const MAX_FILTER_NESTING = 8;
/** How many values an `_in` list may hold. */
export const MAX_IN_VALUES = 1000;

/** Splits `holder_not` into `["holder", "not"]`. */
export function splitFilterKey(key: string): [field: string, op: Op] {
  for (const [suffix, op] of SUFFIXES) if (key.endsWith(suffix)) return [key.slice(0, -suffix.length), op];
  return [key, "eq"];
}

function castOf(kind: ValueKind): Cast {
  switch (kind) {
    case "int4":
      return "int4";
    case "int8":
      return "int8";
    case "grantId":
    case "numeric":
      return "numeric";
    case "bool":
      return "bool";
    default:
      return "text";
  }
}

/** Checks and normalises one filter value for its column. */
function parseValue(kind: ValueKind, value: unknown, what: string): unknown {
  switch (kind) {
    case "bytes32":
      return parseBytes32(value, what);
    case "address":
      return parseAddress(value, what);
    case "grantId":
      return parseGrantId(value, what);
    case "int8":
      return parseInt8(value, what);
    case "numeric":
      return parseNumeric(value, what);
    case "int4":
    case "bool":
    case "text":
      return value;
    case "eventId":
      return parseEventId(value, what);
    default:
      return parseLabel(value, kind.slice("label:".length) as LabelSet, what);
  }
}

/**
 * The SQL condition for `where` (`true` when it is empty). Values are checked first: a malformed one
 * is a BAD_USER_INPUT naming its path, e.g. `where.or[1].holder`.
 */
export function compileFilter(spec: EntitySpec, where: Filter | null | undefined, p: Params, at: At, path = "where", nesting = 0): string {
  if (!where) return "true";
  if (nesting > MAX_FILTER_NESTING) throw badInput(`${path} nests and/or more than ${MAX_FILTER_NESTING} levels deep`);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === "and" || key === "or") {
      if (value === null) continue;
      const list = value as readonly Filter[];
      const inner = list.map((item, i) => `(${compileFilter(spec, item, p, at, `${path}.${key}[${i}]`, nesting + 1)})`);
      parts.push(inner.length === 0 ? (key === "and" ? "true" : "false") : inner.join(key === "and" ? " and " : " or "));
      continue;
    }
    const [name, op] = splitFilterKey(key);
    const field = spec.filters[name];
    // The schema's input types decide which keys exist; a key without a column is a bug here, not bad input.
    if (!field) throw new Error(`${spec.name}_filter.${key} has no column in the GraphQL column map`);
    parts.push(condition(field, op, value, p, at, `${path}.${key}`));
  }
  return parts.length === 0 ? "true" : parts.map((part) => `(${part})`).join(" and ");
}

function condition(field: FilterField, op: Op, value: unknown, p: Params, at: At, what: string): string {
  const sql = exprSql(field.sql, p, at);
  const cast = castOf(field.kind);
  if (value === null) {
    if (op === "eq") return `${sql} is null`;
    if (op === "not") return `${sql} is not null`;
    throw badInput(`${what} cannot be null`);
  }
  if (field.kind === "eventId") return eventIdCondition(op, value, p, what);
  switch (op) {
    case "eq":
      return `${sql} = ${p.add(parseValue(field.kind, value, what), cast)}`;
    case "not":
      return `${sql} is distinct from ${p.add(parseValue(field.kind, value, what), cast)}`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return `${sql} ${COMPARE[op]} ${p.add(parseValue(field.kind, value, what), cast)}`;
    case "in": {
      const values = inList(value, what).map((v, i) => parseValue(field.kind, v, `${what}[${i}]`));
      return values.length === 0 ? "false" : `${sql} = any(${p.list(values, cast)})`;
    }
    case "contains_nocase":
      // strpos, not ILIKE: `%` and `_` in the value are plain characters, with nothing to escape.
      return `strpos(lower(${sql}), lower(${p.add(String(value), "text")})) > 0`;
    case "contains":
      return `${p.add(parseValue(field.kind, value, what), cast)} = any(${sql})`;
  }
}

function inList(value: unknown, what: string): readonly unknown[] {
  const list = value as readonly unknown[];
  if (list.length > MAX_IN_VALUES) throw badInput(`${what} lists ${list.length} values; at most ${MAX_IN_VALUES} are allowed`);
  return list;
}

function eventIdCondition(op: Op, value: unknown, p: Params, what: string): string {
  if (op === "in") {
    const ids = inList(value, what).map((v, i) => parseEventId(v, `${what}[${i}]`));
    if (ids.length === 0) return "false";
    const blocks = p.list(
      ids.map((id) => id.blockNumber),
      "int8",
    );
    const logs = p.list(
      ids.map((id) => id.logIndex),
      "int4",
    );
    return `(t.block_number, t.log_index) in (select * from unnest(${blocks}, ${logs}))`;
  }
  if (op !== "eq") throw new Error(`event id filters support equality and _in only, not ${op} (${what} ${shown(value)})`);
  const id = parseEventId(value, what);
  return `t.block_number = ${p.add(id.blockNumber, "int8")} and t.log_index = ${p.add(id.logIndex, "int4")}`;
}
