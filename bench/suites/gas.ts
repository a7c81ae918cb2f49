/**
 * Issue 7, item 1: the gas of every contract operation (scripts/gas-report.ts, the table of docs/gas.md),
 * each beside the floor every transaction pays, measured in the same run as a plain value transfer on the
 * same node; and the anchor cost per file at 100, 1,000 and 10,000 files against that same floor.
 *
 * The full run uses Hardhat's node, like `npm run gas`; `--quick` uses anvil, which starts in a second
 * instead of ten (the same EVM rules, Cancun: the figures agree).
 */
import { startChain } from "@dpr/devnet";
import { type Row, TARGETS, measureGas } from "../../scripts/gas-report.js";
import type { SuiteContext, SuiteOutput } from "../lib/context.js";
import { REPO } from "../lib/indexer.js";
import { onInterrupt } from "../lib/processes.js";
import { type Figure, figure } from "../lib/results.js";

const PER_FILE_SIZES = [100, 1_000, 10_000] as const;

export async function gas(ctx: SuiteContext): Promise<SuiteOutput> {
  const kind = ctx.options.quick ? "anvil" : "hardhat";
  ctx.log(`gas: starting ${kind}`);
  const chain = await startChain({ kind, repoRoot: REPO });
  const unregister = onInterrupt(() => chain.stop());
  let measurement: Awaited<ReturnType<typeof measureGas>>;
  try {
    ctx.log("gas: measuring every operation twice (the second run is reported)");
    measurement = await measureGas({ url: chain.url, anchorSizes: [10, ...PER_FILE_SIZES] });
  } finally {
    unregister();
    await chain.stop();
  }
  const floor = measurement.transferGas;
  const baseline = { label: "plain value transfer", value: floor, unit: "gas" };
  const figures: Figure[] = measurement.rows.map((row: Row) =>
    figure({
      id: row.id,
      label: row.operation,
      value: row.gas,
      unit: "gas",
      baseline,
      sense: "lower-is-better",
      ...(row.target ? { target: { text: `≤ ${TARGETS[row.target].toLocaleString("en-US")}`, met: row.gas <= TARGETS[row.target] } } : {}),
      ...(row.note ? { note: row.note } : {}),
    }),
  );
  for (const size of PER_FILE_SIZES) {
    const row = measurement.rows.find((r) => r.id === `anchors.anchor.${size}`);
    if (!row) throw new Error(`gas: no anchor of ${size} files was measured`);
    figures.push(
      figure({
        id: `anchors.perFile.${size}`,
        label: `anchor, per file, in a batch of ${size.toLocaleString("en-US")}`,
        value: row.gas / size,
        unit: "gas",
        baseline,
        sense: "lower-is-better",
        note: `one ${row.gas.toLocaleString("en-US")}-gas transaction anchors the whole batch; each file proves its membership off chain, or with verifyFile`,
      }),
    );
  }
  return {
    figures,
    details: {
      node: measurement.clientVersion,
      hardfork: measurement.configuredHardfork,
      observedHeaders: measurement.observedFork,
      compiler: measurement.compiler,
      transferGas: floor,
      runs: Object.fromEntries(measurement.rows.map((r) => [r.id, r.runs])),
    },
  };
}
