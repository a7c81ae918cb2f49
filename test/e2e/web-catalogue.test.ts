/**
 * The page's directory of data resources (`/catalogue`) end to end, in real headless Chromium against a
 * `hardhat node` seeded with the pilot-zone story (scripts/demo/seed.ts: every dataset registered with its
 * demo/metadata document's hash and border conditions) and the real indexer following it, which reads
 * those documents from `demo/metadata` (`--metadata-dir`). The page is built with Vite and served by the
 * indexer's own server under its Content-Security-Policy, as strict as it is by default.
 *
 * A reader searches in Chinese and in English, narrows the list with a filter and goes Back; a search
 * crafted as markup is shown as text and runs nothing; nothing breaks the policy.
 *
 * Screenshots (390 and 1280 px wide, English and Chinese) go to DPR_SHOTS_DIR, else test-output/web/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, startChain } from "@dpr/devnet";
import { type Indexer, createIndexer } from "@dpr/indexer";
import { quietLogger } from "@dpr/indexer/testing";
import { type Browser, type Page, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoClients, deployDemo } from "../../scripts/demo/clients.js";
import { type DemoRecord, seedDemo } from "../../scripts/demo/seed.js";
import { CHROMIUM, CHROMIUM_ARGS, buildPage, haveChromium } from "./web/page.js";

const chromiumHere = haveChromium("web catalogue e2e");

const repoRoot = join(__dirname, "../..");
const screenshots = process.env.DPR_SHOTS_DIR ?? join(repoRoot, "test-output/web");

/** What the browser reported: policy violations, console errors, uncaught errors and dialogs (an alert would be a script run). */
interface Reports {
  violations: string[];
  errors: string[];
  dialogs: string[];
}

