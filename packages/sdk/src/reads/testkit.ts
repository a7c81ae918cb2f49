/**
 * Test support for the read, verification and deployment tests (never exported from the SDK): a real
 * `hardhat node` over HTTP on a free port, the contracts deployed with `deployContracts`, and a cast
 * of participants. Writes go straight to the contracts with viem's `writeContract` and the generated
 * ABIs, so these tests do not depend on the SDK's write actions.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Address,
  type Hex,
  type TransactionReceipt,
  createPublicClient,
  createTestClient,
  createWalletClient,
  getAddress,
  http,
  keccak256,
  toHex,
} from "viem";
import { hardhat } from "viem/chains";
import { deployContracts } from "../actions/deployContracts.js";
import type { Deployment, DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { Jurisdiction, Role } from "../generated/enums.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface HardhatNode {
  url: string;
  /** The node's process group (the node and the watchdog that started it). */
  pgid: number;
  /** Kills the group and checks that no process of it is left. */
  stop(): Promise<void>;
}

/** Kills the node's group when the test process goes away without calling `stop()` (a crash, a kill). */
const WATCHDOG = `
parent="$1"; shift
"$@" &
node=$!
( while kill -0 "$parent" 2>/dev/null; do sleep 0.5; done; kill -TERM 0 ) &
wait "$node"
kill -TERM 0
`;

/** Starts `hardhat node` on a free port with the repository's config, and waits until it answers. */
export async function startHardhatNode(): Promise<HardhatNode> {
  const port = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), "dpr-sdk-node-"));
  const logFile = join(logDir, "node.log");
  const log = openSync(logFile, "w");
  const env = { ...process.env };
  // The worker runs under ts-node and maybe coverage; the node must not inherit that.
  for (const name of ["NODE_OPTIONS", "HARDHAT_NETWORK", "DPR_COVERAGE"]) delete env[name];
  const bin = join(repoRoot, "node_modules", ".bin", "hardhat");
  const child = spawn("sh", ["-c", WATCHDOG, "dpr-sdk-node", String(process.pid), bin, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error("could not start hardhat node");
  let exited = false;
  child.once("exit", () => (exited = true));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    signal(pgid, "SIGTERM");
    if (!(await until(() => members(pgid).length === 0, 5_000))) {
      signal(pgid, "SIGKILL");
      await until(() => members(pgid).length === 0, 5_000);
    }
    rmSync(logDir, { recursive: true, force: true });
    const left = members(pgid);
    if (left.length > 0) throw new Error(`hardhat node group ${pgid} still has processes ${left.join(", ")}`);
  };

  const answered = await until(async () => {
    if (exited) return true;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
      });
      return response.ok;
    } catch {
      return false;
    }
  }, 60_000);
  if (exited || !answered) {
    const tail = readFileSync(logFile, "utf8").split("\n").slice(-20).join("\n");
    await stop();
    throw new Error(`hardhat node ${exited ? "exited" : "did not answer"} on ${url}:\n${tail}`);
  }
  return { url, pgid, stop };
}

function signal(pgid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pgid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** Live processes of a process group (from /proc; zombies do not count). */
export function members(pgid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(group) === pgid && state !== "Z" && state !== "X") found.push(Number(entry));
    } catch {
      // it ended while we looked
    }
  }
  return found;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no free port"))));
    });
  });
}

/** Polls `condition` (no fixed sleeps: it stops as soon as the condition holds). */
async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type Actor = "admin" | "registrar" | "registrar2" | "regulator" | "holder" | "holderHK" | "holder2" | "stranger";

/** The cast, by Hardhat account index; `stranger` is not onboarded. */
const CAST: { actor: Actor; jurisdiction?: keyof typeof Jurisdiction; roles?: (keyof typeof Role)[] }[] = [
  { actor: "admin" },
  { actor: "registrar", jurisdiction: "GZ", roles: ["REGISTRAR"] },
  { actor: "registrar2", jurisdiction: "GZ", roles: ["REGISTRAR"] },
  { actor: "regulator", jurisdiction: "GZ", roles: ["REGULATOR"] },
  { actor: "holder", jurisdiction: "GZ", roles: ["HOLDER"] },
  { actor: "holderHK", jurisdiction: "HK", roles: ["HOLDER"] },
  { actor: "holder2", jurisdiction: "GZ", roles: ["HOLDER"] },
  { actor: "stranger" },
];

