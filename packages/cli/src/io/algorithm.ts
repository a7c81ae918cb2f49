import type { DprContext, HashAlgorithmName } from "@dpr/sdk";
import type { GlobalOptions } from "./context.js";
import { usageError } from "./errors.js";

/**
 * The content-hash algorithm a command hashes with: the deployment's (one per deployment), from the record,
 * or read from the chain for a record written before the record kept it. `--alg` may say it again; another
 * algorithm is refused before anything is hashed or sent, as registering it would be.
 *
 * `offline` (dpr hash): never touch the network; without a record, or one that does not say, `--alg` or
 * SHA-256 is used, and an explicit `--alg` is always honoured (hashing alone cannot mismatch).
 */
export async function contentAlgorithm(
  globals: GlobalOptions,
  given: HashAlgorithmName | undefined,
  options: { offline?: boolean } = {},
): Promise<HashAlgorithmName> {
  const { readDeploymentFile } = await import("./parts/files.js");
  if (options.offline) {
    if (given) return given;
    const recorded = await readDeploymentFile(globals.deployment).then(
      (deployment) => deployment.hashAlgorithm,
      () => undefined,
    );
    return recorded ?? "sha256";
  }
  const deployment = await readDeploymentFile(globals.deployment);
  let algorithm = deployment.hashAlgorithm;
  if (algorithm === undefined) {
    const { getHashAlgorithm } = await import("@dpr/sdk");
    const { chainFor, publicClientFor } = await import("./context.js");
    const publicClient = publicClientFor(globals.rpc, chainFor(deployment.chainId, globals.rpc));
    algorithm = await getHashAlgorithm({ publicClient: publicClient as DprContext["publicClient"], deployment });
  }
  if (given && given !== algorithm) {
    throw usageError(
      `--alg ${given} does not match the deployment: it registers ${algorithm} content hashes`,
      `leave --alg out to use ${algorithm}, or point --deployment at a deployment of ${given}`,
    );
  }
  return algorithm;
}
