/**
 * The sync stage: from the deployment block to the head, then following it.
 *
 * - Backfill (blocks older than `head − finalityDepth`): `eth_getLogs` over block ranges that adapt —
 *   halved when the node refuses or the answer is too large, otherwise sized from the last answer's
 *   density to carry about `targetLogsPerRange` logs (growing at most twofold a step) — with the next
 *   range fetched while the current one is written. Bounded ranges bound memory: a batch holds a few
 *   thousand events whatever the chain's density.
 * - Realtime (the unfinalised window): every header is fetched and stored, each block's parent hash is
 *   checked against the stored chain, and every log must come from the header's block hash.
 * - A parent-hash mismatch walks back to the common ancestor and rolls back exactly the rows after it,
 *   in one transaction. A reorganisation deeper than `finalityDepth` stops the sync (DeepReorgError).
 * - Retryable errors (see errors.ts) are retried with capped exponential backoff; any other error stops
 *   the sync loudly: `hasIndexingErrors`, one log line, `dpr_indexer_halted`, the error recorded in the
 *   database for standbys, and `done` rejects. A failing handler (`HandlerError`) fails before its batch
 *   is written, so the index stays whole up to the last checkpoint; the line and the metric name the event.
 * - A watchdog flags a head that has not advanced for `headStallTimeoutMs`.
 */
import type { Deployment } from "@dpr/sdk";
import type { Logger } from "pino";
import {
  ChainMismatchError,
  DeepReorgError,
  HandlerError,
  type IndexingErrorReport,
  InvalidChainDataError,
  RangeTooLargeError,
  isRetryable,
  reportOf,
} from "../errors.js";
import type { DecodedEvent, Decoder } from "../handlers/decode.js";
import type { Handlers } from "../handlers/createHandlers.js";
import type { Metrics } from "../metrics.js";
import type { BlockHeader, Rpc } from "../rpc/createRpc.js";
import { Batch } from "../store/batch.js";
import { type Checkpoint, type Store, identityOf } from "../store/createStore.js";
import type { Session } from "../store/db.js";
import type { ManifestLoader } from "./manifests.js";

export interface SyncOptions {
  rpc: Rpc;
  store: Store;
  writer: Session;
  decoder: Decoder;
  handlers: Handlers;
  deployment: Deployment;
  logger: Logger;
  metrics: Metrics;
  manifests?: ManifestLoader | undefined;
  /** Blocks behind the head that may still be reorganised (0 on an instant-finality chain). */
  finalityDepth: number;
  /** How often to poll the head when caught up. */
  pollIntervalMs: number;
  /** First backfill range, in blocks (default 10: small, since the chain's density is unknown). */
  initialRange?: number | undefined;
  /** Largest backfill range, in blocks. */
  maxRange?: number | undefined;
  /** Logs a backfill range should carry (default 5,000): the next range is sized from the last one's density. */
  targetLogsPerRange?: number | undefined;
  /** Flag the head as stalled after this long without a new block (0: never). */
  headStallTimeoutMs: number;
  /** When the chain is not the one the index was built from: start over (true) or stop (false). */
  resetOnChainChange: boolean;
  /** Backoff cap for retried errors. */
  maxBackoffMs?: number | undefined;
}

export interface SyncStatus {
  chainHead(): number | null;
  indexedBlock(): number | null;
  /** The indexed block's timestamp (unix seconds). */
  indexedTimestamp(): number | null;
  /** Caught up with the head at the last poll, and the last poll succeeded. */
  isReady(): boolean;
  hasIndexingErrors(): boolean;
  /** The error that stopped the sync, with the event when a handler failed; null while it runs. */
  indexingError(): IndexingErrorReport | null;
  headStalled(): boolean;
  /** The error that stopped the sync, or the last retried one while retrying. */
  lastError(): Error | null;
}

export interface Sync {
  status: SyncStatus;
  start(): void;
  stop(): Promise<void>;
  /** Resolves when the sync is caught up with the head it last saw. */
  caughtUp(): Promise<void>;
  /** Settles when the sync stops: resolves after stop(), rejects on a fatal error. */
  readonly done: Promise<void>;
}

