/**
 * The catalogue's documents in the store: `metadata_documents` (migration 0005), keyed by the SHA-256 of each
 * document's exact bytes. A document is written once (the key is its content; the first source that gave it
 * is kept) and read by the GraphQL API, the DCAT export and the fetcher, in every process of a deployment.
 *
 * What the catalogue filters and shows is taken from the document here, once, when it is a valid
 * `dpr-metadata/1` document (`parseMetadataDocument`, the SDK's one reader of the format); a document that is
 * not is kept all the same (its bytes are what the chain registered), with its problems, its title and
 * description where it has them (the loose reading older documents get), and search terms from those.
 */
import { createHash } from "node:crypto";
import type { DprMetadataDocument } from "@dpr/sdk";
import { parseMetadataDocument } from "@dpr/sdk/node";
import type { Queryable } from "../store/db.js";
import type { MetadataDocuments } from "../sync/metadata.js";
import { documentTerms } from "./terms.js";

export type DocumentSource = "folder" | "uri";

/** SHA-256 of bytes, lower-case 0x hex (how the chain records `metadataHash`). */
export const sha256Hex = (bytes: Uint8Array): string => `0x${createHash("sha256").update(bytes).digest("hex")}`;

type LanguageMap = Record<string, string>;

/** The document's top-level object, whatever its format, or null. */
function looseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ""));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A text or a language map, as a language map (`und` for an untagged text); null for anything else. */
function languageMap(value: unknown): LanguageMap | null {
  if (typeof value === "string") return { und: value };
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return entries.length > 0 ? Object.fromEntries(entries) : null;
}

/** The row written for a document: its text and the columns the catalogue reads. */
export interface DocumentRow {
  sha256: string;
  document: string;
  valid: boolean;
  problems: string | null;
  parsed: DprMetadataDocument | null;
  columns: Record<string, unknown>;
  terms: string[];
  titleTerms: string[];
}

/** Reads a document's text into the row the catalogue stores (nothing is refused: the chain decides what is attached). */
export function documentRow(document: string): DocumentRow {
  const sha256 = sha256Hex(Buffer.from(document, "utf8"));
  const result = parseMetadataDocument(document);
  const parsed = result.document;
  const loose = looseObject(document);
  const title = parsed ? { ...parsed.title } : languageMap(loose?.title);
  const description = parsed ? { ...parsed.description } : languageMap(loose?.description);
  const keywords = parsed?.keywords ?? null;
  const keywordTexts = keywords ? Object.values(keywords).flat() : [];
  const titleTexts = Object.values(title ?? {});
  const conditions = parsed?.borderConditions;
  return {
    sha256,
    document,
    valid: parsed !== null,
    problems: parsed ? null : result.problems.map((p) => p.message).join("; ").slice(0, 2000),
    parsed,
    columns: {
      identifier: parsed?.identifier ?? null,
      title: title ?? null,
      description: description ?? null,
      keywords,
      sector: parsed?.sector ?? null,
      category: parsed?.category ?? null,
      grade: parsed?.grade ?? null,
      jurisdiction: parsed?.jurisdiction ?? null,
      publisher: parsed?.publisher.name ?? null,
      licence: parsed?.licence.title ?? null,
      update_frequency: parsed?.updateFrequency ?? null,
      temporal_start: parsed?.temporalCoverage?.start ?? null,
      temporal_end: parsed?.temporalCoverage?.end ?? null,
      openness: conditions?.openness ?? null,
      rights: conditions ? [...conditions.rights] : null,
      grantee_regions: conditions?.granteeRegions ?? null,
      purposes: conditions ? [...conditions.purposes] : null,
      max_term_days: conditions?.maxTermDays ?? null,
    },
    terms: cappedTerms([documentTerms(titleTexts), documentTerms(keywordTexts), documentTerms(Object.values(description ?? {}))]),
    titleTerms: documentTerms(titleTexts).slice(0, MAX_DOCUMENT_TERMS),
  };
}

/**
 * The most terms a document is searched by. A registrant writes the document: a megabyte of distinct long words
 * would otherwise make a million terms (every prefix of every word) for one row of the index. Titles' terms come
 * first, then keywords', then descriptions', so a long description loses only its own tail.
 */
export const MAX_DOCUMENT_TERMS = 20_000;

function cappedTerms(groups: readonly string[][]): string[] {
  const terms = new Set<string>();
  for (const group of groups) {
    for (const term of group) {
      if (terms.size >= MAX_DOCUMENT_TERMS) return [...terms].sort();
      terms.add(term);
    }
  }
  return [...terms].sort();
}

const JSON_COLUMNS = new Set(["title", "description", "keywords", "publisher", "licence"]);

/**
 * Writes a document (its SHA-256 is computed here, from its UTF-8 bytes); one already known is left as it
 * is. Clears what fetching recorded for the same hash: the document is now known.
 */
export async function storeDocument(db: Queryable, document: string, source: DocumentSource, location: string, now: number): Promise<string> {
  const row = documentRow(document);
  const names = Object.keys(row.columns);
  const values = names.map((name) => {
    const value = row.columns[name];
    return JSON_COLUMNS.has(name) && value !== null ? JSON.stringify(value) : value;
  });
  const base = ["sha256", "document", "source", "location", "loaded_at", "valid", "problems", "terms", "title_terms"];
  const casts = names.map((name) =>
    JSON_COLUMNS.has(name) ? "jsonb" : name === "rights" ? "text[]" : name === "purposes" ? "int4[]" : name === "max_term_days" ? "int4" : "text",
  );
  const placeholders = [
    "$1::text",
    "$2::text",
    "$3::text",
    "$4::text",
    "$5::int8",
    "$6::bool",
    "$7::text",
    "$8::text[]",
    "$9::text[]",
    ...casts.map((cast, i) => `$${i + 10}::${cast}`),
  ];
  await db.query(
    `insert into metadata_documents (${[...base, ...names].join(", ")}) values (${placeholders.join(", ")}) on conflict (sha256) do nothing`,
    [row.sha256, document, source, location, now, row.valid, row.problems, row.terms, row.titleTerms, ...values],
  );
  await db.query("delete from metadata_fetches where metadata_hash = $1", [row.sha256]);
  return row.sha256;
}

/** Writes the documents read from the `--metadata-dir` folders at start. */
export async function storeFolderDocuments(db: Queryable, documents: MetadataDocuments, now: number): Promise<number> {
  let written = 0;
  for (const document of documents.list()) {
    await storeDocument(db, document.document, "folder", document.path, now);
    written++;
  }
  return written;
}
