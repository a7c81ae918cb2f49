/**
 * `dpr-indexer`: follows a DPR deployment into PGlite or PostgreSQL and serves GraphQL, health, readiness,
 * metrics and the web verifier on one port. SIGINT/SIGTERM stop it cleanly (the current batch's
 * transaction either commits or rolls back; nothing is half-written).
 *
 * Exit codes: 0 stopped by a signal; 1 indexing stopped on an error; 2 bad configuration. A failing
 * event handler does not exit: the process keeps serving the index as of the last checkpoint, with
 * /health 503 and `_meta.indexingError` naming the event, until the operator upgrades or rebuilds it.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import pino from "pino";
import { resolveOptions } from "./config.js";
import { createIndexer } from "./createIndexer.js";
import { ConfigError, HandlerError, IndexerError } from "./errors.js";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
// The web page served on the same port: in the repository the web package's own build, in an installed
// package the build its prepack put into `web/`.
const builtWeb = [join(packageRoot, "..", "web", "dist"), join(packageRoot, "web")].find((dir) => existsSync(join(dir, "index.html")));

const program = new Command()
  .name("dpr-indexer")
  .description("Index a DPR deployment's events into PGlite or PostgreSQL and serve them as GraphQL.")
  .option("--rpc <url>", "JSON-RPC endpoint of the chain (env DPR_RPC_URL)", undefined)
  .option("--deployment <file>", "deployment record (env DPR_DEPLOYMENT; default .dpr/deployment.json)")
  .option("--database-url <url>", "PostgreSQL URL; without it PGlite in --data-dir (env DATABASE_URL)")
  .option("--data-dir <dir>", "PGlite folder (env DPR_INDEXER_DATA_DIR; default .dpr/indexer)")
  .option("--port <n>", "HTTP port (env DPR_INDEXER_PORT; default 4350; 0 picks a free one)")
  .option("--host <address>", "HTTP address (env DPR_INDEXER_HOST; default 127.0.0.1)")
  .option("--finality-depth <blocks>", "blocks that may still be reorganised (env DPR_FINALITY_DEPTH; default 12; 0 for QBFT or a dev node)")
  .option("--poll-interval <ms>", "head polling interval once caught up (env DPR_POLL_INTERVAL_MS; default 1000)")
  .option("--head-stall-timeout <s>", "report unhealthy when the head has not advanced for this long (env DPR_HEAD_STALL_TIMEOUT_S; default 300; 0 off)")
  .addOption(new Option("--on-chain-change <what>", "when the chain is not the one indexed (env DPR_ON_CHAIN_CHANGE; default reset)").choices(["reset", "fail"]))
  .option("--rebuild", "empty the index and index again from the deployment block; on PostgreSQL stop the other indexers first (env DPR_REBUILD=1)")
  .option("--manifests <dir...>", "folders of batch manifests to match to anchors (env DPR_MANIFEST_DIRS, colon-separated)")
  .option(
    "--metadata-dir <dir...>",
    "folders of dataset metadata documents (*.json, at most 1 MiB each), read at start; one whose SHA-256 is a dataset's metadataHash gives its title (repeatable; env DPR_METADATA_DIRS, colon-separated)",
  )
  .option(
    "--metadata-fetch-allow <prefix...>",
    "origins or URL prefixes (https://data.example/meta/, file:///srv/metadata/; http: only when given) from which datasets' metadataURIs are fetched and checked against their metadataHash; none: nothing is fetched (repeatable; env DPR_METADATA_FETCH_ALLOW, space- or comma-separated)",
  )
  .option("--metadata-max-bytes <bytes>", "largest metadata document read or fetched (env DPR_METADATA_MAX_BYTES; default 1048576)")
  .option("--metadata-fetch-timeout <ms>", "time limit of one metadata fetch, body included (env DPR_METADATA_FETCH_TIMEOUT_MS; default 10000)")
  .option("--web <dir>", "built web verifier to serve at / (env DPR_WEB_ROOT; default the page built with the indexer: packages/web/dist in the repository, web/ in an installed package)")
  .option("--public-rpc-url <url>", "the chain's JSON-RPC URL for browsers, which the web verifier reads its verdicts from (env DPR_PUBLIC_RPC_URL; default none)")
  .option("--web-connect-src <source...>", "more JSON-RPC endpoints the web verifier may read, as origins (env DPR_WEB_CONNECT_SRC, space-separated; default only --public-rpc-url's)")
  .option("--max-body <bytes>", "largest POST /graphql body (env DPR_MAX_BODY_BYTES; default 65536)")
  .option("--admin-port <n>", "serve /metrics (and /health, /ready) on this port instead of --port's (env DPR_ADMIN_PORT; default none)")
  .option("--admin-host <address>", "the admin listener's address (env DPR_ADMIN_HOST; default 127.0.0.1)")
  .option("--metrics-token <token>", "require Authorization: Bearer <token> on /metrics; prefer the env DPR_METRICS_TOKEN, a flag shows in ps")
  .option("--statement-timeout <ms>", "SQL statement timeout for API queries (env DPR_STATEMENT_TIMEOUT_MS; default 10000)")
  .option("--max-range <blocks>", "largest eth_getLogs block range (env DPR_MAX_BLOCK_RANGE; default 50000; some providers allow far fewer)")
  .option("--log-level <level>", "fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL; default info)")
  .addHelpText(
    "after",
    `
Endpoints: /graphql (GraphiQL in a browser), /health, /ready, /metrics, /api/deployment, /api/web-config,
/catalogue.jsonld and /datasets/{id}.jsonld (DCAT 3), / (web verifier);
with --admin-port, /metrics is on the admin listener only (with /health and /ready).
Exit codes: 0 stopped by SIGINT/SIGTERM, 1 indexing stopped on an error, 2 bad configuration.
A failing event handler does not exit: the index is served as of the last checkpoint, /health says why.`,
  );

program.parse(process.argv);

let options: ReturnType<typeof resolveOptions>;
try {
  options = resolveOptions(program.opts(), process.env, builtWeb);
} catch (error) {
  process.stderr.write(`dpr-indexer: ${(error as Error).message}\n`);
  if (error instanceof IndexerError && error.details) process.stderr.write(`  ${error.details}\n`);
  process.exit(2);
}

const logger = pino({ name: "dpr-indexer", level: options.logLevel });
let indexer: Awaited<ReturnType<typeof createIndexer>>;
try {
  indexer = await createIndexer({ ...options, logger });
  await indexer.start();
} catch (error) {
  logger.fatal({ err: error }, `could not start: ${(error as Error).message}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "stopping");
  await indexer.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));

// A fatal sync error stops the process loudly: the log says why, and the exit code is 1. A failing
// handler leaves an index that is right up to its checkpoint: serve it (with /health 503 and
// _meta.indexingError saying where it stopped) rather than take it away from readers.
indexer.done.catch(async (error: unknown) => {
  if (error instanceof HandlerError) {
    const { indexedBlock } = await indexer.health();
    logger.warn(
      { indexedBlock },
      "serving the index as of the last checkpoint; upgrade the indexer and restart it, or restart it with --rebuild (docs/operations.md, \"When indexing stops\")",
    );
    return;
  }
  logger.fatal({ err: error }, "indexing stopped; exiting");
  await indexer.stop().catch(() => {});
  process.exit(1);
});
