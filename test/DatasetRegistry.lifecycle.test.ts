/**
 * DatasetRegistry, life cycle version 2 (issue 11): each attack from the issue performed as an adversarial
 * participant would, refused by error name with its arguments, the state left as it was, and the legitimate
 * path beside it. Refusal and withdrawal, recorded objections, independent quorum decisions, a notice clock
 * that pauses, correction and cancellation after notice, freed claims, freezes and revoked ancestry.
 */
import { describe, expect, it } from "vitest";
import { type Address, type Hex, getAddress, zeroAddress, zeroHash } from "viem";
import { Category, DatasetStatus, Derivation, Grade, GrantStatus, HashAlgorithm, Jurisdiction, ObjectionStatus, Right, Role } from "@dpr/sdk";
import { increaseTime, loadFixture, testClient } from "./helpers/chain.js";
import {
  type Actor,
  type Dpr,
  NOTICE_PERIOD,
  type RegistrationInput,
  DAY,
  deployDpr,
  expectRevert,
  grantRequest,
  h,
  mined,
  register,
  registration,
  roles,
} from "./helpers/dpr.js";
import { blockTime, datasetEvents, mineAt, suspend } from "./DatasetRegistry.helpers.js";

const important = { grade: Grade.IMPORTANT } as const;
const personal = { category: Category.PERSONAL, containsPersonalData: true } as const;

/**
 * Participants beyond the shared cast, which a two-organisation quorum needs once two registrars have
 * confirmed: a third registrar and a second regulator of their own organisations, a second account of the
 * regulator's organisation, holders inside the two registrars' organisations (their cronies), and an
 * independent GZ holder. All are onboarded in GZ by the zone admin.
 */
type Extra = "registrar3" | "regulator2" | "regulatorSameOrg" | "cronyA" | "cronyB" | "holder3";
const EXTRAS: { name: Extra; roles: number; legalId?: string; sameOrgAs?: Actor }[] = [
  { name: "registrar3", roles: roles("REGISTRAR"), legalId: "gz-third-registry" },
  { name: "regulator2", roles: roles("REGULATOR"), legalId: "gz-market-regulator" },
  { name: "regulatorSameOrg", roles: roles("REGULATOR"), sameOrgAs: "regulator" },
  { name: "cronyA", roles: roles("HOLDER"), sameOrgAs: "registrar" },
  { name: "cronyB", roles: roles("HOLDER"), sameOrgAs: "registrar2" },
  { name: "holder3", roles: roles("HOLDER"), legalId: "gz-water-authority" },
];

interface World {
  dpr: Dpr;
  /** Every participant's address: the shared cast and the extras. */
  a: Record<Actor | Extra, Address>;
}

/** The shared fixture, plus the extra participants (impersonated accounts: Hardhat has twelve, the cast uses them). */
async function deployLifecycle(): Promise<World> {
  const dpr = await deployDpr();
  const a = { ...dpr.a } as Record<Actor | Extra, Address>;
  for (const [i, extra] of EXTRAS.entries()) {
    const address = getAddress(`0x${(0xd01 + i).toString(16).padStart(40, "0")}`);
    await testClient.impersonateAccount({ address });
    await testClient.setBalance({ address, value: 10n ** 21n });
    // A second account of an existing organisation joins it through the admin with the same identity commitment.
    const legalIdHash = extra.sameOrgAs
      ? await dpr.read.directory.read.legalIdentityOf([await dpr.read.directory.read.organisationOf([dpr.a[extra.sameOrgAs]])])
      : h(`legal-id:${extra.legalId}`);
    await mined(
      dpr.as("admin").directory.write.addParticipant([
        address,
        Jurisdiction.GZ,
        extra.roles,
        legalIdHash,
        `https://zone.example/participants/${extra.name}.json`,
      ]),
    );
    a[extra.name] = address;
  }
  for (const extra of EXTRAS) {
    const expected = extra.sameOrgAs ? dpr.a[extra.sameOrgAs] : a[extra.name];
    if ((await dpr.read.directory.read.organisationOf([a[extra.name]])) !== expected) {
      throw new Error(`fixture: ${extra.name} is not in the organisation it should be`);
    }
  }
  return { dpr, a };
}

async function world(): Promise<World> {
  return loadFixture(deployLifecycle);
}

type Who = Actor | Extra;

/** The registry as seen by any participant of the world. */
function as(w: World, who: Who) {
  return w.dpr.as(w.a[who]).datasets;
}

/** Everything a refused attack must leave as it was. */
async function stateOf(w: World, id: Hex) {
  const datasets = w.dpr.read.datasets.read;
  return {
    record: await datasets.getDataset([id]),
    decision: await datasets.decisionOf([id]),
    openObjectors: await datasets.openObjectors([id]),
  };
}

/** Registers as `holder` and confirms with exactly the given registrars (in order). */
async function registerConfirmedBy(
  w: World,
  label: string,
  confirmers: Who[],
  overrides: RegistrationInput = {},
  holder: Who = "holder",
): Promise<Hex> {
  const id = await register(w.dpr, w.a[holder], registration(label, overrides));
  for (const registrar of confirmers) await mined(as(w, registrar).write.confirm([id]));
  return id;
}

/** A dataset confirmed by `confirmers` with its notice period over: CONFIRMED. */
async function confirmedBy(w: World, label: string, confirmers: Who[], overrides: RegistrationInput = {}, holder: Who = "holder") {
  const id = await registerConfirmedBy(w, label, confirmers, overrides, holder);
  await increaseTime(NOTICE_PERIOD);
  expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
  return id;
}

/** The confirmers a classification needs in these tests: registrar (org A), then registrar2 (org B). */
function confirmersFor(overrides: RegistrationInput): Who[] {
  return overrides.grade === Grade.IMPORTANT || overrides.containsPersonalData ? ["registrar", "registrar2"] : ["registrar"];
}

const noDecision = { correction: false, newHolder: zeroAddress, votes: 0, required: 0, firstVoterOrganisation: zeroAddress };

/** `from` grants processing/use on a CONFIRMED general dataset to `to` (domestic, active at once); returns the grant id. */
async function grantProcessing(w: World, from: Who, id: Hex, to: Who): Promise<bigint> {
  await mined(w.dpr.as(w.a[from]).grants.write.grant([grantRequest({ datasetId: id, grantee: w.a[to] })]));
  return w.dpr.read.grants.read.latestGrant([id, w.a[to], Right.PROCESSING_USE]);
}

async function hasProcessing(w: World, id: Hex, who: Who): Promise<boolean> {
  return w.dpr.read.grants.read.hasRight([id, w.a[who], Right.PROCESSING_USE]);
}

