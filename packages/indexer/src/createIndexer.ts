/**
 * The indexer: rpc → sync → store → handlers → graphql → server, assembled.
 *
 * On PGlite one process owns the data folder (a lock file refuses a second). On PostgreSQL any number of
 * processes share the database: the one holding the writer's advisory lock syncs and writes (through
 * the locked session itself, so a process that lost its lock cannot write), the others serve queries and
 * try the lock every `standbyPollMs`; when the writer dies its session ends, the lock is free, and a
 * standby takes over within that interval.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Deployment } from "@dpr/sdk";
import pino, { type Logger } from "pino";
import { parseHttpUrl } from "./config.js";
import { ConfigError, type IndexingErrorReport, StoreError } from "./errors.js";
import { createHandlers } from "./handlers/createHandlers.js";
import { createDecoder } from "./handlers/decode.js";
import { type Metrics, createMetrics } from "./metrics.js";
import { type Rpc, createRpc } from "./rpc/createRpc.js";
import type { HealthState, HttpServer } from "./server/createServer.js";
import { cspSource } from "./server/security.js";
import { type Store, createStore } from "./store/createStore.js";
import { type Db, type Session, createDb, redactUrl } from "./store/db.js";
import { type Sync, createSync } from "./sync/createSync.js";
import { createManifestLoader } from "./sync/manifests.js";
import { loadMetadataDocuments } from "./sync/metadata.js";
import { DEFAULT_METADATA_FETCH_TIMEOUT_MS, DEFAULT_METADATA_MAX_BYTES, createFetcher, parseAllowList, storeFolderDocuments } from "./catalogue/index.js";

export interface IndexerConfig {
  rpcUrl: string;
  deployment: Deployment;
  /** PostgreSQL; without it PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** PGlite's folder (default `.dpr/indexer`); `memory://` for a throwaway index. */
  dataDir?: string | undefined;
  port?: number | undefined;
  host?: string | undefined;
  /** Default 12. Use 0 on an instant-finality chain (QBFT, IBFT) or a development node. */
  finalityDepth?: number | undefined;
  pollIntervalMs?: number | undefined;
  /** Flag the head as stalled after this long without a new block (default 300 s; 0 disables). */
  headStallTimeoutMs?: number | undefined;
  /** What to do when the chain is not the one indexed: start over (default) or stop. */
  onChainChange?: "reset" | "fail" | undefined;
  /**
   * Empty the index at start and index again from the deployment block (`--rebuild`): the way out of an
   * index that is damaged. On PostgreSQL this process must get the writer lock at once, or `start()` fails.
   */
  rebuild?: boolean | undefined;
  /** Folders with batch manifests to match to anchors. */
  manifestDirs?: readonly string[] | undefined;
  /**
   * Folders of dataset metadata documents (`*.json`, at most 1 MiB each), read at start: a document whose
   * SHA-256 is a dataset's `metadataHash` is served as its `metadata` (title, description).
   */
  metadataDirs?: readonly string[] | undefined;
  /**
   * Where datasets' `metadataURI`s may be fetched from (`--metadata-fetch-allow`): origins or URL prefixes.
   * Empty or absent: nothing is fetched. See catalogue/fetcher.ts.
   */
  metadataFetchAllow?: readonly string[] | undefined;
  /** The largest metadata document read or fetched (default 1 MiB). */
  metadataMaxBytes?: number | undefined;
  /** The time limit of one fetch (default 10 s). */
  metadataFetchTimeoutMs?: number | undefined;
  webRoot?: string | undefined;
  /**
   * The chain's JSON-RPC URL for browsers: the page served at `/` reads its verdicts there (it learns it
   * from `/api/web-config`). Default none, and the page uses its own default: `rpcUrl` is often an
   * address inside the zone's network that must not be handed to every visitor.
   */
  publicRpcUrl?: string | undefined;
  /**
   * More sources the page may connect to (its Content-Security-Policy's connect-src), beside
   * `publicRpcUrl`'s origin: http(s) origins, `https://*.zone.example`, `http://127.0.0.1:*`, or `https:`.
   */
  webConnectSrc?: readonly string[] | undefined;
  /** The largest `POST /graphql` body in bytes (default 64 KiB); larger ones get 413. */
  maxBodyBytes?: number | undefined;
  /** A second listener for `/metrics`, `/health` and `/ready`; `/metrics` then leaves the public one. */
  adminPort?: number | undefined;
  /** The admin listener's address (default 127.0.0.1). */
  adminHost?: string | undefined;
  /** `/metrics` answers only `Authorization: Bearer <metricsToken>`. Never logged. */
  metricsToken?: string | undefined;
  statementTimeoutMs?: number | undefined;
  /** How often a standby tries the writer lock (default 1 s). */
  standbyPollMs?: number | undefined;
  /** Whether to serve HTTP (default true). */
  serve?: boolean | undefined;
  logger?: Logger | undefined;
  /** Backfill tuning (benchmarks and tests). */
  initialRange?: number | undefined;
  maxRange?: number | undefined;
  rpcTimeoutMs?: number | undefined;
}

