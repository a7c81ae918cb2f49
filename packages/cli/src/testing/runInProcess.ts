/**
 * Test helper: runs the `dpr` program in the test's own process, with buffers for stdout and stderr.
 * For the many cases (every command's help, option parsing) where a subprocess per case would only
 * add seconds; the executable itself is covered by the subprocess tests.
 */
import { main } from "../main.js";

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(args: readonly string[]): Promise<InProcessRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "dpr", ...args], {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
  });
  return { code, stdout, stderr };
}
