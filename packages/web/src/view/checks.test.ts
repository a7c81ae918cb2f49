import { describe, expect, it } from "vitest";
import type { IndexedEvent, IndexedGrant } from "../graphql.js";
import { createTranslator } from "../i18n/translate.js";
import { type ChainGrant, type DetailReads, checkDetails, objectorsToRead } from "./checks.js";
import { crossCheck } from "./crossCheck.js";
import type { ChainEvent } from "./lifecycle.js";
import { BLOCK_40_TIME, DATASET, GRANTEE, HOLDER, OBJECTOR, PARENT, REGISTRAR, T0, details, indexedDataset, lifeCycle, participants, registered } from "./testing/fixtures.js";

const en = createTranslator("en", { timeZone: "UTC" });
const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
const OTHER_DATASET = `0x${"d".repeat(64)}` as const;

function grant(overrides: Partial<IndexedGrant> = {}): IndexedGrant {
  return {
    id: "7",
    granteeAddress: GRANTEE.toLowerCase(),
    grantee: { id: GRANTEE.toLowerCase(), jurisdiction: "hk", metadataURI: "" },
    right: "processing-use",
    purposeCode: 101,
    startsAt: String(T0),
    expiresAt: "0",
    crossBorder: false,
    mechanism: "none",
    status: "active",
    issuedAt: String(T0),
    ...overrides,
  };
}

const onChain = (overrides: Partial<ChainGrant> = {}): ChainGrant => ({ status: "active", datasetId: DATASET, grantee: GRANTEE, right: "processing-use", expiresAt: null, ...overrides });

function event(name: string, block: number, args: Record<string, unknown> = {}, overrides: Partial<IndexedEvent> = {}): IndexedEvent {
  return { id: `${name}-${block}`, name, actor: null, args: { datasetId: DATASET, ...args }, blockNumber: String(block), timestamp: String(T0 + BigInt(block)), txHash: `0x${"ab".repeat(32)}`, grantId: null, ...overrides };
}

const chainEvent = (eventName: string, block: number, args: Record<string, unknown> = {}): ChainEvent => ({ eventName, args: { datasetId: DATASET, ...args }, blockNumber: BigInt(block), time: T0 + BigInt(block) });

const REGISTERED = chainEvent("DatasetRegistered", 10);
const CONFIRMED = chainEvent("DatasetConfirmed", 11, { registrar: REGISTRAR });

function reads(overrides: Partial<DetailReads> = {}): DetailReads {
  return { blockNumber: 40n, grants: new Map(), objections: new Map(), events: [REGISTERED, CONFIRMED], ...overrides };
}

const indexedTrail = [event("DatasetRegistered", 10), event("DatasetConfirmed", 11, { registrar: REGISTRAR }, { actor: REGISTRAR.toLowerCase() })];
/** The indexer's record, with the trail that matches the chain's events unless given. */
const indexed = (overrides: Parameters<typeof indexedDataset>[0] = {}) => indexedDataset({ events: { items: indexedTrail, pageInfo: { hasNextPage: false } }, ...overrides });