describe("one registrar or regulator cannot seize or destroy a dataset in notice", () => {
  it("refuses an objector resolving its own objection upheld, naming nobody, itself or a crony, or any account of its organisation, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    // Confirmed by registrar2 (org B); registrar (org A) objects and tries to decide its own objection.
    const id = await registerConfirmedBy(w, "d", ["registrar2"]);
    await mined(as(w, "registrar").write.object([id, h("pretext")]));
    const before = await stateOf(w, id);
    expect(before.record).toMatchObject({ status: DatasetStatus.DISPUTED, holder: a.holder, openObjections: 1 });

    const notIndependent = (account: Who) => [id, a[account], a.registrar] as const;
    await expectRevert(as(w, "registrar").write.resolve([id, true, zeroAddress, h("destroy")]), "DatasetRegistryNotIndependent", notIndependent("registrar"));
    await expectRevert(as(w, "registrar").write.resolve([id, true, a.cronyA, h("seize")]), "DatasetRegistryNotIndependent", notIndependent("registrar"));
    await expectRevert(as(w, "registrar").write.resolve([id, true, a.registrar, h("seize")]), "DatasetRegistryNotIndependent", notIndependent("registrar"));
    await expectRevert(as(w, "registrar").write.resolve([id, false, zeroAddress, h("skip")]), "DatasetRegistryNotIndependent", notIndependent("registrar"));
    // Another account of the objector's organisation is no more independent.
    await expectRevert(
      as(w, "registrarSameOrg").write.resolve([id, true, a.cronyA, h("seize")]),
      "DatasetRegistryNotIndependent",
      notIndependent("registrarSameOrg"),
    );
    await expectRevert(
      as(w, "registrarSameOrg").write.resolve([id, true, zeroAddress, h("destroy")]),
      "DatasetRegistryNotIndependent",
      notIndependent("registrarSameOrg"),
    );
    expect(await stateOf(w, id)).toEqual(before);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.registrar])).toBe(ObjectionStatus.OPEN);

    // The positive path: an independent regulator decides (general data: one organisation).
    const receipt = await mined(as(w, "regulator").write.resolve([id, true, a.holder2, h("rightful")]));
    expect(datasetEvents(receipt).at(-1)!.args).toMatchObject({ upheld: true, previousHolder: a.holder, holder: a.holder2, status: DatasetStatus.NOTICE });
  });

  it("refuses a regulator deciding its own objection, by name with arguments; state unchanged; another organisation's regulator decides", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    await mined(as(w, "regulator").write.object([id, h("pretext")]));
    const before = await stateOf(w, id);
    for (const account of ["regulator", "regulatorSameOrg"] as const) {
      await expectRevert(as(w, account).write.resolve([id, true, zeroAddress, h("destroy")]), "DatasetRegistryNotIndependent", [
        id,
        a[account],
        a.regulator,
      ]);
      await expectRevert(as(w, account).write.resolve([id, true, a.holder2, h("seize")]), "DatasetRegistryNotIndependent", [
        id,
        a[account],
        a.regulator,
      ]);
      await expectRevert(as(w, account).write.resolve([id, false, zeroAddress, h("skip")]), "DatasetRegistryNotIndependent", [
        id,
        a[account],
        a.regulator,
      ]);
    }
    expect(await stateOf(w, id)).toEqual(before);

    const receipt = await mined(as(w, "regulator2").write.resolve([id, true, zeroAddress, h("rejected")]));
    expect(datasetEvents(receipt).map((e) => e.eventName)).toEqual(["DatasetDecisionVoted", "DatasetDisputeResolved"]);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.REJECTED);
  });

  it.each([
    ["general data confirmed by one organisation", {}, ["registrar"]],
    ["important data confirmed by two", important, ["registrar", "registrar2"]],
  ] as const)(
    "refuses a registrar that confirmed %s judging objections to its confirmation, by name with arguments; state unchanged",
    async (_name, overrides, confirmers) => {
      const w = await world();
      const { a } = w;
      const id = await registerConfirmedBy(w, "d", [...confirmers], overrides);
      await mined(as(w, "holderHK").write.object([id, h("evidence")]));
      const before = await stateOf(w, id);
      for (const confirmer of confirmers) {
        for (const [upheld, newHolder] of [
          [true, zeroAddress],
          [true, a.holder2],
          [false, zeroAddress],
        ] as const) {
          await expectRevert(as(w, confirmer).write.resolve([id, upheld, newHolder, h("decision")]), "DatasetRegistryNotIndependent", [
            id,
            a[confirmer],
            a[confirmer],
          ]);
        }
      }
      await expectRevert(as(w, "registrarSameOrg").write.resolve([id, false, zeroAddress, h("decision")]), "DatasetRegistryNotIndependent", [
        id,
        a.registrarSameOrg,
        a.registrar,
      ]);
      // Nor the holder's own registrar.
      await expectRevert(as(w, "cdo").write.resolve([id, false, zeroAddress, h("decision")]), "DatasetRegistryNotIndependent", [
        id,
        a.cdo,
        a.holder,
      ]);
      expect(await stateOf(w, id)).toEqual(before);
      // An independent registrar dismisses.
      await mined(as(w, "registrar3").write.resolve([id, false, zeroAddress, h("dismissed")]));
      expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    },
  );

  it("refuses the first confirmer of a pending important registration judging an objection to it, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"], important);
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    const before = await stateOf(w, id);
    expect(before.record).toMatchObject({ status: DatasetStatus.DISPUTED, confirmations: 1, confirmedAt: 0 });
    await expectRevert(as(w, "registrar").write.resolve([id, true, zeroAddress, h("decision")]), "DatasetRegistryNotIndependent", [
      id,
      a.registrar,
      a.registrar,
    ]);
    await expectRevert(as(w, "registrarSameOrg").write.resolve([id, false, zeroAddress, h("decision")]), "DatasetRegistryNotIndependent", [
      id,
      a.registrarSameOrg,
      a.registrar,
    ]);
    expect(await stateOf(w, id)).toEqual(before);
    await mined(as(w, "registrar2").write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.PENDING, confirmations: 1 });
  });

  it.each([
    ["important", important],
    ["personal", personal],
  ] as const)(
    "needs two distinct independent organisations to uphold an objection to %s data: one vote leaves it DISPUTED (1/2), the same organisation again is refused by name with arguments, a second organisation completes it with a fresh notice period",
    async (_name, overrides) => {
      const w = await world();
      const { a } = w;
      const id = await registerConfirmedBy(w, "d", ["registrar", "registrar2"], overrides);
      await mined(as(w, "holderHK").write.object([id, h("evidence")]));

      const first = await mined(as(w, "regulator").write.resolve([id, true, a.holder2, h("vote:regulator")]));
      const firstEvents = datasetEvents(first);
      expect(firstEvents).toHaveLength(1);
      expect(firstEvents[0]!.eventName).toBe("DatasetDecisionVoted");
      expect(firstEvents[0]!.args).toEqual({
        datasetId: id,
        voter: a.regulator,
        organisation: a.regulator,
        correction: false,
        newHolder: a.holder2,
        votes: 1,
        required: 2,
        decisionHash: h("vote:regulator"),
      });
      const afterOne = await stateOf(w, id);
      expect(afterOne.record).toMatchObject({ status: DatasetStatus.DISPUTED, holder: a.holder, openObjections: 1 });
      expect(afterOne.decision).toEqual({
        correction: false,
        newHolder: a.holder2,
        votes: 1,
        required: 2,
        firstVoterOrganisation: a.regulator,
      });
      expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.OPEN);

      // The regulator's organisation counts once, whichever of its accounts votes.
      for (const account of ["regulator", "regulatorSameOrg"] as const) {
        await expectRevert(as(w, account).write.resolve([id, true, a.holder2, h("again")]), "DatasetRegistryAlreadyVoted", [id, a.regulator]);
      }
      expect(await stateOf(w, id)).toEqual(afterOne);

      const second = await mined(as(w, "registrar3").write.resolve([id, true, a.holder2, h("vote:registrar3")]));
      const at = await blockTime(second);
      const events = datasetEvents(second);
      expect(events.map((e) => e.eventName)).toEqual(["DatasetDecisionVoted", "DatasetDisputeResolved"]);
      expect(events[0]!.args).toMatchObject({ voter: a.registrar3, organisation: a.registrar3, votes: 2, required: 2 });
      expect(events[1]!.args).toEqual({
        datasetId: id,
        resolver: a.registrar3,
        upheld: true,
        previousHolder: a.holder,
        holder: a.holder2,
        status: DatasetStatus.NOTICE,
        decisionHash: h("vote:registrar3"),
      });
      const after = await stateOf(w, id);
      expect(after.record).toMatchObject({
        status: DatasetStatus.NOTICE,
        holder: a.holder2,
        confirmedAt: Number(at),
        noticeEndsAt: Number(at + NOTICE_PERIOD),
        noticeRemaining: 0,
        openObjections: 0,
      });
      expect(after.decision).toEqual(noDecision);
      expect(after.openObjectors).toEqual([]);
      expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.UPHELD);
    },
  );

  it("replaces a pending vote with a vote for another outcome (votes restart at 1), and completes only the outcome that reaches the quorum", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar", "registrar2"], important);
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    await mined(as(w, "regulator").write.resolve([id, true, a.holder2, h("new holder")]));

    // Another organisation votes to reject instead: the new-holder vote is gone.
    const reject = await mined(as(w, "registrar3").write.resolve([id, true, zeroAddress, h("reject")]));
    expect(datasetEvents(reject)[0]!.args).toMatchObject({ organisation: a.registrar3, newHolder: zeroAddress, votes: 1, required: 2 });
    expect(await w.dpr.read.datasets.read.decisionOf([id])).toEqual({
      correction: false,
      newHolder: zeroAddress,
      votes: 1,
      required: 2,
      firstVoterOrganisation: a.registrar3,
    });
    // A vote for a different new holder replaces it again.
    const other = await mined(as(w, "regulator").write.resolve([id, true, a.holder3, h("holder3")]));
    expect(datasetEvents(other)[0]!.args).toMatchObject({ newHolder: a.holder3, votes: 1 });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.DISPUTED, holder: a.holder });

    // The second organisation for the same outcome decides.
    await mined(as(w, "regulator2").write.resolve([id, true, a.holder3, h("holder3 too")]));
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.NOTICE, holder: a.holder3 });
    expect(await w.dpr.read.datasets.read.decisionOf([id])).toEqual(noDecision);
  });

  it("clears pending votes when a new objection comes in: the next vote counts 1 again", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar", "registrar2"], important);
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    await mined(as(w, "regulator").write.resolve([id, true, zeroAddress, h("reject")]));
    expect((await w.dpr.read.datasets.read.decisionOf([id])).votes).toBe(1);

    await mined(as(w, "holderMO").write.object([id, h("more evidence")]));
    expect(await w.dpr.read.datasets.read.decisionOf([id])).toEqual(noDecision);
    const vote = await mined(as(w, "registrar3").write.resolve([id, true, zeroAddress, h("reject")]));
    expect(datasetEvents(vote)).toHaveLength(1);
    expect(datasetEvents(vote)[0]!.args).toMatchObject({ votes: 1, required: 2 });
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);

    await mined(as(w, "regulator").write.resolve([id, true, zeroAddress, h("reject")]));
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.REJECTED);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.UPHELD);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderMO])).toBe(ObjectionStatus.UPHELD);
  });

  it("starts a fresh notice period when an objection is upheld with a new holder, whatever was left of the old one", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    await increaseTime(5n * DAY);
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    await increaseTime(30n * DAY);
    const receipt = await mined(as(w, "regulator").write.resolve([id, true, a.holder2, h("rightful")]));
    const at = await blockTime(receipt);
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      holder: a.holder2,
      confirmedAt: Number(at),
      noticeEndsAt: Number(at + NOTICE_PERIOD),
      noticeRemaining: 0,
    });
    // The former holder's organisation can now object in that notice period.
    await mineAt(at + NOTICE_PERIOD - 1n);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    await mineAt(at + NOTICE_PERIOD);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
  });

  it("refuses a decider of the proposed new holder's organisation, and a dismissal naming a holder, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    const before = await stateOf(w, id);
    // A new holder is an organisation: naming its own organisation makes the decider not independent ...
    await expectRevert(as(w, "registrar2").write.resolve([id, true, a.registrar2, h("to my organisation")]), "DatasetRegistryNotIndependent", [
      id,
      a.registrar2,
      a.registrar2,
    ]);
    // ... and an officer of it (or of any organisation) is no holder at all.
    await expectRevert(as(w, "registrar2").write.resolve([id, true, a.cronyB, h("to my crony")]), "DatasetRegistryInvalidNewHolder", [
      a.cronyB,
    ]);
    await expectRevert(as(w, "regulator").write.resolve([id, false, a.holder2, h("dismiss and hand over")]), "DatasetRegistryInvalidNewHolder", [
      a.holder2,
    ]);
    await expectRevert(as(w, "holder2").write.resolve([id, true, a.holder2, h("mine")]), "DatasetRegistryNotRegistrarOrRegulator", [a.holder2]);
    await expectRevert(as(w, "regulator").write.resolve([id, true, zeroAddress, zeroHash]), "DatasetRegistryEmptyHash", []);
    expect(await stateOf(w, id)).toEqual(before);
    // The same registrar may name a holder of another organisation.
    await mined(as(w, "registrar2").write.resolve([id, true, a.holder2, h("rightful")]));
    expect((await w.dpr.read.datasets.read.getDataset([id])).holder).toBe(a.holder2);
  });
});

