/**
 * Border conditions: the part of a dataset's directory entry that GrantRegistry enforces on every grant
 * (openness, rights, grantee regions, purpose classes, longest term), recorded with the registration,
 * tightened by the holder at once, loosened only with registrars.
 *
 * Every rule has the test of the participant who wants around it: the holder granting what its own entry
 * says is not open, widening its conditions alone, swapping a proposal under a registrar's review, its own
 * chief data officer confirming, one registrar organisation confirming twice, a former holder's proposal
 * confirmed for the new one, and anyone calling the registry's recording hook directly.
 */
import { type Hex, parseEventLogs } from "viem";
import { describe, expect, it } from "vitest";
import { Category, GranteeRegions, Jurisdiction, Openness, Right, TransferMechanism, grantRegistryAbi } from "@dpr/sdk";
import { increaseTime } from "./helpers/chain.js";
import {
  type BorderConditionsInput,
  type Dpr,
  NOTICE_PERIOD,
  NO_CONDITIONS,
  expectRevert,
  h,
  mined,
  register,
  registerConfirmed,
  registration,
} from "./helpers/dpr.js";
import { FULL_EVIDENCE, expectGrantRevert, issue, later, setup } from "./GrantRegistry.fixture.js";

const DAY = 86_400;
const PU = 1 << Right.PROCESSING_USE;
const PO = 1 << Right.PRODUCT_OPERATION;
const CLASS_100 = 1 << 1;
const CLASS_200 = 1 << 2;

/** Conditional; processing/use; the GBA; public services (1xx) and research (2xx); at most 30 days. */
const CONDITIONS: BorderConditionsInput = {
  openness: Openness.CONDITIONAL,
  rights: PU,
  regions: GranteeRegions.GBA,
  purposeClasses: CLASS_100 | CLASS_200,
  maxTerm: 30 * DAY,
};

/** A confirmed general dataset of `holder` in GZ, past notice, with these conditions. */
async function withConditions(dpr: Dpr, label: string, conditions: BorderConditionsInput, overrides = {}): Promise<Hex> {
  const id = await registerConfirmed(dpr, `conditions:${label}`, { borderConditions: conditions, ...overrides });
  await increaseTime(NOTICE_PERIOD);
  return id;
}

const conditionsOf = (dpr: Dpr, id: Hex) => dpr.read.grants.read.borderConditionsOf([id]);
const proposalOf = (dpr: Dpr, id: Hex) => dpr.read.grants.read.proposedBorderConditionsOf([id]);

