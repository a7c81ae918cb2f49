/**
 * @dpr/indexer/testing — support for tests and benchmarks (not for production use): stores to run
 * against, a story emitting every event, a fast event seeder, the sync run on its own, the real
 * `dpr-indexer` as a child process, and a cuttable TCP proxy.
 */
export * from "./databases.js";
export * from "./indexerProcess.js";
export * from "./indexing.js";
export * from "./proxy.js";
export * from "./seed.js";
export * from "./story.js";
