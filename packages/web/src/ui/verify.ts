/**
 * The inputs, in one compact card: the file drop zone (hashing with progress) beside the look-up form.
 * Once a verdict is shown they fold away under "Verify another file, or look up another id"; the file's
 * hash stays in sight above them.
 */
import type { HashAlgorithmName } from "@dpr/sdk";
import { h } from "./dom.js";
import type { RenderContext } from "./context.js";

/** The hash functions offered for files (Keccak-256 is for on-chain artefacts, not people's files). */
const FILE_ALGORITHMS: readonly HashAlgorithmName[] = ["sha256", "sm3"];
const LOOKUP_ALGORITHMS: readonly HashAlgorithmName[] = ["sha256", "sm3", "keccak256"];

function algorithmSelect(ctx: RenderContext, id: string, choices: readonly HashAlgorithmName[], value: HashAlgorithmName, onChange: (a: HashAlgorithmName) => void) {
  return h(
    "select",
    { id, value, onChange: (event: Event) => onChange((event.target as HTMLSelectElement).value as HashAlgorithmName) },
    choices.map((a) => h("option", { value: a }, ctx.text.tr.t(`algorithm.${a}`))),
  );
}

/** Whether the reader opened the folded inputs (kept across re-renders). */
let inputsOpen = false;

export function renderInputs(ctx: RenderContext): Node {
  const { state, text } = ctx;
  const { tr } = text;
  const parts = h("div", { class: "inputs-grid" }, renderVerify(ctx), h("p", { class: "inputs-or", "aria-hidden": "true" }, tr.t("look.inputs.or")), renderLookup(ctx));
  if (state.result.kind !== "done") {
    inputsOpen = false;
    return h("section", { class: "card inputs", "aria-labelledby": "inputs-title" }, h("h2", { id: "inputs-title", class: "visually-hidden" }, tr.t("look.inputs.title")), parts, renderFileStatus(ctx));
  }
  const fold = h(
    "details",
    { class: "inputs-fold", "data-fold": "inputs", open: inputsOpen },
    h("summary", {}, h("h2", { id: "inputs-title" }, tr.t("look.inputs.another"))),
    parts,
  );
  fold.querySelector("summary")!.addEventListener("click", () => (inputsOpen = !fold.open));
  return h("section", { class: "card inputs folded", "aria-labelledby": "inputs-title" }, renderFileStatus(ctx), fold);
}

function renderVerify(ctx: RenderContext): Node {
  const { state, actions, text } = ctx;
  const { tr } = text;
  const input = h("input", {
    type: "file",
    id: "file-input",
    class: "visually-hidden",
    "data-testid": "file-input",
    "aria-describedby": "dropzone-hint verify-privacy",
    onChange: (event: Event) => {
      const file = (event.target as HTMLInputElement).files?.[0];
      if (file) actions.hashFile(file);
    },
  });
  const zone = h(
    "label",
    {
      for: "file-input",
      class: "dropzone",
      id: "dropzone",
      onDragenter: (event: Event) => {
        event.preventDefault();
        zone.classList.add("dragging");
      },
      onDragover: (event: Event) => {
        event.preventDefault();
        (event as DragEvent).dataTransfer!.dropEffect = "copy";
      },
      onDragleave: (event: Event) => {
        if (!zone.contains((event as DragEvent).relatedTarget as Node | null)) zone.classList.remove("dragging");
      },
      onDrop: (event: Event) => {
        event.preventDefault();
        zone.classList.remove("dragging");
        const file = (event as DragEvent).dataTransfer?.files[0];
        if (file) actions.hashFile(file);
      },
    },
    h("span", { class: "dropzone-icon", "aria-hidden": "true" }, "⇪"),
    h("span", { class: "dropzone-title" }, tr.t("verify.drop")),
    h("span", { class: "dropzone-hint", id: "dropzone-hint" }, tr.t("verify.dropHint")),
  );
  return h(
    "div",
    { class: "verify", role: "group", "aria-labelledby": "verify-title" },
    h("h3", { id: "verify-title", tabindex: "-1" }, tr.t("verify.title")),
    input,
    zone,
    h("p", { class: "privacy muted", id: "verify-privacy" }, tr.t("verify.privacy")),
    h("div", { class: "field inline" }, h("label", { for: "algorithm" }, tr.t("verify.algorithm")), algorithmSelect(ctx, "algorithm", FILE_ALGORITHMS, state.algorithm, (a) => actions.setAlgorithm(a))),
  );
}

