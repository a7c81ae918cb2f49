/**
 * The verifier page: state, actions and rendering by section. A section re-renders only when the
 * state it shows changes (form fields live outside the state, so typing never re-renders).
 */
import { type HashAlgorithmName, datasetIdOf, normaliseBatchPath } from "@dpr/sdk";
import { type ChainConnection, type ChainReport, connectChain, loadDeployment } from "../chain.js";
import {
  SETTINGS_KEY,
  type ServerSettings,
  type Settings,
  absoluteUrl,
  defaultSettings,
  displayUrl,
  fetchServerSettings,
  resolveSettings,
  settingsToSave,
  validateSettings,
  webConfigUrl,
  withoutSettingParams,
} from "../config.js";
import { VerifierError, toVerifierError } from "../errors.js";
import { type DatasetDetails, type IndexedLineage, createGraphqlClient, fetchCatalogue, fetchDatasetDetails, fetchDocuments, fetchLineage, fetchRecent } from "../graphql.js";
import { type FileHasher, HashCancelledError, createFileHasher } from "../hashing.js";
import { LANG_KEY, type Lang, detectLanguage } from "../i18n/index.js";
import { createTranslator } from "../i18n/translate.js";
import { type CatalogueQuery, type Route, isBytes32, parseRoute, routeHref } from "../routes.js";
import { type AnchorState, type ServerDeployment, builtPin, evaluateTrust, officialDeploymentUrl, parsePin, pinnedSettings, registryIdOf, resolveAnchor } from "../trust.js";
import { parseProofs } from "../view/batch.js";
import type { DetailReads } from "../view/checks.js";
import { catalogueFilter } from "../view/catalogue.js";
import { recentFilter } from "../view/recent.js";
import { type DatasetDocuments, createTitleLookup, mentionedDatasets } from "../view/titles.js";
import { renderBatch } from "./batch.js";
import { renderCatalogue, renderCatalogueSearch } from "./catalogue.js";
import type { RenderContext } from "./context.js";
import { h, replaceContent } from "./dom.js";
import { renderConnection, renderHeader, renderSettings, renderTrust } from "./header.js";
import { renderRecent } from "./recent.js";
import { renderResult } from "./result.js";
import type { Actions, Forms, State } from "./state.js";
import { type TextRenderer, createTextRenderer } from "./text.js";
import { cssVariables } from "./theme.js";
import { renderInputs } from "./verify.js";

export interface CreateAppOptions {
  root: HTMLElement;
  /** Starts the hashing worker (see main.ts: the bundler must see `new Worker(new URL(…))` there). */
  createWorker: () => Worker;
  storage?: Storage | undefined;
}

interface Section {
  element: HTMLElement;
  deps(state: State): readonly unknown[];
  render(context: RenderContext): Node | null;
  last?: readonly unknown[];
}

