/**
 * SQL building blocks. User input only ever reaches SQL as a numbered parameter with an explicit
 * cast (the casts let PostgreSQL and PGlite type arrays and compare with the column's own type, so
 * indexes stay usable); the text of a statement comes only from this package's own constants.
 */

/** The PostgreSQL types parameters are cast to. */
export type Cast = "text" | "int4" | "int8" | "numeric" | "bool";

/** The parameters of one statement, numbered in the order they are added. */
export class Params {
  readonly values: unknown[] = [];

  /** Adds a value; returns its placeholder with the cast, e.g. `$3::int8`. */
  add(value: unknown, cast: Cast): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }

  /** Adds a list; returns its placeholder as an array, e.g. `$4::text[]`. */
  list(values: readonly unknown[], cast: Cast): string {
    this.values.push([...values]);
    return `$${this.values.length}::${cast}[]`;
  }
}

/**
 * The state a query answers from: the registry after block `number`, with clock-based statuses
 * computed at unix time `asOf`. Every nested field resolves at its root's `At`.
 */
export interface At {
  readonly number: number;
  readonly asOf: number;
  /** Identifies the state, for per-block caches. */
  readonly key: string;
}

export function at(number: number, asOf: number): At {
  return { number, asOf, key: `${number}@${asOf}` };
}

/** How a table keeps history: versioned by block range, appended with a block number, or not at all (rows of a parent). */
export type History = "versioned" | "appended" | "none";

/** The rows of `alias` that make up the state at `at` (see the migration's header comment). */
export function visibleAt(history: History, alias: string, p: Params, at: At): string {
  if (history === "none") return "true";
  const n = p.add(at.number, "int8");
  return history === "versioned" ? `${alias}.block_from <= ${n} and (${alias}.block_to is null or ${alias}.block_to > ${n})` : `${alias}.block_number <= ${n}`;
}
