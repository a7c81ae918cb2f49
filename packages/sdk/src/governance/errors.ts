import { DprError, type DprErrorOptions } from "../errors/base.js";

/**
 * What is wrong with an admin proposal or a governance action, for programs: `tampered` (a field does
 * not match what was signed), `bad-signature`, `not-owner`, `stale-nonce`, `not-enough-approvals`,
 * `not-ready`, `done`, `not-scheduled`, `wrong-chain`, `invalid` (malformed file or parameters),
 * `refused` (the chain refused the call).
 */
export type GovernanceProblem =
  | "tampered"
  | "bad-signature"
  | "not-owner"
  | "stale-nonce"
  | "not-enough-approvals"
  | "not-ready"
  | "done"
  | "not-scheduled"
  | "wrong-chain"
  | "invalid"
  | "refused";

/**
 * A governance step was refused: by the SDK before anything was sent (a tampered proposal, a signature by
 * someone who is no owner, too few approvals, an operation not yet ready), or by the Safe or the timelock.
 * `problem` says which, so programs need not read the message.
 */
export class GovernanceError extends DprError {
  override name = "GovernanceError";
  readonly problem: GovernanceProblem;
  constructor(problem: GovernanceProblem, shortMessage: string, options: DprErrorOptions = {}) {
    super(shortMessage, options);
    this.problem = problem;
  }
}
