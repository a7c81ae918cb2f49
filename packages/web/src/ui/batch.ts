/**
 * Verifying the chosen file against a batch proof from `dpr anchor --out`: the form (folded away until
 * a file is not registered on its own, or the reader opens it), and the batch verdict, which the result
 * shows in the verdict's place (ui/result.ts).
 */
import type { BatchReport } from "../chain.js";
import { batchView } from "../view/batch.js";
import type { RenderContext } from "./context.js";
import { h } from "./dom.js";

const BATCH_ICONS = { verified: "✓", "not-in-proofs": "?", "not-anchored": "✕", "invalid-proof": "✕" } as const;

export function renderBatch(ctx: RenderContext): Node {
  const { state, forms, actions, text } = ctx;
  const { tr } = text;
  const { batch } = state;
  // A styled label stands in for the browser's own file button, whose text would be in the browser's language.
  const proofsName = h("span", { id: "proofs-name", class: "muted" }, forms.proofsName ? h("span", { translate: "no" }, forms.proofsName) : tr.t("batch.noProofsFile"));
  const proofsInput = h("input", {
    type: "file",
    id: "proofs-file",
    class: "visually-hidden",
    accept: "application/json,.json",
    "data-testid": "proofs-input",
    "aria-describedby": "proofs-name",
    onChange: async (event: Event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (!file) return;
      forms.proofsText = await file.text();
      forms.proofsName = file.name;
      const area = document.getElementById("proofs-text") as HTMLTextAreaElement | null;
      if (area) area.value = forms.proofsText;
      proofsName.replaceChildren(h("span", { translate: "no" }, file.name));
    },
  });
  let result: Node | null = null;
  if (batch.kind === "working") {
    result = h(
      "p",
      { role: "status", class: "loading" },
      batch.rehashing ? text.t("batch.rehashing", { algorithm: { kind: "text", message: { key: `algorithm.${batch.rehashing}` } } }) : tr.t("batch.checking"),
    );
  } else if (batch.kind === "error") {
    result = h(
      "div",
      { class: "banner error", role: "alert", "data-testid": "batch-error", "data-code": typeof batch.error === "string" ? batch.error : batch.error.code },
      batch.error === "need-file" ? tr.t("batch.needFile") : batch.error === "need-proofs" ? tr.t("batch.needProofs") : text.error(batch.error),
    );
  }
  // Open where it is the next step: the file is not registered on its own, or a check is under way or done.
  const open = batch.kind !== "idle" || (state.file?.hash != null && state.result.kind === "done" && !state.result.report.result.registered);
  return h(
    "details",
    { class: "card batch fold", "data-fold": "batch", open },
    h("summary", {}, h("h2", { id: "batch-title" }, tr.t("batch.title"))),
    h("p", { class: "help" }, text.t("batch.help", { command: { kind: "code", text: "dpr anchor --out" } })),
    h(
      "form",
      {
        novalidate: true,
        onSubmit: (event: Event) => {
          event.preventDefault();
          actions.checkBatch();
        },
      },
      h(
        "div",
        { class: "field" },
        h("span", { class: "field-label" }, tr.t("batch.proofsFile")),
        h("div", { class: "file-pick" }, proofsInput, h("label", { for: "proofs-file", class: "button secondary" }, tr.t("batch.chooseProofs")), proofsName),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "proofs-text" }, tr.t("batch.paste")),
        h("textarea", {
          id: "proofs-text",
          rows: "4",
          spellcheck: "false",
          "data-testid": "proofs-text",
          value: forms.proofsText,
          onInput: (event: Event) => {
            forms.proofsText = (event.target as HTMLTextAreaElement).value;
            forms.proofsName = "";
          },
        }),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "batch-path" }, tr.t("batch.path")),
        h("input", { id: "batch-path", type: "text", spellcheck: "false", autocomplete: "off", value: forms.batchPath, onInput: (event: Event) => (forms.batchPath = (event.target as HTMLInputElement).value) }),
      ),
      h("button", { type: "submit", class: "button", id: "batch-check", "data-testid": "batch-check" }, tr.t("batch.check")),
    ),
    h("div", { "aria-live": "polite", class: "result-slot" }, result),
  );
}

/** The batch verdict: the file is in an anchored batch, or why not. */
export function renderBatchVerdict({ text }: RenderContext, report: BatchReport): Node {
  const view = batchView(report.result, report.manifestURI, report.participants);
  const colour = view.status === "verified" ? "confirmed" : view.status === "not-in-proofs" ? "not-registered" : "rejected";
  return h(
    "article",
    { class: `verdict certificate status-${colour}`, "data-testid": "batch-verdict", "data-status": view.status, "aria-labelledby": "batch-verdict-title", "aria-live": "polite" },
    h("div", { class: "verdict-head" }, h("span", { class: "verdict-icon", "aria-hidden": "true" }, BATCH_ICONS[view.status]), h("h2", { id: "batch-verdict-title", tabindex: "-1" }, text.message(view.headline))),
    h("p", { class: "summary" }, text.message(view.summary)),
    h("dl", { class: "facts cert-facts" }, view.facts.map((fact) => h("div", { class: "fact" }, h("dt", {}, text.tr.t(fact.label)), h("dd", {}, text.value(fact.value))))),
  );
}
