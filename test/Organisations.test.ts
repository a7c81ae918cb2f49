/**
 * Organisations hold, accounts act (issue 16, part 3), attacked at the contract level: an organisation is named
 * by its first account's address; datasets and grants are the organisation's; its officers act for it; its
 * designated key adds and removes its officers, within the roles the onboarding office gave it; removing the
 * founding account (a key rotation) stops that account and nothing else; suspending the organisation stops all
 * its officers; independence is judged by organisation, whichever officer acts.
 */
import { type Address, type Hex, concat, encodeFunctionData, getAddress, parseEventLogs, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import {
  Category,
  DatasetStatus,
  Derivation,
  Grade,
  GrantStatus,
  HashAlgorithm,
  Jurisdiction,
  Right,
  Role,
  TransferMechanism,
  ZONE_OFFICES,
  batchAnchorRegistryAbi,
  datasetRegistryAbi,
  grantRegistryAbi,
  participantDirectoryAbi,
} from "@dpr/sdk";
import { increaseTime, loadFixture, now, publicClient } from "./helpers/chain.js";
import {
  type Actor,
  DAY,
  type Dpr,
  NOTICE_PERIOD,
  deployDpr,
  expectRevert,
  extraAccount,
  grantRequest,
  h,
  mined,
  onboardOfficer,
  register,
  registerConfirmed,
  registration,
  roles,
  signForwardRequest,
} from "./helpers/dpr.js";
import { datasetEvents } from "./DatasetRegistry.helpers.js";

/** The health commission's roles in this world: it holds data and its officers may register others' data. */
const HEALTH_ROLES = roles("HOLDER", "REGISTRAR");

interface World {
  dpr: Dpr;
  /** The cast, checksummed as viem decodes addresses. */
  a: Record<Actor, Address>;
  /** The health commission's (holder's organisation's) designated key. */
  keyH: Address;
  /** The transport bureau's (holder2's organisation's) designated key. */
  keyG: Address;
  /** Officers the health commission's key added: two holders and a registrar. */
  officerH: Address;
  officerH2: Address;
  registrarH: Address;
  /** Officers the transport bureau's key added, both holders. */
  officerG: Address;
  officerG2: Address;
  /** Regulator accounts the onboarding office put into the HK university's and the health commission's organisations. */
  regulatorHK: Address;
  regulatorH: Address;
}

/**
 * The cast (test/helpers/dpr.ts), the health commission (`holder`, with `cdo`) made HOLDER and REGISTRAR, a key
 * for it and for the transport bureau (`holder2`), and officers those keys added. Officers and keys are extra
 * accounts: they send transactions but cannot sign forward requests, which the cast's `holder` and `cdo` do.
 */
async function deployOrganisations(): Promise<World> {
  const dpr = await deployDpr();
  const a = Object.fromEntries(Object.entries(dpr.a).map(([actor, address]) => [actor, getAddress(address)])) as Record<Actor, Address>;
  await mined(dpr.as("admin").directory.write.setRoles([a.holder, HEALTH_ROLES]));
  const keyH = await extraAccount("key:health-commission");
  const keyG = await extraAccount("key:transport-bureau");
  const officerH = await onboardOfficer(dpr, "holder", keyH, "officer:health-1", roles("HOLDER"));
  const officerH2 = await onboardOfficer(dpr, "holder", keyH, "officer:health-2", roles("HOLDER"));
  const registrarH = await onboardOfficer(dpr, "holder", keyH, "officer:health-registrar", roles("REGISTRAR"));
  const officerG = await onboardOfficer(dpr, "holder2", keyG, "officer:transport-1", roles("HOLDER"));
  const officerG2 = await onboardOfficer(dpr, "holder2", keyG, "officer:transport-2", roles("HOLDER"));
  const regulatorHK = await extraAccount("officer:hk-university-regulator");
  const regulatorH = await extraAccount("officer:health-regulator");
  for (const [account, jurisdiction, legalId] of [
    [regulatorHK, Jurisdiction.HK, "hk-university"],
    [regulatorH, Jurisdiction.GZ, "gz-health-commission"],
  ] as const) {
    await mined(
      dpr.as("admin").directory.write.addParticipant([account, jurisdiction, roles("REGULATOR"), h(`legal-id:${legalId}`), "https://zone.example/r.json"]),
    );
  }
  return { dpr, a, keyH, keyG, officerH, officerH2, registrarH, officerG, officerG2, regulatorHK, regulatorH };
}

/** The world plus what the health commission has done through its founding account before it is rotated out. */
interface Rotation extends World {
  /** General data the founder registered, CONFIRMED. */
  held: Hex;
  /** The founder's grant of processing/use on `held` to the transport bureau: ACTIVE. */
  grantId: bigint;
  /** holder2's registration waiting for a registrar: PENDING. */
  pending: Hex;
  /** holder2's registration in its notice period: NOTICE. */
  inNotice: Hex;
  /** holder2's registration the founder confirmed as registrar: NOTICE. */
  confirmedByFounder: Hex;
}

async function deployRotation(): Promise<Rotation> {
  const w = await loadFixture(deployOrganisations);
  const { dpr, a } = w;
  const held = await registerConfirmed(dpr, "held-by-founder", {}, "holder");
  await increaseTime(NOTICE_PERIOD);
  await mined(dpr.as("holder").grants.write.grant([grantRequest({ datasetId: held, grantee: a.holder2 })]));
  const grantId = await dpr.read.grants.read.grantCount();
  const pending = await register(dpr, "holder2", registration("holder2-pending"));
  const inNotice = await registerConfirmed(dpr, "holder2-in-notice", {}, "holder2");
  const confirmedByFounder = await register(dpr, "holder2", registration("holder2-confirmed-by-founder"));
  await mined(dpr.as("holder").datasets.write.confirm([confirmedByFounder]));
  return { ...w, held, grantId, pending, inNotice, confirmedByFounder };
}

/** A dataset `by` registered (general, GZ), confirmed by `registrar`, its notice period over: CONFIRMED. */
async function confirmedBy(w: World, label: string, by: Actor | Address, overrides: Parameters<typeof registration>[1] = {}) {
  const id = await registerConfirmed(w.dpr, label, overrides, by);
  await increaseTime(NOTICE_PERIOD);
  expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
  return id;
}

/** What the registry answers to `data` forwarded for `signer`: the call the forwarder would make, simulated. */
/** The health commission's first key, cleared or replaced: it can neither add `account` nor remove the officer. */
async function expectOldKeyRefused(w: World, account: Address) {
  const { dpr, a } = w;
  await expectRevert(
    dpr.as(w.keyH).directory.write.addOfficer([a.holder, account, roles("HOLDER"), "https://zone.example/o.json"]),
    "ParticipantDirectoryNotOrganisationKey",
    [w.keyH, a.holder],
  );
  await expectRevert(dpr.as(w.keyH).directory.write.removeParticipant([w.officerH, h("reason")]), "ParticipantDirectoryNotOrganisationKey", [w.keyH, a.holder]);
}

function forwardedCall(dpr: Dpr, signer: Address, to: Address, data: Hex) {
  return publicClient.call({ account: dpr.addresses.forwarder, to, data: concat([data, signer]) });
}

const ANCHOR_ARGS = [h("batch-root:organisations"), HashAlgorithm.SHA256, 3, 4096n, h("manifest"), "https://zone.example/b.json"] as const;

describe("an organisation's designated key", () => {
  it("is designated by the onboarding office and adds officers with the organisation's jurisdiction and legal identity, and roles within its own", async () => {
    const { dpr, a } = await loadFixture(deployOrganisations);
    const key = await extraAccount("key:hk-university");
    const set = await mined(dpr.as("admin").directory.write.setOrganisationKey([a.holderHK, key]));
    const setLogs = parseEventLogs({ abi: participantDirectoryAbi, eventName: "OrganisationKeySet", logs: set.logs });
    expect(setLogs.map((e) => e.args)).toEqual([{ organisation: a.holderHK, key, setBy: a.admin }]);
    expect(await dpr.read.directory.read.organisationKeyOf([a.holderHK])).toBe(key);

    const officer = await extraAccount("officer:hk-university-1");
    const added = await mined(dpr.as(key).directory.write.addOfficer([a.holderHK, officer, roles("HOLDER"), "https://zone.example/o.json"]));
    const addedLogs = parseEventLogs({ abi: participantDirectoryAbi, eventName: "ParticipantAdded", logs: added.logs });
    expect(addedLogs.map((e) => e.args)).toEqual([
      {
        account: officer,
        organisation: a.holderHK,
        addedBy: key,
        jurisdiction: Jurisdiction.HK,
        roles: roles("HOLDER"),
        legalIdHash: h("legal-id:hk-university"),
        metadataURI: "https://zone.example/o.json",
      },
    ]);
    expect(await dpr.read.directory.read.getParticipant([officer])).toMatchObject({
      organisation: a.holderHK,
      jurisdiction: Jurisdiction.HK,
      roles: roles("HOLDER"),
      suspended: false,
      removed: false,
    });
    expect(await dpr.read.directory.read.isActive([officer])).toBe(true);
    expect(await dpr.read.directory.read.hasRole([officer, Role.HOLDER])).toBe(true);
    expect(await dpr.read.directory.read.organisationOf([officer])).toBe(a.holderHK);
    // The key itself is no participant: it manages officers and does nothing else.
    expect(await dpr.read.directory.read.isActive([key])).toBe(false);
  });

  it("refuses roles beyond the organisation's, naming both; nothing is recorded", async () => {
    const { dpr, keyH, a } = await loadFixture(deployOrganisations);
    const account = await extraAccount("officer:too-mighty");
    for (const mask of [roles("REGULATOR"), roles("HOLDER", "AUDITOR"), roles("HOLDER", "REGISTRAR", "REGULATOR")]) {
      await expectRevert(
        dpr.as(keyH).directory.write.addOfficer([a.holder, account, mask, "https://zone.example/o.json"]),
        "ParticipantDirectoryRolesBeyondOrganisation",
        [mask, HEALTH_ROLES],
      );
    }
    await expectRevert(dpr.as(keyH).directory.write.addOfficer([a.holder, account, 0, "https://zone.example/o.json"]), "ParticipantDirectoryInvalidRoles", [0]);
    expect((await dpr.read.directory.read.getParticipant([account])).organisation).toBe(zeroAddress);
    // Exactly the organisation's roles are fine.
    await mined(dpr.as(keyH).directory.write.addOfficer([a.holder, account, HEALTH_ROLES, "https://zone.example/o.json"]));
    expect((await dpr.read.directory.read.getParticipant([account])).roles).toBe(HEALTH_ROLES);
  });

  it("refuses everyone but the organisation's key: another organisation's key, a stranger, a participant, the organisation's own accounts, the onboarding office", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const account = await extraAccount("officer:self-appointed");
    for (const caller of [w.keyG, a.stranger, a.holder2, a.holder, w.officerH, a.cdo, w.registrarH, a.admin]) {
      await expectRevert(
        dpr.as(caller).directory.write.addOfficer([a.holder, account, roles("HOLDER"), "https://zone.example/o.json"]),
        "ParticipantDirectoryNotOrganisationKey",
        [caller, a.holder],
      );
    }
    // An organisation without a key has nobody who can add an officer this way.
    for (const caller of [w.keyH, a.registrar]) {
      await expectRevert(
        dpr.as(caller).directory.write.addOfficer([a.registrar, account, roles("REGISTRAR"), "https://zone.example/o.json"]),
        "ParticipantDirectoryNotOrganisationKey",
        [caller, a.registrar],
      );
    }
    expect((await dpr.read.directory.read.getParticipant([account])).organisation).toBe(zeroAddress);
  });

  it("is refused once cleared: it neither adds nor removes", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const cleared = await mined(dpr.as("admin").directory.write.setOrganisationKey([a.holder, zeroAddress]));
    const logs = parseEventLogs({ abi: participantDirectoryAbi, eventName: "OrganisationKeySet", logs: cleared.logs });
    expect(logs.map((e) => e.args)).toEqual([{ organisation: a.holder, key: zeroAddress, setBy: a.admin }]);
    expect(await dpr.read.directory.read.organisationKeyOf([a.holder])).toBe(zeroAddress);
    const account = await extraAccount("officer:after-clearing");
    await expectOldKeyRefused(w, account);
    expect(await dpr.read.directory.read.isActive([w.officerH])).toBe(true);
    expect((await dpr.read.directory.read.getParticipant([account])).organisation).toBe(zeroAddress);
  });

  it("once replaced, is refused, while the new key adds and removes", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const newKey = await extraAccount("key:health-commission-2");
    await mined(dpr.as("admin").directory.write.setOrganisationKey([a.holder, newKey]));
    expect(await dpr.read.directory.read.organisationKeyOf([a.holder])).toBe(newKey);
    const account = await extraAccount("officer:after-rotation");
    await expectOldKeyRefused(w, account);
    await mined(dpr.as(newKey).directory.write.addOfficer([a.holder, account, roles("HOLDER"), "https://zone.example/o.json"]));
    expect(await dpr.read.directory.read.organisationOf([account])).toBe(a.holder);
    await mined(dpr.as(newKey).directory.write.removeParticipant([w.officerH, h("reason")]));
    expect(await dpr.read.directory.read.isActive([w.officerH])).toBe(false);
  });

  it("of a suspended organisation cannot add an officer until the organisation is reinstated", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason:investigation")]));
    const account = await extraAccount("officer:while-suspended");
    const add = () => dpr.as(w.keyH).directory.write.addOfficer([a.holder, account, roles("HOLDER"), "https://zone.example/o.json"]);
    await expectRevert(add(), "ParticipantDirectorySuspended", [a.holder]);
    expect((await dpr.read.directory.read.getParticipant([account])).organisation).toBe(zeroAddress);
    await mined(dpr.as("admin").directory.write.reinstate([a.holder, h("reason:cleared")]));
    await mined(add());
    expect(await dpr.read.directory.read.isActive([account])).toBe(true);
  });

  it("is designated only by the onboarding office, and only for an organisation's own address", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const rogue = await extraAccount("key:rogue");
    for (const caller of [a.holder, w.keyH, w.officerH, a.registrar, a.stranger]) {
      await expectRevert(dpr.as(caller).directory.write.setOrganisationKey([a.holder, rogue]), "AccessControlUnauthorizedAccount", [
        caller,
        ZONE_OFFICES.ONBOARDING,
      ]);
    }
    // An officer's address names no organisation; neither does a stranger's.
    for (const notAnOrganisation of [w.officerH, a.cdo, a.stranger]) {
      await expectRevert(dpr.as("admin").directory.write.setOrganisationKey([notAnOrganisation, rogue]), "ParticipantDirectoryUnknownOrganisation", [
        notAnOrganisation,
      ]);
    }
    expect(await dpr.read.directory.read.organisationKeyOf([a.holder])).toBe(w.keyH);
    expect(await dpr.read.directory.read.organisationKeyOf([w.officerH])).toBe(zeroAddress);
  });

  it("cannot add an account that is already a participant (of any organisation), nor the zero address", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    for (const account of [a.holder2, w.officerG, a.cdo, w.officerH]) {
      await expectRevert(
        dpr.as(w.keyH).directory.write.addOfficer([a.holder, account, roles("HOLDER"), "https://zone.example/o.json"]),
        "ParticipantDirectoryAlreadyRegistered",
        [account],
      );
    }
    expect(await dpr.read.directory.read.organisationOf([w.officerG])).toBe(a.holder2);
    await expectRevert(
      dpr.as(w.keyH).directory.write.addOfficer([a.holder, zeroAddress, roles("HOLDER"), "https://zone.example/o.json"]),
      "ParticipantDirectoryZeroAddress",
      [],
    );
  });

  it("removes its organisation's officers, and no other organisation's", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const receipt = await mined(dpr.as(w.keyH).directory.write.removeParticipant([w.officerH, h("reason:left")]));
    const logs = parseEventLogs({ abi: participantDirectoryAbi, eventName: "ParticipantRemoved", logs: receipt.logs });
    expect(logs.map((e) => e.args)).toEqual([{ account: w.officerH, organisation: a.holder, removedBy: w.keyH, reasonHash: h("reason:left") }]);
    for (const other of [w.officerG, a.holder2, a.registrar]) {
      const organisation = await dpr.read.directory.read.organisationOf([other]);
      await expectRevert(dpr.as(w.keyH).directory.write.removeParticipant([other, h("reason:rogue")]), "ParticipantDirectoryNotOrganisationKey", [
        w.keyH,
        organisation,
      ]);
      expect(await dpr.read.directory.read.isActive([other])).toBe(true);
    }
  });
});

