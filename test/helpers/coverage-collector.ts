/**
 * Vitest setup file of `npm run coverage` (added by vitest.config.mts only when DPR_COVERAGE is set).
 *
 * Each test file runs in a worker process with its own in-process Hardhat network. Before the file's
 * tests run, this attaches solidity-coverage's DataCollector to that network's EVM step events (as
 * solidity-coverage's `attachToHardhatVM` does); after them, it writes the hits it counted to
 * `$DPR_COVERAGE/hits/`, where scripts/coverage.ts adds up every file's hits and writes the report.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import hre from "hardhat";
import { afterAll } from "vitest";

interface Hit {
  hits: number;
}
interface StepEmitter {
  on(event: "step", listener: (info: unknown) => void): unknown;
  off(event: "step", listener: (info: unknown) => void): unknown;
}
type CollectorClass = new (instrumentationData: Record<string, Hit>, viaIR: boolean) => { step(info: unknown): void };

const runDir = process.env.DPR_COVERAGE;
if (!runDir) throw new Error("coverage-collector.ts is the setup file of `npm run coverage`: DPR_COVERAGE is not set");

const require = createRequire(import.meta.url);
const DataCollector = require("solidity-coverage/lib/collector") as CollectorClass;

// The hash -> {contractPath, type, id, hits} map produced when scripts/coverage.ts instrumented the sources.
const data = JSON.parse(readFileSync(join(runDir, "instrumentation.json"), "utf8")) as Record<string, Hit>;
for (const entry of Object.values(data)) entry.hits = 0;
const collector = new DataCollector(data, false);
const onStep = (info: unknown) => collector.step(info);

/** The EVM event emitter under Hardhat's provider wrappers (EDR keeps an ethereumjs-style shim for plugins). */
async function stepEmitter(): Promise<StepEmitter> {
  const provider = hre.network.provider as unknown as { init?: () => Promise<void> };
  if (provider.init) await provider.init();
  let current = provider as unknown as { _wrapped?: unknown; _node?: { _vm?: { evm?: { events?: StepEmitter } } } };
  while (current._wrapped) current = current._wrapped as typeof current;
  const events = current._node?._vm?.evm?.events;
  if (!events) throw new Error("cannot find the in-process Hardhat network's EVM events: has Hardhat's provider changed?");
  return events;
}

if (!hre.config.paths.artifacts.endsWith(".coverage_artifacts")) {
  throw new Error(`coverage needs the instrumented artifacts, but hre reads ${hre.config.paths.artifacts}: is HARDHAT_CONFIG set?`);
}

const events = await stepEmitter();
events.on("step", onStep);

afterAll(() => {
  events.off("step", onStep);
  const hits: Record<string, number> = {};
  for (const [hash, entry] of Object.entries(data)) if (entry.hits > 0) hits[hash] = entry.hits;
  const dir = join(runDir, "hits");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${process.pid}-${randomUUID()}.json`), JSON.stringify(hits));
});
