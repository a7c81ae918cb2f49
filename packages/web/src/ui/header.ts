/** The page header, the connection settings, the connection's state and the trust banner. */
import { type Settings, absoluteUrl, displayUrl, settingNames, settingParams } from "../config.js";
import type { MessageKey } from "../i18n/index.js";
import { emptyCatalogueQuery, routeHref } from "../routes.js";
import { type Anchor, type UsedRegistry, contractNames, registryIdOf } from "../trust.js";
import { type Child, h } from "./dom.js";
import type { RenderContext } from "./context.js";
import { shortHex } from "./text.js";

export function renderHeader({ state, actions, text }: RenderContext): Node {
  const { tr } = text;
  const other = state.lang === "en" ? "zh-CN" : "en";
  return h(
    "header",
    { class: "site-header" },
    h("a", { class: "skip-link", href: "#main" }, tr.t("app.skip")),
    h(
      "div",
      { class: "brand" },
      h("a", { href: "/", "data-internal": true, class: "brand-link", "aria-label": tr.t("app.home") }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "◆"), h("span", {}, tr.t("app.title"))),
      h("p", { class: "tagline" }, tr.t("app.tagline")),
    ),
    h(
      "nav",
      { class: "site-nav", "aria-label": tr.t("nav.label") },
      navLink(routeHref({ kind: "home" }, location.search), tr.t("nav.verify"), state.route.kind !== "catalogue", "nav-verify"),
      navLink(routeHref({ kind: "catalogue", query: emptyCatalogueQuery }, location.search), tr.t("nav.catalogue"), state.route.kind === "catalogue", "nav-catalogue"),
    ),
    h(
      "div",
      { class: "header-actions" },
      h(
        "button",
        { type: "button", id: "settings-toggle", class: "button secondary", "aria-expanded": String(state.settingsOpen), "aria-controls": "settings-panel", onClick: () => actions.toggleSettings() },
        tr.t("settings.toggle"),
      ),
      // The other language's name, in that language (marked so, for screen readers).
      h("button", { type: "button", id: "lang-toggle", class: "button secondary", lang: other, "data-testid": "language", onClick: () => actions.setLanguage(other) }, tr.t("lang.switch")),
    ),
  );
}

/** A link of the page's navigation; the current page's is marked so. */
function navLink(href: string, label: string, current: boolean, id: string): Node {
  return h("a", { href, id, "data-internal": true, class: "nav-link", "aria-current": current ? "page" : undefined }, label);
}

const settingLabels: Record<keyof Settings, MessageKey> = {
  rpcUrl: "settings.rpcUrl",
  graphqlUrl: "settings.graphqlUrl",
  deploymentUrl: "settings.deploymentUrl",
};

export function renderSettings({ state, actions, text }: RenderContext): Node | null {
  if (!state.settingsOpen) return null;
  const { tr } = text;
  const example = `?${settingNames.map((name) => `${settingParams[name]}=…`).join("&")}`;
  const inputs = new Map<keyof Settings, HTMLInputElement>();
  const field = (name: keyof Settings) => {
    const id = `settings-${settingParams[name]}`;
    const error = state.settingsErrors[name];
    const input = h("input", {
      id,
      type: "url",
      inputmode: "url",
      spellcheck: "false",
      autocomplete: "off",
      translate: "no",
      value: state.settings[name],
      "aria-invalid": error ? "true" : undefined,
      "aria-describedby": error ? `${id}-error` : undefined,
    });
    inputs.set(name, input);
    return h(
      "div",
      { class: "field" },
      h("label", { for: id }, tr.t(settingLabels[name])),
      input,
      error ? h("p", { id: `${id}-error`, class: "field-error" }, text.t("settings.invalid", { value: { kind: "raw", text: error } })) : null,
    );
  };
  return h(
    "section",
    { id: "settings-panel", class: "card settings", "aria-labelledby": "settings-title" },
    h("h2", { id: "settings-title" }, tr.t("settings.title")),
    h("p", { class: "help" }, text.t("settings.help", { example: { kind: "code", text: example } })),
    h(
      "form",
      {
        novalidate: true,
        onSubmit: (event: Event) => {
          event.preventDefault();
          const values = Object.fromEntries(settingNames.map((name) => [name, inputs.get(name)!.value.trim()])) as unknown as Settings;
          actions.saveSettings(values);
        },
      },
      settingNames.map(field),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "submit", class: "button", id: "settings-save" }, tr.t("settings.save")),
        h("button", { type: "button", class: "button secondary", id: "settings-reset", onClick: () => actions.resetSettings() }, tr.t("settings.reset")),
      ),
      state.settingsSaved ? h("p", { class: "saved", role: "status" }, tr.t("settings.saved")) : null,
    ),
  );
}

