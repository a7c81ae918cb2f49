import { type Hex, decodeEventLog, getAbiItem, toEventSelector } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { type DerivationLabel, labels } from "./format.js";
import { getDataset } from "./getDataset.js";
import { bytes32, toDprError } from "./internal.js";
import { getLogsPaged } from "./logs.js";

export type GetDatasetParentsParameters = {
  datasetId: Hex;
};

/**
 * The parents of the dataset's current claim, in the order it registered them (what `markRevokedAncestry`
 * must be shown); empty for a dataset derived from nothing; null for an unknown id.
 */
export type GetDatasetParentsReturnType = { datasetId: Hex; derivation: DerivationLabel }[] | null;

const derived = toEventSelector(getAbiItem({ abi: datasetRegistryAbi, name: "DatasetDerived" }));
const registered = toEventSelector(getAbiItem({ abi: datasetRegistryAbi, name: "DatasetRegistered" }));

/**
 * Reads the parent list of a dataset's current claim from the chain: the `DatasetDerived` events that its
 * registration emitted, in order (an earlier, freed claim of the same content may have had other parents).
 *
 * @example
 * const parents = await getDatasetParents(context, { datasetId })
 */
export async function getDatasetParents(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetDatasetParentsParameters,
): Promise<GetDatasetParentsReturnType> {
  try {
    const datasetId = bytes32(parameters.datasetId, "dataset id");
    const dataset = await getDataset(context, { datasetId });
    if (!dataset) return null;
    const logs = await getLogsPaged(context.publicClient, {
      queries: [{ address: context.deployment.contracts.datasets, topics: [[derived, registered], datasetId] }],
      fromBlock: dataset.registeredBlock,
      toBlock: dataset.registeredBlock,
      blockRange: 1n,
    });
    // The current claim's registration is the last one in its block; its parents were emitted with it.
    const registration = logs.filter((log) => log.topics[0] === registered).at(-1);
    if (!registration) return [];
    return logs
      .filter((log) => log.topics[0] === derived && log.transactionHash === registration.transactionHash)
      .map((log) => {
        const { args } = decodeEventLog({ abi: datasetRegistryAbi, eventName: "DatasetDerived", topics: log.topics, data: log.data });
        return { datasetId: args.parentId, derivation: labels.derivation(args.derivation) };
      });
  } catch (error) {
    throw toDprError(context, error);
  }
}
