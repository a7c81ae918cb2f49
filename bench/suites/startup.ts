/**
 * Issue 14, item 3: start-up as a budget. The built programs (packages/cli/bin/dpr.js and
 * packages/indexer/bin/dpr-indexer.js, which load their esbuild bundles from dist/) against `node -e 0`
 * measured in the same run, each command's time running from spawn to exit, as a user waits for it:
 *
 *   dpr --help                                          ≤ 1.5× node -e 0
 *   dpr hash of an empty file                           ≤ 3×
 *   dpr verify of a small registered file, local node   ≤ 3×
 *   dpr-indexer, spawn → /ready 200, empty chain        ≤ 2 s
 *
 * The commands run interleaved, round after round, each just after a run of the baseline, so a burst of
 * load from elsewhere hits each alike; the figures are medians. One unmeasured round first puts the files
 * in the page cache (and, on Node.js 22.1+, the bundles in the compile cache the executables enable), as
 * for a user's second call.
 *
 * `dpr verify` reads a registration on a local anvil (one small file registered through the SDK, the way
 * the CLI registers); the indexer follows a fresh deployment on the same node with no registry events
 * (PGlite in a new temporary folder each time, `--port 0`), so its time is start-up, not indexing. Where
 * PostgreSQL answers, the same is measured on a new PostgreSQL database, which tells the program's own
 * start-up from PGlite's (PostgreSQL in WebAssembly, started inside the process).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, startChain, waitFor } from "@dpr/devnet";
import { type Deployment, hashBytes, registerDataset, serializeDeployment } from "@dpr/sdk";
import { type TestDatabase, createTestDatabase, h, onboard, setUpChain } from "@dpr/indexer/testing";
import { ensureProgramBuilds } from "../../scripts/programBuild.js";
import type { SuiteContext, SuiteOutput } from "../lib/context.js";
import { writeRandomFile } from "../lib/files.js";
import { REPO } from "../lib/indexer.js";
import { childEnv, onInterrupt, spawnGroup, timeCommand, type TimedRun } from "../lib/processes.js";
import { type Figure, figure, median, round } from "../lib/results.js";

const DPR = join(REPO, "packages/cli/bin/dpr.js");
const DPR_INDEXER = join(REPO, "packages/indexer/bin/dpr-indexer.js");
/** The registered file `dpr verify` checks: small, so the time is start-up and the chain reads. */
const SMALL_FILE_BYTES = 4 * 1024;
/** The issue's budgets. */
const BUDGET = { help: 1.5, hash: 3, verify: 3, indexerMs: 2_000 } as const;

interface Repeats {
  commands: number;
  indexer: number;
}

