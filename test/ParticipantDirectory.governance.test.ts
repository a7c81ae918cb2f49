/**
 * ParticipantDirectory's separated powers: each office (onboarding, discipline, pause, migration) held by its own
 * account, governance granting and revoking them; the pause (limited in time, with a cool-down), migration to a
 * successor, and the removal of an account, each seen from the registries it gates.
 * Rules as in contracts/ParticipantDirectory.sol; the role matrix (roles.test.ts) covers the fixture where
 * governance holds every office.
 */
import { type Address, type Hex, type TransactionReceipt, getAddress, parseEventLogs } from "viem";
import { describe, expect, it } from "vitest";
import {
  DatasetStatus,
  Derivation,
  GrantStatus,
  HashAlgorithm,
  Jurisdiction,
  Right,
  Role,
  TransferMechanism,
  ZONE_OFFICES,
  participantDirectoryAbi,
} from "@dpr/sdk";
import { increaseTime, loadFixture, now, publicClient, testClient } from "./helpers/chain.js";
import {
  type Actor,
  DAY,
  type Dpr,
  NOTICE_PERIOD,
  deployDpr,
  expectRevert,
  grantRequest,
  h,
  idOf,
  mined,
  register,
  registerConfirmed,
  registration,
  roles,
  zeroAddress,
} from "./helpers/dpr.js";

const { GOVERNANCE, ONBOARDING, DISCIPLINE, PAUSE, MIGRATION } = ZONE_OFFICES;
const MAX_PAUSE = 3 * Number(DAY);
const COOLDOWN = Number(DAY);

/** An address none of the node's keys controls; the node is told to accept its transactions. */
const derived = (label: string): Address => getAddress(`0x${h(label).slice(26)}`);

/** Each office's holder: four accounts apart from governance (the admin) and from every participant. */
const OFFICERS = {
  onboarding: derived("officer:onboarding"),
  discipline: derived("officer:discipline"),
  pause: derived("officer:pause"),
  migration: derived("officer:migration"),
} as const;
type Office = keyof typeof OFFICERS;
const ROLE_OF: Record<Office, Hex> = { onboarding: ONBOARDING, discipline: DISCIPLINE, pause: PAUSE, migration: MIGRATION };

const SUCCESSOR = derived("successor-directory");

/** The cast's addresses, checksummed as viem decodes them from errors and events. */
type Who = Record<Actor, Address>;

interface World {
  dpr: Dpr;
  a: Who;
}

async function deploySeparated(): Promise<World> {
  for (const officer of Object.values(OFFICERS)) {
    await testClient.impersonateAccount({ address: officer });
    await testClient.setBalance({ address: officer, value: 10n ** 21n });
  }
  const dpr = await deployDpr(NOTICE_PERIOD, { offices: OFFICERS });
  const a = Object.fromEntries(Object.entries(dpr.a).map(([actor, address]) => [actor, getAddress(address)])) as Who;
  return { dpr, a };
}

/** A signer: a cast member or an office by name. */
function by(w: World, who: Actor | Office) {
  return w.dpr.as(who in OFFICERS ? OFFICERS[who as Office] : w.a[who as Actor]);
}

function directoryEvents(receipt: TransactionReceipt) {
  return parseEventLogs({ abi: participantDirectoryAbi, logs: receipt.logs });
}

