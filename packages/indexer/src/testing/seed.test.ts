import { afterAll, beforeAll, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { seedEvents } from "./seed.js";
import { type StoryChain, onboard, setUpChain } from "./story.js";

let node: DevChain;
let chain: StoryChain;

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 10);
  await onboard(chain);
}, 120_000);

afterAll(async () => {
  await node?.stop();
});

it("seeds registrations and confirmations many per block, all of them successful", async () => {
  const from = await chain.publicClient.getBlockNumber();
  const result = await seedEvents(chain, { registrations: 300, perBlock: 100, confirmEvery: 3 });
  const logs = await chain.publicClient.getLogs({ address: chain.deployment.contracts.datasets, fromBlock: from + 1n });
  // Onboarding emits in the directory; the registry's logs are exactly what was sent.
  expect(logs).toHaveLength(result.events);
  expect(result.events).toBe(300 + 100);
  expect(result.blocks).toBeGreaterThanOrEqual(4);
  expect(result.blocks).toBeLessThanOrEqual(10);
  expect(new Set(logs.map((l) => l.blockNumber)).size).toBeLessThan(10);
}, 120_000);
