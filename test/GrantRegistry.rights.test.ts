/**
 * GrantRegistry as read: start and expiry enforced on read, hasRight for holders and grantees, and the
 * deployment checks (constructor, version, linked contracts).
 */
import { describe, expect, it } from "vitest";
import { type Hex, getAddress, getContractAddress, parseEventLogs, zeroAddress } from "viem";
import { DatasetStatus, Derivation, HashAlgorithm, datasetRegistryAbi, grantRegistryAbi } from "@dpr/sdk";
import { artifactBytecode, increaseTime, publicClient, walletFor } from "./helpers/chain.js";
import { DAY, NOTICE_PERIOD, expectRevert, h, mined, register, registerConfirmed, registration } from "./helpers/dpr.js";
import {
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

const RIGHTS = [Right.HOLDING, Right.PROCESSING_USE, Right.PRODUCT_OPERATION] as const;

describe("GrantRegistry: time is enforced on read", () => {
  it("keeps a grant SCHEDULED, conferring no right, until its start, then ACTIVE with no transaction", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = await later(DAY);
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, startsAt });
    expect(await statusOf(dpr, id)).toBe(GrantStatus.SCHEDULED);
    expect((await dpr.read.grants.read.getGrant([id])).status).toBe(GrantStatus.SCHEDULED);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
    await mineAt(startsAt - 1n);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.SCHEDULED);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
    await mineAt(startsAt);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    expect((await dpr.read.grants.read.getGrant([id])).status).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  it("expires a grant at its expiry exactly, with no transaction", async () => {
    const { dpr, a, ds } = await setup();
    const expiresAt = await later(30n * DAY);
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, expiresAt });
    await mineAt(expiresAt - 1n);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
    await mineAt(expiresAt);
    const block = await publicClient.getBlock();
    expect(block.transactions).toHaveLength(0);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.EXPIRED);
    expect(await dpr.read.grants.read.getGrant([id])).toMatchObject({ status: GrantStatus.EXPIRED, expiresAt: Number(expiresAt) });
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
  });

  it("expires an acknowledged cross-border grant on read", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK });
    const { id } = await issue(dpr, "holder", input);
    await mined(dpr.as("regulator").grants.write.acknowledge([id, h("note")]));
    expect(await hasRight(dpr, ds.general, a.holderHK)).toBe(true);
    await mineAt(BigInt(input.expiresAt!));
    expect(await statusOf(dpr, id)).toBe(GrantStatus.EXPIRED);
    expect(await hasRight(dpr, ds.general, a.holderHK)).toBe(false);
  });

  it("expires a suspended grant on read", async () => {
    const { dpr, a, ds } = await setup();
    const expiresAt = await later(DAY);
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, expiresAt });
    await mined(dpr.as("regulator").grants.write.suspend([id, h("reason")]));
    await mineAt(expiresAt);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.EXPIRED);
  });

  it("runs a scheduled grant from its start to its expiry", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = await later(DAY);
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, startsAt, expiresAt: startsAt + DAY });
    await mineAt(startsAt + DAY - 1n);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    await mineAt(startsAt + DAY);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.EXPIRED);
  });

  it("keeps REVOKED and DENIED after the expiry", async () => {
    const { dpr, a, ds } = await setup();
    const expiresAt = await later(DAY);
    const revoked = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, expiresAt });
    await mined(dpr.as("holder").grants.write.revoke([revoked.id, h("reason")]));
    const input = await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK, expiresAt });
    const denied = await issue(dpr, "holder", input);
    await mined(dpr.as("regulator").grants.write.deny([denied.id, h("reason")]));
    await mineAt(expiresAt + DAY);
    expect(await statusOf(dpr, revoked.id)).toBe(GrantStatus.REVOKED);
    expect(await statusOf(dpr, denied.id)).toBe(GrantStatus.DENIED);
  });
});

