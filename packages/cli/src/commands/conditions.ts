import type { Command } from "commander";
import type { BorderConditions, BorderConditionsInput } from "@dpr/sdk";
import { commandEnv, writeAction } from "../io/env.js";
import { CliError, usageError } from "../io/errors.js";
import { ExitCode } from "../io/exitCodes.js";
import { parseBytes32, parseUint } from "../io/parse.js";

const DAY = 86_400;

interface SetOptions {
  openness?: string;
  rights?: string;
  regions?: string;
  purposes?: string;
  maxTermDays?: string;
}

/** A comma-separated list, without empty items. */
const list = (value: string): string[] =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);

/** Conditions from the flags (every flag needed), checked as the chain checks them. */
async function conditionsFromFlags(options: SetOptions): Promise<BorderConditions> {
  const missing = (["openness", "rights", "regions", "purposes"] as const).filter((flag) => options[flag] === undefined);
  if (missing.length > 0) throw usageError(`missing ${missing.map((flag) => `--${flag}`).join(", ")}`, "dpr conditions set --help lists them");
  const purposes = list(options.purposes!).map((code) => parseUint(code, "--purposes"));
  const input: BorderConditionsInput = {
    openness: options.openness!,
    rights: options.rights!.trim().toLowerCase() === "none" ? [] : list(options.rights!),
    granteeRegions: options.regions!,
    purposes,
    maxTermSeconds: options.maxTermDays === undefined ? 0 : parseUint(options.maxTermDays, "--max-term-days", 49_710) * DAY,
  };
  const { parseBorderConditions } = await import("@dpr/sdk");
  try {
    return parseBorderConditions(input);
  } catch (error) {
    throw usageError((error as Error).message, (error as { hint?: string }).hint);
  }
}

/** What people read for conditions. */
function describe(sdk: typeof import("@dpr/sdk"), conditions: BorderConditions) {
  const labels = sdk.borderConditionsLabels(conditions);
  if (labels.openness === "undeclared") return { openness: "undeclared: only the grant rules limit grants" };
  return {
    openness: labels.openness,
    rights: labels.rights.join(", ") || "none",
    granteeRegions: labels.granteeRegions,
    purposeClasses: labels.purposeClasses.join(", ") || "none",
    maxTerm: labels.maxTermSeconds === null ? "no limit" : `${labels.maxTermSeconds / DAY} days`,
  };
}

/**
 * The digest a registrar reviews and confirms: the first 8 bytes of keccak256 of the conditions' ABI encoding,
 * so a proposal swapped between review and confirmation is caught before a transaction is sent.
 */
async function digestOf(conditions: BorderConditions): Promise<string> {
  const { encodeAbiParameters, keccak256 } = await import("viem");
  const encoded = encodeAbiParameters(
    [{ type: "uint8" }, { type: "uint8" }, { type: "uint8" }, { type: "uint16" }, { type: "uint32" }],
    [conditions.openness, conditions.rights, conditions.regions, conditions.purposeClasses, conditions.maxTerm],
  );
  return keccak256(encoded).slice(0, 18);
}

