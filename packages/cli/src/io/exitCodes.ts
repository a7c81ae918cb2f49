/**
 * The exit codes of `dpr`, documented in `dpr --help` and the README. Scripts branch on these, so they
 * never change meaning.
 */
export const ExitCode = {
  /** Done; for `verify`: the file is registered (or in an anchored batch) and its proof checks. */
  Ok: 0,
  /** `verify`: the file is not registered, or not in the batch; `metadata validate`: a document has problems. */
  NotVerified: 1,
  /** Usage or input error: a bad option, a missing file, a malformed hash, a wrong password. Nothing was sent. */
  Usage: 2,
  /** The chain refused: a contract rule (missing role, wrong status, …), checked before sending or on sending. */
  ChainRefused: 3,
  /** The RPC endpoint could not be reached, or the network failed. */
  Network: 4,
  /** Anything else. */
  Other: 5,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The exit-code table shown at the end of `dpr --help`. */
export const exitCodesHelp = `Exit codes:
  0  done (verify: verified — registered, or in an anchored batch)
  1  verify: not registered, or not in the batch; metadata validate: a document has problems
  2  usage or input error (bad option, missing file, bad hash, wrong keystore password); nothing was sent
  3  the chain refused: a contract rule (missing role, wrong status, …); nothing was changed
  4  the RPC endpoint is unreachable, or the network failed
  5  any other error (set DPR_DEBUG=1 for the stack trace)`;
