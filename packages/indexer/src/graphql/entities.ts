/**
 * The column map: for each list the API serves, its table, how its history is kept, what it selects
 * (aliased to the GraphQL field names, so default resolvers read them), which filter fields map to
 * which SQL, and which orderings it offers. The filter compiler (`filter.ts`) and the pager
 * (`paging.ts`) are driven by these tables and know nothing about any entity.
 */
import type { LabelSet } from "./inputs.js";
import { type At, type Cast, type History, type Params, visibleAt } from "./sql.js";

/** How a filter value is checked and cast. */
export type ValueKind = "bytes32" | "address" | "grantId" | "eventId" | "int4" | "int8" | "numeric" | "bool" | "text" | `label:${LabelSet}`;

/** SQL over the alias `t`, fixed or needing parameters (the status functions take `as_of`). */
export type Expr = string | ((p: Params, at: At) => string);

export interface FilterField {
  sql: Expr;
  kind: ValueKind;
}

export interface OrderKey {
  sql: Expr;
  cast: Cast;
}

export interface EntitySpec {
  /** The GraphQL type, also written into cursors so a cursor of one list is refused by another. */
  name: string;
  table: string;
  history: History;
  select(p: Params, at: At): string;
  filters: Readonly<Record<string, FilterField>>;
  /** Each ordering's keys: the ordered value, then the unique tie-breaker(s). */
  orderings: Readonly<Record<string, readonly OrderKey[]>>;
}

export const exprSql = (expr: Expr, p: Params, at: At): string => (typeof expr === "string" ? expr : expr(p, at));

const datasetStatus: Expr = (p, at) => `dpr_dataset_status(t.stage, t.frozen, t.notice_ends_at, ${p.add(at.asOf, "int8")})`;
const grantStatus: Expr = (p, at) => `dpr_grant_status(t.state, t.starts_at, t.expires_at, ${p.add(at.asOf, "int8")})`;

/** Issued before a correction of its dataset's holder (an id below the dataset's grantsValidFrom, at the block): it confers nothing. */
const voidedByCorrection: Expr = (p, at) =>
  `coalesce((select t.id < d.grants_valid_from from datasets d where d.id = t.dataset_id and ${visibleAt("versioned", "d", p, at)}), false)`;

const id: OrderKey = { sql: "t.id", cast: "text" };

