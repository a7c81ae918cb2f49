/**
 * A smoke test of the benchmarks (`npm run bench -- --quick`), so that the scripts do not rot: every
 * suite runs on small sizes and reports figures, each beside a baseline measured in the same run. It
 * asserts that the measurements exist and are sane, never how fast anything is (that is for the
 * benchmarks themselves, on a quiet machine: docs/performance.md).
 *
 * Without PostgreSQL or Chromium the suites that need them report "skipped"; under CI=true, where
 * .ci/run installs both, every suite must run.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BenchResults, SUITES } from "../../bench/lib/results.js";

const repoRoot = join(__dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "dpr-bench-smoke-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  delete env.VITEST;
  delete env.NODE_ENV;
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", "bench", "--", ...args], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run bench -- --quick", () => {
  it("measures every suite beside a same-run baseline, writes the results and prints the table", async () => {
    const out = join(work, "quick.json");
    const run = await runBench(["--quick", "--out", out]);
    const log = `stderr:\n${run.stderr.slice(-4000)}`;
    expect(run.code, log).toBe(0);
    const results = JSON.parse(readFileSync(out, "utf8")) as BenchResults;
    expect(results.mode).toBe("quick");
    expect(Object.keys(results.suites).sort()).toEqual([...SUITES].sort());
    for (const name of SUITES) {
      const suite = results.suites[name];
      if (process.env.CI === "true" || suite.status !== "skipped") expect([name, suite.status, suite.reason], log).toEqual([name, "ok", undefined]);
      if (suite.status !== "ok") continue;
      expect(suite.figures.length, name).toBeGreaterThan(0);
      for (const figure of suite.figures) {
        expect(Number.isFinite(figure.value) && figure.value > 0, `${name} ${figure.id} = ${figure.value}`).toBe(true);
        expect(Number.isFinite(figure.baseline.value) && figure.baseline.value > 0, `${name} ${figure.id} baseline`).toBe(true);
        expect(figure.ratio).toBeCloseTo(figure.value / figure.baseline.value, 6);
      }
    }
    // The Markdown table on stdout names every suite.
    for (const title of ["1. Gas", "2. Backfill", "3. Live lag", "4. GraphQL", "5. Hashing", "6. Browser"]) expect(run.stdout).toContain(`| **${title}** |`);
    expect(run.stdout).toMatch(/^\| \| Measure \| Value \| Baseline \(same run\) \| Ratio \| Target \|$/m);
  }, 600_000);

  it("refuses an unknown suite with a clear message and exit code 2, measuring nothing", async () => {
    const out = join(work, "never.json");
    const run = await runBench(["--only", "gas,speed", "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('bench: --only: unknown suite "speed"; choose from gas, hashing, backfill, graphql, lag, browser');
    expect(() => readFileSync(out)).toThrow();
  }, 60_000);
});
