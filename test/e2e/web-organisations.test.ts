/**
 * Organisations hold, accounts act (issue 16 part 3), on the web verifier in real headless Chromium against
 * a real `hardhat node` and the real indexer serving the page, as in production.
 *
 * The City Health Commission is onboarded (its first account names it), designates a key, and the key adds
 * its records office as an officer. The officer registers a file: the page shows the commission as holder
 * and the officer as the account that registered, on the registration line and in the timeline. Then the
 * key removes the officer and the onboarding office removes the commission's founding account: the officer
 * is marked removed wherever it is named, the commission keeps its name (only its founding account is
 * marked). Then the zone is paused (the page says until when, the verdict unchanged), and migrated (the
 * successor's directory is named as text, not a link).
 *
 * Screenshots of each state at 1280 and 390 px, in English and Chinese, go to DPR_SHOTS_DIR (else test-output/web).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, startChain } from "@dpr/devnet";
import type { Indexer } from "@dpr/indexer";
import {
  type Deployment,
  type DprContext,
  addOfficer,
  addParticipant,
  attestOrganisationName,
  confirmDataset,
  deployContracts,
  migrateZone,
  pauseZone,
  registerDataset,
  removeParticipant,
  setOrganisationKey,
} from "@dpr/sdk";
import { hashFile } from "@dpr/sdk/node";
import { type BrowserContext, type Page, chromium } from "playwright-core";
import { type Address, type Hex, createPublicClient, createWalletClient, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, CHROMIUM_ARGS, buildPage, haveChromium, serveIndexer, unfold } from "./web/page.js";
import { untranslatedText } from "./web/translation.js";

const chromiumHere = haveChromium("web organisations e2e");
const screenshots = process.env.DPR_SHOTS_DIR ?? join(__dirname, "../../test-output/web");
const ZONE_SECRET = `0x${"5a".repeat(32)}` as const;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const nameUri = (name: string) => `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify({ name }))}`;
/** Where the zone moves: the successor's directory (any address will do; the page only names it). */
const SUCCESSOR: Address = "0x1234567890AbcdEF1234567890aBcdef12345678";