interface Fetched {
  from: number;
  to: number;
  events: DecodedEvent[];
  headers: Map<number, BlockHeader>;
}

/** Events written between refreshes of the planner's statistics (see `analyzeIfDue`). */
const ANALYZE_EVERY = 20_000;

export function createSync(options: SyncOptions): Sync {
  const { rpc, store, writer, decoder, handlers, logger, metrics } = options;
  const finality = options.finalityDepth;
  const maxRange = options.maxRange ?? 50_000;
  const targetLogs = options.targetLogsPerRange ?? 5_000;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  let range = Math.min(options.initialRange ?? 10, maxRange);

  let stopped = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let head: number | null = null;
  let headSeenAt = Date.now();
  let checkpoint: Checkpoint | null = null;
  let ready = false;
  let fatal: Error | null = null;
  let lastError: Error | null = null;
  let stalled = false;
  /** Events written since the planner's statistics were last refreshed, and whether they ever were here. */
  let sinceAnalyze = 0;
  let analyzedOnce = false;
  const caughtUpWaiters: (() => void)[] = [];
  let resolveDone!: () => void;
  let rejectDone!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => {});

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  function observeHead(number: number): void {
    if (head === null || number > head) {
      head = number;
      headSeenAt = Date.now();
      if (stalled) logger.info({ head }, "chain head advances again");
      stalled = false;
      metrics.headStalled.set(0);
    } else if (number < head) {
      head = number; // a reorg to a shorter chain, or a restarted node
    }
    metrics.chainHead.set(head);
    if (checkpoint) metrics.lag.set(Math.max(0, head - checkpoint.number));
    if (options.headStallTimeoutMs > 0 && !stalled && Date.now() - headSeenAt > options.headStallTimeoutMs) {
      stalled = true;
      metrics.headStalled.set(1);
      logger.error({ head, sinceMs: Date.now() - headSeenAt }, "chain head has stopped advancing");
    }
  }

  function setCheckpoint(next: Checkpoint): void {
    checkpoint = next;
    metrics.indexedBlock.set(next.number);
    if (head !== null) metrics.lag.set(Math.max(0, head - next.number));
  }

  /**
   * Refreshes the query planner's statistics once caught up: at the first catch-up of this process, and
   * then after every `ANALYZE_EVERY` events. PGlite runs no autovacuum, so without this its planner
   * never learns the tables' sizes and picks plans that scan them (measured on 100,000 events:
   * `verify(contentHash)` 35 ms before, 5 ms after; a filtered `datasets` page 110 ms before, 10 ms
   * after). PostgreSQL's autovacuum analyzes on its own, but only some time after a bulk load, so there
   * it runs after a backfill of many events.
   */
  async function analyzeIfDue(): Promise<void> {
    if (sinceAnalyze < ANALYZE_EVERY && (analyzedOnce || store.db.kind !== "pglite")) return;
    const started = performance.now();
    await store.analyze(writer);
    logger.info({ eventsSinceLast: sinceAnalyze, ms: Math.round(performance.now() - started) }, "refreshed the planner's statistics (analyze)");
    analyzedOnce = true;
    sinceAnalyze = 0;
  }

  /** Checks the chain is the one indexed (else resets or stops) and returns the checkpoint to resume from. */
  async function resume(): Promise<Checkpoint> {
    const { deployment } = options;
    // A previous writer's error is tried again now; if it recurs, it is recorded again.
    await store.setIndexingError(null, writer);
    const chainId = await rpc.chainId();
    if (chainId !== deployment.chainId) {
      throw new ChainMismatchError(`the RPC node is chain ${chainId}, but the deployment is on chain ${deployment.chainId}`);
    }
    const deploymentBlock = Number(deployment.deploymentBlock);
    const header = await rpc.header(deploymentBlock);
    if (!header) {
      throw new ChainMismatchError(`the chain has no block ${deploymentBlock}, where the deployment record says the contracts were deployed`, {
        details: "a restarted development node forgets its contracts: deploy again, and point the indexer at the new deployment record",
      });
    }
    const identity = identityOf(deployment, header.hash);
    const stored = await store.identity();
    if (!stored || JSON.stringify(stored) !== JSON.stringify(identity)) {
      if (stored && !options.resetOnChainChange) {
        throw new ChainMismatchError("the chain or deployment differs from the one this index was built from", {
          details: `index: chain ${stored.chainId}, deployment block ${stored.deploymentBlock} (${stored.deploymentBlockHash}); node: chain ${identity.chainId}, deployment block ${identity.deploymentBlock} (${identity.deploymentBlockHash})`,
        });
      }
      if (stored) logger.warn({ stored, identity }, "the chain under the index changed: starting over");
      // A new index (no identity, no checkpoint: every batch writes its checkpoint) has nothing to empty.
      await store.reset(identity, writer, { empty: stored === null && (await store.checkpoint()) === null });
    }
    const saved = await store.checkpoint();
    if (saved) return saved;
    const before = deploymentBlock > 0 ? await rpc.header(deploymentBlock - 1) : null;
    return { number: deploymentBlock - 1, hash: before?.hash ?? header.parentHash, timestamp: before?.timestamp ?? header.timestamp };
  }

  async function fetchRange(from: number, to: number, withAllHeaders: boolean): Promise<Fetched> {
    const logs = await rpc.logs({ addresses: decoder.addresses, fromBlock: from, toBlock: to });
    const events: DecodedEvent[] = [];
    for (const log of logs) {
      if (log.removed) continue;
      events.push(decoder.decode(log));
    }
    events.sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex);
    const wanted = new Set<number>([from - 1, to]);
    if (withAllHeaders) for (let n = from; n <= to; n++) wanted.add(n);
    else for (const event of events) if (event.timestamp === undefined) wanted.add(event.blockNumber);
    const numbers = [...wanted].filter((n) => n >= 0).sort((a, b) => a - b);
    const headers = new Map<number, BlockHeader>();
    for (let i = 0; i < numbers.length; i += 500) {
      const chunk = numbers.slice(i, i + 500);
      const got = await rpc.headers(chunk);
      got.forEach((header, j) => {
        if (header) headers.set(chunk[j]!, header);
      });
    }
    for (const event of events) {
      const header = headers.get(event.blockNumber);
      if (header) {
        if (header.hash.toLowerCase() !== event.blockHash) {
          throw new InvalidChainDataError(`block ${event.blockNumber} changed while it was read (a reorganisation in progress)`, { retryable: true });
        }
        event.timestamp = header.timestamp;
      }
      if (event.timestamp === undefined) throw new InvalidChainDataError(`no header for block ${event.blockNumber}`, { retryable: true });
    }
    if (!headers.get(to)) throw new InvalidChainDataError(`the node has no block ${to} yet`, { retryable: true });
    return { from, to, events, headers };
  }

  /** Writes a fetched range whose first block follows the checkpoint. */
  async function write(fetched: Fetched, storeAllHeaders: boolean): Promise<void> {
    const started = performance.now();
    const batch = new Batch();
    for (const [number, header] of fetched.headers) {
      if (number < fetched.from) continue;
      batch.blocks.set(number, { number, hash: header.hash.toLowerCase(), parent_hash: header.parentHash.toLowerCase(), timestamp: header.timestamp, event_count: 0 });
    }
    for (const event of fetched.events) {
      if (!batch.blocks.has(event.blockNumber)) {
        batch.blocks.set(event.blockNumber, { number: event.blockNumber, hash: event.blockHash, parent_hash: null, timestamp: event.timestamp!, event_count: 0 });
      }
    }
    await store.load(batch, handlers.needs(fetched.events));
    const loaded = performance.now();
    handlers.apply(batch, fetched.events);
    const applied = performance.now();
    if (!storeAllHeaders) {
      for (const [number, block] of batch.blocks) if (block.event_count === 0 && number !== fetched.to) batch.blocks.delete(number);
    }
    const last = fetched.headers.get(fetched.to)!;
    const next = { number: last.number, hash: last.hash.toLowerCase(), timestamp: last.timestamp };
    await store.write(batch, next, writer);
    const written = performance.now();
    setCheckpoint(next);
    const seconds = (written - started) / 1000;
    metrics.eventsIndexed.inc(fetched.events.length);
    sinceAnalyze += fetched.events.length;
    if (fetched.events.length > 0) metrics.eventsPerSecond.set(fetched.events.length / Math.max(seconds, 1e-6));
    if (fetched.events.some((e) => e.name === "BatchAnchored") && options.manifests) await options.manifests.loadPending(writer);
    logger.debug(
      {
        from: fetched.from,
        to: fetched.to,
        events: fetched.events.length,
        ms: Math.round(seconds * 1000),
        loadMs: Math.round(loaded - started),
        applyMs: Math.round(applied - loaded),
        writeMs: Math.round(written - applied),
      },
      "indexed blocks",
    );
  }

  /** Checks that the range's first block continues the checkpoint; rolls back to the common ancestor if not. */
  async function continues(fetched: Fetched): Promise<boolean> {
    const parent = fetched.headers.get(fetched.from - 1);
    const cp = checkpoint!;
    if (parent && parent.hash.toLowerCase() === cp.hash) return true;
    await reorganise();
    return false;
  }

  async function reorganise(): Promise<void> {
    const cp = checkpoint!;
    let n = cp.number;
    for (;;) {
      if (cp.number - n > finality) {
        throw new DeepReorgError(
          `a chain reorganisation replaced block ${cp.number - finality} or earlier, deeper than the finality depth of ${finality} block(s)`,
          { details: "the index may hold blocks that are no longer canonical; rebuild it (delete the index or start with a fresh database), or raise --finality-depth" },
        );
      }
      const stored = n === cp.number ? { hash: cp.hash, timestamp: cp.timestamp } : await store.block(n);
      if (!stored) {
        throw new DeepReorgError(`a chain reorganisation reached block ${n}, whose header the index no longer keeps (finality depth ${finality})`);
      }
      const canonical = await rpc.header(n);
      if (canonical && canonical.hash.toLowerCase() === stored.hash) break;
      n -= 1;
    }
    if (n === cp.number) return; // the checkpoint is still canonical: a false alarm from a moving head
    const ancestor = n === cp.number ? cp : await store.block(n);
    const target = { number: n, hash: ancestor!.hash, timestamp: ancestor!.timestamp };
    const { events } = await store.rollback(target, writer);
    metrics.reorgs.inc();
    metrics.reorgDepth.set(cp.number - n);
    logger.warn({ from: cp.number, to: n, depth: cp.number - n, eventsRolledBack: events }, "chain reorganisation: rolled back to the common ancestor");
    setCheckpoint(target);
  }

  async function step(): Promise<"more" | "idle"> {
    const current = await rpc.blockNumber();
    observeHead(current);
    const cp = checkpoint!;
    if (current <= cp.number) {
      // Caught up (or the chain got shorter): is the checkpoint still canonical?
      const canonical = await rpc.header(cp.number);
      if (!canonical || canonical.hash.toLowerCase() !== cp.hash) {
        await reorganise();
        return "more";
      }
      return "idle";
    }
    const safe = current - finality;
    if (cp.number < safe) {
      await backfill(safe);
      return "more";
    }
    const to = Math.min(current, cp.number + 200);
    const fetched = await fetchRange(cp.number + 1, to, true);
    for (let n = fetched.from; n <= to; n++) {
      const header = fetched.headers.get(n);
      const parent = fetched.headers.get(n - 1);
      if (!header) throw new InvalidChainDataError(`the node has no block ${n} yet`, { retryable: true });
      if (parent && header.parentHash.toLowerCase() !== parent.hash.toLowerCase()) {
        throw new InvalidChainDataError(`block ${n} does not follow block ${n - 1} (the chain changed while it was read)`, { retryable: true });
      }
    }
    if (!(await continues(fetched))) return "more";
    await write(fetched, true);
    await store.prune(to - finality - 1, writer);
    return "more";
  }

  /** The next range for `targetLogs`, from the density of the range just fetched (`blocks` long, `count` logs). */
  function nextRange(blocks: number, count: number): number {
    const sized = count === 0 ? blocks * 2 : Math.floor((blocks * targetLogs) / count);
    return Math.max(1, Math.min(maxRange, blocks * 2, sized));
  }

  /** Backfills up to `safe` with adaptive ranges, fetching the next range while writing the current one. */
  async function backfill(safe: number): Promise<void> {
    let from = checkpoint!.number + 1;
    const fetchNext = (start: number) => {
      const to = Math.min(safe, start + range - 1);
      const promise = fetchRange(start, to, false);
      promise.catch(() => {});
      return promise;
    };
    let pending: Promise<Fetched> | null = fetchNext(from);
    while (pending && !stopped) {
      let fetched: Fetched;
      try {
        fetched = await pending;
      } catch (error) {
        if (error instanceof RangeTooLargeError && range > 1) {
          range = Math.max(1, Math.floor(range / 2));
          logger.debug({ range }, "range too large: halved");
          pending = fetchNext(from);
          continue;
        }
        throw error;
      }
      range = nextRange(fetched.to - fetched.from + 1, fetched.events.length);
      const nextFrom = fetched.to + 1;
      pending = nextFrom <= safe ? fetchNext(nextFrom) : null;
      if (!(await continues(fetched))) return;
      await write(fetched, false);
      from = nextFrom;
    }
  }

  async function loop(): Promise<void> {
    let failures = 0;
    while (!stopped) {
      try {
        if (!checkpoint) setCheckpoint(await resume());
        const outcome = await step();
        failures = 0;
        lastError = null;
        if (outcome === "idle") {
          await analyzeIfDue();
          ready = true;
          for (const waiter of caughtUpWaiters.splice(0)) waiter();
          await sleep(options.pollIntervalMs);
        }
      } catch (error) {
        const err = error instanceof Error ? error : new Error(String(error));
        ready = false;
        lastError = err;
        metrics.syncErrors.inc({ kind: err.name });
        if (!isRetryable(err)) {
          fatal = err;
          const report = reportOf(err);
          metrics.halted.reset();
          metrics.halted.set(
            {
              kind: report.kind,
              event: report.event ?? "",
              contract: report.contract ?? "",
              block: report.blockNumber === null ? "" : String(report.blockNumber),
              log_index: report.logIndex === null ? "" : String(report.logIndex),
              tx: report.txHash ?? "",
            },
            1,
          );
          // One line with the event's coordinates as fields, and as `err` the handler's own error (its
          // stack points into the handler; the message already carries its text). A handler failure is
          // an error, not fatal: the process keeps serving the index as of the checkpoint.
          if (err instanceof HandlerError) {
            logger.error({ err: err.cause, indexedBlock: checkpoint?.number ?? null, ...err.location }, `indexing stopped: ${err.message}`);
          } else {
            logger.fatal({ err }, `indexing stopped: ${err.message}`);
          }
          await store.setIndexingError(report, writer).catch((error: unknown) => logger.warn({ err: error }, "could not record the indexing error for standbys"));
          throw err;
        }
        failures += 1;
        const delay = Math.min(maxBackoff, 250 * 2 ** Math.min(failures - 1, 10)) * (0.75 + Math.random() * 0.5);
        logger.warn({ err: { name: err.name, message: err.message }, retryInMs: Math.round(delay), failures }, "sync step failed; retrying");
        await sleep(delay);
      }
    }
  }

  const status: SyncStatus = {
    chainHead: () => head,
    indexedBlock: () => checkpoint?.number ?? null,
    indexedTimestamp: () => checkpoint?.timestamp ?? null,
    isReady: () => ready && !fatal && !stopped,
    hasIndexingErrors: () => fatal !== null,
    indexingError: () => (fatal ? reportOf(fatal) : null),
    headStalled: () => {
      // A stopped sync no longer polls the head: the watchdog would take its silence for the chain's.
      if (fatal) return false;
      if (options.headStallTimeoutMs > 0 && !stalled && head !== null && Date.now() - headSeenAt > options.headStallTimeoutMs) observeHead(head);
      return stalled;
    },
    lastError: () => fatal ?? lastError,
  };

  return {
    status,
    done,
    start() {
      if (running) return;
      running = loop().then(resolveDone, (error: Error) => rejectDone(error));
    },
    async stop() {
      stopped = true;
      ready = false;
      wake?.();
      await running?.catch(() => {});
    },
    caughtUp() {
      if (status.isReady()) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        caughtUpWaiters.push(resolve);
        done.catch(reject);
      });
    },
  };
}
