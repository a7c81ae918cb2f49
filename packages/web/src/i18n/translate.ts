/**
 * Messages and view values as plain text, in one language: for attributes (labels, titles) and
 * for tests. The DOM layer (ui/text.ts) renders the same messages as nodes, marking data untranslated.
 */
import { labelValue } from "../view/labels.js";
import { removedNote } from "../view/participants.js";
import type { Message, Param, Value } from "../view/values.js";
import { type Formatters, type Lang, type MessageKey, createFormatters, dictionaries, splitTemplate } from "./index.js";

export interface Translator {
  readonly lang: Lang;
  readonly format: Formatters;
  /** A message's template, placeholders unfilled. */
  template(key: MessageKey): string;
  /** A message with its parameters filled in. */
  t(key: MessageKey, params?: Record<string, Param>): string;
  message(message: Message): string;
  value(value: Value): string;
}

export function createTranslator(lang: Lang, options: { timeZone?: string } = {}): Translator {
  const dictionary = dictionaries[lang];
  const format = createFormatters(lang, options.timeZone);
  const param = (p: Param): string => (typeof p === "object" ? value(p) : String(p));
  const t = (key: MessageKey, params: Record<string, Param> = {}): string =>
    splitTemplate(dictionary[key])
      .map((part) => ("text" in part ? part.text : params[part.param] === undefined ? `{${part.param}}` : param(params[part.param]!)))
      .join("");
  const value = (v: Value): string => {
    switch (v.kind) {
      case "text":
        return t(v.message.key, v.message.params);
      case "hash":
      case "uri":
        return v.value;
      case "dataset":
        return v.id;
      case "participant": {
        const { name, jurisdiction, address } = v.participant;
        const removed = removedNote(v.participant);
        const named = name ? `${name}${t("look.paren.open")}${jurisdiction ? value(labelValue("jurisdiction", jurisdiction)) : address}${t("look.paren.close")}` : address;
        return removed ? named + t(removed.key, removed.params) : named;
      }
      case "time":
        return v.block === undefined ? format.time(v.seconds) : t("value.atBlock", { time: { kind: "raw", text: format.time(v.seconds) }, block: v.block });
      case "block":
        return v.number.toString();
      case "duration":
        return format.duration(v.seconds);
      case "number":
        return format.number(v.value);
      case "raw":
      case "code":
        return v.text;
      case "list":
        return v.items.map(value).join(", ");
      case "series": {
        const { before, between, after } = format.series(v.items.length);
        return before + v.items.map((item, i) => (i === 0 ? "" : between[i - 1]) + value(item)).join("") + after;
      }
    }
  };
  return { lang, format, template: (key) => dictionary[key], t, message: (m) => t(m.key, m.params), value };
}
