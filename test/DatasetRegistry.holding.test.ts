/**
 * DatasetRegistry: holding transfers, freezes by the regulator, and retirement by the holder.
 */
import { describe, expect, it } from "vitest";
import { type Address, type Hex, getAddress, slice, zeroAddress } from "viem";
import { DatasetStatus, Grade, Jurisdiction, Role } from "@dpr/sdk";
import { increaseTime, loadFixture } from "./helpers/chain.js";
import {
  type Actor,
  type Dpr,
  DAY,
  NOTICE_PERIOD,
  deployDpr,
  expectRevert,
  h,
  mined,
  register,
  registerConfirmed,
  registration,
  roles,
} from "./helpers/dpr.js";
import {
  blockTime,
  cast,
  confirmedDataset,
  datasetEvents,
  disputedDataset,
  mineAt,
  nextBlockAt,
  suspend,
} from "./DatasetRegistry.helpers.js";

/** Onboards a further GZ holder of its own organisation (an address that only receives transfer requests). */
async function onboardGzHolder(dpr: Dpr, label: string): Promise<Address> {
  const account = getAddress(slice(h(`address:${label}`), 12));
  await mined(
    dpr
      .as("admin")
      .directory.write.addParticipant([account, Jurisdiction.GZ, roles("HOLDER"), h(`legal-id:${label}`), `https://zone.example/p/${label}.json`]),
  );
  return account;
}

async function pendingTransferTo(dpr: Dpr, id: Hex): Promise<Address> {
  return (await dpr.read.datasets.read.getDataset([id])).pendingTransferTo;
}

/** A CONFIRMED dataset of holder with a transfer to holder2 requested. */
async function transferRequested(dpr: Dpr, label = "d"): Promise<Hex> {
  const id = await confirmedDataset(dpr, label);
  await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
  return id;
}

