import { type Command, Option } from "commander";
import type { BorderConditionsLabels, HashAlgorithmName } from "@dpr/sdk";
import { commandEnv } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { algorithmChoices } from "../io/hashing.js";
import { withoutRaw } from "../io/output.js";
import { parseBytes32 } from "../io/parse.js";

/** Border conditions on one line: "conditional; processing-use; grantees in …; purpose classes 100, 200; at most 365 days". */
function conditionsText(c: BorderConditionsLabels): string {
  if (c.openness === "undeclared") return "undeclared (only the grant rules limit grants)";
  if (c.openness === "not-open") return "not open: nothing is granted";
  const term = c.maxTermSeconds === null ? "no term limit" : `at most ${c.maxTermSeconds / 86_400} days`;
  const where = { "same-region": "grantees in the data's own region", gba: "grantees in the data's region or the Greater Bay Area", anywhere: "grantees anywhere" };
  return `${c.openness}; ${c.rights.join(", ")}; ${c.granteeRegions ? where[c.granteeRegions] : ""}; purpose classes ${c.purposeClasses.join(", ")}; ${term}`;
}

export function registerShow(program: Command): void {
  program
    .command("show")
    .alias("status")
    .summary("show a dataset by id or content hash (alias: status)")
    .description(
      "Shows a dataset as the chain records it now: holder, status, claim number, classification, confirmations, the notice clock (paused while disputed or frozen), open objections and the decision being voted, revoked ancestry, freeze and transfer state. The argument is a dataset id, or a content hash (of the deployment's algorithm). Needs no key; exits 2 when nothing is registered under it.",
    )
    .argument("<id-or-content-hash>", "dataset id or content hash (0x…, 32 bytes)")
    .addOption(new Option("--alg <algorithm>", "algorithm of a content hash (default: the deployment's; another is refused)").choices(algorithmChoices))
    .addHelpText(
      "after",
      `
With --json: {"datasetId","status","holder","algorithm","category","grade","containsPersonalData","sector",
              "jurisdiction","registeredAt","registeredBlock","confirmations","requiredConfirmations",
              "confirmedAt","noticeEndsAt","noticeRemaining","frozen","superseded","declassified",
              "ancestryRevoked","pendingTransferTo","claim","openObjections","grantsValidFrom",
              "openObjectors","pendingDecision","borderConditions","proposedBorderConditions"}
(times in unix seconds; noticeRemaining: seconds of notice left while the clock is paused, else null).
People see the notice clock as one line: "notice  paused: 3 h 12 min left", "ends …" or "ended …"; when
this machine's clock is past the end but the chain's latest block is not (a chain that makes blocks only
for transactions), "ended …; the chain will show it confirmed at its next block" (status stays "notice":
the chain's answer).

Example:
  dpr show 0x5e1f…`,
    )
    .action(async (value: string, options: { alg?: HashAlgorithmName }, command: Command) => {
      const env = await commandEnv(command);
      const hash = parseBytes32(value, "dataset id or content hash");
      const sdk = await import("@dpr/sdk");
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);
      const { contentAlgorithm } = await import("../io/algorithm.js");
      const algorithm = await contentAlgorithm(env.globals, options.alg);
      const record =
        (await sdk.getDataset(context, { datasetId: hash })) ?? (await sdk.getDatasetByContentHash(context, { contentHash: hash, algorithm }));
      if (!record) throw usageError(`no dataset has the id or ${algorithm} content hash ${hash}`, "check the value");
      const [openObjectors, pendingDecision, conditions] = await Promise.all([
        sdk.getOpenObjectors(context, { datasetId: record.datasetId }),
        sdk.getDecision(context, { datasetId: record.datasetId }),
        sdk.getBorderConditions(context, { datasetId: record.datasetId }),
      ]);
      const borderConditions = sdk.borderConditionsLabels(conditions.conditions);
      const proposedBorderConditions = conditions.proposed && {
        ...sdk.borderConditionsLabels(conditions.proposed.conditions),
        confirmations: conditions.proposed.confirmations,
        required: conditions.proposed.required,
      };
      const out = { ...withoutRaw(record), openObjectors, pendingDecision, borderConditions, proposedBorderConditions };
      const { describeDecision, noticeText, voteProgress } = await import("../io/datasetView.js");
      const { noticeEndsAt: _ends, noticeRemaining: _remaining, ...rest } = out;
      // The status is the chain's, at its latest block's time; the wall clock only chooses how to explain it.
      const chainTime = record.status === "notice" ? (await context.publicClient.getBlock()).timestamp : 0n;
      const clock = sdk.noticeClock({ ...record, chainTime, wallTime: BigInt(Math.floor(Date.now() / 1000)) });
      env.out.result(out, {
        ...rest,
        notice: noticeText(clock),
        pendingDecision: pendingDecision
          ? `${describeDecision(pendingDecision)}: ${voteProgress(pendingDecision.votes, pendingDecision.required)}`
          : null,
        borderConditions: conditionsText(borderConditions),
        proposedBorderConditions: proposedBorderConditions
          ? `${conditionsText(proposedBorderConditions)} (${voteProgress(proposedBorderConditions.confirmations, proposedBorderConditions.required)}; dpr conditions show)`
          : null,
      });
    });
}
