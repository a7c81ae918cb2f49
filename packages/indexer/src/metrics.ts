/**
 * Prometheus metrics, in a registry of the indexer's own (not prom-client's global one), so two indexers
 * in one process (tests) keep their figures apart.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  indexedBlock: Gauge;
  chainHead: Gauge;
  lag: Gauge;
  eventsIndexed: Counter;
  eventsPerSecond: Gauge;
  reorgs: Counter;
  reorgDepth: Gauge;
  rpcErrors: Counter<"method">;
  syncErrors: Counter<"kind">;
  headStalled: Gauge;
  isWriter: Gauge;
  halted: Gauge<"kind" | "event" | "contract" | "block" | "log_index" | "tx">;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "dpr_indexer_" });
  const registers = [registry];
  const halted = new Gauge({
    name: "dpr_indexer_halted",
    help: "1 once indexing has stopped on an error retrying cannot fix; kind is the error's class, and event, contract, block, log_index and tx name the event a handler failed on (empty for other errors).",
    labelNames: ["kind", "event", "contract", "block", "log_index", "tx"] as const,
    registers,
  });
  // 0 (one series without labels) until it halts; then one series whose labels say where.
  halted.set(0);
  return {
    registry,
    indexedBlock: new Gauge({ name: "dpr_indexer_indexed_block", help: "The last block whose events are all indexed.", registers }),
    chainHead: new Gauge({ name: "dpr_indexer_chain_head", help: "The chain head the sync last saw.", registers }),
    lag: new Gauge({ name: "dpr_indexer_lag_blocks", help: "Chain head minus indexed block.", registers }),
    eventsIndexed: new Counter({ name: "dpr_indexer_events_total", help: "Events written since the process started.", registers }),
    eventsPerSecond: new Gauge({ name: "dpr_indexer_events_per_second", help: "Events written per second over the last batch.", registers }),
    reorgs: new Counter({ name: "dpr_indexer_reorgs_total", help: "Chain reorganisations rolled back.", registers }),
    reorgDepth: new Gauge({ name: "dpr_indexer_last_reorg_depth", help: "Blocks rolled back by the last reorganisation.", registers }),
    rpcErrors: new Counter({ name: "dpr_indexer_rpc_errors_total", help: "Failed JSON-RPC calls.", labelNames: ["method"], registers }),
    syncErrors: new Counter({ name: "dpr_indexer_sync_errors_total", help: "Sync steps that failed (and were retried unless fatal).", labelNames: ["kind"], registers }),
    headStalled: new Gauge({ name: "dpr_indexer_head_stalled", help: "1 while the chain head has not advanced within the watchdog timeout.", registers }),
    isWriter: new Gauge({ name: "dpr_indexer_is_writer", help: "1 if this process holds the writer lock and syncs.", registers }),
    halted,
  };
}
