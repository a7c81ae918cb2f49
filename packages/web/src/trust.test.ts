import type { Deployment } from "@dpr/sdk";
import { serializeDeployment } from "@dpr/sdk";
import { getAddress } from "viem";
import { describe, expect, it } from "vitest";
import { type ServerSettings, type SettingName, type SettingSource, type Settings, defaultSettings, resolveSettings } from "./config.js";
import { type AnchorState, type Pin, type ServerDeployment, evaluateTrust, noPin, officialDeploymentUrl, parsePin, pinnedSettings, registryIdOf, resolveAnchor, sameRegistry } from "./trust.js";

const PAGE = "https://dpr.zone.example/dataset/0xabc";
const ORIGIN = "https://dpr.zone.example";
const OFFICIAL_RPC = "https://rpc.zone.example";
const address = (digit: string) => getAddress(`0x${digit.repeat(40)}`);

const official: Deployment = {
  format: "dpr-deployment/1",
  chainId: 31337,
  contracts: { directory: address("1"), datasets: address("2"), grants: address("3"), anchors: address("4"), forwarder: address("5") },
  deploymentBlock: 1n,
  noticePeriod: 3600n,
  zoneAdmin: address("a"),
  deployedAt: "2026-01-01T00:00:00.000Z",
};
/** The attacker's record: same chain, its own contracts. */
const forged: Deployment = { ...official, contracts: { ...official.contracts, datasets: address("9") } };

const servedOk: ServerDeployment = { kind: "given", url: `${ORIGIN}/api/deployment`, deployment: official };
const webOk: ServerSettings = { kind: "given", url: `${ORIGIN}/api/web-config`, settings: { rpcUrl: OFFICIAL_RPC } };

const known = (pin: Pin = noPin, deployment: ServerDeployment = servedOk, web: ServerSettings = webOk): AnchorState => resolveAnchor(pin, { deployment, web }, PAGE);

/** The trust of the page opened at `search` with `stored` settings, having read `record` (null: not yet). */
function trustOf(search: string, stored: Partial<Settings> | null, record: Deployment | null, anchor = known()) {
  const server = anchor.kind === "known" ? { rpcUrl: anchor.anchor.rpcUrl } : {};
  const { settings, sources } = resolveSettings(search, stored ? JSON.stringify(stored) : null, PAGE, server);
  return evaluateTrust(anchor, { settings, sources, deployment: record ? registryIdOf(record) : null }, PAGE);
}

describe("the official registry (the anchor)", () => {
  it("is what the page's own server was started with: its deployment record and its JSON-RPC endpoint, GraphQL beside them", () => {
    expect(known()).toEqual({
      kind: "known",
      anchor: {
        deployment: official,
        deploymentUrl: `${ORIGIN}/api/deployment`,
        rpcUrl: OFFICIAL_RPC,
        graphqlUrl: `${ORIGIN}/graphql`,
        pinned: { deployment: false, rpcUrl: false, graphqlUrl: false },
        serverDisagrees: null,
      },
    });
    // Whatever the address names: the official record is on the page's own origin.
    expect(officialDeploymentUrl("https://dpr.zone.example/?deployment=https://evil.example/d.json")).toBe(`${ORIGIN}/api/deployment`);
  });

  it("takes a server that names no endpoint for the page's built-in one, which its policy allows", () => {
    const anchor = known(noPin, servedOk, { kind: "none", url: `${ORIGIN}/api/web-config` });
    expect(anchor.kind === "known" && anchor.anchor.rpcUrl).toBe(defaultSettings.rpcUrl);
  });

  it("is unknown, saying why, when neither the server nor the build names it", () => {
    const failed: ServerDeployment = { kind: "failed", url: `${ORIGIN}/api/deployment`, details: "HTTP 404" };
    const noWeb: ServerSettings = { kind: "failed", url: `${ORIGIN}/api/web-config`, details: "the answer is not JSON" };
    expect(known(noPin, failed, noWeb)).toEqual({
      kind: "unknown",
      missing: ["deployment", "rpcUrl"],
      details: [`${ORIGIN}/api/deployment: HTTP 404`, `${ORIGIN}/api/web-config: the answer is not JSON`],
    });
    expect(known(noPin, servedOk, noWeb)).toMatchObject({ kind: "unknown", missing: ["rpcUrl"] });
    // The defaults are not silently taken for the official registry.
    const trust = trustOf("", null, official, known(noPin, failed, noWeb));
    expect(trust.kind).toBe("unknown");
  });

  describe("pinned in the build", () => {
    const pin = parsePin({ deployment: serializeDeployment(official), rpcUrl: OFFICIAL_RPC, graphqlUrl: "/graphql" }, PAGE);

    it("reads the pin, and refuses a record that is not one", () => {
      expect(pin).toEqual({ deployment: official, rpcUrl: OFFICIAL_RPC, graphqlUrl: `${ORIGIN}/graphql` });
      expect(pinnedSettings(pin)).toEqual({ rpcUrl: OFFICIAL_RPC, graphqlUrl: `${ORIGIN}/graphql` });
      expect(parsePin(null, PAGE)).toEqual(noPin);
      expect(() => parsePin({ deployment: '{"format":"dpr-deployment/1"}', rpcUrl: null, graphqlUrl: null }, PAGE)).toThrow(/^the pinned deployment record is not a DPR deployment record: /);
    });

    it("wins over the server, and is enough without one (a static host)", () => {
      const failed: ServerDeployment = { kind: "failed", url: `${ORIGIN}/api/deployment`, details: "HTTP 404" };
      const anchor = known(pin, failed, { kind: "failed", url: `${ORIGIN}/api/web-config`, details: "HTTP 404" });
      expect(anchor).toMatchObject({ kind: "known", anchor: { deployment: official, rpcUrl: OFFICIAL_RPC, pinned: { deployment: true, rpcUrl: true }, serverDisagrees: null } });
    });

    it("shows a server that names another registry or node than the pin as not official", () => {
      const anchor = known(pin, { ...servedOk, deployment: forged }, { kind: "given", url: `${ORIGIN}/api/web-config`, settings: { rpcUrl: "https://rpc.evil.example" } });
      expect(anchor).toMatchObject({
        kind: "known",
        anchor: { deployment: official, rpcUrl: OFFICIAL_RPC, serverDisagrees: { deployment: registryIdOf(forged), rpcUrl: "https://rpc.evil.example" } },
      });
      // The page reads the pinned registry, so it is official; the banner still names the server.
      const trust = evaluateTrust(anchor, { settings: { ...defaultSettings, rpcUrl: OFFICIAL_RPC, graphqlUrl: "/graphql" }, sources: sources("server"), deployment: registryIdOf(official) }, PAGE);
      expect(trust.kind).toBe("official");
    });
  });
});

