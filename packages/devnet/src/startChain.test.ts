import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  ChainStartError,
  type DevChain,
  PortInUseError,
  devAccount,
  devMnemonic,
  freePort,
  groupMembers,
  portOpen,
  startChain,
  waitFor,
} from "./index.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const scratch = mkdtempSync(join(tmpdir(), "dpr-devnet-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function rpc<T>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Processes whose command line mentions `text` (to find a chain whose process group is unknown). */
function processesMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Stops the chain and checks that it left nothing: no process of its group, no open port. */
async function stopAndCheck(chain: DevChain): Promise<void> {
  await chain.stop();
  expect(groupMembers(chain.pgid)).toEqual([]);
  expect(await portOpen(chain.port)).toBe(false);
}

describe("devAccount", () => {
  it("gives the funded accounts of the standard Hardhat test mnemonic", () => {
    expect(devMnemonic).toBe("test test test test test test test test test test test junk");
    expect(devAccount(0).address).toBe("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    expect(devAccount(11).address).toBe("0x71bE63f3384f5fb98995898A86B02Fb2426c5788");
    expect(devAccount(1).privateKey).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it("refuses an account the chains do not fund", () => {
    expect(() => devAccount(12)).toThrow("no development account 12: the chains fund accounts 0 to 11");
    expect(() => devAccount(-1)).toThrow(RangeError);
  });
});

describe.each(["hardhat", "anvil"] as const)("a %s chain", (kind) => {
  it("starts on a free port, answers as chain 31337 at Cancun with the 12 development accounts, and stops leaving no process", async () => {
    const chain = await startChain({ kind });
    try {
      expect(chain.kind).toBe(kind);
      expect(chain.url).toBe(`http://127.0.0.1:${chain.port}`);
      expect(chain.chainId).toBe(31337);
      expect(await rpc<string>(chain.url, "eth_chainId")).toBe("0x7a69");
      const accounts = await rpc<string[]>(chain.url, "eth_accounts");
      expect(accounts.map((a) => a.toLowerCase())).toEqual(Array.from({ length: 12 }, (_, i) => devAccount(i).address.toLowerCase()));
      // Cancun headers carry the blob gas fields; Prague would add requestsHash.
      const block = await rpc<Record<string, unknown>>(chain.url, "eth_getBlockByNumber", ["latest", false]);
      expect(block).toHaveProperty("excessBlobGas");
      expect(block.requestsHash).toBeUndefined();
      expect(groupMembers(chain.pgid).length).toBeGreaterThan(0);
      // Both nodes print the development keys when they start; none reaches the log.
      expect(chain.logTail(200)).not.toContain(devAccount(0).privateKey.slice(2));
    } finally {
      await stopAndCheck(chain);
    }
  });

  it("stops once however often stop() is called", async () => {
    const chain = await startChain({ kind });
    const first = chain.stop();
    expect(chain.stop()).toBe(first);
    await first;
    expect(groupMembers(chain.pgid)).toEqual([]);
  });
});

describe("anvil with a state file", () => {
  it("carries on after a restart: the same blocks, hashes and balances", async () => {
    const stateFile = join(scratch, "persist", "state.json");
    const logFile = join(scratch, "persist", "anvil.log");
    const recipient = devAccount(7).address;
    const first = await startChain({ kind: "anvil", stateFile, logFile });
    let head: { number: string; hash: string };
    let balance: string;
    let transferBlock: bigint;
    try {
      const txHash = await rpc<string>(first.url, "eth_sendTransaction", [{ from: devAccount(0).address, to: recipient, value: "0x2a" }]);
      // anvil answers with the hash as it mines; the receipt follows.
      let receipt: { blockNumber: string } | null = null;
      await waitFor(async () => (receipt = await rpc(first.url, "eth_getTransactionReceipt", [txHash])) !== null, 10_000);
      transferBlock = BigInt(receipt!.blockNumber);
      await rpc(first.url, "evm_mine");
      head = await rpc(first.url, "eth_getBlockByNumber", ["latest", false]);
      balance = await rpc(first.url, "eth_getBalance", [recipient, "latest"]);
    } finally {
      await stopAndCheck(first);
    }
    expect(statSync(stateFile).size).toBeGreaterThan(0);
    // The log file holds the node's output, never the keys it printed.
    expect(readFileSync(logFile, "utf8")).not.toContain(devAccount(0).privateKey.slice(2));

    const second = await startChain({ kind: "anvil", stateFile });
    try {
      const again = await rpc<{ number: string; hash: string }>(second.url, "eth_getBlockByNumber", [head.number, false]);
      expect(again.hash).toBe(head.hash);
      expect(await rpc<string>(second.url, "eth_blockNumber")).toBe(head.number);
      expect(await rpc<string>(second.url, "eth_getBalance", [recipient, "latest"])).toBe(balance);
      // And the state before the transfer: historical states survive the restart too.
      const before = await rpc<string>(second.url, "eth_getBalance", [recipient, `0x${(transferBlock - 1n).toString(16)}`]);
      expect(BigInt(balance) - BigInt(before)).toBe(42n);
    } finally {
      await stopAndCheck(second);
    }
  });

  it("fails with the node's own words when the state file is unreadable, leaving nothing behind", async () => {
    const stateFile = join(scratch, "corrupt", "state.json");
    mkdirSync(dirname(stateFile), { recursive: true });
    writeFileSync(stateFile, "this is not a state dump");
    const error = await startChain({ kind: "anvil", stateFile }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ChainStartError);
    expect((error as ChainStartError).message).toMatch(/^anvil exited \(code \d+\) before it answered/);
    expect((error as ChainStartError).logTail).toContain("failed to parse json file");
    expect(processesMentioning(stateFile)).toEqual([]);
  });
});

describe("anvil with a genesis timestamp", () => {
  it("runs its clock on from a start in the past", async () => {
    const genesis = Math.floor(Date.now() / 1000) - 3_600;
    const chain = await startChain({ kind: "anvil", genesisTimestamp: genesis });
    try {
      const first = await rpc<{ timestamp: string }>(chain.url, "eth_getBlockByNumber", ["0x0", false]);
      expect(Number(first.timestamp)).toBe(genesis);
      await rpc(chain.url, "evm_mine");
      const next = await rpc<{ timestamp: string }>(chain.url, "eth_getBlockByNumber", ["latest", false]);
      // An hour behind this machine's clock, give or take the seconds the test took.
      expect(Number(next.timestamp) - genesis).toBeGreaterThanOrEqual(0);
      expect(Number(next.timestamp) - genesis).toBeLessThan(120);
    } finally {
      await stopAndCheck(chain);
    }
  });
});

describe("anvil with a base fee", () => {
  it("starts its first block at the base fee given", async () => {
    const chain = await startChain({ kind: "anvil", baseFeePerGas: 0n });
    try {
      const first = await rpc<{ baseFeePerGas: string }>(chain.url, "eth_getBlockByNumber", ["0x0", false]);
      expect(BigInt(first.baseFeePerGas)).toBe(0n);
    } finally {
      await stopAndCheck(chain);
    }
  });
});

describe("startChain refuses", () => {
  it("a port that something already listens on", async () => {
    const server = createServer();
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
    try {
      const error = await startChain({ kind: "anvil", port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PortInUseError);
      expect((error as PortInUseError).message).toBe(`cannot start a chain on 127.0.0.1:${port}: something already listens there`);
      expect((error as PortInUseError).retryable).toBe(true);
    } finally {
      server.close();
    }
  });

  it("a genesis timestamp for Hardhat's node, whose start comes from hardhat.config.ts", async () => {
    await expect(startChain({ kind: "hardhat", genesisTimestamp: 1_700_000_000 })).rejects.toThrow(
      "a genesis timestamp needs anvil: Hardhat's node takes its start time from hardhat.config.ts",
    );
  });

  it("a base fee for Hardhat's node, or one below zero", async () => {
    await expect(startChain({ kind: "hardhat", baseFeePerGas: 0n })).rejects.toThrow("a base fee needs anvil: Hardhat's node takes it from hardhat.config.ts");
    await expect(startChain({ kind: "anvil", baseFeePerGas: -1n })).rejects.toThrow("baseFeePerGas must be a bigint ≥ 0, not -1");
  });

  it("a state file for Hardhat's node, which keeps no state on disk", async () => {
    await expect(startChain({ kind: "hardhat", stateFile: join(scratch, "x.json") })).rejects.toThrow(
      "a state file needs anvil: Hardhat's node keeps no state on disk",
    );
  });
});

describe.each(["hardhat", "anvil"] as const)("a %s chain whose owner is killed", (kind) => {
  it("goes down with it: the watchdog leaves no orphan", async () => {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const owner = spawn(process.execPath, ["--conditions=@dpr/source", "--import", "tsx", join(repoRoot, "packages/devnet/src/testing/holdChain.ts"), kind], {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    owner.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    owner.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const exited = new Promise<void>((r) => owner.once("exit", () => r()));
    try {
      expect(await waitFor(() => stdout.includes("\n") || owner.exitCode !== null, 90_000), `no report from the owner:\n${stderr}`).toBe(true);
      const { pgid, port } = JSON.parse(stdout) as { pgid: number; port: number };
      expect(groupMembers(pgid).length).toBeGreaterThan(0);
      expect(await portOpen(port)).toBe(true);

      owner.kill("SIGKILL");
      await exited;
      // The watchdog polls its owner every half second, then TERM, and KILL 5 s later if need be.
      expect(await waitFor(() => groupMembers(pgid).length === 0, 15_000), `group ${pgid} left: ${groupMembers(pgid).join(", ")}`).toBe(true);
      expect(await waitFor(async () => !(await portOpen(port)), 3_000)).toBe(true);
    } finally {
      if (owner.exitCode === null && owner.signalCode === null) owner.kill("SIGKILL");
    }
  });
});
