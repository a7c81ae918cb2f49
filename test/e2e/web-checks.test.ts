/**
 * The web verifier against a compromised indexer, in real Chromium: everything the page shows beside the
 * verdict is read back from the chain, or labelled as the indexer's record.
 *
 * A small HTTP proxy written here stands in front of the indexer's server and forwards everything (the
 * page, /api/*, /graphql), so the page opened through it is the official origin; when `lying`, it rewrites
 * the /graphql answers: it adds a grant that does not exist and removes an objection. The page must show
 * the invented grant as not on chain, never as a plain grant, and the objection from the chain, with
 * warnings; when the proxy is honest, the items are marked verified.
 *
 * Also: a participant renaming itself (its profile, by its own account) after the zone admin attested its
 * name does not change the name shown.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Indexer } from "@dpr/indexer";
import { setParticipantMetadataURI } from "@dpr/sdk";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, buildPage, haveChromium, serveIndexer } from "./web/page.js";
import { type SeededChain, seedChain } from "./web/seed.js";

const chromiumHere = haveChromium("web verifier checks e2e");
const screenshots = process.env.DPR_SHOTS_DIR ?? join(__dirname, "../../test-output/web");
const INVENTED_GRANT = "99";

interface GraphqlBody {
  data?: { dataset?: { id: string; grants: { items: Record<string, unknown>[] }; events: { items: { name: string }[] } } | null } | null;
}

/**
 * A proxy in front of `target` that forwards every request; while `lying` it rewrites the /graphql
 * answers with `rewrite`. It counts the /graphql answers it rewrote, so a test knows the lie was told.
 */
