import { ExitCode } from "./exitCodes.js";

/**
 * An error the CLI reports itself: a short message, optional details and hint, and the exit code.
 * Anything else thrown is classified by `classifyError`.
 */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode: ExitCode;
  readonly details: string | undefined;
  readonly hint: string | undefined;
  constructor(message: string, options: { exitCode?: ExitCode; details?: string | undefined; hint?: string | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? ExitCode.Usage;
    this.details = options.details;
    this.hint = options.hint;
  }
}

/** A usage or input error (exit code 2): nothing was sent. */
export function usageError(message: string, hint?: string): CliError {
  return new CliError(message, { exitCode: ExitCode.Usage, hint });
}

/** What the CLI prints for an error, and how it exits. */
export interface ClassifiedError {
  exitCode: ExitCode;
  message: string;
  details?: string | undefined;
  hint?: string | undefined;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  shortMessage?: unknown;
  details?: unknown;
  hint?: unknown;
  code?: unknown;
  cause?: unknown;
}

/** The error and its causes, outermost first (bounded, in case of a cycle). */
function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (current !== null && typeof current === "object" && chain.length < 16) {
    chain.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return chain;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value.trim() !== "" ? value : undefined);

/** SDK error names that mean the input was wrong (exit 2): nothing was sent. */
const inputErrorNames = new Set([
  "InvalidHashError",
  "InvalidSignedRequestError",
  "InvalidArgumentError",
  "FileReadError",
  "BatchError",
  "SignerRequiredError",
  "WrongChainError",
  "DeploymentNotFoundError",
  "InvalidDeploymentError",
  "DeploymentMismatchError",
  "ChainMismatchError",
]);

/** Contract errors that mean the id given names nothing: input errors (exit 2), not refusals. */
const unknownThingErrors = new Set(["DatasetRegistryUnknownDataset", "GrantRegistryUnknownGrant", "ParticipantDirectoryUnknownParticipant"]);

/** SDK error names that mean the chain refused (exit 3). */
const refusalErrorNames = new Set(["ContractRuleError", "TransactionFailedError", "ContractFunctionRevertedError", "DelegatedRequestError"]);

/** GovernanceError problems that are the proposal file's or the signer's, not the chain's. */
const governanceInputProblems = new Set(["tampered", "bad-signature", "not-owner", "invalid", "wrong-chain"]);

/**
 * Where a failure of a remote signing service (`--signer-url`) leaves the command, by its `problem`: what the
 * officer can fix (token, account) is an input error, a service that cannot be reached is the network, and
 * a service that answers with something that does not check (another key's signature, another
 * transaction) is "other": nothing was sent, and the service needs looking at.
 */
const signerExitCodes: Readonly<Record<string, ExitCode>> = {
  unreachable: ExitCode.Network,
  timeout: ExitCode.Network,
  http: ExitCode.Network,
  unauthorized: ExitCode.Usage,
  "no-account": ExitCode.Usage,
  "unknown-account": ExitCode.Usage,
  "ambiguous-account": ExitCode.Usage,
};

/** SDK and viem error names that mean the network failed (exit 4). */
const networkErrorNames = new Set(["HttpRequestError", "TimeoutError", "WebSocketRequestError", "SocketClosedError"]);

/** Node.js socket error codes. */
const networkCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EPIPE", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_SOCKET"]);

/**
 * Decides what to print and which exit code to use for anything thrown by a command: our own
 * `CliError`s, the SDK's `DprError`s (by class name: contract rules → 3, RPC failures → 4, bad input
 * → 2), and viem's errors underneath.
 */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof CliError) return { exitCode: error.exitCode, message: error.message, details: error.details, hint: error.hint };
  const chain = causeChain(error);
  const top = chain[0];
  if (!top) return { exitCode: ExitCode.Other, message: String(error) };

  // The SDK's errors carry a short message, details and a hint; the outermost one speaks for the rest.
  const dpr = chain.find((e) => typeof e.shortMessage === "string" && "hint" in e) ?? top;
  const message = str(dpr.shortMessage) ?? str(dpr.message) ?? String(error);
  const details = str(dpr.details);
  const hint = str(dpr.hint);
  const names = chain.map((e) => (typeof e.name === "string" ? e.name : ""));
  const out = (exitCode: ExitCode): ClassifiedError => ({ exitCode, message, details, hint });

  // The outermost error with a known class decides: the SDK wraps viem's errors, so its class comes first.
  for (const [i, name] of names.entries()) {
    // An id that names nothing is bad input, even though the contract is what noticed.
    if (name === "ContractRuleError" && unknownThingErrors.has(String((chain[i] as { errorName?: unknown }).errorName))) return out(ExitCode.Usage);
    if (name === "RemoteSignerError") return out(signerExitCodes[String((chain[i] as { problem?: unknown }).problem)] ?? ExitCode.Other);
    // A bad proposal file or signer is bad input (nothing was sent); a step the multisig or timelock does not
    // allow yet, or any more, is the chain's rule.
    if (name === "GovernanceError") return out(governanceInputProblems.has(String((chain[i] as { problem?: unknown }).problem)) ? ExitCode.Usage : ExitCode.ChainRefused);
    if (refusalErrorNames.has(name)) return out(ExitCode.ChainRefused);
    if (inputErrorNames.has(name)) return out(ExitCode.Usage);
    if (name === "RpcUnreachableError") return out(ExitCode.Network);
  }
  const networkCause = chain.find(
    (e) =>
      (typeof e.name === "string" && networkErrorNames.has(e.name)) ||
      (typeof e.code === "string" && networkCodes.has(e.code)) ||
      (e.name === "TypeError" && e.message === "fetch failed"),
  );
  if (networkCause) {
    // Raw viem errors (from calls the SDK does not wrap) say "HTTP request failed. fetch failed": say it better.
    const url = chain.map((e) => (e as { url?: unknown }).url).find((u): u is string => typeof u === "string");
    const status = chain.map((e) => (e as { status?: unknown }).status).find((s): s is number => typeof s === "number");
    const where = url ? `the RPC endpoint ${redactUrl(url)}` : "the RPC endpoint";
    return {
      exitCode: ExitCode.Network,
      message: status !== undefined ? `${where} answered HTTP ${status}` : `cannot reach ${where}`,
      details: networkDetail(chain),
      hint: "check that the node is running and the URL is right (--rpc or DPR_RPC_URL)",
    };
  }
  return out(ExitCode.Other);
}

/** The innermost useful reason of a network failure (e.g. `connect ECONNREFUSED 127.0.0.1:8545`). */
function networkDetail(chain: ErrorLike[]): string | undefined {
  for (const e of [...chain].reverse()) {
    const message = str(e.message);
    if (message && message !== "fetch failed" && !message.startsWith("HTTP request failed")) return message.split("\n")[0];
  }
  return undefined;
}

/** A URL without the credentials it may carry (RPC URLs sometimes hold API keys). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = "";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return url;
  }
}
