import type { Command } from "commander";
import type { DprContext } from "@dpr/sdk";
import type { GlobalOptions } from "./context.js";
import { usageError } from "./errors.js";
import { type CliIo, ioOf } from "./streams.js";

type WriteContext = Awaited<ReturnType<typeof import("./context.js").writeContext>>;

/**
 * What a command that wraps another does with the inner command's write: `context` is the signer's
 * (checked deployment, public and wallet clients); `run` runs the inner command's SDK action on a context
 * derived from it (pass `{ capture }` via `captureCall`, or nothing to send as usual). Its result is printed
 * as the inner command's.
 */
export type WriteInterceptor = (
  context: WriteContext,
  run: (context: Partial<DprContext>) => Promise<object>,
) => Promise<object>;

/** The global options a command was given, as arguments for an inner `dpr` run. */
function globalArgs(globals: GlobalOptions): string[] {
  const args = ["--rpc", globals.rpc, "--deployment", globals.deployment];
  if (globals.keystore) args.push("--keystore", globals.keystore);
  if (globals.signerUrl) args.push("--signer-url", globals.signerUrl);
  if (globals.signerAddress) args.push("--signer-address", globals.signerAddress);
  if (globals.json) args.push("--json");
  if (globals.quiet) args.push("-q");
  return args;
}

/**
 * Runs `dpr <inner…>` within `command` (e.g. `dpr sign -- register data.csv …`), with the same global
 * options and streams, handing the inner command's one write to `intercept` instead of sending it. The
 * inner command parses and checks its input as always, so a mistake there fails before any signature.
 */
export async function runIntercepted(command: Command, inner: readonly string[], intercept: WriteInterceptor): Promise<void> {
  if (inner.length === 0) throw usageError(`${command.name()}: name the dpr command to run, e.g. -- register FILE …`);
  const io = ioOf(command);
  const innerIo: CliIo = {
    stdout: io.stdout,
    stderr: io.stderr,
    intercept,
    get exitCode() {
      return io.exitCode;
    },
    set exitCode(code) {
      io.exitCode = code;
    },
  };
  const { createProgram } = await import("../program.js");
  const program = createProgram(innerIo);
  await program.parseAsync(["node", "dpr", ...globalArgs(command.optsWithGlobals<GlobalOptions>()), ...inner]);
}