describe("checkDetails", () => {
  it("marks a grant that matches the chain's record verified, and events the chain has", () => {
    const checks = checkDetails({
      result: registered(),
      lifeCycle: lifeCycle(),
      details: details(indexed({ grants: { items: [grant()], pageInfo: { hasNextPage: false } }, events: { items: indexedTrail, pageInfo: { hasNextPage: false } } })),
      reads: reads({ grants: new Map([["7", onChain()]]) }),
      participants: participants(),
    });
    expect(checks.grants.get("7")).toEqual({ state: "verified", warnings: [] });
    expect([...checks.events.values()].map((c) => c.state)).toEqual(["verified", "verified"]);
    expect(checks.discrepancies).toEqual([]);
  });

  it("names both values when the indexer says a grant is active and the chain says revoked", () => {
    const checks = checkDetails({
      result: registered(),
      lifeCycle: lifeCycle(),
      details: details(indexed({ grants: { items: [grant({ expiresAt: String(T0 + 100n) })], pageInfo: { hasNextPage: false } } })),
      reads: reads({ grants: new Map([["7", onChain({ status: "revoked" })]]) }),
      participants: participants(),
    });
    expect(checks.grants.get("7")?.state).toBe("disagrees");
    expect(checks.discrepancies.map((m) => m.key)).toEqual(["checks.grant.status", "checks.grant.expires"]);
    expect(en.message(checks.discrepancies[0]!)).toBe("Grant #7: the indexer says “Active”, the chain says “Revoked”.");
    expect(en.message(checks.discrepancies[1]!)).toMatch(/^Grant #7: the indexer says it expires .+, the chain says Never\.$/);
    expect(zh.message(checks.discrepancies[0]!)).toBe("授权 #7：索引服务显示“生效中”，区块链显示“已撤销”。");
  });

  it("flags a grant the chain does not have, or has on another dataset, as not on chain", () => {
    const items = [grant({ id: "99" }), grant({ id: "8" })];
    const checks = checkDetails({
      result: registered(),
      lifeCycle: lifeCycle(),
      details: details(indexed({ grants: { items, pageInfo: { hasNextPage: false } } })),
      reads: reads({ grants: new Map([["99", null], ["8", onChain({ datasetId: OTHER_DATASET })]]) }),
      participants: participants(),
    });
    expect(checks.grants.get("99")?.state).toBe("not-on-chain");
    expect(checks.grants.get("8")?.state).toBe("not-on-chain");
    expect(en.message(checks.discrepancies[0]!)).toBe("Grant #99: the indexer lists it, but the chain has no such grant on this dataset.");
  });

  it("shows from the chain an active grant the indexer does not list, with a warning", () => {
    const active = { grantId: 3n, grantee: GRANTEE, right: "processing-use", status: "active", purposeCode: 1, crossBorder: false, mechanism: "none", startsAt: T0, expiresAt: null } as const;
    const result = registered({ grants: { issued: 1, active: [active] } });
    const checks = checkDetails({ result, lifeCycle: lifeCycle(), details: details(indexed()), reads: reads(), participants: participants() });
    expect(checks.chainOnlyGrants.map((g) => g.grantId)).toEqual([3n]);
    expect(en.message(checks.discrepancies[0]!)).toBe("Grant #3 is active on the chain, but the indexer does not list it.");
  });

  it("shows an objection the chain has and the indexer's trail hides, and says so", () => {
    const objection = { organisation: OBJECTOR, objector: OBJECTOR, status: "open" as const, time: T0 + 20n, block: 20n };
    const checks = checkDetails({
      result: registered({ status: "disputed" }),
      lifeCycle: lifeCycle({ objections: [objection], openObjections: 1 }),
      details: details(indexed({ events: { items: indexedTrail, pageInfo: { hasNextPage: false } } })),
      reads: reads({ events: [REGISTERED, CONFIRMED, chainEvent("DatasetObjected", 20, { organisation: OBJECTOR })], objections: new Map([[OBJECTOR.toLowerCase(), "open"]]) }),
      participants: participants(),
    });
    expect(checks.hiddenObjections).toEqual([objection]);
    expect(en.message(checks.discrepancies[0]!)).toMatch(/^The chain records an objection by .* \(block 20, open\), but the indexer's trail does not show it\.$/);
  });

  it("flags an objection event the chain does not have as not on chain", () => {
    const invented = event("DatasetObjected", 30, { organisation: OBJECTOR, claim: 1 });
    const checks = checkDetails({
      result: registered(),
      lifeCycle: lifeCycle(),
      details: details(indexed({ events: { items: [...indexedTrail, invented], pageInfo: { hasNextPage: false } } })),
      reads: reads({ objections: new Map([[OBJECTOR.toLowerCase(), "none"]]) }),
      participants: participants(),
    });
    expect(checks.events.get(invented.id)?.state).toBe("not-on-chain");
    expect(en.message(checks.discrepancies[0]!)).toBe("The chain has no such event in block 30.");
  });

  it("warns of a confirmation the chain records and the trail hides", () => {
    const checks = checkDetails({
      result: registered(),
      lifeCycle: lifeCycle(),
      details: details(indexed({ events: { items: [indexedTrail[0]!], pageInfo: { hasNextPage: false } } })),
      reads: reads(),
      participants: participants(),
    });
    expect(checks.hiddenConfirmations.map((c) => c.registrar)).toEqual([REGISTRAR]);
    // Not hidden, only not indexed yet: the indexer has read up to block 10.
    const behind = checkDetails({ result: registered(), lifeCycle: lifeCycle(), details: details(indexed({ events: { items: [indexedTrail[0]!], pageInfo: { hasNextPage: false } } }), 10), reads: reads(), participants: participants() });
    expect(behind.hiddenConfirmations).toEqual([]);
    expect(behind.discrepancies).toEqual([]);
    expect(en.message(checks.discrepancies[0]!)).toMatch(/^The chain records a confirmation by .* in block 11, but the indexer's trail does not show it\.$/);
  });

  it("keeps items the indexer's record when the chain was not asked or cannot answer", () => {
    const later = event("DatasetConfirmed", 45);
    const other = event("DatasetDerived", 12, { datasetId: OTHER_DATASET, parentId: DATASET });
    const grantEvent = event("GrantIssued", 13, {}, { grantId: "7" });
    const dataset = indexed({ grants: { items: [grant()], pageInfo: { hasNextPage: false } }, events: { items: [...indexedTrail, later, other, grantEvent], pageInfo: { hasNextPage: false } } });
    const unread = checkDetails({ result: registered(), lifeCycle: lifeCycle(), details: details(dataset), reads: null, participants: participants() });
    expect(unread.grants.get("7")?.state).toBe("indexer-only");
    expect([...unread.events.values()].every((c) => c.state === "indexer-only")).toBe(true);
    expect(unread.discrepancies).toEqual([]);
    // The node refused the log search: events cannot be checked; the grant still can.
    const noLogs = checkDetails({ result: registered(), lifeCycle: lifeCycle(), details: details(dataset), reads: reads({ events: null, grants: new Map([["7", onChain()]]) }), participants: participants() });
    expect(noLogs.grants.get("7")?.state).toBe("verified");
    expect(noLogs.events.get(later.id)?.state).toBe("indexer-only");
    const read = checkDetails({ result: registered(), lifeCycle: lifeCycle(), details: details(dataset), reads: reads({ grants: new Map([["7", onChain()]]) }), participants: participants() });
    expect(read.events.get(later.id)?.state).toBe("indexer-only"); // after the verdict's block
    expect(read.events.get(other.id)?.state).toBe("indexer-only"); // about a child: not searched
    expect(read.events.get(grantEvent.id)?.state).toBe("indexer-only");
  });

  it("checks the lineage's first generation against the chain's parents", () => {
    const step = (parent: string) => ({ depth: 1, edge: { derivation: "aggregation", parent: { id: parent, status: "confirmed", metadataDocument: null }, child: { id: DATASET, status: "confirmed", metadataDocument: null } } });
    const lineage = (parents: string[]) => ({ up: { truncated: false, edges: { items: parents.map(step), pageInfo: { hasNextPage: false } } }, down: { truncated: false, edges: { items: [], pageInfo: { hasNextPage: false } } } });
    const result = registered({ parents: [{ datasetId: PARENT, derivation: "aggregation" }] });
    const input = { result, lifeCycle: lifeCycle(), details: details(indexed()), reads: reads(), participants: participants() };
    expect(checkDetails({ ...input, lineage: lineage([PARENT]) }).discrepancies).toEqual([]);
    const swapped = checkDetails({ ...input, lineage: lineage([OTHER_DATASET]) }).discrepancies.map((m) => m.key);
    expect(swapped).toEqual(["checks.lineage.invented", "checks.lineage.hidden"]);
  });

  it("adds its disagreements to the cross-check's", () => {
    const dataset = indexed({ grants: { items: [grant({ id: "99" })], pageInfo: { hasNextPage: false } } });
    const checks = checkDetails({ result: registered(), lifeCycle: lifeCycle(), details: details(dataset), reads: reads({ grants: new Map([["99", null]]) }), participants: participants() });
    const check = crossCheck(registered(), details(dataset), participants(), BLOCK_40_TIME, checks);
    expect(check.discrepancies.map((m) => m.key)).toEqual(["checks.grant.missing"]);
  });

  it("reads back the organisations the chain's events or the indexer's trail name", () => {
    const objection = { organisation: OBJECTOR, objector: OBJECTOR, status: "open" as const, time: T0, block: 20n };
    const trail = [event("DatasetObjected", 21, { organisation: HOLDER.toLowerCase() }), event("DatasetObjected", 22, { organisation: OBJECTOR.toLowerCase() })];
    const names = objectorsToRead(lifeCycle({ objections: [objection] }), details(indexed({ events: { items: trail, pageInfo: { hasNextPage: false } } })));
    expect(names.map((a) => a.toLowerCase()).sort()).toEqual([OBJECTOR.toLowerCase(), HOLDER.toLowerCase()].sort());
  });
});
