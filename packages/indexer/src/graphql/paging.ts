/**
 * Cursor pagination (no offsets). A page is ordered by the requested key and then by the entity's
 * unique id, so rows sharing a key value keep a fixed order; the cursor is the last row's key values,
 * and the next page starts strictly after them (`(key, id) > (cursor)` in SQL). A page therefore never
 * skips or repeats a row, however many rows share a key, and costs an index range scan rather than a
 * scan of everything before it.
 *
 * Cursors are base64url JSON `{ e, o, d, k }`: the entity, the ordering, its direction and the key
 * values. They are opaque to clients; one from another list or ordering, or an altered one, is refused.
 */
import type { EntitySpec, OrderKey } from "./entities.js";
import { exprSql } from "./entities.js";
import { badInput } from "./errors.js";
import { type Filter, compileFilter } from "./filter.js";
import { shown } from "./inputs.js";
import { type At, Params, visibleAt } from "./sql.js";

export type Direction = "asc" | "desc";

export interface PageArgs {
  where?: Filter | null | undefined;
  orderBy?: string | null | undefined;
  orderDirection?: Direction | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}

export interface Page<T> {
  items: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** `first`, checked: a whole number from 0 to `max` (default 100). More is refused, not cut. */
export function parseFirst(first: number | null | undefined, max: number): number {
  if (first === null || first === undefined) return Math.min(100, max);
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput(`first must be between 0 and ${max}, got ${first}; to read more, follow pageInfo.endCursor with after`);
  }
  return first;
}

interface CursorBody {
  e: string;
  o: string;
  d: Direction;
  k: unknown[];
}

function encodeCursor(body: CursorBody): string {
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

function keyValueOk(key: OrderKey, value: unknown): boolean {
  switch (key.cast) {
    case "int4":
    case "int8":
      return typeof value === "number" && Number.isSafeInteger(value);
    case "numeric":
      return typeof value === "string" && /^-?\d{1,78}$/.test(value);
    case "bool":
      return typeof value === "boolean";
    default:
      return typeof value === "string" && value.length <= 1024;
  }
}

/** The key values a cursor carries, checked against the list and ordering it is used with. */
export function decodeCursor(cursor: string, spec: EntitySpec, orderBy: string, direction: Direction): unknown[] {
  const keys = spec.orderings[orderBy] ?? [];
  let body: Partial<CursorBody> | undefined;
  try {
    if (cursor.length > 4096 || !/^[A-Za-z0-9_-]*$/.test(cursor)) throw new Error("not base64url");
    body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Partial<CursorBody>;
  } catch {
    body = undefined;
  }
  const valid =
    body !== undefined &&
    body !== null &&
    typeof body === "object" &&
    Array.isArray(body.k) &&
    body.k.length === keys.length &&
    keys.every((key, i) => keyValueOk(key, body!.k![i]));
  if (!valid) throw badInput(`after is not a cursor this API issued (${shown(cursor)}); pass pageInfo.endCursor unchanged`);
  if (body!.e !== spec.name || body!.o !== orderBy || body!.d !== direction) {
    throw badInput(
      `after is a cursor of another list or ordering (${body!.e} by ${body!.o} ${body!.d}), not of ${spec.name} by ${orderBy} ${direction}; pass the endCursor of this same query`,
    );
  }
  return body!.k!;
}

export interface PageQuery {
  spec: EntitySpec;
  at: At;
  args: PageArgs;
  /** The ordering when the arguments name none (the schema's default). */
  defaultOrderBy: string;
  defaultDirection?: Direction;
  maxFirst: number;
  /** A further condition, e.g. the parent a nested list belongs to. */
  extra?: (p: Params) => string;
}

export interface BuiltPage {
  sql: string;
  first: number;
  orderBy: string;
  direction: Direction;
}

/**
 * The SELECT of one page: visible rows at the block, the filter, the cursor condition, ordered by the
 * keys (`_k0`, `_k1`, … in the result) and limited to `first + 1` rows (the extra row says whether a
 * next page exists).
 */
export function buildPage(query: PageQuery, p: Params): BuiltPage {
  const { spec, at, args } = query;
  const orderBy = args.orderBy ?? query.defaultOrderBy;
  const direction = args.orderDirection ?? query.defaultDirection ?? "asc";
  const keys = spec.orderings[orderBy];
  if (!keys) throw badInput(`${spec.name} lists cannot be ordered by ${shown(orderBy)}; use one of: ${Object.keys(spec.orderings).join(", ")}`);
  const first = parseFirst(args.first, query.maxFirst);
  const keySql = keys.map((key) => exprSql(key.sql, p, at));
  const conditions = [visibleAt(spec.history, "t", p, at), compileFilter(spec, args.where, p, at)];
  if (query.extra) conditions.push(query.extra(p));
  if (args.after !== null && args.after !== undefined) {
    const values = decodeCursor(args.after, spec, orderBy, direction);
    const placeholders = keys.map((key, i) => p.add(values[i], key.cast));
    conditions.push(`(${keySql.join(", ")}) ${direction === "asc" ? ">" : "<"} (${placeholders.join(", ")})`);
  }
  const sql = `select ${spec.select(p, at)}, ${keySql.map((k, i) => `${k} as _k${i}`).join(", ")}
    from ${spec.table} t
    where ${conditions.map((c) => `(${c})`).join(" and ")}
    order by ${keySql.map((_, i) => `_k${i} ${direction}`).join(", ")}
    limit ${p.add(first + 1, "int8")}`;
  return { sql, first, orderBy, direction };
}

/** Turns the `first + 1` rows of a page query into the page, with its cursor. */
export function toPage<T extends Record<string, unknown>>(rows: readonly T[], built: BuiltPage, spec: EntitySpec, wrap: (row: T) => T = (r) => r): Page<T> {
  const items = rows.slice(0, built.first);
  const last = items[items.length - 1];
  const keyCount = spec.orderings[built.orderBy]!.length;
  return {
    items: items.map(wrap),
    pageInfo: {
      hasNextPage: rows.length > built.first,
      endCursor: last
        ? encodeCursor({ e: spec.name, o: built.orderBy, d: built.direction, k: Array.from({ length: keyCount }, (_, i) => last[`_k${i}`]) })
        : null,
    },
  };
}

/** Runs one root page query. */
export async function fetchPage<T extends Record<string, unknown>>(
  run: (sql: string, params: unknown[]) => Promise<T[]>,
  query: PageQuery,
  wrap?: (row: T) => T,
): Promise<Page<T>> {
  const p = new Params();
  const built = buildPage(query, p);
  return toPage(await run(built.sql, p.values), built, query.spec, wrap);
}
