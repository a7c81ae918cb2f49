/**
 * The per-request context: where this request's SQL runs (the database, or on PostgreSQL the
 * request's read-only transaction), the checkpoint it pins, its `block:` states and their loaders.
 */
import type { Logger } from "pino";
import type { IndexingErrorReport } from "../errors.js";
import type { Queryable } from "../store/db.js";
import type { MetadataDocuments } from "../sync/metadata.js";
import { type BlockHeight, type Checkpoint, readCheckpoint, resolveBlock } from "./block.js";
import { timedOut } from "./errors.js";
import { type Loaders, type Row, createLoaders } from "./loaders.js";
import type { At } from "./sql.js";

/** What every request shares: settled options. */
export interface ApiConfig {
  chainId: number;
  deploymentBlock: number;
  chainHead(): number | null;
  hasIndexingErrors(): boolean;
  /** The error that stopped indexing, or null. */
  indexingError(): IndexingErrorReport | null;
  now(): number;
  maxFirst: number;
  statementTimeoutMs: number;
  logger: Logger;
  /** The metadata documents read at start, by SHA-256. */
  metadata: MetadataDocuments;
}

export interface RequestApi {
  readonly config: ApiConfig;
  /** Runs a statement of this request; a statement cancelled by the timeout becomes a TIMEOUT error. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** The checkpoint as this request first read it. */
  checkpoint(): Promise<Checkpoint | null>;
  /** The state a `block:` argument names (memoised per argument). */
  at(block: BlockHeight | null | undefined): Promise<At>;
  loaders(at: At): Loaders;
  /** Routes the request's statements to `target` (its transaction) from now on. */
  runOn(target: Queryable): void;
}

export interface GraphqlContext {
  api: RequestApi;
  /** The origin the request was addressed to (`http(s)://host`), for the ids of the catalogue's JSON-LD. */
  origin?: string;
}

// PostgreSQL: query_canceled (statement_timeout), and what later statements of the aborted transaction get.
const QUERY_CANCELED = "57014";
const IN_FAILED_TRANSACTION = "25P02";

export function createRequestApi(config: ApiConfig, db: Queryable): RequestApi {
  let target: Queryable = db;
  let timedOutOnce = false;
  let checkpoint: Promise<Checkpoint | null> | undefined;
  const states = new Map<string, Promise<At>>();
  const loaders = new Map<string, Loaders>();

  const api: RequestApi = {
    config,
    async query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]> {
      try {
        return await target.query<T>(sql, params);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code === QUERY_CANCELED || (code === IN_FAILED_TRANSACTION && timedOutOnce)) {
          if (!timedOutOnce) config.logger.warn({ timeoutMs: config.statementTimeoutMs, sql: sql.slice(0, 500) }, "GraphQL statement timed out");
          timedOutOnce = true;
          throw timedOut(config.statementTimeoutMs);
        }
        throw error;
      }
    },
    checkpoint() {
      checkpoint ??= readCheckpoint(api);
      return checkpoint;
    },
    at(block) {
      const key = JSON.stringify(block ?? null);
      let state = states.get(key);
      if (!state) {
        state = resolveBlock({ query: api.query, checkpoint: api.checkpoint, deploymentBlock: config.deploymentBlock, now: config.now }, block);
        states.set(key, state);
      }
      return state;
    },
    loaders(at) {
      let found = loaders.get(at.key);
      if (!found) {
        found = createLoaders(api.query, at, config.maxFirst);
        loaders.set(at.key, found);
      }
      return found;
    },
    runOn(next) {
      target = next;
    },
  };
  return api;
}