describe("the notice period cannot be skipped", () => {
  it("refuses a registrar dismissing its own objection, by name with arguments; an independent dismissal returns the dataset to NOTICE with exactly the time it had left", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    const { confirmedAt } = await w.dpr.read.datasets.read.getDataset([id]);
    const ends = BigInt(confirmedAt) + NOTICE_PERIOD;
    await increaseTime(2n * DAY);
    const objected = await mined(as(w, "registrar2").write.object([id, h("pretext")]));
    const remaining = ends - (await blockTime(objected));
    const disputed = await stateOf(w, id);
    expect(disputed.record).toMatchObject({ status: DatasetStatus.DISPUTED, noticeRemaining: Number(remaining), noticeEndsAt: 0 });

    await expectRevert(as(w, "registrar2").write.resolve([id, false, zeroAddress, h("dismissed")]), "DatasetRegistryNotIndependent", [
      id,
      a.registrar2,
      a.registrar2,
    ]);
    expect(await stateOf(w, id)).toEqual(disputed);

    // Well past the original end: the clock was paused.
    await increaseTime(NOTICE_PERIOD + 3n * DAY);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
    const receipt = await mined(as(w, "regulator").write.resolve([id, false, zeroAddress, h("dismissed")]));
    const at = await blockTime(receipt);
    expect(datasetEvents(receipt)).toHaveLength(1);
    expect(datasetEvents(receipt)[0]!.args).toEqual({
      datasetId: id,
      resolver: a.regulator,
      upheld: false,
      previousHolder: a.holder,
      holder: a.holder,
      status: DatasetStatus.NOTICE,
      decisionHash: h("dismissed"),
    });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      holder: a.holder,
      noticeEndsAt: Number(at + remaining),
      confirmedAt: Number(at + remaining - NOTICE_PERIOD),
      noticeRemaining: 0,
      openObjections: 0,
    });
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.registrar2])).toBe(ObjectionStatus.DISMISSED);
    // Not grantable before the remaining time has run.
    await expectRevert(
      w.dpr.as("holder").grants.write.grant([grantRequest({ datasetId: id, grantee: a.holder2 })]),
      "GrantRegistryDatasetNotGrantable",
      [id, DatasetStatus.NOTICE],
    );
    await mineAt(at + remaining - 1n);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    await mineAt(at + remaining);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
  });

  it("refuses a dismissed organisation objecting again to the same claim, and a second open objection of one organisation, by name with arguments; state unchanged; another organisation still objects", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    await mined(as(w, "registrar2").write.object([id, h("also")]));
    for (const [account, org] of [
      ["holderHK", "holderHK"],
      ["registrar2", "registrar2"],
    ] as const) {
      const before = await stateOf(w, id);
      await expectRevert(as(w, account).write.object([id, h("again")]), "DatasetRegistryObjectionOpen", [id, a[org]]);
      expect(await stateOf(w, id)).toEqual(before);
    }
    await mined(as(w, "regulator").write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.DISMISSED);

    const inNotice = await stateOf(w, id);
    expect(inNotice.record.status).toBe(DatasetStatus.NOTICE);
    for (const account of ["holderHK", "registrar2"] as const) {
      await expectRevert(as(w, account).write.object([id, h("endless")]), "DatasetRegistryObjectionDismissed", [id, a[account]]);
    }
    expect(await stateOf(w, id)).toEqual(inNotice);

    const receipt = await mined(as(w, "holderMO").write.object([id, h("new evidence")]));
    expect(datasetEvents(receipt)[0]!.eventName).toBe("DatasetObjected");
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.DISPUTED, openObjections: 1 });
    expect(await w.dpr.read.datasets.read.openObjectors([id])).toEqual([a.holderMO]);
    // Two accounts of one organisation: one open objection between them.
    await mined(as(w, "registrar").write.object([id, h("from org A")]));
    await expectRevert(as(w, "registrarSameOrg").write.object([id, h("from org A again")]), "DatasetRegistryObjectionOpen", [id, a.registrar]);
  });

  it("returns a dispute opened while PENDING to PENDING on dismissal, keeping its confirmations", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"], important);
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    const receipt = await mined(as(w, "registrar2").write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ upheld: false, status: DatasetStatus.PENDING, holder: a.holder });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.PENDING,
      confirmations: 1,
      confirmedAt: 0,
      noticeEndsAt: 0,
      noticeRemaining: 0,
      openObjections: 0,
    });
    await mined(as(w, "registrar2").write.confirm([id]));
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
  });
});

