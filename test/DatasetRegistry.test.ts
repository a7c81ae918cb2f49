/**
 * DatasetRegistry: registration, versions, views and deployment.
 * Lineage is in DatasetRegistry.lineage.test.ts, confirmation/objections/disputes in
 * DatasetRegistry.confirmation.test.ts, transfers/freezes/retirement in DatasetRegistry.holding.test.ts.
 */
import { describe, expect, it } from "vitest";
import { type Hex, zeroAddress, zeroHash } from "viem";
import {
  Category,
  DatasetStatus,
  Derivation,
  Grade,
  HashAlgorithm,
  Jurisdiction,
  Role,
  datasetRegistryAbi,
} from "@dpr/sdk";
import { artifactBytecode, increaseTime, loadFixture, publicClient, walletFor } from "./helpers/chain.js";
import {
  type Actor,
  type Dpr,
  MAX_NOTICE_PERIOD,
  MIN_NOTICE_PERIOD,
  NOTICE_PERIOD,
  deployDpr,
  expectRevert,
  h,
  idOf,
  mined,
  register,
  registerConfirmed,
  registration,
} from "./helpers/dpr.js";
import { blockTime, cast, confirmedDataset, datasetEvents, disputedDataset, expectedId, revertingReads, suspend } from "./DatasetRegistry.helpers.js";

