/**
 * The shape of a benchmark run: what `bench/results/latest.json` holds and what the Markdown table is
 * rendered from. Every figure carries the baseline it was measured beside, in the same run, and the
 * ratio of the two, because these machines are shared and noisy: a ratio survives a busy neighbour far
 * better than an absolute number does.
 */

export const RESULTS_FORMAT = "dpr-bench/1";

export type SuiteName = "gas" | "hashing" | "backfill" | "graphql" | "lag" | "browser" | "startup";
export const SUITES: readonly SuiteName[] = ["gas", "hashing", "backfill", "graphql", "lag", "browser", "startup"];

/** A measured quantity with its unit ("gas", "events/s", "ms", "MiB", "MB/s", "req/s"). */
export interface Quantity {
  value: number;
  unit: string;
}

export interface Figure {
  /** Stable id within the suite, e.g. `pglite.eventsPerSecond`. */
  id: string;
  /** What was measured, for the table. */
  label: string;
  value: number;
  unit: string;
  baseline: {
    /** What the baseline is, e.g. "bare eth_getLogs + decode". */
    label: string;
    value: number;
    unit: string;
  };
  /** value ÷ baseline.value. */
  ratio: number;
  /** How to read the ratio: "higher-is-better" (throughput), "lower-is-better" (cost, latency), or "near-1" (constant memory). */
  sense: "higher-is-better" | "lower-is-better" | "near-1";
  target?: {
    /** The target as stated in the issue, e.g. "≥ 50% of bare fetch". */
    text: string;
    met: boolean;
  };
  /** Anything a reader needs to interpret the figure (which node, which store, what limits it). */
  note?: string;
}

export interface SuiteResult {
  name: SuiteName;
  status: "ok" | "skipped" | "error";
  /** Why it was skipped or what went wrong. */
  reason?: string;
  seconds: number;
  /** The machine's 1-minute load average when the suite started and ended (2 would fill both cores of a 2-core machine). */
  load: { start: number; end: number };
  figures: Figure[];
  /** Raw measurements behind the figures (samples, percentiles, settings), for whoever digs deeper. */
  details: Record<string, unknown>;
}

export interface BenchResults {
  format: typeof RESULTS_FORMAT;
  mode: "full" | "quick";
  startedAt: string;
  seconds: number;
  command: string;
  machine: Record<string, unknown>;
  suites: Record<SuiteName, SuiteResult>;
}

/** A figure with its ratio computed; refuses a baseline that would make the ratio meaningless. */
export function figure(input: Omit<Figure, "ratio">): Figure {
  if (!Number.isFinite(input.value)) throw new Error(`${input.id}: the measured value is ${input.value}`);
  if (!Number.isFinite(input.baseline.value) || input.baseline.value === 0) {
    throw new Error(`${input.id}: the baseline "${input.baseline.label}" measured ${input.baseline.value}, so there is no ratio`);
  }
  return { ...input, ratio: input.value / input.baseline.value };
}

/** The q-th percentile (0–100) of `samples`, by linear interpolation between closest ranks. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Rounds to `digits` significant digits, for JSON a person reads. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}
