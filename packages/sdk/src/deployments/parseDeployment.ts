import { type Address, getAddress, isAddress } from "viem";
import type { DprContracts } from "../actions/deployContracts.js";
import { type HashAlgorithmName, hashAlgorithmNames } from "../hashing/algorithms.js";
import type { Deployment } from "./deployment.js";
import { InvalidDeploymentError } from "./errors.js";

/** The format tag of the deployment records this SDK reads and writes. */
export const deploymentFormat = "dpr-deployment/1";

export interface ParseDeploymentOptions {
  /** Where the record came from, for error messages (e.g. the file's path). */
  source?: string | undefined;
}

const CONTRACTS: readonly (keyof DprContracts)[] = ["directory", "datasets", "grants", "anchors", "forwarder"];

/**
 * Checks a deployment record read from JSON and returns it typed: addresses checksummed, block
 * numbers and the notice period as bigints (JSON stores them as decimal strings). `hashAlgorithm` is
 * optional (older records lack it). Browser-safe.
 *
 * Throws {@link InvalidDeploymentError} listing every problem: a wrong or missing format tag (only that
 * is reported then, as the document is probably something else), missing fields, bad addresses,
 * numbers that are not non-negative integers, a `deployedAt` that is not a date.
 *
 * @param json The parsed JSON document, or its text.
 *
 * @example
 * const deployment = parseDeployment(await (await fetch("/deployment.json")).json())
 */
export function parseDeployment(json: unknown, options: ParseDeploymentOptions = {}): Deployment {
  const fail = (problems: string[], cause?: unknown): never => {
    throw new InvalidDeploymentError(problems, { path: options.source, cause });
  };

  let document = json;
  if (typeof document === "string") {
    try {
      document = JSON.parse(document) as unknown;
    } catch (error) {
      fail([`not JSON (${(error as Error).message})`], error);
    }
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    return fail([`expected a JSON object, got ${describe(document)}`]);
  }
  const record = document as Record<string, unknown>;

  if (record.format !== deploymentFormat) {
    return fail([
      record.format === undefined
        ? `format: missing (expected "${deploymentFormat}")`
        : `format: ${describe(record.format)}, expected "${deploymentFormat}"`,
    ]);
  }

  const problems: string[] = [];

  const chainId = record.chainId;
  if (chainId === undefined) problems.push("chainId: missing");
  else if (!(typeof chainId === "number" && Number.isSafeInteger(chainId) && chainId > 0)) {
    problems.push(`chainId: expected a positive integer, got ${describe(chainId)}`);
  }

  const contracts: Partial<DprContracts> = {};
  const rawContracts = record.contracts;
  if (rawContracts === undefined) problems.push("contracts: missing");
  else if (typeof rawContracts !== "object" || rawContracts === null || Array.isArray(rawContracts)) {
    problems.push(`contracts: expected an object of addresses, got ${describe(rawContracts)}`);
  } else {
    for (const name of CONTRACTS) {
      const address = parseAddress((rawContracts as Record<string, unknown>)[name], `contracts.${name}`, problems);
      if (address) contracts[name] = address;
    }
  }

  const deploymentBlock = parseUint(record.deploymentBlock, "deploymentBlock", problems);
  const noticePeriod = parseUint(record.noticePeriod, "noticePeriod", problems);
  const zoneAdmin = parseAddress(record.zoneAdmin, "zoneAdmin", problems);
  // Optional: records written before deployments fixed one algorithm do not have it.
  const hashAlgorithm = record.hashAlgorithm;
  if (hashAlgorithm !== undefined && !hashAlgorithmNames.includes(hashAlgorithm as HashAlgorithmName)) {
    problems.push(`hashAlgorithm: expected one of ${hashAlgorithmNames.join(", ")}, got ${describe(hashAlgorithm)}`);
  }

  // Optional: only zones governed by a multisig and timelock have it.
  let governance: { safe?: Address | undefined; timelock?: Address | undefined; minDelay?: bigint | undefined } | undefined;
  if (record.governance !== undefined) {
    const raw = record.governance;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      problems.push(`governance: expected an object {safe, timelock, minDelay}, got ${describe(raw)}`);
    } else {
      const g = raw as Record<string, unknown>;
      governance = {
        safe: parseAddress(g.safe, "governance.safe", problems),
        timelock: parseAddress(g.timelock, "governance.timelock", problems),
        minDelay: parseUint(g.minDelay, "governance.minDelay", problems),
      };
    }
  }

  const deployedAt = record.deployedAt;
  if (deployedAt === undefined) problems.push("deployedAt: missing");
  else if (typeof deployedAt !== "string" || Number.isNaN(Date.parse(deployedAt))) {
    problems.push(`deployedAt: expected an ISO 8601 time, got ${describe(deployedAt)}`);
  }

  if (problems.length > 0) return fail(problems);
  return {
    format: deploymentFormat,
    chainId: chainId as number,
    contracts: contracts as DprContracts,
    deploymentBlock: deploymentBlock!,
    noticePeriod: noticePeriod!,
    ...(hashAlgorithm === undefined ? {} : { hashAlgorithm: hashAlgorithm as HashAlgorithmName }),
    zoneAdmin: zoneAdmin!,
    ...(governance === undefined ? {} : { governance: governance as { safe: Address; timelock: Address; minDelay: bigint } }),
    deployedAt: deployedAt as string,
  };
}

function parseAddress(value: unknown, field: string, problems: string[]): Address | undefined {
  if (value === undefined) {
    problems.push(`${field}: missing`);
    return undefined;
  }
  // Mixed case must be a valid EIP-55 checksum: a typo in a checksummed address is caught here.
  if (typeof value !== "string" || !isAddress(value, { strict: true })) {
    problems.push(`${field}: expected an address (0x and 40 hex digits, checksummed if mixed-case), got ${describe(value)}`);
    return undefined;
  }
  return getAddress(value);
}

/** A non-negative integer: a decimal string as written by {@link serializeDeployment}, or a safe JSON number. */
function parseUint(value: unknown, field: string, problems: string[]): bigint | undefined {
  if (value === undefined) {
    problems.push(`${field}: missing`);
    return undefined;
  }
  if (typeof value === "string" && /^(0|[1-9][0-9]*)$/.test(value)) return BigInt(value);
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  problems.push(`${field}: expected a non-negative integer as a decimal string, got ${describe(value)}`);
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}
