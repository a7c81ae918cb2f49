/**
 * Where the page reads from: the chain's JSON-RPC endpoint (the verdict), the indexer's GraphQL
 * endpoint (history, lineage, the list of registrations) and the deployment record (the contract
 * addresses and the chain id). Defaults suit the indexer's own server, which serves this page, the
 * GraphQL API and the deployment record on one origin. Query parameters (`?rpc=…&graphql=…&deployment=…`)
 * override them for the visit; only the reader's explicit choice (the settings panel, or "Keep using this
 * registry" in the trust banner, see trust.ts) saves values in localStorage.
 *
 * The JSON-RPC endpoint is the one setting the page's origin cannot imply: the server that serves the
 * deployment record says which to use (`/api/web-config`, set by its operator). Each setting comes from
 * the first of: the address, the browser's saved settings, that server, the built-in default.
 */

export interface Settings {
  rpcUrl: string;
  graphqlUrl: string;
  deploymentUrl: string;
}

export type SettingName = keyof Settings;

export const defaultSettings: Readonly<Settings> = {
  rpcUrl: "http://127.0.0.1:8545",
  graphqlUrl: "/graphql",
  deploymentUrl: "/api/deployment",
};

/** The localStorage key of the remembered settings. */
export const SETTINGS_KEY = "dpr.verifier.settings";

/** The query parameter of each setting. */
export const settingParams: Readonly<Record<SettingName, string>> = {
  rpcUrl: "rpc",
  graphqlUrl: "graphql",
  deploymentUrl: "deployment",
};

export const settingNames = Object.keys(settingParams) as SettingName[];

/** A setting that was refused, and the value given. */
export interface SettingProblem {
  setting: SettingName;
  value: string;
}

/**
 * Whether `value` is an http(s) URL, absolute or relative to `base` (the page's address). Other
 * schemes are refused: the page only ever talks HTTP to these endpoints.
 */
