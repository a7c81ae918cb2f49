/**
 * DatasetRegistry: confirmation by registrars (确权), the public notice period, objections and
 * dispute resolution.
 */
import { describe, expect, it } from "vitest";
import { type Hex, zeroAddress, zeroHash } from "viem";
import { Category, DatasetStatus, Derivation, Grade, Jurisdiction, ObjectionStatus, Role } from "@dpr/sdk";
import { increaseTime, loadFixture } from "./helpers/chain.js";
import {
  type Actor,
  type Dpr,
  DAY,
  MIN_NOTICE_PERIOD,
  NOTICE_PERIOD,
  deployDpr,
  expectRevert,
  h,
  mined,
  register,
  registerConfirmed,
  registration,
} from "./helpers/dpr.js";
import {
  blockTime,
  cast,
  confirmedDataset,
  datasetEvents,
  disputedDataset,
  mineAt,
  nextBlockAt,
  orgOf,
  suspend,
} from "./DatasetRegistry.helpers.js";

const important = { grade: Grade.IMPORTANT } as const;
const personal = { category: Category.PERSONAL, containsPersonalData: true } as const;

async function noticeEndsAt(dpr: Dpr, id: Hex): Promise<bigint> {
  return BigInt((await dpr.read.datasets.read.getDataset([id])).noticeEndsAt);
}

/** Expects registrar2's confirmation of `id` to be refused in `status`, the record left as it was. */
async function expectConfirmRefused(dpr: Dpr, id: Hex, status: DatasetStatus): Promise<void> {
  const before = await dpr.read.datasets.read.getDataset([id]);
  await expectRevert(dpr.as("registrar2").datasets.write.confirm([id]), "DatasetRegistryWrongStatus", [id, status]);
  expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
}

