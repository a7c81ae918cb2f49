/**
 * DatasetRegistry: confirmation by registrars (确权), the public notice period, objections and
 * dispute resolution.
 */
import { describe, expect, it } from "vitest";
import { type Hex, zeroAddress, zeroHash } from "viem";
import { Category, DatasetStatus, Derivation, Grade, Jurisdiction, Role } from "@dpr/sdk";
import { increaseTime, loadFixture } from "./helpers/chain.js";
import {
  type Actor,
  type Dpr,
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
  suspend,
} from "./DatasetRegistry.helpers.js";

const important = { grade: Grade.IMPORTANT } as const;
const personal = { category: Category.PERSONAL, containsPersonalData: true } as const;

async function noticeEndsAt(dpr: Dpr, id: Hex): Promise<bigint> {
  return BigInt((await dpr.read.datasets.read.getDataset([id])).noticeEndsAt);
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
      settled: false,
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

  it("refuses to confirm a disputed, rejected or retired dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const disputed = await disputedDataset(dpr, "disputed");
    await expectRevert(dpr.as("registrar2").datasets.write.confirm([disputed]), "DatasetRegistryWrongStatus", [
      disputed,
      DatasetStatus.DISPUTED,
    ]);
    await mined(dpr.as("regulator").datasets.write.resolve([disputed, true, zeroAddress, h("decision")]));
    await expectRevert(dpr.as("registrar2").datasets.write.confirm([disputed]), "DatasetRegistryWrongStatus", [
      disputed,
      DatasetStatus.REJECTED,
    ]);
    const retired = await register(dpr, "holder", registration("retired"));
    await mined(dpr.as("holder").datasets.write.retire([retired]));
    await expectRevert(dpr.as("registrar").datasets.write.confirm([retired]), "DatasetRegistryWrongStatus", [
      retired,
      DatasetStatus.RETIRED,
    ]);
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
      expect(events[0]!.args).toEqual({ datasetId: id, objector: cast(dpr)[actor], evidenceHash: h("evidence") });
      expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
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

  it("refuses an objection while the dataset is pending, even after a first of two confirmations", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d", important));
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("evidence")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.PENDING,
    ]);
    await mined(dpr.as("registrar").datasets.write.confirm([id]));
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("evidence")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.PENDING,
    ]);
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

  it("adds further evidence to a dispute, from another objector, even after the notice period", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("holderMO").datasets.write.object([id, h("more evidence")]));
    expect(datasetEvents(receipt)[0]!.args).toEqual({ datasetId: id, objector: cast(dpr).holderMO, evidenceHash: h("more evidence") });
    await increaseTime(NOTICE_PERIOD);
    await mined(dpr.as("holderHK").datasets.write.object([id, h("late evidence")]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    // The holder's organisation still cannot.
    await expectRevert(dpr.as("cdo").datasets.write.object([id, h("rebuttal")]), "DatasetRegistryHolderCannotObject", [
      id,
      cast(dpr).cdo,
    ]);
  });

  it("refuses an objection to a retired or rejected dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const retired = await registerConfirmed(dpr, "retired");
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
  it("dismisses an objection: the dataset is confirmed and settled, and takes no further objections within the original notice window", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const ends = await noticeEndsAt(dpr, id);
    const receipt = await mined(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    const events = datasetEvents(receipt);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("DatasetDisputeResolved");
    expect(events[0]!.args).toEqual({
      datasetId: id,
      resolver: cast(dpr).regulator,
      upheld: false,
      previousHolder: cast(dpr).holder,
      holder: cast(dpr).holder,
      status: DatasetStatus.CONFIRMED,
      decisionHash: h("dismissed"),
    });
    expect(await blockTime(receipt)).toBeLessThan(ends);
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.CONFIRMED,
      holder: cast(dpr).holder,
      settled: true,
    });
    await expectRevert(dpr.as("holderMO").datasets.write.object([id, h("evidence")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.CONFIRMED,
    ]);
  });

  it("ignores a new holder given with a dismissal", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("regulator").datasets.write.resolve([id, false, dpr.a.holderHK, h("dismissed")]));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ previousHolder: cast(dpr).holder, holder: cast(dpr).holder });
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder);
  });

  it("lets a registrar outside the holder's organisation resolve a dispute", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("registrar2").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ resolver: cast(dpr).registrar2, status: DatasetStatus.CONFIRMED });
  });

  it("refuses a resolution by a registrar of the holder's own organisation", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await expectRevert(
      dpr.as("cdo").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]),
      "DatasetRegistryOwnOrganisation",
      [id, cast(dpr).cdo],
    );
  });

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
    await expectRevert(
      dpr.as("registrar").datasets.write.resolve([id, true, zeroAddress, h("upheld")]),
      "DatasetRegistryWrongStatus",
      [id, DatasetStatus.CONFIRMED],
    );
  });

  it("refuses a resolution without a decision hash", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await expectRevert(dpr.as("regulator").datasets.write.resolve([id, false, zeroAddress, zeroHash]), "DatasetRegistryEmptyHash", []);
    await expectRevert(dpr.as("registrar").datasets.write.resolve([id, true, zeroAddress, zeroHash]), "DatasetRegistryEmptyHash", []);
  });

  it("rejects the registration when an objection is upheld without a new holder", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("registrar").datasets.write.resolve([id, true, zeroAddress, h("upheld")]));
    expect(datasetEvents(receipt)[0]!.args).toEqual({
      datasetId: id,
      resolver: cast(dpr).registrar,
      upheld: true,
      previousHolder: cast(dpr).holder,
      holder: cast(dpr).holder,
      status: DatasetStatus.REJECTED,
      decisionHash: h("upheld"),
    });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.REJECTED,
      holder: cast(dpr).holder,
      settled: false,
    });
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

  it("confirms the dataset to a new holder when an objection is upheld with one; the dispute is settled", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    const receipt = await mined(dpr.as("regulator").datasets.write.resolve([id, true, dpr.a.holder2, h("upheld")]));
    expect(datasetEvents(receipt)[0]!.args).toEqual({
      datasetId: id,
      resolver: cast(dpr).regulator,
      upheld: true,
      previousHolder: cast(dpr).holder,
      holder: cast(dpr).holder2,
      status: DatasetStatus.CONFIRMED,
      decisionHash: h("upheld"),
    });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.CONFIRMED,
      holder: cast(dpr).holder2,
      settled: true,
    });
    expect((await dpr.read.datasets.read.profileOf([id])).holder).toBe(cast(dpr).holder2);
    await expectRevert(dpr.as("holderMO").datasets.write.object([id, h("evidence")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.CONFIRMED,
    ]);
    // The rightful holder now holds it; the former one does not.
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("d-v2", { versionOf: id })]),
      "DatasetRegistryNotHolder",
      [id, cast(dpr).holder],
    );
    await mined(dpr.as("holder2").datasets.write.register([registration("d-v2", { versionOf: id })]));
  });

  it.each([
    ["the current holder", "holder"],
    ["a regulator, who is not a holder", "regulator"],
    ["a registrar, who is not a holder", "registrar2"],
    ["a non-participant", "stranger"],
  ] as const)("refuses %s as the new holder", async (_name, actor: Actor) => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await expectRevert(
      dpr.as("regulator").datasets.write.resolve([id, true, dpr.a[actor], h("upheld")]),
      "DatasetRegistryInvalidNewHolder",
      [cast(dpr)[actor]],
    );
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

  it("resolves a dispute that outlasted the notice period: dismissed, it is confirmed", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await disputedDataset(dpr, "d");
    await increaseTime(NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    await mined(dpr.as("registrar2").datasets.write.resolve([id, false, zeroAddress, h("dismissed")]));
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
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ upheld: false, status: DatasetStatus.CONFIRMED });
  });

  // Like confirmTransfer, resolve() keeps a registrar outside both the current and the new holder's
  // organisations: here `cdo`, a registrar of holder's organisation, tries to hand holder2's dataset to holder.
  it("refuses a registrar awarding a disputed dataset to its own organisation", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "d", {}, "holder2");
    await mined(dpr.as("holder").datasets.write.object([id, h("it is ours")]));
    await expectRevert(
      dpr.as("cdo").datasets.write.resolve([id, true, dpr.a.holder, h("upheld")]),
      "DatasetRegistryOwnOrganisation",
      [id, cast(dpr).cdo],
    );
  });
});