describe("DatasetRegistry registration", () => {
  it("registers a dataset for an active holder under the id computed off chain from algorithm and content hash", async () => {
    const dpr = await loadFixture(deployDpr);
    const r = registration("traffic");
    const { result } = await dpr.as("holder").datasets.simulate.register([r], { account: dpr.a.holder });
    const id = expectedId(HashAlgorithm.SHA256, h("content:traffic"));
    expect(result).toBe(id);
    await mined(dpr.as("holder").datasets.write.register([r]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.PENDING);
    expect((await dpr.read.datasets.read.getDataset([id])).holder).toBe(cast(dpr).holder);
  });

  it.each(["stranger", "registrar", "regulator", "auditor", "cdo"] as const)(
    "refuses a registration by %s, who is not a holder",
    async (actor: Actor) => {
      const dpr = await loadFixture(deployDpr);
      await expectRevert(dpr.as(actor).datasets.write.register([registration("traffic")]), "DatasetRegistryMissingRole", [
        cast(dpr)[actor],
        Role.HOLDER,
      ]);
    },
  );

  it("refuses a registration by a suspended holder, and accepts it again once reinstated", async () => {
    const dpr = await loadFixture(deployDpr);
    await suspend(dpr, "holder");
    await expectRevert(dpr.as("holder").datasets.write.register([registration("traffic")]), "DatasetRegistryMissingRole", [
      cast(dpr).holder,
      Role.HOLDER,
    ]);
    await mined(dpr.as("admin").directory.write.reinstate([dpr.a.holder, h("reinstated")]));
    await mined(dpr.as("holder").datasets.write.register([registration("traffic")]));
  });

  it("checks the caller's role before the registration's contents", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(
      dpr.as("stranger").datasets.write.register([registration("x", { contentHash: zeroHash, grade: Grade.CORE })]),
      "DatasetRegistryMissingRole",
      [cast(dpr).stranger, Role.HOLDER],
    );
  });

  it("refuses a zero content hash", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("x", { contentHash: zeroHash })]),
      "DatasetRegistryEmptyContentHash",
      [],
    );
  });

  it("refuses core data", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("x", { grade: Grade.CORE })]),
      "DatasetRegistryCoreDataRefused",
      [],
    );
  });

  it("refuses a PERSONAL-category dataset not flagged as containing personal data", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(
      dpr.as("holder").datasets.write.register([
        registration("x", { category: Category.PERSONAL, containsPersonalData: false }),
      ]),
      "DatasetRegistryInconsistentPersonalData",
      [],
    );
  });

  it("accepts personal data flagged in a PUBLIC or ENTERPRISE category", async () => {
    const dpr = await loadFixture(deployDpr);
    const pub = await register(dpr, "holder", registration("p", { category: Category.PUBLIC, containsPersonalData: true }));
    const ent = await register(dpr, "holder", registration("e", { category: Category.ENTERPRISE, containsPersonalData: true }));
    expect((await dpr.read.datasets.read.getDataset([pub])).containsPersonalData).toBe(true);
    expect((await dpr.read.datasets.read.getDataset([ent])).category).toBe(Category.ENTERPRISE);
  });

  it("refuses a second claim of the same content hash by the same holder, with the existing id", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("traffic"));
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("traffic", { metadataURI: "other" })]),
      "DatasetRegistryAlreadyRegistered",
      [h("content:traffic"), id],
    );
  });

  it("refuses a claim by another holder on content already registered, with the existing id", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await registerConfirmed(dpr, "traffic");
    await expectRevert(
      dpr.as("holderHK").datasets.write.register([registration("traffic", { jurisdiction: Jurisdiction.HK })]),
      "DatasetRegistryAlreadyRegistered",
      [h("content:traffic"), id],
    );
  });

  it.each([
    ["retired by its holder", (dpr: Dpr, id: Hex) => dpr.as("holder").datasets.write.retire([id]), DatasetStatus.RETIRED],
    [
      "revoked by an independent registrar after notice",
      (dpr: Dpr, id: Hex) => dpr.as("registrar2").datasets.write.correct([id, zeroAddress, h("revoked")]),
      DatasetStatus.REVOKED,
    ],
  ] as const)("keeps the content of a registration %s claimed: nobody registers it again", async (_name, end, status) => {
    // The attack: take over confirmed content by having it retired or revoked, then claiming it afresh.
    const dpr = await loadFixture(deployDpr);
    const id = await confirmedDataset(dpr, "traffic");
    await mined(end(dpr, id));
    const before = await dpr.read.datasets.read.getDataset([id]);
    expect(before).toMatchObject({ status, holder: cast(dpr).holder, claim: 1 });
    for (const actor of ["holder2", "holder"] as const) {
      await expectRevert(
        dpr.as(actor).datasets.write.register([registration("traffic")]),
        "DatasetRegistryAlreadyRegistered",
        [h("content:traffic"), id],
      );
    }
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual(before);
  });

  it.each([
    ["refused by a registrar", (dpr: Dpr, id: Hex) => dpr.as("registrar").datasets.write.refuse([id, h("reasons")]), DatasetStatus.REFUSED],
    ["withdrawn by its holder", (dpr: Dpr, id: Hex) => dpr.as("holder").datasets.write.withdraw([id]), DatasetStatus.WITHDRAWN],
    [
      "rejected on an upheld objection",
      async (dpr: Dpr, id: Hex) => {
        // Important data: rejecting it takes two independent organisations' votes.
        await mined(dpr.as("holderHK").datasets.write.object([id, h("evidence")]));
        await mined(dpr.as("regulator").datasets.write.resolve([id, true, zeroAddress, h("upheld")]));
        return dpr.as("registrar2").datasets.write.resolve([id, true, zeroAddress, h("upheld")]);
      },
      DatasetStatus.REJECTED,
    ],
  ] as const)("frees the content of a registration %s: the next registration is claim 2 under the same id, from scratch", async (_name, end, status) => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("traffic", { grade: Grade.IMPORTANT }));
    await mined(end(dpr, id));
    expect(await dpr.read.datasets.read.status([id])).toBe(status);
    const r = registration("traffic", { sector: 9 });
    const receipt = await mined(dpr.as("holder2").datasets.write.register([r]));
    const [event] = datasetEvents(receipt);
    expect(event!.eventName).toBe("DatasetRegistered");
    expect(event!.args).toMatchObject({ datasetId: id, holder: cast(dpr).holder2, requiredConfirmations: 1, claim: 2 });
    // Nothing of the freed claim carries over: holder, classification, confirmations, objections.
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.PENDING,
      holder: cast(dpr).holder2,
      grade: Grade.GENERAL,
      sector: 9,
      confirmations: 0,
      requiredConfirmations: 1,
      confirmedAt: 0,
      noticeEndsAt: 0,
      claim: 2,
      openObjections: 0,
    });
    // Claim 2 is a claim like any other: nobody else registers the content meanwhile.
    await expectRevert(dpr.as("holder").datasets.write.register([registration("traffic")]), "DatasetRegistryAlreadyRegistered", [
      h("content:traffic"),
      id,
    ]);
  });

  it("refuses data declared held outside the holder's own jurisdiction, by name and arguments; nothing is registered", async () => {
    const dpr = await loadFixture(deployDpr);
    // A Guangzhou holder relabelling its data as held in Hong Kong, to grant it there with no mechanism.
    const r = registration("relabelled", { jurisdiction: Jurisdiction.HK });
    await expectRevert(dpr.as("holder").datasets.write.register([r]), "DatasetRegistryJurisdictionMismatch", [
      cast(dpr).holder,
      Jurisdiction.GZ,
      Jurisdiction.HK,
    ]);
    const id = expectedId(r.algorithm, r.contentHash);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.UNREGISTERED);
    // The same data registered by the account the admin onboarded in Hong Kong is accepted.
    await mined(dpr.as("holderHK").datasets.write.register([r]));
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      holder: cast(dpr).holderHK,
      jurisdiction: Jurisdiction.HK,
    });
  });

  it.each([HashAlgorithm.SM3, HashAlgorithm.KECCAK256])(
    "refuses the same hash bytes under another algorithm (%i) than the deployment's, by name and arguments; nothing changes",
    async (algorithm) => {
      // The attack: claim content another holder registered by naming its hash under another algorithm,
      // which would give the same file a second identity and a second holder.
      const dpr = await loadFixture(deployDpr);
      const sha = await register(dpr, "holder", registration("traffic"));
      const before = await dpr.read.datasets.read.getDataset([sha]);
      await expectRevert(
        dpr.as("holderHK").datasets.write.register([registration("traffic", { algorithm, jurisdiction: Jurisdiction.HK })]),
        "DatasetRegistryWrongAlgorithm",
        [algorithm, HashAlgorithm.SHA256],
      );
      expect(await dpr.read.datasets.read.status([expectedId(algorithm, h("content:traffic"))])).toBe(DatasetStatus.UNREGISTERED);
      expect(await dpr.read.datasets.read.getDataset([sha])).toEqual(before);
      // Not even for fresh content.
      await expectRevert(
        dpr.as("holderHK").datasets.write.register([registration("fresh", { algorithm, jurisdiction: Jurisdiction.HK })]),
        "DatasetRegistryWrongAlgorithm",
        [algorithm, HashAlgorithm.SHA256],
      );
      expect(await dpr.read.datasets.read.status([expectedId(algorithm, h("content:fresh"))])).toBe(DatasetStatus.UNREGISTERED);
    },
  );

  it("emits DatasetRegistered with everything the registration said, and nothing else", async () => {
    const dpr = await loadFixture(deployDpr);
    const r = registration("clinics", {
      category: Category.ENTERPRISE,
      grade: Grade.IMPORTANT,
      containsPersonalData: true,
      sector: 3,
      jurisdiction: Jurisdiction.HK,
    });
    const receipt = await mined(dpr.as("holderHK").datasets.write.register([r]));
    const events = datasetEvents(receipt);
    expect(events).toHaveLength(1);
    expect(events[0]!.eventName).toBe("DatasetRegistered");
    expect(events[0]!.address.toLowerCase()).toBe(dpr.addresses.datasets.toLowerCase());
    expect(events[0]!.args).toEqual({
      datasetId: expectedId(HashAlgorithm.SHA256, h("content:clinics")),
      holder: cast(dpr).holderHK,
      versionOf: zeroHash,
      contentHash: h("content:clinics"),
      metadataHash: h("metadata:clinics"),
      metadataURI: "https://zone.example/datasets/clinics.json",
      category: Category.ENTERPRISE,
      grade: Grade.IMPORTANT,
      containsPersonalData: true,
      sector: 3,
      jurisdiction: Jurisdiction.HK,
      requiredConfirmations: 2,
      declassified: false,
      claim: 1,
      // The organisation's own account registered: it is both the holder and the registrant.
      registrant: cast(dpr).holderHK,
    });
  });

  it("accepts a registration without metadata (zero metadata hash, empty URI)", async () => {
    const dpr = await loadFixture(deployDpr);
    const receipt = await mined(
      dpr.as("holder").datasets.write.register([registration("bare", { metadataHash: zeroHash, metadataURI: "" })]),
    );
    const [event] = datasetEvents(receipt);
    expect(event!.eventName).toBe("DatasetRegistered");
    expect(event!.args).toMatchObject({ metadataHash: zeroHash, metadataURI: "" });
  });

  it("records a pending registration with its time, block and classification", async () => {
    const dpr = await loadFixture(deployDpr);
    const receipt = await mined(
      dpr.as("holderHK").datasets.write.register([
        registration("survey", { category: Category.PUBLIC, sector: 7, jurisdiction: Jurisdiction.HK }),
      ]),
    );
    const id = expectedId(HashAlgorithm.SHA256, h("content:survey"));
    expect(await dpr.read.datasets.read.getDataset([id])).toEqual({
      status: DatasetStatus.PENDING,
      holder: cast(dpr).holderHK,
      algorithm: HashAlgorithm.SHA256,
      category: Category.PUBLIC,
      grade: Grade.GENERAL,
      containsPersonalData: false,
      sector: 7,
      jurisdiction: Jurisdiction.HK,
      registeredAt: Number(await blockTime(receipt)),
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
      claim: 1,
      openObjections: 0,
      noticeRemaining: 0,
      grantsValidFrom: 0n,
    });
  });

  it.each([
    ["general non-personal", {}, 1],
    ["important", { grade: Grade.IMPORTANT }, 2],
    ["personal (PERSONAL category)", { category: Category.PERSONAL, containsPersonalData: true }, 2],
    ["personal (flag only)", { category: Category.PUBLIC, containsPersonalData: true }, 2],
    ["important and personal", { grade: Grade.IMPORTANT, category: Category.PERSONAL, containsPersonalData: true }, 2],
  ] as const)("requires the right number of confirmations for %s data", async (_name, overrides, required) => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d", overrides));
    expect((await dpr.read.datasets.read.getDataset([id])).requiredConfirmations).toBe(required);
  });

  it("exposes the facts other contracts decide on through profileOf", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(
      dpr,
      "holderMO",
      registration("patients", {
        category: Category.PERSONAL,
        containsPersonalData: true,
        grade: Grade.IMPORTANT,
        jurisdiction: Jurisdiction.MO,
      }),
    );
    expect(await dpr.read.datasets.read.profileOf([id])).toEqual({
      status: DatasetStatus.PENDING,
      holder: cast(dpr).holderMO,
      category: Category.PERSONAL,
      grade: Grade.IMPORTANT,
      containsPersonalData: true,
      jurisdiction: Jurisdiction.MO,
      ancestryRevoked: false,
      grantsValidFrom: 0n,
    });
  });
});

