/**
 * Organisations hold, accounts act (issue 16: the directory's organisation keys, `DatasetRegistered.registrant`).
 * Identical SQL on PGlite and PostgreSQL.
 *
 * A dataset is held by its registrant's organisation (named by the organisation's first account); the officer
 * who registered the current claim is `registrant` (`DatasetRegistered.registrant`). Rows of an index built
 * before this migration have none: their registrant was the holder, which is what the column then says.
 *
 * An organisation's designated key (`OrganisationKeySet`) manages its officers. Every account of the
 * organisation carries it, versioned with the row like the attested name, so that an officer shows the key
 * of its organisation at any block; null while none is designated (or after it is cleared). Removing an
 * organisation's founding account keeps its row (the organisation's record) marked removed: the holder of
 * its datasets still resolves to it. Both are versioned rows, so a reorganisation rolls them back with the rest.
 */
export const name = "organisations";

export const sql = /* sql */ `
alter table datasets add column registrant text;
update datasets set registrant = holder where registrant is null;
create index datasets_registrant on datasets (registrant);
alter table participants add column organisation_key text;   -- the organisation's designated key; null when none
`;
