import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { type HashAlgorithmName, hashAlgorithmName } from "../hashing/algorithms.js";
import { toDprError } from "./internal.js";

/** The deployment's content-hash algorithm. */
export type GetHashAlgorithmReturnType = HashAlgorithmName;

/**
 * The hash algorithm of every registration in the deployment: the deployment record's `hashAlgorithm` when it
 * has one (`checkDeployment` compares it with the chain's), else read once from the dataset registry.
 *
 * @example
 * const algorithm = await getHashAlgorithm(context) // "sha256"
 * const { hash } = await hashFile("traffic.csv", { algorithm })
 */
export async function getHashAlgorithm(context: Pick<DprContext, "publicClient" | "deployment">): Promise<GetHashAlgorithmReturnType> {
  if (context.deployment.hashAlgorithm !== undefined) return context.deployment.hashAlgorithm;
  try {
    const value = await context.publicClient.readContract({
      abi: datasetRegistryAbi,
      address: context.deployment.contracts.datasets,
      functionName: "hashAlgorithm",
    });
    return hashAlgorithmName(value);
  } catch (error) {
    throw toDprError(context, error);
  }
}
