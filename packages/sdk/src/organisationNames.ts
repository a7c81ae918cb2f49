/**
 * Organisation names as the zone admin attests them in the participant directory (`attestName`): plain
 * text, or a compact JSON object of names by BCP-47 language tag, one line, at most 256 bytes of UTF-8.
 *
 * The attested name is the zone's word. The name in a participant's profile (its metadata URI) is
 * self-declared: the participant can change it at any time, so readers show it as such, if at all.
 */
import { InvalidArgumentError } from "./errors/base.js";
import { pickLanguage } from "./languages.js";

/** The most bytes of UTF-8 an attested name may take on chain. */
export const MAX_ORGANISATION_NAME_BYTES = 256;

/** A name in one language, or names by BCP-47 language tag (`{ en: "…", "zh-CN": "…" }`). */
export type OrganisationNameInput = string | Readonly<Record<string, string>>;

// Control characters (C0, DEL, C1) and the line and paragraph separators break a name onto lines;
// bidirectional controls can make a name display as another. Lone surrogates are not text.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

function checkedText(value: unknown, what: string): string {
  if (typeof value !== "string") {
    throw new InvalidArgumentError(`${what} is not text: ${JSON.stringify(value) ?? String(value)}`);
  }
  const text = value.normalize("NFC").trim();
  if (text === "") throw new InvalidArgumentError(`${what} is empty`);
  const bad = CONTROL.exec(text) ?? BIDI.exec(text) ?? LONE_SURROGATE.exec(text);
  if (bad) {
    throw new InvalidArgumentError(`${what} contains the control character ${codePoint(bad[0])}`, {
      hint: "an organisation's name is one line of printable text",
    });
  }
  return text;
}

function languageTag(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // Reported below.
  }
  throw new InvalidArgumentError(`${JSON.stringify(tag)} is not a BCP-47 language tag`, { hint: "use tags such as en, zh-CN, zh-HK" });
}

/**
 * The text to attest for an organisation's name: the plain name, trimmed, or the names by language as
 * compact JSON with canonical language tags. Refuses (with an {@link InvalidArgumentError}) an empty
 * name, a control or bidirectional-control character, a bad language tag, two names for one tag, a plain
 * name starting with `{` (the mark of the JSON form), and more than {@link MAX_ORGANISATION_NAME_BYTES}
 * bytes, which the directory would refuse.
 *
 * @example
 * encodeOrganisationName({ en: "Suicheng Municipal Health Commission", "zh-cn": "穗城市卫生健康委员会" })
 * // '{"en":"Suicheng Municipal Health Commission","zh-CN":"穗城市卫生健康委员会"}'
 * encodeOrganisationName(" Suicheng Data Exchange ") // "Suicheng Data Exchange"
 */
export function encodeOrganisationName(names: OrganisationNameInput): string {
  let text: string;
  if (typeof names === "string") {
    text = checkedText(names, "the organisation's name");
    if (text.startsWith("{")) {
      throw new InvalidArgumentError('a plain organisation name cannot start with "{", which marks names by language', {
        hint: "give the names by language as an object instead",
      });
    }
  } else {
    if (typeof names !== "object" || names === null || Array.isArray(names)) {
      throw new InvalidArgumentError("the organisation's names are neither text nor an object of names by language tag");
    }
    const byTag: Record<string, string> = {};
    for (const [tag, name] of Object.entries(names)) {
      const canonical = languageTag(tag);
      if (Object.hasOwn(byTag, canonical)) {
        throw new InvalidArgumentError(`two names are given for the language ${canonical}`);
      }
      byTag[canonical] = checkedText(name, `the organisation's name in ${canonical}`);
    }
    if (Object.keys(byTag).length === 0) {
      throw new InvalidArgumentError("no name is given for the organisation", { hint: 'give at least one, e.g. { en: "…" }' });
    }
    text = JSON.stringify(byTag);
  }
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_ORGANISATION_NAME_BYTES) {
    throw new InvalidArgumentError(`the organisation's name takes ${bytes} bytes; at most ${MAX_ORGANISATION_NAME_BYTES} fit in the directory`, {
      hint: "shorten it (in UTF-8 a Chinese character takes 3 bytes; names by language count their tags and quotes too)",
    });
  }
  return text;
}

