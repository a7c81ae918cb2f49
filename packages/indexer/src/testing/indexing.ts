/**
 * Test support: run the sync stage on its own (no HTTP, no GraphQL) until it is caught up, and dump an
 * index canonically so two indexes of the same chain can be compared row for row.
 */
import type { Deployment } from "@dpr/sdk";
import pino from "pino";
import { createHandlers } from "../handlers/createHandlers.js";
import { createDecoder } from "../handlers/decode.js";
import { createMetrics } from "../metrics.js";
import { createRpc } from "../rpc/createRpc.js";
import { type Store, createStore } from "../store/createStore.js";
import { type Db, createDb } from "../store/db.js";
import { type Sync, type SyncOptions, createSync } from "../sync/createSync.js";
import { createManifestLoader } from "../sync/manifests.js";
import type { TestDatabase } from "./databases.js";

export const quietLogger = pino({ level: process.env.DPR_TEST_LOG ?? "silent" });

export interface SyncHandle {
  db: Db;
  store: Store;
  sync: Sync;
  metrics: ReturnType<typeof createMetrics>;
  close(): Promise<void>;
}

/** Opens the database and starts a sync; `close()` stops it and closes the database. */
export async function startSync(
  database: Pick<TestDatabase, "databaseUrl" | "dataDir">,
  rpcUrl: string,
  deployment: Deployment,
  options: Partial<Omit<SyncOptions, "rpc" | "store" | "writer" | "decoder" | "handlers" | "deployment" | "logger" | "metrics">> & { manifestDirs?: string[] } = {},
): Promise<SyncHandle> {
  const db = await createDb({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  const store = await createStore(db);
  const writer = await db.openSession();
  const metrics = createMetrics({ defaultMetrics: false });
  const sync = createSync({
    rpc: createRpc({ url: rpcUrl, metrics, timeoutMs: 5_000 }),
    store,
    writer,
    decoder: createDecoder(deployment.contracts),
    handlers: createHandlers(),
    deployment,
    logger: quietLogger,
    metrics,
    manifests: createManifestLoader({ store, dirs: options.manifestDirs ?? [], logger: quietLogger }),
    finalityDepth: 0,
    pollIntervalMs: 50,
    headStallTimeoutMs: 0,
    resetOnChainChange: true,
    maxBackoffMs: 500,
    ...options,
  });
  sync.start();
  return {
    db,
    store,
    sync,
    metrics,
    async close() {
      await sync.stop();
      await writer.close();
      await db.close();
    },
  };
}

/** Indexes the chain from scratch into `database` until caught up, then stops. */
export async function indexOnce(database: Pick<TestDatabase, "databaseUrl" | "dataDir">, rpcUrl: string, deployment: Deployment, options: Parameters<typeof startSync>[3] = {}): Promise<void> {
  const handle = await startSync(database, rpcUrl, deployment, options);
  try {
    await handle.sync.caughtUp();
  } finally {
    await handle.close();
  }
}

const TABLES: Record<string, string> = {
  events: "id",
  participants: "id, block_from",
  datasets: "id, block_from",
  dataset_parents: "child_id, parent_id",
  confirmations: "id",
  objections: "id, block_from",
  transfers: "id, block_from",
  grants: "id, block_from",
  anchors: "id",
  anchor_files: "anchor_id, path",
};

/**
 * Every row of every index table, in a fixed order, as JSON text per table. Block headers are left
 * out (which headers are kept depends on when each block was seen, not on the chain).
 */
export async function canonicalDump(db: Db): Promise<Record<string, string[]>> {
  const dump: Record<string, string[]> = {};
  for (const [table, order] of Object.entries(TABLES)) {
    const rows = await db.query(`select * from ${table} order by ${order}`);
    dump[table] = rows.map((row) => JSON.stringify(row));
  }
  const [checkpoint] = await db.query("select block_number, block_hash from dpr_checkpoint");
  dump.checkpoint = [JSON.stringify(checkpoint ?? null)];
  return dump;
}
