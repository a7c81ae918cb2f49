/**
 * Datasets' titles, from their metadata documents. The chain records only the SHA-256 of a dataset's
 * metadata document (`metadataHash`); the indexer serves the document whose bytes have that hash, when it
 * has it. The page shows a title as the chain's only when it has hashed the document itself and found
 * the chain's hash; a title the page could not check is the indexer's word (the SDK's `metadataTitle`,
 * unchecked).
 */
import { metadataTitle } from "@dpr/sdk";
import { type Hex, sha256, stringToBytes } from "viem";

export interface VerifiedTitle {
  /**
   * The title to show: null when there is no document, it has no title, or it is not the document the
   * chain names (which is never shown).
   */
  title: string | null;
  /** The document's SHA-256 (of its UTF-8 bytes) is the chain's `metadataHash`. */
  verified: boolean;
  /** A document came, and it is not the one the chain names: the indexer's answer is wrong (a warning). */
  mismatch: boolean;
}

/**
 * A dataset's title, checked against the chain: the SHA-256 of the document's UTF-8 bytes must be the
 * `metadataHash` the chain records. Without a chain hash (`null`: not read), the title comes unverified,
 * to be labelled as the indexer's.
 *
 * @example
 * verifiedTitle(document, record.metadataHash, "en") // { title: "Metro ridership by line, January 2025", verified: true, mismatch: false }
 */
export function verifiedTitle(document: string | null | undefined, chainMetadataHash: Hex | string | null | undefined, lang = "en"): VerifiedTitle {
  if (typeof document !== "string") return { title: null, verified: false, mismatch: false };
  if (chainMetadataHash === null || chainMetadataHash === undefined) return { title: metadataTitle(document, lang), verified: false, mismatch: false };
  if (sha256(stringToBytes(document)) !== chainMetadataHash.toLowerCase()) return { title: null, verified: false, mismatch: true };
  return { title: metadataTitle(document, lang), verified: true, mismatch: false };
}

/** What the page knows of the datasets it mentions: each one's metadata document (null: none known), by lower-case id. */
export type DatasetDocuments = ReadonlyMap<string, string | null>;

/**
 * The datasets a verdict and its details mention besides the one shown (its previous and next
 * version, its parents, the ids its trail and lineage name), lower case, each once: the ones whose
 * titles the page looks up.
 */
export function mentionedDatasets(parts: {
  result?: { versionOf?: string | null; supersededBy?: string | null; parents?: readonly { datasetId: string }[] } | null | undefined;
  events?: readonly { args: Record<string, unknown> }[] | undefined;
  lineage?: { up: { edges: { items: readonly { edge: { parent: { id: string }; child: { id: string } } }[] } }; down: { edges: { items: readonly { edge: { parent: { id: string }; child: { id: string } } }[] } } } | null | undefined;
}): string[] {
  const found = new Set<string>();
  const add = (id: unknown) => {
    if (typeof id === "string" && /^0x[0-9a-fA-F]{64}$/.test(id)) found.add(id.toLowerCase());
  };
  add(parts.result?.versionOf);
  add(parts.result?.supersededBy);
  for (const p of parts.result?.parents ?? []) add(p.datasetId);
  // The timeline's sentences name datasets by these arguments (view/timeline.ts).
  for (const e of parts.events ?? []) for (const key of ["datasetId", "parentId", "previousId", "versionOf"]) add(e.args[key]);
  for (const side of [parts.lineage?.up, parts.lineage?.down]) for (const { edge } of side?.edges.items ?? []) [edge.parent.id, edge.child.id].forEach(add);
  return [...found];
}

/**
 * Titles of mentioned datasets in `lang`, from the documents the indexer served (its word, as in the
 * recent list): each document is parsed once per language.
 */
export function createTitleLookup(documents: DatasetDocuments, lang: string): (id: string) => string | null {
  const cache = new Map<string, string | null>();
  return (id) => {
    const key = id.toLowerCase();
    if (!cache.has(key)) cache.set(key, metadataTitle(documents.get(key) ?? null, lang));
    return cache.get(key) ?? null;
  };
}
