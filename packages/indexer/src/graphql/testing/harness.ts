/**
 * Test support: a migrated database of either store with fixture rows, the GraphQL app over it, and
 * a small client. The app is called through `yoga.fetch` (no port) unless a test serves it itself.
 */
import { Writable } from "node:stream";
import pino from "pino";
import { type Db, type Queryable, createDb } from "../../store/db.js";
import { migrate } from "../../store/migrate.js";
import { type StoreKind, createTestDatabase } from "../../testing/databases.js";
import { type CreateGraphqlOptions, type Graphql, createGraphql } from "../index.js";

export interface GraphqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } & Record<string, unknown> }[];
}

export interface FixtureDb {
  kind: StoreKind;
  db: Db;
  close(): Promise<void>;
}

/** A fresh, migrated database of `kind` with the rows `write` puts in it. */
export async function createFixtureDb(kind: StoreKind, write: (db: Queryable) => Promise<unknown>): Promise<FixtureDb> {
  const database = await createTestDatabase(kind);
  const db = await createDb({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  try {
    await migrate(db);
    await write(db);
  } catch (error) {
    await db.close();
    await database.drop();
    throw error;
  }
  return {
    kind,
    db,
    async close() {
      await db.close();
      await database.drop();
    },
  };
}

export interface FixtureClientOptions {
  now?: number;
  limits?: CreateGraphqlOptions["limits"];
  status?: Partial<CreateGraphqlOptions["status"]>;
  metadata?: CreateGraphqlOptions["metadata"];
}

export interface FixtureClient {
  yoga: Graphql;
  /** Statements the app has sent to the database (see `countQueries`). */
  statements: { count: number; sql: string[] };
  /** Log lines the app wrote (pino JSON, parsed). */
  logs: Record<string, unknown>[];
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<GraphqlResponse<T>>;
}

/** The GraphQL app over `db` (cheap: tests make one per set of options), with a client and its logs. */
export function createFixtureClient(db: Db, options: FixtureClientOptions = {}): FixtureClient {
  const statements = { count: 0, sql: [] as string[] };
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
  const yoga = createGraphql({
    db: countQueries(db, statements),
    logger,
    now: () => options.now ?? Math.floor(Date.now() / 1000),
    status: { chainId: 31337, deploymentBlock: 1, chainHead: () => 64, hasIndexingErrors: () => false, ...options.status },
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.metadata ? { metadata: options.metadata } : {}),
  });
  return {
    yoga,
    statements,
    logs,
    async query<T>(query: string, variables?: Record<string, unknown>) {
      const response = await yoga.fetch("http://x/graphql", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, ...((await response.json()) as Omit<GraphqlResponse<T>, "status">) };
    },
  };
}

/** A Db that counts (and records) every statement it and its transactions run. */
export function countQueries(db: Db, into: { count: number; sql: string[] }): Db {
  const wrap = (target: Queryable): Queryable => ({
    query: (sql, params) => {
      into.count++;
      into.sql.push(sql);
      return target.query(sql, params);
    },
    exec: (sql) => {
      into.count++;
      into.sql.push(sql);
      return target.exec(sql);
    },
    copy: (table, columns, data) => {
      into.count++;
      into.sql.push(`copy ${table}`);
      return target.copy(table, columns, data);
    },
  });
  return {
    ...db,
    ...wrap(db),
    kind: db.kind,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    withSession: (fn) => db.withSession((session) => fn(wrap(session))),
    close: () => db.close(),
  };
}
