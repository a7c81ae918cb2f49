import { type Hex, decodeEventLog, getAbiItem, toEventSelector } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { type DerivationLabel, labels } from "./format.js";
import { bytes32, toDprError } from "./internal.js";
import { defaultBlockRange, getLogsPaged } from "./logs.js";

/** One derivation: `datasetId` was derived from `parentId`. */
export interface LineageLink {
  /** The derived dataset. */
  datasetId: Hex;
  /** Its parent. */
  parentId: Hex;
  derivation: DerivationLabel;
  /** How many links from the starting dataset this one is (1 for its own parents or children). */
  depth: number;
  blockNumber: bigint;
  txHash: Hex;
}

export type GetLineageParameters = {
  datasetId: Hex;
  /** `"up"`: parents, their parents, … ; `"down"`: datasets derived from it, and from those, … */
  direction: "up" | "down";
  /** How many generations to follow (default: all). */
  depth?: number | undefined;
  /** Last block to search; defaults to the latest. */
  toBlock?: bigint | undefined;
  /** Blocks per `eth_getLogs` call (default 5,000). */
  blockRange?: bigint | undefined;
};

export type GetLineageReturnType = {
  datasetId: Hex;
  direction: "up" | "down";
  /** Every link found, generation by generation (each once, at the depth it was first reached). */
  links: LineageLink[];
  /** The datasets reached, in the order found, without the starting one. */
  datasetIds: Hex[];
  /** The depth limit stopped the walk while there were more generations. */
  truncated: boolean;
};

const derived = toEventSelector(getAbiItem({ abi: datasetRegistryAbi, name: "DatasetDerived" }));
/** Ids per topic OR-list: nodes cap filter sizes. */
const IDS_PER_QUERY = 100;

/**
 * A dataset's lineage read from the chain's `DatasetDerived` events (one per parent of each derived
 * dataset; the child is topic 1 and the parent topic 2): its ancestors (`"up"`) or descendants
 * (`"down"`), breadth first, one paged log search per generation. Lineage is acyclic (parents exist
 * before their children), so the walk ends.
 *
 * @example
 * const { links } = await getLineage(context, { datasetId, direction: "up" })
 * for (const l of links) console.log(`${"  ".repeat(l.depth - 1)}${l.parentId} (${l.derivation})`)
 */
export async function getLineage(context: Pick<DprContext, "publicClient" | "deployment">, parameters: GetLineageParameters): Promise<GetLineageReturnType> {
  try {
    const { publicClient, deployment } = context;
    const datasetId = bytes32(parameters.datasetId, "dataset id");
    const { direction } = parameters;
    if (direction !== "up" && direction !== "down") {
      throw new InvalidArgumentError(`unknown lineage direction "${String(direction)}"`, { hint: 'use "up" (parents) or "down" (children)' });
    }
    const maxDepth = parameters.depth ?? Number.POSITIVE_INFINITY;
    if (!(maxDepth >= 0)) throw new InvalidArgumentError(`lineage depth must be 0 or more, got ${String(parameters.depth)}`);
    const toBlock = parameters.toBlock ?? (await publicClient.getBlockNumber());

    /** The links one generation away from `ids`. */
    const generation = async (ids: Hex[]): Promise<Omit<LineageLink, "depth">[]> => {
      const queries = [];
      for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
        const chunk = ids.slice(i, i + IDS_PER_QUERY);
        queries.push({
          address: deployment.contracts.datasets,
          topics: direction === "up" ? [derived, chunk] : [derived, null, chunk],
        });
      }
      const logs = await getLogsPaged(publicClient, {
        queries,
        // Nothing was derived before the contracts existed.
        fromBlock: deployment.deploymentBlock,
        toBlock,
        blockRange: parameters.blockRange ?? defaultBlockRange,
      });
      return logs.map((log) => {
        const { args } = decodeEventLog({ abi: datasetRegistryAbi, eventName: "DatasetDerived", topics: log.topics, data: log.data });
        return {
          datasetId: args.datasetId,
          parentId: args.parentId,
          derivation: labels.derivation(args.derivation),
          blockNumber: log.blockNumber!,
          txHash: log.transactionHash!,
        };
      });
    };

    const seen = new Set<Hex>([datasetId]);
    const links: LineageLink[] = [];
    const datasetIds: Hex[] = [];
    const linkKeys = new Set<string>();
    let frontier: Hex[] = [datasetId];
    let truncated = false;

    for (let depth = 1; frontier.length > 0; depth++) {
      const found = await generation(frontier);
      if (depth > maxDepth) {
        truncated = found.length > 0;
        break;
      }
      const next: Hex[] = [];
      for (const link of found) {
        const key = `${link.datasetId}:${link.parentId}`;
        if (linkKeys.has(key)) continue;
        linkKeys.add(key);
        links.push({ ...link, depth });
        const reached = direction === "up" ? link.parentId : link.datasetId;
        if (!seen.has(reached)) {
          seen.add(reached);
          datasetIds.push(reached);
          next.push(reached);
        }
      }
      frontier = next;
    }
    return { datasetId, direction, links, datasetIds, truncated };
  } catch (error) {
    throw toDprError(context, error);
  }
}
