/**
 * The sync, store and handlers against a real Hardhat node: a story that emits every event type, indexed
 * into PGlite and PostgreSQL, must agree with the contracts' own reads at the indexed block, and the audit
 * trail must hold every log exactly once.
 */
import { getAttestedNames, getDataset, getGrant, getParticipant, legalIdentityHash, participantDirectoryAbi } from "@dpr/sdk";
import { type Hex, getAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { createTestDatabase, testStores, type TestDatabase } from "../testing/databases.js";
import { type SyncHandle, canonicalDump, startSync } from "../testing/indexing.js";
import { createFixtureClient } from "../graphql/testing/harness.js";
import {
  STORY_NAMES,
  STORY_ROTATED_ZONE_SECRET,
  STORY_ZONE_SECRET,
  type StoryChain,
  type StoryRecord,
  h,
  setUpChain,
  tellStory,
} from "../testing/story.js";

const stores = await testStores();

let node: DevChain;
let chain: StoryChain;
let story: StoryRecord;

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 60);
  story = await tellStory(chain);
}, 180_000);

afterAll(async () => {
  await node?.stop();
});

describe.each(stores)("indexing the story into %s", (kind) => {
  let database: TestDatabase;
  let handle: SyncHandle;
  let indexed: number;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // Small ranges so the backfill crosses many range boundaries.
    handle = await startSync(database, node.url, chain.deployment, { initialRange: 3, maxRange: 8 });
    await handle.sync.caughtUp();
    indexed = handle.sync.status.indexedBlock()!;
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it("reaches the chain head and reports ready", async () => {
    expect(indexed).toBe(Number(await chain.publicClient.getBlockNumber()));
    expect(handle.sync.status.isReady()).toBe(true);
    expect(handle.sync.status.hasIndexingErrors()).toBe(false);
  });

  it.runIf(kind === "pglite")("gives PGlite's planner statistics once caught up (it has no autovacuum)", async () => {
    // A table never analyzed has reltuples -1; after ANALYZE it holds the row count it sampled.
    const [events] = await handle.db.query<{ reltuples: number }>("select reltuples::int8 as reltuples from pg_class where relname = 'events'");
    const [{ count }] = (await handle.db.query<{ count: number }>("select count(*)::int8 as count from events")) as [{ count: number }];
    expect(count).toBeGreaterThan(0);
    expect(events!.reltuples).toBe(count);
  });

  it("keeps every log of the four contracts exactly once, in chain order, with its actor", async () => {
    const logs = await chain.publicClient.getLogs({
      address: Object.values(chain.deployment.contracts),
      fromBlock: chain.deployment.deploymentBlock,
      toBlock: BigInt(indexed),
    });
    const rows = await handle.db.query<{ block_number: number; log_index: number; tx_hash: string; name: string; actor: string | null }>(
      "select block_number, log_index, tx_hash, name, actor from events order by id",
    );
    expect(rows.map((r) => [r.block_number, r.log_index, r.tx_hash])).toEqual(
      logs.map((log) => [Number(log.blockNumber), log.logIndex, log.transactionHash.toLowerCase()]),
    );
    const names = new Set(rows.map((r) => r.name));
    for (const name of [
      "ParticipantAdded", "ParticipantRolesChanged", "ParticipantMetadataChanged", "ParticipantSuspended", "ParticipantReinstated",
      "ParticipantLegalIdentityChanged", "OrganisationNameAttested",
      "RoleGranted", "RoleRevoked", "DefaultAdminTransferScheduled", "DatasetRegistered", "DatasetDerived", "DatasetConfirmed", "DatasetObjected",
      "DatasetDisputeResolved", "DatasetTransferRequested", "DatasetTransferCancelled", "DatasetTransferred", "DatasetFrozen",
      "DatasetUnfrozen", "DatasetRetired", "DatasetRefused", "DatasetWithdrawn", "DatasetDecisionVoted", "DatasetRevoked",
      "DatasetHolderCorrected", "DatasetAncestryRevoked", "DatasetReconfirmed", "GrantIssued", "GrantAcknowledged", "GrantDenied", "GrantSuspended", "GrantReinstated",
      "GrantRevoked", "BatchAnchored",
    ]) {
      expect(names, name).toContain(name);
    }
    // Every event names who acted, but OpenZeppelin's DefaultAdminTransferScheduled, which names only the nominee.
    expect(rows.filter((r) => r.actor === null || r.actor === "0x0000000000000000000000000000000000000000").map((r) => r.name)).toEqual([
      "DefaultAdminTransferScheduled",
    ]);
    const [resolved] = await handle.db.query<{ actor: string; dataset_id: string }>("select actor, dataset_id from events where name = 'DatasetDisputeResolved' order by id limit 1");
    expect(resolved).toEqual({ actor: chain.a.regulator.toLowerCase(), dataset_id: story.datasets.disputed });
  });

  it("stores an organisation's re-committed legal identity on its accounts, as the directory has it", async () => {
    const directory = { address: chain.deployment.contracts.directory, abi: participantDirectoryAbi } as const;
    const committed = await chain.publicClient.readContract({ ...directory, functionName: "legalIdentityOf", args: [chain.a.holder2] });
    expect(committed).toBe(await legalIdentityHash("legal identity of holder2", STORY_ROTATED_ZONE_SECRET));
    const versions = await handle.db.query<{ legal_id_hash: string; block_to: number | null }>(
      "select legal_id_hash, block_to from participants where id = $1 order by block_from",
      [chain.a.holder2.toLowerCase()],
    );
    expect(versions.at(-1)).toEqual({ legal_id_hash: committed, block_to: null });
    // The history keeps the commitment it had before.
    expect(versions[0]!.legal_id_hash).toBe(await legalIdentityHash("legal identity of holder2", STORY_ZONE_SECRET));
    const [changed] = await handle.db.query<{ actor: string; participant: string }>(
      "select actor, participant from events where name = 'ParticipantLegalIdentityChanged'",
    );
    expect(changed).toEqual({ actor: chain.a.admin.toLowerCase(), participant: chain.a.holder2.toLowerCase() });
  });

  it("agrees with the contracts on every dataset at the indexed block", async () => {
    const [checkpoint] = await handle.db.query<{ block_timestamp: number }>("select block_timestamp from dpr_checkpoint");
    const rows = await handle.db.query<Record<string, unknown>>(
      "select *, dpr_dataset_status(stage, frozen, notice_ends_at, $1) as status from datasets where block_to is null order by registered_block",
      [checkpoint!.block_timestamp],
    );
    expect(rows).toHaveLength(Object.keys(story.datasets).length);
    for (const row of rows) {
      const onChain = (await getDataset({ publicClient: chain.publicClient, deployment: chain.deployment }, {
        datasetId: row.id as Hex,
        blockNumber: BigInt(indexed),
      }))!;
      expect({
        status: row.status,
        holder: getAddress(row.holder as string),
        algorithm: row.algorithm,
        category: row.category,
        grade: row.grade,
        containsPersonalData: row.contains_personal_data,
        sector: row.sector,
        jurisdiction: row.jurisdiction,
        registeredAt: BigInt(row.registered_at as number),
        registeredBlock: BigInt(row.registered_block as number),
        confirmations: row.confirmations,
        requiredConfirmations: row.required_confirmations,
        confirmedAt: row.confirmed_at === null ? null : BigInt(row.confirmed_at as number),
        frozen: row.frozen,
        superseded: row.superseded,
        declassified: row.declassified,
        ancestryRevoked: row.ancestry_revoked,
        pendingTransferTo: row.pending_transfer_to === null ? null : getAddress(row.pending_transfer_to as string),
        noticeEndsAt: row.notice_ends_at === null || row.notice_remaining !== null ? null : BigInt(row.notice_ends_at as number),
        noticeRemaining: row.notice_remaining === null ? null : BigInt(row.notice_remaining as number),
        claim: row.claim,
        openObjections: row.open_objections,
        grantsValidFrom: row.grants_valid_from === null ? null : BigInt(row.grants_valid_from as string),
      }, String(row.id)).toEqual({
        status: onChain.status,
        holder: onChain.holder,
        algorithm: onChain.algorithm,
        category: onChain.category,
        grade: onChain.grade,
        containsPersonalData: onChain.containsPersonalData,
        sector: onChain.sector,
        jurisdiction: onChain.jurisdiction,
        registeredAt: onChain.registeredAt,
        registeredBlock: onChain.registeredBlock,
        confirmations: onChain.confirmations,
        requiredConfirmations: onChain.requiredConfirmations,
        confirmedAt: onChain.confirmedAt,
        frozen: onChain.frozen,
        superseded: onChain.superseded,
        declassified: onChain.declassified,
        ancestryRevoked: onChain.ancestryRevoked,
        pendingTransferTo: onChain.pendingTransferTo,
        noticeEndsAt: onChain.noticeEndsAt,
        noticeRemaining: onChain.noticeRemaining,
        claim: onChain.claim,
        openObjections: onChain.openObjections,
        grantsValidFrom: onChain.grantsValidFrom,
      });
    }
    const statuses = Object.fromEntries(rows.map((r) => [Object.entries(story.datasets).find(([, id]) => id === r.id)![0], r.status]));
    expect(statuses).toMatchObject({
      disputed: "confirmed",
      copied: "rejected",
      frozen: "frozen",
      old: "retired",
      campus: "revoked",
      reclaimed: "pending",
      withdrawn: "withdrawn",
      paused: "frozen",
      objected: "disputed",
      voted: "disputed",
      claimed: "notice",
      traffic: "confirmed",
    });
  });

  it("stores an organisation's attested name on every account of it, with its history, apart from the declared profile", async () => {
    const directory = { address: chain.deployment.contracts.directory, abi: participantDirectoryAbi } as const;
    const second = JSON.stringify(STORY_NAMES.second);
    for (const account of [chain.a.holder, chain.a.clerk]) {
      expect(await chain.publicClient.readContract({ ...directory, functionName: "attestedNameOf", args: [account] })).toBe(second);
    }
    const versions = async (account: string) =>
      handle.db.query<{ attested_name: string | null; name_attested_by: string | null; metadata_uri: string }>(
        "select attested_name, name_attested_by, metadata_uri from participants where id = $1 order by block_from",
        [account.toLowerCase()],
      );
    const holder = await versions(chain.a.holder);
    // Onboarded unnamed; named; renamed itself in its profile (the attested name stays); named again.
    expect(holder.map((v) => v.attested_name)).toEqual([null, STORY_NAMES.first, STORY_NAMES.first, second]);
    expect(holder.at(-1)!.name_attested_by).toBe(chain.a.admin.toLowerCase());
    expect(holder.at(-1)!.metadata_uri).toContain("Guangzhou%20Municipal%20Government");
    // The clerk joined the named organisation: it starts with the name, and follows the next attestation.
    expect((await versions(chain.a.clerk)).map((v) => v.attested_name)).toEqual([STORY_NAMES.first, second]);
    expect((await versions(chain.a.holder2)).every((v) => v.attested_name === null)).toBe(true);
    const attested = await handle.db.query<{ actor: string; participant: string }>(
      "select actor, participant from events where name = 'OrganisationNameAttested' order by id",
    );
    expect(attested).toEqual([0, 1].map(() => ({ actor: chain.a.admin.toLowerCase(), participant: chain.a.holder.toLowerCase() })));
  });

  it("serves the attested name, in a language, and the declared one apart, at the head and at past blocks", async () => {
    const client = createFixtureClient(handle.db);
    const [clerkAdded] = await handle.db.query<{ added_block: number }>("select added_block from participants where id = $1", [chain.a.clerk.toLowerCase()]);
    const query = `query ($id: ID!, $block: Block_height) {
      participant(id: $id, block: $block) {
        attestedName en: name zh: name(lang: "zh-HK") fr: name(lang: "fr") declaredName declaredZh: declaredName(lang: "zh-CN")
        nameAttestation { attestedBy blockNumber }
      }
    }`;
    const read = async (id: string, block?: number) =>
      (await client.query<{ participant: Record<string, unknown> }>(query, { id, ...(block === undefined ? {} : { block: { number: block } }) })).data!.participant;
    expect(await read(chain.a.holder)).toMatchObject({
      attestedName: JSON.stringify(STORY_NAMES.second),
      en: STORY_NAMES.second.en,
      zh: STORY_NAMES.second["zh-CN"],
      fr: STORY_NAMES.second.en,
      declaredName: STORY_NAMES.declared,
      declaredZh: STORY_NAMES.declared,
      nameAttestation: { attestedBy: chain.a.admin.toLowerCase() },
    });
    // The clerk: the organisation's name, and no profile of its own.
    expect(await read(chain.a.clerk)).toMatchObject({ en: STORY_NAMES.second.en, declaredName: null });
    // When the clerk joined, the first name held, and the holder's profile declared nothing.
    expect(await read(chain.a.holder, clerkAdded!.added_block)).toMatchObject({ attestedName: STORY_NAMES.first, en: STORY_NAMES.first, zh: STORY_NAMES.first, declaredName: null });
    expect(await read(chain.a.holder2)).toMatchObject({ attestedName: null, en: null, nameAttestation: null });
  });

  it("agrees with the contracts on every grant and participant", async () => {
    const [checkpoint] = await handle.db.query<{ block_timestamp: number }>("select block_timestamp from dpr_checkpoint");
    const grants = await handle.db.query<Record<string, unknown>>(
      "select *, dpr_grant_status(state, starts_at, expires_at, $1) as status from grants where block_to is null order by id",
      [checkpoint!.block_timestamp],
    );
    const context = { publicClient: chain.publicClient, deployment: chain.deployment };
    for (const row of grants) {
      const onChain = (await getGrant(context, { grantId: BigInt(row.id as string), blockNumber: BigInt(indexed) }))!;
      expect([row.status, row.dataset_id, getAddress(row.grantee as string), row.right]).toEqual([
        onChain.status,
        onChain.datasetId.toLowerCase(),
        onChain.grantee,
        onChain.right,
      ]);
    }
    expect(Object.fromEntries(grants.map((g) => [g.id, g.status]))).toEqual({
      [String(story.grants.domestic)]: "active",
      [String(story.grants.gba)]: "active",
      [String(story.grants.refused)]: "denied",
      [String(story.grants.suspended)]: "active",
      [String(story.grants.revoked)]: "revoked",
    });
    const participants = await handle.db.query<Record<string, unknown>>("select * from participants where block_to is null");
    for (const row of participants) {
      const onChain = (await getParticipant(context, { address: row.id as Hex, blockNumber: BigInt(indexed) }))!;
      const names = await getAttestedNames(context, { accounts: [row.id as Hex], blockNumber: BigInt(indexed) });
      expect([row.organisation, row.jurisdiction, row.roles, row.suspended, row.attested_name]).toEqual([
        onChain.organisation.toLowerCase(),
        onChain.jurisdiction,
        onChain.roles,
        onChain.suspended,
        names.get((row.id as string).toLowerCase() as Lowercase<Hex>),
      ]);
    }
  });

  it("versions entities by block, so every past state is kept", async () => {
    const versions = await handle.db.query<{ block_from: number; block_to: number | null; suspended: boolean }>(
      "select block_from, block_to, suspended from participants where id = $1 order by block_from",
      [chain.a.auditor.toLowerCase()],
    );
    expect(versions.map((v) => v.suspended)).toEqual([false, true, false]);
    expect(versions[0]!.block_to).toBe(versions[1]!.block_from);
    expect(versions[1]!.block_to).toBe(versions[2]!.block_from);
    expect(versions[2]!.block_to).toBeNull();
    const [lineage] = await handle.db.query<{ count: number }>("select count(*)::int8 as count from dataset_parents where child_id = $1", [story.datasets.mix]);
    expect(lineage!.count).toBe(2);
    const objections = await handle.db.query<{ resolved: boolean; upheld: boolean; outcome_status: string }>(
      "select resolved, upheld, outcome_status from objections where dataset_id = $1 and block_to is null",
      [story.datasets.disputed],
    );
    // Dismissed during notice: back to the notice period it had left.
    expect(objections).toEqual([
      { resolved: true, upheld: false, outcome_status: "notice" },
      { resolved: true, upheld: false, outcome_status: "notice" },
    ]);
    const transfers = await handle.db.query<{ status: string }>("select status from transfers where dataset_id = $1 and block_to is null order by requested_block", [
      story.datasets.loans,
    ]);
    expect(transfers.map((t) => t.status)).toEqual(["cancelled", "completed"]);
  });

  it("follows the life cycle v2: claims, pauses, votes, corrections and revoked ancestry", async () => {
    const current = async (label: string) =>
      (await handle.db.query<Record<string, unknown>>("select * from datasets where id = $1 and block_to is null", [story.datasets[label]]))[0]!;
    // A refused claim, then claim 2 on the same content: the row is reset, claim 1's rows keep their claim.
    const reclaimed = await current("reclaimed");
    expect([reclaimed.claim, reclaimed.stage, reclaimed.holder, reclaimed.refused_by]).toEqual([2, "pending", chain.a.holder2.toLowerCase(), null]);
    const edges = await handle.db.query<{ parent_id: string; claim: number }>("select parent_id, claim from dataset_parents where child_id = $1", [
      story.datasets.reclaimed,
    ]);
    expect(edges).toEqual([{ parent_id: story.datasets.traffic, claim: 1 }]);
    const [refused] = await handle.db.query<Record<string, unknown>>(
      "select claim, stage, refused_by, refusal_reason_hash from datasets where id = $1 and stage = 'refused'",
      [story.datasets.reclaimed],
    );
    expect(refused).toEqual({ claim: 1, stage: "refused", refused_by: chain.a.registrar.toLowerCase(), refusal_reason_hash: h("reason: not the holder's data") });
    // A withdrawn version gives its predecessor back the latest mark.
    expect([(await current("withdrawn")).withdrawn_by, (await current("loans-v2")).stage]).toEqual([chain.a.holder.toLowerCase(), "withdrawn"]);
    expect([(await current("loans")).superseded, (await current("loans")).superseded_by]).toEqual([false, null]);
    // Paused clocks keep the seconds left.
    expect(Number((await current("paused")).notice_remaining)).toBeGreaterThan(0);
    const objected = await current("objected");
    expect([objected.stage, objected.open_objections, Number(objected.notice_remaining) > 0]).toEqual(["disputed", 1, true]);
    const [objection] = await handle.db.query<Record<string, unknown>>("select organisation, claim, status from objections where dataset_id = $1", [story.datasets.objected]);
    expect(objection).toEqual({ organisation: chain.a.holder2.toLowerCase(), claim: 1, status: "open" });
    // A vote short of its quorum is the pending decision.
    const voted = await current("voted");
    expect([voted.decision_correction, voted.decision_new_holder, voted.decision_votes, voted.decision_required]).toEqual([false, null, 1, 2]);
    // A holder corrected: grants before grants_valid_from confer nothing; a revocation; marks and a re-confirmation.
    const claimed = await current("claimed");
    expect([claimed.correction_kind, claimed.holder, claimed.grants_valid_from]).toEqual([
      "holder-corrected",
      chain.a.holder.toLowerCase(),
      String(story.grants.revoked! + 1n),
    ]);
    expect([(await current("campus")).stage, (await current("campus")).correction_kind]).toEqual(["revoked", "revoked"]);
    expect([(await current("campus-map")).ancestry_revoked, (await current("campus-atlas")).ancestry_revoked]).toEqual([false, true]);
    const marks = await handle.db.query<{ dataset_id: string; parent_id: string }>("select dataset_id, parent_id from ancestry_marks order by id");
    expect(marks).toEqual([
      { dataset_id: story.datasets["campus-map"], parent_id: story.datasets.campus },
      { dataset_id: story.datasets["campus-atlas"], parent_id: story.datasets.campus },
    ]);
    const [{ count }] = (await handle.db.query<{ count: number }>("select count(*)::int8 as count from reconfirmations")) as [{ count: number }];
    expect(count).toBe(1);
  });

  it("builds the same index in one pass as in many small ranges", async () => {
    const fresh = await createTestDatabase(kind);
    try {
      const other = await startSync(fresh, node.url, chain.deployment, { initialRange: 100_000 });
      try {
        await other.sync.caughtUp();
        expect(await canonicalDump(other.db)).toEqual(await canonicalDump(handle.db));
      } finally {
        await other.close();
      }
    } finally {
      await fresh.drop();
    }
  }, 60_000);
});
