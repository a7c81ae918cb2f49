/**
 * The catalogue (issue 15): metadata documents and what fetching them found. Identical SQL on PGlite and
 * PostgreSQL.
 *
 * `metadata_documents` holds every document the indexer knows, keyed by the SHA-256 of its exact bytes (so
 * a document is attached to a dataset exactly when that key is the dataset's `metadataHash`): read from a
 * `--metadata-dir` folder or fetched from a dataset's `metadataURI`. Beside the text it keeps what the
 * catalogue filters and shows, taken from the document when it is a valid `dpr-metadata/1` (null
 * otherwise), and its search terms (`terms`: see catalogue/terms.ts) with a GIN index, so that a search is
 * `terms @> $query` on both stores. `title_terms` are the title's own terms, for ranking.
 *
 * `metadata_fetches` records a fetched URI's outcome when it gave no document: `mismatch` (bytes were
 * fetched and hash to `fetched_sha256`, not the registered hash: never attached), `unavailable` (the fetch
 * failed: `error` says why), or `skipped` (the URI is not one the indexer may fetch; forgotten at start, so
 * a changed allow-list is applied). `next_attempt_at` is when to try again (null: not again).
 *
 * Neither is chain state: they are not versioned by block, not rolled back by a reorg, and not emptied by
 * `--rebuild` (what was fetched stays fetched).
 */
export const name = "catalogue";

export const sql = /* sql */ `
create table metadata_documents (
  sha256 text primary key,              -- of the document's exact UTF-8 bytes, lower-case 0x hex
  document text not null,               -- the exact text (a byte-order mark kept)
  source text not null,                 -- 'folder' | 'uri'
  location text not null,               -- the file's path, or the URI it was fetched from
  loaded_at bigint not null,            -- unix seconds
  valid boolean not null,               -- a valid dpr-metadata/1 document
  problems text,                        -- why not, when not
  identifier text,
  title jsonb,                          -- language maps, as in the document
  description jsonb,
  keywords jsonb,
  sector text,                          -- the document's own classification (the chain's is in datasets)
  category text,
  grade text,
  jurisdiction text,
  publisher jsonb,
  licence jsonb,
  update_frequency text,
  temporal_start text,
  temporal_end text,
  openness text,                        -- the document's border conditions
  rights text[],
  grantee_regions text,
  purposes integer[],
  max_term_days integer,
  terms text[] not null,
  title_terms text[] not null
);
create index metadata_documents_terms on metadata_documents using gin (terms);

create table metadata_fetches (
  metadata_hash text not null,          -- the registered hash the fetch was for
  uri text not null,
  status text not null,                 -- 'mismatch' | 'unavailable' | 'skipped'
  error text,
  fetched_sha256 text,
  attempts integer not null,
  last_attempt_at bigint not null,
  next_attempt_at bigint,
  primary key (metadata_hash, uri)
);
create index metadata_fetches_due on metadata_fetches (next_attempt_at) where next_attempt_at is not null;
`;
