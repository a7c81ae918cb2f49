/**
 * English and Simplified Chinese. Messages are templates with `{name}` placeholders; the dictionaries
 * hold every string the page shows (data such as hashes, addresses and names is shown as it is and
 * marked `translate="no"`). Times and numbers are formatted in the reader's language.
 */
import { en } from "./en.js";
import { zhCN } from "./zh-CN.js";

export type MessageKey = keyof typeof en;
export type Lang = "en" | "zh-CN";
export type Dictionary = Readonly<Record<MessageKey, string>>;

export const languages: readonly Lang[] = ["en", "zh-CN"];
export const dictionaries: Readonly<Record<Lang, Dictionary>> = { en, "zh-CN": zhCN };

/** The localStorage key of the chosen language. */
export const LANG_KEY = "dpr.verifier.lang";

/** Whether `key` is a message of the dictionaries. */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/** A template split into text and placeholders. */
export type TemplatePart = { text: string } | { param: string };

export function splitTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  const pattern = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
  let last = 0;
  for (let match = pattern.exec(template); match; match = pattern.exec(template)) {
    if (match.index > last) parts.push({ text: template.slice(last, match.index) });
    parts.push({ param: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ text: template.slice(last) });
  return parts;
}

/** The placeholder names of a template, sorted and each once. */
export function placeholders(template: string): string[] {
  return [...new Set(splitTemplate(template).flatMap((p) => ("param" in p ? [p.param] : [])))].sort();
}

/**
 * The language to show: the stored choice, else the first of the browser's preferred languages we
 * have (any `zh` variant reads Simplified Chinese), else English.
 */
export function detectLanguage(stored: string | null, preferred: readonly string[]): Lang {
  if (stored === "en" || stored === "zh-CN") return stored;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh-CN";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

export interface Formatters {
  /** A block time (unix seconds) as a date and time in the reader's locale and time zone. */
  time(seconds: bigint | number): string;
  number(value: number | bigint): string;
  /** The literal text around and between `count` items of a list in the reader's language ("A, B and C"). */
  series(count: number): { before: string; between: string[]; after: string };
  /** A length of time in its two largest units ("3 days", "1 minute 40 seconds"; "3天", "1分钟40秒"). */
  duration(seconds: bigint | number): string;
}

/** Locale-aware formatting of times and numbers. `timeZone` is for tests; pages use the reader's. */
export function createFormatters(lang: Lang, timeZone?: string): Formatters {
  const dates = new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium", ...(timeZone ? { timeZone } : {}) });
  const numbers = new Intl.NumberFormat(lang);
  const units = (["day", "hour", "minute", "second"] as const).map((unit) => ({
    unit,
    seconds: { day: 86_400, hour: 3_600, minute: 60, second: 1 }[unit],
    format: new Intl.NumberFormat(lang, { style: "unit", unit, unitDisplay: lang === "en" ? "long" : "short" }),
  }));
  const duration = (total: bigint | number): string => {
    const left = Math.max(0, Math.round(Number(total)));
    // The largest unit, and the next one when it is not zero: "3 days 4 hours", "1 minute 40 seconds", "45 seconds".
    const first = units.findIndex((u) => left >= u.seconds);
    if (first < 0) return units[3]!.format.format(0);
    const major = units[first]!;
    const count = Math.floor(left / major.seconds);
    const minor = units[first + 1];
    const rest = minor ? Math.floor((left - count * major.seconds) / minor.seconds) : 0;
    const parts = [major.format.format(count), ...(minor && rest > 0 ? [minor.format.format(rest)] : [])];
    return parts.join(lang === "en" ? " " : "");
  };
  const lists = new Intl.ListFormat(lang, { style: "long", type: "conjunction" });
  const series = (count: number) => {
    const parts = lists.formatToParts(Array.from({ length: count }, (_, i) => `\u0000${i}`));
    const literals: string[] = [];
    let current = "";
    for (const part of parts) {
      if (part.type === "element") {
        literals.push(current);
        current = "";
      } else current += part.value;
    }
    literals.push(current);
    return { before: literals[0] ?? "", between: literals.slice(1, -1), after: literals[literals.length - 1] ?? "" };
  };
  return {
    time: (seconds) => dates.format(new Date(Number(seconds) * 1000)),
    number: (value) => numbers.format(value),
    duration,
    series,
  };
}