describe("DatasetRegistry transfer requests", () => {
  it("records a transfer request by the holder of a confirmed dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    expect(await pendingTransferTo(dpr, id)).toBe(zeroAddress);
    const receipt = await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
    const events = datasetEvents(receipt);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("DatasetTransferRequested");
    expect(events[0]!.args).toEqual({ datasetId: id, from: cast(dpr).holder, to: cast(dpr).holder2 });
    expect(await pendingTransferTo(dpr, id)).toBe(cast(dpr).holder2);
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder);
  });

  it("replaces a pending request with a new one", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    const holder3 = await onboardGzHolder(dpr, "holder3");
    await mined(dpr.as("holder").datasets.write.requestTransfer([id, holder3]));
    const receipt = await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
    expect(await pendingTransferTo(dpr, id)).toBe(cast(dpr).holder2);
    // The replaced request is cancelled in the log first, so that the log alone tells which request is open.
    expect(datasetEvents(receipt).map((e) => [e.eventName, e.args])).toEqual([
      ["DatasetTransferCancelled", { datasetId: id, from: cast(dpr).holder, to: holder3, cancelledBy: cast(dpr).holder }],
      ["DatasetTransferRequested", { datasetId: id, from: cast(dpr).holder, to: cast(dpr).holder2 }],
    ]);
  });

  it("refuses a recipient of another jurisdiction: a transfer never moves the data across a border", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    const before = await dpr.read.datasets.read.getDataset([id]);
    await expectRevert(
      dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holderHK]),
      "DatasetRegistryJurisdictionMismatch",
      [cast(dpr).holderHK, Jurisdiction.HK, Jurisdiction.GZ],
    );
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    expect(before).toMatchObject({ status: DatasetStatus.CONFIRMED, holder: cast(dpr).holder, pendingTransferTo: zeroAddress });
  });

  it("replaces a pending request with one to the same recipient, cancelling the first", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
    const receipt = await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
    expect(datasetEvents(receipt).map((e) => e.eventName)).toEqual(["DatasetTransferCancelled", "DatasetTransferRequested"]);
    await mined(dpr.as("holder").datasets.write.cancelTransfer([id]));
    expect(await pendingTransferTo(dpr, id)).toBe(zeroAddress);
    await expectRevert(dpr.as("holder").datasets.write.cancelTransfer([id]), "DatasetRegistryNoPendingTransfer", [id]);
  });

  it.each(["holder2", "registrar", "regulator"] as const)("refuses a transfer request by %s, not the holder", async (actor: Actor) => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await expectRevert(dpr.as(actor).datasets.write.requestTransfer([id, dpr.a.holderHK]), "DatasetRegistryNotHolder", [
      id,
      cast(dpr)[actor],
    ]);
  });

  it("refuses a transfer request by a suspended holder", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await suspend(dpr, "holder");
    await expectRevert(
      dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]),
      "DatasetRegistryInactiveParticipant",
      [cast(dpr).holder],
    );
  });

  it("refuses a transfer request for a pending, noticed, frozen, disputed or retired dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const frozen = await confirmedDataset(dpr, "frozen");
    await mined(dpr.as("regulator").datasets.write.freeze([frozen, h("reason")]));
    const retired = await confirmedDataset(dpr, "retired");
    await mined(dpr.as("holder").datasets.write.retire([retired]));
    // Registered last, so that no later step runs their notice period out.
    const pending = await register(dpr, "holder", registration("pending"));
    const notice = await registerConfirmed(dpr, "notice");
    const disputed = await disputedDataset(dpr, "disputed");
    expect(await dpr.read.datasets.read.status([notice])).toBe(DatasetStatus.NOTICE);
    for (const [id, status] of [
      [pending, DatasetStatus.PENDING],
      [notice, DatasetStatus.NOTICE],
      [disputed, DatasetStatus.DISPUTED],
      [frozen, DatasetStatus.FROZEN],
      [retired, DatasetStatus.RETIRED],
    ] as const) {
      await expectRevert(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]), "DatasetRegistryWrongStatus", [
        id,
        status,
      ]);
    }
  });

  it.each(["holder", "regulator", "registrar", "auditor", "stranger"] as const)(
    "refuses %s as the recipient: it must be an active holder other than the holder",
    async (actor: Actor) => {
      const dpr = await loadFixture(deployDpr);
      const id = await confirmedDataset(dpr, "d");
      await expectRevert(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a[actor]]), "DatasetRegistryInvalidNewHolder", [
        cast(dpr)[actor],
      ]);
    },
  );

  it("refuses a suspended holder or the zero address as the recipient", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await expectRevert(dpr.as("holder").datasets.write.requestTransfer([id, zeroAddress]), "DatasetRegistryInvalidNewHolder", [
      zeroAddress,
    ]);
    await suspend(dpr, "holder2");
    await expectRevert(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]), "DatasetRegistryInvalidNewHolder", [
      cast(dpr).holder2,
    ]);
  });

  it("lets the holder cancel a pending request", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    const receipt = await mined(dpr.as("holder").datasets.write.cancelTransfer([id]));
    const events = datasetEvents(receipt);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("DatasetTransferCancelled");
    expect(events[0]!.args).toEqual({ datasetId: id, from: cast(dpr).holder, to: cast(dpr).holder2, cancelledBy: cast(dpr).holder });
    expect(await pendingTransferTo(dpr, id)).toBe(zeroAddress);
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryNoPendingTransfer", [id]);
  });

  it("lets a regulator cancel a pending request, also a suspended holder's, naming itself", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    await suspend(dpr, "holder");
    const receipt = await mined(dpr.as("regulator").datasets.write.cancelTransfer([id]));
    expect(datasetEvents(receipt).map((e) => [e.eventName, e.args])).toEqual([
      ["DatasetTransferCancelled", { datasetId: id, from: cast(dpr).holder, to: cast(dpr).holder2, cancelledBy: cast(dpr).regulator }],
    ]);
    expect(await pendingTransferTo(dpr, id)).toBe(zeroAddress);
  });

  it("cancels a pending request when a quorum revokes the dataset, naming the deciding vote", async () => {
    // The attack: a sale of revoked data completing after the revocation.
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    const receipt = await mined(dpr.as("regulator").datasets.write.correct([id, zeroAddress, h("revoked")]));
    expect(datasetEvents(receipt).map((e) => e.eventName)).toEqual(["DatasetDecisionVoted", "DatasetTransferCancelled", "DatasetRevoked"]);
    expect(datasetEvents(receipt)[1]!.args).toEqual({
      datasetId: id,
      from: cast(dpr).holder,
      to: cast(dpr).holder2,
      cancelledBy: cast(dpr).regulator,
    });
    expect(datasetEvents(receipt)[2]!.args).toEqual({ datasetId: id, decidedBy: cast(dpr).regulator, decisionHash: h("revoked") });
    expect(await pendingTransferTo(dpr, id)).toBe(zeroAddress);
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryNoPendingTransfer", [id]);
  });

  it("refuses to cancel when no transfer is pending", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await expectRevert(dpr.as("holder").datasets.write.cancelTransfer([id]), "DatasetRegistryNoPendingTransfer", [id]);
  });

  it("refuses a cancellation by anyone but the holder's organisation or a regulator, even the recipient", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    // registrarSameOrg: an officer of another organisation (cdo, an officer of the holder's, may cancel).
    for (const actor of ["holder2", "registrar", "registrarSameOrg", "auditor", "stranger"] as const) {
      await expectRevert(dpr.as(actor).datasets.write.cancelTransfer([id]), "DatasetRegistryNotHolderOrRegulator", [id, cast(dpr)[actor]]);
    }
    await suspend(dpr, "regulator");
    await expectRevert(dpr.as("regulator").datasets.write.cancelTransfer([id]), "DatasetRegistryNotHolderOrRegulator", [
      id,
      cast(dpr).regulator,
    ]);
    expect(await pendingTransferTo(dpr, id)).toBe(cast(dpr).holder2);
    await mined(dpr.as("cdo").datasets.write.cancelTransfer([id]));
    expect(await pendingTransferTo(dpr, id)).toBe(zeroAddress);
  });

  it("refuses a cancellation by a suspended holder", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    await suspend(dpr, "holder");
    await expectRevert(dpr.as("holder").datasets.write.cancelTransfer([id]), "DatasetRegistryInactiveParticipant", [
      cast(dpr).holder,
    ]);
  });
});

