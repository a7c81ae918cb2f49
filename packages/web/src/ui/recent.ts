/**
 * The auditors' searchable list of recent registrations, from the indexer: each by its title (when its
 * metadata document is known) with its id below, holder named in the reader's language. Open on the
 * home page; folded under its title and count once a verdict is shown, unless the reader opened it.
 */
import { absoluteUrl, displayUrl } from "../config.js";
import { datasetStatuses, recentRows } from "../view/recent.js";
import type { RenderContext } from "./context.js";
import { h } from "./dom.js";
import { shortHex } from "./text.js";
import { routeHref } from "../routes.js";

/** Whether the reader opened (true) or closed (false) the list; null until they touch it. */
let chosenOpen: boolean | null = null;

export function renderRecent(ctx: RenderContext): Node {
  const { state, forms, actions, text } = ctx;
  const { tr } = text;
  const { recent } = state;
  let body: Node;
  if (recent.kind === "loading") body = h("p", { role: "status", class: "loading" }, tr.t("recent.loading"));
  else if (recent.kind === "error") {
    body = h(
      "div",
      { class: "banner notice", role: "status", "data-testid": "recent-unavailable" },
      recent.error.code === "graphql-unreachable" ? text.t("recent.unreachable", { url: { kind: "raw", text: displayUrl(absoluteUrl(state.settings.graphqlUrl, location.href)) } }) : text.error(recent.error),
    );
  } else if (recent.items.length === 0) body = h("p", {}, tr.t("recent.empty"));
  else {
    const rows = recentRows(recent.items, state.recentNames, tr.lang);
    body = h(
      "div",
      {},
      h(
        "ul",
        { class: "recent-list", "data-testid": "recent-list" },
        rows.map((row) =>
          h(
            "li",
            { class: "recent-item" },
            h(
              "a",
              { href: routeHref({ kind: "dataset", datasetId: row.id }, location.search), "data-internal": true, class: "recent-link" },
              row.title ? h("span", { class: "recent-title", translate: "no", "data-testid": "recent-title" }, row.title) : null,
              h("code", { class: row.title ? "hex recent-id" : "hex", translate: "no", title: row.id }, shortHex(row.id, 8)),
            ),
            " ",
            h("span", { class: `badge status-${row.status}` }, text.value(row.statusLabel)),
            h("p", { class: "muted" }, text.value(row.holder), " · ", text.value(row.sector), " · ", text.value(row.category), " · ", text.value(row.registered)),
          ),
        ),
      ),
      recent.hasNextPage
        ? h("button", { type: "button", class: "button secondary", id: "recent-more", disabled: recent.loadingMore, onClick: () => actions.moreRecent() }, tr.t("recent.more"))
        : null,
    );
  }
  const count = recent.kind === "done" ? recent.items.length : null;
  const details = h(
    "details",
    { class: "card recent fold", "data-fold": "recent", "data-count": count === null ? undefined : String(count), open: chosenOpen ?? state.result.kind !== "done" },
    h(
      "summary",
      {},
      h(
        "h2",
        { id: "recent-title" },
        count === null ? tr.t("recent.title") : text.t("look.section.count", { title: { kind: "text", message: { key: "recent.title" } }, count: { kind: "number", value: count } }),
      ),
    ),
    h("p", { class: "help" }, tr.t("recent.help")),
    h(
      "form",
      {
        class: "recent-search",
        role: "search",
        novalidate: true,
        onSubmit: (event: Event) => {
          event.preventDefault();
          actions.searchRecent();
        },
      },
      h(
        "div",
        { class: "field" },
        h("label", { for: "recent-search" }, tr.t("recent.search")),
        h("input", {
          id: "recent-search",
          type: "search",
          spellcheck: "false",
          autocomplete: "off",
          placeholder: tr.t("recent.searchHint"),
          value: forms.recentSearch,
          onInput: (event: Event) => (forms.recentSearch = (event.target as HTMLInputElement).value),
        }),
      ),
      h(
        "div",
        { class: "field" },
        h("label", { for: "recent-status" }, tr.t("recent.status")),
        h(
          "select",
          { id: "recent-status", value: forms.recentStatus, onChange: (event: Event) => (forms.recentStatus = (event.target as HTMLSelectElement).value as typeof forms.recentStatus) },
          h("option", { value: "" }, tr.t("recent.anyStatus")),
          datasetStatuses.map((status) => h("option", { value: status }, tr.t(`status.${status}`))),
        ),
      ),
      h("button", { type: "submit", class: "button", id: "recent-submit" }, tr.t("recent.submit")),
    ),
    h("div", { "aria-live": "polite", "aria-busy": recent.kind === "loading" ? "true" : "false" }, body),
  );
  // Only the reader's own clicks count as a choice (the page setting `open` fires the event too).
  details.querySelector("summary")!.addEventListener("click", () => (chosenOpen = !details.open));
  return details;
}
