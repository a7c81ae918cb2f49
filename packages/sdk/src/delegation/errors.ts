import { DprError, type DprErrorOptions } from "../errors/base.js";

/**
 * A signed request document is malformed: not JSON, another format, or a field missing or of the wrong
 * form. `problems` names each one (`request.gas: not a decimal integer`).
 */
export class InvalidSignedRequestError extends DprError {
  override name = "InvalidSignedRequestError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options: DprErrorOptions = {}) {
    super("the signed request is not a valid dpr-signed-request/1 document", {
      details: problems.join("; "),
      hint: "write it with dpr sign (or signDelegatedRequest) and pass it on unchanged",
      ...options,
    });
    this.problems = problems;
  }
}

/** Why a signed request is refused before it is sent. */
export type DelegatedRequestProblem =
  | "wrong-chain"
  | "wrong-forwarder"
  | "not-a-registry"
  | "value"
  | "bad-signature"
  | "call-mismatch"
  | "used"
  | "nonce-ahead"
  | "expired"
  | "not-accepted";

/**
 * A well-formed signed request that this deployment's forwarder would refuse, or whose description does
 * not match what was signed: `problem` says which check failed, the message says it for people.
 *
 * @example
 * try { await submitDelegatedRequest(context, request) }
 * catch (error) { if (error instanceof DelegatedRequestError && error.problem === "used") … }
 */
export class DelegatedRequestError extends DprError {
  override name = "DelegatedRequestError";
  readonly problem: DelegatedRequestProblem;

  constructor(problem: DelegatedRequestProblem, message: string, options: DprErrorOptions = {}) {
    super(message, options);
    this.problem = problem;
  }
}
