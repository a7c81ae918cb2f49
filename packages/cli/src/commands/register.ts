import { readFile } from "node:fs/promises";
import { type Command, Option } from "commander";
import type { BorderConditions, DprMetadataDocument, HashAlgorithmName } from "@dpr/sdk";
import { commandEnv, writeAction } from "../io/env.js";
import { CliError, usageError } from "../io/errors.js";
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

/** The flag that sets each classification field, for messages. */
const CLASSIFICATION_FLAGS = {
  category: "--category",
  grade: "--grade",
  containsPersonalData: "--personal-data",
  sector: "--sector",
  jurisdiction: "--jurisdiction",
} as const;

/**
 * Reads the metadata document of a registration (format dpr-metadata/1) and refuses, before anything is
 * hashed or sent, one that is invalid or that contradicts the registration's classification: what the
 * chain records and what the document says must agree. Returns its SHA-256 (the recorded hash), its
 * `uri` and the border conditions it declares.
 */
export async function readMetadata(
  path: string,
  registration: { category: number; grade: number; containsPersonalData: boolean; sector: number; jurisdiction: number },
): Promise<{ metadataHash: `0x${string}`; uri: string | undefined; document: DprMetadataDocument }> {
  const { checkMetadataFile } = await import("./metadata.js");
  const { document, problems, metadataHash } = await checkMetadataFile(path);
  if (document === null) {
    throw new CliError(`metadata ${path} is not a valid dpr-metadata/1 document`, {
      details: problems.map((p) => p.message).join("\n"),
      hint: "dpr metadata validate checks a document; docs/metadata.md describes the format",
    });
  }
  const { metadataContradictions } = await import("@dpr/sdk");
  const contradictions = metadataContradictions(document, registration);
  if (contradictions.length > 0) {
    throw new CliError(`metadata ${path} contradicts the registration`, {
      details: contradictions
        .map((c) => `${c.field}: the document says ${JSON.stringify(c.document)}, ${CLASSIFICATION_FLAGS[c.field]} says ${JSON.stringify(c.registration)}`)
        .join("\n"),
      hint: "make the flags and the document say the same",
    });
  }
  return { metadataHash, uri: document.uri, document };
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
    .option("--metadata <file.json>", "metadata document (format dpr-metadata/1, see dpr metadata init): its SHA-256 is recorded, its \"uri\" gives the metadata URI and its border conditions are recorded; refused if invalid or if it contradicts the flags")
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
      const sector = sdk.parseSector(options.sector);
      const category = sdk.parseCategory(options.category);
      const grade = sdk.parseGrade(options.grade);
      const jurisdiction = sdk.parseJurisdiction(options.jurisdiction);
      for (const parent of parents) sdk.parseDerivation(parent.derivation);
      let metadataHash: `0x${string}` | undefined;
      let metadataURI = options.metadataUri;
      let borderConditions: BorderConditions | undefined;
      if (options.metadata !== undefined) {
        // As registerDataset decides it: the personal category implies personal data.
        const containsPersonalData = Boolean(options.personalData) || category === sdk.Category.PERSONAL;
        const read = await readMetadata(options.metadata, { category, grade, containsPersonalData, sector, jurisdiction });
        metadataHash = read.metadataHash;
        metadataURI ??= read.uri;
        borderConditions = sdk.borderConditionsOf(read.document);
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
            borderConditions,
            onStatus,
          }),
        { metadataHash: metadataHash ?? null, metadataURI: metadataURI ?? null },
      );
    });
}
