/**
 * Test support: the real `dpr-indexer` executable as a child process (its own process group), with
 * helpers to wait for readiness, read /metrics, and stop it by signal — SIGKILL included.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Deployment, serializeDeployment } from "@dpr/sdk";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/dpr-indexer.js");

export interface IndexerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  log(): string;
  /** GET a path; resolves to status and parsed JSON (or text). */
  get(path: string): Promise<{ status: number; body: any }>;
  graphql<T = any>(query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  metric(name: string): Promise<number | undefined>;
  waitReady(ms?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Writes the deployment record where the indexer can read it; returns its path. */
export function writeDeployment(deployment: Deployment, dir = mkdtempSync(join(tmpdir(), "dpr-deployment-"))): string {
  const path = join(dir, "deployment.json");
  writeFileSync(path, serializeDeployment(deployment));
  return path;
}

export async function startIndexerProcess(options: {
  rpcUrl: string;
  deploymentPath: string;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  args?: string[];
  env?: Record<string, string>;
  cwd?: string;
}): Promise<IndexerProcess> {
  const port = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), "dpr-indexer-log-"));
  const logFile = join(logDir, "indexer.log");
  const fd = openSync(logFile, "a");
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "debug", ...options.env };
  for (const name of ["NODE_OPTIONS", "DATABASE_URL", "VITEST", "VITEST_WORKER_ID", "VITEST_POOL_ID"]) delete env[name];
  const args = [
    bin,
    "--rpc",
    options.rpcUrl,
    "--deployment",
    options.deploymentPath,
    "--port",
    String(port),
    "--finality-depth",
    "0",
    "--poll-interval",
    "50",
    "--head-stall-timeout",
    "0",
    ...(options.databaseUrl ? ["--database-url", options.databaseUrl] : ["--data-dir", options.dataDir ?? join(logDir, "data")]),
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: options.cwd ?? logDir, env, stdio: ["ignore", fd, fd], detached: true });
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  const log = () => {
    try {
      return readFileSync(logFile, "utf8");
    } catch {
      return "";
    }
  };
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((r) => child.once("exit", (code) => r((exited = code))));

  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(5_000) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  };

  return {
    url,
    port,
    child,
    log,
    get,
    async graphql(query, variables) {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(10_000),
      });
      return (await response.json()) as never;
    },
    async metric(name) {
      try {
        const { body } = await get("/metrics");
        const line = String(body)
          .split("\n")
          .find((l) => l.startsWith(`${name} `));
        return line ? Number(line.split(" ")[1]) : undefined;
      } catch {
        return undefined;
      }
    },
    async waitReady(ms = 120_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        if (exited !== undefined) throw new Error(`dpr-indexer exited (${exited}) before it was ready:\n${log().slice(-3000)}`);
        try {
          if ((await get("/ready")).status === 200) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`dpr-indexer not ready after ${ms} ms:\n${log().slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async kill(signal) {
      if (exited !== undefined) return exited;
      try {
        process.kill(-child.pid!, signal);
      } catch {
        // gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          // gone
        }
      }, 15_000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}
