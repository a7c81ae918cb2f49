import { type Command, Option } from "commander";
import type { HashAlgorithmName } from "@dpr/sdk";
import { commandEnv } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { algorithmChoices } from "../io/hashing.js";
import { withoutRaw } from "../io/output.js";
import { parseBytes32 } from "../io/parse.js";

export function registerShow(program: Command): void {
  program
    .command("show")
    .summary("show a dataset by id or content hash")
    .description(
      "Shows a dataset as the chain records it now: holder, status, classification, confirmations, notice period, freeze and transfer state. The argument is a dataset id, or a content hash (looked up with --alg). Needs no key; exits 2 when nothing is registered under it.",
    )
    .argument("<id-or-content-hash>", "dataset id or content hash (0x…, 32 bytes)")
    .addOption(new Option("--alg <algorithm>", "algorithm of a content hash").choices(algorithmChoices).default("sha256"))
    .addHelpText(
      "after",
      `
With --json: {"datasetId","status","holder","algorithm","category","grade","containsPersonalData","sector",
              "jurisdiction","registeredAt","registeredBlock","confirmations","requiredConfirmations",
              "confirmedAt","noticeEndsAt","frozen","superseded","declassified","settled","pendingTransferTo"}
(times in unix seconds).

Example:
  dpr show 0x5e1f…`,
    )
    .action(async (value: string, options: { alg: HashAlgorithmName }, command: Command) => {
      const env = await commandEnv(command);
      const hash = parseBytes32(value, "dataset id or content hash");
      const sdk = await import("@dpr/sdk");
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);
      const record =
        (await sdk.getDataset(context, { datasetId: hash })) ?? (await sdk.getDatasetByContentHash(context, { contentHash: hash, algorithm: options.alg }));
      if (!record) throw usageError(`no dataset has the id or ${options.alg} content hash ${hash}`, "check the value, or --alg for a content hash of another algorithm");
      const out = withoutRaw(record);
      env.out.result(out);
    });
}
