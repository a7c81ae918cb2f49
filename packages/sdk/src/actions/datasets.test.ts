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
import { deployContracts } from "./deployContracts.js";
import { freezeDataset } from "./freezeDataset.js";
import { datasetIdOf } from "../reads/datasetIdOf.js";
import { getDecision } from "../reads/getDecision.js";
import { getDataset } from "../reads/getDataset.js";
import { getObjection } from "../reads/getObjection.js";
import { getOpenObjectors } from "../reads/getOpenObjectors.js";
import { correctDataset } from "./correctDataset.js";
import { markRevokedAncestry } from "./markRevokedAncestry.js";
import { markRevokedDescendants } from "./markRevokedDescendants.js";
import { objectToDataset } from "./objectToDataset.js";
import { reconfirmDataset } from "./reconfirmDataset.js";
import { refuseDataset } from "./refuseDataset.js";
import { type RegisterDatasetParameters, registerDataset } from "./registerDataset.js";
import { requestTransfer } from "./requestTransfer.js";
import { resolveDispute } from "./resolveDispute.js";
import { retireDataset } from "./retireDataset.js";
import { type TestChain, expectRefusal, startTestChain } from "./testing/testChain.js";
import { unfreezeDataset } from "./unfreezeDataset.js";
import { withdrawDataset } from "./withdrawDataset.js";

