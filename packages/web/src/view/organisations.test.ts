/**
 * Issue 16 part 3 on the page: organisations hold, accounts act. The registration names the officer who
 * acted for the holding organisation; an account removed since is marked wherever it is named (and never
 * called a current officer); an organisation whose founding account was removed keeps its name; the
 * zone's pause and migration are told beside the verdict, the successor as text.
 */
import type { Address } from "viem";
import { describe, expect, it } from "vitest";
import type { IndexedEvent } from "../graphql.js";
import { createTranslator } from "../i18n/translate.js";
import { type ChainEvent, lifeCycleAddresses, lifeCycleOf } from "./lifecycle.js";
import { type ParticipantInfo, mergeParticipants, removalOf, removedNote } from "./participants.js";
import { registeredBy } from "./registration.js";
import { DATASET, HOLDER, REGISTRAR, T0, participants, registered } from "./testing/fixtures.js";
import { timelineView } from "./timeline.js";
import { verdictView } from "./verdict.js";
import { zoneNotices } from "./zone.js";

const en = createTranslator("en", { timeZone: "UTC" });
const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
/** The commission's records office: an officer account of the holder organisation (HOLDER). */
const OFFICER: Address = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const ZERO: Address = "0x0000000000000000000000000000000000000000";
const REMOVED_AT = T0 + 86_400n;

const withOfficer = (removed: ParticipantInfo["removed"] = null) => {
  const all = participants();
  all.set(OFFICER.toLowerCase(), { address: OFFICER, name: "Records Office", metadataURI: null, jurisdiction: "gz", removed });
  return all;
};
const life = (organisation: Address, officer: Address) => ({ registration: { organisation, officer } });

describe("registeredBy", () => {
  it("names the officer who acted for the holding organisation", () => {
    const value = registeredBy(registered(), life(HOLDER, OFFICER), withOfficer());
    expect(en.value(value!)).toBe("Records Office (Guangzhou), an officer of City Health Commission (Guangzhou)");
    expect(zh.value(value!)).toBe("Records Office（广州），City Health Commission（广州）的经办账户");
  });

  it("does not call a removed account a current officer", () => {
    const value = registeredBy(registered(), life(HOLDER, OFFICER), withOfficer({ founder: false, time: REMOVED_AT }));
    expect(en.value(value!)).toBe("Records Office (Guangzhou) — removed on Nov 29, 2026, 8:00:00 AM, then an officer of City Health Commission (Guangzhou)");
    expect(zh.value(value!)).toContain("——已于2026年11月29日");
    expect(zh.value(value!)).toContain("登记时为City Health Commission（广州）的经办账户");
  });

  it("says nothing more when the organisation acted through its own address and still holds", () => {
    expect(registeredBy(registered(), life(HOLDER, HOLDER), participants())).toBeNull();
    expect(registeredBy(registered(), null, participants())).toBeNull();
  });

  it("names the organisation that registered when the holder has changed since (no officer of its own)", () => {
    const holder = { ...registered().holder, address: REGISTRAR };
    expect(en.value(registeredBy(registered({ holder }), life(HOLDER, HOLDER), participants())!)).toBe("City Health Commission (Guangzhou)");
    // Without the events (a node that refuses the search): the SDK's registrant, as before.
    expect(en.value(registeredBy(registered({ holder }), null, participants())!)).toBe("City Health Commission (Guangzhou)");
  });

  it("is the verdict's registration line, and the officer is among the addresses to name", () => {
    const raw = registered();
    const events: ChainEvent[] = [{ eventName: "DatasetRegistered", args: { datasetId: DATASET, holder: HOLDER, registrant: OFFICER, claim: 1 }, blockNumber: 10n, time: T0 }];
    const lifeCycle = lifeCycleOf(raw.dataset.raw, { objections: new Map(), decision: null }, events);
    expect(lifeCycle.registration).toEqual({ organisation: HOLDER, officer: OFFICER });
    expect(lifeCycleAddresses(lifeCycle)).toContain(OFFICER);
    const view = verdictView(raw, withOfficer(), 31337, "hash", lifeCycle);
    const fact = view.facts.find((f) => f.label === "fact.registrant");
    expect(en.value(fact!.value)).toBe("Records Office (Guangzhou), an officer of City Health Commission (Guangzhou)");
    // The holder is the organisation, as the chain says.
    expect(en.value(view.facts.find((f) => f.label === "fact.holder")!.value)).toBe("City Health Commission (Guangzhou)");
  });

  it("reads no registration from events older than the registrant field", () => {
    const events: ChainEvent[] = [{ eventName: "DatasetRegistered", args: { datasetId: DATASET, holder: HOLDER, claim: 1 }, blockNumber: 10n, time: T0 }];
    expect(lifeCycleOf(registered().dataset.raw, { objections: new Map(), decision: null }, events).registration).toBeNull();
  });
});

