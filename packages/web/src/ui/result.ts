/**
 * The result: the chain's verdict first (it never waits for the indexer), then what the indexer adds —
 * or a notice that it could not — and, where the two disagree, a warning naming both values.
 */
import type { RegisteredContent, VerifyContentReturnType } from "@dpr/sdk";
import type { Address } from "viem";
import { absoluteUrl, displayUrl } from "../config.js";
import type { DatasetDetails, IndexedParticipant } from "../graphql.js";
import type { MessageKey } from "../i18n/index.js";
import { routeHref } from "../routes.js";
import { type CheckState, type DetailChecks, type ItemCheck, checkDetails } from "../view/checks.js";
import { crossCheck } from "../view/crossCheck.js";
import { type GrantsView, chainGrantsView, indexedGrantsView } from "../view/grants.js";
import { layoutLineage, lineageFromChain, lineageFromIndexer } from "../view/lineage.js";
import { type ParticipantInfo, type Participants, mergeParticipants, participantOf, profileName } from "../view/participants.js";
import { type TimelineItem, timelineView } from "../view/timeline.js";
import type { Fact } from "../view/values.js";
import { type VerdictStatus, verdictView } from "../view/verdict.js";
import { zoneNotices } from "../view/zone.js";
import { h } from "./dom.js";
import { renderRegistryLabel } from "./header.js";
import type { RenderContext } from "./context.js";
import { batchView } from "../view/batch.js";
import { verifiedTitle } from "../view/titles.js";
import { renderBatchVerdict } from "./batch.js";
import { renderLineage } from "./lineage.js";
import { qrCode } from "./qr.js";
import { shortHex } from "./text.js";
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
  const clock = { chainTime: report.blockTime, wallTime: BigInt(Math.floor(Date.now() / 1000)) };
  const view = verdictView(report.result, participants, chainId, lookup, report.lifeCycle, clock);
  const share = routeHref(lookup === "dataset" || report.result.registered ? { kind: "dataset", datasetId: view.datasetId } : state.route, location.search);

  const verdict = h(
    "article",
    {
      // A dataset of revoked ancestry confers nothing, whatever its status: it wears the revoked colours.
      class: `verdict certificate status-${view.ancestryRevoked ? "revoked" : view.status}`,
      "data-testid": "verdict",
      "data-status": view.status,
      "data-dataset-id": view.datasetId,
      "data-claim": view.claim > 0 ? String(view.claim) : undefined,
      "data-ancestry-revoked": view.ancestryRevoked ? "true" : undefined,
      "aria-labelledby": "verdict-title",
    },
    renderRegistryLabel(ctx),
    view.certificate.length > 0 ? h("p", { class: "cert-caption" }, tr.t("look.cert.caption")) : null,
    h(
      "div",
      { class: "verdict-head" },
      h("span", { class: "verdict-icon", "aria-hidden": "true" }, ICONS[view.ancestryRevoked ? "revoked" : view.status]),
      h("h2", { id: "verdict-title", tabindex: "-1" }, text.message(view.headline)),
    ),
    renderTitle(ctx, report.result),
    h("p", { class: "summary" }, text.message(view.summary)),
    view.notes.length > 0 ? h("ul", { class: "verdict-notes", "data-testid": "verdict-notes" }, view.notes.map((note) => h("li", {}, text.message(note)))) : null,
    view.certificate.length > 0
      ? h(
          "div",
          { class: "cert-body" },
          h("dl", { class: "facts cert-facts", "data-testid": "certificate" }, view.certificate.map((fact) => h("div", { class: "fact" }, h("dt", {}, tr.t(fact.label)), h("dd", {}, text.value(fact.value))))),
          renderBackLink(ctx, view.datasetId),
        )
      : null,
    h(
      "p",
      { class: "read-at" },
      text.t("result.readAt", { block: { kind: "block", number: view.readAt } }),
      " ",
      h("a", { href: share, "data-internal": true, "data-testid": "share-link" }, tr.t("result.share")),
      view.certificate.length > 0 ? [" ", h("button", { type: "button", class: "button secondary print", onClick: () => window.print() }, tr.t("look.cert.print"))] : null,
    ),
  );

  const registered = report.result.registered ? report.result : null;
  const checks = itemChecks(ctx, participants);
  // A file found in an anchored batch is not "not registered": the batch's verdict takes the verdict's place.
  const batch = state.batch.kind === "done" ? state.batch.report : null;
  const batchVerdict = batch ? renderBatchVerdict(ctx, batch) : null;
  const replaced = batch !== null && !registered && batchView(batch.result, batch.manifestURI, batch.participants).status === "verified";
  // In the verdict's place, the batch's verdict carries its label too (whose registry answered).
  const label = replaced ? renderRegistryLabel(ctx) : null;
  if (label && batchVerdict) (batchVerdict as Element).prepend(label);
  const grants = indexed?.dataset ? indexedGrantsView(indexed.dataset.grants.items, indexed.dataset.grants.pageInfo.hasNextPage, participants) : registered ? chainGrantsView(registered.grants.active, participants) : null;
  const chainOnly = checks ? chainGrantsView(checks.chainOnlyGrants, participants) : null;
  // The zone's state beside the verdict it does not change: paused (until a time) or migrated (for good).
  const zone = zoneNotices(report.zone, report.blockTime).map((notice) =>
    h("p", { class: "banner notice zone-notice", role: "note", "data-testid": "zone-notice", "data-zone": notice.kind }, text.message(notice.message)),
  );
  return h(
    "section",
    { class: "result", "data-replaced-by": replaced ? "batch" : undefined },
    zone,
    replaced ? null : verdict,
    batchVerdict,
    renderIndexerState(ctx, details, participants),
    fold(ctx, "details", "result.details", view.facts.length, h("section", { class: "card", "aria-labelledby": "details-title" }, h("h2", { id: "details-title" }, tr.t("result.details")), renderFacts(text, view.facts))),
    registered && grants
      ? [
          fold(ctx, "confirmations", "confirmations.title", view.confirmations.length, renderConfirmations(ctx, view.confirmations, checks)),
          fold(ctx, "grants", "grants.title", grants.rows.length + (chainOnly?.rows.length ?? 0), renderGrants(ctx, grants, indexed?.dataset ? (checks ?? "unchecked") : null, chainOnly)),
          indexed?.dataset ? fold(ctx, "timeline", "timeline.title", timelineView(registered.datasetId, indexed.dataset.events.items, participants).length, renderTimeline(ctx, registered, indexed, participants, checks)) : null,
          renderLineageFold(ctx, registered, details, report.parentStatuses),
        ]
      : null,
  );
}

