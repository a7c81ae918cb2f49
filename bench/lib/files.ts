/** Test files for the hashing benchmarks. */
import { randomBytes } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";

/**
 * Writes `bytes` of random data to `path`: a 16 MiB random block, repeated. Random, so that nothing
 * on the way (a compressing file system, a clever reader) can shortcut it; repeated, so that writing a
 * gibibyte takes a second, not the time of generating it.
 */
export function writeRandomFile(path: string, bytes: number): void {
  const block = randomBytes(Math.max(1, Math.min(bytes, 16 * 1024 * 1024)));
  const fd = openSync(path, "w");
  try {
    for (let written = 0; written < bytes; ) written += writeSync(fd, block, 0, Math.min(block.length, bytes - written));
  } finally {
    closeSync(fd);
  }
}
