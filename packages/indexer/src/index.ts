/**
 * @dpr/indexer — follows a DPR deployment's events into PGlite or PostgreSQL, keeps every past state, and
 * serves them as GraphQL (with health, readiness and Prometheus metrics) to auditors.
 */
export { type Indexer, type IndexerConfig, createIndexer } from "./createIndexer.js";
export { type RawOptions, type ResolvedOptions, ENVIRONMENT, resolveOptions } from "./config.js";
export {
  ChainMismatchError,
  ConfigError,
  DeepReorgError,
  type EventLocation,
  HandlerError,
  IndexerError,
  type IndexingErrorReport,
  InvalidChainDataError,
  RangeTooLargeError,
  RpcError,
  StoreError,
  isRetryable,
} from "./errors.js";
export type { HealthState } from "./server/createServer.js";
// The stages, for tools that reuse one (the benchmarks' bare fetch-and-decode baseline, for example).
export { type BlockHeader, type RawLog, type Rpc, createRpc } from "./rpc/createRpc.js";
export { type DecodedEvent, type Decoder, createDecoder } from "./handlers/decode.js";
export { type Metrics, createMetrics } from "./metrics.js";
export { redactUrl } from "./store/db.js";
