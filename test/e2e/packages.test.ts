/**
 * Issue 14, item 2: the packages as someone outside this repository gets them. `npm pack` makes the
 * tarballs of @dpr/sdk, @dpr/cli and @dpr/indexer (each through its prepack build); they are installed
 * with npm into an empty folder in the system's temporary directory, where nothing of the monorepo is
 * reachable, and used there: `dpr` deploys, onboards, registers and verifies against a real node,
 * `dpr-indexer` indexes that chain and serves GraphQL and the page, the SDK is imported from plain Node
 * ESM, type-checked by a TypeScript consumer with Node's own module resolution, and bundled by Vite
 * for a browser, where Chromium runs it.
 */
import { execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type DevChain, devAccount, freePort, startChain, waitFor } from "@dpr/devnet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, haveChromium } from "./web/page.js";

const chromiumHere = haveChromium("the browser bundle of the installed SDK");
const REPO = join(dirname(fileURLToPath(import.meta.url)), "../..");
const PACKAGES = ["@dpr/sdk", "@dpr/cli", "@dpr/indexer"] as const;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (never through a shell), with the consumer's environment. */
function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: { ...consumerEnv(), ...options.env }, timeout: options.timeout ?? 120_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/**
 * The environment of someone outside the repository: no NODE_OPTIONS (vitest's ts-node hook) and no
 * npm_* variables of the `npm test` around this test, which would point npm at this repository.
 */
function consumerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(npm_|NODE_OPTIONS$|NODE_PATH$|INIT_CWD$|VITEST)/i.test(name)) env[name] = value;
  return env;
}

const explain = (r: Run) => `exit ${r.code}\nstdout:\n${r.stdout.slice(-4000)}\nstderr:\n${r.stderr.slice(-4000)}`;