describe("DatasetRegistry versions", () => {
  it("registers a new version of a dataset the caller holds and marks the previous one superseded", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    const receipt = await mined(dpr.as("holder").datasets.write.register([registration("v2", { versionOf: v1 })]));
    const v2 = expectedId(HashAlgorithm.SHA256, h("content:v2"));
    const [event] = datasetEvents(receipt);
    expect(event!.eventName).toBe("DatasetRegistered");
    expect(event!.args).toMatchObject({ datasetId: v2, versionOf: v1, holder: cast(dpr).holder });
    const previous = await dpr.read.datasets.read.getDataset([v1]);
    expect(previous.superseded).toBe(true);
    expect(previous.status).toBe(DatasetStatus.CONFIRMED);
    const next = await dpr.read.datasets.read.getDataset([v2]);
    expect(next.superseded).toBe(false);
    expect(next.status).toBe(DatasetStatus.PENDING);
  });

  it("refuses a version of a dataset still pending or in its notice period, and takes it once confirmed", async () => {
    const dpr = await loadFixture(deployDpr);
    const pending = await register(dpr, "holder", registration("pending"));
    await expectRevert(dpr.as("holder").datasets.write.register([registration("pending-v2", { versionOf: pending })]), "DatasetRegistryWrongStatus", [
      pending,
      DatasetStatus.PENDING,
    ]);
    const inNotice = await registerConfirmed(dpr, "notice");
    await expectRevert(dpr.as("holder").datasets.write.register([registration("notice-v2", { versionOf: inNotice })]), "DatasetRegistryWrongStatus", [
      inNotice,
      DatasetStatus.NOTICE,
    ]);
    expect((await dpr.read.datasets.read.getDataset([inNotice])).superseded).toBe(false);
    await increaseTime(NOTICE_PERIOD);
    await mined(dpr.as("holder").datasets.write.register([registration("notice-v2", { versionOf: inNotice })]));
    expect((await dpr.read.datasets.read.getDataset([inNotice])).superseded).toBe(true);
  });

  it("keeps a version's jurisdiction: the predecessor's holder can only declare its own, which the data already has", async () => {
    // Versions need no jurisdiction rule of their own: the holder registers in its own jurisdiction, and a
    // dataset only ever passes to holders of its jurisdiction, so the predecessor's is always the caller's.
    const dpr = await loadFixture(deployDpr);
    const v1 = await registerConfirmed(dpr, "hk v1", { jurisdiction: Jurisdiction.HK }, "holderHK");
    await increaseTime(NOTICE_PERIOD);
    for (const jurisdiction of [Jurisdiction.GZ, Jurisdiction.MO, Jurisdiction.OTHER]) {
      await expectRevert(
        dpr.as("holderHK").datasets.write.register([registration("hk v2", { versionOf: v1, jurisdiction })]),
        "DatasetRegistryJurisdictionMismatch",
        [cast(dpr).holderHK, Jurisdiction.HK, jurisdiction],
      );
    }
    expect((await dpr.read.datasets.read.getDataset([v1])).superseded).toBe(false);
    await mined(dpr.as("holderHK").datasets.write.register([registration("hk v2", { versionOf: v1, jurisdiction: Jurisdiction.HK })]));
    const v2 = expectedId(HashAlgorithm.SHA256, h("content:hk v2"));
    expect((await dpr.read.datasets.read.getDataset([v2])).jurisdiction).toBe(Jurisdiction.HK);
  });

  it("keeps a version's classification: never below its predecessor's grade, personal flag or category", async () => {
    // The attack: launder a classification through a new version — lower the grade, drop the personal flag,
    // move PERSONAL data to another category — then grant it with one confirmation and no regulator.
    const dpr = await loadFixture(deployDpr);
    const v1 = await registerConfirmed(dpr, "classified v1", { grade: Grade.IMPORTANT, category: Category.PERSONAL, containsPersonalData: true });
    await increaseTime(NOTICE_PERIOD);
    const attempt = (label: string, overrides: Parameters<typeof registration>[1]) =>
      dpr.as("holder").datasets.write.register([
        registration(label, { grade: Grade.IMPORTANT, category: Category.PERSONAL, containsPersonalData: true, versionOf: v1, ...overrides }),
      ]);
    await expectRevert(attempt("lower grade", { grade: Grade.GENERAL }), "DatasetRegistryGradeBelowParent", [v1, Grade.IMPORTANT, Grade.GENERAL]);
    await expectRevert(attempt("not personal", { category: Category.ENTERPRISE, containsPersonalData: false }), "DatasetRegistryPersonalDataDropped", [v1]);
    await expectRevert(attempt("other category", { category: Category.ENTERPRISE }), "DatasetRegistryCategoryBelowParent", [
      v1,
      Category.PERSONAL,
      Category.ENTERPRISE,
    ]);
    // Not even with a de-identification parent edge: a version is a revision, never a declassification.
    await expectRevert(
      attempt("de-identified version", { grade: Grade.GENERAL, parents: [{ datasetId: v1, derivation: Derivation.DE_IDENTIFICATION }] }),
      "DatasetRegistryGradeBelowParent",
      [v1, Grade.IMPORTANT, Grade.GENERAL],
    );
    expect((await dpr.read.datasets.read.getDataset([v1])).superseded).toBe(false);
    const receipt = await mined(attempt("same classification", {}));
    expect(datasetEvents(receipt)[0]!.args).toMatchObject({ grade: Grade.IMPORTANT, containsPersonalData: true, requiredConfirmations: 2 });
  });

  it("lets a new version name its previous version as a REVISION parent", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    const receipt = await mined(
      dpr.as("holder").datasets.write.register([
        registration("v2", { versionOf: v1, parents: [{ datasetId: v1, derivation: Derivation.REVISION }] }),
      ]),
    );
    expect(datasetEvents(receipt).map((e) => e.eventName)).toEqual(["DatasetRegistered", "DatasetDerived"]);
  });

  it("refuses a new version of a superseded dataset: only the latest of a series gets a next version", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    await mined(dpr.as("holder").datasets.write.register([registration("v2", { versionOf: v1 })]));
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("v2-fork", { versionOf: v1 })]),
      "DatasetRegistrySuperseded",
      [v1],
    );
  });

  it("refuses a new version of a dataset the caller does not hold", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    await expectRevert(
      dpr.as("holder2").datasets.write.register([registration("v2", { versionOf: v1 })]),
      "DatasetRegistryNotHolder",
      [v1, cast(dpr).holder2],
    );
    expect((await dpr.read.datasets.read.getDataset([v1])).superseded).toBe(false);
  });

  it("refuses a new version of an unknown dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("v2", { versionOf: h("nothing") })]),
      "DatasetRegistryUnknownDataset",
      [h("nothing")],
    );
  });

  it("refuses a new version of a rejected dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await disputedDataset(dpr, "v1");
    await mined(dpr.as("regulator").datasets.write.resolve([v1, true, zeroAddress, h("decision")]));
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("v2", { versionOf: v1 })]),
      "DatasetRegistryWrongStatus",
      [v1, DatasetStatus.REJECTED],
    );
  });

  it("refuses a new version of a retired dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    await mined(dpr.as("holder").datasets.write.retire([v1]));
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("v2", { versionOf: v1 })]),
      "DatasetRegistryWrongStatus",
      [v1, DatasetStatus.RETIRED],
    );
  });

  it("refuses a new version of a frozen dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    await mined(dpr.as("regulator").datasets.write.freeze([v1, h("reason")]));
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("v2", { versionOf: v1 })]),
      "DatasetRegistryWrongStatus",
      [v1, DatasetStatus.FROZEN],
    );
  });

  it("refuses a new version of a disputed dataset", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await disputedDataset(dpr, "v1");
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("v2", { versionOf: v1 })]),
      "DatasetRegistryWrongStatus",
      [v1, DatasetStatus.DISPUTED],
    );
  });

  it("refuses a new version whose content is already registered, before looking at the previous version", async () => {
    const dpr = await loadFixture(deployDpr);
    const v1 = await confirmedDataset(dpr, "v1");
    await expectRevert(
      dpr.as("holder").datasets.write.register([registration("v1", { versionOf: v1 })]),
      "DatasetRegistryAlreadyRegistered",
      [h("content:v1"), v1],
    );
  });
});

