/**
 * Hashing files in a Web Worker (worker/hash.worker.ts): the page stays responsive however large the
 * file, and a new file cancels the one in progress.
 */
import type { HashAlgorithmName } from "@dpr/sdk";
import { VerifierError } from "./errors.js";
import type { HashRequest, HashResponse } from "./worker/protocol.js";

export interface FileHasher {
  /** The file's content hash; `onProgress` gets the bytes hashed so far. Rejects if cancelled. */
  hash(file: Blob & { name?: string }, algorithm: HashAlgorithmName, onProgress: (bytes: number) => void): Promise<{ hash: `0x${string}`; size: number }>;
  /** Stops the hash in progress (its promise rejects with `cancelled: true`). */
  cancel(): void;
}

/** A cancelled hash. */
export class HashCancelledError extends Error {
  override name = "HashCancelledError";
  readonly cancelled = true;
}

/**
 * @param createWorker Starts a worker running worker/hash.worker.ts (the bundler resolves its URL
 *   where this is called, see ui/app.ts).
 */
export function createFileHasher(createWorker: () => Worker): FileHasher {
  let worker: Worker | null = null;
  let nextId = 1;
  let pending: { id: number; reject: (error: Error) => void } | null = null;

  const cancel = () => {
    if (!pending) return;
    // Terminating is the only way to stop a hash mid-stream; the next hash starts a fresh worker.
    worker?.terminate();
    worker = null;
    pending.reject(new HashCancelledError("hashing cancelled"));
    pending = null;
  };

  return {
    cancel,
    hash(file, algorithm, onProgress) {
      cancel();
      const id = nextId++;
      const current = (worker ??= createWorker());
      return new Promise((resolve, reject) => {
        pending = { id, reject };
        const fail = (details: string) => {
          pending = null;
          reject(new VerifierError("hash-failed", { params: { name: file.name ?? "" }, details }));
        };
        current.onmessage = (event: MessageEvent<HashResponse>) => {
          const message = event.data;
          if (message.id !== id) return;
          if (message.type === "progress") onProgress(message.bytes);
          else if (message.type === "done") {
            pending = null;
            resolve({ hash: message.hash, size: message.size });
          } else fail(message.message);
        };
        current.onerror = (event) => {
          event.preventDefault();
          worker?.terminate();
          worker = null;
          fail(event.message || "the hashing worker failed");
        };
        const request: HashRequest = { id, file, algorithm };
        current.postMessage(request);
      });
    },
  };
}
