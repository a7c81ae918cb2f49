/**
 * GrantRegistry.grant: who may grant, on which datasets, to whom, on what terms; the GrantIssued event,
 * grant ids and the one-live-grant rule.
 */
import { describe, expect, it } from "vitest";
import { type Address, zeroAddress, zeroHash } from "viem";
import { DatasetStatus } from "@dpr/sdk";
import { increaseTime, testClient } from "./helpers/chain.js";
import { DAY, grantRequest, h, mined, registerConfirmed } from "./helpers/dpr.js";
import {
  FULL_EVIDENCE,
  GrantStatus,
  NOT_CONFIRMED,
  Right,
  TransferMechanism,
  expectGrantRevert,
  hasRight,
  issue,
  later,
  mineAt,
  regulated,
  setup,
  statusOf,
} from "./GrantRegistry.fixture.js";

describe("GrantRegistry.grant: the grantor", () => {
  it("lets the holder grant a right on a confirmed dataset", async () => {
    const { dpr, a, ds } = await setup();
    const { id, timestamp } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    expect(await dpr.read.grants.read.getGrant([id])).toEqual({
      status: GrantStatus.ACTIVE,
      datasetId: ds.general,
      grantee: a.holder2,
      right: Right.PROCESSING_USE,
      startsAt: Number(timestamp),
      expiresAt: 0,
    });
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  it("lets an officer of the holder's organisation grant for it (cdo)", async () => {
    const { dpr, a, ds } = await setup();
    const { id, event } = await issue(dpr, "cdo", { datasetId: ds.general, grantee: a.holder2 });
    expect(event.grantor).toBe(a.cdo);
    expect(event.grantee).toBe(a.holder2);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  // registrarSameOrg: an officer of another organisation (cdo, an officer of the holder's, may grant: above).
  it.each(["stranger", "holder2", "regulator", "holderHK", "registrarSameOrg"] as const)(
    "refuses a grant by %s, whose organisation does not hold the dataset",
    async (actor) => {
      const { dpr, a, ds } = await setup();
      await expectGrantRevert(dpr, actor, { datasetId: ds.general, grantee: a.auditor }, "GrantRegistryNotHolder", [
        ds.general,
        a[actor],
      ]);
    },
  );

  it("refuses a grant by a suspended holder", async () => {
    const { dpr, a, ds } = await setup();
    await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason")]));
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 }, "GrantRegistryInactiveParticipant", [
      a.holder,
    ]);
  });

  it("lets a reinstated holder grant again", async () => {
    const { dpr, a, ds } = await setup();
    await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason")]));
    await mined(dpr.as("admin").directory.write.reinstate([a.holder, h("reason")]));
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
  });

  it("refuses a grant on an unknown dataset with the dataset registry's error", async () => {
    const { dpr, a } = await setup();
    const unknown = h("no such dataset");
    await expectGrantRevert(dpr, "holder", { datasetId: unknown, grantee: a.holder2 }, "DatasetRegistryUnknownDataset", [unknown]);
  });
});

describe("GrantRegistry.grant: the dataset must be CONFIRMED", () => {
  const cases = NOT_CONFIRMED;

  it.each(cases)("refuses a grant on a $status dataset", async ({ status, make }) => {
    const { dpr, a, ds } = await setup();
    const id = await make(dpr, ds.general);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus[status]);
    await expectGrantRevert(dpr, "holder", { datasetId: id, grantee: a.holder2 }, "GrantRegistryDatasetNotGrantable", [
      id,
      DatasetStatus[status],
    ]);
  });

  it("accepts grants once the notice period has ended", async () => {
    const { dpr, a } = await setup();
    const id = await registerConfirmed(dpr, "fresh");
    await increaseTime(7n * DAY);
    const { id: grantId } = await issue(dpr, "holder", { datasetId: id, grantee: a.holder2 });
    expect(await statusOf(dpr, grantId)).toBe(GrantStatus.ACTIVE);
  });

  it("accepts grants once a dismissed dispute has run out the notice time it had left", async () => {
    const { dpr, a } = await setup();
    const id = await registerConfirmed(dpr, "disputed-then-dismissed");
    await mined(dpr.as("holder2").datasets.write.object([id, h("evidence")]));
    await mined(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("decision")]));
    // A dismissal returns the dataset to its notice period, not straight to CONFIRMED.
    await expectGrantRevert(dpr, "holder", { datasetId: id, grantee: a.holder2 }, "GrantRegistryDatasetNotGrantable", [
      id,
      DatasetStatus.NOTICE,
    ]);
    await increaseTime(7n * DAY);
    const { id: grantId } = await issue(dpr, "holder", { datasetId: id, grantee: a.holder2 });
    expect(await statusOf(dpr, grantId)).toBe(GrantStatus.ACTIVE);
  });

  it("accepts grants again once a frozen dataset is unfrozen", async () => {
    const { dpr, a, ds } = await setup();
    await mined(dpr.as("regulator").datasets.write.freeze([ds.general, h("reason")]));
    await mined(dpr.as("regulator").datasets.write.unfreeze([ds.general, h("reason")]));
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
  });
});

