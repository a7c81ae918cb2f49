/**
 * The DPR fixture: the four contracts deployed through the SDK, and a cast of participants covering
 * every role, two organisations with two accounts each, and every jurisdiction.
 */
import {
  type Address,
  type Hex,
  ContractFunctionRevertedError,
  type GetContractReturnType,
  BaseError,
  decodeErrorResult,
  getAddress,
  getContract,
  keccak256,
  toHex,
  zeroHash,
  zeroAddress,
} from "viem";
import { expect } from "vitest";
import {
  Category,
  Derivation,
  Grade,
  HashAlgorithm,
  Jurisdiction,
  Right,
  Role,
  TransferMechanism,
  batchAnchorRegistryAbi,
  requestForwarderAbi,
  forwardRequestTypes,
  datasetRegistryAbi,
  deployContracts,
  grantRegistryAbi,
  participantDirectoryAbi,
  type DprContracts,
} from "@dpr/sdk";
import { accounts, artifactBytecode, publicClient, testClient, walletFor } from "./chain.js";

export const NOTICE_PERIOD = 7n * 24n * 3600n;
export const DAY = 24n * 3600n;
/** The dataset registry's bounds on the notice period (MIN_NOTICE_PERIOD, MAX_NOTICE_PERIOD), in seconds. */
export const MIN_NOTICE_PERIOD = 10n;
export const MAX_NOTICE_PERIOD = 365n * DAY;

/** A role bitmask from role names. */
export function roles(...names: (keyof typeof Role)[]): number {
  return names.reduce((mask, name) => mask | (1 << Role[name]), 0);
}

/** A distinct, deterministic bytes32 for a label (content hashes, evidence, decisions). */
export function h(label: string): Hex {
  return keccak256(toHex(label));
}

export type Actor =
  | "admin"
  | "registrar"
  | "registrar2"
  | "regulator"
  | "holder"
  | "holderHK"
  | "holderMO"
  | "auditor"
  | "stranger"
  | "registrarSameOrg"
  | "cdo"
  | "holder2";

/**
 * The cast. `cdo` is the holder's chief data officer: a registrar account of the holder's own
 * organisation (same legal identity). `registrarSameOrg` is a second account of `registrar`'s
 * organisation. `holder2` is an independent GZ holder; `stranger` is not a participant.
 */
const CAST: { actor: Actor; jurisdiction?: keyof typeof Jurisdiction; roles?: number; legalId?: string }[] = [
  { actor: "admin" },
  { actor: "registrar", jurisdiction: "GZ", roles: roles("REGISTRAR"), legalId: "gz-data-exchange" },
  { actor: "registrar2", jurisdiction: "GZ", roles: roles("REGISTRAR"), legalId: "gz-registration-centre" },
  { actor: "regulator", jurisdiction: "GZ", roles: roles("REGULATOR"), legalId: "gz-cyberspace-office" },
  { actor: "holder", jurisdiction: "GZ", roles: roles("HOLDER"), legalId: "gz-health-commission" },
  { actor: "holderHK", jurisdiction: "HK", roles: roles("HOLDER"), legalId: "hk-university" },
  { actor: "holderMO", jurisdiction: "MO", roles: roles("HOLDER"), legalId: "mo-hospital" },
  { actor: "auditor", jurisdiction: "GZ", roles: roles("AUDITOR"), legalId: "gz-audit-office" },
  { actor: "stranger" },
  { actor: "registrarSameOrg", jurisdiction: "GZ", roles: roles("REGISTRAR"), legalId: "gz-data-exchange" },
  { actor: "cdo", jurisdiction: "GZ", roles: roles("REGISTRAR"), legalId: "gz-health-commission" },
  { actor: "holder2", jurisdiction: "GZ", roles: roles("HOLDER"), legalId: "gz-transport-bureau" },
];

type Clients = { public: typeof publicClient; wallet: Wallet };
type Wallet = ReturnType<typeof walletFor>;
type Contracts = {
  directory: GetContractReturnType<typeof participantDirectoryAbi, Clients>;
  datasets: GetContractReturnType<typeof datasetRegistryAbi, Clients>;
  grants: GetContractReturnType<typeof grantRegistryAbi, Clients>;
  anchors: GetContractReturnType<typeof batchAnchorRegistryAbi, Clients>;
  forwarder: GetContractReturnType<typeof requestForwarderAbi, Clients>;
};

