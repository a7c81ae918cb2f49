/**
 * `npm run bench`: DPR's benchmarks (issue 7), every figure beside a baseline measured in the same run.
 *
 *   npm run bench                    the full run: 100,000 events, 1 GiB and 256 MiB files; writes
 *                                    bench/results/latest.json (commit it with docs/performance.md)
 *   npm run bench -- --quick         the same suites, small sizes, under two minutes
 *   npm run bench -- --only gas,hashing
 *
 * Suites (bench/suites/): gas, hashing, startup, backfill, graphql, lag, browser. The indexer suites share one
 * seeded anvil chain and the indexers that backfilled it (bench/lib/fixture.ts). A suite that cannot run
 * here (no PostgreSQL, no Chromium) is reported as skipped with the reason; a suite that fails is
 * reported as an error and makes the exit code 1. Missing a target does not: a benchmark reports, it
 * does not judge.
 *
 * Progress goes to stderr; the Markdown table to stdout.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { type BenchOptions, SkipSuite, type Suite, type SuiteContext } from "./lib/context.js";
import { createFixture } from "./lib/fixture.js";
import { REPO } from "./lib/indexer.js";
import { describeMachine, loadNow } from "./lib/machine.js";
import { cleanUpAll, installExitHandlers } from "./lib/processes.js";
import { renderTable } from "./lib/report.js";
import { type BenchResults, RESULTS_FORMAT, SUITES, type SuiteName, type SuiteResult, round } from "./lib/results.js";
import { backfill } from "./suites/backfill.js";
import { browser } from "./suites/browser.js";
import { gas } from "./suites/gas.js";
import { graphql } from "./suites/graphql.js";
import { hashing } from "./suites/hashing.js";
import { lag } from "./suites/lag.js";
import { startup } from "./suites/startup.js";

/**
 * The order suites run in: chain-free suites first, then start-up (its own small chain, on a machine no
 * indexer is loading yet), then the indexer's, which share the seeded chain.
 */
const RUN_ORDER: readonly SuiteName[] = ["gas", "hashing", "startup", "backfill", "graphql", "lag", "browser"];
const RUNNERS: Record<SuiteName, Suite> = { gas, hashing, startup, backfill, graphql, lag, browser };

const FULL_EVENTS = 100_000;
const QUICK_EVENTS = 4_000;

const USAGE = `Usage: npm run bench [-- options]

DPR benchmarks: gas, indexer backfill, live lag, GraphQL latency, hashing, browser hashing, start-up.

Options:
  --quick                  small sizes, the whole run in under two minutes
  --only <suites>          comma-separated suites to run (${SUITES.join(", ")})
  --out <file>             where to write the JSON results (default: bench/results/latest.json for a
                           full run of every suite, else bench/results/partial.json)
  --events <n>             registry events to seed for the indexer suites (default ${FULL_EVENTS.toLocaleString("en-US")},
                           --quick ${QUICK_EVENTS.toLocaleString("en-US")})
  --pglite-conf <settings> experiment: postgresql.conf settings for PGlite in the indexer under test,
                           ";"-separated (e.g. "shared_buffers=16MB;work_mem=2MB")
  -h, --help               show this help`;

class UsageError extends Error {}

function positiveInteger(flag: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new UsageError(`${flag} must be a whole number above 0, not "${text}"`);
  return Number(text);
}

function suiteList(text: string): SuiteName[] {
  const names = text.split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !SUITES.includes(n as SuiteName));
  if (unknown.length > 0 || names.length === 0) throw new UsageError(`--only: unknown suite ${unknown.map((u) => `"${u}"`).join(", ") || "(none given)"}; choose from ${SUITES.join(", ")}`);
  return names as SuiteName[];
}

function confLines(text: string): string[] {
  const lines = text.split(";").map((s) => s.trim()).filter(Boolean);
  const bad = lines.find((line) => !/^[a-z_]+\s*=\s*[\w.]+$/.test(line));
  if (bad !== undefined || lines.length === 0) throw new UsageError(`--pglite-conf: not a postgresql.conf setting: "${bad ?? text}" (expected name=value, e.g. shared_buffers=16MB)`);
  return lines;
}

