/**
 * @dpr/sdk/node — the parts of the SDK that need Node.js: files, folders and the file system.
 * Everything in the main entry (`@dpr/sdk`) runs in browsers too. The metadata document's validation is here
 * because its JSON Schema validator (ajv) compiles code at run time, which a page's content security policy
 * rightly forbids; the document's types and its reading (`borderConditionsOf`, `metadataContradictions`) are
 * in the main entry.
 */
export { FileReadError, type HashFileParameters, type HashFileReturnType, hashFile } from "./hashFile.js";
export { type BuildBatchFromFolderParameters, buildBatchFromFolder, listFiles } from "./buildBatchFromFolder.js";
export {
  type ResolveDeploymentPathParameters,
  readDeploymentFile,
  resolveDeploymentPath,
  writeDeploymentFile,
} from "./deploymentFile.js";
export { MAX_METADATA_BYTES, parseMetadataDocument } from "../metadata/parseMetadataDocument.js";