describe("GrantRegistry.grant: the grantee", () => {
  it("refuses the holder itself as grantee", async () => {
    const { dpr, a, ds } = await setup();
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder }, "GrantRegistryInvalidGrantee", [a.holder]);
  });

  it("refuses a grantee who is not a participant", async () => {
    const { dpr, a, ds } = await setup();
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.stranger }, "GrantRegistryInvalidGrantee", [
      a.stranger,
    ]);
  });

  it("refuses the zero address as grantee", async () => {
    const { dpr, ds } = await setup();
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: zeroAddress }, "GrantRegistryInvalidGrantee", [
      zeroAddress,
    ]);
  });

  it("refuses a suspended participant as grantee", async () => {
    const { dpr, a, ds } = await setup();
    await mined(dpr.as("admin").directory.write.suspend([a.holder2, h("reason")]));
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 }, "GrantRegistryInvalidGrantee", [
      a.holder2,
    ]);
  });

  it.each(["cdo", "registrarSameOrg"] as const)(
    "refuses %s, an officer account, as grantee: grants go to organisations (of the holder's or another's)",
    async (grantee) => {
      const { dpr, a, ds } = await setup();
      await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a[grantee] }, "GrantRegistryInvalidGrantee", [a[grantee]]);
      expect(await dpr.read.grants.read.grantCount()).toBe(0n);
    },
  );

  it.each(["auditor", "regulator", "registrar", "mainlandOther"] as const)(
    "accepts %s, an active organisation of any role, as grantee",
    async (grantee) => {
      const { dpr, a, ds } = await setup();
      const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a[grantee] });
      expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    },
  );
});

describe("GrantRegistry.grant: purpose and period", () => {
  it("refuses a grant without a purpose statement hash", async () => {
    const { dpr, a, ds } = await setup();
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, purposeHash: zeroHash }, "GrantRegistryMissingPurpose", []);
  });

  it("refuses a start in the past", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = Number(await later(-1n));
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, startsAt }, "GrantRegistryInvalidPeriod", [
      startsAt,
      0,
    ]);
  });

  it("refuses an expiry equal to the start", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = Number(await later(DAY));
    const input = { datasetId: ds.general, grantee: a.holder2, startsAt, expiresAt: startsAt };
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryInvalidPeriod", [startsAt, startsAt]);
  });

  it("refuses an expiry before the start", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = Number(await later(2n * DAY));
    const expiresAt = startsAt - Number(DAY);
    const input = { datasetId: ds.general, grantee: a.holder2, startsAt, expiresAt };
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryInvalidPeriod", [startsAt, expiresAt]);
  });

  it("refuses an immediate grant whose expiry has already passed", async () => {
    const { dpr, a, ds } = await setup();
    const expiresAt = Number(await later(0n));
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, expiresAt }, "GrantRegistryInvalidPeriod", [
      0,
      expiresAt,
    ]);
  });

  it("accepts an expiry one second after the start", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = Number(await later(DAY));
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, startsAt, expiresAt: startsAt + 1 });
    expect((await dpr.read.grants.read.getGrant([id])).expiresAt).toBe(startsAt + 1);
  });

  it("lets a domestic grant of general non-personal data be open-ended and active at once", async () => {
    const { dpr, a, ds } = await setup();
    const { id, event } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    expect(event.status).toBe(GrantStatus.ACTIVE);
    await increaseTime(10n * 365n * DAY);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  it("requires an expiry for personal data given to another organisation", async () => {
    const { dpr, a, ds } = await setup();
    const input = { datasetId: ds.personal, grantee: a.holder2, evidence: FULL_EVIDENCE };
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryExpiryRequired", []);
  });

  it("requires an expiry for personal data given by another officer of the holder's organisation", async () => {
    const { dpr, a, ds } = await setup();
    const input = { datasetId: ds.personal, grantee: a.holder2, evidence: FULL_EVIDENCE };
    await expectGrantRevert(dpr, "cdo", input, "GrantRegistryExpiryRequired", []);
  });

  it("requires an expiry for important data", async () => {
    const { dpr, a, ds } = await setup();
    await expectGrantRevert(dpr, "holder", { datasetId: ds.important, grantee: a.holder2 }, "GrantRegistryExpiryRequired", []);
  });

  it("requires an expiry for a cross-border grant of general data", async () => {
    const { dpr, a, ds } = await setup();
    const input = { datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK, evidence: FULL_EVIDENCE };
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryExpiryRequired", []);
  });
});

