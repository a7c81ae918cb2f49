import type { Command } from "commander";
import { voteProgress } from "../io/datasetView.js";
import { hashOrDocument, textHash } from "../io/digest.js";
import { type CommandEnv, commandEnv, send, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { parseAddress, parseBytes32 } from "../io/parse.js";

/** What a dispute decision did, or how far its vote has come, in one line for people. */
export function resolveOutcome(result: {
  upheld: boolean;
  decided: boolean;
  votes: number | null;
  required: number | null;
  holder: string | null;
  status: string;
}): string {
  if (!result.decided) return voteProgress(result.votes ?? 0, result.required ?? 0);
  if (!result.upheld) return `decided: objections dismissed; back ${result.status === "notice" ? "in its notice period, with the time it had left" : "in review"}`;
  if (result.status === "rejected") return "decided: registration rejected; the content is free for a new claim";
  return `decided: ${result.holder} holds it now; ${result.status === "notice" ? "a fresh notice period runs" : "review starts again"}`;
}

/** What a correction did, or how far its vote has come, in one line for people. */
export function correctOutcome(result: { decided: boolean; votes: number; required: number; newHolder: string | null }): string {
  if (!result.decided) return voteProgress(result.votes, result.required);
  if (result.newHolder === null) return "decided: registration revoked; it confers nothing, and its content stays claimed";
  return `decided: holder corrected to ${result.newHolder}; a fresh notice period runs, and grants issued before confer nothing`;
}

const decisionJson = `"decided","votes","required"`;

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
    .summary("object to a dataset, from submission to the end of its notice period")
    .description(
      "Objects to a registration from the moment it is submitted (pending) to the end of its notice period, or while it is disputed, as any active participant outside the holder's organisation; never while it is frozen. One open objection per organisation, and none again once the organisation's objection to this claim was dismissed. The dataset becomes disputed and its notice clock pauses until independent registrars or regulators decide (dpr resolve). Only the evidence's hash goes on chain.",
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
    .summary("decide a dispute, or vote on it (independent registrar or regulator)")
    .description(
      "Decides a disputed dataset, as a registrar or regulator of an independent organisation: none of the holder's, an open objector's, a confirmer's of this claim, nor the new holder's. --dismiss decides alone: every open objection is dismissed and the dataset returns to review, or to the notice period it had left. --reject (the content is freed) and --new-holder (a fresh notice period starts, or review starts again) are votes: decided when the confirmation quorum of distinct organisations has voted for the same outcome (one, or two for important, personal or declassified data). The decision document's hash is recorded.",
    )
    .argument("<dataset-id>", "the dataset id")
    .option("--dismiss", "dismiss the objections: the dataset returns to review or to its notice period")
    .option("--reject", "uphold the objections and reject the registration (a vote)")
    .option("--new-holder <address>", "uphold the objections and award the dataset to this holder of its jurisdiction (a vote)")
    .requiredOption("--decision <file>", "the decision document (its SHA-256 is recorded), or its 32-byte hash")
    .addHelpText(
      "after",
      `\nPeople see the result first: "decided: …", or "vote 1 of 2 recorded; waiting for a second independent organisation".\nWith --json: {"datasetId","upheld","newHolder","decisionHash",${decisionJson},"resolver","previousHolder","holder","status","txHash","blockNumber","gasUsed"}\n(votes and required are null for a dismissal; previousHolder and holder null while votes are awaited; status "disputed" then).\n\nExamples:\n  dpr resolve 0x5e1f… --dismiss --decision decisions/2026-031.pdf\n  dpr resolve 0x5e1f… --reject --decision decisions/2026-032.pdf\n  dpr resolve 0x5e1f… --new-holder 0x90F7…b906 --decision decisions/2026-033.pdf`,
    )
    .action(async (id: string, options: { dismiss?: boolean; reject?: boolean; newHolder?: string; decision: string }, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      if ([options.dismiss, options.reject, options.newHolder !== undefined].filter(Boolean).length !== 1) {
        throw usageError("resolve needs exactly one of --dismiss, --reject and --new-holder ADDRESS");
      }
      const newHolder = options.newHolder === undefined ? undefined : await parseAddress(options.newHolder, "--new-holder");
      const decisionHash = await hashOrDocument(options.decision);
      const upheld = !options.dismiss;
      await writeAction(
        env,
        options.dismiss ? "dismissing the objections" : "voting on the dispute",
        (sdk, context, onStatus) => sdk.resolveDispute(context, { datasetId, upheld, newHolder, decisionHash, onStatus }),
        {},
        (result) => ({ result: resolveOutcome(result as unknown as Parameters<typeof resolveOutcome>[0]), ...result }),
      );
    });

  program
    .command("refuse")
    .summary("refuse a registration in review (registrar)")
    .description(
      "Refuses a pending registration in review (neither disputed nor frozen), as a registrar outside the holder's organisation, with the reasons' hash. The dataset is refused and its content free for a new claim.",
    )
    .argument("<dataset-id>", "the dataset id")
    .option("--reason <file>", "the reasons document (its SHA-256 is recorded)")
    .option("--reason-hash <hex>", "the reasons' 32-byte hash, computed elsewhere")
    .addHelpText(
      "after",
      `\nWith --json: {"datasetId","registrar","claim","reasonHash","txHash","blockNumber","gasUsed"}.\n\nExamples:\n  dpr refuse 0x5e1f… --reason reviews/2026-014.pdf\n  dpr refuse 0x5e1f… --reason-hash 0x9b2c…`,
    )
    .action(async (id: string, options: { reason?: string; reasonHash?: string }, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      if ((options.reason === undefined) === (options.reasonHash === undefined)) {
        throw usageError("refuse needs exactly one of --reason FILE and --reason-hash HEX", "a refusal records its reasons' hash");
      }
      const { documentHash } = await import("../io/digest.js");
      const reasonHash = options.reasonHash !== undefined ? parseBytes32(options.reasonHash, "--reason-hash") : await documentHash(options.reason!);
      await writeAction(env, "refusing the registration", (sdk, context, onStatus) => sdk.refuseDataset(context, { datasetId, reasonHash, onStatus }));
    });

  program
    .command("withdraw")
    .summary("withdraw a registration before its notice period ends (holder)")
    .description(
      "Withdraws your own registration while it is pending or in its notice period (neither disputed nor frozen), as its holder. The content is free for a new claim. After the notice period, retire it instead.",
    )
    .argument("<dataset-id>", "the dataset id")
    .addHelpText("after", `\nWith --json: {"datasetId","holder","claim","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr withdraw 0x5e1f…`)
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      await writeAction(env, "withdrawing the registration", (sdk, context, onStatus) => sdk.withdrawDataset(context, { datasetId, onStatus }));
    });

  const correctHelp = (example: string) =>
    `\nPeople see the result first: "decided: …", or "vote 1 of 2 recorded; waiting for a second independent organisation".\nWith --json: {"datasetId","outcome","newHolder","decisionHash","voter","organisation",${decisionJson},"status","previousHolder",\n              "noticeEndsAt","grantsValidFrom","cancelledTransferTo","markedDescendants","skippedDescendants",\n              "txHash","blockNumber","gasUsed"} (markedDescendants: [{"datasetId","parentId","txHash"}] once a revocation is decided).\n\n${example}`;

  program
    .command("correct")
    .summary("vote to revoke a confirmed registration or correct its holder (independent registrar or regulator)")
    .description(
      "Votes to correct a confirmed or retired registration after its notice period, as a registrar or regulator of an independent organisation (none of the holder's, a confirmer's of this claim, nor the new holder's): --revoke (it then confers nothing, its content stays claimed, and every descendant dpr can find from the chain's DatasetDerived events is marked as derived from revoked data) or --holder ADDRESS (a fresh notice period starts, and grants issued before confer nothing). Decided when the confirmation quorum of distinct organisations has voted for the same outcome. The decision document's hash is recorded.",
    )
    .argument("<dataset-id>", "the dataset id")
    .option("--revoke", "revoke the registration (same as dpr revoke-registration)")
    .option("--holder <address>", "correct the holder to this holder of the dataset's jurisdiction")
    .requiredOption("--decision <file>", "the decision document (its SHA-256 is recorded), or its 32-byte hash")
    .addHelpText("after", correctHelp("Examples:\n  dpr correct 0x5e1f… --holder 0x90F7…b906 --decision decisions/2026-040.pdf\n  dpr correct 0x5e1f… --revoke --decision decisions/2026-041.pdf"))
    .action(async (id: string, options: { revoke?: boolean; holder?: string; decision: string }, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      if (Boolean(options.revoke) === (options.holder !== undefined)) throw usageError("correct needs exactly one of --revoke and --holder ADDRESS");
      const newHolder = options.holder === undefined ? undefined : await parseAddress(options.holder, "--holder");
      await correctRegistration(env, datasetId, newHolder, await hashOrDocument(options.decision));
    });

  program
    .command("revoke-registration")
    .summary("vote to revoke a confirmed registration, then mark its descendants (independent registrar or regulator)")
    .description(
      "The same as dpr correct --revoke: votes to revoke a confirmed or retired registration after its notice period. Once the quorum has decided, marks every descendant it can find from the chain's DatasetDerived events as derived from revoked data (one transaction each), so they confer nothing until a registrar re-confirms them (dpr reconfirm).",
    )
    .argument("<dataset-id>", "the dataset id")
    .requiredOption("--decision <file>", "the decision document (its SHA-256 is recorded), or its 32-byte hash")
    .addHelpText("after", correctHelp("Example:\n  dpr revoke-registration 0x5e1f… --decision decisions/2026-041.pdf"))
    .action(async (id: string, options: { decision: string }, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      await correctRegistration(env, datasetId, undefined, await hashOrDocument(options.decision));
    });

  program
    .command("reconfirm")
    .summary("re-confirm a dataset marked as derived from revoked data (registrar)")
    .description(
      "Re-confirms a dataset marked as derived from revoked data, as a registrar outside the holder's organisation, after checking that it stands without its revoked ancestry. The mark is cleared once the confirmation quorum of distinct organisations has re-confirmed it (one, or two for important or personal data): it then confers rights again and can be granted and built on. A parent whose mark was cleared cannot mark it again.",
    )
    .argument("<dataset-id>", "the dataset id")
    .addHelpText(
      "after",
      `\nPeople see the result first: "cleared: …", or "re-confirmation 1 of 2 recorded; waiting for a second organisation".\nWith --json: {"datasetId","registrar","confirmations","required","cleared","txHash","blockNumber","gasUsed"}.\n\nExample:\n  dpr reconfirm 0x5e1f…`,
    )
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      await writeAction(
        env,
        "re-confirming the dataset",
        (sdk, context, onStatus) => sdk.reconfirmDataset(context, { datasetId, onStatus }),
        {},
        (result) => ({
          result: result.cleared
            ? "cleared: the dataset confers rights again"
            : voteProgress(Number(result.confirmations), Number(result.required)).replace(/^vote/, "re-confirmation").replace(" independent", ""),
          ...result,
        }),
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
    .summary("retire a confirmed dataset (holder)")
    .description(
      "Retires a confirmed, unfrozen dataset (past its notice period), as its holder. It stays on record and keeps its content claimed, but confers no rights; a quorum can still revoke it or correct its holder. Before the end of notice, withdraw it instead (dpr withdraw).",
    )
    .argument("<dataset-id>", "the dataset id")
    .addHelpText("after", `\nWith --json: {"datasetId","holder","cancelledTransferTo","txHash","blockNumber","gasUsed"} ("cancelledTransferTo": the recipient of a pending transfer request that retiring cancelled, or null).\n\nExample:\n  dpr retire 0x5e1f…`)
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      await writeAction(env, "retiring the dataset", (sdk, context, onStatus) => sdk.retireDataset(context, { datasetId, onStatus }));
    });
}