/** One line: control characters and runs of white space become one space, bidirectional controls go. */
function oneLine(text: string): string {
  return text
    .replace(new RegExp(BIDI.source, "gu"), "")
    .replace(new RegExp(`(?:${CONTROL.source}|\\s)+`, "gu"), " ")
    .trim();
}

/** The names of a JSON object of names by tag, cleaned, empty ones left out; null when `text` is not one. */
function namesByTag(text: string): [string, string][] | null {
  if (!text.trimStart().startsWith("{")) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  return Object.entries(parsed)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .map(([tag, name]): [string, string] => [tag, oneLine(name)])
    .filter(([, name]) => name !== "");
}

/**
 * An attested organisation name to show in the reader's language: plain text as it is; from names by
 * language, the one for `lang`, else one of the same language in any region (`zh-HK` finds `zh-CN`), else
 * English, else the first. Always one line (control characters collapse to a space, bidirectional
 * controls are dropped); null when there is no name.
 *
 * @example
 * organisationNameIn('{"en":"Suicheng Data Exchange","zh-CN":"穗城数据交易所"}', "zh-HK") // "穗城数据交易所"
 * organisationNameIn("Suicheng Data Exchange", "zh-CN") // "Suicheng Data Exchange"
 * organisationNameIn("", "en") // null
 */
export function organisationNameIn(text: string | null | undefined, lang: string): string | null {
  if (typeof text !== "string") return null;
  const names = namesByTag(text);
  if (names === null) return oneLine(text) || null;
  return pickLanguage(Object.fromEntries(names), lang);
}

/** The bytes of a `data:` URI's body as text, or null when it is not a `data:` URI of JSON. */
function dataUriJson(uri: string): unknown {
  const match = /^data:([^,]*),(.*)$/is.exec(uri.trim());
  if (!match) return null;
  const header = match[1]!.toLowerCase().split(";").map((part) => part.trim());
  const mediaType = header[0] ?? "";
  if (!/^application\/(?:[\w.-]+\+)?json$/.test(mediaType)) return null;
  try {
    const body = match[2]!;
    const text = header.includes("base64")
      ? new TextDecoder().decode(Uint8Array.from(atob(decodeURIComponent(body)), (c) => c.charCodeAt(0)))
      : decodeURIComponent(body);
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * The self-declared name in a participant's profile, when the profile is a `data:` URI of JSON with a
 * `name` (text, or names by language tag) — what `dpr participant add --name` records. Picked for `lang`
 * and cleaned as {@link organisationNameIn} does. Null for any other URI: a profile published elsewhere
 * is not fetched here. This name is the participant's own word: show it as self-declared, never in place
 * of the attested one.
 *
 * @example
 * declaredNameIn('data:application/json,{"name":"Suicheng Clinic"}', "en") // "Suicheng Clinic"
 * declaredNameIn("https://example.org/clinic.json", "en") // null
 */
export function declaredNameIn(metadataURI: string | null | undefined, lang: string): string | null {
  if (typeof metadataURI !== "string") return null;
  const profile = dataUriJson(metadataURI);
  if (typeof profile !== "object" || profile === null || Array.isArray(profile)) return null;
  const name = (profile as { name?: unknown }).name;
  if (typeof name === "string") {
    // A profile's plain name stays plain, whatever its first character.
    return name.trimStart().startsWith("{") ? oneLine(name) || null : organisationNameIn(name, lang);
  }
  if (typeof name === "object" && name !== null && !Array.isArray(name)) return organisationNameIn(JSON.stringify(name), lang);
  return null;
}
