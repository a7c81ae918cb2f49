/**
 * The web verifier as the e2e tests in Chromium use it: Debian's Chromium (required on CI), the page
 * built with Vite's API, and a real indexer serving it as in production.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Indexer, type IndexerConfig, createIndexer } from "@dpr/indexer";
import { quietLogger } from "@dpr/indexer/testing";
import type { Deployment } from "@dpr/sdk";
import type { Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Headless Chromium's flags for a container (no sandbox, no GPU) and a quiet profile. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/**
 * Whether Chromium is installed. CI installs it, so there its absence throws (the test file fails rather
 * than skip); on a workstation the test says why it skips.
 */
export function haveChromium(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === "true") throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium (apt-get install -y chromium)`);
  console.warn(`${what} skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
  return false;
}

const webRoot = fileURLToPath(new URL("../../../packages/web", import.meta.url));

/** Builds the page with Vite's JS API (packages/web's own Vite) into `outDir`. */
export async function buildPage(outDir: string): Promise<void> {
  const vite = (await import(pathToFileURL(join(webRoot, "node_modules/vite/dist/node/index.js")).href)) as {
    build(config: Record<string, unknown>): Promise<unknown>;
  };
  // vitest runs with NODE_ENV=test; a production build must not inherit it.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await vite.build({ root: webRoot, configFile: join(webRoot, "vite.config.ts"), mode: "production", logLevel: "warn", build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = previous;
  }
}

/**
 * A real indexer (PGlite in memory) following the chain at `rpcUrl`, serving the page built in `webRoot`
 * and telling it to read the chain at `publicRpcUrl`; started and caught up.
 *
 * The page's Content-Security-Policy lets it connect to `publicRpcUrl` only, unless `webConnectSrc` says
 * more. By default it adds every port of 127.0.0.1, where the tests' nodes, proxies and closed ports all
 * are, so that a test of an unreachable node or indexer reaches a closed port, not the policy.
 */
export async function serveIndexer(
  options: { rpcUrl: string; deployment: Deployment; webRoot: string; publicRpcUrl: string } & Pick<IndexerConfig, "webConnectSrc">,
): Promise<Indexer> {
  const indexer = await createIndexer({
    webConnectSrc: ["http://127.0.0.1:*"],
    ...options,
    dataDir: "memory://",
    port: 0,
    host: "127.0.0.1",
    finalityDepth: 0,
    headStallTimeoutMs: 0,
    pollIntervalMs: 50,
    logger: quietLogger,
  });
  try {
    await indexer.start();
    await indexer.ready();
  } catch (error) {
    await indexer.stop();
    throw error;
  }
  return indexer;
}

/**
 * Opens the folded sections (`<details>`: grants, timeline, lineage, details, the registrations list, the
 * inputs) that hold what `selector` matches, as a reader clicking their summaries would; a closed
 * section's text is not laid out, so Playwright's `innerText` and visibility see nothing in it.
 */
export async function unfold(page: Page, selector: string): Promise<void> {
  await page.evaluate((s) => {
    for (const element of document.querySelectorAll(s)) {
      for (let fold = element.closest("details:not([open])"); fold; fold = fold.parentElement?.closest("details:not([open])") ?? null) {
        (fold.querySelector(":scope > summary") as HTMLElement | null)?.click();
      }
    }
  }, selector);
}