describe("GrantRegistry.grant: GrantIssued and grant ids", () => {
  it("emits GrantIssued with the submitted terms and the effective start", async () => {
    const { dpr, a, ds } = await setup();
    const input = {
      datasetId: ds.general,
      grantee: a.holder2,
      right: Right.PRODUCT_OPERATION,
      purposeCode: 42,
      purposeHash: h("purpose:analytics"),
      scopeHash: h("scope:fields"),
      termsHash: h("terms:v2"),
      expiresAt: Number(await later(90n * DAY)),
    };
    const { id, event, timestamp } = await issue(dpr, "holder", input);
    expect(event).toEqual({
      grantId: id,
      datasetId: ds.general,
      grantee: a.holder2,
      grantor: a.holder,
      terms: grantRequest(input).terms,
      startsAt: Number(timestamp),
      crossBorder: false,
      status: GrantStatus.ACTIVE,
    });
  });

  it("emits GrantIssued for a scheduled grant with its own start and SCHEDULED status", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = Number(await later(DAY));
    const { event } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, startsAt });
    expect(event.startsAt).toBe(startsAt);
    expect(event.terms.startsAt).toBe(startsAt);
    expect(event.status).toBe(GrantStatus.SCHEDULED);
  });

  it("emits GrantIssued for a cross-border grant marked crossBorder and AWAITING_ACKNOWLEDGEMENT", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = Number(await later(DAY));
    const input = await regulated({
      datasetId: ds.general,
      grantee: a.holderHK,
      right: Right.HOLDING,
      mechanism: TransferMechanism.GBA_SC_HK,
      startsAt,
    });
    const { id, event } = await issue(dpr, "holder", input);
    expect(event).toEqual({
      grantId: id,
      datasetId: ds.general,
      grantee: a.holderHK,
      grantor: a.holder,
      terms: grantRequest(input).terms,
      startsAt,
      crossBorder: true,
      status: GrantStatus.AWAITING_ACKNOWLEDGEMENT,
    });
  });

  it("numbers grants sequentially from 1 and counts them", async () => {
    const { dpr, a, ds } = await setup();
    expect(await dpr.read.grants.read.grantCount()).toBe(0n);
    const request = grantRequest({ datasetId: ds.general, grantee: a.holder2 });
    const { result } = await dpr.as("holder").grants.simulate.grant([request], { account: a.holder });
    expect(result).toBe(1n);
    expect((await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 })).id).toBe(1n);
    expect(await dpr.read.grants.read.grantCount()).toBe(1n);
    expect((await issue(dpr, "holder", { datasetId: ds.general, grantee: a.auditor })).id).toBe(2n);
    const crossBorder = await regulated({ datasetId: ds.hk, grantee: a.holder2, mechanism: TransferMechanism.GBA_SC_HK });
    expect((await issue(dpr, "holderHK", crossBorder)).id).toBe(3n);
    expect(await dpr.read.grants.read.grantCount()).toBe(3n);
  });

  it("does not count refused grants", async () => {
    const { dpr, a, ds } = await setup();
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.stranger }, "GrantRegistryInvalidGrantee", [a.stranger]);
    expect(await dpr.read.grants.read.grantCount()).toBe(0n);
    expect((await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 })).id).toBe(1n);
  });
});