export const datasetSpec: EntitySpec = {
  name: "Dataset",
  table: "datasets",
  history: "versioned",
  select: (p, at) => `t.id, t.series_id as "seriesId", t.version_of as "versionOfId", t.version, t.holder as "holderAddress", t.registrant as "registrantAddress",
    t.algorithm, t.content_hash as "contentHash", t.metadata_hash as "metadataHash", t.metadata_uri as "metadataURI",
    t.category, t.grade, t.contains_personal_data as "containsPersonalData", t.sector, t.jurisdiction,
    ${exprSql(datasetStatus, p, at)} as status, t.required_confirmations as "requiredConfirmations",
    t.confirmations as "confirmationCount", t.confirmed_at as "confirmedAt",
    case when t.notice_remaining is null then t.notice_ends_at end as "noticeEndsAt", t.notice_remaining as "noticeRemaining",
    t.frozen, t.superseded, t.superseded_by as "supersededById", t.declassified, t.ancestry_revoked as "ancestryRevoked",
    t.pending_transfer_to as "pendingTransferTo", t.registered_at as "registeredAt", t.registered_block as "registeredBlock",
    t.registered_tx as "registeredTx", t.updated_at as "updatedAt", t.updated_block as "updatedBlock", t.claim,
    t.open_objections as "openObjections", t.grants_valid_from as "grantsValidFrom",
    t.decision_correction as "decisionCorrection", t.decision_new_holder as "decisionNewHolder", t.decision_votes as "decisionVotes",
    t.decision_required as "decisionRequired", t.decision_first_organisation as "decisionFirstOrganisation",
    t.refused_by as "refusedBy", t.refusal_reason_hash as "refusalReasonHash", t.withdrawn_by as "withdrawnBy",
    t.ended_at as "endedAt", t.ended_block as "endedBlock", t.correction_kind as "correctionKind",
    t.correction_previous_holder as "correctionPreviousHolder", t.correction_holder as "correctionHolder",
    t.correction_decided_by as "correctionDecidedBy", t.correction_decision_hash as "correctionDecisionHash",
    t.correction_at as "correctionAt", t.correction_block as "correctionBlock",
    t.conditions_openness as "_openness", t.conditions_rights as "_rights", t.conditions_regions as "_regions",
    t.conditions_purpose_classes as "_purposeClasses", t.conditions_max_term as "_maxTerm",
    t.proposed_openness as "_proposedOpenness", t.proposed_rights as "_proposedRights", t.proposed_regions as "_proposedRegions",
    t.proposed_purpose_classes as "_proposedPurposeClasses", t.proposed_max_term as "_proposedMaxTerm",
    t.proposal_confirmations as "_proposalConfirmations", t.proposal_required as "_proposalRequired", t.proposed_at as "_proposedAt",
    t.proposed_by as "_proposedBy"`,
  filters: {
    id: { sql: "t.id", kind: "bytes32" },
    seriesId: { sql: "t.series_id", kind: "bytes32" },
    versionOf: { sql: "t.version_of", kind: "bytes32" },
    version: { sql: "t.version", kind: "int4" },
    holder: { sql: "t.holder", kind: "address" },
    registrant: { sql: "t.registrant", kind: "address" },
    algorithm: { sql: "t.algorithm", kind: "label:algorithm" },
    contentHash: { sql: "t.content_hash", kind: "bytes32" },
    metadataURI: { sql: "t.metadata_uri", kind: "text" },
    category: { sql: "t.category", kind: "label:category" },
    grade: { sql: "t.grade", kind: "label:grade" },
    containsPersonalData: { sql: "t.contains_personal_data", kind: "bool" },
    sector: { sql: "t.sector", kind: "int4" },
    jurisdiction: { sql: "t.jurisdiction", kind: "label:jurisdiction" },
    status: { sql: datasetStatus, kind: "label:datasetStatus" },
    frozen: { sql: "t.frozen", kind: "bool" },
    superseded: { sql: "t.superseded", kind: "bool" },
    declassified: { sql: "t.declassified", kind: "bool" },
    ancestryRevoked: { sql: "t.ancestry_revoked", kind: "bool" },
    claim: { sql: "t.claim", kind: "int4" },
    openObjections: { sql: "t.open_objections", kind: "int4" },
    registeredAt: { sql: "t.registered_at", kind: "int8" },
    registeredBlock: { sql: "t.registered_block", kind: "int8" },
  },
  orderings: {
    id: [id],
    registeredBlock: [{ sql: "t.registered_block", cast: "int8" }, id],
    registeredAt: [{ sql: "t.registered_at", cast: "int8" }, id],
    updatedBlock: [{ sql: "t.updated_block", cast: "int8" }, id],
    sector: [{ sql: "t.sector", cast: "int4" }, id],
    // By severity, not alphabetically: general < important < core.
    grade: [{ sql: "array_position(array['general', 'important', 'core'], t.grade)", cast: "int4" }, id],
    status: [{ sql: datasetStatus, cast: "text" }, id],
    version: [{ sql: "t.version", cast: "int4" }, id],
  },
};

/**
 * Suspended as the directory reads it: the account's own suspension, or its organisation's (suspending an
 * organisation's own address suspends every officer of it), at the block read.
 */
const participantSuspended: Expr = (p, at) =>
  `(t.suspended or coalesce((select o.suspended from participants o where o.id = t.organisation and o.id <> t.id and ${visibleAt("versioned", "o", p, at)}), false))`;