describe("hash squatting has a remedy", () => {
  it("takes an objection to a pending registration", async () => {
    const w = await world();
    const { a } = w;
    const id = await register(w.dpr, a.holder, registration("public-file"));
    const receipt = await mined(as(w, "holder2").write.object([id, h("we published it")]));
    expect(datasetEvents(receipt)[0]!.args).toEqual({
      datasetId: id,
      objector: a.holder2,
      organisation: a.holder2,
      claim: 1,
      evidenceHash: h("we published it"),
    });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.DISPUTED,
      noticeRemaining: 0,
      noticeEndsAt: 0,
      openObjections: 1,
    });
  });

  it("refuses a refusal without reasons, by the holder's own registrar, or by a non-registrar, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    const squatted = registration("public-file");
    const id = await register(w.dpr, a.holder, squatted);
    // The rightful holder cannot register it while it is claimed.
    await expectRevert(as(w, "holder2").write.register([squatted]), "DatasetRegistryAlreadyRegistered", [squatted.contentHash, id]);
    const before = await stateOf(w, id);
    await expectRevert(as(w, "registrar").write.refuse([id, zeroHash]), "DatasetRegistryEmptyHash", []);
    await expectRevert(as(w, "cdo").write.refuse([id, h("reasons")]), "DatasetRegistryOwnOrganisation", [id, a.cdo]);
    for (const account of ["regulator", "holder2", "auditor", "stranger"] as const) {
      await expectRevert(as(w, account).write.refuse([id, h("reasons")]), "DatasetRegistryMissingRole", [a[account], Role.REGISTRAR]);
    }
    await suspend(w.dpr, "registrar2");
    await expectRevert(as(w, "registrar2").write.refuse([id, h("reasons")]), "DatasetRegistryMissingRole", [a.registrar2, Role.REGISTRAR]);
    expect(await stateOf(w, id)).toEqual(before);
    expect(before.record).toMatchObject({ status: DatasetStatus.PENDING, holder: a.holder, claim: 1 });
  });

  it("lets a registrar refuse a squatter's pending registration; the rightful holder then registers the same content as claim 2 under the same id, with nothing carried over", async () => {
    const w = await world();
    const { a } = w;
    const contentHash = h("content:public-file");
    // The squatter registers it as important personal data, gets one of two confirmations, and survives an objection.
    const squatted = registration("public-file", { ...personal, grade: Grade.IMPORTANT, sector: 9 });
    const id = await register(w.dpr, a.holder, squatted);
    expect(id).toBe(await w.dpr.read.datasets.read.datasetIdOf([HashAlgorithm.SHA256, contentHash]));
    await mined(as(w, "registrar2").write.confirm([id]));
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    await mined(as(w, "regulator").write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.DISMISSED);

    const refused = await mined(as(w, "registrar").write.refuse([id, h("reasons")]));
    expect(datasetEvents(refused)).toHaveLength(1);
    expect(datasetEvents(refused)[0]!.eventName).toBe("DatasetRefused");
    expect(datasetEvents(refused)[0]!.args).toEqual({ datasetId: id, registrar: a.registrar, claim: 1, reasonHash: h("reasons") });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.REFUSED, holder: a.holder, claim: 1 });
    // A refused registration moves no further.
    await expectRevert(as(w, "registrar").write.confirm([id]), "DatasetRegistryWrongStatus", [id, DatasetStatus.REFUSED]);
    await expectRevert(as(w, "registrar3").write.refuse([id, h("again")]), "DatasetRegistryWrongStatus", [id, DatasetStatus.REFUSED]);

    const rightful = registration("public-file");
    const receipt = await mined(as(w, "holder2").write.register([rightful]));
    const events = datasetEvents(receipt);
    expect(events[0]!.eventName).toBe("DatasetRegistered");
    expect(events[0]!.args).toMatchObject({
      datasetId: id,
      holder: a.holder2,
      contentHash,
      grade: Grade.GENERAL,
      containsPersonalData: false,
      requiredConfirmations: 1,
      claim: 2,
    });
    const at = await blockTime(receipt);
    expect(await w.dpr.read.datasets.read.getDataset([id])).toEqual({
      status: DatasetStatus.PENDING,
      holder: a.holder2,
      algorithm: HashAlgorithm.SHA256,
      category: Category.PUBLIC,
      grade: Grade.GENERAL,
      containsPersonalData: false,
      sector: 5,
      jurisdiction: rightful.jurisdiction,
      registeredAt: Number(at),
      registeredBlock: Number(receipt.blockNumber),
      confirmations: 0,
      requiredConfirmations: 1,
      confirmedAt: 0,
      noticeEndsAt: 0,
      frozen: false,
      superseded: false,
      declassified: false,
      ancestryRevoked: false,
      pendingTransferTo: zeroAddress,
      claim: 2,
      openObjections: 0,
      noticeRemaining: 0,
      grantsValidFrom: 0n,
    });
    // The organisation whose objection to claim 1 was dismissed may object to claim 2.
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.NONE);
    const objected = await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    expect(datasetEvents(objected)[0]!.args).toMatchObject({ claim: 2 });
    // registrar2, who confirmed claim 1, is not a confirmer of claim 2: it may decide.
    await mined(as(w, "registrar2").write.resolve([id, false, zeroAddress, h("dismissed")]));
    await mined(as(w, "registrar2").write.confirm([id]));
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
  });

  it.each(["PENDING", "NOTICE"] as const)("frees the content when the squatter withdraws its %s registration", async (stage) => {
    const w = await world();
    const { a } = w;
    const r = registration("public-file");
    const id = stage === "PENDING" ? await register(w.dpr, a.holder, r) : await registerConfirmedBy(w, "public-file", ["registrar"]);
    await expectRevert(as(w, "holder2").write.withdraw([id]), "DatasetRegistryNotHolder", [id, a.holder2]);
    const receipt = await mined(as(w, "holder").write.withdraw([id]));
    expect(datasetEvents(receipt)[0]!.eventName).toBe("DatasetWithdrawn");
    expect(datasetEvents(receipt)[0]!.args).toEqual({ datasetId: id, holder: a.holder, claim: 1 });
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.WITHDRAWN);
    const again = await mined(as(w, "holder2").write.register([r]));
    expect(datasetEvents(again)[0]!.args).toMatchObject({ datasetId: id, holder: a.holder2, claim: 2 });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.PENDING, holder: a.holder2, claim: 2 });
  });

  it("frees the content of a rejected registration; a third claim counts 3", async () => {
    const w = await world();
    const { a } = w;
    const r = registration("public-file");
    const id = await register(w.dpr, a.holder, r);
    await mined(as(w, "holder2").write.object([id, h("ours")]));
    await mined(as(w, "regulator").write.resolve([id, true, zeroAddress, h("rejected")]));
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.REJECTED);
    await mined(as(w, "holder2").write.register([r]));
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.PENDING, holder: a.holder2, claim: 2 });
    await mined(as(w, "holder2").write.withdraw([id]));
    const third = await mined(as(w, "holder3").write.register([r]));
    expect(datasetEvents(third)[0]!.args).toMatchObject({ holder: a.holder3, claim: 3 });
  });

  it("names the rightful holder of a pending squatted registration: review starts again under it, confirmations reset", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "public-file", ["registrar"], important);
    await mined(as(w, "holder2").write.object([id, h("ours")]));
    await mined(as(w, "regulator").write.resolve([id, true, a.holder2, h("rightful")]));
    const receipt = await mined(as(w, "registrar3").write.resolve([id, true, a.holder2, h("rightful")]));
    expect(datasetEvents(receipt).at(-1)!.args).toMatchObject({ holder: a.holder2, status: DatasetStatus.PENDING });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.PENDING,
      holder: a.holder2,
      confirmations: 0,
      confirmedAt: 0,
      noticeEndsAt: 0,
    });
    // registrar's confirmation was of the squatter's claim: it confirms afresh, and a second organisation is still needed.
    await mined(as(w, "registrar").write.confirm([id]));
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.PENDING);
  });

  it.each(["RETIRED", "REVOKED"] as const)("keeps a %s registration's content claimed: registering it again is refused by name with arguments", async (end) => {
    const w = await world();
    const r = registration("public-file");
    const id = await confirmedBy(w, "public-file", ["registrar"]);
    if (end === "RETIRED") await mined(as(w, "holder").write.retire([id]));
    else await mined(as(w, "regulator").write.correct([id, zeroAddress, h("revoked")]));
    const before = await stateOf(w, id);
    expect(before.record.status).toBe(DatasetStatus[end]);
    for (const account of ["holder2", "holder"] as const) {
      await expectRevert(as(w, account).write.register([r]), "DatasetRegistryAlreadyRegistered", [r.contentHash, id]);
    }
    expect(await stateOf(w, id)).toEqual(before);
  });

  it("refuses a squatter retiring its registration before the notice period ends, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    const pending = await register(w.dpr, a.holder, registration("pending"));
    const inNotice = await registerConfirmedBy(w, "notice", ["registrar"]);
    for (const [id, status] of [
      [pending, DatasetStatus.PENDING],
      [inNotice, DatasetStatus.NOTICE],
    ] as const) {
      const before = await stateOf(w, id);
      await expectRevert(as(w, "holder").write.retire([id]), "DatasetRegistryWrongStatus", [id, status]);
      expect(await stateOf(w, id)).toEqual(before);
    }
  });

  it("corrects the holder after notice by an independent quorum: DatasetHolderCorrected, a fresh notice period", async () => {
    const w = await world();
    const { a } = w;
    const id = await confirmedBy(w, "public-file", ["registrar", "registrar2"], important);
    const first = await mined(as(w, "regulator").write.correct([id, a.holder2, h("correction:regulator")]));
    expect(datasetEvents(first)).toHaveLength(1);
    expect(datasetEvents(first)[0]!.args).toEqual({
      datasetId: id,
      voter: a.regulator,
      organisation: a.regulator,
      correction: true,
      newHolder: a.holder2,
      votes: 1,
      required: 2,
      decisionHash: h("correction:regulator"),
    });
    expect(await w.dpr.read.datasets.read.decisionOf([id])).toEqual({
      correction: true,
      newHolder: a.holder2,
      votes: 1,
      required: 2,
      firstVoterOrganisation: a.regulator,
    });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.CONFIRMED, holder: a.holder });
    await expectRevert(as(w, "regulatorSameOrg").write.correct([id, a.holder2, h("again")]), "DatasetRegistryAlreadyVoted", [id, a.regulator]);

    const grantsValidFrom = (await w.dpr.read.grants.read.grantCount()) + 1n;
    const second = await mined(as(w, "registrar3").write.correct([id, a.holder2, h("correction:registrar3")]));
    const at = await blockTime(second);
    const events = datasetEvents(second);
    expect(events.map((e) => e.eventName)).toEqual(["DatasetDecisionVoted", "DatasetHolderCorrected"]);
    expect(events[1]!.args).toEqual({
      datasetId: id,
      previousHolder: a.holder,
      holder: a.holder2,
      decidedBy: a.registrar3,
      decisionHash: h("correction:registrar3"),
      noticeEndsAt: Number(at + NOTICE_PERIOD),
      grantsValidFrom,
    });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      holder: a.holder2,
      confirmedAt: Number(at),
      noticeEndsAt: Number(at + NOTICE_PERIOD),
      grantsValidFrom,
    });
    expect(await w.dpr.read.datasets.read.decisionOf([id])).toEqual(noDecision);
  });

  it("revokes a confirmed registration after notice by an independent quorum: DatasetRevoked", async () => {
    const w = await world();
    const { a } = w;
    const id = await confirmedBy(w, "public-file", ["registrar", "registrar2"], personal);
    await mined(as(w, "regulator2").write.correct([id, zeroAddress, h("revoke:1")]));
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
    const receipt = await mined(as(w, "regulator").write.correct([id, zeroAddress, h("revoke:2")]));
    const events = datasetEvents(receipt);
    expect(events.map((e) => e.eventName)).toEqual(["DatasetDecisionVoted", "DatasetRevoked"]);
    expect(events[1]!.args).toEqual({ datasetId: id, decidedBy: a.regulator, decisionHash: h("revoke:2") });
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.REVOKED, holder: a.holder });
  });

  it("refuses the same content under another hash algorithm, by name with arguments", async () => {
    const w = await world();
    const { a } = w;
    expect(await w.dpr.read.datasets.read.hashAlgorithm()).toBe(HashAlgorithm.SHA256);
    const id = await register(w.dpr, a.holder, registration("public-file"));
    for (const algorithm of [HashAlgorithm.SM3, HashAlgorithm.KECCAK256]) {
      await expectRevert(as(w, "holder2").write.register([registration("public-file", { algorithm })]), "DatasetRegistryWrongAlgorithm", [
        algorithm,
        HashAlgorithm.SHA256,
      ]);
      expect(await w.dpr.read.datasets.read.status([await w.dpr.read.datasets.read.datasetIdOf([algorithm, h("content:public-file")])])).toBe(
        DatasetStatus.UNREGISTERED,
      );
    }
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ holder: a.holder, claim: 1, status: DatasetStatus.PENDING });
  });
});

