/**
 * Messages and view values as DOM nodes, in the current language. Data — hashes, addresses, names,
 * URIs, paths — is wrapped in `translate="no"` elements: it is the same in every language, and
 * translation tools (and the test that checks every string is translated) leave it alone.
 */
import type { VerifierError } from "../errors.js";
import { type MessageKey, splitTemplate } from "../i18n/index.js";
import type { Translator } from "../i18n/translate.js";
import { routeHref } from "../routes.js";
import { labelValue } from "../view/labels.js";
import { participantNames, removedNote } from "../view/participants.js";
import type { Message, Param, Value } from "../view/values.js";
import { type Child, h } from "./dom.js";

/** `0x1234…abcd`: enough to recognise, the full value is in the title. */
export function shortHex(value: string, keep = 6): string {
  return value.length <= keep * 2 + 4 ? value : `${value.slice(0, keep + 2)}…${value.slice(-keep)}`;
}

export interface TextRenderer {
  readonly tr: Translator;
  /** A message as nodes (data parameters untranslated). */
  message(message: Message): Node;
  t(key: MessageKey, params?: Record<string, Param>): Node;
  value(value: Value): Node;
  /** An error's message, with its technical details folded away. */
  error(error: VerifierError): Node;
}

/**
 * `titleOf`: a mentioned dataset's title in the reader's language when the page knows it (view/titles.ts),
 * shown in place of its short id; the id stays in the link's title.
 */
export function createTextRenderer(tr: Translator, titleOf: (id: string) => string | null = () => null): TextRenderer {
  const raw = (text: string, className?: string): HTMLElement => h("span", { translate: "no", class: className }, text);
  const code = (hex: string, short = false): HTMLElement =>
    h("code", { translate: "no", class: short ? "hex" : "hex hex-full", title: short ? hex : undefined }, short ? shortHex(hex) : hex);

  const param = (p: Param): Node => (typeof p === "object" ? value(p) : document.createTextNode(String(p)));

  const t = (key: MessageKey, params: Record<string, Param> = {}): Node =>
    h(
      "span",
      {},
      splitTemplate(tr.template(key)).map((part): Child => ("text" in part ? part.text : params[part.param] === undefined ? `{${part.param}}` : param(params[part.param]!))),
    );

  const value = (v: Value): Node => {
    switch (v.kind) {
      case "text":
        return t(v.message.key, v.message.params);
      case "hash":
        return code(v.value);
      case "dataset": {
        const href = routeHref({ kind: "dataset", datasetId: v.id }, location.search);
        const title = titleOf(v.id);
        // The holder's words: a text node on one line, cut by the style sheet; the id in the tooltip.
        return title
          ? h("a", { href, "data-internal": true, class: "dataset-ref", title: v.id, "data-dataset-id": v.id }, h("span", { class: "dataset-title" }, title))
          : h("a", { href, "data-internal": true, class: "hex", translate: "no", title: v.id }, shortHex(v.id));
      }
      case "participant": {
        const { jurisdiction, address } = v.participant;
        // In the current language: the attested name is the name; a self-declared one that differs is marked so.
        const { attested, declared } = participantNames(v.participant, tr.lang);
        // A removed account is marked wherever it is named; an organisation whose founding account was removed keeps its name.
        const removed = removedNote(v.participant);
        return h(
          "span",
          { class: "participant", "data-removed": v.participant.removed ? (v.participant.removed.founder ? "founder" : "account") : undefined },
          attested ? h("strong", { translate: "no", "data-name": "attested" }, attested) : declared ? null : h("em", { class: "unnamed" }, tr.t("value.unnamed")),
          declared
            ? [attested ? " · " : null, h("span", { class: "declared-name", "data-name": "self-declared" }, t("checks.selfDeclared", { name: { kind: "raw", text: declared } }))]
            : null,
          tr.t("look.paren.open"),
          jurisdiction ? [value(labelValue("jurisdiction", jurisdiction)), " · "] : null,
          code(address, true),
          tr.t("look.paren.close"),
          removed ? h("span", { class: "removed-mark", "data-testid": "removed-mark" }, t(removed.key, removed.params)) : null,
        );
      }
      case "time": {
        const date = new Date(Number(v.seconds) * 1000);
        const time = h("time", { datetime: date.toISOString() }, tr.format.time(v.seconds));
        return v.block === undefined ? time : withTime(time, v.block);
      }
      case "block":
        return document.createTextNode(v.number.toString());
      case "duration":
        return document.createTextNode(tr.format.duration(v.seconds));
      case "number":
        return document.createTextNode(tr.format.number(v.value));
      case "uri":
        return /^https?:\/\//i.test(v.value)
          ? h("a", { href: v.value, rel: "noopener noreferrer nofollow", target: "_blank", translate: "no", class: "uri" }, v.value)
          : raw(v.value.length > 120 ? `${v.value.slice(0, 117)}…` : v.value, "uri");
      case "raw":
        return raw(v.text);
      case "code":
        return h("code", { translate: "no" }, v.text);
      case "list":
        return h("ul", { class: "inline-list" }, v.items.map((item) => h("li", {}, value(item))));
      case "series": {
        const { before, between, after } = tr.format.series(v.items.length);
        return h("span", {}, before, v.items.map((item, i): Child[] => [i === 0 ? "" : between[i - 1]!, value(item)]), after);
      }
    }
  };

  /** "time, block N" with the <time> element in its place. */
  const withTime = (time: HTMLElement, block: bigint): Node => {
    const parts = splitTemplate(tr.template("value.atBlock"));
    return h("span", {}, parts.map((part): Child => ("text" in part ? part.text : part.param === "time" ? time : block.toString())));
  };

  const error = (e: VerifierError): Node => {
    const params: Record<string, Param> = {};
    for (const [name, v] of Object.entries(e.params)) params[name] = typeof v === "number" ? v : { kind: "raw", text: v };
    return h(
      "span",
      { class: "error-text" },
      t(e.messageKey, params),
      e.details ? h("details", { class: "technical" }, h("summary", {}, tr.t("result.technical")), h("code", { translate: "no" }, e.details)) : null,
    );
  };

  return { tr, message: (m) => t(m.key, m.params), t, value, error };
}