describe.skipIf(!chromiumHere)("organisations and officers on the web verifier", () => {
  let node: DevChain;
  let deployment: Deployment;
  let indexer: Indexer;
  let context: BrowserContext;
  let page: Page;
  let buildDir: string;
  let profileDir: string;
  let dataDir: string;
  let as: (index: number) => DprContext;
  let datasetId: Hex;
  const pageErrors: string[] = [];
  const account = (index: number) => privateKeyToAccount(devAccount(index).privateKey).address;
  const ADMIN = 0;
  const REGISTRAR = 1;
  /** The commission's first account: its address is the organisation. */
  const COMMISSION = 4;
  /** The commission's designated key, which adds and removes its officers. */
  const KEY = 5;
  /** The records office: an officer account of the commission. */
  const OFFICER = 6;

  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), "dpr-web-org-build-"));
    profileDir = mkdtempSync(join(tmpdir(), "dpr-web-org-profile-"));
    dataDir = mkdtempSync(join(tmpdir(), "dpr-web-org-data-"));
    mkdirSync(screenshots, { recursive: true });
    const built = buildPage(buildDir);
    node = await startChain({ kind: "hardhat" });
    const transport = http(node.url, { retryCount: 2, retryDelay: 50 });
    const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 50, cacheTime: 0 });
    const wallet = (index: number) => createWalletClient({ chain: hardhat, transport, account: privateKeyToAccount(devAccount(index).privateKey) });
    const { contracts, deploymentBlock, chainId } = await deployContracts(wallet(ADMIN), publicClient, { noticePeriod: 3600 });
    deployment = { format: "dpr-deployment/1", chainId, contracts, deploymentBlock, noticePeriod: 3600n, zoneAdmin: account(ADMIN), deployedAt: new Date().toISOString() };
    as = (index) => ({ publicClient, walletClient: wallet(index), deployment });

    const commission = account(COMMISSION);
    await addParticipant(as(ADMIN), { account: commission, jurisdiction: "GZ", roles: ["HOLDER"], legalIdentity: "legal-id:commission", zoneSecret: ZONE_SECRET, metadataURI: nameUri("City Health Commission") });
    await attestOrganisationName(as(ADMIN), { organisation: commission, name: { en: "City Health Commission", "zh-CN": "市卫生健康委员会" } });
    await addParticipant(as(ADMIN), { account: account(REGISTRAR), jurisdiction: "GZ", roles: ["REGISTRAR"], legalIdentity: "legal-id:exchange", zoneSecret: ZONE_SECRET, metadataURI: nameUri("Guangzhou Data Exchange") });
    await attestOrganisationName(as(ADMIN), { organisation: account(REGISTRAR), name: "Guangzhou Data Exchange" });
    await setOrganisationKey(as(ADMIN), { organisation: commission, key: account(KEY) });
    await addOfficer(as(KEY), { organisation: commission, account: account(OFFICER), roles: ["HOLDER"], metadataURI: nameUri("Records Office") });

    const path = join(dataDir, "births-2026.csv");
    writeFileSync(path, "district,births\nYuexiu,1204\nTianhe,2310\n");
    const { hash } = await hashFile(path);
    ({ datasetId } = await registerDataset(as(OFFICER), { contentHash: hash, category: "public", grade: "general", sector: "health", jurisdiction: "GZ" }));
    await confirmDataset(as(REGISTRAR), { datasetId });

    await built;
    indexer = await serveIndexer({ rpcUrl: node.url, deployment, webRoot: buildDir, publicRpcUrl: node.url });
    context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: DESKTOP, locale: "en-US", timezoneId: "Asia/Shanghai" });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(30_000);
    page.on("pageerror", (error) => pageErrors.push(error.message));
  }, 300_000);

  afterAll(async () => {
    await context?.close();
    await indexer?.stop();
    await node?.stop();
    for (const dir of [buildDir, profileDir, dataDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** The dataset's page, read afresh, with the indexer's trail loaded (the timeline's registration is there). */
  const openDataset = async () => {
    await page.goto(`${indexer.url}/dataset/${datasetId}`);
    await page.waitForSelector(`[data-testid="verdict"][data-dataset-id="${datasetId.toLowerCase()}"]`);
    await page.waitForSelector('[data-fold="timeline"]', { state: "attached" });
  };
  const textOf = async (selector: string) => {
    await unfold(page, selector);
    return (await page.innerText(selector)).replace(/\s+/g, " ").trim();
  };
  /** The "Registered by" line of the details. */
  const registrationLine = async () => {
    const facts = page.locator('[data-fold="details"] .fact');
    await unfold(page, '[data-fold="details"] .fact');
    const line = facts.filter({ has: page.locator("dt", { hasText: /^(Registered by|登记方)$/ }) });
    return (await line.innerText()).replace(/\s+/g, " ").trim();
  };
  const timelineRegistration = async () => {
    await unfold(page, '[data-fold="timeline"] li');
    return (await page.locator('[data-fold="timeline"] li').first().innerText()).replace(/\s+/g, " ").trim();
  };
  const inLanguage = async (lang: "en" | "zh-CN") => {
    if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
      await page.click('[data-testid="language"]');
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    }
  };
  /** Both languages, 1280 and 390 px wide, no sideways scrolling on the phone; every visible string in the page's language. */
  const shots = async (name: string) => {
    for (const lang of ["en", "zh-CN"] as const) {
      await inLanguage(lang);
      await unfold(page, '[data-fold="details"] .fact');
      await unfold(page, '[data-fold="timeline"] li');
      expect(await page.evaluate(untranslatedText)).toEqual([]);
      await page.screenshot({ path: join(screenshots, `organisations-${name}-${lang}-1280px.png`), fullPage: true });
      await page.setViewportSize(PHONE);
      try {
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
        await page.screenshot({ path: join(screenshots, `organisations-${name}-${lang}-390px.png`), fullPage: true });
      } finally {
        await page.setViewportSize(DESKTOP);
      }
    }
    await inLanguage("en");
  };

  it("shows the organisation as holder and the officer that registered for it", async () => {
    await openDataset();
    expect(await page.getAttribute('[data-testid="verdict"]', "data-status")).toBe("notice");
    const holder = await textOf('[data-testid="certificate"]');
    expect(holder).toContain("City Health Commission");
    expect(holder).toContain(account(COMMISSION).slice(0, 8));
    const line = await registrationLine();
    expect(line).toMatch(/^Registered by .*Records Office.*, an officer of City Health Commission/);
    expect(line).toContain(account(OFFICER).slice(0, 8));
    expect(line).not.toContain("removed");
    expect(await timelineRegistration()).toMatch(/Records Office.*, an officer of City Health Commission/);
    expect(await page.locator('[data-testid="zone-notice"]').count()).toBe(0);
    await shots("officer");
    await inLanguage("zh-CN");
    expect(await registrationLine()).toMatch(/^登记方.*Records Office.*市卫生健康委员会.*的经办账户$/);
    await inLanguage("en");
  });

  it("marks a removed officer, and keeps the organisation's name when its founding account is removed", async () => {
    await removeParticipant(as(KEY), { account: account(OFFICER) });
    await removeParticipant(as(ADMIN), { account: account(COMMISSION) });
    await openDataset();
    const line = await registrationLine();
    // The officer acted then; it is no officer now.
    expect(line).toMatch(/Records Office.* — removed on .*, then an officer of City Health Commission/);
    expect(line).not.toMatch(/, an officer of/);
    expect(await timelineRegistration()).toMatch(/Records Office.* — removed on .*, then an officer of/);
    // The commission still holds, under its name; only its founding account is marked.
    const certificate = await textOf('[data-testid="certificate"]');
    expect(certificate).toContain("City Health Commission");
    expect(certificate).toContain("its founding account was removed on");
    expect(await page.locator('[data-testid="certificate"] [data-removed="founder"]').count()).toBeGreaterThan(0);
    // Only the holder line says so: the sentences name the organisation, which stands.
    expect(await page.innerText('[data-testid="verdict"] .summary')).not.toContain("founding account");
    expect(line).toMatch(/then an officer of City Health Commission \(Guangzhou · 0x[0-9a-fA-F]+…[0-9a-fA-F]+\)$/);
    expect(await page.locator('[data-removed="account"]').count()).toBeGreaterThan(0);
    // The verdict is the chain's, unchanged by the removals.
    expect(await page.getAttribute('[data-testid="verdict"]', "data-status")).toBe("notice");
    await shots("removed");
    await inLanguage("zh-CN");
    expect(await registrationLine()).toContain("移除");
    expect(await textOf('[data-testid="certificate"]')).toContain("其创始账户已于");
    await inLanguage("en");
  });

  it("says while the zone is paused that new registrations and grants are refused until its end, the verdict unaffected", async () => {
    const { until } = await pauseZone(as(ADMIN), { duration: 86_400 });
    await openDataset();
    const notice = page.locator('[data-testid="zone-notice"][data-zone="paused"]');
    await notice.waitFor();
    const text = (await notice.innerText()).replace(/\s+/g, " ");
    expect(text).toMatch(/^This registry is paused until .*: until then it refuses new registrations and grants\. The verdicts of existing records are unaffected\.$/);
    expect(await notice.locator("time").getAttribute("datetime")).toBe(new Date(until * 1000).toISOString());
    expect(await page.getAttribute('[data-testid="verdict"]', "data-status")).toBe("notice");
    await shots("paused");
    await inLanguage("zh-CN");
    expect(await notice.innerText()).toMatch(/^本登记系统暂停至.*：在此之前不受理新的登记和授权。/);
    await inLanguage("en");
  });

  it("names a migrated zone's successor as text, never a link to another deployment", async () => {
    await migrateZone(as(ADMIN), { successor: SUCCESSOR });
    await openDataset();
    const notice = page.locator('[data-testid="zone-notice"][data-zone="migrated"]');
    await notice.waitFor();
    expect((await notice.innerText()).replace(/\s+/g, " ")).toContain(`The successor’s participant directory is ${SUCCESSOR}.`);
    // As text: no link in the notice, none anywhere on the page that names the successor.
    expect(await notice.locator("a").count()).toBe(0);
    expect(await notice.locator("code").innerText()).toBe(SUCCESSOR);
    const hrefs = await page.$$eval("a[href]", (links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.filter((href) => href.toLowerCase().includes(SUCCESSOR.toLowerCase()))).toEqual([]);
    // Still paused: both are told, the migration first.
    expect(await page.$$eval('[data-testid="zone-notice"]', (els) => els.map((e) => e.getAttribute("data-zone")))).toEqual(["migrated", "paused"]);
    expect(await page.getAttribute('[data-testid="verdict"]', "data-status")).toBe("notice");
    await shots("migrated");
    expect(pageErrors).toEqual([]);
  });
});
