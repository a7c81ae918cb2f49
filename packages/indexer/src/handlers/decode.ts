/**
 * Decodes raw logs of the four registry contracts into events with plain JSON arguments: addresses and
 * hashes lower case, integers beyond 2^53 as decimal strings, enumerations as the SDK's read labels
 * (`"gba-sc-hk"`, not `1`), role masks as label lists. The raw values stay recoverable from the labels.
 */
import {
  batchAnchorRegistryAbi,
  requestForwarderAbi,
  datasetRegistryAbi,
  grantRegistryAbi,
  labels,
  participantDirectoryAbi,
  toLabel,
  hashAlgorithmName,
  transferMechanismName,
  rightName,
  type DprContracts,
} from "@dpr/sdk";
import { type Abi, type AbiEvent, type Hex, decodeEventLog, toEventSelector } from "viem";
import { InvalidChainDataError } from "../errors.js";
import type { RawLog } from "../rpc/createRpc.js";

export type ContractName = keyof DprContracts;

export interface DecodedEvent {
  /** `<block>-<log index>`, zero-padded so that text order is chain order. */
  id: string;
  contract: ContractName;
  address: Hex;
  name: string;
  /** Arguments as viem decodes them (bigints, numbers, checksummed addresses). */
  raw: Record<string, unknown>;
  /** Arguments for storage and display (see the module comment). */
  args: Record<string, unknown>;
  blockNumber: number;
  blockHash: Hex;
  /** Filled from the log when the node includes it, else from the block header. */
  timestamp: number | undefined;
  logIndex: number;
  txHash: Hex;
  txIndex: number;
}

const ABIS: Record<ContractName, Abi> = {
  directory: participantDirectoryAbi,
  datasets: datasetRegistryAbi,
  grants: grantRegistryAbi,
  anchors: batchAnchorRegistryAbi,
  forwarder: requestForwarderAbi,
};

export interface Decoder {
  addresses: Hex[];
  decode(log: RawLog): DecodedEvent;
}

export function eventId(blockNumber: number, logIndex: number): string {
  return `${String(blockNumber).padStart(12, "0")}-${String(logIndex).padStart(6, "0")}`;
}

/** A decoder for the deployment's four contracts. */
export function createDecoder(contracts: DprContracts): Decoder {
  const byAddress = new Map<string, ContractName>();
  const bySelector = new Map<string, { contract: ContractName; abi: readonly [AbiEvent] }>();
  for (const [contract, address] of Object.entries(contracts) as [ContractName, Hex][]) {
    byAddress.set(address.toLowerCase(), contract);
    for (const item of ABIS[contract]) {
      if (item.type !== "event") continue;
      bySelector.set(`${contract}:${toEventSelector(item)}`, { contract, abi: [item] });
    }
  }
  return {
    addresses: Object.values(contracts).map((a) => a.toLowerCase() as Hex),
    decode(log) {
      const address = log.address.toLowerCase() as Hex;
      const contract = byAddress.get(address);
      const topic0 = log.topics[0];
      const entry = contract && topic0 ? bySelector.get(`${contract}:${topic0.toLowerCase()}`) : undefined;
      const blockNumber = Number.parseInt(log.blockNumber, 16);
      const logIndex = Number.parseInt(log.logIndex, 16);
      if (!contract || !entry) {
        throw new InvalidChainDataError(`block ${blockNumber} log ${logIndex}: an event the DPR contracts do not declare (address ${address}, topic ${topic0})`);
      }
      let decoded: { eventName: string; args: unknown };
      try {
        decoded = decodeEventLog({ abi: entry.abi, topics: log.topics as [Hex, ...Hex[]], data: log.data, strict: true });
      } catch (error) {
        throw new InvalidChainDataError(`block ${blockNumber} log ${logIndex}: cannot decode ${entry.abi[0].name}`, { cause: error });
      }
      const raw = decoded.args as Record<string, unknown>;
      return {
        id: eventId(blockNumber, logIndex),
        contract,
        address,
        name: decoded.eventName,
        raw,
        args: present(decoded.eventName, raw),
        blockNumber,
        blockHash: log.blockHash.toLowerCase() as Hex,
        timestamp: log.blockTimestamp ? Number.parseInt(log.blockTimestamp, 16) : undefined,
        logIndex,
        txHash: log.transactionHash.toLowerCase() as Hex,
        txIndex: Number.parseInt(log.transactionIndex, 16),
      };
    },
  };
}

/** Enum-valued fields by name, as they appear in the DPR events. */
const ENUM_FIELDS: Record<string, (value: number) => string> = {
  algorithm: (v) => toLabel(hashAlgorithmName(v)),
  category: labels.category,
  grade: labels.grade,
  jurisdiction: labels.jurisdiction,
  derivation: labels.derivation,
  right: (v) => toLabel(rightName(v)),
  mechanism: (v) => toLabel(transferMechanismName(v)),
};

function present(eventName: string, raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) out[key] = presentValue(eventName, key, value);
  return out;
}

function presentValue(eventName: string, key: string, value: unknown): unknown {
  if (key === "roles" || key === "previousRoles") return labels.roles(Number(value));
  if (key === "status" && typeof value === "number") {
    return eventName.startsWith("Grant") ? labels.grantStatus(value) : labels.datasetStatus(value);
  }
  const enumLabel = ENUM_FIELDS[key];
  if (enumLabel && typeof value === "number") return enumLabel(value);
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value)) return value.toLowerCase();
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = presentValue(eventName, k, v);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => presentValue(eventName, key, v));
  return value;
}
