/**
 * Checks and normalises what clients send: ids, hashes, addresses, grant ids, event ids, enumeration
 * labels. Everything is lower-cased here, once, because the index stores lower-case hex and labels;
 * anything malformed is a `BAD_USER_INPUT` naming the argument and the value.
 */
import {
  Category,
  DatasetStatus,
  Derivation,
  Grade,
  GrantStatus,
  HashAlgorithm,
  Jurisdiction,
  Right,
  Role,
  TransferMechanism,
  batchAnchorRegistryAbi,
  datasetRegistryAbi,
  grantRegistryAbi,
  participantDirectoryAbi,
  toLabel,
} from "@dpr/sdk";
import { badInput } from "./errors.js";

const HEX32 = /^0x[0-9a-f]{64}$/;
const ADDRESS = /^0x[0-9a-f]{40}$/;
const DECIMAL = /^[0-9]+$/;
const MAX_UINT256 = (1n << 256n) - 1n;

/** Shortens a value for an error message, so a megabyte of garbage does not come back in full. */
export function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}

/** 32 bytes of hex (a dataset id, a content hash, a Merkle root, a tx hash), lower-cased. */
export function parseBytes32(value: unknown, what: string): string {
  const text = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (!HEX32.test(text)) throw badInput(`${what} must be 32 bytes of hex (0x and 64 hex digits), got ${shown(value)}`);
  return text;
}

/** A 20-byte account address, lower-cased (the index stores addresses without their checksum case). */
export function parseAddress(value: unknown, what: string): string {
  const text = typeof value === "string" ? value.trim().toLowerCase() : "";
  if (!ADDRESS.test(text)) throw badInput(`${what} must be an address (0x and 40 hex digits), got ${shown(value)}`);
  return text;
}

/** A grant id: a positive uint256 in decimal, without leading zeros. */
export function parseGrantId(value: unknown, what: string): string {
  const text = typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
  if (!DECIMAL.test(text) || BigInt(text) === 0n || BigInt(text) > MAX_UINT256) {
    throw badInput(`${what} must be a grant id (a positive whole number), got ${shown(value)}`);
  }
  return BigInt(text).toString();
}

/** An event id, `<block>-<log index>` (zero-padding optional): its block number and log index. */
export function parseEventId(value: unknown, what: string): { blockNumber: number; logIndex: number } {
  const match = typeof value === "string" ? /^(\d{1,15})-(\d{1,9})$/.exec(value.trim()) : null;
  if (!match) throw badInput(`${what} must be an event id, <block>-<log index> such as 000000000042-000003, got ${shown(value)}`);
  return { blockNumber: Number(match[1]), logIndex: Number(match[2]) };
}

/** A whole number that fits a bigint column (block numbers, unix times), from a BigInt argument. */
export function parseInt8(value: unknown, what: string): number {
  const text = typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
  const number = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(number)) throw badInput(`${what} must be a whole number below 2^53, got ${shown(value)}`);
  return number;
}

/** A decimal integer for a numeric column (uint256 values), as text. */
export function parseNumeric(value: unknown, what: string): string {
  const text = typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
  if (!/^-?\d+$/.test(text) || text.replace("-", "").length > 78) throw badInput(`${what} must be a whole number, got ${shown(value)}`);
  return BigInt(text).toString();
}

const labelsOf = (members: Readonly<Record<string, number>>, skip: string[] = []): readonly string[] =>
  Object.keys(members)
    .filter((name) => !skip.includes(name))
    .map((name) => toLabel(name));

const eventNamesOf = (abi: readonly { type: string; name?: string }[]): string[] => abi.filter((item) => item.type === "event").map((item) => item.name ?? "");

/** The label vocabularies of the index (the SDK's read labels), for filters and their error messages. */
export const LABELS = {
  category: labelsOf(Category),
  grade: labelsOf(Grade),
  jurisdiction: labelsOf(Jurisdiction),
  role: labelsOf(Role),
  right: labelsOf(Right),
  mechanism: labelsOf(TransferMechanism),
  algorithm: labelsOf(HashAlgorithm),
  derivation: labelsOf(Derivation),
  datasetStatus: labelsOf(DatasetStatus, ["UNREGISTERED"]),
  grantStatus: labelsOf(GrantStatus, ["NONE"]),
  transferStatus: ["requested", "cancelled", "completed"],
  contract: ["directory", "datasets", "grants", "anchors"],
  eventName: [
    ...new Set([
      ...eventNamesOf(participantDirectoryAbi),
      ...eventNamesOf(datasetRegistryAbi),
      ...eventNamesOf(grantRegistryAbi),
      ...eventNamesOf(batchAnchorRegistryAbi),
    ]),
  ].sort(),
} as const;

export type LabelSet = keyof typeof LABELS;

/**
 * A label of the vocabulary, in any case and with `_` or `-` (`PROCESSING_USE`, `processing-use`);
 * event names are matched exactly but case-insensitively (`datasetregistered` → `DatasetRegistered`).
 */
export function parseLabel(value: unknown, set: LabelSet, what: string): string {
  const vocabulary: readonly string[] = LABELS[set];
  const text = typeof value === "string" ? value.trim() : "";
  const found =
    set === "eventName"
      ? vocabulary.find((name) => name.toLowerCase() === text.toLowerCase())
      : vocabulary.find((label) => label === text.toLowerCase().replace(/[_\s]+/g, "-"));
  if (found === undefined) throw badInput(`${what} ${shown(value)} is not one of: ${vocabulary.join(", ")}`);
  return found;
}