describe("officers act for their organisation", () => {
  it("registers for its organisation: the organisation holds the dataset, the officer is the registrant", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const r = registration("by-an-officer");
    const receipt = await mined(dpr.as(w.officerH).datasets.write.register([r]));
    const [registered] = datasetEvents(receipt);
    expect(registered!.eventName).toBe("DatasetRegistered");
    expect(registered!.args).toMatchObject({ holder: a.holder, registrant: w.officerH, jurisdiction: Jurisdiction.GZ });
    const id = await dpr.read.datasets.read.datasetIdOf([r.algorithm, r.contentHash]);
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({ holder: a.holder, status: DatasetStatus.PENDING });
    expect((await dpr.read.datasets.read.profileOf([id])).holder).toBe(a.holder);
  });

  it("lets another officer of the same organisation withdraw it", async () => {
    const w = await loadFixture(deployOrganisations);
    const id = await register(w.dpr, w.officerH, registration("withdrawn-by-colleague"));
    await mined(w.dpr.as(w.officerH2).datasets.write.withdraw([id]));
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.WITHDRAWN);
  });

  it("lets another officer of the same organisation version it and derive from it, for the organisation", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const id = await confirmedBy(w, "versioned-by-colleague", w.officerH);
    const version = await register(dpr, w.officerH2, registration("versioned-by-colleague-v2", { versionOf: id }));
    expect((await dpr.read.datasets.read.getDataset([version])).holder).toBe(a.holder);
    expect((await dpr.read.datasets.read.getDataset([id])).superseded).toBe(true);
    const other = await confirmedBy(w, "derived-by-colleague-parent", w.officerH);
    const derived = await register(
      dpr,
      w.officerH2,
      registration("derived-by-colleague", { parents: [{ datasetId: other, derivation: Derivation.AGGREGATION }] }),
    );
    expect((await dpr.read.datasets.read.getDataset([derived])).holder).toBe(a.holder);
  });

  it("lets another officer of the same organisation grant, revoke, set border conditions and request a transfer", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const id = await confirmedBy(w, "managed-by-colleagues", w.officerH);
    await mined(dpr.as(w.officerH2).grants.write.grant([grantRequest({ datasetId: id, grantee: a.holder2 })]));
    const grantId = await dpr.read.grants.read.grantCount();
    expect(await dpr.read.grants.read.hasRight([id, w.officerG, Right.PROCESSING_USE])).toBe(true);
    await mined(dpr.as(w.registrarH).grants.write.revoke([grantId, h("reason")]));
    expect(await dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.REVOKED);
    const conditions = { openness: 2, rights: 1 << Right.PROCESSING_USE, regions: 1, purposeClasses: 0b10, maxTerm: 0 };
    await mined(dpr.as(a.cdo).grants.write.setBorderConditions([id, conditions]));
    expect(await dpr.read.grants.read.borderConditionsOf([id])).toEqual(conditions);
    const receipt = await mined(dpr.as(w.officerH2).datasets.write.requestTransfer([id, a.holder2]));
    expect(datasetEvents(receipt).map((e) => [e.eventName, e.args])).toEqual([
      ["DatasetTransferRequested", { datasetId: id, from: a.holder, to: a.holder2 }],
    ]);
    await mined(dpr.as(w.officerH).datasets.write.cancelTransfer([id]));
    expect((await dpr.read.datasets.read.getDataset([id])).pendingTransferTo).toBe(zeroAddress);
  });

  it("refuses an officer of another organisation every holder's action, naming the officer", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const pending = await register(dpr, w.officerH, registration("not-theirs-pending"));
    const id = await confirmedBy(w, "not-theirs", w.officerH);
    await mined(dpr.as(w.officerH).grants.write.grant([grantRequest({ datasetId: id, grantee: a.auditor })]));
    const grantId = await dpr.read.grants.read.grantCount();
    await mined(dpr.as(w.officerH).datasets.write.requestTransfer([id, a.holder2]));
    const before = await dpr.read.datasets.read.getDataset([id]);
    const g = w.officerG;
    const as = dpr.as(g);
    await expectRevert(as.datasets.write.withdraw([pending]), "DatasetRegistryNotHolder", [pending, g]);
    await expectRevert(as.datasets.write.retire([id]), "DatasetRegistryNotHolder", [id, g]);
    await expectRevert(as.datasets.write.requestTransfer([id, a.holder2]), "DatasetRegistryNotHolder", [id, g]);
    // Even the recipient's officer cannot withdraw the request.
    await expectRevert(as.datasets.write.cancelTransfer([id]), "DatasetRegistryNotHolderOrRegulator", [id, g]);
    await expectRevert(as.datasets.write.register([registration("not-theirs-v2", { versionOf: id })]), "DatasetRegistryNotHolder", [id, g]);
    await expectRevert(
      as.datasets.write.register([registration("not-theirs-derived", { parents: [{ datasetId: id, derivation: Derivation.AGGREGATION }] })]),
      "DatasetRegistryNoRightToDerive",
      [id, g],
    );
    await expectRevert(as.grants.write.grant([grantRequest({ datasetId: id, grantee: a.holderMO })]), "GrantRegistryNotHolder", [id, g]);
    await expectRevert(as.grants.write.revoke([grantId, h("reason")]), "GrantRegistryNotHolderOrRegulator", [grantId, g]);
    const conditions = { openness: 3, rights: 0, regions: 0, purposeClasses: 0, maxTerm: 0 }; // NOT_OPEN
    await expectRevert(as.grants.write.setBorderConditions([id, conditions]), "GrantRegistryNotHolder", [id, g]);
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    expect(await dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.ACTIVE);
  });
});

