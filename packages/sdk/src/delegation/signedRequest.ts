/**
 * The signed-request document (`dpr-signed-request/1`) and the EIP-712 types of OpenZeppelin's
 * ERC2771Forwarder, shared by the four delegation functions.
 */
import type { Address, Hex, TypedDataDomain } from "viem";
import type { DprContracts } from "../actions/deployContracts.js";
import { batchAnchorRegistryAbi, datasetRegistryAbi, grantRegistryAbi } from "../generated/abis.js";

/** The format tag of a signed request document. */
export const SIGNED_REQUEST_FORMAT = "dpr-signed-request/1";

/** The registries that trust the deployment's forwarder: the only targets of a delegated request. */
export type DelegatedContract = Extract<keyof DprContracts, "datasets" | "grants" | "anchors">;

/** JSON values, as the decoded call's arguments are written (bigints as decimal strings). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The call an officer signed, decoded for people: which SDK action built it, and what it calls. */
export interface DelegatedCall {
  /** The SDK action that built the call (e.g. `"registerDataset"`): a label, not part of what is signed. */
  action: string;
  /** The registry called. */
  contract: DelegatedContract;
  /** The registry's function and its arguments (bigints as decimal strings, structs as objects). */
  function: string;
  args: JsonValue[];
}

/**
 * A request signed off line by an officer, for anyone to submit (`dpr sign` writes it, `dpr submit` sends
 * it). A JSON document: numbers that may exceed 2^53 are decimal strings. What is signed is `request`
 * (with `chainId` and `forwarder`, the EIP-712 domain); `call` describes `request.data` for people, and is
 * checked against it by {@link verifySignedRequest}.
 */
export interface SignedRequest {
  format: typeof SIGNED_REQUEST_FORMAT;
  /** The chain the request is valid on (part of the signed domain). */
  chainId: number;
  /** The deployment's request forwarder (part of the signed domain). */
  forwarder: Address;
  /** OpenZeppelin's ForwardRequest, as signed. */
  request: {
    /** The officer who signed: the registries act for this account. */
    from: Address;
    /** The registry called. */
    to: Address;
    /** Always "0": the registries take no ether. */
    value: string;
    /** The gas the forwarder must give the call (the relayer pays for it). */
    gas: string;
    /** The signer's forwarder nonce this request uses: each is used once, in order. */
    nonce: string;
    /** Unix seconds after which the request is refused. */
    deadline: string;
    /** The encoded call. */
    data: Hex;
  };
  /** The EIP-712 signature over `request`. */
  signature: Hex;
  call: DelegatedCall;
}

/** The EIP-712 name of the DPR request forwarder (contracts/RequestForwarder.sol). */
export const FORWARDER_DOMAIN_NAME = "DPR";
/** The EIP-712 version of the DPR request forwarder (OpenZeppelin's ERC2771Forwarder fixes it at "1"). */
export const FORWARDER_DOMAIN_VERSION = "1";

/** OpenZeppelin ERC2771Forwarder's `ForwardRequest` type (the nonce is signed, not sent). */
export const forwardRequestTypes = {
  ForwardRequest: [
    { name: "from", type: "address" },
    { name: "to", type: "address" },
    { name: "value", type: "uint256" },
    { name: "gas", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint48" },
    { name: "data", type: "bytes" },
  ],
} as const;

/** The EIP-712 domain a request is signed under: the forwarder on its chain. */
export function forwarderDomain(chainId: number, forwarder: Address): TypedDataDomain {
  return { name: FORWARDER_DOMAIN_NAME, version: FORWARDER_DOMAIN_VERSION, chainId, verifyingContract: forwarder };
}

/** The typed-data message of a signed request. */
export function forwardRequestMessage(request: SignedRequest["request"]) {
  return {
    from: request.from,
    to: request.to,
    value: BigInt(request.value),
    gas: BigInt(request.gas),
    nonce: BigInt(request.nonce),
    deadline: Number(request.deadline),
    data: request.data,
  };
}

/** The ForwardRequestData tuple `execute` and `verify` take. */
export function forwardRequestData(signed: SignedRequest) {
  const { request } = signed;
  return {
    from: request.from,
    to: request.to,
    value: BigInt(request.value),
    gas: BigInt(request.gas),
    deadline: Number(request.deadline),
    data: request.data,
    signature: signed.signature,
  };
}

/** Each registry's ABI, for decoding a request's call. */
export const delegatedAbis = { datasets: datasetRegistryAbi, grants: grantRegistryAbi, anchors: batchAnchorRegistryAbi } as const;

/** The deployment's contracts that take delegated requests. */
export const delegatedContracts: readonly DelegatedContract[] = ["datasets", "grants", "anchors"];

/** The largest deadline the forwarder takes (uint48). */
export const MAX_DEADLINE = 2n ** 48n - 1n;

/** A decoded value as JSON: bigints as decimal strings, structs as objects, arrays as arrays. */
export function toJsonValue(value: unknown): JsonValue {
  if (typeof value === "bigint") return value.toString();
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  return String(value);
}