describe("GrantRegistry.hasRight: the holder", () => {
  it("gives the holder every right on a confirmed dataset without any grant", async () => {
    const { dpr, a, ds } = await setup();
    for (const right of RIGHTS) {
      expect(await hasRight(dpr, ds.general, a.holder, right)).toBe(true);
      expect(await hasRight(dpr, ds.hk, a.holderHK, right)).toBe(true);
    }
  });

  const notConfirmed = NOT_CONFIRMED;

  it.each(notConfirmed)("gives the holder no right while the dataset is $status", async ({ status, make }) => {
    const { dpr, a, ds } = await setup();
    const id = await make(dpr, ds.general);
    expect(await dpr.read.datasets.read.status([id])).toBe(DatasetStatus[status]);
    for (const right of RIGHTS) expect(await hasRight(dpr, id, a.holder, right)).toBe(false);
  });

  it("gives the holder its rights once the notice period ends", async () => {
    const { dpr, a } = await setup();
    const id = await registerConfirmed(dpr, "in-notice");
    const { noticeEndsAt } = await dpr.read.datasets.read.getDataset([id]);
    await mineAt(BigInt(noticeEndsAt) - 1n);
    expect(await hasRight(dpr, id, a.holder)).toBe(false);
    await mineAt(BigInt(noticeEndsAt));
    expect(await hasRight(dpr, id, a.holder)).toBe(true);
  });

  it("gives the holder no right while suspended, and back when reinstated", async () => {
    const { dpr, a, ds } = await setup();
    await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder, Right.HOLDING)).toBe(false);
    await mined(dpr.as("admin").directory.write.reinstate([a.holder, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder, Right.HOLDING)).toBe(true);
  });

  it("moves the holder's rights with a holding transfer", async () => {
    const { dpr, a, ds } = await setup();
    await mined(dpr.as("holder").datasets.write.requestTransfer([ds.general, a.holder2]));
    await mined(dpr.as("registrar").datasets.write.confirmTransfer([ds.general]));
    for (const right of RIGHTS) {
      expect(await hasRight(dpr, ds.general, a.holder, right)).toBe(false);
      expect(await hasRight(dpr, ds.general, a.holder2, right)).toBe(true);
    }
  });

  it("gives every right to the other accounts of the holder's organisation, which holds the dataset, and none to other organisations' accounts", async () => {
    const { dpr, a, ds } = await setup();
    for (const right of RIGHTS) {
      expect(await hasRight(dpr, ds.general, a.cdo, right)).toBe(true);
      expect(await hasRight(dpr, ds.general, a.holderBranchHK, right)).toBe(true);
      expect(await hasRight(dpr, ds.general, a.registrarSameOrg, right)).toBe(false);
    }
  });

  it("answers false, never a revert, for an unknown dataset (other contracts gate on it)", async () => {
    const { dpr, a } = await setup();
    const unknown = h("no such dataset");
    for (const right of RIGHTS) {
      for (const account of [a.holder, a.regulator, a.stranger, zeroAddress]) {
        expect(await dpr.read.grants.read.hasRight([unknown, account, right])).toBe(false);
      }
    }
  });
});

