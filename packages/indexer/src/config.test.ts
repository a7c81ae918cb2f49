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
