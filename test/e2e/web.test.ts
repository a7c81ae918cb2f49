/**
 * The web verifier (packages/web) end to end, in real headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core) against a real `hardhat node` with data made by `@dpr/sdk`'s actions
 * (test/e2e/web/seed.ts) and the real indexer (`createIndexer`, PGlite in memory) following it. The page
 * is built with Vite's API into a temporary folder and served by the indexer's own server, as in
 * production: the page, `/api/deployment`, `/api/web-config` (which names the chain's node) and `/graphql`
 * on one origin.
 *
 * Two cuttable links (`@dpr/indexer/testing`'s TCP proxy) let the test break things for real: one between
 * the indexer and the chain (the indexer falls behind, and the page must say where it disagrees with the
 * chain), one in front of the indexer's server (the indexer goes away in the middle of a session).
 *
 * A second chain, anvil with its clock behind this machine's, stays idle after its last transaction, as the
 * `npm start` demo's does: there a notice period ends by the indexer's clock but not by the chain's.
 *
 * Screenshots go to test-output/web/ for review (or to DPR_SHOTS_DIR when it is set).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@dpr/devnet";
import type { Indexer } from "@dpr/indexer";
import { type Proxy, createProxy } from "@dpr/indexer/testing";
import { datasetIdOf, freezeDataset, serializeDeployment } from "@dpr/sdk";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { keccak256, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type IdleChain, type SeededChain, seedChain, seedIdleChain } from "./web/seed.js";
import { CHROMIUM, CHROMIUM_ARGS, buildPage, haveChromium, serveIndexer, unfold } from "./web/page.js";
import { untranslatedText } from "./web/translation.js";

const chromiumHere = haveChromium("web verifier e2e");

const repoRoot = join(__dirname, "../..");
const screenshots = process.env.DPR_SHOTS_DIR ?? join(repoRoot, "test-output/web");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
/** A larger phone, for the life cycle's verdicts. */
const PHONE_390 = { width: 390, height: 844 };

/** A deployment record for chain 1, a file the indexer's server serves beside the page. */
const OTHER_CHAIN_DEPLOYMENT = "/deployment-other-chain.json";

/** A link to `url`'s host and port that the test can cut and restore. */
function linkTo(url: string): Promise<Proxy> {
  const { hostname, port } = new URL(url);
  return createProxy({ host: hostname, port: Number(port) });
}