function renderFileStatus({ state, text }: RenderContext): Node | null {
  const { file } = state;
  if (!file) return null;
  const { tr } = text;
  const name = { kind: "raw", text: file.name } as const;
  const size = { kind: "text", message: { key: "value.bytes", params: { bytes: { kind: "number", value: file.size } } } } as const;
  if (file.error) return h("div", { class: "banner error", role: "alert", "data-testid": "hash-error" }, text.error(file.error));
  if (!file.hash) {
    const percent = file.size === 0 ? 100 : Math.floor((file.hashed / file.size) * 100);
    return h(
      "div",
      { class: "file-status", "aria-busy": "true" },
      h("p", { id: "hash-label" }, text.t("verify.hashing", { name })),
      h("progress", { max: "100", value: String(percent), "aria-labelledby": "hash-label", "data-testid": "hash-progress" }),
      h("p", { class: "muted" }, text.t("verify.progress", { percent, size })),
    );
  }
  return h(
    "div",
    { class: "file-status done", role: "status" },
    h("p", {}, text.t("verify.hashed", { name, size, algorithm: { kind: "text", message: { key: `algorithm.${file.algorithm}` } } })),
    h("p", { class: "hash-line" }, h("span", { class: "label" }, tr.t("verify.contentHash")), " ", h("code", { class: "hex hex-full", translate: "no", "data-testid": "content-hash" }, file.hash)),
  );
}

function renderLookup(ctx: RenderContext): Node {
  const { forms, actions, text } = ctx;
  const { tr } = text;
  const radio = (kind: "hash" | "dataset") =>
    h(
      "label",
      { class: "radio" },
      h("input", { type: "radio", name: "lookup-kind", value: kind, checked: forms.lookupKind === kind, onChange: () => (forms.lookupKind = kind) }),
      " ",
      tr.t(`lookup.kind.${kind}`),
    );
  return h(
    "div",
    { class: "lookup", role: "group", "aria-labelledby": "lookup-title" },
    h("h3", { id: "lookup-title" }, tr.t("lookup.title")),
    h(
      "form",
      {
        novalidate: true,
        onSubmit: (event: Event) => {
          event.preventDefault();
          actions.lookup();
        },
      },
      h(
        "div",
        { class: "field" },
        h("label", { for: "lookup-value" }, tr.t("lookup.value")),
        h("input", {
          id: "lookup-value",
          type: "text",
          spellcheck: "false",
          autocomplete: "off",
          placeholder: tr.t("lookup.placeholder"),
          value: forms.lookupValue,
          onInput: (event: Event) => (forms.lookupValue = (event.target as HTMLInputElement).value),
        }),
      ),
      h("fieldset", { class: "radios" }, h("legend", {}, tr.t("lookup.kind")), radio("hash"), radio("dataset")),
      h(
        "div",
        { class: "field inline" },
        h("label", { for: "lookup-algorithm" }, tr.t("lookup.algorithm")),
        algorithmSelect(ctx, "lookup-algorithm", LOOKUP_ALGORITHMS, forms.lookupAlgorithm, (a) => (forms.lookupAlgorithm = a)),
      ),
      h("button", { type: "submit", class: "button", id: "lookup-submit" }, tr.t("lookup.submit")),
    ),
  );
}