export interface Indexer {
  /** The server's base URL (after `start()`; undefined without HTTP). */
  readonly url: string | undefined;
  /** The admin listener's base URL (after `start()`; undefined without `adminPort`). */
  readonly adminUrl: string | undefined;
  readonly role: "writer" | "standby";
  readonly db: Db;
  readonly metrics: Metrics;
  start(): Promise<void>;
  /** Resolves once this process's view is caught up with the chain head. */
  ready(): Promise<void>;
  health(): Promise<HealthState>;
  /**
   * Rejects when indexing stops on an error that retrying cannot fix (a deep reorg, a wrong chain, a
   * failing handler…). The server keeps answering from the index as of the last checkpoint.
   */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

const WRITER_LOCK = 0x44505232; // "DPR2"

export async function createIndexer(config: IndexerConfig): Promise<Indexer> {
  const logger = config.logger ?? pino({ name: "dpr-indexer" });
  const metrics = createMetrics();
  const finalityDepth = config.finalityDepth ?? 12;
  if (!Number.isInteger(finalityDepth) || finalityDepth < 0) throw new ConfigError(`finality depth must be a whole number ≥ 0, not ${finalityDepth}`);
  if (config.publicRpcUrl !== undefined && !parseHttpUrl(config.publicRpcUrl)) throw new ConfigError(`the public RPC URL must be an http(s) URL, not "${config.publicRpcUrl}"`);
  const badSource = config.webConnectSrc?.find((source) => cspSource(source) === null);
  if (badSource !== undefined) throw new ConfigError(`the page's connect sources must be http(s) origins or "https:", not "${badSource}"`);
  // The GraphQL schema and the HTTP server are loaded while the database opens (PGlite compiles its
  // WebAssembly meanwhile): a new indexer is ready sooner.
  const serving = Promise.all([import("./graphql/index.js"), import("./server/createServer.js")]);
  serving.catch(() => {});
  const allowList = parseAllowList(config.metadataFetchAllow ?? []);
  const metadata = await loadMetadataDocuments({ dirs: config.metadataDirs ?? [], logger, maxBytes: config.metadataMaxBytes ?? DEFAULT_METADATA_MAX_BYTES });
  const dataDir = config.dataDir ?? ".dpr/indexer";
  const releaseDirLock = config.databaseUrl ? () => {} : lockDataDir(dataDir);

  let db: Db;
  let store: Store;
  try {
    db = await createDb({ databaseUrl: config.databaseUrl, dataDir, statementTimeoutMs: config.statementTimeoutMs });
    store = await createStore(db);
  } catch (error) {
    releaseDirLock();
    throw error;
  }
  logger.info({ store: db.kind, where: config.databaseUrl ? redactUrl(config.databaseUrl) : dataDir }, "database open");
  // The catalogue keeps the folders' documents in the store, beside those fetched (which a restart keeps).
  await storeFolderDocuments(db, metadata, Math.floor(Date.now() / 1000));
  const fetcher = createFetcher({
    db,
    allow: allowList,
    maxBytes: config.metadataMaxBytes ?? DEFAULT_METADATA_MAX_BYTES,
    timeoutMs: config.metadataFetchTimeoutMs ?? DEFAULT_METADATA_FETCH_TIMEOUT_MS,
    logger,
    pollMs: Math.max(pollIntervalMsOf(config), 2_000),
  });

  const rpc: Rpc = createRpc({ url: config.rpcUrl, metrics, timeoutMs: config.rpcTimeoutMs });
  const decoder = createDecoder(config.deployment.contracts);
  const handlers = createHandlers();
  const pollIntervalMs = config.pollIntervalMs ?? 1_000;

  let role: "writer" | "standby" = "standby";
  let sync: Sync | undefined;
  let session: Session | undefined;
  let stopped = false;
  let standbyTimer: NodeJS.Timeout | undefined;
  /** A standby's own view of the head (the writer's sync keeps its own). */
  let standbyHead: number | null = null;
  let standbyTimestamp: number | null = null;
  let standbyError: string | null = null;
  /** The error that stopped the writer, as it recorded it in the database (a standby reads it). */
  let standbyIndexingError: IndexingErrorReport | null = null;
  const readyWaiters: (() => void)[] = [];
  let failed!: (error: unknown) => void;
  const done = new Promise<void>((_, reject) => (failed = reject));
  done.catch(() => {});

  async function becomeWriter(lockedSession: Session): Promise<void> {
    role = "writer";
    metrics.isWriter.set(1);
    session = lockedSession;
    logger.info("this process is the writer");
    const current = createSync({
      rpc,
      store,
      writer: lockedSession,
      decoder,
      handlers,
      deployment: config.deployment,
      logger,
      metrics,
      manifests: createManifestLoader({ store, dirs: config.manifestDirs ?? [], logger }),
      finalityDepth,
      pollIntervalMs,
      headStallTimeoutMs: config.headStallTimeoutMs ?? 300_000,
      resetOnChainChange: (config.onChainChange ?? "reset") === "reset",
      initialRange: config.initialRange,
      maxRange: config.maxRange,
    });
    sync = current;
    current.start();
    // Only the writer fetches metadata (every process would otherwise fetch the same URIs).
    fetcher.start();
    current.done.catch((error: unknown) => failed(error));
    lockedSession.lost.catch(async (error: unknown) => {
      if (stopped || sync !== current) return;
      logger.error({ err: error }, "lost the database session holding the writer lock: stepping down");
      await current.stop();
      sync = undefined;
      role = "standby";
      metrics.isWriter.set(0);
      metrics.halted.reset();
      metrics.halted.set(0);
      scheduleStandby(0);
    });
    void current.caughtUp().then(() => {
      for (const waiter of readyWaiters.splice(0)) waiter();
    }, () => {});
  }

  async function tryLock(): Promise<void> {
    if (stopped || role === "writer") return;
    let candidate: Session | undefined;
    try {
      candidate = await db.openSession();
      const [row] = await candidate.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [WRITER_LOCK]);
      if (row?.locked) {
        await becomeWriter(candidate);
        return;
      }
      await candidate.close();
      // A standby: keep its own head for /ready and _meta.
      standbyHead = await rpc.blockNumber();
      metrics.chainHead.set(standbyHead);
      standbyError = null;
      const checkpoint = await store.checkpoint();
      standbyIndexingError = await store.indexingError();
      if (checkpoint) metrics.indexedBlock.set(checkpoint.number);
      standbyTimestamp = checkpoint?.timestamp ?? null;
      if (checkpoint && checkpoint.number >= standbyHead - finalityDepth) for (const waiter of readyWaiters.splice(0)) waiter();
    } catch (error) {
      await candidate?.close().catch(() => {});
      standbyError = error instanceof Error ? error.message : String(error);
      logger.warn({ err: error }, "standby check failed");
    }
    scheduleStandby(config.standbyPollMs ?? 1_000);
  }