describe("a freed version gives its predecessor back the latest mark", () => {
  it.each(["refused", "withdrawn", "rejected"] as const)("accepts a new version of the predecessor after the first new version was %s", async (how) => {
    const w = await world();
    const { a } = w;
    const v1 = await confirmedBy(w, "v1", ["registrar"]);
    const v2 = await register(w.dpr, a.holder, registration("v2", { versionOf: v1 }));
    expect((await w.dpr.read.datasets.read.getDataset([v1])).superseded).toBe(true);
    const before = await stateOf(w, v1);
    await expectRevert(as(w, "holder").write.register([registration("v2-bis", { versionOf: v1 })]), "DatasetRegistrySuperseded", [v1]);
    expect(await stateOf(w, v1)).toEqual(before);

    if (how === "refused") await mined(as(w, "registrar2").write.refuse([v2, h("reasons")]));
    else if (how === "withdrawn") await mined(as(w, "holder").write.withdraw([v2]));
    else {
      await mined(as(w, "holder2").write.object([v2, h("evidence")]));
      await mined(as(w, "regulator").write.resolve([v2, true, zeroAddress, h("rejected")]));
    }
    expect((await w.dpr.read.datasets.read.getDataset([v1])).superseded).toBe(false);
    const receipt = await mined(as(w, "holder").write.register([registration("v2-bis", { versionOf: v1 })]));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ versionOf: v1, claim: 1 });
    expect((await w.dpr.read.datasets.read.getDataset([v1])).superseded).toBe(true);
  });
});

describe("freezes hold everything", () => {
  it("refuses objection, resolution, correction, refusal, withdrawal and confirmation while frozen, by name with FROZEN; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    const pending = await register(w.dpr, a.holder, registration("pending"));
    const inNotice = await registerConfirmedBy(w, "notice", ["registrar"]);
    const disputed = await registerConfirmedBy(w, "disputed", ["registrar"]);
    await mined(as(w, "holderHK").write.object([disputed, h("evidence")]));
    const confirmed = await confirmedBy(w, "confirmed", ["registrar"]);
    for (const id of [pending, inNotice, disputed, confirmed]) await mined(as(w, "regulator").write.freeze([id, h("reason")]));

    const attempts: [Hex, () => Promise<unknown>][] = [
      [pending, () => as(w, "holder2").write.object([pending, h("evidence")])],
      [pending, () => as(w, "registrar").write.refuse([pending, h("reasons")])],
      [pending, () => as(w, "registrar").write.confirm([pending])],
      [pending, () => as(w, "holder").write.withdraw([pending])],
      [inNotice, () => as(w, "holder2").write.object([inNotice, h("evidence")])],
      [inNotice, () => as(w, "holder").write.withdraw([inNotice])],
      [disputed, () => as(w, "holderMO").write.object([disputed, h("more")])],
      [disputed, () => as(w, "regulator2").write.resolve([disputed, false, zeroAddress, h("dismissed")])],
      [disputed, () => as(w, "registrar2").write.resolve([disputed, true, zeroAddress, h("rejected")])],
      [disputed, () => as(w, "regulator2").write.resolve([disputed, true, a.holder2, h("new holder")])],
      [confirmed, () => as(w, "regulator2").write.correct([confirmed, zeroAddress, h("revoke")])],
      [confirmed, () => as(w, "registrar2").write.correct([confirmed, a.holder2, h("correct")])],
    ];
    const before = new Map<Hex, unknown>();
    for (const id of [pending, inNotice, disputed, confirmed]) before.set(id, await stateOf(w, id));
    for (const [id, attempt] of attempts) await expectRevert(attempt(), "DatasetRegistryWrongStatus", [id, DatasetStatus.FROZEN]);
    for (const id of [pending, inNotice, disputed, confirmed]) expect(await stateOf(w, id)).toEqual(before.get(id));
    expect(await w.dpr.read.datasets.read.openObjectors([disputed])).toEqual([a.holderHK]);
  });

  it("stops the notice clock while frozen: unfrozen well after, the dataset is in NOTICE for exactly the time it had left", async () => {
    const w = await world();
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    const { confirmedAt } = await w.dpr.read.datasets.read.getDataset([id]);
    await increaseTime(3n * DAY);
    const frozen = await mined(as(w, "regulator").write.freeze([id, h("reason")]));
    const left = BigInt(confirmedAt) + NOTICE_PERIOD - (await blockTime(frozen));
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.FROZEN,
      frozen: true,
      noticeRemaining: Number(left),
      noticeEndsAt: 0,
    });
    await increaseTime(4n * NOTICE_PERIOD);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.FROZEN);
    const unfrozen = await mined(as(w, "regulator").write.unfreeze([id, h("lifted")]));
    const at = await blockTime(unfrozen);
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.NOTICE,
      frozen: false,
      noticeRemaining: 0,
      noticeEndsAt: Number(at + left),
    });
    // Objections are open again for the time left.
    await mineAt(at + left - 1n);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    await mineAt(at + left);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
  });

  it("keeps the clock paused through a freeze of a dispute: unfrozen it stays DISPUTED, dismissed it has the time left at the objection", async () => {
    const w = await world();
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    const { confirmedAt } = await w.dpr.read.datasets.read.getDataset([id]);
    await increaseTime(DAY);
    const objected = await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    const left = BigInt(confirmedAt) + NOTICE_PERIOD - (await blockTime(objected));
    await mined(as(w, "regulator").write.freeze([id, h("reason")]));
    await increaseTime(2n * NOTICE_PERIOD);
    await mined(as(w, "regulator").write.unfreeze([id, h("lifted")]));
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.DISPUTED,
      noticeRemaining: Number(left),
      noticeEndsAt: 0,
    });
    const dismissed = await mined(as(w, "regulator").write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect((await w.dpr.read.datasets.read.getDataset([id])).noticeEndsAt).toBe(Number((await blockTime(dismissed)) + left));
  });
});