// Accounts of the default mnemonic: 0 zone admin, 1 and 2 registrars of two organisations, 3 regulator,
// 4 a health commission (holder), 5 a hospital (holder), 6 a Hong Kong clinic (holder), 7 a holder
// account of registrar 1's organisation, 8 a second regulator (another organisation, for quorums of two).
let chain: TestChain;
const address = (index: number) => chain.wallet(index).account.address;
const hash = (label: string): Hex => keccak256(toHex(label));
const census = hash("census-2025.csv");
const censusV2 = hash("census-2025-v2.csv");
const evidence = hash("evidence.pdf");
const decision = hash("decision.pdf");
const NOTICE_PERIOD = 3_600n;
const zeroHashHex: Hex = `0x${"0".repeat(64)}`;

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
    [8, "regulator", "gz", "GZ-MARKET-REGULATOR"],
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
      claim: 1,
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
      Hint: content is claimed once at a time (until that claim is refused, withdrawn or rejected); to contest who holds it, object to that dataset before its notice period ends"
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

  it("resolves a dispute: dismissed by an independent decider, the notice resumes with the time it had left", async () => {
    const paused = await getDataset(chain.context(0), { datasetId: censusId() });
    expect(paused).toMatchObject({ status: "disputed", noticeEndsAt: null, openObjections: 1 });
    expect(paused!.noticeRemaining).toBeGreaterThan(0n);
    expect(await getOpenObjectors(chain.context(0), { datasetId: censusId() })).toEqual([address(6)]);

    // Both registrars confirmed this claim: neither may decide on it.
    const confirmer = await expectRefusal(
      chain,
      2,
      () => resolveDispute(chain.context(2), { datasetId: censusId(), upheld: false, decisionHash: decision }),
      "DatasetRegistryNotIndependent",
    );
    expect(confirmer.message).toMatchInlineSnapshot(`
      "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC may not decide on dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7: its organisation (0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC) is the holder's, an objector's, a confirmer's or the proposed holder's
      Details: DatasetRegistry reverted with DatasetRegistryNotIndependent
      Hint: a decision needs registrars or regulators of organisations independent of everyone concerned"
    `);

    const resolved = await resolveDispute(chain.context(3), { datasetId: censusId(), upheld: false, decisionHash: decision });
    expect(resolved).toMatchObject({
      datasetId: censusId(),
      resolver: address(3),
      upheld: false,
      newHolder: null,
      decided: true,
      votes: null,
      required: null,
      previousHolder: address(4),
      holder: address(4),
      status: "notice",
      decisionHash: decision,
    });
    const block = await chain.publicClient.getBlock({ blockNumber: resolved.blockNumber });
    expect(await dataset(censusId())).toMatchObject({ status: DatasetStatus.NOTICE, noticeEndsAt: Number(block.timestamp + paused!.noticeRemaining!), noticeRemaining: 0 });
    expect(await getObjection(chain.context(0), { datasetId: censusId(), organisation: address(6) })).toBe("dismissed");
    const again = await expectRefusal(
      chain,
      6,
      () => objectToDataset(chain.context(6), { datasetId: censusId(), evidenceHash: evidence }),
      "DatasetRegistryObjectionDismissed",
    );
    expect(again.shortMessage).toMatchInlineSnapshot(`"the objection of the organisation of 0x976EA74026E726554dB657fA54763abd0C3a0aa9 to dataset 0x2f195c0fcd05a21e6cc47a4c050bffc0aacf015344289d35d20a4dc9294935f7 was dismissed; it may not object to this registration again"`);
    await expectRefusal(
      chain,
      3,
      () => resolveDispute(chain.context(3), { datasetId: censusId(), upheld: false, decisionHash: decision }),
      "DatasetRegistryWrongStatus",
    );
    await chain.increaseTime(NOTICE_PERIOD);
    expect((await dataset(censusId())).status).toBe(DatasetStatus.CONFIRMED);
  });

  it("resolves a dispute: upheld with the rightful holder hands the dataset over, and a fresh notice starts", async () => {
    const copy = await registerDataset(chain.context(5), { ...base, contentHash: hash("clinic-visits.csv") });
    await confirmDataset(chain.context(1), { datasetId: copy.datasetId });
    await objectToDataset(chain.context(4), { datasetId: copy.datasetId, evidenceHash: evidence });
    const twice = await expectRefusal(
      chain,
      4,
      () => objectToDataset(chain.context(4), { datasetId: copy.datasetId, evidenceHash: evidence }),
      "DatasetRegistryObjectionOpen",
    );
    expect(twice.shortMessage).toMatchInlineSnapshot(`"the organisation of 0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 already has an open objection to dataset 0xb8758c5365f55508581315b3bb86fa3848b4f23b3af2c1b68369c8029d29ec13"`);
    // The Hong Kong clinic cannot be awarded data held in Guangzhou: a decision never moves data across a border.
    const abroad = await expectRefusal(
      chain,
      3,
      () => resolveDispute(chain.context(3), { datasetId: copy.datasetId, upheld: true, newHolder: address(6), decisionHash: decision }),
      "DatasetRegistryJurisdictionMismatch",
    );
    expect(abroad.args).toEqual({ account: address(6), accountJurisdiction: 1, dataJurisdiction: 0 });
    const resolved = await resolveDispute(chain.context(3), { datasetId: copy.datasetId, upheld: true, newHolder: address(4), decisionHash: decision });
    expect(resolved).toMatchObject({ upheld: true, decided: true, votes: 1, required: 1, previousHolder: address(5), holder: address(4), status: "notice" });
    expect(await getObjection(chain.context(0), { datasetId: copy.datasetId, organisation: address(4) })).toBe("upheld");

    // Before the end of notice a holder withdraws; retiring waits for CONFIRMED.
    const early = await expectRefusal(chain, 4, () => retireDataset(chain.context(4), { datasetId: copy.datasetId }), "DatasetRegistryWrongStatus");
    expect(early.shortMessage).toMatchInlineSnapshot(`"dataset 0xb8758c5365f55508581315b3bb86fa3848b4f23b3af2c1b68369c8029d29ec13 is in its notice period: only a confirmed dataset (past its notice period, not frozen) can be retired; before the end of notice the holder withdraws it"`);
    await chain.increaseTime(NOTICE_PERIOD);
    const retired = await retireDataset(chain.context(4), { datasetId: copy.datasetId });
    expect(retired).toMatchObject({ datasetId: copy.datasetId, holder: address(4), cancelledTransferTo: null });
    expect((await dataset(copy.datasetId)).status).toBe(DatasetStatus.RETIRED);
    await expectRefusal(chain, 4, () => retireDataset(chain.context(4), { datasetId: copy.datasetId }), "DatasetRegistryWrongStatus");
  });

  it("rejects important data only when two independent organisations vote for it; the content is then free for a new claim", async () => {
    const records = await registerDataset(chain.context(5), { ...base, contentHash: hash("ward-records.csv"), grade: "important" });
    await confirmDataset(chain.context(1), { datasetId: records.datasetId });
    await objectToDataset(chain.context(4), { datasetId: records.datasetId, evidenceHash: evidence });

    const first = await resolveDispute(chain.context(3), { datasetId: records.datasetId, upheld: true, decisionHash: decision });
    expect(first).toMatchObject({ decided: false, votes: 1, required: 2, previousHolder: null, holder: null, status: "disputed", resolver: address(3) });
    expect(await getDecision(chain.context(0), { datasetId: records.datasetId })).toEqual({
      kind: "dispute",
      newHolder: null,
      votes: 1,
      required: 2,
      firstVoterOrganisation: address(3),
    });
    const twice = await expectRefusal(
      chain,
      3,
      () => resolveDispute(chain.context(3), { datasetId: records.datasetId, upheld: true, decisionHash: decision }),
      "DatasetRegistryAlreadyVoted",
    );
    expect(twice.message).toMatchInlineSnapshot(`
      "the organisation of 0x90F79bf6EB2c4f870365E785982E1f101E93b906 has already voted for this outcome on dataset 0xca0b745e3186c94795005c2aead7f908b31b06c0a2c5e96f5ca46e4affe3fa39
      Details: DatasetRegistry reverted with DatasetRegistryAlreadyVoted
      Hint: the quorum needs a vote from a registrar or regulator of another independent organisation"
    `);
    const second = await resolveDispute(chain.context(8), { datasetId: records.datasetId, upheld: true, decisionHash: decision });
    expect(second).toMatchObject({ decided: true, votes: 2, required: 2, previousHolder: address(5), holder: address(5), status: "rejected", resolver: address(8) });
    expect(await getDecision(chain.context(0), { datasetId: records.datasetId })).toBeNull();

    const again = await registerDataset(chain.context(4), { ...base, contentHash: hash("ward-records.csv"), grade: "important" });
    expect(again).toMatchObject({ datasetId: records.datasetId, claim: 2, holder: address(4) });
  });

  it("refuses a registration in review as an outside registrar, and lets the holder withdraw one; both free the content", async () => {
    const draft = await registerDataset(chain.context(5), { ...base, contentHash: hash("draft.csv") });
    const notRegistrar = await expectRefusal(
      chain,
      4,
      () => refuseDataset(chain.context(4), { datasetId: draft.datasetId, reasonHash: hash("incomplete") }),
      "DatasetRegistryMissingRole",
    );
    expect(notRegistrar.shortMessage).toMatchInlineSnapshot(`"0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 is not an active registrar"`);
    const own = await registerDataset(chain.context(7), { ...base, contentHash: hash("exchange-volumes.csv") });
    await expectRefusal(chain, 1, () => refuseDataset(chain.context(1), { datasetId: own.datasetId, reasonHash: hash("incomplete") }), "DatasetRegistryOwnOrganisation");
    await expect(refuseDataset(chain.context(1), { datasetId: draft.datasetId, reasonHash: zeroHashHex })).rejects.toBeInstanceOf(InvalidHashError);

    const refused = await refuseDataset(chain.context(1), { datasetId: draft.datasetId, reasonHash: hash("incomplete") });
    expect(refused).toMatchObject({ datasetId: draft.datasetId, registrar: address(1), claim: 1, reasonHash: hash("incomplete") });
    expect((await dataset(draft.datasetId)).status).toBe(DatasetStatus.REFUSED);
    const late = await expectRefusal(
      chain,
      2,
      () => refuseDataset(chain.context(2), { datasetId: draft.datasetId, reasonHash: hash("incomplete") }),
      "DatasetRegistryWrongStatus",
    );
    expect(late.shortMessage).toMatchInlineSnapshot(`"dataset ${draft.datasetId} is refused: only a pending dataset in review (neither disputed nor frozen) can be refused"`);

    const second = await registerDataset(chain.context(5), { ...base, contentHash: hash("draft.csv") });
    expect(second).toMatchObject({ datasetId: draft.datasetId, claim: 2 });
    await expectRefusal(chain, 4, () => withdrawDataset(chain.context(4), { datasetId: draft.datasetId }), "DatasetRegistryNotHolder");
    const withdrawn = await withdrawDataset(chain.context(5), { datasetId: draft.datasetId });
    expect(withdrawn).toMatchObject({ datasetId: draft.datasetId, holder: address(5), claim: 2 });
    expect(await getDataset(chain.context(0), { datasetId: draft.datasetId })).toMatchObject({ status: "withdrawn", claim: 2 });
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
    // Holdings go to organisations: an officer's address (7 acts for the data exchange) is no new holder.
    await expectRefusal(chain, 4, () => requestTransfer(chain.context(4), { datasetId: censusId(), to: address(7) }), "DatasetRegistryInvalidNewHolder");
    const requested = await requestTransfer(chain.context(4), { datasetId: censusId(), to: address(5) });
    expect(requested).toMatchObject({ datasetId: censusId(), from: address(4), to: address(5), replaced: null });
    // A holder correcting a typo: the second request replaces the first, which is cancelled on the record.
    const corrected = await requestTransfer(chain.context(4), { datasetId: censusId(), to: address(5) });
    expect(corrected).toMatchObject({ from: address(4), to: address(5), replaced: address(5) });
    const cancelled = await cancelTransfer(chain.context(4), { datasetId: censusId() });
    expect(cancelled).toMatchObject({ from: address(4), to: address(5) });
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
    await chain.increaseTime(NOTICE_PERIOD);

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

  it("corrects a confirmed registration's holder after notice, once two independent organisations vote for it", async () => {
    const byHolder = await expectRefusal(
      chain,
      4,
      () => correctDataset(chain.context(4), { datasetId: censusId(), newHolder: address(4), decisionHash: decision }),
      "DatasetRegistryNotRegistrarOrRegulator",
    );
    expect(byHolder.shortMessage).toMatchInlineSnapshot(`"0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65 is neither an active registrar nor an active regulator"`);
    await expectRefusal(
      chain,
      1,
      () => correctDataset(chain.context(1), { datasetId: censusId(), newHolder: address(4), decisionHash: decision }),
      "DatasetRegistryNotIndependent",
    );
    const first = await correctDataset(chain.context(3), { datasetId: censusId(), newHolder: address(4), decisionHash: decision });
    expect(first).toMatchObject({ outcome: "correct-holder", newHolder: address(4), voter: address(3), votes: 1, required: 2, decided: false, status: null });
    expect(await getDecision(chain.context(0), { datasetId: censusId() })).toMatchObject({ kind: "correction", newHolder: address(4), votes: 1, required: 2 });
    const second = await correctDataset(chain.context(8), { datasetId: censusId(), newHolder: address(4), decisionHash: decision });
    const block = await chain.publicClient.getBlock({ blockNumber: second.blockNumber });
    expect(second).toMatchObject({
      votes: 2,
      decided: true,
      status: "notice",
      previousHolder: address(5),
      noticeEndsAt: block.timestamp + NOTICE_PERIOD,
      grantsValidFrom: 1n,
    });
    expect(await getDataset(chain.context(0), { datasetId: censusId() })).toMatchObject({ status: "notice", holder: address(4), grantsValidFrom: 1n });
  });

  it("revokes a registration, marks what was derived from it, and lets a registrar re-confirm a child", async () => {
    const v2 = datasetIdOf({ contentHash: censusV2 });
    const child = datasetIdOf({ contentHash: hash("census-anonymised.csv") });
    const sibling = await registerDataset(chain.context(5), {
      ...base,
      contentHash: hash("census-by-district.csv"),
      grade: "important",
      parents: [{ datasetId: v2, derivation: "aggregation" }],
    });
    await correctDataset(chain.context(3), { datasetId: v2, decisionHash: decision });
    const revoked = await correctDataset(chain.context(8), { datasetId: v2, decisionHash: decision });
    expect(revoked).toMatchObject({ outcome: "revoke", newHolder: null, decided: true, status: "revoked", previousHolder: null });
    expect((await dataset(v2)).status).toBe(DatasetStatus.REVOKED);

    const { marked, skipped } = await markRevokedDescendants(chain.context(6), { datasetId: v2 });
    expect(marked.map((m) => [m.datasetId, m.parentId, m.markedBy])).toEqual([
      [child, v2, address(6)],
      [sibling.datasetId, v2, address(6)],
    ]);
    expect(skipped).toEqual([]);
    expect(await getDataset(chain.context(0), { datasetId: child })).toMatchObject({ ancestryRevoked: true });

    const twice = await expectRefusal(chain, 6, () => markRevokedAncestry(chain.context(6), { datasetId: child, parentId: v2 }), "DatasetRegistryNothingToMark");
    expect(twice.shortMessage).toMatch(/^dataset 0x[0-9a-f]{64} does not mark dataset 0x[0-9a-f]{64}: it is neither revoked/);
    const wrongList = await expectRefusal(
      chain,
      6,
      () => markRevokedAncestry(chain.context(6), { datasetId: child, index: 0, parents: [{ datasetId: v2, derivation: "aggregation" }] }),
      "DatasetRegistryParentsMismatch",
    );
    expect(wrongList.hint).toMatchInlineSnapshot(`"give the parents exactly as registered, in order (the SDK reads them from the DatasetDerived events)"`);

    await expectRefusal(chain, 4, () => reconfirmDataset(chain.context(4), { datasetId: child }), "DatasetRegistryMissingRole");
    // Declassified from important data: two organisations re-confirm it, as two confirmed it.
    const first = await reconfirmDataset(chain.context(1), { datasetId: child });
    expect(first).toMatchObject({ datasetId: child, registrar: address(1), confirmations: 1, required: 2, cleared: false });
    expect(await getDataset(chain.context(0), { datasetId: child })).toMatchObject({ ancestryRevoked: true });
    await expectRefusal(chain, 1, () => reconfirmDataset(chain.context(1), { datasetId: child }), "DatasetRegistryAlreadyConfirmedBy");
    const second = await reconfirmDataset(chain.context(2), { datasetId: child });
    expect(second).toMatchObject({ registrar: address(2), confirmations: 2, required: 2, cleared: true });
    expect(await getDataset(chain.context(0), { datasetId: child })).toMatchObject({ ancestryRevoked: false });
    const clean = await expectRefusal(chain, 2, () => reconfirmDataset(chain.context(2), { datasetId: child }), "DatasetRegistryAncestryNotRevoked");
    expect(clean.shortMessage).toBe(`dataset ${child} is not marked as derived from revoked data: there is nothing to re-confirm`);
  });

  it("registers only with the deployment's hash algorithm", async () => {
    const error = await expectRefusal(
      chain,
      4,
      () => registerDataset(chain.context(4), { ...base, contentHash: hash("sm3-hashed.csv"), algorithm: "sm3" }),
      "DatasetRegistryWrongAlgorithm",
    );
    expect(error.message).toMatchInlineSnapshot(`
      "this deployment registers sha256 content hashes, not sm3
      Details: DatasetRegistry reverted with DatasetRegistryWrongAlgorithm
      Hint: hash the content with the deployment's algorithm (dpr uses it unless --alg says otherwise)"
    `);
  });

  it("refuses a notice period outside 10 s to 365 days before deploying anything", async () => {
    const nonce = await chain.publicClient.getTransactionCount({ address: address(0) });
    for (const noticePeriod of [0n, 9n, 365n * 86_400n + 1n]) {
      await expect(deployContracts(chain.wallet(0), chain.publicClient, { noticePeriod })).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(deployContracts(chain.wallet(0), chain.publicClient, { noticePeriod: 0 })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: the notice period must be from 10 s to 31536000 s (365 days), got 0
      Hint: use 10 s or more for demos and tests, and move the chain's clock rather than waiting]
    `);
    expect(await chain.publicClient.getTransactionCount({ address: address(0) })).toBe(nonce);
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