export async function startup(ctx: SuiteContext): Promise<SuiteOutput> {
  const repeats: Repeats = ctx.options.quick ? { commands: 5, indexer: 3 } : { commands: 15, indexer: 7 };
  const built = await ensureProgramBuilds(REPO);
  ctx.log(`startup: programs ${built.length === 0 ? "already built" : `built: ${built.join(", ")}`}`);

  const dir = mkdtempSync(join(tmpdir(), "dpr-bench-startup-"));
  let node: DevChain | undefined;
  const unregister = onInterrupt(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    const chain = (node = await startChain({ kind: "anvil" }));
    const empty = join(dir, "empty.bin");
    const small = join(dir, "small.bin");
    writeRandomFile(empty, 0);
    writeRandomFile(small, SMALL_FILE_BYTES);

    ctx.log(`startup: deploying on anvil and registering a ${SMALL_FILE_BYTES / 1024} KiB file`);
    const story = await setUpChain(chain.url);
    await onboard(story);
    const contentHash = await hashBytes(readFileSync(small), "sha256");
    await registerDataset(story.as("holder"), {
      contentHash,
      metadataHash: h("metadata:startup"),
      metadataURI: "https://data.example/startup.json",
      category: "public",
      grade: "general",
      sector: "transport",
      jurisdiction: "GZ",
    });
    const verifyDeployment = writeDeployment(dir, "verify", story.deployment);
    // A deployment of its own for the indexer: no participants, no datasets, nothing to index.
    const indexerDeployment = writeDeployment(dir, "indexer", (await setUpChain(chain.url)).deployment);

    const bare = () => timeCommand(process.execPath, ["-e", "0"], { cwd: dir });
    const help = () => timeCommand(process.execPath, [DPR, "--help"], { cwd: dir });
    const hash = () => timeCommand(process.execPath, [DPR, "hash", "--json", "--quiet", empty], { cwd: dir });
    const verify = () => timeCommand(process.execPath, [DPR, "verify", small, "--rpc", chain.url, "--deployment", verifyDeployment, "--json", "--quiet"], { cwd: dir });
    let indexerRun = 0;
    const indexer = () => timeIndexerReady(chain.url, indexerDeployment, ["--data-dir", join(dir, `indexer-${++indexerRun}`)]);
    const postgres = await ctx.fixture.postgres();
    const indexerPostgres = async () => {
      const database: TestDatabase = await createTestDatabase("postgres");
      try {
        return await timeIndexerReady(chain.url, indexerDeployment, ["--database-url", database.databaseUrl ?? ""]);
      } finally {
        await database.drop();
      }
    };

    // The unmeasured round, which also checks that each command does what it is timed doing.
    ctx.log("startup: warm-up round");
    await bare();
    if (!(await help()).stdout.includes("Usage: dpr")) throw new Error("dpr --help printed no usage");
    const hashed = JSON.parse((await hash()).stdout) as { contentHash: string };
    if (hashed.contentHash !== (await hashBytes(new Uint8Array(), "sha256"))) throw new Error(`dpr hash of an empty file gave ${hashed.contentHash}`);
    const verified = JSON.parse((await verify()).stdout) as { verified: boolean; contentHash: string };
    if (!verified.verified || verified.contentHash !== contentHash) throw new Error(`dpr verify did not verify the registered file: ${JSON.stringify(verified)}`);
    await indexer();
    if (postgres.available) await indexerPostgres();

    const runs = { node: [] as TimedRun[], help: [] as TimedRun[], hash: [] as TimedRun[], verify: [] as TimedRun[] };
    const indexerMs: number[] = [];
    const indexerPostgresMs: number[] = [];
    const indexerEvery = Math.max(1, Math.floor(repeats.commands / repeats.indexer));
    for (let i = 0; i < repeats.commands; i++) {
      ctx.log(`startup: round ${i + 1} of ${repeats.commands}`);
      // The baseline just before each command, so that its samples see the same moments' load.
      for (const [name, run] of [["help", help], ["hash", hash], ["verify", verify]] as const) {
        runs.node.push(await bare());
        runs[name].push(await run());
      }
      if (i % indexerEvery === 0 && indexerMs.length < repeats.indexer) {
        indexerMs.push(await indexer());
        if (postgres.available) indexerPostgresMs.push(await indexerPostgres());
      }
    }
    while (indexerMs.length < repeats.indexer) {
      indexerMs.push(await indexer());
      if (postgres.available) indexerPostgresMs.push(await indexerPostgres());
    }

    const ms = (list: TimedRun[]) => median(list.map((r) => r.seconds * 1000));
    const baselineMs = ms(runs.node);
    const baseline = { label: "node -e 0", value: baselineMs, unit: "ms" };
    const command = (id: string, label: string, list: TimedRun[], budget: number): Figure => {
      const value = ms(list);
      return figure({
        id,
        label,
        value,
        unit: "ms",
        baseline,
        sense: "lower-is-better",
        target: { text: `≤ ${budget}× node -e 0`, met: value <= budget * baselineMs },
      });
    };
    const indexerReady = median(indexerMs);
    const figures: Figure[] = [
      {
        ...command("help", "dpr --help", runs.help, BUDGET.help),
        note: `median of ${repeats.commands} (the baseline: of ${3 * repeats.commands}), each run just after one of the baseline; from spawn to exit; ${process.version}${compileCacheNote()}`,
      },
      command("hash", "dpr hash, empty file", runs.hash, BUDGET.hash),
      {
        ...command("verify", `dpr verify, ${SMALL_FILE_BYTES / 1024} KiB registered file (local anvil)`, runs.verify, BUDGET.verify),
        note: "hashes the file, checks the deployment against the chain and reads the registration over JSON-RPC on loopback",
      },
      figure({
        id: "indexerReady",
        label: "dpr-indexer ready, empty chain (PGlite)",
        value: indexerReady,
        unit: "ms",
        baseline,
        sense: "lower-is-better",
        target: { text: `≤ ${BUDGET.indexerMs / 1000} s`, met: indexerReady <= BUDGET.indexerMs },
        note: `median of ${repeats.indexer}; from spawn until /ready answers 200, a new PGlite folder each time (a copy of the machine's migrated template), --port 0`,
      }),
    ];
    if (postgres.available) {
      const value = median(indexerPostgresMs);
      figures.push(
        figure({
          id: "indexerReadyPostgres",
          label: "dpr-indexer ready, empty chain (PostgreSQL)",
          value,
          unit: "ms",
          baseline,
          sense: "lower-is-better",
          target: { text: `≤ ${BUDGET.indexerMs / 1000} s`, met: value <= BUDGET.indexerMs },
          note: `median of ${repeats.indexer}; a new database each time on the PostgreSQL server of this machine (its own start-up not counted)`,
        }),
      );
    }
    return {
      figures,
      details: {
        repeats,
        smallFileBytes: SMALL_FILE_BYTES,
        builtPrograms: built,
        milliseconds: {
          ...Object.fromEntries(Object.entries(runs).map(([k, list]) => [k, list.map((r) => round(r.seconds * 1000))])),
          indexerReady: indexerMs.map((v) => round(v)),
          indexerReadyPostgres: postgres.available ? indexerPostgresMs.map((v) => round(v)) : postgres.reason,
        },
        peakMiB: Object.fromEntries(Object.entries(runs).map(([k, list]) => [k, list.map((r) => round(r.peakMiB))])),
        budgets: BUDGET,
      },
    };
  } finally {
    unregister();
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes the record as `dpr deploy` does, with the hash algorithm (else `dpr verify` reads it from the chain first). */
function writeDeployment(dir: string, name: string, deployment: Deployment): string {
  const path = join(dir, `${name}.deployment.json`);
  writeFileSync(path, serializeDeployment({ ...deployment, hashAlgorithm: deployment.hashAlgorithm ?? "sha256" }));
  return path;
}

function compileCacheNote(): string {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 1) ? " (the executables enable Node's compile cache, warmed by one unmeasured round)" : " (no compile cache before Node.js 22.1)";
}

/**
 * Spawns `dpr-indexer` on a new, empty store (`storeArgs`) with `--port 0`, reads the address it listens
 * on from its log, and returns the milliseconds from spawn until `/ready` answers 200; then stops it.
 */
async function timeIndexerReady(rpcUrl: string, deployment: string, storeArgs: readonly string[]): Promise<number> {
  const args = [DPR_INDEXER, "--rpc", rpcUrl, "--deployment", deployment, ...storeArgs, "--port", "0", "--finality-depth", "0"];
  const started = performance.now();
  const child = spawnGroup(process.execPath, args, { env: childEnv(), stdio: "pipe" });
  let output = "";
  let url: string | undefined;
  child.child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
    url ??= /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
  });
  child.child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  try {
    // Polled every 5 ms: the figure's resolution, at a cost the 2-core machine hardly notices.
    const ready = await waitFor(
      async () => {
        if (child.done) return true;
        if (url === undefined) return false;
        try {
          return (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200;
        } catch {
          return false;
        }
      },
      60_000,
      5,
    );
    const elapsed = performance.now() - started;
    if (child.done) throw new Error(`dpr-indexer exited (${await child.exited}) before it was ready:\n${output.slice(-3_000)}`);
    if (!ready) throw new Error(`dpr-indexer not ready after 60 s:\n${output.slice(-3_000)}`);
    return elapsed;
  } finally {
    await child.stop(15_000);
  }
}