describe("DatasetRegistry confirmation", () => {
  it.each(["stranger", "holder", "holder2", "regulator", "auditor"] as const)(
    "refuses a confirmation by %s, who is not a registrar",
    async (actor: Actor) => {
      const dpr = await loadFixture(deployDpr);
      const id = await register(dpr, "holder", registration("d"));
      await expectRevert(dpr.as(actor).datasets.write.confirm([id]), "DatasetRegistryMissingRole", [
        cast(dpr)[actor],
        Role.REGISTRAR,
      ]);
    },
  );

  it("refuses a confirmation by a suspended registrar", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d"));
    await suspend(dpr, "registrar");
    await expectRevert(dpr.as("registrar").datasets.write.confirm([id]), "DatasetRegistryMissingRole", [
      cast(dpr).registrar,
      Role.REGISTRAR,
    ]);
  });

  it("refuses a confirmation by a registrar of the holder's own organisation", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d"));
    await expectRevert(dpr.as("cdo").datasets.write.confirm([id]), "DatasetRegistryOwnOrganisation", [id, cast(dpr).cdo]);
    // The same registrar confirms another organisation's data.
    const other = await register(dpr, "holder2", registration("other"));
    await mined(dpr.as("cdo").datasets.write.confirm([other]));
    expect(await dpr.read.datasets.read.status([other])).toBe(DatasetStatus.NOTICE);
  });

  it("refuses the holder's own registrar as second confirmer of important data too", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d", important));
    await mined(dpr.as("registrar").datasets.write.confirm([id]));
    await expectRevert(dpr.as("cdo").datasets.write.confirm([id]), "DatasetRegistryOwnOrganisation", [id, cast(dpr).cdo]);
  });

  it("confirms general non-personal data with one registrar and starts the notice period", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d"));
    const receipt = await mined(dpr.as("registrar").datasets.write.confirm([id]));
    const at = await blockTime(receipt);
    const events = datasetEvents(receipt);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("DatasetConfirmed");
    expect(events[0]!.args).toEqual({
      datasetId: id,
      registrar: cast(dpr).registrar,
      confirmations: 1,
      requiredConfirmations: 1,
      noticeEndsAt: Number(at + NOTICE_PERIOD),
    });
    const record = await dpr.read.datasets.read.getDataset([id]);
    expect(record).toMatchObject({
      status: DatasetStatus.NOTICE,
      confirmations: 1,
      requiredConfirmations: 1,
      confirmedAt: Number(at),
      noticeEndsAt: Number(at + NOTICE_PERIOD),
      noticeRemaining: 0,
      openObjections: 0,
    });
  });

  it.each([
    ["important", important],
    ["personal", personal],
  ] as const)("needs registrars of two distinct organisations for %s data", async (_name, overrides) => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d", overrides));

    const first = await mined(dpr.as("registrar").datasets.write.confirm([id]));
    expect(datasetEvents(first)[0]!.args).toEqual({
      datasetId: id,
      registrar: cast(dpr).registrar,
      confirmations: 1,
      requiredConfirmations: 2,
      noticeEndsAt: 0,
    });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.PENDING,
      confirmations: 1,
      requiredConfirmations: 2,
      confirmedAt: 0,
      noticeEndsAt: 0,
    });

    // A second account of the same organisation does not count, nor does the same registrar again.
    await expectRevert(dpr.as("registrarSameOrg").datasets.write.confirm([id]), "DatasetRegistryAlreadyConfirmedBy", [
      id,
      cast(dpr).registrar,
    ]);
    await expectRevert(dpr.as("registrar").datasets.write.confirm([id]), "DatasetRegistryAlreadyConfirmedBy", [
      id,
      cast(dpr).registrar,
    ]);

    const second = await mined(dpr.as("registrar2").datasets.write.confirm([id]));
    const at = await blockTime(second);
    expect(datasetEvents(second)[0]!.args).toEqual({
      datasetId: id,
      registrar: cast(dpr).registrar2,
      confirmations: 2,
      requiredConfirmations: 2,
      noticeEndsAt: Number(at + NOTICE_PERIOD),
    });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      confirmations: 2,
      confirmedAt: Number(at),
      noticeEndsAt: Number(at + NOTICE_PERIOD),
    });
  });

  it("reports the first confirmer's organisation when its second account confirms, whichever account came first", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d", important));
    await mined(dpr.as("registrarSameOrg").datasets.write.confirm([id]));
    await expectRevert(dpr.as("registrar").datasets.write.confirm([id]), "DatasetRegistryAlreadyConfirmedBy", [
      id,
      cast(dpr).registrar,
    ]);
  });

  it("needs two organisations to confirm a declassified de-identification of important data", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await registerConfirmed(dpr, "parent", important);
    await increaseTime(NOTICE_PERIOD);
    const child = await register(
      dpr,
      "holder",
      registration("child", { parents: [{ datasetId: parent, derivation: Derivation.DE_IDENTIFICATION }] }),
    );
    await mined(dpr.as("registrar").datasets.write.confirm([child]));
    expect(await dpr.read.datasets.read.status([child])).toBe(DatasetStatus.PENDING);
    await expectRevert(dpr.as("registrarSameOrg").datasets.write.confirm([child]), "DatasetRegistryAlreadyConfirmedBy", [
      child,
      cast(dpr).registrar,
    ]);
    await mined(dpr.as("registrar2").datasets.write.confirm([child]));
    expect(await dpr.read.datasets.read.status([child])).toBe(DatasetStatus.NOTICE);
  });

  it("refuses to confirm a dataset in its notice period", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    await expectRevert(dpr.as("registrar2").datasets.write.confirm([id]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.NOTICE,
    ]);
  });

  it("refuses to confirm a confirmed dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await expectRevert(dpr.as("registrar2").datasets.write.confirm([id]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.CONFIRMED,
    ]);
  });

  it("refuses to confirm a frozen pending dataset, and confirms it once unfrozen", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d"));
    await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    await expectRevert(dpr.as("registrar").datasets.write.confirm([id]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.FROZEN,
    ]);
    await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    await mined(dpr.as("registrar").datasets.write.confirm([id]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
  });

  it("refuses to confirm a disputed, rejected, refused, withdrawn or retired dataset; nothing changes", async () => {
    const dpr = await loadFixture(deployDpr);
    const disputed = await disputedDataset(dpr, "disputed");
    await expectConfirmRefused(dpr, disputed, DatasetStatus.DISPUTED);
    await mined(dpr.as("regulator").datasets.write.resolve([disputed, true, zeroAddress, h("decision")]));
    await expectConfirmRefused(dpr, disputed, DatasetStatus.REJECTED);
    const refused = await register(dpr, "holder", registration("refused"));
    await mined(dpr.as("registrar").datasets.write.refuse([refused, h("reasons")]));
    await expectConfirmRefused(dpr, refused, DatasetStatus.REFUSED);
    const withdrawn = await register(dpr, "holder", registration("withdrawn"));
    await mined(dpr.as("holder").datasets.write.withdraw([withdrawn]));
    await expectConfirmRefused(dpr, withdrawn, DatasetStatus.WITHDRAWN);
    const retired = await confirmedDataset(dpr, "retired");
    await mined(dpr.as("holder").datasets.write.retire([retired]));
    await expectConfirmRefused(dpr, retired, DatasetStatus.RETIRED);
  });

  it("stays in NOTICE until confirmedAt + noticePeriod, then reads CONFIRMED without any transaction", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    const record = await dpr.read.datasets.read.getDataset([id]);
    const ends = BigInt(record.confirmedAt) + NOTICE_PERIOD;
    expect(BigInt(record.noticeEndsAt)).toBe(ends);
    await mineAt(ends - 1n);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    await mineAt(ends);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
    const after = await dpr.read.datasets.read.getDataset([id]);
    expect(after).toMatchObject({ status: DatasetStatus.CONFIRMED, confirmedAt: record.confirmedAt, noticeEndsAt: record.noticeEndsAt });
  });
});

