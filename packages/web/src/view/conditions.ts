/**
 * Border conditions in plain words: what the chain lets a holder grant on a dataset (openness, rights,
 * where grantees may be, purposes, the longest term), what the dataset's document says of them, and what a
 * reader must do to use the data. The chain's conditions are the ones in force (the grant registry
 * enforces them); the document's are its holder's statement, shown where it is more precise (purpose
 * codes rather than classes) and named when it says something else.
 */
import { PURPOSES, PURPOSE_CLASSES, pickLanguage } from "@dpr/sdk";
import type { ChainConditions, DocumentConditions } from "../graphql.js";
import type { MessageKey } from "../i18n/index.js";
import { labelValue } from "./labels.js";
import { type Message, type Value, message, text } from "./values.js";

const DAY = 86_400;

export interface ConditionsView {
  /** The chain's openness, in words. */
  openness: Message;
  /** Rights, grantees' regions, purposes and term; none when nothing can be granted. */
  lines: Message[];
  /** Where the document's conditions are not the chain's (the chain's apply); null when they agree or there is no document. */
  differs: Message | null;
  /** The document's regulatory measures (its texts, to be shown as text). */
  measures: string[];
  /** The document's own instructions (its text), when it has them. */
  howToApply: string | null;
  /** What to do, generated from the conditions and the data (shown when the document gives no instructions). */
  steps: Message[];
}

export interface ConditionsInput {
  conditions: ChainConditions;
  /** The verified document's conditions, or null. */
  document: DocumentConditions | null;
  /** Whether the data holds personal data. */
  personal: boolean;
  /** The holder, as the page names it. */
  holder: Value;
  lang: string;
}

/** A grant's longest term in the largest whole unit: years, months (of 30 days) or days; a fraction of a day as a duration. */
export function termValue(seconds: number): Value {
  if (seconds % DAY !== 0) return { kind: "duration", seconds: BigInt(seconds) };
  const days = seconds / DAY;
  const [count, unit] = days % 365 === 0 ? [days / 365, "year"] : days % 30 === 0 ? [days / 30, "month"] : [days, "day"];
  return text(`cond.term.${unit}.${count === 1 ? "one" : "other"}` as MessageKey, { count });
}

/** A purpose code or class code of the zone's list with its label in `lang`; an unknown code as its number. */
export function purposeValue(code: number, lang: string): Value {
  const klass = code % 100 === 0 ? PURPOSE_CLASSES.find((c) => c.class === code) : undefined;
  if (klass) return text("cond.purposeClass", { label: { kind: "raw", text: pickLanguage(klass.label, lang) ?? klass.label.en }, code: { kind: "raw", text: `${code / 100}xx` } });
  const purpose = PURPOSES.find((p) => p.code === code);
  if (purpose) return text("cond.purposeCode", { label: { kind: "raw", text: pickLanguage(purpose.label, lang) ?? purpose.label.en }, code: { kind: "raw", text: String(code) } });
  return text("cond.purposeUnknown", { code: { kind: "raw", text: String(code) } });
}

const sameSet = <T>(a: readonly T[], b: readonly T[]) => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((x) => right.has(x));
};
const classOf = (code: number) => Math.floor(code / 100) * 100;
const grants = (openness: string) => openness === "open" || openness === "conditional";

/** What of the document's conditions the chain's differ in: openness, rights, regions, purposes, term. */
export function conditionDifferences(chain: ChainConditions, document: DocumentConditions): MessageKey[] {
  const found: MessageKey[] = [];
  if (chain.openness !== document.openness) found.push("cond.aspect.openness");
  // Nothing is granted either way: the rest does not matter.
  if (!grants(chain.openness) && !grants(document.openness)) return found;
  if (!sameSet(chain.rights, document.rights)) found.push("cond.aspect.rights");
  if (chain.granteeRegions !== document.granteeRegions) found.push("cond.aspect.regions");
  // The chain keeps purpose classes; a document's codes are enforced by their class.
  if (!sameSet(chain.purposeClasses, document.purposes.map(classOf))) found.push("cond.aspect.purposes");
  const chainTerm = chain.maxTermSeconds === null || chain.maxTermSeconds === "0" ? null : Number(chain.maxTermSeconds);
  const documentTerm = document.maxTermDays === null ? null : document.maxTermDays * DAY;
  if (chainTerm !== documentTerm) found.push("cond.aspect.term");
  return found;
}

/** The conditions of a catalogue entry in plain words, and what a reader must do to use the data. */
export function conditionsView(input: ConditionsInput): ConditionsView {
  const { conditions: chain, document, lang } = input;
  const openness = message(`cond.openness.${chain.openness}` as MessageKey);
  const known = ["undeclared", "open", "conditional", "not-open"].includes(chain.openness);
  const differences = document && chain.openness !== "undeclared" ? conditionDifferences(chain, document) : [];
  const lines: Message[] = [];
  if (grants(chain.openness)) {
    lines.push(message("cond.rights", { rights: { kind: "series", items: chain.rights.map((r) => labelValue("right", r)) } }));
    if (chain.granteeRegions) lines.push(message(`cond.region.${chain.granteeRegions}` as MessageKey));
    // The document's codes where they are what the chain enforces (their classes agree), else the chain's classes.
    const codes = document && !differences.includes("cond.aspect.purposes") ? document.purposes : chain.purposeClasses;
    lines.push(message("cond.purposes", { purposes: { kind: "series", items: codes.map((c) => purposeValue(c, lang)) } }));
    const term = chain.maxTermSeconds === null || chain.maxTermSeconds === "0" ? null : Number(chain.maxTermSeconds);
    lines.push(term === null ? message("cond.noTermLimit") : message("cond.term", { term: termValue(term) }));
  }
  let differs: Message | null = null;
  if (document && chain.openness === "undeclared") differs = message("cond.notOnChain");
  else if (differences.length > 0) differs = message("cond.differs", { what: { kind: "series", items: differences.map((key) => text(key)) } });

  const steps: Message[] = [];
  if (chain.openness === "not-open") steps.push(message("cond.step.none"));
  else {
    steps.push(message("cond.step.apply", { holder: input.holder }));
    if (chain.granteeRegions !== "same-region") steps.push(message("cond.step.crossBorder"));
    if (input.personal) steps.push(message("cond.step.personal"));
  }
  return {
    openness: known ? openness : message("cond.openness.unknown", { value: { kind: "raw", text: chain.openness } }),
    lines,
    differs,
    measures: document?.measures ?? [],
    howToApply: document?.howToApply?.trim() ? document.howToApply : null,
    steps,
  };
}
