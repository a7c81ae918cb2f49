/**
 * `dpr-indexer`'s settings: flags over environment variables over defaults, every value checked at
 * start, and a bad one refused by the executable with exit code 2 and the flag's name.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Deployment } from "@dpr/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveOptions } from "./config.js";
import { writeDeployment } from "./testing/indexerProcess.js";

const bin = resolve(dirname(fileURLToPath(import.meta.url)), "../bin/dpr-indexer.js");

const deployment: Deployment = {
  format: "dpr-deployment/1",
  chainId: 31337,
  contracts: {
    directory: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    datasets: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    grants: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    anchors: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    forwarder: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
  },
  deploymentBlock: 1n,
  noticePeriod: 3600n,
  zoneAdmin: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  deployedAt: "2026-11-28T08:00:00.000Z",
};

let dir: string;
let deploymentPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dpr-indexer-config-"));
  deploymentPath = writeDeployment(deployment, dir);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the public RPC URL for browsers", () => {
  it("is not set unless the operator sets it: the indexer's own --rpc is not handed out", () => {
    const options = resolveOptions({ deployment: deploymentPath, rpc: "http://10.0.0.5:8545" }, {});
    expect(options.rpcUrl).toBe("http://10.0.0.5:8545");
    expect(options.publicRpcUrl).toBeUndefined();
  });

  it("comes from --public-rpc-url, else DPR_PUBLIC_RPC_URL", () => {
    const env = { DPR_PUBLIC_RPC_URL: "https://rpc.zone.example" };
    expect(resolveOptions({ deployment: deploymentPath }, env).publicRpcUrl).toBe("https://rpc.zone.example");
    expect(resolveOptions({ deployment: deploymentPath, publicRpcUrl: "https://rpc2.zone.example/v1" }, env).publicRpcUrl).toBe("https://rpc2.zone.example/v1");
    expect(resolveOptions({ deployment: deploymentPath }, { DPR_PUBLIC_RPC_URL: "" }).publicRpcUrl).toBeUndefined();
  });

  it("refuses what is not an http(s) URL, or carries a password, naming the flag", () => {
    const resolveWith = (value: string) => () => resolveOptions({ deployment: deploymentPath, publicRpcUrl: value }, {});
    expect(resolveWith("ftp://rpc.zone.example")).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --public-rpc-url (DPR_PUBLIC_RPC_URL) must be an http(s) URL, not "ftp://rpc.zone.example"]`,
    );
    expect(resolveWith("rpc.zone.example:8545")).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --public-rpc-url (DPR_PUBLIC_RPC_URL) must be an http(s) URL, not "rpc.zone.example:8545"]`,
    );
    expect(resolveWith("https://user:secret@rpc.zone.example")).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --public-rpc-url (DPR_PUBLIC_RPC_URL) must not hold a user name or password: every browser that loads the page is given it]`,
    );
  });

  it("stops the executable with exit code 2 and the reason when it is bad", () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ["NODE_OPTIONS", "VITEST", "VITEST_WORKER_ID", "VITEST_POOL_ID", "DPR_PUBLIC_RPC_URL"]) delete env[name];
    const run = spawnSync(process.execPath, [bin, "--deployment", deploymentPath, "--data-dir", join(dir, "data"), "--public-rpc-url", "javascript:alert(1)"], {
      cwd: dir,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).toBe('dpr-indexer: --public-rpc-url (DPR_PUBLIC_RPC_URL) must be an http(s) URL, not "javascript:alert(1)"\n');
    expect(run.status).toBe(2);
  });
});

describe("--rebuild", () => {
  it("is off unless --rebuild or DPR_REBUILD (1 or true) asks for it", () => {
    expect(resolveOptions({ deployment: deploymentPath }, {}).rebuild).toBe(false);
    expect(resolveOptions({ deployment: deploymentPath, rebuild: true }, {}).rebuild).toBe(true);
    expect(resolveOptions({ deployment: deploymentPath }, { DPR_REBUILD: "1" }).rebuild).toBe(true);
    expect(resolveOptions({ deployment: deploymentPath }, { DPR_REBUILD: "true" }).rebuild).toBe(true);
    expect(resolveOptions({ deployment: deploymentPath }, { DPR_REBUILD: "0" }).rebuild).toBe(false);
    expect(resolveOptions({ deployment: deploymentPath }, { DPR_REBUILD: "" }).rebuild).toBe(false);
  });

  it("refuses a DPR_REBUILD it cannot read, rather than guess whether to empty the index", () => {
    expect(() => resolveOptions({ deployment: deploymentPath }, { DPR_REBUILD: "yes please" })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --rebuild (DPR_REBUILD) must be true, 1, false or 0, not "yes please"]`,
    );
  });
});

describe("the server's hardening settings", () => {
  const resolveWith = (flags: Parameters<typeof resolveOptions>[0], env: NodeJS.ProcessEnv = {}) => () => resolveOptions({ deployment: deploymentPath, ...flags }, env);

  it("keeps /metrics on the public port, without a token, and caps GraphQL bodies at 64 KiB unless told otherwise", () => {
    const options = resolveWith({})();
    expect({ adminPort: options.adminPort, adminHost: options.adminHost, metricsToken: options.metricsToken, maxBodyBytes: options.maxBodyBytes, webConnectSrc: options.webConnectSrc }).toEqual({
      adminPort: undefined,
      adminHost: undefined,
      metricsToken: undefined,
      maxBodyBytes: 65_536,
      webConnectSrc: [],
    });
  });

  it("reads them from flags, else the environment", () => {
    const env = {
      DPR_ADMIN_PORT: "9102",
      DPR_ADMIN_HOST: "10.0.0.7",
      DPR_METRICS_TOKEN: "0123456789abcdef0123456789abcdef",
      DPR_MAX_BODY_BYTES: "131072",
      DPR_WEB_CONNECT_SRC: "https://rpc2.zone.example, https://*.nodes.zone.example",
    };
    expect(resolveWith({}, env)()).toMatchObject({
      adminPort: 9102,
      adminHost: "10.0.0.7",
      metricsToken: "0123456789abcdef0123456789abcdef",
      maxBodyBytes: 131_072,
      webConnectSrc: ["https://rpc2.zone.example", "https://*.nodes.zone.example"],
    });
    expect(resolveWith({ adminPort: "0", maxBody: "4096", webConnectSrc: ["http://127.0.0.1:*"] }, env)()).toMatchObject({
      adminPort: 0,
      maxBodyBytes: 4_096,
      webConnectSrc: ["http://127.0.0.1:*"],
    });
  });

  it("refuses bad values, naming the flag", () => {
    expect(resolveWith({ maxBody: "100" })).toThrowErrorMatchingInlineSnapshot(`[ConfigError: --max-body (DPR_MAX_BODY_BYTES) must be a whole number from 1024 to 16777216, not "100"]`);
    expect(resolveWith({}, { DPR_MAX_BODY_BYTES: "64k" })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --max-body (DPR_MAX_BODY_BYTES) must be a whole number from 1024 to 16777216, not "64k"]`,
    );
    expect(resolveWith({ adminPort: "70000" })).toThrowErrorMatchingInlineSnapshot(`[ConfigError: --admin-port (DPR_ADMIN_PORT) must be a whole number from 0 to 65535, not "70000"]`);
    expect(resolveWith({ adminHost: "0.0.0.0" })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --admin-host (DPR_ADMIN_HOST) needs --admin-port (DPR_ADMIN_PORT): without an admin listener /metrics is served on --port]`,
    );
    expect(resolveWith({ port: "4350", adminPort: "4350" })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --admin-port (DPR_ADMIN_PORT) must differ from --port (DPR_INDEXER_PORT) on the same address, not both 4350]`,
    );
    expect(resolveWith({ port: "4350", adminPort: "4350", adminHost: "10.0.0.7" })().adminPort).toBe(4350);
    expect(resolveWith({ webConnectSrc: ["https://rpc.zone.example; script-src *"] })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --web-connect-src (DPR_WEB_CONNECT_SRC) takes http(s) origins (https://rpc.zone.example, https://*.zone.example, http://127.0.0.1:*) or "https:", not "https://rpc.zone.example; script-src *"]`,
    );
    expect(resolveWith({}, { DPR_WEB_CONNECT_SRC: "ws://rpc.zone.example" })).toThrowErrorMatchingInlineSnapshot(
      `[ConfigError: --web-connect-src (DPR_WEB_CONNECT_SRC) takes http(s) origins (https://rpc.zone.example, https://*.zone.example, http://127.0.0.1:*) or "https:", not "ws://rpc.zone.example"]`,
    );
  });

  it("refuses a short, malformed or empty metrics token without repeating it", () => {
    for (const [flags, env] of [
      [{ metricsToken: "short-secret" }, {}],
      [{ metricsToken: "a token with spaces in it" }, {}],
      [{}, { DPR_METRICS_TOKEN: "" }],
    ] as const) {
      const attempt = resolveWith(flags, env);
      expect(attempt).toThrowError("--metrics-token (DPR_METRICS_TOKEN) must be at least 16 characters of A-Z, a-z, 0-9 and -._~+/ (the value is not shown)");
    }
  });

  it("stops the executable with exit code 2, and never prints the token", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DPR_METRICS_TOKEN: "not a valid token, but a secret all the same" };
    for (const name of ["NODE_OPTIONS", "VITEST", "VITEST_WORKER_ID", "VITEST_POOL_ID"]) delete env[name];
    const run = spawnSync(process.execPath, [bin, "--deployment", deploymentPath, "--data-dir", join(dir, "data")], { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe(
      "dpr-indexer: --metrics-token (DPR_METRICS_TOKEN) must be at least 16 characters of A-Z, a-z, 0-9 and -._~+/ (the value is not shown)\n  generate one with: openssl rand -hex 32\n",
    );
    expect(run.status).toBe(2);
  });
});

describe("metadata folders", () => {
  it("come from each --metadata-dir, else DPR_METADATA_DIRS (colon-separated), as absolute paths", () => {
    expect(resolveOptions({ deployment: deploymentPath }, {}).metadataDirs).toEqual([]);
    expect(resolveOptions({ deployment: deploymentPath }, { DPR_METADATA_DIRS: "demo/metadata:/srv/catalogue" }).metadataDirs).toEqual([
      resolve("demo/metadata"),
      "/srv/catalogue",
    ]);
    expect(resolveOptions({ deployment: deploymentPath, metadataDir: ["/a", "/b"] }, { DPR_METADATA_DIRS: "/c" }).metadataDirs).toEqual(["/a", "/b"]);
  });

  it("stop the executable with exit code 2 when one is not a folder, naming it", () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of ["NODE_OPTIONS", "VITEST", "VITEST_WORKER_ID", "VITEST_POOL_ID"]) delete env[name];
    const missing = join(dir, "no-such-metadata");
    const run = spawnSync(
      process.execPath,
      [bin, "--deployment", deploymentPath, "--data-dir", join(dir, "data"), "--port", "0", "--metadata-dir", join(dir), "--metadata-dir", missing],
      { cwd: dir, env, encoding: "utf8", timeout: 60_000 },
    );
    expect(run.stdout).toContain(`--metadata-dir (DPR_METADATA_DIRS): no folder at ${missing}`);
    expect(run.status).toBe(2);
  });
});

describe("metadata fetching", () => {
  it("is off without --metadata-fetch-allow; the variable takes entries separated by spaces or commas (URLs hold colons)", () => {
    expect(resolveOptions({ deployment: deploymentPath }, {})).toMatchObject({ metadataFetchAllow: [], metadataMaxBytes: 1_048_576, metadataFetchTimeoutMs: 10_000 });
    expect(
      resolveOptions({ deployment: deploymentPath }, { DPR_METADATA_FETCH_ALLOW: "https://data.example/meta/, file:///srv/metadata/  http://127.0.0.1:8080" })
        .metadataFetchAllow,
    ).toEqual(["https://data.example/meta/", "file:///srv/metadata/", "http://127.0.0.1:8080"]);
    expect(
      resolveOptions({ deployment: deploymentPath, metadataFetchAllow: ["https://a.example"] }, { DPR_METADATA_FETCH_ALLOW: "https://b.example" }).metadataFetchAllow,
    ).toEqual(["https://a.example"]);
    expect(resolveOptions({ deployment: deploymentPath, metadataMaxBytes: "4096", metadataFetchTimeout: "2500" }, {})).toMatchObject({
      metadataMaxBytes: 4096,
      metadataFetchTimeoutMs: 2500,
    });
  });

  it("refuses an entry that is not an origin or a URL prefix, and limits out of range, naming the flag", () => {
    expect(() => resolveOptions({ deployment: deploymentPath, metadataFetchAllow: ["ftp://a.example/"] }, {})).toThrow(
      '--metadata-fetch-allow (DPR_METADATA_FETCH_ALLOW): "ftp://a.example/" has the scheme ftp: (only https:, http: and file: are fetched)',
    );
    expect(() => resolveOptions({ deployment: deploymentPath }, { DPR_METADATA_FETCH_ALLOW: "https://a.example/?token=s3cret" })).toThrow(
      '"https://a.example/?…" has a query or fragment',
    );
    expect(() => resolveOptions({ deployment: deploymentPath, metadataMaxBytes: "10" }, {})).toThrow(
      "--metadata-max-bytes (DPR_METADATA_MAX_BYTES) must be a whole number from 1024 to 16777216",
    );
    expect(() => resolveOptions({ deployment: deploymentPath }, { DPR_METADATA_FETCH_TIMEOUT_MS: "soon" })).toThrow(
      "--metadata-fetch-timeout (DPR_METADATA_FETCH_TIMEOUT_MS) must be a whole number from 100 to 600000",
    );
  });
});
