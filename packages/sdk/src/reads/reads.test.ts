import { type Hex, createPublicClient, custom, http, zeroHash } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidHashError, RpcUnreachableError } from "../errors/base.js";
import { batchAnchorRegistryAbi, datasetRegistryAbi, grantRegistryAbi, participantDirectoryAbi } from "../generated/abis.js";
import { Category, Grade, HashAlgorithm, Jurisdiction, Right, TransferMechanism } from "../generated/enums.js";
import { NO_BORDER_CONDITIONS } from "../conditions/borderConditions.js";
import { type Batch, buildBatch } from "../merkle/manifest.js";
import { datasetIdOf } from "./datasetIdOf.js";
import { getAnchor } from "./getAnchor.js";
import { getDataset } from "./getDataset.js";
import { getDatasetByContentHash } from "./getDatasetByContentHash.js";
import { getDatasetStatus } from "./getDatasetStatus.js";
import { getGrant } from "./getGrant.js";
import { getOrganisationKey } from "./getOrganisationKey.js";
import { getParticipant } from "./getParticipant.js";
import { hasRight } from "./hasRight.js";
import { type Chain, h, startDpr } from "./testkit.js";
import { verifyBatchFile } from "./verifyBatchFile.js";

const NOTICE = 3_600n;
const YEAR = 365n * 86_400n;

let chain: Chain;
/** Dataset A: general public data held in GZ by `holder`, confirmed once, then past its notice period. */
const contentA = h("content:A");
let A: Hex;
/** Blocks at which A was pending and in notice, and their times. */
const at = {} as Record<"registered" | "confirmed" | "granted" | "acknowledged" | "suspended", { block: bigint; time: bigint }>;
let batch: Batch;

beforeAll(async () => {
  chain = await startDpr(NOTICE);
  const { wallet, mined, deployment } = chain;
  const { datasets, grants, directory, anchors } = deployment.contracts;
  const step = async (name: keyof typeof at, hash: Promise<Hex>) => {
    const receipt = await mined(hash);
    const block = await chain.context.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    at[name] = { block: receipt.blockNumber, time: block.timestamp };
  };

  await step(
    "registered",
    wallet("holder").writeContract({
      address: datasets,
      abi: datasetRegistryAbi,
      functionName: "register",
      args: [
        {
          algorithm: HashAlgorithm.SHA256,
          contentHash: contentA,
          metadataHash: h("metadata:A"),
          metadataURI: "https://zone.example/datasets/A.json",
          category: Category.PUBLIC,
          grade: Grade.GENERAL,
          containsPersonalData: false,
          sector: 5,
          jurisdiction: Jurisdiction.GZ,
          versionOf: zeroHash,
          parents: [],
          borderConditions: NO_BORDER_CONDITIONS,
        },
      ],
    }),
  );
  A = datasetIdOf({ contentHash: contentA, algorithm: "sha256" });
  await step("confirmed", wallet("registrar").writeContract({ address: datasets, abi: datasetRegistryAbi, functionName: "confirm", args: [A] }));
  await chain.increaseTime(NOTICE + 1n);

  const terms = (right: Right, mechanism: TransferMechanism, expiresAt: bigint) => ({
    right,
    purposeCode: 7,
    purposeHash: h("purpose"),
    scopeHash: h("scope"),
    startsAt: 0,
    expiresAt: Number(expiresAt),
    termsHash: h("terms"),
    mechanism,
    evidence: { contractHash: h("contract"), impactAssessmentHash: zeroHash, consentRecordsRoot: zeroHash, filingRef: h("filing") },
  });
  // Grant 1: across the border to Hong Kong under the GBA standard contract, so it waits for the regulator.
  await step(
    "granted",
    wallet("holder").writeContract({
      address: grants,
      abi: grantRegistryAbi,
      functionName: "grant",
      args: [{ datasetId: A, grantee: chain.a.holderHK, terms: terms(Right.PROCESSING_USE, TransferMechanism.GBA_SC_HK, at.confirmed.time + YEAR) }],
    }),
  );
  // Grant 2: domestic, general data, no expiry: active at once.
  await mined(
    wallet("holder").writeContract({
      address: grants,
      abi: grantRegistryAbi,
      functionName: "grant",
      args: [{ datasetId: A, grantee: chain.a.holder2, terms: { ...terms(Right.PRODUCT_OPERATION, TransferMechanism.NONE, 0n), evidence: { contractHash: zeroHash, impactAssessmentHash: zeroHash, consentRecordsRoot: zeroHash, filingRef: zeroHash } } }],
    }),
  );
  await step("acknowledged", wallet("regulator").writeContract({ address: grants, abi: grantRegistryAbi, functionName: "acknowledge", args: [1n, h("note")] }));
  await step("suspended", wallet("admin").writeContract({ address: directory, abi: participantDirectoryAbi, functionName: "suspend", args: [chain.a.holder2, h("reason")] }));

  batch = buildBatch(
    [
      { path: "a.csv", contentHash: h("file:a"), size: 10n },
      { path: "dir/b.csv", contentHash: h("file:b"), size: 20n },
      { path: "dir/c.csv", contentHash: h("file:c"), size: 30n },
    ],
    { algorithm: "sha256" },
  );
  await mined(
    wallet("holder").writeContract({
      address: anchors,
      abi: batchAnchorRegistryAbi,
      functionName: "anchor",
      args: [batch.root, HashAlgorithm.SHA256, 3, 60n, h("manifest"), "https://zone.example/batch.json"],
    }),
  );
}, 60_000);