describe("DatasetRegistry objections", () => {
  it.each(["holderHK", "holder2", "registrar", "regulator", "auditor"] as const)(
    "lets %s, an active participant outside the holder's organisation, object during the notice period",
    async (actor: Actor) => {
      const dpr = await loadFixture(deployDpr);
      const id = await registerConfirmed(dpr, "d");
      const receipt = await mined(dpr.as(actor).datasets.write.object([id, h("evidence")]));
      const events = datasetEvents(receipt);
      expect(events).toHaveLength(1);
      expect(events[0]!.eventName).toBe("DatasetObjected");
      const organisation = await orgOf(dpr, actor);
      expect(events[0]!.args).toEqual({ datasetId: id, objector: cast(dpr)[actor], organisation, claim: 1, evidenceHash: h("evidence") });
      expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
      expect(await dpr.read.datasets.read.objectionOf([id, organisation])).toBe(ObjectionStatus.OPEN);
      expect(await dpr.read.datasets.read.openObjectors([id])).toEqual([organisation]);
      expect((await dpr.read.datasets.read.getDataset([id])).openObjections).toBe(1);
    },
  );

  it("refuses an objection by a non-participant", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    await expectRevert(dpr.as("stranger").datasets.write.object([id, h("evidence")]), "DatasetRegistryInactiveParticipant", [
      cast(dpr).stranger,
    ]);
  });

  it("refuses an objection by a suspended participant", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    await suspend(dpr, "holderHK");
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("evidence")]), "DatasetRegistryInactiveParticipant", [
      cast(dpr).holderHK,
    ]);
  });

  it.each(["holder", "cdo"] as const)("refuses an objection by %s, of the holder's own organisation", async (actor: Actor) => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    await expectRevert(dpr.as(actor).datasets.write.object([id, h("evidence")]), "DatasetRegistryHolderCannotObject", [
      id,
      cast(dpr)[actor],
    ]);
  });

  it("refuses an objection without evidence", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, zeroHash]), "DatasetRegistryEmptyHash", []);
  });

  it("takes an objection while the dataset is pending, even after a first of two confirmations: review stops until it is decided", async () => {
    // Objections run from submission: a rightful holder need not wait for registrars to confirm a false claim.
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d", important));
    await mined(dpr.as("registrar").datasets.write.confirm([id]));
    const receipt = await mined(dpr.as("holderHK").datasets.write.object([id, h("evidence")]));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ datasetId: id, organisation: await orgOf(dpr, "holderHK"), claim: 1 });
    const disputed = await dpr.read.datasets.read.getDataset([id]);
    expect(disputed).toMatchObject({ status: DatasetStatus.DISPUTED, confirmations: 1, confirmedAt: 0, noticeEndsAt: 0, noticeRemaining: 0 });
    await expectRevert(dpr.as("registrar2").datasets.write.confirm([id]), "DatasetRegistryWrongStatus", [id, DatasetStatus.DISPUTED]);
    await expectRevert(dpr.as("registrar2").datasets.write.refuse([id, h("reasons")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.DISPUTED,
    ]);
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(disputed);
    // Dismissed, it is back in review with its first confirmation, and the second one starts the notice period.
    const dismissal = await mined(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(datasetEvents(dismissal)[0]!.args).toMatchObject({ upheld: false, status: DatasetStatus.PENDING });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.PENDING, confirmations: 1 });
    await mined(dpr.as("registrar2").datasets.write.confirm([id]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
  });

  it("accepts an objection in the last second of the notice period and refuses one at its end", async () => {
    const dpr = await loadFixture(deployDpr);
    const late = await registerConfirmed(dpr, "late");
    const ends = await noticeEndsAt(dpr, late);
    await nextBlockAt(ends);
    await expectRevert(dpr.as("holderHK").datasets.write.object([late, h("evidence")]), "DatasetRegistryWrongStatus", [
      late,
      DatasetStatus.CONFIRMED,
    ]);

    const inTime = await registerConfirmed(dpr, "in-time");
    await nextBlockAt((await noticeEndsAt(dpr, inTime)) - 1n);
    await mined(dpr.as("holderHK").datasets.write.object([inTime, h("evidence")]));
    expect(await dpr.read.datasets.read.status([inTime])).toBe(DatasetStatus.DISPUTED);
  });

  it("refuses an objection after the notice period", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "d");
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("evidence")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.CONFIRMED,
    ]);
  });

  it("adds further objections to a dispute, one open per organisation, even after the notice period would have ended", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("holderMO").datasets.write.object([id, h("more evidence")]));
    expect(datasetEvents(receipt)[0]!.args).toEqual({
      datasetId: id,
      objector: cast(dpr).holderMO,
      organisation: await orgOf(dpr, "holderMO"),
      claim: 1,
      evidenceHash: h("more evidence"),
    });
    await increaseTime(NOTICE_PERIOD);
    // The clock is paused: the dispute is still open to objections, but not to a second one from an organisation.
    const before = await dpr.read.datasets.read.getDataset([id]);
    const objector = await orgOf(dpr, "holderHK");
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("late evidence")]), "DatasetRegistryObjectionOpen", [id, objector]);
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    await mined(dpr.as("holder2").datasets.write.object([id, h("late evidence")]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    expect(await dpr.read.datasets.read.openObjectors([id])).toEqual([
      await orgOf(dpr, "holderHK"),
      await orgOf(dpr, "holderMO"),
      await orgOf(dpr, "holder2"),
    ]);
    expect((await dpr.read.datasets.read.getDataset([id])).openObjections).toBe(3);
    // The holder's organisation still cannot.
    await expectRevert(dpr.as("cdo").datasets.write.object([id, h("rebuttal")]), "DatasetRegistryHolderCannotObject", [
      id,
      cast(dpr).cdo,
    ]);
  });

  it("refuses an objection to a retired or rejected dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const retired = await confirmedDataset(dpr, "retired");
    await mined(dpr.as("holder").datasets.write.retire([retired]));
    await expectRevert(dpr.as("holderHK").datasets.write.object([retired, h("evidence")]), "DatasetRegistryWrongStatus", [
      retired,
      DatasetStatus.RETIRED,
    ]);
    const rejected = await disputedDataset(dpr, "rejected");
    await mined(dpr.as("regulator").datasets.write.resolve([rejected, true, zeroAddress, h("decision")]));
    await expectRevert(dpr.as("holderHK").datasets.write.object([rejected, h("evidence")]), "DatasetRegistryWrongStatus", [
      rejected,
      DatasetStatus.REJECTED,
    ]);
  });

  it("refuses an objection to a frozen dataset, in its notice period or disputed; takes it once unfrozen", async () => {
    // The attack: a freeze that leaks — a dispute opened or fed while the regulator holds everything.
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("evidence")]), "DatasetRegistryWrongStatus", [id, DatasetStatus.FROZEN]);
    await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    await mined(dpr.as("holderHK").datasets.write.object([id, h("evidence")]));
    await mined(dpr.as("regulator").datasets.write.freeze([id, h("again")]));
    await expectRevert(dpr.as("holder2").datasets.write.object([id, h("more evidence")]), "DatasetRegistryWrongStatus", [id, DatasetStatus.FROZEN]);
    await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
  });
});