export const participantSpec: EntitySpec = {
  name: "Participant",
  table: "participants",
  history: "versioned",
  select: (p, at) => `t.id, t.organisation, t.jurisdiction, t.roles, t.legal_id_hash as "legalIdHash", t.metadata_uri as "metadataURI",
    ${exprSql(participantSuspended, p, at)} as suspended, t.added_by as "addedBy", t.added_at as "addedAt", t.added_block as "addedBlock",
    t.updated_at as "updatedAt", t.updated_block as "updatedBlock", t.attested_name as "attestedName",
    t.name_attested_by as "nameAttestedBy", t.name_attested_at as "nameAttestedAt", t.name_attested_block as "nameAttestedBlock",
    t.removed_by as "removedBy", t.removed_at as "removedAt", t.removed_block as "removedBlock", t.organisation_key as "organisationKey"`,
  filters: {
    id: { sql: "t.id", kind: "address" },
    organisation: { sql: "t.organisation", kind: "address" },
    organisationKey: { sql: "t.organisation_key", kind: "address" },
    jurisdiction: { sql: "t.jurisdiction", kind: "label:jurisdiction" },
    roles: { sql: "t.roles", kind: "label:role" },
    suspended: { sql: participantSuspended, kind: "bool" },
    removed: { sql: "(t.removed_block is not null)", kind: "bool" },
    metadataURI: { sql: "t.metadata_uri", kind: "text" },
    addedBlock: { sql: "t.added_block", kind: "int8" },
  },
  orderings: {
    id: [id],
    addedBlock: [{ sql: "t.added_block", cast: "int8" }, id],
    addedAt: [{ sql: "t.added_at", cast: "int8" }, id],
    jurisdiction: [{ sql: "t.jurisdiction", cast: "text" }, id],
  },
};

const grantId: OrderKey = { sql: "t.id", cast: "numeric" };

export const grantSpec: EntitySpec = {
  name: "Grant",
  table: "grants",
  history: "versioned",
  select: (p, at) => `t.id, t.dataset_id as "datasetId", t.grantee as "granteeAddress", t.grantor as "grantorAddress", t."right",
    t.purpose_code as "purposeCode", t.purpose_hash as "purposeHash", t.scope_hash as "scopeHash", t.starts_at as "startsAt",
    t.expires_at as "expiresAt", t.terms_hash as "termsHash", t.cross_border as "crossBorder", t.mechanism,
    t.contract_hash as "contractHash", t.impact_assessment_hash as "impactAssessmentHash",
    t.consent_records_root as "consentRecordsRoot", t.filing_ref as "filingRef", ${exprSql(grantStatus, p, at)} as status,
    t.acknowledged_by as "acknowledgedBy", t.acknowledged_at as "acknowledgedAt", t.closed_by as "closedBy",
    t.closed_at as "closedAt", t.issued_at as "issuedAt", t.issued_block as "issuedBlock", t.issued_tx as "issuedTx",
    t.updated_at as "updatedAt", t.updated_block as "updatedBlock", ${exprSql(voidedByCorrection, p, at)} as "voidedByCorrection"`,
  filters: {
    id: { sql: "t.id", kind: "grantId" },
    dataset: { sql: "t.dataset_id", kind: "bytes32" },
    grantee: { sql: "t.grantee", kind: "address" },
    grantor: { sql: "t.grantor", kind: "address" },
    right: { sql: 't."right"', kind: "label:right" },
    status: { sql: grantStatus, kind: "label:grantStatus" },
    crossBorder: { sql: "t.cross_border", kind: "bool" },
    mechanism: { sql: "t.mechanism", kind: "label:mechanism" },
    voidedByCorrection: { sql: voidedByCorrection, kind: "bool" },
    purposeCode: { sql: "t.purpose_code", kind: "int4" },
    expiresAt: { sql: "t.expires_at", kind: "int8" },
    issuedBlock: { sql: "t.issued_block", kind: "int8" },
  },
  orderings: {
    id: [grantId],
    issuedBlock: [{ sql: "t.issued_block", cast: "int8" }, grantId],
    issuedAt: [{ sql: "t.issued_at", cast: "int8" }, grantId],
    expiresAt: [{ sql: "t.expires_at", cast: "int8" }, grantId],
    updatedBlock: [{ sql: "t.updated_block", cast: "int8" }, grantId],
  },
};

