/**
 * The directory of data resources (route `/catalogue`): a search box, filters with their counts, and the
 * entries, each with its holder, state, border conditions in plain words and what a reader must do to
 * use the data. Everything from a metadata document is the indexer's and the holder's text: it goes in as
 * text nodes only (ui/dom.ts), and only from a document whose hash is the registered one.
 *
 * The search box is its own section, re-rendered only when the address's search must be shown again (a
 * link, Back), never while the reader types; the filters and entries re-render when results come.
 */
import { PURPOSES, PURPOSE_CLASSES, pickLanguage } from "@dpr/sdk";
import { absoluteUrl, displayUrl } from "../config.js";
import type { CatalogueItem } from "../graphql.js";
import type { MessageKey } from "../i18n/index.js";
import { type CatalogueFilterName, type CatalogueQuery, MAX_CATALOGUE_SEARCH, catalogueFilters, emptyCatalogueQuery, routeHref } from "../routes.js";
import { facetCount, holderValue, oneLine } from "../view/catalogue.js";
import { conditionsView, purposeValue } from "../view/conditions.js";
import { labelValue } from "../view/labels.js";
import type { RenderContext } from "./context.js";
import { type Child, h } from "./dom.js";
import { shortHex } from "./text.js";

const queryOf = (ctx: RenderContext): CatalogueQuery | null => (ctx.state.route.kind === "catalogue" ? ctx.state.route.query : null);

/** The page's title and search box. */
export function renderCatalogueSearch(ctx: RenderContext): Node | null {
  const query = queryOf(ctx);
  if (!query) return null;
  const { forms, actions, text } = ctx;
  const { tr } = text;
  return h(
    "section",
    { class: "card catalogue-head", "aria-labelledby": "catalogue-title" },
    h("h2", { id: "catalogue-title" }, tr.t("cat.title")),
    h("p", { class: "help" }, tr.t("cat.help")),
    h(
      "form",
      {
        role: "search",
        class: "catalogue-search",
        novalidate: true,
        onSubmit: (event: Event) => {
          event.preventDefault();
          actions.searchCatalogue(true);
        },
      },
      h(
        "div",
        { class: "field" },
        h("label", { for: "catalogue-q" }, tr.t("cat.search")),
        h("input", {
          id: "catalogue-q",
          type: "search",
          spellcheck: "false",
          autocomplete: "off",
          maxlength: MAX_CATALOGUE_SEARCH,
          placeholder: tr.t("cat.searchHint"),
          value: forms.catalogueSearch,
          "aria-controls": "catalogue-results",
          onInput: (event: Event) => {
            forms.catalogueSearch = (event.target as HTMLInputElement).value;
            // Pinyin and other input methods compose a word first: it is searched once composed.
            if (!(event as InputEvent).isComposing) actions.searchCatalogue(false);
          },
          onCompositionend: (event: Event) => {
            forms.catalogueSearch = (event.target as HTMLInputElement).value;
            actions.searchCatalogue(false);
          },
        }),
      ),
    ),
  );
}

