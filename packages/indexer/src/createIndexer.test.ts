/**
 * The assembled indexer in-process against a real Hardhat node: the server's endpoints, the head
 * watchdog, one process per PGlite folder, and what happens when the chain under an index changes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployContracts, registerDataset } from "@dpr/sdk";
import { createWalletClient, http } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { type Indexer, createIndexer } from "./createIndexer.js";
import { ChainMismatchError, StoreError } from "./errors.js";
import { quietLogger } from "./testing/indexing.js";
import { MNEMONIC, type StoryChain, h, onboard, setUpChain } from "./testing/story.js";

let node: DevChain;
let chain: StoryChain;
let work: string;

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 10);
  await onboard(chain);
  await registerDataset(chain.as("holder"), { contentHash: h("server test"), category: "public", grade: "general", sector: "other", jurisdiction: "GZ" });
  work = mkdtempSync(join(tmpdir(), "dpr-indexer-test-"));
}, 120_000);

afterAll(async () => {
  await node?.stop();
  rmSync(work, { recursive: true, force: true });
});

const config = (overrides: Partial<Parameters<typeof createIndexer>[0]> = {}) => ({
  rpcUrl: node.url,
  deployment: chain.deployment,
  dataDir: "memory://",
  port: 0,
  finalityDepth: 0,
  pollIntervalMs: 50,
  headStallTimeoutMs: 0,
  logger: quietLogger,
  ...overrides,
});

async function until(condition: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the server", () => {
  let indexer: Indexer;
  let web: string;

  beforeAll(async () => {
    web = join(work, "web");
    mkdirSync(join(web, "assets"), { recursive: true });
    writeFileSync(join(web, "index.html"), "<!doctype html><title>DPR verifier</title>");
    writeFileSync(join(web, "assets", "app.js"), "console.log('app')");
    indexer = await createIndexer(config({ webRoot: web, publicRpcUrl: "https://rpc.zone.example/v1" }));
    await indexer.start();
    await indexer.ready();
  }, 60_000);

  afterAll(async () => {
    await indexer?.stop();
  });

  const get = (path: string, init?: RequestInit) => fetch(`${indexer.url}${path}`, init);

  it("answers /health and /ready with the indexed block and the head", async () => {
    const head = Number(await chain.publicClient.getBlockNumber());
    const health = await get("/health");
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", reason: null, role: "writer" });
    const ready = await get("/ready");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, reason: null, role: "writer", indexedBlock: head, chainHead: head, lag: 0 });
  });

  it("exposes Prometheus metrics for the indexed block, head, lag, events, reorgs and RPC errors", async () => {
    const text = await (await get("/metrics")).text();
    const head = Number(await chain.publicClient.getBlockNumber());
    expect(text).toContain(`dpr_indexer_indexed_block ${head}`);
    expect(text).toContain(`dpr_indexer_chain_head ${head}`);
    expect(text).toContain("dpr_indexer_lag_blocks 0");
    expect(text).toMatch(/dpr_indexer_events_total \d+/);
    expect(text).toContain("dpr_indexer_reorgs_total 0");
    expect(text).toContain("# TYPE dpr_indexer_rpc_errors_total counter");
    expect(text).toContain("dpr_indexer_events_per_second");
    expect(text).toContain("dpr_indexer_process_resident_memory_bytes");
  });

  it("serves the deployment record the page reads", async () => {
    const response = await get("/api/deployment");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const body = (await response.json()) as { chainId: number; contracts: Record<string, string> };
    expect(body.chainId).toBe(31337);
    expect(body.contracts.datasets?.toLowerCase()).toBe(chain.deployment.contracts.datasets.toLowerCase());
    expect((await get("/api/nothing")).status).toBe(404);
  });

  it("tells the page the JSON-RPC URL for browsers the operator set, and none when unset", async () => {
    const response = await get("/api/web-config");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ rpcUrl: "https://rpc.zone.example/v1" });

    // Unset, the indexer's own --rpc URL (often an address inside the zone) is not handed out.
    const unset = await createIndexer(config());
    try {
      await unset.start();
      expect(await (await fetch(`${unset.url}/api/web-config`)).json()).toEqual({ rpcUrl: null });
    } finally {
      await unset.stop();
    }
  });

  it("serves the web page, its assets, and the page for client-side routes, but not files outside it", async () => {
    expect(await (await get("/")).text()).toContain("DPR verifier");
    expect(await (await get("/dataset/0x1234")).text()).toContain("DPR verifier");
    const asset = await get("/assets/app.js");
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await get("/assets/missing.js")).status).toBe(404);
    // A path climbing out of the page's folder gets the page, never the file.
    expect(await (await get("/%2e%2e/%2e%2e/etc/passwd")).text()).toContain("DPR verifier");
    expect((await get("/", { method: "DELETE" })).status).toBe(405);
  });

  it("serves GraphQL at /graphql", async () => {
    const response = await get("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ _meta { block { number } hasIndexingErrors } }" }),
    });
    expect(await response.json()).toEqual({ data: { _meta: { block: { number: Number(await chain.publicClient.getBlockNumber()) }, hasIndexingErrors: false } } });
  });

  it("serves GraphiQL to a browser from itself, loading nothing from another host", async () => {
    const response = await get("/graphql", { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("DPR audit API");
    expect(html).toContain("GraphiQL");
    // yoga's default page loads GraphiQL from unpkg.com; this one has it inline.
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toContain("unpkg.com");
  });
});

describe("the head watchdog", () => {
  it("turns /health red when no block arrives in time, and green when one does", async () => {
    const indexer = await createIndexer(config({ headStallTimeoutMs: 400 }));
    try {
      await indexer.start();
      await indexer.ready();
      await until(async () => (await fetch(`${indexer.url}/health`)).status === 503, "the watchdog to fire");
      const body = (await (await fetch(`${indexer.url}/health`)).json()) as { reason: string };
      expect(body.reason).toBe("the chain head has stopped advancing");
      expect(await (await fetch(`${indexer.url}/metrics`)).text()).toContain("dpr_indexer_head_stalled 1");
      await chain.testClient.mine({ blocks: 1 });
      await until(async () => (await fetch(`${indexer.url}/health`)).status === 200, "the head to advance");
    } finally {
      await indexer.stop();
    }
  }, 60_000);
});

describe("a PGlite folder", () => {
  it("serves one indexer process at a time", async () => {
    const dataDir = join(work, "locked");
    const first = await createIndexer(config({ dataDir, serve: false }));
    try {
      await expect(createIndexer(config({ dataDir, serve: false }))).rejects.toThrow(StoreError);
      await expect(createIndexer(config({ dataDir, serve: false }))).rejects.toThrow(/another indexer \(pid \d+\) is using/);
    } finally {
      await first.stop();
    }
    const again = await createIndexer(config({ dataDir, serve: false }));
    await again.stop();
  }, 60_000);
});

describe("a different chain under an existing index", () => {
  it("starts over by default, and stops with --on-chain-change fail", async () => {
    const dataDir = join(work, "rebuilt");
    const first = await createIndexer(config({ dataDir, serve: false }));
    await first.start();
    await first.ready();
    const [before] = await first.db.query<{ count: number }>("select count(*)::int8 as count from events");
    await first.stop();

    // A second deployment on the same node: another identity.
    const admin = createWalletClient({ chain: hardhat, transport: http(node.url), account: mnemonicToAccount(MNEMONIC, { addressIndex: 0 }) });
    const other = await deployContracts(admin, chain.publicClient, { noticePeriod: 10n });
    const otherDeployment = { ...chain.deployment, contracts: other.contracts, deploymentBlock: other.deploymentBlock };

    const strict = await createIndexer(config({ dataDir, serve: false, deployment: otherDeployment, onChainChange: "fail" }));
    try {
      await strict.start();
      await expect(strict.done).rejects.toBeInstanceOf(ChainMismatchError);
      expect((await strict.health()).unhealthy).toMatch(/differs from the one this index was built from/);
    } finally {
      await strict.stop();
    }

    const reset = await createIndexer(config({ dataDir, serve: false, deployment: otherDeployment }));
    try {
      await reset.start();
      await reset.ready();
      const [after] = await reset.db.query<{ count: number }>("select count(*)::int8 as count from events");
      expect(before!.count).toBeGreaterThan(0);
      // The new deployment has only its directory constructor's grants: governance and the four offices.
      const names = await reset.db.query<{ name: string }>("select name from events order by id");
      expect(names.map((row) => row.name)).toEqual(Array(5).fill("RoleGranted"));
      expect(after!.count).toBe(5);
    } finally {
      await reset.stop();
    }
  }, 120_000);
});

describe("bad configuration", () => {
  it("refuses a negative finality depth", async () => {
    await expect(createIndexer(config({ finalityDepth: -1 }))).rejects.toThrowErrorMatchingInlineSnapshot(`[ConfigError: finality depth must be a whole number ≥ 0, not -1]`);
  });

  it("refuses a public RPC URL that is not http(s)", async () => {
    await expect(createIndexer(config({ publicRpcUrl: "ws://127.0.0.1:8546" }))).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: the public RPC URL must be an http(s) URL, not "ws://127.0.0.1:8546"]`,
    );
  });

  it("stops with a clear error when the RPC node is another chain", async () => {
    const indexer = await createIndexer(config({ deployment: { ...chain.deployment, chainId: 1 }, serve: false }));
    try {
      await indexer.start();
      await expect(indexer.done).rejects.toThrow("the RPC node is chain 31337, but the deployment is on chain 1");
    } finally {
      await indexer.stop();
    }
  }, 60_000);
});