export function registerConditions(program: Command): void {
  const conditions = program
    .command("conditions")
    .summary("show, tighten or loosen a dataset's border conditions")
    .description(
      "A dataset's border conditions (its directory entry's: how open it is, the rights that may be granted, where grantees may be, the purpose classes and the longest term) are enforced on every grant. The holder tightens them at once with `dpr conditions set`; a looser set is only proposed, and takes effect when registrars outside the holder's organisation confirm it with `dpr conditions confirm` (one organisation for general non-personal data, two for important or personal data).",
    );

  conditions
    .command("show")
    .description("Shows the conditions enforced now and a loosening waiting for registrars, with the digest a registrar confirms.")
    .argument("<dataset-id>", "the dataset id (0x…, 32 bytes)")
    .addHelpText(
      "after",
      `
With --json: {"datasetId","conditions":{"openness","rights","granteeRegions","purposeClasses","maxTermSeconds"},
              "proposed":null|{…,"confirmations","required","proposedAt","digest"}}.

Example:
  dpr conditions show 0x5e1f…`,
    )
    .action(async (id: string, _options: unknown, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      const sdk = await import("@dpr/sdk");
      const { readContext } = await import("../io/context.js");
      const context = await readContext(env.globals);
      if (!(await sdk.getDataset(context, { datasetId }))) throw usageError(`no dataset has the id ${datasetId}`, "check the value");
      const { conditions: now, proposed } = await sdk.getBorderConditions(context, { datasetId });
      const digest = proposed ? await digestOf(proposed.conditions) : null;
      const out = {
        datasetId,
        conditions: sdk.borderConditionsLabels(now),
        proposed: proposed && {
          ...sdk.borderConditionsLabels(proposed.conditions),
          confirmations: proposed.confirmations,
          required: proposed.required,
          proposedAt: Number(proposed.proposedAt),
          digest,
        },
      };
      env.out.result(out, {
        datasetId,
        ...describe(sdk, now),
        proposed: proposed
          ? `${Object.values(describe(sdk, proposed.conditions)).join("; ")} — ${proposed.confirmations} of ${proposed.required} confirmations; confirm with: dpr conditions confirm ${datasetId} --digest ${digest}`
          : "none",
      });
    });

  conditions
    .command("set")
    .description(
      "Sets a dataset's border conditions, as its holder. At least as tight as now in every part: enforced at once. Looser in any part: proposed, and enforced when registrars confirm it.",
    )
    .argument("<dataset-id>", "the dataset id (0x…, 32 bytes)")
    .option("--openness <openness>", "open | conditional | not-open")
    .option("--rights <rights>", "comma-separated: holding, processing-use, product-operation (none when not open)")
    .option("--regions <regions>", "where grantees may be: same-region | gba | anywhere")
    .option("--purposes <codes>", "comma-separated purpose codes or classes (100, 200, …): their classes are allowed (dpr purposes lists them)")
    .option("--max-term-days <days>", "the longest grant term in days (default: no limit)")
    .addHelpText(
      "after",
      `
With --json: {"datasetId","outcome":"set"|"proposed","conditions","required","holder","txHash","blockNumber","gasUsed"}.

Examples:
  dpr conditions set 0x5e1f… --openness conditional --rights processing-use --regions gba --purposes 110,201 --max-term-days 365
  dpr conditions set 0x5e1f… --openness not-open --rights none --regions same-region --purposes none`,
    )
    .action(async (id: string, options: SetOptions, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      if (options.purposes?.trim().toLowerCase() === "none") options.purposes = "";
      const wanted = await conditionsFromFlags(options);
      await writeAction(
        env,
        "setting the border conditions",
        (sdk, context, onStatus) => sdk.setBorderConditions(context, { datasetId, conditions: wanted, onStatus }),
        {},
        (result) => ({
          ...result,
          outcome:
            result.outcome === "set"
              ? "set: enforced now"
              : `proposed: waits for ${String(result.required)} registrar organisation(s) to confirm (dpr conditions confirm)`,
        }),
      );
    });

  conditions
    .command("confirm")
    .description(
      "Confirms a proposed loosening, as a registrar outside the holder's organisation. Give the digest `dpr conditions show` printed for the proposal you reviewed: if the holder has proposed something else since, nothing is sent.",
    )
    .argument("<dataset-id>", "the dataset id (0x…, 32 bytes)")
    .requiredOption("--digest <digest>", "the proposal's digest, as `dpr conditions show` printed it")
    .addHelpText("after", `\nWith --json: {"datasetId","registrar","confirmations","required","inEffect","txHash","blockNumber","gasUsed"}.`)
    .action(async (id: string, options: { digest: string }, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      const digest = options.digest.trim().toLowerCase();
      if (!/^0x[0-9a-f]{16}$/.test(digest)) throw usageError(`--digest ${options.digest} is not a digest`, "it looks like 0x followed by 16 hex digits");
      const sdk = await import("@dpr/sdk");
      const { readContext } = await import("../io/context.js");
      const { proposed } = await sdk.getBorderConditions(await readContext(env.globals), { datasetId });
      if (!proposed) throw new CliError(`no loosening of the border conditions of ${datasetId} is waiting for registrars`, { exitCode: ExitCode.Usage });
      const current = await digestOf(proposed.conditions);
      if (current !== digest) {
        throw new CliError(`the proposal now is not the one you reviewed (its digest is ${current}, not ${digest})`, {
          exitCode: ExitCode.Usage,
          hint: "review it again with dpr conditions show",
        });
      }
      await writeAction(env, "confirming the border conditions", (s, context, onStatus) =>
        s.confirmBorderConditions(context, { datasetId, expected: proposed.conditions, onStatus }),
      );
    });
}
