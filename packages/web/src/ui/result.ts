/**
 * The result: the chain's verdict first (it never waits for the indexer), then what the indexer adds —
 * or a notice that it could not — and, where the two disagree, a warning naming both values.
 */
import type { RegisteredContent } from "@dpr/sdk";
import type { Address } from "viem";
import { absoluteUrl, displayUrl } from "../config.js";
import type { DatasetDetails, IndexedParticipant } from "../graphql.js";
import type { MessageKey } from "../i18n/index.js";
import { routeHref } from "../routes.js";
import { crossCheck } from "../view/crossCheck.js";
import { type GrantsView, chainGrantsView, indexedGrantsView } from "../view/grants.js";
import { layoutLineage, lineageFromChain, lineageFromIndexer } from "../view/lineage.js";
import { type ParticipantInfo, type Participants, mergeParticipants, profileName } from "../view/participants.js";
import { timelineView } from "../view/timeline.js";
import type { Fact } from "../view/values.js";
import { type VerdictStatus, verdictView } from "../view/verdict.js";
import { h } from "./dom.js";
import type { RenderContext } from "./context.js";
import { renderLineage } from "./lineage.js";
import type { DetailsState } from "./state.js";
import type { TextRenderer } from "./text.js";

const ICONS: Record<VerdictStatus, string> = {
  confirmed: "✓",
  notice: "◷",
  pending: "…",
  disputed: "!",
  rejected: "✕",
  refused: "✕",
  withdrawn: "↩",
  revoked: "⊗",
  frozen: "❄",
  retired: "⊘",
  "not-registered": "?",
};

export function renderResult(ctx: RenderContext): Node | null {
  const { state, actions, text } = ctx;
  const { tr } = text;
  const { result } = state;
  if (result.kind === "idle") return null;
  if (result.kind === "loading") {
    return h("section", { class: "card result", "aria-busy": "true" }, h("p", { role: "status", class: "loading" }, tr.t("result.loading")));
  }
  if (result.kind === "error") {
    return h(
      "section",
      { class: "card result" },
      h(
        "div",
        { class: "banner error", role: "alert", "data-testid": "result-error", "data-code": result.error.code },
        h("p", {}, text.error(result.error)),
        result.error.retryable ? h("button", { type: "button", class: "button", id: "result-retry", onClick: () => actions.retryResult() }, tr.t("result.retry")) : null,
      ),
    );
  }

  const { report, lookup, chainId } = result;
  const { details } = state;
  const indexed = details.kind === "done" ? details.details : null;
  const fromChain = details.kind === "done" ? mergeParticipants(report.participants, details.participants) : report.participants;
  const participants = mergeParticipants(fromChain, indexedParticipants(indexed));
  const view = verdictView(report.result, participants, chainId, lookup, report.lifeCycle);
  const share = routeHref(lookup === "dataset" || report.result.registered ? { kind: "dataset", datasetId: view.datasetId } : state.route, location.search);

  const verdict = h(
    "article",
    {
      // A dataset of revoked ancestry confers nothing, whatever its status: it wears the revoked colours.
      class: `verdict status-${view.ancestryRevoked ? "revoked" : view.status}`,
      "data-testid": "verdict",
      "data-status": view.status,
      "data-dataset-id": view.datasetId,
      "data-claim": view.claim > 0 ? String(view.claim) : undefined,
      "data-ancestry-revoked": view.ancestryRevoked ? "true" : undefined,
      "aria-labelledby": "verdict-title",
    },
    h(
      "div",
      { class: "verdict-head" },
      h("span", { class: "verdict-icon", "aria-hidden": "true" }, ICONS[view.ancestryRevoked ? "revoked" : view.status]),
      h("h2", { id: "verdict-title", tabindex: "-1" }, text.message(view.headline)),
    ),
    h("p", { class: "summary" }, text.message(view.summary)),
    view.notes.length > 0 ? h("ul", { class: "verdict-notes", "data-testid": "verdict-notes" }, view.notes.map((note) => h("li", {}, text.message(note)))) : null,
    h(
      "p",
      { class: "read-at" },
      text.t("result.readAt", { block: { kind: "block", number: view.readAt } }),
      " ",
      h("a", { href: share, "data-internal": true, "data-testid": "share-link" }, tr.t("result.share")),
    ),
  );

  const registered = report.result.registered ? report.result : null;
  return h(
    "section",
    { class: "result" },
    verdict,
    renderIndexerState(ctx, details, participants),
    h("section", { class: "card", "aria-labelledby": "details-title" }, h("h2", { id: "details-title" }, tr.t("result.details")), renderFacts(text, view.facts)),
    registered
      ? [
          renderConfirmations(ctx, view.confirmations),
          renderGrants(ctx, indexed?.dataset ? indexedGrantsView(indexed.dataset.grants.items, indexed.dataset.grants.pageInfo.hasNextPage, participants) : chainGrantsView(registered.grants.active, participants)),
          indexed?.dataset ? renderTimeline(ctx, registered, indexed, participants) : null,
          renderLineageSection(ctx, registered, details, report.parentStatuses),
        ]
      : null,
  );
}

