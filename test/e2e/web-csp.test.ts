/**
 * The web verifier and GraphiQL in real headless Chromium under the Content-Security-Policies the
 * indexer's server sends (packages/indexer/src/server/security.ts), served as in production
 * (test/e2e/web/page.ts) with the policy as strict as it is by default: the page may connect to its own
 * origin and the public RPC endpoint only.
 *
 * Everything the page does runs with no violation: hashing in its worker with SHA-256 and SM3
 * (WebAssembly), reading the chain and GraphQL, drawing the lineage graph (sized through the CSSOM, not a
 * style attribute). GraphiQL runs by its nonce, with its editor's workers, and queries the API. And a
 * node the policy does not name is refused by the browser even though it answers, as
 * docs/threat-model.md says.
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Indexer } from "@dpr/indexer";
import { type Proxy, createProxy } from "@dpr/indexer/testing";
import { datasetIdOf } from "@dpr/sdk";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, buildPage, haveChromium, serveIndexer, unfold } from "./web/page.js";
import { type SeededChain, seedChain } from "./web/seed.js";

const chromiumHere = haveChromium("web CSP e2e");

/** What the browser reported against a policy: console messages (page and workers) and violation events. */
interface Reports {
  violations: string[];
  errors: string[];
}

describe.skipIf(!chromiumHere)("the page and GraphiQL under the server's Content-Security-Policy, in Chromium", () => {
  let chain: SeededChain;
  let indexer: Indexer;
  let site: string;
  let browser: Browser;
  let buildDir: string;
  /** Another way to the same node: it answers, but the page's policy does not name it. */
  let otherNode: Proxy;

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), "dpr-web-csp-build-"));
    [chain] = await Promise.all([seedChain(), buildPage(buildDir)]);
    indexer = await serveIndexer({ rpcUrl: chain.node.url, deployment: chain.deployment, webRoot: buildDir, publicRpcUrl: chain.node.url, webConnectSrc: [] });
    site = indexer.url!;
    otherNode = await createProxy({ host: "127.0.0.1", port: Number(new URL(chain.node.url).port) });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await otherNode?.close();
    await indexer?.stop();
    await chain?.stop();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh page that records every report against the policy, in the page and in its workers. */
  const newPage = async (): Promise<{ page: Page; reports: Reports }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const reports: Reports = { violations: [], errors: [] };
    const onConsole = (where: string) => (message: { type(): string; text(): string }) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) reports.violations.push(`${where}: ${message.text()}`);
      else if (message.type() === "error") reports.errors.push(`${where}: ${message.text()}`);
    };
    page.on("console", onConsole("page"));
    page.on("worker", (worker) => worker.on("console", onConsole(`worker ${worker.url()}`)));
    page.on("pageerror", (error) => reports.errors.push(`uncaught: ${error.message}`));
    // Run by the DevTools protocol, which no page policy governs: the page's own events, as it sees them.
    await page.exposeFunction("reportViolation", (text: string) => reports.violations.push(`event: ${text}`));
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.effectiveDirective} refused ${event.blockedURI}`);
      });
    });
    return { page, reports };
  };

  const verifyFile = async (page: Page, path: string, datasetId: string) => {
    await page.setInputFiles('[data-testid="file-input"]', path);
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${datasetId.toLowerCase()}"]`);
    return page.getAttribute('[data-testid="verdict"]', "data-status");
  };

  it("sends the page's policy, naming only this origin and the public RPC endpoint's", async () => {
    const response = await fetch(`${site}/`);
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
        `connect-src 'self' ${new URL(chain.node.url).origin}; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
  });

  it("verifies files with SHA-256 and SM3 in the worker, and draws a dataset's lineage, with no violation", async () => {
    const { page, reports } = await newPage();
    try {
      // No settings in the address: the node comes from /api/web-config, GraphQL and the record from here.
      await page.goto(`${site}/`);
      await page.waitForSelector('[data-testid="connection"]');
      const { confirmed, notice, derived } = chain.files;
      expect(await verifyFile(page, confirmed.path, confirmed.datasetId)).toBe("confirmed");
      // The inputs fold away under the verdict: open them, as a reader would.
      await unfold(page, "#algorithm");
      await page.selectOption("#algorithm", "sm3");
      const sm3: `0x${string}` = `0x${createHash("sm3").update(readFileSync(notice.path)).digest("hex")}`;
      expect(await verifyFile(page, notice.path, datasetIdOf({ contentHash: sm3, algorithm: "sm3" }))).toBe("not-registered");
      expect(await page.textContent('[data-testid="content-hash"]')).toBe(sm3);

      // The indexer's history and the lineage graph, whose size is set as a style.
      await page.goto(`${site}/dataset/${derived.datasetId}`);
      await page.waitForSelector('[data-testid="lineage"][data-source="indexer"] [data-testid="lineage-graph"]', { state: "attached" });
      const graph = await page.$eval('[data-testid="lineage-graph"]', (svg) => ({ maxWidth: getComputedStyle(svg).maxWidth, viewBox: svg.getAttribute("viewBox") }));
      expect(graph.maxWidth).toBe(`${graph.viewBox!.split(" ")[2]}px`);

      expect(reports).toEqual({ violations: [], errors: [] });
    } finally {
      await page.context().close();
    }
  });

  it("runs GraphiQL by its nonce, with its editor, and queries the API from it, with no violation", async () => {
    const { page, reports } = await newPage();
    try {
      const query = "{ _meta { hasIndexingErrors } }";
      const response = await page.goto(`${site}/graphql?query=${encodeURIComponent(query)}`);
      expect(response?.headers()["content-security-policy"]).toMatch(/^default-src 'none'; script-src 'nonce-[A-Za-z0-9+/=]+'; /);
      await page.waitForSelector(".graphiql-container .monaco-editor");
      await page.click(".graphiql-execute-button");
      await page.waitForFunction(() => document.querySelector(".graphiql-response")?.textContent?.includes("hasIndexingErrors"));
      // The editor lays its text out with non-breaking spaces.
      expect((await page.textContent(".graphiql-response"))?.replace(/\s+/g, " ")).toContain('"hasIndexingErrors": false');
      expect(reports).toEqual({ violations: [], errors: [] });
    } finally {
      await page.context().close();
    }
  });

  it("refuses a node the policy does not name, though it answers, and the page says it cannot reach it", async () => {
    const { page, reports } = await newPage();
    try {
      expect((await fetch(otherNode.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}' })).ok).toBe(true);
      await page.goto(`${site}/?rpc=${encodeURIComponent(otherNode.url)}&hash=${chain.files.confirmed.hash}`);
      await page.waitForSelector('[data-testid="chain-error"][data-code="rpc-unreachable"]');
      expect(reports.violations.some((v) => v.startsWith("event: connect-src refused") && v.includes(otherNode.url))).toBe(true);
    } finally {
      await page.context().close();
    }
  });
});
