/**
 * The indexer's errors. Each says whether it is retryable, so the runtime decides from the class and
 * not from a message: a retryable error is retried with capped exponential backoff, anything else
 * stops the sync loudly.
 */
export interface IndexerErrorOptions {
  cause?: unknown;
  details?: string | undefined;
  retryable?: boolean | undefined;
}

export class IndexerError extends Error {
  override name = "IndexerError";
  readonly details: string | undefined;
  readonly retryable: boolean;

  constructor(message: string, options: IndexerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details;
    this.retryable = options.retryable ?? false;
  }
}

/** The RPC node failed to answer (unreachable, timed out, rate limited, a 5xx): retryable. */
export class RpcError extends IndexerError {
  override name = "RpcError";
  constructor(message: string, options: IndexerErrorOptions = {}) {
    super(message, { retryable: true, ...options });
  }
}

/** The node's answer was too large or refused for its size: retry with a smaller block range. */
export class RangeTooLargeError extends RpcError {
  override name = "RangeTooLargeError";
}

/** The node answered something the indexer cannot accept (wrong chain, missing block, bad log). */
export class InvalidChainDataError extends IndexerError {
  override name = "InvalidChainDataError";
}

/** A reorganisation deeper than the configured finality depth: the indexer stops rather than guess. */
export class DeepReorgError extends IndexerError {
  override name = "DeepReorgError";
}

/** The chain under the index is not the one it was built from (the deployment block's hash differs). */
export class ChainMismatchError extends IndexerError {
  override name = "ChainMismatchError";
}

/** The database failed. Connection failures are retryable; schema or constraint failures are not. */
export class StoreError extends IndexerError {
  override name = "StoreError";
}

/** Where in the chain an event handler failed: what the log, the metric, `/health` and `_meta` name. */
export interface EventLocation {
  blockNumber: number;
  blockHash: string;
  txHash: string;
  logIndex: number;
  /** The contract's name in the deployment record (`datasets`, `grants`…). */
  contract: string;
  /** The event's name (`DatasetFrozen`). */
  event: string;
}

/**
 * An event handler failed: the index lacks what the event needs, or a handler has a bug. Not retryable —
 * the same batch fails the same way — so indexing stops at the last checkpoint (the failing batch is
 * never written) and the indexer keeps serving what it has, until it is upgraded or rebuilt.
 */
export class HandlerError extends IndexerError {
  override name = "HandlerError";
  readonly location: EventLocation;

  constructor(location: EventLocation, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${location.event} at block ${location.blockNumber}, log ${location.logIndex}, tx ${location.txHash}: ${reason}`, {
      cause,
      retryable: false,
      details: "the index is served as it was at the last checkpoint; see docs/operations.md, \"When indexing stops\"",
    });
    this.location = location;
  }
}

/**
 * The error that stopped indexing, as `_meta.indexingError` shows it and a standby reads it from the
 * database: its message, and the event when a handler failed (nulls for other errors).
 */
export interface IndexingErrorReport {
  /** The error's class (`HandlerError`, `DeepReorgError`…). */
  kind: string;
  message: string;
  blockNumber: number | null;
  blockHash: string | null;
  txHash: string | null;
  logIndex: number | null;
  contract: string | null;
  event: string | null;
}

export function reportOf(error: Error): IndexingErrorReport {
  const at = error instanceof HandlerError ? error.location : undefined;
  return {
    kind: error.name,
    message: error.message,
    blockNumber: at?.blockNumber ?? null,
    blockHash: at?.blockHash ?? null,
    txHash: at?.txHash ?? null,
    logIndex: at?.logIndex ?? null,
    contract: at?.contract ?? null,
    event: at?.event ?? null,
  };
}

/** The configuration is invalid (a flag, an environment variable, the deployment record). */
export class ConfigError extends IndexerError {
  override name = "ConfigError";
}

/** Whether the runtime should retry after this error. */
export function isRetryable(error: unknown): boolean {
  return error instanceof IndexerError ? error.retryable : false;
}