describe("corrections after notice", () => {
  it("refuses a correction of a pending, in-notice or disputed registration, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    const pending = await register(w.dpr, a.holder, registration("pending"));
    const inNotice = await registerConfirmedBy(w, "notice", ["registrar"]);
    const disputed = await registerConfirmedBy(w, "disputed", ["registrar"]);
    await mined(as(w, "holderHK").write.object([disputed, h("evidence")]));
    for (const [id, status] of [
      [pending, DatasetStatus.PENDING],
      [inNotice, DatasetStatus.NOTICE],
      [disputed, DatasetStatus.DISPUTED],
    ] as const) {
      const before = await stateOf(w, id);
      for (const newHolder of [zeroAddress, a.holder2]) {
        await expectRevert(as(w, "regulator2").write.correct([id, newHolder, h("correction")]), "DatasetRegistryWrongStatus", [id, status]);
      }
      expect(await stateOf(w, id)).toEqual(before);
    }
  });

  it("corrects the holder of a retired registration, and revokes one", async () => {
    const w = await world();
    const { a } = w;
    const corrected = await confirmedBy(w, "corrected", ["registrar"]);
    const revoked = await confirmedBy(w, "revoked", ["registrar"]);
    for (const id of [corrected, revoked]) await mined(as(w, "holder").write.retire([id]));
    await mined(as(w, "regulator").write.correct([corrected, a.holder2, h("correction")]));
    expect(await w.dpr.read.datasets.read.getDataset([corrected])).toMatchObject({ status: DatasetStatus.NOTICE, holder: a.holder2 });
    await mined(as(w, "regulator").write.correct([revoked, zeroAddress, h("revoke")]));
    expect(await w.dpr.read.datasets.read.status([revoked])).toBe(DatasetStatus.REVOKED);
    await expectRevert(as(w, "regulator2").write.correct([revoked, a.holder2, h("again")]), "DatasetRegistryWrongStatus", [
      revoked,
      DatasetStatus.REVOKED,
    ]);
  });

  it("makes grants issued before a holder correction confer nothing; grants by the corrected holder after it do", async () => {
    const w = await world();
    const id = await confirmedBy(w, "d", ["registrar"]);
    const before = await grantProcessing(w, "holder", id, "holder2");
    expect(await hasProcessing(w, id, "holder2")).toBe(true);

    const receipt = await mined(as(w, "regulator").write.correct([id, w.a.holder3, h("correction")]));
    const corrected = datasetEvents(receipt).find((e) => e.eventName === "DatasetHolderCorrected")!;
    expect(corrected.args).toMatchObject({ grantsValidFrom: before + 1n });
    expect((await w.dpr.read.datasets.read.profileOf([id])).grantsValidFrom).toBe(before + 1n);
    await increaseTime(NOTICE_PERIOD);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
    // The old grant keeps its own status but confers nothing; the former holder holds nothing either.
    expect(await w.dpr.read.grants.read.grantStatus([before])).toBe(GrantStatus.ACTIVE);
    expect(await hasProcessing(w, id, "holder2")).toBe(false);
    expect(await hasProcessing(w, id, "holder")).toBe(false);
    expect(await hasProcessing(w, id, "holder3")).toBe(true);

    const after = await grantProcessing(w, "holder3", id, "holder");
    expect(after).toBeGreaterThan(before);
    expect(await hasProcessing(w, id, "holder")).toBe(true);
    expect(await hasProcessing(w, id, "holder2")).toBe(false);
  });

  it("lets the corrected holder grant a right again to a grantee whose pre-correction grant confers nothing", async () => {
    const w = await world();
    const id = await confirmedBy(w, "d", ["registrar"]);
    const stale = await grantProcessing(w, "holder", id, "holder2");
    await mined(as(w, "regulator").write.correct([id, w.a.holder3, h("correction")]));
    await increaseTime(NOTICE_PERIOD);
    expect(await hasProcessing(w, id, "holder2")).toBe(false);
    // The grant the wrong holder gave confers nothing, so it must not stand in the rightful holder's way.
    const fresh = await grantProcessing(w, "holder3", id, "holder2");
    expect(fresh).toBeGreaterThan(stale);
    expect(await hasProcessing(w, id, "holder2")).toBe(true);
  });

  it("never frees the content of a claim confirmed before its holder was corrected: withdrawal refused by name, an upheld rejection revokes it, and its old grant never revives", async () => {
    const w = await world();
    const r = registration("d");
    const id = await confirmedBy(w, "d", ["registrar"]);
    const grant = await grantProcessing(w, "holder", id, "holder2");
    // Claim 1 is corrected to holder3; in its fresh notice period holder3 tries to withdraw it, which would free
    // the content and let a later claim inherit the grant holder gave holder2.
    await mined(as(w, "regulator").write.correct([id, w.a.holder3, h("correction")]));
    const before = await w.dpr.read.datasets.read.getDataset([id]);
    expect(before.status).toBe(DatasetStatus.NOTICE);
    await expectRevert(as(w, "holder3").write.withdraw([id]), "DatasetRegistryOnceConfirmed", [id]);
    expect(await w.dpr.read.datasets.read.getDataset([id])).toEqual(before);
    // An objection in the fresh notice period, upheld as a rejection, revokes the claim instead of freeing it.
    await mined(as(w, "holderHK").write.object([id, h("evidence")]));
    await mined(as(w, "registrar3").write.resolve([id, true, zeroAddress, h("reject")]));
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.REVOKED);
    const reclaim = as(w, "cronyB").write.register([r]);
    await expectRevert(reclaim, "DatasetRegistryAlreadyRegistered", [r.contentHash, id]);
    expect(await w.dpr.read.grants.read.latestGrant([id, w.a.holder2, Right.PROCESSING_USE])).toBe(grant);
    expect(await hasProcessing(w, id, "holder2")).toBe(false);
  });

  it("cancels a pending transfer when a quorum corrects the holder or revokes the registration", async () => {
    const w = await world();
    const { a } = w;
    for (const newHolder of [a.holder3, zeroAddress]) {
      const id = await confirmedBy(w, `d:${newHolder}`, ["registrar"]);
      await mined(as(w, "holder").write.requestTransfer([id, a.holder2]));
      const receipt = await mined(as(w, "regulator").write.correct([id, newHolder, h("correction")]));
      const events = datasetEvents(receipt);
      expect(events.map((e) => e.eventName)).toEqual([
        "DatasetDecisionVoted",
        "DatasetTransferCancelled",
        newHolder === zeroAddress ? "DatasetRevoked" : "DatasetHolderCorrected",
      ]);
      expect(events[1]!.args).toEqual({ datasetId: id, from: a.holder, to: a.holder2, cancelledBy: a.regulator });
      expect((await w.dpr.read.datasets.read.getDataset([id])).pendingTransferTo).toBe(zeroAddress);
      await expectRevert(as(w, "registrar2").write.confirmTransfer([id]), "DatasetRegistryNoPendingTransfer", [id]);
    }
  });

  it("refuses correctors of the holder's, a confirmer's or the new holder's organisation, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    const id = await confirmedBy(w, "d", ["registrar"]);
    const before = await stateOf(w, id);
    const cases: [Who, Address, Address][] = [
      ["cdo", zeroAddress, a.holder],
      ["cdo", a.holder2, a.holder],
      ["registrar", zeroAddress, a.registrar],
      ["registrarSameOrg", a.holder2, a.registrar],
      // The new holder's organisation: named by its own address (an officer's is no holder, below).
      ["registrar2", a.registrar2, a.registrar2],
    ];
    for (const [account, newHolder, organisation] of cases) {
      await expectRevert(as(w, account).write.correct([id, newHolder, h("correction")]), "DatasetRegistryNotIndependent", [
        id,
        a[account],
        organisation,
      ]);
    }
    await expectRevert(as(w, "holder2").write.correct([id, zeroAddress, h("correction")]), "DatasetRegistryNotRegistrarOrRegulator", [a.holder2]);
    await expectRevert(as(w, "regulator").write.correct([id, zeroAddress, zeroHash]), "DatasetRegistryEmptyHash", []);
    await expectRevert(as(w, "regulator").write.correct([id, a.holder, h("correction")]), "DatasetRegistryInvalidNewHolder", [a.holder]);
    await expectRevert(as(w, "registrar2").write.correct([id, a.cronyB, h("correction")]), "DatasetRegistryInvalidNewHolder", [a.cronyB]);
    expect(await stateOf(w, id)).toEqual(before);
    // registrar2 is independent when the new holder is not of its organisation.
    await mined(as(w, "registrar2").write.correct([id, a.holder2, h("correction")]));
    expect((await w.dpr.read.datasets.read.getDataset([id])).holder).toBe(a.holder2);
  });
});