export const anchorSpec: EntitySpec = {
  name: "Anchor",
  table: "anchors",
  history: "appended",
  select: () => `t.id, t.anchorer as "anchorerAddress", t.algorithm, t.leaf_count as "leafCount", t.total_bytes as "totalBytes",
    t.manifest_hash as "manifestHash", t.manifest_uri as "manifestURI", t.manifest_loaded as "manifestLoaded",
    t.anchored_at as "anchoredAt", t.block_number as "blockNumber", t.tx_hash as "txHash"`,
  filters: {
    id: { sql: "t.id", kind: "bytes32" },
    anchorer: { sql: "t.anchorer", kind: "address" },
    algorithm: { sql: "t.algorithm", kind: "label:algorithm" },
    leafCount: { sql: "t.leaf_count", kind: "int4" },
    manifestURI: { sql: "t.manifest_uri", kind: "text" },
    blockNumber: { sql: "t.block_number", kind: "int8" },
  },
  orderings: {
    id: [id],
    blockNumber: [{ sql: "t.block_number", cast: "int8" }, id],
    leafCount: [{ sql: "t.leaf_count", cast: "int4" }, id],
    totalBytes: [{ sql: "t.total_bytes", cast: "numeric" }, id],
  },
};

// Chain order is (block, log index); the text id encodes the same, but the numbers do not depend on its padding.
const chainOrder: readonly OrderKey[] = [
  { sql: "t.block_number", cast: "int8" },
  { sql: "t.log_index", cast: "int4" },
];

export const eventSpec: EntitySpec = {
  name: "Event",
  table: "events",
  history: "appended",
  select: () => `t.id, t.name, t.contract, t.address, t.actor, t.dataset_id as "datasetId", t.grant_id as "grantId",
    t.participant, t.anchor_root as "anchorRoot", t.args, t.block_number as "blockNumber", t.block_hash as "blockHash",
    t.log_index as "logIndex", t.timestamp, t.tx_hash as "txHash", t.tx_index as "txIndex"`,
  filters: {
    id: { sql: "(t.block_number, t.log_index)", kind: "eventId" },
    name: { sql: "t.name", kind: "label:eventName" },
    contract: { sql: "t.contract", kind: "label:contract" },
    actor: { sql: "t.actor", kind: "address" },
    datasetId: { sql: "t.dataset_id", kind: "bytes32" },
    grantId: { sql: "t.grant_id", kind: "grantId" },
    participant: { sql: "t.participant", kind: "address" },
    anchorRoot: { sql: "t.anchor_root", kind: "bytes32" },
    txHash: { sql: "t.tx_hash", kind: "bytes32" },
    blockNumber: { sql: "t.block_number", kind: "int8" },
    timestamp: { sql: "t.timestamp", kind: "int8" },
  },
  orderings: {
    blockNumber: chainOrder,
    timestamp: [{ sql: "t.timestamp", cast: "int8" }, ...chainOrder],
  },
};

/** Files of an anchored batch: listed under their anchor only, which already answers at the block. */
export const anchorFileSpec: EntitySpec = {
  name: "AnchorFile",
  table: "anchor_files",
  history: "none",
  select: () => `t.anchor_id as "anchorId", t.path, t.content_hash as "contentHash", t.size, t.proof`,
  filters: {},
  orderings: { path: [{ sql: "t.path", cast: "text" }] },
};

/** A dataset's confirmations: listed under their dataset only, in chain order (the event id is chain order). */
export const confirmationSpec: EntitySpec = {
  name: "Confirmation",
  table: "confirmations",
  history: "appended",
  select: () => `t.id, t.registrar as "registrarAddress", t.confirmations, t.required_confirmations as "requiredConfirmations",
    t.notice_ends_at as "noticeEndsAt", t.timestamp, t.block_number as "blockNumber", t.tx_hash as "txHash", t.claim`,
  filters: {},
  orderings: { blockNumber: [{ sql: "t.block_number", cast: "int8" }, id] },
};

/** A dataset's objections, versioned so that a resolution answers at its block. */
export const objectionSpec: EntitySpec = {
  name: "Objection",
  table: "objections",
  history: "versioned",
  select: () => `t.id, t.objector as "objectorAddress", t.organisation, t.claim, t.status, t.evidence_hash as "evidenceHash", t.timestamp, t.block_number as "blockNumber",
    t.tx_hash as "txHash", t.resolved, t.resolver, t.upheld, t.decision_hash as "decisionHash", t.outcome_status as "outcomeStatus",
    t.previous_holder as "previousHolder", t.new_holder as "newHolder", t.resolved_at as "resolvedAt", t.resolved_block as "resolvedBlock"`,
  filters: {},
  orderings: { blockNumber: [{ sql: "t.block_number", cast: "int8" }, id] },
};

