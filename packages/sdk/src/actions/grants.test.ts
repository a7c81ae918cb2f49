import { groupMembers } from "@dpr/devnet";
import { type Hex, keccak256, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors/base.js";
import { batchAnchorRegistryAbi, grantRegistryAbi } from "../generated/abis.js";
import { GrantStatus, Right } from "../generated/enums.js";
import { buildBatch, manifestHash } from "../merkle/manifest.js";
import { acknowledgeGrant } from "./acknowledgeGrant.js";
import { addParticipant } from "./addParticipant.js";
import { anchorBatch } from "./anchorBatch.js";
import { confirmDataset } from "./confirmDataset.js";
import { denyGrant } from "./denyGrant.js";
import { type GrantRightParameters, grantRight } from "./grantRight.js";
import { registerDataset } from "./registerDataset.js";
import { reinstateGrant } from "./reinstateGrant.js";
import { revokeGrant } from "./revokeGrant.js";
import { suspendGrant } from "./suspendGrant.js";
import { type TestChain, expectRefusal, startTestChain } from "./testing/testChain.js";

// Accounts of the default mnemonic: 0 zone admin, 1 and 7 registrars of two organisations, 2 regulator,
// 3 a Guangzhou hospital (holder), 4 a Hong Kong clinic (holder), 5 a Guangzhou company (holder),
// 6 a regulator account of the hospital's own organisation.
let chain: TestChain;
const address = (index: number) => chain.wallet(index).account.address;
const hash = (label: string): Hex => keccak256(toHex(label));
const NOTICE_PERIOD = 60n;
let referrals: Hex; // personal data held in Guangzhou
let prices: Hex; // enterprise data, general, not personal

beforeAll(async () => {
  chain = await startTestChain({ noticePeriod: NOTICE_PERIOD });
  const onboard = [
    [1, "registrar", "gz", "GZ-DATA-EXCHANGE"],
    [7, "registrar", "shenzhen", "SZ-DATA-EXCHANGE"],
    [2, "regulator", "gz", "CAC-GZ"],
    [3, "holder", "gz", "GZ-FIRST-HOSPITAL"],
    [4, "holder", "hk", "HK-CLINIC"],
    [5, "holder", "gz", "GZ-COMPANY"],
    [6, "regulator", "gz", "GZ-FIRST-HOSPITAL"],
  ] as const;
  for (const [index, role, jurisdiction, legalIdentity] of onboard) {
    await addParticipant(chain.context(0), { account: address(index), roles: [role], jurisdiction, legalIdentity, zoneSecret: `0x${"11".repeat(32)}` });
  }
  referrals = (
    await registerDataset(chain.context(3), { contentHash: hash("referrals.csv"), category: "personal", grade: "general", sector: "HEALTH", jurisdiction: "gz" })
  ).datasetId;
  prices = (
    await registerDataset(chain.context(3), { contentHash: hash("prices.csv"), category: "enterprise", grade: "general", sector: "FINANCE", jurisdiction: "gz" })
  ).datasetId;
  await confirmDataset(chain.context(1), { datasetId: referrals });
  await confirmDataset(chain.context(7), { datasetId: referrals });
  await confirmDataset(chain.context(1), { datasetId: prices });
});

afterAll(async () => {
  const pgid = chain?.node.pgid;
  await chain?.node.stop();
  if (pgid !== undefined) expect(groupMembers(pgid)).toEqual([]);
});

async function chainTime(): Promise<bigint> {
  return (await chain.publicClient.getBlock()).timestamp;
}

async function grantRecord(grantId: bigint) {
  return chain.publicClient.readContract({ address: chain.deployment.contracts.grants, abi: grantRegistryAbi, functionName: "getGrant", args: [grantId] });
}

async function hasRight(datasetId: Hex, account: number, right: Right) {
  return chain.publicClient.readContract({
    address: chain.deployment.contracts.grants,
    abi: grantRegistryAbi,
    functionName: "hasRight",
    args: [datasetId, address(account), right],
  });
}

/** A cross-border grant of the referrals to the Hong Kong clinic under the GBA standard contract. */
const crossBorder = (expiresAt: Date | bigint): GrantRightParameters => ({
  datasetId: referrals,
  grantee: address(4),
  right: "processing-use",
  purposeCode: 101,
  purposeHash: hash("continuity of care for cross-border patients"),
  scopeHash: hash("fields: referral date, diagnosis code"),
  termsHash: hash("terms v1"),
  expiresAt,
  mechanism: "gba-sc-hk",
  evidence: {
    contractHash: hash("GBA standard contract, signed"),
    impactAssessmentHash: hash("PIPIA 2026-03"),
    consentRecordsRoot: hash("consent records root"),
    filingRef: hash("filing GD-2026-0042"),
  },
});

describe("anchoring batches", () => {
  it("anchors a batch built with buildBatch, whose proofs then verify on chain", async () => {
    const batch = buildBatch(
      [
        { path: "2026/q1/admissions.csv", contentHash: hash("admissions"), size: 1_024n },
        { path: "2026/q1/discharges.csv", contentHash: hash("discharges"), size: 2_048n },
        { path: "README.md", contentHash: hash("readme"), size: 12n },
      ],
      { algorithm: "sha256" },
    );
    const result = await anchorBatch(chain.context(3), { batch, manifestURI: "https://example.org/q1-manifest.json" });
    expect(result).toMatchObject({
      root: batch.root,
      anchorer: address(3),
      algorithm: "sha256",
      leafCount: 3,
      totalBytes: 3_084n,
      manifestHash: manifestHash(batch.manifest),
      manifestURI: "https://example.org/q1-manifest.json",
    });
    const proof = batch.proofs.proofs.find((p) => p.path === "2026/q1/discharges.csv")!;
    const included = await chain.publicClient.readContract({
      address: chain.deployment.contracts.anchors,
      abi: batchAnchorRegistryAbi,
      functionName: "verifyFile",
      args: [batch.root, proof.path, proof.contentHash, BigInt(proof.size), proof.proof],
    });
    expect(included).toBe(true);

    const again = await expectRefusal(chain, 5, () => anchorBatch(chain.context(5), { batch }), "BatchAnchorRegistryAlreadyAnchored");
    expect(again.shortMessage).toBe(`batch ${batch.root} is already anchored (by ${address(3)})`);
  });

  it("anchors a batch given by its figures, as an active holder only", async () => {
    const figures = { root: hash("another root"), algorithm: "SM3", leafCount: 1_000, totalBytes: 5_000_000n } as const;
    const notHolder = await expectRefusal(chain, 1, () => anchorBatch(chain.context(1), figures), "BatchAnchorRegistryNotHolder");
    expect(notHolder.message).toMatchInlineSnapshot(`
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not an active holder
      Details: BatchAnchorRegistry reverted with BatchAnchorRegistryNotHolder"
    `);
    const result = await anchorBatch(chain.context(5), figures);
    expect(result).toMatchObject({ root: figures.root, algorithm: "sm3", leafCount: 1_000, totalBytes: 5_000_000n, manifestURI: "" });
    await expect(anchorBatch(chain.context(5), { ...figures, leafCount: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: a batch needs at least one file]`);
  });
});

describe("grant actions", () => {
  it("refuses a grant while the dataset is in its notice period", async () => {
    const expiresAt = (await chainTime()) + 86_400n;
    const error = await expectRefusal(
      chain,
      3,
      () => grantRight(chain.context(3), crossBorder(expiresAt)),
      "GrantRegistryDatasetNotGrantable",
    );
    expect(error.message).toMatchInlineSnapshot(`
      "dataset 0x469f59a9691c6fa33c6556b13004d8b984613377bf962d12b82ac0d9087bf1fa is in its notice period: only a confirmed dataset can be granted
      Details: GrantRegistry reverted with GrantRegistryDatasetNotGrantable"
    `);
  });

  it("refuses a cross-border grant without a mechanism, without evidence, or with an expiry in the past", async () => {
    await chain.testClient.increaseTime({ seconds: Number(NOTICE_PERIOD) + 1 });
    await chain.testClient.mine({ blocks: 1 });
    const expiresAt = (await chainTime()) + 365n * 86_400n;

    const noMechanism = await expectRefusal(
      chain,
      3,
      () => grantRight(chain.context(3), { ...crossBorder(expiresAt), mechanism: undefined }),
      "GrantRegistryMechanismNotAllowed",
    );
    expect(noMechanism.shortMessage).toMatchInlineSnapshot(`"this grant crosses a border and needs a transfer mechanism"`);
    const noAssessment = await expectRefusal(
      chain,
      3,
      () => grantRight(chain.context(3), { ...crossBorder(expiresAt), evidence: { ...crossBorder(expiresAt).evidence, impactAssessmentHash: undefined } }),
      "GrantRegistryMissingEvidence",
    );
    expect(noAssessment.shortMessage).toMatchInlineSnapshot(`"evidence is missing: personal data leaving its region needs the impact assessment's hash (evidence impactAssessmentHash)"`);
    const past = await expectRefusal(
      chain,
      3,
      () => grantRight(chain.context(3), crossBorder(new Date("2025-06-30T00:00:00Z"))),
      "GrantRegistryInvalidPeriod",
    );
    expect(past.message).toMatchInlineSnapshot(`
      "the grant's period is invalid (starts now, expires 2025-06-30T00:00:00Z)
      Details: GrantRegistry reverted with GrantRegistryInvalidPeriod
      Hint: the start must not be in the past, and the expiry must be after both the start and now"
    `);
  });

  it("grants across the border under the GBA standard contract, acknowledged by a regulator, then revoked", async () => {
    const expiresAt = new Date(Number((await chainTime()) + 365n * 86_400n) * 1000);
    const granted = await grantRight(chain.context(3), crossBorder(expiresAt));
    expect(granted).toMatchObject({
      grantId: 1n,
      datasetId: referrals,
      grantee: address(4),
      grantor: address(3),
      right: "processing-use",
      status: "awaiting-acknowledgement",
      crossBorder: true,
      needsAcknowledgement: true,
      mechanism: "gba-sc-hk",
      expiresAt: BigInt(expiresAt.getTime() / 1000),
    });
    expect(await hasRight(referrals, 4, Right.PROCESSING_USE)).toBe(false);

    const duplicate = await expectRefusal(chain, 3, () => grantRight(chain.context(3), crossBorder(expiresAt)), "GrantRegistryDuplicateGrant");
    expect(duplicate.shortMessage).toMatchInlineSnapshot(`"the grantee already has a live grant of this right on this dataset (grant 1)"`);
    const notRegulator = await expectRefusal(chain, 3, () => acknowledgeGrant(chain.context(3), { grantId: 1n }), "GrantRegistryMissingRole");
    expect(notRegulator.shortMessage).toMatchInlineSnapshot(`"0x90F79bf6EB2c4f870365E785982E1f101E93b906 is not an active regulator"`);
    const ownOrganisation = await expectRefusal(chain, 6, () => acknowledgeGrant(chain.context(6), { grantId: 1n }), "GrantRegistryOwnOrganisation");
    expect(ownOrganisation.message).toMatchInlineSnapshot(`
      "regulator 0x976EA74026E726554dB657fA54763abd0C3a0aa9 belongs to an organisation that gives or receives grant 1
      Details: GrantRegistry reverted with GrantRegistryOwnOrganisation
      Hint: a regulator of another organisation must acknowledge it"
    `);

    const acknowledged = await acknowledgeGrant(chain.context(2), { grantId: 1, noteHash: hash("cleared") });
    expect(acknowledged).toMatchObject({ grantId: 1n, datasetId: referrals, regulator: address(2), noteHash: hash("cleared") });
    expect((await grantRecord(1n)).status).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(referrals, 4, Right.PROCESSING_USE)).toBe(true);

    const suspended = await suspendGrant(chain.context(2), { grantId: 1n, reasonHash: hash("audit") });
    expect(suspended).toMatchObject({ grantId: 1n, regulator: address(2), reasonHash: hash("audit") });
    expect(await hasRight(referrals, 4, Right.PROCESSING_USE)).toBe(false);
    const reinstated = await reinstateGrant(chain.context(2), { grantId: 1n });
    expect(reinstated.regulator).toBe(address(2));
    expect((await grantRecord(1n)).status).toBe(GrantStatus.ACTIVE);

    const revoked = await revokeGrant(chain.context(3), { grantId: 1n, reasonHash: hash("contract ended") });
    expect(revoked).toMatchObject({ grantId: 1n, datasetId: referrals, revokedBy: address(3), reasonHash: hash("contract ended") });
    expect((await grantRecord(1n)).status).toBe(GrantStatus.REVOKED);
    expect(await hasRight(referrals, 4, Right.PROCESSING_USE)).toBe(false);
    const again = await expectRefusal(chain, 3, () => revokeGrant(chain.context(3), { grantId: 1n }), "GrantRegistryWrongStatus");
    expect(again.shortMessage).toMatchInlineSnapshot(`"grant 1 is revoked: only a live grant (awaiting acknowledgement, active, scheduled or suspended) can be revoked"`);
  });

  it("lets a regulator deny a grant awaiting acknowledgement", async () => {
    const granted = await grantRight(chain.context(3), crossBorder((await chainTime()) + 30n * 86_400n));
    expect(granted).toMatchObject({ grantId: 2n, status: "awaiting-acknowledgement" });
    const denied = await denyGrant(chain.context(2), { grantId: granted.grantId, reasonHash: hash("scope too wide") });
    expect(denied).toMatchObject({ grantId: 2n, regulator: address(2), reasonHash: hash("scope too wide") });
    expect((await grantRecord(2n)).status).toBe(GrantStatus.DENIED);
    const suspend = await expectRefusal(chain, 2, () => suspendGrant(chain.context(2), { grantId: 2n }), "GrantRegistryWrongStatus");
    expect(suspend.shortMessage).toMatchInlineSnapshot(`"grant 2 is denied: only an active or scheduled grant can be suspended"`);
    const unknown = await expectRefusal(chain, 2, () => acknowledgeGrant(chain.context(2), { grantId: 99n }), "GrantRegistryUnknownGrant");
    expect(unknown.shortMessage).toMatchInlineSnapshot(`"grant 99 does not exist"`);
  });

  it("makes a domestic grant of general data active at once, with no expiry", async () => {
    const granted = await grantRight(chain.context(3), {
      datasetId: prices,
      grantee: address(5),
      right: "product-operation",
      purposeCode: 7,
      purposeHash: hash("price index product"),
    });
    expect(granted).toMatchObject({
      status: "active",
      crossBorder: false,
      needsAcknowledgement: false,
      mechanism: "none",
      expiresAt: null,
      startsAt: (await chain.publicClient.getBlock({ blockNumber: granted.blockNumber })).timestamp,
    });
    expect(await hasRight(prices, 5, Right.PRODUCT_OPERATION)).toBe(true);
  });

  it("checks grant arguments locally, before any RPC call", async () => {
    const context = chain.context(3);
    const parameters = crossBorder(new Date("2030-01-01T00:00:00Z"));
    await expect(grantRight(context, { ...parameters, right: "own" })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: unknown right "own"
      Hint: use one of: HOLDING, PROCESSING_USE, PRODUCT_OPERATION]
    `);
    await expect(grantRight(context, { ...parameters, mechanism: "handshake" })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(grantRight(context, { ...parameters, expiresAt: new Date("not a date") })).rejects.toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: the expiry is not a valid date]`);
    await expect(
      grantRight(context, { ...parameters, startsAt: new Date("2030-02-01T00:00:00Z") }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: the expiry (2030-01-01T00:00:00Z) must be after the start (2030-02-01T00:00:00Z)]`);
    await expect(grantRight(context, { ...parameters, purposeCode: 70_000 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(revokeGrant(context, { grantId: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: grant ids start at 1]`);
  });
});