describe("revoked ancestry", () => {
  /** parent → child → grandchild, all CONFIRMED, held by holder; child granted to holder2. */
  async function lineage(w: World) {
    const parent = await confirmedBy(w, "parent", ["registrar"]);
    const childParents = [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] as const;
    const child = await confirmedBy(w, "child", ["registrar"], { parents: childParents });
    const grandchildParents = [{ datasetId: child, derivation: Derivation.AGGREGATION }] as const;
    const grandchild = await confirmedBy(w, "grandchild", ["registrar"], { parents: grandchildParents });
    return { parent, child, grandchild, childParents, grandchildParents };
  }

  it("refuses a derivation from a parent that is not CONFIRMED, by name with arguments", async () => {
    const w = await world();
    const { a } = w;
    const pending = await register(w.dpr, a.holder, registration("pending"));
    const inNotice = await registerConfirmedBy(w, "notice", ["registrar"]);
    for (const [parent, status] of [
      [pending, DatasetStatus.PENDING],
      [inNotice, DatasetStatus.NOTICE],
    ] as const) {
      await expectRevert(
        as(w, "holder").write.register([registration(`child-of-${status}`, { parents: [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] })]),
        "DatasetRegistryWrongStatus",
        [parent, status],
      );
    }
  });

  it("marks a child of a revoked parent, by anyone: DatasetAncestryRevoked; the child then confers nothing, is not granted and is not built on", async () => {
    const w = await world();
    const { a } = w;
    const { parent, child, childParents } = await lineage(w);
    await grantProcessing(w, "holder", child, "holder2");
    expect(await hasProcessing(w, child, "holder2")).toBe(true);

    // Not yet: the parent is not revoked.
    await expectRevert(w.dpr.as("stranger").datasets.write.markRevokedAncestry([child, childParents, 0n]), "DatasetRegistryNothingToMark", [
      child,
      parent,
    ]);
    await mined(as(w, "regulator").write.correct([parent, zeroAddress, h("revoked")]));
    expect(await w.dpr.read.datasets.read.status([parent])).toBe(DatasetStatus.REVOKED);

    const receipt = await mined(w.dpr.as("stranger").datasets.write.markRevokedAncestry([child, childParents, 0n]));
    expect(datasetEvents(receipt)).toHaveLength(1);
    expect(datasetEvents(receipt)[0]!.eventName).toBe("DatasetAncestryRevoked");
    expect(datasetEvents(receipt)[0]!.args).toEqual({ datasetId: child, parentId: parent, markedBy: a.stranger });
    expect(await w.dpr.read.datasets.read.getDataset([child])).toMatchObject({ status: DatasetStatus.CONFIRMED, ancestryRevoked: true });
    expect((await w.dpr.read.datasets.read.profileOf([child])).ancestryRevoked).toBe(true);

    expect(await hasProcessing(w, child, "holder2")).toBe(false);
    await expectRevert(
      w.dpr.as("holder").grants.write.grant([grantRequest({ datasetId: child, grantee: a.holderMO })]),
      "GrantRegistryAncestryRevoked",
      [child],
    );
    await expectRevert(
      as(w, "holder").write.register([registration("built-on", { parents: [{ datasetId: child, derivation: Derivation.AGGREGATION }] })]),
      "DatasetRegistryAncestryRevoked",
      [child],
    );
    await expectRevert(as(w, "holder").write.register([registration("next-version", { versionOf: child })]), "DatasetRegistryAncestryRevoked", [
      child,
    ]);
    expect((await w.dpr.read.datasets.read.getDataset([child])).superseded).toBe(false);
  });

  it("refuses a wrong parent list, an index out of range, a second mark and a non-revoked parent, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { parent, child, childParents } = await lineage(w);
    const other = await confirmedBy(w, "other-parent", ["registrar"]);
    const otherParents = [{ datasetId: other, derivation: Derivation.TRANSFORMATION }] as const;
    const sibling = await confirmedBy(w, "sibling", ["registrar"], { parents: otherParents });
    await mined(as(w, "regulator").write.correct([parent, zeroAddress, h("revoked")]));

    const before = await stateOf(w, child);
    const mark = (parents: readonly { datasetId: Hex; derivation: number }[], index: bigint, id: Hex = child) =>
      w.dpr.as("stranger").datasets.write.markRevokedAncestry([id, parents, index]);
    await expectRevert(mark([{ datasetId: parent, derivation: Derivation.AGGREGATION }], 0n), "DatasetRegistryParentsMismatch", [child]);
    await expectRevert(mark(otherParents, 0n), "DatasetRegistryParentsMismatch", [child]);
    await expectRevert(mark([...childParents, ...otherParents], 0n), "DatasetRegistryParentsMismatch", [child]);
    await expectRevert(mark(childParents, 1n), "DatasetRegistryParentsMismatch", [child]);
    await expectRevert(mark([], 0n), "DatasetRegistryParentsMismatch", [child]);
    expect(await stateOf(w, child)).toEqual(before);
    expect(before.record.ancestryRevoked).toBe(false);

    // A sibling whose own parent is not revoked has nothing to mark.
    const siblingBefore = await stateOf(w, sibling);
    await expectRevert(mark(otherParents, 0n, sibling), "DatasetRegistryNothingToMark", [sibling, other]);
    expect(await stateOf(w, sibling)).toEqual(siblingBefore);

    await mined(mark(childParents, 0n));
    const marked = await stateOf(w, child);
    await expectRevert(mark(childParents, 0n), "DatasetRegistryNothingToMark", [child, parent]);
    expect(await stateOf(w, child)).toEqual(marked);
  });

  it("marks a grandchild through its marked child", async () => {
    const w = await world();
    const { a } = w;
    const { parent, child, grandchild, childParents, grandchildParents } = await lineage(w);
    await mined(as(w, "regulator").write.correct([parent, zeroAddress, h("revoked")]));
    // The child is not revoked, nor yet marked: nothing to mark on the grandchild.
    await expectRevert(
      w.dpr.as("auditor").datasets.write.markRevokedAncestry([grandchild, grandchildParents, 0n]),
      "DatasetRegistryNothingToMark",
      [grandchild, child],
    );
    await mined(w.dpr.as("auditor").datasets.write.markRevokedAncestry([child, childParents, 0n]));
    const receipt = await mined(w.dpr.as("auditor").datasets.write.markRevokedAncestry([grandchild, grandchildParents, 0n]));
    expect(datasetEvents(receipt)[0]!.args).toEqual({ datasetId: grandchild, parentId: child, markedBy: a.auditor });
    expect((await w.dpr.read.datasets.read.getDataset([grandchild])).ancestryRevoked).toBe(true);
  });

  it("refuses re-confirmation by the holder's organisation, by a non-registrar and of an unmarked dataset, by name with arguments; an independent registrar re-confirms: DatasetReconfirmed, rights back, no second mark by the same parent", async () => {
    const w = await world();
    const { a } = w;
    const { parent, child, grandchild, childParents } = await lineage(w);
    await grantProcessing(w, "holder", child, "holder2");
    await expectRevert(as(w, "registrar2").write.reconfirm([child]), "DatasetRegistryAncestryNotRevoked", [child]);
    await mined(as(w, "regulator").write.correct([parent, zeroAddress, h("revoked")]));
    await mined(w.dpr.as("stranger").datasets.write.markRevokedAncestry([child, childParents, 0n]));

    const before = await stateOf(w, child);
    await expectRevert(as(w, "cdo").write.reconfirm([child]), "DatasetRegistryOwnOrganisation", [child, a.cdo]);
    for (const account of ["regulator", "holder2", "stranger"] as const) {
      await expectRevert(as(w, account).write.reconfirm([child]), "DatasetRegistryMissingRole", [a[account], Role.REGISTRAR]);
    }
    expect(await stateOf(w, child)).toEqual(before);

    const receipt = await mined(as(w, "registrar2").write.reconfirm([child]));
    expect(datasetEvents(receipt)).toHaveLength(1);
    expect(datasetEvents(receipt)[0]!.eventName).toBe("DatasetReconfirmed");
    expect(datasetEvents(receipt)[0]!.args).toEqual({ datasetId: child, registrar: a.registrar2, confirmations: 1, required: 1 });
    expect(await w.dpr.read.datasets.read.getDataset([child])).toMatchObject({ status: DatasetStatus.CONFIRMED, ancestryRevoked: false });
    expect(await hasProcessing(w, child, "holder2")).toBe(true);
    await expectRevert(as(w, "registrar2").write.reconfirm([child]), "DatasetRegistryAncestryNotRevoked", [child]);
    // The revoked parent was weighed by the registrar: it does not mark the child again.
    await expectRevert(w.dpr.as("stranger").datasets.write.markRevokedAncestry([child, childParents, 0n]), "DatasetRegistryNothingToMark", [
      child,
      parent,
    ]);
    // The grandchild was never marked.
    expect((await w.dpr.read.datasets.read.getDataset([grandchild])).ancestryRevoked).toBe(false);
  });
});

describe("re-confirmation of important data", () => {
  it("needs two registrars of distinct organisations, refuses the same organisation twice and a frozen dataset by name, and starts again after a new mark", async () => {
    const w = await world();
    const { a } = w;
    const parent = await confirmedBy(w, "imp-parent", ["registrar", "registrar2"], important);
    const otherParent = await confirmedBy(w, "imp-other", ["registrar", "registrar2"], important);
    const parents = [
      { datasetId: parent, derivation: Derivation.AGGREGATION },
      { datasetId: otherParent, derivation: Derivation.AGGREGATION },
    ] as const;
    const child = await confirmedBy(w, "imp-child", ["registrar", "registrar2"], { ...important, parents });
    await mined(as(w, "regulator").write.correct([parent, zeroAddress, h("revoked")]));
    await mined(as(w, "registrar3").write.correct([parent, zeroAddress, h("revoked-too")]));
    expect(await w.dpr.read.datasets.read.status([parent])).toBe(DatasetStatus.REVOKED);
    await mined(w.dpr.as("stranger").datasets.write.markRevokedAncestry([child, parents, 0n]));

    // Frozen: nothing moves, re-confirmation included.
    await mined(as(w, "regulator").write.freeze([child, h("inquiry")]));
    await expectRevert(as(w, "registrar").write.reconfirm([child]), "DatasetRegistryWrongStatus", [child, DatasetStatus.FROZEN]);
    await mined(as(w, "regulator").write.unfreeze([child, h("closed")]));

    // One organisation is half the quorum: the mark stays.
    const first = await mined(as(w, "registrar").write.reconfirm([child]));
    expect(datasetEvents(first)[0]!.args).toEqual({ datasetId: child, registrar: a.registrar, confirmations: 1, required: 2 });
    expect((await w.dpr.read.datasets.read.getDataset([child])).ancestryRevoked).toBe(true);
    const registrarOrg = await w.dpr.read.directory.read.organisationOf([a.registrar]);
    await expectRevert(as(w, "registrarSameOrg").write.reconfirm([child]), "DatasetRegistryAlreadyConfirmedBy", [child, registrarOrg]);

    // The other parent is revoked and shown before the second organisation re-confirms: the count starts again.
    await mined(as(w, "regulator").write.correct([otherParent, zeroAddress, h("revoked")]));
    await mined(as(w, "registrar3").write.correct([otherParent, zeroAddress, h("revoked-too")]));
    await mined(w.dpr.as("stranger").datasets.write.markRevokedAncestry([child, parents, 1n]));
    const restarted = await mined(as(w, "registrar2").write.reconfirm([child]));
    expect(datasetEvents(restarted)[0]!.args).toEqual({ datasetId: child, registrar: a.registrar2, confirmations: 1, required: 2 });
    expect((await w.dpr.read.datasets.read.getDataset([child])).ancestryRevoked).toBe(true);

    const done = await mined(as(w, "registrar3").write.reconfirm([child]));
    expect(datasetEvents(done)[0]!.args).toEqual({ datasetId: child, registrar: a.registrar3, confirmations: 2, required: 2 });
    expect((await w.dpr.read.datasets.read.getDataset([child])).ancestryRevoked).toBe(false);
  });
});

