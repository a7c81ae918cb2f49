import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  encodeFunctionData,
  getAddress,
  isAddress,
  parseEventLogs,
  zeroAddress,
} from "viem";
import { zoneTimelockAbi } from "../generated/abis.js";
import { zoneTimelockBytecode } from "../generated/bytecode.js";
import { safeL2Abi, safeL2Bytecode, safeProxyFactoryAbi, safeProxyFactoryBytecode } from "../generated/safe.js";
import { DprError, InvalidArgumentError, SignerRequiredError } from "../errors/base.js";
import { decodeDprError } from "../errors/decode.js";

/**
 * The bounds of the timelock's minimum delay, in seconds. At least 1 s: a zero delay would let the
 * multisig act with no public notice at all. Under 3 days (the directory's longest pause): governance must
 * be able to revoke a rogue pause office, or undo its pause, while the pause still runs. Production zones
 * use at least 2 days (docs/governance.md); demos and tests use seconds and move the chain's clock.
 */
export const TIMELOCK_DELAY_BOUNDS = { min: 1n, max: 3n * 86_400n - 1n } as const;

export interface DeployGovernanceParameters {
  /** The multisig's owners: distinct accounts, one per person or body. */
  owners: readonly Address[];
  /** How many owners must sign a proposal: from 2 (1 with `allowSingleSigner`) to the number of owners. */
  threshold: number;
  /** The timelock's minimum delay in seconds (see {@link TIMELOCK_DELAY_BOUNDS}). */
  minDelay: bigint | number;
  /** Who may run a ready operation; default: anyone (`[0x0]`), as the delay, not the executor, is the safeguard. */
  executors?: readonly Address[] | undefined;
  /**
   * Allows a threshold of 1. A 1-of-N Safe is any single owner's key: the separation governance exists for is
   * gone, so it is refused unless asked for (e.g. a test of what one key can do).
   */
  allowSingleSigner?: boolean | undefined;
  /** Safe's contracts already on the chain (the canonical deployments); deployed fresh when omitted. */
  safeSingleton?: Address | undefined;
  safeProxyFactory?: Address | undefined;
  /** Makes the Safe's address unique among Safes with the same owners (default: the current time). */
  saltNonce?: bigint | undefined;
}

export interface DeployGovernanceReturnType {
  /** The Safe (a SafeL2 proxy): the timelock's only proposer and canceller. */
  safe: Address;
  /** The ZoneTimelock: the zone admin to give `deployContracts` as `zoneAdmin`. */
  timelock: Address;
  minDelay: bigint;
  owners: Address[];
  threshold: number;
  safeSingleton: Address;
  safeProxyFactory: Address;
  /** The block of the first transaction. */
  deploymentBlock: bigint;
}

/**
 * Deploys the zone's governance: a Safe multisig of `owners` with `threshold` (Safe 1.5.0's SafeL2, from
 * its factory) and a ZoneTimelock whose only proposer is that Safe. Pass the timelock to `deployContracts`
 * as `zoneAdmin`: every change of who holds the zone's offices is then signed by `threshold` owners and
 * waits `minDelay` in public before it runs.
 *
 * Checked before anything is sent (an `InvalidArgumentError`): owners are valid, distinct, non-zero
 * addresses; `threshold` is from 2 (or 1 with `allowSingleSigner`) to the number of owners; `minDelay` is
 * within {@link TIMELOCK_DELAY_BOUNDS}.
 *
 * @example
 * const governance = await deployGovernance(walletClient, publicClient, { owners: [a, b, c], threshold: 2, minDelay: 2n * 86_400n })
 * await deployContracts(walletClient, publicClient, { zoneAdmin: governance.timelock, noticePeriod })
 */