describe.skipIf(!chromiumHere)("the web verifier in Chromium", () => {
  let chain: SeededChain;
  let indexer: Indexer;
  /** The indexer's server: the page, /api/deployment and /graphql. */
  let site: string;
  /** Between the indexer and the chain's node: cut, the indexer stops following the chain. */
  let chainLink: Proxy;
  /** In front of the indexer's server: cut, the indexer is gone for a page loaded through it. */
  let siteLink: Proxy;
  let context: BrowserContext;
  let page: Page;
  let buildDir: string;
  let profileDir: string;
  /** A GraphQL URL where nothing listens: an indexer that is down. */
  let deadGraphql: string;
  const pageErrors: string[] = [];
  /** Every request the page made that was not a GET, with its body. */
  const sent: { method: string; url: string; body: string | null }[] = [];
  /** The largest request body the page sent anywhere (the file must never be among them). */
  let largestUpload = 0;

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), "dpr-web-build-"));
    profileDir = mkdtempSync(join(tmpdir(), "dpr-web-profile-"));
    mkdirSync(screenshots, { recursive: true });
    [chain] = await Promise.all([seedChain(), buildPage(buildDir)]);
    writeFileSync(join(buildDir, OTHER_CHAIN_DEPLOYMENT), serializeDeployment({ ...chain.deployment, chainId: 1 }));
    chainLink = await linkTo(chain.node.url);
    // Browsers read the chain directly, not through the indexer's link to it.
    indexer = await serveIndexer({ rpcUrl: chainLink.url, deployment: chain.deployment, webRoot: buildDir, publicRpcUrl: chain.node.url });
    site = indexer.url!;
    siteLink = await linkTo(site);
    deadGraphql = `http://127.0.0.1:${await freePort()}/graphql`;
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
      locale: "en-US",
      timezoneId: "Asia/Shanghai",
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("request", (request) => {
      largestUpload = Math.max(largestUpload, request.postDataBuffer()?.length ?? 0);
      if (request.method() !== "GET") sent.push({ method: request.method(), url: request.url(), body: request.postData() });
    });
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await siteLink?.close();
    await indexer?.stop();
    await chainLink?.close();
    await chain?.stop();
    for (const dir of [buildDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /**
   * Opens a page of the verifier with explicit connection settings: by default the indexer's own
   * `/graphql` and `/api/deployment`, on the origin that serves the page (`from`, the indexer's server).
   * (Without `rpc=` the page would take the node from the server's `/api/web-config`; the test of that
   * opens the page itself.)
   */
  const open = async (path: string, options: { rpc?: string; graphql?: string; deployment?: string; from?: string } = {}) => {
    const query = new URLSearchParams({ rpc: options.rpc ?? chain.node.url, graphql: options.graphql ?? "/graphql", deployment: options.deployment ?? "/api/deployment" });
    await page.goto(`${options.from ?? site}${path}${path.includes("?") ? "&" : "?"}${query}`);
    await page.waitForSelector('[data-testid="connection"], [data-testid="chain-error"]');
  };
  /** Drops a file on the page (through its input) and waits for the verdict on it. */
  const verifyFile = async (path: string, datasetId: string) => {
    await page.setInputFiles('[data-testid="file-input"]', path);
    return page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${datasetId.toLowerCase()}"]`);
  };
  const status = () => page.getAttribute('[data-testid="verdict"]', "data-status");
  /** The verdict (or the batch's) is laid out above the inputs. */
  const verdictAboveInputs = async (verdict = '[data-testid="verdict"]') => {
    const [top, inputs] = await Promise.all([page.locator(verdict).boundingBox(), page.locator('[data-section="inputs"]').boundingBox()]);
    expect(top!.y + top!.height).toBeLessThanOrEqual(inputs!.y);
  };
  /**
   * Screenshots of the whole page at 1280 and 390 px wide (`<name>-1280px.png`, `<name>-390px.png`), checking
   * there is no sideways scrolling at 390; returns the page's height at each.
   */
  const layoutShots = async (name: string) => {
    const height = () => page.evaluate(() => document.documentElement.scrollHeight);
    const heights = { desktop: await height(), phone: 0 };
    await page.screenshot({ path: join(screenshots, `${name}-1280px.png`), fullPage: true });
    await page.setViewportSize(PHONE_390);
    try {
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_390.width);
      heights.phone = await height();
      await page.screenshot({ path: join(screenshots, `${name}-390px.png`), fullPage: true });
    } finally {
      await page.setViewportSize(DESKTOP);
    }
    console.info(`page height, ${name}: ${heights.desktop} px at 1280 px wide, ${heights.phone} px at 390 px`);
    return heights;
  };
  /** The text as laid out (innerText: a space or line between blocks), on one line; folded sections holding it are opened first. */
  const textOf = async (selector: string) => {
    await unfold(page, selector);
    return (await page.innerText(selector)).replace(/\s+/g, " ").trim();
  };
  /** Folded sections are in the page but not visible until opened: wait for them to be there. */
  const attached = { state: "attached" } as const;
  const shot = async (name: string, options: { phone?: boolean } = {}) => {
    if (options.phone) await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    if (options.phone) await page.setViewportSize(DESKTOP);
  };
  const sha256sum = (path: string): `0x${string}` => `0x${execFileSync("sha256sum", [path], { encoding: "utf8" }).split(" ")[0]}`;
  /** The indexer's own account of its progress (`GET /ready`). */
  const readiness = async () => {
    const response = await fetch(`${site}/ready`);
    return { status: response.status, ...((await response.json()) as { reason: string | null; indexedBlock: number | null; chainHead: number | null }) };
  };
  /** Waits until the indexer says it is ready and has indexed `block`. */
  const indexedUpTo = (block: bigint) =>
    vi.waitFor(
      async () => {
        const state = await readiness();
        expect(state.status).toBe(200);
        expect(state.indexedBlock).toBeGreaterThanOrEqual(Number(block));
      },
      { timeout: 60_000, interval: 100 },
    );

  it("verifies a registered, confirmed file on chain, and hashes it exactly as sha256sum does", async () => {
    // GraphQL on a closed port: the chain alone must give the verdict (the next test checks the notice).
    await open("/", { graphql: deadGraphql });
    await shot("home");
    const { confirmed } = chain.files;
    await verifyFile(confirmed.path, confirmed.datasetId);
    expect(await page.textContent('[data-testid="content-hash"]')).toBe(sha256sum(confirmed.path));
    expect(await status()).toBe("confirmed");
    expect(await textOf('[data-testid="verdict"] h2')).toBe("Registered and confirmed");
    // The holder's name and jurisdiction, from the directory's events on chain.
    expect(await textOf('[data-testid="verdict"] .summary')).toContain("Held by 广州市卫生健康委员会 (Guangzhou ·");
    expect(await textOf('[data-testid="confirmations"]')).toContain("Guangzhou Data Exchange");
    // The address is shareable and reloads to the same verdict.
    expect(new URL(page.url()).searchParams.get("hash")).toBe(confirmed.hash);
  });

  it("still gives the chain's verdict when the indexer is unreachable, and says so", async () => {
    // The previous test ran with the GraphQL URL on a closed port.
    expect(await status()).toBe("confirmed");
    await page.waitForSelector('[data-testid="indexer-notice"]');
    expect(await textOf('[data-testid="indexer-notice"] p')).toBe(
      `The indexer at ${deadGraphql} cannot be reached, so the history, the list of all grants and the full lineage are not shown. The verdict above comes from the chain and does not depend on the indexer.`,
    );
    // What the chain alone tells: the active cross-border grant and the direct parents.
    expect(await page.getAttribute('[data-testid="grants"]', "data-source")).toBe("chain");
    expect(await textOf('[data-testid="grants"] tbody')).toContain("Hong Kong Clinical Research Centre");
    expect(await textOf('[data-testid="grants"] tbody')).toContain("GBA standard contract (Hong Kong)");
    expect(await page.getAttribute('[data-testid="lineage"]', "data-source")).toBe("chain");
    expect(await page.locator('[data-testid="lineage-graph"] .node').count()).toBe(3);
    expect(await page.locator('[data-testid="recent-unavailable"]').count()).toBe(1);
    await shot("confirmed-indexer-unreachable");
    await shot("confirmed-indexer-unreachable-375px", { phone: true });
  });

  it("says an unknown file is not registered, after hashing 8 MiB in a worker with a progress bar", async () => {
    await page.evaluate(() => {
      const w = window as unknown as { sawProgress: boolean };
      w.sawProgress = false;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="hash-progress"]')) w.sawProgress = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const expected = sha256sum(chain.unknown.path);
    await verifyFile(chain.unknown.path, datasetIdOf({ contentHash: expected }));
    expect(await status()).toBe("not-registered");
    expect(await page.textContent('[data-testid="content-hash"]')).toBe(expected);
    expect(await textOf('[data-testid="verdict"] .summary')).toBe("No dataset is registered on chain 31337 with this SHA-256 content hash.");
    expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);
  });

  it("hashes with SM3 when chosen, matching an independent SM3", async () => {
    await unfold(page, "#algorithm");
    await page.selectOption("#algorithm", "sm3");
    const expected: `0x${string}` = `0x${createHash("sm3").update(readFileSync(chain.files.notice.path)).digest("hex")}`;
    await verifyFile(chain.files.notice.path, datasetIdOf({ contentHash: expected, algorithm: "sm3" }));
    expect(await page.textContent('[data-testid="content-hash"]')).toBe(expected);
    // Registered under SHA-256 only: under SM3 it is another, unregistered, content hash.
    expect(await status()).toBe("not-registered");
    expect(new URL(page.url()).searchParams.get("alg")).toBe("sm3");
    await unfold(page, "#algorithm");
    await page.selectOption("#algorithm", "sha256");
  });

  it("shows a dataset in its notice period and a disputed one", async () => {
    const { notice, disputed } = chain.files;
    await verifyFile(notice.path, notice.datasetId);
    expect(await status()).toBe("notice");
    expect(await textOf('[data-testid="verdict"] .summary')).toMatch(/Registrars confirmed it; anyone may object until .*2026|20\d\d/);
    await verifyFile(disputed.path, disputed.datasetId);
    expect(await status()).toBe("disputed");
    expect(await textOf('[data-testid="verdict"] h2')).toBe("Disputed");
    expect(await textOf('[data-testid="facts"]')).toMatch(/Objections Guangzhou Transport Bureau \(Guangzhou · 0x[0-9a-fA-F…]+\): open/);
  });

  describe("the life cycle, version 2", () => {
    /** Screenshots of the verdict at 1280 and 390 px wide. */
    const shots = async (name: string) => {
      await page.screenshot({ path: join(screenshots, `${name}-1280px.png`), fullPage: true });
      await page.setViewportSize(PHONE_390);
      try {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_390.width);
        await page.screenshot({ path: join(screenshots, `${name}-390px.png`), fullPage: true });
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    };
    /** Shows the page in `lang` (the switch toggles), and checks every visible string is in it. */
    const inLanguage = async (lang: "en" | "zh-CN") => {
      if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
        await page.click('[data-testid="language"]');
        await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      }
      expect(await page.evaluate(untranslatedText)).toEqual([]);
    };
    const verdictText = () => textOf('[data-testid="verdict"]');

    afterAll(async () => {
      // Leave the page in English for the tests that follow.
      if (page && (await page.evaluate(() => document.documentElement.lang)) !== "en") await page.click('[data-testid="language"]');
    });

    it("shows a claim refused in review and the content's second claim, in both languages", async () => {
      const { reclaimed } = chain.files;
      await open(`/dataset/${reclaimed.datasetId}`);
      await page.waitForSelector('[data-testid="verdict"][data-claim="2"]');
      await page.waitForSelector('[data-testid="timeline"]', attached);
      await inLanguage("en");
      expect(await status()).toBe("notice");
      const en = await verdictText();
      expect(en).toContain("In the public notice period");
      expect(en).toContain("Second claim on this content; the first was refused in review.");
      expect(await textOf('[data-testid="facts"]')).toContain("Claim Second claim on this content; the first was refused in review.");
      const timeline = await textOf('[data-testid="timeline"]');
      expect(timeline).toContain("Refused in review by a registrar; the content is free for a new claim");
      expect(timeline).toContain("Registered: claim 2 on this content");
      await shots("reclaimed-en");
      await inLanguage("zh-CN");
      expect(await verdictText()).toContain("本内容的第二次登记申请；第一次申请经审查不予登记。");
      expect(await textOf('[data-testid="timeline"]')).toContain("登记机构经审查不予登记；该内容可重新申请登记");
      await shots("reclaimed-zh");
    });

    it("shows a registration revoked after notice, and a dataset derived from it as conferring nothing, in both languages", async () => {
      const { revoked, revokedChild } = chain.files;
      await open(`/dataset/${revoked.datasetId}`);
      await page.waitForSelector('[data-testid="verdict"][data-status="revoked"]');
      await page.waitForSelector('[data-testid="timeline"]', attached);
      await inLanguage("en");
      expect(await textOf('[data-testid="verdict"] h2')).toBe("Revoked");
      expect(await textOf('[data-testid="verdict"] .summary')).toMatch(
        /^On .+, after its notice period, an independent quorum of registrars and regulators revoked the registration held by 广州市卫生健康委员会 \(Guangzhou · 0x[0-9a-fA-F…]+\): it confers nothing, and the content cannot be claimed again\.$/,
      );
      expect(await textOf('[data-testid="timeline"]')).toContain("Revoked by an independent quorum: it confers nothing");
      await shots("revoked-en");
      await inLanguage("zh-CN");
      expect(await textOf('[data-testid="verdict"] h2')).toBe("已撤销登记");
      expect(await textOf('[data-testid="verdict"] .summary')).toContain("不再赋予任何权利，该内容不得再次申请登记。");
      await shots("revoked-zh");

      await open(`/dataset/${revokedChild.datasetId}`);
      await page.waitForSelector('[data-testid="verdict"][data-ancestry-revoked="true"]');
      await page.waitForSelector('[data-testid="timeline"]', attached);
      await inLanguage("zh-CN");
      expect(await status()).toBe("confirmed");
      expect(await textOf('[data-testid="verdict"] h2')).toBe("派生自已撤销的数据");
      expect(await textOf('[data-testid="verdict-notes"]')).toMatch(/^派生自已撤销的数据（0x[0-9a-f]{6}…[0-9a-f]{6}）：在登记机构重新确认之前，不赋予任何权利。$/);
      await shots("revoked-ancestry-zh");
      await inLanguage("en");
      expect(await textOf('[data-testid="verdict"] h2')).toBe("Derived from revoked data");
      expect(await textOf('[data-testid="verdict-notes"]')).toMatch(/^Derived from revoked data \(0x[0-9a-f]{6}…[0-9a-f]{6}\): it confers nothing until a registrar re-confirms it\.$/);
      expect(await textOf('[data-testid="timeline"]')).toContain("Marked as derived from revoked data");
      await shots("revoked-ancestry-en");
    });

    it("shows a disputed dataset with its notice clock paused, each objection and the votes towards the quorum, in both languages", async () => {
      const { disputed } = chain.files;
      await open(`/dataset/${disputed.datasetId}`);
      await page.waitForSelector('[data-testid="verdict"][data-status="disputed"]');
      await page.waitForSelector('[data-testid="timeline"]', attached);
      await inLanguage("en");
      const summary = await textOf('[data-testid="verdict"] .summary');
      expect(summary).toMatch(/but an organisation objects to it\. The notice period is paused, (59 minutes( \d+ seconds)?|1 hour) left, until registrars or regulators independent of everyone involved decide\.$/);
      expect(await textOf('[data-testid="verdict-notes"]')).toMatch(/^Decision pending: 1 of 2 organisations have voted to reject the registration \(Guangzhou Cyberspace Administration \(Guangzhou · 0x[0-9a-fA-F…]+\)\)\.$/);
      const facts = await textOf('[data-testid="facts"]');
      expect(facts).toMatch(/Notice period ends Paused, (59 minutes( \d+ seconds)?|1 hour) left/);
      expect(facts).toContain("Decision votes 1 of 2 organisations");
      const timeline = await textOf('[data-testid="timeline"]');
      expect(timeline).toMatch(/Objection raised by Guangzhou Transport Bureau/);
      expect(timeline).toMatch(/Guangzhou Cyberspace Administration \(Guangzhou · 0x[0-9a-fA-F…]+\) voted to reject the registration \(1 of 2 organisations\)/);
      await shots("disputed-paused-en");
      await inLanguage("zh-CN");
      expect(await textOf('[data-testid="verdict"] .summary')).toMatch(/但有一个机构提出异议。公示期暂停计时（尚余 (59分钟(\d+秒)?|1小时)），待与各方均无关联的登记机构或监管部门裁定。$/);
      expect(await textOf('[data-testid="verdict-notes"]')).toMatch(/^裁定进行中：2 个机构中已有 1 个投票驳回该登记（/);
      expect(await textOf('[data-testid="facts"]')).toMatch(/Guangzhou Transport Bureau（广州 · 0x[0-9a-fA-F…]+）：待裁定/);
      await shots("disputed-paused-zh");
    });
  });

  it("verifies a file against a batch proof on chain, and says when a file is not in it", async () => {
    await verifyFile(chain.batch.member, datasetIdOf({ contentHash: sha256sum(chain.batch.member) }));
    await page.setInputFiles('[data-testid="proofs-input"]', chain.batch.proofsPath);
    await page.waitForFunction(() => (document.getElementById("proofs-text") as HTMLTextAreaElement).value.includes("dpr-batch-proofs/1"));
    await page.click('[data-testid="batch-check"]');
    await page.waitForSelector('[data-testid="batch-verdict"]');
    expect(await page.getAttribute('[data-testid="batch-verdict"]', "data-status")).toBe("verified");
    const facts = await textOf('[data-testid="batch-verdict"] dl');
    expect(facts).toContain(chain.batch.memberPath);
    expect(facts).toContain("广州市卫生健康委员会");
    expect(facts).toContain("Files in the batch 3");
    expect(facts).toContain(chain.batch.manifestURI);
    expect(facts).toContain("Proof checked on chain Holds");
    // The batch's verdict takes the place of the file's own "not registered", above the inputs.
    expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
    expect(await page.getAttribute('[data-section="result"] > .result', "data-replaced-by")).toBe("batch");
    await verdictAboveInputs('[data-testid="batch-verdict"]');
    await layoutShots("batch-verified");

    // A root that was never anchored proves nothing, whatever the proof says.
    const forged = JSON.parse(readFileSync(chain.batch.proofsPath, "utf8")) as { root: string };
    forged.root = `0x${"ab".repeat(32)}`;
    await page.fill('[data-testid="proofs-text"]', JSON.stringify(forged));
    await page.click('[data-testid="batch-check"]');
    await page.waitForSelector('[data-testid="batch-verdict"][data-status="not-anchored"]');

    // Another file is not in these proofs.
    await verifyFile(chain.batch.outsider, chain.files.notice.datasetId);
    await unfold(page, '[data-testid="proofs-text"]');
    await page.fill('[data-testid="proofs-text"]', readFileSync(chain.batch.proofsPath, "utf8"));
    await page.click('[data-testid="batch-check"]');
    await page.waitForSelector('[data-testid="batch-verdict"][data-status="not-in-proofs"]');

    // Something that is not a proofs file is refused before anything is read.
    await page.fill('[data-testid="proofs-text"]', '{"format":"dpr-batch-manifest/1"}');
    await page.click('[data-testid="batch-check"]');
    await page.waitForSelector('[data-testid="batch-error"][data-code="proofs-invalid"]');
  });

  it("renders history, grants, timeline, lineage and registrations from the indexer, which agrees with the chain", async () => {
    const { confirmed, derived, parentA, parentB, disputed } = chain.files;
    await open(`/dataset/${confirmed.datasetId}`);
    await page.waitForSelector('[data-testid="timeline"]', attached);
    expect(await status()).toBe("confirmed");
    expect(await page.locator('[data-testid="indexer-notice"], [data-testid="crosscheck"]').count()).toBe(0);
    // The indexer's trail of a dataset is its own events and its grants' (schema.graphql, Dataset.events):
    // derived.csv's derivation from it is derived.csv's event, and shows in the lineage below.
    const timeline = await textOf('[data-testid="timeline"]');
    for (const line of ["Registered", "Derived from", "by aggregation", "by transformation", "Confirmed by a registrar (1 of 1)", "Cross-border grant 1 issued to Hong Kong Clinical Research Centre", "Grant 1 acknowledged by the regulator"]) {
      expect(timeline).toContain(line);
    }
    expect(await page.getAttribute('[data-testid="grants"]', "data-source")).toBe("indexer");
    const grants = await textOf('[data-testid="grants"] tbody');
    expect(grants).toContain("Hong Kong Clinical Research Centre");
    expect(grants).toContain("GBA standard contract (Hong Kong)");
    await page.waitForSelector('[data-testid="lineage"][data-source="indexer"]', attached);
    const nodes = await page.locator('[data-testid="lineage-graph"] .node-id').allTextContents();
    expect(nodes.sort()).toEqual([parentA, parentB, confirmed, derived].map((f) => `${f.datasetId.slice(0, 8)}…${f.datasetId.slice(-6)}`).sort());
    expect(await textOf(".lineage-lists")).toMatch(/Derived from .*aggregation.*transformation.*Derived into .*transformation/);
    // The registrations list (every dataset the seed registered), and searching it by metadata URI.
    await page.waitForSelector('[data-testid="recent-list"]', attached);
    expect(await page.locator('[data-testid="recent-list"] li').count()).toBe(9);
    await unfold(page, "#recent-search");
    await page.fill("#recent-search", "disputed");
    await page.click("#recent-submit");
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="recent-list"] li').length === 1);
    expect(await textOf('[data-testid="recent-list"]')).toContain(disputed.datasetId.slice(0, 8));
    await shot("details-en");
    await shot("details-en-375px", { phone: true });

    // A link in the lineage opens that dataset without reloading the page.
    await unfold(page, '[data-testid="lineage-graph"]');
    await page.click(`[data-testid="lineage-graph"] a[href^="/dataset/${derived.datasetId}"]`);
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${derived.datasetId}"]`);
    expect(new URL(page.url()).pathname).toBe(`/dataset/${derived.datasetId}`);
    await page.goBack();
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${confirmed.datasetId}"]`);

    // The disputed dataset: the indexer has the objection, and agrees with the chain's status.
    await verifyFile(disputed.path, disputed.datasetId);
    await page.waitForSelector('[data-testid="timeline"]', attached);
    expect(await status()).toBe("disputed");
    expect(await textOf('[data-testid="timeline"]')).toContain("Objection raised");
    expect(await page.locator('[data-testid="indexer-notice"], [data-testid="crosscheck"]').count()).toBe(0);
  });

  it("puts the verdict first as a printable certificate, with the inputs and the long sections folded under their counts, in both languages", async () => {
    const { confirmed } = chain.files;
    // A fresh load: nothing opened by earlier tests.
    await open(`/dataset/${confirmed.datasetId}`);
    await page.waitForSelector('[data-testid="timeline"]', attached);
    await page.waitForSelector('[data-testid="lineage"][data-source="indexer"]', attached);
    await page.waitForSelector('[data-testid="recent-list"]', attached);
    await page.waitForSelector('[data-testid="grants"] [data-check="verified"]', attached);
    await verdictAboveInputs();

    // The certificate: holder, status, confirmations, the dates and the id; a QR code and a link back to
    // this dataset's page on this site, without the connection parameters the address carries.
    const certificate = await textOf('[data-testid="certificate"]');
    expect(certificate).toMatch(
      new RegExp(`^Holder 广州市卫生健康委员会 \\(Guangzhou · 0x[0-9a-fA-F…]+\\) Status Confirmed Confirmations 1 of 1 Registered .+ Notice period ended .+ Confirmed .+ Dataset id ${confirmed.datasetId}$`),
    );
    const back = `${site}/dataset/${confirmed.datasetId}`;
    expect(await page.getAttribute('[data-testid="qr"]', "data-text")).toBe(back);
    expect(await page.getAttribute('[data-testid="back-link"]', "href")).toBe(back);
    expect(await page.locator('[data-testid="qr"] path').getAttribute("d")).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);

    // Folded, each under its count; the inputs under one line.
    const folds = await page.$$eval("[data-fold]", (all) => all.map((d) => ({ name: d.getAttribute("data-fold"), open: (d as HTMLDetailsElement).open, summary: d.querySelector("summary")!.textContent, count: d.getAttribute("data-count") })));
    const byName = Object.fromEntries(folds.map((f) => [f.name, f]));
    for (const name of ["details", "confirmations", "grants", "timeline", "lineage", "recent", "inputs", "batch"]) expect(byName[name]?.open, name).toBe(false);
    expect(byName.grants!.summary).toBe(`Grants (${await page.locator('[data-testid="grants"] tbody tr').count()})`);
    expect(byName.timeline!.summary).toBe(`Timeline (${await page.locator('[data-testid="timeline"] ol.timeline > li').count()})`);
    expect(byName.lineage!.summary).toBe("Lineage (3)");
    expect(byName.recent!.summary).toBe("Recent registrations (9)");
    expect(byName.inputs!.summary).toBe("Verify another file, or look up another id");
    expect(Number(byName.timeline!.count)).toBeGreaterThan(5);
    const en = await layoutShots("outpatient-en");
    // Before this layout the same page was 4,400 px tall on a desktop and 8,100 px on a phone (issue 13, the demo).
    expect(en.desktop).toBeLessThan(2_000);
    expect(en.phone).toBeLessThan(3_000);

    // Printed: the certificate alone.
    await page.emulateMedia({ media: "print" });
    try {
      expect(await page.isVisible('[data-testid="certificate"]')).toBe(true);
      expect(await page.isVisible('[data-testid="qr"]')).toBe(true);
      for (const hidden of ['[data-section="inputs"]', '[data-section="recent"]', "header", '[data-fold="grants"]', '[data-testid="share-link"]']) expect(await page.isVisible(hidden), hidden).toBe(false);
    } finally {
      await page.emulateMedia({ media: "screen" });
    }

    await page.click('[data-testid="language"]');
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    expect(await page.evaluate(untranslatedText)).toEqual([]);
    expect(await page.$eval('[data-fold="grants"] summary', (e) => e.textContent)).toMatch(/^授权（\d+）$/);
    expect(await page.$eval('[data-fold="recent"] summary', (e) => e.textContent)).toBe("最近登记（9）");
    // Names in the reader's language, in full-width brackets.
    expect(await textOf('[data-testid="certificate"]')).toMatch(/^持有方 广州市卫生健康委员会（广州 · 0x[0-9a-fA-F…]+）/);
    await layoutShots("outpatient-zh");
    await unfold(page, '[data-testid="recent-list"]');
    expect(await textOf('[data-testid="recent-list"]')).toMatch(/（广州 · 0x[0-9a-fA-F…]+）/);
    expect(await textOf('[data-testid="recent-list"]')).not.toMatch(/ \(/);
    await page.click('[data-testid="language"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
  });

  it("switches to Simplified Chinese and back, with every visible string translated", async () => {
    const { confirmed } = chain.files;
    await open(`/dataset/${confirmed.datasetId}`);
    await page.waitForSelector('[data-testid="timeline"]', attached);
    await page.waitForSelector('[data-testid="recent-list"]', attached);
    await page.waitForSelector('[data-testid="lineage"][data-source="indexer"]', attached);
    expect(await page.evaluate(untranslatedText)).toEqual([]);

    await page.click('[data-testid="language"]');
    await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
    expect(await textOf('[data-testid="verdict"] h2')).toBe("已登记并已确权");
    expect(await textOf('[data-testid="verdict"] .summary')).toMatch(/持有方为 广州市卫生健康委员会（广州 · 0x.*）。登记机构已确认，公示期已于 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}:\d{2} 结束。/);
    expect(await page.evaluate(untranslatedText)).toEqual([]);
    // The check does see English on the Chinese page (it can fail).
    await page.evaluate(() => document.querySelector("main")!.append(Object.assign(document.createElement("p"), { id: "probe", textContent: "Registered and confirmed" })));
    expect(await page.evaluate(untranslatedText)).toEqual(['<p>: English in Chinese page: "Registered and confirmed"']);
    await page.evaluate(() => document.getElementById("probe")!.remove());
    await shot("details-zh");
    await shot("details-zh-375px", { phone: true });

    // Remembered: a reload stays in Chinese.
    await page.reload();
    await page.waitForSelector('[data-testid="verdict"]');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("zh-CN");
    expect(await textOf('[data-testid="language"]')).toBe("English");

    await page.click('[data-testid="language"]');
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await page.waitForSelector('[data-testid="timeline"]', attached);
    expect(await page.evaluate(untranslatedText)).toEqual([]);
  });

  it("names the chain's value and the indexer's when they disagree, until the indexer catches up", async () => {
    const { derived } = chain.files;
    const before = await chain.publicClient.getBlockNumber();
    await indexedUpTo(before);

    // The indexer loses the chain, and says so; then the regulator freezes a dataset it has indexed as confirmed.
    await chainLink.cut();
    let frozenAt: bigint;
    try {
      await vi.waitFor(async () => expect((await readiness()).reason).toMatch(/^retrying: /), { timeout: 30_000, interval: 50 });
      ({ blockNumber: frozenAt } = await freezeDataset(chain.as("regulator"), { datasetId: derived.datasetId, reasonHash: keccak256(toHex("inspection pending")) }));
      expect(frozenAt).toBe(before + 1n);

      await open(`/dataset/${derived.datasetId}`);
      await page.waitForSelector('[data-testid="crosscheck"]');
      expect(await status()).toBe("frozen");
      expect(await textOf('[data-testid="verdict"] h2')).toBe("Frozen by the regulator");
      const warning = await textOf('[data-testid="crosscheck"]');
      expect(warning).toContain("The indexer disagrees with the chain");
      expect(warning).toContain("Status: the chain says “Frozen”, the indexer says “Confirmed”.");
      expect(warning).toContain(`The indexer has read up to block ${before}; the chain was read at block ${frozenAt}.`);
      expect(warning).toContain("The verdict above is the chain's.");
      // What the indexer shows is its own (stale) record: its timeline has no freeze yet.
      expect(await textOf('[data-testid="timeline"]')).not.toContain("Frozen by the regulator");
      await shot("frozen-indexer-disagrees");
    } finally {
      await chainLink.restore();
    }

    // Back on the chain, the indexer reads the freeze; the page then agrees and shows it in the timeline.
    await indexedUpTo(frozenAt);
    await page.reload();
    await page.waitForSelector('[data-testid="timeline"]', attached);
    expect(await status()).toBe("frozen");
    expect(await page.locator('[data-testid="crosscheck"]').count()).toBe(0);
    expect(await textOf('[data-testid="timeline"]')).toContain("Frozen by the regulator");
    await shot("frozen-indexer-caught-up");
  });

  it("keeps the chain's verdict when the indexer stops mid-session", async () => {
    const { notice, confirmed } = chain.files;
    // The page, its deployment record and GraphQL all come from the indexer's server, through a link that is then cut.
    await open("/", { from: siteLink.url });
    // Hashing once while the server is there loads the hashing worker's script.
    await verifyFile(confirmed.path, confirmed.datasetId);
    await page.waitForSelector('[data-testid="timeline"]', attached);
    await siteLink.cut();
    try {
      await verifyFile(notice.path, notice.datasetId);
      expect(await status()).toBe("notice");
      await page.waitForSelector('[data-testid="indexer-notice"][data-code="graphql-unreachable"]');
      expect(await textOf('[data-testid="indexer-notice"] p')).toBe(
        `The indexer at ${siteLink.url}/graphql cannot be reached, so the history, the list of all grants and the full lineage are not shown. The verdict above comes from the chain and does not depend on the indexer.`,
      );
      expect(await page.locator('[data-testid="timeline"]').count()).toBe(0);
      expect(await page.getAttribute('[data-testid="grants"]', "data-source")).toBe("chain");
      expect(await page.getAttribute('[data-testid="lineage"]', "data-source")).toBe("chain");
      await shot("notice-indexer-stopped");
    } finally {
      await siteLink.restore();
    }
  });

  it("opens shareable addresses: a content hash, and a dataset id", async () => {
    const { notice, disputed } = chain.files;
    await open(`/?hash=${notice.hash}`);
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${notice.datasetId}"]`);
    expect(await status()).toBe("notice");
    await open(`/dataset/${disputed.datasetId}`);
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${disputed.datasetId}"]`);
    expect(await status()).toBe("disputed");
    // The page's share link names the dataset.
    expect(await page.getAttribute('[data-testid="share-link"]', "href")).toMatch(new RegExp(`^/dataset/${disputed.datasetId}\\?`));
  });

  it("refuses a node on another chain than the deployment's, and gives no verdict", async () => {
    await open(`/?hash=${chain.files.confirmed.hash}`, { deployment: OTHER_CHAIN_DEPLOYMENT });
    await page.waitForSelector('[data-testid="chain-error"]');
    expect(await page.getAttribute('[data-testid="chain-error"]', "data-code")).toBe("chain-mismatch");
    expect(await textOf('[data-testid="chain-error"]')).toContain(`The node at ${chain.node.url} is chain 31337, but the deployment record is for chain 1.`);
    expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
    await shot("chain-mismatch");
  });

  it("says so plainly when the chain's node cannot be reached", async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    await open(`/?hash=${chain.files.confirmed.hash}`, { rpc: dead });
    expect(await page.getAttribute('[data-testid="chain-error"]', "data-code")).toBe("rpc-unreachable");
    expect(await textOf('[data-testid="chain-error"] p')).toContain(`The chain's JSON-RPC endpoint at ${dead} cannot be reached.`);
    expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
  });

  it("reads the chain the indexer's server names when neither the address nor the browser names one", async () => {
    const { confirmed } = chain.files;
    // Nothing remembered on the site's origin (earlier tests named the node in the address).
    await page.goto(`${site}/`);
    await page.evaluate(() => localStorage.removeItem("dpr.verifier.settings"));
    await page.goto(`${site}/?hash=${confirmed.hash}`);
    await page.waitForSelector('[data-testid="connection"], [data-testid="chain-error"]');
    expect(await textOf(".connection")).toBe(`Chain 31337, read over ${chain.node.url}`);
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${confirmed.datasetId}"]`);
    expect(await status()).toBe("confirmed");
    // The server's value is not pinned in the browser: the next visit asks the server again.
    expect(await page.evaluate(() => localStorage.getItem("dpr.verifier.settings"))).toBeNull();

    // A server that cannot say (here: no server at all behind the deployment record) does not break the
    // page: it says what it tried, and why.
    const dead = `http://127.0.0.1:${await freePort()}`;
    try {
      await page.goto(`${site}/?deployment=${encodeURIComponent(`${dead}/api/deployment`)}`);
      await page.waitForSelector('[data-testid="chain-error"][data-code="deployment-unreachable"]');
      expect(await textOf('[data-testid="server-settings"][data-kind="failed"]')).toContain(
        `The page could not read the server's settings at ${dead}/api/web-config, so it uses its built-in JSON-RPC endpoint.`,
      );
      await shot("server-settings-unreadable");
    } finally {
      await page.evaluate(() => localStorage.removeItem("dpr.verifier.settings"));
    }
  });

  it("takes a notice period ended by the indexer's clock, not yet by the chain's latest block, for no disagreement", async () => {
    // anvil, an hour behind this machine and mining only on transactions: the dataset's 60 s notice period
    // is over by the wall clock (the indexer's), not by the time of the chain's latest block (the contracts').
    let idle: IdleChain | undefined;
    let idleIndexer: Indexer | undefined;
    try {
      idle = await seedIdleChain();
      idleIndexer = await serveIndexer({ rpcUrl: idle.node.url, deployment: idle.deployment, webRoot: buildDir, publicRpcUrl: idle.node.url });
      const { file, noticeEndsAt } = idle;
      const latest = await idle.publicClient.getBlock();
      expect(latest.timestamp).toBeLessThan(noticeEndsAt);
      const indexed = (await (
        await fetch(`${idleIndexer.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: `{ dataset(id: "${file.datasetId}") { status noticeEndsAt } }` }),
        })
      ).json()) as { data: { dataset: { status: string; noticeEndsAt: string } } };
      expect(indexed.data.dataset).toEqual({ status: "confirmed", noticeEndsAt: String(noticeEndsAt) });

      // Another origin, so nothing remembered: the page also takes the node from this server.
      await page.goto(`${idleIndexer.url}/?hash=${file.hash}`);
      await page.waitForSelector('[data-testid="crosscheck-note"]');
      expect(await status()).toBe("notice");
      expect(await page.locator('[data-testid="crosscheck"]').count()).toBe(0);
      const note = await textOf('[data-testid="crosscheck-note"]');
      expect(note).toMatch(/^The public notice period ended at .+; the chain's clock \(its latest block, \d+, at .+\) has not reached it yet, so the contracts still answer “In notice”\./);
      expect(note).toContain("already says “Confirmed”");
      // The headline never says anyone may object until a time already past: it says the notice ended, and
      // that the chain's next block will show it confirmed (the CLI says the same: cli.chain.test.ts).
      expect(await textOf('[data-testid="verdict"] h2')).toBe("Notice period ended");
      const summary = await textOf('[data-testid="verdict"] .summary');
      expect(summary).toMatch(/Notice ended at .+; the chain will show it confirmed at its next block\.$/);
      expect(summary).not.toContain("anyone may object");
      expect(await textOf('[data-testid="certificate"]')).toMatch(/Status In notice .*Notice period ended /);
      await layoutShots("notice-ended-chain-idle-en");

      await page.click('[data-testid="language"]');
      await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
      expect(await textOf('[data-testid="crosscheck-note"]')).toMatch(/^公示期已于 .+ 结束；区块链的时钟/);
      expect(await textOf('[data-testid="verdict"] h2')).toBe("公示期已结束");
      expect(await textOf('[data-testid="verdict"] .summary')).toMatch(/公示期已于 .+ 结束；区块链将在下一个区块显示其已确权。$/);
      expect(await page.evaluate(untranslatedText)).toEqual([]);
      await layoutShots("notice-ended-chain-idle-zh");
      await page.click('[data-testid="language"]');
      await page.waitForFunction(() => document.documentElement.lang === "en");

      // A block at the end itself: the contracts say confirmed from then on, and there is nothing to note.
      await idle.mineAtNoticeEnd();
      await page.reload();
      await page.waitForSelector('[data-testid="verdict"][data-status="confirmed"]');
      await page.waitForSelector('[data-testid="timeline"]', attached);
      expect(await page.locator('[data-testid="crosscheck-note"], [data-testid="crosscheck"]').count()).toBe(0);
    } finally {
      await idleIndexer?.stop();
      await idle?.stop();
    }
  }, 180_000);

  it("changes the connection in the settings panel, refusing what is not an http(s) URL", async () => {
    await open("/", { graphql: deadGraphql });
    await page.click("#settings-toggle");
    await page.fill("#settings-rpc", "ftp://127.0.0.1:8545");
    await page.click("#settings-save");
    await page.waitForSelector("#settings-rpc-error");
    expect(await textOf("#settings-rpc-error")).toBe("Not an http(s) URL: ftp://127.0.0.1:8545");
    expect(await page.getAttribute("#settings-rpc", "aria-invalid")).toBe("true");
    // Nothing changed: still connected to the same node, nothing remembered (the address's values never are).
    expect(await textOf('[data-testid="connection"]')).toBe(`Chain 31337, read over ${chain.node.url}`);
    expect(await page.evaluate(() => localStorage.getItem("dpr.verifier.settings"))).toBeNull();

    // A valid change is saved, remembered and used: a node that is down.
    const dead = `http://127.0.0.1:${await freePort()}`;
    await page.fill("#settings-rpc", dead);
    await page.click("#settings-save");
    await page.waitForSelector('[data-testid="chain-error"][data-code="rpc-unreachable"]');
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem("dpr.verifier.settings")!).rpcUrl)).toBe(dead);
    await page.fill("#settings-rpc", chain.node.url);
    await page.click("#settings-save");
    await page.waitForSelector('[data-testid="connection"]');

    // A bad value in the address is ignored, and said so.
    await page.goto(`${site}/?rpc=javascript:alert(1)`);
    await page.waitForSelector('[data-testid="connection"]');
    expect(await textOf(".banner.warning")).toBe("Ignored a setting in the address that is not an http(s) URL (rpc): javascript:alert(1)");
  });

  it("says what is wrong with a malformed id or hash, and reads nothing", async () => {
    await open("/dataset/0x1234");
    await page.waitForSelector('[data-testid="result-error"]');
    expect(await page.getAttribute('[data-testid="result-error"]', "data-code")).toBe("invalid-dataset-id");
    expect(await textOf('[data-testid="result-error"]')).toBe("Not a dataset id: 0x1234. A dataset id is 0x followed by 64 hex digits.");
    await page.fill("#lookup-value", "0xnot-a-hash");
    await page.click("#lookup-submit");
    await page.waitForSelector('[data-testid="result-error"][data-code="invalid-hash"]');
    expect(new URL(page.url()).pathname).toBe("/dataset/0x1234");
    expect(await page.locator('[data-testid="verdict"]').count()).toBe(0);
  });

  it("works from the keyboard: the drop zone is an early Tab stop that opens the file chooser", async () => {
    await open("/");
    let steps = 0;
    while ((await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)) !== "file-input") {
      await page.keyboard.press("Tab");
      if (++steps > 8) throw new Error("the file input is not among the first 8 Tab stops");
    }
    // The focus ring shows on the drop zone (the label) while the hidden input has focus.
    expect(await page.evaluate(() => getComputedStyle(document.getElementById("dropzone")!).outlineStyle)).toBe("solid");
    const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.keyboard.press("Space")]);
    await chooser.setFiles(chain.files.confirmed.path);
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${chain.files.confirmed.datasetId}"]`);
    // The verdict's heading takes the focus, so keyboard and screen-reader users land on it.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("verdict-title");
  });

  it("fits a 375 px wide screen without sideways scrolling", async () => {
    await page.setViewportSize(PHONE);
    try {
      await open(`/dataset/${chain.files.confirmed.datasetId}`);
      await page.waitForSelector('[data-testid="lineage"]', attached);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it("never sent a file anywhere, and threw no error", () => {
    // The largest request body is a GraphQL query or a JSON-RPC call, far below the smallest file's size.
    expect(largestUpload).toBeGreaterThan(0);
    expect(largestUpload).toBeLessThan(8 * 1024);
    // Whatever the page sent is a GraphQL query or a JSON-RPC call, nothing else.
    const kind = (r: (typeof sent)[number]) => {
      const body = JSON.parse(r.body ?? "null") as unknown;
      const calls = Array.isArray(body) ? body : [body];
      if (new URL(r.url).pathname === "/graphql" && typeof (body as { query?: unknown } | null)?.query === "string") return "graphql";
      if (calls.length > 0 && calls.every((c) => (c as { jsonrpc?: unknown } | null)?.jsonrpc === "2.0")) return "json-rpc";
      return `${r.method} ${r.url}`;
    };
    expect(new Set(sent.map(kind))).toEqual(new Set(["graphql", "json-rpc"]));
    // And the indexer's server was asked.
    expect(sent.some((r) => r.url === `${site}/graphql`)).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
