/**
 * The verifier's errors. Each carries a stable `code` (the page shows the dictionary message
 * `error.<code>` with `params`, so every language gets its own sentence) and says whether trying
 * again can help, so the page offers a retry only where one makes sense.
 */
import type { MessageKey } from "./i18n/index.js";

export type ErrorCode =
  | "rpc-unreachable"
  | "chain-mismatch"
  | "deployment-unreachable"
  | "deployment-invalid"
  | "deployment-mismatch"
  | "chain-read-failed"
  | "invalid-hash"
  | "invalid-dataset-id"
  | "invalid-algorithm"
  | "proofs-not-json"
  | "proofs-invalid"
  | "invalid-path"
  | "hash-failed"
  | "graphql-unreachable"
  | "graphql-failed";

/** Message parameters: plain values, or data that must not be translated (addresses, URLs). */
export type ErrorParams = Record<string, string | number>;

export class VerifierError extends Error {
  override name = "VerifierError";
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  /** Whether the same request may succeed later (a node or server down, a timeout). */
  readonly retryable: boolean;
  /** Technical detail for the curious (the underlying message, in English); shown folded away. */
  readonly details: string | undefined;

  constructor(code: ErrorCode, options: { params?: ErrorParams; retryable?: boolean; details?: string | undefined; cause?: unknown } = {}) {
    super(options.details ? `${code}: ${options.details}` : code, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.params = options.params ?? {};
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  /** The dictionary key of the message. */
  get messageKey(): MessageKey {
    return `error.${this.code}`;
  }
}

/** The SDK error names the verifier turns into its own codes; anything else is a failed read. */
const SDK_CODES: Record<string, { code: ErrorCode; retryable: boolean }> = {
  RpcUnreachableError: { code: "rpc-unreachable", retryable: true },
  InvalidHashError: { code: "invalid-hash", retryable: false },
  DeploymentMismatchError: { code: "deployment-mismatch", retryable: false },
  InvalidDeploymentError: { code: "deployment-invalid", retryable: false },
  BatchError: { code: "proofs-invalid", retryable: false },
};

/**
 * The verifier's error for anything a chain read threw: SDK errors by their stable `name`, other
 * errors as a failed read that may be retried. `params` fills the message (e.g. the RPC URL).
 */
export function toVerifierError(error: unknown, params: ErrorParams = {}): VerifierError {
  if (error instanceof VerifierError) return error;
  const name = error instanceof Error ? error.name : "";
  const known = SDK_CODES[name];
  const details = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
  if (known) return new VerifierError(known.code, { params, retryable: known.retryable, details, cause: error });
  return new VerifierError("chain-read-failed", { params, retryable: true, details, cause: error });
}
