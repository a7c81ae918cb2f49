import { groupMembers } from "@dpr/devnet";
import { type Hex, encodeAbiParameters, keccak256, parseAbiParameters, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidArgumentError, InvalidHashError } from "../errors/base.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { DatasetStatus, HashAlgorithm } from "../generated/enums.js";
import { addParticipant } from "./addParticipant.js";
import { cancelTransfer } from "./cancelTransfer.js";
import { confirmDataset } from "./confirmDataset.js";
import { confirmTransfer } from "./confirmTransfer.js";
import { freezeDataset } from "./freezeDataset.js";
import { objectToDataset } from "./objectToDataset.js";
import { type RegisterDatasetParameters, registerDataset } from "./registerDataset.js";
import { requestTransfer } from "./requestTransfer.js";
import { resolveDispute } from "./resolveDispute.js";
import { retireDataset } from "./retireDataset.js";
import { type TestChain, expectRefusal, startTestChain } from "./testing/testChain.js";
import { unfreezeDataset } from "./unfreezeDataset.js";

// Accounts of the default mnemonic: 0 zone admin, 1 and 2 registrars of two organisations, 3 regulator,
// 4 a health commission (holder), 5 a hospital (holder), 6 a Hong Kong clinic (holder), 7 a holder
// account of registrar 1's organisation.
let chain: TestChain;
const address = (index: number) => chain.wallet(index).account.address;
const hash = (label: string): Hex => keccak256(toHex(label));
const census = hash("census-2025.csv");
const censusV2 = hash("census-2025-v2.csv");
const evidence = hash("evidence.pdf");
const decision = hash("decision.pdf");
const NOTICE_PERIOD = 3_600n;

const base = {
  category: "public",
  grade: "general",
  sector: "POPULATION",
  jurisdiction: "gz",
} as const satisfies Partial<RegisterDatasetParameters>;

beforeAll(async () => {
  chain = await startTestChain({ noticePeriod: NOTICE_PERIOD });
  const onboard = [
    [1, "registrar", "gz", "GZ-DATA-EXCHANGE"],
    [2, "registrar", "shenzhen", "SZ-DATA-EXCHANGE"],
    [3, "regulator", "gz", "CAC-GZ"],
    [4, "holder", "gz", "GZ-HEALTH-COMMISSION"],
    [5, "holder", "gz", "GZ-FIRST-HOSPITAL"],
    [6, "holder", "hk", "HK-CLINIC"],
    [7, "holder", "gz", "GZ-DATA-EXCHANGE"],
  ] as const;
  for (const [index, role, jurisdiction, legalIdentity] of onboard) {
    await addParticipant(chain.context(0), { account: address(index), roles: [role], jurisdiction, legalIdentity, zoneSecret: `0x${"11".repeat(32)}` });
  }
});

afterAll(async () => {
  const pgid = chain?.node.pgid;
  await chain?.node.stop();
  if (pgid !== undefined) expect(groupMembers(pgid)).toEqual([]);
});

async function dataset(datasetId: Hex) {
  return chain.publicClient.readContract({
    address: chain.deployment.contracts.datasets,
    abi: datasetRegistryAbi,
    functionName: "getDataset",
    args: [datasetId],
  });
}

const censusId = () => keccak256(encodeAbiParameters(parseAbiParameters("uint8, bytes32"), [HashAlgorithm.SHA256, census]));