describe("removed accounts", () => {
  it("are told apart from accounts that never were participants", () => {
    // An officer's record is deleted: organisation zero, and the directory's events say it was there.
    expect(removalOf({ organisation: ZERO, removed: false }, { added: true, removedAt: REMOVED_AT })).toEqual({ founder: false, time: REMOVED_AT });
    expect(removalOf({ organisation: ZERO, removed: false }, { added: true, removedAt: undefined })).toEqual({ founder: false, time: null });
    expect(removalOf({ organisation: ZERO, removed: false }, { added: false, removedAt: undefined })).toBeNull();
    // A founding account keeps its record, marked removed: the organisation stays.
    expect(removalOf({ organisation: HOLDER, removed: true }, { added: true, removedAt: REMOVED_AT })).toEqual({ founder: true, time: REMOVED_AT });
    // Re-onboarded since: a record again, not removed.
    expect(removalOf({ organisation: HOLDER, removed: false }, { added: true, removedAt: REMOVED_AT })).toBeNull();
    expect(removalOf(null, { added: true, removedAt: REMOVED_AT })).toBeNull();
  });

  it("are marked after their address, in both languages; an organisation keeps its name", () => {
    const officer = { kind: "participant", participant: { address: OFFICER, name: null, metadataURI: null, jurisdiction: null, removed: { founder: false, time: REMOVED_AT } } } as const;
    expect(en.value(officer)).toBe(`${OFFICER} — removed on Nov 29, 2026, 8:00:00 AM`);
    expect(zh.value(officer)).toBe(`${OFFICER}——已于2026年11月29日 16:00:00移除`);
    const organisation = { kind: "participant", participant: { ...participants().get(HOLDER.toLowerCase())!, removed: { founder: true, time: null } } } as const;
    expect(en.value(organisation)).toBe("City Health Commission (Guangzhou) — its founding account was removed");
    expect(zh.value(organisation)).toBe("City Health Commission（广州）——其创始账户已移除");
    expect(removedNote(participants().get(HOLDER.toLowerCase())!)).toBeNull();
  });

  it("mark the holder line, not the organisation named in sentences, when the founding account was removed", () => {
    const all = withOfficer({ founder: false, time: REMOVED_AT });
    all.set(HOLDER.toLowerCase(), { ...all.get(HOLDER.toLowerCase())!, removed: { founder: true, time: REMOVED_AT } });
    const lifeCycle = { ...lifeCycleOf(registered().dataset.raw, { objections: new Map(), decision: null }, []), ...life(HOLDER, OFFICER) };
    const view = verdictView(registered(), all, 31337, "hash", lifeCycle);
    expect(en.message(view.summary)).toBe("Held by City Health Commission (Guangzhou). Registrars confirmed it and its public notice period ended on Nov 28, 2026, 9:01:00 AM.");
    expect(en.value(view.facts.find((f) => f.label === "fact.holder")!.value)).toBe("City Health Commission (Guangzhou) — its founding account was removed on Nov 29, 2026, 8:00:00 AM");
    expect(en.value(view.certificate.find((f) => f.label === "fact.holder")!.value)).toContain("its founding account was removed");
    // The officer is marked; the organisation it acted for stands.
    expect(en.value(view.facts.find((f) => f.label === "fact.registrant")!.value)).toBe(
      "Records Office (Guangzhou) — removed on Nov 29, 2026, 8:00:00 AM, then an officer of City Health Commission (Guangzhou)",
    );
  });

  it("keep the chain's mark when merged with the indexer's names", () => {
    const chain = new Map([[OFFICER.toLowerCase(), { address: OFFICER, name: null, metadataURI: null, jurisdiction: null, removed: { founder: false, time: null } }]]);
    const indexer = new Map([[OFFICER.toLowerCase(), { address: OFFICER, name: "Records Office", metadataURI: null, jurisdiction: "gz" as const }]]);
    expect(mergeParticipants(chain, indexer).get(OFFICER.toLowerCase())).toMatchObject({ name: "Records Office", removed: { founder: false, time: null } });
    expect(mergeParticipants(indexer, chain).get(OFFICER.toLowerCase())!.removed).toEqual({ founder: false, time: null });
  });
});

