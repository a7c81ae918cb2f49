/**
 * Search terms for the catalogue, the same on PGlite and PostgreSQL: plain `text[]` values compared with
 * `@>` (GIN-indexed), so no full-text configuration, extension or segmenter is needed on either store.
 *
 * A text is normalised (NFKC, lower case, accents folded: "Café" and "cafe" are one word), then cut into runs:
 * - letters of alphabetic scripts (Latin, Cyrillic, Greek…) and digits make words; an entry's terms are each
 *   word and each of its prefixes of 3 characters or more, so the query "outpat" finds "outpatient";
 * - Han, Hiragana, Katakana and Hangul make runs of characters; an entry's terms are each character and each
 *   adjacent pair (bigram), so "门诊" finds "门诊就诊" and "门诊就诊" finds it too, without a dictionary.
 *
 * A query is cut the same way and an entry matches when it has ALL the query's terms. The query keeps only
 * the terms that decide (a word itself, not its prefixes; a run's bigrams, or its one character): an entry
 * with a word has all its prefixes, and one with a bigram has both its characters, so the shorter list
 * matches exactly the same entries. Words shorter than 3 characters match only whole words ("q1", "gz").
 */

/** Terms longer than this are cut (a run of 500 digits is no word anyone searches for). */
const MAX_WORD = 64;
/** A query of more terms than this is refused (it could not be typed, only generated). */
export const MAX_QUERY_TERMS = 64;

// Scripts searched by character (no spaces between words); everything else that is a letter, a digit or a
// combining mark belongs to a word.
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc]+|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc])[\p{L}\p{N}])+/gu;

/** NFKC, lower case, accents folded (NFKD, combining marks dropped, NFKC again). */
export function normalise(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").normalize("NFKC").toLowerCase();
}

function runs(text: string): string[] {
  return normalise(text).match(RUN) ?? [];
}

/** The terms an entry is found by, for each text given (titles, descriptions, keywords in every language). */
export function documentTerms(texts: Iterable<string>): string[] {
  const terms = new Set<string>();
  for (const text of texts) {
    for (const run of runs(text)) {
      const chars = [...run];
      if (CJK.test(chars[0]!)) {
        for (let i = 0; i < chars.length; i++) {
          terms.add(chars[i]!);
          if (i + 1 < chars.length) terms.add(chars[i]! + chars[i + 1]!);
        }
      } else {
        const word = chars.slice(0, MAX_WORD);
        terms.add(word.join(""));
        for (let end = 3; end < word.length; end++) terms.add(word.slice(0, end).join(""));
      }
    }
  }
  return [...terms].sort();
}

/** The terms an entry must all have to match `query` (empty when the query has no letter or digit). */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const run of runs(query)) {
    const chars = [...run];
    if (CJK.test(chars[0]!)) {
      if (chars.length === 1) terms.add(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) terms.add(chars[i]! + chars[i + 1]!);
    } else {
      terms.add(chars.slice(0, MAX_WORD).join(""));
    }
  }
  return [...terms].sort();
}
