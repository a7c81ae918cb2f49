/**
 * The RPC stage: the few JSON-RPC calls the sync needs, over plain HTTP `fetch`, with every failure
 * classified (retryable or not, too large or not) so the sync decides by class.
 *
 * Not viem's transport: the indexer needs raw logs (it decodes them itself, once), JSON-RPC batches for
 * block headers, and its own limit on response size (viem refuses bodies over 10 MiB; a block range
 * is halved instead, see `RangeTooLargeError`).
 */
import type { Address, Hex } from "viem";
import { InvalidChainDataError, RangeTooLargeError, RpcError } from "../errors.js";
import type { Metrics } from "../metrics.js";

/** A log as `eth_getLogs` returns it. */
export interface RawLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  blockHash: Hex;
  /** Some nodes (anvil, newer geth) include it; saves a header fetch. */
  blockTimestamp?: Hex;
  transactionHash: Hex;
  transactionIndex: Hex;
  logIndex: Hex;
  removed?: boolean;
}

export interface BlockHeader {
  number: number;
  hash: Hex;
  parentHash: Hex;
  timestamp: number;
}

export interface Rpc {
  readonly url: string;
  chainId(): Promise<number>;
  blockNumber(): Promise<number>;
  /** The header of block `number`, or null when the node has no such block (yet). */
  header(number: number): Promise<BlockHeader | null>;
  /** Headers of several blocks in one JSON-RPC batch (null for a block the node lacks). */
  headers(numbers: readonly number[]): Promise<(BlockHeader | null)[]>;
  logs(parameters: { addresses: readonly Address[]; fromBlock: number; toBlock: number }): Promise<RawLog[]>;
}

export interface CreateRpcOptions {
  url: string;
  /** Abort a call after this long (default 30 s). */
  timeoutMs?: number | undefined;
  /** Refuse responses larger than this (default 64 MiB): the caller shrinks its block range. */
  maxResponseBytes?: number | undefined;
  metrics?: Metrics | undefined;
}

/** Messages nodes use when a log query is too large (geth, erigon, besu, alchemy, infura, anvil, hardhat). */
const TOO_LARGE = /query returned more than|too many|limit exceeded|response size|block range|range is too large|exceed|-32005|max results/i;

export function createRpc(options: CreateRpcOptions): Rpc {
  const { url, metrics } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  let nextId = 1;

  async function post(body: unknown, method: string): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      metrics?.rpcErrors.inc({ method });
      const reason = error instanceof Error && error.name === "TimeoutError" ? `timed out after ${timeoutMs} ms` : describe(error);
      throw new RpcError(`the RPC node at ${url} did not answer ${method}: ${reason}`, { cause: error });
    }
    const length = Number(response.headers.get("content-length") ?? "0");
    if (length > maxBytes) {
      await response.body?.cancel();
      throw new RangeTooLargeError(`${method} answer of ${length} bytes exceeds the ${maxBytes}-byte limit`);
    }
    const text = await readLimited(response, maxBytes, method);
    if (!response.ok) {
      metrics?.rpcErrors.inc({ method });
      if (TOO_LARGE.test(text)) throw new RangeTooLargeError(`${method}: ${text.slice(0, 200)}`);
      // 4xx other than 429 means the request itself is wrong: retrying will not help.
      const retryable = response.status === 429 || response.status >= 500;
      throw new RpcError(`the RPC node answered ${method} with HTTP ${response.status}: ${text.slice(0, 200)}`, { retryable });
    }
    try {
      return JSON.parse(text);
    } catch (error) {
      metrics?.rpcErrors.inc({ method });
      throw new RpcError(`the RPC node answered ${method} with invalid JSON`, { cause: error });
    }
  }

  function unwrap<T>(reply: unknown, method: string): T {
    const message = reply as { result?: T; error?: { code?: number; message?: string } };
    if (message.error) {
      metrics?.rpcErrors.inc({ method });
      const text = `${message.error.code ?? ""} ${message.error.message ?? ""}`.trim();
      if (TOO_LARGE.test(text)) throw new RangeTooLargeError(`${method}: ${text}`);
      // -32601 (method not found) and -32602 (invalid params) will not get better; anything else might.
      const retryable = message.error.code !== -32601 && message.error.code !== -32602;
      throw new RpcError(`the RPC node refused ${method}: ${text}`, { retryable });
    }
    return message.result as T;
  }

  async function call<T>(method: string, params: unknown[]): Promise<T> {
    const reply = await post({ jsonrpc: "2.0", id: nextId++, method, params }, method);
    return unwrap<T>(reply, method);
  }

  const toHeader = (block: RawBlock | null): BlockHeader | null =>
    block
      ? { number: Number.parseInt(block.number, 16), hash: block.hash, parentHash: block.parentHash, timestamp: Number.parseInt(block.timestamp, 16) }
      : null;

  return {
    url,
    chainId: async () => Number.parseInt(await call<Hex>("eth_chainId", []), 16),
    blockNumber: async () => Number.parseInt(await call<Hex>("eth_blockNumber", []), 16),
    header: async (number) => toHeader(await call<RawBlock | null>("eth_getBlockByNumber", [hex(number), false])),
    async headers(numbers) {
      if (numbers.length === 0) return [];
      const requests = numbers.map((n) => ({ jsonrpc: "2.0", id: nextId++, method: "eth_getBlockByNumber", params: [hex(n), false] }));
      const replies = await post(requests, "eth_getBlockByNumber");
      if (!Array.isArray(replies)) {
        // A node without batch support answers one error object.
        return Promise.all(numbers.map(async (n) => toHeader(await call<RawBlock | null>("eth_getBlockByNumber", [hex(n), false]))));
      }
      const byId = new Map<number, unknown>(replies.map((reply) => [(reply as { id: number }).id, reply]));
      return requests.map((request) => {
        const reply = byId.get(request.id);
        if (!reply) throw new RpcError(`the RPC node's batch answer lacks block ${request.params[0]}`);
        return toHeader(unwrap<RawBlock | null>(reply, "eth_getBlockByNumber"));
      });
    },
    async logs({ addresses, fromBlock, toBlock }) {
      const logs = await call<RawLog[]>("eth_getLogs", [{ address: addresses, fromBlock: hex(fromBlock), toBlock: hex(toBlock) }]);
      if (!Array.isArray(logs)) throw new InvalidChainDataError(`eth_getLogs answered ${typeof logs}, not a list`, { retryable: true });
      return logs;
    },
  };
}

interface RawBlock {
  number: Hex;
  hash: Hex;
  parentHash: Hex;
  timestamp: Hex;
}

const hex = (n: number): Hex => `0x${n.toString(16)}`;

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

/** Reads the body, refusing it once it passes `limit` bytes (a node may omit content-length). */
async function readLimited(response: Response, limit: number, method: string): Promise<string> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        throw new RangeTooLargeError(`${method} answer exceeds the ${limit}-byte limit`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof RangeTooLargeError) throw error;
    throw new RpcError(`the RPC node's answer to ${method} broke off: ${describe(error)}`, { cause: error });
  }
  return Buffer.concat(chunks).toString("utf8");
}
