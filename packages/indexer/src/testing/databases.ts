/**
 * Test support: the stores every indexer suite runs against. PGlite always; PostgreSQL when a server
 * answers at `DPR_TEST_POSTGRES_URL` (default `postgres://dpr:dpr@127.0.0.1:5432/postgres`, the role
 * `.ci/run` creates). With `CI=true` a missing PostgreSQL fails the run instead of skipping it.
 *
 * Each call of `createTestDatabase("postgres")` creates a fresh database and drops it afterwards, so
 * suites never see each other's rows.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { redactUrl } from "../store/db.js";

export type StoreKind = "pglite" | "postgres";

export const postgresAdminUrl = process.env.DPR_TEST_POSTGRES_URL ?? "postgres://dpr:dpr@127.0.0.1:5432/postgres";

let available: Promise<boolean> | undefined;

/** Whether the test PostgreSQL answers (memoised). */
export function postgresAvailable(): Promise<boolean> {
  available ??= (async () => {
    const client = new pg.Client({ connectionString: postgresAdminUrl, connectionTimeoutMillis: 3_000 });
    try {
      await client.connect();
      await client.query("select 1");
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return available;
}

/**
 * The stores to run a suite on, for `describe.each`. Call at module level with top-level await.
 * Without PostgreSQL: under CI=true it throws; otherwise it warns once and returns only PGlite.
 */
export async function testStores(): Promise<StoreKind[]> {
  if (await postgresAvailable()) return ["pglite", "postgres"];
  const message = `PostgreSQL is not reachable at ${redactUrl(postgresAdminUrl)}: the PostgreSQL half of the indexer tests cannot run`;
  if (process.env.CI === "true") throw new Error(`${message} (CI=true: .ci/run installs and starts it)`);
  if (!warned) {
    warned = true;
    console.warn(`${message}; skipping it. Set DPR_TEST_POSTGRES_URL or start PostgreSQL to run it.`);
  }
  return ["pglite"];
}
let warned = false;

export interface TestDatabase {
  kind: StoreKind;
  /** `DATABASE_URL` for PostgreSQL, undefined for PGlite. */
  databaseUrl: string | undefined;
  /** PGlite's data folder (`memory://` unless a folder was asked for). */
  dataDir: string;
  drop(): Promise<void>;
}

/** A fresh, empty database of the kind. PGlite lives in memory unless `dataDir` is given. */
export async function createTestDatabase(kind: StoreKind, options: { dataDir?: string } = {}): Promise<TestDatabase> {
  if (kind === "pglite") return { kind, databaseUrl: undefined, dataDir: options.dataDir ?? "memory://", drop: async () => {} };
  const name = `dpr_test_${randomBytes(6).toString("hex")}`;
  await admin(`create database ${name}`);
  const url = new URL(postgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    databaseUrl: url.toString(),
    dataDir: "",
    drop: () => dropDatabase(name),
  };
}

/**
 * `drop database … with (force)` ends the sessions still connected, and refuses when one of them
 * belongs to a role the test role may not signal: an autovacuum worker that has just started on the
 * database is such a session, unless the role is in `pg_signal_backend` (as `.ci/run` makes it).
 * The worker is gone within moments, so the drop is tried again a few times before failing.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin(`drop database if exists ${name} with (force)`);
    } catch (error) {
      const insufficientPrivilege = (error as { code?: string }).code === "42501";
      if (!insufficientPrivilege || attempt === 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresAdminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
