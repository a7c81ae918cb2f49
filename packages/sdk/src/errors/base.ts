/**
 * The root of the SDK's errors (after viem's `BaseError`): a short message for people, optional
 * details, and the underlying cause. Every error the SDK throws is a `DprError` with a stable `name`.
 */
export interface DprErrorOptions {
  /** More about what happened, shown on its own line. */
  details?: string | undefined;
  /** What to do about it. */
  hint?: string | undefined;
  cause?: unknown;
}

export class DprError extends Error {
  override name = "DprError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hint: string | undefined;

  constructor(shortMessage: string, options: DprErrorOptions = {}) {
    const lines = [shortMessage];
    if (options.details) lines.push(`Details: ${options.details}`);
    if (options.hint) lines.push(`Hint: ${options.hint}`);
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.hint = options.hint;
  }
}

/** A hash was not 32 bytes of hex, or named an unknown algorithm. */
export class InvalidHashError extends DprError {
  override name = "InvalidHashError";
}

/** An argument was malformed or named something that does not exist (an unknown role, a bad address). */
export class InvalidArgumentError extends DprError {
  override name = "InvalidArgumentError";
}

/** An action that sends a transaction was called without a wallet client that has an account. */
export class SignerRequiredError extends DprError {
  override name = "SignerRequiredError";

  constructor(action?: string, options: DprErrorOptions = {}) {
    super(`${action ? `${action} sends a transaction and` : "this action"} needs a signer`, {
      hint: "give the context a wallet client with an account (the CLI: --keystore FILE, or DPR_PRIVATE_KEY)",
      ...options,
    });
  }
}

/** The wallet is connected to another chain than the one the deployment record names. */
export class WrongChainError extends DprError {
  override name = "WrongChainError";
  readonly expectedChainId: number | undefined;
  readonly actualChainId: number | undefined;

  constructor(parameters: { expectedChainId?: number | undefined; actualChainId?: number | undefined }, options: DprErrorOptions = {}) {
    const { expectedChainId, actualChainId } = parameters;
    super(
      expectedChainId !== undefined && actualChainId !== undefined
        ? `the wallet is on chain ${actualChainId}, but the deployment is on chain ${expectedChainId}`
        : "the wallet is on another chain than the deployment",
      { hint: "point the RPC URL at the deployment's chain, or use the deployment record of this chain", ...options },
    );
    this.expectedChainId = expectedChainId;
    this.actualChainId = actualChainId;
  }
}

/** The JSON-RPC endpoint could not be reached (refused, timed out, DNS failure) or answered with an HTTP error. */
export class RpcUnreachableError extends DprError {
  override name = "RpcUnreachableError";
  /** The endpoint, with any credentials in it removed. */
  readonly url: string | undefined;

  constructor(parameters: { url?: string | undefined; status?: number | undefined }, options: DprErrorOptions = {}) {
    const url = parameters.url === undefined ? undefined : redactUrl(parameters.url);
    const where = url ? `the RPC endpoint ${url}` : "the RPC endpoint";
    super(parameters.status === undefined ? `cannot reach ${where}` : `${where} answered HTTP ${parameters.status}`, {
      hint: "check that the node is running and the URL is right (the CLI: --rpc or DPR_RPC_URL)",
      ...options,
    });
    this.url = url;
  }
}

/** A transaction was mined but reverted (the chain changed between the simulation and the transaction). */
export class TransactionFailedError extends DprError {
  override name = "TransactionFailedError";
  readonly txHash: `0x${string}`;
  readonly blockNumber: bigint;
  readonly gasUsed: bigint;

  constructor(parameters: { txHash: `0x${string}`; blockNumber: bigint; gasUsed: bigint; action?: string | undefined }, options: DprErrorOptions = {}) {
    super(`transaction ${parameters.txHash}${parameters.action ? ` (${parameters.action})` : ""} reverted in block ${parameters.blockNumber}`, {
      details: "it passed simulation, so the chain's state changed before it was mined",
      hint: "read the current state and try again",
      ...options,
    });
    this.txHash = parameters.txHash;
    this.blockNumber = parameters.blockNumber;
    this.gasUsed = parameters.gasUsed;
  }
}

/** What went wrong with a remote signing service (see {@link RemoteSignerError}). */
export type RemoteSignerProblem =
  | "unreachable"
  | "timeout"
  | "unauthorized"
  | "http"
  | "rpc"
  | "invalid-answer"
  | "no-account"
  | "unknown-account"
  | "ambiguous-account"
  | "wrong-signer"
  | "wrong-transaction";

/**
 * A remote signing service (Web3Signer, Clef) failed, refused, or gave an answer that does not check: a
 * signature by another key, or a transaction other than the one asked for. Nothing was sent. The service's
 * URL is given without credentials, and no token ever appears in the message.
 */
export class RemoteSignerError extends DprError {
  override name = "RemoteSignerError";
  readonly problem: RemoteSignerProblem;
  /** The service, without any user and password in its URL. */
  readonly url: string;
  /** The JSON-RPC error code the service answered with, for `problem: "rpc"`. */
  readonly rpcCode: number | undefined;
  /** The HTTP status the service answered with, for `"unauthorized"` and `"http"`. */
  readonly status: number | undefined;

  constructor(
    shortMessage: string,
    parameters: { problem: RemoteSignerProblem; url: string; rpcCode?: number | undefined; status?: number | undefined },
    options: DprErrorOptions = {},
  ) {
    super(shortMessage, options);
    this.problem = parameters.problem;
    this.url = redactUrl(parameters.url);
    this.rpcCode = parameters.rpcCode;
    this.status = parameters.status;
  }
}

/** A URL without the user and password it may carry (RPC URLs sometimes hold API keys there). */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    const text = parsed.toString();
    // URL adds a "/" to a bare origin; people write http://127.0.0.1:8545.
    return parsed.pathname === "/" && !parsed.search && !parsed.hash ? text.replace(/\/$/, "") : text;
  } catch {
    return url;
  }
}