describe("dataset actions", () => {
  it("registers important data, which needs two registrars", async () => {
    const result = await registerDataset(chain.context(4), {
      ...base,
      contentHash: census,
      grade: "important",
      metadataHash: hash("census.json"),
      metadataURI: "https://data.gz.gov.cn/census-2025.json",
    });
    expect(result).toMatchObject({
      datasetId: censusId(),
      contentHash: census,
      algorithm: "sha256",
      holder: address(4),
      versionOf: null,
      parents: [],
      category: "public",
      grade: "important",
      containsPersonalData: false,
      sector: 1,
      jurisdiction: "gz",
      requiredConfirmations: 2,
      declassified: false,
    });
    expect(result.blockNumber).toBeGreaterThan(0n);
    expect(await dataset(result.datasetId)).toMatchObject({ status: DatasetStatus.PENDING, holder: address(4), confirmations: 0 });
  });

  it("refuses a second claim on the same content, naming the existing dataset", async () => {
    const error = await expectRefusal(chain, 5, () => registerDataset(chain.context(5), { ...base, contentHash: census }), "DatasetRegistryAlreadyRegistered");
    expect(error.args).toEqual({ contentHash: census, datasetId: censusId() });
    expect(error.message).toMatchInlineSnapshot(`
      "this content is already registered as dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7
      Details: DatasetRegistry reverted with DatasetRegistryAlreadyRegistered
      Hint: a content hash registers once; to contest who holds it, object to that dataset during its notice period"
    `);
  });

  it("refuses core data", async () => {
    const error = await expectRefusal(
      chain,
      4,
      () => registerDataset(chain.context(4), { ...base, contentHash: hash("core"), grade: "CORE" }),
      "DatasetRegistryCoreDataRefused",
    );
    expect(error.shortMessage).toMatchInlineSnapshot(`"core data is never registered for circulation (Data Security Law, art. 21)"`);
  });

  it("refuses confirmations from a non-registrar and from the holder's own organisation", async () => {
    const notRegistrar = await expectRefusal(chain, 5, () => confirmDataset(chain.context(5), { datasetId: censusId() }), "DatasetRegistryMissingRole");
    expect(notRegistrar.shortMessage).toMatchInlineSnapshot(`"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc is not an active registrar"`);

    const own = await registerDataset(chain.context(7), { ...base, contentHash: hash("exchange-prices.csv") });
    const error = await expectRefusal(chain, 1, () => confirmDataset(chain.context(1), { datasetId: own.datasetId }), "DatasetRegistryOwnOrganisation");
    expect(error.message).toMatchInlineSnapshot(`
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 belongs to the organisation of the holder of dataset 0x211b09c61da9c65e11fedcffd332eb5e5b7c5b36548c1dd4f528e2f08d19db6c
      Details: DatasetRegistry reverted with DatasetRegistryOwnOrganisation
      Hint: a registrar never acts on its own organisation's data: ask a registrar of another organisation"
    `);
  });

  it("confirms twice by distinct organisations, which starts the notice period", async () => {
    const first = await confirmDataset(chain.context(1), { datasetId: censusId() });
    expect(first).toMatchObject({ datasetId: censusId(), registrar: address(1), confirmations: 1, requiredConfirmations: 2, noticeEndsAt: null });

    const twice = await expectRefusal(chain, 1, () => confirmDataset(chain.context(1), { datasetId: censusId() }), "DatasetRegistryAlreadyConfirmedBy");
    expect(twice.message).toMatchInlineSnapshot(`
      "the organisation of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 has already confirmed dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7
      Details: DatasetRegistry reverted with DatasetRegistryAlreadyConfirmedBy
      Hint: the second confirmation must come from a registrar of another organisation"
    `);

    const second = await confirmDataset(chain.context(2), { datasetId: censusId() });
    const block = await chain.publicClient.getBlock({ blockNumber: second.blockNumber });
    expect(second).toMatchObject({ confirmations: 2, requiredConfirmations: 2, noticeEndsAt: block.timestamp + NOTICE_PERIOD });
    expect(await dataset(censusId())).toMatchObject({ status: DatasetStatus.NOTICE, confirmations: 2 });
  });

  it("takes an objection during notice, and refuses one from the holder", async () => {
    const objection = await objectToDataset(chain.context(6), { datasetId: censusId(), evidenceHash: evidence });
    expect(objection).toMatchObject({ datasetId: censusId(), objector: address(6), evidenceHash: evidence });
    expect((await dataset(censusId())).status).toBe(DatasetStatus.DISPUTED);

    const holder = await expectRefusal(
      chain,
      4,
      () => objectToDataset(chain.context(4), { datasetId: censusId(), evidenceHash: evidence }),
      "DatasetRegistryHolderCannotObject",
    );
    expect(holder.shortMessage).toMatchInlineSnapshot(`"0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 belongs to the holder's organisation and cannot object to dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7"`);
    const transfer = await expectRefusal(chain, 4, () => requestTransfer(chain.context(4), { datasetId: censusId(), to: address(5) }), "DatasetRegistryWrongStatus");
    expect(transfer.shortMessage).toMatchInlineSnapshot(`"dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7 is disputed: only a confirmed dataset can be transferred"`);
  });

  it("resolves a dispute: dismissed keeps the holder and confirms the dataset", async () => {
    const resolved = await resolveDispute(chain.context(2), { datasetId: censusId(), upheld: false, decisionHash: decision });
    expect(resolved).toMatchObject({
      datasetId: censusId(),
      resolver: address(2),
      upheld: false,
      previousHolder: address(4),
      holder: address(4),
      status: "confirmed",
      decisionHash: decision,
    });
    expect(await dataset(censusId())).toMatchObject({ status: DatasetStatus.CONFIRMED, settled: true });
    await expectRefusal(
      chain,
      2,
      () => resolveDispute(chain.context(2), { datasetId: censusId(), upheld: false, decisionHash: decision }),
      "DatasetRegistryWrongStatus",
    );
  });

  it("resolves a dispute: upheld with the rightful holder hands the dataset over", async () => {
    const copy = await registerDataset(chain.context(5), { ...base, contentHash: hash("clinic-visits.csv") });
    await confirmDataset(chain.context(1), { datasetId: copy.datasetId });
    await objectToDataset(chain.context(4), { datasetId: copy.datasetId, evidenceHash: evidence });
    // The Hong Kong clinic cannot be awarded data held in Guangzhou: a decision never moves data across a border.
    const abroad = await expectRefusal(
      chain,
      3,
      () => resolveDispute(chain.context(3), { datasetId: copy.datasetId, upheld: true, newHolder: address(6), decisionHash: decision }),
      "DatasetRegistryJurisdictionMismatch",
    );
    expect(abroad.args).toEqual({ account: address(6), accountJurisdiction: 1, dataJurisdiction: 0 });
    const resolved = await resolveDispute(chain.context(3), { datasetId: copy.datasetId, upheld: true, newHolder: address(4), decisionHash: decision });
    expect(resolved).toMatchObject({ upheld: true, previousHolder: address(5), holder: address(4), status: "confirmed" });

    const retired = await retireDataset(chain.context(4), { datasetId: copy.datasetId });
    expect(retired).toMatchObject({ datasetId: copy.datasetId, holder: address(4), cancelledTransferTo: null });
    expect((await dataset(copy.datasetId)).status).toBe(DatasetStatus.RETIRED);
    const again = await expectRefusal(chain, 4, () => retireDataset(chain.context(4), { datasetId: copy.datasetId }), "DatasetRegistryWrongStatus");
    expect(again.shortMessage).toMatchInlineSnapshot(`"dataset 0xb8758c5365f55508581315b3bb86fa3848b4f23b3af2c1b68369c8029d29ec13 is retired: only a pending, in-notice or confirmed dataset can be retired"`);
  });

  it("transfers the holding: request, cancel, request again, confirmed by a registrar", async () => {
    // Data held in Guangzhou is never sold to a holder in Hong Kong: that is a cross-border grant.
    const abroad = await expectRefusal(
      chain,
      4,
      () => requestTransfer(chain.context(4), { datasetId: censusId(), to: address(6) }),
      "DatasetRegistryJurisdictionMismatch",
    );
    expect(abroad.shortMessage).toMatchInlineSnapshot(`"0x976EA74026E726554dB657fA54763abd0C3a0aa9 is established in HK, but the data is held in GZ"`);
    const requested = await requestTransfer(chain.context(4), { datasetId: censusId(), to: address(7) });
    expect(requested).toMatchObject({ datasetId: censusId(), from: address(4), to: address(7), replaced: null });
    // A holder correcting a typo: the second request replaces the first, which is cancelled on the record.
    const corrected = await requestTransfer(chain.context(4), { datasetId: censusId(), to: address(7) });
    expect(corrected).toMatchObject({ from: address(4), to: address(7), replaced: address(7) });
    const cancelled = await cancelTransfer(chain.context(4), { datasetId: censusId() });
    expect(cancelled).toMatchObject({ from: address(4), to: address(7) });
    expect((await dataset(censusId())).pendingTransferTo).toBe("0x0000000000000000000000000000000000000000");
    const none = await expectRefusal(chain, 1, () => confirmTransfer(chain.context(1), { datasetId: censusId() }), "DatasetRegistryNoPendingTransfer");
    expect(none.shortMessage).toMatchInlineSnapshot(`"no holding transfer is pending for dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7"`);

    await requestTransfer(chain.context(4), { datasetId: censusId(), to: address(5) });
    const transferred = await confirmTransfer(chain.context(1), { datasetId: censusId() });
    expect(transferred).toMatchObject({ datasetId: censusId(), from: address(4), to: address(5), registrar: address(1) });
    expect((await dataset(censusId())).holder).toBe(address(5));
  });

  it("freezes and unfreezes as a regulator only", async () => {
    const notRegulator = await expectRefusal(chain, 5, () => freezeDataset(chain.context(5), { datasetId: censusId() }), "DatasetRegistryMissingRole");
    expect(notRegulator.shortMessage).toMatchInlineSnapshot(`"0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc is not an active regulator"`);

    const frozen = await freezeDataset(chain.context(3), { datasetId: censusId(), reasonHash: hash("court order") });
    expect(frozen).toMatchObject({ datasetId: censusId(), regulator: address(3), reasonHash: hash("court order") });
    expect((await dataset(censusId())).status).toBe(DatasetStatus.FROZEN);
    const versionOfFrozen = await expectRefusal(
      chain,
      5,
      () => registerDataset(chain.context(5), { ...base, contentHash: censusV2, grade: "important", versionOf: censusId() }),
      "DatasetRegistryWrongStatus",
    );
    expect(versionOfFrozen.shortMessage).toMatchInlineSnapshot(`"dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7 is frozen: only a confirmed dataset (past its notice period, neither disputed nor frozen) can get a new version or be derived from"`);

    const unfrozen = await unfreezeDataset(chain.context(3), { datasetId: censusId() });
    expect(unfrozen.reasonHash).toBe(`0x${"0".repeat(64)}`);
    expect((await dataset(censusId())).status).toBe(DatasetStatus.CONFIRMED);
    await expectRefusal(chain, 3, () => unfreezeDataset(chain.context(3), { datasetId: censusId() }), "DatasetRegistryNotFrozen");
  });

  it("registers a new version and a de-identified derivative, and refuses a derivative graded below its parent", async () => {
    const notHolder = await expectRefusal(
      chain,
      4,
      () => registerDataset(chain.context(4), { ...base, contentHash: censusV2, grade: "important", versionOf: censusId() }),
      "DatasetRegistryNotHolder",
    );
    expect(notHolder.shortMessage).toMatchInlineSnapshot(`"0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 is not the holder of dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7"`);

    const v2 = await registerDataset(chain.context(5), { ...base, contentHash: censusV2, grade: "important", versionOf: censusId() });
    expect(v2).toMatchObject({ versionOf: censusId(), holder: address(5), requiredConfirmations: 2 });
    expect((await dataset(censusId())).superseded).toBe(true);

    // Nothing is derived from a registration that may still be refused or rejected.
    const early = await expectRefusal(
      chain,
      5,
      () => registerDataset(chain.context(5), { ...base, contentHash: hash("census-early.csv"), parents: [{ datasetId: v2.datasetId, derivation: "de-identification" }] }),
      "DatasetRegistryWrongStatus",
    );
    expect(early.shortMessage).toMatchInlineSnapshot(`"dataset 0x34ef70dc961103bde19a43367dbc80f53d61b4c9e2f96cf152e2e81357590056 is pending confirmation: only a confirmed dataset (past its notice period, neither disputed nor frozen) can get a new version or be derived from"`);
    await confirmDataset(chain.context(1), { datasetId: v2.datasetId });
    await confirmDataset(chain.context(2), { datasetId: v2.datasetId });
    await chain.testClient.increaseTime({ seconds: Number(NOTICE_PERIOD) });
    await chain.testClient.mine({ blocks: 1 });

    const below = await expectRefusal(
      chain,
      5,
      () =>
        registerDataset(chain.context(5), {
          ...base,
          contentHash: hash("census-summary.csv"),
          parents: [{ datasetId: v2.datasetId, derivation: "aggregation" }],
        }),
      "DatasetRegistryGradeBelowParent",
    );
    expect(below.shortMessage).toMatchInlineSnapshot(`"a dataset derived from or versioning 0x34ef70dc961103bde19a43367dbc80f53d61b4c9e2f96cf152e2e81357590056 (important data) cannot be graded general"`);

    const derived = await registerDataset(chain.context(5), {
      ...base,
      contentHash: hash("census-anonymised.csv"),
      sector: 42,
      parents: [{ datasetId: v2.datasetId, derivation: "de-identification" }],
    });
    expect(derived).toMatchObject({
      grade: "general",
      sector: 42,
      parents: [{ datasetId: v2.datasetId, derivation: "de-identification" }],
      declassified: true,
      requiredConfirmations: 2,
    });
  });

  it("checks hashes and names locally, before any RPC call", async () => {
    const context = chain.context(4);
    await expect(registerDataset(context, { ...base, contentHash: "0xabc" as Hex })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidHashError: the content hash is not 32 bytes of hex: "0xabc"
      Hint: write it as 0x followed by 64 hex digits]
    `);
    await expect(registerDataset(context, { ...base, contentHash: `0x${"0".repeat(64)}` })).rejects.toBeInstanceOf(InvalidHashError);
    await expect(registerDataset(context, { ...base, contentHash: census, algorithm: "md5" })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidHashError: unknown hash algorithm "md5"
      Hint: use one of: sha256, sm3, keccak256]
    `);
    await expect(registerDataset(context, { ...base, contentHash: census, sector: "mining" })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: unknown sector "mining"
      Hint: use one of: OTHER, POPULATION, FINANCE, HEALTH, EDUCATION, TRANSPORT, BIOSAFETY]
    `);
    await expect(registerDataset(context, { ...base, contentHash: census, sector: 70_000 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(
      registerDataset(context, { ...base, contentHash: census, category: "personal", containsPersonalData: false }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: a dataset of the PERSONAL category contains personal data
      Hint: leave containsPersonalData out, or set it to true]
    `);
    await expect(
      registerDataset(context, { ...base, contentHash: census, parents: [{ datasetId: censusId(), derivation: "copy" }] }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: unknown derivation "copy"
      Hint: use one of: REVISION, TRANSFORMATION, AGGREGATION, DE_IDENTIFICATION, MODEL_TRAINING]
    `);
    await expect(resolveDispute(context, { datasetId: censusId(), upheld: false, newHolder: address(5), decisionHash: decision })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(objectToDataset(context, { datasetId: censusId(), evidenceHash: `0x${"0".repeat(64)}` })).rejects.toThrowErrorMatchingInlineSnapshot(`[InvalidHashError: the evidence hash must not be zero]`);
  });
});
