import {
  type Account,
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
  getContractAddress,
  zeroAddress,
} from "viem";
import {
  batchAnchorRegistryAbi,
  datasetRegistryAbi,
  grantRegistryAbi,
  participantDirectoryAbi,
  requestForwarderAbi,
} from "../generated/abis.js";
import {
  batchAnchorRegistryBytecode,
  datasetRegistryBytecode,
  grantRegistryBytecode,
  participantDirectoryBytecode,
  requestForwarderBytecode,
} from "../generated/bytecode.js";
import { HashAlgorithm } from "../generated/enums.js";
import { InvalidArgumentError, SignerRequiredError } from "../errors/base.js";
import { type HashAlgorithmName, hashAlgorithmName, hashAlgorithmOf } from "../hashing/algorithms.js";
import { decodeDprError } from "../errors/decode.js";

/** The addresses of one DPR deployment. */
export interface DprContracts {
  directory: Address;
  datasets: Address;
  grants: Address;
  anchors: Address;
  /** The request forwarder: carries requests officers signed off line (EIP-712) to the registries. */
  forwarder: Address;
}

/** The directory's offices, each held by its own body (see {@link DeployContractsParameters.offices}). */
export interface ZoneOffices {
  /** Onboards and removes accounts, sets roles, re-commits legal identities, attests names. */
  onboarding?: Address | undefined;
  /** Suspends and reinstates participants. */
  discipline?: Address | undefined;
  /** Pauses new registrations, anchors and grants for at most 3 days. */
  pause?: Address | undefined;
  /** Closes the deployment in favour of a successor. */
  migration?: Address | undefined;
}

export interface DeployContractsParameters {
  /**
   * The zone's governance (the directory's `DEFAULT_ADMIN_ROLE`, which grants and revokes the offices): a
   * timelock whose proposer is a multisig in production (see `deployGovernance`); defaults to the deploying
   * account.
   */
  zoneAdmin?: Address;
  /** Who holds each office at first; an office not named is governance's. */
  offices?: ZoneOffices | undefined;
  /** The public notice period after confirmation, in seconds: from 10 s (demos and tests) to 365 days. */
  noticePeriod: bigint | number;
  /**
   * The hash algorithm of every registration, as its on-chain value or name: SHA256 (the default), or SM3 for a
   * national-standard zone.
   */
  hashAlgorithm?: HashAlgorithm | HashAlgorithmName | undefined;
  /** Creation bytecode to use instead of the SDK's (e.g. coverage-instrumented builds in tests). */
  bytecode?: Partial<Record<keyof DprContracts, Hex>>;
}

export interface DeployContractsReturnType {
  contracts: DprContracts;
  /** The block of the first deployment transaction: where an indexer starts. */
  deploymentBlock: bigint;
  chainId: number;
  /** The hash algorithm the dataset registry was deployed with. */
  hashAlgorithm: HashAlgorithmName;
}

/** The notice period's bounds, in seconds (the dataset registry's `MIN_NOTICE_PERIOD` and `MAX_NOTICE_PERIOD`). */
export const NOTICE_PERIOD_BOUNDS = { min: 10n, max: 365n * 86_400n } as const;

/**
 * Deploys the five DPR contracts in one go: the request forwarder, the participant directory (governed by
 * the zone admin, its offices held as `offices` says), the dataset registry, the grant registry and the batch
 * anchor registry; the registries trust the forwarder's signed requests.
 *
 * The dataset and grant registries point at each other; the grant registry's address is predicted from
 * the deployer's nonce and its constructor checks the link, so a mis-ordered deployment reverts rather
 * than producing a broken registry. The deployer must send nothing else while this runs.
 *
 * The notice period must be within {@link NOTICE_PERIOD_BOUNDS} (10 s to 365 days); outside them, or with an
 * unknown hash algorithm, it throws an `InvalidArgumentError` before anything is sent.
 *
 * Errors are the SDK's: an unreachable endpoint is an `RpcUnreachableError`, a missing account a
 * `SignerRequiredError`, anything else a `DprError`.
 *
 * @example
 * const { contracts } = await deployContracts(walletClient, publicClient, { noticePeriod: 7n * 86_400n })
 */