async function createRewritingProxy(target: string, rewrite: (body: GraphqlBody) => boolean) {
  const upstream = new URL(target);
  const state = { lying: false, rewritten: 0 };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const headers = { ...req.headers, host: upstream.host };
    // Plain answers only, so they can be read and rewritten.
    delete headers["accept-encoding"];
    const forward = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (answer) => {
      const isGraphql = (req.url ?? "").split("?")[0] === "/graphql" && req.method === "POST";
      if (!isGraphql || !state.lying) {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on("data", (c: Buffer) => chunks.push(c));
      answer.on("end", () => {
        let text = Buffer.concat(chunks).toString("utf8");
        try {
          const body = JSON.parse(text) as GraphqlBody;
          if (rewrite(body)) {
            state.rewritten++;
            text = JSON.stringify(body);
          }
        } catch {
          // Not JSON: forwarded as it came.
        }
        const out = { ...answer.headers, "content-length": String(Buffer.byteLength(text)) };
        delete out["transfer-encoding"];
        res.writeHead(answer.statusCode ?? 502, out);
        res.end(text);
      });
    });
    forward.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(!chromiumHere)("the web verifier checks the indexer's items on chain", () => {
  let chain: SeededChain;
  let indexer: Indexer;
  let proxy: Awaited<ReturnType<typeof createRewritingProxy>>;
  let context: BrowserContext;
  let page: Page;
  let buildDir: string;
  let profileDir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), "dpr-web-checks-build-"));
    profileDir = mkdtempSync(join(tmpdir(), "dpr-web-checks-profile-"));
    mkdirSync(screenshots, { recursive: true });
    [chain] = await Promise.all([seedChain(), buildPage(buildDir)]);
    indexer = await serveIndexer({ rpcUrl: chain.node.url, deployment: chain.deployment, webRoot: buildDir, publicRpcUrl: chain.node.url });
    const { confirmed, disputed } = chain.files;
    proxy = await createRewritingProxy(indexer.url!, (body) => {
      const dataset = body.data?.dataset;
      if (!dataset) return false;
      if (dataset.id.toLowerCase() === confirmed.datasetId.toLowerCase()) {
        // A grant that never was: a copy of the real one, to another id.
        const real = dataset.grants.items[0]!;
        dataset.grants.items.push({ ...real, id: INVENTED_GRANT, status: "active" });
        return true;
      }
      if (dataset.id.toLowerCase() === disputed.datasetId.toLowerCase()) {
        dataset.events.items = dataset.events.items.filter((e) => e.name !== "DatasetObjected");
        return true;
      }
      return false;
    });
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 }, locale: "en-US" });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await proxy?.close();
    await indexer?.stop();
    await chain?.stop();
    for (const dir of [buildDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** Opens a dataset's page through the proxy (the official origin), and waits until its items are checked. */
  const openDataset = async (datasetId: string) => {
    const query = new URLSearchParams({ rpc: chain.node.url, graphql: "/graphql", deployment: "/api/deployment" });
    await page.goto(`${proxy.url}/dataset/${datasetId}?${query}`);
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${datasetId.toLowerCase()}"]`);
    // Checked: the registry events of the trail carry the chain's answer.
    await page.waitForSelector('[data-testid="timeline"] li[data-check="verified"]', { state: "attached" });
    // Long sections may be folded away: open them all, to read them as a reader would.
    await page.$$eval("details", (folds) => folds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  };
  const textOf = async (selector: string) => (await page.innerText(selector)).replace(/\s+/g, " ").trim();

  it("marks the grants, confirmations and trail verified when the indexer is honest", async () => {
    proxy.state.lying = false;
    await openDataset(chain.files.confirmed.datasetId);
    expect(await page.getAttribute('[data-testid="grants"] tr[data-grant-id="1"]', "data-check")).toBe("verified");
    expect(await textOf('[data-testid="grants"] tr[data-grant-id="1"]')).toContain("✓ verified on chain");
    expect(await textOf('[data-testid="confirmations"]')).toContain("verified on chain");
    const checks = await page.$$eval('[data-testid="timeline"] li', (items) => items.map((li) => li.getAttribute("data-check")));
    expect(checks).not.toContain("not-on-chain");
    expect(checks).not.toContain("disagrees");
    expect(checks.filter((c) => c === "verified").length).toBeGreaterThanOrEqual(2);
    expect(await page.$('[data-testid="crosscheck"]')).toBeNull();
    await openDataset(chain.files.disputed.datasetId);
    expect(await page.$('[data-testid="hidden-objections"]')).toBeNull();
    const objection = await page.$$eval('[data-testid="timeline"] li', (items) => items.filter((li) => /Objection raised/.test(li.textContent ?? "")).map((li) => li.getAttribute("data-check")));
    expect(objection).toEqual(["verified"]);
    expect(pageErrors).toEqual([]);
  });

  it("shows a grant the indexer invents as not on chain, never as a plain grant, and warns", async () => {
    proxy.state.lying = true;
    const before = proxy.state.rewritten;
    await openDataset(chain.files.confirmed.datasetId);
    expect(proxy.state.rewritten).toBeGreaterThan(before);
    const row = `[data-testid="grants"] tr[data-grant-id="${INVENTED_GRANT}"]`;
    await page.waitForSelector(`${row}[data-check="not-on-chain"]`);
    const rowText = await textOf(row);
    expect(rowText).toContain("not on chain");
    expect(rowText).not.toContain("Active");
    expect(await page.$(`${row} del`)).not.toBeNull();
    expect(await page.getAttribute('[data-testid="grants"] tr[data-grant-id="1"]', "data-check")).toBe("verified");
    expect(await textOf('[data-testid="crosscheck"]')).toContain(`Grant #${INVENTED_GRANT}: the indexer lists it, but the chain has no such grant on this dataset.`);
    await page.screenshot({ path: join(screenshots, "checks-invented-grant.png"), fullPage: true });
  });

  it("shows an objection the indexer hides from the chain, with a warning", async () => {
    proxy.state.lying = true;
    await openDataset(chain.files.disputed.datasetId);
    const hidden = await textOf('[data-testid="hidden-objections"]');
    expect(hidden).toMatch(/Objections the indexer does not show Objection by Guangzhou Transport Bureau \(Guangzhou · 0x[0-9a-fA-F…]+\): open \(block \d+\) from the chain; the indexer does not list it/);
    expect(await textOf('[data-testid="crosscheck"]')).toMatch(/The chain records an objection by Guangzhou Transport Bureau .*\(block \d+, open\), but the indexer's trail does not show it\./);
    // The verdict, the chain's, still counts it.
    expect(await textOf('[data-testid="facts"]')).toMatch(/Objections Guangzhou Transport Bureau/);
    await page.screenshot({ path: join(screenshots, "checks-hidden-objection.png"), fullPage: true });
    proxy.state.lying = false;
  });

  it("keeps showing the attested name when a participant renames itself", async () => {
    proxy.state.lying = false;
    const { holder } = chain.address;
    const renamed = `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify({ name: "National Health Authority" }))}`;
    await setParticipantMetadataURI(chain.as("holder"), { account: holder, metadataURI: renamed });
    await openDataset(chain.files.notice.datasetId);
    const summary = await textOf('[data-testid="verdict"] .summary');
    expect(summary).toMatch(/Held by 广州市卫生健康委员会 · National Health Authority \(self-declared\) \(Guangzhou · 0x/);
    const attested = await page.$$eval('[data-testid="verdict"] .summary [data-name="attested"]', (els) => els.map((e) => e.textContent));
    expect(attested).toEqual(["广州市卫生健康委员会"]);
    expect(pageErrors).toEqual([]);
  });
});
