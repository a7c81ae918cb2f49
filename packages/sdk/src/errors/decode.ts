import type { Hex } from "viem";
import { DprError, RpcUnreachableError, SignerRequiredError, WrongChainError } from "./base.js";
import { decodeRevertData } from "./contract.js";

export interface DecodeDprErrorOptions {
  /** The contract function that was called: it makes some messages more precise. */
  functionName?: string | undefined;
  /** The RPC URL, named by an {@link RpcUnreachableError} when the error itself does not carry it. */
  url?: string | undefined;
  /** The chain id of the deployment, named by a {@link WrongChainError}. */
  expectedChainId?: number | undefined;
}

type ErrorLike = {
  name?: unknown;
  message?: unknown;
  shortMessage?: unknown;
  details?: unknown;
  code?: unknown;
  data?: unknown;
  raw?: unknown;
  url?: unknown;
  status?: unknown;
  cause?: unknown;
};

/** The error and its causes, outermost first (bounded, in case of a cycle). */
function chainOf(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === "object" && chain.length < 16 && !chain.includes(current as ErrorLike)) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

const isRevertData = (value: unknown): value is Hex =>
  typeof value === "string" && /^0x([0-9a-fA-F]{2})*$/.test(value) && (value.length >= 10 || value === "0x");

/**
 * Revert data anywhere in the chain: viem's `ContractFunctionRevertedError.raw`, `RawContractError.data`,
 * or a JSON-RPC error's `data` (Hardhat, anvil and geth put it there, sometimes one level down).
 */
function findRevertData(chain: readonly ErrorLike[]): Hex | undefined {
  for (const e of chain) {
    if (isRevertData(e.raw) && e.raw !== "0x") return e.raw;
    if (isRevertData(e.data) && e.data !== "0x") return e.data;
    const nested = (e.data as { data?: unknown } | undefined)?.data;
    if (e.data && typeof e.data === "object" && isRevertData(nested) && nested !== "0x") return nested;
  }
  // A revert that carried no data at all.
  if (chain.some((e) => e.name === "ContractFunctionRevertedError")) return "0x";
  return undefined;
}

const networkFailure = /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|socket hang up|network ?error|Failed to fetch/i;

function text(e: ErrorLike): string {
  return [e.message, e.details, e.code].filter((v) => typeof v === "string").join(" ");
}

/**
 * Turns whatever an action caught (usually a viem error) into the SDK's error:
 * - revert data anywhere in the cause chain → {@link ContractRuleError} (a readable rule), or a
 *   {@link DprError} for a revert no DPR contract declares;
 * - an endpoint that cannot be reached (refused, reset, timed out, unknown host) → {@link RpcUnreachableError};
 * - no account to sign with → {@link SignerRequiredError};
 * - a wallet on another chain → {@link WrongChainError};
 * - anything else → a {@link DprError} with viem's short message, the original as its cause.
 * A {@link DprError} is returned as it is, also from inside viem's wrapping (a remote signer's refusal
 * thrown while viem signed a transaction).
 *
 * @example
 * try { await publicClient.simulateContract(…) }
 * catch (error) { throw decodeDprError(error, { functionName: "confirm" }) }
 */
export function decodeDprError(error: unknown, options: DecodeDprErrorOptions = {}): DprError {
  if (error instanceof DprError) return error;
  const chain = chainOf(error);
  const inner = chain.find((e): e is DprError => e instanceof DprError);
  if (inner) return inner;

  const revertData = findRevertData(chain);
  if (revertData !== undefined) return decodeRevertData(revertData, { functionName: options.functionName, cause: error });

  if (chain.some((e) => e.name === "AccountNotFoundError")) return new SignerRequiredError(undefined, { cause: error });

  if (chain.some((e) => e.name === "ChainMismatchError")) {
    // viem: "The current chain of the wallet (id: A) does not match the target chain for the transaction (id: B – name)."
    const message = chain.map((e) => (typeof e.message === "string" ? e.message : "")).join(" ");
    const actual = /wallet \(id: (\d+)\)/.exec(message)?.[1];
    const expected = /transaction \(id: (\d+)/.exec(message)?.[1];
    return new WrongChainError(
      {
        expectedChainId: expected === undefined ? options.expectedChainId : Number(expected),
        actualChainId: actual === undefined ? undefined : Number(actual),
      },
      { cause: error },
    );
  }

  const http = chain.find((e) => e.name === "HttpRequestError");
  const timeout = chain.find((e) => e.name === "TimeoutError");
  // The innermost match is the most precise ("connect ECONNREFUSED 127.0.0.1:8545" rather than "fetch failed").
  const failure = chain.findLast((e) => networkFailure.test(text(e)));
  if (timeout || failure || http) {
    const url = [timeout, http, ...chain].map((e) => e?.url).find((u): u is string => typeof u === "string") ?? options.url;
    // An endpoint that answered with an HTTP error status is reachable, but still unusable.
    const status = !timeout && !failure && typeof http?.status === "number" ? http.status : undefined;
    const reason = timeout ? "the request timed out" : failure ? text(failure) : undefined;
    return new RpcUnreachableError({ url, status }, { details: reason, cause: error });
  }

  const outer = chain[0];
  if (outer) {
    const short = typeof outer.shortMessage === "string" ? outer.shortMessage : typeof outer.message === "string" ? outer.message : "";
    const details = typeof outer.details === "string" && outer.details !== short ? outer.details : undefined;
    return new DprError(short.trim() || "unknown error", { details, cause: error });
  }
  return new DprError(String(error), { cause: error });
}
