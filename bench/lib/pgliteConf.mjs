// An experiment's preload (`node --import <this file>`), not production code: it adds the
// postgresql.conf lines in DPR_BENCH_PGLITE_CONF (separated by ";") to every PGlite the process opens,
// so the benchmark can measure what a setting would change in the real indexer without editing
// packages/indexer/src/store/db.ts. Plain JavaScript because it runs before tsx is registered.
import { PGlite } from "@electric-sql/pglite";

const lines = (process.env.DPR_BENCH_PGLITE_CONF ?? "")
  .split(";")
  .map((line) => line.trim())
  .filter(Boolean);

if (lines.length > 0) {
  const create = PGlite.create.bind(PGlite);
  PGlite.create = (dataDir, options) => {
    // PGlite.create(options) is also valid: the data folder may sit in the options.
    if (dataDir !== null && typeof dataDir === "object") return create({ ...dataDir, postgresqlconf: [...toList(dataDir.postgresqlconf), ...lines] });
    return create(dataDir, { ...options, postgresqlconf: [...toList(options?.postgresqlconf), ...lines] });
  };
}

function toList(conf) {
  if (conf === undefined) return [];
  return typeof conf === "string" ? conf.split("\n") : conf;
}
