import { type Address, isAddressEqual } from "viem";
import type { DprContracts } from "../actions/deployContracts.js";
import { batchAnchorRegistryAbi, datasetRegistryAbi, grantRegistryAbi } from "../generated/abis.js";
import { type HashAlgorithmName, hashAlgorithmName } from "../hashing/algorithms.js";
import type { DprContext } from "./deployment.js";
import { isNoContract, toDprError } from "../reads/internal.js";
import { DeploymentMismatchError } from "./errors.js";

export type CheckDeploymentParameters = {
  /** Also compare the registry's notice period with the record's (default true). */
  noticePeriod?: boolean | undefined;
};

export type CheckDeploymentReturnType = {
  chainId: number;
  /** The block the checks were made at. */
  blockNumber: bigint;
  /** The deployment's hash algorithm, as the dataset registry reports it. */
  hashAlgorithm: HashAlgorithmName;
};

const LABELS: Record<keyof DprContracts, string> = {
  directory: "participant directory",
  datasets: "dataset registry",
  grants: "grant registry",
  anchors: "batch anchor registry",
  forwarder: "request forwarder",
};

/**
 * Checks that the node behind `context.publicClient` serves the deployment: the same chain id, code
 * at each of the five contract addresses, the registries pointing at each other and at the directory,
 * and the recorded notice period and hash algorithm (when the record has one). Run it before acting, so a stale record (a restarted development
 * node, a record for another network) fails with a clear message rather than an opaque revert.
 *
 * Throws {@link DeploymentMismatchError} whose `check` names the check that failed.
 *
 * @example
 * await checkDeployment({ publicClient, deployment })
 */
export async function checkDeployment(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: CheckDeploymentParameters = {},
): Promise<CheckDeploymentReturnType> {
  try {
    const { publicClient, deployment } = context;
    const { contracts } = deployment;

    const chainId = await publicClient.getChainId();
    if (chainId !== deployment.chainId) {
      throw new DeploymentMismatchError(
        "chainId",
        `the node is chain ${chainId}, but the deployment record is for chain ${deployment.chainId}`,
      );
    }
    const blockNumber = await publicClient.getBlockNumber();

    const names = Object.keys(LABELS) as (keyof DprContracts)[];
    const codes = await Promise.all(names.map((name) => publicClient.getCode({ address: contracts[name], blockNumber })));
    const missing = names.filter((_, i) => !codes[i] || codes[i] === "0x");
    if (missing.length > 0) {
      throw new DeploymentMismatchError(
        "code",
        `no contract code on chain ${chainId} at the ${missing.map((name) => `${LABELS[name]} (${contracts[name]})`).join(", ")}`,
      );
    }

    const reads = await Promise.allSettled([
      publicClient.readContract({ abi: datasetRegistryAbi, address: contracts.datasets, functionName: "directory", blockNumber }),
      publicClient.readContract({ abi: datasetRegistryAbi, address: contracts.datasets, functionName: "grants", blockNumber }),
      publicClient.readContract({ abi: grantRegistryAbi, address: contracts.grants, functionName: "datasets", blockNumber }),
      publicClient.readContract({ abi: grantRegistryAbi, address: contracts.grants, functionName: "directory", blockNumber }),
      publicClient.readContract({ abi: batchAnchorRegistryAbi, address: contracts.anchors, functionName: "directory", blockNumber }),
      publicClient.readContract({ abi: datasetRegistryAbi, address: contracts.datasets, functionName: "noticePeriod", blockNumber }),
      publicClient.readContract({ abi: datasetRegistryAbi, address: contracts.datasets, functionName: "hashAlgorithm", blockNumber }),
      publicClient.readContract({ abi: datasetRegistryAbi, address: contracts.datasets, functionName: "trustedForwarder", blockNumber }),
      publicClient.readContract({ abi: grantRegistryAbi, address: contracts.grants, functionName: "trustedForwarder", blockNumber }),
      publicClient.readContract({ abi: batchAnchorRegistryAbi, address: contracts.anchors, functionName: "trustedForwarder", blockNumber }),
    ]);
    const readFrom: (keyof DprContracts)[] = ["datasets", "datasets", "grants", "grants", "anchors", "datasets", "datasets", "datasets", "grants", "anchors"];
    const failed = reads.flatMap((r, i) => (r.status === "rejected" ? [{ reason: r.reason as unknown, contract: readFrom[i]! }] : []));
    // Code is there but does not answer like DPR: another contract at that address. Anything else (the node) is rethrown.
    const other = failed.find((f) => !isNoContract(f.reason));
    if (other) throw other.reason;
    if (failed.length > 0) {
      const wrong = [...new Set(failed.map((f) => f.contract))];
      throw new DeploymentMismatchError(
        "wiring",
        `the contract at the ${wrong.map((name) => `${LABELS[name]} address (${contracts[name]})`).join(", ")} is not a DPR ${wrong.length > 1 ? "contract" : LABELS[wrong[0]!]}`,
        { cause: failed[0]!.reason },
      );
    }
    const [
      datasetsDirectory,
      datasetsGrants,
      grantsDatasets,
      grantsDirectory,
      anchorsDirectory,
      noticePeriod,
      algorithm,
      datasetsForwarder,
      grantsForwarder,
      anchorsForwarder,
    ] = reads.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [
      Address,
      Address,
      Address,
      Address,
      Address,
      bigint,
      number,
      Address,
      Address,
      Address,
    ];

    const wiring: [string, Address, Address][] = [
      ["the dataset registry's directory", datasetsDirectory, contracts.directory],
      ["the dataset registry's grant registry", datasetsGrants, contracts.grants],
      ["the grant registry's dataset registry", grantsDatasets, contracts.datasets],
      ["the grant registry's directory", grantsDirectory, contracts.directory],
      ["the batch anchor registry's directory", anchorsDirectory, contracts.directory],
      ["the dataset registry's forwarder", datasetsForwarder, contracts.forwarder],
      ["the grant registry's forwarder", grantsForwarder, contracts.forwarder],
      ["the batch anchor registry's forwarder", anchorsForwarder, contracts.forwarder],
    ];
    const miswired = wiring.filter(([, actual, expected]) => !isAddressEqual(actual, expected));
    if (miswired.length > 0) {
      throw new DeploymentMismatchError(
        "wiring",
        "the contracts at the recorded addresses do not belong to one DPR deployment",
        { details: miswired.map(([what, actual, expected]) => `${what} is ${actual}, the record says ${expected}`).join("; ") },
      );
    }

    if (parameters.noticePeriod !== false && noticePeriod !== deployment.noticePeriod) {
      throw new DeploymentMismatchError(
        "noticePeriod",
        `the dataset registry's notice period is ${noticePeriod} s, but the deployment record says ${deployment.noticePeriod} s`,
      );
    }
    const hashAlgorithm = hashAlgorithmName(algorithm);
    if (deployment.hashAlgorithm !== undefined && deployment.hashAlgorithm !== hashAlgorithm) {
      throw new DeploymentMismatchError(
        "hashAlgorithm",
        `the dataset registry registers ${hashAlgorithm} content hashes, but the deployment record says ${deployment.hashAlgorithm}`,
      );
    }
    return { chainId, blockNumber, hashAlgorithm };
  } catch (error) {
    throw toDprError(context, error);
  }
}
