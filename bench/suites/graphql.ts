/**
 * Issue 7, item 4: GraphQL latency and throughput on the backfilled index, from a second process on
 * loopback (bench/lib/loadWorker.ts): `verify(contentHash)`, `dataset(id)` with its confirmations and
 * event trail, a filtered `datasets` page and an `events` page, each beside the same server answering
 * `{ __typename }`, which touches no database (parsing, validation, the plugins and HTTP only).
 *
 * Latency is measured at a fixed request rate (an open loop, so queueing shows); throughput with as
 * many requests as 8 connections can carry. Every request picks the next of a few hundred variants
 * (ids, hashes, sectors, blocks spread over the index), so no single row stays hot in a cache.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keccak256, toHex } from "viem";
import type { SuiteContext, SuiteOutput } from "../lib/context.js";
import { type IndexerChild, REPO, type StoreKind } from "../lib/indexer.js";
import type { LoadPhase, LoadPlan, PhaseResult, RatePhaseResult, SaturatePhaseResult } from "../lib/loadWorker.js";
import { childEnv, timeCommand } from "../lib/processes.js";
import { type Figure, figure, round } from "../lib/results.js";

/** The fixed rate of the latency phases: well within what every query sustains here, so the figures are service times, not queues. */
const RATE = 50;
const CONNECTIONS = 8;
const VARIANTS = 200;

interface Query {
  id: string;
  label: string;
  /** Request bodies (JSON), one per variant. */
  bodies: string[];
  /** Checks one answer's data beyond "no errors" (the query found what it should). */
  check(data: unknown): string | undefined;
}

