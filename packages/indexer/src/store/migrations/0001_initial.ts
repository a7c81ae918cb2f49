/**
 * The first schema. Identical SQL on PGlite and PostgreSQL.
 *
 * Conventions:
 * - Addresses, hashes and ids are lower-case `0x` hex text; enum members are the SDK's read labels
 *   (`"notice"`, `"gba-sc-hk"`); times are unix seconds (`bigint`); uint256 values are `numeric`.
 * - Entity tables are versioned by block range, as The Graph does: a row is the entity's state from
 *   block `block_from` (inclusive) until block `block_to` (exclusive; `null` while it is current).
 *   The state at block N is `block_from <= N and (block_to is null or block_to > N)`. Rolling back to
 *   block B deletes rows with `block_from > B` and reopens rows with `block_to > B`.
 * - Append-only tables (`events`, `confirmations`, `dataset_parents`, `anchors`) carry `block_number`
 *   and are rolled back by deleting rows after B.
 * - Status that the contracts compute on read from the clock (notice → confirmed, grant expiry and
 *   start) is computed here on read too, by `dpr_dataset_status` and `dpr_grant_status`, at the
 *   queried block's timestamp.
 */
export const name = "initial";

export const sql = /* sql */ `
create table dpr_meta (
  key text primary key,
  value text not null
);

-- The one checkpoint: the last block whose events are all in the tables. Written in the same
-- transaction as the rows of that block.
create table dpr_checkpoint (
  id smallint primary key default 1 check (id = 1),
  block_number bigint not null,
  block_hash text not null,
  block_timestamp bigint not null
);

-- Block headers: every block that carried an event (for timestamps and time travel), and every block
-- of the unfinalised window (for reorg detection; older ones without events are pruned).
create table blocks (
  number bigint primary key,
  hash text not null unique,
  parent_hash text,                    -- null where only a log told us the block (finalised backfill)
  timestamp bigint not null,
  event_count integer not null default 0
);

-- The audit trail: every decoded log of the four contracts, in chain order.
create table events (
  id text primary key,                 -- '<block number>-<log index>', zero-padded so text order is chain order
  block_number bigint not null,
  log_index integer not null,
  block_hash text not null,
  timestamp bigint not null,
  tx_hash text not null,
  tx_index integer not null,
  contract text not null,              -- 'directory' | 'datasets' | 'grants' | 'anchors'
  address text not null,               -- the emitting contract
  name text not null,                  -- the event name, e.g. 'DatasetRegistered'
  actor text,                          -- who acted, from the event's own fields (null if it names none)
  dataset_id text,
  grant_id numeric,
  participant text,                    -- the participant account the event is about, if any
  anchor_root text,
  args jsonb not null                  -- every argument, bigints as decimal strings
);
create index events_block on events (block_number, log_index);
create index events_dataset on events (dataset_id, block_number, log_index) where dataset_id is not null;
create index events_grant on events (grant_id, block_number, log_index) where grant_id is not null;
create index events_participant on events (participant, block_number, log_index) where participant is not null;
create index events_actor on events (actor, block_number, log_index);
create index events_name on events (name, block_number, log_index);
create index events_timestamp on events (timestamp);

create table participants (
  id text not null,                    -- the account
  organisation text not null,
  jurisdiction text not null,
  roles text[] not null,               -- role labels, e.g. {holder,registrar}
  roles_mask smallint not null,
  legal_id_hash text not null,
  metadata_uri text not null,
  suspended boolean not null,
  added_by text not null,
  added_at bigint not null,
  added_block bigint not null,
  updated_at bigint not null,
  updated_block bigint not null,
  block_from bigint not null,
  block_to bigint,
  primary key (id, block_from)
);
create index participants_current on participants (id) where block_to is null;
create index participants_organisation on participants (organisation);

create table datasets (
  id text not null,
  series_id text not null,             -- the first version's id; every version of a series shares it
  version_of text,                     -- the version this one supersedes, null for a first version
  version integer not null,            -- 1 for the first version of a series
  holder text not null,
  algorithm text not null,             -- 'sha256' | 'sm3' | 'keccak256'
  content_hash text not null,
  metadata_hash text not null,
  metadata_uri text not null,
  category text not null,
  grade text not null,
  contains_personal_data boolean not null,
  sector integer not null,
  jurisdiction text not null,
  required_confirmations smallint not null,
  confirmations smallint not null,
  declassified boolean not null,
  stage text not null,                 -- stored stage: 'pending' | 'confirmed' | 'disputed' | 'rejected' | 'retired'
  frozen boolean not null,
  settled boolean not null,            -- confirmed by a dismissed or re-assigning dispute: no notice period
  superseded boolean not null,
  superseded_by text,
  confirmed_at bigint,
  notice_ends_at bigint,
  pending_transfer_to text,
  registered_at bigint not null,
  registered_block bigint not null,
  registered_tx text not null,
  updated_at bigint not null,
  updated_block bigint not null,
  block_from bigint not null,
  block_to bigint,
  primary key (id, block_from)
);
create index datasets_current on datasets (id) where block_to is null;
create index datasets_content_hash on datasets (content_hash);
create index datasets_holder on datasets (holder);
create index datasets_series on datasets (series_id);
create index datasets_registered on datasets (registered_block, id);

-- Lineage edges: one row per parent named at registration (immutable once written).
create table dataset_parents (
  child_id text not null,
  parent_id text not null,
  derivation text not null,            -- 'revision' | 'transformation' | 'aggregation' | 'de-identification' | 'model-training'
  position smallint not null,          -- order of the parent in the registration
  block_number bigint not null,
  event_id text not null,
  primary key (child_id, parent_id)
);
create index dataset_parents_parent on dataset_parents (parent_id);

-- One row per DatasetConfirmed.
create table confirmations (
  id text primary key,                 -- the event id
  dataset_id text not null,
  registrar text not null,
  confirmations smallint not null,
  required_confirmations smallint not null,
  notice_ends_at bigint,               -- set on the confirmation that completes the count
  timestamp bigint not null,
  block_number bigint not null,
  tx_hash text not null
);
create index confirmations_dataset on confirmations (dataset_id, block_number);
create index confirmations_registrar on confirmations (registrar);

-- Objections, versioned so that their resolution is time-travelled too.
create table objections (
  id text not null,                    -- the DatasetObjected event id
  dataset_id text not null,
  objector text not null,
  evidence_hash text not null,
  timestamp bigint not null,
  block_number bigint not null,
  tx_hash text not null,
  resolved boolean not null,
  resolver text,
  upheld boolean,
  decision_hash text,
  outcome_status text,                 -- the dataset status the resolution left ('confirmed' | 'rejected')
  previous_holder text,
  new_holder text,
  resolved_at bigint,
  resolved_block bigint,
  block_from bigint not null,
  block_to bigint,
  primary key (id, block_from)
);
create index objections_dataset on objections (dataset_id);
create index objections_objector on objections (objector);

-- Holding transfers, versioned: requested → cancelled | completed.
create table transfers (
  id text not null,                    -- the DatasetTransferRequested event id
  dataset_id text not null,
  from_holder text not null,
  to_holder text not null,
  status text not null,                -- 'requested' | 'cancelled' | 'completed'
  registrar text,                      -- who confirmed a completed transfer
  requested_at bigint not null,
  requested_block bigint not null,
  closed_at bigint,
  closed_block bigint,
  block_from bigint not null,
  block_to bigint,
  primary key (id, block_from)
);
create index transfers_dataset on transfers (dataset_id);

create table grants (
  id numeric not null,
  dataset_id text not null,
  grantee text not null,
  grantor text not null,
  "right" text not null,               -- 'holding' | 'processing-use' | 'product-operation'
  purpose_code integer not null,
  purpose_hash text not null,
  scope_hash text not null,
  starts_at bigint not null,
  expires_at bigint not null,          -- 0: no expiry
  terms_hash text not null,
  mechanism text not null,             -- 'none' | 'gba-sc-hk' | ...
  contract_hash text not null,
  impact_assessment_hash text not null,
  consent_records_root text not null,
  filing_ref text not null,
  cross_border boolean not null,
  state text not null,                 -- stored state: 'awaiting-acknowledgement' | 'active' | 'suspended' | 'revoked' | 'denied'
  acknowledged_by text,
  acknowledged_at bigint,
  closed_by text,                      -- who denied or revoked it
  closed_at bigint,
  last_reason_hash text,
  issued_at bigint not null,
  issued_block bigint not null,
  issued_tx text not null,
  updated_at bigint not null,
  updated_block bigint not null,
  block_from bigint not null,
  block_to bigint,
  primary key (id, block_from)
);
create index grants_current on grants (id) where block_to is null;
create index grants_dataset on grants (dataset_id);
create index grants_grantee on grants (grantee);
create index grants_grantor on grants (grantor);

create table anchors (
  id text primary key,                 -- the Merkle root
  anchorer text not null,
  algorithm text not null,
  leaf_count integer not null,
  total_bytes numeric not null,
  manifest_hash text not null,
  manifest_uri text not null,
  anchored_at bigint not null,
  block_number bigint not null,
  tx_hash text not null,
  event_id text not null,
  manifest_loaded boolean not null default false
);
create index anchors_anchorer on anchors (anchorer);
create index anchors_block on anchors (block_number);

-- Files of anchored batches whose manifest the indexer could read and match to the on-chain manifest hash.
create table anchor_files (
  anchor_id text not null,
  path text not null,
  content_hash text not null,
  size numeric not null,
  proof text[] not null,
  primary key (anchor_id, path)
);
create index anchor_files_hash on anchor_files (content_hash);

-- The contracts compute these on read from block.timestamp; so does the indexer, at the queried block.
create function dpr_dataset_status(stage text, frozen boolean, settled boolean, notice_ends_at bigint, as_of bigint)
returns text language sql immutable as $$
  select case
    when stage in ('rejected', 'retired') then stage
    when frozen then 'frozen'
    when stage in ('disputed', 'pending') then stage
    when not settled and notice_ends_at is not null and as_of < notice_ends_at then 'notice'
    else 'confirmed'
  end
$$;

create function dpr_grant_status(state text, starts_at bigint, expires_at bigint, as_of bigint)
returns text language sql immutable as $$
  select case
    when state in ('revoked', 'denied') then state
    when expires_at <> 0 and as_of >= expires_at then 'expired'
    when state = 'active' and as_of < starts_at then 'scheduled'
    else state
  end
$$;
`;