/** Who removes the founding account: the organisation's key, or the onboarding office. */
const REMOVERS = ["key", "onboarding office"] as const;

function removeFounder(w: World, by: (typeof REMOVERS)[number]) {
  return w.dpr.as(by === "key" ? w.keyH : "admin").directory.write.removeParticipant([w.a.holder, h("reason:key-rotation")]);
}

describe("the founding account removed (a key rotation)", () => {
  it.each(REMOVERS)("by the %s: the account is removed, the organisation's record stays, its address still names it", async (by) => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    const before = await dpr.read.directory.read.getParticipant([a.holder]);
    const receipt = await mined(removeFounder(w, by));
    const logs = parseEventLogs({ abi: participantDirectoryAbi, eventName: "ParticipantRemoved", logs: receipt.logs });
    expect(logs.map((e) => e.args)).toEqual([
      { account: a.holder, organisation: a.holder, removedBy: by === "key" ? w.keyH : a.admin, reasonHash: h("reason:key-rotation") },
    ]);
    expect(await dpr.read.directory.read.getParticipant([a.holder])).toEqual({ ...before, removed: true });
    expect(await dpr.read.directory.read.isActive([a.holder])).toBe(false);
    for (const role of [Role.HOLDER, Role.REGISTRAR]) expect(await dpr.read.directory.read.hasRole([a.holder, role])).toBe(false);
    expect(await dpr.read.directory.read.organisationOf([a.holder])).toBe(a.holder);
    expect(await dpr.read.directory.read.organisationOf([w.officerH])).toBe(a.holder);
    expect(await dpr.read.directory.read.organisationKeyOf([a.holder])).toBe(w.keyH);
    expect(await dpr.read.directory.read.legalIdentityOf([a.holder])).toBe(h("legal-id:gz-health-commission"));
    // Removed once is removed: a second removal finds no participant.
    await expectRevert(removeFounder(w, by), "ParticipantDirectoryUnknownParticipant", [a.holder]);
  });

  it.each(REMOVERS)(
    "by the %s: the founder can no longer register, grant, confirm, object, revoke, retire, set conditions or anchor, directly or by a request it signed",
    async (by) => {
      const w = await loadFixture(deployRotation);
      const { dpr, a } = w;
      const founder = a.holder;
      const as = dpr.as("holder");
      const conditions = { openness: 3, rights: 0, regions: 0, purposeClasses: 0, maxTerm: 0 }; // NOT_OPEN
      const calls: { name: string; direct: () => Promise<Hex>; to: Address; data: Hex; error: string; args: readonly unknown[] }[] = [
        {
          name: "register",
          direct: () => as.datasets.write.register([registration("founder-after-removal")]),
          to: dpr.addresses.datasets,
          data: encodeFunctionData({ abi: datasetRegistryAbi, functionName: "register", args: [registration("founder-after-removal")] }),
          error: "DatasetRegistryMissingRole",
          args: [founder, Role.HOLDER],
        },
        {
          name: "grant",
          direct: () => as.grants.write.grant([grantRequest({ datasetId: w.held, grantee: a.auditor })]),
          to: dpr.addresses.grants,
          data: encodeFunctionData({ abi: grantRegistryAbi, functionName: "grant", args: [grantRequest({ datasetId: w.held, grantee: a.auditor })] }),
          error: "GrantRegistryInactiveParticipant",
          args: [founder],
        },
        {
          name: "confirm",
          direct: () => as.datasets.write.confirm([w.pending]),
          to: dpr.addresses.datasets,
          data: encodeFunctionData({ abi: datasetRegistryAbi, functionName: "confirm", args: [w.pending] }),
          error: "DatasetRegistryMissingRole",
          args: [founder, Role.REGISTRAR],
        },
        {
          name: "object",
          direct: () => as.datasets.write.object([w.inNotice, h("evidence")]),
          to: dpr.addresses.datasets,
          data: encodeFunctionData({ abi: datasetRegistryAbi, functionName: "object", args: [w.inNotice, h("evidence")] }),
          error: "DatasetRegistryInactiveParticipant",
          args: [founder],
        },
        {
          name: "revoke",
          direct: () => as.grants.write.revoke([w.grantId, h("reason")]),
          to: dpr.addresses.grants,
          data: encodeFunctionData({ abi: grantRegistryAbi, functionName: "revoke", args: [w.grantId, h("reason")] }),
          error: "GrantRegistryInactiveParticipant",
          args: [founder],
        },
        {
          name: "retire",
          direct: () => as.datasets.write.retire([w.held]),
          to: dpr.addresses.datasets,
          data: encodeFunctionData({ abi: datasetRegistryAbi, functionName: "retire", args: [w.held] }),
          error: "DatasetRegistryInactiveParticipant",
          args: [founder],
        },
        {
          name: "setBorderConditions",
          direct: () => as.grants.write.setBorderConditions([w.held, conditions]),
          to: dpr.addresses.grants,
          data: encodeFunctionData({ abi: grantRegistryAbi, functionName: "setBorderConditions", args: [w.held, conditions] }),
          error: "GrantRegistryInactiveParticipant",
          args: [founder],
        },
        {
          name: "anchor",
          direct: () => as.anchors.write.anchor(ANCHOR_ARGS),
          to: dpr.addresses.anchors,
          data: encodeFunctionData({ abi: batchAnchorRegistryAbi, functionName: "anchor", args: ANCHOR_ARGS }),
          error: "BatchAnchorRegistryNotHolder",
          args: [founder],
        },
      ];
      // Signed off line while the founder was still in office: each would have been accepted then.
      const signed = [];
      for (const call of calls) {
        await forwardedCall(dpr, founder, call.to, call.data);
        signed.push(await signForwardRequest(dpr, "holder", { to: call.to, data: call.data }));
      }
      const before = { held: await dpr.read.datasets.read.getDataset([w.held]), grant: await dpr.read.grants.read.getGrant([w.grantId]) };
      await mined(removeFounder(w, by));
      for (const [i, call] of calls.entries()) {
        await expectRevert(call.direct(), call.error, call.args);
        await expectRevert(dpr.as("stranger").forwarder.write.execute([signed[i]!]), "FailedCall", []);
        await expectRevert(forwardedCall(dpr, founder, call.to, call.data), call.error, call.args);
      }
      expect(await dpr.read.datasets.read.getDataset([w.held])).toEqual(before.held);
      expect(await dpr.read.grants.read.getGrant([w.grantId])).toEqual(before.grant);
      expect(await dpr.read.datasets.read.status([w.pending])).toBe(DatasetStatus.PENDING);
      expect(await dpr.read.datasets.read.status([w.inNotice])).toBe(DatasetStatus.NOTICE);
      expect((await dpr.read.anchors.read.getAnchor([ANCHOR_ARGS[0]])).anchorer).toBe(zeroAddress);
      expect(await dpr.read.forwarder.read.nonces([founder])).toBe(0n);
    },
  );

  it.each(REMOVERS)(
    "by the %s: the organisation's datasets, grants and confirmations stand, and its other officers keep acting",
    async (by) => {
      const w = await loadFixture(deployRotation);
      const { dpr, a } = w;
      const held = await dpr.read.datasets.read.getDataset([w.held]);
      const confirmed = await dpr.read.datasets.read.getDataset([w.confirmedByFounder]);
      await mined(removeFounder(w, by));
      expect(await dpr.read.datasets.read.getDataset([w.held])).toEqual(held);
      expect(held).toMatchObject({ holder: a.holder, status: DatasetStatus.CONFIRMED });
      expect(await dpr.read.datasets.read.getDataset([w.confirmedByFounder])).toEqual(confirmed);
      expect(confirmed).toMatchObject({ status: DatasetStatus.NOTICE, confirmations: 1 });
      // The grant to the transport bureau stands: its officers have the right; the organisation's officers hold.
      expect(await dpr.read.grants.read.grantStatus([w.grantId])).toBe(GrantStatus.ACTIVE);
      for (const grantee of [a.holder2, w.officerG, w.officerG2]) {
        expect(await dpr.read.grants.read.hasRight([w.held, grantee, Right.PROCESSING_USE])).toBe(true);
      }
      expect(await dpr.read.grants.read.hasRight([w.held, w.officerH, Right.HOLDING])).toBe(true);
      expect(await dpr.read.grants.read.hasRight([w.held, a.holder, Right.HOLDING])).toBe(false);
      // The other officers act for the organisation as before.
      const id = await register(dpr, w.officerH, registration("after-rotation"));
      expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(a.holder);
      await mined(dpr.as(w.officerH2).grants.write.grant([grantRequest({ datasetId: w.held, grantee: a.auditor })]));
      expect(await dpr.read.grants.read.hasRight([w.held, a.auditor, Right.PROCESSING_USE])).toBe(true);
      await mined(dpr.as(w.registrarH).datasets.write.confirm([w.pending]));
      expect(await dpr.read.datasets.read.status([w.pending])).toBe(DatasetStatus.NOTICE);
      await mined(dpr.as(w.officerH).datasets.write.object([w.inNotice, h("evidence")]));
      expect(await dpr.read.datasets.read.status([w.inNotice])).toBe(DatasetStatus.DISPUTED);
      await mined(dpr.as(a.cdo).grants.write.revoke([w.grantId, h("reason")]));
      expect(await dpr.read.grants.read.grantStatus([w.grantId])).toBe(GrantStatus.REVOKED);
      // And the key still adds officers, within the organisation's roles, which stay.
      const newcomer = await extraAccount("officer:after-rotation");
      await mined(dpr.as(w.keyH).directory.write.addOfficer([a.holder, newcomer, HEALTH_ROLES, "https://zone.example/o.json"]));
      expect(await dpr.read.directory.read.hasRole([newcomer, Role.REGISTRAR])).toBe(true);
    },
  );

  it("lets the founder come back only into its own organisation: into another, it is already registered", async () => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    await mined(removeFounder(w, "key"));
    await expectRevert(
      dpr.as("admin").directory.write.addParticipant([a.holder, Jurisdiction.GZ, roles("HOLDER"), h("legal-id:gz-transport-bureau"), "https://zone.example/x.json"]),
      "ParticipantDirectoryAlreadyRegistered",
      [a.holder],
    );
    await expectRevert(
      dpr.as(w.keyG).directory.write.addOfficer([a.holder2, a.holder, roles("HOLDER"), "https://zone.example/x.json"]),
      "ParticipantDirectoryAlreadyRegistered",
      [a.holder],
    );
    expect(await dpr.read.directory.read.getParticipant([a.holder])).toMatchObject({ organisation: a.holder, removed: true });
  });

  it("lets the organisation's key bring the founder back with fewer roles (narrowing what officers may get), never more", async () => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    await mined(removeFounder(w, "onboarding office"));
    // Removal alone does not expel the organisation: its key may add the founder back, within its roles.
    await expectRevert(
      dpr.as(w.keyH).directory.write.addOfficer([a.holder, a.holder, roles("HOLDER", "REGULATOR"), "https://zone.example/x.json"]),
      "ParticipantDirectoryRolesBeyondOrganisation",
      [roles("HOLDER", "REGULATOR"), roles("HOLDER", "REGISTRAR")],
    );
    await mined(dpr.as(w.keyH).directory.write.addOfficer([a.holder, a.holder, roles("HOLDER"), "https://zone.example/x.json"]));
    expect(await dpr.read.directory.read.getParticipant([a.holder])).toMatchObject({ organisation: a.holder, roles: roles("HOLDER"), removed: false });
    // The organisation's roles are now the founder's: a registrar officer can no longer be added; one added before keeps its role.
    const account = await extraAccount("officer:after-narrowing");
    await expectRevert(
      dpr.as(w.keyH).directory.write.addOfficer([a.holder, account, roles("REGISTRAR"), "https://zone.example/o.json"]),
      "ParticipantDirectoryRolesBeyondOrganisation",
      [roles("REGISTRAR"), roles("HOLDER")],
    );
    expect(await dpr.read.directory.read.hasRole([w.registrarH, Role.REGISTRAR])).toBe(true);
  });

  it("does not let the founder come back under a new legal identity (that would be another organisation)", async () => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    await mined(removeFounder(w, "onboarding office"));
    await expectRevert(
      dpr.as("admin").directory.write.addParticipant([a.holder, Jurisdiction.GZ, roles("HOLDER"), h("legal-id:a-new-identity"), "https://zone.example/x.json"]),
      "ParticipantDirectoryAlreadyRegistered",
      [a.holder],
    );
    expect(await dpr.read.directory.read.legalIdentityOf([a.holder])).toBe(h("legal-id:gz-health-commission"));
    expect(await dpr.read.directory.read.organisationByLegalIdentity([h("legal-id:a-new-identity")])).toBe(zeroAddress);
  });

  it.each([
    ["the onboarding office, with the organisation's legal identity", "office"],
    ["the organisation's key", "key"],
  ] as const)("lets %s bring the founder back into its organisation", async (_name, how) => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    await mined(removeFounder(w, "key"));
    await mined(
      how === "office"
        ? dpr.as("admin").directory.write.addParticipant([a.holder, Jurisdiction.GZ, HEALTH_ROLES, h("legal-id:gz-health-commission"), "https://zone.example/x.json"])
        : dpr.as(w.keyH).directory.write.addOfficer([a.holder, a.holder, HEALTH_ROLES, "https://zone.example/x.json"]),
    );
    expect(await dpr.read.directory.read.getParticipant([a.holder])).toMatchObject({
      organisation: a.holder,
      jurisdiction: Jurisdiction.GZ,
      roles: HEALTH_ROLES,
      suspended: false,
      removed: false,
    });
    expect(await dpr.read.directory.read.isActive([a.holder])).toBe(true);
    const id = await register(dpr, "holder", registration("founder-back"));
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(a.holder);
  });
});

