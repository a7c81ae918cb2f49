/**
 * The server tells the truth about availability: `/ready` is 503 while the RPC node is unreachable and
 * 200 again once the indexer has caught up after it returns; `/health` stays 200 meanwhile (the process
 * is alive and retrying). On PostgreSQL, of two processes exactly one writes, and the standby takes over
 * within seconds when the writer is killed.
 */
import { registerDataset } from "@dpr/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { createTestDatabase, testStores } from "../testing/databases.js";
import { type IndexerProcess, startIndexerProcess, writeDeployment } from "../testing/indexerProcess.js";
import { createProxy } from "../testing/proxy.js";
import { type StoryChain, h, onboard, setUpChain } from "../testing/story.js";

const stores = await testStores();

let node: DevChain;
let chain: StoryChain;
let deploymentPath: string;
let counter = 0;

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 10);
  await onboard(chain);
  deploymentPath = writeDeployment(chain.deployment);
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

async function register(label: string) {
  return registerDataset(chain.as("holder"), {
    contentHash: h(`${label} ${counter++}`),
    metadataURI: `https://data.example/${label}.json`,
    category: "public",
    grade: "general",
    sector: "transport",
    jurisdiction: "GZ",
  });
}

async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, what: string, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined as T);
    if (value !== undefined && accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const datasetQuery = "query ($id: ID!) { dataset(id: $id) { id status } }";

describe.each(stores)("an RPC outage on %s", (kind) => {
  it("reports not ready while the node is unreachable, and catches up when it returns", async () => {
    const database = await createTestDatabase(kind);
    const proxy = await createProxy({ host: "127.0.0.1", port: Number(new URL(node.url).port) });
    let indexer: IndexerProcess | undefined;
    try {
      indexer = await startIndexerProcess({ rpcUrl: proxy.url, deploymentPath, databaseUrl: database.databaseUrl, dataDir: database.dataDir === "memory://" ? undefined : database.dataDir });
      await indexer.waitReady();
      const ix = indexer;

      await proxy.cut();
      const { datasetId } = await register("during the outage");
      const notReady = await until(() => ix.get("/ready"), (r) => r.status === 503, "/ready to turn 503");
      expect(notReady.body).toMatchObject({ ready: false, reason: expect.stringMatching(/^retrying: the RPC node at .* did not answer/) });
      expect((await ix.get("/health")).status).toBe(200);
      const metrics = String((await ix.get("/metrics")).body);
      // Whichever call met the outage first: the head poll, or a header fetch the sync had under way.
      expect(metrics).toMatch(/dpr_indexer_rpc_errors_total\{method="eth_(blockNumber|getBlockByNumber|getLogs)"\} [1-9]/);
      // The API still answers from the index, which does not have the new dataset yet.
      expect((await ix.graphql(datasetQuery, { id: datasetId })).data).toEqual({ dataset: null });

      await proxy.restore();
      await until(() => ix.get("/ready"), (r) => r.status === 200, "/ready to turn 200 again");
      expect((await ix.graphql(datasetQuery, { id: datasetId })).data).toEqual({ dataset: { id: datasetId, status: "pending" } });
    } finally {
      expect(await indexer?.kill("SIGTERM")).toBe(0);
      await proxy.close();
      await database.drop();
    }
  }, 180_000);
});

describe.runIf(stores.includes("postgres"))("two indexers on one PostgreSQL", () => {
  it("lets exactly one write, and the standby takes over within seconds when the writer dies", async () => {
    const database = await createTestDatabase("postgres");
    const started: IndexerProcess[] = [];
    try {
      const first = await startIndexerProcess({ rpcUrl: node.url, deploymentPath, databaseUrl: database.databaseUrl });
      started.push(first);
      await first.waitReady();
      const second = await startIndexerProcess({ rpcUrl: node.url, deploymentPath, databaseUrl: database.databaseUrl });
      started.push(second);
      await second.waitReady();
      expect([(await first.get("/ready")).body.role, (await second.get("/ready")).body.role]).toEqual(["writer", "standby"]);
      expect([await first.metric("dpr_indexer_is_writer"), await second.metric("dpr_indexer_is_writer")]).toEqual([1, 0]);

      // Both serve what the writer indexes.
      const { datasetId: before } = await register("before the failover");
      for (const indexer of [first, second]) {
        await until(() => indexer.graphql(datasetQuery, { id: before }), (r) => r.data?.dataset?.id === before, "both to serve the new dataset");
      }

      const killedAt = Date.now();
      expect(await first.kill("SIGKILL")).toBeNull();
      await until(() => second.get("/ready"), (r) => r.body.role === "writer", "the standby to become the writer", 15_000);
      const takeover = Date.now() - killedAt;
      expect(takeover).toBeLessThan(10_000);

      const { datasetId: after } = await register("after the failover");
      await until(() => second.graphql(datasetQuery, { id: after }), (r) => r.data?.dataset?.id === after, "the new writer to index");
      await until(() => second.get("/ready"), (r) => r.status === 200, "the new writer to be ready");
    } finally {
      for (const indexer of started) await indexer.kill("SIGTERM");
      await database.drop();
    }
  }, 180_000);
});