export function renderConnection(context: RenderContext): Node {
  const { state, actions, text } = context;
  const { tr } = text;
  const rpc = { kind: "raw", text: displayUrl(state.settings.rpcUrl) } as const;
  const ignored = state.queryProblems.map((p) =>
    h("p", { class: "banner warning", role: "alert" }, text.t("settings.queryIgnored", { param: { kind: "raw", text: settingParams[p.setting] }, value: { kind: "raw", text: p.value } })),
  );
  const { connection } = state;
  if (connection.kind === "configuring") return h("div", { class: "connection" }, ignored, h("p", { class: "connection-line", role: "status" }, tr.t("conn.configuring")));
  if (connection.kind === "connecting") return h("div", { class: "connection" }, ignored, h("p", { class: "connection-line", role: "status" }, text.t("conn.connecting", { rpc })));
  if (connection.kind === "ready") {
    return h("div", { class: "connection" }, ignored, h("p", { class: "connection-line ready", "data-testid": "connection" }, text.t("conn.ready", { chainId: connection.chain.chainId, rpc })));
  }
  return h(
    "div",
    { class: "connection" },
    ignored,
    h(
      "div",
      { class: "banner error", role: "alert", "data-testid": "chain-error", "data-code": connection.error.code },
      h("h2", {}, tr.t("conn.errorTitle")),
      h("p", {}, text.error(connection.error)),
      renderServerNote(context),
      h("p", {}, tr.t("conn.noVerdict")),
      h("button", { type: "button", class: "button", id: "reconnect", onClick: () => actions.reconnect() }, tr.t("conn.retry")),
    ),
  );
}

/**
 * Why the page uses its built-in JSON-RPC endpoint, when connecting failed: the server that serves
 * the deployment record names none, or could not be asked. (Silent otherwise: a page on a plain static
 * host never has a server to ask, and needs no note while its endpoint works.)
 */
function renderServerNote({ state, text }: RenderContext): Node | null {
  const { server } = state;
  if (state.sources.rpcUrl !== "default" || !server || server.kind === "given") return null;
  const url = { kind: "raw", text: displayUrl(server.url) } as const;
  const param = { kind: "code", text: `?${settingParams.rpcUrl}=…` } as const;
  if (server.kind === "none") {
    return h("p", { "data-testid": "server-settings", "data-kind": "none" }, text.t("conn.serverNone", { url, param, flag: { kind: "code", text: "--public-rpc-url" } }));
  }
  return h(
    "p",
    { "data-testid": "server-settings", "data-kind": "failed" },
    text.t("conn.serverFailed", { url, param }),
    h("details", { class: "technical" }, h("summary", {}, text.tr.t("result.technical")), h("code", { translate: "no" }, server.details)),
  );
}

const contractLabels: Record<(typeof contractNames)[number], MessageKey> = {
  directory: "trust.row.directory",
  datasets: "trust.row.datasets",
  grants: "trust.row.grants",
  anchors: "trust.row.anchors",
};

/** The kind of banner last announced (role="alert"): a banner is announced when it first appears, not on each re-render. */
let announced: string | null = null;