export interface Dpr {
  addresses: DprContracts;
  deploymentBlock: bigint;
  /** Address of each actor. */
  a: Record<Actor, Address>;
  /** The contracts as seen by `actor` (its writes are sent from its account). */
  as(actor: Actor | Address): Contracts;
  /** The contracts for reads. */
  read: Contracts;
}

function contractsFor(addresses: DprContracts, wallet: Wallet): Contracts {
  const client = { public: publicClient, wallet };
  return {
    directory: getContract({ address: addresses.directory, abi: participantDirectoryAbi, client }),
    datasets: getContract({ address: addresses.datasets, abi: datasetRegistryAbi, client }),
    grants: getContract({ address: addresses.grants, abi: grantRegistryAbi, client }),
    anchors: getContract({ address: addresses.anchors, abi: batchAnchorRegistryAbi, client }),
    forwarder: getContract({ address: addresses.forwarder, abi: requestForwarderAbi, client }),
  } as Contracts;
}

/** What a deployment may vary beyond its notice period. */
export interface DeployDprOptions {
  /** The hash algorithm of every registration; SHA256 (the SDK's default) when left out. */
  hashAlgorithm?: HashAlgorithm;
  /** Who holds each office of the directory (actors or addresses); governance, the admin, when left out. */
  offices?: Partial<Record<"onboarding" | "discipline" | "pause" | "migration", Actor | Address>>;
}

/**
 * Deploys DPR through the SDK (with Hardhat's, possibly instrumented, bytecode) and onboards the cast. The
 * notice period must be within the registry's bounds, 10 s to 365 days.
 */
export async function deployDpr(noticePeriod: bigint = NOTICE_PERIOD, options: DeployDprOptions = {}): Promise<Dpr> {
  const all = await accounts();
  const a = Object.fromEntries(CAST.map((c, i) => [c.actor, all[i]!])) as Record<Actor, Address>;
  const offices = Object.fromEntries(
    Object.entries(options.offices ?? {}).map(([office, who]) => [office, who.startsWith("0x") ? who : a[who as Actor]]),
  );
  const { contracts, deploymentBlock } = await deployContracts(walletFor(a.admin), publicClient, {
    noticePeriod,
    ...(options.hashAlgorithm === undefined ? {} : { hashAlgorithm: options.hashAlgorithm }),
    ...(options.offices === undefined ? {} : { offices }),
    bytecode: {
      directory: artifactBytecode("ParticipantDirectory"),
      datasets: artifactBytecode("DatasetRegistry"),
      grants: artifactBytecode("GrantRegistry"),
      anchors: artifactBytecode("BatchAnchorRegistry"),
      forwarder: artifactBytecode("RequestForwarder"),
    },
  });
  const cache = new Map<Address, Contracts>();
  const as = (who: Actor | Address): Contracts => {
    const address = (who.startsWith("0x") ? who : a[who as Actor]) as Address;
    let c = cache.get(address);
    if (!c) cache.set(address, (c = contractsFor(contracts, walletFor(address))));
    return c;
  };
  const dpr: Dpr = { addresses: contracts, deploymentBlock, a, as, read: as(a.admin) };
  const onboarding = options.offices?.onboarding ?? "admin";
  for (const c of CAST) {
    if (c.roles === undefined) continue;
    await mined(
      dpr.as(onboarding).directory.write.addParticipant([
        a[c.actor],
        Jurisdiction[c.jurisdiction!],
        c.roles,
        h(`legal-id:${c.legalId}`),
        `https://zone.example/participants/${c.actor}.json`,
      ]),
    );
  }
  return dpr;
}

/**
 * An account beyond the cast, derived from `label`: Hardhat's twelve unlocked accounts are all the cast's, so the
 * node is told to accept this address's transactions (it cannot sign typed data: forward requests need the cast).
 */
export async function extraAccount(label: string): Promise<Address> {
  const address = getAddress(`0x${h(`account:${label}`).slice(26)}`);
  await testClient.impersonateAccount({ address });
  await testClient.setBalance({ address, value: 10n ** 21n });
  return address;
}

/**
 * Adds an officer to `organisation` as its designated `key` does (addOfficer), the onboarding office first
 * designating `key` when it is not already the organisation's. Returns the officer's address: `officer` itself,
 * or an extra account derived from it when it is a label.
 */
