import { type Command, Option } from "commander";
import type { HashAlgorithmName } from "@dpr/sdk";
import { commandEnv } from "../io/env.js";
import { algorithmChoices, buildBatchWithProgress, hashFileWithProgress, pathKind } from "../io/hashing.js";

interface HashOptions {
  alg?: HashAlgorithmName;
}

/** The result for one path. */
export interface HashResult {
  path: string;
  kind: "file" | "folder";
  algorithm: HashAlgorithmName;
  /** A file's content hash, or a folder's manifest root (what `register` and `anchor` record). */
  contentHash: `0x${string}`;
  /** A file's size in bytes. */
  size?: number;
  /** A folder's number of files. */
  leafCount?: number;
  /** A folder's total size in bytes. */
  totalBytes?: string;
}

export function registerHash(program: Command): void {
  program
    .command("hash")
    .summary("content hashes of files; a folder gives its manifest root")
    .description(
      "Hashes files locally, in constant memory, and prints their content hashes, with the deployment's algorithm (from the deployment record, when there is one) unless --alg says otherwise. A folder is hashed recursively into a batch manifest: its Merkle root (the value `dpr anchor` records), the number of files and their total size. Nothing is sent to the chain.",
    )
    .argument("<path...>", "files or folders")
    .addOption(new Option("--alg <algorithm>", "hash algorithm (default: the deployment record's, else sha256)").choices(algorithmChoices))
    .addHelpText(
      "after",
      `
Output: for one path, its fields; for several, "items" (one entry per path, in order).
With --json: {"path","kind","algorithm","contentHash","size"} for a file,
             {"path","kind","algorithm","contentHash","leafCount","totalBytes"} for a folder
             (contentHash is the manifest root).

Examples:
  dpr hash data/traffic-2026-q1.csv
  dpr hash --alg sm3 exports/2026-q1/ --json`,
    )
    .action(async (paths: string[], options: HashOptions, command: Command) => {
      const env = await commandEnv(command);
      const { contentAlgorithm } = await import("../io/algorithm.js");
      const algorithm = await contentAlgorithm(env.globals, options.alg, { offline: true });
      const kinds = await Promise.all(paths.map(pathKind));
      const results: HashResult[] = [];
      for (const [i, path] of paths.entries()) {
        if (kinds[i] === "file") {
          const { hash, size } = await hashFileWithProgress(env, path, algorithm);
          results.push({ path, kind: "file", algorithm, contentHash: hash, size });
        } else {
          const batch = await buildBatchWithProgress(env, path, algorithm);
          results.push({
            path,
            kind: "folder",
            algorithm,
            contentHash: batch.root,
            leafCount: batch.manifest.leafCount,
            totalBytes: batch.manifest.totalBytes,
          });
        }
      }
      if (results.length === 1) env.out.result({ ...results[0]! });
      else env.out.result({ items: results });
    });
}
