/**
 * @dpr/sdk/node — the parts of the SDK that need Node.js: files, folders and the file system.
 * Everything in the main entry (`@dpr/sdk`) runs in browsers too.
 */
export { FileReadError, type HashFileParameters, type HashFileReturnType, hashFile } from "./hashFile.js";
export { type BuildBatchFromFolderParameters, buildBatchFromFolder, listFiles } from "./buildBatchFromFolder.js";
export {
  type ResolveDeploymentPathParameters,
  readDeploymentFile,
  resolveDeploymentPath,
  writeDeploymentFile,
} from "./deploymentFile.js";