describe("DatasetRegistry views", () => {
  it("reports UNREGISTERED for an unknown id", async () => {
    const dpr = await loadFixture(deployDpr);
    expect(await dpr.read.datasets.read.status([h("nothing")])).toBe(DatasetStatus.UNREGISTERED);
    expect(DatasetStatus.UNREGISTERED).toBe(0);
  });

  it("refuses getDataset and profileOf for an unknown id", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(revertingReads(dpr).getDataset([h("nothing")]), "DatasetRegistryUnknownDataset", [h("nothing")]);
    await expectRevert(revertingReads(dpr).profileOf([h("nothing")]), "DatasetRegistryUnknownDataset", [h("nothing")]);
  });

  it.each([
    ["confirm", (d: Dpr, id: Hex) => d.as("registrar").datasets.write.confirm([id])],
    ["object", (d: Dpr, id: Hex) => d.as("holderHK").datasets.write.object([id, h("e")])],
    [
      "resolve",
      (d: Dpr, id: Hex) => d.as("regulator").datasets.write.resolve([id, false, zeroAddress, h("d")]),
    ],
    ["requestTransfer", (d: Dpr, id: Hex) => d.as("holder").datasets.write.requestTransfer([id, d.a.holder2])],
    ["cancelTransfer", (d: Dpr, id: Hex) => d.as("holder").datasets.write.cancelTransfer([id])],
    ["confirmTransfer", (d: Dpr, id: Hex) => d.as("registrar").datasets.write.confirmTransfer([id])],
    ["freeze", (d: Dpr, id: Hex) => d.as("regulator").datasets.write.freeze([id, h("r")])],
    ["unfreeze", (d: Dpr, id: Hex) => d.as("regulator").datasets.write.unfreeze([id, h("r")])],
    ["retire", (d: Dpr, id: Hex) => d.as("holder").datasets.write.retire([id])],
    ["refuse", (d: Dpr, id: Hex) => d.as("registrar").datasets.write.refuse([id, h("r")])],
    ["withdraw", (d: Dpr, id: Hex) => d.as("holder").datasets.write.withdraw([id])],
    ["correct", (d: Dpr, id: Hex) => d.as("regulator").datasets.write.correct([id, zeroAddress, h("d")])],
    [
      "markRevokedAncestry",
      (d: Dpr, id: Hex) => d.as("stranger").datasets.write.markRevokedAncestry([id, [{ datasetId: h("parent"), derivation: Derivation.REVISION }], 0n]),
    ],
    ["reconfirm", (d: Dpr, id: Hex) => d.as("registrar").datasets.write.reconfirm([id])],
  ] as const)("refuses %s on an unknown dataset", async (_name, action) => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(action(dpr, h("nothing")), "DatasetRegistryUnknownDataset", [h("nothing")]);
  });

  it("computes datasetIdOf as keccak256(abi.encode(uint8 algorithm, bytes32 contentHash)) for every algorithm", async () => {
    const dpr = await loadFixture(deployDpr);
    for (const algorithm of Object.values(HashAlgorithm)) {
      expect(await dpr.read.datasets.read.datasetIdOf([algorithm, h("file")])).toBe(expectedId(algorithm, h("file")));
    }
    expect(await idOf(dpr, { algorithm: HashAlgorithm.KECCAK256, contentHash: h("file") })).toBe(
      expectedId(HashAlgorithm.KECCAK256, h("file")),
    );
  });

  it("reports its notice period and its bounds, hash algorithm, directory, grant registry, version and parent limit", async () => {
    const dpr = await loadFixture(deployDpr);
    const datasets = dpr.read.datasets.read;
    expect(await datasets.noticePeriod()).toBe(NOTICE_PERIOD);
    expect(await datasets.MIN_NOTICE_PERIOD()).toBe(MIN_NOTICE_PERIOD);
    expect(await datasets.MAX_NOTICE_PERIOD()).toBe(MAX_NOTICE_PERIOD);
    expect(await datasets.hashAlgorithm()).toBe(HashAlgorithm.SHA256);
    expect((await datasets.directory()).toLowerCase()).toBe(dpr.addresses.directory.toLowerCase());
    expect((await datasets.grants()).toLowerCase()).toBe(dpr.addresses.grants.toLowerCase());
    expect(await datasets.version()).toBe("4.0.0");
    expect(await datasets.MAX_PARENTS()).toBe(16n);
  });

  it("moves from PENDING to NOTICE to CONFIRMED as confirmations arrive and time passes", async () => {
    const dpr = await loadFixture(deployDpr);
    const id = await register(dpr, "holder", registration("d"));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.PENDING);
    await mined(dpr.as("registrar").datasets.write.confirm([id]));
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.NOTICE);
    expect((await dpr.read.datasets.read.profileOf([id])).status).toBe(DatasetStatus.NOTICE);
    await increaseTime(NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus.CONFIRMED);
    expect((await dpr.read.datasets.read.profileOf([id])).status).toBe(DatasetStatus.CONFIRMED);
  });
});

