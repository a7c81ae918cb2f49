/**
 * The `dpr` entry point (run through bin/dpr.js): runs the command line against the process's streams
 * and exits with the documented code (`dpr --help`).
 */
import { main } from "./main.js";
import { processIo } from "./io/streams.js";

// Exit explicitly: idle HTTP keep-alive sockets would otherwise hold the process open for seconds.
// Writes to pipes and files are synchronous on POSIX, so nothing printed is lost.
process.exit(await main(process.argv, processIo()));
