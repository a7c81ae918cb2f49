/**
 * Test fixture for the crashed-parent test: starts a chain of the kind given as the first argument,
 * prints `{"pgid","port"}` on one line, and waits, so the test can SIGKILL this process and check
 * that the watchdog takes the chain down with it.
 */
import { type ChainKind, startChain } from "../startChain.js";

const chain = await startChain({ kind: process.argv[2] as ChainKind });
process.stdout.write(`${JSON.stringify({ pgid: chain.pgid, port: chain.port })}\n`);
// Stay alive until killed: the chain's own handles are unref'd and would not hold this process.
setInterval(() => undefined, 60_000);
