/**
 * The indexer's GraphQL API (packages/indexer/src/graphql/schema.graphql), for what the chain cannot
 * answer cheaply: a dataset's full history, every grant, the lineage across generations and the list
 * of recent registrations. Nothing here decides a verdict; the page cross-checks what it shows against
 * the chain's answer and says so when they differ.
 */
import { VerifierError } from "./errors.js";

/** A participant as the details query selects it. */
export interface IndexedParticipant {
  id: string;
  jurisdiction: string;
  metadataURI: string;
}

export interface IndexedGrant {
  id: string;
  granteeAddress: string;
  grantee: IndexedParticipant;
  right: string;
  purposeCode: number;
  startsAt: string;
  /** "0" for no expiry. */
  expiresAt: string;
  crossBorder: boolean;
  mechanism: string;
  status: string;
  issuedAt: string;
}

export interface IndexedEvent {
  id: string;
  name: string;
  actor: string | null;
  args: Record<string, unknown>;
  blockNumber: string;
  timestamp: string;
  txHash: string;
  grantId: string | null;
}

export interface IndexedDataset {
  id: string;
  /** The claim on the content the indexer shows (1, or more after refused, withdrawn or rejected claims). */
  claim: number;
  status: string;
  holderAddress: string;
  holder: IndexedParticipant;
  contentHash: string;
  algorithm: string;
  version: number;
  registeredBlock: string;
  /** Unix seconds, or null before the last confirmation. */
  noticeEndsAt: string | null;
  /**
   * The dataset's metadata document (JSON text) when the indexer has the one whose SHA-256 is its
   * metadataHash; else null. The indexer's word: see view/titles.ts to check it against the chain's hash.
   */
  metadataDocument: string | null;
  grants: { items: IndexedGrant[]; pageInfo: { hasNextPage: boolean } };
  events: { items: IndexedEvent[]; pageInfo: { hasNextPage: boolean } };
}

export interface IndexedMeta {
  /** The last block indexed, and its time (unix seconds). */
  block: { number: number; timestamp: number };
  chainHead: number | null;
  chainId: number;
  hasIndexingErrors: boolean;
}

export interface DatasetDetails {
  meta: IndexedMeta;
  dataset: IndexedDataset | null;
  /**
   * When the indexer answered (unix seconds): its own clock, from its HTTP Date header, where the
   * browser shows it (the same origin); else this page's clock when the answer came.
   */
  answeredAt: number;
}

export interface LineageNodeData {
  id: string;
  status: string;
  /**
   * The dataset's metadata document (JSON text) when the indexer has the one whose SHA-256 is its
   * metadataHash; else null. The indexer's word: see view/titles.ts to check it against the chain's hash.
   */
  metadataDocument: string | null;
}

export interface IndexedLineageStep {
  depth: number;
  edge: { derivation: string; parent: LineageNodeData; child: LineageNodeData };
}

/** One way of a lineage: the first page of its edges, and whether generations lie beyond the depth asked. */
export interface IndexedLineageSide {
  truncated: boolean;
  edges: { items: IndexedLineageStep[]; pageInfo: { hasNextPage: boolean } };
}

export interface IndexedLineage {
  up: IndexedLineageSide;
  down: IndexedLineageSide;
}

export interface RecentDataset {
  id: string;
  contentHash: string;
  algorithm: string;
  status: string;
  holderAddress: string;
  holder: IndexedParticipant;
  metadataURI: string;
  sector: number;
  sectorName: string;
  category: string;
  grade: string;
  registeredAt: string;
  registeredBlock: string;
  /**
   * The dataset's metadata document (JSON text) when the indexer has the one whose SHA-256 is its
   * metadataHash; else null. The indexer's word: see view/titles.ts to check it against the chain's hash.
   */
  metadataDocument: string | null;
}