/** Sections the reader opened, by name: they stay open when the page re-renders (and for the next dataset). */
const openFolds = new Set<string>();

/** What in a section is a warning the reader must not have to unfold to see. */
const WARNINGS = '.banner.warning, .check-warnings, [data-check="not-on-chain"], [data-check="disagrees"], [data-check="chain-only"]';

/**
 * A long section folded away under its title and a count (`Grants (4)`): the section's own heading
 * moves into the summary, keeping its id (the section is labelled by it). A section holding a warning
 * (an item the chain does not have, or one the indexer hides) is open.
 */
function fold({ text }: RenderContext, name: string, title: MessageKey, count: number, section: Node): HTMLElement {
  const heading = (section as Element).querySelector(":scope > h2");
  const id = heading?.id || undefined;
  heading?.remove();
  const warns = (section as Element).querySelector(WARNINGS) !== null;
  const element = h(
    "details",
    { class: "card fold", "data-fold": name, "data-count": String(count), "data-warning": warns ? "true" : undefined, open: warns || openFolds.has(name) },
    h("summary", {}, h("h2", { id }, text.t("look.section.count", { title: { kind: "text", message: { key: title } }, count: { kind: "number", value: count } }))),
    section,
  );
  // Only the reader's own clicks are remembered (the page opening a section with a warning is not a choice).
  element.querySelector("summary")!.addEventListener("click", () => (element.open ? openFolds.delete(name) : openFolds.add(name)));
  return element;
}

/**
 * The dataset's title, when its metadata document is known: marked checked when the document's hash is
 * the metadata hash on chain, else as the indexer's.
 */