describe("the packages installed outside the repository", () => {
  let work: string;
  let consumer: string;
  const tarballs = new Map<string, { file: string; files: string[] }>();
  let installLog = "";
  let node: DevChain;
  const admin = devAccount(0);
  const holder = devAccount(4);
  const dpr = (args: readonly string[], key?: string) =>
    run(join(consumer, "node_modules/.bin/dpr"), args, {
      cwd: consumer,
      env: { DPR_RPC_URL: node.url, DPR_DEPLOYMENT: join(consumer, "deployment.json"), DPR_ZONE_SECRET: `0x${"c1".repeat(32)}`, ...(key ? { DPR_PRIVATE_KEY: key } : {}) },
    });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "dpr-packages-"));
    const packs = join(work, "packs");
    consumer = join(work, "consumer");
    for (const dir of [packs, consumer]) mkdirSync(dir);
    const packed = await run("npm", ["pack", ...PACKAGES.flatMap((name) => ["-w", name]), "--pack-destination", packs, "--json", "--silent"], {
      cwd: REPO,
      timeout: 300_000,
    });
    expect(packed.code, explain(packed)).toBe(0);
    for (const entry of JSON.parse(packed.stdout) as { name: string; filename: string; files: { path: string }[] }[]) {
      tarballs.set(entry.name, { file: join(packs, entry.filename), files: entry.files.map((f) => f.path) });
    }
    writeFileSync(join(consumer, "package.json"), `${JSON.stringify({ name: "a-data-exchange", private: true, type: "module" }, null, 2)}\n`);
    const installed = await run(
      "npm",
      ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "warn", ...PACKAGES.map((name) => tarballs.get(name)!.file)],
      { cwd: consumer, timeout: 600_000 },
    );
    installLog = installed.stdout + installed.stderr;
    expect(installed.code, explain(installed)).toBe(0);
    node = await startChain({ kind: "anvil" });
  }, 900_000);

  afterAll(async () => {
    await node?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("packs only what runs: built JavaScript, declarations for the SDK, no sources, tests or build stamps", () => {
    const sdk = tarballs.get("@dpr/sdk")!.files;
    const cli = tarballs.get("@dpr/cli")!.files;
    const indexer = tarballs.get("@dpr/indexer")!.files;
    expect(sdk).toEqual(expect.arrayContaining(["package.json", "README.md", "dist/index.js", "dist/index.d.ts", "dist/node/index.js", "dist/node/index.d.ts", "dist/purposes/purposes.json"]));
    expect(cli).toEqual(expect.arrayContaining(["package.json", "bin/dpr.js", "dist/bin.js"]));
    expect(indexer).toEqual(expect.arrayContaining(["package.json", "bin/dpr-indexer.js", "dist/bin.js", "dist/schema.graphql", "web/index.html"]));
    for (const files of [sdk, cli, indexer]) {
      expect(files.filter((f) => f.startsWith("src/") || /\.test\.|testkit|testing\/|\.tsbuildinfo|\.inputs-sha256|\.tmp$/.test(f))).toEqual([]);
    }
    // Every chunk the CLI's entry can load is in the tarball, and no chunk of an earlier build is.
    const chunks = cli.filter((f) => f.startsWith("dist/") && f.endsWith(".js"));
    const referenced = new Set<string>(["dist/bin.js"]);
    for (const chunk of chunks) {
      const text = readFileSync(join(REPO, "packages/cli", chunk), "utf8");
      for (const [, name] of text.matchAll(/["']\.\/([\w.-]+\.js)["']/g)) referenced.add(`dist/${name}`);
    }
    expect(chunks.filter((c) => !referenced.has(c))).toEqual([]);
    expect([...referenced].filter((c) => !chunks.includes(c))).toEqual([]);
  });

  it("installs without an engine warning, the CLI with no dependency of its own", () => {
    expect(installLog).not.toMatch(/EBADENGINE/);
    const cliManifest = JSON.parse(readFileSync(join(consumer, "node_modules/@dpr/cli/package.json"), "utf8")) as { dependencies?: object };
    expect(cliManifest.dependencies ?? {}).toEqual({});
    // Installed, not linked into the repository.
    expect(readdirSync(join(consumer, "node_modules/@dpr")).sort()).toEqual(["cli", "indexer", "sdk"]);
  });

  it("runs npx dpr --help and dpr hash there", async () => {
    const help = await run("npx", ["--no-install", "dpr", "--help"], { cwd: consumer });
    expect(help.code, explain(help)).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dpr /m);
    const file = join(consumer, "bus-stops.csv");
    writeFileSync(file, "stop,lat,lon\nS1,23.1,113.3\n");
    const hashed = await run(join(consumer, "node_modules/.bin/dpr"), ["hash", file, "--json"], { cwd: consumer });
    expect(hashed.code, explain(hashed)).toBe(0);
    expect(JSON.parse(hashed.stdout)).toMatchObject({ kind: "file", algorithm: "sha256", contentHash: `0x${createHash("sha256").update(readFileSync(file)).digest("hex")}` });
  });

  it("deploys, onboards, registers and verifies against a running chain with the installed dpr", async () => {
    const deployed = await dpr(["deploy", "--notice-period", "3600", "--json"], admin.privateKey);
    expect(deployed.code, explain(deployed)).toBe(0);
    const added = await dpr(
      ["participant", "add", holder.address, "--name", "GZ Transport Bureau", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "11440100MB2C12345X", "--json"],
      admin.privateKey,
    );
    expect(added.code, explain(added)).toBe(0);
    const file = join(consumer, "bus-stops.csv");
    const registered = await dpr(["register", file, "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--json"], holder.privateKey);
    expect(registered.code, explain(registered)).toBe(0);
    const verified = await dpr(["verify", file, "--json"]);
    expect(verified.code, explain(verified)).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ verified: true, holder: holder.address });
    const unknown = join(consumer, "unknown.csv");
    writeFileSync(unknown, "never registered\n");
    const notFound = await dpr(["verify", unknown, "--json"]);
    expect(notFound.code, explain(notFound)).toBe(1);
    expect(JSON.parse(notFound.stdout)).toMatchObject({ verified: false, status: "unregistered" });
  });

  it("imports the SDK from plain Node ESM (both entry points) and reads the chain with it", async () => {
    writeFileSync(
      join(consumer, "read.mjs"),
      `import { getDatasetByContentHash, purposeLabel } from "@dpr/sdk";
import { hashFile, readDeploymentFile } from "@dpr/sdk/node";
import { createPublicClient, http } from "viem";
const deployment = await readDeploymentFile(process.argv[2]);
const publicClient = createPublicClient({ transport: http(process.argv[3]) });
const { hash } = await hashFile(process.argv[4]);
const dataset = await getDatasetByContentHash({ publicClient, deployment }, { contentHash: hash, algorithm: "sha256" });
console.log(JSON.stringify({ hash, holder: dataset?.holder ?? null, status: dataset?.status ?? null, label: typeof purposeLabel }));
`,
    );
    const read = await run(process.execPath, ["read.mjs", join(consumer, "deployment.json"), node.url, join(consumer, "bus-stops.csv")], { cwd: consumer });
    expect(read.code, explain(read)).toBe(0);
    expect(JSON.parse(read.stdout)).toMatchObject({ holder: holder.address, status: "pending", label: "function" });
  });

  it("type-checks a TypeScript consumer against the SDK's declarations with Node's module resolution", async () => {
    writeFileSync(
      join(consumer, "check.ts"),
      `import { type Deployment, type HashAlgorithmName, hashBytes, parseDeployment } from "@dpr/sdk";
import { hashFile } from "@dpr/sdk/node";
const algorithm: HashAlgorithmName = "sm3";
export async function check(bytes: Uint8Array, path: string, record: unknown): Promise<[string, string, Deployment]> {
  const a: \`0x\${string}\` = await hashBytes(bytes, algorithm);
  const { hash } = await hashFile(path);
  return [a, hash, parseDeployment(record)];
}
// @ts-expect-error: not an algorithm the SDK knows
export const wrong: HashAlgorithmName = "md5";
`,
    );
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: ["check.ts"] }),
    );
    const tsc = await run(process.execPath, [join(REPO, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], { cwd: consumer });
    expect(tsc.code, explain(tsc)).toBe(0);
  });

  it("indexes that chain with the installed dpr-indexer, which serves GraphQL and the page", async () => {
    const port = await freePort();
    const child = spawn(
      join(consumer, "node_modules/.bin/dpr-indexer"),
      ["--rpc", node.url, "--deployment", join(consumer, "deployment.json"), "--data-dir", join(consumer, "index"), "--port", String(port), "--finality-depth", "0"],
      { cwd: consumer, env: consumerEnv(), stdio: ["ignore", "pipe", "pipe"] },
    );
    let log = "";
    child.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
    try {
      const base = `http://127.0.0.1:${port}`;
      const contentHash = `0x${createHash("sha256").update(readFileSync(join(consumer, "bus-stops.csv"))).digest("hex")}`;
      const query = async () => {
        const response = await fetch(`${base}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: `{ verify(contentHash: "${contentHash}") { found dataset { holderAddress } } }` }),
        });
        return (await response.json()) as { data?: { verify: { found: boolean; dataset: { holderAddress: string } | null } } };
      };
      const indexed = await waitFor(async () => (await query().catch(() => null))?.data?.verify.found === true, 60_000);
      expect(indexed, log).toBe(true);
      expect((await query()).data?.verify.dataset?.holderAddress.toLowerCase()).toBe(holder.address.toLowerCase());
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="?app"?/);
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
    expect(child.exitCode ?? 0, log).toBe(0);
  });

  it.runIf(chromiumHere)("bundles the SDK with Vite for a browser, where Chromium hashes with it", async () => {
    writeFileSync(join(consumer, "index.html"), `<!doctype html><html><body><output id="out"></output><script type="module" src="/main.js"></script></body></html>\n`);
    writeFileSync(
      join(consumer, "main.js"),
      `import { hashBytes, purposeLabel } from "@dpr/sdk";
const bytes = new TextEncoder().encode("abc");
Promise.all([hashBytes(bytes, "sha256"), hashBytes(bytes, "sm3")]).then(([sha256, sm3]) => {
  document.getElementById("out").textContent = JSON.stringify({ sha256, sm3, label: typeof purposeLabel });
}, (error) => { document.getElementById("out").textContent = "error: " + error; });
`,
    );
    // The web package's own Vite, run on the consumer folder: it resolves @dpr/sdk from the consumer's
    // node_modules with the browser condition.
    const vite = (await import(pathToFileURL(join(REPO, "packages/web/node_modules/vite/dist/node/index.js")).href)) as {
      build(config: Record<string, unknown>): Promise<unknown>;
    };
    const outDir = join(consumer, "site");
    await vite.build({ root: consumer, configFile: false, logLevel: "warn", mode: "production", build: { outDir, emptyOutDir: true, target: "es2022" } });
    const bundle = readdirSync(join(outDir, "assets")).filter((f) => f.endsWith(".js"));
    expect(bundle.length).toBeGreaterThan(0);
    for (const file of bundle) expect(readFileSync(join(outDir, "assets", file), "utf8")).not.toMatch(/from\s*["']node:|require\(["']node:/);

    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      const path = join(outDir, req.url === "/" ? "index.html" : (req.url ?? "").replace(/^\/+/, ""));
      try {
        const body = readFileSync(path);
        res.writeHead(200, { "content-type": path.endsWith(".js") ? "text/javascript" : path.endsWith(".wasm") ? "application/wasm" : "text/html" }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      const address = server.address() as { port: number };
      await page.goto(`http://127.0.0.1:${address.port}/`);
      await page.waitForFunction(() => (document.getElementById("out")?.textContent ?? "") !== "");
      const out = (await page.textContent("#out")) ?? "";
      expect(out).not.toMatch(/^error/);
      expect(JSON.parse(out)).toEqual({
        sha256: "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        sm3: "0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
        label: "function",
      });
    } finally {
      await browser.close();
      server.close();
    }
  });
});
