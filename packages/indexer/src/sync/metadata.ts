/**
 * Metadata documents: a registration records only `metadataHash`, the SHA-256 of its metadata document's
 * bytes, and a `metadataURI` (which the catalogue's fetcher reads only under `--metadata-fetch-allow`: catalogue/
 * fetcher.ts). Given folders of documents (`--metadata-dir`),
 * the indexer reads every `*.json` file in them at start and keys it by the SHA-256 of its exact bytes; a
 * document is shown with a dataset only when that hash is the dataset's `metadataHash` on chain. A file
 * with the right name and other bytes (edited, re-saved, tampered with) is simply never attached: the
 * chain, not the file, is the authority.
 *
 * Documents are read once, at start (restart the indexer to add some). A file that cannot be a metadata
 * document — unreadable, over {@link MAX_METADATA_BYTES}, not UTF-8, not a JSON object — is passed over
 * with a warning naming it and why; a folder that cannot be read stops the start.
 */
import { createHash } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { ConfigError } from "../errors.js";

/** The largest metadata document read, in bytes (1 MiB): a catalogue record, not a data file. */
export const MAX_METADATA_BYTES = 1024 * 1024;

export interface MetadataDocument {
  /** SHA-256 of the document's bytes, lower-case 0x hex: the `metadataHash` of the datasets it describes. */
  sha256: string;
  /** The document as read (UTF-8; a byte-order mark kept), so that its UTF-8 bytes hash to `sha256`. */
  document: string;
  /** Where it was read. */
  path: string;
}

/** A file passed over, and why (as logged). */
export interface SkippedMetadataFile {
  path: string;
  reason: string;
}

export interface MetadataDocuments {
  /** The document whose bytes hash to `sha256` (0x hex, any case), or null. */
  get(sha256: string): MetadataDocument | null;
  /** Every document, once each (the catalogue stores them). */
  list(): readonly MetadataDocument[];
  readonly size: number;
  readonly skipped: readonly SkippedMetadataFile[];
}

/** No folders, no documents. */
export const noMetadataDocuments: MetadataDocuments = { get: () => null, list: () => [], size: 0, skipped: [] };

/** Documents already in memory (tests, and callers that read them elsewhere), keyed by their SHA-256. */
export function metadataDocumentsOf(documents: Iterable<Omit<MetadataDocument, "sha256">>): MetadataDocuments {
  const byHash = new Map<string, MetadataDocument>();
  for (const { document, path } of documents) {
    const sha256 = sha256Hex(Buffer.from(document, "utf8"));
    if (!byHash.has(sha256)) byHash.set(sha256, { sha256, document, path });
  }
  return { get: (sha256) => byHash.get(sha256.toLowerCase()) ?? null, list: () => [...byHash.values()], size: byHash.size, skipped: [] };
}

const sha256Hex = (bytes: Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Reads every `*.json` file of `dirs` (not their subfolders). Throws a {@link ConfigError} for a folder
 * that does not exist or cannot be read; passes over (and logs) each file that is not a metadata document.
 */
export async function loadMetadataDocuments(options: { dirs: readonly string[]; logger: Logger; maxBytes?: number }): Promise<MetadataDocuments> {
  const { dirs, logger } = options;
  const maxBytes = options.maxBytes ?? MAX_METADATA_BYTES;
  const documents: MetadataDocument[] = [];
  const skipped: SkippedMetadataFile[] = [];
  const skip = (path: string, reason: string) => {
    skipped.push({ path, reason });
    logger.warn({ path, reason }, "metadata file passed over");
  };

  for (const dir of dirs) {
    let entries: string[];
    try {
      entries = (await readdir(dir)).filter((name) => name.toLowerCase().endsWith(".json")).sort();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new ConfigError(
        `--metadata-dir (DPR_METADATA_DIRS): ${code === "ENOENT" ? `no folder at ${dir}` : code === "ENOTDIR" ? `${dir} is not a folder` : `cannot read ${dir}: ${code ?? String(error)}`}`,
      );
    }
    for (const name of entries) {
      const path = join(dir, name);
      let bytes: Buffer;
      try {
        const info = await stat(path);
        if (!info.isFile()) continue;
        if (info.size > maxBytes) {
          skip(path, `it has ${info.size} bytes; a metadata document may have at most ${maxBytes}`);
          continue;
        }
        bytes = await readFile(path);
      } catch (error) {
        skip(path, `cannot read it: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        continue;
      }
      // Grown since the size was checked.
      if (bytes.length > maxBytes) {
        skip(path, `it has ${bytes.length} bytes; a metadata document may have at most ${maxBytes}`);
        continue;
      }
      let document: string;
      try {
        document = utf8.decode(bytes);
      } catch {
        skip(path, "it is not UTF-8 text");
        continue;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(document.replace(/^\uFEFF/, ""));
      } catch (error) {
        skip(path, `it is not JSON: ${(error as Error).message}`);
        continue;
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        skip(path, "it is JSON but not an object");
        continue;
      }
      documents.push({ sha256: sha256Hex(bytes), document, path });
    }
  }

  const byHash = new Map<string, MetadataDocument>();
  for (const document of documents) if (!byHash.has(document.sha256)) byHash.set(document.sha256, document);
  if (dirs.length > 0) logger.info({ documents: byHash.size, skipped: skipped.length, dirs }, "metadata documents read");
  return { get: (sha256) => byHash.get(sha256.toLowerCase()) ?? null, list: () => [...byHash.values()], size: byHash.size, skipped };
}
