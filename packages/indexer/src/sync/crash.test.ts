/**
 * Crash safety: the real `dpr-indexer` is killed with SIGKILL at random points of a backfill of
 * thousands of events, restarted each time, and must end with exactly the index a clean run builds —
 * no gap, no duplicate — on PGlite (on disk) and PostgreSQL.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { createDb } from "../store/db.js";
import { createTestDatabase, testStores } from "../testing/databases.js";
import { startIndexerProcess, writeDeployment } from "../testing/indexerProcess.js";
import { canonicalDump, startSync } from "../testing/indexing.js";
import { seedEvents } from "../testing/seed.js";
import { type StoryChain, setUpChain, tellStory } from "../testing/story.js";

const stores = await testStores();

let node: DevChain;
let chain: StoryChain;
let deploymentPath: string;
let clean: Record<string, string[]>;

/** A small seeded generator, so a failing run can be repeated (the seed is in the test name). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
const seed = Number(process.env.DPR_CRASH_SEED ?? Date.now() % 100_000);

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 60);
  await tellStory(chain);
  await seedEvents(chain, { registrations: 1_500, perBlock: 40, confirmEvery: 3 });
  deploymentPath = writeDeployment(chain.deployment);
  // The reference: one uninterrupted run.
  const reference = await createTestDatabase("pglite");
  const handle = await startSync(reference, node.url, chain.deployment);
  await handle.sync.caughtUp();
  clean = await canonicalDump(handle.db);
  await handle.close();
}, 300_000);

afterAll(async () => {
  await node?.stop();
});

describe.each(stores)("SIGKILL during a backfill on %s", (kind) => {
  it(`resumes after every kill with no gap and no duplicate (seed ${seed})`, async () => {
    const next = random(seed);
    const dataDir = mkdtempSync(join(tmpdir(), "dpr-crash-"));
    const database = await createTestDatabase(kind, { dataDir: join(dataDir, "index") });
    const head = Number(await chain.publicClient.getBlockNumber());
    const events = clean.events!.length;
    expect(events).toBeGreaterThan(2_000);
    const start = () =>
      startIndexerProcess({
        rpcUrl: node.url,
        deploymentPath,
        databaseUrl: database.databaseUrl,
        dataDir: database.dataDir,
        args: ["--max-range", "3", "--log-level", "info"],
      });
    try {
      let kills = 0;
      let last = 0;
      for (let attempt = 0; attempt < 6 && kills < 3; attempt++) {
        const indexer = await start();
        // Kill once it has moved past a random block ahead of where the last run stopped, at a random
        // moment up to 150 ms later: inside a fetch, a write, or between them.
        const target = last + 1 + Math.floor(next() * Math.max(1, (head - last) / 3));
        const delay = Math.floor(next() * 150);
        let reached = 0;
        const deadline = Date.now() + 120_000;
        while (Date.now() < deadline) {
          reached = (await indexer.metric("dpr_indexer_indexed_block")) ?? 0;
          if (reached >= target) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        await new Promise((r) => setTimeout(r, delay));
        const code = await indexer.kill("SIGKILL");
        expect(code).toBeNull(); // killed, not exited on its own
        if (reached >= head) break; // it finished before the kill: nothing left to interrupt
        kills += 1;
        last = reached;
      }
      expect(kills).toBeGreaterThanOrEqual(2);

      const final = await start();
      await final.waitReady();
      expect(await final.kill("SIGINT")).toBe(0);

      const db = await createDb({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
      try {
        const dump = await canonicalDump(db);
        expect(dump.events!.length).toBe(events);
        expect(dump).toEqual(clean);
      } finally {
        await db.close();
      }
    } finally {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
