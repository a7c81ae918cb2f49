/**
 * Issue 7, item 5: `dpr hash` (the real CLI, packages/cli/bin/dpr.js) on a large file against coreutils'
 * `sha256sum` on the same file, SM3 against `openssl dgst -sm3`, and the CLI's peak RSS on a small and a
 * large file (hashing streams, so memory must not grow with the file).
 *
 * Each command's wall time runs from spawn to exit, as a user waits for it, so `dpr hash` pays for
 * starting Node.js and loading its TypeScript sources; that start-up is measured on an empty file in the
 * same run and reported, with the throughput net of it. The file is written just before (so it sits in
 * the page cache for every reader alike) and deleted after.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SuiteContext, SuiteOutput } from "../lib/context.js";
import { writeRandomFile } from "../lib/files.js";
import { REPO } from "../lib/indexer.js";
import { onInterrupt, timeCommand, type TimedRun } from "../lib/processes.js";
import { type Figure, figure, median, round } from "../lib/results.js";

const MiB = 1024 * 1024;
const DPR = join(REPO, "packages/cli/bin/dpr.js");
/** "Constant memory": the large file may cost at most this much more peak RSS than the small one. */
const RSS_GROWTH_ALLOWED = 1.1;

interface Sizes {
  large: number;
  small: number;
  repeats: number;
}

export async function hashing(ctx: SuiteContext): Promise<SuiteOutput> {
  const sizes: Sizes = ctx.options.quick ? { large: 128 * MiB, small: 16 * MiB, repeats: 1 } : { large: 1024 * MiB, small: 64 * MiB, repeats: 3 };
  const dir = mkdtempSync(join(tmpdir(), "dpr-bench-hash-"));
  const unregister = onInterrupt(async () => rmSync(dir, { recursive: true, force: true }));
  try {
    const large = join(dir, "large.bin");
    const small = join(dir, "small.bin");
    const empty = join(dir, "empty.bin");
    ctx.log(`hashing: writing ${sizes.large / MiB} MiB and ${sizes.small / MiB} MiB files in ${dir}`);
    writeRandomFile(large, sizes.large);
    writeRandomFile(small, sizes.small);
    writeRandomFile(empty, 0);

    const dpr = (file: string, algorithm: "sha256" | "sm3") => timeCommand(process.execPath, [DPR, "hash", "--json", "--quiet", "--alg", algorithm, file], { cwd: REPO });
    const hashOf = (run: TimedRun) => (JSON.parse(run.stdout) as { contentHash: string }).contentHash;

    // Alternate the commands so that a burst of load from elsewhere hits each alike; report medians.
    const runs = { sha256sum: [] as TimedRun[], dpr: [] as TimedRun[], opensslSm3: [] as TimedRun[], dprSm3: [] as TimedRun[], startup: [] as TimedRun[], small: [] as TimedRun[] };
    for (let i = 0; i < sizes.repeats; i++) {
      ctx.log(`hashing: round ${i + 1} of ${sizes.repeats}`);
      runs.sha256sum.push(await timeCommand("sha256sum", [large]));
      runs.dpr.push(await dpr(large, "sha256"));
      runs.startup.push(await dpr(empty, "sha256"));
      runs.opensslSm3.push(await timeCommand("openssl", ["dgst", "-sm3", "-r", large]));
      runs.dprSm3.push(await dpr(large, "sm3"));
      runs.small.push(await dpr(small, "sha256"));
    }
    // The figures mean something only if both sides computed the same digest.
    const expectSha = `0x${runs.sha256sum[0]!.stdout.split(" ")[0]}`;
    const expectSm3 = `0x${runs.opensslSm3[0]!.stdout.split(" ")[0]}`;
    if (hashOf(runs.dpr[0]!) !== expectSha) throw new Error(`dpr hash gave ${hashOf(runs.dpr[0]!)}, sha256sum ${expectSha}`);
    if (hashOf(runs.dprSm3[0]!) !== expectSm3) throw new Error(`dpr hash --alg sm3 gave ${hashOf(runs.dprSm3[0]!)}, openssl ${expectSm3}`);

    const t = (list: TimedRun[]) => median(list.map((r) => r.seconds));
    const peak = (list: TimedRun[]) => Math.max(...list.map((r) => r.peakMiB));
    const mbps = (bytes: number, seconds: number) => bytes / 1e6 / seconds;
    const startup = t(runs.startup);
    const dprSeconds = t(runs.dpr);
    const sumSeconds = t(runs.sha256sum);
    const net = Math.max(1e-3, dprSeconds - startup);
    const label = `${sizes.large / MiB >= 1024 ? `${sizes.large / MiB / 1024} GiB` : `${sizes.large / MiB} MiB`}`;

    const figures: Figure[] = [
      figure({
        id: "sha256.throughput",
        label: `dpr hash, ${label} (SHA-256, whole command)`,
        value: mbps(sizes.large, dprSeconds),
        unit: "MB/s",
        baseline: { label: "sha256sum, same file", value: mbps(sizes.large, sumSeconds), unit: "MB/s" },
        sense: "higher-is-better",
        note: `median of ${sizes.repeats}; dpr hash includes ${startup.toFixed(2)} s of start-up (Node.js and the CLI's bundle), measured on an empty file`,
      }),
      figure({
        id: "sha256.throughputNet",
        label: `dpr hash, ${label} (SHA-256, net of start-up)`,
        value: mbps(sizes.large, net),
        unit: "MB/s",
        baseline: { label: "sha256sum, same file", value: mbps(sizes.large, sumSeconds), unit: "MB/s" },
        sense: "higher-is-better",
        note: "Node's crypto (OpenSSL, SHA-NI where the CPU has it) against coreutils' portable C",
      }),
      figure({
        id: "sm3.throughput",
        label: `dpr hash --alg sm3, ${label} (whole command)`,
        value: mbps(sizes.large, t(runs.dprSm3)),
        unit: "MB/s",
        baseline: { label: "openssl dgst -sm3, same file", value: mbps(sizes.large, t(runs.opensslSm3)), unit: "MB/s" },
        sense: "higher-is-better",
      }),
      figure({
        id: "rss.constant",
        label: `dpr hash peak RSS, ${label}`,
        value: peak(runs.dpr),
        unit: "MiB",
        baseline: { label: `same command, ${sizes.small / MiB} MiB file`, value: peak(runs.small), unit: "MiB" },
        sense: "near-1",
        target: { text: `constant memory (≤ ${RSS_GROWTH_ALLOWED}×)`, met: peak(runs.dpr) <= RSS_GROWTH_ALLOWED * peak(runs.small) },
      }),
    ];
    return {
      figures,
      details: {
        bytes: { large: sizes.large, small: sizes.small },
        repeats: sizes.repeats,
        seconds: Object.fromEntries(Object.entries(runs).map(([k, list]) => [k, list.map((r) => round(r.seconds))])),
        peakMiB: Object.fromEntries(Object.entries(runs).map(([k, list]) => [k, list.map((r) => round(r.peakMiB))])),
        startupSeconds: round(startup),
        tools: { sha256sum: version("sha256sum", ["--version"]), openssl: version("openssl", ["version"]) },
      },
    };
  } finally {
    unregister();
    rmSync(dir, { recursive: true, force: true });
  }
}

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: "utf8" }).split("\n")[0]!.trim();
  } catch {
    return "unknown";
  }
}
