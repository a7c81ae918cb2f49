/**
 * Viem clients over Hardhat's in-process network, with snapshot fixtures and time control.
 * Contract tests run in-process so that solidity-coverage can observe them (see scripts/coverage.ts).
 */
import hre from "hardhat";
import {
  type Address,
  type Hex,
  createPublicClient,
  createTestClient,
  createWalletClient,
  custom,
} from "viem";
import { hardhat } from "viem/chains";

const transport = custom(hre.network.provider);

export const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 10, cacheTime: 0 });
export const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport });

/** A wallet client for one of Hardhat's unlocked accounts. */
export function walletFor(address: Address) {
  return createWalletClient({ chain: hardhat, transport, account: address });
}

export async function accounts(): Promise<Address[]> {
  return (await hre.network.provider.request({ method: "eth_accounts" })) as Address[];
}

/** The creation bytecode Hardhat compiled (coverage-instrumented when coverage runs). */
export function artifactBytecode(name: string): Hex {
  return hre.artifacts.readArtifactSync(name).bytecode as Hex;
}

export async function now(): Promise<bigint> {
  return (await publicClient.getBlock()).timestamp;
}

/** Moves the clock forward by `seconds` and mines a block. */
export async function increaseTime(seconds: bigint | number): Promise<void> {
  await testClient.increaseTime({ seconds: Number(seconds) });
  await testClient.mine({ blocks: 1 });
}

const snapshots = new Map<() => Promise<unknown>, Hex>();
const results = new Map<() => Promise<unknown>, unknown>();

/**
 * Runs `fixture` once and snapshots the chain; later calls revert to that snapshot instead, so each
 * test starts from the same state in milliseconds.
 */
export async function loadFixture<T>(fixture: () => Promise<T>): Promise<T> {
  const id = snapshots.get(fixture);
  if (id !== undefined) {
    const reverted = await testClient.revert({ id });
    if (reverted as unknown as boolean === false) throw new Error("could not revert to the fixture's snapshot");
    snapshots.set(fixture, await testClient.snapshot());
    return results.get(fixture) as T;
  }
  const result = await fixture();
  results.set(fixture, result);
  snapshots.set(fixture, await testClient.snapshot());
  return result;
}