/** Builds the page in `root` and starts it: connects to the chain and runs the address's route. */
export function createApp(options: CreateAppOptions): { actions: Actions } {
  const { root } = options;
  const storage = options.storage ?? safeStorage();
  const base = () => location.href;
  const hasher: FileHasher = createFileHasher(options.createWorker);

  // What the build pins is in force where neither the address nor the browser names a value, as the
  // server's values are otherwise. The address's values are used, never saved without the reader's choice.
  let pinError: string | null = null;
  const pin = (() => {
    try {
      return parsePin(builtPin(), base());
    } catch (error) {
      pinError = error instanceof Error ? error.message : String(error);
      return parsePin(null, base());
    }
  })();
  const resolved = resolveSettings(location.search, storage?.getItem(SETTINGS_KEY) ?? null, base(), pinnedSettings(pin));
  const queryLang = new URLSearchParams(location.search).get("lang");
  const lang = detectLanguage(queryLang ?? storage?.getItem(LANG_KEY) ?? null, navigator.languages ?? []);
  const route = parseRoute(location.pathname, location.search);

  let state: State = {
    lang,
    settings: resolved.settings,
    sources: resolved.sources,
    server: null,
    settingsOpen: resolved.problems.length > 0,
    settingsErrors: {},
    settingsSaved: false,
    queryProblems: resolved.problems,
    anchor: { kind: "resolving" },
    deployment: null,
    trust: { kind: "resolving" },
    connection: { kind: resolved.sources.rpcUrl === "default" ? "configuring" : "connecting" },
    route,
    algorithm: "sha256",
    file: null,
    result: { kind: "idle" },
    details: { kind: "idle" },
    batch: { kind: "idle" },
    recent: { kind: "loading" },
    recentNames: new Map(),
    documents: new Map(),
    catalogue: { kind: "idle" },
    catalogueForm: 0,
  };
  const forms: Forms = {
    lookupValue: "",
    lookupKind: "hash",
    lookupAlgorithm: "sha256",
    recentSearch: "",
    recentStatus: "",
    catalogueSearch: "",
    proofsText: "",
    proofsName: "",
    batchPath: "",
  };
  fillLookup(forms, route);
  /** The file last hashed (kept to hash again under another algorithm). */
  let currentFile: File | null = null;
  let routeSeq = 0;
  let connectSeq = 0;
  let recentSeq = 0;
  let catalogueSeq = 0;
  /** What the catalogue shown (or being read) was read for. */
  let catalogueKey = "";
  /** Whether the current history entry is one the catalogue's search box made while the reader typed (typing replaces it). */
  let typedEntry = false;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let focusVerdict = false;
  let noticeTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * A verdict in notice is said again when its notice period ends by the reader's clock, so the page never
   * goes on saying "anyone may object until" a time that has passed (the chain's answer stays "notice"
   * until its next block: view/verdict.ts explains it).
   */
  const watchNoticeEnd = (report: ChainReport) => {
    clearTimeout(noticeTimer);
    const { result } = report;
    if (!result.registered || result.status !== "notice" || result.noticeEndsAt === null) return;
    const wait = Number(result.noticeEndsAt) * 1000 - Date.now();
    if (wait < 0 || wait > 2 ** 31 - 1) return;
    noticeTimer = setTimeout(() => {
      if (state.result.kind === "done" && state.result.report === report) set({ result: { ...state.result } });
    }, wait + 500);
  };

  // ------------------------------------------------------------------ rendering
  const section = (name: string, deps: Section["deps"], render: Section["render"]): Section => ({ element: h("div", { "data-section": name }), deps, render });
  const sections = {
    header: section("header", (s) => [s.lang, s.settingsOpen, s.route.kind], renderHeader),
    trust: section("trust", (s) => [s.lang, s.trust], renderTrust),
    connection: section("connection", (s) => [s.lang, s.connection, s.queryProblems, s.settings, s.sources, s.server], renderConnection),
    settings: section("settings", (s) => [s.lang, s.settingsOpen, s.settings, s.settingsErrors, s.settingsSaved], renderSettings),
    // The verdict first (a batch verdict in its place), then the inputs, folded once there is a verdict.
    result: section("result", (s) => [s.lang, s.result, s.details, s.batch, s.settings.graphqlUrl, s.trust, s.documents], renderResult),
    inputs: section("inputs", (s) => [s.lang, s.algorithm, s.file, s.route, s.result.kind], renderInputs),
    batch: section("batch", (s) => [s.lang, s.batch, s.file?.hash, s.result], renderBatch),
    recent: section("recent", (s) => [s.lang, s.recent, s.recentNames, s.settings.graphqlUrl, s.result.kind], renderRecent),
    catalogueSearch: section("catalogue-search", (s) => [s.lang, s.route.kind, s.catalogueForm], renderCatalogueSearch),
    catalogue: section("catalogue", (s) => [s.lang, s.route, s.catalogue, s.recentNames, s.settings.graphqlUrl], renderCatalogue),
    footer: section("footer", (s) => [s.lang, s.settings], ({ text, state: s }) =>
      h("p", {}, text.t("app.footer", { rpc: { kind: "raw", text: displayUrl(s.settings.rpcUrl) }, graphql: { kind: "raw", text: displayUrl(absoluteUrl(s.settings.graphqlUrl, base())) } })),
    ),
  };
  root.replaceChildren(
    sections.header.element,
    h(
      "main",
      { id: "main", tabindex: "-1" },
      sections.trust.element,
      sections.connection.element,
      sections.settings.element,
      sections.result.element,
      sections.inputs.element,
      sections.batch.element,
      sections.recent.element,
      sections.catalogueSearch.element,
      sections.catalogue.element,
    ),
    h("footer", { class: "site-footer" }, sections.footer.element),
  );
  for (const [name, value] of Object.entries(cssVariables())) document.documentElement.style.setProperty(name, value);

  // Titles of mentioned datasets, per language, for the documents the page holds now.
  let titled: DatasetDocuments = state.documents;
  const titleLookups = new Map<Lang, (id: string) => string | null>();
  const titleOf = (lang: Lang) => (id: string) => {
    if (titled !== state.documents) {
      titled = state.documents;
      titleLookups.clear();
    }
    let lookup = titleLookups.get(lang);
    if (!lookup) titleLookups.set(lang, (lookup = createTitleLookup(titled, lang)));
    return lookup(id);
  };
  const renderers = new Map<Lang, TextRenderer>();
  const textFor = (lang: Lang) => {
    let renderer = renderers.get(lang);
    if (!renderer) renderers.set(lang, (renderer = createTextRenderer(createTranslator(lang), titleOf(lang))));
    return renderer;
  };
  let scheduled = false;
  const render = () => {
    scheduled = false;
    const context: RenderContext = { state, forms, actions, text: textFor(state.lang) };
    document.documentElement.lang = state.lang;
    // The directory is a page of its own: the verifier's sections step aside.
    const inCatalogue = state.route.kind === "catalogue";
    for (const name of ["result", "inputs", "batch", "recent"] as const) sections[name].element.hidden = inCatalogue;
    document.title = inCatalogue ? `${context.text.tr.t("cat.title")} · ${context.text.tr.t("app.title")}` : context.text.tr.t("app.title");
    for (const section of Object.values(sections)) {
      const deps = section.deps(state);
      if (section.last && deps.length === section.last.length && deps.every((d, i) => d === section.last![i])) continue;
      section.last = deps;
      replaceContent(section.element, section.render(context));
    }
    if (focusVerdict && state.result.kind !== "loading") {
      focusVerdict = false;
      document.getElementById(state.result.kind === "done" ? "verdict-title" : "result-retry")?.focus();
    }
  };
  const set = (patch: Partial<State>) => {
    state = { ...state, ...patch };
    if ("anchor" in patch || "settings" in patch || "sources" in patch || "deployment" in patch) {
      state.trust = evaluateTrust(state.anchor, { settings: state.settings, sources: state.sources, deployment: state.deployment }, base());
    }
    if (!scheduled) {
      scheduled = true;
      queueMicrotask(render);
    }
  };

  // ------------------------------------------------------------------ settings, chain, indexer
  /** What is in force where neither the address nor the browser names a value: the build's pin, else the server's, else the defaults. */
  const fromServer = (): Partial<Settings> => ({ ...(state.server?.kind === "given" ? state.server.settings : {}), ...pinnedSettings(pin) });
  const fallback = (): Settings => ({ ...defaultSettings, ...fromServer() });
  /** What the page's own server answered at `/api/web-config`: the official endpoint. */
  let officialServer: ServerSettings | null = null;

  /**
   * Asks the page's own server which registry is official (trust.ts; also when the build pins it, to
   * show a server that disagrees), and the server beside the deployment record for the settings it gives
   * (the JSON-RPC endpoint); connects at once when the address, the browser or the build already named the
   * endpoint (the answer is then only the panel's fallback), else once it answers. Whatever they answer,
   * or if they do not, the page goes on.
   */
  const configure = async () => {
    const waiting = state.connection.kind === "configuring";
    if (!waiting) void connect();
    const officialWeb = webConfigUrl(officialDeploymentUrl(base()), base());
    const beside = webConfigUrl(state.settings.deploymentUrl, base());
    const [official, served] = await Promise.all([fetchServerSettings(officialWeb), fetchServerDeployment(officialDeploymentUrl(base()))]);
    const server: ServerSettings = beside === officialWeb ? official : await fetchServerSettings(beside);
    officialServer = official;
    const anchor: AnchorState = pinError ? { kind: "unknown", missing: ["deployment"], details: [pinError] } : resolveAnchor(pin, { deployment: served, web: official }, base());
    set({ server, anchor });
    // Settings saved in the panel meanwhile are the reader's choice: they stay.
    if (!waiting || state.connection.kind !== "configuring") return;
    const again = resolveSettings(location.search, storage?.getItem(SETTINGS_KEY) ?? null, base(), fromServer());
    set({ settings: again.settings, sources: again.sources });
    void connect();
  };

  const graphql = () => createGraphqlClient({ url: absoluteUrl(state.settings.graphqlUrl, base()) });

  const connect = async () => {
    const seq = ++connectSeq;
    // The pinned record where nothing names another: the official one, needing no fetch.
    const pinned = pin.deployment && (state.sources.deploymentUrl === "default" || state.sources.deploymentUrl === "server") ? pin.deployment : null;
    set({ connection: { kind: "connecting" }, deployment: pinned ? registryIdOf(pinned) : null });
    try {
      const deploymentUrl = absoluteUrl(state.settings.deploymentUrl, base());
      // Read before the node, so that the trust banner names the registry even when the node is unreachable.
      const deployment = pinned ?? (await loadDeployment(deploymentUrl));
      if (seq !== connectSeq) return;
      set({ deployment: registryIdOf(deployment) });
      const chain = await connectChain({ rpcUrl: absoluteUrl(state.settings.rpcUrl, base()), deploymentUrl, deployment });
      if (seq !== connectSeq) return;
      // Names read from another chain are not this one's.
      set({ connection: { kind: "ready", chain }, recentNames: new Map() });
      void nameRecent();
    } catch (error) {
      if (seq !== connectSeq) return;
      set({ connection: { kind: "error", error: toVerifierError(error, { rpc: displayUrl(state.settings.rpcUrl) }) } });
    }
    runRoute();
  };

  /**
   * The indexer's details, shown as soon as they come (marked as its record), then checked: each item
   * read back from the chain at the verdict's block (`verdict` resolves with the chain's answer).
   */
  const loadDetails = async (seq: number, chain: ChainConnection, datasetId: `0x${string}`, verdict: Promise<ChainReport>) => {
    const client = graphql();
    let details: DatasetDetails;
    try {
      details = await fetchDatasetDetails(client, datasetId);
      // Lineage is a second request: the API refuses it for an id it does not know. The names of
      // everyone the trail mentions come from the chain, like the verdict's.
      const [lineage, participants] = await Promise.all([
        details.dataset ? fetchLineage(client, datasetId).catch(() => null) : null,
        chain.participants(addressesInTrail(details)),
      ]);
      if (seq !== routeSeq) return;
      set({ details: { kind: "done", details, lineage, participants, reads: "reading" } });
      void loadTitles(seq, details, lineage, verdict);
    } catch (error) {
      if (seq === routeSeq) set({ details: { kind: "error", error: toVerifierError(error) } });
      return;
    }
    let reads: DetailReads | "failed";
    try {
      reads = await chain.readDetails(await verdict, details);
    } catch {
      reads = "failed";
    }
    if (seq === routeSeq && state.details.kind === "done") set({ details: { ...state.details, reads } });
  };

  const runRoute = () => {
    const seq = ++routeSeq;
    const { route: current, connection } = state;
    if (current.kind === "catalogue") {
      set({ result: { kind: "idle" }, details: { kind: "idle" } });
      void loadCatalogue(false);
      return;
    }
    if (current.kind === "home") return set({ result: { kind: "idle" }, details: { kind: "idle" } });
    if (current.kind === "invalid") {
      const code = current.what === "hash" ? "invalid-hash" : current.what === "dataset-id" ? "invalid-dataset-id" : "invalid-algorithm";
      return set({ result: { kind: "error", error: new VerifierError(code, { params: { value: current.value } }) }, details: { kind: "idle" } });
    }
    // No verdict without a checked connection: wait for it, or show nothing when it failed.
    if (connection.kind === "configuring" || connection.kind === "connecting") return set({ result: { kind: "loading" }, details: { kind: "idle" } });
    if (connection.kind === "error") return set({ result: { kind: "idle" }, details: { kind: "idle" } });
    const chain: ChainConnection = connection.chain;
    set({ result: { kind: "loading" }, details: { kind: "loading" } });
    const datasetId = current.kind === "dataset" ? current.datasetId : datasetIdOf({ contentHash: current.contentHash, algorithm: current.algorithm });
    const read = current.kind === "dataset" ? chain.lookupDataset(current.datasetId) : chain.verifyHash(current.contentHash, current.algorithm);
    void loadDetails(seq, chain, datasetId, read);
    read.then(
      (report) => {
        if (seq !== routeSeq) return;
        set({ result: { kind: "done", report, lookup: current.kind === "dataset" ? "dataset" : "hash", chainId: chain.chainId } });
        watchNoticeEnd(report);
      },
      (error: unknown) => {
        if (seq === routeSeq) set({ result: { kind: "error", error: toVerifierError(error, { rpc: displayUrl(state.settings.rpcUrl) }) } });
      },
    );
  };

  /**
   * Names the recent list's holders from the chain (the names the zone admin attested), as the verdict
   * names its holder; the indexer's list alone has only the self-declared profiles. Runs when either the
   * list or the connection arrives; without a chain the profiles' names stay, marked self-declared.
   */
  const nameRecent = async () => {
    const { recent, catalogue, connection } = state;
    if (connection.kind !== "ready") return;
    const holders = [...(recent.kind === "done" ? recent.items : []), ...(catalogue.kind === "done" ? catalogue.items.map((i) => i.dataset) : [])].map((d) => d.holderAddress.toLowerCase());
    const missing = [...new Set(holders)].filter((a) => !state.recentNames.has(a)) as `0x${string}`[];
    if (missing.length === 0) return;
    try {
      const found = await connection.chain.participants(missing);
      set({ recentNames: new Map([...state.recentNames, ...found]) });
    } catch {
      // The list stays as the indexer gave it.
    }
  };

  const loadRecent = async (more: boolean) => {
    const seq = ++recentSeq;
    const previous = state.recent;
    const after = more && previous.kind === "done" ? previous.endCursor : null;
    if (more && previous.kind === "done") set({ recent: { ...previous, loadingMore: true } });
    else set({ recent: { kind: "loading" } });
    try {
      const page = await fetchRecent(graphql(), { where: recentFilter(forms.recentSearch, forms.recentStatus), after });
      if (seq !== recentSeq) return;
      const items = more && previous.kind === "done" ? [...previous.items, ...page.items] : page.items;
      set({ recent: { kind: "done", items, hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor, loadingMore: false } });
      void nameRecent();
    } catch (error) {
      if (seq === recentSeq) set({ recent: { kind: "error", error: toVerifierError(error) } });
    }
  };

  /**
   * The titles of the datasets a verdict and its details mention (versions, parents, lineage, the
   * trail): the documents the details brought, then the others from the indexer. Without them the ids stay.
   */
  const loadTitles = async (seq: number, details: DatasetDetails, lineage: IndexedLineage | null, verdict: Promise<ChainReport>) => {
    const documents = new Map<string, string | null>();
    if (details.dataset) documents.set(details.dataset.id.toLowerCase(), details.dataset.metadataDocument);
    for (const side of [lineage?.up, lineage?.down])
      for (const { edge } of side?.edges.items ?? []) for (const node of [edge.parent, edge.child]) documents.set(node.id.toLowerCase(), node.metadataDocument);
    let report: ChainReport | null = null;
    try {
      report = await verdict;
    } catch {
      // No verdict: the trail's and the lineage's ids still get their titles.
    }
    const result = report?.result.registered ? report.result : null;
    const missing = mentionedDatasets({ result, events: details.dataset?.events.items, lineage }).filter((id) => !documents.has(id));
    if (seq !== routeSeq) return;
    // What the page learnt before stays: titles do not change with the dataset shown.
    set({ documents: new Map([...state.documents, ...documents]) });
    if (missing.length === 0) return;
    try {
      const found = await fetchDocuments(graphql(), missing);
      if (seq === routeSeq) set({ documents: new Map([...state.documents, ...found]) });
    } catch {
      // Titles are a convenience: the ids remain, and the details say when the indexer is unreachable.
    }
  };

  /** Reads a page of the catalogue for the address's search and filters (the next page when `more`). */
  const loadCatalogue = async (more: boolean) => {
    if (state.route.kind !== "catalogue") return;
    const query: CatalogueQuery = state.route.query;
    // The same search, language and indexer as the list shown (a reconnection to the chain): nothing to read again.
    const key = JSON.stringify([routeHref(state.route), state.lang, state.settings.graphqlUrl]);
    if (!more && key === catalogueKey && state.catalogue.kind !== "error") return;
    catalogueKey = key;
    const seq = ++catalogueSeq;
    const previous = state.catalogue;
    const after = more && previous.kind === "done" ? previous.endCursor : null;
    if (more && previous.kind === "done") set({ catalogue: { ...previous, loadingMore: true } });
    else set({ catalogue: { kind: "loading" } });
    try {
      const page = await fetchCatalogue(graphql(), { search: query.q, where: catalogueFilter(query), lang: state.lang, after });
      if (seq !== catalogueSeq) return;
      const items = more && previous.kind === "done" ? [...previous.items, ...page.items] : page.items;
      set({ catalogue: { kind: "done", items, totalCount: page.totalCount, facets: page.facets, hasNextPage: page.pageInfo.hasNextPage, endCursor: page.pageInfo.endCursor, loadingMore: false } });
      void nameRecent();
    } catch (error) {
      if (seq === catalogueSeq) set({ catalogue: { kind: "error", error: toVerifierError(error) } });
    }
  };

  /** Goes to the catalogue address `query` names: typing replaces the entry typing made, anything else adds one. */
  const showCatalogue = (query: CatalogueQuery, typed: boolean) => {
    const href = routeHref({ kind: "catalogue", query }, location.search);
    if (`${location.pathname}${location.search}` !== href) {
      if (typed && typedEntry) history.replaceState(null, "", href);
      else history.pushState(null, "", href);
    }
    typedEntry = typed;
    const route = parseRoute(location.pathname, location.search);
    if (!typed) {
      fillLookup(forms, route);
      set({ catalogueForm: state.catalogueForm + 1 });
    }
    set({ route });
    runRoute();
  };

  /**
   * Shows the address `href` (a new history entry unless it is the current one), or the current
   * address when null (after Back or Forward). `focus`: move the focus to the verdict once it is there.
   */
  const show = (href: string | null, focus: boolean) => {
    if (href !== null && `${location.pathname}${location.search}` !== href) history.pushState(null, "", href);
    const route = parseRoute(location.pathname, location.search);
    fillLookup(forms, route);
    focusVerdict = focus;
    typedEntry = false;
    clearTimeout(typingTimer);
    set({ route, catalogueForm: state.catalogueForm + 1 });
    runRoute();
  };

  // ------------------------------------------------------------------ actions
  const actions: Actions = {
    setLanguage(next: Lang) {
      storage?.setItem(LANG_KEY, next);
      set({ lang: next });
      // The catalogue's texts come in the reader's language.
      if (state.route.kind === "catalogue") void loadCatalogue(false);
    },
    toggleSettings() {
      set({ settingsOpen: !state.settingsOpen, settingsSaved: false, settingsErrors: {} });
    },
    saveSettings(values: Settings) {
      const problems = validateSettings(values, base());
      if (problems.length > 0) {
        set({ settingsErrors: Object.fromEntries(problems.map((p) => [p.setting, p.value])), settingsSaved: false });
        return;
      }
      // Only what differs from the server's or the default values is the reader's choice, and kept.
      const chosen = settingsToSave(values, fallback());
      if (Object.keys(chosen).length > 0) storage?.setItem(SETTINGS_KEY, JSON.stringify(chosen));
      else storage?.removeItem(SETTINGS_KEY);
      // The panel's values are now the reader's choice: the address's setting parameters no longer apply.
      dropSettingParams();
      const again = resolveSettings("", JSON.stringify(chosen), base(), fromServer());
      set({ settings: again.settings, sources: again.sources, settingsErrors: {}, settingsSaved: true, queryProblems: [] });
      void connect();
      void loadRecent(false);
    },
    keepRegistry() {
      // What is in force now, where it is not the server's or the pin's: as if chosen in the panel.
      const chosen = settingsToSave(state.settings, fallback());
      storage?.setItem(SETTINGS_KEY, JSON.stringify(chosen));
      dropSettingParams();
      const again = resolveSettings("", JSON.stringify(chosen), base(), fromServer());
      set({ settings: again.settings, sources: again.sources, queryProblems: [] });
    },
    backToOfficial() {
      storage?.removeItem(SETTINGS_KEY);
      dropSettingParams();
      // The official server's settings, not those of the server beside another deployment record.
      const server = officialServer;
      const again = resolveSettings("", null, base(), { ...(server?.kind === "given" ? server.settings : {}), ...pinnedSettings(pin) });
      set({ server, settings: again.settings, sources: again.sources, queryProblems: [], settingsOpen: false, settingsErrors: {}, settingsSaved: false });
      void connect();
      void loadRecent(false);
    },
    resetSettings() {
      actions.saveSettings(fallback());
    },
    reconnect() {
      void connect();
    },
    setAlgorithm(algorithm: HashAlgorithmName) {
      set({ algorithm });
      if (currentFile) actions.hashFile(currentFile);
    },
    hashFile(file: File) {
      const algorithm = state.algorithm;
      currentFile = file;
      // The previous verdict goes (it is not this file's), and any read still running for it is dropped.
      routeSeq++;
      set({ file: { name: file.name, size: file.size, algorithm, hashed: 0, hash: null, error: null }, batch: { kind: "idle" }, result: { kind: "idle" }, details: { kind: "idle" } });
      hasher
        .hash(file, algorithm, (hashed) => {
          if (state.file?.hash === null && currentFile === file) set({ file: { ...state.file, hashed } });
        })
        .then(
          ({ hash, size }) => {
            if (currentFile !== file) return;
            set({ file: { name: file.name, size, algorithm, hashed: size, hash, error: null } });
            show(routeHref({ kind: "hash", contentHash: hash, algorithm }, location.search), true);
          },
          (error: unknown) => {
            if (error instanceof HashCancelledError || currentFile !== file) return;
            set({ file: { name: file.name, size: file.size, algorithm, hashed: 0, hash: null, error: toVerifierError(error) } });
          },
        );
    },
    lookup() {
      const value = forms.lookupValue.trim();
      if (!isBytes32(value)) {
        focusVerdict = true;
        const code = forms.lookupKind === "dataset" ? "invalid-dataset-id" : "invalid-hash";
        return set({ result: { kind: "error", error: new VerifierError(code, { params: { value } }) }, details: { kind: "idle" } });
      }
      const lower = value.toLowerCase() as `0x${string}`;
      const next: Route = forms.lookupKind === "dataset" ? { kind: "dataset", datasetId: lower } : { kind: "hash", contentHash: lower, algorithm: forms.lookupAlgorithm };
      show(routeHref(next, location.search), true);
    },
    navigate(href: string) {
      const url = new URL(href, base());
      if (url.origin !== location.origin) {
        location.assign(url);
        return;
      }
      show(`${url.pathname}${url.search}`, false);
      window.scrollTo({ top: 0 });
    },
    retryResult() {
      focusVerdict = true;
      runRoute();
    },
    checkBatch() {
      void checkBatch();
    },
    searchRecent() {
      void loadRecent(false);
    },
    moreRecent() {
      void loadRecent(true);
    },
    searchCatalogue(now: boolean) {
      clearTimeout(typingTimer);
      const go = () => {
        if (state.route.kind !== "catalogue") return;
        const q = forms.catalogueSearch;
        // Only a change of the words searched for is a new search.
        if (q.trim() === state.route.query.q.trim()) return;
        showCatalogue({ ...state.route.query, q, ignored: [] }, !now);
      };
      if (now) go();
      else typingTimer = setTimeout(go, CATALOGUE_TYPING_PAUSE_MS);
    },
    filterCatalogue(name, value) {
      if (state.route.kind !== "catalogue") return;
      clearTimeout(typingTimer);
      // What is typed counts too, searched or not yet.
      showCatalogue({ ...state.route.query, q: forms.catalogueSearch, [name]: value, ignored: [] }, false);
    },
    moreCatalogue() {
      void loadCatalogue(true);
    },
  };

  const checkBatch = async () => {
    const file = currentFile;
    const hashed = state.file;
    if (!file || !hashed?.hash) return set({ batch: { kind: "error", error: "need-file" } });
    if (forms.proofsText.trim() === "") return set({ batch: { kind: "error", error: "need-proofs" } });
    let proofs;
    let path: string | undefined;
    try {
      proofs = parseProofs(forms.proofsText);
      if (forms.batchPath.trim() !== "") {
        try {
          path = normaliseBatchPath(forms.batchPath.trim());
        } catch (error) {
          throw new VerifierError("invalid-path", { params: { value: forms.batchPath.trim() }, cause: error });
        }
      }
    } catch (error) {
      return set({ batch: { kind: "error", error: toVerifierError(error) } });
    }
    if (state.connection.kind !== "ready") {
      return set({ batch: { kind: "error", error: state.connection.kind === "error" ? state.connection.error : new VerifierError("rpc-unreachable", { params: { rpc: displayUrl(state.settings.rpcUrl) }, retryable: true }) } });
    }
    const chain = state.connection.chain;
    try {
      let contentHash = hashed.hash;
      // The proofs name their hash function; a file hashed under another one is hashed again.
      if (proofs.algorithm !== hashed.algorithm) {
        set({ batch: { kind: "working", rehashing: proofs.algorithm } });
        contentHash = (await hasher.hash(file, proofs.algorithm, () => {})).hash;
      }
      set({ batch: { kind: "working", rehashing: null } });
      const report = await chain.verifyBatch(proofs, contentHash, path);
      set({ batch: { kind: "done", report } });
    } catch (error) {
      if (error instanceof HashCancelledError) return;
      set({ batch: { kind: "error", error: toVerifierError(error, { rpc: displayUrl(state.settings.rpcUrl) }) } });
    }
  };

  /** Removes `rpc`, `graphql` and `deployment` from the address (no new history entry). */
  const dropSettingParams = () => {
    const search = withoutSettingParams(location.search);
    if (search !== location.search) history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
  };

  // ------------------------------------------------------------------ events
  root.addEventListener("click", (event) => {
    const anchor = (event.target as Element | null)?.closest?.("a[data-internal]");
    if (!anchor || event.defaultPrevented || (event as MouseEvent).button !== 0) return;
    const mouse = event as MouseEvent;
    if (mouse.metaKey || mouse.ctrlKey || mouse.shiftKey || mouse.altKey) return;
    event.preventDefault();
    actions.navigate(anchor.getAttribute("href") ?? "/");
  });
  window.addEventListener("popstate", () => show(null, false));
  // A file dropped beside the drop zone must not make the browser navigate away to it.
  for (const type of ["dragover", "drop"]) {
    window.addEventListener(type, (event) => {
      if ((event as DragEvent).dataTransfer?.types.includes("Files")) event.preventDefault();
    });
  }

  render();
  void configure();
  void loadRecent(false);
  // The directory needs no chain: it is read at once, names following once the chain is connected.
  if (route.kind === "catalogue") runRoute();
  return { actions };
}

