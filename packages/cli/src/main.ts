import { CommanderError } from "commander";
import { classifyError } from "./io/errors.js";
import { ExitCode } from "./io/exitCodes.js";
import type { CliIo } from "./io/streams.js";
import { createProgram } from "./program.js";

/** The text printed for an error: one short message, its details and hint, and the stack with DPR_DEBUG=1. */
export function formatError(error: unknown): { exitCode: number; text: string } {
  const { exitCode, message, details, hint } = classifyError(error);
  let text = `error: ${message}\n`;
  if (details && details !== message) text += `${details.replace(/^/gm, "  ")}\n`;
  if (hint) text += `hint: ${hint}\n`;
  if (process.env.DPR_DEBUG === "1") {
    let current: unknown = error;
    for (let depth = 0; current && depth < 8; depth++) {
      text += `\n${depth === 0 ? "" : "caused by: "}${(current as Error).stack ?? String(current)}\n`;
      current = (current as { cause?: unknown }).cause;
    }
  }
  return { exitCode, text };
}

/**
 * Runs `dpr` once: parses `argv` (as `process.argv`: node, script, arguments…), runs the command,
 * and turns whatever it throws into one short message on `io.stderr`. Returns the exit code
 * (`dpr --help` documents them).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv]);
    return io.exitCode ?? ExitCode.Ok;
  } catch (error) {
    // Commander has already printed its message (unknown option, missing argument, help, version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    const { exitCode, text } = formatError(error);
    io.stderr.write(text);
    return exitCode;
  }
}
