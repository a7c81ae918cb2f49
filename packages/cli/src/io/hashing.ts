import { stat } from "node:fs/promises";
import type { Batch, HashAlgorithmName } from "@dpr/sdk";
import type { CommandEnv } from "./env.js";
import { usageError } from "./errors.js";

/** Files smaller than this hash too quickly for a progress bar to be worth drawing. */
const BAR_THRESHOLD = 32 * 1024 * 1024;

/** Hashes one file, with a progress bar on stderr for large files. */
export async function hashFileWithProgress(env: CommandEnv, path: string, algorithm: HashAlgorithmName): Promise<{ hash: `0x${string}`; size: number }> {
  const { hashFile } = await import("./parts/files.js");
  let bar: ReturnType<CommandEnv["progress"]["bar"]> | undefined;
  try {
    return await hashFile(path, {
      algorithm,
      onProgress: (done, size) => {
        if (!bar && size >= BAR_THRESHOLD) bar = env.progress.bar(`hashing ${path}`, size, "bytes");
        bar?.update(done);
      },
    });
  } finally {
    bar?.stop();
  }
}

/** Hashes every file under a folder and builds its batch, with a progress bar over the files. */
export async function buildBatchWithProgress(env: CommandEnv, folder: string, algorithm: HashAlgorithmName): Promise<Batch> {
  const { buildBatchFromFolder } = await import("./parts/batches.js");
  let bar: ReturnType<CommandEnv["progress"]["bar"]> | undefined;
  try {
    return await buildBatchFromFolder(folder, {
      algorithm,
      onProgress: (done, total) => {
        bar ??= env.progress.bar(`hashing ${folder}`, total, "files");
        bar.update(done);
      },
    });
  } finally {
    bar?.stop();
  }
}

/** Whether a path is a file or a folder; a usage error when it is neither or missing. */
export async function pathKind(path: string): Promise<"file" | "folder"> {
  try {
    const info = await stat(path);
    if (info.isFile()) return "file";
    if (info.isDirectory()) return "folder";
    throw usageError(`${path} is neither a file nor a folder`);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw usageError(`cannot read ${path}: no such file or folder`);
    if (code === "EACCES") throw usageError(`cannot read ${path}: permission denied`);
    throw error;
  }
}

/** The algorithms `--alg` accepts (the SDK's names; a test checks they agree). */
export const algorithmChoices = ["sha256", "sm3", "keccak256"] as const;
