/**
 * What the indexer benchmarks share: one local chain seeded with the run's registry events, and the
 * indexers that backfilled it (left running for the GraphQL and live-lag suites). Built lazily, so a
 * run of one suite builds only what that suite needs, and closed once at the end of the run.
 */
import { type ChainKind, type DevChain, startChain } from "@dpr/devnet";
import { redactUrl } from "@dpr/indexer";
import { type SeedResult, type StoryChain, type TestDatabase, createTestDatabase, onboard, postgresAvailable, postgresAdminUrl, seedEvents, setUpChain } from "@dpr/indexer/testing";
import { type IndexerChild, type StoreKind, startIndexer } from "./indexer.js";
import { onInterrupt } from "./processes.js";

/** How often a caught-up indexer polls the head in these benchmarks (its default is 1,000 ms). */
export const POLL_INTERVAL_MS = 100;
/** Events per seeded block: a busy consortium chain's worth, and the figure TOOLCHAIN.md measured at. */
export const EVENTS_PER_BLOCK = 200;
/** Every 4th registration is confirmed: 1.25 events per registration. */
const CONFIRM_EVERY = 4;

export interface SeededChain {
  chain: DevChain;
  story: StoryChain;
  seed: SeedResult;
  /** The head after seeding: backfill is measured up to here. */
  head: number;
  /** The node's web3_clientVersion. */
  client: string;
  seedSeconds: number;
  /** Registry events the chain holds from the deployment block to `head` (seeded ones and set-up ones). */
  registryEvents: number;
}

export interface Fixture {
  readonly events: number;
  readonly chainKind: ChainKind;
  seeded(): Promise<SeededChain>;
  /** A running, caught-up indexer on the seeded chain (started unmeasured if the backfill suite did not run). */
  indexer(store: StoreKind): Promise<IndexerChild>;
  /** Starts an indexer on a fresh database of the kind (the backfill suite measures this). */
  startIndexer(store: StoreKind, extra?: { env?: NodeJS.ProcessEnv }): Promise<IndexerChild>;
  /** The indexer of the kind if one runs (none is started). */
  running(store: StoreKind): IndexerChild | undefined;
  /** Stops the indexer of the kind, if one runs. */
  stopIndexer(store: StoreKind): Promise<void>;
  /** Whether PostgreSQL answers, and if not why not. */
  postgres(): Promise<{ available: true } | { available: false; reason: string }>;
  close(): Promise<void>;
}

export function createFixture(options: { events: number; chainKind: ChainKind; log: (line: string) => void }): Fixture {
  let seeding: Promise<SeededChain> | undefined;
  const indexers = new Map<StoreKind, IndexerChild>();
  const databases: TestDatabase[] = [];
  let chain: DevChain | undefined;

  async function seed(): Promise<SeededChain> {
    options.log(`starting ${options.chainKind}`);
    // Seeded blocks are fuller than half their gas limit, which raises the base fee every block; from
    // zero it stays negligible, where from anvil's 1 gwei it outgrows the seeder's fixed gas price.
    chain = await startChain({ kind: options.chainKind, ...(options.chainKind === "anvil" ? { baseFeePerGas: 0n } : {}) });
    // The shortest notice period a deployment may have: the seeded confirmations leave it within seconds of chain time.
    const story = await setUpChain(chain.url, 10);
    await onboard(story);
    const client = await story.publicClient.request({ method: "web3_clientVersion" });
    const registrations = Math.max(1, Math.round(options.events / (1 + 1 / CONFIRM_EVERY)));
    options.log(`seeding ${registrations.toLocaleString("en-US")} registrations (+ every ${CONFIRM_EVERY}th confirmed) on ${options.chainKind}`);
    const started = performance.now();
    let reported = 0;
    const result = await seedEvents(story, {
      registrations,
      perBlock: EVENTS_PER_BLOCK,
      confirmEvery: CONFIRM_EVERY,
      holders: 8,
      label: "bench",
      onProgress: (sent, total) => {
        if (sent - reported >= 20_000 || sent === total) {
          reported = sent;
          options.log(`  ${sent.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} registrations`);
        }
      },
    });
    const seedSeconds = (performance.now() - started) / 1000;
    const head = Number(await story.publicClient.getBlockNumber());
    const logs = await countLogs(chain.url, Object.values(story.deployment.contracts), Number(story.deployment.deploymentBlock), head);
    return { chain, story, seed: result, head, client, seedSeconds, registryEvents: logs };
  }

  const fixture: Fixture = {
    events: options.events,
    chainKind: options.chainKind,
    seeded: () => (seeding ??= seed()),
    async postgres() {
      if (await postgresAvailable()) return { available: true };
      return { available: false, reason: `PostgreSQL does not answer at ${redactUrl(postgresAdminUrl)} (set DPR_TEST_POSTGRES_URL, or start it: see docs/performance.md)` };
    },
    async startIndexer(store, extra = {}) {
      const seeded = await fixture.seeded();
      const previous = indexers.get(store);
      if (previous) {
        indexers.delete(store);
        await previous.stop();
      }
      let databaseUrl: string | undefined;
      if (store === "postgres") {
        const database = await createTestDatabase("postgres");
        databases.push(database);
        databaseUrl = database.databaseUrl;
      }
      const child = await startIndexer({
        rpcUrl: seeded.chain.url,
        deployment: seeded.story.deployment,
        store,
        databaseUrl,
        pollIntervalMs: POLL_INTERVAL_MS,
        ...(extra.env ? { env: extra.env } : {}),
      });
      indexers.set(store, child);
      return child;
    },
    running: (store) => indexers.get(store),
    async stopIndexer(store) {
      const running = indexers.get(store);
      indexers.delete(store);
      await running?.stop();
    },
    async indexer(store) {
      const running = indexers.get(store);
      if (running) return running;
      const child = await fixture.startIndexer(store);
      await child.waitReady(30 * 60_000);
      return child;
    },
    async close() {
      unregister();
      const errors: unknown[] = [];
      for (const child of indexers.values()) await child.stop().catch((error: unknown) => errors.push(error));
      indexers.clear();
      for (const database of databases.splice(0)) await database.drop().catch((error: unknown) => errors.push(error));
      await chain?.stop().catch((error: unknown) => errors.push(error));
      chain = undefined;
      if (errors.length > 0) throw new Error(`could not close the benchmark fixture cleanly: ${errors.map((e) => (e as Error).message).join("; ")}`);
    },
  };
  const unregister = onInterrupt(() => fixture.close());
  return fixture;
}

/** Logs of the contracts in a block span, counted in chunks (a single answer could be too large). */
async function countLogs(url: string, addresses: string[], from: number, to: number): Promise<number> {
  let count = 0;
  for (let start = from; start <= to; start += 100) {
    const end = Math.min(to, start + 99);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getLogs", params: [{ address: addresses, fromBlock: `0x${start.toString(16)}`, toBlock: `0x${end.toString(16)}` }] }),
    });
    const body = (await response.json()) as { result?: unknown[]; error?: { message: string } };
    if (!body.result) throw new Error(`eth_getLogs ${start}–${end}: ${body.error?.message ?? "no result"}`);
    count += body.result.length;
  }
  return count;
}


