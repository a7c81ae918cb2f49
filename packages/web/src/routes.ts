/**
 * The page's shareable addresses: `/` (home), `/?hash=0x…[&alg=sm3]` (a content hash) and
 * `/dataset/0x…` (a dataset id). The indexer's server answers unknown non-API paths with index.html,
 * and Vite's dev server does the same, so these work on a reload and as links.
 */
import type { HashAlgorithmName } from "@dpr/sdk";
import { settingParams } from "./config.js";

export type Route =
  | { kind: "home" }
  | { kind: "hash"; contentHash: `0x${string}`; algorithm: HashAlgorithmName }
  | { kind: "dataset"; datasetId: `0x${string}` }
  /** An address that names something malformed: the page says what, and reads nothing. */
  | { kind: "invalid"; what: "hash" | "dataset-id" | "algorithm"; value: string };

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;
const ALGORITHMS: readonly HashAlgorithmName[] = ["sha256", "sm3", "keccak256"];

/** Whether `value` is 0x and 64 hex digits. */
export function isBytes32(value: string): value is `0x${string}` {
  return BYTES32.test(value);
}

/** The route of a location's path and query string. */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
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
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
