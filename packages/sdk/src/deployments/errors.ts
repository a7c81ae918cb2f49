import { DprError } from "../errors/base.js";
import { defaultDeploymentPath } from "./deployment.js";

/** There is no deployment record where one was looked for. */
export class DeploymentNotFoundError extends DprError {
  override name = "DeploymentNotFoundError";
  /** The path that was looked at. */
  readonly path: string;

  constructor(path: string, options: { cause?: unknown } = {}) {
    super(`no DPR deployment record at ${path}`, {
      hint:
        `deploy the contracts with \`dpr deploy\` (it writes ${defaultDeploymentPath}), ` +
        "or point to an existing record with --deployment FILE or DPR_DEPLOYMENT=FILE",
      cause: options.cause,
    });
    this.path = path;
  }
}

/** A deployment record is not JSON, has the wrong format tag, or a field is missing or malformed. */
export class InvalidDeploymentError extends DprError {
  override name = "InvalidDeploymentError";
  /** Every problem found, one per field (e.g. `contracts.datasets: not an address ("0x12")`). */
  readonly problems: readonly string[];
  /** The file the record came from, when it came from one. */
  readonly path: string | undefined;

  constructor(problems: readonly string[], options: { path?: string | undefined; cause?: unknown } = {}) {
    super(options.path ? `${options.path} is not a valid DPR deployment record` : "not a valid DPR deployment record", {
      details: problems.join("; "),
      hint: "write a new record with `dpr deploy`, or fix the fields named above",
      cause: options.cause,
    });
    this.problems = problems;
    this.path = options.path;
  }
}

/** Which check of {@link checkDeployment} failed. */
export type DeploymentCheck = "chainId" | "code" | "wiring" | "noticePeriod" | "hashAlgorithm";

/** The node does not serve the deployment: another chain, no contract code, or contracts wired differently. */
export class DeploymentMismatchError extends DprError {
  override name = "DeploymentMismatchError";
  readonly check: DeploymentCheck;

  constructor(check: DeploymentCheck, shortMessage: string, options: { details?: string; cause?: unknown } = {}) {
    super(shortMessage, {
      details: options.details,
      hint:
        "the deployment record does not describe the contracts on this node: check --rpc and --deployment " +
        "(a restarted development node forgets its contracts: run `dpr deploy` again)",
      cause: options.cause,
    });
    this.check = check;
  }
}
