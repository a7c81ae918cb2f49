/**
 * Vitest's global setup: builds `dpr` and `dpr-indexer` (scripts/programBuild.ts) before any test runs,
 * where their sources changed since the last build, so that the tests that run them as programs run
 * what the sources say.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureProgramBuilds } from "../../scripts/programBuild.js";

export default async function buildPrograms(): Promise<void> {
  await ensureProgramBuilds(join(dirname(fileURLToPath(import.meta.url)), "../.."));
}