export function isHttpUrl(value: string, base: string): boolean {
  if (value.trim() === "") return false;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Checks a complete set of settings; an empty list means every value is usable. */
export function validateSettings(settings: Settings, base: string): SettingProblem[] {
  return settingNames.filter((name) => !isHttpUrl(settings[name], base)).map((name) => ({ setting: name, value: settings[name] }));
}

/** The remembered settings, or nothing when none (or something unreadable) is stored. */
export function parseStoredSettings(stored: string | null, base: string): Partial<Settings> {
  if (!stored) return {};
  let document: unknown;
  try {
    document = JSON.parse(stored);
  } catch {
    return {};
  }
  if (typeof document !== "object" || document === null) return {};
  const result: Partial<Settings> = {};
  for (const name of settingNames) {
    const value = (document as Record<string, unknown>)[name];
    if (typeof value === "string" && isHttpUrl(value, base)) result[name] = value.trim();
  }
  return result;
}

/** Where a setting in force came from, first to last in precedence. */
export type SettingSource = "query" | "saved" | "server" | "default";

export interface ResolvedSettings {
  settings: Settings;
  sources: Record<SettingName, SettingSource>;
  /** Whether the address named any setting. */
  fromQuery: boolean;
  /**
   * The values someone chose: the saved ones with the address's over them (never stored without the
   * reader's explicit choice). A default or the server's value is not among them: once saved, it would
   * hide the server's later changes.
   */
  remember: Partial<Settings>;
  /** Query parameters that were ignored because they are not http(s) URLs. */
  problems: SettingProblem[];
}

/**
 * The settings in force: each from the query string when it gives a valid one, else remembered,
 * else the server's (`server`, from `/api/web-config`), else the default. An invalid query value is
 * reported and changes nothing.
 *
 * @example
 * resolveSettings("?rpc=http://10.0.0.5:8545", localStorage.getItem(SETTINGS_KEY), location.href)
 */
export function resolveSettings(search: string, stored: string | null, base: string, server: Partial<Settings> = {}): ResolvedSettings {
  const query = new URLSearchParams(search);
  const remembered = parseStoredSettings(stored, base);
  const settings = { ...defaultSettings };
  const sources = {} as Record<SettingName, SettingSource>;
  const remember: Partial<Settings> = { ...remembered };
  const problems: SettingProblem[] = [];
  let fromQuery = false;
  for (const name of settingNames) {
    const value = query.get(settingParams[name]);
    const valid = value !== null && isHttpUrl(value, base);
    if (value !== null && !valid) problems.push({ setting: name, value });
    if (valid) {
      settings[name] = remember[name] = value.trim();
      sources[name] = "query";
      fromQuery = true;
    } else if (remembered[name] !== undefined) {
      settings[name] = remembered[name];
      sources[name] = "saved";
    } else if (server[name] !== undefined) {
      settings[name] = server[name];
      sources[name] = "server";
    } else {
      sources[name] = "default";
    }
  }
  return { settings, sources, fromQuery, remember, problems };
}

/**
 * What the settings panel saves: the values that differ from what would be in force without them
 * (`fallback`: the server's, else the defaults). Saving the server's value as it is keeps following
 * the server; "Restore defaults" saves nothing.
 */
export function settingsToSave(values: Settings, fallback: Settings): Partial<Settings> {
  const chosen: Partial<Settings> = {};
  for (const name of settingNames) if (values[name].trim() !== fallback[name]) chosen[name] = values[name].trim();
  return chosen;
}

/** `search` without the setting parameters (`rpc`, `graphql`, `deployment`), other parameters kept. */
export function withoutSettingParams(search: string): string {
  const query = new URLSearchParams(search);
  for (const name of settingNames) query.delete(settingParams[name]);
  const rest = query.toString();
  return rest ? `?${rest}` : "";
}

/** Where the server that serves a deployment record says what the page should use. */
export const WEB_CONFIG_PATH = "/api/web-config";

/** `/api/web-config` on the deployment record's origin (the page's own, by default). */
export function webConfigUrl(deploymentUrl: string, base: string): string {
  return new URL(WEB_CONFIG_PATH, new URL(deploymentUrl, base)).toString();
}

/**
 * What the server said: `given` (its settings, to use where the address and the browser say nothing),
 * `none` (it names no JSON-RPC endpoint), or `failed` (no answer, or not one the page can use; the page
 * then carries on with its defaults).
 */
export type ServerSettings =
  | { kind: "given"; url: string; settings: Partial<Settings> }
  | { kind: "none"; url: string }
  | { kind: "failed"; url: string; details: string };

/**
 * Reads `/api/web-config`'s answer (`{"rpcUrl": "https://…" | null}`) from `url`. A relative `rpcUrl`
 * is taken relative to `url`.
 */
export function parseServerSettings(body: string, url: string): ServerSettings {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return { kind: "failed", url, details: "the answer is not JSON" };
  }
  const rpcUrl = typeof document === "object" && document !== null ? (document as Record<string, unknown>).rpcUrl : undefined;
  if (rpcUrl === null) return { kind: "none", url };
  if (typeof rpcUrl !== "string") return { kind: "failed", url, details: 'the answer has no "rpcUrl"' };
  if (!isHttpUrl(rpcUrl, url)) return { kind: "failed", url, details: `"rpcUrl" is not an http(s) URL: ${rpcUrl}` };
  return { kind: "given", url, settings: { rpcUrl: absoluteUrl(rpcUrl.trim(), url) } };
}

/**
 * Asks the server at `url` (see {@link webConfigUrl}) for its settings. Never throws: a server without
 * the endpoint (a plain static host), one that is down or slow, or a malformed answer gives `failed`.
 */
export async function fetchServerSettings(url: string, fetchImpl: typeof fetch = globalThis.fetch.bind(globalThis), timeoutMs = 5_000): Promise<ServerSettings> {
  try {
    const response = await fetchImpl(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { kind: "failed", url, details: `HTTP ${response.status}` };
    return parseServerSettings(await response.text(), url);
  } catch (error) {
    return { kind: "failed", url, details: error instanceof Error ? error.message : String(error) };
  }
}

/** An absolute URL for a setting's value (relative values resolve against the page). */
export function absoluteUrl(value: string, base: string): string {
  return bare(new URL(value, base));
}

/**
 * A URL as the page shows it: without the user name and password it may carry (RPC URLs sometimes
 * hold credentials there), and without the "/" that URL parsing adds to a bare origin.
 */
export function displayUrl(value: string): string {
  try {
    const url = new URL(value);
    url.username = "";
    url.password = "";
    return bare(url);
  } catch {
    return value;
  }
}

function bare(url: URL): string {
  const text = url.toString();
  return url.pathname === "/" && !url.search && !url.hash ? text.replace(/\/$/, "") : text;
}