function renderTitle({ state, text }: RenderContext, result: VerifyContentReturnType): Node | null {
  if (!result.registered || state.details.kind !== "done") return null;
  const found = verifiedTitle(state.details.details.dataset?.metadataDocument, result.metadataHash, text.tr.lang);
  if (found.mismatch) return h("p", { class: "cert-title check-warnings", role: "note", "data-testid": "dataset-title", "data-verified": "mismatch" }, text.tr.t("look.cert.titleMismatch"));
  if (found.title === null) return null;
  return h(
    "p",
    { class: "cert-title", "data-testid": "dataset-title", "data-verified": String(found.verified) },
    h("strong", { translate: "no" }, found.title),
    " ",
    h("span", { class: `check check-${found.verified ? "verified" : "indexer-only"}` }, found.verified ? h("span", { "aria-hidden": "true" }, "✓ ") : null, text.tr.t(found.verified ? "look.cert.titleVerified" : "look.cert.titleIndexer")),
  );
}

/** The QR code and short link back to this dataset's page on this site (without any connection override). */
function renderBackLink({ text }: RenderContext, datasetId: `0x${string}`): Node {
  const url = new URL(routeHref({ kind: "dataset", datasetId }), location.origin);
  const short = `${url.host}/dataset/${shortHex(datasetId)}`;
  return h(
    "div",
    { class: "cert-link" },
    qrCode(url.href, text.tr.t("look.cert.qr")),
    h("p", {}, h("span", { class: "muted" }, text.tr.t("look.cert.link")), h("br", {}), h("a", { href: url.href, translate: "no", "data-testid": "back-link", title: url.href }, short)),
  );
}

/** The indexer's items checked against the chain, once the chain has answered about them; else null. */
function itemChecks({ state }: RenderContext, participants: Participants): DetailChecks | null {
  const { result, details } = state;
  if (result.kind !== "done" || details.kind !== "done" || typeof details.reads !== "object") return null;
  const { report } = result;
  if (!report.result.registered) return null;
  return checkDetails({ result: report.result, lifeCycle: report.lifeCycle, details: details.details, lineage: details.lineage, reads: details.reads, participants });
}

const CHECK_MARKS: Record<CheckState, { mark: string; key: MessageKey }> = {
  verified: { mark: "✓", key: "checks.verified" },
  "indexer-only": { mark: "", key: "checks.indexerOnly" },
  disagrees: { mark: "!", key: "checks.disagrees" },
  "not-on-chain": { mark: "✕", key: "checks.notOnChain" },
};

/** The small marker that says whether an item is checked on chain, and its warnings. */
function renderCheck(text: TextRenderer, check: ItemCheck | undefined): Node[] {
  const state = check?.state ?? "indexer-only";
  const { mark, key } = CHECK_MARKS[state];
  const marker = h("span", { class: `check check-${state}`, "data-check": state }, mark ? h("span", { "aria-hidden": "true" }, `${mark} `) : null, text.tr.t(key));
  const warnings = check?.warnings ?? [];
  return warnings.length > 0 ? [marker, h("ul", { class: "check-warnings", role: "note" }, warnings.map((w) => h("li", {}, text.message(w))))] : [marker];
}

