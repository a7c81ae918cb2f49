/**
 * DatasetRegistry: lineage (parents, derivation rights, classification of derived datasets).
 */
import { describe, expect, it } from "vitest";
import { type Hex, zeroAddress } from "viem";
import { Category, DatasetStatus, Derivation, Grade, HashAlgorithm, Right } from "@dpr/sdk";
import { increaseTime, loadFixture, now } from "./helpers/chain.js";
import {
  type Dpr,
  type RegistrationInput,
  DAY,
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
  cast,
  confirmedDataset,
  datasetEvents,
  disputedDataset,
  expectedId,
  grantToHolder2,
} from "./DatasetRegistry.helpers.js";

const personal = { category: Category.PERSONAL, containsPersonalData: true } as const;

/** Registers `label` as holder with one parent and the given derivation; returns the receipt. */
async function derive(dpr: Dpr, label: string, parent: Hex, derivation: Derivation, overrides: RegistrationInput = {}) {
  return mined(
    dpr.as("holder").datasets.write.register([registration(label, { ...overrides, parents: [{ datasetId: parent, derivation }] })]),
  );
}

/** A dataset of holder's, confirmed and past its notice period: a parent that may be derived from. */
async function confirmedParent(dpr: Dpr, label: string, overrides: RegistrationInput = {}): Promise<Hex> {
  const id = await registerConfirmed(dpr, label, overrides);
  await increaseTime(NOTICE_PERIOD);
  return id;
}

function childId(label: string): Hex {
  return expectedId(HashAlgorithm.SHA256, h(`content:${label}`));
}

