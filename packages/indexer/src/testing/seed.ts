/**
 * Test and benchmark support: many registry events, fast. Automining is switched off, transactions are
 * signed locally with explicit nonces and a fixed gas limit (no estimation round trip), sent by several
 * holders, and mined `perBlock` at a time.
 *
 * Each registration emits one `DatasetRegistered`; every `confirmEvery`-th dataset is then confirmed by
 * a registrar (one `DatasetConfirmed`), so the index sees entity updates, not only inserts.
 */
import { datasetRegistryAbi, participantDirectoryAbi, Jurisdiction, Role } from "@dpr/sdk";
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

export async function seedEvents(chain: StoryChain, options: SeedOptions): Promise<SeedResult> {
  const perBlock = options.perBlock ?? 200;
  const confirmEvery = options.confirmEvery ?? 4;
  const holderCount = options.holders ?? 4;
  const label = options.label ?? "seed";
  const transport = http(chain.url, { retryCount: 0 });
  const admin = createWalletClient({ chain: hardhat, transport, account: mnemonicToAccount(MNEMONIC, { addressIndex: 0 }) });
  const accounts = Array.from({ length: holderCount }, (_, i) => mnemonicToAccount(MNEMONIC, { addressIndex: FIRST_HOLDER + i }));
  const registrar = mnemonicToAccount(MNEMONIC, { addressIndex: REGISTRAR });

  // Fund and onboard the seeding accounts once (idempotent across calls).
  const zoneAdmin = (await chain.publicClient.readContract({ address: chain.deployment.contracts.directory, abi: participantDirectoryAbi, functionName: "owner" })) as Address;
  const adminClient = zoneAdmin.toLowerCase() === admin.account.address.toLowerCase() ? admin : createWalletClient({ chain: hardhat, transport, account: mnemonicToAccount(MNEMONIC, { addressIndex: 8 }) });
  for (const [account, roles] of [...accounts.map((a) => [a, 1 << Role.HOLDER] as const), [registrar, 1 << Role.REGISTRAR] as const]) {
    const known = await chain.publicClient.readContract({
      address: chain.deployment.contracts.directory,
      abi: participantDirectoryAbi,
      functionName: "isActive",
      args: [account.address],
    });
    if (known) continue;
    await chain.testClient.setBalance({ address: account.address, value: 10n ** 24n });
    const hash = await adminClient.writeContract({
      address: chain.deployment.contracts.directory,
      abi: participantDirectoryAbi,
      functionName: "addParticipant",
      args: [account.address, Jurisdiction.GZ, roles, keccak256(toHex(`seed legal identity ${account.address}`)), ""],
    });
    await chain.publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  }

  const wallets = new Map(accounts.map((account) => [account.address, createWalletClient({ chain: hardhat, transport, account })]));
  const registrarWallet = createWalletClient({ chain: hardhat, transport, account: registrar });
  const nonces = new Map<Address, number>();
  for (const account of [...accounts, registrar]) {
    nonces.set(account.address, await chain.publicClient.getTransactionCount({ address: account.address, blockTag: "pending" }));
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
  let pendingInBlock = 0;
  const toConfirm: Hex[] = [];
  const gasPrice = 2_000_000_000n;
  try {
    let queue: Hex[] = [];
    // One JSON-RPC batch per block: far fewer round trips than one request per transaction.
    const mine = async () => {
      const body = queue.map((raw, id) => ({ jsonrpc: "2.0", id, method: "eth_sendRawTransaction", params: [raw] }));
      queue = [];
      const response = await fetch(chain.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const replies = (await response.json()) as { error?: { message: string } }[];
      const failed = replies.find((reply) => reply.error);
      if (failed) throw new Error(`seeding transaction refused: ${failed.error!.message}`);
      await chain.testClient.mine({ blocks: 1 });
      pendingInBlock = 0;
    };
    const send = async (wallet: ReturnType<typeof createWalletClient>, address: Address, data: Hex) => {
      queue.push(
        await wallet.signTransaction({
          account: wallet.account!,
          chain: hardhat,
          to: chain.deployment.contracts.datasets,
          data,
          gas: 300_000n,
          gasPrice,
          nonce: nextNonce(address),
        }),
      );
      events += 1;
      pendingInBlock += 1;
      if (pendingInBlock >= perBlock) await mine();
    };
    for (let i = 0; i < options.registrations; i++) {
      const account = accounts[i % accounts.length]!;
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
          },
        ],
      });
      await send(wallets.get(account.address)!, account.address, data);
      const datasetId = keccak256(encodeAbiParameters([{ type: "uint8" }, { type: "bytes32" }], [0, contentHash]));
      datasetIds.push(datasetId);
      if (confirmEvery > 0 && i % confirmEvery === 0) toConfirm.push(datasetId);
      // Confirmations go into the block after their registrations.
      if (pendingInBlock === 0 && toConfirm.length > 0) {
        for (const id of toConfirm.splice(0)) {
          await send(registrarWallet, registrar.address, encodeFunctionData({ abi: datasetRegistryAbi, functionName: "confirm", args: [id] }));
        }
      }
      options.onProgress?.(i + 1, options.registrations);
    }
    if (pendingInBlock > 0) await mine();
    for (const id of toConfirm.splice(0)) {
      await send(registrarWallet, registrar.address, encodeFunctionData({ abi: datasetRegistryAbi, functionName: "confirm", args: [id] }));
    }
    if (pendingInBlock > 0) await mine();
  } finally {
    await chain.testClient.setAutomine(true);
  }
  const endBlock = await chain.publicClient.getBlockNumber();
  return { events, blocks: Number(endBlock - startBlock), datasetIds };
}