describe("GrantRegistry: border conditions", () => {
  it("records a registration's conditions in the grant registry, in the registration's transaction", async () => {
    const { dpr } = await setup();
    const r = registration("with-conditions", { borderConditions: CONDITIONS });
    const receipt = await mined(dpr.as("holder").datasets.write.register([r]));
    const [set, ...others] = parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: "BorderConditionsSet" });
    expect(others).toEqual([]);
    expect(set!.address.toLowerCase()).toBe(dpr.addresses.grants.toLowerCase());
    const id = set!.args.datasetId;
    expect(set!.args.by).toBe(dpr.a.holder);
    expect(set!.args.conditions).toEqual(CONDITIONS);
    expect(await conditionsOf(dpr, id)).toEqual(CONDITIONS);
    expect((await proposalOf(dpr, id)).proposedAt).toBe(0);
  });

  it("records nothing for a registration without conditions, and grants on it as the law alone allows", async () => {
    const { dpr, a, ds } = await setup();
    expect(await conditionsOf(dpr, ds.general)).toEqual(NO_CONDITIONS);
    const r = registration("none");
    const receipt = await mined(dpr.as("holder").datasets.write.register([r]));
    expect(parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: "BorderConditionsSet" })).toEqual([]);
    await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, right: Right.PRODUCT_OPERATION, purposeCode: 999 });
  });

  it("refuses a registration whose conditions cannot be recorded, and registers nothing", async () => {
    const { dpr } = await setup();
    const bad: [BorderConditionsInput, number, number, number][] = [
      [{ ...CONDITIONS, rights: 0b1000 }, Openness.CONDITIONAL, 0b1000, CONDITIONS.purposeClasses],
      [{ ...CONDITIONS, openness: Openness.OPEN, rights: 0 }, Openness.OPEN, 0, CONDITIONS.purposeClasses],
      [{ ...CONDITIONS, purposeClasses: 0 }, Openness.CONDITIONAL, PU, 0],
    ];
    for (const [conditions, ...args] of bad) {
      const r = registration("bad-conditions", { borderConditions: conditions });
      await expectRevert(dpr.as("holder").datasets.write.register([r]), "GrantRegistryInvalidBorderConditions", args);
    }
    const id = await dpr.read.datasets.read.datasetIdOf([0, registration("bad-conditions").contentHash]);
    expect(await dpr.read.datasets.read.status([id])).toBe(0);
    // Not open needs no right or purpose: nothing is granted anyway.
    await register(dpr, "holder", registration("closed", { borderConditions: { ...NO_CONDITIONS, openness: Openness.NOT_OPEN } }));
  });

  it("grants within the conditions, up to exactly the longest term", async () => {
    const { dpr, a } = await setup();
    const id = await withConditions(dpr, "within", CONDITIONS);
    const start = await later(60n);
    await issue(dpr, "holder", { datasetId: id, grantee: a.holder2, purposeCode: 201, startsAt: start, expiresAt: start + BigInt(30 * DAY) });
  });

  describe("refuses the holder a grant outside each kind of condition, by name", () => {
    it("not open: nothing at all", async () => {
      const { dpr, a } = await setup();
      const id = await withConditions(dpr, "not-open", { ...CONDITIONS, openness: Openness.NOT_OPEN });
      await expectGrantRevert(dpr, "holder", { datasetId: id, grantee: a.holder2, purposeCode: 201, expiresAt: await later(BigInt(DAY)) }, "GrantRegistryDatasetNotOpen", [id]);
    });

    it("a right the conditions do not name", async () => {
      const { dpr, a } = await setup();
      const id = await withConditions(dpr, "right", CONDITIONS);
      for (const right of [Right.PRODUCT_OPERATION, Right.HOLDING]) {
        await expectGrantRevert(
          dpr,
          "holder",
          { datasetId: id, grantee: a.holder2, right, purposeCode: 201, expiresAt: await later(BigInt(DAY)) },
          "GrantRegistryRightNotAllowed",
          [id, right],
        );
      }
    });

    it("a grantee outside the regions: the same region admits the rest of the mainland only; the GBA adds HK and MO, never elsewhere", async () => {
      const { dpr, a } = await setup();
      const sameRegion = await withConditions(dpr, "same-region", { ...CONDITIONS, regions: GranteeRegions.SAME_REGION, maxTerm: 0 });
      const crossBorderToHK = await regulatedTo(a.holderHK, sameRegion);
      await expectGrantRevert(dpr, "holder", crossBorderToHK, "GrantRegistryRegionNotAllowed", [sameRegion, Jurisdiction.HK]);
      await issue(dpr, "holder", { datasetId: sameRegion, grantee: a.mainlandOther, purposeCode: 110 });

      const gba = await withConditions(dpr, "gba", { ...CONDITIONS, regions: GranteeRegions.GBA, maxTerm: 0 });
      await issue(dpr, "holder", await regulatedTo(a.holderHK, gba));
      await issue(dpr, "holder", { datasetId: gba, grantee: a.mainlandOther, purposeCode: 110 });
      const overseas = { ...(await regulatedTo(a.overseas, gba)), mechanism: TransferMechanism.STANDARD_CONTRACT };
      await expectGrantRevert(dpr, "holder", overseas, "GrantRegistryRegionNotAllowed", [gba, Jurisdiction.OTHER]);

      const anywhere = await withConditions(dpr, "anywhere", { ...CONDITIONS, regions: GranteeRegions.ANYWHERE, maxTerm: 0 });
      await issue(dpr, "holder", { ...(await regulatedTo(a.overseas, anywhere)), mechanism: TransferMechanism.STANDARD_CONTRACT });
    });

    it("a purpose whose class the conditions do not name, and codes past the sixteen classes", async () => {
      const { dpr, a } = await setup();
      const id = await withConditions(dpr, "purpose", CONDITIONS);
      for (const code of [1, 310, 401, 1_650, 65_535]) {
        await expectGrantRevert(
          dpr,
          "holder",
          { datasetId: id, grantee: a.holder2, purposeCode: code, expiresAt: await later(BigInt(DAY)) },
          "GrantRegistryPurposeNotAllowed",
          [id, code],
        );
      }
    });

    it("a grant without an expiry, or longer than the longest term by one second", async () => {
      const { dpr, a } = await setup();
      const id = await withConditions(dpr, "term", CONDITIONS);
      await expectGrantRevert(dpr, "holder", { datasetId: id, grantee: a.holder2, purposeCode: 201 }, "GrantRegistryExpiryRequired", []);
      const start = await later(60n);
      const term = 30 * DAY + 1;
      await expectGrantRevert(
        dpr,
        "holder",
        { datasetId: id, grantee: a.holder2, purposeCode: 201, startsAt: start, expiresAt: start + BigInt(term) },
        "GrantRegistryTermTooLong",
        [id, BigInt(term), 30 * DAY],
      );
    });
  });

  describe("changes", () => {
    it("lets the holder tighten at once, in every part, and refuses the grants the old conditions allowed", async () => {
      const { dpr, a } = await setup();
      const id = await withConditions(dpr, "tighten", { ...CONDITIONS, rights: PU | PO, maxTerm: 0 });
      const tighter = { ...CONDITIONS, openness: Openness.CONDITIONAL, rights: PU, regions: GranteeRegions.SAME_REGION, purposeClasses: CLASS_200, maxTerm: 7 * DAY };
      const receipt = await mined(dpr.as("holder").grants.write.setBorderConditions([id, tighter]));
      expect(parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs }).map((e) => e.eventName)).toEqual(["BorderConditionsSet"]);
      expect(await conditionsOf(dpr, id)).toEqual(tighter);
      await expectGrantRevert(dpr, "holder", { datasetId: id, grantee: a.holder2, right: Right.PRODUCT_OPERATION, purposeCode: 201, expiresAt: await later(BigInt(DAY)) }, "GrantRegistryRightNotAllowed", [id, Right.PRODUCT_OPERATION]);
      await expectGrantRevert(dpr, "holder", { datasetId: id, grantee: a.holder2, purposeCode: 110, expiresAt: await later(BigInt(DAY)) }, "GrantRegistryPurposeNotAllowed", [id, 110]);
      // Closing is the tightest change there is.
      await mined(dpr.as("holder").grants.write.setBorderConditions([id, { ...tighter, openness: Openness.NOT_OPEN }]));
      await expectGrantRevert(dpr, "holder", { datasetId: id, grantee: a.holder2, purposeCode: 201, expiresAt: await later(BigInt(DAY)) }, "GrantRegistryDatasetNotOpen", [id]);
    });

    it("only proposes a loosening: the conditions stand until a registrar of another organisation confirms it", async () => {
      const { dpr, a } = await setup();
      const id = await withConditions(dpr, "loosen", CONDITIONS);
      const looser = { ...CONDITIONS, rights: PU | PO, maxTerm: 0 };
      const receipt = await mined(dpr.as("holder").grants.write.setBorderConditions([id, looser]));
      const [proposed] = parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: "BorderConditionsProposed" });
      expect(proposed!.args).toEqual({ datasetId: id, holder: a.holder, conditions: looser, required: 1 });
      expect(await conditionsOf(dpr, id)).toEqual(CONDITIONS);
      const po = { datasetId: id, grantee: a.holder2, right: Right.PRODUCT_OPERATION, purposeCode: 201, expiresAt: await later(BigInt(DAY)) };
      await expectGrantRevert(dpr, "holder", po, "GrantRegistryRightNotAllowed", [id, Right.PRODUCT_OPERATION]);

      // Not the holder's own chief data officer, not a holder, not the holder with another role's hat.
      await expectRevert(dpr.as("cdo").grants.write.confirmBorderConditions([id, looser]), "GrantRegistryConditionsOwnOrganisation", [id, a.cdo]);
      await expectRevert(dpr.as("holder2").grants.write.confirmBorderConditions([id, looser]), "GrantRegistryMissingRole", [a.holder2, 1]);
      await expectRevert(dpr.as("holder").grants.write.confirmBorderConditions([id, looser]), "GrantRegistryMissingRole", [a.holder, 1]);

      const confirm = await mined(dpr.as("registrar").grants.write.confirmBorderConditions([id, looser]));
      expect(parseEventLogs({ abi: grantRegistryAbi, logs: confirm.logs }).map((e) => [e.eventName, e.args])).toEqual([
        ["BorderConditionsConfirmed", { datasetId: id, registrar: a.registrar, confirmations: 1, required: 1 }],
        ["BorderConditionsSet", { datasetId: id, by: a.registrar, conditions: looser }],
      ]);
      expect(await conditionsOf(dpr, id)).toEqual(looser);
      expect((await proposalOf(dpr, id)).proposedAt).toBe(0);
      await issue(dpr, "holder", po);
    });

    it("needs two registrar organisations to loosen personal data's, as its registration did; one organisation counts once", async () => {
      const { dpr, a } = await setup();
      const id = await withConditions(dpr, "personal", { ...CONDITIONS, regions: GranteeRegions.SAME_REGION }, { category: Category.PERSONAL, containsPersonalData: true });
      const looser = { ...CONDITIONS, regions: GranteeRegions.GBA };
      await mined(dpr.as("holder").grants.write.setBorderConditions([id, looser]));
      await mined(dpr.as("registrar").grants.write.confirmBorderConditions([id, looser]));
      const pending = await proposalOf(dpr, id);
      expect([pending.confirmations, pending.required]).toEqual([1, 2]);
      expect((await conditionsOf(dpr, id)).regions).toBe(GranteeRegions.SAME_REGION);
      await expectRevert(
        dpr.as("registrarSameOrg").grants.write.confirmBorderConditions([id, looser]),
        "GrantRegistryConditionsAlreadyConfirmedBy",
        [id, a.registrar],
      );
      await mined(dpr.as("registrar2").grants.write.confirmBorderConditions([id, looser]));
      expect(await conditionsOf(dpr, id)).toEqual(looser);
    });

    it("refuses a confirmation of conditions other than the ones proposed now (the holder swapped them under review)", async () => {
      const { dpr } = await setup();
      const id = await withConditions(dpr, "swap", CONDITIONS);
      const reviewed = { ...CONDITIONS, maxTerm: 60 * DAY };
      const swapped = { ...CONDITIONS, openness: Openness.OPEN, rights: 0b111, regions: GranteeRegions.ANYWHERE, purposeClasses: 0xffff, maxTerm: 0 };
      await mined(dpr.as("holder").grants.write.setBorderConditions([id, reviewed]));
      await mined(dpr.as("holder").grants.write.setBorderConditions([id, swapped]));
      await expectRevert(dpr.as("registrar").grants.write.confirmBorderConditions([id, reviewed]), "GrantRegistryProposalChanged", [id]);
      expect(await conditionsOf(dpr, id)).toEqual(CONDITIONS);
    });

    it("drops a proposal the holder follows with a tightening", async () => {
      const { dpr } = await setup();
      const id = await withConditions(dpr, "drop", CONDITIONS);
      const looser = { ...CONDITIONS, maxTerm: 0 };
      await mined(dpr.as("holder").grants.write.setBorderConditions([id, looser]));
      await mined(dpr.as("holder").grants.write.setBorderConditions([id, { ...CONDITIONS, maxTerm: DAY }]));
      await expectRevert(dpr.as("registrar").grants.write.confirmBorderConditions([id, looser]), "GrantRegistryNoProposedConditions", [id]);
    });

    it("lets a proposal lapse when the holding moves: the new holder did not ask for it", async () => {
      const { dpr } = await setup();
      const id = await withConditions(dpr, "moved", CONDITIONS);
      const looser = { ...CONDITIONS, regions: GranteeRegions.ANYWHERE };
      await mined(dpr.as("holder").grants.write.setBorderConditions([id, looser]));
      await mined(dpr.as("holder").datasets.write.requestTransfer([id, dpr.a.holder2]));
      await mined(dpr.as("registrar").datasets.write.confirmTransfer([id]));
      expect((await proposalOf(dpr, id)).proposedAt).toBe(0);
      await expectRevert(dpr.as("registrar2").grants.write.confirmBorderConditions([id, looser]), "GrantRegistryNoProposedConditions", [id]);
      // The conditions stay with the data: the new holder may tighten them, not widen them alone.
      expect(await conditionsOf(dpr, id)).toEqual(CONDITIONS);
      await expectRevert(dpr.as("holder").grants.write.setBorderConditions([id, CONDITIONS]), "GrantRegistryNotHolder", [id, dpr.a.holder]);
    });

    it("refuses changes by anyone but the active holder, invalid conditions, and changes once the claim has ended", async () => {
      const { dpr, a } = await setup();
      const id = await withConditions(dpr, "who", CONDITIONS);
      for (const actor of ["holder2", "registrar", "regulator", "admin"] as const) {
        await expectRevert(dpr.as(actor).grants.write.setBorderConditions([id, CONDITIONS]), "GrantRegistryNotHolder", [id, a[actor]]);
      }
      await expectRevert(
        dpr.as("holder").grants.write.setBorderConditions([id, NO_CONDITIONS]),
        "GrantRegistryInvalidBorderConditions",
        [Openness.UNDECLARED, 0, 0],
      );
      await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason")]));
      await expectRevert(dpr.as("holder").grants.write.setBorderConditions([id, CONDITIONS]), "GrantRegistryInactiveParticipant", [a.holder]);
      await mined(dpr.as("admin").directory.write.reinstate([a.holder, h("reason")]));
      await mined(dpr.as("holder").datasets.write.retire([id]));
      await expectRevert(dpr.as("holder").grants.write.setBorderConditions([id, CONDITIONS]), "GrantRegistryConditionsClosed", [id, 7]);
    });

    it("lets only the dataset registry record a registration's conditions", async () => {
      const { dpr, a, ds } = await setup();
      const open = { ...CONDITIONS, openness: Openness.OPEN, rights: 0b111, regions: GranteeRegions.ANYWHERE, purposeClasses: 0xffff, maxTerm: 0 };
      for (const actor of ["holder", "admin", "registrar"] as const) {
        await expectRevert(
          dpr.as(actor).grants.write.recordBorderConditions([ds.general, a.holder, open, true]),
          "GrantRegistryNotDatasetRegistry",
          [a[actor]],
        );
      }
    });

    it("clears the conditions and the proposal of a freed claim when the content is claimed again", async () => {
      const { dpr } = await setup();
      const r = registration("reclaimed", { borderConditions: CONDITIONS });
      const id = await register(dpr, "holder", r);
      await mined(dpr.as("holder").grants.write.setBorderConditions([id, { ...CONDITIONS, maxTerm: 0 }]));
      await mined(dpr.as("holder").datasets.write.withdraw([id]));
      await register(dpr, "holder2", registration("reclaimed"));
      expect(await conditionsOf(dpr, id)).toEqual(NO_CONDITIONS);
      expect((await proposalOf(dpr, id)).proposedAt).toBe(0);
    });
  });
});

/** A cross-border grant of `datasetId` to `grantee` with a fitting GBA contract and every piece of evidence. */
async function regulatedTo(grantee: Hex, datasetId: Hex) {
  return {
    datasetId,
    grantee,
    purposeCode: 201,
    mechanism: TransferMechanism.GBA_SC_HK,
    expiresAt: await later(BigInt(10 * DAY)),
    evidence: FULL_EVIDENCE,
  };
}