/** A line saying whether the indexer's items are checked yet, or could not be. */
function renderChecksState({ state, text }: RenderContext): Node | null {
  const { details } = state;
  if (details.kind !== "done" || !details.details.dataset) return null;
  if (details.reads === "reading") return h("p", { class: "muted", role: "status", "data-testid": "checks-reading" }, text.tr.t("checks.reading"));
  if (details.reads === "failed") return h("p", { class: "banner notice", role: "status", "data-testid": "checks-failed" }, text.tr.t("checks.failed"));
  return null;
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
  const check = crossCheck(state.result.report.result, details.details, participants, state.result.report.blockTime, itemChecks(ctx, participants));
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

/** The confirmations: the chain's own (its `DatasetConfirmed` events), each marked so; those the indexer hides, warned of. */
function renderConfirmations({ text }: RenderContext, rows: ReturnType<typeof verdictView>["confirmations"], checks: DetailChecks | null): HTMLElement {
  const { tr } = text;
  const hidden = checks?.discrepancies.filter((d) => d.key === "checks.confirmation.hidden") ?? [];
  return h(
    "section",
    { class: "card", "aria-labelledby": "confirmations-title", "data-testid": "confirmations" },
    h("h2", { id: "confirmations-title" }, tr.t("confirmations.title")),
    rows.length === 0
      ? h("p", { class: "muted" }, tr.t("confirmations.none"))
      : h(
          "ol",
          { class: "confirmations" },
          rows.map((row) => h("li", {}, text.value(row.registrar), h("span", { class: "muted" }, " · "), text.value(row.time), " ", renderCheck(text, { state: "verified", warnings: [] }))),
        ),
    hidden.length > 0 ? h("ul", { class: "check-warnings", role: "note", "data-testid": "confirmations-hidden" }, hidden.map((w) => h("li", {}, text.message(w)))) : null,
  );
}

/**
 * The grants table. Rows from the indexer carry their check (`checks`; "unchecked" until the chain has
 * answered): a grant the chain does not have is struck and says so, never shown as a plain grant. Rows
 * from the chain that the indexer does not list (`chainOnly`) follow, marked.
 */
function renderGrants(ctx: RenderContext, view: GrantsView, checks: DetailChecks | "unchecked" | null, chainOnly: GrantsView | null): HTMLElement {
  const { text } = ctx;
  const { tr } = text;
  const checkOf = (id: string): ItemCheck | undefined => (checks === null ? { state: "verified", warnings: [] } : checks === "unchecked" ? undefined : checks.grants.get(id));
  const rows = [
    ...view.rows.map((row) => ({ row, check: checkOf(row.id), fromChain: false })),
    ...(chainOnly?.rows ?? []).map((row) => ({ row, check: undefined, fromChain: true })),
  ];
  const columns: MessageKey[] = ["grants.id", "grants.right", "grants.grantee", "grants.purpose", "grants.expires", "grants.mechanism", "grants.status"];
  return h(
    "section",
    { class: "card", "aria-labelledby": "grants-title", "data-testid": "grants", "data-source": view.source },
    h("h2", { id: "grants-title" }, tr.t("grants.title")),
    h("p", { class: "muted" }, tr.t(view.source === "indexer" ? "grants.fromIndexer" : "grants.fromChain")),
    checks !== null ? renderChecksState(ctx) : null,
    rows.length === 0
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
              rows.map(({ row, check, fromChain }) => {
                const missing = check?.state === "not-on-chain";
                return h(
                  "tr",
                  { class: missing ? "not-on-chain" : row.active ? "active" : "", "data-grant-id": row.id, "data-check": fromChain ? "chain-only" : (check?.state ?? "indexer-only") },
                  h("td", { "data-label": tr.t("grants.id"), translate: "no" }, missing ? h("del", {}, `#${row.id}`) : `#${row.id}`),
                  h("td", { "data-label": tr.t("grants.right") }, text.value(row.right)),
                  h("td", { "data-label": tr.t("grants.grantee") }, text.value(row.grantee)),
                  h("td", { "data-label": tr.t("grants.purpose") }, text.value(row.purpose)),
                  h("td", { "data-label": tr.t("grants.expires") }, text.value(row.expires)),
                  h("td", { "data-label": tr.t("grants.mechanism") }, text.value(row.mechanism)),
                  h(
                    "td",
                    { "data-label": tr.t("grants.status") },
                    missing ? null : h("span", { class: `badge grant-${row.active ? "active" : "inactive"}` }, text.value(row.status)),
                    " ",
                    fromChain
                      ? h("span", { class: "check check-chain-only", "data-check": "chain-only" }, h("span", { "aria-hidden": "true" }, "! "), tr.t("checks.fromChain"))
                      : renderCheck(text, check),
                  ),
                );
              }),
            ),
          ),
        ),
    view.more ? h("p", { class: "muted" }, tr.t("grants.more")) : null,
  );
}

