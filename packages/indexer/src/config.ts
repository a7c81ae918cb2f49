/**
 * `dpr-indexer` configuration: flags first, then environment variables, then defaults. Every value is
 * checked here, so a typo fails at start with the flag's name, not later in the sync.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type Deployment, parseDeployment } from "@dpr/sdk";
import { ConfigError } from "./errors.js";
import type { IndexerConfig } from "./createIndexer.js";
import { DEFAULT_MAX_BODY_BYTES, cspSource } from "./server/security.js";
import { DEFAULT_METADATA_FETCH_TIMEOUT_MS, DEFAULT_METADATA_MAX_BYTES, parseAllowList, splitAllowList } from "./catalogue/fetcher.js";

export interface RawOptions {
  rpc?: string | undefined;
  deployment?: string | undefined;
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  port?: string | undefined;
  host?: string | undefined;
  finalityDepth?: string | undefined;
  pollInterval?: string | undefined;
  headStallTimeout?: string | undefined;
  onChainChange?: string | undefined;
  /** A switch: `--rebuild` (commander gives true), or DPR_REBUILD=1/true. */
  rebuild?: boolean | string | undefined;
  manifests?: string[] | undefined;
  /** `--metadata-dir` (repeatable): folders of dataset metadata documents. */
  metadataDir?: string[] | undefined;
  /** `--metadata-fetch-allow` (repeatable): origins or URL prefixes the indexer may fetch metadataURIs from. */
  metadataFetchAllow?: string[] | undefined;
  metadataMaxBytes?: string | undefined;
  metadataFetchTimeout?: string | undefined;
  web?: string | undefined;
  publicRpcUrl?: string | undefined;
  webConnectSrc?: string[] | undefined;
  maxBody?: string | undefined;
  adminHost?: string | undefined;
  adminPort?: string | undefined;
  metricsToken?: string | undefined;
  statementTimeout?: string | undefined;
  maxRange?: string | undefined;
  logLevel?: string | undefined;
}

/** The variables each option falls back to, as documented in the package README. */
export const ENVIRONMENT: Record<keyof RawOptions, string> = {
  rpc: "DPR_RPC_URL",
  deployment: "DPR_DEPLOYMENT",
  databaseUrl: "DATABASE_URL",
  dataDir: "DPR_INDEXER_DATA_DIR",
  port: "DPR_INDEXER_PORT",
  host: "DPR_INDEXER_HOST",
  finalityDepth: "DPR_FINALITY_DEPTH",
  pollInterval: "DPR_POLL_INTERVAL_MS",
  headStallTimeout: "DPR_HEAD_STALL_TIMEOUT_S",
  onChainChange: "DPR_ON_CHAIN_CHANGE",
  rebuild: "DPR_REBUILD",
  manifests: "DPR_MANIFEST_DIRS",
  metadataDir: "DPR_METADATA_DIRS",
  metadataFetchAllow: "DPR_METADATA_FETCH_ALLOW",
  metadataMaxBytes: "DPR_METADATA_MAX_BYTES",
  metadataFetchTimeout: "DPR_METADATA_FETCH_TIMEOUT_MS",
  web: "DPR_WEB_ROOT",
  publicRpcUrl: "DPR_PUBLIC_RPC_URL",
  webConnectSrc: "DPR_WEB_CONNECT_SRC",
  maxBody: "DPR_MAX_BODY_BYTES",
  adminHost: "DPR_ADMIN_HOST",
  adminPort: "DPR_ADMIN_PORT",
  metricsToken: "DPR_METRICS_TOKEN",
  statementTimeout: "DPR_STATEMENT_TIMEOUT_MS",
  maxRange: "DPR_MAX_BLOCK_RANGE",
  logLevel: "LOG_LEVEL",
};

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export interface ResolvedOptions extends Omit<IndexerConfig, "logger"> {
  logLevel: string;
  deploymentPath: string;
}

