/**
 * @deprecated Superseded by `@dpr/devnet`: import `startChain`, `devAccount`, `freePort` and
 * `groupMembers` from there. This file only forwards to it, for tests written before it existed, and
 * goes once nothing imports it.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type DevChain, devAccount, startChain } from "@dpr/devnet";
import type { Hex } from "viem";

export { freePort, groupMembers } from "@dpr/devnet";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** @deprecated `devAccount(index).privateKey` from @dpr/devnet. */
export function hardhatKey(index: number): Hex {
  return devAccount(index).privateKey;
}

/** @deprecated `devAccount(index).address` from @dpr/devnet. */
export function hardhatAddress(index: number): Hex {
  return devAccount(index).address;
}

/** @deprecated `DevChain` from @dpr/devnet. */
export type HardhatNode = DevChain;

/** @deprecated `startChain({ kind: "hardhat" })` from @dpr/devnet. */
export function startHardhatNode(): Promise<DevChain> {
  return startChain({ kind: "hardhat" });
}