/** The filters, their counts and the entries. */
export function renderCatalogue(ctx: RenderContext): Node | null {
  const query = queryOf(ctx);
  if (!query) return null;
  const { state, text } = ctx;
  const { tr } = text;
  const { catalogue } = state;
  let body: Node;
  if (catalogue.kind === "loading" || catalogue.kind === "idle") body = h("p", { role: "status", class: "loading" }, tr.t("cat.loading"));
  else if (catalogue.kind === "error") {
    body = h(
      "div",
      { class: "banner notice", role: "status", "data-testid": "catalogue-unavailable" },
      catalogue.error.code === "graphql-unreachable" ? text.t("cat.unreachable", { url: { kind: "raw", text: displayUrl(absoluteUrl(state.settings.graphqlUrl, location.href)) } }) : text.error(catalogue.error),
    );
  } else if (catalogue.items.length === 0) body = h("p", { "data-testid": "catalogue-empty" }, tr.t("cat.empty"));
  else {
    body = h(
      "div",
      {},
      h("ol", { class: "catalogue-list", "data-testid": "catalogue-list" }, catalogue.items.map((item) => renderEntry(ctx, item))),
      catalogue.hasNextPage
        ? h("button", { type: "button", class: "button secondary", id: "catalogue-more", disabled: catalogue.loadingMore, onClick: () => ctx.actions.moreCatalogue() }, tr.t("cat.more"))
        : null,
    );
  }
  const filtered = query.q.trim() !== "" || (Object.keys(catalogueFilters) as CatalogueFilterName[]).some((name) => query[name] !== "");
  return h(
    "section",
    { class: "card catalogue", "aria-label": tr.t("cat.title") },
    query.ignored.map((p) => h("p", { class: "banner warning", role: "alert" }, text.t("cat.ignored", { param: { kind: "code", text: p.param }, value: { kind: "raw", text: p.value } }))),
    renderFilters(ctx, query),
    h(
      "div",
      { class: "catalogue-summary" },
      catalogue.kind === "done"
        ? h("p", { role: "status", "data-testid": "catalogue-count", "data-count": String(catalogue.totalCount) }, text.t("cat.count", { count: { kind: "number", value: catalogue.totalCount } }))
        : null,
      filtered ? h("a", { href: routeHref({ kind: "catalogue", query: emptyCatalogueQuery }, location.search), "data-internal": true, id: "catalogue-clear" }, tr.t("cat.clear")) : null,
    ),
    h("div", { id: "catalogue-results", "aria-live": "polite", "aria-busy": catalogue.kind === "loading" ? "true" : "false" }, body),
  );
}

function renderFilters(ctx: RenderContext, query: CatalogueQuery): Node {
  const { state, actions, text } = ctx;
  const { tr } = text;
  const facets = state.catalogue.kind === "done" ? state.catalogue.facets : null;
  const counted = (label: string, count: number | null) => (count === null ? label : tr.t("cat.option", { label: { kind: "raw", text: label }, count: { kind: "number", value: count } }));
  const select = (name: CatalogueFilterName, label: MessageKey, options: Child[], hint?: MessageKey) =>
    h(
      "div",
      { class: "field" },
      h("label", { for: `catalogue-${name}` }, tr.t(label)),
      h(
        "select",
        {
          id: `catalogue-${name}`,
          "aria-describedby": hint ? `catalogue-${name}-hint` : undefined,
          value: query[name],
          onChange: (event: Event) => actions.filterCatalogue(name, (event.target as HTMLSelectElement).value),
        },
        h("option", { value: "" }, tr.t("cat.any")),
        options,
      ),
    );
  const option = (value: string, label: string, count: number | null) => h("option", { value }, counted(label, count));
  const lang = tr.lang;
  return h(
    "div",
    { class: "catalogue-filters", role: "group", "aria-label": tr.t("cat.filters") },
    select(
      "sector",
      "cat.sector",
      catalogueFilters.sector.map((v) => option(v, tr.value(labelValue("sector", v)), facets && facetCount(facets.sector, v))),
    ),
    select(
      "openness",
      "cat.openness",
      catalogueFilters.openness.map((v) => option(v, tr.t(`cat.openness.${v}` as MessageKey), facets && facetCount(facets.openness, v))),
    ),
    select(
      "right",
      "cat.right",
      catalogueFilters.right.map((v) => option(v, tr.value(labelValue("right", v)), facets && facetCount(facets.right, v))),
    ),
    // Counts by grantee jurisdiction are not in the facets (they count classes of regions): none shown.
    select(
      "region",
      "cat.region",
      catalogueFilters.region.map((v) => option(v, tr.value(labelValue("jurisdiction", v)), null)),
      "cat.regionHint",
    ),
    // Counts are per class of purposes: on each class's group.
    select(
      "purpose",
      "cat.purpose",
      PURPOSE_CLASSES.map((c) =>
        h(
          "optgroup",
          { label: counted(pickLanguage(c.label, lang) ?? c.label.en, facets && facetCount(facets.purposeClass, String(c.class))) },
          PURPOSES.filter((p) => p.class === c.class).map((p) => option(String(p.code), tr.value(purposeValue(p.code, lang)), null)),
        ),
      ),
    ),
    h("p", { class: "help catalogue-filters-help", id: "catalogue-region-hint" }, tr.t("cat.regionHint")),
  );
}