  function scheduleStandby(ms: number): void {
    if (stopped) return;
    clearTimeout(standbyTimer);
    standbyTimer = setTimeout(() => void tryLock(), ms);
  }

  async function health(): Promise<HealthState> {
    if (role === "writer" && sync) {
      const status = sync.status;
      const fatal = status.hasIndexingErrors() ? status.lastError() : null;
      const stalled = status.headStalled();
      const error = status.lastError();
      return {
        role,
        indexedBlock: status.indexedBlock(),
        chainHead: status.chainHead(),
        ready: status.isReady(),
        unhealthy: fatal ? `indexing stopped: ${fatal.message}` : stalled ? "the chain head has stopped advancing" : null,
        notReady: status.isReady() ? null : fatal ? `indexing stopped: ${fatal.message}` : error ? `retrying: ${error.message}` : "catching up with the chain head",
      };
    }
    const checkpoint = await store.checkpoint().catch(() => null);
    const stopped = standbyIndexingError ? `indexing stopped (on the writer): ${standbyIndexingError.message}` : null;
    const ready = !standbyError && !stopped && checkpoint !== null && standbyHead !== null && checkpoint.number >= standbyHead - finalityDepth;
    return {
      role,
      indexedBlock: checkpoint?.number ?? null,
      chainHead: standbyHead,
      ready,
      unhealthy: stopped,
      notReady: ready
        ? null
        : (stopped ?? (standbyError ? `standby cannot check the chain or database: ${standbyError}` : "the writer has not caught up with the chain head")),
    };
  }

  /** `--rebuild`: takes the writer's place at once, empties the index, and syncs it from the deployment block. */
  async function rebuild(): Promise<void> {
    const session = await db.openSession();
    try {
      if (db.kind === "postgres") {
        const [row] = await session.query<{ locked: boolean }>("select pg_try_advisory_lock($1) as locked", [WRITER_LOCK]);
        if (!row?.locked) {
          throw new StoreError("cannot rebuild: another indexer holds the writer lock on this database", {
            details: "stop every dpr-indexer on this database, then start one with --rebuild (and the others without it)",
          });
        }
      }
      await store.clear(session);
    } catch (error) {
      await session.close().catch(() => {});
      throw error;
    }
    logger.warn({ deploymentBlock: Number(config.deployment.deploymentBlock) }, "rebuilding: the index is emptied and indexed again from the deployment block");
    await becomeWriter(session);
  }

