/**
 * Issue 7, item 2: indexer backfill throughput and memory.
 *
 * The seeded chain is indexed from scratch by the real `dpr-indexer` process, into PostgreSQL and into
 * PGlite. Its rate is events ÷ (time of the last range written − time the sync started), both read from
 * the indexer's own log, so process start-up (loading the TypeScript sources, opening PGlite) is left
 * out of the rate and reported on its own. The baseline is the physical limit on the same node: a bare
 * loop fetching the very block ranges the indexer logged with `eth_getLogs` and decoding them with the
 * indexer's decoder, writing nothing (bench/lib/bareFetch.ts, a process of its own). It runs after each
 * indexer, and the best of its runs is the limit.
 *
 * Peak RSS is the indexer process's VmHWM once it is caught up; the bare fetch's own peak stands beside
 * it as the baseline (the same reading and decoding, without a database). Each store is indexed a
 * second time with V8's old generation capped (`NODE_OPTIONS=--max-old-space-size=…`, as
 * docs/operations.md recommends for production): by default V8 lets garbage pile up to a fraction of
 * the machine's memory before it collects, so the default peak says more about V8 than about the
 * indexer's working set.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BarePlan, BareResult } from "../lib/bareFetch.js";
import { type SuiteContext, type SuiteOutput } from "../lib/context.js";
import { POLL_INTERVAL_MS } from "../lib/fixture.js";
import { type IndexerChild, REPO, type StoreKind } from "../lib/indexer.js";
import { childEnv, timeCommand } from "../lib/processes.js";
import { type Figure, figure, round } from "../lib/results.js";

const TARGET_SHARE = 0.5;
const TARGET_RSS_MB = 300;
/** The V8 old-generation cap of the second run of each store, in MiB (docs/operations.md). */
export const HEAP_CAP_MIB = 192;

interface IndexedRun {
  store: StoreKind;
  /** The old-generation cap (MiB) the process ran with, or null for V8's default. */
  heapCapMiB: number | null;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  ranges: [number, number][];
  /** Sum of the indexer's own write times (ms in its log): the store's share of the work. */
  writeSeconds: number;
  startupSeconds: number;
  spawnToReadySeconds: number;
  peakMiB: number;
  rssMiB: number;
}

export async function backfill(ctx: SuiteContext): Promise<SuiteOutput> {
  const seeded = await ctx.fixture.seeded();
  ctx.log(`backfill: ${seeded.registryEvents.toLocaleString("en-US")} registry events in blocks ${seeded.story.deployment.deploymentBlock}–${seeded.head} on ${seeded.client} (seeded in ${seeded.seedSeconds.toFixed(1)} s)`);
  const postgres = await ctx.fixture.postgres();
  const stores: StoreKind[] = postgres.available ? ["postgres", "pglite"] : ["pglite"];
  const runs: IndexedRun[] = [];
  const bare: BareResult[] = [];
  for (const store of stores) {
    runs.push(await indexFromScratch(ctx, store, seeded.head, null));
    bare.push(await bareFetch(ctx, seeded.chain.url, runs.at(-1)!.ranges));
  }
  // The capped runs last, so the indexers the later suites query are the capped ones (production's).
  for (const store of stores) runs.push(await indexFromScratch(ctx, store, seeded.head, HEAP_CAP_MIB));
  const limit = bare.reduce((best, run) => (run.events / run.seconds > best.events / best.seconds ? run : best));
  const limitRate = limit.events / limit.seconds;
  for (const run of runs) {
    if (run.events !== limit.events) throw new Error(`the ${run.store} indexer logged ${run.events} events but the same ranges hold ${limit.events}`);
  }
  if (limit.events !== seeded.registryEvents) throw new Error(`the indexer's ranges hold ${limit.events} events, the chain ${seeded.registryEvents}`);

  const node = `${seeded.client}, ${seeded.registryEvents.toLocaleString("en-US")} events (${(seeded.seed.events / Math.max(1, seeded.seed.blocks)).toFixed(0)} per block)`;
  const figures: Figure[] = [];
  for (const run of runs) {
    const name = run.store === "pglite" ? "PGlite" : "PostgreSQL";
    const capped = run.heapCapMiB !== null;
    const id = capped ? `${run.store}.heapCapped` : run.store;
    const suffix = capped ? `, V8 heap capped at ${run.heapCapMiB} MiB` : "";
    figures.push(
      figure({
        id: `${id}.eventsPerSecond`,
        label: `backfill into ${name}${suffix}`,
        value: run.eventsPerSecond,
        unit: "events/s",
        baseline: { label: "bare eth_getLogs + decode, same ranges", value: limitRate, unit: "events/s" },
        sense: "higher-is-better",
        target: { text: `≥ ${TARGET_SHARE * 100}% of bare`, met: run.eventsPerSecond >= TARGET_SHARE * limitRate },
        note: `${node}; the store's writes took ${run.writeSeconds.toFixed(1)} s of the ${run.seconds.toFixed(1)} s (fetching overlaps writing)`,
      }),
      figure({
        id: `${id}.peakRss`,
        label: `indexer peak RSS, ${name}${suffix}`,
        value: run.peakMiB * MIB_TO_MB,
        unit: "MB",
        baseline: { label: "bare fetch process peak RSS", value: limit.peakMiB * MIB_TO_MB, unit: "MB" },
        sense: "lower-is-better",
        target: { text: `< ${TARGET_RSS_MB} MB`, met: run.peakMiB * MIB_TO_MB < TARGET_RSS_MB },
        note: [
          run.store === "pglite"
            ? "PGlite runs PostgreSQL in WebAssembly inside the indexer process, so its memory counts here (the cap bounds only V8's heap)"
            : "the PostgreSQL server's own memory is not counted (another process)",
          ...(capped ? [`NODE_OPTIONS=--max-old-space-size=${run.heapCapMiB}`] : ["V8's default heap sizing"]),
        ].join("; "),
      }),
    );
  }
  return {
    figures,
    details: {
      node: seeded.client,
      pollIntervalMs: POLL_INTERVAL_MS,
      seeded: {
        registryEvents: seeded.registryEvents,
        seededEvents: seeded.seed.events,
        blocks: seeded.seed.blocks,
        head: seeded.head,
        seconds: round(seeded.seedSeconds),
        eventsPerSecond: round(seeded.seed.events / seeded.seedSeconds),
      },
      postgres: postgres.available ? "available" : postgres.reason,
      indexer: runs.map(({ ranges, ...run }) => ({ ...roundAll(run), ranges: ranges.length })),
      bare: bare.map((run) => ({ ...roundAll({ ...run }), eventsPerSecond: round(run.events / run.seconds) })),
      pgliteConf: ctx.options.pgliteConf,
    },
  };
}

