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
  getAddress,
} from "viem";
import { hardhat } from "viem/chains";

// No retries: a reverting eth_call is an answer, not a transient failure (viem would retry it 3 times).
const transport = custom(hre.network.provider, { retryCount: 0 });

export const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 10, cacheTime: 0 });
export const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport });

/** A wallet client for one of Hardhat's unlocked accounts. */
export function walletFor(address: Address) {
  return createWalletClient({ chain: hardhat, transport, account: address });
}

/** Hardhat's unlocked accounts, checksummed as viem returns addresses from events, errors and reads. */
export async function accounts(): Promise<Address[]> {
  return ((await hre.network.provider.request({ method: "eth_accounts" })) as Address[]).map((a) => getAddress(a));
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

/** Fixtures in the order their snapshots were taken: reverting to one invalidates every later one. */
const fixtures: { fixture: () => Promise<unknown>; snapshot: Hex; result: unknown }[] = [];

/**
 * Runs `fixture` once and snapshots the chain; later calls revert to that snapshot instead, so each
 * test starts from the same state in milliseconds. Pass the same function each time.
 */
export async function loadFixture<T>(fixture: () => Promise<T>): Promise<T> {
  const index = fixtures.findIndex((f) => f.fixture === fixture);
  if (index !== -1) {
    const entry = fixtures[index]!;
    const reverted = await hre.network.provider.request({ method: "evm_revert", params: [entry.snapshot] });
    if (reverted !== true) throw new Error("could not revert to the fixture's snapshot");
    // Snapshots taken after this one are gone: their fixtures run afresh next time.
    fixtures.splice(index + 1);
    entry.snapshot = await testClient.snapshot();
    return entry.result as T;
  }
  const result = await fixture();
  fixtures.push({ fixture, snapshot: await testClient.snapshot(), result });
  return result;
}
