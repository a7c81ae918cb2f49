/**
 * The catalogue stage: the directory of data resources (issue 15, docs/catalogue.md).
 *
 * Its own folder beside rpc → sync → store → graphql → server, because it is a second source of data with
 * its own flow: documents come from folders and from datasets' `metadataURI`s, not from chain events, so it
 * is neither the sync (which must never wait on a web server) nor the store (which keeps chain state,
 * versioned by block and rolled back on reorgs; documents are keyed by their hash and survive both). Like
 * the other stages it is built by a factory (`createFetcher`) from the shared context and writes only its
 * own tables (`metadata_documents`, `metadata_fetches`, migration 0005); the GraphQL stage reads them
 * (graphql/catalogue.ts) and the server serves the DCAT export built here (`dcat.ts`).
 */
export { type DocumentRow, documentRow, sha256Hex, storeDocument, storeFolderDocuments } from "./documents.js";
export {
  type AllowList,
  type Fetcher,
  type FetcherOptions,
  DEFAULT_METADATA_FETCH_TIMEOUT_MS,
  DEFAULT_METADATA_MAX_BYTES,
  createFetcher,
  fetchDocument,
  parseAllowList,
  redactUri,
  splitAllowList,
} from "./fetcher.js";
export { DPR_NAMESPACE, JSONLD_CONTEXT, type DcatEntry, catalogueJsonLd, datasetIri, datasetJsonLd } from "./dcat.js";
export { documentTerms, queryTerms } from "./terms.js";