/** Names the indexer knows (holders, grantees), for addresses the chain read did not name. */
function indexedParticipants(details: DatasetDetails | null): Participants {
  const found = new Map<string, ParticipantInfo>();
  const add = (p: IndexedParticipant | undefined) => {
    if (!p) return;
    found.set(p.id.toLowerCase(), { address: p.id as Address, name: profileName(p.metadataURI), metadataURI: p.metadataURI, jurisdiction: (p.jurisdiction || null) as ParticipantInfo["jurisdiction"] });
  };
  add(details?.dataset?.holder);
  for (const grant of details?.dataset?.grants.items ?? []) add(grant.grantee);
  return found;
}

function renderIndexerState(ctx: RenderContext, details: DetailsState, participants: Participants): Node | null {
  const { state, text } = ctx;
  const { tr } = text;
  if (state.result.kind !== "done") return null;
  // Absolute: the default "/graphql" would not say which server is down.
  const url = { kind: "raw", text: displayUrl(absoluteUrl(state.settings.graphqlUrl, location.href)) } as const;
  if (details.kind === "loading") return h("p", { class: "muted", role: "status" }, tr.t("indexer.loading"));
  if (details.kind === "error") {
    const key: MessageKey = details.error.code === "graphql-failed" ? "indexer.failed" : "indexer.unreachable";
    return h(
      "div",
      { class: "banner notice", role: "status", "data-testid": "indexer-notice", "data-code": details.error.code },
      h("p", {}, text.t(key, { url })),
      details.error.details ? h("details", { class: "technical" }, h("summary", {}, tr.t("result.technical")), h("code", { translate: "no" }, details.error.details)) : null,
    );
  }
  if (details.kind !== "done") return null;
  const check = crossCheck(state.result.report.result, details.details, participants, state.result.report.blockTime);
  const parts: Node[] = [];
  if (check.discrepancies.length > 0) {
    parts.push(
      h(
        "div",
        { class: "banner warning", role: "alert", "data-testid": "crosscheck" },
        h("h2", {}, tr.t("crosscheck.title")),
        h("ul", {}, check.discrepancies.map((d) => h("li", {}, text.message(d)))),
        check.lag ? h("p", {}, text.message(check.lag)) : null,
        h("p", { class: "strong" }, tr.t("crosscheck.trust")),
      ),
    );
  } else if (state.result.report.result.registered && !details.details.dataset) {
    parts.push(h("p", { class: "muted", "data-testid": "indexer-unknown" }, tr.t("indexer.unknown"), check.lag ? [" ", text.message(check.lag)] : null));
  }
  // Differences the two clocks explain: said, quietly, and no warning.
  for (const note of check.notes) parts.push(h("p", { class: "muted", role: "note", "data-testid": "crosscheck-note" }, text.message(note)));
  if (details.details.meta.hasIndexingErrors) parts.push(h("p", { class: "banner warning" }, tr.t("indexer.errors")));
  return parts.length > 0 ? h("div", { class: "indexer-state" }, parts) : null;
}

function renderFacts(text: TextRenderer, facts: readonly Fact[]): Node {
  return h("dl", { class: "facts", "data-testid": "facts" }, facts.map((fact) => h("div", { class: "fact" }, h("dt", {}, text.tr.t(fact.label)), h("dd", {}, text.value(fact.value)))));
}

function renderConfirmations({ text }: RenderContext, rows: ReturnType<typeof verdictView>["confirmations"]): Node {
  const { tr } = text;
  return h(
    "section",
    { class: "card", "aria-labelledby": "confirmations-title", "data-testid": "confirmations" },
    h("h2", { id: "confirmations-title" }, tr.t("confirmations.title")),
    rows.length === 0
      ? h("p", { class: "muted" }, tr.t("confirmations.none"))
      : h("ol", { class: "confirmations" }, rows.map((row) => h("li", {}, text.value(row.registrar), h("span", { class: "muted" }, " · "), text.value(row.time)))),
  );
}