describe("DatasetRegistry deployment", () => {
  function deploy(dpr: Dpr, args: readonly [Hex, Hex, number, HashAlgorithm]) {
    return walletFor(dpr.a.admin).deployContract({
      abi: datasetRegistryAbi,
      bytecode: artifactBytecode("DatasetRegistry"),
      args: [...args, dpr.addresses.forwarder],
    });
  }

  /** Deploys a registry beside the fixture's and returns its address; fails the test when the deployment reverts. */
  async function deployed(dpr: Dpr, noticePeriod: bigint, algorithm: HashAlgorithm = HashAlgorithm.SHA256): Promise<Hex> {
    const hash = await deploy(dpr, [dpr.addresses.directory, dpr.addresses.grants, Number(noticePeriod), algorithm]);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    return receipt.contractAddress!;
  }

  function readOf(address: Hex) {
    return (functionName: "noticePeriod" | "directory" | "grants" | "hashAlgorithm") =>
      publicClient.readContract({ address, abi: datasetRegistryAbi, functionName });
  }

  it("refuses a zero directory address", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(
      deploy(dpr, [zeroAddress, dpr.addresses.grants, Number(NOTICE_PERIOD), HashAlgorithm.SHA256]),
      "DatasetRegistryZeroAddress",
      [],
    );
  });

  it("refuses a zero grant registry address", async () => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(
      deploy(dpr, [dpr.addresses.directory, zeroAddress, Number(NOTICE_PERIOD), HashAlgorithm.SHA256]),
      "DatasetRegistryZeroAddress",
      [],
    );
  });

  it("stores the addresses, notice period and hash algorithm it is deployed with", async () => {
    const dpr = await loadFixture(deployDpr);
    const read = readOf(await deployed(dpr, 60n, HashAlgorithm.SM3));
    expect(await read("noticePeriod")).toBe(60n);
    expect(await read("hashAlgorithm")).toBe(HashAlgorithm.SM3);
    expect(((await read("directory")) as string).toLowerCase()).toBe(dpr.addresses.directory.toLowerCase());
    expect(((await read("grants")) as string).toLowerCase()).toBe(dpr.addresses.grants.toLowerCase());
  });

  it.each([
    ["zero (a notice nobody can object in)", 0n],
    ["one second below the shortest", MIN_NOTICE_PERIOD - 1n],
    ["one second above a year", MAX_NOTICE_PERIOD + 1n],
    ["far above a year", 100n * MAX_NOTICE_PERIOD],
  ] as const)("refuses a notice period of %s, by name with the period and both bounds", async (_name, period) => {
    const dpr = await loadFixture(deployDpr);
    await expectRevert(
      deploy(dpr, [dpr.addresses.directory, dpr.addresses.grants, Number(period), HashAlgorithm.SHA256]),
      "DatasetRegistryNoticePeriodOutOfBounds",
      [period, MIN_NOTICE_PERIOD, MAX_NOTICE_PERIOD],
    );
  });

  it.each([
    ["the shortest, 10 s", MIN_NOTICE_PERIOD],
    ["the longest, 365 days", MAX_NOTICE_PERIOD],
  ] as const)("accepts a notice period of %s", async (_name, period) => {
    const dpr = await loadFixture(deployDpr);
    expect(await readOf(await deployed(dpr, period))("noticePeriod")).toBe(period);
  });
});