describe("DatasetRegistry transfer confirmation", () => {
  it("refuses to complete the sale of a suspended holder, and completes it once the holder is reinstated", async () => {
    // The attack: a registrar completes a transfer whose holder was suspended (its dealings frozen).
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    await suspend(dpr, "holder");
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryInactiveParticipant", [cast(dpr).holder]);
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder);
    expect(await pendingTransferTo(dpr, id)).toBe(cast(dpr).holder2);
    await mined(dpr.as("admin").directory.write.reinstate([dpr.a.holder, h("reinstated")]));
    await mined(dpr.as("registrar").datasets.write.confirmTransfer([id]));
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder2);
  });

  it("moves the holding when a registrar outside both organisations confirms", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    const receipt = await mined(dpr.as("registrar").datasets.write.confirmTransfer([id]));
    const events = datasetEvents(receipt);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("DatasetTransferred");
    expect(events[0]!.args).toEqual({
      datasetId: id,
      from: cast(dpr).holder,
      to: cast(dpr).holder2,
      registrar: cast(dpr).registrar,
    });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.CONFIRMED,
      holder: cast(dpr).holder2,
      pendingTransferTo: zeroAddress,
    });
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryNoPendingTransfer", [id]);
  });

  it("drops correction votes cast on the previous holder's case when the transfer completes", async () => {
    // Votes were cast, and their deciders' independence checked, against the previous holder: they do not carry over.
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d", { grade: Grade.IMPORTANT });
    await increaseTime(NOTICE_PERIOD);
    await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
    await mined(dpr.as("regulator").datasets.write.correct([id, zeroAddress, h("revoke")]));
    expect(await dpr.read.datasets.read.decisionOf([id])).toMatchObject({ correction: true, votes: 1, required: 2 });
    await mined(dpr.as("registrar").datasets.write.confirmTransfer([id]));
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.CONFIRMED, holder: cast(dpr).holder2 });
    expect(await dpr.read.datasets.read.decisionOf([id])).toEqual({
      correction: false,
      newHolder: zeroAddress,
      votes: 0,
      required: 0,
      firstVoterOrganisation: zeroAddress,
    });
  });

  it("gives the new holder the holder's powers and takes them from the old one", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    await mined(dpr.as("registrar").datasets.write.confirmTransfer([id]));
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("d-v2", { versionOf: id })]),
      "DatasetRegistryNotHolder",
      [id, cast(dpr).holder],
    );
    await expectRevert(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holderHK]), "DatasetRegistryNotHolder", [
      id,
      cast(dpr).holder,
    ]);
    await expectRevert(dpr.as("holder").datasets.write.retire([id]), "DatasetRegistryNotHolder", [id, cast(dpr).holder]);
    await mined(dpr.as("holder2").datasets.write.register([registration("d-v2", { versionOf: id })]));
    expect((await dpr.read.datasets.read.getDataset([id])).superseded).toBe(true);
  });

  it("refuses a confirmation by a registrar of the holder's organisation", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    await expectRevert(dpr.as("cdo").datasets.write.confirmTransfer([id]), "DatasetRegistryOwnOrganisation", [
      id,
      cast(dpr).cdo,
    ]);
  });

  it("refuses a confirmation by a registrar of the recipient's organisation", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d", "holder2");
    await mined(dpr.as("holder2").datasets.write.requestTransfer([id, dpr.a.holder]));
    await expectRevert(dpr.as("cdo").datasets.write.confirmTransfer([id]), "DatasetRegistryOwnOrganisation", [
      id,
      cast(dpr).cdo,
    ]);
    await mined(dpr.as("registrar2").datasets.write.confirmTransfer([id]));
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder);
  });

  it.each(["regulator", "holder", "holder2", "auditor", "stranger"] as const)(
    "refuses a confirmation by %s, not a registrar",
    async (actor: Actor) => {
      const dpr = await loadFixture(deployDpr);
      const id = await transferRequested(dpr);
      await expectRevert(dpr.as(actor).datasets.write.confirmTransfer([id]), "DatasetRegistryMissingRole", [
        cast(dpr)[actor],
        Role.REGISTRAR,
      ]);
    },
  );

  it("refuses a confirmation by a suspended registrar", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    await suspend(dpr, "registrar");
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryMissingRole", [
      cast(dpr).registrar,
      Role.REGISTRAR,
    ]);
  });

  it("refuses a confirmation when no transfer is pending", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryNoPendingTransfer", [id]);
  });

  it("refuses a confirmation when the recipient was suspended meanwhile", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    await suspend(dpr, "holder2");
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryInvalidNewHolder", [
      cast(dpr).holder2,
    ]);
    expect(await pendingTransferTo(dpr, id)).toBe(cast(dpr).holder2);
  });

  it("refuses a confirmation while the dataset is frozen, and keeps the request for after the freeze", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.FROZEN,
    ]);
    expect(await pendingTransferTo(dpr, id)).toBe(cast(dpr).holder2);
    await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    await mined(dpr.as("registrar").datasets.write.confirmTransfer([id]));
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder2);
  });
});

