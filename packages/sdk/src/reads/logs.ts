/** Paged `eth_getLogs` over raw topic filters; shared by the history and lineage reads. Not public API. */
import { type Address, BaseError, type Hex, type Log, formatLog, numberToHex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { mapLimit } from "./internal.js";

/** One `eth_getLogs` filter: an address and topics (`null` matches anything, an array is an OR). */
export interface LogQuery {
  address: Address;
  topics: (Hex | Hex[] | null)[];
}

export interface GetLogsPagedParameters {
  queries: readonly LogQuery[];
  fromBlock: bigint;
  toBlock: bigint;
  /** Blocks per `eth_getLogs` call; a page the node refuses as too large is split in halves. */
  blockRange: bigint;
}

/** Pages fetched at once: quicker on long chains, gentle on the endpoint. */
const PAGES_IN_FLIGHT = 4;

/** The default page: small enough for public endpoints' limits, large enough to be few calls. */
export const defaultBlockRange = 5_000n;

/**
 * Every log matching any of `queries` in `[fromBlock, toBlock]`, deduplicated and sorted by
 * (blockNumber, logIndex). A few pages are fetched at a time; the queries of a page run together.
 */
export async function getLogsPaged(publicClient: DprContext["publicClient"], parameters: GetLogsPagedParameters): Promise<Log[]> {
  const { queries, fromBlock, toBlock } = parameters;
  const blockRange = parameters.blockRange > 0n ? parameters.blockRange : defaultBlockRange;
  const found = new Map<string, Log>();

  const fetchRange = async (from: bigint, to: bigint): Promise<void> => {
    try {
      const pages = await Promise.all(
        queries.map((query) =>
          publicClient.request({
            method: "eth_getLogs",
            params: [{ address: query.address, topics: query.topics, fromBlock: numberToHex(from), toBlock: numberToHex(to) }],
          }),
        ),
      );
      for (const raw of pages.flat()) {
        const log = formatLog(raw);
        if (log.removed) continue;
        found.set(`${log.blockNumber}:${log.logIndex}`, log);
      }
    } catch (error) {
      // Nodes cap a response by range or result count; halve the range until it fits.
      if (to > from && isTooLarge(error)) {
        const middle = from + (to - from) / 2n;
        await fetchRange(from, middle);
        await fetchRange(middle + 1n, to);
        return;
      }
      throw error;
    }
  };

  const pages: [bigint, bigint][] = [];
  for (let start = fromBlock; start <= toBlock; start += blockRange) {
    pages.push([start, start + blockRange - 1n < toBlock ? start + blockRange - 1n : toBlock]);
  }
  await mapLimit(pages, PAGES_IN_FLIGHT, ([from, to]) => fetchRange(from, to));
  return [...found.values()].sort((a, b) =>
    a.blockNumber! === b.blockNumber! ? a.logIndex! - b.logIndex! : a.blockNumber! < b.blockNumber! ? -1 : 1,
  );
}

/** Whether the node refused a log query for its size (the wording differs between clients). */
function isTooLarge(error: unknown): boolean {
  const text = error instanceof BaseError ? `${error.shortMessage} ${error.details}` : String(error);
  return /range|too (many|large|big)|more than|limit|exceed|query timeout|response size/i.test(text);
}
