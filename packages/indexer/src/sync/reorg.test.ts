/**
 * Reorganisations on a real Hardhat node: snapshot, mine a branch, let the indexer ingest it, revert to
 * the snapshot and mine a different branch. The index must end identical to a fresh index of the final
 * chain, for shallow and deep reorgs, longer and shorter branches; a reorg deeper than the finality
 * depth must stop the sync instead of corrupting the index.
 */
import { confirmDataset, registerDataset } from "@dpr/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { DeepReorgError } from "../errors.js";
import { createTestDatabase, testStores } from "../testing/databases.js";
import { type SyncHandle, canonicalDump, startSync } from "../testing/indexing.js";
import { type StoryChain, h, onboard, setUpChain } from "../testing/story.js";

const stores = await testStores();

let node: DevChain;
let chain: StoryChain;
let counter = 0;

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 10);
  await onboard(chain);
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

/** Mines `blocks` blocks, each one registration (and, every other block, a confirmation), labelled by `branch`. */
async function mineBranch(branch: string, blocks: number): Promise<void> {
  let last: `0x${string}` | undefined;
  for (let i = 0; i < blocks; i++) {
    if (last && i % 2 === 1) {
      await confirmDataset(chain.as("registrar"), { datasetId: last });
      last = undefined;
      continue;
    }
    const { datasetId } = await registerDataset(chain.as("holder"), {
      contentHash: h(`${branch} ${i} ${counter++}`),
      metadataURI: `https://data.example/${branch}/${i}.json`,
      category: "public",
      grade: "general",
      sector: i % 7,
      jurisdiction: "GZ",
    });
    last = datasetId;
  }
}

async function head(): Promise<number> {
  return Number(await chain.publicClient.getBlockNumber());
}

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function caughtUpWith(handle: SyncHandle, number: number): Promise<void> {
  await until(() => handle.sync.status.indexedBlock() === number && handle.sync.status.isReady(), `the index to reach block ${number}`);
}

async function expectSameAsFresh(handle: SyncHandle, kind: (typeof stores)[number]): Promise<void> {
  const fresh = await createTestDatabase(kind);
  const other = await startSync(fresh, node.url, chain.deployment, { finalityDepth: 64 });
  try {
    await other.sync.caughtUp();
    expect(await canonicalDump(handle.db)).toEqual(await canonicalDump(other.db));
  } finally {
    await other.close();
    await fresh.drop();
  }
}

describe.each(stores)("chain reorganisations on %s", (kind) => {
  let handle: SyncHandle;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase(kind);
    dropDatabase = database.drop;
    handle = await startSync(database, node.url, chain.deployment, { finalityDepth: 32 });
    await handle.sync.caughtUp();
  }, 60_000);

  afterAll(async () => {
    await handle?.close();
    await dropDatabase?.();
  });

  it.each([
    { depth: 1, replacement: 2 },
    { depth: 12, replacement: 14 },
    { depth: 10, replacement: 3 },
  ])("rolls back a reorg of depth $depth (replaced by $replacement blocks) to the common ancestor", async ({ depth, replacement }) => {
    const reorgsBefore = (await handle.metrics.reorgs.get()).values[0]?.value ?? 0;
    const snapshot = await chain.testClient.snapshot();
    const fork = await head();
    await mineBranch(`A${depth}`, depth);
    await caughtUpWith(handle, fork + depth);
    const [{ count: onA } = { count: 0 }] = await handle.db.query<{ count: number }>("select count(*)::int8 as count from events where block_number > $1", [fork]);
    expect(onA).toBeGreaterThan(0);

    await chain.testClient.revert({ id: snapshot });
    await mineBranch(`B${depth}`, replacement);
    await caughtUpWith(handle, fork + replacement);

    expect((await handle.metrics.reorgs.get()).values[0]?.value).toBe(reorgsBefore + 1);
    const [{ count: branchA } = { count: -1 }] = await handle.db.query<{ count: number }>(
      "select count(*)::int8 as count from datasets where metadata_uri like $1",
      [`https://data.example/A${depth}/%`],
    );
    expect(branchA).toBe(0);
    await expectSameAsFresh(handle, kind);
  }, 120_000);
});

describe("a reorganisation deeper than the finality depth", () => {
  it("stops the sync with DeepReorgError and leaves the index as it was", async () => {
    const database = await createTestDatabase("pglite");
    const handle = await startSync(database, node.url, chain.deployment, { finalityDepth: 2 });
    try {
      await handle.sync.caughtUp();
      const snapshot = await chain.testClient.snapshot();
      const fork = await head();
      await mineBranch("deepA", 5);
      await caughtUpWith(handle, fork + 5);
      const before = await canonicalDump(handle.db);
      await chain.testClient.revert({ id: snapshot });
      await mineBranch("deepB", 6);
      await expect(handle.sync.done).rejects.toBeInstanceOf(DeepReorgError);
      expect(handle.sync.status.hasIndexingErrors()).toBe(true);
      expect(handle.sync.status.lastError()?.message).toMatch(/deeper than the finality depth of 2 block/);
      expect(await canonicalDump(handle.db)).toEqual(before);
    } finally {
      await handle.close();
      await database.drop();
    }
  }, 120_000);
});