describe.skipIf(!chromiumHere)("the directory of data resources in Chromium", () => {
  let chain: DevChain;
  let record: DemoRecord;
  let indexer: Indexer;
  let site: string;
  let browser: Browser;
  let buildDir: string;

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), "dpr-web-catalogue-build-"));
    mkdirSync(screenshots, { recursive: true });
    const seed = async () => {
      chain = await startChain({ kind: "hardhat" });
      const clients = demoClients(chain.url);
      const deployment = await deployDemo(clients);
      record = await seedDemo({ ...clients, deployment, demoDir: join(repoRoot, "demo") });
      return deployment;
    };
    const [deployment] = await Promise.all([seed(), buildPage(buildDir)]);
    indexer = await createIndexer({
      rpcUrl: chain.url,
      deployment,
      webRoot: buildDir,
      publicRpcUrl: chain.url,
      // The policy as strict as it is by default: this origin and the public node only.
      webConnectSrc: [],
      metadataDirs: [join(repoRoot, "demo/metadata")],
      dataDir: "memory://",
      port: 0,
      host: "127.0.0.1",
      finalityDepth: 0,
      headStallTimeoutMs: 0,
      pollIntervalMs: 50,
      logger: quietLogger,
    });
    await indexer.start();
    await indexer.ready();
    site = indexer.url!;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await indexer?.stop();
    await chain?.stop();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh page that records every report against the policy (as web-csp.test.ts does), errors and dialogs. */
  const newPage = async (options: { width?: number; locale?: string } = {}): Promise<{ page: Page; reports: Reports }> => {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, locale: options.locale ?? "en-US" });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const reports: Reports = { violations: [], errors: [], dialogs: [] };
    page.on("console", (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) reports.violations.push(message.text());
      else if (message.type() === "error") reports.errors.push(message.text());
    });
    page.on("pageerror", (error) => reports.errors.push(`uncaught: ${error.message}`));
    page.on("dialog", (dialog) => {
      reports.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.exposeFunction("reportViolation", (text: string) => reports.violations.push(`event: ${text}`));
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.effectiveDirective} refused ${event.blockedURI}`);
      });
    });
    return { page, reports };
  };

  /** Waits for the list to show the address's search: the count shown, and no read under way. */
  const settled = async (page: Page) => {
    await page.waitForFunction(() => {
      const results = document.getElementById("catalogue-results");
      return results?.getAttribute("aria-busy") === "false" && document.querySelector('[data-testid="catalogue-count"]') !== null;
    });
    const count = Number(await page.getAttribute('[data-testid="catalogue-count"]', "data-count"));
    const ids = await page.$$eval('[data-testid="catalogue-entry"]', (entries) => entries.map((e) => e.getAttribute("data-dataset-id")));
    return { count, ids };
  };

  /** Types into the search box and waits until the address and the list follow it. */
  const search = async (page: Page, words: string) => {
    await page.fill("#catalogue-q", words);
    await page.waitForFunction((q) => new URL(location.href).searchParams.get("q") === q, words);
    return settled(page);
  };

  const id = (key: keyof DemoRecord["datasets"]) => record.datasets[key].datasetId.toLowerCase();
  const outpatient = () => [id("outpatient"), id("outpatientDeidentified"), id("waitingTimes")].sort();

  it("finds the outpatient data by a Chinese and an English search, Back returning to the previous list", async () => {
    const { page, reports } = await newPage();
    try {
      await page.goto(`${site}/catalogue`);
      const all = await settled(page);
      expect(all.count).toBeGreaterThan(8);
      // The header links the directory, marked as the current page.
      expect(await page.getAttribute("#nav-catalogue", "aria-current")).toBe("page");

      const chinese = await search(page, "门诊");
      // The outpatient records, their de-identified statistics, the waiting times and the vaccination clinics (接种门诊).
      expect(chinese.ids.sort()).toEqual([...outpatient(), id("vaccinationSites")].sort());
      expect(chinese.count).toBe(4);

      const english = await search(page, "outpatient");
      expect(english.ids.sort()).toEqual(outpatient());
      const titles = await page.$$eval('[data-testid="catalogue-title"]', (t) => t.map((e) => e.textContent));
      expect(titles).toContain("Outpatient visits, 2025 Q1 (personal data)");

      // The personal outpatient records, in plain words, with the holder's own instructions and its measures.
      const entry = page.locator(`[data-testid="catalogue-entry"][data-dataset-id="${id("outpatient")}"]`);
      const words = (await entry.innerText()).replace(/\s+/g, " ");
      expect(words).toContain("Conditional: the holder decides each application");
      expect(words).toContain("Rights that may be granted: Processing and use");
      expect(words).toContain("Grantees may be in the data's region or anywhere in the Greater Bay Area");
      expect(words).toContain("Academic research (201)");
      expect(words).toContain("Longest grant term: 1 year");
      expect(words).toContain("Send a statement of purpose to the commission's Chief Data Officer's office");
      expect(words).toContain("A personal information protection impact assessment");
      expect(await entry.getAttribute("data-document-status")).toBe("verified");

      // Typing made one history entry: Back returns to the whole directory, and the box shows it.
      await page.goBack();
      await page.waitForFunction(() => !new URL(location.href).searchParams.has("q"));
      expect((await settled(page)).count).toBe(all.count);
      expect(await page.inputValue("#catalogue-q")).toBe("");
      await page.goForward();
      await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "outpatient");
      expect((await settled(page)).ids.sort()).toEqual(outpatient());
      expect(await page.inputValue("#catalogue-q")).toBe("outpatient");

      // An entry links to its dataset's page, which the verifier answers from the chain.
      await entry.locator("h3 a").click();
      await page.waitForURL(`**/dataset/${id("outpatient")}`);
      await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${id("outpatient")}"]`);
      expect(reports).toEqual({ violations: [], errors: [], dialogs: [] });
    } finally {
      await page.context().close();
    }
  });

  it("narrows the list and the counts by a filter, and Back undoes it", async () => {
    const { page, reports } = await newPage();
    try {
      await page.goto(`${site}/catalogue`);
      const all = await settled(page);
      const healthOption = (await page.textContent('#catalogue-sector option[value="health"]'))!;
      const healthCount = Number(/\((\d+)\)/.exec(healthOption)![1]);
      expect(healthCount).toBeGreaterThan(0);
      expect(healthCount).toBeLessThan(all.count);

      await page.selectOption("#catalogue-sector", "health");
      await page.waitForURL(/sector=health/);
      const health = await settled(page);
      expect(health.count).toBe(healthCount);
      expect(health.ids).toHaveLength(healthCount);
      // Every entry is health data, and the other sectors count nothing now.
      expect(await page.textContent('#catalogue-sector option[value="finance"]')).toBe("Finance (0)");

      // A second filter narrows it further: conditional health data that a Hong Kong organisation may be granted.
      await page.selectOption("#catalogue-openness", "conditional");
      await page.waitForURL(/openness=conditional/);
      await page.selectOption("#catalogue-region", "hk");
      await page.waitForURL(/region=hk/);
      const narrow = await settled(page);
      expect(narrow.ids.sort()).toEqual([id("outpatient"), id("outpatientDeidentified")].sort());
      expect(await page.inputValue("#catalogue-region")).toBe("hk");

      await page.goBack();
      await page.waitForFunction(() => !new URL(location.href).searchParams.has("region"));
      expect(await page.inputValue("#catalogue-region")).toBe("");
      expect(await page.inputValue("#catalogue-openness")).toBe("conditional");

      // Not-open data says nothing can be granted, whatever its document says of applying.
      await page.goto(`${site}/catalogue?openness=not-open`);
      const closed = await settled(page);
      expect(closed.ids).toContain(id("pathogen"));
      const howTo = await page.locator(`[data-testid="catalogue-entry"][data-dataset-id="${id("pathogen")}"] [data-testid="catalogue-howto"]`).innerText();
      expect(howTo).toContain("Nothing can be granted on this data: it is not open.");

      // A filter value no filter knows is dropped, and the page says so.
      await page.goto(`${site}/catalogue?sector=weather`);
      expect((await settled(page)).count).toBe(all.count);
      expect(await page.textContent('[role="alert"]')).toContain("weather");
      expect(reports).toEqual({ violations: [], errors: [], dialogs: [] });
    } finally {
      await page.context().close();
    }
  });

  it("shows a search crafted as markup as text, and runs nothing", async () => {
    const { page, reports } = await newPage();
    try {
      const crafted = "<img src=x onerror=alert(1)>";
      await page.goto(`${site}/catalogue?q=${encodeURIComponent(crafted)}`);
      const found = await settled(page);
      expect(found.count).toBe(0);
      expect(await page.isVisible('[data-testid="catalogue-empty"]')).toBe(true);
      expect(await page.inputValue("#catalogue-q")).toBe(crafted);
      // Typed again, with more: still text.
      await search(page, `${crafted} <script>alert(2)</script>`);
      expect(await page.$$eval("main img, main script", (found) => found.length)).toBe(0);
      expect(reports).toEqual({ violations: [], errors: [], dialogs: [] });
    } finally {
      await page.context().close();
    }
  });

  it("reads in Chinese, and is laid out at 390 and 1280 pixels (screenshots)", async () => {
    for (const width of [390, 1280]) {
      for (const lang of ["en", "zh-CN"] as const) {
        const { page, reports } = await newPage({ width, locale: lang === "en" ? "en-US" : "zh-CN" });
        try {
          await page.goto(`${site}/catalogue?q=${encodeURIComponent(lang === "en" ? "outpatient" : "门诊")}&lang=${lang}`);
          await settled(page);
          if (lang === "zh-CN") {
            const words = (await page.locator(`[data-testid="catalogue-entry"][data-dataset-id="${id("outpatient")}"]`).innerText()).replace(/\s+/g, " ");
            expect(words).toContain("2025年第一季度门诊就诊记录（含个人信息）");
            expect(words).toContain("有条件开放：由持有方逐项审核申请");
            expect(words).toContain("被授权方可位于数据所在地区或粤港澳大湾区内任何地方");
            expect(words).toContain("授权期限最长为1年");
          }
          // Nothing wider than the window.
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
          await page.screenshot({ path: join(screenshots, `catalogue-${width}-${lang}.png`), fullPage: true });
          await page.screenshot({ path: join(screenshots, `catalogue-${width}-${lang}-top.png`) });
          await page.locator(`[data-testid="catalogue-entry"][data-dataset-id="${id("outpatient")}"]`).screenshot({ path: join(screenshots, `catalogue-${width}-${lang}-entry.png`) });
          expect(reports).toEqual({ violations: [], errors: [], dialogs: [] });
        } finally {
          await page.context().close();
        }
      }
    }
  });

  it("names the datasets a verdict mentions by their titles: its parent, its previous version, its trail and lineage", async () => {
    const loanBook = id("smeLoanBook");
    for (const [locale, parentTitle, previousTitle] of [
      ["en-US", "SME loan book, second half of 2024", "Metro ridership by line, January 2025"],
      ["zh-CN", "2024年下半年小微企业贷款台账", "2025年1月地铁线网客流"],
    ] as const) {
      const { page, reports } = await newPage({ width: 390, locale });
      try {
        // Derived from the revoked loan book: the note, the facts, the timeline and the lineage name it by its title.
        await page.goto(`${site}/dataset/${id("smeDefaultRates")}`);
        await page.waitForSelector('[data-testid="verdict"][data-ancestry-revoked="true"]');
        await page.waitForSelector(`[data-testid="verdict-notes"] .dataset-ref[data-dataset-id="${loanBook}"]`);
        const ref = page.locator(`[data-testid="verdict-notes"] .dataset-ref[data-dataset-id="${loanBook}"]`);
        expect(await ref.textContent()).toBe(parentTitle);
        // The full id stays reachable, and the link still opens the parent's page.
        expect(await ref.getAttribute("title")).toBe(loanBook);
        expect(await ref.getAttribute("href")).toBe(`/dataset/${loanBook}`);
        const named = await page.$$eval(`.dataset-ref[data-dataset-id="${loanBook}"]`, (refs) => refs.map((r) => r.closest("[data-testid]")?.getAttribute("data-testid")));
        expect(named).toEqual(expect.arrayContaining(["verdict-notes", "facts", "timeline"]));
        // One line, cut with an ellipsis where it does not fit.
        expect(await page.$eval(".dataset-title", (t) => [getComputedStyle(t).whiteSpace, getComputedStyle(t).textOverflow])).toEqual(["nowrap", "ellipsis"]);

        // A second version names the first by its title.
        await page.goto(`${site}/dataset/${id("metroRev2")}`);
        // In the details, folded: there, not necessarily on screen.
        await page.waitForSelector(`[data-testid="facts"] .dataset-ref[data-dataset-id="${id("metro")}"]`, { state: "attached" });
        expect(await page.textContent(`[data-testid="facts"] .dataset-ref[data-dataset-id="${id("metro")}"]`)).toBe(previousTitle);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        expect(reports).toEqual({ violations: [], errors: [], dialogs: [] });
      } finally {
        await page.context().close();
      }
    }
  });
});
