/**
 * The page's trust anchor, in real headless Chromium (packages/web/src/trust.ts): the zone's page, served
 * by its own indexer as in production, opened with a crafted link.
 *
 * Two chains. The official one: anvil, the contracts deployed by the zone admin, one dataset registered.
 * The attacker's: a second anvil where the same admin key deploys the same contracts first — so they sit at
 * the same addresses on the same chain id 31337, a look-alike — and then another account deploys its own
 * set, described by a forged deployment record that the attacker serves from its own origin. On both of the
 * attacker's registries a file unknown to the official one is registered.
 *
 * The zone's server for the first tests lists the attacker's origins in its `--web-connect-src`, to model a
 * page hosted where the Content-Security-Policy does not block them; the last tests use a server with the
 * default policy, and a plain static host that has no official registry to name.
 *
 * Screenshots go to test-output/web/ (or DPR_SHOTS_DIR).
 */
import { type Server, createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join } from "node:path";
import { type DevChain, devAccount, startChain } from "@dpr/devnet";
import type { Indexer } from "@dpr/indexer";
import { type Deployment, type DprContext, addParticipant, confirmDataset, deployContracts, registerDataset, serializeDeployment } from "@dpr/sdk";
import { hashFile } from "@dpr/sdk/node";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";
import { type Hex, createPublicClient, createWalletClient, getAddress, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, buildPage, haveChromium, serveIndexer } from "./web/page.js";
import { untranslatedText } from "./web/translation.js";

const chromiumHere = haveChromium("web trust e2e");
const screenshots = process.env.DPR_SHOTS_DIR ?? join(__dirname, "../../test-output/web");
const SETTINGS_KEY = "dpr.verifier.settings";
const ZONE_SECRET = `0x${"e3".repeat(32)}` as const;

/** A chain with one or more DPR deployments on it, and a file registered (and confirmed) on each. */
interface Registry {
  deployment: Deployment;
}

/**
 * Deploys the contracts from `deployer` (an index of the development accounts) on `node`, enrols a holder
 * and a registrar, and registers and confirms each of `files` (paths) there.
 */
async function seedRegistry(node: DevChain, deployer: number, files: string[]): Promise<Registry> {
  const transport = http(node.url, { retryCount: 2, retryDelay: 50 });
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 50, cacheTime: 0 });
  const wallet = (index: number) => createWalletClient({ chain: hardhat, transport, account: privateKeyToAccount(devAccount(index).privateKey) });
  const admin = wallet(deployer);
  const { contracts, deploymentBlock, chainId } = await deployContracts(admin, publicClient, { noticePeriod: 3600 });
  const deployment: Deployment = { format: "dpr-deployment/1", chainId, contracts, deploymentBlock, noticePeriod: 3600n, zoneAdmin: admin.account.address, deployedAt: new Date().toISOString() };
  const as = (index: number): DprContext => ({ publicClient, walletClient: wallet(index), deployment });
  const holder = 4;
  const registrar = 1;
  for (const [index, roles] of [
    [holder, ["HOLDER"]],
    [registrar, ["REGISTRAR"]],
  ] as const) {
    await addParticipant(as(deployer), { account: wallet(index).account.address, jurisdiction: "GZ", roles: [...roles], legalIdentity: `legal-id:${index}`, zoneSecret: ZONE_SECRET });
  }
  for (const path of files) {
    const { hash } = await hashFile(path);
    const { datasetId } = await registerDataset(as(holder), { contentHash: hash, category: "public", grade: "general", sector: "health", jurisdiction: "GZ" });
    await confirmDataset(as(registrar), { datasetId });
  }
  return { deployment };
}

/** Serves `files` (path → body) with CORS, as an attacker's web server would: the forged deployment record. */
async function serveFiles(files: Record<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  return listen(
    createServer((req, res) => {
      const body = files[req.url ?? ""];
      if (body === undefined) return void res.writeHead(404, { "access-control-allow-origin": "*" }).end();
      res.writeHead(200, { "content-type": "application/json", "access-control-allow-origin": "*" }).end(body);
    }),
  );
}

/** A plain static host for the built page: no policy, `/api/*` only as `api` says; unknown paths get index.html. */
async function serveStatic(root: string, api: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".svg": "image/svg+xml" };
  return listen(
    createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      if (api[path] !== undefined) return void res.writeHead(200, { "content-type": "application/json" }).end(api[path]);
      if (path.startsWith("/api/")) return void res.writeHead(404).end("not found");
      let file = join(root, path);
      let body: Buffer;
      try {
        body = readFileSync(file);
      } catch {
        file = join(root, "index.html");
        body = readFileSync(file);
      }
      res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" }).end(body);
    }),
  );
}

