import type { Command } from "commander";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { parseAddress, parseBytes32 } from "../io/parse.js";

export function registerTransfer(program: Command): void {
  const transfer = program
    .command("transfer")
    .summary("request, confirm or cancel a holding transfer")
    .description(
      "Holding transfers (sale, merger): the holder requests one with `dpr transfer ID --to ADDRESS`; a registrar outside both organisations confirms it with `dpr transfer confirm ID`; the holder may withdraw it with `dpr transfer cancel ID` (or replace it by requesting again).",
    )
    .argument("[dataset-id]", "the dataset id (0x…, 32 bytes)")
    .option("--to <address>", "the new holder (an active HOLDER)")
    .addHelpText(
      "after",
      `
With --json: {"datasetId","from","to","replaced","txHash","blockNumber","gasUsed"} ("replaced": the recipient of the
pending request this one replaced and cancelled, or null).

Examples:
  dpr transfer 0x5e1f… --to 0x15d3…6A65
  dpr --keystore keys/registrar.json transfer confirm 0x5e1f…
  dpr transfer cancel 0x5e1f…`,
    )
    .action(async (id: string | undefined, options: { to?: string }, command: Command) => {
      if (id === undefined) return command.help({ error: true });
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      if (options.to === undefined) throw usageError("transfer needs --to ADDRESS", "or use: dpr transfer confirm ID, dpr transfer cancel ID");
      const to = await parseAddress(options.to, "--to");
      await writeAction(env, "requesting the transfer", (sdk, context, onStatus) => sdk.requestTransfer(context, { datasetId, to, onStatus }));
    });

  transfer
    .command("confirm")
    .description("Confirms a requested holding transfer, as a registrar outside both organisations. The dataset moves to the new holder.")
    .argument("<dataset-id>", "the dataset id")
    .addHelpText("after", `\nWith --json: {"datasetId","from","to","registrar","txHash","blockNumber","gasUsed"}.`)
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      await writeAction(env, "confirming the transfer", (sdk, context, onStatus) => sdk.confirmTransfer(context, { datasetId, onStatus }));
    });

  transfer
    .command("cancel")
    .description("Withdraws a requested holding transfer, as the holder, or as a regulator (a suspended holder's sale).")
    .argument("<dataset-id>", "the dataset id")
    .addHelpText("after", `\nWith --json: {"datasetId","from","to","cancelledBy","txHash","blockNumber","gasUsed"}.`)
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      await writeAction(env, "cancelling the transfer", (sdk, context, onStatus) => sdk.cancelTransfer(context, { datasetId, onStatus }));
    });
}
