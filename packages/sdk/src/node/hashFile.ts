import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Hex } from "viem";
import { DprError } from "../errors/base.js";
import type { HashAlgorithmName } from "../hashing/algorithms.js";
import { createHasher } from "../hashing/createHasher.js";

/** A file could not be read: it is missing, a folder where a file was expected, or unreadable. */
export class FileReadError extends DprError {
  override name = "FileReadError";
  readonly path: string;
  constructor(path: string, reason: string, cause?: unknown) {
    super(`cannot read ${path}: ${reason}`, { cause });
    this.path = path;
  }
}

export interface HashFileParameters {
  /** Defaults to `sha256`. */
  algorithm?: HashAlgorithmName | undefined;
  /** Called as the file is read, with bytes hashed so far and the file's size. */
  onProgress?: ((bytesHashed: number, size: number) => void) | undefined;
}

export interface HashFileReturnType {
  hash: Hex;
  size: number;
}

/** Chunk size for reading: large enough that OpenSSL, not the event loop, sets the pace. */
const CHUNK = 1 << 20;

/**
 * Hashes a file of any size in constant memory. SHA-256 and SM3 run in OpenSSL (`node:crypto`);
 * Keccak-256, which OpenSSL lacks, in WebAssembly.
 *
 * @example
 * const { hash, size } = await hashFile("data/traffic-2026-q1.csv", { algorithm: "sm3" })
 */
export async function hashFile(path: string, parameters: HashFileParameters = {}): Promise<HashFileReturnType> {
  const algorithm = parameters.algorithm ?? "sha256";
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new FileReadError(path, info.isDirectory() ? "it is a folder, not a file" : "not a regular file");
    size = info.size;
  } catch (error) {
    if (error instanceof FileReadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileReadError(path, code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error), error);
  }

  // OpenSSL has SHA-256 and SM3; Keccak-256 comes from WebAssembly.
  const hasher =
    algorithm === "keccak256"
      ? await createHasher("keccak256")
      : (() => {
          const hash = createHash(algorithm);
          return { update: (chunk: Uint8Array) => void hash.update(chunk), digest: (): Hex => `0x${hash.digest("hex")}` };
        })();
  let read = 0;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
      hasher.update(chunk);
      read += chunk.length;
      parameters.onProgress?.(read, size);
    }
  } catch (error) {
    throw new FileReadError(path, (error as Error).message ?? String(error), error);
  }
  return { hash: hasher.digest(), size: read };
}
