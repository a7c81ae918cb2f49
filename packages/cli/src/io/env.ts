import type { Command } from "commander";
import type { GlobalOptions } from "./context.js";
import { type Output, createOutput } from "./output.js";
import { type Progress, createProgress } from "./progress.js";
import { ioOf } from "./streams.js";

/** What a running command has at hand: the global options, its output, and progress reporting. */
export interface CommandEnv {
  globals: GlobalOptions;
  /** Set when this command runs inside `dpr sign` or `dpr admin propose`: its write goes there. */
  intercept?: import("./intercept.js").WriteInterceptor | undefined;
  out: Output;
  progress: Progress;
  /** Ends the run with this exit code although the command succeeded (`verify`: not registered). */
  setExitCode(code: number): void;
}

/** Builds a command's environment from its parsed options (global options included). */
export async function commandEnv(command: Command): Promise<CommandEnv> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const io = ioOf(command);
  const out = createOutput({ json: globals.json, quiet: globals.quiet, stdout: io.stdout });
  const progress = await createProgress({ json: globals.json, quiet: globals.quiet, stream: io.stderr });
  return { globals, out, progress, intercept: io.intercept, setExitCode: (code) => (io.exitCode = code) };
}

/** Runs `work` (sending a transaction and waiting for it) under a status line on stderr. */
export async function withStatus<T>(env: CommandEnv, text: string, work: () => Promise<T>): Promise<T> {
  const status = env.progress.status(text);
  try {
    return await work();
  } finally {
    status.stop();
  }
}

/** The stages an SDK write reports (`onStatus`). */
type WriteStatus = "simulating" | "sending" | "waiting";

/**
 * Runs an SDK write action under a status line that follows its stages: checking the chain's rules
 * (a simulation, so a refused call costs no gas), sending, then waiting for the transaction to be mined.
 */
export async function send<T>(
  env: CommandEnv,
  label: string,
  write: (onStatus: (status: WriteStatus, txHash?: `0x${string}`) => void) => Promise<T>,
): Promise<T> {
  const status = env.progress.status(`${label}: connecting…`);
  try {
    return await write((stage, txHash) => {
      if (stage === "simulating") status.update(`${label}: checking the chain's rules…`);
      else if (stage === "sending") status.update(`${label}: sending the transaction…`);
      else status.update(`${label}: waiting for ${txHash ?? "the transaction"} to be mined…`);
    });
  } finally {
    status.stop();
  }
}

type Sdk = typeof import("@dpr/sdk");
type WriteContext = Awaited<ReturnType<typeof import("./context.js").writeContext>>;
type OnStatus = (status: WriteStatus, txHash?: `0x${string}`) => void;

/**
 * Runs one SDK write action end to end: loads the SDK, the deployment and the signer, runs `run`
 * under a status line, and prints the action's result. Parse arguments before calling this, so bad
 * input fails before a key is unlocked or the network is touched. `human`, when given, makes what people see
 * from the result (the JSON output is the result as it is).
 */
export async function writeAction(
  env: CommandEnv,
  label: string,
  run: (sdk: Sdk, context: WriteContext, onStatus: OnStatus) => Promise<object>,
  extra: Record<string, unknown> = {},
  human?: (result: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const sdk = await import("@dpr/sdk");
  const { writeContext } = await import("./context.js");
  const context = await writeContext(env.globals);
  const result = env.intercept
    ? await env.intercept(context, (inner) => send(env, label, (onStatus) => run(sdk, { ...context, ...inner }, onStatus)))
    : await send(env, label, (onStatus) => run(sdk, context, onStatus));
  const out: Record<string, unknown> = { ...result, ...extra };
  env.out.result(out, human?.(out));
}