/**
 * The trust banner, at the top of the page while it reads anything but the official registry (trust.ts):
 * what it reads instead beside the official values, where that came from, and the two ways out. Also when
 * there is no official registry to compare with, and when the server disagrees with the build's pin.
 */
export function renderTrust(context: RenderContext): Node | null {
  const { state, text, actions } = context;
  const { tr } = text;
  const { trust } = state;
  if (trust.kind === "resolving") return null;
  const disagrees = trust.kind !== "unknown" ? renderServerDisagrees(context, trust.anchor) : null;
  if (trust.kind === "official" && !disagrees) {
    // Gone: a banner that comes back later is announced again.
    announced = null;
    return null;
  }
  if (trust.kind === "official") return banner("server-disagrees", "trust.serverDisagrees.title", disagrees);
  if (trust.kind === "unknown") {
    return banner(
      "unknown",
      "trust.unknown.title",
      h("p", {}, tr.t("trust.unknown.body")),
      renderRegistryTable(context, trust.used, null),
      trust.details.length > 0 ? h("details", { class: "technical" }, h("summary", {}, tr.t("result.technical")), trust.details.map((d) => h("p", {}, h("code", { translate: "no" }, d)))) : null,
    );
  }
  return banner(
    "other",
    "trust.title",
    h("p", { class: "trust-lead" }, tr.t(trust.otherVerdicts ? "trust.lead.verdicts" : "trust.lead.indexer")),
    h("p", { "data-testid": "trust-origin", "data-saved": trust.unsaved ? "false" : "true" }, tr.t(trust.unsaved ? "trust.fromLink" : "trust.fromSaved")),
    renderRegistryTable(context, trust.used, trust.anchor),
    disagrees,
    h(
      "div",
      { class: "actions" },
      trust.unsaved ? h("button", { type: "button", class: "button secondary", id: "trust-keep", onClick: () => actions.keepRegistry() }, tr.t("trust.keep")) : null,
      h("button", { type: "button", class: "button", id: "trust-back", onClick: () => actions.backToOfficial() }, tr.t("trust.back")),
    ),
  );

  function banner(kind: string, title: MessageKey, ...children: Child[]): HTMLElement {
    const first = announced !== kind;
    announced = kind;
    return h(
      "section",
      { class: `trust-banner trust-${kind}`, "data-testid": "trust-banner", "data-trust": kind, role: first ? "alert" : "region", "aria-labelledby": "trust-title" },
      h("h2", { id: "trust-title" }, h("span", { class: "trust-icon", "aria-hidden": "true" }, "⚠"), " ", tr.t(title)),
      children,
    );
  }
}

