/**
 * Life cycle version 2 of DatasetRegistry (DatasetRegistry 2.0.0). Identical SQL on PGlite and PostgreSQL.
 *
 * - Claims: a registration is claim n on its content. A claim ended by a refusal, a withdrawal or an upheld
 *   rejection frees the content, and a new registration of it opens claim n + 1 under the same dataset id: the
 *   `datasets` row is reset to the new claim (its earlier states stay readable at earlier blocks), and every
 *   row that belongs to one claim (confirmations, objections, transfers, decision votes, lineage edges,
 *   ancestry marks, re-confirmations) records its `claim`. The API lists the current claim's rows unless
 *   asked for another claim's.
 * - The notice clock pauses while disputed and while frozen during notice: `notice_remaining` holds the
 *   seconds left while paused (null otherwise); `notice_ends_at` and `confirmed_at` move when it resumes.
 * - No `settled`: a dismissed dispute resumes the notice period with the time it had left.
 * - Decisions that take something from the holder are voted (`decision_votes`), and the outcome being voted
 *   is on the dataset (`decision_*`, as `decisionOf` returns it).
 * - Corrections after notice (revoked, holder corrected), and grants issued before a holder correction
 *   (`grants_valid_from`).
 * - Revoked ancestry: marks and re-confirmations.
 *
 * An index of a version 1 deployment cannot follow a version 2 one (the events differ), so this migration
 * only reshapes the tables; a deployment change empties them (`Store.reset`).
 */
export const name = "lifecycle-v2";

export const sql = /* sql */ `
alter table datasets drop column settled;
alter table datasets add column claim integer not null default 1;
alter table datasets add column ancestry_revoked boolean not null default false;
alter table datasets add column notice_remaining bigint;          -- seconds of notice left while the clock is paused
alter table datasets add column open_objections smallint not null default 0;
alter table datasets add column grants_valid_from numeric;        -- grants with a smaller id confer nothing; null: never corrected
-- The decision being voted (decisionOf), null when none.
alter table datasets add column decision_correction boolean;
alter table datasets add column decision_new_holder text;
alter table datasets add column decision_votes smallint;
alter table datasets add column decision_required smallint;
alter table datasets add column decision_first_organisation text;
-- How a claim that freed its content ended (refused or withdrawn; a rejection is on its objections).
alter table datasets add column refused_by text;
alter table datasets add column refusal_reason_hash text;
alter table datasets add column withdrawn_by text;
alter table datasets add column ended_at bigint;
alter table datasets add column ended_block bigint;
-- The latest correction after notice of this claim: 'revoked' | 'holder-corrected'.
alter table datasets add column correction_kind text;
alter table datasets add column correction_previous_holder text;
alter table datasets add column correction_holder text;
alter table datasets add column correction_decided_by text;
alter table datasets add column correction_decision_hash text;
alter table datasets add column correction_at bigint;
alter table datasets add column correction_block bigint;

alter table confirmations add column claim integer not null default 1;
drop index confirmations_dataset;
create index confirmations_dataset on confirmations (dataset_id, claim, block_number);

alter table objections add column organisation text not null default '';
alter table objections add column claim integer not null default 1;
alter table objections add column status text not null default 'open';   -- 'open' | 'dismissed' | 'upheld'
create index objections_dataset_claim on objections (dataset_id, claim);

alter table transfers add column claim integer not null default 1;

-- A child's parents are those its current claim named: a new claim may name others.
alter table dataset_parents add column claim integer not null default 1;
alter table dataset_parents drop constraint dataset_parents_pkey;
alter table dataset_parents add primary key (child_id, claim, parent_id);

-- One row per DatasetDecisionVoted.
create table decision_votes (
  id text primary key,                 -- the event id
  dataset_id text not null,
  claim integer not null,
  voter text not null,
  organisation text not null,
  correction boolean not null,         -- false: a dispute decision; true: a correction after notice
  new_holder text,                     -- null: reject (dispute) or revoke (correction)
  votes smallint not null,             -- organisations for this outcome so far, this one included
  required smallint not null,
  decision_hash text not null,
  timestamp bigint not null,
  block_number bigint not null,
  tx_hash text not null
);
create index decision_votes_dataset on decision_votes (dataset_id, claim, block_number);

-- One row per DatasetAncestryRevoked.
create table ancestry_marks (
  id text primary key,                 -- the event id
  dataset_id text not null,
  claim integer not null,
  parent_id text not null,
  marked_by text not null,
  timestamp bigint not null,
  block_number bigint not null,
  tx_hash text not null
);
create index ancestry_marks_dataset on ancestry_marks (dataset_id, claim, block_number);

-- One row per DatasetReconfirmed: the one that reaches the quorum clears every mark before it.
create table reconfirmations (
  id text primary key,                 -- the event id
  dataset_id text not null,
  claim integer not null,
  registrar text not null,
  confirmations smallint not null,     -- re-confirmations by distinct organisations so far, this one included
  required smallint not null,
  timestamp bigint not null,
  block_number bigint not null,
  tx_hash text not null
);
create index reconfirmations_dataset on reconfirmations (dataset_id, claim, block_number);

-- The contract's status, on read: the notice period of a CONFIRMED stage ends at notice_ends_at (the clock is
-- never paused on an unfrozen CONFIRMED stage, so notice_ends_at is then exact).
drop function dpr_dataset_status(text, boolean, boolean, bigint, bigint);
create function dpr_dataset_status(stage text, frozen boolean, notice_ends_at bigint, as_of bigint)
returns text language sql immutable as $$
  select case
    when stage in ('rejected', 'retired', 'refused', 'withdrawn', 'revoked') then stage
    when frozen then 'frozen'
    when stage in ('disputed', 'pending') then stage
    when notice_ends_at is not null and as_of < notice_ends_at then 'notice'
    else 'confirmed'
  end
$$;
`;