describe("a removed officer (not the founder)", () => {
  it("loses its record and its signature from that block; the key may add it again", async () => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    // cdo, a registrar of the health commission, signs a grant for its organisation and a confirmation of holder2's data.
    const grantData = encodeFunctionData({ abi: grantRegistryAbi, functionName: "grant", args: [grantRequest({ datasetId: w.held, grantee: a.auditor })] });
    const confirmData = encodeFunctionData({ abi: datasetRegistryAbi, functionName: "confirm", args: [w.pending] });
    await forwardedCall(dpr, a.cdo, dpr.addresses.grants, grantData);
    await forwardedCall(dpr, a.cdo, dpr.addresses.datasets, confirmData);
    const granting = await signForwardRequest(dpr, "cdo", { to: dpr.addresses.grants, data: grantData });
    const confirming = await signForwardRequest(dpr, "cdo", { to: dpr.addresses.datasets, data: confirmData });

    await mined(dpr.as(w.keyH).directory.write.removeParticipant([a.cdo, h("reason:left")]));
    expect(await dpr.read.directory.read.getParticipant([a.cdo])).toEqual({
      organisation: zeroAddress,
      since: 0,
      jurisdiction: 0,
      roles: 0,
      suspended: false,
      removed: false,
    });
    expect(await dpr.read.directory.read.organisationOf([a.cdo])).toBe(zeroAddress);
    expect(await dpr.read.directory.read.isActive([a.cdo])).toBe(false);
    expect(await dpr.read.grants.read.hasRight([w.held, a.cdo, Right.HOLDING])).toBe(false);

    await expectRevert(dpr.as("cdo").grants.write.grant([grantRequest({ datasetId: w.held, grantee: a.auditor })]), "GrantRegistryNotHolder", [
      w.held,
      a.cdo,
    ]);
    await expectRevert(dpr.as("cdo").datasets.write.confirm([w.pending]), "DatasetRegistryMissingRole", [a.cdo, Role.REGISTRAR]);
    await expectRevert(dpr.as("stranger").forwarder.write.execute([granting]), "FailedCall", []);
    await expectRevert(dpr.as("stranger").forwarder.write.execute([confirming]), "FailedCall", []);
    await expectRevert(forwardedCall(dpr, a.cdo, dpr.addresses.grants, grantData), "GrantRegistryNotHolder", [w.held, a.cdo]);
    await expectRevert(forwardedCall(dpr, a.cdo, dpr.addresses.datasets, confirmData), "DatasetRegistryMissingRole", [a.cdo, Role.REGISTRAR]);
    expect(await dpr.read.grants.read.hasRight([w.held, a.auditor, Right.PROCESSING_USE])).toBe(false);
    expect(await dpr.read.datasets.read.status([w.pending])).toBe(DatasetStatus.PENDING);

    await mined(dpr.as(w.keyH).directory.write.addOfficer([a.holder, a.cdo, roles("REGISTRAR"), "https://zone.example/cdo.json"]));
    expect(await dpr.read.directory.read.organisationOf([a.cdo])).toBe(a.holder);
    await mined(dpr.as("cdo").datasets.write.confirm([w.pending]));
    expect(await dpr.read.datasets.read.status([w.pending])).toBe(DatasetStatus.NOTICE);
  });
});

