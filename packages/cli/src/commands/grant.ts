import type { Command } from "commander";
import { hashOrDocument, textHash } from "../io/digest.js";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { collect, parseAddress, parseBytes32, parseKeyValue, parseTime, parseUint } from "../io/parse.js";

export interface GrantOptions {
  to: string;
  right: string;
  purpose: string;
  purposeText: string;
  expires: string;
  starts?: string;
  mechanism?: string;
  evidence?: string[];
  scope?: string;
  terms?: string;
}

/** `--evidence` kinds and the evidence field each fills. */
export const evidenceKinds = {
  contract: "contractHash",
  "impact-assessment": "impactAssessmentHash",
  "consent-records": "consentRecordsRoot",
  filing: "filingRef",
} as const;
export type EvidenceField = (typeof evidenceKinds)[keyof typeof evidenceKinds];

/** Hashes the `--evidence KIND=FILE` documents (a value may also be a 32-byte hash). */
export async function parseEvidence(values: readonly string[]): Promise<Partial<Record<EvidenceField, `0x${string}`>>> {
  const evidence: Partial<Record<EvidenceField, `0x${string}`>> = {};
  for (const value of values) {
    const [kind, file] = parseKeyValue(value, "--evidence");
    const field = evidenceKinds[kind.toLowerCase() as keyof typeof evidenceKinds];
    if (!field) throw usageError(`unknown evidence kind "${kind}"`, `use one of: ${Object.keys(evidenceKinds).join(", ")}`);
    if (evidence[field]) throw usageError(`--evidence ${kind} is given twice`);
    evidence[field] = await hashOrDocument(file);
  }
  return evidence;
}

/** Start and expiry from the options; an expiry in the past (or before the start) is refused here. */
export function grantTimes(options: Pick<GrantOptions, "expires" | "starts">, now = new Date()): { startsAt: number; expiresAt: number } {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const startsAt = options.starts === undefined ? 0 : parseTime(options.starts, "--starts", now);
  const never = options.expires.trim().toLowerCase() === "never";
  const expiresAt = never ? 0 : parseTime(options.expires, "--expires", now);
  if (!never && expiresAt <= nowSeconds) {
    throw usageError(`--expires ${options.expires} is in the past (${new Date(expiresAt * 1000).toISOString()})`, "give a future date, or a duration like 30d, 6m, 1y");
  }
  if (!never && startsAt !== 0 && expiresAt <= startsAt) throw usageError("--expires must be after --starts");
  return { startsAt, expiresAt };
}

export function registerGrant(program: Command): void {
  program
    .command("grant")
    .summary("grant a right on a dataset (holder)")
    .description(
      "Grants one data right on a confirmed dataset to another active participant, as its holder. Cross-border grants (the grantee's region differs from where the data is held) need a --mechanism and its evidence; they, grants of important data, and personal data given to another organisation wait for a regulator's acknowledgement. Documents and texts stay off chain: only their SHA-256 hashes are recorded.",
    )
    .argument("<dataset-id>", "the dataset id (0x…, 32 bytes)")
    .requiredOption("--to <address>", "the grantee (an active participant)")
    .requiredOption("--right <right>", "holding, processing-use or product-operation")
    .requiredOption("--purpose <code>", "purpose code from the zone's list (0–65535; dpr purposes lists them)")
    .requiredOption("--purpose-text <text>", "the purpose statement (its SHA-256 is recorded)")
    .requiredOption("--expires <when>", "ISO date (2027-06-30) or duration from now (30d, 6m, 1y); \"never\" only for domestic general non-personal grants")
    .option("--starts <when>", "ISO date or duration from now (default: now)")
    .option("--mechanism <mechanism>", "cross-border mechanism: gba-sc-hk, gba-sc-mo, standard-contract, certification, security-assessment, exempt")
    .option("--evidence <kind=file>", "evidence document (or 32-byte hash) by kind: contract, impact-assessment, consent-records, filing (repeatable)", collect)
    .option("--scope <text>", "the scope: fields, volume, places of processing (its SHA-256 is recorded)")
    .option("--terms <file>", "the terms document (its SHA-256 is recorded), or its 32-byte hash")
    .addHelpText(
      "after",
      `
With --json: {"grantId","datasetId","grantee","grantor","right","status","crossBorder","needsAcknowledgement",
              "mechanism","startsAt","expiresAt","txHash","blockNumber","gasUsed"} (times in unix seconds).

Examples:
  dpr grant 0x5e1f… --to 0x15d3…6A65 --right processing-use --purpose 12 \\
      --purpose-text "traffic model calibration" --expires 1y
  dpr grant 0x5e1f… --to 0x9965…A4dc --right processing-use --purpose 7 --purpose-text "joint clinical study" \\
      --expires 2027-06-30 --mechanism gba-sc-hk --evidence contract=gba-contract.pdf \\
      --evidence impact-assessment=pia.pdf --evidence consent-records=consents.root --evidence filing=filing.pdf`,
    )
    .action(async (id: string, options: GrantOptions, command: Command) => {
      const env = await commandEnv(command);
      const datasetId = parseBytes32(id, "dataset id");
      const grantee = await parseAddress(options.to, "--to");
      const purposeCode = parseUint(options.purpose, "--purpose", 0xffff);
      const purposeHash = textHash(options.purposeText);
      const { startsAt, expiresAt } = grantTimes(options);
      const evidence = await parseEvidence(options.evidence ?? []);
      const scopeHash = options.scope === undefined ? undefined : textHash(options.scope);
      const termsHash = options.terms === undefined ? undefined : await hashOrDocument(options.terms);
      const { parseRight, parseTransferMechanism } = await import("@dpr/sdk");
      parseRight(options.right);
      if (options.mechanism !== undefined) parseTransferMechanism(options.mechanism);
      const { describePurpose } = await import("../io/purpose.js");
      // People see the purpose, by its label in the zone's list, right after the right granted.
      const human = (result: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(result).flatMap(([key, value]) => (key === "right" ? [[key, value], ["purpose", describePurpose(purposeCode)]] : [[key, value]])));
      await writeAction(env, "granting", (sdk, context, onStatus) =>
        sdk.grantRight(context, {
          datasetId,
          grantee,
          right: options.right,
          purposeCode,
          purposeHash,
          scopeHash,
          termsHash,
          startsAt: startsAt === 0 ? undefined : BigInt(startsAt),
          expiresAt: expiresAt === 0 ? undefined : BigInt(expiresAt),
          mechanism: options.mechanism,
          evidence,
          onStatus,
        }),
        {},
        human,
      );
    });
}