const MIB_TO_MB = 1.048576;

async function indexFromScratch(ctx: SuiteContext, store: StoreKind, head: number, heapCapMiB: number | null): Promise<IndexedRun> {
  ctx.log(`backfill: indexing from scratch into ${store}${heapCapMiB === null ? "" : `, V8 heap capped at ${heapCapMiB} MiB`}`);
  const pgliteConf = store === "pglite" && ctx.options.pgliteConf.length > 0;
  const nodeOptions = [
    ...(pgliteConf ? [`--import=${join(REPO, "bench/lib/pgliteConf.mjs")}`] : []),
    ...(heapCapMiB === null ? [] : [`--max-old-space-size=${heapCapMiB}`]),
  ];
  const env = {
    ...(nodeOptions.length > 0 ? { NODE_OPTIONS: nodeOptions.join(" ") } : {}),
    ...(pgliteConf ? { DPR_BENCH_PGLITE_CONF: ctx.options.pgliteConf.join(";") } : {}),
  };
  const child: IndexerChild = await ctx.fixture.startIndexer(store, Object.keys(env).length > 0 ? { env } : {});
  await child.waitReady(60 * 60_000);
  const readyAt = Date.now();
  const memory = child.memory();
  if (!memory) throw new Error(`the ${store} indexer is gone:\n${child.tail()}`);
  const log = child.log();
  const writer = log.find((line) => line.msg === "this process is the writer");
  const written = log.filter((line) => line.msg === "indexed blocks" && Number(line.to) <= head);
  const last = written.at(-1);
  if (!writer || !last || Number(last.to) !== head) {
    throw new Error(`the ${store} indexer's log does not show the backfill up to block ${head}:\n${child.tail()}`);
  }
  const events = written.reduce((sum, line) => sum + Number(line.events), 0);
  const seconds = (last.time - writer.time) / 1000;
  const run: IndexedRun = {
    store,
    heapCapMiB,
    events,
    seconds,
    eventsPerSecond: events / seconds,
    ranges: written.map((line) => [Number(line.from), Number(line.to)]),
    writeSeconds: written.reduce((sum, line) => sum + Number(line.ms), 0) / 1000,
    startupSeconds: (writer.time - child.spawnedAt) / 1000,
    spawnToReadySeconds: (readyAt - child.spawnedAt) / 1000,
    peakMiB: memory.peakMiB,
    rssMiB: memory.rssMiB,
  };
  ctx.log(`backfill: ${store}${heapCapMiB === null ? "" : ` (heap ${heapCapMiB} MiB)`}: ${events.toLocaleString("en-US")} events in ${seconds.toFixed(1)} s = ${Math.round(run.eventsPerSecond).toLocaleString("en-US")} events/s, peak RSS ${Math.round(memory.peakMiB)} MiB (start-up ${run.startupSeconds.toFixed(1)} s)`);
  return run;
}

async function bareFetch(ctx: SuiteContext, rpcUrl: string, ranges: [number, number][]): Promise<BareResult> {
  const seeded = await ctx.fixture.seeded();
  const dir = mkdtempSync(join(tmpdir(), "dpr-bench-bare-"));
  try {
    const plan: BarePlan = { rpcUrl, contracts: seeded.story.deployment.contracts, ranges };
    const planPath = join(dir, "plan.json");
    writeFileSync(planPath, JSON.stringify(plan));
    const run = await timeCommand(process.execPath, ["--conditions=@dpr/source", "--import", "tsx", join(REPO, "bench/lib/bareFetch.ts"), planPath], { cwd: REPO, env: childEnv() });
    const result = JSON.parse(run.stdout.trim().split("\n").pop() ?? "") as BareResult;
    ctx.log(`backfill: bare fetch + decode: ${result.events.toLocaleString("en-US")} events in ${result.seconds.toFixed(2)} s = ${Math.round(result.events / result.seconds).toLocaleString("en-US")} events/s (fetch ${result.fetchSeconds.toFixed(2)} s, decode ${result.decodeSeconds.toFixed(2)} s)`);
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function roundAll<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === "number" ? round(v) : v])) as T;
}