export function resolveOptions(flags: RawOptions, env: NodeJS.ProcessEnv = process.env, defaultWebRoot?: string): ResolvedOptions {
  const pick = (key: keyof RawOptions): string | undefined => {
    const flag = flags[key];
    if (flag !== undefined && !Array.isArray(flag)) return String(flag);
    const value = env[ENVIRONMENT[key]];
    return value === undefined || value === "" ? undefined : value;
  };
  const integer = (key: keyof RawOptions, fallback: number, min: number, max: number): number => {
    const text = pick(key);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new ConfigError(`--${kebab(key)} (${ENVIRONMENT[key]}) must be a whole number from ${min} to ${max}, not "${text}"`);
    }
    return value;
  };

  const httpUrl = (key: keyof RawOptions, text: string): URL => {
    const url = parseHttpUrl(text);
    if (url) return url;
    throw new ConfigError(`--${kebab(key)} (${ENVIRONMENT[key]}) must be an http(s) URL, not "${text}"`);
  };

  const rpcUrl = pick("rpc") ?? "http://127.0.0.1:8545";
  httpUrl("rpc", rpcUrl);
  // Given to every browser that loads the page: an address browsers can reach, and no secret in it.
  const publicRpcUrl = pick("publicRpcUrl")?.trim();
  if (publicRpcUrl !== undefined && publicRpcUrl !== "") {
    const url = httpUrl("publicRpcUrl", publicRpcUrl);
    if (url.username || url.password) {
      throw new ConfigError("--public-rpc-url (DPR_PUBLIC_RPC_URL) must not hold a user name or password: every browser that loads the page is given it");
    }
  }
  const databaseUrl = pick("databaseUrl");
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("--database-url (DATABASE_URL) must be a postgres:// or postgresql:// URL");
  }
  const onChainChange = pick("onChainChange") ?? "reset";
  if (onChainChange !== "reset" && onChainChange !== "fail") {
    throw new ConfigError(`--on-chain-change (DPR_ON_CHAIN_CHANGE) must be "reset" or "fail", not "${onChainChange}"`);
  }
  const rebuildText = pick("rebuild")?.trim().toLowerCase() ?? "false";
  if (!["true", "1", "false", "0"].includes(rebuildText)) {
    throw new ConfigError(`--rebuild (DPR_REBUILD) must be true, 1, false or 0, not "${pick("rebuild")}"`);
  }
  const logLevel = pick("logLevel") ?? "info";
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`--log-level (LOG_LEVEL) must be one of ${LOG_LEVELS.join(", ")}, not "${logLevel}"`);
  const deploymentPath = pick("deployment") ?? ".dpr/deployment.json";
  const manifestDirs = flags.manifests?.length ? flags.manifests : (env[ENVIRONMENT.manifests]?.split(":").filter(Boolean) ?? []);
  const metadataDirs = flags.metadataDir?.length ? flags.metadataDir : (env[ENVIRONMENT.metadataDir]?.split(":").filter(Boolean) ?? []);
  // URLs hold colons: the variable's entries are separated by spaces or commas. Checked here, so a bad entry stops the start.
  const metadataFetchAllow = flags.metadataFetchAllow?.length ? flags.metadataFetchAllow : splitAllowList(env[ENVIRONMENT.metadataFetchAllow]);
  parseAllowList(metadataFetchAllow);
  const webConnectSrc = flags.webConnectSrc?.length ? flags.webConnectSrc : (env[ENVIRONMENT.webConnectSrc]?.split(/[\s,]+/).filter(Boolean) ?? []);
  for (const source of webConnectSrc) {
    if (cspSource(source) === null) {
      throw new ConfigError(
        `--web-connect-src (DPR_WEB_CONNECT_SRC) takes http(s) origins (https://rpc.zone.example, https://*.zone.example, http://127.0.0.1:*) or "https:", not "${source}"`,
      );
    }
  }
  const port = integer("port", 4350, 0, 65_535);
  const host = pick("host") ?? "127.0.0.1";
  const adminPort = pick("adminPort") === undefined ? undefined : integer("adminPort", 0, 0, 65_535);
  const adminHost = pick("adminHost");
  if (adminHost !== undefined && adminPort === undefined) {
    throw new ConfigError("--admin-host (DPR_ADMIN_HOST) needs --admin-port (DPR_ADMIN_PORT): without an admin listener /metrics is served on --port");
  }
  if (adminPort !== undefined && adminPort !== 0 && adminPort === port && (adminHost ?? "127.0.0.1") === host) {
    throw new ConfigError(`--admin-port (DPR_ADMIN_PORT) must differ from --port (DPR_INDEXER_PORT) on the same address, not both ${port}`);
  }
  // A secret: the message never repeats it.
  const metricsToken = pick("metricsToken") ?? (env[ENVIRONMENT.metricsToken] === "" ? "" : undefined);
  if (metricsToken !== undefined && !/^[A-Za-z0-9\-._~+/]{16,}=*$/.test(metricsToken)) {
    throw new ConfigError("--metrics-token (DPR_METRICS_TOKEN) must be at least 16 characters of A-Z, a-z, 0-9 and -._~+/ (the value is not shown)", {
      details: "generate one with: openssl rand -hex 32",
    });
  }

  return {
    rpcUrl,
    deployment: readDeployment(deploymentPath),
    deploymentPath,
    databaseUrl,
    dataDir: pick("dataDir") ?? ".dpr/indexer",
    port,
    host,
    finalityDepth: integer("finalityDepth", 12, 0, 10_000),
    pollIntervalMs: integer("pollInterval", 1_000, 10, 3_600_000),
    headStallTimeoutMs: integer("headStallTimeout", 300, 0, 86_400) * 1_000,
    onChainChange,
    rebuild: rebuildText === "true" || rebuildText === "1",
    manifestDirs: manifestDirs.map((dir) => resolve(dir)),
    metadataDirs: metadataDirs.map((dir) => resolve(dir)),
    metadataFetchAllow,
    metadataMaxBytes: integer("metadataMaxBytes", DEFAULT_METADATA_MAX_BYTES, 1_024, 16 * 1024 * 1024),
    metadataFetchTimeoutMs: integer("metadataFetchTimeout", DEFAULT_METADATA_FETCH_TIMEOUT_MS, 100, 600_000),
    webRoot: pick("web") ?? defaultWebRoot,
    publicRpcUrl: publicRpcUrl || undefined,
    webConnectSrc,
    maxBodyBytes: integer("maxBody", DEFAULT_MAX_BODY_BYTES, 1_024, 16 * 1024 * 1024),
    adminPort,
    adminHost,
    metricsToken,
    statementTimeoutMs: integer("statementTimeout", 10_000, 0, 3_600_000),
    maxRange: integer("maxRange", 50_000, 1, 10_000_000),
    logLevel,
  };
}

function readDeployment(path: string): Deployment {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === "ENOENT" ? `no deployment record at ${path}` : `cannot read the deployment record ${path}: ${code ?? String(error)}`,
      { details: "pass --deployment <file> (or DPR_DEPLOYMENT); `dpr deploy` writes one to .dpr/deployment.json" },
    );
  }
  try {
    return parseDeployment(text);
  } catch (error) {
    throw new ConfigError(`the deployment record ${path} is invalid: ${(error as Error).message}`);
  }
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `text` as an http(s) URL, or null when it is not one. */
export function parseHttpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
