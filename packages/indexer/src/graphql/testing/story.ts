/**
 * Test support: a small registry history written as the handlers would index it, block by block
 * (blocks 1–60, checkpoint at 60). Its datasets go through registration, confirmation by one and two
 * registrars, the notice period, a dismissed and an upheld dispute, a holding transfer, a freeze, a
 * retirement and a new version; its grants through acknowledgement, denial, suspension, revocation,
 * a future start and an expiry; its participants through a suspension and a change of roles; and two
 * batches are anchored. Life cycle v2 (blocks 47–59): D8 objected, dismissed, refused and claimed again
 * (claim 2, new metadata); D4 disputed with a vote short of its quorum; D7 revoked; D6 marked for revoked
 * ancestry and re-confirmed, D5 marked. Lineage: D1 → {D2, D3, D1v2}, D2 → D3, D3 → D4 → D5 → D6.
 *
 * `STORY_NOW` is the fixed clock of the tests: after the checkpoint, while D1v2 and D3 are still in
 * their notice period and G2 has not started.
 */
import { FixtureWriter, address, blockTime, hash, pendingDatasetRow } from "./writer.js";
import type { Queryable } from "../../store/db.js";

export const CHECKPOINT = 60;
export const NOTICE_SECONDS = 600; // 50 blocks
export const STORY_NOW = blockTime(CHECKPOINT) + 100;

export const P = {
  admin: address(0xad),
  holderA: address(0xa1),
  holderA2: address(0xa2),
  holderB: address(0xb1),
  registrar1: address(0x71),
  registrar2: address(0x72),
  regulator: address(0x96),
  auditor: address(0xa0d),
} as const;

export const ORG = { a: address(0x0a), b: address(0x0b), r: address(0x0c), g: address(0x0d), u: address(0x0e) } as const;

export const D = {
  D1: hash("dataset D1"),
  D2: hash("dataset D2"),
  D3: hash("dataset D3"),
  D1v2: hash("dataset D1 v2"),
  D4: hash("dataset D4"),
  D5: hash("dataset D5"),
  D6: hash("dataset D6"),
  D7: hash("dataset D7"),
  D8: hash("dataset D8"),
  D9: hash("dataset D9"),
} as const;

export const CONTENT = Object.fromEntries(Object.keys(D).map((name) => [name, hash(`content of ${name}`)])) as Record<keyof typeof D, string>;

export const A = { A1: hash("anchor A1"), A2: hash("anchor A2") } as const;

/** File hashes of anchor A1; the first is also D1's content. */
export const A1_FILES = [
  { path: "batch/a.csv", content_hash: CONTENT.D1, size: "1024" },
  { path: "batch/b.csv", content_hash: hash("file b"), size: "2048" },
  { path: "batch/c.csv", content_hash: hash("file c"), size: "4096" },
] as const;