async function blockTime(receipt: TransactionReceipt): Promise<number> {
  return Number((await publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp);
}

/**
 * Work in progress on the chain when the zone is paused or migrated: a pending registration, one in its notice
 * period, one disputed, an active grant, a cross-border grant awaiting the regulator, a requested sale; and a
 * confirmed dataset of the holder to build versions, derivations and grants on.
 */
interface Busy extends World {
  confirmed: Hex;
  pending: Hex;
  notice: Hex;
  disputed: Hex;
  forSale: Hex;
  activeGrant: bigint;
  awaitingGrant: bigint;
}

async function busy(w: World): Promise<Busy> {
  const confirmed = await registerConfirmed(w.dpr, "busy-confirmed");
  const forSale = await registerConfirmed(w.dpr, "busy-for-sale");
  await increaseTime(NOTICE_PERIOD);
  const pending = await register(w.dpr, "holder", registration("busy-pending"));
  const notice = await registerConfirmed(w.dpr, "busy-notice");
  const disputed = await registerConfirmed(w.dpr, "busy-disputed");
  await mined(by(w, "holder2").datasets.write.object([disputed, h("evidence:busy")]));
  await mined(by(w, "holder").grants.write.grant([grantRequest({ datasetId: confirmed, grantee: w.a.holder2 })]));
  const activeGrant = await w.dpr.read.grants.read.grantCount();
  await mined(
    by(w, "holder").grants.write.grant([
      grantRequest({
        datasetId: confirmed,
        grantee: w.a.holderHK,
        mechanism: TransferMechanism.GBA_SC_HK,
        expiresAt: (await now()) + 365n * DAY,
        evidence: { contractHash: h("gba-standard-contract"), filingRef: h("filing:gba") },
      }),
    ]),
  );
  const awaitingGrant = await w.dpr.read.grants.read.grantCount();
  await mined(by(w, "holder").datasets.write.requestTransfer([forSale, w.a.holder2]));
  return { ...w, confirmed, pending, notice, disputed, forSale, activeGrant, awaitingGrant };
}

async function busyFixture(): Promise<Busy> {
  return busy(await loadFixture(deploySeparated));
}

/** New registrations (fresh, versions, derivations), anchors and grants are all refused with `error(args)`. */
async function expectNewWorkRefused(b: Busy, error: string, args: readonly unknown[]) {
  const holder = by(b, "holder");
  await expectRevert(holder.datasets.write.register([registration("closed-new")]), error, args);
  await expectRevert(holder.datasets.write.register([registration("closed-version", { versionOf: b.confirmed })]), error, args);
  await expectRevert(
    holder.datasets.write.register([
      registration("closed-derived", { parents: [{ datasetId: b.confirmed, derivation: Derivation.TRANSFORMATION }] }),
    ]),
    error,
    args,
  );
  await expectRevert(
    holder.anchors.write.anchor([h("root:closed"), HashAlgorithm.SHA256, 3, 4096n, h("manifest:closed"), "https://zone.example/b.json"]),
    error,
    args,
  );
  await expectRevert(holder.grants.write.grant([grantRequest({ datasetId: b.confirmed, grantee: b.a.holder2 })]), error, args);
  // Nothing was recorded.
  expect(await b.dpr.read.grants.read.grantCount()).toBe(b.awaitingGrant);
  await expectRevert(b.dpr.read.datasets.read.getDataset([await idOf(b.dpr, registration("closed-new"))]), "DatasetRegistryUnknownDataset");
}

/** What is recorded goes on: confirmations, objections, decisions, grant revocation and acknowledgement, sales. */
async function expectLifeCycleGoesOn(b: Busy) {
  await mined(by(b, "registrar").datasets.write.confirm([b.pending]));
  expect(await b.dpr.read.datasets.read.status([b.pending])).toBe(DatasetStatus.NOTICE);
  await mined(by(b, "holder2").datasets.write.object([b.notice, h("evidence:closed")]));
  expect(await b.dpr.read.datasets.read.status([b.notice])).toBe(DatasetStatus.DISPUTED);
  await mined(by(b, "regulator").datasets.write.resolve([b.disputed, false, zeroAddress, h("decision:closed")]));
  expect(await b.dpr.read.datasets.read.status([b.disputed])).toBe(DatasetStatus.NOTICE);
  await mined(by(b, "holder").grants.write.revoke([b.activeGrant, h("reason:closed")]));
  expect(await b.dpr.read.grants.read.grantStatus([b.activeGrant])).toBe(GrantStatus.REVOKED);
  await mined(by(b, "regulator").grants.write.acknowledge([b.awaitingGrant, h("note:closed")]));
  expect(await b.dpr.read.grants.read.grantStatus([b.awaitingGrant])).toBe(GrantStatus.ACTIVE);
  await mined(by(b, "registrar").datasets.write.confirmTransfer([b.forSale]));
  expect((await b.dpr.read.datasets.read.getDataset([b.forSale])).holder).toBe(b.a.holder2);
}

/**
 * One call per function of each office, each valid when its office's holder makes it; `refusal` is the error a
 * caller outside the office gets, when not AccessControlUnauthorizedAccount(caller, office).
 */
const OFFICE_CALLS: {
  office: Office;
  fn: string;
  prepare?: (w: World) => Promise<void>;
  call: (w: World, who: Actor | Office) => Promise<Hex>;
  refusal?: (w: World, caller: Address) => [string, readonly unknown[]];
}[] = [
  {
    office: "onboarding",
    fn: "addParticipant",
    call: (w, who) =>
      by(w, who).directory.write.addParticipant([derived("newcomer"), Jurisdiction.GZ, roles("HOLDER"), h("legal-id:newcomer"), "https://zone.example/n.json"]),
  },
  { office: "onboarding", fn: "setRoles", call: (w, who) => by(w, who).directory.write.setRoles([w.a.holder2, roles("HOLDER", "AUDITOR")]) },
  {
    office: "onboarding",
    fn: "setLegalIdentity",
    call: (w, who) => by(w, who).directory.write.setLegalIdentity([w.a.holder2, h("legal-id:rotated:holder2")]),
  },
  { office: "onboarding", fn: "attestName", call: (w, who) => by(w, who).directory.write.attestName([w.a.holder2, "Suicheng Transport Bureau"]) },
  {
    office: "onboarding",
    fn: "removeParticipant",
    call: (w, who) => by(w, who).directory.write.removeParticipant([w.a.holder2, h("reason:gov")]),
    // The organisation's designated key may also remove its accounts: anyone else is told it is not that key.
    refusal: (w, caller) => ["ParticipantDirectoryNotOrganisationKey", [caller, w.a.holder2]],
  },
  {
    office: "onboarding",
    fn: "setOrganisationKey",
    call: (w, who) => by(w, who).directory.write.setOrganisationKey([w.a.holder2, derived("holder2-key")]),
  },
  { office: "discipline", fn: "suspend", call: (w, who) => by(w, who).directory.write.suspend([w.a.holder2, h("reason:gov")]) },
  {
    office: "discipline",
    fn: "reinstate",
    prepare: async (w) => void (await mined(by(w, "discipline").directory.write.suspend([w.a.holder2, h("reason:gov")]))),
    call: (w, who) => by(w, who).directory.write.reinstate([w.a.holder2, h("reason:gov")]),
  },
  { office: "pause", fn: "pause", call: (w, who) => by(w, who).directory.write.pause([COOLDOWN, h("reason:gov")]) },
  {
    office: "pause",
    fn: "unpause",
    prepare: async (w) => void (await mined(by(w, "pause").directory.write.pause([COOLDOWN, h("reason:gov")]))),
    call: (w, who) => by(w, who).directory.write.unpause([h("reason:gov")]),
  },
  { office: "migration", fn: "migrate", call: (w, who) => by(w, who).directory.write.migrate([SUCCESSOR, h("note:gov")]) },
];

describe("ParticipantDirectory governance", () => {
  describe("separate offices", () => {
    it("starts with each office held by its own account and governance by the admin alone", async () => {
      const w = await loadFixture(deploySeparated);
      expect(await w.dpr.read.directory.read.defaultAdmin()).toBe(w.a.admin);
      for (const [office, officer] of Object.entries(OFFICERS) as [Office, Address][]) {
        for (const holder of [w.a.admin, ...Object.values(OFFICERS)]) {
          expect(await w.dpr.read.directory.read.hasRole([ROLE_OF[office], holder]), `${office} held by ${holder}`).toBe(holder === officer);
        }
      }
    });

    for (const { office, fn, prepare, call, refusal } of OFFICE_CALLS) {
      it(`lets only the ${office} office call ${fn}: not governance, not another office, not a participant`, async () => {
        const w = await loadFixture(deploySeparated);
        await prepare?.(w);
        const others: (Actor | Office)[] = ["admin", ...(Object.keys(OFFICERS) as Office[]).filter((o) => o !== office), "registrar", "holder2"];
        for (const who of others) {
          const address = who in OFFICERS ? OFFICERS[who as Office] : w.a[who as Actor];
          const [error, args] = refusal?.(w, address) ?? ["AccessControlUnauthorizedAccount", [address, ROLE_OF[office]]];
          await expectRevert(call(w, who), error, args);
        }
        await mined(call(w, office));
      });
    }

    it("lets an office holder neither grant nor revoke any office, its own included", async () => {
      const w = await loadFixture(deploySeparated);
      for (const office of Object.keys(OFFICERS) as Office[]) {
        const officer = by(w, office).directory.write;
        await expectRevert(officer.grantRole([ROLE_OF[office], w.a.stranger]), "AccessControlUnauthorizedAccount", [OFFICERS[office], GOVERNANCE]);
        await expectRevert(officer.grantRole([ONBOARDING, OFFICERS[office]]), "AccessControlUnauthorizedAccount", [OFFICERS[office], GOVERNANCE]);
        await expectRevert(officer.revokeRole([PAUSE, OFFICERS.pause]), "AccessControlUnauthorizedAccount", [OFFICERS[office], GOVERNANCE]);
        await expectRevert(officer.beginDefaultAdminTransfer([OFFICERS[office]]), "AccessControlUnauthorizedAccount", [OFFICERS[office], GOVERNANCE]);
      }
      expect(await w.dpr.read.directory.read.hasRole([ONBOARDING, w.a.stranger])).toBe(false);
      expect(await w.dpr.read.directory.read.hasRole([PAUSE, OFFICERS.pause])).toBe(true);
    });

    it("lets governance grant and revoke an office, effective from that block", async () => {
      const w = await loadFixture(deploySeparated);
      const stranger = by(w, "stranger").directory.write;
      await expectRevert(stranger.suspend([w.a.holder2, h("reason:gov")]), "AccessControlUnauthorizedAccount", [w.a.stranger, DISCIPLINE]);

      const granted = await mined(by(w, "admin").directory.write.grantRole([DISCIPLINE, w.a.stranger]));
      expect(directoryEvents(granted).map((e) => [e.eventName, e.args])).toEqual([
        ["RoleGranted", { role: DISCIPLINE, account: w.a.stranger, sender: w.a.admin }],
      ]);
      const suspended = await mined(stranger.suspend([w.a.holder2, h("reason:gov")]));
      expect(suspended.blockNumber).toBe(granted.blockNumber + 1n);
      expect(await w.dpr.read.directory.read.isActive([w.a.holder2])).toBe(false);
      // The first holder keeps the office: granting adds a holder, it does not move the office.
      await mined(by(w, "discipline").directory.write.reinstate([w.a.holder2, h("reason:gov")]));

      await mined(by(w, "admin").directory.write.revokeRole([DISCIPLINE, w.a.stranger]));
      await expectRevert(stranger.suspend([w.a.holder2, h("reason:gov")]), "AccessControlUnauthorizedAccount", [w.a.stranger, DISCIPLINE]);
      expect(await w.dpr.read.directory.read.isActive([w.a.holder2])).toBe(true);
    });

    it("lets governance act in an office once it grants the office to itself", async () => {
      const w = await loadFixture(deploySeparated);
      const admin = by(w, "admin").directory.write;
      await expectRevert(admin.pause([COOLDOWN, h("reason:gov")]), "AccessControlUnauthorizedAccount", [w.a.admin, PAUSE]);
      await mined(admin.grantRole([PAUSE, w.a.admin]));
      await mined(admin.pause([COOLDOWN, h("reason:gov")]));
      expect(await w.dpr.read.directory.read.pausedUntil()).toBeGreaterThan(0);
    });

    it("lets an office holder give up its office, and nobody give it up for another", async () => {
      const w = await loadFixture(deploySeparated);
      await expectRevert(by(w, "admin").directory.write.renounceRole([PAUSE, OFFICERS.pause]), "AccessControlBadConfirmation", []);
      await mined(by(w, "pause").directory.write.renounceRole([PAUSE, OFFICERS.pause]));
      await expectRevert(by(w, "pause").directory.write.pause([COOLDOWN, h("reason:gov")]), "AccessControlUnauthorizedAccount", [
        OFFICERS.pause,
        PAUSE,
      ]);
    });
  });

  describe("pause", () => {
    it("stops new registrations, versions, derivations, anchors and grants with ParticipantDirectoryPaused(until)", async () => {
      const b = await loadFixture(busyFixture);
      const paused = await mined(by(b, "pause").directory.write.pause([COOLDOWN, h("reason:incident")]));
      const until = (await blockTime(paused)) + COOLDOWN;
      expect(directoryEvents(paused).map((e) => [e.eventName, e.args])).toEqual([
        ["ZonePaused", { pausedBy: OFFICERS.pause, until, reasonHash: h("reason:incident") }],
      ]);
      expect(await b.dpr.read.directory.read.pausedUntil()).toBe(until);
      await expectNewWorkRefused(b, "ParticipantDirectoryPaused", [until]);
    });

    it("lets confirmations, objections, decisions, revocations, acknowledgements and sales go on", async () => {
      const b = await loadFixture(busyFixture);
      await mined(by(b, "pause").directory.write.pause([MAX_PAUSE, h("reason:incident")]));
      await expectLifeCycleGoesOn(b);
    });

    it("refuses a registration as a participant would be refused anyway before the pause is looked at", async () => {
      const b = await loadFixture(busyFixture);
      await mined(by(b, "pause").directory.write.pause([MAX_PAUSE, h("reason:incident")]));
      // The pause does not hide who may act: a registrar still learns it is no holder.
      await expectRevert(by(b, "registrar").datasets.write.register([registration("paused-registrar")]), "DatasetRegistryMissingRole", [
        b.a.registrar,
        Role.HOLDER,
      ]);
      await expectRevert(by(b, "holder2").grants.write.grant([grantRequest({ datasetId: b.confirmed, grantee: b.a.auditor })]), "GrantRegistryNotHolder", [
        b.confirmed,
        b.a.holder2,
      ]);
    });

    it("ends by itself at its end, without anyone acting", async () => {
      const b = await loadFixture(busyFixture);
      const paused = await mined(by(b, "pause").directory.write.pause([COOLDOWN, h("reason:incident")]));
      const until = (await blockTime(paused)) + COOLDOWN;
      await increaseTime(COOLDOWN - 60);
      await expectRevert(by(b, "holder").datasets.write.register([registration("still-paused")]), "ParticipantDirectoryPaused", [until]);
      await testClient.setNextBlockTimestamp({ timestamp: BigInt(until) });
      await testClient.mine({ blocks: 1 });
      expect(await b.dpr.read.directory.read.pausedUntil()).toBe(0);
      await b.dpr.read.directory.read.requireOpen();
      await register(b.dpr, "holder", registration("after-pause"));
      await mined(by(b, "holder").grants.write.grant([grantRequest({ datasetId: b.confirmed, grantee: b.a.auditor })]));
      await mined(
        by(b, "holder").anchors.write.anchor([h("root:after"), HashAlgorithm.SHA256, 3, 4096n, h("manifest:after"), "https://zone.example/a.json"]),
      );
    });

    it("refuses no time at all and more than 3 days, changing nothing, and accepts exactly 3 days", async () => {
      const w = await loadFixture(deploySeparated);
      const pauser = by(w, "pause").directory.write;
      await expectRevert(pauser.pause([0, h("reason:gov")]), "ParticipantDirectoryPauseTooLong", [0, MAX_PAUSE]);
      await expectRevert(pauser.pause([MAX_PAUSE + 1, h("reason:gov")]), "ParticipantDirectoryPauseTooLong", [MAX_PAUSE + 1, MAX_PAUSE]);
      await expectRevert(pauser.pause([2 ** 40 - 1, h("reason:gov")]), "ParticipantDirectoryPauseTooLong", [2 ** 40 - 1, MAX_PAUSE]);
      expect(await w.dpr.read.directory.read.pausedUntil()).toBe(0);
      const paused = await mined(pauser.pause([MAX_PAUSE, h("reason:gov")]));
      expect(await w.dpr.read.directory.read.pausedUntil()).toBe((await blockTime(paused)) + MAX_PAUSE);
    });

    it("refuses a pause while one is on, even from governance, so that nobody extends one", async () => {
      const w = await loadFixture(deploySeparated);
      await mined(by(w, "admin").directory.write.grantRole([PAUSE, w.a.admin]));
      const paused = await mined(by(w, "pause").directory.write.pause([COOLDOWN, h("reason:gov")]));
      const until = (await blockTime(paused)) + COOLDOWN;
      for (const who of ["pause", "admin"] as const) {
        await expectRevert(by(w, who).directory.write.pause([MAX_PAUSE, h("reason:again")]), "ParticipantDirectoryAlreadyPaused", [until]);
      }
      expect(await w.dpr.read.directory.read.pausedUntil()).toBe(until);
    });

    it("makes the pause office wait a day after a pause ends before pausing again", async () => {
      const w = await loadFixture(deploySeparated);
      const pauser = by(w, "pause").directory.write;
      const paused = await mined(pauser.pause([COOLDOWN, h("reason:first")]));
      const end = (await blockTime(paused)) + COOLDOWN;
      await increaseTime(COOLDOWN);
      await expectRevert(pauser.pause([COOLDOWN, h("reason:second")]), "ParticipantDirectoryPauseCoolingDown", [end + COOLDOWN]);
      await testClient.setNextBlockTimestamp({ timestamp: BigInt(end + COOLDOWN) });
      await mined(pauser.pause([COOLDOWN, h("reason:second")]));
    });

    it("lets governance holding the pause office pause again at once", async () => {
      const w = await loadFixture(deploySeparated);
      await mined(by(w, "admin").directory.write.grantRole([PAUSE, w.a.admin]));
      const paused = await mined(by(w, "pause").directory.write.pause([COOLDOWN, h("reason:first")]));
      await testClient.setNextBlockTimestamp({ timestamp: BigInt((await blockTime(paused)) + COOLDOWN) });
      const again = await mined(by(w, "admin").directory.write.pause([COOLDOWN, h("reason:governance")]));
      expect(await w.dpr.read.directory.read.pausedUntil()).toBe((await blockTime(again)) + COOLDOWN);
    });

    it("ends early by unpause, which restarts the cool-down, and refuses unpause with no pause on", async () => {
      const w = await loadFixture(deploySeparated);
      const pauser = by(w, "pause").directory.write;
      await expectRevert(pauser.unpause([h("reason:none")]), "ParticipantDirectoryNotPaused", []);
      await mined(pauser.pause([MAX_PAUSE, h("reason:incident")]));
      await increaseTime(3600);
      const unpaused = await mined(pauser.unpause([h("reason:resolved")]));
      expect(directoryEvents(unpaused).map((e) => [e.eventName, e.args])).toEqual([
        ["ZoneUnpaused", { unpausedBy: OFFICERS.pause, reasonHash: h("reason:resolved") }],
      ]);
      expect(await w.dpr.read.directory.read.pausedUntil()).toBe(0);
      await register(w.dpr, "holder", registration("after-unpause"));
      await expectRevert(pauser.unpause([h("reason:none")]), "ParticipantDirectoryNotPaused", []);
      // Unpausing and pausing again is no way round the cool-down.
      const ready = (await blockTime(unpaused)) + COOLDOWN;
      await expectRevert(pauser.pause([MAX_PAUSE, h("reason:again")]), "ParticipantDirectoryPauseCoolingDown", [ready]);
    });

    it("leaves the zone open at least one day in every four against a pause office that pauses whenever it can", async () => {
      const w = await loadFixture(deploySeparated);
      const pauser = by(w, "pause").directory.write;
      const pauses: { from: number; until: number }[] = [];
      for (let cycle = 0; cycle < 4; cycle++) {
        const paused = await mined(pauser.pause([MAX_PAUSE, h(`reason:rogue-${cycle}`)]));
        const from = await blockTime(paused);
        pauses.push({ from, until: from + MAX_PAUSE });
        // It cannot stretch the pause, nor chain another one, at any point up to the cool-down's end.
        await expectRevert(pauser.pause([MAX_PAUSE, h("reason:stretch")]), "ParticipantDirectoryAlreadyPaused", [from + MAX_PAUSE]);
        await testClient.setNextBlockTimestamp({ timestamp: BigInt(from + MAX_PAUSE) });
        await testClient.mine({ blocks: 1 });
        await expectRevert(pauser.pause([MAX_PAUSE, h("reason:chain")]), "ParticipantDirectoryPauseCoolingDown", [from + MAX_PAUSE + COOLDOWN]);
        // Meanwhile the zone is open.
        await register(w.dpr, "holder", registration(`between-pauses-${cycle}`));
        await testClient.setNextBlockTimestamp({ timestamp: BigInt(from + MAX_PAUSE + COOLDOWN) });
      }
      for (const [i, pause] of pauses.entries()) {
        expect(pause.until - pause.from).toBeLessThanOrEqual(MAX_PAUSE);
        if (i > 0) expect(pause.from - pauses[i - 1]!.until).toBeGreaterThanOrEqual(COOLDOWN);
      }
    });
  });

  describe("migration", () => {
    it("refuses new registrations, versions, derivations, anchors and grants with ParticipantDirectoryMigrated(successor)", async () => {
      const b = await loadFixture(busyFixture);
      const migrated = await mined(by(b, "migration").directory.write.migrate([SUCCESSOR, h("note:moved")]));
      expect(directoryEvents(migrated).map((e) => [e.eventName, e.args])).toEqual([
        ["ZoneMigrated", { successor: SUCCESSOR, migratedBy: OFFICERS.migration, noteHash: h("note:moved") }],
      ]);
      expect(await b.dpr.read.directory.read.successor()).toBe(SUCCESSOR);
      await expectNewWorkRefused(b, "ParticipantDirectoryMigrated", [SUCCESSOR]);
    });

    it("lets the life cycle of recorded data go on", async () => {
      const b = await loadFixture(busyFixture);
      await mined(by(b, "migration").directory.write.migrate([SUCCESSOR, h("note:moved")]));
      await expectLifeCycleGoesOn(b);
    });

    it("outlasts any pause: a migrated zone stays closed when a pause ends or is lifted", async () => {
      const b = await loadFixture(busyFixture);
      await mined(by(b, "pause").directory.write.pause([COOLDOWN, h("reason:incident")]));
      await mined(by(b, "migration").directory.write.migrate([SUCCESSOR, h("note:moved")]));
      await expectRevert(by(b, "holder").datasets.write.register([registration("both")]), "ParticipantDirectoryMigrated", [SUCCESSOR]);
      await mined(by(b, "pause").directory.write.unpause([h("reason:lifted")]));
      await expectRevert(by(b, "holder").datasets.write.register([registration("both")]), "ParticipantDirectoryMigrated", [SUCCESSOR]);
    });

    it("happens once: a second migration is refused and the first successor stays", async () => {
      const w = await loadFixture(deploySeparated);
      await mined(by(w, "migration").directory.write.migrate([SUCCESSOR, h("note:moved")]));
      await expectRevert(by(w, "migration").directory.write.migrate([derived("other-successor"), h("note:again")]), "ParticipantDirectoryMigrated", [
        SUCCESSOR,
      ]);
      expect(await w.dpr.read.directory.read.successor()).toBe(SUCCESSOR);
    });

    it("refuses the zero address as successor, leaving the zone open", async () => {
      const w = await loadFixture(deploySeparated);
      await expectRevert(by(w, "migration").directory.write.migrate([zeroAddress, h("note:moved")]), "ParticipantDirectoryZeroAddress", []);
      expect(await w.dpr.read.directory.read.successor()).toBe(zeroAddress);
      await register(w.dpr, "holder", registration("still-open"));
    });
  });

  describe("removal", () => {
    it("forgets an officer account from that block on, keeping its organisation", async () => {
      const w = await loadFixture(deploySeparated);
      const removed = await mined(by(w, "onboarding").directory.write.removeParticipant([w.a.registrarSameOrg, h("reason:left")]));
      expect(directoryEvents(removed).map((e) => [e.eventName, e.args])).toEqual([
        ["ParticipantRemoved", { account: w.a.registrarSameOrg, organisation: w.a.registrar, removedBy: OFFICERS.onboarding, reasonHash: h("reason:left") }],
      ]);
      const participant = await w.dpr.read.directory.read.getParticipant([w.a.registrarSameOrg]);
      expect(participant).toEqual({ organisation: zeroAddress, since: 0, jurisdiction: 0, roles: 0, suspended: false, removed: false });
      expect(await w.dpr.read.directory.read.isActive([w.a.registrarSameOrg])).toBe(false);
      expect(await w.dpr.read.directory.read.organisationOf([w.a.registrarSameOrg])).toBe(zeroAddress);
      expect(await w.dpr.read.directory.read.isActive([w.a.registrar])).toBe(true);
    });

    it("stops the organisation's founding account acting from that block on, keeping the organisation's record", async () => {
      const w = await loadFixture(deploySeparated);
      const before = await w.dpr.read.directory.read.getParticipant([w.a.registrar]);
      const removed = await mined(by(w, "onboarding").directory.write.removeParticipant([w.a.registrar, h("reason:left")]));
      expect(directoryEvents(removed).map((e) => [e.eventName, e.args])).toEqual([
        ["ParticipantRemoved", { account: w.a.registrar, organisation: w.a.registrar, removedBy: OFFICERS.onboarding, reasonHash: h("reason:left") }],
      ]);
      // The organisation is named by this address for good: its record (jurisdiction, roles, standing) stays, marked removed.
      const participant = await w.dpr.read.directory.read.getParticipant([w.a.registrar]);
      expect(participant).toEqual({ ...before, removed: true });
      expect(await w.dpr.read.directory.read.isActive([w.a.registrar])).toBe(false);
      expect(await w.dpr.read.directory.read.hasRole([w.a.registrar, Role.REGISTRAR])).toBe(false);
      expect(await w.dpr.read.directory.read.organisationOf([w.a.registrar])).toBe(w.a.registrar);
      // Its organisation (it was the first account) still names the organisation of its other account.
      expect(await w.dpr.read.directory.read.organisationByLegalIdentity([h("legal-id:gz-data-exchange")])).toBe(w.a.registrar);
      expect(await w.dpr.read.directory.read.organisationOf([w.a.registrarSameOrg])).toBe(w.a.registrar);
    });

    it("stops a removed registrar confirming, while its organisation's other account still confirms", async () => {
      const w = await loadFixture(deploySeparated);
      const id = await register(w.dpr, "holder", registration("removal-confirm"));
      await mined(by(w, "onboarding").directory.write.removeParticipant([w.a.registrar, h("reason:left")]));
      await expectRevert(by(w, "registrar").datasets.write.confirm([id]), "DatasetRegistryMissingRole", [w.a.registrar, Role.REGISTRAR]);
      await mined(by(w, "registrarSameOrg").datasets.write.confirm([id]));
      expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    });

    it("stops a removed participant objecting", async () => {
      const w = await loadFixture(deploySeparated);
      const id = await registerConfirmed(w.dpr, "removal-object");
      await mined(by(w, "onboarding").directory.write.removeParticipant([w.a.holder2, h("reason:left")]));
      await expectRevert(by(w, "holder2").datasets.write.object([id, h("evidence:removed")]), "DatasetRegistryInactiveParticipant", [w.a.holder2]);
      expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    });

    it("stops a removed holder registering and anchoring, its datasets keeping their records", async () => {
      const w = await loadFixture(deploySeparated);
      const id = await registerConfirmed(w.dpr, "removal-holder");
      await increaseTime(NOTICE_PERIOD);
      const before = await w.dpr.read.datasets.read.getDataset([id]);
      await mined(by(w, "onboarding").directory.write.removeParticipant([w.a.holder, h("reason:left")]));
      await expectRevert(by(w, "holder").datasets.write.register([registration("removal-new")]), "DatasetRegistryMissingRole", [w.a.holder, Role.HOLDER]);
      await expectRevert(
        by(w, "holder").anchors.write.anchor([h("root:removed"), HashAlgorithm.SHA256, 3, 4096n, h("manifest:removed"), "https://zone.example/r.json"]),
        "BatchAnchorRegistryNotHolder",
        [w.a.holder],
      );
      expect(await w.dpr.read.datasets.read.getDataset([id])).toEqual(before);
      expect(before.holder).toBe(w.a.holder);
      expect(before.status).toBe(DatasetStatus.CONFIRMED);
      // Its own organisation's other account (the holder's chief data officer) is unaffected.
      expect(await w.dpr.read.directory.read.isActive([w.a.cdo])).toBe(true);
      expect(await w.dpr.read.directory.read.organisationOf([w.a.cdo])).toBe(w.a.holder);
    });

    it("stops a removed holder granting rights on the datasets it still holds", async () => {
      const w = await loadFixture(deploySeparated);
      const id = await registerConfirmed(w.dpr, "removal-grant");
      await increaseTime(NOTICE_PERIOD);
      await mined(by(w, "onboarding").directory.write.removeParticipant([w.a.holder, h("reason:left")]));
      await expectRevert(by(w, "holder").grants.write.grant([grantRequest({ datasetId: id, grantee: w.a.holder2 })]), "GrantRegistryInactiveParticipant", [
        w.a.holder,
      ]);
      expect(await w.dpr.read.grants.read.hasRight([id, w.a.holder2, Right.PROCESSING_USE])).toBe(false);
    });

    it("lets a removed account be onboarded again into its organisation", async () => {
      const w = await loadFixture(deploySeparated);
      const id = await registerConfirmed(w.dpr, "removal-return");
      const onboarding = by(w, "onboarding").directory.write;
      await mined(onboarding.removeParticipant([w.a.holder2, h("reason:left")]));
      const added = await mined(
        onboarding.addParticipant([w.a.holder2, Jurisdiction.GZ, roles("HOLDER"), h("legal-id:gz-transport-bureau"), "https://zone.example/back.json"]),
      );
      expect(directoryEvents(added)[0]!.args).toMatchObject({ account: w.a.holder2, organisation: w.a.holder2 });
      await mined(by(w, "holder2").datasets.write.object([id, h("evidence:returned")]));
      expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    });

    // A separation-of-powers gap to decide on: removal clears the suspension with the record, so the onboarding
    // office can undo the discipline office's suspension by removing and re-onboarding the account.
    it("keeps a suspended account suspended when the onboarding office removes and re-onboards it: only discipline lifts it", async () => {
      const w = await loadFixture(deploySeparated);
      await mined(by(w, "discipline").directory.write.suspend([w.a.holder2, h("reason:misconduct")]));
      const onboarding = by(w, "onboarding").directory.write;
      await mined(onboarding.removeParticipant([w.a.holder2, h("reason:left")]));
      await mined(
        onboarding.addParticipant([w.a.holder2, Jurisdiction.GZ, roles("HOLDER"), h("legal-id:gz-transport-bureau"), "https://zone.example/back.json"]),
      );
      expect(await w.dpr.read.directory.read.isActive([w.a.holder2])).toBe(false);
      expect((await w.dpr.read.directory.read.getParticipant([w.a.holder2])).suspended).toBe(true);
      await mined(by(w, "discipline").directory.write.reinstate([w.a.holder2, h("reason:cleared")]));
      expect(await w.dpr.read.directory.read.isActive([w.a.holder2])).toBe(true);
    });

    it("refuses removing an account that is not a participant, or one already removed", async () => {
      const w = await loadFixture(deploySeparated);
      const onboarding = by(w, "onboarding").directory.write;
      await expectRevert(onboarding.removeParticipant([w.a.stranger, h("reason:none")]), "ParticipantDirectoryUnknownParticipant", [w.a.stranger]);
      await expectRevert(onboarding.removeParticipant([OFFICERS.pause, h("reason:none")]), "ParticipantDirectoryUnknownParticipant", [OFFICERS.pause]);
      await mined(onboarding.removeParticipant([w.a.holder2, h("reason:left")]));
      await expectRevert(onboarding.removeParticipant([w.a.holder2, h("reason:again")]), "ParticipantDirectoryUnknownParticipant", [w.a.holder2]);
    });

    it("refuses removal by governance, the other offices and the account itself, keeping it a participant", async () => {
      const w = await loadFixture(deploySeparated);
      // Only the onboarding office or the organisation's designated key may remove: the rest are told they are not the key.
      for (const who of ["admin", "discipline", "pause", "migration", "holder2", "registrar"] as const) {
        const address = who in OFFICERS ? OFFICERS[who as Office] : w.a[who as Actor];
        await expectRevert(by(w, who).directory.write.removeParticipant([w.a.holder2, h("reason:rogue")]), "ParticipantDirectoryNotOrganisationKey", [
          address,
          w.a.holder2,
        ]);
      }
      expect(await w.dpr.read.directory.read.isActive([w.a.holder2])).toBe(true);
    });
  });
});