/**
 * `dpr correct` and `dpr revoke-registration`: casts the vote, and once a revocation is decided marks the
 * descendants found from the chain's DatasetDerived events (each mark is its own transaction, signed by the same key).
 */
async function correctRegistration(
  env: CommandEnv,
  datasetId: `0x${string}`,
  newHolder: `0x${string}` | undefined,
  decisionHash: `0x${string}`,
): Promise<void> {
  const sdk = await import("@dpr/sdk");
  const { writeContext } = await import("../io/context.js");
  const context = await writeContext(env.globals);
  const result = await send(env, newHolder ? "voting to correct the holder" : "voting to revoke the registration", (onStatus) =>
    sdk.correctDataset(context, { datasetId, newHolder, decisionHash, onStatus }),
  );
  let descendants: { markedDescendants: { datasetId: string; parentId: string; txHash: string }[]; skippedDescendants: { datasetId: string; parentId: string; reason: string }[] } | undefined;
  if (result.decided && result.newHolder === null) {
    const { marked, skipped } = await send(env, "marking the descendants", (onStatus) => sdk.markRevokedDescendants(context, { datasetId, onStatus }));
    descendants = {
      markedDescendants: marked.map((m) => ({ datasetId: m.datasetId, parentId: m.parentId, txHash: m.txHash })),
      skippedDescendants: skipped,
    };
  }
  const out = { ...result, ...descendants };
  env.out.result(out, {
    result: correctOutcome(result),
    ...out,
    ...(descendants && {
      markedDescendants: descendants.markedDescendants.map((m) => `${m.datasetId} (from ${m.parentId})`),
      skippedDescendants: descendants.skippedDescendants.map((k) => `${k.datasetId}: ${k.reason}`),
    }),
  });
}