describe("GrantRegistry.grant: one live grant per (dataset, grantee, right)", () => {
  it("refuses a duplicate while the first grant awaits acknowledgement", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK });
    const { id } = await issue(dpr, "holder", input);
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryDuplicateGrant", [id]);
  });

  it("refuses a duplicate while the first grant is active", async () => {
    const { dpr, a, ds } = await setup();
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, purposeCode: 9 }, "GrantRegistryDuplicateGrant", [id]);
  });

  it("refuses a duplicate while the first grant is scheduled", async () => {
    const { dpr, a, ds } = await setup();
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, startsAt: await later(DAY) });
    expect(await statusOf(dpr, id)).toBe(GrantStatus.SCHEDULED);
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 }, "GrantRegistryDuplicateGrant", [id]);
  });

  it("refuses a duplicate while the first grant is suspended", async () => {
    const { dpr, a, ds } = await setup();
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    await mined(dpr.as("regulator").grants.write.suspend([id, h("reason")]));
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 }, "GrantRegistryDuplicateGrant", [id]);
  });

  it("allows a new grant after the first is revoked, and latestGrant points at it", async () => {
    const { dpr, a, ds } = await setup();
    const first = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    await mined(dpr.as("holder").grants.write.revoke([first.id, h("reason")]));
    const second = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    expect(second.id).toBe(first.id + 1n);
    expect(await dpr.read.grants.read.latestGrant([ds.general, a.holder2, Right.PROCESSING_USE])).toBe(second.id);
    expect(await statusOf(dpr, first.id)).toBe(GrantStatus.REVOKED);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  it("allows a new grant after the first is denied", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK });
    const first = await issue(dpr, "holder", input);
    await mined(dpr.as("regulator").grants.write.deny([first.id, h("reason")]));
    const second = await issue(dpr, "holder", input);
    expect(await dpr.read.grants.read.latestGrant([ds.general, a.holderHK, Right.PROCESSING_USE])).toBe(second.id);
    expect(await statusOf(dpr, second.id)).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
  });

  it("allows a new grant after the first has expired", async () => {
    const { dpr, a, ds } = await setup();
    const expiresAt = await later(DAY);
    const first = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, expiresAt });
    await mineAt(expiresAt);
    expect(await statusOf(dpr, first.id)).toBe(GrantStatus.EXPIRED);
    const second = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    expect(await dpr.read.grants.read.latestGrant([ds.general, a.holder2, Right.PROCESSING_USE])).toBe(second.id);
  });

  it("still refuses a duplicate one second before the first expires", async () => {
    const { dpr, a, ds } = await setup();
    const expiresAt = await later(DAY);
    const first = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, expiresAt });
    await testClient.setNextBlockTimestamp({ timestamp: expiresAt - 1n });
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 }, "GrantRegistryDuplicateGrant", [first.id]);
  });

  it("treats another right or another grantee as a separate grant", async () => {
    const { dpr, a, ds } = await setup();
    const use = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    const holding = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, right: Right.HOLDING });
    const other = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.auditor });
    const latest = (grantee: Address, right: Right) => dpr.read.grants.read.latestGrant([ds.general, grantee, right]);
    expect(await latest(a.holder2, Right.PROCESSING_USE)).toBe(use.id);
    expect(await latest(a.holder2, Right.HOLDING)).toBe(holding.id);
    expect(await latest(a.auditor, Right.PROCESSING_USE)).toBe(other.id);
    expect(await latest(a.holder2, Right.PRODUCT_OPERATION)).toBe(0n);
  });

  it("treats the same grantee and right on another dataset as a separate grant", async () => {
    const { dpr, a, ds } = await setup();
    const first = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    const second = await issue(dpr, "holder", { datasetId: ds.important, grantee: a.holder2, expiresAt: await later(DAY) });
    expect(second.id).toBe(first.id + 1n);
  });
});
