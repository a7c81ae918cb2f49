/**
 * `npm run coverage`: solidity-coverage over the contract tests, which run with vitest against
 * Hardhat's in-process network.
 *
 * solidity-coverage's own `hardhat coverage` task runs mocha, so this does what that task does with
 * its API (node_modules/solidity-coverage/lib/api.js), around vitest:
 *  1. instrument contracts/ (not interfaces and other declaration-only files, not contracts/mocks/);
 *  2. compile the instrumented sources with the optimizer off into .coverage_artifacts/ (cache
 *     .coverage_cache/), through scripts/coverage/hardhat.config.ts: ./artifacts is never touched;
 *  3. run the contract tests (test/**\/*.test.ts importing hardhat) with DPR_COVERAGE set, which makes
 *     vitest.config.mts load test/helpers/coverage-collector.ts in every worker, and HARDHAT_CONFIG
 *     pointing at the coverage config, so hre reads the instrumented artifacts. Each test file counts
 *     the instrumentation hits of its own in-process network and writes them to a file;
 *  4. add the hits up and write the report: coverage/ (html, lcov, coverage-final.json), coverage.json,
 *     and a summary with every uncovered line and branch.
 *
 * Exits non-zero when a test fails or when contracts/ falls below COVERAGE_MIN_LINES (default 100)
 * percent of lines or COVERAGE_MIN_BRANCHES (default 95) percent of branches.
 *
 * Usage: `npm run coverage` (all contract tests) or `npm run coverage -- test/Foo.test.ts ...`.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { contractTests } from "./solidity-coverage/contract-tests.js";
import { type FileCoverage, armLabel, pct, ranges, summarise, table, total } from "./solidity-coverage/summary.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CONTRACTS = join(ROOT, "contracts");
const COVERAGE_CONFIG = join(ROOT, "scripts/solidity-coverage/hardhat.config.ts");
const ARTIFACTS = join(ROOT, ".coverage_artifacts");
const CACHE = join(ROOT, ".coverage_cache");
/** Files shared between this script and the vitest workers. */
const RUN_DIR = join(CACHE, "dpr-run");
const REPORT_DIR = join(ROOT, "coverage");

const MIN_LINES = threshold("COVERAGE_MIN_LINES", 100);
const MIN_BRANCHES = threshold("COVERAGE_MIN_BRANCHES", 95);

const require = createRequire(import.meta.url);

interface Target {
  canonicalPath: string;
  relativePath: string;
  source: string;
}
interface CoverageApi {
  instrument(targets: Target[]): Target[];
  getInstrumentationData(): Record<string, { hits: number }>;
  instrumenter: { instrumentationData: Record<string, { hits: number }> };
  report(folder?: string): Promise<void>;
}
type CoverageApiClass = new (config: Record<string, unknown>, hardfork?: string) => CoverageApi;
interface SourceUnit {
  children: { type: string; kind?: string }[];
}

function threshold(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 100) throw new Error(`${name} must be a percentage, got ${raw}`);
  return value;
}

function solidityFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return solidityFiles(path);
      return entry.name.endsWith(".sol") ? [path] : [];
    })
    .sort();
}

/**
 * Whether a file has code to cover: a contract, abstract contract or library, or a free function.
 * Interfaces and files of only enums, structs, errors or events have none.
 */
