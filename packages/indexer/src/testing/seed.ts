/**
 * Test and benchmark support: many registry events, fast. Automining is switched off; the seeding
 * accounts are impersonated (`hardhat_impersonateAccount`, which Hardhat's node and anvil both answer),
 * so the node takes unsigned `eth_sendTransaction`s with explicit nonces, gas and gas price (no signing,
 * no estimation round trip); each block's transactions go in one JSON-RPC batch and are mined with
 * `evm_mine`, while the next block's calldata is already being encoded.
 *
 * Why unsigned: signing with viem's JavaScript secp256k1 costs about 1.9 ms per transaction here (and
 * `walletClient.signTransaction` adds an `eth_chainId` round trip per call), which capped the seeder at
 * about 200 transactions per second even on anvil; impersonated sends run at about 1,400 per second on
 * anvil. On Hardhat's node block execution (about 4 ms per registration) is the limit either way.
 *
 * Each registration emits one `DatasetRegistered`; every `confirmEvery`-th dataset is then confirmed by
 * a registrar (one `DatasetConfirmed`), so the index sees entity updates, not only inserts.
 */
import { NO_BORDER_CONDITIONS, datasetRegistryAbi, participantDirectoryAbi, Jurisdiction, Role, ZONE_OFFICES } from "@dpr/sdk";
import { type Address, type Hex, createWalletClient, encodeAbiParameters, encodeFunctionData, http, keccak256, toHex, zeroHash } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import type { StoryChain } from "./story.js";
import { MNEMONIC } from "./story.js";

export interface SeedOptions {
  /** Registrations to send (each emits one event; confirmations add more). */
  registrations: number;
  /** Transactions per mined block (default 200). */
  perBlock?: number;
  /** Confirm every n-th registration (default 4; 0 never). */
  confirmEvery?: number;
  /** Holder accounts to spread the registrations over (default 4), onboarded here. */
  holders?: number;
  /** A label making content hashes unique across calls. */
  label?: string;
  onProgress?: (sent: number, total: number) => void;
}

export interface SeedResult {
  events: number;
  blocks: number;
  datasetIds: Hex[];
}

/** First mnemonic index used for seeding holders (after the story's cast). */
const FIRST_HOLDER = 20;
/** The registrar account index used for confirmations (onboarded here). */
const REGISTRAR = 19;
/** Enough for a registration or a confirmation with room to spare; fixed, so nothing is estimated. */
const GAS = toHex(300_000);
const GAS_PRICE = toHex(2_000_000_000);

interface RpcReply {
  id: number;
  result?: unknown;
  error?: { code?: number; message: string };
}

