/**
 * Hashes a file off the page's main thread: the file is read as a stream (`Blob.stream()`), so any
 * size hashes in constant memory, and nothing of it leaves the worker but its digest.
 */
import { hashStream } from "@dpr/sdk";
import type { HashRequest, HashResponse } from "./protocol.js";

/** How often progress is reported: often enough for a smooth bar, rarely enough to cost nothing. */
const PROGRESS_INTERVAL_MS = 50;

const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<HashRequest>) => void) | null;
  postMessage(message: HashResponse): void;
};

scope.onmessage = (event) => {
  const { id, file, algorithm } = event.data;
  let last = 0;
  hashStream(file.stream(), {
    algorithm,
    onProgress: (bytes) => {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      scope.postMessage({ id, type: "progress", bytes });
    },
  }).then(
    ({ hash, size }) => scope.postMessage({ id, type: "done", hash, size }),
    (error: unknown) => scope.postMessage({ id, type: "error", message: error instanceof Error ? error.message : String(error) }),
  );
};
