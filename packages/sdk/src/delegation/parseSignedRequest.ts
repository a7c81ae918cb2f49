import { getAddress, isAddress } from "viem";
import { InvalidSignedRequestError } from "./errors.js";
import {
  type DelegatedContract,
  type JsonValue,
  MAX_DEADLINE,
  SIGNED_REQUEST_FORMAT,
  type SignedRequest,
  delegatedContracts,
} from "./signedRequest.js";

const MAX_UINT256 = 2n ** 256n - 1n;
const TOP_FIELDS = ["format", "chainId", "forwarder", "request", "signature", "call"];
const REQUEST_FIELDS = ["from", "to", "value", "gas", "nonce", "deadline", "data"];
const CALL_FIELDS = ["action", "contract", "function", "args"];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Reads a signed request document (`dpr-signed-request/1`, as {@link signDelegatedRequest} writes it),
 * strictly: every missing, unknown or malformed field is named, and nothing is guessed. Addresses come back
 * checksummed. It checks the form only; {@link verifySignedRequest} checks it against the chain.
 *
 * @example
 * const request = parseSignedRequest(readFileSync("confirm.request.json", "utf8"))
 */
export function parseSignedRequest(input: string | unknown): SignedRequest {
  let document: unknown = input;
  if (typeof input === "string") {
    try {
      document = JSON.parse(input);
    } catch (error) {
      throw new InvalidSignedRequestError([`not JSON: ${(error as Error).message}`]);
    }
  }
  const problems: string[] = [];
  if (!isObject(document)) throw new InvalidSignedRequestError(["the document is not a JSON object"]);

  const unknown = (object: Record<string, unknown>, known: readonly string[], where: string) => {
    for (const key of Object.keys(object)) if (!known.includes(key)) problems.push(`${where}${key}: unknown field`);
  };
  const address = (value: unknown, where: string): `0x${string}` | undefined => {
    if (typeof value !== "string" || !isAddress(value, { strict: false })) {
      problems.push(`${where}: ${value === undefined ? "missing" : "not an address"}`);
      return undefined;
    }
    return getAddress(value);
  };
  const uint = (value: unknown, where: string, max: bigint): string | undefined => {
    if (typeof value !== "string" || !/^(0|[1-9][0-9]*)$/.test(value)) {
      problems.push(`${where}: ${value === undefined ? "missing" : "not a decimal integer in a string"}`);
      return undefined;
    }
    if (BigInt(value) > max) {
      problems.push(`${where}: above ${max === MAX_DEADLINE ? "2^48 - 1" : "2^256 - 1"}`);
      return undefined;
    }
    return value;
  };
  const hex = (value: unknown, where: string, check: (bytes: number) => string | undefined): `0x${string}` | undefined => {
    if (typeof value !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(value)) {
      problems.push(`${where}: ${value === undefined ? "missing" : "not 0x-prefixed hex bytes"}`);
      return undefined;
    }
    const wrong = check((value.length - 2) / 2);
    if (wrong) {
      problems.push(`${where}: ${wrong}`);
      return undefined;
    }
    return value.toLowerCase() as `0x${string}`;
  };

  unknown(document, TOP_FIELDS, "");
  if (document.format !== SIGNED_REQUEST_FORMAT) {
    problems.push(`format: ${document.format === undefined ? "missing" : `${JSON.stringify(document.format)}, expected "${SIGNED_REQUEST_FORMAT}"`}`);
  }
  const chainId = document.chainId;
  if (typeof chainId !== "number" || !Number.isSafeInteger(chainId) || chainId <= 0) {
    problems.push(`chainId: ${chainId === undefined ? "missing" : "not a positive integer"}`);
  }
  const forwarder = address(document.forwarder, "forwarder");
  const signature = hex(document.signature, "signature", (bytes) => (bytes === 65 ? undefined : `${bytes} bytes, expected 65`));

  let request: SignedRequest["request"] | undefined;
  if (!isObject(document.request)) {
    problems.push(`request: ${document.request === undefined ? "missing" : "not an object"}`);
  } else {
    const r = document.request;
    unknown(r, REQUEST_FIELDS, "request.");
    const fields = {
      from: address(r.from, "request.from"),
      to: address(r.to, "request.to"),
      value: uint(r.value, "request.value", MAX_UINT256),
      gas: uint(r.gas, "request.gas", MAX_UINT256),
      nonce: uint(r.nonce, "request.nonce", MAX_UINT256),
      deadline: uint(r.deadline, "request.deadline", MAX_DEADLINE),
      data: hex(r.data, "request.data", (bytes) => (bytes >= 4 ? undefined : "shorter than a function selector")),
    };
    if (fields.gas === "0") problems.push("request.gas: zero");
    if (Object.values(fields).every((v) => v !== undefined)) request = fields as SignedRequest["request"];
  }

  let call: SignedRequest["call"] | undefined;
  if (!isObject(document.call)) {
    problems.push(`call: ${document.call === undefined ? "missing" : "not an object"}`);
  } else {
    const c = document.call;
    unknown(c, CALL_FIELDS, "call.");
    const before = problems.length;
    if (typeof c.action !== "string" || c.action === "") problems.push(`call.action: ${c.action === undefined ? "missing" : "not a name"}`);
    if (!delegatedContracts.includes(c.contract as DelegatedContract)) {
      problems.push(`call.contract: ${c.contract === undefined ? "missing" : `${JSON.stringify(c.contract)}, expected one of ${delegatedContracts.join(", ")}`}`);
    }
    if (typeof c.function !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(c.function)) {
      problems.push(`call.function: ${c.function === undefined ? "missing" : "not a function name"}`);
    }
    if (!Array.isArray(c.args)) problems.push(`call.args: ${c.args === undefined ? "missing" : "not an array"}`);
    if (problems.length === before) {
      call = { action: c.action as string, contract: c.contract as DelegatedContract, function: c.function as string, args: c.args as JsonValue[] };
    }
  }

  if (problems.length > 0 || !forwarder || !signature || !request || !call) throw new InvalidSignedRequestError(problems);
  return { format: SIGNED_REQUEST_FORMAT, chainId: chainId as number, forwarder, request, signature, call };
}