describe("claims on freed content keep their own lineage and objections", () => {
  it("re-claims freed content as a derived dataset and as a new version, each with its own parents and predecessor", async () => {
    const w = await world();
    const parent = await confirmedBy(w, "re-parent", ["registrar"]);
    const series = await confirmedBy(w, "re-series", ["registrar"]);
    // Claim 1 of the content: a plain registration, refused.
    const plain = registration("re-claimed");
    const id = await register(w.dpr, w.a.holder, plain);
    await mined(as(w, "registrar").write.refuse([id, h("not-yet")]));
    // Claim 2: the same content as a child of `parent`; its parent list is the one that counts from now on.
    const parents = [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] as const;
    await mined(as(w, "holder").write.register([{ ...plain, parents }]));
    expect((await w.dpr.read.datasets.read.getDataset([id])).claim).toBe(2);
    await mined(as(w, "holder").write.withdraw([id]));
    // Claim 3: the same content as the next version of `series`; a withdrawal gives `series` its mark back.
    await mined(as(w, "holder").write.register([{ ...plain, versionOf: series }]));
    expect((await w.dpr.read.datasets.read.getDataset([series])).superseded).toBe(true);
    await mined(as(w, "holder").write.withdraw([id]));
    expect((await w.dpr.read.datasets.read.getDataset([series])).superseded).toBe(false);
    // Claim 4: a child again; confirmed, then its parent is revoked: the stored list is claim 4's.
    await mined(as(w, "holder").write.register([{ ...plain, parents }]));
    expect((await w.dpr.read.datasets.read.getDataset([id])).claim).toBe(4);
    await mined(as(w, "registrar").write.confirm([id]));
    await mined(as(w, "regulator").write.correct([parent, zeroAddress, h("revoked")]));
    await expectRevert(w.dpr.as("stranger").datasets.write.markRevokedAncestry([id, [], 0n]), "DatasetRegistryParentsMismatch", [id]);
    await mined(w.dpr.as("stranger").datasets.write.markRevokedAncestry([id, parents, 0n]));
    expect((await w.dpr.read.datasets.read.getDataset([id])).ancestryRevoked).toBe(true);
  });

  it("refuses to mark a freed claim by name with its status; reports no objection for an unknown dataset", async () => {
    const w = await world();
    const parent = await confirmedBy(w, "freed-parent", ["registrar"]);
    const parents = [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] as const;
    const child = await register(w.dpr, w.a.holder, registration("freed-child", { parents }));
    await mined(as(w, "registrar").write.refuse([child, h("incomplete")]));
    await mined(as(w, "regulator").write.correct([parent, zeroAddress, h("revoked")]));
    const before = await stateOf(w, child);
    await expectRevert(w.dpr.as("stranger").datasets.write.markRevokedAncestry([child, parents, 0n]), "DatasetRegistryWrongStatus", [
      child,
      DatasetStatus.REFUSED,
    ]);
    expect(await stateOf(w, child)).toEqual(before);
    const unknown = h("never-registered");
    expect(await w.dpr.read.datasets.read.objectionOf([unknown, await w.dpr.read.directory.read.organisationOf([w.a.holder2])])).toBe(
      ObjectionStatus.NONE,
    );
  });

  it("lets an organisation whose objection was upheld object again in the new holder's fresh notice period", async () => {
    const w = await world();
    const id = await registerConfirmedBy(w, "upheld-again", ["registrar"]);
    await mined(as(w, "holder2").write.object([id, h("mine")]));
    await mined(as(w, "regulator").write.resolve([id, true, w.a.holder3, h("holder3")]));
    const org = await w.dpr.read.directory.read.organisationOf([w.a.holder2]);
    expect(await w.dpr.read.datasets.read.objectionOf([id, org])).toBe(ObjectionStatus.UPHELD);
    await mined(as(w, "holder2").write.object([id, h("not-holder3-either")]));
    expect(await w.dpr.read.datasets.read.objectionOf([id, org])).toBe(ObjectionStatus.OPEN);
    expect(await w.dpr.read.datasets.read.status([id])).toBe(DatasetStatus.DISPUTED);
  });
});

describe("objections are recorded", () => {
  it("records objector, organisation and claim; reports open objectors in order; DISMISSED after a dismissal", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.registrar2])).toBe(ObjectionStatus.NONE);
    const first = await mined(as(w, "regulatorSameOrg").write.object([id, h("evidence:1")]));
    expect(datasetEvents(first)).toHaveLength(1);
    expect(datasetEvents(first)[0]!.eventName).toBe("DatasetObjected");
    expect(datasetEvents(first)[0]!.args).toEqual({
      datasetId: id,
      objector: a.regulatorSameOrg,
      organisation: a.regulator,
      claim: 1,
      evidenceHash: h("evidence:1"),
    });
    await mined(as(w, "holderHK").write.object([id, h("evidence:2")]));
    expect(await w.dpr.read.datasets.read.openObjectors([id])).toEqual([a.regulator, a.holderHK]);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.regulator])).toBe(ObjectionStatus.OPEN);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.OPEN);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.regulatorSameOrg])).toBe(ObjectionStatus.NONE);
    expect((await w.dpr.read.datasets.read.getDataset([id])).openObjections).toBe(2);

    await mined(as(w, "registrar2").write.resolve([id, false, zeroAddress, h("dismissed")]));
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.regulator])).toBe(ObjectionStatus.DISMISSED);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.DISMISSED);
    expect(await w.dpr.read.datasets.read.openObjectors([id])).toEqual([]);
    expect((await w.dpr.read.datasets.read.getDataset([id])).openObjections).toBe(0);
  });

  it("marks every open objection UPHELD when the dispute is upheld", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    await mined(as(w, "holderHK").write.object([id, h("evidence:1")]));
    await mined(as(w, "holderMO").write.object([id, h("evidence:2")]));
    await mined(as(w, "regulator").write.resolve([id, true, zeroAddress, h("rejected")]));
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderHK])).toBe(ObjectionStatus.UPHELD);
    expect(await w.dpr.read.datasets.read.objectionOf([id, a.holderMO])).toBe(ObjectionStatus.UPHELD);
    expect(await w.dpr.read.datasets.read.openObjectors([id])).toEqual([]);
    expect(await w.dpr.read.datasets.read.getDataset([id])).toMatchObject({ status: DatasetStatus.REJECTED, openObjections: 0 });
  });

  it("refuses an objection by the holder's organisation or by an inactive participant, by name with arguments; state unchanged", async () => {
    const w = await world();
    const { a } = w;
    const id = await registerConfirmedBy(w, "d", ["registrar"]);
    const before = await stateOf(w, id);
    for (const account of ["holder", "cdo"] as const) {
      await expectRevert(as(w, account).write.object([id, h("evidence")]), "DatasetRegistryHolderCannotObject", [id, a[account]]);
    }
    await expectRevert(as(w, "stranger").write.object([id, h("evidence")]), "DatasetRegistryInactiveParticipant", [a.stranger]);
    await suspend(w.dpr, "holderHK");
    await expectRevert(as(w, "holderHK").write.object([id, h("evidence")]), "DatasetRegistryInactiveParticipant", [a.holderHK]);
    await expectRevert(as(w, "holderMO").write.object([id, zeroHash]), "DatasetRegistryEmptyHash", []);
    expect(await stateOf(w, id)).toEqual(before);
    expect(before.record).toMatchObject({ status: DatasetStatus.NOTICE, openObjections: 0 });
  });
});
