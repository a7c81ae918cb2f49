/**
 * The physical limit of backfill on a node, run as a child process of its own: the same `eth_getLogs`
 * block ranges the indexer fetched, over the same node, through the indexer's own RPC and decoding
 * stages (`createRpc`, `createDecoder`), one range after another, writing nothing.
 *
 * Usage: node --import tsx bench/lib/bareFetch.ts <plan.json>
 *   plan: { rpcUrl, contracts, ranges: [[from, to], …] }
 * Prints one JSON object: { events, seconds, fetchSeconds, decodeSeconds, ranges, peakMiB }.
 */
import { readFileSync } from "node:fs";
import type { DprContracts } from "@dpr/sdk";
import { createDecoder, createRpc } from "@dpr/indexer";

export interface BarePlan {
  rpcUrl: string;
  contracts: DprContracts;
  ranges: [number, number][];
}

export interface BareResult {
  events: number;
  seconds: number;
  fetchSeconds: number;
  decodeSeconds: number;
  ranges: number;
  peakMiB: number;
}

async function main(): Promise<void> {
  const planPath = process.argv[2];
  if (!planPath) throw new Error("usage: bareFetch.ts <plan.json>");
  const plan = JSON.parse(readFileSync(planPath, "utf8")) as BarePlan;
  const rpc = createRpc({ url: plan.rpcUrl, timeoutMs: 120_000 });
  const decoder = createDecoder(plan.contracts);
  let events = 0;
  let fetchMs = 0;
  let decodeMs = 0;
  const started = performance.now();
  for (const [fromBlock, toBlock] of plan.ranges) {
    const t0 = performance.now();
    const logs = await rpc.logs({ addresses: decoder.addresses, fromBlock, toBlock });
    const t1 = performance.now();
    for (const log of logs) {
      if (log.removed) continue;
      decoder.decode(log);
      events += 1;
    }
    fetchMs += t1 - t0;
    decodeMs += performance.now() - t1;
  }
  const seconds = (performance.now() - started) / 1000;
  const status = readFileSync("/proc/self/status", "utf8");
  const peakMiB = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN) / 1024;
  const result: BareResult = { events, seconds, fetchSeconds: fetchMs / 1000, decodeSeconds: decodeMs / 1000, ranges: plan.ranges.length, peakMiB };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
