import { describe, expect, it } from "vitest";
import { absoluteUrl, defaultSettings, displayUrl, isHttpUrl, parseStoredSettings, resolveSettings, validateSettings } from "./config.js";

const PAGE = "http://127.0.0.1:4350/dataset/0xabc";

describe("settings", () => {
  it("defaults to the indexer's origin for GraphQL and the deployment, and a local node for JSON-RPC", () => {
    expect(resolveSettings("", null, PAGE)).toEqual({ settings: defaultSettings, fromQuery: false, problems: [] });
    expect(absoluteUrl(defaultSettings.graphqlUrl, PAGE)).toBe("http://127.0.0.1:4350/graphql");
    expect(absoluteUrl(defaultSettings.deploymentUrl, PAGE)).toBe("http://127.0.0.1:4350/api/deployment");
  });

  it("takes query parameters over remembered values over defaults", () => {
    const stored = JSON.stringify({ rpcUrl: "http://10.0.0.1:8545", graphqlUrl: "https://audit.example/graphql" });
    const resolved = resolveSettings("?rpc=http%3A%2F%2F10.0.0.9%3A8545&deployment=/custom.json", stored, PAGE);
    expect(resolved).toEqual({
      settings: { rpcUrl: "http://10.0.0.9:8545", graphqlUrl: "https://audit.example/graphql", deploymentUrl: "/custom.json" },
      fromQuery: true,
      problems: [],
    });
  });

  it("ignores a query parameter that is not an http(s) URL and says so", () => {
    const resolved = resolveSettings("?graphql=javascript:alert(1)&rpc=ftp://x", null, PAGE);
    expect(resolved.settings).toEqual(defaultSettings);
    expect(resolved.fromQuery).toBe(false);
    expect(resolved.problems).toEqual([
      { setting: "rpcUrl", value: "ftp://x" },
      { setting: "graphqlUrl", value: "javascript:alert(1)" },
    ]);
  });

  it("drops remembered values that are unreadable or not http(s)", () => {
    expect(parseStoredSettings("{oops", PAGE)).toEqual({});
    expect(parseStoredSettings(JSON.stringify({ rpcUrl: "data:text/plain,x", graphqlUrl: 42, deploymentUrl: "/d.json" }), PAGE)).toEqual({ deploymentUrl: "/d.json" });
  });

  it("validates every setting of a form, naming the ones refused", () => {
    expect(validateSettings(defaultSettings, PAGE)).toEqual([]);
    expect(validateSettings({ ...defaultSettings, rpcUrl: "", graphqlUrl: "mailto:a@b" }, PAGE)).toEqual([
      { setting: "rpcUrl", value: "" },
      { setting: "graphqlUrl", value: "mailto:a@b" },
    ]);
    expect(isHttpUrl("https://rpc.zone.example:8545/v1", PAGE)).toBe(true);
    expect(isHttpUrl("   ", PAGE)).toBe(false);
  });

  it("shows URLs without credentials and without the slash parsing adds to a bare origin", () => {
    expect(absoluteUrl("http://127.0.0.1:8545", PAGE)).toBe("http://127.0.0.1:8545");
    expect(displayUrl("https://user:secret@rpc.zone.example/v1?x=1")).toBe("https://rpc.zone.example/v1?x=1");
    expect(displayUrl("http://127.0.0.1:8545/")).toBe("http://127.0.0.1:8545");
    expect(displayUrl("/graphql")).toBe("/graphql");
  });
});
