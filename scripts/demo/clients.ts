import { devAccount, devAccountCount, devMnemonic } from "@dpr/devnet";
import { type Account, type Chain, type PublicClient, type Transport, type WalletClient, createPublicClient, createWalletClient, defineChain, http } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { type Deployment, deployContracts } from "@dpr/sdk";
import { CAST, DEMO_NOTICE_PERIOD, type DemoActor } from "./story.js";

/** The local development chain, whichever node runs it (both use chain id 31337). */
export const devnetChain = defineChain({
  id: 31337,
  name: "DPR devnet",
  nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
  rpcUrls: { default: { http: ["http://127.0.0.1:8545"] } },
});

/**
 * A public client and one wallet per part of the story, over HTTP to `url`. Wallets sign locally with
 * the development keys (as they would with keys of a real network), rather than relying on the node's
 * unlocked accounts.
 */
export function demoClients(url: string): {
  publicClient: PublicClient<Transport, Chain>;
  wallets: Record<DemoActor, WalletClient<Transport, Chain, Account>>;
} {
  // No retries: a refused call is an answer, not a hiccup. Short polling: local nodes mine at once.
  const transport = http(url, { retryCount: 0 });
  const publicClient = createPublicClient({ chain: devnetChain, transport, pollingInterval: 50, cacheTime: 0 });
  // Accounts past the chains' funded ones (an officer the story funds itself) come from the same mnemonic.
  const wallet = (index: number): WalletClient<Transport, Chain, Account> =>
    createWalletClient({
      chain: devnetChain,
      transport,
      account: index < devAccountCount ? privateKeyToAccount(devAccount(index).privateKey) : mnemonicToAccount(devMnemonic, { addressIndex: index }),
    });
  const wallets = Object.fromEntries(
    (Object.entries(CAST) as [DemoActor, (typeof CAST)[DemoActor]][]).map(([actor, member]) => [actor, wallet(member.index)]),
  ) as Record<DemoActor, WalletClient<Transport, Chain, Account>>;
  return { publicClient, wallets };
}

/** Deploys DPR for the demo (the zone admin's wallet deploys; the demo's notice period) and returns its record. */
export async function deployDemo(clients: ReturnType<typeof demoClients>): Promise<Deployment> {
  const { publicClient, wallets } = clients;
  const deployed = await deployContracts(wallets.admin, publicClient, { noticePeriod: DEMO_NOTICE_PERIOD });
  return {
    format: "dpr-deployment/1",
    chainId: deployed.chainId,
    contracts: deployed.contracts,
    deploymentBlock: deployed.deploymentBlock,
    noticePeriod: DEMO_NOTICE_PERIOD,
    zoneAdmin: wallets.admin.account.address,
    deployedAt: new Date().toISOString(),
  };
}