describe("DatasetRegistry freezes", () => {
  it("lets a regulator freeze and unfreeze a dataset, which returns to its underlying status", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    const frozen = await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    const [freezeEvent] = datasetEvents(frozen);
    expect(freezeEvent!.eventName).toBe("DatasetFrozen");
    expect(freezeEvent!.args).toEqual({ datasetId: id, regulator: cast(dpr).regulator, reasonHash: h("reason") });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.FROZEN, frozen: true });
    expect((await dpr.read.datasets.read.profileOf([id])).status).toBe(DatasetStatus.FROZEN);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.FROZEN);

    const unfrozen = await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    const [unfreezeEvent] = datasetEvents(unfrozen);
    expect(unfreezeEvent!.eventName).toBe("DatasetUnfrozen");
    expect(unfreezeEvent!.args).toEqual({ datasetId: id, regulator: cast(dpr).regulator, reasonHash: h("lifted") });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.CONFIRMED, frozen: false });
  });

  it("returns a pending, disputed or noticed dataset to that status when unfrozen", async () => {
    const dpr = await loadFixture(deployDpr);
    const pending = await register(dpr, "holder", registration("pending"));
    const disputed = await disputedDataset(dpr, "disputed");
    const notice = await registerConfirmed(dpr, "notice");
    for (const [id, status] of [
      [pending, DatasetStatus.PENDING],
      [disputed, DatasetStatus.DISPUTED],
      [notice, DatasetStatus.NOTICE],
    ] as const) {
      await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
      expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.FROZEN);
      await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
      expect(await dpr.read.datasets.read.status([id])).toBe(status);
    }
  });

  it("stops the notice clock during a freeze: unfrozen after the period would have ended, it runs out the time it had left", async () => {
    // The attack: a freeze that leaks — the notice period running out while nobody may object.
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    const ends = BigInt((await dpr.read.datasets.read.getDataset([id])).noticeEndsAt);
    const freeze = await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    const remaining = ends - (await blockTime(freeze));
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.FROZEN,
      noticeEndsAt: 0,
      noticeRemaining: Number(remaining),
    });
    await increaseTime(NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.FROZEN);
    const unfreeze = await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    const resumedEnd = (await blockTime(unfreeze)) + remaining;
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      noticeEndsAt: Number(resumedEnd),
      noticeRemaining: 0,
    });
    // Objections are open again for the time that was left.
    await nextBlockAt(resumedEnd - 1n);
    await mined(dpr.as("holderHK").datasets.write.object([id, h("evidence")]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
  });

  it("runs the notice period out as usual after a freeze lifted, at the end it had left", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    const ends = BigInt((await dpr.read.datasets.read.getDataset([id])).noticeEndsAt);
    const freeze = await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    await increaseTime(DAY);
    const unfreeze = await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    const resumedEnd = ends + (await blockTime(unfreeze)) - (await blockTime(freeze));
    await mineAt(resumedEnd - 1n);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    await mineAt(resumedEnd);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
  });

  it("keeps a confirmed dataset confirmed through a freeze: there is no clock left to stop", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    const before = await dpr.read.datasets.read.getDataset([id]);
    await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.FROZEN, noticeRemaining: 0 });
    await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
  });

  it.each(["registrar", "holder", "auditor", "admin", "stranger"] as const)(
    "refuses a freeze or unfreeze by %s, not a regulator",
    async (actor: Actor) => {
      const dpr = await loadFixture(deployDpr);
      const id = await confirmedDataset(dpr, "d");
      await expectRevert(dpr.as(actor).datasets.write.freeze([id, h("reason")]), "DatasetRegistryMissingRole", [
        cast(dpr)[actor],
        Role.REGULATOR,
      ]);
      await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
      await expectRevert(dpr.as(actor).datasets.write.unfreeze([id, h("lifted")]), "DatasetRegistryMissingRole", [
        cast(dpr)[actor],
        Role.REGULATOR,
      ]);
    },
  );

  it("refuses a freeze by a suspended regulator", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await suspend(dpr, "regulator");
    await expectRevert(dpr.as("regulator").datasets.write.freeze([id, h("reason")]), "DatasetRegistryMissingRole", [
      cast(dpr).regulator,
      Role.REGULATOR,
    ]);
  });

  it("refuses to freeze a frozen, rejected or retired dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const frozen = await confirmedDataset(dpr, "frozen");
    await mined(dpr.as("regulator").datasets.write.freeze([frozen, h("reason")]));
    const rejected = await disputedDataset(dpr, "rejected");
    await mined(dpr.as("regulator").datasets.write.resolve([rejected, true, zeroAddress, h("upheld")]));
    const retired = await confirmedDataset(dpr, "retired");
    await mined(dpr.as("holder").datasets.write.retire([retired]));
    for (const [id, status] of [
      [frozen, DatasetStatus.FROZEN],
      [rejected, DatasetStatus.REJECTED],
      [retired, DatasetStatus.RETIRED],
    ] as const) {
      await expectRevert(dpr.as("regulator").datasets.write.freeze([id, h("again")]), "DatasetRegistryWrongStatus", [id, status]);
    }
  });

  it("refuses to unfreeze a dataset that is not frozen", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await expectRevert(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]), "DatasetRegistryNotFrozen", [id]);
    await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    await expectRevert(dpr.as("regulator").datasets.write.unfreeze([id, h("again")]), "DatasetRegistryNotFrozen", [id]);
  });
});