describe("suspension", () => {
  it("of the organisation's address suspends every officer, and its grants confer nothing, until it is reinstated", async () => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    const officers: [Address, Role][] = [
      [a.holder, Role.HOLDER],
      [w.officerH, Role.HOLDER],
      [w.officerH2, Role.HOLDER],
      [w.registrarH, Role.REGISTRAR],
      [a.cdo, Role.REGISTRAR],
      [w.regulatorH, Role.REGULATOR],
    ];
    await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason:investigation")]));
    for (const [officer, role] of officers) {
      expect(await dpr.read.directory.read.isActive([officer]), officer).toBe(false);
      expect(await dpr.read.directory.read.hasRole([officer, role]), officer).toBe(false);
      expect((await dpr.read.directory.read.getParticipant([officer])).suspended, officer).toBe(true);
    }
    await expectRevert(dpr.as(w.officerH).datasets.write.register([registration("while-suspended")]), "DatasetRegistryMissingRole", [
      w.officerH,
      Role.HOLDER,
    ]);
    await expectRevert(dpr.as(w.registrarH).datasets.write.confirm([w.pending]), "DatasetRegistryMissingRole", [w.registrarH, Role.REGISTRAR]);
    await expectRevert(
      dpr.as(w.officerH2).grants.write.grant([grantRequest({ datasetId: w.held, grantee: a.auditor })]),
      "GrantRegistryInactiveParticipant",
      [w.officerH2],
    );
    for (const account of [a.holder2, w.officerG, w.officerH]) {
      expect(await dpr.read.grants.read.hasRight([w.held, account, Right.PROCESSING_USE]), account).toBe(false);
    }
    // Other organisations are untouched.
    expect(await dpr.read.directory.read.isActive([w.officerG])).toBe(true);

    await mined(dpr.as("admin").directory.write.reinstate([a.holder, h("reason:cleared")]));
    for (const [officer, role] of officers) {
      expect(await dpr.read.directory.read.hasRole([officer, role]), officer).toBe(true);
      expect((await dpr.read.directory.read.getParticipant([officer])).suspended, officer).toBe(false);
    }
    for (const account of [a.holder2, w.officerG, w.officerH]) {
      expect(await dpr.read.grants.read.hasRight([w.held, account, Right.PROCESSING_USE]), account).toBe(true);
    }
    await register(dpr, w.officerH, registration("after-reinstatement"));
  });

  it("of the grantee organisation's address takes the right from all its officers until it is reinstated", async () => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    await mined(dpr.as("admin").directory.write.suspend([a.holder2, h("reason:investigation")]));
    for (const account of [a.holder2, w.officerG, w.officerG2]) {
      expect(await dpr.read.grants.read.hasRight([w.held, account, Right.PROCESSING_USE]), account).toBe(false);
    }
    await expectRevert(dpr.as(w.officerG).datasets.write.register([registration("grantee-suspended")]), "DatasetRegistryMissingRole", [
      w.officerG,
      Role.HOLDER,
    ]);
    await mined(dpr.as("admin").directory.write.reinstate([a.holder2, h("reason:cleared")]));
    for (const account of [a.holder2, w.officerG, w.officerG2]) {
      expect(await dpr.read.grants.read.hasRight([w.held, account, Right.PROCESSING_USE]), account).toBe(true);
    }
  });

  it("of one officer leaves the organisation and its other officers acting", async () => {
    const w = await loadFixture(deployRotation);
    const { dpr, a } = w;
    await mined(dpr.as("admin").directory.write.suspend([w.officerH, h("reason:misconduct")]));
    expect(await dpr.read.directory.read.isActive([w.officerH])).toBe(false);
    await expectRevert(dpr.as(w.officerH).datasets.write.register([registration("suspended-officer")]), "DatasetRegistryMissingRole", [
      w.officerH,
      Role.HOLDER,
    ]);
    await expectRevert(dpr.as(w.officerH).datasets.write.retire([w.held]), "DatasetRegistryInactiveParticipant", [w.officerH]);
    expect(await dpr.read.grants.read.hasRight([w.held, w.officerH, Right.HOLDING])).toBe(false);
    for (const account of [a.holder, w.officerH2, w.registrarH]) {
      expect(await dpr.read.directory.read.isActive([account]), account).toBe(true);
    }
    expect((await dpr.read.directory.read.getParticipant([a.holder])).suspended).toBe(false);
    expect(await dpr.read.grants.read.hasRight([w.held, w.officerH2, Right.HOLDING])).toBe(true);
    expect(await dpr.read.grants.read.hasRight([w.held, a.holder2, Right.PROCESSING_USE])).toBe(true);
    await register(dpr, w.officerH2, registration("colleague-of-suspended-officer"));
  });
});

