/**
 * @dpr/sdk — the DPR SDK for Node and browsers.
 *
 * This entry exports the contracts' ABIs, creation bytecode and enumerations, generated from the
 * compiled Solidity by `npm run codegen` (a check in CI fails when they are stale).
 */
export * from "./generated/abis.js";
export * from "./generated/bytecode.js";
export * from "./generated/enums.js";
export {
  type DeployContractsParameters,
  type DeployContractsReturnType,
  type DprContracts,
  deployContracts,
} from "./actions/deployContracts.js";
export { DprError, type DprErrorOptions, InvalidHashError } from "./errors/base.js";
export { type HashAlgorithmName, hashAlgorithmName, hashAlgorithmNames, hashAlgorithmOf } from "./hashing/algorithms.js";
export { type Hasher, createHasher } from "./hashing/createHasher.js";
export { type HashStreamParameters, type HashStreamReturnType, hashBytes, hashStream } from "./hashing/hashStream.js";
export {
  type Batch,
  BatchError,
  type BatchFile,
  type BatchManifest,
  type BatchProof,
  type BatchProofs,
  batchFromManifest,
  batchLeafEncoding,
  batchLeafHash,
  buildBatch,
  manifestHash,
  normaliseBatchPath,
  verifyBatchProof,
} from "./merkle/manifest.js";
export { type Deployment, type DprContext, defaultDeploymentPath } from "./deployments/deployment.js";