describe("DatasetRegistry retirement", () => {
  it("lets the holder retire a confirmed dataset; it stays retired", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "confirmed");
    const receipt = await mined(dpr.as("holder").datasets.write.retire([id]));
    const events = datasetEvents(receipt);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("DatasetRetired");
    expect(events[0]!.args).toEqual({ datasetId: id, holder: cast(dpr).holder });
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.RETIRED);
    await increaseTime(NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.RETIRED);
  });

  it("refuses to retire a pending or noticed dataset, which its holder withdraws instead", async () => {
    // Retiring keeps content claimed; before the end of notice a holder withdraws, which frees it, so that a
    // registration nobody confirmed yet cannot lock its content away for good.
    const dpr = await loadFixture(deployDpr);
    const pending = await register(dpr, "holder", registration("pending"));
    const notice = await registerConfirmed(dpr, "notice");
    for (const [id, status] of [
      [pending, DatasetStatus.PENDING],
      [notice, DatasetStatus.NOTICE],
    ] as const) {
      const before = await dpr.read.datasets.read.getDataset([id]);
      await expectRevert(dpr.as("holder").datasets.write.retire([id]), "DatasetRegistryWrongStatus", [id, status]);
      expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
      const receipt = await mined(dpr.as("holder").datasets.write.withdraw([id]));
      expect(datasetEvents(receipt).map((e) => [e.eventName, e.args])).toEqual([
        ["DatasetWithdrawn", { datasetId: id, holder: cast(dpr).holder, claim: 1 }],
      ]);
      expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.WITHDRAWN);
    }
    await increaseTime(NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([notice])).toBe(DatasetStatus.WITHDRAWN);
  });

  it("refuses to withdraw a registration confirmed before a correction of its holder: the corrected holder retires it after notice", async () => {
    // The attack: the corrected holder withdraws in the fresh notice period to free content that already had
    // grants and children, and claims it afresh.
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await mined(dpr.as("regulator").datasets.write.correct([id, dpr.a.holder2, h("corrected")]));
    const before = await dpr.read.datasets.read.getDataset([id]);
    expect(before).toMatchObject({ status: DatasetStatus.NOTICE, holder: cast(dpr).holder2 });
    await expectRevert(dpr.as("holder2").datasets.write.withdraw([id]), "DatasetRegistryOnceConfirmed", [id]);
    await expectRevert(dpr.as("holder2").datasets.write.retire([id]), "DatasetRegistryWrongStatus", [id, DatasetStatus.NOTICE]);
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    await increaseTime(NOTICE_PERIOD);
    await mined(dpr.as("holder2").datasets.write.retire([id]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.RETIRED);
    await expectRevert(dpr.as("holder").datasets.write.register([registration("d")]), "DatasetRegistryAlreadyRegistered", [
      h("content:d"),
      id,
    ]);
  });

  it("refuses a retirement by anyone but the holder's organisation", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    for (const actor of ["holder2", "regulator", "registrarSameOrg"] as const) {
      await expectRevert(dpr.as(actor).datasets.write.retire([id]), "DatasetRegistryNotHolder", [id, cast(dpr)[actor]]);
    }
    // cdo is an officer of the holding organisation: it acts for it.
    await mined(dpr.as("cdo").datasets.write.retire([id]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.RETIRED);
  });

  it("refuses a retirement by a suspended holder", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await suspend(dpr, "holder");
    await expectRevert(dpr.as("holder").datasets.write.retire([id]), "DatasetRegistryInactiveParticipant", [cast(dpr).holder]);
  });

  it("refuses to retire a frozen, disputed, rejected or retired dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const frozen = await confirmedDataset(dpr, "frozen");
    await mined(dpr.as("regulator").datasets.write.freeze([frozen, h("reason")]));
    const disputed = await disputedDataset(dpr, "disputed");
    const rejected = await disputedDataset(dpr, "rejected");
    await mined(dpr.as("regulator").datasets.write.resolve([rejected, true, zeroAddress, h("upheld")]));
    const retired = await confirmedDataset(dpr, "retired");
    await mined(dpr.as("holder").datasets.write.retire([retired]));
    for (const [id, status] of [
      [frozen, DatasetStatus.FROZEN],
      [disputed, DatasetStatus.DISPUTED],
      [rejected, DatasetStatus.REJECTED],
      [retired, DatasetStatus.RETIRED],
    ] as const) {
      await expectRevert(dpr.as("holder").datasets.write.retire([id]), "DatasetRegistryWrongStatus", [id, status]);
    }
  });

  it("clears a pending transfer request", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await transferRequested(dpr);
    const to = await pendingTransferTo(dpr, id);
    const receipt = await mined(dpr.as("holder").datasets.write.retire([id]));
    expect(await pendingTransferTo(dpr, id)).toBe(zeroAddress);
    expect(datasetEvents(receipt).map((e) => [e.eventName, e.args])).toEqual([
      ["DatasetTransferCancelled", { datasetId: id, from: cast(dpr).holder, to, cancelledBy: cast(dpr).holder }],
      ["DatasetRetired", { datasetId: id, holder: cast(dpr).holder }],
    ]);
    await expectRevert(dpr.as("registrar").datasets.write.confirmTransfer([id]), "DatasetRegistryNoPendingTransfer", [id]);
  });

  it("retires a superseded version", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    await mined(dpr.as("holder").datasets.write.register([registration("v2", { versionOf: v1 })]));
    await mined(dpr.as("holder").datasets.write.retire([v1]));
    expect(await dpr.read.datasets.read.getDataset([v1])).toMatchObject({ status: DatasetStatus.RETIRED, superseded: true });
  });
});
