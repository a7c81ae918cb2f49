/**
 * Test helper: a real `hardhat node` on a free port, in its own process group, with the repository's
 * hardhat.config.ts. A watchdog shell kills the group if the test process dies, so no chain outlives
 * a crashed run; `stop()` kills the group and checks that nothing is left.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Hex, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** Hardhat's default accounts. */
const MNEMONIC = "test test test test test test test test test test test junk";

/** The private key of Hardhat's default account `index`. */
export function hardhatKey(index: number): Hex {
  const key = mnemonicToAccount(MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error(`no private key for account ${index}`);
  return toHex(key);
}

/** The address of Hardhat's default account `index`. */
export function hardhatAddress(index: number): Hex {
  return mnemonicToAccount(MNEMONIC, { addressIndex: index }).address;
}

export interface HardhatNode {
  url: string;
  port: number;
  pgid: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

const WATCHDOG = `
parent="$1"; shift
"$@" &
command=$!
( while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done; kill -TERM 0 ) &
wait "$command"
kill -TERM 0
`;

export async function startHardhatNode(): Promise<HardhatNode> {
  const port = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), "dpr-cli-node-"));
  const logFile = join(logDir, "hardhat-node.log");
  const log = openSync(logFile, "w");
  const env = { ...process.env };
  for (const name of ["HARDHAT_CONFIG", "HARDHAT_NETWORK", "SOLIDITY_COVERAGE", "DPR_COVERAGE", "DPR_COVERAGE_SOURCES", "NODE_OPTIONS"]) delete env[name];
  const hardhat = join(repoRoot, "node_modules", ".bin", "hardhat");
  const child: ChildProcess = spawn("sh", ["-c", WATCHDOG, "dpr-cli-node", String(process.pid), hardhat, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  if (child.pid === undefined) throw new Error("could not start hardhat node");
  const pgid = child.pid;
  let exited = false;
  const exit = new Promise<void>((r) => child.once("exit", () => ((exited = true), r())));
  const url = `http://127.0.0.1:${port}`;
  const tail = () => (existsSync(logFile) ? readFileSync(logFile, "utf8").split("\n").slice(-30).join("\n") : "(no log)");

  const stop = async () => {
    try {
      process.kill(-pgid, "SIGTERM");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
    if (!(await waitFor(() => groupMembers(pgid).length === 0, 5_000))) {
      try {
        process.kill(-pgid, "SIGKILL");
      } catch {
        // gone meanwhile
      }
      await waitFor(() => groupMembers(pgid).length === 0, 5_000);
    }
    await Promise.race([exit, new Promise((r) => setTimeout(r, 2_000))]);
    const left = groupMembers(pgid);
    rmSync(logDir, { recursive: true, force: true });
    if (left.length > 0) throw new Error(`hardhat node's process group ${pgid} still has processes: ${left.join(", ")}`);
    // The group is gone, so its sockets are closed; allow the kernel a moment before calling it a leak.
    const deadline = Date.now() + 3_000;
    while (await portOpen(port)) {
      if (Date.now() > deadline) throw new Error(`port ${port} still answers after the node was stopped`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`hardhat node exited before answering:\n${tail()}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`hardhat node did not answer on ${url}:\n${tail()}`);
    }
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      if (response.ok && ((await response.json()) as { result?: string }).result) return { url, port, pgid, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Live (non-zombie) processes of a process group, from /proc. */
export function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z" && state !== "X") members.push(Number(entry));
    } catch {
      // ended meanwhile
    }
  }
  return members;
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((r) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => (socket.destroy(), r(true)));
    socket.once("error", () => r(false));
  });
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}
