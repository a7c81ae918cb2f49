/**
 * Versioned migrations: each runs once, in order, in its own transaction with its row in
 * `dpr_migrations`. On PostgreSQL an advisory lock keeps two processes from migrating at once.
 */
import type { Db } from "./db.js";
import * as initial from "./migrations/0001_initial.js";
import * as lifecycleV2 from "./migrations/0002_lifecycle_v2.js";
import * as attestedNames from "./migrations/0003_attested_names.js";
import * as borderConditions from "./migrations/0004_border_conditions.js";
import * as catalogue from "./migrations/0005_catalogue.js";
import * as governance from "./migrations/0006_governance.js";
import * as organisations from "./migrations/0007_organisations.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  { version: 1, ...initial },
  { version: 2, ...lifecycleV2 },
  { version: 3, ...attestedNames },
  { version: 4, ...borderConditions },
  { version: 5, ...catalogue },
  { version: 6, ...governance },
  { version: 7, ...organisations },
];

/** The advisory lock key migrations hold (PostgreSQL only). */
const MIGRATION_LOCK = 0x44505231; // "DPR1"

/** Applies the migrations the database lacks; returns the versions applied. */
export async function migrate(db: Db): Promise<number[]> {
  return db.withSession(async (session) => {
    if (db.kind === "postgres") await session.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await session.query(
        "create table if not exists dpr_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())",
      );
      const done = new Set((await session.query<{ version: number }>("select version from dpr_migrations")).map((r) => r.version));
      const applied: number[] = [];
      for (const migration of migrations) {
        if (done.has(migration.version)) continue;
        await session.query("begin");
        try {
          await session.exec(migration.sql);
          await session.query("insert into dpr_migrations (version, name) values ($1, $2)", [migration.version, migration.name]);
          await session.query("commit");
        } catch (error) {
          await session.query("rollback");
          throw error;
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      if (db.kind === "postgres") await session.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  });
}
