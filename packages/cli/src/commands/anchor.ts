import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { type Command, Option } from "commander";
import type { Batch, BatchManifest, HashAlgorithmName } from "@dpr/sdk";
import { commandEnv, writeAction } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { algorithmChoices, buildBatchWithProgress, pathKind } from "../io/hashing.js";

export interface AnchorOptions {
  out?: string;
  manifestOut?: string;
  manifestUri?: string;
  alg: HashAlgorithmName;
  force?: boolean;
}

/** The batch of a manifest file, checked: its files must give its root. */
async function batchOfManifestFile(path: string): Promise<Batch> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw usageError(`cannot read ${path}: ${String((error as NodeJS.ErrnoException).code)}`);
    throw usageError(`${path} is neither a folder nor a JSON manifest`, "anchor takes a folder, or a manifest written by dpr anchor --manifest-out");
  }
  const { batchFromManifest } = await import("@dpr/sdk");
  return batchFromManifest(json as BatchManifest);
}

/**
 * Writes `text` to `path` unless a different file is already there (a proofs file of another batch is
 * worth keeping); the same content is left as it is, so a rerun after a failed transaction just works.
 */
async function writeOnce(path: string, text: string, force: boolean | undefined): Promise<void> {
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing === text) return;
  if (existing !== undefined && !force) throw usageError(`${path} already exists with other content`, "choose another path, or pass --force to overwrite it");
  await mkdir(dirname(resolve(path)), { recursive: true });
  await writeFile(path, text);
}

export function registerAnchor(program: Command): void {
  program
    .command("anchor")
    .summary("anchor a folder of files (or a manifest) in one transaction")
    .description(
      "Hashes every file under a folder (recursively) into a Merkle batch, or reads a batch manifest, and anchors its root in one transaction, as an active HOLDER: the cheap path for thousands of files. Writes the manifest and every file's proof of inclusion (for dpr verify --proof) before sending.",
    )
    .argument("<folder-or-manifest>", "a folder, or a manifest file (dpr-batch-manifest/1) written by an earlier run")
    .option("--out <proofs.json>", "where to write the proofs (default: <name>.proofs.json)")
    .option("--manifest-out <file>", "where to write the manifest (default: <name>.manifest.json; not written for a manifest input)")
    .option("--manifest-uri <uri>", "where the manifest will be published (recorded on chain)")
    .addOption(new Option("--alg <algorithm>", "content hash algorithm for a folder").choices(algorithmChoices).default("sha256"))
    .option("--force", "overwrite existing proofs and manifest files that differ")
    .addHelpText(
      "after",
      `
<name> is the folder's name, or the manifest file's name without .manifest.json / .json.
With --json: {"root","anchorer","algorithm","leafCount","totalBytes","manifestHash","manifestURI",
              "proofsFile","manifestFile","txHash","blockNumber","gasUsed"}.

Examples:
  dpr anchor exports/2026-q1 --out q1.proofs.json
  dpr verify exports/2026-q1/traffic/0001.csv --proof q1.proofs.json`,
    )
    .action(async (input: string, options: AnchorOptions, command: Command) => {
      const env = await commandEnv(command);
      const kind = await pathKind(input);
      const name = basename(resolve(input)).replace(/(\.manifest)?\.json$/, "");
      const proofsFile = options.out ?? `${name}.proofs.json`;
      const manifestFile = kind === "folder" ? (options.manifestOut ?? `${name}.manifest.json`) : null;
      const batch = kind === "folder" ? await buildBatchWithProgress(env, input, options.alg) : await batchOfManifestFile(input);
      // Written before sending: they are what makes the anchor useful, and a rerun rewrites the same bytes.
      const { toJson } = await import("../io/output.js");
      // The manifest exactly as hashed on chain (compact JSON, no newline), so keccak256 of the file is its manifestHash.
      if (manifestFile) await writeOnce(manifestFile, JSON.stringify(batch.manifest), options.force);
      await writeOnce(proofsFile, `${toJson(batch.proofs)}\n`, options.force);
      await writeAction(
        env,
        `anchoring ${batch.manifest.leafCount} files`,
        (sdk, context, onStatus) => sdk.anchorBatch(context, { batch, manifestURI: options.manifestUri, onStatus }),
        { proofsFile, manifestFile },
      );
    });
}
