/**
 * When an event handler fails anyway: the real `dpr-indexer` stops indexing at the last checkpoint
 * without writing the failing batch, keeps serving what it has, and says where it stopped (`/health`,
 * `_meta`, the log, `/metrics`); then the operator's way out (docs/operations.md, "When indexing
 * stops") — a restart with `--rebuild` — gives back an index equal to the chain. On PGlite (on disk) and
 * PostgreSQL.
 *
 * The failure is real, not a stubbed handler: the index is damaged through its own database (a
 * dataset's rows deleted), then the chain emits an event about that dataset.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freezeDataset, getDataset, registerDataset } from "@dpr/sdk";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { createIndexer } from "../createIndexer.js";
import { HandlerError, StoreError } from "../errors.js";
import { createDb } from "../store/db.js";
import { createTestDatabase, testStores } from "../testing/databases.js";
import { type IndexerProcess, startIndexerProcess, writeDeployment } from "../testing/indexerProcess.js";
import { canonicalDump, indexOnce, quietLogger, startSync } from "../testing/indexing.js";
import { type StoryChain, h, onboard, setUpChain } from "../testing/story.js";

const stores = await testStores();

let node: DevChain;
let chain: StoryChain;
let deploymentPath: string;

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 10);
  await onboard(chain);
  deploymentPath = writeDeployment(chain.deployment);
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

let labels = 0;
const register = async (label: string): Promise<Hex> =>
  (
    await registerDataset(chain.as("holder"), {
      contentHash: h(`${label} ${++labels}`),
      category: "public",
      grade: "general",
      sector: "other",
      jurisdiction: "GZ",
    })
  ).datasetId;

async function until(condition: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const DATASET = "query ($id: ID!) { dataset(id: $id) { id status frozen holderAddress } }";
const META = "{ _meta { block { number } hasIndexingErrors indexingError { message blockNumber blockHash txHash logIndex event contract } } }";

describe.each(stores)("a handler failing on %s", (kind) => {
  it("stops at the checkpoint, keeps serving and says where; --rebuild gives back the chain's index", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dpr-halt-"));
    const database = await createTestDatabase(kind, { dataDir: join(dir, "index") });
    const processes: IndexerProcess[] = [];
    const start = async (args: string[] = []) => {
      const started = await startIndexerProcess({ rpcUrl: node.url, deploymentPath, databaseUrl: database.databaseUrl, dataDir: database.dataDir, args });
      processes.push(started);
      return started;
    };
    try {
      // An index of two datasets; then it is damaged: one dataset's rows are gone.
      const damaged = await register("damaged");
      const intact = await register("intact");
      await indexOnce(database, node.url, chain.deployment);
      const db = await createDb({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
      const [{ block_number: checkpoint } = { block_number: -1 }] = await db.query<{ block_number: number }>("select block_number from dpr_checkpoint");
      await db.query("delete from datasets where id = $1", [damaged.toLowerCase()]);
      await db.close();
      expect(checkpoint).toBe(Number(await chain.publicClient.getBlockNumber()));

      // The chain moves on: a registration the index can take, then an event about the lost dataset.
      // Both fall into the batch the restarted indexer fetches first.
      const innocent = await register("innocent");
      const frozen = await freezeDataset(chain.as("regulator"), { datasetId: damaged });
      const receipt = await chain.publicClient.getTransactionReceipt({ hash: frozen.txHash });
      const at = {
        blockNumber: Number(frozen.blockNumber),
        blockHash: receipt.blockHash.toLowerCase(),
        txHash: frozen.txHash.toLowerCase(),
        logIndex: receipt.logs[0]!.logIndex,
        event: "DatasetFrozen",
        contract: "datasets",
      };
      const message = `DatasetFrozen at block ${at.blockNumber}, log ${at.logIndex}, tx ${at.txHash}: datasets ${damaged.toLowerCase()} is not known to the index (block ${at.blockNumber})`;

      const halted = await start();
      await until(async () => (await halted.get("/health").catch(() => ({ status: 0 }))).status === 503, "/health to report the failure");

      // /health and /ready name the event; the process stays up.
      expect((await halted.get("/health")).body).toEqual({ status: "unhealthy", reason: `indexing stopped: ${message}`, role: "writer" });
      const ready = await halted.get("/ready");
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ ready: false, reason: `indexing stopped: ${message}`, indexedBlock: checkpoint });

      // GraphQL answers the state of the checkpoint, and _meta says where and why indexing stopped.
      expect(await halted.graphql(META)).toEqual({
        data: { _meta: { block: { number: checkpoint }, hasIndexingErrors: true, indexingError: { message, ...at } } },
      });
      const intactNow = await halted.graphql(DATASET, { id: intact });
      expect(intactNow.data.dataset).toMatchObject({ id: intact.toLowerCase(), status: "pending", frozen: false });
      expect((await halted.graphql(DATASET, { id: innocent })).data).toEqual({ dataset: null });
      expect((await halted.get("/")).status).toBe(200);

      // The metric and the one error line carry the event's coordinates.
      const metrics = String((await halted.get("/metrics")).body);
      expect(metrics).toContain(
        `dpr_indexer_halted{kind="HandlerError",event="DatasetFrozen",contract="datasets",block="${at.blockNumber}",log_index="${at.logIndex}",tx="${at.txHash}"} 1`,
      );
      expect(metrics).toContain('dpr_indexer_sync_errors_total{kind="HandlerError"} 1');
      const lines = halted
        .log()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const errors = lines.filter((line) => Number(line.level) >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ level: 50, msg: `indexing stopped: ${message}`, indexedBlock: checkpoint, ...at, err: { type: "StoreError" } });
      expect(halted.child.exitCode).toBeNull();
      expect(await halted.kill("SIGINT")).toBe(0);

      // The failing batch left nothing: no row past the checkpoint, not even the registration before it.
      const after = await createDb({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
      try {
        const [counts] = await after.query<Record<string, number>>(
          `select (select count(*) from events where block_number > $1)::int8 as events,
                  (select count(*) from datasets where block_from > $1 or id = $2)::int8 as datasets,
                  (select count(*) from blocks where number > $1)::int8 as blocks,
                  (select block_number from dpr_checkpoint)::int8 as checkpoint`,
          [checkpoint, innocent.toLowerCase()],
        );
        expect(counts).toEqual({ events: 0, datasets: 0, blocks: 0, checkpoint });
      } finally {
        await after.close();
      }

      // A restart re-runs the failed batch from the checkpoint (it never skips it): the same version stops
      // at the same event, which is why the way out is an upgrade or, for a damaged index, a rebuild.
      const again = await start();
      await until(async () => (await again.get("/health").catch(() => ({ status: 0 }))).status === 503, "/health to report the failure again");
      expect((await again.get("/health")).body).toMatchObject({ reason: `indexing stopped: ${message}` });
      expect(await again.kill("SIGINT")).toBe(0);

      // The way out for a damaged index: restart with --rebuild.
      const rebuilt = await start(["--rebuild"]);
      await rebuilt.waitReady();
      expect((await rebuilt.get("/health")).body).toEqual({ status: "ok", reason: null, role: "writer" });
      const head = Number(await chain.publicClient.getBlockNumber());
      expect(await rebuilt.graphql(META)).toEqual({ data: { _meta: { block: { number: head }, hasIndexingErrors: false, indexingError: null } } });
      expect(await rebuilt.metric("dpr_indexer_halted")).toBe(0);
      for (const id of [damaged, intact, innocent]) {
        const onChain = await getDataset(chain.as("auditor"), { datasetId: id });
        const indexed = (await rebuilt.graphql(DATASET, { id })).data.dataset;
        expect(indexed).toEqual({ id: id.toLowerCase(), status: onChain!.status, frozen: onChain!.frozen, holderAddress: onChain!.holder.toLowerCase() });
      }
      expect((await rebuilt.graphql(DATASET, { id: damaged })).data.dataset).toMatchObject({ status: "frozen", frozen: true });
      expect(await rebuilt.kill("SIGINT")).toBe(0);

      // Row for row the index a clean run builds.
      const clean = await startSync(await createTestDatabase("pglite"), node.url, chain.deployment);
      const rebuiltDb = await createDb({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
      try {
        await clean.sync.caughtUp();
        expect(await canonicalDump(rebuiltDb)).toEqual(await canonicalDump(clean.db));
      } finally {
        await clean.close();
        await rebuiltDb.close();
      }
    } finally {
      for (const started of processes) await started.kill("SIGKILL");
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe.runIf(stores.includes("postgres"))("several indexers on PostgreSQL when a handler fails", () => {
  it("has the standbys report the writer's error, and refuses --rebuild while another indexer runs", async () => {
    const database = await createTestDatabase("postgres");
    const config = {
      rpcUrl: node.url,
      deployment: chain.deployment,
      databaseUrl: database.databaseUrl,
      port: 0,
      finalityDepth: 0,
      pollIntervalMs: 50,
      headStallTimeoutMs: 0,
      standbyPollMs: 50,
      logger: quietLogger,
    };
    const writer = await createIndexer(config);
    const standby = await createIndexer(config);
    try {
      const damaged = await register("damaged under a standby");
      await writer.start();
      await writer.ready();
      await standby.start();
      expect([writer.role, standby.role]).toEqual(["writer", "standby"]);
      await writer.db.query("delete from datasets where id = $1", [damaged.toLowerCase()]);
      const frozen = await freezeDataset(chain.as("regulator"), { datasetId: damaged });
      await expect(writer.done).rejects.toBeInstanceOf(HandlerError);

      await until(async () => (await standby.health()).unhealthy !== null, "the standby to read the writer's error");
      const { unhealthy, ready } = await standby.health();
      expect(ready).toBe(false);
      expect(unhealthy).toMatch(new RegExp(`^indexing stopped \\(on the writer\\): DatasetFrozen at block ${frozen.blockNumber}, log \\d+, tx ${frozen.txHash}: `));
      const response = await fetch(`${standby.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ _meta { hasIndexingErrors indexingError { event blockNumber txHash } } }" }),
      });
      expect(await response.json()).toEqual({
        data: { _meta: { hasIndexingErrors: true, indexingError: { event: "DatasetFrozen", blockNumber: Number(frozen.blockNumber), txHash: frozen.txHash.toLowerCase() } } },
      });
      expect((await fetch(`${standby.url}/health`)).status).toBe(503);

      const rebuilding = await createIndexer({ ...config, rebuild: true, serve: false });
      try {
        const refused: unknown = await rebuilding.start().then(() => null, (error: unknown) => error);
        expect(refused).toBeInstanceOf(StoreError);
        expect((refused as StoreError).message).toBe("cannot rebuild: another indexer holds the writer lock on this database");
      } finally {
        await rebuilding.stop();
      }
      // Refused before it touched anything: the index is still there.
      const [{ count } = { count: 0 }] = await writer.db.query<{ count: number }>("select count(*)::int8 as count from events");
      expect(count).toBeGreaterThan(0);
    } finally {
      await standby.stop();
      await writer.stop();
      await database.drop();
    }
  }, 120_000);
});