export async function deployContracts<chain extends Chain | undefined, account extends Account | undefined>(
  walletClient: WalletClient<Transport, chain, account>,
  publicClient: PublicClient,
  parameters: DeployContractsParameters,
): Promise<DeployContractsReturnType> {
  const url = (walletClient.transport as { url?: unknown }).url;
  checkNoticePeriod(parameters.noticePeriod);
  algorithmValue(parameters.hashAlgorithm);
  return deployAll(walletClient, publicClient, parameters).catch((error: unknown) => {
    throw decodeDprError(error, { url: typeof url === "string" ? url : undefined });
  });
}

/** Refuses a notice period the dataset registry's constructor would refuse, before any gas is spent. */
function checkNoticePeriod(value: bigint | number): void {
  const period = typeof value === "bigint" ? value : Number.isSafeInteger(value) ? BigInt(value) : undefined;
  if (period === undefined || period < NOTICE_PERIOD_BOUNDS.min || period > NOTICE_PERIOD_BOUNDS.max) {
    throw new InvalidArgumentError(
      `the notice period must be from ${NOTICE_PERIOD_BOUNDS.min} s to ${NOTICE_PERIOD_BOUNDS.max} s (365 days), got ${String(value)}`,
      { hint: "use 10 s or more for demos and tests, and move the chain's clock rather than waiting" },
    );
  }
}

function algorithmValue(algorithm: HashAlgorithm | HashAlgorithmName | undefined): HashAlgorithm {
  if (algorithm === undefined) return HashAlgorithm.SHA256;
  return typeof algorithm === "number" ? hashAlgorithmOf(hashAlgorithmName(algorithm)) : hashAlgorithmOf(algorithm);
}

async function deployAll<chain extends Chain | undefined, account extends Account | undefined>(
  walletClient: WalletClient<Transport, chain, account>,
  publicClient: PublicClient,
  parameters: DeployContractsParameters,
): Promise<DeployContractsReturnType> {
  const account = walletClient.account;
  if (!account) throw new SignerRequiredError("deployContracts");
  const deployer = account.address;
  const zoneAdmin = parameters.zoneAdmin ?? deployer;
  const code = { ...parameters.bytecode };

  const deploy = async (abi: readonly unknown[], bytecode: Hex, args: readonly unknown[]) => {
    const hash = await walletClient.deployContract({
      abi,
      bytecode,
      args,
      account,
      chain: walletClient.chain,
    } as unknown as Parameters<typeof walletClient.deployContract>[0]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !receipt.contractAddress) {
      throw new Error(`deployment transaction ${hash} failed`);
    }
    return receipt;
  };

  const nonce = await publicClient.getTransactionCount({ address: deployer, blockTag: "pending" });
  const predictedGrants = getContractAddress({ from: deployer, nonce: BigInt(nonce + 3) });

  const forwarderReceipt = await deploy(requestForwarderAbi, code.forwarder ?? requestForwarderBytecode, []);
  const forwarder = forwarderReceipt.contractAddress!;
  const offices = parameters.offices ?? {};
  const officeHolders = [offices.onboarding, offices.discipline, offices.pause, offices.migration].map((holder) => holder ?? zeroAddress);
  const directory = (await deploy(participantDirectoryAbi, code.directory ?? participantDirectoryBytecode, [zoneAdmin, officeHolders]))
    .contractAddress!;
  const datasets = (
    await deploy(datasetRegistryAbi, code.datasets ?? datasetRegistryBytecode, [
      directory,
      predictedGrants,
      BigInt(parameters.noticePeriod),
      algorithmValue(parameters.hashAlgorithm),
      forwarder,
    ])
  ).contractAddress!;
  const grants = (await deploy(grantRegistryAbi, code.grants ?? grantRegistryBytecode, [directory, datasets, forwarder]))
    .contractAddress!;
  if (grants.toLowerCase() !== predictedGrants.toLowerCase()) {
    throw new Error(`grant registry deployed at ${grants}, expected ${predictedGrants}: the deployer sent another transaction meanwhile`);
  }
  const anchors = (await deploy(batchAnchorRegistryAbi, code.anchors ?? batchAnchorRegistryBytecode, [directory, forwarder]))
    .contractAddress!;

  return {
    contracts: { directory, datasets, grants, anchors, forwarder },
    deploymentBlock: forwarderReceipt.blockNumber,
    chainId: await publicClient.getChainId(),
    hashAlgorithm: hashAlgorithmName(algorithmValue(parameters.hashAlgorithm)),
  };
}