/** The registry in use beside the official one (when there is one), row by row, differing rows marked. */
function renderRegistryTable({ text }: RenderContext, used: UsedRegistry, official: Anchor | null): Node {
  const { tr } = text;
  const officialId = official ? registryIdOf(official.deployment) : null;
  const notRead = () => h("em", {}, tr.t("trust.notRead"));
  const hex = (value: string) => h("code", { translate: "no", class: "hex", title: value }, shortHex(value));
  const url = (value: string) => h("span", { translate: "no", class: "uri" }, displayUrl(value));
  const rows: { key: string; label: MessageKey; used: Node; official: Node | null; same: boolean; full: [string | null, string | null] }[] = [];
  const chainSame = used.registry !== null && officialId !== null && used.registry.chainId === officialId.chainId;
  rows.push({
    key: "chainId",
    label: "trust.row.chainId",
    used: used.registry ? h("span", { translate: "no" }, String(used.registry.chainId)) : notRead(),
    official: officialId ? h("span", { translate: "no" }, String(officialId.chainId)) : null,
    same: chainSame,
    full: [null, null],
  });
  for (const name of contractNames) {
    const mine = used.registry?.contracts[name] ?? null;
    const theirs = officialId?.contracts[name] ?? null;
    rows.push({ key: name, label: contractLabels[name], used: mine ? hex(mine) : notRead(), official: theirs ? hex(theirs) : null, same: mine !== null && theirs !== null && mine.toLowerCase() === theirs.toLowerCase(), full: [mine, theirs] });
  }
  for (const setting of ["rpcUrl", "graphqlUrl", "deploymentUrl"] as const) {
    const theirs = official ? official[setting] : null;
    rows.push({ key: setting, label: `trust.row.${setting}`, used: url(used[setting]), official: theirs ? url(theirs) : null, same: theirs !== null && used[setting] === theirs, full: [null, null] });
  }
  const withFull = rows.filter((row) => row.full[0] !== null || row.full[1] !== null);
  return h(
    "div",
    { class: "trust-registry" },
    h(
      "table",
      { class: "trust-table", "data-testid": "trust-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, tr.t("trust.col.what")), h("th", { scope: "col" }, tr.t("trust.col.used")), official ? h("th", { scope: "col" }, tr.t("trust.col.official")) : null)),
      h(
        "tbody",
        {},
        rows.map((row) =>
          h(
            "tr",
            { "data-row": row.key, "data-differs": official && !row.same ? "true" : undefined },
            h("th", { scope: "row" }, tr.t(row.label)),
            h("td", {}, row.used, official && !row.same ? [" ", h("span", { class: "trust-differs" }, tr.t("trust.differs"))] : null),
            official ? h("td", {}, row.official) : null,
          ),
        ),
      ),
    ),
    withFull.length > 0
      ? h(
          "details",
          { class: "trust-full" },
          h("summary", {}, tr.t("trust.fullValues")),
          h(
            "dl",
            {},
            withFull.map((row) =>
              h(
                "div",
                {},
                h("dt", {}, tr.t(row.label)),
                row.full[0] ? h("dd", {}, tr.t("trust.col.used"), " ", h("code", { translate: "no", "data-full": row.key }, row.full[0])) : null,
                official && row.full[1] ? h("dd", {}, tr.t("trust.col.official"), " ", h("code", { translate: "no" }, row.full[1])) : null,
              ),
            ),
          ),
        )
      : null,
  );
}

/** What the server serving the page names where the build pins another registry or node. */
function renderServerDisagrees({ text }: RenderContext, anchor: Anchor): Node | null {
  const disagrees = anchor.serverDisagrees;
  if (!disagrees) return null;
  const parts: string[] = [];
  if (disagrees.deployment) parts.push(`${text.tr.t("trust.row.chainId")} ${disagrees.deployment.chainId}: ${contractNames.map((name) => shortHex(disagrees.deployment!.contracts[name])).join(", ")}`);
  if (disagrees.rpcUrl) parts.push(displayUrl(disagrees.rpcUrl));
  return h("p", { "data-testid": "trust-server-disagrees" }, text.t("trust.serverDisagrees", { what: { kind: "raw", text: parts.join("; ") } }));
}

/**
 * The label at the top of a verdict that is not the official registry's (another node or deployment
 * record), or that could not be compared with one. Null for the official registry's verdicts.
 */
export function renderRegistryLabel({ state, text }: RenderContext): Node | null {
  const { trust } = state;
  const rpc = { kind: "raw", text: displayUrl(absoluteUrl(state.settings.rpcUrl, location.href)) } as const;
  if (trust.kind === "other" && trust.otherVerdicts) {
    return h("p", { class: "registry-label", "data-registry": "other", "data-testid": "registry-label" }, h("span", { "aria-hidden": "true" }, "⚠ "), text.t("trust.label.other", { rpc }));
  }
  if (trust.kind === "unknown") {
    return h("p", { class: "registry-label", "data-registry": "unknown", "data-testid": "registry-label" }, h("span", { "aria-hidden": "true" }, "⚠ "), text.t("trust.label.unknown", { rpc }));
  }
  return null;
}
