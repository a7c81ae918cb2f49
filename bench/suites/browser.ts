/**
 * Issue 7, item 6: the web verifier (packages/web, built with its own Vite) hashing a large file in
 * headless Chromium (Debian's /usr/bin/chromium through playwright-core), against `dpr hash` on the
 * same file.
 *
 * The page's time runs, on the page's own clock, from the file input's `change` event to the moment the
 * content hash is shown (the page hashes in a Web Worker with hash-wasm, streaming the file), so the
 * DevTools protocol's overhead is left out. The page is served as the indexer serves it, pointed at the
 * seeded chain (and at the indexer when one runs). The build is cached in the temporary folder, keyed
 * by the sources it is built from, because building takes longer than the whole `--quick` budget allows.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { serializeDeployment } from "@dpr/sdk";
import { chromium } from "playwright-core";
import { SkipSuite, type SuiteContext, type SuiteOutput } from "../lib/context.js";
import { REPO } from "../lib/indexer.js";
import { childEnv, onInterrupt, timeCommand } from "../lib/processes.js";
import { type Figure, figure, median, round } from "../lib/results.js";
import { serveStatic } from "../lib/staticServer.js";
import { writeRandomFile } from "../lib/files.js";

const CHROMIUM = "/usr/bin/chromium";
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const WEB = join(REPO, "packages/web");
const MiB = 1024 * 1024;

export async function browser(ctx: SuiteContext): Promise<SuiteOutput> {
  if (!existsSync(CHROMIUM)) throw new SkipSuite(`${CHROMIUM} is missing (apt-get install -y chromium)`);
  if (!existsSync(join(WEB, "index.html"))) throw new SkipSuite("packages/web has no index.html: the web verifier is not there to measure");
  const bytes = ctx.options.quick ? 32 * MiB : 256 * MiB;
  const repeats = ctx.options.quick ? 1 : 3;
  const root = await buildPage(ctx);
  const seeded = await ctx.fixture.seeded();
  const indexer = ctx.fixture.running("pglite");

  const dir = mkdtempSync(join(tmpdir(), "dpr-bench-browser-"));
  const cleanups: (() => Promise<void>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  const unregister = onInterrupt(async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  });
  try {
    const file = join(dir, "file.bin");
    const empty = join(dir, "empty.bin");
    writeRandomFile(file, bytes);
    writeRandomFile(empty, 0);
    const expected = `0x${createHash("sha256").update(readFileSync(file)).digest("hex")}`;

    const server = await serveStatic(root, { "/api/deployment": serializeDeployment(seeded.story.deployment) });
    cleanups.push(() => server.stop());
    const context = await chromium.launchPersistentContext(join(dir, "profile"), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    const query = new URLSearchParams({
      rpc: seeded.chain.url,
      // Without a running indexer the page says the indexer is unreachable; hashing does not need it.
      graphql: indexer ? `${indexer.url}/graphql` : "http://127.0.0.1:9/graphql",
      deployment: "/api/deployment",
    });

    const pageSeconds: number[] = [];
    const outerSeconds: number[] = [];
    ctx.log(`browser: hashing ${bytes / MiB} MiB in Chromium ${context.browser()?.version() ?? ""} (${repeats}×)`);
    for (let i = 0; i < repeats; i++) {
      await page.goto(`${server.url}/?${query}`);
      await page.waitForSelector('[data-testid="file-input"]', { state: "attached", timeout: 60_000 });
      // Timestamps on the page's clock: the input's change event, and the content hash appearing.
      await page.evaluate(() => {
        const w = window as unknown as { benchStart?: number; benchEnd?: number };
        document.addEventListener("change", () => (w.benchStart ??= performance.now()), { capture: true });
        new MutationObserver(() => {
          if (w.benchEnd === undefined && document.querySelector('[data-testid="content-hash"]')) w.benchEnd = performance.now();
        }).observe(document.body, { childList: true, subtree: true });
      });
      const t0 = performance.now();
      await page.setInputFiles('[data-testid="file-input"]', file);
      await page.waitForSelector('[data-testid="content-hash"]', { timeout: 600_000 });
      outerSeconds.push((performance.now() - t0) / 1000);
      const shown = (await page.textContent('[data-testid="content-hash"]'))?.trim();
      if (shown !== expected) throw new Error(`the page showed ${shown}, sha256 of the file is ${expected}`);
      const { start, end } = await page.evaluate(() => {
        const w = window as unknown as { benchStart?: number; benchEnd?: number };
        return { start: w.benchStart, end: w.benchEnd };
      });
      if (start === undefined || end === undefined) throw new Error("the page's timestamps are missing (no change event or no content hash seen)");
      pageSeconds.push((end - start) / 1000);
    }

    // The baseline: the CLI on the same file, whole command and net of its start-up.
    const dpr = (path: string) => timeCommand(process.execPath, [join(REPO, "packages/cli/bin/dpr.js"), "hash", "--json", "--quiet", path], { cwd: REPO });
    const dprRuns: number[] = [];
    const startups: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const run = await dpr(file);
      if ((JSON.parse(run.stdout) as { contentHash: string }).contentHash !== expected) throw new Error("dpr hash disagrees with node:crypto on the file");
      dprRuns.push(run.seconds);
      startups.push((await dpr(empty)).seconds);
    }
    const mbps = (seconds: number) => bytes / 1e6 / seconds;
    const pageTime = median(pageSeconds);
    const dprTime = median(dprRuns);
    const netTime = Math.max(1e-3, dprTime - median(startups));
    const size = `${bytes / MiB} MiB`;
    const figures: Figure[] = [
      figure({
        id: "page.vsCommand",
        label: `web verifier in Chromium, ${size} (SHA-256)`,
        value: mbps(pageTime),
        unit: "MB/s",
        baseline: { label: "dpr hash, same file, whole command", value: mbps(dprTime), unit: "MB/s" },
        sense: "higher-is-better",
        note: `median of ${repeats}; the page streams the file through hash-wasm (WebAssembly) in a Web Worker; dpr hash pays ${median(startups).toFixed(2)} s of start-up`,
      }),
      figure({
        id: "page.vsHashing",
        label: `web verifier in Chromium, ${size} (SHA-256)`,
        value: mbps(pageTime),
        unit: "MB/s",
        baseline: { label: "dpr hash, same file, net of start-up", value: mbps(netTime), unit: "MB/s" },
        sense: "higher-is-better",
        note: "node:crypto (OpenSSL) hashes natively; the browser has no streaming SHA-256 of its own (WebCrypto digests whole buffers only)",
      }),
    ];
    return {
      figures,
      details: {
        bytes,
        repeats,
        chromium: context.browser()?.version() ?? null,
        pageSeconds: pageSeconds.map((s) => round(s)),
        pageSecondsWithDevTools: outerSeconds.map((s) => round(s)),
        dprSeconds: dprRuns.map((s) => round(s)),
        dprStartupSeconds: startups.map((s) => round(s)),
        indexer: indexer ? "running (PGlite)" : "none (the page shows the indexer as unreachable)",
      },
    };
  } finally {
    unregister();
    for (const fn of cleanups.reverse()) await fn().catch((error: unknown) => ctx.log(`browser: clean-up: ${(error as Error).message}`));
  }
}

/** The page built by packages/web's own Vite into a cache folder keyed by every input of the build. */
async function buildPage(ctx: SuiteContext): Promise<string> {
  const hash = createHash("sha256");
  const inputs = [...listFiles(WEB, ["node_modules", "dist"]), ...listFiles(join(REPO, "packages/sdk/src"), []), join(REPO, "package-lock.json")];
  for (const path of inputs.sort()) hash.update(relative(REPO, path)).update("\0").update(readFileSync(path));
  const out = join(tmpdir(), `dpr-bench-web-${hash.digest("hex").slice(0, 16)}`);
  if (existsSync(join(out, "index.html"))) {
    ctx.log(`browser: using the cached build ${out}`);
    return out;
  }
  ctx.log("browser: building packages/web with Vite (cached for the next run)");
  const partial = mkdtempSync(join(tmpdir(), "dpr-bench-web-build-"));
  const vite = existsSync(join(WEB, "node_modules/.bin/vite")) ? join(WEB, "node_modules/.bin/vite") : join(REPO, "node_modules/.bin/vite");
  const result = spawnSync(vite, ["build", "--outDir", partial, "--emptyOutDir", "--logLevel", "warn"], { cwd: WEB, env: childEnv({ NODE_ENV: "production" }), encoding: "utf8" });
  if (result.status !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`vite build of packages/web failed (${result.status ?? result.signal}): ${(result.stderr || result.stdout).slice(-1_000)}`);
  }
  try {
    renameSync(partial, out);
  } catch {
    // Another run built it meanwhile: theirs is as good.
    rmSync(partial, { recursive: true, force: true });
  }
  return out;
}

function listFiles(dir: string, skip: string[]): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path, []));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