interface Flags {
  quick: boolean;
  only?: SuiteName[];
  out?: string;
  events?: number;
  pgliteConf?: string[];
}

function parseFlags(argv: string[]): Flags | "help" {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        quick: { type: "boolean" },
        only: { type: "string" },
        out: { type: "string" },
        events: { type: "string" },
        "pglite-conf": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v.help) return "help";
  return {
    quick: Boolean(v.quick),
    ...(typeof v.only === "string" ? { only: suiteList(v.only) } : {}),
    ...(typeof v.out === "string" ? { out: v.out } : {}),
    ...(typeof v.events === "string" ? { events: positiveInteger("--events", v.events) } : {}),
    ...(typeof v["pglite-conf"] === "string" ? { pgliteConf: confLines(v["pglite-conf"]) } : {}),
  };
}

async function main(): Promise<number> {
  let flags: Flags;
  try {
    const parsed = parseFlags(process.argv.slice(2));
    if (parsed === "help") {
      console.log(USAGE);
      return 0;
    }
    flags = parsed;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const quick = flags.quick;
  const selected = flags.only ?? [...SUITES];
  const complete = selected.length === SUITES.length && flags.events === undefined && flags.pgliteConf === undefined;
  const out = resolve(flags.out ?? join(REPO, "bench/results", !quick && complete ? "latest.json" : "partial.json"));
  const options: BenchOptions = { quick, events: flags.events ?? (quick ? QUICK_EVENTS : FULL_EVENTS), pgliteConf: flags.pgliteConf ?? [] };

  installExitHandlers();
  const log = (line: string) => console.error(`bench: ${line}`);
  const startedAt = new Date();
  const started = performance.now();
  const machine = describeMachine();
  log(`${quick ? "quick" : "full"} run of ${selected.join(", ")} on ${String(machine.cpus)} × ${String(machine.cpu)}, load average ${(machine.loadAverageAtStart as number[]).join(" ")}`);
  const fixture = createFixture({ events: options.events, chainKind: "anvil", log });
  const ctx: SuiteContext = { options, fixture, log, earlier: {} };
  const suites = {} as Record<SuiteName, SuiteResult>;
  let failed = false;
  try {
    for (const name of RUN_ORDER) {
      if (!selected.includes(name)) {
        suites[name] = { name, status: "skipped", reason: `not selected (--only ${selected.join(",")})`, seconds: 0, load: { start: 0, end: 0 }, figures: [], details: {} };
        continue;
      }
      log(`— ${name} —`);
      const t0 = performance.now();
      const load = loadNow();
      try {
        const output = await RUNNERS[name](ctx);
        suites[name] = { name, status: "ok", seconds: round((performance.now() - t0) / 1000), load: { start: load, end: loadNow() }, ...output };
        ctx.earlier[name] = output;
      } catch (error) {
        const skipped = error instanceof SkipSuite;
        if (!skipped) {
          failed = true;
          console.error(error);
        }
        const reason = error instanceof Error ? error.message : String(error);
        log(`${name} ${skipped ? "skipped" : "FAILED"}: ${reason.split("\n")[0]}`);
        suites[name] = { name, status: skipped ? "skipped" : "error", reason, seconds: round((performance.now() - t0) / 1000), load: { start: load, end: loadNow() }, figures: [], details: {} };
      }
      log(`${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  } finally {
    await fixture.close().catch((error: unknown) => {
      failed = true;
      console.error(error);
    });
    await cleanUpAll();
  }

  const results: BenchResults = {
    format: RESULTS_FORMAT,
    mode: quick ? "quick" : "full",
    startedAt: startedAt.toISOString(),
    seconds: round((performance.now() - started) / 1000),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`,
    machine: { ...machine, loadAverageAtEnd: loadNow() },
    suites,
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(renderTable(results));
  log(`wrote ${out} (${results.seconds.toFixed(0)} s)`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error);
    await cleanUpAll();
    process.exit(1);
  },
);