/** A distinct bytes32 for a label (content hashes, evidence, decisions). */
export function h(label: string): Hex {
  return keccak256(toHex(label));
}

/** Clients over HTTP. Short polling: Hardhat mines each transaction at once. */
export function clientsFor(url: string) {
  const transport = http(url, { retryCount: 0 });
  return {
    publicClient: createPublicClient({ chain: hardhat, transport, pollingInterval: 20, cacheTime: 0 }),
    testClient: createTestClient({ chain: hardhat, mode: "hardhat", transport }),
    wallet: (account: Address) => createWalletClient({ chain: hardhat, transport, account }),
  };
}

export type Wallet = ReturnType<ReturnType<typeof clientsFor>["wallet"]>;

export interface Chain {
  node: HardhatNode;
  context: DprContext;
  deployment: Deployment;
  /** Each actor's address (checksummed). */
  a: Record<Actor, Address>;
  wallet(actor: Actor): Wallet;
  /** Waits for a transaction, fails when it reverted, and returns its receipt. */
  mined(hash: Promise<Hex>): Promise<TransactionReceipt>;
  /** Moves the node's clock forward and mines a block. */
  increaseTime(seconds: bigint | number): Promise<void>;
  testClient: ReturnType<typeof clientsFor>["testClient"];
}

/** Starts a node, deploys DPR with `noticePeriod`, and onboards the cast. */
export async function startDpr(noticePeriod: bigint): Promise<Chain> {
  const node = await startHardhatNode();
  try {
    const { publicClient, testClient, wallet } = clientsFor(node.url);
    // Hardhat's unlocked accounts (eth_accounts).
    const addresses = (await createWalletClient({ chain: hardhat, transport: http(node.url) }).getAddresses()).map((x) => getAddress(x));
    const a = Object.fromEntries(CAST.map((c, i) => [c.actor, addresses[i]!])) as Record<Actor, Address>;
    const wallets = new Map<Actor, Wallet>();
    const walletOf = (actor: Actor) => {
      let w = wallets.get(actor);
      if (!w) wallets.set(actor, (w = wallet(a[actor])));
      return w;
    };
    const mined = async (hash: Promise<Hex>) => {
      const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash, pollingInterval: 20 });
      if (receipt.status !== "success") throw new Error(`transaction ${receipt.transactionHash} reverted`);
      return receipt;
    };

    const { contracts, deploymentBlock, chainId } = await deployContracts(walletOf("admin"), publicClient, { noticePeriod });
    const deployment: Deployment = {
      format: "dpr-deployment/1",
      chainId,
      contracts,
      deploymentBlock,
      noticePeriod,
      zoneAdmin: a.admin,
      deployedAt: new Date().toISOString(),
    };
    for (const c of CAST) {
      if (!c.roles) continue;
      await mined(
        walletOf("admin").writeContract({
          address: contracts.directory,
          abi: participantDirectoryAbi,
          functionName: "addParticipant",
          args: [a[c.actor], Jurisdiction[c.jurisdiction!], c.roles.reduce((mask, r) => mask | (1 << Role[r]), 0), h(`legal-id:${c.actor}`), `https://zone.example/${c.actor}.json`],
        }),
      );
    }
    return {
      node,
      context: { publicClient, deployment },
      deployment,
      a,
      wallet: walletOf,
      mined,
      increaseTime: async (seconds) => {
        await testClient.increaseTime({ seconds: Number(seconds) });
        await testClient.mine({ blocks: 1 });
      },
      testClient,
    };
  } catch (error) {
    await node.stop();
    throw error;
  }
}