export interface RecentPage {
  items: RecentDataset[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** How many events and grants the details view shows (the audit export has them all). */
export const DETAILS_PAGE = 100;
/** Generations of lineage drawn each way. */
export const LINEAGE_DEPTH = 3;
/** Derivations drawn each way, at most (a graph of more is unreadable; the audit export has them all). */
export const LINEAGE_EDGES = 100;
/** Registrations per page of the recent list. */
export const RECENT_PAGE = 20;

const PARTICIPANT_FIELDS = "id jurisdiction metadataURI";
/** A dataset's metadata document, as every query selects it (the page hashes `document` itself). */
const METADATA_FIELDS = "metadata { sha256 document }";

/** A dataset as the API answers it: its `metadata` object where the page's types keep only the document. */
type Answered<T> = Omit<T, "metadataDocument"> & { metadata: { sha256: string; document: string } | null };

/** The answered dataset with the document in `metadataDocument`. */
function withDocument<T extends { metadataDocument: string | null }>(answered: Answered<T>): T {
  const { metadata, ...rest } = answered;
  return { ...rest, metadataDocument: metadata?.document ?? null } as unknown as T;
}

export const DETAILS_QUERY = /* GraphQL */ `
  query VerifierDatasetDetails($id: ID!, $first: Int!) {
    _meta { block { number timestamp } chainHead chainId hasIndexingErrors }
    dataset(id: $id) {
      id claim status holderAddress holder { ${PARTICIPANT_FIELDS} } contentHash algorithm version registeredBlock noticeEndsAt
      ${METADATA_FIELDS}
      grants(first: $first) {
        items {
          id granteeAddress grantee { ${PARTICIPANT_FIELDS} } right purposeCode startsAt expiresAt crossBorder mechanism status issuedAt
        }
        pageInfo { hasNextPage }
      }
      events(first: $first) {
        items { id name actor args blockNumber timestamp txHash grantId }
        pageInfo { hasNextPage }
      }
    }
  }
`;

const LINEAGE_NODE = `{ id status ${METADATA_FIELDS} }`;
const LINEAGE_FIELDS = `truncated edges(first: $edges) { items { depth edge { derivation parent ${LINEAGE_NODE} child ${LINEAGE_NODE} } } pageInfo { hasNextPage } }`;

export const LINEAGE_QUERY = /* GraphQL */ `
  query VerifierLineage($id: ID!, $depth: Int!, $edges: Int!) {
    up: lineage(id: $id, direction: UP, depth: $depth) { ${LINEAGE_FIELDS} }
    down: lineage(id: $id, direction: DOWN, depth: $depth) { ${LINEAGE_FIELDS} }
  }
`;

export const RECENT_QUERY = /* GraphQL */ `
  query VerifierRecent($where: Dataset_filter, $first: Int!, $after: String) {
    datasets(where: $where, orderBy: registeredBlock, orderDirection: desc, first: $first, after: $after) {
      items {
        id contentHash algorithm status holderAddress holder { ${PARTICIPANT_FIELDS} } metadataURI sector sectorName category grade
        registeredAt registeredBlock ${METADATA_FIELDS}
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

export interface GraphqlAnswer<T> {
  data: T;
  /** The server's clock when it answered (its Date header, unix seconds); null where the browser hides the header (another origin). */
  serverTime: number | null;
}

export interface GraphqlClient {
  /** The endpoint, as configured (for messages). */
  readonly url: string;
  request<T>(query: string, variables: Record<string, unknown>): Promise<T>;
  /** Like `request`, with the server's clock at the answer. */
  answer<T>(query: string, variables: Record<string, unknown>): Promise<GraphqlAnswer<T>>;
}

export interface CreateGraphqlClientOptions {
  /** The endpoint, absolute or relative to the page. */
  url: string;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch | undefined;
  /** Give up after this long (default 10 s): a hung indexer must not hold the page. */
  timeoutMs?: number | undefined;
}

/**
 * A client for the indexer's GraphQL endpoint. Every failure is a {@link VerifierError}:
 * `graphql-unreachable` (no answer, an HTTP error, not GraphQL: retryable) or `graphql-failed`
 * (the API answered with errors).
 *
 * @example
 * const client = createGraphqlClient({ url: "/graphql" })
 * const details = await fetchDatasetDetails(client, datasetId)
 */
export function createGraphqlClient(options: CreateGraphqlClientOptions): GraphqlClient {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const { url } = options;
  const unreachable = (details: string, cause?: unknown) => new VerifierError("graphql-unreachable", { params: { url }, retryable: true, details, cause });
  const answer = async <T>(query: string, variables: Record<string, unknown>): Promise<GraphqlAnswer<T>> => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json" },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw unreachable(error instanceof Error ? error.message : String(error), error);
    }
    let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
    try {
      body = (await response.json()) as typeof body;
    } catch (error) {
      throw unreachable(`HTTP ${response.status}: the answer is not JSON`, error);
    }
    if (body.errors && body.errors.length > 0) {
      const first = body.errors[0]!;
      throw new VerifierError("graphql-failed", {
        params: { url },
        retryable: first.extensions?.code === "TIMEOUT" || first.extensions?.code === "INTERNAL_SERVER_ERROR",
        details: body.errors.map((e) => (e.extensions?.code ? `${e.extensions.code}: ${e.message}` : e.message)).join("; "),
      });
    }
    if (!response.ok || body.data === undefined || body.data === null) throw unreachable(`HTTP ${response.status}: no data`);
    const date = Date.parse(response.headers.get("date") ?? "");
    return { data: body.data, serverTime: Number.isNaN(date) ? null : Math.floor(date / 1000) };
  };
  return {
    url,
    answer,
    request: async <T>(query: string, variables: Record<string, unknown>) => (await answer<T>(query, variables)).data,
  };
}

/** A dataset's indexed record, grants and audit trail, with the indexer's progress. */
export async function fetchDatasetDetails(client: GraphqlClient, datasetId: string): Promise<DatasetDetails> {
  const { data, serverTime } = await client.answer<{ _meta: IndexedMeta; dataset: Answered<IndexedDataset> | null }>(DETAILS_QUERY, {
    id: datasetId.toLowerCase(),
    first: DETAILS_PAGE,
  });
  return { meta: data._meta, dataset: data.dataset && withDocument(data.dataset), answeredAt: serverTime ?? Math.floor(Date.now() / 1000) };
}

/**
 * Ancestors and descendants of a dataset the indexer knows, {@link LINEAGE_DEPTH} generations and at
 * most {@link LINEAGE_EDGES} derivations each way.
 */
export async function fetchLineage(client: GraphqlClient, datasetId: string): Promise<IndexedLineage> {
  type Side = { truncated: boolean; edges: { items: { depth: number; edge: { derivation: string; parent: Answered<LineageNodeData>; child: Answered<LineageNodeData> } }[]; pageInfo: { hasNextPage: boolean } } };
  const data = await client.request<{ up: Side; down: Side }>(LINEAGE_QUERY, { id: datasetId.toLowerCase(), depth: LINEAGE_DEPTH, edges: LINEAGE_EDGES });
  const side = ({ truncated, edges }: Side): IndexedLineageSide => ({
    truncated,
    edges: {
      items: edges.items.map(({ depth, edge }) => ({ depth, edge: { derivation: edge.derivation, parent: withDocument(edge.parent), child: withDocument(edge.child) } })),
      pageInfo: edges.pageInfo,
    },
  });
  return { up: side(data.up), down: side(data.down) };
}

/** A page of registrations, newest first. `where` is a `Dataset_filter` (see view/recent.ts). */
export async function fetchRecent(client: GraphqlClient, parameters: { where?: Record<string, unknown> | undefined; after?: string | null | undefined }): Promise<RecentPage> {
  const data = await client.request<{ datasets: Omit<RecentPage, "items"> & { items: Answered<RecentDataset>[] } }>(RECENT_QUERY, {
    where: parameters.where ?? null,
    first: RECENT_PAGE,
    after: parameters.after ?? null,
  });
  return { ...data.datasets, items: data.datasets.items.map((item) => withDocument<RecentDataset>(item)) };
}

/** Border conditions as the chain records them (`BorderConditions`; `proposed` is not read here). */
export interface ChainConditions {
  /** undeclared | open | conditional | not-open */
  openness: string;
  rights: string[];
  /** same-region | gba | anywhere; null when undeclared. */
  granteeRegions: string | null;
  /** Class codes 100, 200, … */
  purposeClasses: number[];
  /** Seconds; null: no limit. */
  maxTermSeconds: string | null;
}

/** A verified document's own border conditions (`DocumentConditions`), its texts in the catalogue's language. */
export interface DocumentConditions {
  openness: string;
  rights: string[];
  granteeRegions: string;
  /** Purpose codes, or class codes (100, 200, …) for a whole class. */
  purposes: number[];
  maxTermDays: number | null;
  measures: string[];
  howToApply: string | null;
}

/** One entry of the directory (`CatalogueEntry`): texts only from a verified document, in the language asked. */
export interface CatalogueItem {
  id: string;
  title: string | null;
  description: string | null;
  keywords: string[];
  publisher: string | null;
  /** verified | mismatch | missing | unavailable */
  documentStatus: string;
  documentError: string | null;
  documentConditions: DocumentConditions | null;
  conditions: ChainConditions;
  activeGrants: number;
  dataset: {
    status: string;
    holderAddress: string;
    holder: IndexedParticipant;
    sectorName: string;
    category: string;
    grade: string;
    containsPersonalData: boolean;
    jurisdiction: string;
  };
}

export interface FacetCount {
  value: string;
  count: number;
}

/** Counts over the whole result, per value of each facet (`CatalogueFacets`, the ones the page shows). */
export interface CatalogueFacets {
  sector: FacetCount[];
  openness: FacetCount[];
  right: FacetCount[];
  /** same-region | gba | anywhere */
  region: FacetCount[];
  /** Class codes as text: "100", "200", … */
  purposeClass: FacetCount[];
}

export interface CataloguePage {
  items: CatalogueItem[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
  facets: CatalogueFacets;
}

/** Entries per page of the catalogue. Small: the API refuses facets with a large page. */
export const CATALOGUE_PAGE = 20;

const CONDITION_FIELDS = "openness rights granteeRegions purposeClasses maxTermSeconds";

export const CATALOGUE_QUERY = /* GraphQL */ `
  query VerifierCatalogue($search: String, $where: Catalogue_filter, $lang: String!, $first: Int!, $after: String) {
    catalogue(search: $search, where: $where, lang: $lang, first: $first, after: $after) {
      nodes {
        id title description keywords publisher documentStatus documentError
        documentConditions { openness rights granteeRegions purposes maxTermDays measures howToApply }
        conditions { ${CONDITION_FIELDS} }
        activeGrants
        dataset { status holderAddress holder { ${PARTICIPANT_FIELDS} } sectorName category grade containsPersonalData jurisdiction }
      }
      pageInfo { hasNextPage endCursor }
      totalCount
      facets { sector { value count } openness { value count } right { value count } region { value count } purposeClass { value count } }
    }
  }
`;

/**
 * A page of the directory of data resources: `search` (titles, descriptions and keywords of verified
 * documents, any language), `where` a `Catalogue_filter` (see view/catalogue.ts), texts in `lang`.
 */
export async function fetchCatalogue(
  client: GraphqlClient,
  parameters: { search?: string | undefined; where?: Record<string, unknown> | undefined; lang: string; after?: string | null | undefined },
): Promise<CataloguePage> {
  const search = parameters.search?.trim() ?? "";
  const data = await client.request<{ catalogue: Omit<CataloguePage, "items"> & { nodes: CatalogueItem[] } }>(CATALOGUE_QUERY, {
    search: search === "" ? null : search,
    where: parameters.where ?? null,
    lang: parameters.lang,
    first: CATALOGUE_PAGE,
    after: parameters.after ?? null,
  });
  const { nodes, ...rest } = data.catalogue;
  return { ...rest, items: nodes };
}

/** The most datasets whose documents one request asks for: a page the default query limits allow. */
export const DOCUMENTS_PAGE = 50;

export const DOCUMENTS_QUERY = /* GraphQL */ `
  query VerifierDocuments($ids: [ID!]!, $first: Int!) {
    datasets(where: { id_in: $ids }, first: $first) {
      items { id ${METADATA_FIELDS} }
    }
  }
`;

/**
 * The metadata documents of datasets the page mentions (for their titles), by lower-case id: null for
 * a dataset whose document the indexer does not have; an id it does not know is left out.
 */
export async function fetchDocuments(client: GraphqlClient, ids: readonly string[]): Promise<Map<string, string | null>> {
  const found = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += DOCUMENTS_PAGE) {
    const chunk = ids.slice(i, i + DOCUMENTS_PAGE).map((id) => id.toLowerCase());
    const data = await client.request<{ datasets: { items: Answered<{ id: string; metadataDocument: string | null }>[] } }>(DOCUMENTS_QUERY, { ids: chunk, first: DOCUMENTS_PAGE });
    for (const item of data.datasets.items) found.set(item.id.toLowerCase(), withDocument(item).metadataDocument);
  }
  return found;
}