afterAll(async () => {
  await chain?.node.stop();
});

describe("reads", () => {
  it("gives null (not a revert) for datasets, grants, participants and anchors that do not exist", async () => {
    const { context, a } = chain;
    expect(await getDataset(context, { datasetId: h("no such dataset") })).toBeNull();
    expect(await getDatasetByContentHash(context, { contentHash: h("no such content") })).toBeNull();
    expect(await getDatasetStatus(context, { datasetId: h("no such dataset") })).toBe("unregistered");
    expect(await getGrant(context, { grantId: 99n })).toBeNull();
    expect(await getGrant(context, { grantId: 0 })).toBeNull();
    expect(await getParticipant(context, { address: a.stranger })).toBeNull();
    expect(await getAnchor(context, { root: h("no such batch") })).toBeNull();
  });

  it("gives null for unknown ids also on a node that returns no revert data", async () => {
    // Some consortium chains answer a reverting eth_call with "execution reverted" and nothing else.
    const forward = chain.context.publicClient;
    let stripped = 0;
    const publicClient = createPublicClient({
      chain: hardhat,
      transport: custom(
        {
          async request({ method, params }: { method: string; params: unknown }) {
            try {
              return await forward.request({ method, params } as never);
            } catch (error) {
              if (method !== "eth_call") throw error;
              stripped++;
              throw { code: 3, message: "execution reverted" };
            }
          },
        },
        { retryCount: 0 },
      ),
    });
    const context = { publicClient, deployment: chain.deployment };
    expect(await getDataset(context, { datasetId: h("no such dataset") })).toBeNull();
    expect(await getGrant(context, { grantId: 99n })).toBeNull();
    expect(stripped).toBe(2);
    expect((await getDataset(context, { datasetId: A }))?.status).toBe("confirmed");
  });

  it("reports an endpoint it cannot reach as RpcUnreachableError", async () => {
    const publicClient = createPublicClient({ chain: hardhat, transport: http("http://127.0.0.1:9", { retryCount: 0 }) });
    const context = { publicClient, deployment: chain.deployment };
    await expect(getDataset(context, { datasetId: A })).rejects.toBeInstanceOf(RpcUnreachableError);
    await expect(getDatasetStatus(context, { datasetId: A })).rejects.toMatchObject({ name: "RpcUnreachableError", url: "http://127.0.0.1:9" });
  });

  it("reads a dataset with its enumerations named and the raw record beside them", async () => {
    const dataset = await getDataset(chain.context, { datasetId: A });
    expect(dataset).toEqual({
      datasetId: A,
      status: "confirmed",
      holder: chain.a.holder,
      algorithm: "sha256",
      category: "public",
      grade: "general",
      containsPersonalData: false,
      sector: 5,
      jurisdiction: "gz",
      registeredAt: at.registered.time,
      registeredBlock: at.registered.block,
      confirmations: 1,
      requiredConfirmations: 1,
      confirmedAt: at.confirmed.time,
      noticeEndsAt: at.confirmed.time + NOTICE,
      noticeRemaining: null,
      frozen: false,
      superseded: false,
      declassified: false,
      ancestryRevoked: false,
      pendingTransferTo: null,
      claim: 1,
      openObjections: 0,
      grantsValidFrom: null,
      raw: expect.objectContaining({ status: 3, category: Category.PUBLIC, jurisdiction: Jurisdiction.GZ, registeredBlock: Number(at.registered.block) }),
    });
  });

  it("reads a dataset as it was at a past block", async () => {
    const { context } = chain;
    const pending = await getDataset(context, { datasetId: A, blockNumber: at.registered.block });
    expect(pending).toMatchObject({ status: "pending", confirmations: 0, confirmedAt: null, noticeEndsAt: null });
    expect(await getDatasetStatus(context, { datasetId: A, blockNumber: at.confirmed.block })).toBe("notice");
    expect(await getDatasetStatus(context, { datasetId: A, blockNumber: at.registered.block - 1n })).toBe("unregistered");
    expect(await getDataset(context, { datasetId: A, blockNumber: at.registered.block - 1n })).toBeNull();
    expect(await getDatasetStatus(context, { datasetId: A })).toBe("confirmed");
  });

  it("computes dataset ids locally exactly as the contract does, and finds datasets by content hash", async () => {
    const { context, deployment } = chain;
    for (const [name, value] of [["sha256", HashAlgorithm.SHA256], ["sm3", HashAlgorithm.SM3], ["keccak256", HashAlgorithm.KECCAK256]] as const) {
      const onChain = await context.publicClient.readContract({
        address: deployment.contracts.datasets,
        abi: datasetRegistryAbi,
        functionName: "datasetIdOf",
        args: [value, contentA],
      });
      expect(datasetIdOf({ contentHash: contentA, algorithm: name })).toBe(onChain);
      expect(datasetIdOf({ contentHash: contentA, algorithm: value })).toBe(onChain);
    }
    expect(await getDatasetByContentHash(context, { contentHash: contentA, algorithm: "sha256" })).toEqual(await getDataset(context, { datasetId: A }));
    // The same hash under another algorithm is another (unregistered) dataset.
    expect(await getDatasetByContentHash(context, { contentHash: contentA, algorithm: "sm3" })).toBeNull();
    // Upper-case hex is the same content.
    expect((await getDatasetByContentHash(context, { contentHash: contentA.toUpperCase().replace("0X", "0x") as Hex }))?.datasetId).toBe(A);
  });

  it("refuses malformed ids, hashes and algorithms before asking the chain", async () => {
    const { context } = chain;
    await expect(getDataset(context, { datasetId: "0x1234" })).rejects.toBeInstanceOf(InvalidHashError);
    await expect(getDataset(context, { datasetId: "0x1234" })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidHashError: dataset id is not 32 bytes of hex: 0x1234
      Hint: expected 0x followed by 64 hex digits]
    `);
    await expect(getDatasetByContentHash(context, { contentHash: contentA, algorithm: "md5" as never })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidHashError: unknown hash algorithm "md5"
      Hint: use one of: sha256, sm3, keccak256]
    `);
    await expect(getParticipant(context, { address: "0xnot-an-address" as never })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: not an address: 0xnot-an-address
      Hint: expected 0x followed by 40 hex digits]
    `);
  });

  it("reads participants with their roles, jurisdiction and whether they are active", async () => {
    const { context, a } = chain;
    const registrar = await getParticipant(context, { address: a.registrar });
    expect(registrar).toMatchObject({
      address: a.registrar,
      organisation: a.registrar,
      jurisdiction: "gz",
      roles: ["registrar"],
      suspended: false,
      active: true,
    });
    expect(registrar!.since).toBeGreaterThan(0n);
    expect(await getParticipant(context, { address: a.holderHK })).toMatchObject({ jurisdiction: "hk", roles: ["holder"], active: true });
    // Lower-case addresses are accepted and returned checksummed.
    expect((await getParticipant(context, { address: a.holder2.toLowerCase() as Hex }))?.address).toBe(a.holder2);
    expect(await getParticipant(context, { address: a.holder2 })).toMatchObject({ suspended: true, active: false });
    expect(await getParticipant(context, { address: a.holder2, blockNumber: at.suspended.block - 1n })).toMatchObject({ active: true });
  });

  it("reads an organisation's designated key as of any block, and none for an officer's or an unknown address", async () => {
    const { context, a, wallet, mined, deployment } = chain;
    expect(await getOrganisationKey(context, { organisation: a.holderHK })).toBeNull();
    const set = await mined(
      wallet("admin").writeContract({ address: deployment.contracts.directory, abi: participantDirectoryAbi, functionName: "setOrganisationKey", args: [a.holderHK, a.stranger] }),
    );
    expect(await getOrganisationKey(context, { organisation: a.holderHK })).toBe(a.stranger);
    expect(await getOrganisationKey(context, { organisation: a.holderHK.toLowerCase() as Hex, blockNumber: set.blockNumber - 1n })).toBeNull();
    // A key belongs to its organisation alone: the key's own address, another organisation and a stranger have none.
    expect(await getOrganisationKey(context, { organisation: a.stranger })).toBeNull();
    expect(await getOrganisationKey(context, { organisation: a.holder })).toBeNull();
    await expect(getOrganisationKey(context, { organisation: "0x1234" as never })).rejects.toThrow("not an address: 0x1234");
  });

  it("reads grants with their status and right named, as of any block", async () => {
    const { context, a } = chain;
    expect(await getGrant(context, { grantId: 1n, blockNumber: at.granted.block })).toEqual({
      grantId: 1n,
      status: "awaiting-acknowledgement",
      datasetId: A,
      grantee: a.holderHK,
      right: "processing-use",
      startsAt: at.granted.time,
      expiresAt: at.confirmed.time + YEAR,
      raw: expect.objectContaining({ status: 1, right: Right.PROCESSING_USE }),
    });
    expect(await getGrant(context, { grantId: 1n })).toMatchObject({ status: "active" });
    expect(await getGrant(context, { grantId: 2 })).toMatchObject({ status: "active", grantee: a.holder2, right: "product-operation", expiresAt: null });
  });

  it("answers hasRight as the grant registry does: holders, acknowledged grantees, and not the suspended", async () => {
    const { context, a } = chain;
    expect(await hasRight(context, { datasetId: A, account: a.holder, right: "holding" })).toBe(true);
    expect(await hasRight(context, { datasetId: A, account: a.holderHK, right: "processing-use", blockNumber: at.acknowledged.block - 1n })).toBe(false);
    expect(await hasRight(context, { datasetId: A, account: a.holderHK, right: "PROCESSING_USE" })).toBe(true);
    expect(await hasRight(context, { datasetId: A, account: a.holderHK, right: Right.HOLDING })).toBe(false);
    expect(await hasRight(context, { datasetId: A, account: a.holder2, right: "product-operation", blockNumber: at.suspended.block - 1n })).toBe(true);
    expect(await hasRight(context, { datasetId: A, account: a.holder2, right: "product-operation" })).toBe(false);
    expect(await hasRight(context, { datasetId: A, account: a.stranger, right: "holding" })).toBe(false);
    expect(await hasRight(context, { datasetId: h("unknown"), account: a.holder, right: "holding" })).toBe(false);
    await expect(hasRight(context, { datasetId: A, account: a.holder, right: "ownership" })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: unknown right "ownership"
      Hint: use one of: HOLDING, PROCESSING_USE, PRODUCT_OPERATION]
    `);
  });

  it("reads an anchor, and checks a file's proof both on chain and locally", async () => {
    const { context, a } = chain;
    const anchor = await getAnchor(context, { root: batch.root });
    expect(anchor).toMatchObject({ root: batch.root, anchorer: a.holder, leafCount: 3, algorithm: "sha256" });
    expect(anchor!.anchoredAt).toBeGreaterThan(at.registered.time);

    const entry = batch.proofs.proofs.find((p) => p.path === "dir/b.csv")!;
    const file = { path: entry.path, contentHash: entry.contentHash, size: BigInt(entry.size) };
    expect(await verifyBatchFile(context, { root: batch.root, file, proof: entry.proof })).toEqual({ onChain: true, local: true });
    // "./dir/b.csv" is the same path once normalised.
    expect(await verifyBatchFile(context, { root: batch.root, file: { ...file, path: "./dir/b.csv" }, proof: entry.proof })).toEqual({ onChain: true, local: true });
    expect(await verifyBatchFile(context, { root: batch.root, file: { ...file, size: 21n }, proof: entry.proof })).toEqual({ onChain: false, local: false });
    expect(await verifyBatchFile(context, { root: batch.root, file: { ...file, contentHash: h("file:other") }, proof: entry.proof })).toEqual({ onChain: false, local: false });

    // A valid proof of a batch nobody anchored: the proof holds, the chain does not know the root.
    const other = buildBatch([{ path: "x", contentHash: h("x"), size: 1n }, { path: "y", contentHash: h("y"), size: 2n }], { algorithm: "sha256" });
    const x = other.proofs.proofs.find((p) => p.path === "x")!;
    expect(await verifyBatchFile(context, { root: other.root, file: { path: "x", contentHash: x.contentHash, size: 1n }, proof: x.proof })).toEqual({
      onChain: false,
      local: true,
    });
  });
});