describe("DatasetRegistry dispute resolution", () => {
  it("dismisses the objections: the dataset returns to the notice time it had left, and the dismissed organisation does not object again", async () => {
    // The attack: an objector stalls a registration forever by objecting again after each dismissal.
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    const ends = await noticeEndsAt(dpr, id);
    const objection = await mined(dpr.as("holderHK").datasets.write.object([id, h("evidence")]));
    const remaining = ends - (await blockTime(objection));
    // The clock is paused while disputed: the time left is kept, and no end is shown.
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.DISPUTED,
      noticeEndsAt: 0,
      noticeRemaining: Number(remaining),
      openObjections: 1,
    });
    await increaseTime(DAY);
    const receipt = await mined(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    const at = await blockTime(receipt);
    const events = datasetEvents(receipt);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("DatasetDisputeResolved");
    expect(events[0]!.args).toEqual({
      datasetId: id,
      resolver: cast(dpr).regulator,
      upheld: false,
      previousHolder: cast(dpr).holder,
      holder: cast(dpr).holder,
      status: DatasetStatus.NOTICE,
      decisionHash: h("dismissed"),
    });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      holder: cast(dpr).holder,
      confirmedAt: Number(at + remaining - NOTICE_PERIOD),
      noticeEndsAt: Number(at + remaining),
      noticeRemaining: 0,
      openObjections: 0,
    });
    const hk = await orgOf(dpr, "holderHK");
    expect(await dpr.read.datasets.read.objectionOf([id, hk])).toBe(ObjectionStatus.DISMISSED);
    expect(await dpr.read.datasets.read.openObjectors([id])).toEqual([]);
    const before = await dpr.read.datasets.read.getDataset([id]);
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("evidence again")]), "DatasetRegistryObjectionDismissed", [id, hk]);
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    // Another organisation still may, within the notice time left.
    await mined(dpr.as("holderMO").datasets.write.object([id, h("other evidence")]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
  });

  it("refuses a new holder given with a dismissal, by name; nothing changes", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const before = await dpr.read.datasets.read.getDataset([id]);
    await expectRevert(
      dpr.as("regulator").datasets.write.resolve([id, false, dpr.a.holder2, h("dismissed")]),
      "DatasetRegistryInvalidNewHolder",
      [cast(dpr).holder2],
    );
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    expect(before).toMatchObject({ status: DatasetStatus.DISPUTED, holder: cast(dpr).holder });
  });

  it("lets a registrar of none of the organisations concerned resolve a dispute", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("registrar2").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ resolver: cast(dpr).registrar2, status: DatasetStatus.NOTICE });
  });

  it.each([
    ["a registrar of the holder's own organisation", "cdo", "holder"],
    ["the registrar that confirmed the claim", "registrar", "registrar"],
    ["another account of the confirming registrar's organisation", "registrarSameOrg", "registrar"],
  ] as const)("refuses a decision by %s, which is not independent; nothing changes", async (_name, actor, organisation) => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const before = await dpr.read.datasets.read.getDataset([id]);
    for (const [upheld, newHolder] of [
      [false, zeroAddress],
      [true, zeroAddress],
      [true, dpr.a.holder2],
    ] as const) {
      await expectRevert(
        dpr.as(actor).datasets.write.resolve([id, upheld, newHolder, h("decision")]),
        "DatasetRegistryNotIndependent",
        [id, cast(dpr)[actor], cast(dpr)[organisation]],
      );
    }
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    expect(await dpr.read.datasets.read.decisionOf([id])).toMatchObject({ votes: 0 });
  });

  it.each(["registrar2", "regulator"] as const)(
    "refuses a decision by %s once its organisation objects: an objector never decides its own objection",
    async (actor) => {
      // The regulator is one organisation like any other: it objects or it decides, never both.
      const dpr = await loadFixture(deployDpr);
      const id = await disputedDataset(dpr, "d");
      await mined(dpr.as(actor).datasets.write.object([id, h("our evidence")]));
      const before = await dpr.read.datasets.read.getDataset([id]);
      for (const upheld of [false, true]) {
        const organisation = await orgOf(dpr, actor);
        await expectRevert(dpr.as(actor).datasets.write.resolve([id, upheld, zeroAddress, h("decision")]), "DatasetRegistryNotIndependent", [
          id,
          cast(dpr)[actor],
          organisation,
        ]);
      }
      expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    },
  );

  it.each(["holder", "holderHK", "auditor", "stranger"] as const)(
    "refuses a resolution by %s, neither registrar nor regulator",
    async (actor: Actor) => {
      const dpr = await loadFixture(deployDpr);
      const id = await disputedDataset(dpr, "d");
      await expectRevert(
        dpr.as(actor).datasets.write.resolve([id, false, zeroAddress, h("dismissed")]),
        "DatasetRegistryNotRegistrarOrRegulator",
        [cast(dpr)[actor]],
      );
    },
  );

  it.each(["regulator", "registrar"] as const)("refuses a resolution by a suspended %s", async (actor: Actor) => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await suspend(dpr, actor);
    await expectRevert(
      dpr.as(actor).datasets.write.resolve([id, false, zeroAddress, h("dismissed")]),
      "DatasetRegistryNotRegistrarOrRegulator",
      [cast(dpr)[actor]],
    );
  });

  it("refuses to resolve a dataset that is not disputed", async () => {
    const dpr = await loadFixture(deployDpr);
    const pending = await register(dpr, "holder", registration("pending"));
    const inNotice = await registerConfirmed(dpr, "notice");
    for (const [id, status] of [
      [pending, DatasetStatus.PENDING],
      [inNotice, DatasetStatus.NOTICE],
    ] as const) {
      await expectRevert(
        dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("decision")]),
        "DatasetRegistryWrongStatus",
        [id, status],
      );
    }
    await increaseTime(NOTICE_PERIOD);
    await expectRevert(
      dpr.as("regulator").datasets.write.resolve([inNotice, false, zeroAddress, h("decision")]),
      "DatasetRegistryWrongStatus",
      [inNotice, DatasetStatus.CONFIRMED],
    );
  });

  it("refuses to resolve a dispute twice", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await mined(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    const before = await dpr.read.datasets.read.getDataset([id]);
    await expectRevert(
      dpr.as("registrar2").datasets.write.resolve([id, true, zeroAddress, h("upheld")]),
      "DatasetRegistryWrongStatus",
      [id, DatasetStatus.NOTICE],
    );
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
  });

  it("refuses a resolution without a decision hash", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await expectRevert(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, zeroHash]), "DatasetRegistryEmptyHash", []);
    await expectRevert(dpr.as("registrar").datasets.write.resolve([id, true, zeroAddress, zeroHash]), "DatasetRegistryEmptyHash", []);
  });

  it("rejects the registration when an objection is upheld without a new holder (one vote decides for general data)", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("registrar2").datasets.write.resolve([id, true, zeroAddress, h("upheld")]));
    expect(datasetEvents(receipt).map((e) => [e.eventName, e.args])).toEqual([
      [
        "DatasetDecisionVoted",
        {
          datasetId: id,
          voter: cast(dpr).registrar2,
          organisation: await orgOf(dpr, "registrar2"),
          correction: false,
          newHolder: zeroAddress,
          votes: 1,
          required: 1,
          decisionHash: h("upheld"),
        },
      ],
      [
        "DatasetDisputeResolved",
        {
          datasetId: id,
          resolver: cast(dpr).registrar2,
          upheld: true,
          previousHolder: cast(dpr).holder,
          holder: cast(dpr).holder,
          status: DatasetStatus.REJECTED,
          decisionHash: h("upheld"),
        },
      ],
    ]);
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.REJECTED,
      holder: cast(dpr).holder,
      openObjections: 0,
    });
    expect(await dpr.read.datasets.read.objectionOf([id, await orgOf(dpr, "holderHK")])).toBe(ObjectionStatus.UPHELD);
    expect(await dpr.read.datasets.read.decisionOf([id])).toMatchObject({ votes: 0 });
  });

  it("rejects important data only when independent registrars or regulators of two organisations vote for it", async () => {
    // The attack: one decider takes a registration two organisations confirmed.
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d", important));
    await mined(dpr.as("holderHK").datasets.write.object([id, h("evidence")]));
    const first = await mined(dpr.as("regulator").datasets.write.resolve([id, true, zeroAddress, h("upheld")]));
    expect(datasetEvents(first).map((e) => e.eventName)).toEqual(["DatasetDecisionVoted"]);
    expect(datasetEvents(first)[0]!.args).toMatchObject({ votes: 1, required: 2 });
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    expect(await dpr.read.datasets.read.decisionOf([id])).toEqual({
      correction: false,
      newHolder: zeroAddress,
      votes: 1,
      required: 2,
      firstVoterOrganisation: await orgOf(dpr, "regulator"),
    });
    // The same organisation does not vote twice for the same outcome.
    const voter = await orgOf(dpr, "regulator");
    await expectRevert(dpr.as("regulator").datasets.write.resolve([id, true, zeroAddress, h("upheld again")]), "DatasetRegistryAlreadyVoted", [id, voter]);
    const second = await mined(dpr.as("registrar").datasets.write.resolve([id, true, zeroAddress, h("upheld")]));
    expect(datasetEvents(second).map((e) => e.eventName)).toEqual(["DatasetDecisionVoted", "DatasetDisputeResolved"]);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.REJECTED);
  });

  it("keeps a rejected registration rejected: no confirmation, version, freeze, retirement, transfer or second resolution", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await mined(dpr.as("regulator").datasets.write.resolve([id, true, zeroAddress, h("upheld")]));
    const rejected = [id, DatasetStatus.REJECTED] as const;
    await expectRevert(dpr.as("registrar2").datasets.write.confirm([id]), "DatasetRegistryWrongStatus", rejected);
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("d-v2", { versionOf: id })]),
      "DatasetRegistryWrongStatus",
      rejected,
    );
    await expectRevert(dpr.as("regulator").datasets.write.freeze([id, h("reason")]), "DatasetRegistryWrongStatus", rejected);
    await expectRevert(dpr.as("holder").datasets.write.retire([id]), "DatasetRegistryWrongStatus", rejected);
    await expectRevert(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]), "DatasetRegistryWrongStatus", rejected);
    await expectRevert(
      dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("second thoughts")]),
      "DatasetRegistryWrongStatus",
      rejected,
    );
    await increaseTime(NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.REJECTED);
  });

  it("hands the dataset to a new holder when an objection is upheld with one: a fresh notice period starts under the rightful holder", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("regulator").datasets.write.resolve([id, true, dpr.a.holder2, h("upheld")]));
    const at = await blockTime(receipt);
    const events = datasetEvents(receipt);
    expect(events.map((e) => e.eventName)).toEqual(["DatasetDecisionVoted", "DatasetDisputeResolved"]);
    expect(events[0]!.args).toMatchObject({ newHolder: cast(dpr).holder2, votes: 1, required: 1 });
    expect(events[1]!.args).toEqual({
      datasetId: id,
      resolver: cast(dpr).regulator,
      upheld: true,
      previousHolder: cast(dpr).holder,
      holder: cast(dpr).holder2,
      status: DatasetStatus.NOTICE,
      decisionHash: h("upheld"),
    });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      holder: cast(dpr).holder2,
      confirmedAt: Number(at),
      noticeEndsAt: Number(at + NOTICE_PERIOD),
      noticeRemaining: 0,
      openObjections: 0,
    });
    expect((await dpr.read.datasets.read.profileOf([id])).holder).toBe(cast(dpr).holder2);
    expect(await dpr.read.datasets.read.objectionOf([id, await orgOf(dpr, "holderHK")])).toBe(ObjectionStatus.UPHELD);
    // Nothing is built on it during the fresh notice period, in which the former holder, now an outsider, may object.
    await expectRevert(
      dpr.as("holder2").datasets.write.register([registration("d-v2", { versionOf: id })]),
      "DatasetRegistryWrongStatus",
      [id, DatasetStatus.NOTICE],
    );
    await mined(dpr.as("holder").datasets.write.object([id, h("it was ours")]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    await mined(dpr.as("registrar2").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    await increaseTime(NOTICE_PERIOD);
    // The rightful holder now holds it; the former one does not.
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("d-v2", { versionOf: id })]),
      "DatasetRegistryNotHolder",
      [id, cast(dpr).holder],
    );
    await mined(dpr.as("holder2").datasets.write.register([registration("d-v2", { versionOf: id })]));
  });

  it("sends a never-confirmed dataset back to review under its new holder: confirmations start again", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d"));
    await mined(dpr.as("holder2").datasets.write.object([id, h("it is ours")]));
    const receipt = await mined(dpr.as("regulator").datasets.write.resolve([id, true, dpr.a.holder2, h("upheld")]));
    expect(datasetEvents(receipt)[1]!.args).toMatchObject({ holder: cast(dpr).holder2, status: DatasetStatus.PENDING });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.PENDING,
      holder: cast(dpr).holder2,
      confirmations: 0,
      confirmedAt: 0,
      noticeEndsAt: 0,
    });
    await mined(dpr.as("registrar").datasets.write.confirm([id]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
  });

  it.each([
    ["the current holder", "holder"],
    ["a regulator, who is not a holder", "regulator"],
    ["a registrar, who is not a holder", "registrar2"],
    ["a non-participant", "stranger"],
  ] as const)("refuses %s as the new holder", async (_name, actor: Actor) => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    // The decider is independent of the proposed holder, so that the holder check is what refuses it.
    const decider = actor === "regulator" ? "registrar2" : "regulator";
    const before = await dpr.read.datasets.read.getDataset([id]);
    await expectRevert(
      dpr.as(decider).datasets.write.resolve([id, true, dpr.a[actor], h("upheld")]),
      "DatasetRegistryInvalidNewHolder",
      [cast(dpr)[actor]],
    );
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
  });

  it("refuses a new holder of another jurisdiction: a decision never moves the data across a border", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const before = await dpr.read.datasets.read.getDataset([id]);
    await expectRevert(
      dpr.as("regulator").datasets.write.resolve([id, true, dpr.a.holderHK, h("upheld")]),
      "DatasetRegistryJurisdictionMismatch",
      [cast(dpr).holderHK, Jurisdiction.HK, Jurisdiction.GZ],
    );
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    expect(before).toMatchObject({ status: DatasetStatus.DISPUTED, holder: cast(dpr).holder });
  });

  it("refuses a suspended holder as the new holder", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await suspend(dpr, "holder2");
    await expectRevert(
      dpr.as("regulator").datasets.write.resolve([id, true, dpr.a.holder2, h("upheld")]),
      "DatasetRegistryInvalidNewHolder",
      [cast(dpr).holder2],
    );
  });

  it("pauses the notice clock through a dispute that outlasts the notice period: dismissed, it runs out the time it had left", async () => {
    // The attack: let a dispute outlast the notice period so that its dismissal confirms the dataset at once,
    // with no time left for anyone else to object.
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d");
    const ends = await noticeEndsAt(dpr, id);
    const objection = await mined(dpr.as("holderHK").datasets.write.object([id, h("evidence")]));
    const remaining = ends - (await blockTime(objection));
    await increaseTime(NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    const receipt = await mined(dpr.as("registrar2").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    const resumedEnd = (await blockTime(receipt)) + remaining;
    expect(await noticeEndsAt(dpr, id)).toBe(resumedEnd);
    await mineAt(resumedEnd - 1n);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    await mineAt(resumedEnd);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
  });

  it("refuses to resolve a frozen dispute, by a registrar or a regulator; resolves it once unfrozen", async () => {
    // The attack: a freeze that leaks — a dataset decided (even handed to a new holder) while it is held.
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await mined(dpr.as("regulator").datasets.write.freeze([id, h("reason")]));
    await expectRevert(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.FROZEN,
    ]);
    await expectRevert(dpr.as("registrar2").datasets.write.resolve([id, true, dpr.a.holder2, h("upheld")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.FROZEN,
    ]);
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder);
    await mined(dpr.as("regulator").datasets.write.unfreeze([id, h("lifted")]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    const receipt = await mined(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ upheld: false, status: DatasetStatus.NOTICE });
  });

  // Like confirmTransfer, resolve() keeps a decider outside both the current and the new holder's
  // organisations: here `cdo`, a registrar of holder's organisation, tries to hand holder2's dataset to holder.
  it("refuses a registrar awarding a disputed dataset to its own organisation", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d", {}, "holder2");
    // The objection comes from a third organisation, so that only the award makes cdo partial.
    await mined(dpr.as("holderMO").datasets.write.object([id, h("it is the health commission's")]));
    const before = await dpr.read.datasets.read.getDataset([id]);
    await expectRevert(
      dpr.as("cdo").datasets.write.resolve([id, true, dpr.a.holder, h("upheld")]),
      "DatasetRegistryNotIndependent",
      [id, cast(dpr).cdo, cast(dpr).holder],
    );
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
    // Independent of both, it may dismiss; a regulator may award it to the health commission.
    await mined(dpr.as("regulator").datasets.write.resolve([id, true, dpr.a.holder, h("upheld")]));
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder);
  });
});

