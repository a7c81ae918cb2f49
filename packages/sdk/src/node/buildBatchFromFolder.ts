import { lstat, readdir } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { HashAlgorithmName } from "../hashing/algorithms.js";
import { type Batch, BatchError, type BatchFile, buildBatch } from "../merkle/manifest.js";
import { FileReadError, hashFile } from "./hashFile.js";

export interface BuildBatchFromFolderParameters {
  /** Defaults to `sha256`. */
  algorithm?: HashAlgorithmName | undefined;
  /** Called after each file with files done, files in all, and bytes hashed so far. */
  onProgress?: ((filesDone: number, filesTotal: number, bytesHashed: number) => void) | undefined;
}

/** Lists the regular files below `folder`, recursively, as paths relative to it. Symbolic links are refused. */
export async function listFiles(folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new FileReadError(dir, code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "not a folder" : String(error), error);
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(folder, path).split(sep).join("/"));
      else if (entry.isSymbolicLink()) {
        throw new BatchError(`${path} is a symbolic link`, { hint: "a batch anchors the files themselves: copy the target in, or leave it out" });
      }
    }
  };
  await walk(folder);
  return found.sort();
}

/**
 * Hashes every file below `folder` (recursively, in constant memory per file) and builds the batch:
 * root, manifest and a proof for every file. Paths in the batch are relative to `folder`.
 *
 * @example
 * const { root, manifest, proofs } = await buildBatchFromFolder("exports/2026-q1")
 */
export async function buildBatchFromFolder(folder: string, parameters: BuildBatchFromFolderParameters = {}): Promise<Batch> {
  const info = await lstat(folder).catch((error: NodeJS.ErrnoException) => {
    throw new FileReadError(folder, error.code === "ENOENT" ? "no such folder" : String(error), error);
  });
  if (!info.isDirectory()) throw new FileReadError(folder, "not a folder");
  const algorithm = parameters.algorithm ?? "sha256";
  const paths = await listFiles(folder);
  if (paths.length === 0) throw new BatchError(`${folder} holds no files`);
  const files: BatchFile[] = [];
  let bytes = 0;
  for (const path of paths) {
    const { hash, size } = await hashFile(join(folder, path), { algorithm });
    bytes += size;
    files.push({ path, contentHash: hash, size: BigInt(size) });
    parameters.onProgress?.(files.length, paths.length, bytes);
  }
  return buildBatch(files, { algorithm });
}
