/**
 * Chain answers and indexer records for the view tests, shaped exactly as `verifyContent` and the
 * GraphQL API return them. Addresses are Hardhat's first accounts; times are in November 2026.
 */
import type { DatasetRecord, RawDatasetRecord, RegisteredContent, UnregisteredContent } from "@dpr/sdk";
import type { Address, Hex } from "viem";
import type { DatasetDetails, IndexedDataset } from "../../graphql.js";
import type { LifeCycle } from "../lifecycle.js";
import type { ParticipantInfo } from "../participants.js";

export const HOLDER: Address = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
export const REGISTRAR: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
export const REGISTRAR2: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
export const GRANTEE: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

export const CONTENT: Hex = "0x1111111111111111111111111111111111111111111111111111111111111111";
export const DATASET: Hex = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
export const PARENT: Hex = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
export const CHILD: Hex = "0xcccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

/** 2026-11-28T08:00:00Z. */
export const T0 = 1_795_852_800n;
/** The time of block 40, where the fixtures' chain answers are read: two hours on, past the notice period. */
export const BLOCK_40_TIME = T0 + 7200n;

export function participants(): Map<string, ParticipantInfo> {
  return new Map([
    [HOLDER.toLowerCase(), { address: HOLDER, name: "City Health Commission", metadataURI: null, jurisdiction: "gz" }],
    [REGISTRAR.toLowerCase(), { address: REGISTRAR, name: "GZ Data Exchange", metadataURI: null, jurisdiction: "gz" }],
    [OBJECTOR.toLowerCase(), { address: OBJECTOR, name: "Transport Bureau", metadataURI: null, jurisdiction: "gz" }],
    [REGULATOR.toLowerCase(), { address: REGULATOR, name: "Cyberspace Office", metadataURI: null, jurisdiction: "gz" }],
  ]);
}

/** The contract's record: what the page reads of life cycle version 2 (claim, objections, paused clock, corrections). */
export function rawRecord(overrides: Partial<RawDatasetRecord> = {}): RawDatasetRecord {
  return { claim: 1, openObjections: 0, noticeRemaining: 0, grantsValidFrom: 0n, ancestryRevoked: false, ...overrides } as RawDatasetRecord;
}

/**
 * A chain answer. Built with type assertions on purpose: the SDK's answer gains and loses convenience fields
 * as the contracts change, and the page reads the life cycle from the contract's own record (`raw`).
 */
export function registered(overrides: Partial<RegisteredContent> = {}): RegisteredContent {
  const raw = rawRecord();
  return {
    registered: true,
    datasetId: DATASET,
    contentHash: CONTENT,
    algorithm: "sha256",
    blockNumber: 40n,
    status: "confirmed",
    holder: {
      address: HOLDER,
      participant: {
        address: HOLDER,
        organisation: HOLDER,
        since: T0 - 1000n,
        jurisdiction: "gz",
        roles: ["holder"],
        suspended: false,
        active: true,
        raw: {} as never,
      },
    },
    registrant: HOLDER,
    registeredAt: T0,
    registeredBlock: 10n,
    confirmations: [{ registrar: REGISTRAR, time: T0 + 60n, blockNumber: 11n, txHash: `0x${"0".repeat(63)}1` }],
    requiredConfirmations: 1,
    noticeEndsAt: T0 + 3660n,
    metadataURI: "https://zone.example/datasets/visits.json",
    metadataHash: `0x${"2".repeat(64)}`,
    versionOf: null,
    superseded: false,
    supersededBy: null,
    parents: [],
    frozen: false,
    objections: 0,
    grants: { issued: 0, active: [] },
    dataset: {
      datasetId: DATASET,
      status: "confirmed",
      holder: HOLDER,
      algorithm: "sha256",
      category: "public",
      grade: "general",
      containsPersonalData: false,
      sector: 3,
      jurisdiction: "gz",
      registeredAt: T0,
      registeredBlock: 10n,
      confirmations: 1,
      requiredConfirmations: 1,
      confirmedAt: T0 + 60n,
      noticeEndsAt: T0 + 3660n,
      frozen: false,
      superseded: false,
      declassified: false,
      pendingTransferTo: null,
      raw,
    } as unknown as DatasetRecord,
    ...overrides,
  } as RegisteredContent;
}

export function unregistered(): UnregisteredContent {
  return { registered: false, datasetId: DATASET, contentHash: CONTENT, algorithm: "sha256", blockNumber: 40n };
}

export function indexedDataset(overrides: Partial<IndexedDataset> = {}): IndexedDataset {
  return {
    id: DATASET,
    claim: 1,
    status: "confirmed",
    holderAddress: HOLDER.toLowerCase(),
    holder: { id: HOLDER.toLowerCase(), jurisdiction: "gz", metadataURI: "" },
    contentHash: CONTENT,
    algorithm: "sha256",
    version: 1,
    registeredBlock: "10",
    noticeEndsAt: String(T0 + 3660n),
    metadataDocument: null,
    grants: { items: [], pageInfo: { hasNextPage: false } },
    events: { items: [], pageInfo: { hasNextPage: false } },
    ...overrides,
  };
}

/**
 * The indexer's answer: read up to `indexedBlock` (by default block 40, at {@link BLOCK_40_TIME}), and
 * given at `answeredAt` (by default that block's time).
 */
export function details(dataset: IndexedDataset | null, indexedBlock = 40, clock: { blockTime?: bigint; answeredAt?: bigint } = {}): DatasetDetails {
  const blockTime = clock.blockTime ?? BLOCK_40_TIME;
  return {
    meta: { block: { number: indexedBlock, timestamp: Number(blockTime) }, chainHead: indexedBlock, chainId: 31337, hasIndexingErrors: false },
    dataset,
    answeredAt: Number(clock.answeredAt ?? blockTime),
  };
}

/** An organisation that objects (the transport bureau) and one that decides (a second registrar's). */
export const OBJECTOR: Address = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
export const REGULATOR: Address = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
export const NEW_HOLDER: Address = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";

/** A life cycle with nothing to say beyond the status: the first claim, no objection, no vote. */
export function lifeCycle(overrides: Partial<LifeCycle> = {}): LifeCycle {
  return {
    claim: 1,
    previousClaim: null,
    ended: null,
    objections: [],
    openObjections: 0,
    decision: null,
    noticeRemaining: null,
    corrected: null,
    ancestryRevoked: null,
    reconfirmed: null,
    ...overrides,
  };
}