describe("independence is judged by organisation, whichever officer acts", () => {
  it("refuses every registrar of the holder's organisation confirming its data", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const id = await register(dpr, w.officerH, registration("own-organisation"));
    for (const registrar of [w.registrarH, a.cdo, a.holder]) {
      await expectRevert(dpr.as(registrar).datasets.write.confirm([id]), "DatasetRegistryOwnOrganisation", [id, registrar]);
      await expectRevert(dpr.as(registrar).datasets.write.refuse([id, h("reason")]), "DatasetRegistryOwnOrganisation", [id, registrar]);
    }
    expect((await dpr.read.datasets.read.getDataset([id])).confirmations).toBe(0);
    await mined(dpr.as("registrar").datasets.write.confirm([id]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
  });

  it("counts two registrars of one organisation once toward a two-registrar quorum", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const keyR = await extraAccount("key:gz-data-exchange");
    const keyAdded = await onboardOfficer(dpr, "registrar", keyR, "officer:exchange-registrar", roles("REGISTRAR"));
    const id = await register(dpr, w.officerH, registration("important", { category: Category.ENTERPRISE, grade: Grade.IMPORTANT }));
    expect((await dpr.read.datasets.read.getDataset([id])).requiredConfirmations).toBe(2);
    await mined(dpr.as("registrar").datasets.write.confirm([id]));
    for (const colleague of [a.registrarSameOrg, keyAdded]) {
      await expectRevert(dpr.as(colleague).datasets.write.confirm([id]), "DatasetRegistryAlreadyConfirmedBy", [id, a.registrar]);
    }
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.PENDING, confirmations: 1 });
    await mined(dpr.as("registrar2").datasets.write.confirm([id]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
  });

  it("refuses a regulator of the grantee's or the holder's organisation acknowledging a grant", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const id = await confirmedBy(w, "cross-border", w.officerH);
    const request = grantRequest({
      datasetId: id,
      grantee: a.holderHK,
      mechanism: TransferMechanism.GBA_SC_HK,
      expiresAt: (await now()) + 365n * DAY,
      evidence: { contractHash: h("gba-standard-contract"), filingRef: h("filing:gba") },
    });
    await mined(dpr.as(w.officerH2).grants.write.grant([request]));
    const grantId = await dpr.read.grants.read.grantCount();
    expect(await dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
    for (const regulator of [w.regulatorHK, w.regulatorH]) {
      await expectRevert(dpr.as(regulator).grants.write.acknowledge([grantId, h("note")]), "GrantRegistryOwnOrganisation", [grantId, regulator]);
    }
    expect(await dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
    await mined(dpr.as("regulator").grants.write.acknowledge([grantId, h("note")]));
    expect(await dpr.read.grants.read.hasRight([id, w.regulatorHK, Right.PROCESSING_USE])).toBe(true);
  });
});

describe("grants go to organisations", () => {
  it("refuses an officer's address, of another organisation or the holder's, and the holder's own organisation, as grantee", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const id = await confirmedBy(w, "grantees", w.officerH);
    for (const grantee of [w.officerG, w.officerG2, a.registrarSameOrg, w.officerH2, a.cdo, a.holder]) {
      await expectRevert(dpr.as(w.officerH).grants.write.grant([grantRequest({ datasetId: id, grantee })]), "GrantRegistryInvalidGrantee", [grantee]);
    }
    expect(await dpr.read.grants.read.grantCount()).toBe(0n);
  });

  it("gives the right to every officer of the grantee organisation, a later one too, and not to a removed one", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const id = await confirmedBy(w, "granted-to-organisation", w.officerH);
    await mined(dpr.as(w.officerH).grants.write.grant([grantRequest({ datasetId: id, grantee: a.holder2 })]));
    const rightOf = (account: Address) => dpr.read.grants.read.hasRight([id, account, Right.PROCESSING_USE]);
    for (const account of [a.holder2, w.officerG, w.officerG2]) expect(await rightOf(account), account).toBe(true);
    for (const account of [a.registrar, a.registrarSameOrg, w.keyG, a.stranger]) expect(await rightOf(account), account).toBe(false);
    const later = await onboardOfficer(dpr, "holder2", w.keyG, "officer:transport-3", roles("HOLDER"));
    expect(await rightOf(later)).toBe(true);
    await mined(dpr.as(w.keyG).directory.write.removeParticipant([w.officerG2, h("reason:left")]));
    expect(await rightOf(w.officerG2)).toBe(false);
    // Removing the grantee's founding account leaves the grant with the organisation.
    await mined(dpr.as(w.keyG).directory.write.removeParticipant([a.holder2, h("reason:key-rotation")]));
    expect(await rightOf(a.holder2)).toBe(false);
    expect(await rightOf(w.officerG)).toBe(true);
    expect(await rightOf(later)).toBe(true);
  });
});

