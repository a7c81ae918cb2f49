/**
 * Words from a dataset's metadata document: the JSON document whose SHA-256 a registration records as
 * `metadataHash` (`dpr register --metadata`). Until the catalogue brings a fixed format, a document's
 * `title` and `description` are read where they are text, or texts by language tag
 * (`{ "en": "…", "zh": "…" }`).
 *
 * These functions only read the text they are given: whether it is the document the chain names is the
 * caller's check (hash its UTF-8 bytes with SHA-256 and compare with `metadataHash`).
 */
import { pickLanguage } from "../languages.js";

// Bidirectional controls can make a text display as another; other control characters (C0, DEL, C1)
// and the line and paragraph separators have no place in a title.
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const CONTROL_OR_SPACE = /[\p{Cc}\u2028\u2029\s]+/gu;
const CONTROL_BUT_NEWLINE = /[\p{Cc}\u2028\u2029]/gu;

/** The document's top-level object, or null when `document` is not JSON of an object. */
function parsed(document: string | null | undefined): Record<string, unknown> | null {
  if (typeof document !== "string") return null;
  try {
    // A byte-order mark belongs to the hashed bytes but not to the JSON.
    const value: unknown = JSON.parse(document.replace(/^\uFEFF/, ""));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A field that is text, or texts by language tag, picked for `lang` as {@link pickLanguage} does. */
function fieldIn(value: unknown, lang: string): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return pickLanguage(value as Record<string, unknown>, lang);
  return null;
}

/**
 * A metadata document's title in the reader's language: `title` as text, or from texts by language tag
 * the one for `lang`, else the same language in any region, else English, else the first. One line
 * (control characters and runs of white space become one space, bidirectional controls go); null when
 * the document is not a JSON object or has no title.
 *
 * @example
 * metadataTitle('{"title":{"zh":"2025年1月地铁线网客流","en":"Metro ridership by line, January 2025"}}', "zh-CN")
 * // "2025年1月地铁线网客流"
 */
export function metadataTitle(document: string | null | undefined, lang: string): string | null {
  const title = fieldIn(parsed(document)?.title, lang);
  if (title === null) return null;
  return title.replace(BIDI, "").replace(CONTROL_OR_SPACE, " ").trim() || null;
}

/**
 * A metadata document's description in the reader's language, picked as {@link metadataTitle} picks the
 * title. Line breaks stay (as `\n`); other control characters and bidirectional controls go. Null when
 * there is none.
 *
 * @example
 * metadataDescription('{"description":"Average daily boardings by line."}', "en") // "Average daily boardings by line."
 */
export function metadataDescription(document: string | null | undefined, lang: string): string | null {
  const description = fieldIn(parsed(document)?.description, lang);
  if (description === null) return null;
  return (
    description
      .replace(/\r\n?/g, "\n")
      .replace(BIDI, "")
      .replace(CONTROL_BUT_NEWLINE, (char) => (char === "\n" ? "\n" : " "))
      .trim() || null
  );
}