export async function onboardOfficer(
  dpr: Dpr,
  organisation: Actor | Address,
  key: Address,
  officer: string,
  officerRoles: number,
  onboarding: Actor | Address = "admin",
): Promise<Address> {
  const org = (organisation.startsWith("0x") ? organisation : dpr.a[organisation as Actor]) as Address;
  if (getAddress(await dpr.read.directory.read.organisationKeyOf([org])) !== getAddress(key)) {
    await mined(dpr.as(onboarding).directory.write.setOrganisationKey([org, key]));
  }
  const account = officer.startsWith("0x") ? getAddress(officer) : await extraAccount(officer);
  await mined(dpr.as(key).directory.write.addOfficer([org, account, officerRoles, `https://zone.example/participants/${account}.json`]));
  return account;
}

/** Waits for a transaction and returns its receipt; fails the test when it reverted. */
export async function mined(tx: Promise<Hex>) {
  const receipt = await publicClient.waitForTransactionReceipt({ hash: await tx });
  expect(receipt.status).toBe("success");
  return receipt;
}

const ALL_ERRORS = [
  ...participantDirectoryAbi,
  ...datasetRegistryAbi,
  ...grantRegistryAbi,
  ...batchAnchorRegistryAbi,
  ...requestForwarderAbi,
].filter(
  (item) => item.type === "error",
);

/** The custom error a failed call or transaction reverted with, decoded from the revert data anywhere in the cause chain. */
export function revertOf(error: unknown): { errorName: string; args: readonly unknown[] } | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof ContractFunctionRevertedError && e.data) return { errorName: e.data.errorName, args: e.data.args ?? [] };
    const data = (e as { data?: unknown }).data;
    if (typeof data === "string" && data.startsWith("0x") && data.length >= 10) {
      try {
        const decoded = decodeErrorResult({ abi: ALL_ERRORS, data: data as Hex });
        return { errorName: decoded.errorName, args: decoded.args ?? [] };
      } catch {
        // not one of ours: keep walking
      }
    }
  }
  return undefined;
}

/**
 * Asserts that `tx` reverts with the custom error `errorName` and, when given, exactly `args`. Compute `args`
 * before the call: an `await` among them runs after `tx` was sent, and its revert is then unhandled until
 * this function awaits it (vitest reports an unhandled rejection).
 */
