import type { Command } from "commander";
import { commandEnv } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { isoTime, toJson } from "../io/output.js";
import { parseBytes32 } from "../io/parse.js";

/** `name=value` pairs of an event's arguments, for one line per event. */
function describeArgs(args: Record<string, unknown>): string {
  return Object.entries(args)
    .filter(([key]) => key !== "datasetId")
    .map(([key, value]) => `${key}=${typeof value === "object" && value !== null ? toJson(value).replace(/\s+/g, "") : String(value)}`)
    .join(" ");
}

export function registerHistory(program: Command): void {
  program
    .command("history")
    .summary("a dataset's events, read from the chain")
    .description(
      "Lists every event about a dataset, read from the chain itself (no indexer): registration, parents and children, confirmations, objections, resolution, transfers, freezes, retirement, newer versions, and grants on it with their follow-ups. Needs no key; exits 2 for an unknown dataset.",
    )
    .argument("<dataset-id>", "the dataset id (0x…, 32 bytes)")
    .addHelpText(
      "after",
      `
People get one line per event: block, time, event, arguments.
With --json: {"datasetId","events":[{"blockNumber","timestamp","txHash","logIndex","contract","event","args"}]}
(timestamps in unix seconds; enumerations in args as their on-chain numbers).

Example:
  dpr history 0x5e1f…`,
    )
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      const sdk = await import("@dpr/sdk");
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);
      if (!(await sdk.getDataset(context, { datasetId }))) throw usageError(`no dataset has the id ${datasetId}`);
      const history = await sdk.getDatasetHistory(context, { datasetId });
      const events = history.map((e) => ({
        blockNumber: e.blockNumber,
        timestamp: e.timestamp,
        txHash: e.txHash,
        logIndex: e.logIndex,
        contract: e.contract,
        event: e.eventName,
        args: e.args as Record<string, unknown>,
      }));
      if (env.out.json) {
        env.out.result({ datasetId, events });
        return;
      }
      const { describePurpose } = await import("../io/purpose.js");
      // A grant's terms carry a purpose code: its label from the zone's list follows the arguments.
      const purposeOf = (args: Record<string, unknown>) => {
        const code = (args.terms as { purposeCode?: unknown } | undefined)?.purposeCode;
        return typeof code === "number" || typeof code === "bigint" ? `  purpose ${describePurpose(code)}` : "";
      };
      const lines = events.map(
        (e) => `${String(e.blockNumber).padStart(6)}  ${isoTime(e.timestamp)}  ${e.event.padEnd(24)}  ${describeArgs(e.args)}${purposeOf(e.args)}`,
      );
      env.out.text(`dataset ${datasetId}: ${events.length} event${events.length === 1 ? "" : "s"}\n${lines.join("\n")}${lines.length ? "\n" : ""}`);
    });
}
