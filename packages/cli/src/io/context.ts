import { type Deployment, type DprContext, checkDeployment } from "@dpr/sdk";
import { readDeploymentFile } from "@dpr/sdk/node";
import { type Chain, createPublicClient, createWalletClient, defineChain } from "viem";
import type { LocalAccount } from "viem/accounts";
import { redactUrl, usageError } from "./errors.js";
import { nodeHttpTransport } from "./nodeHttpTransport.js";
import { loadAccount } from "./signer.js";

/** The global options every command sees (`dpr --help`). */
export interface GlobalOptions {
  rpc: string;
  deployment: string;
  keystore?: string | undefined;
  /** A remote signing service (Web3Signer, Clef); see io/signer.ts. */
  signerUrl?: string | undefined;
  signerAddress?: string | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
}

/**
 * The JSON-RPC transport to `--rpc` (over node:http, which starts faster than fetch). Two retries cover
 * a blip without making a dead endpoint slow to report; a reverting call is an answer and viem does not
 * retry those.
 */
export function transportFor(url: string) {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw usageError(`--rpc is not a URL: ${redactUrl(url)}`, "give the node's JSON-RPC endpoint, e.g. http://127.0.0.1:8545");
  }
  if (protocol !== "http:" && protocol !== "https:") {
    throw usageError(`--rpc must be an http:// or https:// URL, not ${protocol}`, "give the node's JSON-RPC endpoint over HTTP, e.g. http://127.0.0.1:8545");
  }
  return nodeHttpTransport(url, { retryCount: 2, retryDelay: 100, timeout: 30_000 });
}

/** A chain for viem from the deployment's chain id, so a wallet refuses to sign for another chain. */
export function chainFor(chainId: number, rpc: string): Chain {
  return defineChain({
    id: chainId,
    name: `chain ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpc] } },
  });
}

export function publicClientFor(rpc: string, chain?: Chain) {
  return createPublicClient({ transport: transportFor(rpc), chain, pollingInterval: 250, cacheTime: 0 });
}

export function walletClientFor(rpc: string, account: LocalAccount, chain?: Chain) {
  return createWalletClient({ transport: transportFor(rpc), chain, account });
}

/**
 * A read-only context: the deployment record and a public client, checked against the node (chain id,
 * contract code, wiring), so a stale record — a restarted development node, another network's file —
 * fails with a clear message rather than an opaque one.
 */
export async function readContext(options: GlobalOptions): Promise<DprContext> {
  const deployment: Deployment = await readDeploymentFile(options.deployment);
  const chain = chainFor(deployment.chainId, options.rpc);
  const context: DprContext = { publicClient: publicClientFor(options.rpc, chain) as DprContext["publicClient"], deployment };
  await checkDeployment(context);
  return context;
}

/**
 * A context that can sign: the checked deployment, a public client and a wallet client for the signer.
 * The key is unlocked after the record is read and before the node is asked anything.
 */
export async function writeContext(options: GlobalOptions): Promise<DprContext & { account: LocalAccount }> {
  const deployment = await readDeploymentFile(options.deployment);
  const account = await loadAccount(options);
  const chain = chainFor(deployment.chainId, options.rpc);
  const context = {
    publicClient: publicClientFor(options.rpc, chain) as DprContext["publicClient"],
    walletClient: walletClientFor(options.rpc, account, chain) as DprContext["walletClient"],
    deployment,
    account,
  };
  await checkDeployment(context);
  return context;
}
