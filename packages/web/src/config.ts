/**
 * Where the page reads from: the chain's JSON-RPC endpoint (the verdict), the indexer's GraphQL
 * endpoint (history, lineage, the list of registrations) and the deployment record (the contract
 * addresses and the chain id). Defaults suit the indexer's own server, which serves this page, the
 * GraphQL API and the deployment record on one origin. Query parameters (`?rpc=…&graphql=…&deployment=…`)
 * override them and are remembered, like the settings panel's values, in localStorage.
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

export interface ResolvedSettings {
  settings: Settings;
  /** Whether the address named any setting (then the result is worth remembering). */
  fromQuery: boolean;
  /** Query parameters that were ignored because they are not http(s) URLs. */
  problems: SettingProblem[];
}

/**
 * The settings in force: each from the query string when it gives a valid one, else remembered,
 * else the default. An invalid query value is reported and changes nothing.
 *
 * @example
 * resolveSettings("?rpc=http://10.0.0.5:8545", localStorage.getItem(SETTINGS_KEY), location.href)
 */
export function resolveSettings(search: string, stored: string | null, base: string): ResolvedSettings {
  const query = new URLSearchParams(search);
  const remembered = parseStoredSettings(stored, base);
  const settings: Settings = { ...defaultSettings, ...remembered };
  const problems: SettingProblem[] = [];
  let fromQuery = false;
  for (const name of settingNames) {
    const value = query.get(settingParams[name]);
    if (value === null) continue;
    if (isHttpUrl(value, base)) {
      settings[name] = value.trim();
      fromQuery = true;
    } else {
      problems.push({ setting: name, value });
    }
  }
  return { settings, fromQuery, problems };
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
