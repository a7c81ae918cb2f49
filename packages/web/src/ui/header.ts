/** The page header, the connection settings and the connection's state. */
import { type Settings, displayUrl, settingNames, settingParams } from "../config.js";
import type { MessageKey } from "../i18n/index.js";
import { h } from "./dom.js";
import type { RenderContext } from "./context.js";

export function renderHeader({ state, actions, text }: RenderContext): Node {
  const { tr } = text;
  const other = state.lang === "en" ? "zh-CN" : "en";
  return h(
    "header",
    { class: "site-header" },
    h("a", { class: "skip-link", href: "#verify-title" }, tr.t("app.skip")),
    h(
      "div",
      { class: "brand" },
      h("a", { href: "/", "data-internal": true, class: "brand-link", "aria-label": tr.t("app.home") }, h("span", { class: "brand-mark", "aria-hidden": "true" }, "◆"), h("span", {}, tr.t("app.title"))),
      h("p", { class: "tagline" }, tr.t("app.tagline")),
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
