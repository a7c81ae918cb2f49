import type { Address, Hex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/**
 * The mnemonic of every development chain DPR starts: Hardhat's default, public and well known. Its keys
 * are funded on each chain and must never hold anything of value.
 */
export const devMnemonic = "test test test test test test test test test test test junk";

/** How many funded accounts each development chain has (hardhat.config.ts and anvil's `--accounts`). */
export const devAccountCount = 12;

/** The chain id of every development chain (Hardhat's default, given to anvil with `--chain-id`). */
export const devChainId = 31337;

/** One funded account of the development mnemonic. */
export interface DevAccount {
  index: number;
  address: Address;
  /** The account's key: for signing in tests and local scripts only, never for printing or logging. */
  privateKey: Hex;
}

/**
 * The development mnemonic's account `index` (0 to 11), as Hardhat's node and anvil fund it.
 *
 * @example
 * const admin = devAccount(0) // 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
 * const wallet = createWalletClient({ transport: http(chain.url), account: privateKeyToAccount(admin.privateKey) })
 */
export function devAccount(index: number): DevAccount {
  if (!Number.isInteger(index) || index < 0 || index >= devAccountCount) {
    throw new RangeError(`no development account ${index}: the chains fund accounts 0 to ${devAccountCount - 1}`);
  }
  const account = mnemonicToAccount(devMnemonic, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`the development mnemonic gave no private key for account ${index}`);
  return { index, address: account.address, privateKey: `0x${Buffer.from(key).toString("hex")}` };
}