function hasCode(source: string): boolean {
  // solidity-coverage's own parser, so both agree on what a file contains.
  const parser = createRequire(require.resolve("solidity-coverage/package.json"))("@solidity-parser/parser") as {
    parse(source: string): SourceUnit;
  };
  return parser.parse(source).children.some(
    (node) =>
      (node.type === "ContractDefinition" && node.kind !== "interface") || node.type === "FunctionDefinition",
  );
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolveExit, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) => resolveExit(code ?? (signal ? 128 : 1)));
  });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function bin(name: string): string {
  return join(ROOT, "node_modules/.bin", name);
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const testFiles = filters.length > 0 ? filters : contractTests(ROOT);
  if (testFiles.length === 0) {
    console.error("coverage: no contract tests (test/**/*.test.ts importing hardhat) to run");
    return 1;
  }

  // 1. Instrument.
  const API = require("solidity-coverage/api") as CoverageApiClass;
  const api = new API({ cwd: ROOT, istanbulReporter: ["html", "lcov", "json"], silent: true });
  const targets: Target[] = [];
  const skipped: string[] = [];
  for (const file of solidityFiles(CONTRACTS)) {
    const source = readFileSync(file, "utf8");
    const relativePath = relative(ROOT, file);
    if (relativePath.startsWith("contracts/mocks/") || !hasCode(source)) skipped.push(relativePath);
    else targets.push({ canonicalPath: file, relativePath, source });
  }
  const instrumented = api.instrument(targets);
  console.log(`coverage: instrumented ${targets.map((t) => t.relativePath).join(", ")}`);
  console.log(`coverage: not measured (no code, or mocks): ${skipped.join(", ") || "none"}`);

  rmSync(RUN_DIR, { recursive: true, force: true });
  mkdirSync(join(RUN_DIR, "hits"), { recursive: true });
  const sourcesFile = join(RUN_DIR, "instrumented-sources.json");
  // Keyed by Hardhat source name (the path relative to the project root, with forward slashes).
  writeFileSync(
    sourcesFile,
    JSON.stringify(Object.fromEntries(instrumented.map((t) => [relative(ROOT, t.canonicalPath).split("\\").join("/"), t.source]))),
  );
  writeFileSync(join(RUN_DIR, "instrumentation.json"), JSON.stringify(api.getInstrumentationData()));

  // 2. Compile the instrumented sources into .coverage_artifacts (--force: the sources on disk have
  // not changed, so Hardhat's cache would otherwise keep a previous instrumentation).
  console.log("coverage: compiling the instrumented contracts into .coverage_artifacts");
  rmSync(ARTIFACTS, { recursive: true, force: true });
  let started = Date.now();
  const compiled = await run(bin("hardhat"), ["compile", "--force", "--quiet", "--config", COVERAGE_CONFIG], {
    DPR_COVERAGE_SOURCES: sourcesFile,
  });
  console.log(`coverage: compiled in ${seconds(started)}`);
  if (compiled !== 0) {
    console.error("coverage: the instrumented compilation failed");
    return 1;
  }
  checkInstrumentedBuild(instrumented);

  // 3. Run the contract tests, each worker collecting hits from its own in-process network.
  console.log(`coverage: running ${testFiles.length} test file(s): ${testFiles.join(" ")}`);
  started = Date.now();
  const testsExit = await run(bin("vitest"), ["run", ...testFiles], {
    DPR_COVERAGE: RUN_DIR,
    HARDHAT_CONFIG: COVERAGE_CONFIG,
  });
  console.log(`coverage: tests ran in ${seconds(started)}`);

  // 4. Add up the hits and report.
  const hitFiles = readdirSync(join(RUN_DIR, "hits")).filter((f) => f.endsWith(".json"));
  if (hitFiles.length === 0) {
    console.error("coverage: no test file reported hits: did the collector (test/helpers/coverage-collector.ts) run?");
    return 1;
  }
  const data = api.instrumenter.instrumentationData;
  for (const file of hitFiles) {
    const hits = JSON.parse(readFileSync(join(RUN_DIR, "hits", file), "utf8")) as Record<string, number>;
    for (const [hash, count] of Object.entries(hits)) {
      const entry = data[hash];
      if (!entry) throw new Error(`coverage: ${file} reports a hash the instrumentation does not know: ${hash}`);
      entry.hits += count;
    }
  }
  rmSync(REPORT_DIR, { recursive: true, force: true });
  await api.report(REPORT_DIR);

  const map = JSON.parse(readFileSync(join(ROOT, "coverage.json"), "utf8")) as Record<string, FileCoverage>;
  const files = summarise(map).filter((f) => f.file.startsWith("contracts/"));
  console.log(`\nSolidity coverage of contracts/ (${hitFiles.length} test file(s) observed)\n`);
  console.log(table(files));

  const gaps = files.filter((f) => f.uncoveredLines.length > 0 || f.uncoveredBranches.length > 0);
  if (gaps.length > 0) {
    console.log("\nNot covered:");
    for (const f of gaps) {
      console.log(`  ${f.file}`);
      if (f.uncoveredLines.length > 0) console.log(`    lines: ${ranges(f.uncoveredLines)}`);
      if (f.uncoveredBranches.length > 0) {
        console.log(`    branches never taken: ${f.uncoveredBranches.map(armLabel).join(", ")}`);
      }
    }
  }

  const lines = pct(total(files, "lines"));
  const branches = pct(total(files, "branches"));
  console.log(`\nReport: ${relative(ROOT, REPORT_DIR)}/index.html, ${relative(ROOT, REPORT_DIR)}/lcov.info`);
  let exit = 0;
  if (testsExit !== 0) {
    console.error(`coverage: FAIL, the tests failed (vitest exited with ${testsExit})`);
    exit = 1;
  }
  if (lines < MIN_LINES || branches < MIN_BRANCHES) {
    console.error(
      `coverage: FAIL, lines ${lines.toFixed(2)}% (minimum ${MIN_LINES}%), branches ${branches.toFixed(2)}% (minimum ${MIN_BRANCHES}%)`,
    );
    exit = 1;
  } else {
    console.log(`coverage: OK, lines ${lines.toFixed(2)}% (minimum ${MIN_LINES}%), branches ${branches.toFixed(2)}% (minimum ${MIN_BRANCHES}%)`);
  }
  return exit;
}

/**
 * Guards against a silent no-op instrumentation (e.g. a Hardhat change that bypasses the subtask): the
 * build info must contain the instrumented sources, compiled without the optimizer.
 */
function checkInstrumentedBuild(instrumented: Target[]): void {
  const buildInfoDir = join(ARTIFACTS, "build-info");
  const infos = existsSync(buildInfoDir) ? readdirSync(buildInfoDir).filter((f) => f.endsWith(".json")) : [];
  const seen = new Set<string>();
  for (const name of infos) {
    const info = JSON.parse(readFileSync(join(buildInfoDir, name), "utf8")) as {
      input: { sources: Record<string, { content: string }>; settings: { optimizer?: { enabled?: boolean } } };
    };
    for (const t of instrumented) {
      const sourceName = relative(ROOT, t.canonicalPath).split("\\").join("/");
      const compiled = info.input.sources[sourceName];
      if (!compiled) continue;
      if (compiled.content !== t.source) throw new Error(`coverage: ${sourceName} was compiled without its instrumentation`);
      if (info.input.settings.optimizer?.enabled) throw new Error(`coverage: ${sourceName} was compiled with the optimizer on`);
      seen.add(sourceName);
    }
  }
  const missing = instrumented.map((t) => relative(ROOT, t.canonicalPath)).filter((s) => !seen.has(s));
  if (missing.length > 0) throw new Error(`coverage: no instrumented build of ${missing.join(", ")} in ${relative(ROOT, ARTIFACTS)}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
