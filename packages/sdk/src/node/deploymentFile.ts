import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Deployment } from "../deployments/deployment.js";
import { defaultDeploymentPath } from "../deployments/deployment.js";
import { DeploymentNotFoundError, InvalidDeploymentError } from "../deployments/errors.js";
import { parseDeployment } from "../deployments/parseDeployment.js";
import { serializeDeployment } from "../deployments/serializeDeployment.js";
import { DprError } from "../errors/base.js";
import { FileReadError } from "./hashFile.js";

export type ResolveDeploymentPathParameters = {
  /** The `--deployment` option, when given. */
  flag?: string | undefined;
  /** The `DPR_DEPLOYMENT` environment variable (read from `process.env` unless given). */
  env?: string | undefined;
  /** The folder relative paths are resolved against; defaults to the working directory. */
  cwd?: string | undefined;
};

/**
 * Where the deployment record is: the `--deployment` option, else `DPR_DEPLOYMENT`, else
 * `.dpr/deployment.json`, as an absolute path resolved against `cwd`. Empty values count as unset.
 *
 * @example
 * resolveDeploymentPath({ flag: options.deployment }) // "/home/me/project/.dpr/deployment.json"
 */
export function resolveDeploymentPath(parameters: ResolveDeploymentPathParameters = {}): string {
  const { flag, env = process.env.DPR_DEPLOYMENT, cwd = process.cwd() } = parameters;
  const chosen = [flag, env].find((value) => value !== undefined && value.trim() !== "") ?? defaultDeploymentPath;
  return resolve(cwd, chosen);
}

/**
 * Reads and checks a deployment record.
 *
 * Throws {@link DeploymentNotFoundError} when there is no file (its message says how to make one),
 * {@link InvalidDeploymentError} when the file is not JSON or not a valid record, and `FileReadError`
 * when it cannot be read (a folder, no permission).
 *
 * @example
 * const deployment = await readDeploymentFile(resolveDeploymentPath({ flag: options.deployment }))
 */
export async function readDeploymentFile(path: string): Promise<Deployment> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new DeploymentNotFoundError(path, { cause: error });
    throw new FileReadError(path, code === "EISDIR" ? "it is a folder, not a file" : code === "EACCES" ? "permission denied" : String(error), error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidDeploymentError([`not JSON (${(error as Error).message})`], { path, cause: error });
  }
  return parseDeployment(json, { source: path });
}

/**
 * Writes a deployment record as {@link serializeDeployment} formats it, creating the folder. The file
 * is written whole or not at all (a temporary file renamed into place), so a reader never sees half a record.
 *
 * @returns The absolute path written.
 *
 * @example
 * await writeDeploymentFile(".dpr/deployment.json", deployment)
 */
export async function writeDeploymentFile(path: string, deployment: Deployment): Promise<string> {
  const target = resolve(path);
  // Refuse to write a record that could not be read back.
  const text = serializeDeployment(parseDeployment(JSON.parse(serializeDeployment(deployment)) as unknown));
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(temporary, text, "utf8");
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EACCES" ? "permission denied" : code === "EISDIR" ? "it is a folder" : code === "ENOTDIR" ? "a parent is a file, not a folder" : String(error);
    throw new DprError(`cannot write the deployment record to ${target}: ${reason}`, { cause: error });
  }
  return target;
}
