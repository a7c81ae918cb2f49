/**
 * Attested organisation names (ParticipantDirectory 1.1.0). Identical SQL on PGlite and PostgreSQL.
 *
 * The zone admin attests an organisation's name (`OrganisationNameAttested`); every account of the
 * organisation shows it, so each participant row carries its organisation's attested name, versioned
 * with the row: an attestation writes a new version of every account of the organisation, and an account
 * that joins the organisation later starts with its name. Null until a name is attested. The profile at
 * `metadata_uri` stays the participant's own (self-declared) word.
 *
 * Indexes built before 1.1.0 lack nothing: older deployments emit no such event, so null is right for them.
 */
export const name = "attested-names";

export const sql = /* sql */ `
alter table participants add column attested_name text;           -- as recorded: plain text or {"en":…,"zh-CN":…}
alter table participants add column name_attested_by text;        -- the zone admin
alter table participants add column name_attested_at bigint;
alter table participants add column name_attested_block bigint;
`;