/** A dataset's holding transfers, versioned: requested, then cancelled or completed. */
export const transferSpec: EntitySpec = {
  name: "Transfer",
  table: "transfers",
  history: "versioned",
  select: () => `t.id, t.claim, t.from_holder as "from", t.to_holder as "to", t.status, t.registrar, t.requested_at as "requestedAt",
    t.requested_block as "requestedBlock", t.closed_at as "closedAt", t.closed_block as "closedBlock"`,
  filters: {},
  orderings: { requestedBlock: [{ sql: "t.requested_block", cast: "int8" }, id] },
};

/** A claim's decision votes, in chain order. */
export const decisionVoteSpec: EntitySpec = {
  name: "DecisionVote",
  table: "decision_votes",
  history: "appended",
  select: () => `t.id, t.claim, t.voter as "voterAddress", t.organisation, t.correction, t.new_holder as "newHolder", t.votes, t.required,
    t.votes >= t.required as decided, t.decision_hash as "decisionHash", t.timestamp, t.block_number as "blockNumber", t.tx_hash as "txHash"`,
  filters: {},
  orderings: { blockNumber: [{ sql: "t.block_number", cast: "int8" }, id] },
};

/**
 * A claim's revoked-ancestry marks, in chain order; a mark is cleared by a later re-confirmation of the same
 * claim that reached the quorum (as of the block read).
 */
export const ancestryMarkSpec: EntitySpec = {
  name: "AncestryMark",
  table: "ancestry_marks",
  history: "appended",
  select: (p, at) => `t.id, t.claim, t.parent_id as "parentId", t.marked_by as "markedBy", t.timestamp, t.block_number as "blockNumber",
    t.tx_hash as "txHash", exists (select 1 from reconfirmations r where r.dataset_id = t.dataset_id and r.claim = t.claim and r.id > t.id
      and r.confirmations >= r.required and ${visibleAt("appended", "r", p, at)}) as cleared`,
  filters: {},
  orderings: { blockNumber: [{ sql: "t.block_number", cast: "int8" }, id] },
};

/** A claim's re-confirmations after revoked ancestry, in chain order. */
export const reconfirmationSpec: EntitySpec = {
  name: "Reconfirmation",
  table: "reconfirmations",
  history: "appended",
  select: () => `t.id, t.claim, t.registrar as "registrarAddress", t.confirmations, t.required, t.confirmations >= t.required as cleared,
    t.timestamp, t.block_number as "blockNumber", t.tx_hash as "txHash"`,
  filters: {},
  orderings: { blockNumber: [{ sql: "t.block_number", cast: "int8" }, id] },
};

/**
 * A dataset's children (lineage edges to it as parent), in chain order: by block, then by the edge's
 * DatasetDerived event (its id is chain order, and unique per edge).
 */
export const childEdgeSpec: EntitySpec = {
  name: "LineageEdge",
  table: "dataset_parents",
  history: "appended",
  select: () => `t.child_id as "childId", t.parent_id as "parentId", t.derivation, t.block_number as "blockNumber"`,
  filters: {},
  orderings: { blockNumber: [{ sql: "t.block_number", cast: "int8" }, { sql: "t.event_id", cast: "text" }] },
};

/**
 * The files of anchored batches, with their batch's block and algorithm (for `verify`'s `anchoredIn`):
 * oldest batch first, then by batch and path. The join is a subquery PostgreSQL flattens, so the
 * content-hash condition still reaches the index on `anchor_files`.
 */
export const anchoredFileSpec: EntitySpec = {
  name: "AnchorFile",
  table: `(select f.anchor_id, f.path, f.content_hash, f.size, f.proof, a.block_number, a.algorithm
    from anchor_files f join anchors a on a.id = f.anchor_id)`,
  history: "appended",
  select: anchorFileSpec.select,
  filters: {},
  orderings: {
    blockNumber: [
      { sql: "t.block_number", cast: "int8" },
      { sql: "t.anchor_id", cast: "text" },
      { sql: "t.path", cast: "text" },
    ],
  },
};
