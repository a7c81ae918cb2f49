import { type Abi, type ContractEventName, type Hex, type Log, type ParseEventLogsReturnType, getAbiItem, parseEventLogs, toEventSelector } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi, grantRegistryAbi } from "../generated/abis.js";
import { getDataset } from "./getDataset.js";
import { bytes32, mapLimit, toDprError } from "./internal.js";
import { defaultBlockRange, getLogsPaged } from "./logs.js";

/** `{ eventName, args }` for each event of `abi`, as a union discriminated by `eventName`. */
type DecodedEvent<abi extends Abi> =
  ParseEventLogsReturnType<abi, ContractEventName<abi>, true>[number] extends infer L
    ? L extends { eventName: infer N; args: infer A }
      ? { eventName: N; args: A }
      : never
    : never;

/** Where an event came from and when. */
export interface EventPosition {
  blockNumber: bigint;
  blockHash: Hex;
  txHash: Hex;
  logIndex: number;
  /** The block's time (unix seconds). */
  timestamp: bigint;
}

/** An event about a dataset, decoded; narrow on `eventName` to type `args`. */
export type DatasetHistoryEntry = EventPosition &
  (({ contract: "datasets" } & DecodedEvent<typeof datasetRegistryAbi>) | ({ contract: "grants" } & DecodedEvent<typeof grantRegistryAbi>));

export type GetDatasetHistoryParameters = {
  datasetId: Hex;
  /**
   * First block to search. Defaults to the dataset's registration block: nothing about a dataset
   * precedes it (and an id unregistered at `toBlock` has no history, so no search is made).
   */
  fromBlock?: bigint | undefined;
  /** Last block to search; defaults to the latest. */
  toBlock?: bigint | undefined;
  /** Blocks per `eth_getLogs` call (default 5,000); pages a node refuses as too large are halved. */
  blockRange?: bigint | undefined;
};

/** The events in chain order: by block, then by position in the block. */
export type GetDatasetHistoryReturnType = DatasetHistoryEntry[];

const derived = toEventSelector(getAbiItem({ abi: datasetRegistryAbi, name: "DatasetDerived" }));
const registered = toEventSelector(getAbiItem({ abi: datasetRegistryAbi, name: "DatasetRegistered" }));

/**
 * Every event about a dataset, read from the chain itself (no indexer): from the dataset registry,
 * every event whose `datasetId` topic is the dataset (registration, its parents, confirmations,
 * objections, dispute resolution, transfers, freezes, retirement), `DatasetDerived` where it is the
 * parent (a child was derived from it) and `DatasetRegistered` where it is `versionOf` (a newer version
 * superseded it); from the grant registry, `GrantIssued` and every follow-up (acknowledged, denied,
 * suspended, reinstated, revoked) on it. Each comes decoded, with its block, transaction, log index
 * and block time (one block read per distinct block).
 *
 * Logs are fetched in pages of `blockRange` blocks, so it works on long chains and against
 * endpoints that cap `eth_getLogs`.
 *
 * @example
 * for (const event of await getDatasetHistory(context, { datasetId })) {
 *   console.log(event.blockNumber, new Date(Number(event.timestamp) * 1000), event.eventName)
 *   if (event.eventName === "DatasetConfirmed") console.log("confirmed by", event.args.registrar)
 * }
 */
export async function getDatasetHistory(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetDatasetHistoryParameters,
): Promise<GetDatasetHistoryReturnType> {
  try {
    const { publicClient, deployment } = context;
    const datasetId = bytes32(parameters.datasetId, "dataset id");
    const toBlock = parameters.toBlock ?? (await publicClient.getBlockNumber());
    let fromBlock = parameters.fromBlock;
    if (fromBlock === undefined) {
      const dataset = await getDataset(context, { datasetId, blockNumber: toBlock });
      // Unregistered at toBlock: nothing can have happened to it yet.
      if (!dataset) return [];
      fromBlock = dataset.registeredBlock;
    }
    const { datasets, grants } = deployment.contracts;
    const logs = await getLogsPaged(publicClient, {
      queries: [
        { address: datasets, topics: [null, datasetId] },
        { address: datasets, topics: [derived, null, datasetId] },
        { address: datasets, topics: [registered, null, null, datasetId] },
        { address: grants, topics: [null, null, datasetId] },
      ],
      fromBlock,
      toBlock,
      blockRange: parameters.blockRange ?? defaultBlockRange,
    });
    return await withTimestamps(publicClient, decodeDprLogs(context, logs));
  } catch (error) {
    throw toDprError(context, error);
  }
}

/** Decodes logs of the dataset and grant registries (others are dropped), in chain order. */
function decodeDprLogs(context: Pick<DprContext, "deployment">, logs: readonly Log[]): Omit<DatasetHistoryEntry, "timestamp">[] {
  const { datasets, grants } = context.deployment.contracts;
  const from = (address: Hex) => logs.filter((log) => log.address.toLowerCase() === address.toLowerCase());
  const position = (log: Log) => ({
    blockNumber: log.blockNumber!,
    blockHash: log.blockHash!,
    txHash: log.transactionHash!,
    logIndex: log.logIndex!,
  });
  const decoded: Omit<DatasetHistoryEntry, "timestamp">[] = [
    ...parseEventLogs({ abi: datasetRegistryAbi, logs: from(datasets) }).map(
      (log) => ({ contract: "datasets", eventName: log.eventName, args: log.args, ...position(log) }) as Omit<DatasetHistoryEntry, "timestamp">,
    ),
    ...parseEventLogs({ abi: grantRegistryAbi, logs: from(grants) }).map(
      (log) => ({ contract: "grants", eventName: log.eventName, args: log.args, ...position(log) }) as Omit<DatasetHistoryEntry, "timestamp">,
    ),
  ];
  return decoded.sort((a, b) => (a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1));
}

/** Adds each entry's block time, fetching each distinct block once (by hash, so a reorg cannot mix blocks). */
async function withTimestamps(
  publicClient: DprContext["publicClient"],
  entries: Omit<DatasetHistoryEntry, "timestamp">[],
): Promise<DatasetHistoryEntry[]> {
  const blocks = [...new Set(entries.map((e) => e.blockHash))];
  const times = await mapLimit(blocks, 8, async (blockHash) => (await publicClient.getBlock({ blockHash })).timestamp);
  const timeOf = new Map(blocks.map((hash, i) => [hash, times[i]!]));
  return entries.map((e) => ({ ...e, timestamp: timeOf.get(e.blockHash)! }) as DatasetHistoryEntry);
}
