import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Hex, zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchAnchorRegistryAbi, datasetRegistryAbi, grantRegistryAbi } from "../generated/abis.js";
import { Category, Grade, HashAlgorithm, Jurisdiction, Right, TransferMechanism } from "../generated/enums.js";
import { NO_BORDER_CONDITIONS } from "../conditions/borderConditions.js";
import { type Batch, manifestHash } from "../merkle/manifest.js";
import { buildBatchFromFolder } from "../node/buildBatchFromFolder.js";
import { hashFile } from "../node/hashFile.js";
import { datasetIdOf } from "../reads/datasetIdOf.js";
import { type Chain, h, startDpr } from "../reads/testkit.js";
import { verifyBatchMembership } from "./verifyBatchMembership.js";
import { verifyContent } from "./verifyContent.js";

const NOTICE = 3_600n;
const dir = mkdtempSync(join(tmpdir(), "dpr-verify-"));

let chain: Chain;
/** The hash of a real file on disk, registered as personal data. */
let contentHash: Hex;
let datasetId: Hex;
let nextVersion: Hex;
const blocks = {} as Record<"beforeRegistration" | "registered" | "firstConfirmation" | "secondConfirmation", bigint>;
const times = {} as Record<"firstConfirmation" | "secondConfirmation", bigint>;
let batch: Batch;
let unanchored: Batch;

beforeAll(async () => {
  writeFileSync(join(dir, "patients-2026-q1.csv"), "id,age,diagnosis\n1,34,J45\n2,51,E11\n");
  writeFileSync(join(dir, "patients-2026-q2.csv"), "id,age,diagnosis\n3,28,J45\n");
  mkdirSync(join(dir, "batch/2026"), { recursive: true });
  writeFileSync(join(dir, "batch/a.csv"), "a\n");
  writeFileSync(join(dir, "batch/2026/b.csv"), "b\n");
  writeFileSync(join(dir, "batch/2026/c.csv"), "c\n");
  mkdirSync(join(dir, "unanchored"));
  writeFileSync(join(dir, "unanchored/a.csv"), "a\n");
  writeFileSync(join(dir, "unanchored/z.csv"), "z\n");
  contentHash = (await hashFile(join(dir, "patients-2026-q1.csv"))).hash;
  datasetId = datasetIdOf({ contentHash, algorithm: "sha256" });
  batch = await buildBatchFromFolder(join(dir, "batch"));
  unanchored = await buildBatchFromFolder(join(dir, "unanchored"));

  chain = await startDpr(NOTICE);
  const { wallet, mined, deployment, a, context } = chain;
  const { datasets, grants, anchors } = deployment.contracts;
  const blockOf = async (hash: Promise<Hex>) => (await mined(hash)).blockNumber;
  const register = (hash: Hex, label: string, versionOf: Hex = zeroHash) =>
    wallet("holder").writeContract({
      address: datasets,
      abi: datasetRegistryAbi,
      functionName: "register",
      args: [
        {
          algorithm: HashAlgorithm.SHA256,
          contentHash: hash,
          metadataHash: h(`metadata:${label}`),
          metadataURI: `https://zone.example/datasets/${label}.json`,
          category: Category.PERSONAL,
          grade: Grade.GENERAL,
          containsPersonalData: true,
          sector: 3,
          jurisdiction: Jurisdiction.GZ,
          versionOf,
          parents: [],
          borderConditions: NO_BORDER_CONDITIONS,
        },
      ],
    });

  blocks.beforeRegistration = await context.publicClient.getBlockNumber();
  blocks.registered = await blockOf(register(contentHash, "patients-q1"));
  const confirm = async (registrar: "registrar" | "registrar2") => {
    const blockNumber = await blockOf(wallet(registrar).writeContract({ address: datasets, abi: datasetRegistryAbi, functionName: "confirm", args: [datasetId] }));
    return { blockNumber, time: (await context.publicClient.getBlock({ blockNumber })).timestamp };
  };
  ({ blockNumber: blocks.firstConfirmation, time: times.firstConfirmation } = await confirm("registrar"));
  ({ blockNumber: blocks.secondConfirmation, time: times.secondConfirmation } = await confirm("registrar2"));
  await chain.increaseTime(NOTICE + 1n);

  const expiresAt = Number(times.secondConfirmation + NOTICE + 86_400n * 365n);
  const grant = (grantee: Hex, mechanism: TransferMechanism, evidence: Partial<Record<"contractHash" | "impactAssessmentHash" | "consentRecordsRoot" | "filingRef", Hex>>) =>
    wallet("holder").writeContract({
      address: grants,
      abi: grantRegistryAbi,
      functionName: "grant",
      args: [
        {
          datasetId,
          grantee,
          terms: {
            right: Right.PROCESSING_USE,
            purposeCode: 12,
            purposeHash: h("purpose"),
            scopeHash: h("scope"),
            startsAt: 0,
            expiresAt,
            termsHash: h("terms"),
            mechanism,
            evidence: { contractHash: zeroHash, impactAssessmentHash: zeroHash, consentRecordsRoot: zeroHash, filingRef: zeroHash, ...evidence },
          },
        },
      ],
    });
  // Grant 1: personal data to another organisation, acknowledged by the regulator: active.
  await mined(grant(a.holder2, TransferMechanism.NONE, { consentRecordsRoot: h("consents") }));
  await mined(wallet("regulator").writeContract({ address: grants, abi: grantRegistryAbi, functionName: "acknowledge", args: [1n, h("ok")] }));
  // Grant 2: across the border to Hong Kong, denied: issued but not active.
  await mined(
    grant(a.holderHK, TransferMechanism.GBA_SC_HK, {
      contractHash: h("contract"),
      impactAssessmentHash: h("pia"),
      consentRecordsRoot: h("consents"),
      filingRef: h("filing"),
    }),
  );
  await mined(wallet("regulator").writeContract({ address: grants, abi: grantRegistryAbi, functionName: "deny", args: [2n, h("no")] }));
  // The next quarter registered as the next version.
  const q2 = (await hashFile(join(dir, "patients-2026-q2.csv"))).hash;
  nextVersion = datasetIdOf({ contentHash: q2 });
  await mined(register(q2, "patients-q2", datasetId));

  await mined(
    wallet("holder").writeContract({
      address: anchors,
      abi: batchAnchorRegistryAbi,
      functionName: "anchor",
      args: [batch.root, HashAlgorithm.SHA256, batch.manifest.leafCount, BigInt(batch.manifest.totalBytes), manifestHash(batch.manifest), ""],
    }),
  );
}, 60_000);

