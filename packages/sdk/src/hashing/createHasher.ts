import { createKeccak, createSHA256, createSM3, type IHasher } from "hash-wasm";
import type { Hex } from "viem";
import type { HashAlgorithmName } from "./algorithms.js";

/** An incremental hash: feed it chunks, then read the digest once. */
export interface Hasher {
  update(chunk: Uint8Array): void;
  /** The digest as 0x-prefixed lowercase hex (32 bytes for every supported algorithm). */
  digest(): Hex;
}

/**
 * An incremental hasher that runs anywhere (WebAssembly from `hash-wasm`, no Node built-ins), for
 * browsers and Web Workers. Node code should prefer `hashFile` from `@dpr/sdk/node`, which uses
 * OpenSSL.
 *
 * @example
 * const hasher = await createHasher("sm3")
 * hasher.update(new TextEncoder().encode("abc"))
 * hasher.digest() // 0x66c7f0f4…
 */
export async function createHasher(algorithm: HashAlgorithmName): Promise<Hasher> {
  const inner: IHasher =
    algorithm === "sha256" ? await createSHA256() : algorithm === "sm3" ? await createSM3() : await createKeccak(256);
  inner.init();
  return {
    update(chunk) {
      inner.update(chunk);
    },
    digest() {
      return `0x${inner.digest("hex")}`;
    },
  };
}