async function listen(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe.skipIf(!chromiumHere)("the page's trust anchor in Chromium", () => {
  let official: DevChain;
  let attacker: DevChain;
  let officialRegistry: Registry;
  let lookalike: Registry;
  let forged: Registry;
  let forgedHost: { url: string; close(): Promise<void> };
  let staticHost: { url: string; close(): Promise<void> };
  /** The build that pins the official registry, on a static host and on a server that names the attacker's. */
  let pinnedDir: string;
  let pinnedHost: { url: string; close(): Promise<void> };
  let pinnedOnAttackerServer: { url: string; close(): Promise<void> };
  /** The zone's server, its policy listing the attacker's origins. */
  let indexer: Indexer;
  /** The zone's server with the default policy. */
  let strictIndexer: Indexer;
  let site: string;
  let browser: Browser;
  let buildDir: string;
  let dir: string;
  /** Registered on the official registry. */
  let officialFile: { path: string; hash: Hex };
  /** Registered on both of the attacker's registries, unknown to the official one. */
  let forgedFile: { path: string; hash: Hex };
  let forgedRecordUrl: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), "dpr-web-trust-build-"));
    dir = mkdtempSync(join(tmpdir(), "dpr-web-trust-"));
    mkdirSync(screenshots, { recursive: true });
    const write = (name: string, content: string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const officialPath = write("ward-beds.csv", "ward,beds\nA1,12\nB2,9\n");
    const forgedPath = write("forged.csv", "ward,beds\nA1,999\nB2,999\n");
    const build = buildPage(buildDir);
    [official, attacker] = await Promise.all([startChain({ kind: "anvil" }), startChain({ kind: "anvil" })]);
    // The same admin key, first on each chain: the same contracts at the same addresses.
    [officialRegistry, lookalike] = await Promise.all([seedRegistry(official, 0, [officialPath]), seedRegistry(attacker, 0, [forgedPath])]);
    forged = await seedRegistry(attacker, 9, [forgedPath]);
    officialFile = { path: officialPath, hash: (await hashFile(officialPath)).hash };
    forgedFile = { path: forgedPath, hash: (await hashFile(forgedPath)).hash };
    forgedHost = await serveFiles({ "/deployment.json": serializeDeployment(forged.deployment) });
    forgedRecordUrl = `${forgedHost.url}/deployment.json`;
    await build;
    staticHost = await serveStatic(buildDir);
    // One build at a time: vite.config.ts reads the pin from the environment.
    pinnedDir = mkdtempSync(join(tmpdir(), "dpr-web-trust-pinned-"));
    const pin = { VITE_DPR_DEPLOYMENT_FILE: write("official.json", serializeDeployment(officialRegistry.deployment)), VITE_DPR_RPC_URL: official.url };
    Object.assign(process.env, pin);
    try {
      await buildPage(pinnedDir);
    } finally {
      for (const name of Object.keys(pin)) delete process.env[name];
    }
    pinnedHost = await serveStatic(pinnedDir);
    pinnedOnAttackerServer = await serveStatic(pinnedDir, {
      "/api/deployment": serializeDeployment(forged.deployment),
      "/api/web-config": JSON.stringify({ rpcUrl: attacker.url }),
    });
    [indexer, strictIndexer] = await Promise.all([
      serveIndexer({ rpcUrl: official.url, deployment: officialRegistry.deployment, webRoot: buildDir, publicRpcUrl: official.url, webConnectSrc: [attacker.url, forgedHost.url] }),
      serveIndexer({ rpcUrl: official.url, deployment: officialRegistry.deployment, webRoot: buildDir, publicRpcUrl: official.url, webConnectSrc: [] }),
    ]);
    site = indexer.url!;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await strictIndexer?.stop();
    await indexer?.stop();
    await staticHost?.close();
    await pinnedHost?.close();
    await pinnedOnAttackerServer?.close();
    await forgedHost?.close();
    await attacker?.stop();
    await official?.stop();
    for (const path of [buildDir, pinnedDir, dir]) if (path) rmSync(path, { recursive: true, force: true });
  }, 60_000);

  /** A fresh browser profile (nothing saved), its page recording uncaught errors. */
  const newContext = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "Asia/Shanghai" });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // The banner's role when it first appears on each visit (it is announced then, not on each re-render).
    await context.addInitScript(() => {
      const w = window as unknown as { firstTrustRole: string | null };
      w.firstTrustRole = null;
      new MutationObserver(() => {
        w.firstTrustRole ??= document.querySelector('[data-testid="trust-banner"]')?.getAttribute("role") ?? null;
      }).observe(document, { childList: true, subtree: true });
    });
    return { context, page };
  };
  const firstTrustRole = (page: Page) => page.evaluate(() => (window as unknown as { firstTrustRole: string | null }).firstTrustRole);
  const link = (origin: string, params: Record<string, string>) => `${origin}/?${new URLSearchParams(params)}`;
  const textOf = async (page: Page, selector: string) => (await page.innerText(selector)).replace(/\s+/g, " ").trim();
  /** The banner's row `row`: [in use, official], as shown, and whether it is marked as differing. */
  const row = async (page: Page, name: string) => {
    const cells = page.locator(`[data-testid="trust-table"] tr[data-row="${name}"] td`);
    return { used: (await cells.nth(0).innerText()).trim(), official: (await cells.nth(1).innerText()).trim(), differs: (await page.getAttribute(`[data-testid="trust-table"] tr[data-row="${name}"]`, "data-differs")) === "true" };
  };
  /** An address as the page shows it: checksummed (as read from the record), its ends only. */
  const short = (address: string) => `${getAddress(address).slice(0, 8)}…${getAddress(address).slice(-6)}`;
  const saved = (page: Page) => page.evaluate((key) => localStorage.getItem(key), SETTINGS_KEY);
  const status = (page: Page) => page.getAttribute('[data-testid="verdict"]', "data-status");

  it("shows a link to the attacker's node and forged record in a banner, labels the verdict as another registry's, and saves nothing", async () => {
    const { context, page } = await newContext();
    try {
      expect(forged.deployment.contracts.datasets).not.toBe(officialRegistry.deployment.contracts.datasets);
      await page.goto(link(site, { hash: forgedFile.hash, rpc: attacker.url, deployment: forgedRecordUrl }));
      await page.waitForSelector('[data-testid="verdict"]');
      // The attacker's registry does answer: a confirmed registration, in its notice period.
      expect(await status(page)).toBe("notice");
      const banner = '[data-testid="trust-banner"][data-trust="other"]';
      expect(await firstTrustRole(page)).toBe("alert");
      expect(await textOf(page, `${banner} h2`)).toBe("⚠ Not the official registry");
      expect(await textOf(page, `${banner} .trust-lead`)).toContain("The verdicts on this page come from a node or a deployment record the zone does not run.");
      expect(await textOf(page, '[data-testid="trust-origin"]')).toBe(
        "These settings come from the address of this page. They are not saved: without them the page reads the official registry again.",
      );
      // The attacker's chain and addresses, beside the official ones; the differing ones marked.
      expect(await row(page, "chainId")).toEqual({ used: "31337", official: "31337", differs: false });
      for (const name of ["directory", "datasets", "grants", "anchors"] as const) {
        const used = getAddress(forged.deployment.contracts[name]);
        expect(await row(page, name)).toEqual({ used: `${short(used)} differs`, official: short(officialRegistry.deployment.contracts[name]), differs: true });
        // The full value in the title, and in the folded list to copy.
        expect(await page.getAttribute(`[data-testid="trust-table"] tr[data-row="${name}"] td:nth-child(2) code`, "title")).toBe(used);
        expect(await page.textContent(`[data-full="${name}"]`)).toBe(used);
      }
      expect(await row(page, "rpcUrl")).toEqual({ used: `${attacker.url} differs`, official: official.url, differs: true });
      expect(await row(page, "deploymentUrl")).toEqual({ used: `${forgedRecordUrl} differs`, official: `${site}/api/deployment`, differs: true });
      expect(await row(page, "graphqlUrl")).toEqual({ used: `${site}/graphql`, official: `${site}/graphql`, differs: false });
      // The verdict card says whose verdict it is.
      expect(await textOf(page, '[data-testid="verdict"] [data-registry="other"]')).toBe(`⚠ Another registry's verdict, not the official one: read from ${attacker.url}.`);
      expect(await saved(page)).toBeNull();
      await page.screenshot({ path: join(screenshots, "trust-forged-en.png"), fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(screenshots, "trust-forged-390px.png"), fullPage: true });
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.click('[data-testid="language"]');
      await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
      expect(await textOf(page, `${banner} h2`)).toBe("⚠ 这不是官方登记簿");
      expect(await textOf(page, '[data-testid="verdict"] [data-registry="other"]')).toBe(`⚠ 另一个登记簿的核验结论，不是官方的：读取自 ${attacker.url}。`);
      expect(await page.evaluate(untranslatedText)).toEqual([]);
      await page.screenshot({ path: join(screenshots, "trust-forged-zh.png"), fullPage: true });
      await page.click('[data-testid="language"]');
      await page.waitForFunction(() => document.documentElement.lang === "en");

      // Without the parameters the official registry is back: nothing was saved.
      await page.goto(link(site, { hash: forgedFile.hash }));
      await page.waitForSelector('[data-testid="verdict"]');
      await page.waitForSelector('[data-testid="connection"]');
      expect(await status(page)).toBe("not-registered");
      expect(await textOf(page, '[data-testid="connection"]')).toBe(`Chain 31337, read over ${official.url}`);
      expect(await page.locator('[data-testid="trust-banner"], [data-registry]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("shows a link to a look-alike node alone in the banner, though its chain id and addresses are the official ones", async () => {
    const { context, page } = await newContext();
    try {
      // The look-alike: the official chain id, the official contracts' addresses, code at each of them.
      expect(lookalike.deployment.chainId).toBe(officialRegistry.deployment.chainId);
      expect(lookalike.deployment.contracts).toEqual(officialRegistry.deployment.contracts);
      await page.goto(link(site, { hash: forgedFile.hash, rpc: attacker.url }));
      await page.waitForSelector('[data-testid="verdict"]');
      expect(await status(page)).toBe("notice");
      await page.waitForSelector('[data-testid="trust-banner"][data-trust="other"]');
      expect(await textOf(page, ".trust-lead")).toContain("even where the chain id and the addresses match");
      expect(await row(page, "chainId")).toMatchObject({ differs: false });
      for (const name of ["directory", "datasets", "grants", "anchors"]) expect(await row(page, name)).toMatchObject({ differs: false });
      expect(await row(page, "rpcUrl")).toEqual({ used: `${attacker.url} differs`, official: official.url, differs: true });
      expect(await row(page, "deploymentUrl")).toMatchObject({ differs: false });
      expect(await page.locator('[data-testid="verdict"] [data-registry="other"]').count()).toBe(1);
      await page.screenshot({ path: join(screenshots, "trust-lookalike-en.png"), fullPage: true });

      // The official registry knows no such file.
      await page.goto(link(site, { hash: forgedFile.hash }));
      await page.waitForSelector('[data-testid="verdict"]');
      expect(await status(page)).toBe("not-registered");
      expect(await page.locator('[data-testid="trust-banner"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("saves the registry only when the reader keeps it, shows it on every visit, and goes back to the official one in one click", async () => {
    const { context, page } = await newContext();
    try {
      await page.goto(link(site, { hash: forgedFile.hash, rpc: attacker.url }));
      await page.waitForSelector('[data-testid="trust-banner"] #trust-keep');
      expect(await saved(page)).toBeNull();
      await page.click("#trust-keep");
      await page.waitForSelector('[data-testid="trust-origin"][data-saved="true"]');
      expect(JSON.parse((await saved(page))!)).toEqual({ rpcUrl: attacker.url });
      // The address keeps what it shows, not the settings; there is nothing left to keep.
      expect(new URL(page.url()).search).toBe(`?hash=${forgedFile.hash}`);
      expect(await page.locator("#trust-keep").count()).toBe(0);

      // Saved by choice: the banner on the next visit too, and the verdict still labelled.
      await page.reload();
      await page.waitForSelector('[data-testid="verdict"]');
      await page.waitForSelector('[data-testid="trust-banner"][data-trust="other"]');
      expect(await status(page)).toBe("notice");
      expect(await firstTrustRole(page)).toBe("alert");
      expect(await textOf(page, '[data-testid="trust-origin"]')).toBe(
        "These settings are saved in this browser, by your choice: this notice shows on every visit until you go back to the official registry.",
      );
      expect(await page.locator('[data-testid="verdict"] [data-registry="other"]').count()).toBe(1);
      await page.screenshot({ path: join(screenshots, "trust-saved-en.png"), fullPage: true });

      // One click back: saved settings forgotten, the official node read again.
      await page.click("#trust-back");
      await page.waitForSelector('[data-testid="verdict"][data-status="not-registered"]');
      expect(await page.locator('[data-testid="trust-banner"], [data-registry]').count()).toBe(0);
      expect(await textOf(page, '[data-testid="connection"]')).toBe(`Chain 31337, read over ${official.url}`);
      expect(await saved(page)).toBeNull();
      await page.reload();
      await page.waitForSelector('[data-testid="verdict"][data-status="not-registered"]');
      expect(await page.locator('[data-testid="trust-banner"]').count()).toBe(0);

      // A link with parameters, then "back": they leave the address too, the rest stays.
      await page.goto(link(site, { hash: officialFile.hash, rpc: attacker.url, graphql: `${forgedHost.url}/graphql`, lang: "en" }));
      await page.waitForSelector('[data-testid="trust-banner"] #trust-back');
      await page.click("#trust-back");
      await page.waitForSelector('[data-testid="verdict"][data-status="notice"]');
      expect(new URL(page.url()).search).toBe(`?hash=${officialFile.hash}&lang=en`);
      expect(await page.locator('[data-testid="trust-banner"]').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("gives no verdict from the attacker's node where the server's policy does not name it: the banner and an error", async () => {
    const { context, page } = await newContext();
    try {
      await page.goto(link(strictIndexer.url!, { hash: forgedFile.hash, rpc: attacker.url }));
      await page.waitForSelector('[data-testid="chain-error"]');
      expect(await page.getAttribute('[data-testid="chain-error"]', "data-code")).toBe("rpc-unreachable");
      await page.waitForSelector('[data-testid="trust-banner"][data-trust="other"]');
      expect(await row(page, "rpcUrl")).toMatchObject({ differs: true });
      expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);

      // With the forged record too: not even the record is read.
      await page.goto(link(strictIndexer.url!, { hash: forgedFile.hash, rpc: attacker.url, deployment: forgedRecordUrl }));
      await page.waitForSelector('[data-testid="chain-error"][data-code="deployment-unreachable"]');
      await page.waitForSelector('[data-testid="trust-banner"][data-trust="other"]');
      expect(await row(page, "chainId")).toEqual({ used: "not read differs", official: "31337", differs: true });
      expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
      await page.screenshot({ path: join(screenshots, "trust-csp-blocked.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("says so when the page has no official registry to compare with (a static host, nothing pinned)", async () => {
    const { context, page } = await newContext();
    try {
      await page.goto(link(staticHost.url, { hash: officialFile.hash, rpc: official.url, deployment: `${site}/api/deployment`, graphql: `${site}/graphql` }));
      await page.waitForSelector('[data-testid="verdict"]');
      await page.waitForSelector('[data-testid="trust-banner"][data-trust="unknown"]');
      expect(await textOf(page, '[data-testid="trust-banner"] h2')).toBe("⚠ No official registry to compare with");
      expect(await page.getAttribute('[data-testid="verdict"] [data-testid="registry-label"]', "data-registry")).toBe("unknown");
      await page.screenshot({ path: join(screenshots, "trust-unknown.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("reads the registry a build pins, on a static host, and shows a server that names another as not official", async () => {
    const { context, page } = await newContext();
    try {
      // Nothing on the host but the files: the pin alone names the registry, and it is the official one.
      await page.goto(link(pinnedHost.url, { hash: officialFile.hash }));
      await page.waitForSelector('[data-testid="verdict"]');
      expect(await status(page)).toBe("notice");
      expect(await textOf(page, '[data-testid="connection"]')).toBe(`Chain 31337, read over ${official.url}`);
      expect(await page.locator('[data-testid="trust-banner"], [data-registry]').count()).toBe(0);

      // The same build served by a server that names the attacker's record and node: the pin wins, and the
      // server is named as not official.
      await page.goto(link(pinnedOnAttackerServer.url, { hash: officialFile.hash }));
      await page.waitForSelector('[data-testid="verdict"]');
      expect(await status(page)).toBe("notice");
      expect(await textOf(page, '[data-testid="connection"]')).toBe(`Chain 31337, read over ${official.url}`);
      await page.waitForSelector('[data-testid="trust-banner"][data-trust="server-disagrees"]');
      const note = await textOf(page, '[data-testid="trust-server-disagrees"]');
      expect(note).toContain("The server that serves this page names another registry than the one this page was built for");
      expect(note).toContain(short(forged.deployment.contracts.datasets));
      expect(note).toContain(attacker.url);
      // The verdicts are the pinned registry's: not labelled.
      expect(await page.locator("[data-registry]").count()).toBe(0);
      await page.screenshot({ path: join(screenshots, "trust-pinned-server-disagrees.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it("threw no error in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});