describe("GrantRegistry.hasRight: a grantee", () => {
  it("gives the grantee only the granted right, and nobody else anything", async () => {
    const { dpr, a, ds } = await setup();
    await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, right: Right.PRODUCT_OPERATION });
    expect(await hasRight(dpr, ds.general, a.holder2, Right.PRODUCT_OPERATION)).toBe(true);
    expect(await hasRight(dpr, ds.general, a.holder2, Right.PROCESSING_USE)).toBe(false);
    expect(await hasRight(dpr, ds.general, a.holder2, Right.HOLDING)).toBe(false);
    expect(await hasRight(dpr, ds.personal, a.holder2, Right.PRODUCT_OPERATION)).toBe(false);
    for (const account of [a.auditor, a.stranger, a.regulator, zeroAddress]) {
      expect(await hasRight(dpr, ds.general, account, Right.PRODUCT_OPERATION)).toBe(false);
    }
  });

  it("gives a suspended grantee no right, and back when reinstated", async () => {
    const { dpr, a, ds } = await setup();
    await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    await mined(dpr.as("admin").directory.write.suspend([a.holder2, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
    await mined(dpr.as("admin").directory.write.reinstate([a.holder2, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  it("gives no right under the grants of a suspended holder while it is suspended, and back when reinstated", async () => {
    // The attack: a holder suspended for misconduct keeps its grantees working on its data.
    const { dpr, a, ds } = await setup();
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
    await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
    // The grant itself is untouched: it confers nothing only while its grantor is suspended.
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    const derived = registration("derived under a suspended grantor", { parents: [{ datasetId: ds.general, derivation: Derivation.TRANSFORMATION }] });
    await expectRevert(dpr.as("holder2").datasets.write.register([derived]), "DatasetRegistryNoRightToDerive", [ds.general, a.holder2]);
    await mined(dpr.as("admin").directory.write.reinstate([a.holder, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  it("follows the dataset to its new holder: the new holder's suspension stops the grants, the old one's does not", async () => {
    const { dpr, a, ds } = await setup();
    await issue(dpr, "holder", { datasetId: ds.general, grantee: a.auditor });
    await mined(dpr.as("holder").datasets.write.requestTransfer([ds.general, a.holder2]));
    await mined(dpr.as("registrar").datasets.write.confirmTransfer([ds.general]));
    await mined(dpr.as("admin").directory.write.suspend([a.holder, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.auditor)).toBe(true);
    await mined(dpr.as("admin").directory.write.suspend([a.holder2, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.auditor)).toBe(false);
  });

  it("gives the grantee no right while the dataset is frozen, and back once unfrozen", async () => {
    const { dpr, a, ds } = await setup();
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    await mined(dpr.as("regulator").datasets.write.freeze([ds.general, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    await mined(dpr.as("regulator").datasets.write.unfreeze([ds.general, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  it("gives the grantee no right once the dataset is retired", async () => {
    const { dpr, a, ds } = await setup();
    await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    await mined(dpr.as("holder").datasets.write.retire([ds.general]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
  });

  it("gives the grantee no right once the grant is revoked by a regulator", async () => {
    const { dpr, a, ds } = await setup();
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    await mined(dpr.as("regulator").grants.write.revoke([id, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
  });

  it("lets a grantee with a processing/use grant derive a dataset from it", async () => {
    const { dpr, a, ds } = await setup();
    const derived = registration("derived", { parents: [{ datasetId: ds.general, derivation: Derivation.TRANSFORMATION }] });
    await expectRevert(dpr.as("holder2").datasets.write.register([derived]), "DatasetRegistryNoRightToDerive", [ds.general, a.holder2]);
    await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    await register(dpr, "holder2", derived);
  });
});

describe("GrantRegistry.hasRight after a correction of the holder", () => {
  it("confers nothing through a grant issued before the correction, which keeps its status; a grant issued after is honoured", async () => {
    // The attack: the holder of record, about to be corrected, hands out grants that outlive the correction.
    const { dpr, a, ds } = await setup();
    const { id: before } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.auditor });
    expect(await hasRight(dpr, ds.general, a.auditor)).toBe(true);
    const grantsValidFrom = (await dpr.read.grants.read.grantCount()) + 1n;
    // ds.general is general non-personal data that `registrar` confirmed: one independent organisation decides,
    // registrar2, none of the holder's, the confirmer's or the corrected holder's.
    const receipt = await mined(dpr.as("registrar2").datasets.write.correct([ds.general, a.holder2, h("correction")]));
    const corrected = parseEventLogs({ abi: datasetRegistryAbi, logs: receipt.logs, eventName: "DatasetHolderCorrected" });
    expect(corrected.map((e) => e.args)).toMatchObject([
      { datasetId: ds.general, previousHolder: a.holder, holder: a.holder2, decidedBy: a.registrar2, grantsValidFrom },
    ]);
    expect(await dpr.read.datasets.read.profileOf([ds.general])).toMatchObject({
      status: DatasetStatus.NOTICE,
      holder: a.holder2,
      grantsValidFrom,
    });
    await increaseTime(NOTICE_PERIOD);
    expect(await dpr.read.datasets.read.status([ds.general])).toBe(DatasetStatus.CONFIRMED);
    // Confirmed again under the corrected holder, the earlier grant confers nothing, though it is still ACTIVE.
    expect(before).toBeLessThan(grantsValidFrom);
    expect(await statusOf(dpr, before)).toBe(GrantStatus.ACTIVE);
    expect(await dpr.read.grants.read.latestGrant([ds.general, a.auditor, Right.PROCESSING_USE])).toBe(before);
    for (const right of RIGHTS) expect(await hasRight(dpr, ds.general, a.auditor, right)).toBe(false);
    // The former holder grants nothing any more; the corrected holder's grant is honoured.
    await expectGrantRevert(dpr, "holder", { datasetId: ds.general, grantee: a.auditor }, "GrantRegistryNotHolder", [
      ds.general,
      a.holder,
    ]);
    const { id: after } = await issue(dpr, "holder2", { datasetId: ds.general, grantee: a.auditor });
    expect(after).toBeGreaterThanOrEqual(grantsValidFrom);
    expect(await statusOf(dpr, after)).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, ds.general, a.auditor)).toBe(true);
    expect(await hasRight(dpr, ds.general, a.holder2, Right.HOLDING)).toBe(true);
    expect(await hasRight(dpr, ds.general, a.holder, Right.HOLDING)).toBe(false);
  });
});

describe("GrantRegistry under revoked ancestry", () => {
  it("refuses grants on a dataset marked as derived from a revoked parent, confers nothing on it, and works again once reconfirmed", async () => {
    // The attack: keep granting data derived from a registration the zone has since revoked.
    const { dpr, a, ds } = await setup();
    const parents = [{ datasetId: ds.general, derivation: Derivation.TRANSFORMATION }] as const;
    const child = await registerConfirmed(dpr, "derived from general", { parents });
    await increaseTime(NOTICE_PERIOD);
    const { id: earlier } = await issue(dpr, "holder", { datasetId: child, grantee: a.auditor });
    expect(await hasRight(dpr, child, a.auditor)).toBe(true);

    // The parent is revoked by an independent decider (registrar confirmed it), and anyone shows it.
    await mined(dpr.as("registrar2").datasets.write.correct([ds.general, zeroAddress, h("revoked")]));
    expect(await dpr.read.datasets.read.status([ds.general])).toBe(DatasetStatus.REVOKED);
    await mined(dpr.as("stranger").datasets.write.markRevokedAncestry([child, parents, 0n]));
    expect(await dpr.read.datasets.read.profileOf([child])).toMatchObject({ status: DatasetStatus.CONFIRMED, ancestryRevoked: true });

    const count = await dpr.read.grants.read.grantCount();
    await expectGrantRevert(dpr, "holder", { datasetId: child, grantee: a.holder2 }, "GrantRegistryAncestryRevoked", [child]);
    expect(await dpr.read.grants.read.grantCount()).toBe(count);
    expect(await dpr.read.grants.read.latestGrant([child, a.holder2, Right.PROCESSING_USE])).toBe(0n);
    for (const right of RIGHTS) {
      expect(await hasRight(dpr, child, a.auditor, right)).toBe(false);
      expect(await hasRight(dpr, child, a.holder, right)).toBe(false);
    }
    expect(await statusOf(dpr, earlier)).toBe(GrantStatus.ACTIVE);

    // A registrar outside the holder's organisation re-confirms it: rights and grants are back.
    await mined(dpr.as("registrar2").datasets.write.reconfirm([child]));
    expect((await dpr.read.datasets.read.profileOf([child])).ancestryRevoked).toBe(false);
    expect(await hasRight(dpr, child, a.auditor)).toBe(true);
    expect(await hasRight(dpr, child, a.holder, Right.HOLDING)).toBe(true);
    const { id } = await issue(dpr, "holder", { datasetId: child, grantee: a.holder2 });
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, child, a.holder2)).toBe(true);
  });
});

describe("GrantRegistry: deployment", () => {
  it("reports its version and the contracts it is linked to", async () => {
    const { dpr } = await setup();
    expect(await dpr.read.grants.read.version()).toBe("2.0.0");
    expect(await dpr.read.grants.read.datasets()).toBe(getAddress(dpr.addresses.datasets));
    expect(await dpr.read.grants.read.directory()).toBe(getAddress(dpr.addresses.directory));
    expect(await dpr.read.datasets.read.grants()).toBe(getAddress(dpr.addresses.grants));
  });

  it("refuses a dataset registry that does not name it as its grant registry", async () => {
    const { dpr, a } = await setup();
    const tx = walletFor(a.admin).deployContract({
      abi: grantRegistryAbi,
      bytecode: artifactBytecode("GrantRegistry"),
      args: [dpr.addresses.directory, dpr.addresses.datasets, dpr.addresses.forwarder],
    });
    await expectRevert(tx, "GrantRegistryMisconfigured", [getAddress(dpr.addresses.datasets)]);
  });

  /** Deploys a dataset registry naming the next contract `admin` deploys as its grant registry. */
  async function datasetRegistryExpectingNext(admin: Hex, directory: Hex, forwarder: Hex) {
    const nonce = await publicClient.getTransactionCount({ address: admin, blockTag: "pending" });
    const predicted = getContractAddress({ from: admin, nonce: BigInt(nonce + 1) });
    const hash = await walletFor(admin).deployContract({
      abi: datasetRegistryAbi,
      bytecode: artifactBytecode("DatasetRegistry"),
      args: [directory, predicted, Number(NOTICE_PERIOD), HashAlgorithm.SHA256, forwarder],
    });
    const { contractAddress } = await mined(Promise.resolve(hash));
    return { datasets: getAddress(contractAddress!), predicted };
  }

  it("refuses a dataset registry that consults another directory", async () => {
    const { dpr, a } = await setup();
    // The dataset registry names the grant registry about to be deployed, but another directory.
    const { datasets } = await datasetRegistryExpectingNext(a.admin, dpr.addresses.anchors, dpr.addresses.forwarder);
    const tx = walletFor(a.admin).deployContract({
      abi: grantRegistryAbi,
      bytecode: artifactBytecode("GrantRegistry"),
      args: [dpr.addresses.directory, datasets, dpr.addresses.forwarder],
    });
    await expectRevert(tx, "GrantRegistryMisconfigured", [datasets]);
  });

  it("refuses a dataset registry that trusts another forwarder", async () => {
    const { dpr, a } = await setup();
    // Its own directory and the grant registry about to be deployed, but another forwarder: a relayer trusted
    // by one registry and not the other would act for signers in one half of the rules only.
    const { datasets } = await datasetRegistryExpectingNext(a.admin, dpr.addresses.directory, a.stranger);
    const tx = walletFor(a.admin).deployContract({
      abi: grantRegistryAbi,
      bytecode: artifactBytecode("GrantRegistry"),
      args: [dpr.addresses.directory, datasets, dpr.addresses.forwarder],
    });
    await expectRevert(tx, "GrantRegistryMisconfigured", [datasets]);
  });

  it("deploys against a dataset registry that names it and shares its directory", async () => {
    const { dpr, a } = await setup();
    const { datasets, predicted } = await datasetRegistryExpectingNext(a.admin, dpr.addresses.directory, dpr.addresses.forwarder);
    const hash = await walletFor(a.admin).deployContract({
      abi: grantRegistryAbi,
      bytecode: artifactBytecode("GrantRegistry"),
      args: [dpr.addresses.directory, datasets, dpr.addresses.forwarder],
    });
    const { contractAddress } = await mined(Promise.resolve(hash));
    expect(getAddress(contractAddress!)).toBe(predicted);
    const read = (functionName: "datasets" | "directory" | "grantCount") =>
      publicClient.readContract({ address: predicted, abi: grantRegistryAbi, functionName });
    expect(await read("datasets")).toBe(datasets);
    expect(await read("directory")).toBe(getAddress(dpr.addresses.directory));
    expect(await read("grantCount")).toBe(0n);
  });
});