export async function deployGovernance<chain extends Chain | undefined, account extends Account | undefined>(
  walletClient: WalletClient<Transport, chain, account>,
  publicClient: PublicClient,
  parameters: DeployGovernanceParameters,
): Promise<DeployGovernanceReturnType> {
  const owners = checkOwners(parameters.owners);
  const threshold = checkThreshold(parameters.threshold, owners.length, parameters.allowSingleSigner === true);
  const minDelay = checkDelay(parameters.minDelay);
  const executors = (parameters.executors ?? [zeroAddress]).map((e, i) => checkAddress(e, `executors[${i}]`, true));
  const account = walletClient.account;
  if (!account) throw new SignerRequiredError("deployGovernance");
  const url = (walletClient.transport as { url?: unknown }).url;

  const send = async (hash: Hex) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new DprError(`governance deployment transaction ${hash} failed`);
    return receipt;
  };
  const deploy = async (abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]) =>
    send(await walletClient.deployContract({ abi, bytecode, args, account, chain: walletClient.chain } as unknown as Parameters<typeof walletClient.deployContract>[0]));

  try {
    let firstBlock: bigint | undefined;
    const note = (block: bigint) => (firstBlock ??= block);
    let factory = parameters.safeProxyFactory;
    if (factory === undefined) {
      const receipt = await deploy(safeProxyFactoryAbi, safeProxyFactoryBytecode, []);
      note(receipt.blockNumber);
      factory = receipt.contractAddress!;
    }
    let singleton = parameters.safeSingleton;
    if (singleton === undefined) {
      const receipt = await deploy(safeL2Abi, safeL2Bytecode, []);
      note(receipt.blockNumber);
      singleton = receipt.contractAddress!;
    }
    // setup(owners, threshold, to = 0, data = 0x, fallbackHandler = 0, paymentToken = 0, payment = 0, paymentReceiver = 0):
    // no module, no fallback handler, no refund — the Safe does nothing but check owners' signatures.
    const initializer = encodeFunctionData({
      abi: safeL2Abi,
      functionName: "setup",
      args: [owners, BigInt(threshold), zeroAddress, "0x", zeroAddress, zeroAddress, 0n, zeroAddress],
    });
    const proxyReceipt = await send(
      await walletClient.writeContract({
        address: factory,
        abi: safeProxyFactoryAbi,
        functionName: "createProxyWithNonce",
        args: [singleton, initializer, parameters.saltNonce ?? BigInt(Date.now())],
        account,
        chain: walletClient.chain,
      } as unknown as Parameters<typeof walletClient.writeContract>[0]),
    );
    note(proxyReceipt.blockNumber);
    const created = parseEventLogs({ abi: safeProxyFactoryAbi, logs: proxyReceipt.logs, eventName: "ProxyCreation" })[0];
    if (!created) throw new DprError(`the Safe factory at ${factory} created no Safe`, { hint: "is --safe-proxy-factory Safe's SafeProxyFactory?" });
    const safe = getAddress((created.args as { proxy: Address }).proxy);
    const timelockReceipt = await deploy(zoneTimelockAbi, zoneTimelockBytecode, [minDelay, [safe], executors]);
    return {
      safe,
      timelock: getAddress(timelockReceipt.contractAddress!),
      minDelay,
      owners,
      threshold,
      safeSingleton: getAddress(singleton),
      safeProxyFactory: getAddress(factory),
      deploymentBlock: firstBlock ?? timelockReceipt.blockNumber,
    };
  } catch (error) {
    if (error instanceof DprError) throw error;
    throw decodeDprError(error, { url: typeof url === "string" ? url : undefined });
  }
}

function checkAddress(value: unknown, what: string, allowZero = false): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) throw new InvalidArgumentError(`${what} is not an address: ${String(value)}`);
  if (!allowZero && value.toLowerCase() === zeroAddress) throw new InvalidArgumentError(`${what} is the zero address`);
  return getAddress(value);
}

function checkOwners(owners: readonly Address[]): Address[] {
  if (!Array.isArray(owners) || owners.length === 0) throw new InvalidArgumentError("the multisig needs at least one owner");
  const checked = owners.map((o, i) => checkAddress(o, `owners[${i}]`));
  const seen = new Set<string>();
  for (const owner of checked) {
    if (seen.has(owner)) throw new InvalidArgumentError(`${owner} is named twice among the owners`, { hint: "each owner signs once; name distinct accounts" });
    seen.add(owner);
  }
  return checked;
}

function checkThreshold(threshold: number, owners: number, allowSingle: boolean): number {
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > owners) {
    throw new InvalidArgumentError(`the threshold must be from 1 to the number of owners (${owners}), got ${String(threshold)}`);
  }
  if (threshold === 1 && !allowSingle) {
    throw new InvalidArgumentError("a threshold of 1 lets any single owner act alone", {
      hint: "use 2 or more (e.g. 2 of 3); allowSingleSigner exists for tests of what one key can do",
    });
  }
  return threshold;
}

function checkDelay(value: bigint | number): bigint {
  const delay = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (delay === undefined || delay < TIMELOCK_DELAY_BOUNDS.min || delay > TIMELOCK_DELAY_BOUNDS.max) {
    throw new InvalidArgumentError(
      `the timelock delay must be from ${TIMELOCK_DELAY_BOUNDS.min} s to ${TIMELOCK_DELAY_BOUNDS.max} s (under the directory's 3-day pause), got ${String(value)}`,
      { hint: "production zones use at least 2 days (172800 s); demos and tests use seconds and move the chain's clock" },
    );
  }
  return delay;
}
