/**
 * The real `dpr-indexer` executable (packages/indexer/bin/dpr-indexer.js) as a child process of its own,
 * so that its peak resident memory is its own (read from /proc), with its JSON log kept in a file: the
 * log's "indexed blocks" lines say which block ranges it fetched and when each was written, which is
 * what the backfill figures and the bare-fetch baseline are computed from.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, waitFor } from "@dpr/devnet";
import { type Deployment, serializeDeployment } from "@dpr/sdk";
import { type GroupProcess, type Memory, childEnv, memoryOf, onInterrupt, spawnGroup } from "./processes.js";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = join(REPO, "packages/indexer/bin/dpr-indexer.js");

export type StoreKind = "pglite" | "postgres";

export interface IndexerOptions {
  rpcUrl: string;
  deployment: Deployment;
  store: StoreKind;
  /** PostgreSQL only. */
  databaseUrl?: string | undefined;
  /** Head polling once caught up. */
  pollIntervalMs: number;
  /** Extra `dpr-indexer` arguments. */
  args?: readonly string[];
  /** Extra environment (e.g. NODE_OPTIONS for an experiment). */
  env?: NodeJS.ProcessEnv;
}

/** One line of the indexer's pino log. */
export interface LogLine {
  level: number;
  time: number;
  msg: string;
  [key: string]: unknown;
}

export interface IndexerChild {
  url: string;
  pid: number;
  store: StoreKind;
  /** When the process was spawned (Date.now()). */
  spawnedAt: number;
  /** The log so far, parsed (lines that are not JSON are skipped). */
  log(): LogLine[];
  /** The log's raw tail, for error messages. */
  tail(chars?: number): string;
  memory(): Memory | undefined;
  /** Resolves once `/ready` answers 200; rejects if the process exits first or after `ms`. */
  waitReady(ms: number): Promise<void>;
  /** POSTs a GraphQL query; throws on HTTP or GraphQL errors. */
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export async function startIndexer(options: IndexerOptions): Promise<IndexerChild> {
  const dir = mkdtempSync(join(tmpdir(), `dpr-bench-indexer-${options.store}-`));
  const deploymentPath = join(dir, "deployment.json");
  writeFileSync(deploymentPath, serializeDeployment(options.deployment));
  const logPath = join(dir, "indexer.log");
  const port = await freePort();
  const args = [
    BIN,
    "--rpc", options.rpcUrl,
    "--deployment", deploymentPath,
    "--port", String(port),
    "--finality-depth", "0",
    "--poll-interval", String(options.pollIntervalMs),
    "--head-stall-timeout", "0",
    ...(options.store === "postgres" ? ["--database-url", options.databaseUrl ?? ""] : ["--data-dir", join(dir, "data")]),
    ...(options.args ?? []),
  ];
  const fd = openSync(logPath, "a");
  const spawnedAt = Date.now();
  let child: GroupProcess;
  try {
    child = spawnGroup(process.execPath, args, { cwd: dir, env: childEnv({ LOG_LEVEL: "debug", ...options.env }), stdio: fd });
  } finally {
    closeSync(fd);
  }
  const url = `http://127.0.0.1:${port}`;
  const raw = () => {
    try {
      return readFileSync(logPath, "utf8");
    } catch {
      return "";
    }
  };
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      unregister();
      await child.stop(15_000);
      rmSync(dir, { recursive: true, force: true });
    })());
  const unregister = onInterrupt(stop);

  const graphql = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (!response.ok || body.errors?.length) throw new Error(`GraphQL ${response.status}: ${body.errors?.map((e) => e.message).join("; ") ?? "no data"}`);
    return body.data as T;
  };

  return {
    url,
    pid: child.pid,
    store: options.store,
    spawnedAt,
    log: () =>
      raw()
        .split("\n")
        .flatMap((line) => {
          if (!line.startsWith("{")) return [];
          try {
            return [JSON.parse(line) as LogLine];
          } catch {
            return [];
          }
        }),
    tail: (chars = 3_000) => raw().slice(-chars),
    memory: () => memoryOf(child.pid),
    async waitReady(ms) {
      const ready = await waitFor(async () => {
        if (child.done) return true;
        try {
          return (await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200;
        } catch {
          return false;
        }
      }, ms, 20);
      if (child.done) throw new Error(`dpr-indexer (${options.store}) exited (${await child.exited}) before it was ready:\n${raw().slice(-3_000)}`);
      if (!ready) throw new Error(`dpr-indexer (${options.store}) not ready after ${Math.round(ms / 1000)} s:\n${raw().slice(-3_000)}`);
    },
    graphql,
    stop,
  };
}
