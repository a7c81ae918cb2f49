/**
 * Test support for the read, verification and deployment tests (never exported from the SDK): a real
 * `hardhat node` over HTTP on a free port (from @dpr/devnet), the contracts deployed with
 * `deployContracts`, and a cast of participants. Writes go straight to the contracts with viem's
 * `writeContract` and the generated ABIs, so these tests do not depend on the SDK's write actions.
 */
import { type DevChain, startChain } from "@dpr/devnet";
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
  /** The `hardhat node` (from @dpr/devnet) the chain runs on. */
  node: DevChain;
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
  const node = await startChain({ kind: "hardhat" });
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
