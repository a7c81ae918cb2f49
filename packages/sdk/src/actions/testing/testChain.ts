/**
 * Test-only: a real `hardhat node` on a free port (from @dpr/devnet), and clients, accounts and a
 * deployment over HTTP, for the SDK's action tests. Not exported from the package (it starts processes).
 */
import { type DevChain, devMnemonic, startChain } from "@dpr/devnet";
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
import type { HashAlgorithmName } from "../../hashing/algorithms.js";
import { deployContracts } from "../deployContracts.js";

export interface TestChain {
  node: DevChain;
  publicClient: PublicClient<Transport, Chain>;
  testClient: ReturnType<typeof createTestClient>;
  /** The wallet of the default mnemonic's account `index`. */
  wallet(index: number): WalletClient<Transport, Chain, Account>;
  /** A context for the default mnemonic's account `index`. */
  context(index: number): DprContext;
  deployment: Deployment;
  /** Moves the node's clock forward by `seconds` and mines a block (notice periods end without waiting). */
  increaseTime(seconds: bigint | number): Promise<void>;
}

/**
 * Starts a node and deploys DPR with account 0 as the zone admin.
 */
export async function startTestChain(options: { noticePeriod: bigint; hashAlgorithm?: HashAlgorithmName }): Promise<TestChain> {
  const node = await startChain({ kind: "hardhat" });
  try {
    // No retries: a reverting call is an answer, not a transient failure.
    const transport = http(node.url, { retryCount: 0 });
    const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 20, cacheTime: 0 });
    const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport });
    const wallets = new Map<number, WalletClient<Transport, Chain, Account>>();
    const wallet = (index: number) => {
      let client = wallets.get(index);
      if (!client) {
        client = createWalletClient({ chain: hardhat, transport, account: mnemonicToAccount(devMnemonic, { addressIndex: index }) });
        wallets.set(index, client);
      }
      return client;
    };
    const deployed = await deployContracts(wallet(0), publicClient, { noticePeriod: options.noticePeriod, hashAlgorithm: options.hashAlgorithm });
    const deployment: Deployment = {
      format: "dpr-deployment/1",
      chainId: deployed.chainId,
      contracts: deployed.contracts,
      deploymentBlock: deployed.deploymentBlock,
      noticePeriod: options.noticePeriod,
      hashAlgorithm: deployed.hashAlgorithm,
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
      increaseTime: async (seconds) => {
        await testClient.increaseTime({ seconds: Number(seconds) });
        await testClient.mine({ blocks: 1 });
      },
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
