/**
 * Child processes for the benchmarks: each in its own process group (so a wrapper's children go with
 * it), tracked so that Ctrl-C, an error or a plain exit never leaves one running, and measured from
 * /proc (peak resident memory) without extra tools where possible.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { groupMembers, signalGroup, waitFor } from "@dpr/devnet";

// ---------------------------------------------------------------------------------------------------
// Clean-up on every way out
// ---------------------------------------------------------------------------------------------------

const cleanups = new Set<() => Promise<void>>();
const groups = new Set<number>();
let signalled = false;

/** Runs `fn` on Ctrl-C/SIGTERM (before exiting) unless unregistered first. Returns the unregister. */
export function onInterrupt(fn: () => Promise<void>): () => void {
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Runs every registered clean-up (newest first), reporting but not stopping on failures. */
export async function cleanUpAll(): Promise<void> {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      await fn();
    } catch (error) {
      console.error(`bench: clean-up failed: ${(error as Error).message}`);
    }
  }
}

/** Installs the signal and exit handlers once (bench/run.ts calls it). */
export function installExitHandlers(): void {
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // `on`, not `once`: a terminal sends the signal to the whole group and tsx relays it again.
    process.on(sig, () => {
      if (signalled) return;
      signalled = true;
      console.error(`bench: ${sig}, stopping everything it started`);
      void cleanUpAll().finally(() => process.exit(130));
    });
  }
  // The last resort is synchronous: whatever group is still tracked gets SIGKILL.
  process.on("exit", () => {
    for (const pgid of groups) signalGroup(pgid, "SIGKILL");
  });
}

// ---------------------------------------------------------------------------------------------------
// Process groups
// ---------------------------------------------------------------------------------------------------

export interface GroupProcess {
  child: ChildProcess;
  pid: number;
  /** Settles with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  /** Whether it has ended. */
  readonly done: boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when no member of the group is left. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Where stdout and stderr go: a file descriptor, or "pipe" to read them, or "ignore". */
  stdio?: "pipe" | "ignore" | number;
}

/** Environment variables a child must not inherit from a vitest worker or a coverage run. */
const STRIPPED = ["NODE_OPTIONS", "NODE_V8_COVERAGE", "VITEST", "VITEST_WORKER_ID", "VITEST_POOL_ID", "DATABASE_URL"];

export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const name of STRIPPED) if (!(name in extra)) delete env[name];
  return env;
}

/** Starts `command` in its own process group, tracked until it ends. */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): GroupProcess {
  const out = options.stdio ?? "ignore";
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? childEnv(),
    detached: true,
    stdio: ["ignore", out, out],
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pid = child.pid;
  groups.add(pid);
  let done = false;
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => {
      done = true;
      resolve(code ?? signal ?? "unknown");
    });
    child.once("error", (error) => {
      done = true;
      resolve(error.message);
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    child,
    pid,
    exited,
    get done() {
      return done;
    },
    stop(graceMs = 10_000) {
      stopping ??= (async () => {
        signalGroup(pid, "SIGTERM");
        if (!(await waitFor(() => groupMembers(pid).length === 0, graceMs))) {
          signalGroup(pid, "SIGKILL");
          await waitFor(() => groupMembers(pid).length === 0, 5_000);
        }
        const left = groupMembers(pid);
        if (left.length > 0) throw new Error(`process group ${pid} (${command}) still has processes after SIGKILL: ${left.join(", ")}`);
        groups.delete(pid);
      })();
      return stopping;
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Memory
// ---------------------------------------------------------------------------------------------------

export interface Memory {
  /** Resident memory now, MiB. */
  rssMiB: number;
  /** Peak resident memory since the process started (VmHWM), MiB. */
  peakMiB: number;
}

/** The process's resident and peak resident memory from /proc, or undefined once it has gone. */
export function memoryOf(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return undefined;
  }
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: kib("VmRSS") / 1024, peakMiB: kib("VmHWM") / 1024 };
}

// ---------------------------------------------------------------------------------------------------
// Timed commands
// ---------------------------------------------------------------------------------------------------

export interface TimedRun {
  seconds: number;
  /** Peak resident memory of the command (GNU time's %M, or VmHWM sampled every 10 ms), MiB. */
  peakMiB: number;
  stdout: string;
  stderr: string;
}

const GNU_TIME = "/usr/bin/time";

/**
 * Runs a command to completion and measures its wall time (from spawn to exit, as a user waits) and
 * peak resident memory. GNU time reads the peak from the kernel's accounting at exit, so nothing is
 * missed; without it the peak is sampled from /proc while the command runs.
 */
export async function timeCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TimedRun> {
  const gnuTime = existsSync(GNU_TIME);
  const dir = gnuTime ? mkdtempSync(join(tmpdir(), "dpr-bench-time-")) : undefined;
  const timeFile = dir ? join(dir, "time.txt") : undefined;
  const [file, argv] = timeFile ? [GNU_TIME, ["-f", "%M", "-o", timeFile, command, ...args]] : [command, [...args]];
  try {
    const started = performance.now();
    const child = spawn(file, argv, { cwd: options.cwd, env: options.env ?? childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    let sampled = 0;
    const sampler = timeFile
      ? undefined
      : setInterval(() => {
          const memory = child.pid === undefined ? undefined : memoryOf(child.pid);
          if (memory) sampled = Math.max(sampled, memory.peakMiB);
        }, 10);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", resolve);
    });
    const seconds = (performance.now() - started) / 1000;
    if (sampler) clearInterval(sampler);
    if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}: ${stderr.trim().slice(-500)}`);
    const peakMiB = timeFile ? Number(readFileSync(timeFile, "utf8").trim().split("\n").pop()) / 1024 : sampled;
    return { seconds, peakMiB, stdout, stderr };
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
