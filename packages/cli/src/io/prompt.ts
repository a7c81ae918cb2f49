import { openSync } from "node:fs";
import { ReadStream, WriteStream } from "node:tty";

/**
 * Asks for a secret on the controlling terminal (`/dev/tty`), echoing nothing. Reading the terminal
 * rather than stdin keeps pipes free for data and means a password can never arrive from a file by
 * accident. Returns `undefined` when there is no terminal (CI, cron), so the caller can explain.
 */
export async function promptHidden(question: string): Promise<string | undefined> {
  let input: ReadStream;
  let output: WriteStream;
  try {
    input = new ReadStream(openSync("/dev/tty", "r"));
    output = new WriteStream(openSync("/dev/tty", "w"));
  } catch {
    return undefined;
  }
  return new Promise<string>((resolve, reject) => {
    let value = "";
    const finish = (error?: Error) => {
      input.setRawMode(false);
      input.removeListener("data", onData);
      output.write("\n");
      input.destroy();
      output.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString("utf8")) {
        if (char === "\r" || char === "\n" || char === "\u0004") return finish();
        if (char === "\u0003") {
          const error = new Error("cancelled");
          error.name = "PromptCancelledError";
          return finish(error);
        }
        if (char === "\u007f" || char === "\b") value = value.slice(0, -1);
        else if (char >= " ") value += char;
      }
    };
    output.write(question);
    input.setRawMode(true);
    input.on("data", onData);
  });
}
