/**
 * The page's shareable addresses: `/` (home), `/?hash=0x…[&alg=sm3]` (a content hash),
 * `/dataset/0x…` (a dataset id) and `/catalogue[?q=…&sector=…&openness=…&right=…&region=…&purpose=…]`
 * (the directory of data resources, searched and filtered). The indexer's server answers unknown non-API paths with index.html,
 * and Vite's dev server does the same, so these work on a reload and as links.
 */
import type { HashAlgorithmName } from "@dpr/sdk";
import { settingParams } from "./config.js";

export type Route =
  | { kind: "home" }
  | { kind: "hash"; contentHash: `0x${string}`; algorithm: HashAlgorithmName }
  | { kind: "dataset"; datasetId: `0x${string}` }
  | { kind: "catalogue"; query: CatalogueQuery }
  /** An address that names something malformed: the page says what, and reads nothing. */
  | { kind: "invalid"; what: "hash" | "dataset-id" | "algorithm"; value: string };

/** The catalogue's search and filters as the address gives them; "" where none is given. */
export interface CatalogueQuery {
  q: string;
  sector: string;
  openness: string;
  right: string;
  /** The grantee's jurisdiction ("where is your organisation?"). */
  region: string;
  /** A purpose code, as digits. */
  purpose: string;
  /** Parameters the address gave with a value no filter knows ("purpose=abc"): dropped, and named on the page. */
  ignored: readonly { param: string; value: string }[];
}

/** The catalogue's filter parameters, in address order, with the values each accepts. */
export const catalogueFilters = {
  sector: ["population", "finance", "health", "education", "transport", "biosafety", "other"],
  openness: ["open", "conditional", "not-open", "undeclared"],
  right: ["holding", "processing-use", "product-operation"],
  region: ["gz", "shenzhen", "zhuhai", "foshan", "huizhou", "dongguan", "zhongshan", "jiangmen", "zhaoqing", "hk", "mo", "mainland-other", "other"],
  purpose: null,
} as const satisfies Record<string, readonly string[] | null>;
export type CatalogueFilterName = keyof typeof catalogueFilters;
export const catalogueFilterNames = Object.keys(catalogueFilters) as CatalogueFilterName[];

/** The indexer refuses longer searches (docs/catalogue.md). */
export const MAX_CATALOGUE_SEARCH = 256;

/** An empty catalogue query: everything. */
export const emptyCatalogueQuery: CatalogueQuery = { q: "", sector: "", openness: "", right: "", region: "", purpose: "", ignored: [] };

function parseCatalogueQuery(query: URLSearchParams): CatalogueQuery {
  const ignored: { param: string; value: string }[] = [];
  const result: CatalogueQuery = { ...emptyCatalogueQuery, q: (query.get("q") ?? "").slice(0, MAX_CATALOGUE_SEARCH), ignored };
  for (const name of catalogueFilterNames) {
    const value = (query.get(name) ?? "").trim().toLowerCase();
    if (value === "") continue;
    const accepted = catalogueFilters[name];
    const valid = accepted === null ? /^\d{1,5}$/.test(value) && Number(value) <= 65_535 : (accepted as readonly string[]).includes(value);
    if (valid) result[name] = accepted === null ? String(Number(value)) : value;
    else ignored.push({ param: name, value });
  }
  return result;
}

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const ALGORITHMS: readonly HashAlgorithmName[] = ["sha256", "sm3", "keccak256"];

/** Whether `value` is 0x and 64 hex digits. */
export function isBytes32(value: string): value is `0x${string}` {
  return BYTES32.test(value);
}

/** The route of a location's path and query string. */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  if (/^\/catalogue\/?$/.test(pathname)) return { kind: "catalogue", query: parseCatalogueQuery(query) };
  const dataset = /^\/dataset\/([^/]*)\/?$/.exec(pathname);
  if (dataset) {
    const id = decodeURIComponent(dataset[1] ?? "").trim();
    return isBytes32(id) ? { kind: "dataset", datasetId: id.toLowerCase() as `0x${string}` } : { kind: "invalid", what: "dataset-id", value: id };
  }
  const hash = query.get("hash");
  if (hash === null) return { kind: "home" };
  const algorithm = (query.get("alg") ?? "sha256").trim().toLowerCase();
  if (!ALGORITHMS.includes(algorithm as HashAlgorithmName)) return { kind: "invalid", what: "algorithm", value: algorithm };
  const value = hash.trim();
  if (!isBytes32(value)) return { kind: "invalid", what: "hash", value };
  return { kind: "hash", contentHash: value.toLowerCase() as `0x${string}`, algorithm: algorithm as HashAlgorithmName };
}

/**
 * The address of a route. Connection parameters in `currentSearch` (`rpc`, `graphql`, `deployment`)
 * are kept, so a shared link reads from the same chain and indexer.
 */
export function routeHref(route: Route, currentSearch = ""): string {
  const current = new URLSearchParams(currentSearch);
  const query = new URLSearchParams();
  for (const name of Object.values(settingParams)) {
    const value = current.get(name);
    if (value !== null) query.set(name, value);
  }
  let path = "/";
  if (route.kind === "hash") {
    query.set("hash", route.contentHash);
    if (route.algorithm !== "sha256") query.set("alg", route.algorithm);
  } else if (route.kind === "dataset") {
    path = `/dataset/${route.datasetId}`;
  } else if (route.kind === "catalogue") {
    path = "/catalogue";
    if (route.query.q.trim() !== "") query.set("q", route.query.q);
    for (const name of catalogueFilterNames) if (route.query[name] !== "") query.set(name, route.query[name]);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