export async function seedEvents(chain: StoryChain, options: SeedOptions): Promise<SeedResult> {
  const perBlock = options.perBlock ?? 200;
  const confirmEvery = options.confirmEvery ?? 4;
  const holderCount = options.holders ?? 4;
  const label = options.label ?? "seed";
  if (!(Number.isInteger(perBlock) && perBlock > 0)) throw new TypeError(`perBlock must be a whole number above 0, not ${perBlock}`);
  const transport = http(chain.url, { retryCount: 0 });
  const admin = createWalletClient({ chain: hardhat, transport, account: mnemonicToAccount(MNEMONIC, { addressIndex: 0 }) });
  const holders = Array.from({ length: holderCount }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: FIRST_HOLDER + i }).address);
  const registrar = mnemonicToAccount(MNEMONIC, { addressIndex: REGISTRAR }).address;

  let nextId = 1;
  const rpc = async (body: object[]): Promise<RpcReply[]> => {
    const response = await fetch(chain.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`seeding: the node answered HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const replies = (await response.json()) as RpcReply[] | RpcReply;
    if (!Array.isArray(replies)) throw new Error(`seeding: the node refused a batch: ${replies.error?.message ?? JSON.stringify(replies).slice(0, 200)}`);
    const failed = replies.find((reply) => reply.error);
    if (failed) throw new Error(`seeding: ${(body[0] as { method?: string }).method ?? "a request"} refused: ${failed.error!.message}`);
    return replies;
  };
  const request = (method: string, params: unknown[]) => ({ jsonrpc: "2.0", id: nextId++, method, params });

  // Fund and onboard the seeding accounts once (idempotent across calls).
  // Onboarding is the onboarding office's: the deployer's, unless the story handed it on (account 8).
  const deployerOnboards = await chain.publicClient.readContract({
    address: chain.deployment.contracts.directory,
    abi: participantDirectoryAbi,
    functionName: "hasRole",
    args: [ZONE_OFFICES.ONBOARDING, admin.account.address],
  });
  const adminClient = deployerOnboards ? admin : createWalletClient({ chain: hardhat, transport, account: mnemonicToAccount(MNEMONIC, { addressIndex: 8 }) });
  for (const [account, roles] of [...holders.map((a) => [a, 1 << Role.HOLDER] as const), [registrar, 1 << Role.REGISTRAR] as const]) {
    const known = await chain.publicClient.readContract({
      address: chain.deployment.contracts.directory,
      abi: participantDirectoryAbi,
      functionName: "isActive",
      args: [account],
    });
    if (known) continue;
    await chain.testClient.setBalance({ address: account, value: 10n ** 24n });
    const hash = await adminClient.writeContract({
      address: chain.deployment.contracts.directory,
      abi: participantDirectoryAbi,
      functionName: "addParticipant",
      args: [account, Jurisdiction.GZ, roles, keccak256(toHex(`seed legal identity ${account}`)), ""],
    });
    await chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  }
  await rpc([...holders, registrar].map((account) => request("hardhat_impersonateAccount", [account])));

  const nonces = new Map<Address, number>();
  for (const account of [...holders, registrar]) {
    nonces.set(account, await chain.publicClient.getTransactionCount({ address: account, blockTag: "pending" }));
  }
  const nextNonce = (address: Address) => {
    const nonce = nonces.get(address)!;
    nonces.set(address, nonce + 1);
    return nonce;
  };

  await chain.testClient.setAutomine(false);
  const startBlock = await chain.publicClient.getBlockNumber();
  const datasetIds: Hex[] = [];
  let events = 0;
  try {
    /** The block being filled: one batch of sends. */
    let block: object[] = [];
    /** The previous block's sends and mining, still in flight while this block is encoded. */
    let inFlight: Promise<void> = Promise.resolve();
    /** Registrations mined (or in flight) whose confirmations are still to send. */
    let toConfirm: Hex[] = [];
    let sent = 0;

    const send = (from: Address, data: Hex) => {
      block.push(request("eth_sendTransaction", [{ from, to: chain.deployment.contracts.datasets, data, gas: GAS, gasPrice: GAS_PRICE, nonce: toHex(nextNonce(from)) }]));
      events += 1;
    };
    const mine = async () => {
      const sends = block;
      block = [];
      // A block's confirmations must follow its registrations' block, so this block goes out only
      // once the previous one is mined.
      await inFlight;
      inFlight = (async () => {
        if (sends.length > 0) await rpc(sends);
        await rpc([request("evm_mine", [])]);
      })();
      // Surface a failure at the next await even if nothing else waits on this block.
      inFlight.catch(() => {});
    };
    const confirmPending = () => {
      for (const id of toConfirm) send(registrar, encodeFunctionData({ abi: datasetRegistryAbi, functionName: "confirm", args: [id] }));
      toConfirm = [];
    };

    for (let i = 0; i < options.registrations; i++) {
      // Confirmations of the previous block's registrations open the next block.
      if (block.length === 0) confirmPending();
      const holder = holders[i % holders.length]!;
      const contentHash = keccak256(toHex(`${label} ${i}`));
      const data = encodeFunctionData({
        abi: datasetRegistryAbi,
        functionName: "register",
        args: [
          {
            algorithm: 0,
            contentHash,
            metadataHash: zeroHash,
            metadataURI: `https://data.example/${label}/${i}.json`,
            category: i % 3 === 2 ? 0 : i % 3,
            grade: 0,
            containsPersonalData: false,
            sector: i % 7,
            jurisdiction: Jurisdiction.GZ,
            versionOf: zeroHash,
            parents: [],
            borderConditions: NO_BORDER_CONDITIONS,
          },
        ],
      });
      send(holder, data);
      const datasetId = keccak256(encodeAbiParameters([{ type: "uint8" }, { type: "bytes32" }], [0, contentHash]));
      datasetIds.push(datasetId);
      if (confirmEvery > 0 && i % confirmEvery === 0) toConfirm.push(datasetId);
      sent += 1;
      if (block.length >= perBlock) {
        await mine();
        options.onProgress?.(sent, options.registrations);
      }
    }
    if (block.length > 0) await mine();
    confirmPending();
    while (block.length > 0) {
      const rest = block.splice(perBlock);
      await mine();
      block = rest;
    }
    await inFlight;
    options.onProgress?.(sent, options.registrations);
  } finally {
    await chain.testClient.setAutomine(true);
    await rpc([...holders, registrar].map((account) => request("hardhat_stopImpersonatingAccount", [account]))).catch(() => {});
  }
  const endBlock = await chain.publicClient.getBlockNumber();
  return { events, blocks: Number(endBlock - startBlock), datasetIds };
}
