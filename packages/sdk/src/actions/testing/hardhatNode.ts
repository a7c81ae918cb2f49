/**
 * Test-only: a real `npx hardhat node` on a free port, and clients, accounts and a deployment over
 * HTTP, for the SDK's action tests. Not exported from the package (it needs node:child_process).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import {
  type Account,
  type Chain,
  type PublicClient,
  type Transport,
  type WalletClient,
  createPublicClient,
  createTestClient,
  createWalletClient,
  http,
} from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import type { DprContext, Deployment } from "../../deployments/deployment.js";
import { ContractRuleError } from "../../errors/contract.js";
import { deployContracts } from "../deployContracts.js";

const repoRoot = fileURLToPath(new URL("../../../../../", import.meta.url));

/** Hardhat's default mnemonic: its accounts are funded on every Hardhat node. */
export const hardhatMnemonic = "test test test test test test test test test test test junk";

export interface HardhatNode {
  url: string;
  pid: number;
  /** Stops the node's whole process group and waits until it is gone. */
  stop(): Promise<void>;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(-pid, name);
  } catch {
    // the group is gone already
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts `npx hardhat node` in its own process group and resolves once it listens. */
export async function startHardhatNode(): Promise<HardhatNode> {
  const port = await freePort();
  const child: ChildProcess = spawn("npx", ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: repoRoot,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("could not start npx hardhat node");
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal(pid, "SIGKILL");
      reject(new Error(`hardhat node did not start within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Started HTTP and WebSocket JSON-RPC server")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`hardhat node exited with ${code}:\n${output}`));
    });
  });
  // Keep draining its output (it logs every call) so that the pipe never fills up.
  child.stdout!.removeAllListeners("data").resume();
  child.stderr!.removeAllListeners("data").resume();
  child.removeAllListeners("exit");
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });

  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    async stop() {
      signal(pid, "SIGTERM");
      const deadline = Date.now() + 10_000;
      while (isAlive(pid)) {
        if (Date.now() > deadline) signal(pid, "SIGKILL");
        await new Promise((r) => setTimeout(r, 20));
      }
      await exited;
    },
  };
}

export interface TestChain {
  node: HardhatNode;
  publicClient: PublicClient<Transport, Chain>;
  testClient: ReturnType<typeof createTestClient>;
  /** The wallet of the default mnemonic's account `index`. */
  wallet(index: number): WalletClient<Transport, Chain, Account>;
  /** A context for the default mnemonic's account `index`. */
  context(index: number): DprContext;
  deployment: Deployment;
}

/**
 * Starts a node and deploys DPR with account 0 as the zone admin.
 */
export async function startTestChain(options: { noticePeriod: bigint }): Promise<TestChain> {
  const node = await startHardhatNode();
  try {
    // No retries: a reverting call is an answer, not a transient failure.
    const transport = http(node.url, { retryCount: 0 });
    const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 20, cacheTime: 0 });
    const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport });
    const wallets = new Map<number, WalletClient<Transport, Chain, Account>>();
    const wallet = (index: number) => {
      let client = wallets.get(index);
      if (!client) {
        client = createWalletClient({ chain: hardhat, transport, account: mnemonicToAccount(hardhatMnemonic, { addressIndex: index }) });
        wallets.set(index, client);
      }
      return client;
    };
    const deployed = await deployContracts(wallet(0), publicClient, { noticePeriod: options.noticePeriod });
    const deployment: Deployment = {
      format: "dpr-deployment/1",
      chainId: deployed.chainId,
      contracts: deployed.contracts,
      deploymentBlock: deployed.deploymentBlock,
      noticePeriod: options.noticePeriod,
      zoneAdmin: wallet(0).account.address,
      deployedAt: new Date().toISOString(),
    };
    return {
      node,
      publicClient,
      testClient,
      wallet,
      context: (index) => ({ publicClient, walletClient: wallet(index), deployment }),
      deployment,
    };
  } catch (error) {
    await node.stop();
    throw error;
  }
}

/**
 * Runs an action that the contracts must refuse and checks that it was refused by `errorName` before
 * any transaction left: the signer's nonce is unchanged. Returns the error for further checks.
 */
export async function expectRefusal(
  chain: TestChain,
  signer: number,
  attempt: () => Promise<unknown>,
  errorName: string,
): Promise<ContractRuleError> {
  const address = chain.wallet(signer).account.address;
  const nonceBefore = await chain.publicClient.getTransactionCount({ address, blockTag: "pending" });
  const error = await attempt().then(
    (result) => {
      throw new Error(`expected ${errorName}, but the action succeeded: ${JSON.stringify(result, (_k, v) => (typeof v === "bigint" ? v.toString() : v))}`);
    },
    (e: unknown) => e,
  );
  if (!(error instanceof ContractRuleError)) throw new Error(`expected ContractRuleError ${errorName}, got ${String(error)}`, { cause: error });
  if (error.errorName !== errorName) throw new Error(`expected ${errorName}, got ${error.errorName}: ${error.message}`, { cause: error });
  const nonceAfter = await chain.publicClient.getTransactionCount({ address, blockTag: "pending" });
  if (nonceAfter !== nonceBefore) throw new Error(`a transaction was sent for a refused call (nonce ${nonceBefore} -> ${nonceAfter})`);
  return error;
}
