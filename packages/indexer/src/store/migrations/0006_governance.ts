/**
 * Governance and keys (ParticipantDirectory 2.0.0, issue 16). Identical SQL on PGlite and PostgreSQL.
 *
 * The onboarding office can remove an account (`ParticipantRemoved`): from that block on it is no
 * participant. Its row stays, versioned like every other change, with who removed it and when, so that
 * history at any earlier block still shows it as it was. An account onboarded again later gets its row
 * back, reset to the new onboarding (the removal stays in the row's earlier versions and in the trail).
 *
 * The offices (onboarding, discipline, pause, migration), governance's handover, pauses and migration are
 * read from the event trail (`zone` in GraphQL), which keeps them at every block without a table.
 */
export const name = "governance";

export const sql = /* sql */ `
alter table participants add column removed_by text;        -- the onboarding office; null while a participant
alter table participants add column removed_at bigint;
alter table participants add column removed_block bigint;
`;