function renderTimeline(ctx: RenderContext, registered: RegisteredContent, details: DatasetDetails, participants: Participants, checks: DetailChecks | null): HTMLElement {
  const { text } = ctx;
  const { tr } = text;
  const hiddenObjections = checks?.hiddenObjections ?? [];
  const dataset = details.dataset!;
  const items = timelineView(registered.datasetId, dataset.events.items, participants);
  return h(
    "section",
    { class: "card", "aria-labelledby": "timeline-title", "data-testid": "timeline" },
    h("h2", { id: "timeline-title" }, tr.t("timeline.title")),
    renderChecksState(ctx),
    // Objections the chain records and the trail leaves out: shown from the chain, with a warning.
    hiddenObjections.length > 0
      ? h(
          "div",
          { class: "banner warning", role: "alert", "data-testid": "hidden-objections" },
          h("h3", {}, tr.t("checks.objections.title")),
          h(
            "ul",
            {},
            hiddenObjections.map((o) =>
              h(
                "li",
                { "data-check": "chain-only" },
                text.t("checks.objection.fromChain", {
                  organisation: { kind: "participant", participant: participantOf(participants, o.organisation) },
                  status: { kind: "text", message: { key: `objection.${o.status}` } },
                  block: { kind: "block", number: o.block },
                }),
                " ",
                h("span", { class: "check check-chain-only", "data-check": "chain-only" }, tr.t("checks.fromChain")),
              ),
            ),
          ),
        )
      : null,
    items.length === 0
      ? h("p", {}, tr.t("timeline.none"))
      : h(
          "ol",
          { class: "timeline" },
          items.map((item) => {
            const check = checks ? checks.events.get(item.id) : undefined;
            return h(
              "li",
              { class: check?.state === "not-on-chain" ? "not-on-chain" : undefined, "data-check": check?.state ?? "indexer-only" },
              h(
                "p",
                { class: "what" },
                check?.state === "not-on-chain" ? h("del", {}, whatOf(text, item)) : whatOf(text, item),
                " ",
                renderCheck(text, check),
              ),
              h(
                "p",
                { class: "when muted" },
                text.value(item.time),
                item.actor ? [" · ", text.t("timeline.by", { actor: item.actor })] : null,
                " · ",
                h("span", { class: "tx" }, tr.t("timeline.tx"), " ", h("code", { class: "hex", translate: "no", title: item.txHash }, `${item.txHash.slice(0, 10)}…`)),
              ),
            );
          }),
        ),
    dataset.events.pageInfo.hasNextPage ? h("p", { class: "muted" }, text.t("timeline.more", { count: items.length })) : null,
  );
}

function whatOf(text: TextRenderer, item: TimelineItem): Node | string {
  return "raw" in item.what ? h("span", { translate: "no" }, item.what.raw) : text.message(item.what);
}

/** The lineage, folded under its title and the number of datasets it links to. */
function renderLineageFold(ctx: RenderContext, registered: RegisteredContent, details: DetailsState, parentStatuses: ReadonlyMap<string, string>): Node {
  const { text } = ctx;
  const { tr } = text;
  const document = details.kind === "done" ? details.details.dataset?.metadataDocument : null;
  const root = { id: registered.datasetId, status: registered.status, title: verifiedTitle(document, registered.metadataHash, tr.lang).title };
  const fromIndexer = details.kind === "done" && details.lineage !== null;
  const input = fromIndexer ? lineageFromIndexer(root, details.lineage!, tr.lang) : lineageFromChain(root, registered.parents, parentStatuses);
  const layout = layoutLineage(input);
  const section = h(
    "section",
    { class: "card", "aria-labelledby": "lineage-title", "data-testid": "lineage", "data-source": fromIndexer ? "indexer" : "chain" },
    h("h2", { id: "lineage-title" }, tr.t("lineage.title")),
    fromIndexer ? h("p", { class: "muted", "data-testid": "lineage-checked" }, tr.t("checks.lineage.beyond")) : h("p", { class: "muted" }, tr.t("lineage.fromChain")),
    layout.edges.length === 0 ? h("p", {}, tr.t("lineage.none")) : renderLineage(ctx, layout),
  );
  return fold(ctx, "lineage", "lineage.title", layout.nodes.length - 1, section);
}