/** How long the catalogue's search box waits for typing to pause before it searches. */
const CATALOGUE_TYPING_PAUSE_MS = 300;

/** The look-up form (and the catalogue's search box) shows what the address names, so it can be edited and looked up again. */
function fillLookup(forms: Forms, route: Route): void {
  if (route.kind === "catalogue") forms.catalogueSearch = route.query.q;
  if (route.kind === "hash") Object.assign(forms, { lookupValue: route.contentHash, lookupKind: "hash", lookupAlgorithm: route.algorithm });
  else if (route.kind === "dataset") Object.assign(forms, { lookupValue: route.datasetId, lookupKind: "dataset" });
}

/** Every account the indexer's trail of a dataset names: actors, grantees, and addresses in event arguments. */
function addressesInTrail(details: DatasetDetails): `0x${string}`[] {
  const found = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) found.add(value.toLowerCase());
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === "object") Object.values(value).forEach(visit);
  };
  for (const event of details.dataset?.events.items ?? []) {
    visit(event.actor);
    visit(event.args);
  }
  for (const grant of details.dataset?.grants.items ?? []) visit(grant.granteeAddress);
  return [...found] as `0x${string}`[];
}

/** The page's own server's deployment record (`/api/deployment` on its origin); never throws. */
async function fetchServerDeployment(url: string): Promise<ServerDeployment> {
  try {
    return { kind: "given", url, deployment: await loadDeployment(url) };
  } catch (error) {
    const failure = toVerifierError(error);
    return { kind: "failed", url, details: failure.details ?? failure.message };
  }
}

/** localStorage, or nothing where it is unavailable (private modes, sandboxed frames). */
function safeStorage(): Storage | undefined {
  try {
    const storage = window.localStorage;
    storage.getItem(SETTINGS_KEY);
    return storage;
  } catch {
    return undefined;
  }
}
