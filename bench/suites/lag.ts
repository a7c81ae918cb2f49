/**
 * Issue 7, item 3: live lag. With the PGlite indexer caught up on the seeded chain, one registration is
 * mined every 200 ms (5 blocks/s: automining off, the transaction sent, then `evm_mine`), and for each
 * block the clock runs from `evm_mine`'s return until the data is visible.
 *
 * Even blocks measure the indexer: `dataset(id)` over GraphQL, polled every 5 ms, until non-null.
 * Odd blocks measure the baseline the same way: `eth_getLogs` on the node for that block, polled every
 * 5 ms, until the registration's log is there (in practice one round trip: the lower bound of any
 * reader). The indexer polls the head every POLL_INTERVAL_MS, so on average half an interval passes
 * before it even asks; that interval is reported beside the figures.
 */
import { NO_BORDER_CONDITIONS, datasetIdOf, datasetRegistryAbi } from "@dpr/sdk";
import { type Hex, encodeFunctionData, keccak256, toHex, zeroHash } from "viem";
import type { SuiteContext, SuiteOutput } from "../lib/context.js";
import { POLL_INTERVAL_MS } from "../lib/fixture.js";
import { figure, percentile, round } from "../lib/results.js";

const BLOCKS_PER_SECOND = 5;
const PROBE_INTERVAL_MS = 5;
const SAMPLE_TIMEOUT_MS = 30_000;

export async function lag(ctx: SuiteContext): Promise<SuiteOutput> {
  const seeded = await ctx.fixture.seeded();
  // Only one indexer follows the chain while this runs, so the other does not compete for the CPU.
  await ctx.fixture.stopIndexer("postgres");
  const indexer = await ctx.fixture.indexer("pglite");
  const blocks = ctx.options.quick ? 30 : 300;
  const url = seeded.chain.url;
  const registry = seeded.story.deployment.contracts.datasets;
  const holder = seeded.story.a.holder;

  const rpc = async <T>(method: string, params: unknown[]): Promise<T> => {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
    const body = (await response.json()) as { result?: T; error?: { message: string } };
    if (body.error) throw new Error(`${method}: ${body.error.message}`);
    return body.result as T;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** Polls `probe` every PROBE_INTERVAL_MS until it holds; resolves to the time it first held. */
  const visible = async (probe: () => Promise<boolean>, what: string): Promise<number> => {
    const deadline = performance.now() + SAMPLE_TIMEOUT_MS;
    for (;;) {
      if (await probe()) return performance.now();
      if (performance.now() > deadline) throw new Error(`lag: ${what} not visible after ${SAMPLE_TIMEOUT_MS / 1000} s`);
      await sleep(PROBE_INTERVAL_MS);
    }
  };

  // Caught up with everything before the first measured block.
  const head = Number(BigInt(await rpc<Hex>("eth_blockNumber", [])));
  await visible(async () => (await indexer.graphql<{ _meta: { block: { number: number } } }>("{ _meta { block { number } } }"))._meta.block.number >= head, `block ${head}`);

  ctx.log(`lag: mining ${blocks} blocks at ${BLOCKS_PER_SECOND}/s, one registration each`);
  const indexerLag: number[] = [];
  const rpcLag: number[] = [];
  const pending: Promise<void>[] = [];
  const label = `lag-${Date.now()}`;
  await rpc("evm_setAutomine", [false]);
  let nonce = Number(BigInt(await rpc<Hex>("eth_getTransactionCount", [holder, "pending"])));
  try {
    const start = performance.now();
    for (let k = 0; k < blocks; k++) {
      const due = start + (k * 1000) / BLOCKS_PER_SECOND;
      if (performance.now() < due) await sleep(due - performance.now());
      const contentHash = keccak256(toHex(`${label} ${k}`));
      const data = encodeFunctionData({
        abi: datasetRegistryAbi,
        functionName: "register",
        args: [{ algorithm: 0, contentHash, metadataHash: zeroHash, metadataURI: `https://data.example/${label}/${k}.json`, category: 0, grade: 0, containsPersonalData: false, sector: k % 7, jurisdiction: 0, versionOf: zeroHash, parents: [], borderConditions: NO_BORDER_CONDITIONS }],
      });
      await rpc("eth_sendTransaction", [{ from: holder, to: registry, data, gas: toHex(300_000), gasPrice: toHex(2_000_000_000), nonce: toHex(nonce++) }]);
      await rpc("evm_mine", []);
      const mined = performance.now();
      // Only evm_mine makes blocks while automining is off: one each.
      const block = head + 1 + k;
      if (k % 2 === 0) {
        const id = datasetIdOf({ contentHash });
        pending.push(
          visible(async () => (await indexer.graphql<{ dataset: { id: string } | null }>("query ($id: ID!) { dataset(id: $id) { id } }", { id })).dataset !== null, `dataset ${id}`).then((at) => {
            indexerLag.push(at - mined);
          }),
        );
      } else {
        const filter = { address: registry, fromBlock: toHex(block), toBlock: toHex(block) };
        pending.push(
          visible(async () => (await rpc<unknown[]>("eth_getLogs", [filter])).length > 0, `the log of block ${block}`).then((at) => {
            rpcLag.push(at - mined);
          }),
        );
      }
    }
    await Promise.all(pending);
  } finally {
    await rpc("evm_setAutomine", [true]);
  }

  const p = (samples: number[], q: number) => percentile(samples, q);
  const note = `the indexer polls the head every ${POLL_INTERVAL_MS} ms (its default is 1,000 ms): on average half of that passes before it sees a block`;
  return {
    figures: [
      figure({ id: "pglite.p50", label: "block mined → queryable over GraphQL, p50 (PGlite)", value: p(indexerLag, 50), unit: "ms", baseline: { label: "→ its log from eth_getLogs, p50", value: p(rpcLag, 50), unit: "ms" }, sense: "lower-is-better", note }),
      figure({ id: "pglite.p99", label: "block mined → queryable over GraphQL, p99 (PGlite)", value: p(indexerLag, 99), unit: "ms", baseline: { label: "→ its log from eth_getLogs, p99", value: p(rpcLag, 99), unit: "ms" }, sense: "lower-is-better" }),
    ],
    details: {
      node: seeded.client,
      blocks,
      blocksPerSecond: BLOCKS_PER_SECOND,
      pollIntervalMs: POLL_INTERVAL_MS,
      probeIntervalMs: PROBE_INTERVAL_MS,
      indexerMs: { p50: round(p(indexerLag, 50)), p90: round(p(indexerLag, 90)), p99: round(p(indexerLag, 99)), max: round(Math.max(...indexerLag)), samples: indexerLag.length },
      rpcMs: { p50: round(p(rpcLag, 50)), p90: round(p(rpcLag, 90)), p99: round(p(rpcLag, 99)), max: round(Math.max(...rpcLag)), samples: rpcLag.length },
    },
  };
}
