import type { Command } from "commander";
import { hashOrDocument, textHash } from "../io/digest.js";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { parseAddress, parseBytes32 } from "../io/parse.js";

export function registerDatasetActions(program: Command): void {
  program
    .command("confirm")
    .summary("confirm a dataset's registration (registrar)")
    .description(
      "Confirms a pending registration as a registrar (data rights confirmation, 确权). General non-personal data needs one registrar; important or personal data two, of distinct organisations. A registrar never confirms its own organisation's data. After the last confirmation the public notice period starts.",
    )
    .argument("<dataset-id>", "the dataset id (0x…, 32 bytes)")
    .addHelpText("after", `\nWith --json: {"datasetId","registrar","confirmations","requiredConfirmations","noticeEndsAt","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr --keystore keys/registrar.json confirm 0x5e1f…`)
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      await writeAction(env, "confirming the dataset", (sdk, context, onStatus) => sdk.confirmDataset(context, { datasetId, onStatus }));
    });

  program
    .command("object")
    .summary("object to a dataset during its notice period")
    .description(
      "Objects to a dataset during its public notice period (or adds evidence to a dispute), as any active participant outside the holder's organisation. The dataset becomes disputed until a registrar or regulator resolves it. Only the evidence's hash goes on chain.",
    )
    .argument("<dataset-id>", "the dataset id")
    .requiredOption("--evidence <file>", "the evidence document (its SHA-256 is recorded), or its 32-byte hash")
    .addHelpText("after", `\nWith --json: {"datasetId","objector","evidenceHash","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr object 0x5e1f… --evidence claims/original-survey-contract.pdf`)
    .action(async (id: string, options: { evidence: string }, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      const evidenceHash = await hashOrDocument(options.evidence);
      await writeAction(env, "objecting", (sdk, context, onStatus) => sdk.objectToDataset(context, { datasetId, evidenceHash, onStatus }));
    });

  program
    .command("resolve")
    .summary("resolve a dispute (registrar or regulator)")
    .description(
      "Resolves a disputed dataset, as a regulator or a registrar outside the holder's organisation: --dismiss confirms it; --uphold rejects it, or with --new-holder confirms it to the rightful holder. The decision document's hash is recorded.",
    )
    .argument("<dataset-id>", "the dataset id")
    .option("--dismiss", "dismiss the objection: the dataset is confirmed")
    .option("--uphold", "uphold the objection: the dataset is rejected (or moves to --new-holder)")
    .option("--new-holder <address>", "with --uphold: the rightful holder, who receives the dataset")
    .requiredOption("--decision <file>", "the decision document (its SHA-256 is recorded), or its 32-byte hash")
    .addHelpText(
      "after",
      `\nWith --json: {"datasetId","resolver","upheld","previousHolder","holder","status","decisionHash","txHash","blockNumber","gasUsed"}.\n\nExamples:\n  dpr resolve 0x5e1f… --dismiss --decision decisions/2026-031.pdf\n  dpr resolve 0x5e1f… --uphold --new-holder 0x90F7…b906 --decision decisions/2026-032.pdf`,
    )
    .action(async (id: string, options: { dismiss?: boolean; uphold?: boolean; newHolder?: string; decision: string }, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      if (Boolean(options.dismiss) === Boolean(options.uphold)) throw usageError("resolve needs exactly one of --dismiss and --uphold");
      let newHolder: `0x${string}` | undefined;
      if (options.newHolder !== undefined) {
        if (!options.uphold) throw usageError("--new-holder goes with --uphold");
        newHolder = await parseAddress(options.newHolder, "--new-holder");
      }
      const decisionHash = await hashOrDocument(options.decision);
      const upheld = Boolean(options.uphold);
      await writeAction(env, "resolving the dispute", (sdk, context, onStatus) =>
        sdk.resolveDispute(context, { datasetId, upheld, newHolder, decisionHash, onStatus }),
      );
    });

  for (const [name, summary, description] of [
    [
      "freeze",
      "freeze a dataset (regulator)",
      "Freezes a dataset as a regulator: while frozen it cannot be confirmed, versioned, derived from, granted or transferred, and confers no rights. The reason's hash is recorded.",
    ],
    ["unfreeze", "lift a freeze (regulator)", "Lifts a regulator's freeze. The reason's hash is recorded."],
  ] as const) {
    program
      .command(name)
      .summary(summary)
      .description(description)
      .argument("<dataset-id>", "the dataset id")
      .option("--reason <text>", "why (its SHA-256 is recorded; the text stays off chain)")
      .addHelpText("after", `\nWith --json: {"datasetId","regulator","reasonHash","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr ${name} 0x5e1f… --reason "case 2026-17"`)
      .action(async (id: string, options: { reason?: string }, command: Command) => {
        const env = await commandEnv(command);
        const datasetId = parseBytes32(id, "dataset id");
        const reasonHash = options.reason === undefined ? undefined : textHash(options.reason);
        await writeAction(env, `${name === "freeze" ? "freezing" : "unfreezing"} the dataset`, (sdk, context, onStatus) =>
          name === "freeze"
            ? sdk.freezeDataset(context, { datasetId, reasonHash, onStatus })
            : sdk.unfreezeDataset(context, { datasetId, reasonHash, onStatus }),
        );
      });
  }

  program
    .command("retire")
    .summary("retire a dataset (holder)")
    .description("Retires a pending or confirmed, unfrozen dataset, as its holder. It stays on record but confers no rights.")
    .argument("<dataset-id>", "the dataset id")
    .addHelpText("after", `\nWith --json: {"datasetId","holder","cancelledTransferTo","txHash","blockNumber","gasUsed"} ("cancelledTransferTo": the recipient of a pending transfer request that retiring cancelled, or null).\n\nExample:\n  dpr retire 0x5e1f…`)
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      await writeAction(env, "retiring the dataset", (sdk, context, onStatus) => sdk.retireDataset(context, { datasetId, onStatus }));
    });
}