// A second fixture: snapshots taken after the first fixture's are lost when a test reverts to the
// first one, so every test using this fixture stays in this last block of the file.
async function deploySm3Dpr() {
  return deployDpr(NOTICE_PERIOD, { hashAlgorithm: HashAlgorithm.SM3 });
}

describe("DatasetRegistry deployed for SM3 (a national-standard zone)", () => {
  it("reports SM3 as its hash algorithm", async () => {
    const dpr = await loadFixture(deploySm3Dpr);
    expect(await dpr.read.datasets.read.hashAlgorithm()).toBe(HashAlgorithm.SM3);
  });

  it("refuses SHA256 registrations by name and arguments, and accepts SM3 ones under the SM3 id", async () => {
    const dpr = await loadFixture(deploySm3Dpr);
    const sha = registration("traffic");
    await expectRevert(dpr.as("holder").datasets.write.register([sha]), "DatasetRegistryWrongAlgorithm", [
      HashAlgorithm.SHA256,
      HashAlgorithm.SM3,
    ]);
    expect(await dpr.read.datasets.read.status([expectedId(HashAlgorithm.SHA256, sha.contentHash)])).toBe(DatasetStatus.UNREGISTERED);

    const sm3 = registration("traffic", { algorithm: HashAlgorithm.SM3 });
    const receipt = await mined(dpr.as("holder").datasets.write.register([sm3]));
    const id = expectedId(HashAlgorithm.SM3, sm3.contentHash);
    const [event] = datasetEvents(receipt);
    expect(event!.eventName).toBe("DatasetRegistered");
    // The event carries no algorithm: the id is the SM3 one, which a reader checks against hashAlgorithm().
    expect(event!.args).toMatchObject({ datasetId: id, holder: cast(dpr).holder, contentHash: sm3.contentHash, claim: 1 });
    expect(event!.args).not.toHaveProperty("algorithm");
    expect(await dpr.read.datasets.read.getDataset([id])).toMatchObject({
      status: DatasetStatus.PENDING,
      holder: cast(dpr).holder,
      algorithm: HashAlgorithm.SM3,
    });
    expect(await dpr.read.datasets.read.status([expectedId(HashAlgorithm.SHA256, sha.contentHash)])).toBe(DatasetStatus.UNREGISTERED);
  });
});
