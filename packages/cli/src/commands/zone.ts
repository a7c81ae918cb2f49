import type { Command } from "commander";
import { textHash } from "../io/digest.js";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { parseAddress } from "../io/parse.js";

/** The directory's longest pause, in seconds. */
const MAX_PAUSE = 3 * 86_400;

/** A duration such as 90s, 30min, 12h, 2d, in seconds; refused above the directory's 3 days. */
export function parsePauseDuration(value: string): number {
  const match = /^(\d+)\s*(s|min|h|d)?$/i.exec(value.trim());
  if (!match) throw usageError(`the pause duration is not a duration: "${value}"`, "e.g. 90s, 30min, 12h or 2d (at most 3d)");
  const seconds = Number(match[1]) * { s: 1, min: 60, h: 3600, d: 86_400 }[(match[2] ?? "s").toLowerCase() as "s"];
  if (seconds < 1 || seconds > MAX_PAUSE) throw usageError(`a pause lasts from 1 s to 3 days, got "${value}"`, "pause again after it ends if the emergency lasts");
  return seconds;
}

export function registerZone(program: Command): void {
  const zone = program
    .command("zone")
    .summary("pause, unpause or migrate the zone (the PAUSE and MIGRATION offices)")
    .description("Emergency powers over the whole deployment, each held by its own office (see dpr office list). Reasons are hashed locally; only their hash goes on chain.");

  zone
    .command("pause")
    .description(
      "Pauses new registrations, anchors and grants for at most 3 days; confirmations, objections and revocations go on. PAUSE office only. The pause ends by itself, or earlier with dpr zone unpause.",
    )
    .argument("<duration>", "how long: 90s, 30min, 12h, 2d (at most 3d)")
    .requiredOption("--reason <text>", "why (hashed; the text stays off chain)")
    .addHelpText("after", `\nWith --json: {"pausedBy","until","reasonHash","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr zone pause 12h --reason "registrar key leaked, rotating"`)
    .action(async (duration: string, options: { reason: string }, command: Command) => {
      const env = await commandEnv(command);
      const seconds = parsePauseDuration(duration);
      await writeAction(env, "pausing the zone", (sdk, context, onStatus) => sdk.pauseZone(context, { duration: seconds, reasonHash: textHash(options.reason), onStatus }));
    });

  zone
    .command("unpause")
    .description("Ends the zone's pause before its time. PAUSE office only.")
    .option("--reason <text>", "why (hashed; the text stays off chain)")
    .addHelpText("after", `\nWith --json: {"unpausedBy","reasonHash","txHash","blockNumber","gasUsed"}.`)
    .action(async (options: { reason?: string }, command: Command) => {
      const env = await commandEnv(command);
      const reasonHash = options.reason === undefined ? undefined : textHash(options.reason);
      await writeAction(env, "ending the pause", (sdk, context, onStatus) => sdk.unpauseZone(context, { reasonHash, onStatus }));
    });

  zone
    .command("migrate")
    .description(
      "Closes this deployment for good in favour of a successor: no new registrations, anchors or grants here, and readers are pointed at the successor's directory. Cannot be undone. MIGRATION office only.",
    )
    .argument("<successor>", "the successor deployment's participant directory")
    .option("--note <text>", "the migration note (hashed; the text stays off chain)")
    .addHelpText("after", `\nWith --json: {"successor","migratedBy","noteHash","txHash","blockNumber","gasUsed"}.`)
    .action(async (address: string, options: { note?: string }, command: Command) => {
      const env = await commandEnv(command);
      const successor = await parseAddress(address, "successor directory");
      const noteHash = options.note === undefined ? undefined : textHash(options.note);
      await writeAction(env, "migrating the zone", (sdk, context, onStatus) => sdk.migrateZone(context, { successor, noteHash, onStatus }));
    });
}
