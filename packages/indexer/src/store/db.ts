/**
 * One small database interface over PGlite (embedded, on disk) and PostgreSQL (`pg` pool), so the
 * store, the handlers and the GraphQL resolvers run the same SQL on both.
 *
 * Values come back alike from both: `bigint`/`int8` columns as JS numbers (block numbers and unix
 * times fit; a value beyond 2^53 throws rather than rounding), `numeric` as decimal strings, `jsonb`
 * parsed, arrays as arrays.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { StoreError } from "../errors.js";
import { migrations } from "./migrate.js";

export type Row = Record<string, unknown>;

/** Something that runs SQL: the database itself or a transaction. */
export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several `;`-separated statements without parameters (migrations, scripts). */
  exec(sql: string): Promise<void>;
  /**
   * Bulk-loads rows with `COPY … FROM` in PostgreSQL's text format (`data`: one line per row, columns
   * separated by tabs, see `copyText`): PostgreSQL streams it from stdin, PGlite reads it as a blob.
   */
  copy(table: string, columns: readonly string[], data: string): Promise<void>;
}

/** A dedicated connection: session state (advisory locks) lives as long as it does. */
export interface Session extends Queryable {
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** Rejects when the connection is lost (the server went away, the session was terminated). */
  readonly lost: Promise<never>;
}

export interface Db extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs `fn` in one transaction: all of it commits, or none of it. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one dedicated connection (PostgreSQL) or the database itself (PGlite), for session
   * state such as advisory locks.
   */
  withSession<T>(fn: (session: Queryable) => Promise<T>): Promise<T>;
  /** A dedicated session (PostgreSQL: its own connection outside the pool; PGlite: the database). */
  openSession(): Promise<Session>;
  /**
   * PGlite only: when this database was created empty and has just been migrated, keeps a copy of it as
   * the template that the next new folder starts from (see `templatePaths`). Otherwise does nothing.
   */
  saveTemplate?(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** A `postgres://` URL: use PostgreSQL. Otherwise PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite's data folder (created if missing). `memory://` keeps it in memory (tests). */
  dataDir?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number | undefined;
  /** Abort a statement that runs longer than this (ms); 0 disables. Applies to PostgreSQL sessions. */
  statementTimeoutMs?: number | undefined;
}

const INT8 = 20;
const NUMERIC = 1700;

function toSafeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new StoreError(`integer ${text} is beyond JavaScript's safe range`);
  return value;
}

/** Opens the database the options name. */
export async function createDb(options: CreateDbOptions): Promise<Db> {
  return options.databaseUrl ? createPostgresDb(options.databaseUrl, options) : createPgliteDb(options.dataDir ?? ".dpr/indexer");
}

/**
 * A fresh PGlite database starts from a template when there is one: PostgreSQL's initdb in WebAssembly
 * takes seconds (8–18 s on a busy two-core machine). The first initdb on a machine leaves two templates in
 * the temporary folder, keyed by the PGlite build: a dump of the empty cluster, which an in-memory
 * database loads (about a second), and, once the store has migrated it, a copy of the data folder, keyed
 * by the migrations too, which a new folder copies with the file system and opens as an existing,
 * already migrated database (a tenth of a second, then the usual opening): a new indexer is ready sooner.
 */
function templatePaths(): { dump: string; folder: string } | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve("@electric-sql/pglite");
    const { mtimeMs, size } = statSync(entry);
    const base = join(tmpdir(), `dpr-pglite-template-${Math.round(mtimeMs)}-${size}`);
    const schema = createHash("sha256");
    for (const migration of migrations) schema.update(`${migration.version}\0${migration.sql}\0`);
    return { dump: `${base}.tar.gz`, folder: `${base}-schema-${schema.digest("hex").slice(0, 16)}.d` };
  } catch {
    return undefined;
  }
}