// A second fixture: snapshots taken after the first fixture's are lost when a test reverts to the
// first one, so every test using this fixture stays in this last block of the file.
async function deployDprWithoutNotice() {
  return deployDpr(0n);
}

describe("DatasetRegistry without a notice period", () => {
  it("confirms a dataset at its last confirmation", async () => {
    const dpr = await loadFixture(deployDprWithoutNotice);
    expect(await dpr.read.datasets.read.noticePeriod()).toBe(0n);
    const id = await register(dpr, "holder", registration("d"));
    const receipt = await mined(dpr.as("registrar").datasets.write.confirm([id]));
    const at = Number(await blockTime(receipt));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ confirmations: 1, noticeEndsAt: at });
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.CONFIRMED,
      confirmedAt: at,
      noticeEndsAt: at,
    });
  });

  it("refuses objections to a confirmed dataset", async () => {
    const dpr = await loadFixture(deployDprWithoutNotice);
    const id = await registerConfirmed(dpr, "d", important);
    await expectRevert(dpr.as("holderHK").datasets.write.object([id, h("evidence")]), "DatasetRegistryWrongStatus", [
      id,
      DatasetStatus.CONFIRMED,
    ]);
  });

  it("lets the holder request a transfer right after confirmation", async () => {
    const dpr = await loadFixture(deployDprWithoutNotice);
    const id = await registerConfirmed(dpr, "d");
    await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
    expect((await dpr.read.datasets.read.getDataset([id])).pendingTransferTo).toBe(cast(dpr).holder2);
  });
});
