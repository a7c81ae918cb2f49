import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Settings,
  absoluteUrl,
  defaultSettings,
  displayUrl,
  fetchServerSettings,
  isHttpUrl,
  parseServerSettings,
  parseStoredSettings,
  resolveSettings,
  settingsToSave,
  validateSettings,
  webConfigUrl,
  withoutSettingParams,
} from "./config.js";

const PAGE = "http://127.0.0.1:4350/dataset/0xabc";
const WEB_CONFIG = "http://127.0.0.1:4350/api/web-config";

describe("settings", () => {
  it("defaults to the indexer's origin for GraphQL and the deployment, and a local node for JSON-RPC", () => {
    expect(resolveSettings("", null, PAGE)).toEqual({
      settings: defaultSettings,
      sources: { rpcUrl: "default", graphqlUrl: "default", deploymentUrl: "default" },
      fromQuery: false,
      remember: {},
      problems: [],
    });
    expect(absoluteUrl(defaultSettings.graphqlUrl, PAGE)).toBe("http://127.0.0.1:4350/graphql");
    expect(absoluteUrl(defaultSettings.deploymentUrl, PAGE)).toBe("http://127.0.0.1:4350/api/deployment");
  });

  it("takes query parameters over remembered values over defaults", () => {
    const stored = JSON.stringify({ rpcUrl: "http://10.0.0.1:8545", graphqlUrl: "https://audit.example/graphql" });
    const resolved = resolveSettings("?rpc=http%3A%2F%2F10.0.0.9%3A8545&deployment=/custom.json", stored, PAGE);
    expect(resolved).toEqual({
      settings: { rpcUrl: "http://10.0.0.9:8545", graphqlUrl: "https://audit.example/graphql", deploymentUrl: "/custom.json" },
      sources: { rpcUrl: "query", graphqlUrl: "saved", deploymentUrl: "query" },
      fromQuery: true,
      remember: { rpcUrl: "http://10.0.0.9:8545", graphqlUrl: "https://audit.example/graphql", deploymentUrl: "/custom.json" },
      problems: [],
    });
  });

  describe("the JSON-RPC URL: the address, else the browser's saved one, else the server's, else the built-in default", () => {
    const server: Partial<Settings> = { rpcUrl: "https://rpc.zone.example" };
    const saved = JSON.stringify({ rpcUrl: "http://10.0.0.1:8545" });
    const rpc = (search: string, stored: string | null, given: Partial<Settings> = {}) => {
      const { settings, sources } = resolveSettings(search, stored, PAGE, given);
      return [settings.rpcUrl, sources.rpcUrl];
    };

    it.each([
      ["all four", "?rpc=http://10.0.0.9:8545", saved, server, ["http://10.0.0.9:8545", "query"]],
      ["saved, server, default", "", saved, server, ["http://10.0.0.1:8545", "saved"]],
      ["server, default", "", null, server, ["https://rpc.zone.example", "server"]],
      ["the default alone", "", null, {}, ["http://127.0.0.1:8545", "default"]],
      ["the address and the server", "?rpc=http://10.0.0.9:8545", null, server, ["http://10.0.0.9:8545", "query"]],
      ["a refused address, and the server", "?rpc=ftp://x", null, server, ["https://rpc.zone.example", "server"]],
    ])("with %s, takes the first", (_, search, stored, given, expected) => {
      expect(rpc(search, stored, given)).toEqual(expected);
    });

    it("remembers what the address gave, never the server's value nor a default", () => {
      const resolved = resolveSettings("?graphql=https://audit.example/graphql", null, PAGE, server);
      expect(resolved.settings.rpcUrl).toBe("https://rpc.zone.example");
      expect(resolved.remember).toEqual({ graphqlUrl: "https://audit.example/graphql" });
      // So the next visit, without the parameter, still follows the server.
      expect(rpc("", JSON.stringify(resolved.remember), { rpcUrl: "https://rpc2.zone.example" })).toEqual(["https://rpc2.zone.example", "server"]);
    });

    it("saves from the settings panel only what differs from the server's and the default values", () => {
      const fallback = { ...defaultSettings, ...server };
      expect(settingsToSave({ ...fallback, graphqlUrl: "https://audit.example/graphql" }, fallback)).toEqual({ graphqlUrl: "https://audit.example/graphql" });
      expect(settingsToSave({ ...fallback, rpcUrl: "http://127.0.0.1:8545" }, fallback)).toEqual({ rpcUrl: "http://127.0.0.1:8545" });
      expect(settingsToSave(fallback, fallback)).toEqual({});
    });
  });

  it("drops the setting parameters from an address, keeping the others", () => {
    expect(withoutSettingParams("?rpc=http://x&hash=0xab&graphql=/g&deployment=/d&lang=zh-CN")).toBe("?hash=0xab&lang=zh-CN");
    expect(withoutSettingParams("?rpc=http://x")).toBe("");
    expect(withoutSettingParams("")).toBe("");
  });

  it("ignores a query parameter that is not an http(s) URL and says so", () => {
    const resolved = resolveSettings("?graphql=javascript:alert(1)&rpc=ftp://x", null, PAGE);
    expect(resolved.settings).toEqual(defaultSettings);
    expect(resolved.fromQuery).toBe(false);
    expect(resolved.remember).toEqual({});
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

describe("the server's settings (/api/web-config)", () => {
  it("are asked for beside the deployment record, on its origin", () => {
    expect(webConfigUrl("/api/deployment", PAGE)).toBe(WEB_CONFIG);
    expect(webConfigUrl("/deployment-other-chain.json", PAGE)).toBe(WEB_CONFIG);
    expect(webConfigUrl("https://dpr.zone.example/api/deployment", PAGE)).toBe("https://dpr.zone.example/api/web-config");
  });

  it("give the JSON-RPC URL, none, or nothing usable", () => {
    expect(parseServerSettings('{"rpcUrl":"https://rpc.zone.example"}', WEB_CONFIG)).toEqual({ kind: "given", url: WEB_CONFIG, settings: { rpcUrl: "https://rpc.zone.example" } });
    expect(parseServerSettings('{"rpcUrl":"/rpc"}', WEB_CONFIG)).toEqual({ kind: "given", url: WEB_CONFIG, settings: { rpcUrl: "http://127.0.0.1:4350/rpc" } });
    expect(parseServerSettings('{"rpcUrl":null}', WEB_CONFIG)).toEqual({ kind: "none", url: WEB_CONFIG });
    expect(parseServerSettings("<!doctype html><h1>DPR verifier</h1>", WEB_CONFIG)).toEqual({ kind: "failed", url: WEB_CONFIG, details: "the answer is not JSON" });
    expect(parseServerSettings('{"rpc":"https://rpc.zone.example"}', WEB_CONFIG)).toEqual({ kind: "failed", url: WEB_CONFIG, details: 'the answer has no "rpcUrl"' });
    expect(parseServerSettings("[1]", WEB_CONFIG)).toEqual({ kind: "failed", url: WEB_CONFIG, details: 'the answer has no "rpcUrl"' });
    expect(parseServerSettings('{"rpcUrl":"javascript:alert(1)"}', WEB_CONFIG)).toEqual({
      kind: "failed",
      url: WEB_CONFIG,
      details: '"rpcUrl" is not an http(s) URL: javascript:alert(1)',
    });
  });

  describe("from a real HTTP server", () => {
    let server: Server;
    let base: string;
    const answers: Record<string, (res: import("node:http").ServerResponse) => void> = {
      "/ok/api/web-config": (res) => res.writeHead(200, { "content-type": "application/json" }).end('{"rpcUrl":"http://127.0.0.1:9545"}\n'),
      "/missing/api/web-config": (res) => res.writeHead(404, { "content-type": "application/json" }).end('{"error":"no such endpoint"}'),
      "/silent/api/web-config": () => {
        // Never answers: the timeout must end the wait.
      },
    };

    beforeAll(async () => {
      server = createServer((req, res) => (answers[req.url ?? ""] ?? answers["/missing/api/web-config"]!)(res));
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("reads the answer, and never throws when there is none to read", async () => {
      expect(await fetchServerSettings(`${base}/ok/api/web-config`)).toEqual({ kind: "given", url: `${base}/ok/api/web-config`, settings: { rpcUrl: "http://127.0.0.1:9545" } });
      expect(await fetchServerSettings(`${base}/missing/api/web-config`)).toEqual({ kind: "failed", url: `${base}/missing/api/web-config`, details: "HTTP 404" });
      const silent = await fetchServerSettings(`${base}/silent/api/web-config`, undefined, 200);
      expect(silent.kind).toBe("failed");
      const closed = await fetchServerSettings("http://127.0.0.1:9/api/web-config");
      expect(closed.kind).toBe("failed");
    });
  });
});