/** Writes the story into an empty, migrated database. */
export async function writeStory(db: Queryable): Promise<FixtureWriter> {
  const w = new FixtureWriter(db);

  // ------------------------------------------------------------------ participants (blocks 1–2)
  const participant = (block: number, id: string, organisation: string, jurisdiction: string, roles: string[], n: number) => {
    w.event(block, "ParticipantAdded", {
      contract: "directory",
      actor: P.admin,
      participant: id,
      args: { account: id, organisation, addedBy: P.admin, jurisdiction, roles, legalIdHash: hash(`legal ${n}`), metadataURI: `ipfs://participant-${n}` },
    });
    w.create(
      "participants",
      {
        id,
        organisation,
        jurisdiction,
        roles,
        roles_mask: roles.reduce((mask, role) => mask | (1 << ["holder", "registrar", "regulator", "auditor"].indexOf(role)), 0),
        legal_id_hash: hash(`legal ${n}`),
        metadata_uri: `ipfs://participant-${n}`,
        suspended: false,
        added_by: P.admin,
        added_at: blockTime(block),
        added_block: block,
        updated_at: blockTime(block),
        updated_block: block,
      },
      block,
    );
  };
  participant(1, P.holderA, ORG.a, "gz", ["holder"], 1);
  participant(1, P.registrar1, ORG.r, "gz", ["registrar"], 2);
  participant(1, P.registrar2, address(0x0f), "gz", ["registrar"], 3);
  participant(1, P.regulator, ORG.g, "gz", ["regulator"], 4);
  participant(2, P.holderB, ORG.b, "hk", ["holder"], 5);
  participant(2, P.holderA2, ORG.a, "gz", ["holder"], 6);
  participant(2, P.auditor, ORG.u, "mo", ["auditor"], 7);

  // ------------------------------------------------------------------ datasets
  const register = (
    block: number,
    name: keyof typeof D,
    holder: string,
    fields: { sector: number; category: string; grade: string; jurisdiction: string; personal?: boolean; algorithm?: string; required?: number; versionOf?: keyof typeof D },
  ) => {
    const id = D[name];
    const previous = fields.versionOf ? w.get("datasets", D[fields.versionOf]) : undefined;
    const { tx } = w.event(block, "DatasetRegistered", {
      contract: "datasets",
      actor: holder,
      dataset: id,
      args: { datasetId: id, holder, versionOf: previous ? previous.id : `0x${"0".repeat(64)}`, contentHash: CONTENT[name], category: fields.category, grade: fields.grade },
    });
    if (previous) {
      w.update("datasets", String(previous.id), block, { superseded: true, superseded_by: id, updated_at: blockTime(block), updated_block: block });
    }
    w.create(
      "datasets",
      pendingDatasetRow(block, tx, {
        id,
        series_id: previous ? previous.series_id : id,
        version_of: previous ? previous.id : null,
        version: previous ? Number(previous.version) + 1 : 1,
        holder,
        algorithm: fields.algorithm ?? "sha256",
        content_hash: CONTENT[name],
        metadata_hash: hash(`metadata ${name}`),
        metadata_uri: `https://data.example.gz/catalogue/${name.toLowerCase()}.json`,
        category: fields.category,
        grade: fields.grade,
        contains_personal_data: fields.personal ?? false,
        sector: fields.sector,
        jurisdiction: fields.jurisdiction,
        required_confirmations: fields.required ?? 1,
      }),
      block,
    );
  };
  const derive = (block: number, child: keyof typeof D, parent: keyof typeof D, derivation: string, position: number) => {
    const { id } = w.event(block, "DatasetDerived", { contract: "datasets", dataset: D[child], args: { datasetId: D[child], parentId: D[parent], derivation } });
    const claim = Number(w.get("datasets", D[child]).claim ?? 1);
    w.insert("dataset_parents", { child_id: D[child], parent_id: D[parent], derivation, position, block_number: block, event_id: id, claim });
  };
  const confirm = (block: number, name: keyof typeof D, registrar: string) => {
    const current = w.get("datasets", D[name]);
    const count = Number(current.confirmations) + 1;
    const required = Number(current.required_confirmations);
    const complete = count >= required;
    const noticeEndsAt = complete ? blockTime(block) + NOTICE_SECONDS : null;
    const { id, tx } = w.event(block, "DatasetConfirmed", {
      contract: "datasets",
      actor: registrar,
      dataset: D[name],
      args: { datasetId: D[name], registrar, confirmations: count, requiredConfirmations: required, noticeEndsAt: noticeEndsAt ?? 0 },
    });
    w.insert("confirmations", {
      id,
      dataset_id: D[name],
      registrar,
      confirmations: count,
      required_confirmations: required,
      notice_ends_at: noticeEndsAt,
      timestamp: blockTime(block),
      block_number: block,
      tx_hash: tx,
      claim: Number(current.claim ?? 1),
    });
    w.update("datasets", D[name], block, {
      confirmations: count,
      ...(complete ? { stage: "confirmed", confirmed_at: blockTime(block), notice_ends_at: noticeEndsAt } : {}),
      updated_at: blockTime(block),
      updated_block: block,
    });
  };
  const object = (block: number, name: keyof typeof D, objector: string) => {
    const dataset = w.get("datasets", D[name]);
    const organisation = String(w.get("participants", objector).organisation);
    const claim = Number(dataset.claim ?? 1);
    const { id, tx } = w.event(block, "DatasetObjected", {
      contract: "datasets",
      actor: objector,
      dataset: D[name],
      args: { datasetId: D[name], objector, organisation, claim, evidenceHash: hash(`evidence ${name}`) },
    });
    w.create(
      "objections",
      {
        id,
        dataset_id: D[name],
        objector,
        organisation,
        claim,
        status: "open",
        evidence_hash: hash(`evidence ${name}`),
        timestamp: blockTime(block),
        block_number: block,
        tx_hash: tx,
        resolved: false,
        resolver: null,
        upheld: null,
        decision_hash: null,
        outcome_status: null,
        previous_holder: null,
        new_holder: null,
        resolved_at: null,
        resolved_block: null,
      },
      block,
    );
    // From notice, the clock pauses with the time it has left.
    const inNotice = dataset.stage === "confirmed" && blockTime(block) < Number(dataset.notice_ends_at);
    w.update("datasets", D[name], block, {
      stage: "disputed",
      open_objections: Number(dataset.open_objections ?? 0) + 1,
      ...(inNotice ? { notice_remaining: Number(dataset.notice_ends_at) - blockTime(block) } : {}),
      updated_at: blockTime(block),
      updated_block: block,
    });
    return id;
  };
  const vote = (block: number, name: keyof typeof D, voter: string, correction: boolean, newHolder: string | null, votes: number, required: number) => {
    const organisation = String(w.get("participants", voter).organisation);
    const decisionHash = hash(`decision ${name} by ${voter}`);
    const { id, tx } = w.event(block, "DatasetDecisionVoted", {
      contract: "datasets",
      actor: voter,
      dataset: D[name],
      args: { datasetId: D[name], voter, organisation, correction, newHolder: newHolder ?? address(0), votes, required, decisionHash },
    });
    w.insert("decision_votes", {
      id,
      dataset_id: D[name],
      claim: Number(w.get("datasets", D[name]).claim ?? 1),
      voter,
      organisation,
      correction,
      new_holder: newHolder,
      votes,
      required,
      decision_hash: decisionHash,
      timestamp: blockTime(block),
      block_number: block,
      tx_hash: tx,
    });
    const decided = votes >= required;
    w.update("datasets", D[name], block, {
      decision_correction: decided ? null : correction,
      decision_new_holder: decided ? null : newHolder,
      decision_votes: decided ? null : votes,
      decision_required: decided ? null : required,
      decision_first_organisation: decided ? null : organisation,
      updated_at: blockTime(block),
      updated_block: block,
    });
  };
  const resolve = (block: number, name: keyof typeof D, objectionId: string, resolver: string, upheld: boolean) => {
    const dataset = w.get("datasets", D[name]);
    const holder = String(dataset.holder);
    if (upheld) vote(block, name, resolver, false, null, 1, 1);
    // Dismissed: back to review, or to the notice time it had left; upheld without a new holder: rejected.
    const resumed = !upheld && dataset.notice_remaining !== null && dataset.notice_remaining !== undefined;
    const status = upheld ? "rejected" : resumed ? "notice" : "pending";
    w.event(block, "DatasetDisputeResolved", {
      contract: "datasets",
      actor: resolver,
      dataset: D[name],
      args: { datasetId: D[name], resolver, upheld, previousHolder: holder, holder, status, decisionHash: hash(`decision ${name}`) },
    });
    w.update("objections", objectionId, block, {
      resolved: true,
      status: upheld ? "upheld" : "dismissed",
      resolver,
      upheld,
      decision_hash: hash(`decision ${name}`),
      outcome_status: status,
      previous_holder: holder,
      new_holder: holder,
      resolved_at: blockTime(block),
      resolved_block: block,
    });
    const period = Number(dataset.notice_ends_at) - Number(dataset.confirmed_at);
    const noticeEndsAt = blockTime(block) + Number(dataset.notice_remaining);
    w.update("datasets", D[name], block, {
      stage: status === "notice" ? "confirmed" : status,
      open_objections: 0,
      notice_remaining: null,
      ...(resumed ? { notice_ends_at: noticeEndsAt, confirmed_at: noticeEndsAt - period } : {}),
      ...(upheld ? { ended_at: blockTime(block), ended_block: block } : {}),
      updated_at: blockTime(block),
      updated_block: block,
    });
  };
  const datasetEvent = (block: number, name: keyof typeof D, event: string, actor: string, changes: Record<string, unknown>) => {
    w.event(block, event, { contract: "datasets", actor, dataset: D[name], args: { datasetId: D[name] } });
    w.update("datasets", D[name], block, { ...changes, updated_at: blockTime(block), updated_block: block });
  };

  register(3, "D1", P.holderA, { sector: 3, category: "public", grade: "general", jurisdiction: "gz" });
  confirm(4, "D1", P.registrar1); // notice until block 54's time
  register(5, "D2", P.holderA, { sector: 2, category: "enterprise", grade: "important", jurisdiction: "gz", personal: true, required: 2 });
  derive(5, "D2", "D1", "transformation", 0);
  confirm(6, "D2", P.registrar1);
  confirm(7, "D2", P.registrar2);
  register(8, "D3", P.holderB, { sector: 5, category: "public", grade: "general", jurisdiction: "hk", algorithm: "sm3" });
  derive(8, "D3", "D1", "aggregation", 0);
  derive(8, "D3", "D2", "aggregation", 1);
  register(9, "D1v2", P.holderA, { sector: 3, category: "public", grade: "general", jurisdiction: "gz", versionOf: "D1" });
  derive(9, "D1v2", "D1", "revision", 0);
  const dismissed = object(10, "D2", P.holderB);
  resolve(12, "D2", dismissed, P.registrar1, false);

  // A holding transfer of D1 inside organisation A.
  const { id: transferId } = w.event(11, "DatasetTransferRequested", {
    contract: "datasets",
    actor: P.holderA,
    dataset: D.D1,
    participant: P.holderA2,
    args: { datasetId: D.D1, from: P.holderA, to: P.holderA2 },
  });
  w.create(
    "transfers",
    {
      id: transferId,
      dataset_id: D.D1,
      from_holder: P.holderA,
      to_holder: P.holderA2,
      status: "requested",
      registrar: null,
      requested_at: blockTime(11),
      requested_block: 11,
      closed_at: null,
      closed_block: null,
    },
    11,
  );
  w.update("datasets", D.D1, 11, { pending_transfer_to: P.holderA2, updated_at: blockTime(11), updated_block: 11 });
  w.event(13, "DatasetTransferred", {
    contract: "datasets",
    actor: P.registrar2,
    dataset: D.D1,
    participant: P.holderA2,
    args: { datasetId: D.D1, from: P.holderA, to: P.holderA2, registrar: P.registrar2 },
  });
  w.update("transfers", transferId, 13, { status: "completed", registrar: P.registrar2, closed_at: blockTime(13), closed_block: 13 });
  w.update("datasets", D.D1, 13, { holder: P.holderA2, pending_transfer_to: null, updated_at: blockTime(13), updated_block: 13 });

  register(14, "D4", P.holderB, { sector: 4, category: "personal", grade: "important", jurisdiction: "hk", personal: true, required: 2 });
  derive(14, "D4", "D3", "de-identification", 0);
  register(15, "D5", P.holderA2, { sector: 1, category: "enterprise", grade: "important", jurisdiction: "gz" });
  derive(15, "D5", "D4", "model-training", 0);
  register(16, "D6", P.holderA2, { sector: 1, category: "enterprise", grade: "important", jurisdiction: "gz" });
  derive(16, "D6", "D5", "transformation", 0);
  datasetEvent(17, "D3", "DatasetFrozen", P.regulator, { frozen: true });
  register(18, "D7", P.holderB, { sector: 6, category: "public", grade: "general", jurisdiction: "hk" });
  datasetEvent(19, "D7", "DatasetRetired", P.holderB, { stage: "retired" });
  datasetEvent(20, "D3", "DatasetUnfrozen", P.regulator, { frozen: false });
  register(21, "D8", P.holderA, { sector: 42, category: "public", grade: "general", jurisdiction: "gz", algorithm: "keccak256" });
  register(22, "D9", P.holderB, { sector: 0, category: "public", grade: "general", jurisdiction: "hk" });
  confirm(23, "D9", P.registrar1);
  const upheld = object(24, "D9", P.holderA);
  resolve(25, "D9", upheld, P.regulator, true);
  confirm(26, "D1v2", P.registrar1); // notice until block 76's time: after STORY_NOW
  confirm(27, "D3", P.registrar2); // likewise

  // ------------------------------------------------------------------ participants change
  const participantEvent = (block: number, id: string, event: string, actor: string, changes: Record<string, unknown>) => {
    w.event(block, event, { contract: "directory", actor, participant: id, args: { account: id } });
    w.update("participants", id, block, { ...changes, updated_at: blockTime(block), updated_block: block });
  };
  participantEvent(28, P.holderB, "ParticipantSuspended", P.admin, { suspended: true });
  participantEvent(29, P.holderB, "ParticipantReinstated", P.admin, { suspended: false });
  participantEvent(50, P.registrar2, "ParticipantRolesChanged", P.admin, { roles: ["registrar", "regulator"], roles_mask: 6 });

  // ------------------------------------------------------------------ grants
  const grant = (
    block: number,
    id: string,
    dataset: keyof typeof D,
    grantee: string,
    fields: { right: string; mechanism?: string; state: string; startsAt?: number; expiresAt?: number; crossBorder?: boolean; purposeCode?: number },
  ) => {
    const grantor = String(w.get("datasets", D[dataset]).holder);
    const { tx } = w.event(block, "GrantIssued", {
      contract: "grants",
      actor: grantor,
      dataset: D[dataset],
      grant: id,
      participant: grantee,
      args: { grantId: id, datasetId: D[dataset], grantee, grantor, terms: { right: fields.right, mechanism: fields.mechanism ?? "none" }, status: fields.state },
    });
    w.create(
      "grants",
      {
        id,
        dataset_id: D[dataset],
        grantee,
        grantor,
        right: fields.right,
        purpose_code: fields.purposeCode ?? 100,
        purpose_hash: hash(`purpose ${id}`),
        scope_hash: hash(`scope ${id}`),
        starts_at: fields.startsAt ?? blockTime(block),
        expires_at: fields.expiresAt ?? 0,
        terms_hash: hash(`terms ${id}`),
        mechanism: fields.mechanism ?? "none",
        contract_hash: hash(`contract ${id}`),
        impact_assessment_hash: hash(`impact ${id}`),
        consent_records_root: hash(`consent ${id}`),
        filing_ref: hash(`filing ${id}`),
        cross_border: fields.crossBorder ?? false,
        state: fields.state,
        acknowledged_by: null,
        acknowledged_at: null,
        closed_by: null,
        closed_at: null,
        last_reason_hash: null,
        issued_at: blockTime(block),
        issued_block: block,
        issued_tx: tx,
        updated_at: blockTime(block),
        updated_block: block,
      },
      block,
    );
  };
  const grantEvent = (block: number, id: string, event: string, actor: string, changes: Record<string, unknown>) => {
    const dataset = String(w.get("grants", id).dataset_id);
    w.event(block, event, { contract: "grants", actor, dataset, grant: id, args: { grantId: id, datasetId: dataset, reasonHash: hash(`reason ${event} ${id}`) } });
    w.update("grants", id, block, { ...changes, last_reason_hash: hash(`reason ${event} ${id}`), updated_at: blockTime(block), updated_block: block });
  };

  grant(30, "1", "D2", P.holderB, { right: "processing-use", mechanism: "security-assessment", state: "awaiting-acknowledgement", crossBorder: true, purposeCode: 7 });
  grantEvent(31, "1", "GrantAcknowledged", P.regulator, { state: "active", acknowledged_by: P.regulator, acknowledged_at: blockTime(31) });
  grant(32, "2", "D1", P.auditor, { right: "processing-use", state: "active", startsAt: STORY_NOW + 1000, purposeCode: 7 });
  grant(33, "3", "D1", P.holderB, { right: "product-operation", mechanism: "gba-sc-hk", state: "awaiting-acknowledgement", crossBorder: true });
  grantEvent(34, "3", "GrantDenied", P.regulator, { state: "denied", closed_by: P.regulator, closed_at: blockTime(34) });
  grant(35, "4", "D2", P.holderA2, { right: "holding", state: "active", expiresAt: blockTime(40) });
  grant(36, "5", "D3", P.holderA, { right: "processing-use", mechanism: "standard-contract", state: "awaiting-acknowledgement", crossBorder: true });
  grantEvent(37, "5", "GrantAcknowledged", P.regulator, { state: "active", acknowledged_by: P.regulator, acknowledged_at: blockTime(37) });
  grantEvent(38, "5", "GrantSuspended", P.regulator, { state: "suspended" });
  grantEvent(39, "5", "GrantReinstated", P.regulator, { state: "active" });
  grantEvent(41, "5", "GrantRevoked", P.holderB, { state: "revoked", closed_by: P.holderB, closed_at: blockTime(41) });
  grant(42, "6", "D1v2", P.auditor, { right: "processing-use", state: "active", expiresAt: STORY_NOW + 10_000, purposeCode: 9 });

  // ------------------------------------------------------------------ life cycle v2 (blocks 47–59)
  // D8: an objection dismissed (back to review), a refusal, and claim 2 on the freed content by another holder.
  const d8Objection = object(47, "D8", P.holderB);
  resolve(48, "D8", d8Objection, P.registrar2, false);
  w.event(49, "DatasetRefused", {
    contract: "datasets",
    actor: P.registrar1,
    dataset: D.D8,
    args: { datasetId: D.D8, registrar: P.registrar1, claim: 1, reasonHash: hash("refusal D8") },
  });
  w.update("datasets", D.D8, 49, {
    stage: "refused",
    refused_by: P.registrar1,
    refusal_reason_hash: hash("refusal D8"),
    ended_at: blockTime(49),
    ended_block: 49,
    updated_at: blockTime(49),
    updated_block: 49,
  });
  const { tx: reclaimTx } = w.event(51, "DatasetRegistered", {
    contract: "datasets",
    actor: P.holderA,
    dataset: D.D8,
    args: { datasetId: D.D8, holder: P.holderA, contentHash: CONTENT.D8, claim: 2 },
  });
  w.update("datasets", D.D8, 51, {
    ...pendingDatasetRow(51, reclaimTx, {
      id: D.D8,
      series_id: D.D8,
      version_of: null,
      version: 1,
      holder: P.holderA,
      algorithm: "keccak256",
      content_hash: CONTENT.D8,
      metadata_hash: hash("metadata D8 claim 2"),
      metadata_uri: "https://data.example.gz/catalogue/d8-claim-2.json",
      category: "public",
      grade: "general",
      contains_personal_data: false,
      sector: 42,
      jurisdiction: "gz",
      required_confirmations: 1,
    }),
    claim: 2,
    open_objections: 0,
    refused_by: null,
    refusal_reason_hash: null,
    ended_at: null,
    ended_block: null,
  });
  // D4 (two organisations decide): an objection and a vote to reject, short of the quorum.
  object(52, "D4", P.holderA);
  vote(53, "D4", P.registrar1, false, null, 1, 2);
  // D7: revoked after notice by a correction vote.
  vote(55, "D7", P.regulator, true, null, 1, 1);
  w.event(55, "DatasetRevoked", { contract: "datasets", actor: P.regulator, dataset: D.D7, args: { datasetId: D.D7, decidedBy: P.regulator } });
  w.update("datasets", D.D7, 55, {
    stage: "revoked",
    correction_kind: "revoked",
    correction_previous_holder: P.holderB,
    correction_decided_by: P.regulator,
    correction_decision_hash: hash(`decision D7 by ${P.regulator}`),
    correction_at: blockTime(55),
    correction_block: 55,
    updated_at: blockTime(55),
    updated_block: 55,
  });
  // Revoked ancestry: D6 marked (parent D5), then re-confirmed; D5 marked (parent D4), left marked.
  const mark = (block: number, name: keyof typeof D, parent: keyof typeof D) => {
    const { id, tx } = w.event(block, "DatasetAncestryRevoked", {
      contract: "datasets",
      actor: P.auditor,
      dataset: D[name],
      args: { datasetId: D[name], parentId: D[parent], markedBy: P.auditor },
    });
    w.insert("ancestry_marks", { id, dataset_id: D[name], claim: 1, parent_id: D[parent], marked_by: P.auditor, timestamp: blockTime(block), block_number: block, tx_hash: tx });
    w.update("datasets", D[name], block, { ancestry_revoked: true, updated_at: blockTime(block), updated_block: block });
  };
  mark(56, "D6", "D5");
  const { id: reconfirmId, tx: reconfirmTx } = w.event(57, "DatasetReconfirmed", {
    contract: "datasets",
    actor: P.registrar1,
    dataset: D.D6,
    args: { datasetId: D.D6, registrar: P.registrar1, confirmations: 1, required: 1 },
  });
  w.insert("reconfirmations", {
    id: reconfirmId,
    dataset_id: D.D6,
    claim: 1,
    registrar: P.registrar1,
    confirmations: 1,
    required: 1,
    timestamp: blockTime(57),
    block_number: 57,
    tx_hash: reconfirmTx,
  });
  w.update("datasets", D.D6, 57, { ancestry_revoked: false, updated_at: blockTime(57), updated_block: 57 });
  mark(58, "D5", "D4");

  // ------------------------------------------------------------------ anchors
  const anchor = (block: number, id: string, anchorer: string, algorithm: string, files: readonly { path: string; content_hash: string; size: string }[], leafCount: number) => {
    const { id: eventId, tx } = w.event(block, "BatchAnchored", {
      contract: "anchors",
      actor: anchorer,
      anchor: id,
      args: { root: id, anchorer, algorithm, leafCount, manifestURI: `ipfs://manifest-${block}` },
    });
    w.insert("anchors", {
      id,
      anchorer,
      algorithm,
      leaf_count: leafCount,
      total_bytes: String(files.reduce((sum, f) => sum + Number(f.size), 0) || 1_000_000),
      manifest_hash: hash(`manifest ${id}`),
      manifest_uri: `ipfs://manifest-${block}`,
      anchored_at: blockTime(block),
      block_number: block,
      tx_hash: tx,
      event_id: eventId,
      manifest_loaded: files.length > 0,
    });
    for (const [i, file] of files.entries()) w.insert("anchor_files", { anchor_id: id, ...file, proof: [hash(`proof ${id} ${i} a`), hash(`proof ${id} ${i} b`)] });
  };
  anchor(45, A.A1, P.holderA, "sha256", A1_FILES, A1_FILES.length);
  anchor(46, A.A2, P.holderB, "sm3", [], 250);

  await w.flush(CHECKPOINT);
  return w;
}
