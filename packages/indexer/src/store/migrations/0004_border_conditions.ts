/**
 * Border conditions (GrantRegistry 1.1.0, DatasetRegistry 3.0.0). Identical SQL on PGlite and PostgreSQL.
 *
 * The part of a dataset's border conditions the chain enforces (`BorderConditionsSet`), versioned with the
 * dataset row: `conditions_openness` 0 undeclared (no conditions recorded: the law alone limits grants),
 * 1 open, 2 conditional, 3 not open; `conditions_rights` a mask with bit `uint8(Right)` per right that may be
 * granted; `conditions_regions` 0 same region, 1 the GBA, 2 anywhere; `conditions_purpose_classes` a mask
 * with bit `purposeCode / 100` per purpose class; `conditions_max_term` the longest term in seconds (0: no
 * limit). A loosening the holder proposed waits for registrars in the `proposed_*` columns (null when none); it
 * counts only while `proposed_by` still holds the dataset, as the grant registry reads it.
 *
 * Indexes of deployments without border conditions lack nothing: their datasets are undeclared.
 */
export const name = "border-conditions";

export const sql = /* sql */ `
alter table datasets add column conditions_openness smallint not null default 0;
alter table datasets add column conditions_rights smallint not null default 0;
alter table datasets add column conditions_regions smallint not null default 0;
alter table datasets add column conditions_purpose_classes integer not null default 0;
alter table datasets add column conditions_max_term bigint not null default 0;
alter table datasets add column conditions_set_block bigint;            -- when they last took effect
alter table datasets add column proposed_openness smallint;             -- a loosening waiting for registrars
alter table datasets add column proposed_rights smallint;
alter table datasets add column proposed_regions smallint;
alter table datasets add column proposed_purpose_classes integer;
alter table datasets add column proposed_max_term bigint;
alter table datasets add column proposal_confirmations smallint;
alter table datasets add column proposal_required smallint;
alter table datasets add column proposed_at bigint;
alter table datasets add column proposed_by text;                     -- the proposing holder: the proposal lapses when the holding moves
`;