describe("the timeline's registration", () => {
  const event = (args: Record<string, unknown>): IndexedEvent => ({
    id: "000000000010-0",
    name: "DatasetRegistered",
    actor: HOLDER.toLowerCase(),
    args: { datasetId: DATASET, claim: 1, ...args },
    blockNumber: "10",
    timestamp: String(T0),
    txHash: `0x${"1".repeat(64)}`,
    grantId: null,
  });

  it("names the officer and the organisation it acted for", () => {
    const [item] = timelineView(DATASET, [event({ holder: HOLDER.toLowerCase(), registrant: OFFICER.toLowerCase() })], withOfficer());
    expect(en.value(item!.actor!)).toBe("Records Office (Guangzhou), an officer of City Health Commission (Guangzhou)");
    const [removed] = timelineView(DATASET, [event({ holder: HOLDER.toLowerCase(), registrant: OFFICER.toLowerCase() })], withOfficer({ founder: false, time: null }));
    expect(en.value(removed!.actor!)).toBe("Records Office (Guangzhou) — removed, then an officer of City Health Commission (Guangzhou)");
  });

  it("names the organisation alone when it acted itself, and keeps the indexer's actor for older events", () => {
    const [own] = timelineView(DATASET, [event({ holder: HOLDER.toLowerCase(), registrant: HOLDER.toLowerCase() })], participants());
    expect(en.value(own!.actor!)).toBe("City Health Commission (Guangzhou)");
    const [older] = timelineView(DATASET, [event({ holder: HOLDER.toLowerCase() })], participants());
    expect(en.value(older!.actor!)).toBe("City Health Commission (Guangzhou)");
  });
});

describe("zoneNotices", () => {
  const until = T0 + 3600n;
  const successor: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  it("tells a pause while it runs by the chain's clock, and not after", () => {
    const [notice] = zoneNotices({ pausedUntil: until, successor: null }, T0);
    expect(notice!.kind).toBe("paused");
    expect(en.message(notice!.message)).toBe(
      "This registry is paused until Nov 28, 2026, 9:00:00 AM: until then it refuses new registrations and grants. The verdicts of existing records are unaffected.",
    );
    expect(zh.message(notice!.message)).toBe("本登记系统暂停至2026年11月28日 17:00:00：在此之前不受理新的登记和授权。已有记录的结论不受影响。");
    expect(zoneNotices({ pausedUntil: until, successor: null }, until)).toEqual([]);
    expect(zoneNotices({ pausedUntil: 0n, successor: null }, T0)).toEqual([]);
  });

  it("names the successor as code text, never a dataset or link value", () => {
    const notices = zoneNotices({ pausedUntil: 0n, successor }, T0);
    expect(notices.map((n) => n.kind)).toEqual(["migrated"]);
    expect(notices[0]!.message.params!.successor).toEqual({ kind: "code", text: successor });
    expect(en.message(notices[0]!.message)).toContain(`The successor’s participant directory is ${successor}.`);
    expect(zh.message(notices[0]!.message)).toContain(`继任系统的参与方目录地址为${successor}。`);
  });

  it("says nothing for an open zone or an older directory without the reads; both when both", () => {
    expect(zoneNotices(null, T0)).toEqual([]);
    expect(zoneNotices({ pausedUntil: null, successor: null }, T0)).toEqual([]);
    expect(zoneNotices({ pausedUntil: 0n, successor: ZERO }, T0)).toEqual([]);
    expect(zoneNotices({ pausedUntil: until, successor }, T0).map((n) => n.kind)).toEqual(["migrated", "paused"]);
  });
});
