/** Messages between the page and the hashing worker. */
import type { HashAlgorithmName } from "@dpr/sdk";

export interface HashRequest {
  id: number;
  file: Blob;
  algorithm: HashAlgorithmName;
}

export type HashResponse =
  | { id: number; type: "progress"; bytes: number }
  | { id: number; type: "done"; hash: `0x${string}`; size: number }
  | { id: number; type: "error"; message: string };
