import { describe, expect, it } from "vitest";
import { emptyCatalogueQuery, parseRoute, routeHref } from "./routes.js";

const H = `0x${"Ab".repeat(32)}`;
const h = H.toLowerCase();

describe("routes", () => {
  it("reads the home page, a content hash (with its hash function) and a dataset id", () => {
    expect(parseRoute("/", "")).toEqual({ kind: "home" });
    expect(parseRoute("/", `?hash=${H}`)).toEqual({ kind: "hash", contentHash: h, algorithm: "sha256" });
    expect(parseRoute("/", `?hash=${h}&alg=SM3`)).toEqual({ kind: "hash", contentHash: h, algorithm: "sm3" });
    expect(parseRoute(`/dataset/${H}`, "")).toEqual({ kind: "dataset", datasetId: h });
    expect(parseRoute(`/dataset/${h}/`, "?rpc=http://x")).toEqual({ kind: "dataset", datasetId: h });
  });

  it("says what is malformed rather than reading anything", () => {
    expect(parseRoute("/", "?hash=0x1234")).toEqual({ kind: "invalid", what: "hash", value: "0x1234" });
    expect(parseRoute("/", `?hash=${h}&alg=md5`)).toEqual({ kind: "invalid", what: "algorithm", value: "md5" });
    expect(parseRoute("/dataset/not-an-id", "")).toEqual({ kind: "invalid", what: "dataset-id", value: "not-an-id" });
  });

  it("writes shareable addresses that keep the connection parameters", () => {
    expect(routeHref({ kind: "hash", contentHash: h as `0x${string}`, algorithm: "sha256" })).toBe(`/?hash=${h}`);
    expect(routeHref({ kind: "hash", contentHash: h as `0x${string}`, algorithm: "sm3" }, `?rpc=http%3A%2F%2F10.0.0.1%3A8545&hash=${h}&lang=en`)).toBe(
      `/?rpc=http%3A%2F%2F10.0.0.1%3A8545&hash=${h}&alg=sm3`,
    );
    expect(routeHref({ kind: "dataset", datasetId: h as `0x${string}` }, "?graphql=%2Fgql")).toBe(`/dataset/${h}?graphql=%2Fgql`);
    expect(routeHref({ kind: "home" }, "?hash=x")).toBe("/");
    // Round trip.
    const href = routeHref({ kind: "hash", contentHash: h as `0x${string}`, algorithm: "keccak256" });
    const url = new URL(href, "http://x");
    expect(parseRoute(url.pathname, url.search)).toEqual({ kind: "hash", contentHash: h, algorithm: "keccak256" });
  });

  it("reads the catalogue's search and filters, and drops values no filter knows, naming them", () => {
    expect(parseRoute("/catalogue", "")).toEqual({ kind: "catalogue", query: emptyCatalogueQuery });
    expect(parseRoute("/catalogue/", "?q=%E9%97%A8%E8%AF%8A&sector=Health&openness=conditional&right=processing-use&region=hk&purpose=0201&rpc=http://x")).toEqual({
      kind: "catalogue",
      query: { q: "门诊", sector: "health", openness: "conditional", right: "processing-use", region: "hk", purpose: "201", ignored: [] },
    });
    expect(parseRoute("/catalogue", "?sector=weather&purpose=abc&region=&right=holding")).toEqual({
      kind: "catalogue",
      query: {
        ...emptyCatalogueQuery,
        right: "holding",
        ignored: [
          { param: "sector", value: "weather" },
          { param: "purpose", value: "abc" },
        ],
      },
    });
    expect(parseRoute("/catalogue", "?purpose=70000")).toMatchObject({ query: { purpose: "", ignored: [{ param: "purpose", value: "70000" }] } });
    // The search is kept as typed (the indexer normalises it), cut at the indexer's limit.
    const long = "x".repeat(300);
    expect(parseRoute("/catalogue", `?q=${long}`)).toMatchObject({ query: { q: "x".repeat(256) } });
    expect(parseRoute("/catalogues", "")).toEqual({ kind: "home" });
  });

  it("writes the catalogue's address with only the filters given, keeping the connection parameters", () => {
    expect(routeHref({ kind: "catalogue", query: emptyCatalogueQuery }, "?graphql=%2Fgql&q=old")).toBe("/catalogue?graphql=%2Fgql");
    const query = { ...emptyCatalogueQuery, q: "<img src=x onerror=alert(1)>", region: "mo", purpose: "201" };
    const href = routeHref({ kind: "catalogue", query });
    expect(href).toBe("/catalogue?q=%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E&region=mo&purpose=201");
    const url = new URL(href, "http://x");
    expect(parseRoute(url.pathname, url.search)).toEqual({ kind: "catalogue", query });
    // A search of spaces only is no search.
    expect(routeHref({ kind: "catalogue", query: { ...emptyCatalogueQuery, q: "   " } })).toBe("/catalogue");
  });
});