describe("a new holder is an organisation", () => {
  it("by transfer: an officer's address is refused; the organisation's is accepted and its officers then hold", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const id = await confirmedBy(w, "sold", w.officerH);
    for (const to of [w.officerG, w.officerH2, a.cdo]) {
      await expectRevert(dpr.as(w.officerH).datasets.write.requestTransfer([id, to]), "DatasetRegistryInvalidNewHolder", [to]);
    }
    expect((await dpr.read.datasets.read.getDataset([id])).pendingTransferTo).toBe(zeroAddress);
    await mined(dpr.as(w.officerH).datasets.write.requestTransfer([id, a.holder2]));
    await mined(dpr.as("registrar").datasets.write.confirmTransfer([id]));
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(a.holder2);
    expect(await dpr.read.grants.read.hasRight([id, w.officerG, Right.HOLDING])).toBe(true);
    expect(await dpr.read.grants.read.hasRight([id, w.officerH, Right.HOLDING])).toBe(false);
    await expectRevert(dpr.as(w.officerH).datasets.write.retire([id]), "DatasetRegistryNotHolder", [id, w.officerH]);
    await mined(dpr.as(w.officerG2).datasets.write.retire([id]));
  });

  it("by correction or decision: an officer's address is refused, state unchanged", async () => {
    const w = await loadFixture(deployOrganisations);
    const { dpr, a } = w;
    const id = await confirmedBy(w, "corrected", w.officerH);
    const before = await dpr.read.datasets.read.getDataset([id]);
    await expectRevert(dpr.as("regulator").datasets.write.correct([id, w.officerG, h("decision")]), "DatasetRegistryInvalidNewHolder", [w.officerG]);
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    const disputed = await registerConfirmed(dpr, "decided", {}, w.officerH);
    await mined(dpr.as("holderHK").datasets.write.object([disputed, h("evidence")]));
    await expectRevert(dpr.as("regulator").datasets.write.resolve([disputed, true, w.officerG, h("decision")]), "DatasetRegistryInvalidNewHolder", [
      w.officerG,
    ]);
    expect(await dpr.read.datasets.read.status([disputed])).toBe(DatasetStatus.DISPUTED);
    await mined(dpr.as("regulator").datasets.write.correct([id, a.holder2, h("decision")]));
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(a.holder2);
  });
});
