import type { Hex } from "viem";
import type { HashAlgorithmName } from "./algorithms.js";
import { createHasher } from "./createHasher.js";

export interface HashStreamParameters {
  /** Defaults to `sha256`. */
  algorithm?: HashAlgorithmName | undefined;
  /** Called after each chunk with the number of bytes hashed so far. */
  onProgress?: ((bytesHashed: number) => void) | undefined;
}

export interface HashStreamReturnType {
  hash: Hex;
  size: number;
}

/**
 * Hashes a stream of bytes in constant memory: a web `ReadableStream` (e.g. `file.stream()` in a
 * browser) or any async iterable of chunks.
 *
 * @example
 * const { hash, size } = await hashStream(file.stream(), { algorithm: "sha256" })
 */
export async function hashStream(
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  parameters: HashStreamParameters = {},
): Promise<HashStreamReturnType> {
  const hasher = await createHasher(parameters.algorithm ?? "sha256");
  let size = 0;
  const feed = (chunk: Uint8Array) => {
    hasher.update(chunk);
    size += chunk.byteLength;
    parameters.onProgress?.(size);
  };
  if (Symbol.asyncIterator in stream) {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) feed(chunk);
  } else {
    const reader = (stream as ReadableStream<Uint8Array>).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      feed(value);
    }
  }
  return { hash: hasher.digest(), size };
}

/** Hashes bytes held in memory. */
export async function hashBytes(bytes: Uint8Array, algorithm: HashAlgorithmName = "sha256"): Promise<Hex> {
  const hasher = await createHasher(algorithm);
  hasher.update(bytes);
  return hasher.digest();
}