export async function expectRevert(tx: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<void> {
  let error: unknown;
  try {
    await tx;
  } catch (e) {
    error = e;
  }
  if (error === undefined) throw new Error(`expected a revert with ${errorName}, but the call succeeded`);
  const revert = revertOf(error);
  if (!revert) {
    const message = error instanceof BaseError ? error.shortMessage : String(error);
    throw new Error(`expected ${errorName}, got: ${message}`);
  }
  expect(revert.errorName).toBe(errorName);
  if (args !== undefined) expect(revert.args).toEqual(args);
}

export interface RegistrationInput {
  algorithm?: HashAlgorithm;
  contentHash?: Hex;
  metadataHash?: Hex;
  metadataURI?: string;
  category?: Category;
  grade?: Grade;
  containsPersonalData?: boolean;
  sector?: number;
  jurisdiction?: Jurisdiction;
  versionOf?: Hex;
  parents?: readonly { datasetId: Hex; derivation: Derivation }[];
  borderConditions?: BorderConditionsInput;
}

/** The on-chain border conditions (DPRTypes.sol `BorderConditions`). */
export interface BorderConditionsInput {
  openness: number;
  rights: number;
  regions: number;
  purposeClasses: number;
  maxTerm: number;
}

/** Nothing declared: only the law limits grants. */
export const NO_CONDITIONS: BorderConditionsInput = { openness: 0, rights: 0, regions: 0, purposeClasses: 0, maxTerm: 0 };

/** A registration with sensible defaults: general public transport data held in GZ. */
export function registration(label: string, overrides: RegistrationInput = {}) {
  return {
    algorithm: HashAlgorithm.SHA256,
    contentHash: h(`content:${label}`),
    metadataHash: h(`metadata:${label}`),
    metadataURI: `https://zone.example/datasets/${label}.json`,
    category: Category.PUBLIC,
    grade: Grade.GENERAL,
    containsPersonalData: false,
    sector: 5,
    jurisdiction: Jurisdiction.GZ,
    versionOf: zeroHash,
    parents: [],
    borderConditions: NO_CONDITIONS,
    ...overrides,
  } as const;
}

/** The id a registration gets: keccak256(abi.encode(algorithm, contentHash)). */
export async function idOf(dpr: Dpr, r: { algorithm: number; contentHash: Hex }): Promise<Hex> {
  return dpr.read.datasets.read.datasetIdOf([r.algorithm, r.contentHash]);
}

/** Registers as `actor` and returns the new dataset's id. */
export async function register(dpr: Dpr, actor: Actor | Address, r: ReturnType<typeof registration>): Promise<Hex> {
  await mined(dpr.as(actor).datasets.write.register([r]));
  return idOf(dpr, r);
}

/** Registers as `holder` and confirms with as many registrars as needed; the notice period then runs. */
export async function registerConfirmed(
  dpr: Dpr,
  label: string,
  overrides: RegistrationInput = {},
  actor: Actor | Address = "holder",
) {
  const r = registration(label, overrides);
  const id = await register(dpr, actor, r);
  const record = await dpr.read.datasets.read.getDataset([id]);
  const registrars: Actor[] = ["registrar", "registrar2"];
  for (let i = 0; i < record.requiredConfirmations; i++) await mined(dpr.as(registrars[i]!).datasets.write.confirm([id]));
  return id;
}

export interface GrantInput {
  datasetId: Hex;
  grantee: Address;
  right?: Right;
  purposeCode?: number;
  purposeHash?: Hex;
  scopeHash?: Hex;
  startsAt?: number | bigint;
  expiresAt?: number | bigint;
  termsHash?: Hex;
  mechanism?: TransferMechanism;
  evidence?: Partial<{ contractHash: Hex; impactAssessmentHash: Hex; consentRecordsRoot: Hex; filingRef: Hex }>;
}

/** A grant request with defaults: processing/use, purpose 1, starting now, no expiry, domestic. */
export function grantRequest(input: GrantInput) {
  return {
    datasetId: input.datasetId,
    grantee: input.grantee,
    terms: {
      right: input.right ?? Right.PROCESSING_USE,
      purposeCode: input.purposeCode ?? 1,
      purposeHash: input.purposeHash ?? h("purpose"),
      scopeHash: input.scopeHash ?? h("scope"),
      startsAt: Number(input.startsAt ?? 0),
      expiresAt: Number(input.expiresAt ?? 0),
      termsHash: input.termsHash ?? h("terms"),
      mechanism: input.mechanism ?? TransferMechanism.NONE,
      evidence: {
        contractHash: zeroHash,
        impactAssessmentHash: zeroHash,
        consentRecordsRoot: zeroHash,
        filingRef: zeroHash,
        ...input.evidence,
      },
    },
  } as const;
}

/** What a forwarded request carries, and what may be varied to build a bad one. */
export interface ForwardInput {
  to: Address;
  data: Hex;
  gas?: bigint;
  value?: bigint;
  /** The signer's next nonce at the forwarder when left out. */
  nonce?: bigint;
  /** Unix seconds; a year from the latest block when left out. */
  deadline?: number;
  /** The EIP-712 domain's chain id; the node's when left out. */
  chainId?: number;
  /** The EIP-712 domain's verifying contract; the deployment's forwarder when left out. */
  verifyingContract?: Address;
}

/**
 * A request `signer` signs off line (eth_signTypedData_v4 on the node's unlocked account) for the forwarder's
 * `execute`: the call `input.data` to `input.to`, to be submitted by anyone.
 */
export async function signForwardRequest(dpr: Dpr, signer: Actor | Address, input: ForwardInput) {
  const from = getAddress(signer.startsWith("0x") ? signer : dpr.a[signer as Actor]);
  const nonce = input.nonce ?? (await dpr.read.forwarder.read.nonces([from]));
  const deadline = input.deadline ?? Number((await publicClient.getBlock()).timestamp) + 365 * 24 * 3600;
  const message = { from, to: input.to, value: input.value ?? 0n, gas: input.gas ?? 2_000_000n, nonce, deadline, data: input.data };
  const signature = await walletFor(from).signTypedData({
    account: from,
    domain: {
      name: "DPR",
      version: "1",
      chainId: input.chainId ?? (await publicClient.getChainId()),
      verifyingContract: input.verifyingContract ?? dpr.addresses.forwarder,
    },
    types: forwardRequestTypes,
    primaryType: "ForwardRequest",
    message,
  });
  return { from, to: message.to, value: message.value, gas: message.gas, deadline, data: message.data, signature };
}

export { zeroAddress, zeroHash };