  const [{ createGraphql, createCatalogueExport }, { createServer }] = await serving;
  const graphqlOptions: Parameters<typeof createGraphql>[0] = {
    db,
    logger,
    metadata,
    // "Now" for clock-based statuses: the wall clock, or the chain's clock where it runs ahead (a
    // development chain moved forward with evm_increaseTime) — what the contracts' next read would use.
    now: () => {
      const indexed = role === "writer" ? (sync?.status.indexedTimestamp() ?? null) : standbyTimestamp;
      return Math.max(Math.floor(Date.now() / 1000), indexed ?? 0);
    },
    status: {
      chainId: config.deployment.chainId,
      deploymentBlock: Number(config.deployment.deploymentBlock),
      chainHead: () => (role === "writer" ? (sync?.status.chainHead() ?? null) : standbyHead),
      hasIndexingErrors: () => (role === "writer" ? (sync?.status.hasIndexingErrors() ?? false) : standbyIndexingError !== null),
      indexingError: () => (role === "writer" ? (sync?.status.indexingError() ?? null) : standbyIndexingError),
    },
    ...(config.statementTimeoutMs === undefined ? {} : { limits: { statementTimeoutMs: config.statementTimeoutMs } }),
  };
  const graphql = createGraphql(graphqlOptions);
  const catalogue = createCatalogueExport(graphqlOptions);

  let http: HttpServer | undefined;
  let url: string | undefined;
  let adminHttp: HttpServer | undefined;
  let adminUrl: string | undefined;

  return {
    get url() {
      return url;
    },
    get adminUrl() {
      return adminUrl;
    },
    get role() {
      return role;
    },
    db,
    metrics,
    done,
    async start() {
      if (config.rebuild) await rebuild();
      else if (db.kind === "pglite") await becomeWriter(await db.openSession());
      else await tryLock();
      if (config.serve ?? true) {
        const serverOptions = {
          graphql,
          catalogue,
          health,
          metrics,
          deployment: config.deployment,
          webRoot: config.webRoot,
          publicRpcUrl: config.publicRpcUrl,
          webConnectSrc: config.webConnectSrc,
          maxBodyBytes: config.maxBodyBytes,
          metricsToken: config.metricsToken,
          serveMetrics: config.adminPort === undefined,
          logger,
        };
        http = createServer(serverOptions);
        url = await http.listen(config.port ?? 4350, config.host ?? "127.0.0.1");
        if (config.adminPort !== undefined) {
          adminHttp = createServer({ ...serverOptions, listener: "admin", serveMetrics: true });
          adminUrl = await adminHttp.listen(config.adminPort, config.adminHost ?? "127.0.0.1");
        }
        // The token is a secret: only whether there is one is logged.
        logger.info(
          { url, adminUrl: adminUrl ?? null, metricsToken: config.metricsToken !== undefined, publicRpcUrl: config.publicRpcUrl ?? null },
          adminUrl ? "serving GraphQL, health and the web page; metrics on the admin listener" : "serving GraphQL, health, metrics and the web page",
        );
      }
    },
    ready() {
      if (role === "writer" && sync) return sync.caughtUp();
      return new Promise<void>((resolve) => readyWaiters.push(resolve));
    },
    health,
    async stop() {
      stopped = true;
      clearTimeout(standbyTimer);
      await http?.close();
      await adminHttp?.close();
      await fetcher.stop();
      await sync?.stop();
      await session?.close().catch(() => {});
      await db.close();
      releaseDirLock();
    },
  };
}

const pollIntervalMsOf = (config: IndexerConfig) => config.pollIntervalMs ?? 1_000;

/** Folders this process has locked (a second indexer in the same process is refused too). */
const lockedHere = new Set<string>();

/** One process per PGlite folder: a lock file beside it, replaced when its process is gone. */
function lockDataDir(dataDir: string): () => void {
  if (dataDir.startsWith("memory://")) return () => {};
  const path = `${resolve(dataDir)}.lock`;
  if (lockedHere.has(path)) {
    throw new StoreError(`another indexer (pid ${process.pid}) is using ${dataDir}`, {
      details: "PGlite serves one process; run several indexers on PostgreSQL (DATABASE_URL) instead",
    });
  }
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      lockedHere.add(path);
      return () => {
        lockedHere.delete(path);
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(readFileSync(path, "utf8"));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreError(`another indexer (pid ${pid}) is using ${dataDir}`, {
          details: "PGlite serves one process; run several indexers on PostgreSQL (DATABASE_URL) instead",
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw new StoreError(`could not lock ${dataDir}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