function renderGrants({ text }: RenderContext, view: GrantsView): Node {
  const { tr } = text;
  const columns: MessageKey[] = ["grants.id", "grants.right", "grants.grantee", "grants.purpose", "grants.expires", "grants.mechanism", "grants.status"];
  return h(
    "section",
    { class: "card", "aria-labelledby": "grants-title", "data-testid": "grants", "data-source": view.source },
    h("h2", { id: "grants-title" }, tr.t("grants.title")),
    h("p", { class: "muted" }, tr.t(view.source === "indexer" ? "grants.fromIndexer" : "grants.fromChain")),
    view.rows.length === 0
      ? h("p", {}, tr.t("grants.none"))
      : h(
          "div",
          { class: "table-wrap", tabindex: "0", role: "region", "aria-labelledby": "grants-title" },
          h(
            "table",
            { class: "grants" },
            h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, tr.t(c))))),
            h(
              "tbody",
              {},
              view.rows.map((row) =>
                h(
                  "tr",
                  { class: row.active ? "active" : "" },
                  h("td", { "data-label": tr.t("grants.id"), translate: "no" }, `#${row.id}`),
                  h("td", { "data-label": tr.t("grants.right") }, text.value(row.right)),
                  h("td", { "data-label": tr.t("grants.grantee") }, text.value(row.grantee)),
                  h("td", { "data-label": tr.t("grants.purpose") }, text.value(row.purpose)),
                  h("td", { "data-label": tr.t("grants.expires") }, text.value(row.expires)),
                  h("td", { "data-label": tr.t("grants.mechanism") }, text.value(row.mechanism)),
                  h("td", { "data-label": tr.t("grants.status") }, h("span", { class: `badge grant-${row.active ? "active" : "inactive"}` }, text.value(row.status))),
                ),
              ),
            ),
          ),
        ),
    view.more ? h("p", { class: "muted" }, tr.t("grants.more")) : null,
  );
}

function renderTimeline({ text }: RenderContext, registered: RegisteredContent, details: DatasetDetails, participants: Participants): Node {
  const { tr } = text;
  const dataset = details.dataset!;
  const items = timelineView(registered.datasetId, dataset.events.items, participants);
  return h(
    "section",
    { class: "card", "aria-labelledby": "timeline-title", "data-testid": "timeline" },
    h("h2", { id: "timeline-title" }, tr.t("timeline.title")),
    items.length === 0
      ? h("p", {}, tr.t("timeline.none"))
      : h(
          "ol",
          { class: "timeline" },
          items.map((item) =>
            h(
              "li",
              {},
              h("p", { class: "what" }, "raw" in item.what ? h("span", { translate: "no" }, item.what.raw) : text.message(item.what)),
              h(
                "p",
                { class: "when muted" },
                text.value(item.time),
                item.actor ? [" · ", text.t("timeline.by", { actor: item.actor })] : null,
                " · ",
                h("span", { class: "tx" }, tr.t("timeline.tx"), " ", h("code", { class: "hex", translate: "no", title: item.txHash }, `${item.txHash.slice(0, 10)}…`)),
              ),
            ),
          ),
        ),
    dataset.events.pageInfo.hasNextPage ? h("p", { class: "muted" }, text.t("timeline.more", { count: items.length })) : null,
  );
}

function renderLineageSection(ctx: RenderContext, registered: RegisteredContent, details: DetailsState, parentStatuses: ReadonlyMap<string, string>): Node {
  const { text } = ctx;
  const { tr } = text;
  const root = { id: registered.datasetId, status: registered.status };
  const fromIndexer = details.kind === "done" && details.lineage !== null;
  const input = fromIndexer ? lineageFromIndexer(root, details.lineage!) : lineageFromChain(root, registered.parents, parentStatuses);
  const layout = layoutLineage(input);
  return h(
    "section",
    { class: "card", "aria-labelledby": "lineage-title", "data-testid": "lineage", "data-source": fromIndexer ? "indexer" : "chain" },
    h("h2", { id: "lineage-title" }, tr.t("lineage.title")),
    fromIndexer ? null : h("p", { class: "muted" }, tr.t("lineage.fromChain")),
    layout.edges.length === 0 ? h("p", {}, tr.t("lineage.none")) : renderLineage(ctx, layout),
  );
}