export async function graphql(ctx: SuiteContext): Promise<SuiteOutput> {
  const seeded = await ctx.fixture.seeded();
  const postgres = await ctx.fixture.postgres();
  const stores: StoreKind[] = ["pglite", ...(postgres.available && !ctx.options.quick ? (["postgres"] as const) : [])];
  const sizes = ctx.options.quick ? { rateSeconds: 2, saturateSeconds: 1, warmup: 20 } : { rateSeconds: 15, saturateSeconds: 8, warmup: 200 };

  const registrations = seeded.seed.datasetIds.length;
  const pick = (i: number) => Math.floor(((i + 0.5) * registrations) / VARIANTS);
  const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
  const queries: Query[] = [
    {
      id: "trivial",
      label: "{ __typename }",
      bodies: [body("{ __typename }", {})],
      check: (data) => ((data as { __typename?: string }).__typename === "Query" ? undefined : "no __typename"),
    },
    {
      id: "verify",
      label: "verify(contentHash)",
      bodies: Array.from({ length: VARIANTS }, (_, i) =>
        body("query ($h: String!) { verify(contentHash: $h) { found dataset { id status holderAddress confirmationCount } } }", { h: keccak256(toHex(`bench ${pick(i)}`)) }),
      ),
      check: (data) => ((data as { verify: { found: boolean } }).verify.found ? undefined : "verify found nothing"),
    },
    {
      id: "dataset",
      label: "dataset(id) with confirmations and events",
      bodies: Array.from({ length: VARIANTS }, (_, i) =>
        body(
          "query ($id: ID!) { dataset(id: $id) { id status contentHash sectorName holder { id jurisdiction roles } confirmations { items { registrarAddress timestamp } } events(first: 20) { items { id name blockNumber timestamp txHash args } } } }",
          { id: seeded.seed.datasetIds[pick(i)] },
        ),
      ),
      check: (data) => ((data as { dataset: { events: { items: unknown[] } } | null }).dataset?.events.items.length ? undefined : "no dataset or no events"),
    },
    {
      id: "datasets",
      label: "datasets(where: sector, status), 20 newest",
      bodies: Array.from({ length: VARIANTS }, (_, i) =>
        body(
          "query ($s: Int!, $st: String!) { datasets(where: { sector: $s, status: $st }, orderBy: registeredBlock, orderDirection: desc, first: 20) { items { id status sectorName holderAddress registeredAt } pageInfo { hasNextPage endCursor } } }",
          { s: i % 7, st: i % 2 === 0 ? "confirmed" : "pending" },
        ),
      ),
      check: (data) => ((data as { datasets: { items: unknown[] } }).datasets.items.length > 0 ? undefined : "an empty page"),
    },
    {
      id: "events",
      label: "events(where: block ≥ n), 50",
      bodies: Array.from({ length: VARIANTS }, (_, i) =>
        body("query ($b: BigInt!) { events(where: { blockNumber_gte: $b }, first: 50) { items { id name contract datasetId blockNumber timestamp txHash } pageInfo { hasNextPage endCursor } } }", {
          b: String(Number(seeded.story.deployment.deploymentBlock) + Math.floor((i * (seeded.head - Number(seeded.story.deployment.deploymentBlock))) / VARIANTS)),
        }),
      ),
      check: (data) => ((data as { events: { items: unknown[] } }).events.items.length > 0 ? undefined : "an empty page"),
    },
  ];

  const figures: Figure[] = [];
  const details: Record<string, unknown> = { rate: RATE, connections: CONNECTIONS, variants: VARIANTS, ...sizes, events: seeded.registryEvents, node: seeded.client };
  if (!postgres.available) details.postgres = postgres.reason;
  else if (ctx.options.quick) details.postgres = "not measured in --quick";
  for (const store of stores) {
    const indexer = await ctx.fixture.indexer(store);
    await validate(indexer, queries);
    ctx.log(`graphql: ${store}: ${queries.length} queries, ${RATE} req/s for ${sizes.rateSeconds} s, then ${CONNECTIONS} connections for ${sizes.saturateSeconds} s each`);
    const phases: LoadPhase[] = queries.flatMap((q): LoadPhase[] => [
      { kind: "rate", name: `${q.id}.rate`, bodies: q.bodies, rate: RATE, seconds: sizes.rateSeconds, warmupRequests: sizes.warmup },
      { kind: "saturate", name: `${q.id}.saturate`, bodies: q.bodies, connections: CONNECTIONS, seconds: sizes.saturateSeconds },
    ]);
    const results = await runLoad(`${indexer.url}/graphql`, phases);
    const byName = new Map(results.map((r) => [r.name, r]));
    const rate = (id: string) => byName.get(`${id}.rate`) as RatePhaseResult;
    const saturate = (id: string) => byName.get(`${id}.saturate`) as SaturatePhaseResult;
    for (const r of results) {
      const errors = r.errors + (r.kind === "saturate" ? r.non2xx : 0);
      if (errors > 0) throw new Error(`graphql: ${store} ${r.name}: ${errors} failed requests${r.kind === "rate" && r.firstError ? ` (${r.firstError})` : ""}`);
    }
    const name = store === "pglite" ? "PGlite" : "PostgreSQL";
    const trivial = { rate: rate("trivial"), saturate: saturate("trivial") };
    for (const q of queries.filter((q) => q.id !== "trivial")) {
      const r = rate(q.id);
      const s = saturate(q.id);
      const note = r.achievedRate < RATE * 0.95 ? `the server answered ${r.achievedRate.toFixed(0)} of the ${RATE} req/s asked: the latencies include queueing` : undefined;
      figures.push(
        figure({ id: `${store}.${q.id}.p50`, label: `${q.label}, p50 at ${RATE} req/s (${name})`, value: r.p50, unit: "ms", baseline: { label: "{ __typename } p50", value: trivial.rate.p50, unit: "ms" }, sense: "lower-is-better", ...(note ? { note } : {}) }),
        figure({ id: `${store}.${q.id}.p99`, label: `${q.label}, p99 at ${RATE} req/s (${name})`, value: r.p99, unit: "ms", baseline: { label: "{ __typename } p99", value: trivial.rate.p99, unit: "ms" }, sense: "lower-is-better" }),
        figure({ id: `${store}.${q.id}.throughput`, label: `${q.label}, throughput (${name})`, value: s.requestsPerSecond, unit: "req/s", baseline: { label: "{ __typename }", value: trivial.saturate.requestsPerSecond, unit: "req/s" }, sense: "higher-is-better" }),
      );
    }
    details[store] = results.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? round(v) : v])));
  }
  return { figures, details };
}

/** Each query once, through the real server: no errors, and the data it should find. */
async function validate(indexer: IndexerChild, queries: Query[]): Promise<void> {
  for (const q of queries) {
    for (const text of [q.bodies[0]!, q.bodies.at(-1)!]) {
      const { query, variables } = JSON.parse(text) as { query: string; variables: Record<string, unknown> };
      const problem = q.check(await indexer.graphql(query, variables));
      if (problem) throw new Error(`graphql: ${q.label} on ${indexer.store}: ${problem} for ${JSON.stringify(variables)}`);
    }
  }
}

async function runLoad(url: string, phases: LoadPhase[]): Promise<PhaseResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "dpr-bench-load-"));
  try {
    const plan: LoadPlan = { url, phases };
    const planPath = join(dir, "plan.json");
    writeFileSync(planPath, JSON.stringify(plan));
    const run = await timeCommand(process.execPath, ["--conditions=@dpr/source", "--import", "tsx", join(REPO, "bench/lib/loadWorker.ts"), planPath], { cwd: REPO, env: childEnv() });
    return JSON.parse(run.stdout.trim().split("\n").pop() ?? "[]") as PhaseResult[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
