import type { Command } from "commander";

/** A writable text stream (process.stdout, or a buffer in tests). */
export interface Writer {
  write(chunk: string): unknown;
}

/**
 * Where one run of the program writes, and what it decided about its exit code. The executable uses
 * the process's streams; tests run the program in-process with buffers.
 */
export interface CliIo {
  stdout: Writer;
  /** A TTY stream when progress may be drawn on it. */
  stderr: Writer & { isTTY?: boolean };
  /** Set by a command that succeeded with a non-zero answer (`verify`: not registered). */
  exitCode?: number | undefined;
  /**
   * Set by a command that runs another (`dpr sign …`, `dpr admin propose …`): the inner command's write is
   * handed to it instead of being sent (see io/intercept.ts).
   */
  intercept?: import("./intercept.js").WriteInterceptor | undefined;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

const ioOfProgram = new WeakMap<Command, CliIo>();

/** Ties a program to the streams of its run. */
export function attachIo(program: Command, io: CliIo): void {
  ioOfProgram.set(program, io);
}

/** The streams of the run that `command` belongs to. */
export function ioOf(command: Command): CliIo {
  let root = command;
  while (root.parent) root = root.parent;
  let io = ioOfProgram.get(root);
  if (!io) {
    io = processIo();
    ioOfProgram.set(root, io);
  }
  return io;
}