describe("DatasetRegistry lineage", () => {
  it("records every parent with its derivation in one DatasetDerived event per parent, in order, after DatasetRegistered", async () => {
    const dpr = await loadFixture(deployDpr);
    const confirmed = await confirmedDataset(dpr, "confirmed");
    const first = await confirmedParent(dpr, "first");
    const other = await confirmedParent(dpr, "other");
    const parents = [
      { datasetId: first, derivation: Derivation.AGGREGATION },
      { datasetId: confirmed, derivation: Derivation.TRANSFORMATION },
      { datasetId: other, derivation: Derivation.MODEL_TRAINING },
    ];
    const receipt = await mined(dpr.as("holder").datasets.write.register([registration("child", { parents })]));
    const events = datasetEvents(receipt);
    expect(events.map((e) => e.eventName)).toEqual(["DatasetRegistered", "DatasetDerived", "DatasetDerived", "DatasetDerived"]);
    expect(events.slice(1).map((e) => e.args)).toEqual(
      parents.map((p) => ({ datasetId: childId("child"), parentId: p.datasetId, derivation: p.derivation })),
    );
    const record = await dpr.read.datasets.read.getDataset([childId("child")]);
    expect([record.status, record.declassified, record.requiredConfirmations]).toEqual([DatasetStatus.PENDING, false, 1]);
  });

  it("accepts exactly MAX_PARENTS (16) parents", async () => {
    const dpr = await loadFixture(deployDpr);
    const parents = [];
    for (let i = 0; i < 16; i++) {
      parents.push({ datasetId: await confirmedParent(dpr, `p${i}`), derivation: Derivation.AGGREGATION });
    }
    const receipt = await mined(dpr.as("holder").datasets.write.register([registration("child", { parents })]));
    expect(datasetEvents(receipt).filter((e) => e.eventName === "DatasetDerived")).toHaveLength(16);
  });

  it("refuses more than MAX_PARENTS parents", async () => {
    const dpr = await loadFixture(deployDpr);
    const parents = Array.from({ length: 17 }, (_, i) => ({ datasetId: h(`p${i}`), derivation: Derivation.AGGREGATION }));
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("child", { parents })]),
      "DatasetRegistryTooManyParents",
      [17n, 16n],
    );
  });

  it("refuses an unknown parent", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(derive(dpr, "child", h("nothing"), Derivation.TRANSFORMATION), "DatasetRegistryUnknownDataset", [
      h("nothing"),
    ]);
  });

  it("cannot form a cycle: a dataset cannot name itself or a dataset registered after it as a parent", async () => {
    const dpr = await loadFixture(deployDpr);
    // Itself: its id is not registered while it is being registered.
    await expectRevert(derive(dpr, "child", childId("child"), Derivation.REVISION), "DatasetRegistryUnknownDataset", [
      childId("child"),
    ]);
    // A future dataset (here one that would later name this one as its parent) does not exist yet.
    await expectRevert(derive(dpr, "a", childId("b"), Derivation.REVISION), "DatasetRegistryUnknownDataset", [childId("b")]);
    await derive(dpr, "b", await confirmedParent(dpr, "root"), Derivation.REVISION);
    await expectRevert(
      dpr.as("holder").datasets.write.register([
        registration("b", { parents: [{ datasetId: childId("b"), derivation: Derivation.REVISION }] }),
      ]),
      "DatasetRegistryAlreadyRegistered",
      [h("content:b"), childId("b")],
    );
  });

  it("refuses a parent named twice, even apart", async () => {
    const dpr = await loadFixture(deployDpr);
    const a = await confirmedParent(dpr, "a");
    const b = await confirmedParent(dpr, "b");
    await expectRevert(
      dpr.as("holder").datasets.write.register([
        registration("child", {
          parents: [
            { datasetId: a, derivation: Derivation.AGGREGATION },
            { datasetId: b, derivation: Derivation.AGGREGATION },
            { datasetId: a, derivation: Derivation.TRANSFORMATION },
          ],
        }),
      ]),
      "DatasetRegistryDuplicateParent",
      [a],
    );
  });

  it("refuses to derive from another holder's dataset without a grant", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedDataset(dpr, "parent");
    await expectRevert(
      dpr.as("holder2").datasets.write.register([
        registration("child", { parents: [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] }),
      ]),
      "DatasetRegistryNoRightToDerive",
      [parent, cast(dpr).holder2],
    );
  });

  it.each([
    ["PROCESSING_USE", Right.PROCESSING_USE],
    ["HOLDING", Right.HOLDING],
  ] as const)("lets the grantee of an active %s grant on the parent derive from it", async (_name, right) => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedDataset(dpr, "parent");
    await grantToHolder2(dpr, parent, right);
    const receipt = await mined(
      dpr.as("holder2").datasets.write.register([
        registration("child", { parents: [{ datasetId: parent, derivation: Derivation.MODEL_TRAINING }] }),
      ]),
    );
    const [registered, derived] = datasetEvents(receipt);
    expect(registered!.args).toMatchObject({ datasetId: childId("child"), holder: cast(dpr).holder2 });
    expect(derived!.args).toEqual({ datasetId: childId("child"), parentId: parent, derivation: Derivation.MODEL_TRAINING });
  });

  it("does not let the grantee of a PRODUCT_OPERATION grant derive", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedDataset(dpr, "parent");
    await grantToHolder2(dpr, parent, Right.PRODUCT_OPERATION);
    expect(await dpr.read.grants.read.hasRight([parent, dpr.a.holder2, Right.PRODUCT_OPERATION])).toBe(true);
    await expectRevert(
      dpr.as("holder2").datasets.write.register([
        registration("child", { parents: [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] }),
      ]),
      "DatasetRegistryNoRightToDerive",
      [parent, cast(dpr).holder2],
    );
  });

  it("does not let the grantee derive once the grant has expired", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedDataset(dpr, "parent");
    await grantToHolder2(dpr, parent, Right.PROCESSING_USE, (await now()) + DAY);
    await increaseTime(DAY);
    await expectRevert(
      dpr.as("holder2").datasets.write.register([
        registration("child", { parents: [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] }),
      ]),
      "DatasetRegistryNoRightToDerive",
      [parent, cast(dpr).holder2],
    );
  });

  it("does not let the grantee derive once the grant is revoked", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedDataset(dpr, "parent");
    const grantId = await grantToHolder2(dpr, parent, Right.PROCESSING_USE);
    await mined(dpr.as("holder").grants.write.revoke([grantId, h("revoked")]));
    await expectRevert(
      dpr.as("holder2").datasets.write.register([
        registration("child", { parents: [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] }),
      ]),
      "DatasetRegistryNoRightToDerive",
      [parent, cast(dpr).holder2],
    );
  });

  it("refuses a grantee's derivation from a parent frozen after the grant", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedDataset(dpr, "parent");
    await grantToHolder2(dpr, parent, Right.PROCESSING_USE);
    await mined(dpr.as("regulator").datasets.write.freeze([parent, h("reason")]));
    await expectRevert(
      dpr.as("holder2").datasets.write.register([
        registration("child", { parents: [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] }),
      ]),
      "DatasetRegistryWrongStatus",
      [parent, DatasetStatus.FROZEN],
    );
  });

  it("lets a holder derive from a superseded version it holds", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    await mined(dpr.as("holder").datasets.write.register([registration("v2", { versionOf: v1 })]));
    await derive(dpr, "child", v1, Derivation.TRANSFORMATION);
    expect(await dpr.read.datasets.read.status([childId("child")])).toBe(DatasetStatus.PENDING);
  });

  it("refuses a grade below a parent's for any derivation but de-identification", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedParent(dpr, "parent", { grade: Grade.IMPORTANT });
    for (const derivation of [Derivation.REVISION, Derivation.TRANSFORMATION, Derivation.AGGREGATION, Derivation.MODEL_TRAINING]) {
      await expectRevert(derive(dpr, "child", parent, derivation), "DatasetRegistryGradeBelowParent", [
        parent,
        Grade.IMPORTANT,
        Grade.GENERAL,
      ]);
    }
  });

  it("checks the grade against every parent: the child is at least as high as the highest", async () => {
    const dpr = await loadFixture(deployDpr);
    const general = await confirmedParent(dpr, "general");
    const important = await confirmedParent(dpr, "important", { grade: Grade.IMPORTANT });
    const parents = [
      { datasetId: general, derivation: Derivation.AGGREGATION },
      { datasetId: important, derivation: Derivation.AGGREGATION },
    ];
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("child", { parents })]),
      "DatasetRegistryGradeBelowParent",
      [important, Grade.IMPORTANT, Grade.GENERAL],
    );
    await mined(dpr.as("holder").datasets.write.register([registration("child", { parents, grade: Grade.IMPORTANT })]));
    expect((await dpr.read.datasets.read.getDataset([childId("child")])).declassified).toBe(false);
  });

  it("lets a child be graded above its parent without declassification", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedParent(dpr, "parent");
    await derive(dpr, "child", parent, Derivation.AGGREGATION, { grade: Grade.IMPORTANT });
    const record = await dpr.read.datasets.read.getDataset([childId("child")]);
    expect([record.grade, record.declassified, record.requiredConfirmations]).toEqual([Grade.IMPORTANT, false, 2]);
  });

  it("declassifies a de-identified child graded below an important parent and requires two confirmations", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedParent(dpr, "parent", { grade: Grade.IMPORTANT });
    const receipt = await derive(dpr, "child", parent, Derivation.DE_IDENTIFICATION);
    const [registered] = datasetEvents(receipt);
    expect(registered!.args).toMatchObject({ grade: Grade.GENERAL, declassified: true, requiredConfirmations: 2 });
    const record = await dpr.read.datasets.read.getDataset([childId("child")]);
    expect([record.grade, record.declassified, record.requiredConfirmations]).toEqual([Grade.GENERAL, true, 2]);
  });

  it("refuses a non-personal child of a personal parent for any derivation but de-identification", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedParent(dpr, "parent", personal);
    for (const derivation of [Derivation.REVISION, Derivation.TRANSFORMATION, Derivation.AGGREGATION, Derivation.MODEL_TRAINING]) {
      await expectRevert(derive(dpr, "child", parent, derivation), "DatasetRegistryPersonalDataDropped", [parent]);
    }
  });

  it("declassifies a de-identified non-personal child of a personal parent and requires two confirmations", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedParent(dpr, "parent", personal);
    const receipt = await derive(dpr, "child", parent, Derivation.DE_IDENTIFICATION, { category: Category.PUBLIC });
    const [registered] = datasetEvents(receipt);
    expect(registered!.args).toMatchObject({ containsPersonalData: false, declassified: true, requiredConfirmations: 2 });
    const record = await dpr.read.datasets.read.getDataset([childId("child")]);
    expect([record.containsPersonalData, record.declassified, record.requiredConfirmations]).toEqual([false, true, 2]);
  });

  it("does not declassify a de-identification that lowers nothing", async () => {
    const dpr = await loadFixture(deployDpr);
    const generalParent = await confirmedParent(dpr, "general");
    await derive(dpr, "child-of-general", generalParent, Derivation.DE_IDENTIFICATION);
    const a = await dpr.read.datasets.read.getDataset([childId("child-of-general")]);
    expect([a.declassified, a.requiredConfirmations]).toEqual([false, 1]);

    const personalParent = await confirmedParent(dpr, "personal", personal);
    await derive(dpr, "still-personal", personalParent, Derivation.DE_IDENTIFICATION, personal);
    const b = await dpr.read.datasets.read.getDataset([childId("still-personal")]);
    expect([b.declassified, b.requiredConfirmations]).toEqual([false, 2]);
  });

  it("requires two confirmations when any de-identified parent was personal, whatever the other parents", async () => {
    const dpr = await loadFixture(deployDpr);
    const general = await confirmedParent(dpr, "general");
    const personalParent = await confirmedParent(dpr, "personal", personal);
    await mined(
      dpr.as("holder").datasets.write.register([
        registration("child", {
          parents: [
            { datasetId: general, derivation: Derivation.AGGREGATION },
            { datasetId: personalParent, derivation: Derivation.DE_IDENTIFICATION },
          ],
        }),
      ]),
    );
    const record = await dpr.read.datasets.read.getDataset([childId("child")]);
    expect([record.declassified, record.requiredConfirmations]).toEqual([true, 2]);
  });

  it("needs one confirmation for a general non-personal child of a declassified dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedParent(dpr, "parent", { grade: Grade.IMPORTANT });
    await derive(dpr, "declassified", parent, Derivation.DE_IDENTIFICATION);
    // Its two registrars vouch for the de-identification, and its notice period passes.
    for (const registrar of ["registrar", "registrar2"] as const) await mined(dpr.as(registrar).datasets.write.confirm([childId("declassified")]));
    await increaseTime(NOTICE_PERIOD);
    await derive(dpr, "grandchild", childId("declassified"), Derivation.TRANSFORMATION);
    const record = await dpr.read.datasets.read.getDataset([childId("grandchild")]);
    expect([record.declassified, record.requiredConfirmations]).toEqual([false, 1]);
  });

  it("refuses to derive from a rejected parent", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await disputedDataset(dpr, "parent");
    await mined(dpr.as("regulator").datasets.write.resolve([parent, true, zeroAddress, h("decision")]));
    await expectRevert(derive(dpr, "child", parent, Derivation.TRANSFORMATION), "DatasetRegistryWrongStatus", [
      parent,
      DatasetStatus.REJECTED,
    ]);
  });

  it("refuses to derive from a retired parent", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await confirmedDataset(dpr, "parent");
    await mined(dpr.as("holder").datasets.write.retire([parent]));
    await expectRevert(derive(dpr, "child", parent, Derivation.TRANSFORMATION), "DatasetRegistryWrongStatus", [
      parent,
      DatasetStatus.RETIRED,
    ]);
  });

  it.each([
    [
      "refused",
      async (dpr: Dpr) => {
        const id = await register(dpr, "holder", registration("parent"));
        await mined(dpr.as("registrar").datasets.write.refuse([id, h("reasons")]));
        return id;
      },
      DatasetStatus.REFUSED,
    ],
    [
      "withdrawn",
      async (dpr: Dpr) => {
        const id = await registerConfirmed(dpr, "parent");
        await mined(dpr.as("holder").datasets.write.withdraw([id]));
        return id;
      },
      DatasetStatus.WITHDRAWN,
    ],
    [
      "revoked",
      async (dpr: Dpr) => {
        const id = await confirmedDataset(dpr, "parent");
        // registrar confirmed it; registrar2, independent, decides alone on general data.
        await mined(dpr.as("registrar2").datasets.write.correct([id, zeroAddress, h("revoked")]));
        return id;
      },
      DatasetStatus.REVOKED,
    ],
  ] as const)("refuses to derive from a %s parent", async (_name, make, status) => {
    const dpr = await loadFixture(deployDpr);
    const parent = await make(dpr);
    await expectRevert(derive(dpr, "child", parent, Derivation.TRANSFORMATION), "DatasetRegistryWrongStatus", [parent, status]);
    expect(await dpr.read.datasets.read.status([childId("child")])).toBe(DatasetStatus.UNREGISTERED);
  });

  it("refuses to build on a dataset marked as derived from revoked data, as parent or predecessor, until a registrar re-confirms it", async () => {
    // The attack: launder a revoked registration one generation down, by deriving from its still-confirmed child.
    const dpr = await loadFixture(deployDpr);
    const grandparent = await confirmedParent(dpr, "grandparent");
    const parents = [{ datasetId: grandparent, derivation: Derivation.TRANSFORMATION }];
    const parent = await confirmedParent(dpr, "parent", { parents });
    await mined(dpr.as("registrar2").datasets.write.correct([grandparent, zeroAddress, h("revoked")]));
    await mined(dpr.as("stranger").datasets.write.markRevokedAncestry([parent, parents, 0n]));
    expect(await dpr.read.datasets.read.getDataset([parent])).toMatchObject({ status: DatasetStatus.CONFIRMED, ancestryRevoked: true });
    await expectRevert(derive(dpr, "child", parent, Derivation.TRANSFORMATION), "DatasetRegistryAncestryRevoked", [parent]);
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("parent v2", { versionOf: parent })]),
      "DatasetRegistryAncestryRevoked",
      [parent],
    );
    expect(await dpr.read.datasets.read.status([childId("child")])).toBe(DatasetStatus.UNREGISTERED);
    expect((await dpr.read.datasets.read.getDataset([parent])).superseded).toBe(false);
    await mined(dpr.as("registrar2").datasets.write.reconfirm([parent]));
    await derive(dpr, "child", parent, Derivation.TRANSFORMATION);
    expect(await dpr.read.datasets.read.status([childId("child")])).toBe(DatasetStatus.PENDING);
  });

  it("refuses to derive from a parent that is still pending or in its notice period, even one's own", async () => {
    // The attack: build on a registration that may yet be refused or rejected, and keep the child when it is.
    const dpr = await loadFixture(deployDpr);
    const pending = await register(dpr, "holder", registration("pending parent"));
    await expectRevert(derive(dpr, "child of pending", pending, Derivation.TRANSFORMATION), "DatasetRegistryWrongStatus", [
      pending,
      DatasetStatus.PENDING,
    ]);
    const inNotice = await registerConfirmed(dpr, "parent in notice");
    await expectRevert(derive(dpr, "child in notice", inNotice, Derivation.TRANSFORMATION), "DatasetRegistryWrongStatus", [
      inNotice,
      DatasetStatus.NOTICE,
    ]);
    expect(await dpr.read.datasets.read.status([childId("child of pending")])).toBe(DatasetStatus.UNREGISTERED);
    await increaseTime(NOTICE_PERIOD);
    await derive(dpr, "child in notice", inNotice, Derivation.TRANSFORMATION);
  });

  it("refuses to derive from a frozen parent, even a pending one", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await register(dpr, "holder", registration("parent"));
    await mined(dpr.as("regulator").datasets.write.freeze([parent, h("reason")]));
    await expectRevert(derive(dpr, "child", parent, Derivation.TRANSFORMATION), "DatasetRegistryWrongStatus", [
      parent,
      DatasetStatus.FROZEN,
    ]);
  });

  it("refuses to derive from a disputed parent", async () => {
    const dpr = await loadFixture(deployDpr);
    const parent = await disputedDataset(dpr, "parent");
    await expectRevert(derive(dpr, "child", parent, Derivation.TRANSFORMATION), "DatasetRegistryWrongStatus", [
      parent,
      DatasetStatus.DISPUTED,
    ]);
  });
});