function renderEntry(ctx: RenderContext, item: CatalogueItem): Node {
  const { state, text } = ctx;
  const { tr } = text;
  const holder = holderValue(item, state.recentNames, tr.lang);
  const verified = item.documentStatus === "verified";
  // A document that does not match the registered hash shows none of its words (the indexer gives none either).
  const title = verified ? item.title : null;
  const view = conditionsView({
    conditions: item.conditions,
    document: verified ? item.documentConditions : null,
    personal: item.dataset.containsPersonalData || item.dataset.category === "personal",
    holder,
    lang: tr.lang,
  });
  const id = item.id as `0x${string}`;
  const documentNote =
    item.documentStatus === "mismatch"
      ? h("p", { class: "banner warning", "data-testid": "document-mismatch" }, tr.t("cat.doc.mismatch"))
      : item.documentStatus === "missing"
        ? h("p", { class: "muted" }, tr.t("cat.doc.missing"))
        : item.documentStatus === "unavailable"
          ? h("p", { class: "banner notice" }, text.t("cat.doc.unavailable", { error: { kind: "raw", text: item.documentError ?? "" } }))
          : null;
  return h(
    "li",
    { class: "catalogue-entry", "data-testid": "catalogue-entry", "data-dataset-id": id, "data-document-status": item.documentStatus },
    h(
      "h3",
      { class: "catalogue-entry-title" },
      h(
        "a",
        // The full id stays reachable (the tooltip, and the dataset's page the link opens).
        { href: routeHref({ kind: "dataset", datasetId: id }, location.search), "data-internal": true, title: id },
        title ? h("span", { "data-testid": "catalogue-title" }, oneLine(title)) : h("code", { class: "hex", translate: "no" }, shortHex(id, 8)),
      ),
      " ",
      h("span", { class: `badge status-${item.dataset.status}` }, text.value(labelValue("status", item.dataset.status))),
    ),
    h(
      "p",
      { class: "muted catalogue-facts" },
      text.t("cat.holder", { holder }),
      " · ",
      text.value(labelValue("sector", item.dataset.sectorName)),
      " · ",
      text.value(labelValue("category", item.dataset.category)),
      " · ",
      text.value(labelValue("grade", item.dataset.grade)),
      " · ",
      text.t("cat.grants", { count: { kind: "number", value: item.activeGrants } }),
    ),
    documentNote,
    verified && item.description ? h("p", { class: "catalogue-description" }, item.description) : null,
    h(
      "div",
      { class: "catalogue-details" },
      h(
        "div",
        { class: "catalogue-conditions", "data-testid": "catalogue-conditions", "data-openness": item.conditions.openness },
        h("h4", {}, tr.t("cat.conditions")),
        h("p", { class: "catalogue-openness" }, h("strong", {}, text.message(view.openness))),
        view.lines.length > 0 ? h("ul", {}, view.lines.map((line) => h("li", {}, text.message(line)))) : null,
        view.differs ? h("p", { class: "banner warning", "data-testid": "conditions-differ" }, text.message(view.differs)) : null,
        view.measures.length > 0 ? [h("h4", {}, tr.t("cat.measures")), h("ul", {}, view.measures.map((m) => h("li", {}, m)))] : null,
      ),
      h(
        "div",
        { class: "catalogue-howto", "data-testid": "catalogue-howto" },
        h("h4", {}, tr.t("cat.howTo")),
        // Data that is not open: no instructions change that.
        view.howToApply && item.conditions.openness !== "not-open"
          ? [h("p", { class: "muted" }, tr.t("cat.holderWords")), h("p", { "data-testid": "how-to-apply" }, view.howToApply)]
          : h("ul", {}, view.steps.map((step) => h("li", {}, text.message(step)))),
      ),
    ),
  );
}
