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

/** The configuration is invalid (a flag, an environment variable, the deployment record). */
export class ConfigError extends IndexerError {
  override name = "ConfigError";
}

/** Whether the runtime should retry after this error. */
export function isRetryable(error: unknown): boolean {
  return error instanceof IndexerError ? error.retryable : false;
}