// A second fixture: snapshots taken after the first fixture's are lost when a test reverts to the
// first one, so every test using this fixture stays in this last block of the file.
async function deployDprWithShortestNotice() {
  return deployDpr(MIN_NOTICE_PERIOD);
}

// Version 1 allowed a zero notice period; now the shortest is 10 s (a notice period nobody can object in is no
// notice), and the clock is moved rather than waited for.
describe("DatasetRegistry with the shortest notice period (10 s)", () => {
  it("confirms a dataset 10 s after its last confirmation", async () => {
    const dpr = await loadFixture(deployDprWithShortestNotice);
    expect(await dpr.read.datasets.read.noticePeriod()).toBe(MIN_NOTICE_PERIOD);
    const id = await register(dpr, "holder", registration("d"));
    const receipt = await mined(dpr.as("registrar").datasets.write.confirm([id]));
    const at = await blockTime(receipt);
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ confirmations: 1, noticeEndsAt: Number(at + MIN_NOTICE_PERIOD) });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      confirmedAt: Number(at),
      noticeEndsAt: Number(at + MIN_NOTICE_PERIOD),
    });
    await mineAt(at + MIN_NOTICE_PERIOD - 1n);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    await mineAt(at + MIN_NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
  });

  it("takes objections during the 10 s and refuses them once confirmed", async () => {
    const dpr = await loadFixture(deployDprWithShortestNotice);
    const inTime = await registerConfirmed(dpr, "in-time", important);
    await nextBlockAt((await noticeEndsAt(dpr, inTime)) - 1n);
    await mined(dpr.as("holderHK").datasets.write.object([inTime, h("evidence")]));
    expect(await dpr.read.datasets.read.status([inTime])).toBe(DatasetStatus.DISPUTED);
    const id = await registerConfirmed(dpr, "d", important);
    await increaseTime(MIN_NOTICE_PERIOD);
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("evidence")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.CONFIRMED,
    ]);
  });

  it("lets the holder request a transfer once the 10 s have passed", async () => {
    const dpr = await loadFixture(deployDprWithShortestNotice);
    const id = await registerConfirmed(dpr, "d");
    await increaseTime(MIN_NOTICE_PERIOD);
    await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
    expect((await dpr.read.datasets.read.getDataset([id])).pendingTransferTo).toBe(cast(dpr).holder2);
  });
});
