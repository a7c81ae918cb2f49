/**
 * The zone's purpose codes: what a grant's `purposeCode` (uint16) means, in English and Chinese. The list
 * is one file, `purposes.json` (format `dpr-purposes/1`), read by the CLI, the indexer and the page alike.
 * Codes come in classes of a hundred (1xx public administration and services, 2xx research and
 * statistics, 3xx commercial products and services, 4xx compliance, security and audit).
 *
 * The chain records only the code and the SHA-256 of the purpose statement: a code missing from this
 * list is still a valid grant, shown by its number.
 */
import { pickLanguage } from "../languages.js";
// A JSON module (import attributes), so Node, vitest and Vite all read the one file as it is.
import list from "./purposes.json" with { type: "json" };

/** A label in each of the zone's languages. */
export type PurposeLabels = {
  en: string;
  "zh-CN": string;
};

/** One code of the zone's list. */
export interface Purpose {
  code: number;
  /** The class: the code's hundred (201 → 200). */
  class: number;
  label: PurposeLabels;
}

/** One class of codes: every code from `class` to `class + 99`. */
export interface PurposeClass {
  class: number;
  label: PurposeLabels;
}

/** The format tag of `purposes.json`. */
export const purposesFormat = "dpr-purposes/1";

/** The hundred a code belongs to: `purposeClassOf(201)` is 200. */
const hundredOf = (code: number) => Math.floor(code / 100) * 100;

/** Checks the list once, at load: a malformed list fails every reader at start, not one label at a time. */
function checked(data: unknown): { classes: readonly PurposeClass[]; purposes: readonly Purpose[] } {
  const fail = (why: string): never => {
    throw new Error(`purposes.json: ${why}`);
  };
  const labelOf = (value: unknown, where: string): PurposeLabels => {
    const label = value as Partial<PurposeLabels> | null;
    if (typeof label?.en !== "string" || typeof label["zh-CN"] !== "string" || !label.en.trim() || !label["zh-CN"].trim()) {
      fail(`${where} needs a label in "en" and "zh-CN"`);
    }
    return { en: label!.en!, "zh-CN": label!["zh-CN"]! };
  };
  const file = data as { format?: unknown; classes?: unknown; purposes?: unknown };
  if (file?.format !== purposesFormat) fail(`format must be "${purposesFormat}"`);
  if (!Array.isArray(file.classes) || !Array.isArray(file.purposes)) fail("needs the lists classes and purposes");
  const classes = (file.classes as { class?: unknown; label?: unknown }[]).map((entry) => {
    const code = entry.class;
    if (typeof code !== "number" || !Number.isInteger(code) || code < 0 || code > 0xffff || code % 100 !== 0) fail(`class ${String(code)} is not a hundred`);
    return { class: code as number, label: labelOf(entry.label, `class ${String(code)}`) };
  });
  const known = new Set<number>();
  const purposes = (file.purposes as { code?: unknown; label?: unknown }[]).map((entry) => {
    const code = entry.code;
    if (typeof code !== "number" || !Number.isInteger(code) || code < 0 || code > 0xffff) fail(`code ${String(code)} is not a uint16`);
    if (known.has(code as number)) fail(`code ${String(code)} is listed twice`);
    known.add(code as number);
    if (!classes.some((c) => c.class === hundredOf(code as number))) fail(`code ${String(code)} has no class`);
    return { code: code as number, class: hundredOf(code as number), label: labelOf(entry.label, `code ${String(code)}`) };
  });
  return { classes, purposes };
}

const zoneList = checked(list);
const byCode = new Map(zoneList.purposes.map((purpose) => [purpose.code, purpose]));

/** Every code of the zone's list, in code order. */
export const PURPOSES: readonly Purpose[] = [...zoneList.purposes].sort((a, b) => a.code - b.code);

/** The classes of the zone's list, in order. */
export const PURPOSE_CLASSES: readonly PurposeClass[] = [...zoneList.classes].sort((a, b) => a.class - b.class);

/**
 * A purpose code's label in the reader's language (`zh-HK` finds the Chinese, any other language the
 * English), or null when the zone's list has no such code.
 *
 * @example
 * purposeLabel(201, "en") // "Academic research"
 * purposeLabel(201, "zh-CN") // "学术研究"
 * purposeLabel(999, "en") // null
 */
export function purposeLabel(code: number | bigint, lang: string): string | null {
  const purpose = byCode.get(Number(code));
  return purpose ? pickLanguage(purpose.label, lang) : null;
}

/**
 * The class a purpose code falls in (its hundred), when the zone's list has that class — also for a
 * code the list does not name — or null.
 *
 * @example
 * purposeClassOf(201) // { class: 200, label: { en: "Research and statistics", "zh-CN": "科学研究与统计" } }
 * purposeClassOf(9_999) // null
 */
export function purposeClassOf(code: number | bigint): PurposeClass | null {
  const value = Number(code);
  if (!Number.isInteger(value) || value < 0) return null;
  return PURPOSE_CLASSES.find((c) => c.class === hundredOf(value)) ?? null;
}
