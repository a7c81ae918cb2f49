/** Test helper: runs the real `dpr` executable as a subprocess and collects what it printed. */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const dprBin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/dpr.js");

export interface DprRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json<T = Record<string, unknown>>(): T;
}

export interface RunOptions {
  cwd?: string;
  /** Added to a clean environment (no DPR_* variables inherited). */
  env?: Record<string, string | undefined> | undefined;
  /** Written to stdin, then closed. */
  input?: string;
}

export function runDpr(args: readonly string[], options: RunOptions = {}): Promise<DprRun> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("DPR_") && key !== "NODE_OPTIONS") env[key] = value;
  }
  Object.assign(env, options.env);
  return new Promise((resolveRun, reject) => {
    // A session of its own: no controlling terminal, so a password prompt fails fast instead of waiting
    // on the terminal of whoever runs the tests.
    const child = spawn(process.execPath, [dprBin, ...args], { cwd: options.cwd, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.once("error", reject);
    child.once("close", (code) =>
      resolveRun({
        code,
        stdout,
        stderr,
        json<T>() {
          try {
            return JSON.parse(stdout) as T;
          } catch {
            throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
          }
        },
      }),
    );
    child.stdin.end(options.input ?? "");
  });
}
