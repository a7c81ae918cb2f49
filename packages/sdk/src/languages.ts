/**
 * Picking one text from texts by language tag, the same way everywhere the registry shows words in the
 * reader's language (purpose labels, metadata titles).
 */

/** A tag's language, without region or script: `zh-HK` → `zh`. */
const primary = (tag: string) => tag.toLowerCase().split(/[-_]/)[0];

/**
 * The text for `lang` from texts by language tag: the one with that tag (any case), else one of the same
 * language in any region (`zh-HK` finds `zh-CN` or `zh`), else English, else the first. Values that are
 * not text, or blank, are passed over. Null when none is left.
 *
 * @example
 * pickLanguage({ en: "Metro ridership", zh: "地铁客流" }, "zh-CN") // "地铁客流"
 * pickLanguage({ en: "Metro ridership", zh: "地铁客流" }, "fr") // "Metro ridership"
 */
export function pickLanguage(texts: Readonly<Record<string, unknown>>, lang: string): string | null {
  const entries = Object.entries(texts).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trim() !== "");
  const wanted = lang.toLowerCase();
  const pick =
    entries.find(([tag]) => tag.toLowerCase() === wanted) ??
    entries.find(([tag]) => primary(tag) === primary(wanted)) ??
    entries.find(([tag]) => primary(tag) === "en") ??
    entries[0];
  return pick?.[1] ?? null;
}
