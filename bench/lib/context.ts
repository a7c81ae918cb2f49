/** What every benchmark suite is given, and how it says it cannot run here. */
import type { Fixture } from "./fixture.js";
import type { Figure } from "./results.js";

export interface BenchOptions {
  quick: boolean;
  /** Registry events to seed for the indexer suites. */
  events: number;
  /** Extra postgresql.conf settings for PGlite in the indexer under test (an experiment; see docs/performance.md). */
  pgliteConf: string[];
}

export interface SuiteContext {
  options: BenchOptions;
  fixture: Fixture;
  /** Progress on stderr (stdout carries the table). */
  log(line: string): void;
  /** Figures already measured in this run, by suite (a later suite may compare against an earlier one). */
  earlier: Partial<Record<string, { figures: Figure[]; details: Record<string, unknown> }>>;
}

export interface SuiteOutput {
  figures: Figure[];
  details: Record<string, unknown>;
}

export type Suite = (ctx: SuiteContext) => Promise<SuiteOutput>;

/** Thrown by a suite that cannot run on this machine (no PostgreSQL, no Chromium…): reported as skipped, with the reason. */
export class SkipSuite extends Error {
  override name = "SkipSuite";
}
