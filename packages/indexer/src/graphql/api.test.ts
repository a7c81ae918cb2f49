import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores } from "../testing/databases.js";
import { type FixtureClient, type FixtureDb, type GraphqlResponse, createFixtureClient, createFixtureDb } from "./testing/harness.js";
import { A, A1_FILES, CHECKPOINT, CONTENT, D, NOTICE_SECONDS, ORG, P, STORY_NOW, writeStory } from "./testing/story.js";
import { address, blockHash, blockTime, eventId, hash } from "./testing/writer.js";

/** Fixture names by id, so expectations read as the story does. */
const NAMES = new Map<string, string>([...Object.entries(D), ...Object.entries(P), ...Object.entries(A)].map(([name, id]) => [id, name]));
const nameOf = (id: unknown): string => NAMES.get(String(id)) ?? String(id);
const names = (items: readonly { id?: unknown }[]): string[] => items.map((item) => nameOf(item.id));

type Data = Record<string, any>;

describe.each(await testStores())("GraphQL API over the story (%s)", (kind) => {
  let fixture: FixtureDb;
  let api: FixtureClient;

  beforeAll(async () => {
    fixture = await createFixtureDb(kind, writeStory);
    api = createFixtureClient(fixture.db, { now: STORY_NOW });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  async function ok(query: string, variables?: Record<string, unknown>, client: FixtureClient = api): Promise<Data> {
    const response = await client.query<Data>(query, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!;
  }

  /** The one error a query gets: its code and message. */
  async function refused(query: string, variables?: Record<string, unknown>, client: FixtureClient = api): Promise<{ code: unknown; message: string }> {
    const response: GraphqlResponse = await client.query(query, variables);
    expect(response.errors, JSON.stringify(response)).toHaveLength(1);
    return { code: response.errors![0]!.extensions?.code, message: response.errors![0]!.message };
  }

  describe("entities", () => {
    it("answers a dataset with its fields and every nested entity", async () => {
      const { dataset } = await ok(
        `query($id: ID!) { dataset(id: $id) {
          id seriesId version versionOf { id } supersededBy { id } versions { items { id version } pageInfo { hasNextPage } }
          holder { id jurisdiction } holderAddress algorithm contentHash metadataHash metadataURI category grade containsPersonalData
          sector sectorName jurisdiction status requiredConfirmations confirmationCount
          confirmations { items { registrar { id roles } registrarAddress confirmations requiredConfirmations noticeEndsAt timestamp blockNumber txHash } }
          confirmedAt noticeEndsAt noticeRemaining frozen superseded declassified ancestryRevoked pendingTransferTo
          claim openObjections grantsValidFrom decision { votes } refusal { registrar } withdrawal { holder } correction { kind }
          objections { items { objector { id } objectorAddress evidenceHash blockNumber resolved
            resolution { resolver upheld decisionHash status previousHolder holder timestamp blockNumber } } }
          transfers { items { id } pageInfo { hasNextPage endCursor } }
          parents { derivation blockNumber parent { id } child { id } }
          children { items { derivation child { id } } }
          grants { items { id status } pageInfo { hasNextPage } }
          events { items { name blockNumber } }
          registeredAt registeredBlock updatedAt updatedBlock
        } }`,
        { id: D.D2 },
      );
      expect(dataset).toMatchObject({
        id: D.D2,
        seriesId: D.D2,
        version: 1,
        versionOf: null,
        supersededBy: null,
        versions: { items: [{ id: D.D2, version: 1 }], pageInfo: { hasNextPage: false } },
        holder: { id: P.holderA, jurisdiction: "gz" },
        holderAddress: P.holderA,
        algorithm: "sha256",
        contentHash: CONTENT.D2,
        metadataHash: hash("metadata D2"),
        metadataURI: "https://data.example.gz/catalogue/d2.json",
        category: "enterprise",
        grade: "important",
        containsPersonalData: true,
        sector: 2,
        sectorName: "finance",
        jurisdiction: "gz",
        status: "confirmed",
        requiredConfirmations: 2,
        confirmationCount: 2,
        // The objection at block 10 paused the notice clock; the dismissal at block 12 resumed it with the
        // time it had left, so the notice period ends 24 s (two blocks) later than it would have.
        confirmedAt: String(blockTime(7) + 24),
        noticeEndsAt: String(blockTime(7) + 24 + NOTICE_SECONDS),
        noticeRemaining: null,
        frozen: false,
        superseded: false,
        declassified: false,
        ancestryRevoked: false,
        claim: 1,
        openObjections: 0,
        grantsValidFrom: null,
        decision: null,
        refusal: null,
        withdrawal: null,
        correction: null,
        pendingTransferTo: null,
        transfers: { items: [], pageInfo: { hasNextPage: false, endCursor: null } },
        parents: [{ derivation: "transformation", blockNumber: "5", parent: { id: D.D1 }, child: { id: D.D2 } }],
        children: { items: [{ derivation: "aggregation", child: { id: D.D3 } }] },
        grants: { items: [{ id: "1", status: "active" }, { id: "4", status: "expired" }], pageInfo: { hasNextPage: false } },
        registeredAt: String(blockTime(5)),
        registeredBlock: "5",
        updatedAt: String(blockTime(12)),
        updatedBlock: "12",
      });
      expect(dataset.confirmations.items).toEqual([
        {
          registrar: { id: P.registrar1, roles: ["registrar"] },
          registrarAddress: P.registrar1,
          confirmations: 1,
          requiredConfirmations: 2,
          noticeEndsAt: null,
          timestamp: String(blockTime(6)),
          blockNumber: "6",
          txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
        },
        {
          registrar: { id: P.registrar2, roles: ["registrar", "regulator"] },
          registrarAddress: P.registrar2,
          confirmations: 2,
          requiredConfirmations: 2,
          noticeEndsAt: String(blockTime(7) + NOTICE_SECONDS),
          timestamp: String(blockTime(7)),
          blockNumber: "7",
          txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
        },
      ]);
      expect(dataset.objections.items).toEqual([
        {
          objector: { id: P.holderB },
          objectorAddress: P.holderB,
          evidenceHash: hash("evidence D2"),
          blockNumber: "10",
          resolved: true,
          resolution: {
            resolver: P.registrar1,
            upheld: false,
            decisionHash: hash("decision D2"),
            status: "notice",
            previousHolder: P.holderA,
            holder: P.holderA,
            timestamp: String(blockTime(12)),
            blockNumber: "12",
          },
        },
      ]);
      expect(dataset.events.items).toEqual(
        [
          ["DatasetRegistered", 5],
          ["DatasetDerived", 5],
          ["DatasetConfirmed", 6],
          ["DatasetConfirmed", 7],
          ["DatasetObjected", 10],
          ["DatasetDisputeResolved", 12],
          ["GrantIssued", 30],
          ["GrantAcknowledged", 31],
          ["GrantIssued", 35],
        ].map(([name, block]) => ({ name, blockNumber: String(block) })),
      );
    });

    it("follows a series of versions, a completed holding transfer and a successor", async () => {
      const { d1, v2 } = await ok(
        `query($d1: ID!, $v2: ID!) {
          d1: dataset(id: $d1) { holder { id } superseded supersededBy { id } versions { items { id version } }
            transfers { items { from to status registrar requestedAt requestedBlock closedAt closedBlock } } }
          v2: dataset(id: $v2) { seriesId version versionOf { id } status noticeEndsAt parents { derivation parent { id } } }
        }`,
        { d1: D.D1, v2: D.D1v2 },
      );
      expect(d1).toEqual({
        holder: { id: P.holderA2 },
        superseded: true,
        supersededBy: { id: D.D1v2 },
        versions: {
          items: [
            { id: D.D1, version: 1 },
            { id: D.D1v2, version: 2 },
          ],
        },
        transfers: {
          items: [
            {
              from: P.holderA,
              to: P.holderA2,
              status: "completed",
              registrar: P.registrar2,
              requestedAt: String(blockTime(11)),
              requestedBlock: "11",
              closedAt: String(blockTime(13)),
              closedBlock: "13",
            },
          ],
        },
      });
      expect(v2).toEqual({
        seriesId: D.D1,
        version: 2,
        versionOf: { id: D.D1 },
        status: "notice",
        noticeEndsAt: String(blockTime(26) + NOTICE_SECONDS),
        parents: [{ derivation: "revision", parent: { id: D.D1 } }],
      });
    });

    it("answers a participant with its organisation, datasets, grants and the events it acted in or is about", async () => {
      const { participant } = await ok(
        `query($id: ID!) { participant(id: $id) {
          id organisation organisationAccounts { items { id } } jurisdiction roles legalIdHash metadataURI suspended addedBy addedAt addedBlock
          datasets { items { id } } grantsReceived { items { id } } grantsGiven { items { id } }
          events { items { name blockNumber } } latestFirst: events(orderDirection: desc, first: 2) { items { blockNumber } }
        } }`,
        { id: P.holderA },
      );
      expect(participant).toEqual({
        id: P.holderA,
        organisation: ORG.a,
        organisationAccounts: { items: [{ id: P.holderA2 }] },
        jurisdiction: "gz",
        roles: ["holder"],
        legalIdHash: hash("legal 1"),
        metadataURI: "ipfs://participant-1",
        suspended: false,
        addedBy: P.admin,
        addedAt: String(blockTime(1)),
        addedBlock: "1",
        // Newest first, and only what it holds now (D1 went to holderA2).
        datasets: { items: [{ id: D.D8 }, { id: D.D1v2 }, { id: D.D2 }] },
        grantsReceived: { items: [{ id: "5" }] },
        grantsGiven: { items: [{ id: "1" }, { id: "4" }, { id: "6" }] },
        events: {
          items: [
            ["ParticipantAdded", 1],
            ["DatasetRegistered", 3],
            ["DatasetRegistered", 5],
            ["DatasetRegistered", 9],
            ["DatasetTransferRequested", 11],
            ["DatasetRegistered", 21],
            ["DatasetObjected", 24],
            ["GrantIssued", 30],
            ["GrantIssued", 35],
            ["GrantIssued", 36],
            ["GrantIssued", 42],
            ["BatchAnchored", 45],
            ["DatasetRegistered", 51],
            ["DatasetObjected", 52],
          ].map(([name, block]) => ({ name, blockNumber: String(block) })),
        },
        latestFirst: { items: [{ blockNumber: "52" }, { blockNumber: "51" }] },
      });
    });

    it("answers a grant with its dataset, parties, evidence and history", async () => {
      const { grant } = await ok(
        `{ grant(id: "5") { id dataset { id } datasetId grantee { id } granteeAddress grantor { id } grantorAddress right purposeCode purposeHash
          scopeHash startsAt expiresAt termsHash crossBorder mechanism evidence { contractHash impactAssessmentHash consentRecordsRoot filingRef }
          status acknowledgedBy acknowledgedAt closedBy closedAt issuedAt issuedBlock updatedBlock events { items { name blockNumber } } } }`,
      );
      expect(grant).toEqual({
        id: "5",
        dataset: { id: D.D3 },
        datasetId: D.D3,
        grantee: { id: P.holderA },
        granteeAddress: P.holderA,
        grantor: { id: P.holderB },
        grantorAddress: P.holderB,
        right: "processing-use",
        purposeCode: 100,
        purposeHash: hash("purpose 5"),
        scopeHash: hash("scope 5"),
        startsAt: String(blockTime(36)),
        expiresAt: "0",
        termsHash: hash("terms 5"),
        crossBorder: true,
        mechanism: "standard-contract",
        evidence: { contractHash: hash("contract 5"), impactAssessmentHash: hash("impact 5"), consentRecordsRoot: hash("consent 5"), filingRef: hash("filing 5") },
        status: "revoked",
        acknowledgedBy: P.regulator,
        acknowledgedAt: String(blockTime(37)),
        closedBy: P.holderB,
        closedAt: String(blockTime(41)),
        issuedAt: String(blockTime(36)),
        issuedBlock: "36",
        updatedBlock: "41",
        events: {
          items: [
            ["GrantIssued", 36],
            ["GrantAcknowledged", 37],
            ["GrantSuspended", 38],
            ["GrantReinstated", 39],
            ["GrantRevoked", 41],
          ].map(([name, block]) => ({ name, blockNumber: String(block) })),
        },
      });
    });

    it("answers anchors with their files and proofs, and a batch whose manifest is not loaded", async () => {
      const { a1, a2 } = await ok(
        `query($a1: ID!, $a2: ID!) {
          a1: anchor(id: $a1) { anchorer { id } algorithm leafCount totalBytes manifestHash manifestURI manifestLoaded anchoredAt blockNumber
            files { items { path contentHash size proof anchor { id } } pageInfo { hasNextPage } } }
          a2: anchor(id: $a2) { algorithm leafCount manifestLoaded files { items { path } } }
        }`,
        { a1: A.A1, a2: A.A2 },
      );
      expect(a1).toEqual({
        anchorer: { id: P.holderA },
        algorithm: "sha256",
        leafCount: 3,
        totalBytes: "7168",
        manifestHash: hash(`manifest ${A.A1}`),
        manifestURI: "ipfs://manifest-45",
        manifestLoaded: true,
        anchoredAt: String(blockTime(45)),
        blockNumber: "45",
        files: {
          items: A1_FILES.map((file, i) => ({
            path: file.path,
            contentHash: file.content_hash,
            size: file.size,
            proof: [hash(`proof ${A.A1} ${i} a`), hash(`proof ${A.A1} ${i} b`)],
            anchor: { id: A.A1 },
          })),
          pageInfo: { hasNextPage: false },
        },
      });
      expect(a2).toEqual({ algorithm: "sm3", leafCount: 250, manifestLoaded: false, files: { items: [] } });
    });

    it("answers an event by id, padded or not, with its decoded arguments", async () => {
      const { padded, unpadded, before } = await ok(
        `query($padded: ID!, $unpadded: ID!) {
          padded: event(id: $padded) { id name contract address actor datasetId grantId participant anchorRoot args blockNumber blockHash logIndex timestamp txHash txIndex }
          unpadded: event(id: $unpadded) { id name }
          before: event(id: $padded, block: { number: 4 }) { id }
        }`,
        { padded: eventId(5, 0), unpadded: "5-1" },
      );
      expect(padded).toMatchObject({
        id: eventId(5, 0),
        name: "DatasetRegistered",
        contract: "datasets",
        actor: P.holderA,
        datasetId: D.D2,
        grantId: null,
        participant: null,
        anchorRoot: null,
        blockNumber: "5",
        blockHash: blockHash(5),
        logIndex: 0,
        timestamp: String(blockTime(5)),
      });
      expect(padded.args).toMatchObject({ datasetId: D.D2, holder: P.holderA, contentHash: CONTENT.D2, category: "enterprise" });
      expect(unpadded).toEqual({ id: eventId(5, 1), name: "DatasetDerived" });
      expect(before).toBeNull();
    });

    it("answers null for ids that name nothing", async () => {
      expect(
        await ok(`query($d: ID!, $p: ID!, $a: ID!) { dataset(id: $d) { id } participant(id: $p) { id } grant(id: "99") { id } anchor(id: $a) { id } event(id: "9-9") { id } }`, {
          d: hash("nothing"),
          p: address(0x999),
          a: hash("no anchor"),
        }),
      ).toEqual({ dataset: null, participant: null, grant: null, anchor: null, event: null });
    });

    it("accepts ids and addresses in any case", async () => {
      const { dataset, participant } = await ok(`query($d: ID!, $p: ID!) { dataset(id: $d) { id } participant(id: $p) { id } }`, {
        d: D.D1.toUpperCase().replace("0X", "0x"),
        p: P.holderA.toUpperCase().replace("0X", "0x"),
      });
      expect([dataset.id, participant.id]).toEqual([D.D1, P.holderA]);
    });
  });

  describe("life cycle v2", () => {
    it("shows the current claim of freed content, and an earlier claim's lists on request or at its blocks", async () => {
      const { now, before } = await ok(`query($id: ID!) {
        now: dataset(id: $id) { claim status holderAddress metadataURI registeredBlock refusal { registrar } openObjections
          objections { items { id } } earlier: objections(claim: 1) { items { claim organisation status resolution { status } } } }
        before: dataset(id: $id, block: { number: 50 }) { claim status refusal { registrar reasonHash timestamp blockNumber }
          objections { items { claim status } } }
      }`, { id: D.D8 });
      expect(now).toEqual({
        claim: 2,
        status: "pending",
        holderAddress: P.holderA,
        metadataURI: "https://data.example.gz/catalogue/d8-claim-2.json",
        registeredBlock: "51",
        refusal: null,
        openObjections: 0,
        objections: { items: [] },
        earlier: { items: [{ claim: 1, organisation: ORG.b, status: "dismissed", resolution: { status: "pending" } }] },
      });
      expect(before).toEqual({
        claim: 1,
        status: "refused",
        refusal: { registrar: P.registrar1, reasonHash: hash("refusal D8"), timestamp: String(blockTime(49)), blockNumber: "49" },
        objections: { items: [{ claim: 1, status: "dismissed" }] },
      });
      expect(await refused(`{ dataset(id: "${D.D8}") { objections(claim: 0) { items { id } } } }`)).toEqual({
        code: "BAD_USER_INPUT",
        message: "claim must be a claim number (a whole number from 1), got 0",
      });
    });

    it("shows open objections, the decision being voted and every vote", async () => {
      const { dataset } = await ok(`{ dataset(id: "${D.D4}") { status openObjections objections { items { status organisation objectorAddress } }
        decision { correction outcome newHolder votes required firstVoterOrganisation }
        decisionVotes { items { claim voter { id } organisation correction outcome newHolder votes required decided decisionHash blockNumber } pageInfo { hasNextPage } } } }`);
      expect(dataset).toEqual({
        status: "disputed",
        openObjections: 1,
        objections: { items: [{ status: "open", organisation: ORG.a, objectorAddress: P.holderA }] },
        decision: { correction: false, outcome: "reject", newHolder: null, votes: 1, required: 2, firstVoterOrganisation: ORG.r },
        decisionVotes: {
          items: [
            {
              claim: 1,
              voter: { id: P.registrar1 },
              organisation: ORG.r,
              correction: false,
              outcome: "reject",
              newHolder: null,
              votes: 1,
              required: 2,
              decided: false,
              decisionHash: hash(`decision D4 by ${P.registrar1}`),
              blockNumber: "53",
            },
          ],
          pageInfo: { hasNextPage: false },
        },
      });
      // An upheld dispute: its objection upheld, decided by the vote that completed the quorum.
      const { d9 } = await ok(`{ d9: dataset(id: "${D.D9}") { status decision { votes } objections { items { status resolution { status upheld } } }
        decisionVotes { items { outcome decided } } } }`);
      expect(d9).toEqual({
        status: "rejected",
        decision: null,
        objections: { items: [{ status: "upheld", resolution: { status: "rejected", upheld: true } }] },
        decisionVotes: { items: [{ outcome: "reject", decided: true }] },
      });
    });

    it("pauses the notice clock while disputed: no notice end, the seconds left instead", async () => {
      const at = async (number: number) =>
        (await ok(`{ dataset(id: "${D.D2}", block: { number: ${number} }) { status confirmedAt noticeEndsAt noticeRemaining } }`)).dataset;
      expect(await at(9)).toEqual({ status: "notice", confirmedAt: String(blockTime(7)), noticeEndsAt: String(blockTime(7) + NOTICE_SECONDS), noticeRemaining: null });
      expect(await at(11)).toEqual({
        status: "disputed",
        confirmedAt: String(blockTime(7)),
        noticeEndsAt: null,
        noticeRemaining: String(blockTime(7) + NOTICE_SECONDS - blockTime(10)),
      });
      expect(await at(12)).toEqual({
        status: "notice",
        confirmedAt: String(blockTime(7) + 24),
        noticeEndsAt: String(blockTime(12) + blockTime(7) + NOTICE_SECONDS - blockTime(10)),
        noticeRemaining: null,
      });
    });

    it("shows a revocation after notice, and revoked ancestry marked, re-confirmed and cleared", async () => {
      const data = await ok(`{
        d7: dataset(id: "${D.D7}") { status correction { kind previousHolder holder decidedBy decisionHash grantsValidFrom timestamp blockNumber }
          decisionVotes { items { correction outcome decided } } }
        d6: dataset(id: "${D.D6}") { ancestryRevoked ancestryMarks { items { parent { id } parentId markedBy cleared blockNumber } }
          reconfirmations { items { registrar { id } registrarAddress confirmations required cleared blockNumber } } }
        d6Marked: dataset(id: "${D.D6}", block: { number: 56 }) { ancestryRevoked ancestryMarks { items { cleared } } reconfirmations { items { blockNumber } } }
        d5: dataset(id: "${D.D5}") { ancestryRevoked ancestryMarks { items { parentId cleared } } }
        grants(where: { voidedByCorrection: true }) { items { id } }
        all: grants { items { voidedByCorrection } }
      }`);
      expect(data.d7).toEqual({
        status: "revoked",
        correction: {
          kind: "revoked",
          previousHolder: P.holderB,
          holder: null,
          decidedBy: P.regulator,
          decisionHash: hash(`decision D7 by ${P.regulator}`),
          grantsValidFrom: null,
          timestamp: String(blockTime(55)),
          blockNumber: "55",
        },
        decisionVotes: { items: [{ correction: true, outcome: "revoke", decided: true }] },
      });
      expect(data.d6).toEqual({
        ancestryRevoked: false,
        ancestryMarks: { items: [{ parent: { id: D.D5 }, parentId: D.D5, markedBy: P.auditor, cleared: true, blockNumber: "56" }] },
        reconfirmations: {
          items: [{ registrar: { id: P.registrar1 }, registrarAddress: P.registrar1, confirmations: 1, required: 1, cleared: true, blockNumber: "57" }],
        },
      });
      expect(data.d6Marked).toEqual({ ancestryRevoked: true, ancestryMarks: { items: [{ cleared: false }] }, reconfirmations: { items: [] } });
      expect(data.d5).toEqual({ ancestryRevoked: true, ancestryMarks: { items: [{ parentId: D.D4, cleared: false }] } });
      // No holder was corrected in the story: every grant confers what its status says.
      expect(data.grants.items).toEqual([]);
      expect(new Set(data.all.items.map((g: Data) => g.voidedByCorrection))).toEqual(new Set([false]));
    });
  });

  describe("time travel", () => {
    it("answers a dataset's state at each block of its confirmation, dispute and resolution", async () => {
      const at = async (number: number) =>
        (await ok(`query($n: Int) { dataset(id: "${D.D2}", block: { number: $n }) { status confirmationCount objections { items { resolved } } } }`, { n: number })).dataset;
      expect(await at(4)).toBeNull();
      expect(await at(5)).toEqual({ status: "pending", confirmationCount: 0, objections: { items: [] } });
      expect(await at(6)).toEqual({ status: "pending", confirmationCount: 1, objections: { items: [] } });
      expect(await at(7)).toEqual({ status: "notice", confirmationCount: 2, objections: { items: [] } });
      expect(await at(10)).toEqual({ status: "disputed", confirmationCount: 2, objections: { items: [{ resolved: false }] } });
      expect(await at(11)).toEqual({ status: "disputed", confirmationCount: 2, objections: { items: [{ resolved: false }] } });
      // Dismissed during notice: back to the notice period, with the time it had left.
      expect(await at(12)).toEqual({ status: "notice", confirmationCount: 2, objections: { items: [{ resolved: true }] } });
    });

    it("resolves nested fields at their root's block", async () => {
      const { before, after } = await ok(`{
        before: dataset(id: "${D.D1}", block: { number: 12 }) { holder { id } pendingTransferTo transfers { items { status } } versions { items { id } }
          grants { items { id } } events { items { name } } }
        after: dataset(id: "${D.D1}") { holder { id } pendingTransferTo transfers { items { status } } grants { items { id } } }
      }`);
      expect(before).toEqual({
        holder: { id: P.holderA },
        pendingTransferTo: P.holderA2,
        transfers: { items: [{ status: "requested" }] },
        versions: { items: [{ id: D.D1 }, { id: D.D1v2 }] },
        grants: { items: [] },
        events: { items: [{ name: "DatasetRegistered" }, { name: "DatasetConfirmed" }, { name: "DatasetTransferRequested" }] },
      });
      expect(after).toEqual({ holder: { id: P.holderA2 }, pendingTransferTo: null, transfers: { items: [{ status: "completed" }] }, grants: { items: [{ id: "2" }, { id: "3" }] } });

      const suspended = async (number: number) =>
        (await ok(`query($n: Int) { dataset(id: "${D.D3}", block: { number: $n }) { holder { suspended } } }`, { n: number })).dataset.holder.suspended;
      expect([await suspended(27), await suspended(28), await suspended(29)]).toEqual([false, true, false]);
      const roles = async (number: number) => (await ok(`query($n: Int) { participant(id: "${P.registrar2}", block: { number: $n }) { roles } }`, { n: number })).participant.roles;
      expect([await roles(49), await roles(50)]).toEqual([["registrar"], ["registrar", "regulator"]]);
    });

    it("answers lists at a block: a frozen dataset, a suspended grant, participants not yet added", async () => {
      const data = await ok(`{
        frozen: datasets(block: { number: 18 }, where: { frozen: true }) { items { id status } }
        grants(block: { number: 38 }, orderBy: id) { items { id status } }
        participants(block: { number: 1 }) { items { id } }
      }`);
      expect(data.frozen.items).toEqual([{ id: D.D3, status: "frozen" }]);
      expect(data.grants.items).toEqual([
        { id: "1", status: "active" },
        { id: "2", status: "scheduled" },
        { id: "3", status: "denied" },
        { id: "4", status: "active" },
        { id: "5", status: "suspended" },
      ]);
      // Ordered by the block added, then by id.
      expect(names(data.participants.items)).toEqual(["registrar1", "registrar2", "regulator", "holderA"]);
    });

    it("names a block by hash, or takes any state at or after a number", async () => {
      const data = await ok(`query($h: Bytes, $c: Bytes) {
        byHash: dataset(id: "${D.D2}", block: { hash: $h }) { status }
        checkpoint: dataset(id: "${D.D1}", block: { hash: $c }) { status }
        gte: dataset(id: "${D.D1v2}", block: { number_gte: 55 }) { status }
      }`, { h: blockHash(10), c: blockHash(CHECKPOINT) });
      expect(data).toEqual({ byHash: { status: "disputed" }, checkpoint: { status: "confirmed" }, gte: { status: "notice" } });
    });

    it("computes clock statuses at the block's time, and at the current time without a block", async () => {
      const notice = async (block?: number, client = api) =>
        names(
          (
            await ok(
              `query($block: Block_height) { datasets(where: { status: "notice" }, block: $block) { items { id } } }`,
              block === undefined ? {} : { block: { number: block } },
              client,
            )
          ).datasets.items,
        );
      // D1's notice period ends at block 54's time; D3's and D1v2's after the clock's now.
      expect(await notice()).toEqual(["D3", "D1v2"]);
      // D2's, paused by a dispute for two blocks, at block 59's time.
      expect(await notice(50)).toEqual(["D1", "D2", "D3", "D1v2"]);
      // A block without events answers with the time of the last block that had some (53 here).
      expect(await notice(54)).toEqual(["D1", "D2", "D3", "D1v2"]);
      expect(await notice(CHECKPOINT)).toEqual(["D3", "D1v2"]);

      const later = createFixtureClient(fixture.db, { now: blockTime(200) });
      expect(await notice(undefined, later)).toEqual([]);
      const grants = async (client: FixtureClient) =>
        Object.fromEntries((await ok(`{ grants(orderBy: id) { items { id status } } }`, {}, client)).grants.items.map((g: Data) => [g.id, g.status]));
      expect(await grants(api)).toEqual({ 1: "active", 2: "scheduled", 3: "denied", 4: "expired", 5: "revoked", 6: "active" });
      expect(await grants(later)).toMatchObject({ 2: "active", 6: "active" });
      expect(await grants(createFixtureClient(fixture.db, { now: blockTime(1000) }))).toMatchObject({ 2: "active", 6: "expired" });
      expect(names((await ok(`{ grants(where: { status_in: ["expired", "scheduled"] }) { items { id } } }`)).grants.items)).toEqual(["2", "4"]);
    });

    it("answers statistics and lineage at a block", async () => {
      const data = await ok(`{
        stats(block: { number: 12 }) { datasets grants events datasetsByStatus { key count } }
        lineage(id: "${D.D1}", direction: DOWN, block: { number: 8 }) { edges { items { depth edge { child { id } } } } truncated }
      }`);
      expect(data.stats).toEqual({
        datasets: 4,
        grants: 0,
        events: 21,
        datasetsByStatus: [
          { key: "notice", count: 2 },
          { key: "pending", count: 2 },
        ],
      });
      expect(data.lineage.edges.items.map((e: Data) => [e.depth, nameOf(e.edge.child.id)])).toEqual([
        [1, "D2"],
        [1, "D3"],
        [2, "D3"],
      ]);
    });
  });

  describe("filters", () => {
    const cases: [string, string, Record<string, unknown>, string[]][] = [
      ["equals", "datasets", { holder: P.holderA }, ["D2", "D1v2", "D8"]],
      ["equals, in upper case", "datasets", { holder: P.holderA.toUpperCase().replace("0X", "0x") }, ["D2", "D1v2", "D8"]],
      ["not", "datasets", { holder_not: P.holderB }, ["D1", "D2", "D1v2", "D5", "D6", "D8"]],
      ["is null", "datasets", { versionOf: null, sector: 3 }, ["D1"]],
      ["greater than", "datasets", { version_gt: 1 }, ["D1v2"]],
      // D8's claim 2 was registered at block 51.
      ["at least", "datasets", { registeredBlock_gte: "21" }, ["D9", "D8"]],
      ["less than", "datasets", { registeredAt_lt: String(blockTime(5)) }, ["D1"]],
      ["at most", "datasets", { registeredBlock_lte: "5", registeredBlock_gt: "3" }, ["D2"]],
      ["in", "datasets", { sector_in: [1, 2] }, ["D2", "D5", "D6"]],
      ["in, empty", "datasets", { sector_in: [] }, []],
      ["contains, ignoring case", "datasets", { metadataURI_contains_nocase: "D1V2" }, ["D1v2"]],
      ["contains: % is a plain character", "datasets", { metadataURI_contains_nocase: "%" }, []],
      ["a label in another spelling", "datasets", { jurisdiction_in: ["HK", "mainland_other"] }, ["D3", "D4", "D7", "D9"]],
      ["status at the clock", "datasets", { status: "pending" }, ["D5", "D6", "D8"]],
      ["status not", "datasets", { status_not: "pending", grade: "important" }, ["D2", "D4"]],
      ["life cycle v2 fields", "datasets", { claim_gt: 1, openObjections: 0, ancestryRevoked: false }, ["D8"]],
      ["open objections and revoked ancestry", "datasets", { or: [{ openObjections_gt: 0 }, { ancestryRevoked: true }] }, ["D4", "D5"]],
      ["a status of life cycle v2", "datasets", { status_in: ["revoked", "refused", "withdrawn"] }, ["D7"]],
      ["booleans", "datasets", { containsPersonalData: true, frozen: false, superseded: false, declassified: false }, ["D2", "D4"]],
      ["content hash and algorithm", "datasets", { contentHash_in: [CONTENT.D3, CONTENT.D8], algorithm: "sm3" }, ["D3"]],
      ["series", "datasets", { seriesId: D.D1 }, ["D1", "D1v2"]],
      ["id and id_not", "datasets", { id_in: [D.D1, D.D2, D.D3], id_not: D.D2 }, ["D1", "D3"]],
      ["nested or and and", "datasets", { or: [{ sector: 3 }, { and: [{ jurisdiction: "hk" }, { grade: "general" }] }] }, ["D1", "D3", "D1v2", "D7", "D9"]],
      ["an empty and matches everything", "datasets", { and: [], category: "personal" }, ["D4"]],
      ["an empty or matches nothing", "datasets", { or: [] }, []],
      ["category and grade not", "datasets", { category_not: "public", grade_not: "general", category_in: ["enterprise"] }, ["D2", "D5", "D6"]],
      ["participants by role", "participants", { roles_contains: "regulator" }, ["registrar2", "regulator"]],
      ["participants by jurisdiction and organisation", "participants", { jurisdiction_in: ["gz"], organisation: ORG.a, id_not: P.holderA }, ["holderA2"]],
      ["participants added after", "participants", { addedBlock_gt: "1", suspended: false, metadataURI_contains_nocase: "PARTICIPANT-7" }, ["auditor"]],
      ["participants by id", "participants", { id_in: [P.holderB, P.auditor], jurisdiction_not: "mo" }, ["holderB"]],
      ["participants in the GBA's other mainland cities, in any spelling", "participants", { jurisdiction_in: ["Shenzhen", "ZHAOQING", "jiangmen"] }, []],
      ["grants by dataset and status", "grants", { dataset_in: [D.D1, D.D2], status_not: "denied" }, ["1", "2", "4"]],
      ["grants by party", "grants", { grantee: P.auditor, grantor: P.holderA2 }, ["2"]],
      ["grants by grantee list", "grants", { grantee_in: [P.holderB], dataset: D.D1 }, ["3"]],
      ["grants by right and mechanism", "grants", { right_in: ["processing-use"], mechanism_not: "none", crossBorder: true }, ["1", "5"]],
      ["grants by right", "grants", { right: "holding", right_not: "processing-use", mechanism: "none", mechanism_in: ["none"] }, ["4"]],
      ["grants by purpose and expiry", "grants", { purposeCode_in: [7, 9], expiresAt_gt: "0" }, ["6"]],
      ["grants by expiry range", "grants", { expiresAt_gte: "1", expiresAt_lte: String(blockTime(40)), expiresAt_lt: String(blockTime(41)) }, ["4"]],
      ["grants by id and issue block", "grants", { id_in: ["1", "2", "3", "06"], id_not: "2", issuedBlock_gt: "30", purposeCode: 100 }, ["3"]],
      ["grants by status", "grants", { status: "active", issuedBlock_lte: "42", issuedBlock_gte: "30", issuedBlock_lt: "42" }, ["1"]],
      ["grants by exact id", "grants", { id: "0005" }, ["5"]],
      ["anchors by anchorer and algorithm", "anchors", { anchorer_in: [P.holderA, P.holderB], algorithm: "sm3" }, ["A2"]],
      ["anchors by size and place", "anchors", { leafCount_gt: 2, leafCount_lte: 3, manifestURI_contains_nocase: "MANIFEST-45" }, ["A1"]],
      ["anchors by id and block", "anchors", { id_in: [A.A1, A.A2], anchorer: P.holderB, blockNumber_gte: "46", blockNumber_lt: "47" }, ["A2"]],
      ["anchors by block and leaves", "anchors", { id: A.A1, blockNumber_lte: "45", blockNumber_gt: "44", leafCount_gte: 3, leafCount_lt: 4 }, ["A1"]],
    ];

    it.each(cases)("%s (%s)", async (_name, field, where, expected) => {
      const data = await ok(`query($where: ${field === "datasets" ? "Dataset" : field === "participants" ? "Participant" : field === "grants" ? "Grant" : "Anchor"}_filter) {
        list: ${field}(where: $where, orderBy: ${field === "grants" ? "id" : field === "anchors" ? "blockNumber" : field === "participants" ? "addedBlock" : "registeredBlock"}) { items { id } } }`, { where });
      expect(names(data.list.items)).toEqual(expected);
    });

    it("filters the audit trail by every field", async () => {
      const trail = async (where: Record<string, unknown>) =>
        (await ok(`query($where: Event_filter) { events(where: $where, first: 1000) { items { id name blockNumber } } }`, { where })).events.items as Data[];
      const { dataset } = await ok(`{ dataset(id: "${D.D9}") { registeredTx } }`);
      expect((await trail({ datasetId: D.D9 })).map((e) => e.name)).toEqual(["DatasetRegistered", "DatasetConfirmed", "DatasetObjected", "DatasetDecisionVoted", "DatasetDisputeResolved"]);
      expect((await trail({ datasetId_in: [D.D7], name_not: "DatasetRegistered" })).map((e) => e.name)).toEqual(["DatasetRetired", "DatasetDecisionVoted", "DatasetRevoked"]);
      expect((await trail({ grantId: "5", name_in: ["GrantSuspended", "GrantReinstated"] })).map((e) => e.blockNumber)).toEqual(["38", "39"]);
      expect((await trail({ grantId_in: ["1", "3"], name: "GrantIssued" })).map((e) => e.blockNumber)).toEqual(["30", "33"]);
      expect((await trail({ actor: P.regulator, contract: "datasets" })).map((e) => e.name)).toEqual([
        "DatasetFrozen",
        "DatasetUnfrozen",
        "DatasetDecisionVoted",
        "DatasetDisputeResolved",
        "DatasetDecisionVoted",
        "DatasetRevoked",
      ]);
      expect((await trail({ actor_in: [P.registrar2], contract_in: ["directory", "datasets"], blockNumber_lt: "13" })).map((e) => e.blockNumber)).toEqual(["7"]);
      expect((await trail({ participant: P.holderA2, name: "DatasetTransferred" })).map((e) => e.blockNumber)).toEqual(["13"]);
      expect((await trail({ anchorRoot: A.A2 })).map((e) => e.name)).toEqual(["BatchAnchored"]);
      expect((await trail({ txHash: dataset.registeredTx })).map((e) => e.blockNumber)).toEqual(["22"]);
      expect((await trail({ blockNumber: "5" })).map((e) => e.id)).toEqual([eventId(5, 0), eventId(5, 1)]);
      expect((await trail({ blockNumber_gte: "45", blockNumber_lte: "46" })).map((e) => e.name)).toEqual(["BatchAnchored", "BatchAnchored"]);
      expect((await trail({ blockNumber_gt: "49", timestamp_gte: String(blockTime(50)), timestamp_lte: String(blockTime(50)) })).map((e) => e.name)).toEqual([
        "ParticipantRolesChanged",
      ]);
      expect((await trail({ timestamp_gt: String(blockTime(41)), timestamp_lt: String(blockTime(45)) })).map((e) => e.blockNumber)).toEqual(["42"]);
      expect((await trail({ id_in: ["5-1", eventId(3, 0), "999-0"] })).map((e) => e.id)).toEqual([eventId(3, 0), eventId(5, 1)]);
      expect(await trail({ name: "datasetretired", or: [{ blockNumber: "19" }, { blockNumber: "20" }] })).toHaveLength(1);
    });

    it("filters a dataset's grants", async () => {
      const { dataset } = await ok(`{ dataset(id: "${D.D1}") { all: grants { items { id } } active: grants(where: { status_in: ["active", "scheduled"] }) { items { id } } } }`);
      expect(dataset).toEqual({ all: { items: [{ id: "2" }, { id: "3" }] }, active: { items: [{ id: "2" }] } });
    });
  });

  describe("verify, lineage, stats, _meta", () => {
    it("verifies content: a dataset registered under it and the anchored batches that list it", async () => {
      const { verify } = await ok(`query($h: String!) { verify(contentHash: $h) { contentHash found dataset { id status holder { id } }
        anchoredIn { items { path proof anchor { id } } pageInfo { hasNextPage } } } }`, { h: CONTENT.D1.toUpperCase().replace("0X", "0x") });
      expect(verify).toEqual({
        contentHash: CONTENT.D1,
        found: true,
        dataset: { id: D.D1, status: "confirmed", holder: { id: P.holderA2 } },
        anchoredIn: { items: [{ path: "batch/a.csv", proof: [hash(`proof ${A.A1} 0 a`), hash(`proof ${A.A1} 0 b`)], anchor: { id: A.A1 } }], pageInfo: { hasNextPage: false } },
      });
      const more = await ok(`query($d1: String!, $d3: String!, $b: String!, $none: String!) {
        before: verify(contentHash: $d1, block: { number: 44 }) { found dataset { id status } anchoredIn { items { path } } }
        sm3: verify(contentHash: $d3, algorithm: sm3) { found dataset { id } }
        sha256: verify(contentHash: $d3, algorithm: sha256) { found dataset { id } }
        fileOnly: verify(contentHash: $b) { found dataset { id } anchoredIn { items { path } } }
        none: verify(contentHash: $none) { found dataset { id } anchoredIn { items { path } } }
      }`, { d1: CONTENT.D1, d3: CONTENT.D3, b: A1_FILES[1].content_hash, none: hash("never registered") });
      expect(more).toEqual({
        before: { found: true, dataset: { id: D.D1, status: "notice" }, anchoredIn: { items: [] } },
        sm3: { found: true, dataset: { id: D.D3 } },
        sha256: { found: false, dataset: null },
        fileOnly: { found: true, dataset: null, anchoredIn: { items: [{ path: "batch/b.csv" }] } },
        none: { found: false, dataset: null, anchoredIn: { items: [] } },
      });
    });

    it("walks lineage up and down, breadth first, with each edge at its shortest distance", async () => {
      const walk = async (id: string, direction: string, depth?: number) => {
        const { lineage } = await ok(`query($id: ID!, $depth: Int) { lineage(id: $id, direction: ${direction}, depth: $depth) {
          root { id } direction truncated edges { items { depth edge { parent { id } child { id } derivation blockNumber } } } } }`, { id, depth });
        return {
          root: nameOf(lineage.root.id),
          direction: lineage.direction,
          truncated: lineage.truncated,
          edges: lineage.edges.items.map((e: Data) => `${e.depth}: ${nameOf(e.edge.child.id)} <-${e.edge.derivation}- ${nameOf(e.edge.parent.id)}`),
        };
      };
      expect(await walk(D.D6, "UP")).toEqual({
        root: "D6",
        direction: "UP",
        truncated: false,
        edges: [
          "1: D6 <-transformation- D5",
          "2: D5 <-model-training- D4",
          "3: D4 <-de-identification- D3",
          "4: D3 <-aggregation- D1",
          "4: D3 <-aggregation- D2",
          "5: D2 <-transformation- D1",
        ],
      });
      expect(await walk(D.D6, "UP", 3)).toMatchObject({ truncated: true, edges: { length: 3 } });
      expect(await walk(D.D6, "UP", 5)).toMatchObject({ truncated: false, edges: { length: 6 } });
      expect(await walk(D.D1, "DOWN")).toEqual({
        root: "D1",
        direction: "DOWN",
        truncated: false,
        edges: [
          "1: D2 <-transformation- D1",
          "1: D3 <-aggregation- D1",
          "1: D1v2 <-revision- D1",
          "2: D3 <-aggregation- D2",
          "2: D4 <-de-identification- D3",
          "3: D5 <-model-training- D4",
          "4: D6 <-transformation- D5",
        ],
      });
      expect(await walk(D.D1, "DOWN", 2)).toMatchObject({ truncated: true, edges: { length: 5 } });
      expect(await walk(D.D8, "UP")).toEqual({ root: "D8", direction: "UP", truncated: false, edges: [] });
    });

    it("counts datasets, grants and participants by every label", async () => {
      const { count } = (await fixture.db.query<{ count: number }>("select count(*)::int8 as count from events"))[0]!;
      const { stats } = await ok(`{ stats { datasets participants grants anchors anchoredFiles events
        datasetsBySector { key count } datasetsByCategory { key count } datasetsByGrade { key count } datasetsByJurisdiction { key count }
        datasetsByStatus { key count } grantsByRight { key count } grantsByMechanism { key count } grantsByStatus { key count }
        participantsByJurisdiction { key count } } }`);
      const counts = (entries: [string, number][]) => entries.map(([key, n]) => ({ key, count: n }));
      expect(stats).toEqual({
        datasets: 10,
        participants: 7,
        grants: 6,
        anchors: 2,
        anchoredFiles: "253",
        events: count,
        datasetsBySector: counts([["health", 2], ["population", 2], ["42", 1], ["biosafety", 1], ["education", 1], ["finance", 1], ["other", 1], ["transport", 1]]),
        datasetsByCategory: counts([["public", 6], ["enterprise", 3], ["personal", 1]]),
        datasetsByGrade: counts([["general", 6], ["important", 4]]),
        datasetsByJurisdiction: counts([["gz", 6], ["hk", 4]]),
        datasetsByStatus: counts([["pending", 3], ["confirmed", 2], ["notice", 2], ["disputed", 1], ["rejected", 1], ["revoked", 1]]),
        grantsByRight: counts([["processing-use", 4], ["holding", 1], ["product-operation", 1]]),
        grantsByMechanism: counts([["none", 3], ["gba-sc-hk", 1], ["security-assessment", 1], ["standard-contract", 1]]),
        grantsByStatus: counts([["active", 2], ["denied", 1], ["expired", 1], ["revoked", 1], ["scheduled", 1]]),
        participantsByJurisdiction: counts([["gz", 5], ["hk", 1], ["mo", 1]]),
      });
    });

    it("reports the indexed block, the chain head, the lag and the sync's health", async () => {
      expect((await ok("{ _meta { block { number hash timestamp } chainHead lag hasIndexingErrors chainId deploymentBlock } }"))._meta).toEqual({
        block: { number: CHECKPOINT, hash: blockHash(CHECKPOINT), timestamp: blockTime(CHECKPOINT) },
        chainHead: 64,
        lag: 4,
        hasIndexingErrors: false,
        chainId: 31337,
        deploymentBlock: 1,
      });
      const starting = createFixtureClient(fixture.db, { status: { chainHead: () => null, hasIndexingErrors: () => true, deploymentBlock: 7 } });
      expect((await ok("{ _meta { chainHead lag hasIndexingErrors deploymentBlock } }", {}, starting))._meta).toEqual({
        chainHead: null,
        lag: null,
        hasIndexingErrors: true,
        deploymentBlock: 7,
      });
    });

    it("answers before the first checkpoint: nothing indexed, and no block to travel to", async () => {
      const saved = (await fixture.db.query("select * from dpr_checkpoint"))[0]!;
      await fixture.db.query("delete from dpr_checkpoint");
      try {
        const fresh = createFixtureClient(fixture.db, { status: { deploymentBlock: 1 } });
        const data = await ok("{ _meta { block { number hash timestamp } } datasets { items { id } } }", {}, fresh);
        expect(data).toEqual({ _meta: { block: { number: 0, hash: `0x${"0".repeat(64)}`, timestamp: 0 } }, datasets: { items: [] } });
        expect(await refused("{ datasets(block: { number: 1 }) { items { id } } }", {}, fresh)).toMatchInlineSnapshot(`
          {
            "code": "BLOCK_NOT_INDEXED",
            "message": "block 1 is not indexed yet: the indexer has not indexed any block",
          }
        `);
      } finally {
        await fixture.db.query("insert into dpr_checkpoint (id, block_number, block_hash, block_timestamp) values (1, $1, $2, $3)", [
          saved.block_number,
          saved.block_hash,
          saved.block_timestamp,
        ]);
      }
    });

    it("serves GraphiQL to a browser", async () => {
      const response = await api.yoga.fetch("http://x/graphql", { headers: { accept: "text/html" } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("DPR audit API");
    });
  });

  describe("bad input", () => {
    it("refuses malformed ids, addresses and hashes", async () => {
      expect(await refused(`{ dataset(id: "0x12") { id } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "id must be 32 bytes of hex (0x and 64 hex digits), got "0x12"",
        }
      `);
      expect(await refused(`{ participant(id: "0xnot-an-address") { id } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "id must be an address (0x and 40 hex digits), got "0xnot-an-address"",
        }
      `);
      expect(await refused(`{ grant(id: "abc") { id } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "id must be a grant id (a positive whole number), got "abc"",
        }
      `);
      expect(await refused(`{ event(id: "12") { id } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "id must be an event id, <block>-<log index> such as 000000000042-000003, got "12"",
        }
      `);
      expect(await refused(`{ verify(contentHash: "not a hash") { found } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "contentHash must be 32 bytes of hex (0x and 64 hex digits), got "not a hash"",
        }
      `);
      expect(await refused(`{ datasets(where: { holder: "0x1234" }) { items { id } } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "where.holder must be an address (0x and 40 hex digits), got "0x1234"",
        }
      `);
      expect(await refused(`query($h: Bytes) { datasets(where: { holder: $h }) { items { id } } }`, { h: "0xzz" })).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "Variable "$h" got invalid value "0xzz"; Expected type "Bytes". Bytes must be 0x followed by an even number of hex digits, got "0xzz"",
        }
      `);
      expect(await refused(`{ datasets(where: { or: [{ category: "publik" }] }) { items { id } } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "where.or[0].category "publik" is not one of: public, enterprise, personal",
        }
      `);
      expect(await refused(`{ events(where: { name: "DatasetRegistred" }) { items { id } } }`)).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(await refused(`{ participants(where: { jurisdiction: "beijing" }) { items { id } } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "where.jurisdiction "beijing" is not one of: gz, hk, mo, mainland-other, other, shenzhen, zhuhai, foshan, huizhou, dongguan, zhongshan, jiangmen, zhaoqing",
        }
      `);
    });

    it("refuses page sizes out of range, unknown orderings and cursors it did not issue", async () => {
      expect(await refused(`{ datasets(first: 5000) { items { id } } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "first must be between 0 and 1000, got 5000; to read more, follow pageInfo.endCursor with after",
        }
      `);
      expect(await refused(`{ participant(id: "${P.holderA}") { events(first: -1) { items { id } } } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "first must be between 0 and 1000, got -1; to read more, follow pageInfo.endCursor with after",
        }
      `);
      expect(await refused(`{ datasets(orderBy: holder) { items { id } } }`)).toMatchInlineSnapshot(`
        {
          "code": "GRAPHQL_VALIDATION_FAILED",
          "message": "Value "holder" does not exist in "Dataset_orderBy" enum.",
        }
      `);
      expect(await refused(`query($o: Grant_orderBy) { grants(orderBy: $o) { items { id } } }`, { o: "status" })).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "Variable "$o" got invalid value "status"; Value "status" does not exist in "Grant_orderBy" enum.",
        }
      `);
      const { datasets } = await ok(`{ datasets(first: 2) { pageInfo { endCursor } } }`);
      const cursor: string = datasets.pageInfo.endCursor;
      const body = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
      const tampered = Buffer.from(JSON.stringify({ ...body, k: ["5 or 1=1", body.k[1]] })).toString("base64url");
      expect(await refused(`query($after: String) { datasets(after: $after) { items { id } } }`, { after: tampered })).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "after is not a cursor this API issued ("eyJlIjoiRGF0YXNldCIsIm8iOiJyZWdpc3RlcmVkQmxvY2siLCJkIjoiYXNjIiwiayI6WyI1IG9yI..."); pass pageInfo.endCursor unchanged",
        }
      `);
      expect(await refused(`{ datasets(after: "!!!") { items { id } } }`)).toMatchObject({ code: "BAD_USER_INPUT" });
      expect(await refused(`query($after: String) { datasets(after: $after, orderDirection: desc) { items { id } } }`, { after: cursor })).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "after is a cursor of another list or ordering (Dataset by registeredBlock asc), not of Dataset by registeredBlock desc; pass the endCursor of this same query",
        }
      `);
      expect(await refused(`query($after: String) { grants(after: $after) { items { id } } }`, { after: cursor })).toMatchObject({ code: "BAD_USER_INPUT" });
    });

    it("refuses a lineage too deep or of an unknown dataset", async () => {
      expect(await refused(`{ lineage(id: "${D.D1}", depth: 500) { truncated } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "depth must be between 1 and 50 generations, got 500",
        }
      `);
      expect(await refused(`{ lineage(id: "${hash("unknown")}") { truncated } }`)).toMatchInlineSnapshot(`
        {
          "code": "NOT_FOUND",
          "message": "no dataset has the id 0xb23a6a8439c0dde5515893e7c90c1e3233b8616e634470f20dc4928bcf3609bc at block 60",
        }
      `);
      expect(await refused(`{ lineage(id: "${D.D5}", block: { number: 14 }) { truncated } }`)).toMatchObject({ code: "NOT_FOUND" });
    });

    it("refuses blocks the index has not reached, unknown hashes and ambiguous block arguments", async () => {
      expect(await refused(`{ datasets(block: { number: 2000000000 }) { items { id } } }`)).toMatchInlineSnapshot(`
        {
          "code": "BLOCK_NOT_INDEXED",
          "message": "block 2000000000 is not indexed yet: the index has reached block 60",
        }
      `);
      expect(await refused(`{ datasets(block: { number: 1000000000000 }) { items { id } } }`)).toMatchInlineSnapshot(`
        {
          "code": "GRAPHQL_VALIDATION_FAILED",
          "message": "Int cannot represent non 32-bit signed integer value: 1000000000000",
        }
      `);
      expect(await refused(`{ stats(block: { number_gte: 61 }) { datasets } }`)).toMatchObject({ code: "BLOCK_NOT_INDEXED" });
      expect(await refused(`{ stats(block: { number: -1 }) { datasets } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "block.number must be a block number (a whole number from 0), got -1",
        }
      `);
      expect(await refused(`query($h: Bytes) { dataset(id: "${D.D1}", block: { hash: $h }) { id } }`, { h: hash("unknown block") })).toMatchInlineSnapshot(`
        {
          "code": "BLOCK_NOT_INDEXED",
          "message": "no indexed block has the hash 0xe8d072c6e066a0d39d57378a03f8d8eb771db89579376fe3ca568725ccf10f0f (the index keeps the hashes of blocks with events and of the recent unfinalised blocks; ask by number instead)",
        }
      `);
      expect(await refused(`{ stats(block: { number: 5, number_gte: 3 }) { datasets } }`)).toMatchInlineSnapshot(`
        {
          "code": "BAD_USER_INPUT",
          "message": "block takes one of number, hash or number_gte, not number and number_gte",
        }
      `);
    });
  });

  describe("limits", () => {
    let strict: FixtureClient;
    beforeAll(() => {
      strict = createFixtureClient(fixture.db, { now: STORY_NOW, limits: { maxDepth: 4, maxAliases: 2, maxTokens: 120, maxCost: 400, maxRows: 500 } });
    });

    it("refuses a query too deep, with too many aliases, tokens or cost, and keeps answering", async () => {
      const next = async () => expect((await ok(`{ stats { datasets } }`, {}, strict)).stats.datasets).toBe(10);
      expect(await refused(`{ dataset(id: "${D.D1}") { holder { datasets { items { holder { id } } } } } }`, {}, strict)).toMatchInlineSnapshot(`
        {
          "code": "QUERY_TOO_COMPLEX",
          "message": "query too complex: Query depth limit of 4 exceeded, found 6.",
        }
      `);
      await next();
      expect(await refused(`{ a: stats { datasets } b: stats { datasets } c: stats { datasets } }`, {}, strict)).toMatchInlineSnapshot(`
        {
          "code": "QUERY_TOO_COMPLEX",
          "message": "query too complex: Aliases limit of 2 exceeded, found 3.",
        }
      `);
      await next();
      expect(await refused(`{ ${Array.from({ length: 60 }, () => "stats { datasets }").join(" ")} }`, {}, strict)).toMatchInlineSnapshot(`
        {
          "code": "QUERY_TOO_COMPLEX",
          "message": "query too complex: Token limit of 120 exceeded.",
        }
      `);
      await next();
      expect(await refused(`{ datasets(first: 100) { items { id } } }`, {}, strict)).toMatchInlineSnapshot(`
        {
          "code": "QUERY_TOO_COMPLEX",
          "message": "query too complex: Query Cost limit of 400 exceeded, found 725.",
        }
      `);
      await next();
    });

    it("refuses nested pages that could multiply into too many rows, whether first is a literal or a variable", async () => {
      const budget = createFixtureClient(fixture.db, { now: STORY_NOW, limits: { maxRows: 500 } });
      expect(await refused(`{ participants(first: 30) { items { datasets(first: 30) { items { id } } } } }`, {}, budget)).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
      expect(await refused(`query($n: Int) { participants(first: $n) { items { datasets(first: $n) { items { id } } } } }`, { n: 30 }, budget)).toMatchInlineSnapshot(`
        {
          "code": "QUERY_TOO_COMPLEX",
          "message": "query too complex: its nested pages could return 930 rows, more than the 500 allowed; ask for smaller pages (first) and follow pageInfo.endCursor",
        }
      `);
      expect((await ok(`query($n: Int) { participants(first: $n) { items { datasets(first: $n) { items { id } } } } }`, { n: 20 }, budget)).participants.items).toHaveLength(7);
      // The default page size counts too: 100 participants' 100 datasets each.
      expect(await refused(`{ participants { items { datasets { items { id } } } } }`, {}, budget)).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
    });

    it("counts every nested entity page by its first: refuses those that multiply, answers small ones", async () => {
      const budget = createFixtureClient(fixture.db, { now: STORY_NOW, limits: { maxRows: 500 } });
      expect(await refused(`{ datasets(first: 30) { items { confirmations(first: 30) { items { id } } } } }`, {}, budget)).toMatchInlineSnapshot(`
        {
          "code": "QUERY_TOO_COMPLEX",
          "message": "query too complex: its nested pages could return 930 rows, more than the 500 allowed; ask for smaller pages (first) and follow pageInfo.endCursor",
        }
      `);
      for (const query of [
        `{ datasets(first: 30) { items { objections(first: 30) { items { id } } } } }`,
        `{ datasets(first: 30) { items { transfers(first: 30) { items { id } } } } }`,
        `{ datasets(first: 30) { items { versions(first: 30) { items { id } } } } }`,
        `{ datasets(first: 30) { items { children(first: 30) { items { derivation } } } } }`,
        `{ participants(first: 30) { items { organisationAccounts(first: 30) { items { id } } } } }`,
        `{ verify(contentHash: "${CONTENT.D1}") { anchoredIn(first: 600) { items { path } } } }`,
        `{ lineage(id: "${D.D1}", direction: DOWN) { edges(first: 30) { items { edge { child { versions(first: 30) { items { id } } } } } } } }`,
        // The default page size counts too: 100 datasets' 100 confirmations each.
        `{ datasets { items { confirmations { items { id } } } } }`,
      ]) {
        expect(await refused(query, {}, budget), query).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
      }
      const small = await ok(
        `{ datasets(first: 10, orderBy: id) { items { id confirmations(first: 5) { items { id } } objections(first: 5) { items { id } } transfers(first: 5) { items { id } }
          versions(first: 5) { items { id } } children(first: 5) { items { child { id } } } } }
          participant(id: "${P.holderA}") { organisationAccounts(first: 5) { items { id } } }
          verify(contentHash: "${CONTENT.D1}") { anchoredIn(first: 5) { items { path } } }
          lineage(id: "${D.D1}", direction: DOWN) { edges(first: 20) { items { edge { child { id } } } } } }`,
        {},
        budget,
      );
      expect(small.datasets.items).toHaveLength(10);
      expect(small.participant.organisationAccounts.items).toEqual([{ id: P.holderA2 }]);
      expect(small.verify.anchoredIn.items).toEqual([{ path: "batch/a.csv" }]);
      expect(small.lineage.edges.items).toHaveLength(7);
    });

    it("masks an unexpected failure, logs its cause, and keeps answering", async () => {
      // The database fails on the anchors' page (a fault injected under a real database).
      const fail = (sql: string) => /as "anchorerAddress"/.test(sql);
      const broken = new Error("disk full at /var/lib/secret-path");
      const failing = createFixtureClient(
        {
          ...fixture.db,
          query: (sql, params) => (fail(sql) ? Promise.reject(broken) : fixture.db.query(sql, params)),
          transaction: (fn) => fixture.db.transaction((tx) => fn({ ...tx, query: (sql, params) => (fail(sql) ? Promise.reject(broken) : tx.query(sql, params)) })),
        },
        { now: STORY_NOW },
      );
      const response = await failing.query(`{ stats { participants } anchor(id: "${A.A1}") { id } }`);
      expect(response.errors).toMatchObject([{ message: "Unexpected error.", path: ["anchor"], extensions: { code: "INTERNAL_SERVER_ERROR" } }]);
      expect(JSON.stringify(response)).not.toContain("secret");
      expect(response.data).toEqual({ stats: { participants: 7 }, anchor: null });
      const logged = failing.logs.find((line) => line.msg === "GraphQL request failed")!;
      expect(logged).toMatchObject({ level: 50, path: "anchor", err: { message: "disk full at /var/lib/secret-path" } });
      expect((await ok(`{ stats { anchors } }`, {}, failing)).stats.anchors).toBe(2);
      expect((await ok(`{ anchor(id: "${A.A1}") { id } }`)).anchor.id).toBe(A.A1);
    });
  });
});