async function createPgliteDb(dataDir: string): Promise<Db> {
  const memory = dataDir.startsWith("memory://");
  if (!memory) mkdirSync(dataDir, { recursive: true });
  let fresh = memory || !existsSync(join(dataDir, "PG_VERSION"));
  const template = fresh ? templatePaths() : undefined;
  const emptyFolder = () => {
    for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
  };
  let copied = false;
  if (fresh && !memory && template && existsSync(join(template.folder, "PG_VERSION"))) {
    try {
      cpSync(template.folder, dataDir, { recursive: true });
      copied = true;
      fresh = false;
    } catch {
      // Only an optimisation: fall back to the dump or initdb, on a folder emptied again.
      emptyFolder();
    }
  }
  const parsers = { [INT8]: toSafeNumber, [NUMERIC]: (text: string) => text };
  const open = async (withDump?: ReturnType<typeof readFileSync>) => {
    try {
      // Loaded here, not at the top: a PostgreSQL deployment never needs PostgreSQL-in-WebAssembly in memory.
      const { PGlite } = await import("@electric-sql/pglite");
      return await PGlite.create(memory ? undefined : dataDir, { parsers, ...(withDump ? { loadDataDir: new Blob([withDump]) } : {}) });
    } catch (error) {
      throw new StoreError(`could not open the PGlite database in ${dataDir}`, { cause: error });
    }
  };
  let opened: PGlite | undefined;
  if (copied) {
    try {
      opened = await open();
    } catch {
      // A damaged template: forget it (the next new folder makes another) and start this one afresh.
      emptyFolder();
      if (template) rmSync(template.folder, { recursive: true, force: true });
      fresh = true;
    }
  }
  // The dump is read only when this folder starts from it, not when it is a copy of the template folder.
  const dump = !opened && fresh && template && existsSync(template.dump) ? readFileSync(template.dump) : undefined;
  let db = opened ?? (await open(dump));
  if (fresh && template && !dump) {
    try {
      const blob = await db.dumpDataDir("gzip");
      const partial = `${template.dump}.${process.pid}.partial`;
      writeFileSync(partial, Buffer.from(await blob.arrayBuffer()));
      renameSync(partial, template.dump);
    } catch {
      // Only an optimisation: the next fresh database runs initdb again.
    }
  }
  /** Copies the closed, freshly migrated database to the folder template, then opens it again. */
  const saveTemplate = async () => {
    if (!fresh || memory || !template || existsSync(template.folder)) return;
    fresh = false;
    await db.close();
    const partial = `${template.folder}.${process.pid}.partial`;
    try {
      cpSync(dataDir, partial, { recursive: true });
      renameSync(partial, template.folder);
    } catch {
      // Another process made it first, or the copy failed: only an optimisation.
      rmSync(partial, { recursive: true, force: true });
    }
    db = await open();
  };
  type Target = Pick<PGlite, "query" | "exec">;
  const run = async <T extends Row>(target: Target, sql: string, params?: readonly unknown[]) =>
    (await target.query<T>(sql, params ? [...params] : undefined)).rows;
  // The target is read at each call: `saveTemplate` opens the database again.
  const on = (target: () => Target): Queryable => ({
    query: (sql, params) => run(target(), sql, params),
    exec: async (sql) => void (await target().exec(sql)),
    copy: async (table, columns, data) =>
      void (await target().query(`copy ${table} (${columnList(columns)}) from '/dev/blob'`, [], { blob: new Blob([data]) })),
  });
  return {
    kind: "pglite",
    ...on(() => db),
    transaction: (fn) => db.transaction((tx) => fn(on(() => tx))),
    withSession: (fn) => fn(on(() => db)),
    saveTemplate,
    openSession: async () => ({
      ...on(() => db),
      transaction: (fn) => db.transaction((tx) => fn(on(() => tx))),
      close: async () => {},
      lost: new Promise<never>(() => {}),
    }),
    close: () => db.close(),
  };
}

async function createPostgresDb(databaseUrl: string, options: CreateDbOptions): Promise<Db> {
  const typeParsers = {
    getTypeParser: ((oid: number, format?: string) => {
      if (oid === INT8) return toSafeNumber;
      if (oid === NUMERIC) return (text: string) => text;
      return pg.types.getTypeParser(oid, format as "text");
    }) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    types: typeParsers,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client's error (the server went away) must not crash the process; the next query reports it.
  pool.on("error", () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new StoreError(`could not connect to PostgreSQL at ${redactUrl(databaseUrl)}`, { cause: error, retryable: true });
  }
  const run = async <T extends Row>(target: pg.Pool | pg.PoolClient, sql: string, params?: readonly unknown[]) =>
    (await target.query(sql, params ? [...params] : undefined)).rows as T[];
  const copyOn = async (client: pg.PoolClient | pg.Client, table: string, columns: readonly string[], data: string) => {
    const stream = client.query(copyFrom(`copy ${table} (${columnList(columns)}) from stdin`));
    await new Promise<void>((resolve, reject) => {
      stream.once("error", reject);
      stream.once("finish", resolve);
      stream.end(data);
    });
  };
  // Without parameters `pg` uses the simple query protocol, which accepts several statements.
  const on = (target: pg.Pool | pg.PoolClient): Queryable => {
    if (target instanceof pg.Pool) {
      return {
        query: (sql, params) => run(target, sql, params),
        exec: async (sql) => void (await target.query(sql)),
        async copy(table, columns, data) {
          const client = await target.connect();
          try {
            await copyOn(client, table, columns, data);
          } finally {
            client.release();
          }
        },
      };
    }
    // One connection runs one statement at a time. Callers may issue several at once (a GraphQL
    // request's loaders, in its transaction); `pg` would queue them but deprecates that, so queue here.
    let tail: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
      const result = tail.then(fn, fn);
      tail = result.catch(() => {});
      return result;
    };
    return {
      query: (sql, params) => inTurn(() => run(target, sql, params)),
      exec: (sql) => inTurn(async () => void (await target.query(sql))),
      copy: (table, columns, data) => inTurn(() => copyOn(target, table, columns, data)),
    };
  };
  return {
    kind: "postgres",
    ...on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("begin");
        const result = await fn(on(client));
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn(on(client));
      } finally {
        client.release();
      }
    },
    async openSession() {
      const client = new pg.Client({ connectionString: databaseUrl, types: typeParsers });
      let markLost: (error: Error) => void = () => {};
      const lost = new Promise<never>((_, reject) => (markLost = reject));
      lost.catch(() => {});
      client.on("error", (error) => markLost(error));
      client.on("end", () => markLost(new StoreError("the PostgreSQL session ended", { retryable: true })));
      await client.connect();
      const session = on(client as unknown as pg.PoolClient);
      return {
        ...session,
        async transaction(fn) {
          await client.query("begin");
          try {
            const result = await fn(session);
            await client.query("commit");
            return result;
          } catch (error) {
            await client.query("rollback").catch(() => {});
            throw error;
          }
        },
        close: () => client.end(),
        lost,
      };
    },
    close: () => pool.end(),
  };
}

/** Quoted column names for a column list. */
function columnList(columns: readonly string[]): string {
  return columns.map((column) => `"${column}"`).join(", ");
}

/** A database URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable database URL)";
  }
}
