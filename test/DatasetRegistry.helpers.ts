/**
 * Helpers shared by the DatasetRegistry tests (test/DatasetRegistry.*.test.ts).
 */
import {
  type Address,
  type Hex,
  type TransactionReceipt,
  encodeAbiParameters,
  keccak256,
  parseEventLogs,
} from "viem";
import { Right, datasetRegistryAbi } from "@dpr/sdk";
import { increaseTime, publicClient, testClient } from "./helpers/chain.js";
import { type Actor, type Dpr, NOTICE_PERIOD, grantRequest, h, mined, registerConfirmed } from "./helpers/dpr.js";

/** The cast's addresses (test/helpers/dpr.ts already checksums them, as viem decodes addresses). */
export function cast(dpr: Dpr): Record<Actor, Address> {
  return dpr.a;
}

/** The registry for reads that are expected to revert (the shared client does not retry reverted calls). */
export function revertingReads(dpr: Dpr) {
  return dpr.read.datasets.read;
}

/** The dataset id computed off chain, as any holder of the file would: keccak256(abi.encode(uint8, bytes32)). */
export function expectedId(algorithm: number, contentHash: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "uint8" }, { type: "bytes32" }], [algorithm, contentHash]));
}

/** The DatasetRegistry events of a receipt, in log order. */
export function datasetEvents(receipt: TransactionReceipt) {
  return parseEventLogs({ abi: datasetRegistryAbi, logs: receipt.logs });
}

/** The timestamp of the block a receipt is in. */
export async function blockTime(receipt: TransactionReceipt): Promise<bigint> {
  return (await publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp;
}

/** Mines the next block at exactly `timestamp`. */
export async function mineAt(timestamp: bigint | number): Promise<void> {
  await testClient.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
  await testClient.mine({ blocks: 1 });
}

/** The next transaction's block will have exactly `timestamp`. */
export async function nextBlockAt(timestamp: bigint | number): Promise<void> {
  await testClient.setNextBlockTimestamp({ timestamp: BigInt(timestamp) });
}

/**
 * The organisation of an actor or account, as the registry compares them (the first account onboarded with its
 * legal identity: `registrarSameOrg` is in `registrar`'s, `cdo` in `holder`'s); zero for a non-participant.
 */
export async function orgOf(dpr: Dpr, who: Actor | Address): Promise<Address> {
  return dpr.read.directory.read.organisationOf([who.startsWith("0x") ? (who as Address) : dpr.a[who as Actor]]);
}

/** Suspends a participant (as the zone admin). */
export async function suspend(dpr: Dpr, actor: Actor): Promise<void> {
  await mined(dpr.as("admin").directory.write.suspend([dpr.a[actor], h(`suspend:${actor}`)]));
}

/** A dataset registered by `holder`, confirmed, with its notice period over: status CONFIRMED. */
export async function confirmedDataset(dpr: Dpr, label: string, actor: Actor = "holder"): Promise<Hex> {
  const id = await registerConfirmed(dpr, label, {}, actor);
  await increaseTime(NOTICE_PERIOD);
  return id;
}

/** A dataset in its notice period that holderHK has objected to: status DISPUTED. */
export async function disputedDataset(dpr: Dpr, label: string): Promise<Hex> {
  const id = await registerConfirmed(dpr, label);
  await mined(dpr.as("holderHK").datasets.write.object([id, h(`evidence:${label}`)]));
  return id;
}

/**
 * The holder grants `right` on a CONFIRMED dataset to holder2 (same jurisdiction, general non-personal
 * data: the grant is active at once). Returns the grant id.
 */
export async function grantToHolder2(
  dpr: Dpr,
  datasetId: Hex,
  right: Right = Right.PROCESSING_USE,
  expiresAt: bigint | number = 0,
): Promise<bigint> {
  await mined(dpr.as("holder").grants.write.grant([grantRequest({ datasetId, grantee: dpr.a.holder2, right, expiresAt })]));
  return dpr.read.grants.read.latestGrant([datasetId, dpr.a.holder2, right]);
}