afterAll(async () => {
  await chain?.node.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("verifyContent", () => {
  it("says that content is not registered, with the id it would have", async () => {
    const { hash } = await hashFile(join(dir, "batch/a.csv"));
    const result = await verifyContent(chain.context, { contentHash: hash });
    expect(result).toEqual({
      registered: false,
      datasetId: datasetIdOf({ contentHash: hash }),
      contentHash: hash,
      algorithm: "sha256",
      blockNumber: await chain.context.publicClient.getBlockNumber(),
    });
    // The registered file's hash under another algorithm's name is another dataset.
    expect(await verifyContent(chain.context, { contentHash, algorithm: "sm3" })).toMatchObject({ registered: false });
    expect(await verifyContent(chain.context, { contentHash, blockNumber: blocks.beforeRegistration })).toMatchObject({ registered: false });
  });

  it("verifies a registered file: holder, status, confirmations with their times, metadata, version and grants", async () => {
    const { a } = chain;
    const result = await verifyContent(chain.context, { contentHash, algorithm: "sha256" });
    expect(result).toMatchObject({
      registered: true,
      datasetId,
      contentHash,
      algorithm: "sha256",
      status: "confirmed",
      holder: { address: a.holder, participant: { address: a.holder, jurisdiction: "gz", roles: ["holder"], active: true } },
      registrant: a.holder,
      registeredBlock: blocks.registered,
      confirmations: [
        { registrar: a.registrar, time: times.firstConfirmation, blockNumber: blocks.firstConfirmation },
        { registrar: a.registrar2, time: times.secondConfirmation, blockNumber: blocks.secondConfirmation },
      ],
      requiredConfirmations: 2,
      noticeEndsAt: times.secondConfirmation + NOTICE,
      noticeRemaining: null,
      claim: 1,
      metadataURI: "https://zone.example/datasets/patients-q1.json",
      metadataHash: h("metadata:patients-q1"),
      versionOf: null,
      superseded: true,
      supersededBy: nextVersion,
      parents: [],
      frozen: false,
      objections: 0,
      openObjectors: [],
      pendingDecision: null,
      ancestryRevoked: false,
      grantsValidFrom: null,
      dataset: { category: "personal", containsPersonalData: true, sector: 3 },
    });
    if (!result.registered) throw new Error("unreachable");
    expect(result.grants.issued).toBe(2);
    expect(result.grants.active).toEqual([
      {
        grantId: 1n,
        grantee: a.holder2,
        right: "processing-use",
        status: "active",
        purposeCode: 12,
        crossBorder: false,
        mechanism: "none",
        startsAt: expect.any(BigInt),
        expiresAt: times.secondConfirmation + NOTICE + 86_400n * 365n,
      },
    ]);
  });

  it("verifies as of a past block: pending, then in notice after the registrars confirmed", async () => {
    const pending = await verifyContent(chain.context, { contentHash, blockNumber: blocks.registered });
    expect(pending).toMatchObject({ registered: true, status: "pending", confirmations: [], noticeEndsAt: null, superseded: false, supersededBy: null });
    const halfway = await verifyContent(chain.context, { contentHash, blockNumber: blocks.firstConfirmation });
    expect(halfway).toMatchObject({ status: "pending", confirmations: [{ registrar: chain.a.registrar }] });
    const notice = await verifyContent(chain.context, { contentHash, blockNumber: blocks.secondConfirmation });
    expect(notice).toMatchObject({ status: "notice", noticeEndsAt: times.secondConfirmation + NOTICE, grants: { issued: 0, active: [] } });
  });

  it("names the version a newer registration continues", async () => {
    const { hash } = await hashFile(join(dir, "patients-2026-q2.csv"));
    expect(await verifyContent(chain.context, { contentHash: hash })).toMatchObject({ registered: true, status: "pending", versionOf: datasetId, superseded: false });
  });

  it("refuses a hash that is not 32 bytes of hex", async () => {
    await expect(verifyContent(chain.context, { contentHash: "0xabc" })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidHashError: content hash is not 32 bytes of hex: 0xabc
      Hint: expected 0x followed by 64 hex digits]
    `);
  });
});

describe("verifyBatchMembership", () => {
  it("verifies a file of an anchored batch from the proofs document and the file's hash", async () => {
    const { hash, size } = await hashFile(join(dir, "batch/2026/b.csv"));
    const result = await verifyBatchMembership(chain.context, { proofs: batch.proofs, contentHash: hash });
    expect(result).toMatchObject({
      verified: true,
      reason: null,
      root: batch.root,
      anchor: { anchorer: chain.a.holder, leafCount: 3, algorithm: "sha256" },
      file: { path: "2026/b.csv", contentHash: hash, size: BigInt(size) },
      onChain: true,
      local: true,
    });
  });

  it("accepts one entry of the proofs, or a file and its proof", async () => {
    const entry = batch.proofs.proofs[0]!;
    expect(await verifyBatchMembership(chain.context, { root: batch.root, entry })).toMatchObject({ verified: true });
    const file = { path: entry.path, contentHash: entry.contentHash, size: BigInt(entry.size) };
    expect(await verifyBatchMembership(chain.context, { root: batch.root, file, proof: entry.proof })).toMatchObject({ verified: true });
  });

  it("tells apart a file not in the proofs, a batch never anchored and a proof that fails", async () => {
    const { hash: outsider } = await hashFile(join(dir, "patients-2026-q1.csv"));
    expect(await verifyBatchMembership(chain.context, { proofs: batch.proofs, contentHash: outsider })).toMatchObject({
      verified: false,
      reason: "not-in-proofs",
      file: null,
      anchor: { leafCount: 3 },
    });
    const { hash: a } = await hashFile(join(dir, "unanchored/a.csv"));
    expect(await verifyBatchMembership(chain.context, { proofs: unanchored.proofs, contentHash: a })).toMatchObject({
      verified: false,
      reason: "not-anchored",
      anchor: null,
      onChain: false,
      local: true,
    });
    // a.csv has the same content in both batches, but the unanchored batch's proof does not lead to the anchored root.
    const wrongProof = unanchored.proofs.proofs.find((p) => p.path === "a.csv")!;
    expect(await verifyBatchMembership(chain.context, { root: batch.root, entry: wrongProof })).toMatchObject({
      verified: false,
      reason: "invalid-proof",
      onChain: false,
      local: false,
    });
    // The right file under another path is not in the batch.
    const { hash: b } = await hashFile(join(dir, "batch/2026/b.csv"));
    expect(await verifyBatchMembership(chain.context, { proofs: batch.proofs, contentHash: b, path: "2026/c.csv" })).toMatchObject({ reason: "not-in-proofs" });
  });

  it("refuses a document that is not a proofs file", async () => {
    await expect(
      verifyBatchMembership(chain.context, { proofs: batch.manifest as never, contentHash: zeroHash }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [BatchError: not a DPR batch proofs document (format "dpr-batch-manifest/1")
      Hint: use the file \`dpr anchor --out\` wrote]
    `);
  });
});