function sources(rpc: SettingSource, graphql: SettingSource = "default", deployment: SettingSource = "default"): Record<SettingName, SettingSource> {
  return { rpcUrl: rpc, graphqlUrl: graphql, deploymentUrl: deployment };
}

describe("whether the page reads the official registry", () => {
  it("does with no setting named, and with a link that names the official values themselves", () => {
    expect(trustOf("", null, official).kind).toBe("official");
    expect(trustOf(`?rpc=${OFFICIAL_RPC}/&graphql=/graphql&deployment=/api/deployment`, null, official).kind).toBe("official");
    // Not read yet, at the official address: official.
    expect(trustOf("", null, null).kind).toBe("official");
  });

  it("does not when a link names the attacker's node and its forged record, naming both beside the official ones", () => {
    const trust = trustOf("?rpc=http://203.0.113.7:8545&deployment=http://203.0.113.7/deployment.json", null, forged);
    expect(trust).toMatchObject({
      kind: "other",
      otherVerdicts: true,
      unsaved: true,
      used: { registry: registryIdOf(forged), rpcUrl: "http://203.0.113.7:8545", deploymentUrl: "http://203.0.113.7/deployment.json", graphqlUrl: `${ORIGIN}/graphql` },
      differences: [
        { setting: "rpcUrl", source: "query", used: "http://203.0.113.7:8545", official: OFFICIAL_RPC },
        { setting: "deploymentUrl", source: "query", used: "http://203.0.113.7/deployment.json", official: `${ORIGIN}/api/deployment` },
      ],
    });
  });

  it("does not for another node alone, though it serves the official chain id and addresses", () => {
    const trust = trustOf("?rpc=https://lookalike.example", null, official);
    expect(trust).toMatchObject({ kind: "other", otherVerdicts: true, differences: [{ setting: "rpcUrl", used: "https://lookalike.example" }] });
  });

  it("does not for a record elsewhere until it is read, and takes a copy of the official record for the official one", () => {
    expect(trustOf("?deployment=https://mirror.example/d.json", null, null)).toMatchObject({ kind: "other", differences: [{ setting: "deploymentUrl" }] });
    expect(trustOf("?deployment=https://mirror.example/d.json", null, official).kind).toBe("official");
    // Same contracts, other chain: another registry.
    expect(trustOf("?deployment=https://mirror.example/d.json", null, { ...official, chainId: 1 }).kind).toBe("other");
  });

  it("does not for another indexer, but the verdicts stay the official chain's", () => {
    expect(trustOf("?graphql=https://indexer.evil.example/graphql", null, official)).toMatchObject({ kind: "other", otherVerdicts: false, unsaved: true, differences: [{ setting: "graphqlUrl" }] });
  });

  it("does not for saved settings either, which are no longer the address's (saved by choice)", () => {
    const trust = trustOf("", { rpcUrl: "https://lookalike.example" }, official);
    expect(trust).toMatchObject({ kind: "other", unsaved: false, differences: [{ setting: "rpcUrl", source: "saved" }] });
    // A saved value equal to the official one is no difference.
    expect(trustOf("", { rpcUrl: OFFICIAL_RPC }, official).kind).toBe("official");
  });

  it("compares addresses whatever their case", () => {
    const upper = { ...official, contracts: { ...official.contracts, directory: official.contracts.directory.toUpperCase().replace("0X", "0x") as `0x${string}` } };
    expect(sameRegistry(registryIdOf(upper), registryIdOf(official))).toBe(true);
    expect(sameRegistry(registryIdOf(forged), registryIdOf(official))).toBe(false);
  });

  it("waits for the anchor before saying anything", () => {
    expect(trustOf("?rpc=https://lookalike.example", null, official, { kind: "resolving" })).toEqual({ kind: "resolving" });
  });
});
