import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import type { HashAlgorithmName } from "@dpr/sdk";
import { documentHash } from "../io/digest.js";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { algorithmChoices, buildBatchWithProgress, hashFileWithProgress, pathKind } from "../io/hashing.js";
import { collect, parseBytes32 } from "../io/parse.js";

export interface RegisterOptions {
  sector: string;
  category: string;
  grade: string;
  personalData?: boolean;
  jurisdiction: string;
  metadata?: string;
  metadataUri?: string;
  versionOf?: string;
  parent?: string[];
  alg?: HashAlgorithmName;
}

/** `ID:DERIVATION` → its parts (the derivation is checked against the SDK's names later). */
export function parseParent(value: string): { datasetId: `0x${string}`; derivation: string } {
  const i = value.lastIndexOf(":");
  if (i <= 0) throw usageError(`--parent must look like ID:DERIVATION: "${value}"`, "e.g. --parent 0x5e1f…:de-identification");
  return { datasetId: parseBytes32(value.slice(0, i), "--parent dataset id"), derivation: value.slice(i + 1) };
}

/** Reads a metadata document: its SHA-256 is recorded, and its `uri` field (if any) is where it is published. */
export async function readMetadata(path: string): Promise<{ uri: string | undefined }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot read metadata ${path}: ${code === "ENOENT" ? "no such file" : String(code ?? error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw usageError(`metadata ${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw usageError(`metadata ${path} must be a JSON object`);
  const uri = (json as { uri?: unknown }).uri;
  if (uri !== undefined && typeof uri !== "string") throw usageError(`metadata ${path}: "uri" must be a string`);
  return { uri };
}

export function registerRegister(program: Command): void {
  program
    .command("register")
    .summary("hash a file (or folder) and register it")
    .description(
      "Hashes a file locally (a folder: its manifest root) and registers the hash, as an active HOLDER. Nothing is uploaded: the chain records the content hash, the metadata document's hash and URI, and the classification. Content is claimed once at a time: only a refused, withdrawn or rejected claim frees it for a new one (the next claim, under the same id). Prints the dataset id and claim number; the registration then waits for registrars to confirm or refuse it.",
    )
    .argument("<path>", "the file (or folder) to register")
    .requiredOption("--sector <sector>", "sector: population, finance, health, education, transport, biosafety, other, or a code number")
    .requiredOption("--category <category>", "data category: public, enterprise or personal")
    .requiredOption("--grade <grade>", "data grade: general or important (core data is never registered)")
    .option("--personal-data", "the content contains personal information (implied by --category personal)")
    .requiredOption("--jurisdiction <code>", "where the data is held: GZ or one of the GBA's other mainland cities (SHENZHEN, ZHUHAI, FOSHAN, HUIZHOU, DONGGUAN, ZHONGSHAN, JIANGMEN, ZHAOQING), MAINLAND_OTHER (the rest of the mainland), HK, MO or OTHER")
    .option("--metadata <file.json>", "metadata document: its SHA-256 is recorded, and its \"uri\" field gives the metadata URI")
    .option("--metadata-uri <uri>", "where the metadata is published (overrides the document's \"uri\")")
    .option("--version-of <dataset-id>", "register a new version of this dataset (you hold it, and it is the latest)")
    .option("--parent <id:derivation>", "a dataset this one derives from; derivation: revision, transformation, aggregation, de-identification, model-training (repeatable)", collect)
    .addOption(new Option("--alg <algorithm>", "content hash algorithm (default: the deployment's; another is refused)").choices(algorithmChoices))
    .addHelpText(
      "after",
      `
With --json: {"datasetId","contentHash","algorithm","holder","versionOf","parents","category","grade",
              "containsPersonalData","sector","jurisdiction","requiredConfirmations","declassified","claim",
              "metadataHash","metadataURI","txHash","blockNumber","gasUsed"}.

Examples:
  dpr register data/traffic-2026-q1.csv --sector transport --category public --grade general --jurisdiction GZ \\
      --metadata data/traffic-2026-q1.meta.json
  dpr register out/deid.csv --sector health --category enterprise --grade general --jurisdiction GZ \\
      --parent 0x5e1f…:de-identification`,
    )
    .action(async (path: string, options: RegisterOptions, command: Command) => {
      const env = await commandEnv(command);
      // Everything is checked before the file is hashed (which may take long) and before a key is unlocked.
      const versionOf = options.versionOf === undefined ? undefined : parseBytes32(options.versionOf, "--version-of");
      const parents = (options.parent ?? []).map(parseParent);
      const sdk = await import("@dpr/sdk");
      sdk.parseSector(options.sector);
      sdk.parseCategory(options.category);
      sdk.parseGrade(options.grade);
      sdk.parseJurisdiction(options.jurisdiction);
      for (const parent of parents) sdk.parseDerivation(parent.derivation);
      let metadataHash: `0x${string}` | undefined;
      let metadataURI = options.metadataUri;
      if (options.metadata !== undefined) {
        const { uri } = await readMetadata(options.metadata);
        metadataHash = await documentHash(options.metadata);
        metadataURI ??= uri;
      }
      const kind = await pathKind(path);
      const { contentAlgorithm } = await import("../io/algorithm.js");
      const algorithm = await contentAlgorithm(env.globals, options.alg);
      const contentHash =
        kind === "file" ? (await hashFileWithProgress(env, path, algorithm)).hash : (await buildBatchWithProgress(env, path, algorithm)).root;
      const personal = options.personalData ? true : undefined;
      await writeAction(
        env,
        "registering",
        (sdk, context, onStatus) =>
          sdk.registerDataset(context, {
            contentHash,
            algorithm,
            metadataHash,
            metadataURI,
            category: options.category,
            grade: options.grade,
            containsPersonalData: personal,
            sector: options.sector,
            jurisdiction: options.jurisdiction,
            versionOf,
            parents,
            onStatus,
          }),
        { metadataHash: metadataHash ?? null, metadataURI: metadataURI ?? null },
      );
    });
}
