import { rename, writeFile } from "node:fs/promises";
import { Writable } from "node:stream";
import { type Command, Option } from "commander";
import { type CommandEnv, commandEnv } from "../io/env.js";
import { CliError, redactUrl, usageError } from "../io/errors.js";
import { ExitCode } from "../io/exitCodes.js";
import { algorithmChoices } from "../io/hashing.js";
import { isoTime, toJson } from "../io/output.js";
import { parseAddress, parseBytes32, parseUint } from "../io/parse.js";
import { ioOf } from "../io/streams.js";

/**
 * `dpr audit export`: an auditor's exports, read from the indexer's GraphQL API (not the chain): a
 * dataset's or a participant's full history as JSON or CSV, and a lineage as W3C PROV-O JSON-LD.
 *
 * Every export reads one block's state: the indexer's latest block when the export starts (or
 * `--block`), pinned for every page, so an export taken while the indexer advances is still one
 * consistent picture. Everything is gathered before anything is written: a failed export leaves no
 * partial file.
 */

export const defaultGraphqlUrl = "http://127.0.0.1:4350/graphql";

/** Rows per GraphQL page: the API's maximum. */
const PAGE = 1000;

// ---------------------------------------------------------------------------------------------------
// The GraphQL client

type Variables = Record<string, unknown>;

interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

/** Exit codes for the API's error codes: the question was wrong (2), the service failed (4), or else (5). */
const EXIT_FOR_CODE: Record<string, ExitCode> = {
  BAD_USER_INPUT: ExitCode.Usage,
  NOT_FOUND: ExitCode.Usage,
  BLOCK_NOT_INDEXED: ExitCode.Usage,
  TIMEOUT: ExitCode.Network,
};

/** The innermost reason of a failed fetch (e.g. `connect ECONNREFUSED 127.0.0.1:4350`). */
function fetchFailure(error: unknown): string {
  let current = error as { message?: unknown; cause?: unknown; name?: unknown } | undefined;
  let reason = String((current as Error | undefined)?.message ?? error);
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.name === "TimeoutError") return "no answer within 60 s";
    if (typeof current.message === "string" && current.message !== "fetch failed") reason = current.message;
    current = current.cause as typeof current;
  }
  return reason;
}

export interface GraphqlClient {
  readonly url: string;
  request<T>(query: string, variables?: Variables): Promise<T>;
}

/**
 * A minimal GraphQL-over-HTTP client that turns every failure into a CLI error with the right exit code.
 * Credentials in the URL (`https://user:password@host/graphql`) are sent as HTTP Basic authentication,
 * which fetch will not take from a URL, and never appear in messages.
 */
export function graphqlClient(url: string): GraphqlClient {
  const shown = redactUrl(url);
  const hint = "start the indexer (dpr-indexer), or point --graphql (or DPR_GRAPHQL_URL) at its /graphql endpoint";
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw usageError(`--graphql is not a URL: "${shown}"`, "e.g. http://127.0.0.1:4350/graphql");
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") throw usageError(`--graphql must be an http or https URL: "${shown}"`);
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json" };
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const password = decodeURIComponent(target.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  return {
    url: shown,
    async request<T>(query: string, variables: Variables = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetch(target, {
          method: "POST",
          headers,
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(60_000),
        });
      } catch (error) {
        throw new CliError(`cannot reach the GraphQL API at ${shown}`, { exitCode: ExitCode.Network, details: fetchFailure(error), hint, cause: error });
      }
      let body: { data?: T | null; errors?: GraphqlError[] };
      try {
        body = (await response.json()) as typeof body;
      } catch {
        throw new CliError(`${shown} answered HTTP ${response.status}, not a GraphQL response`, { exitCode: ExitCode.Network, hint });
      }
      const [error] = body.errors ?? [];
      if (error) {
        const code = error.extensions?.code;
        throw new CliError(`the GraphQL API refused the query: ${error.message}`, {
          exitCode: (code ? EXIT_FOR_CODE[code] : undefined) ?? ExitCode.Other,
          details: code ? `error code ${code}` : undefined,
        });
      }
      if (!body.data) throw new CliError(`${shown} answered HTTP ${response.status} without data`, { exitCode: ExitCode.Other });
      return body.data;
    },
  };
}

interface Page<T> {
  items: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every item of a list, following its cursors. */
async function allPages<T>(fetchPage: (after: string | null) => Promise<Page<T> | null | undefined>): Promise<T[]> {
  const items: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> | null | undefined = await fetchPage(after);
    if (!page) return items;
    items.push(...page.items);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return items;
    after = page.pageInfo.endCursor;
  }
}

// ---------------------------------------------------------------------------------------------------
// What the exports read

const EVENT_FIELDS = "id name contract actor datasetId grantId participant anchorRoot args blockNumber logIndex timestamp txHash";
const GRANT_FIELDS = `id datasetId granteeAddress grantorAddress right purposeCode purposeHash scopeHash startsAt expiresAt termsHash
  crossBorder mechanism evidence { contractHash impactAssessmentHash consentRecordsRoot filingRef } status acknowledgedBy acknowledgedAt
  closedBy closedAt issuedAt issuedBlock issuedTx updatedAt updatedBlock`;
const DATASET_FIELDS = `id claim seriesId version versionOf { id } supersededBy { id } holderAddress algorithm contentHash metadataHash metadataURI
  category grade containsPersonalData sector sectorName jurisdiction status requiredConfirmations confirmationCount confirmedAt noticeEndsAt
  noticeRemaining frozen superseded declassified ancestryRevoked pendingTransferTo openObjections grantsValidFrom registeredAt registeredBlock
  registeredTx updatedAt updatedBlock`;

interface Meta {
  block: { number: number; hash: string; timestamp: number };
  chainId: number;
  deploymentBlock: number;
  hasIndexingErrors: boolean;
}

export interface AuditEvent {
  id: string;
  name: string;
  contract: string;
  actor: string | null;
  datasetId: string | null;
  grantId: string | null;
  participant: string | null;
  anchorRoot: string | null;
  args: unknown;
  blockNumber: string;
  logIndex: number;
  timestamp: string;
  txHash: string;
}

type Row = Record<string, unknown>;

/** What every export is given: where to read, and at which block (`--block`, parsed). */
interface Source {
  client: GraphqlClient;
  /** Where the indexer's DCAT catalogue names datasets: `--base-url`, else the GraphQL endpoint's origin. */
  baseUrl: string;
  block: number | undefined;
  /** A warning for people, on stderr. */
  warn(text: string): void;
}

/** The block an export reads: `--block`, else the indexer's latest (none before it has indexed one). */
async function exportBlock(source: Source): Promise<{ meta: Meta; block: { number: number } | null }> {
  const { _meta: meta } = await source.client.request<{ _meta: Meta }>("{ _meta { block { number hash timestamp } chainId deploymentBlock hasIndexingErrors } }");
  if (meta.hasIndexingErrors) source.warn("warning: the indexer reports that indexing stopped on an error; its data may be stale\n");
  if (source.block !== undefined) return { meta, block: { number: source.block } };
  return { meta, block: meta.block.number >= meta.deploymentBlock ? { number: meta.block.number } : null };
}

function exportHeader(kind: string, client: GraphqlClient, meta: Meta, block: { number: number } | null): Row {
  return { kind, source: client.url, chainId: meta.chainId, block: block?.number ?? null, exportedAt: isoTime(Math.floor(Date.now() / 1000)) };
}

/** Flattens `{ versionOf: { id } }`-style links to ids. */
function linkIds(row: Row): Row {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [
      key,
      value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && "id" in value ? (value as { id: unknown }).id : value,
    ]),
  );
}

export interface DatasetExport {
  export: Row;
  dataset: Row;
  versions: Row[];
  parents: Row[];
  children: Row[];
  confirmations: Row[];
  objections: Row[];
  transfers: Row[];
  grants: Row[];
  events: AuditEvent[];
}

async function exportDataset(source: Source, value: string, alg: string | undefined): Promise<DatasetExport> {
  const { client } = source;
  const { meta, block } = await exportBlock(source);
  const found = await client.request<{ dataset: { id: string } | null; verify: { dataset: { id: string } | null } }>(
    `query($v: ID!, $h: String!, $alg: HashAlgorithm, $block: Block_height) {
      dataset(id: $v, block: $block) { id }
      verify(contentHash: $h, algorithm: $alg, block: $block) { dataset { id } }
    }`,
    { v: value, h: value, alg: alg ?? null, block },
  );
  const id = found.dataset?.id ?? found.verify.dataset?.id;
  if (!id) {
    throw usageError(
      `no dataset has the id or content hash ${value}${block ? ` at block ${block.number}` : ""}`,
      "check the value (and --alg for a content hash of another algorithm), or whether the indexer has caught up (_meta)",
    );
  }
  // Parents are a plain list (at most 16, the contract's MAX_PARENTS); every other list is paged.
  const { dataset } = await client.request<{ dataset: Row }>(
    `query($id: ID!, $block: Block_height) { dataset(id: $id, block: $block) { ${DATASET_FIELDS}
      parents { derivation blockNumber parent { id } }
    } }`,
    { id, block },
  );
  const nested = async <T>(field: string, fields: string) =>
    allPages<T>(
      async (after) =>
        (
          await client.request<{ dataset: Record<string, Page<T>> | null }>(
            `query($id: ID!, $block: Block_height, $first: Int, $after: String) {
              dataset(id: $id, block: $block) { list: ${field}(first: $first, after: $after) { items { ${fields} } pageInfo { hasNextPage endCursor } } } }`,
            { id, block, first: PAGE, after },
          )
        ).dataset?.list,
    );
  const versions = await nested<Row>("versions", "id version contentHash status registeredAt registeredBlock");
  const children = await nested<Row>("children", "derivation blockNumber child { id }");
  const confirmations = await nested<Row>("confirmations", "id registrarAddress confirmations requiredConfirmations noticeEndsAt timestamp blockNumber txHash");
  const objections = await nested<Row>(
    "objections",
    `id claim objectorAddress organisation status evidenceHash timestamp blockNumber txHash resolved
      resolution { resolver upheld decisionHash status previousHolder holder timestamp blockNumber }`,
  );
  const transfers = await nested<Row>("transfers", "id from to status registrar requestedAt requestedBlock closedAt closedBlock");
  // Each grant with its purpose's label beside the code, from the zone's list.
  const { withPurposeLabel } = await import("../io/purpose.js");
  const grants = (await nested<Row>("grants", GRANT_FIELDS)).map(withPurposeLabel);
  const events = await nested<AuditEvent>("events", EVENT_FIELDS);
  const { parents, ...fields } = dataset;
  return {
    export: exportHeader("dataset", client, meta, block),
    dataset: linkIds(fields),
    versions,
    parents: (parents as Row[]).map(linkIds),
    children: children.map(linkIds),
    confirmations,
    objections,
    transfers,
    grants,
    events,
  };
}

export interface ParticipantExport {
  export: Row;
  participant: Row;
  datasets: Row[];
  grantsReceived: Row[];
  grantsGiven: Row[];
  events: AuditEvent[];
}

async function exportParticipant(source: Source, account: string): Promise<ParticipantExport> {
  const { client } = source;
  const { meta, block } = await exportBlock(source);
  const { participant } = await client.request<{ participant: Row | null }>(
    `query($id: ID!, $block: Block_height) { participant(id: $id, block: $block) {
      id organisation jurisdiction roles legalIdHash metadataURI suspended addedBy addedAt addedBlock updatedAt updatedBlock } }`,
    { id: account, block },
  );
  if (!participant) throw usageError(`no participant has the account ${account}${block ? ` at block ${block.number}` : ""}`);
  const nested = async <T>(field: string, fields: string) =>
    allPages<T>(
      async (after) =>
        (
          await client.request<{ participant: Record<string, Page<T>> | null }>(
            `query($id: ID!, $block: Block_height, $first: Int, $after: String) {
              participant(id: $id, block: $block) { list: ${field}(first: $first, after: $after) { items { ${fields} } pageInfo { hasNextPage endCursor } } } }`,
            { id: account, block, first: PAGE, after },
          )
        ).participant?.list,
    );
  const organisationAccounts = await nested<{ id: string }>("organisationAccounts", "id");
  const datasets = await nested<Row>("datasets", DATASET_FIELDS);
  const { withPurposeLabel } = await import("../io/purpose.js");
  const grantsReceived = (await nested<Row>("grantsReceived", GRANT_FIELDS)).map(withPurposeLabel);
  const grantsGiven = (await nested<Row>("grantsGiven", GRANT_FIELDS)).map(withPurposeLabel);
  const events = await nested<AuditEvent>("events", EVENT_FIELDS);
  return {
    export: exportHeader("participant", client, meta, block),
    // The organisation's other accounts right after the organisation, where the record reads them.
    participant: { id: participant.id, organisation: participant.organisation, organisationAccounts: organisationAccounts.map((a) => a.id), ...participant },
    datasets: datasets.map(linkIds),
    grantsReceived,
    grantsGiven,
    events,
  };
}

// ---------------------------------------------------------------------------------------------------
// CSV

/** The CSV columns of an event trail, in order. */
export const CSV_COLUMNS = ["block", "time", "tx", "event", "actor", "dataset", "grant", "details"] as const;

/** One CSV field, quoted when RFC 4180 requires it (a comma, a quote, a line break), quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** An event trail as RFC 4180 CSV: a header, then one CRLF-terminated row per event. */
export function eventsCsv(events: readonly AuditEvent[]): string {
  const rows = events.map((e) => [
    e.blockNumber,
    isoTime(Number(e.timestamp)) ?? "",
    e.txHash,
    e.name,
    e.actor ?? "",
    e.datasetId ?? "",
    e.grantId ?? "",
    JSON.stringify(e.args ?? {}),
  ]);
  return [CSV_COLUMNS, ...rows].map((row) => `${row.map((field) => csvField(String(field))).join(",")}\r\n`).join("");
}

// ---------------------------------------------------------------------------------------------------
// PROV-O

interface LineageDataset {
  id: string;
  contentHash: string;
  algorithm: string;
  version: number;
  status: string;
  category: string;
  grade: string;
  sectorName: string;
  jurisdiction: string;
  metadataURI: string;
  holderAddress: string;
  registeredAt: string;
  registeredBlock: string;
  registeredTx: string;
}

interface LineageAnswer {
  root: LineageDataset;
  direction: "UP" | "DOWN";
  truncated: boolean;
  edges: { depth: number; edge: { derivation: string; blockNumber: string; parent: LineageDataset; child: LineageDataset } }[];
}

export const PROV_CONTEXT = {
  prov: "http://www.w3.org/ns/prov#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  dpr: "urn:dpr:terms:",
} as const;

/**
 * A lineage as W3C PROV-O in JSON-LD: each dataset a `prov:Entity` (with its content hash), attributed
 * to its holder (`prov:Agent`) and generated by its registration (`prov:Activity`, associated with the
 * account that registered it, at the block's time, using its parents); each derivation a
 * `prov:wasDerivedFrom` edge qualified by a `prov:Derivation` (a `prov:Revision` for revisions) that
 * carries the derivation type. Datasets are named as the indexer's DCAT catalogue names them,
 * `{base URL}/datasets/{id}`; registrations and participants by URNs scoped by chain id
 * (`urn:dpr:<chain>:registration:<id>`).
 */
export function lineageProv(
  lineage: LineageAnswer,
  options: { chainId: number; block: number | null; depth: number; registrants: ReadonlyMap<string, string>; baseUrl: string },
) {
  const base = `urn:dpr:${options.chainId}:`;
  const ref = (iri: string) => ({ "@id": iri });
  // The indexer's DCAT export names datasets the same way (GET /datasets/{id}.jsonld), so both describe one node.
  const entity = (id: string) => datasetIri(options.baseUrl, id);
  const activity = (id: string) => `${base}registration:${id}`;
  const agent = (account: string) => `${base}participant:${account}`;
  const time = (seconds: string) => ({ "@value": isoTime(Number(seconds)), "@type": "xsd:dateTime" });

  const datasets = new Map<string, LineageDataset>([[lineage.root.id, lineage.root]]);
  for (const { edge } of lineage.edges) {
    datasets.set(edge.parent.id, edge.parent);
    datasets.set(edge.child.id, edge.child);
  }
  const parentsOf = new Map<string, { parent: string; derivation: string; blockNumber: string }[]>();
  for (const { edge } of lineage.edges) {
    const list = parentsOf.get(edge.child.id) ?? [];
    list.push({ parent: edge.parent.id, derivation: edge.derivation, blockNumber: edge.blockNumber });
    parentsOf.set(edge.child.id, list);
  }
  const agents = new Set<string>();
  const graph: Record<string, unknown>[] = [];
  for (const d of datasets.values()) {
    const parents = parentsOf.get(d.id) ?? [];
    const registrant = options.registrants.get(d.id);
    agents.add(d.holderAddress);
    if (registrant) agents.add(registrant);
    graph.push({
      "@id": entity(d.id),
      "@type": "prov:Entity",
      "rdfs:label": `dataset ${d.id} (version ${d.version})`,
      "dpr:datasetId": d.id,
      "dpr:contentHash": d.contentHash,
      "dpr:hashAlgorithm": d.algorithm,
      "dpr:version": d.version,
      "dpr:status": d.status,
      "dpr:category": d.category,
      "dpr:grade": d.grade,
      "dpr:sector": d.sectorName,
      "dpr:jurisdiction": d.jurisdiction,
      "dpr:metadataURI": d.metadataURI,
      "prov:wasAttributedTo": ref(agent(d.holderAddress)),
      "prov:wasGeneratedBy": ref(activity(d.id)),
      "prov:generatedAtTime": time(d.registeredAt),
      ...(parents.length
        ? {
            "prov:wasDerivedFrom": parents.map((p) => ref(entity(p.parent))),
            ...(parents.some((p) => p.derivation === "revision")
              ? { "prov:wasRevisionOf": parents.filter((p) => p.derivation === "revision").map((p) => ref(entity(p.parent))) }
              : {}),
            "prov:qualifiedDerivation": parents.map((p) => ({
              "@type": p.derivation === "revision" ? ["prov:Derivation", "prov:Revision"] : "prov:Derivation",
              "prov:entity": ref(entity(p.parent)),
              "prov:hadActivity": ref(activity(d.id)),
              "dpr:derivationType": p.derivation,
              "dpr:blockNumber": Number(p.blockNumber),
            })),
          }
        : {}),
    });
    graph.push({
      "@id": activity(d.id),
      "@type": "prov:Activity",
      "rdfs:label": `registration of dataset ${d.id}`,
      "prov:startedAtTime": time(d.registeredAt),
      "prov:endedAtTime": time(d.registeredAt),
      ...(registrant ? { "prov:wasAssociatedWith": ref(agent(registrant)) } : {}),
      ...(parents.length ? { "prov:used": parents.map((p) => ref(entity(p.parent))) } : {}),
      "dpr:transaction": d.registeredTx,
      "dpr:blockNumber": Number(d.registeredBlock),
    });
  }
  for (const account of agents) graph.push({ "@id": agent(account), "@type": "prov:Agent", "dpr:account": account });
  graph.push({
    "@id": `${base}lineage:${lineage.root.id}:${lineage.direction.toLowerCase()}`,
    "@type": "dpr:LineageExport",
    "dpr:root": ref(entity(lineage.root.id)),
    "dpr:direction": lineage.direction === "UP" ? "ancestors" : "descendants",
    "dpr:depth": options.depth,
    // True when the lineage goes on beyond `depth`: the graph is then not the whole story.
    "dpr:truncated": lineage.truncated,
    "dpr:chainId": options.chainId,
    ...(options.block !== null ? { "dpr:block": options.block } : {}),
  });
  return { "@context": PROV_CONTEXT, "@graph": graph };
}

const LINEAGE_DATASET = "id contentHash algorithm version status category grade sectorName jurisdiction metadataURI holderAddress registeredAt registeredBlock registeredTx";

async function exportLineage(source: Source, id: string, options: { direction: "up" | "down"; depth: number }) {
  const { client } = source;
  const { meta, block } = await exportBlock(source);
  const variables = { id, direction: options.direction.toUpperCase(), depth: options.depth, block };
  const { lineage: head } = await client.request<{ lineage: Omit<LineageAnswer, "edges"> }>(
    `query($id: ID!, $direction: LineageDirection, $depth: Int, $block: Block_height) {
      lineage(id: $id, direction: $direction, depth: $depth, block: $block) { root { ${LINEAGE_DATASET} } direction truncated }
    }`,
    variables,
  );
  const edges = await allPages<LineageAnswer["edges"][number]>(
    async (after) =>
      (
        await client.request<{ lineage: { edges: Page<LineageAnswer["edges"][number]> } }>(
          `query($id: ID!, $direction: LineageDirection, $depth: Int, $block: Block_height, $first: Int, $after: String) {
            lineage(id: $id, direction: $direction, depth: $depth, block: $block) {
              edges(first: $first, after: $after) { items { depth edge { derivation blockNumber parent { ...D } child { ...D } } } pageInfo { hasNextPage endCursor } }
            }
          }
          fragment D on Dataset { ${LINEAGE_DATASET} }`,
          { ...variables, first: PAGE, after },
        )
      ).lineage.edges,
  );
  const lineage: LineageAnswer = { ...head, edges };
  // Who registered each dataset (its holder may have changed since): the actor of its DatasetRegistered.
  const ids = [...new Set([lineage.root.id, ...lineage.edges.flatMap(({ edge }) => [edge.parent.id, edge.child.id])])];
  const registrants = new Map<string, string>();
  for (let start = 0; start < ids.length; start += PAGE) {
    const events = await allPages<{ datasetId: string; actor: string }>(
      async (after) =>
        (
          await client.request<{ events: Page<{ datasetId: string; actor: string }> }>(
            `query($ids: [Bytes!], $block: Block_height, $first: Int, $after: String) {
              events(where: { datasetId_in: $ids, name: "DatasetRegistered" }, block: $block, first: $first, after: $after) {
                items { datasetId actor } pageInfo { hasNextPage endCursor } } }`,
            { ids: ids.slice(start, start + PAGE), block, first: PAGE, after },
          )
        ).events,
    );
    for (const event of events) registrants.set(event.datasetId, event.actor);
  }
  return lineageProv(lineage, { chainId: meta.chainId, block: block?.number ?? null, depth: options.depth, registrants, baseUrl: source.baseUrl });
}

// ---------------------------------------------------------------------------------------------------
// The catalogue

/** The id of a dataset in every export, as the indexer's DCAT catalogue gives it: `{base}/datasets/{id}`. */
export function datasetIri(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/datasets/${id}`;
}

/** The CSV columns of a catalogue export, in order. */
export const CATALOGUE_COLUMNS = [
  "id",
  "title_zh",
  "title_en",
  "sector",
  "category",
  "grade",
  "openness",
  "rights",
  "grantee_regions",
  "purpose_classes",
  "max_term_seconds",
  "status",
  "holder",
  "active_grants",
  "document_status",
  "metadata_uri",
] as const;

interface CatalogueNode {
  id: string;
  title: string | null;
  documentStatus: string;
  activeGrants: number;
  conditions: { openness: string; rights: string[]; granteeRegions: string | null; purposeClasses: number[]; maxTermSeconds: string | null };
  dataset: { sectorName: string; category: string; grade: string; status: string; holderAddress: string; metadataURI: string; zh: { title: string | null } | null };
}

/**
 * A text a registrant wrote, made safe for spreadsheets: one starting with =, +, -, @ or a control character
 * is a formula to Excel and LibreOffice, so it gets a leading apostrophe (OWASP's advice for CSV injection).
 */
const inert = (text: string | null) => (text === null ? "" : /^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** A catalogue as RFC 4180 CSV: a header, then one CRLF-terminated row per entry. Lists are `;`-separated. */
export function catalogueCsv(nodes: readonly CatalogueNode[]): string {
  const rows = nodes.map((n) => [
    n.id,
    inert(n.dataset.zh?.title ?? null),
    inert(n.title),
    n.dataset.sectorName,
    n.dataset.category,
    n.dataset.grade,
    n.conditions.openness,
    n.conditions.rights.join(";"),
    n.conditions.granteeRegions ?? "",
    n.conditions.purposeClasses.join(";"),
    n.conditions.maxTermSeconds ?? "",
    n.dataset.status,
    n.dataset.holderAddress,
    String(n.activeGrants),
    n.documentStatus,
    inert(n.dataset.metadataURI),
  ]);
  return [CATALOGUE_COLUMNS, ...rows].map((row) => `${row.map((field) => csvField(String(field))).join(",")}\r\n`).join("");
}

async function exportCatalogue(source: Source, search: string | undefined): Promise<{ nodes: CatalogueNode[]; block: number | null }> {
  const { client } = source;
  const { block } = await exportBlock(source);
  const nodes = await allPages<CatalogueNode>(async (after) => {
    const { catalogue } = await client.request<{ catalogue: { nodes: CatalogueNode[]; pageInfo: Page<CatalogueNode>["pageInfo"] } }>(
      `query($search: String, $block: Block_height, $first: Int, $after: String) {
        catalogue(search: $search, lang: "en", block: $block, first: $first, after: $after) {
          nodes { id title documentStatus activeGrants conditions { openness rights granteeRegions purposeClasses maxTermSeconds }
            dataset { sectorName category grade status holderAddress metadataURI zh: catalogue(lang: "zh") { title } } }
          pageInfo { hasNextPage endCursor } } }`,
      { search: search ?? null, block, first: PAGE, after },
    );
    return { items: catalogue.nodes, pageInfo: catalogue.pageInfo };
  });
  return { nodes, block: block?.number ?? null };
}

// ---------------------------------------------------------------------------------------------------
// Output

/**
 * Writes to stdout and waits until the stream has taken all of it. An export runs to megabytes, and a
 * pipe takes 64 KiB at a time: the rest is queued, and `dpr` exits as soon as the command returns
 * (bin.ts), which would cut the export short.
 */
async function writeStdout(command: Command, text: string): Promise<void> {
  const stdout = ioOf(command).stdout;
  if (!(stdout instanceof Writable)) {
    stdout.write(text);
    return;
  }
  await new Promise<void>((resolve, reject) => stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

/** Writes an export to `--out` (whole, through a temporary file, so a reader never sees half of it) or stdout. */
async function deliver(env: CommandEnv, command: Command, text: string, out: string | undefined, summary: Row): Promise<void> {
  if (out === undefined) {
    await writeStdout(command, text);
    return;
  }
  const temporary = `${out}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { encoding: "utf8", mode: 0o644 });
    await rename(temporary, out);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw usageError(`cannot write ${out}: ${code === "ENOENT" ? "no such folder" : code === "EISDIR" ? "it is a folder" : code === "EACCES" ? "permission denied" : String(code ?? error)}`);
  }
  env.out.result({ file: out, ...summary });
}

interface ExportOptions {
  format: "json" | "csv";
  out?: string;
  block?: string;
}

/** The GraphQL endpoint and block of a run, checked before anything is asked. */
function source(command: Command, options: { block?: string; out?: string; baseUrl?: string }): Source {
  const io = ioOf(command);
  const { graphql, quiet } = command.optsWithGlobals<{ graphql: string; quiet?: boolean }>();
  if (options.out !== undefined && options.out.trim() === "") throw usageError("--out needs a file name");
  const client = graphqlClient(graphql);
  return {
    client,
    baseUrl: baseUrlOf(options.baseUrl, graphql),
    block: options.block === undefined ? undefined : parseUint(options.block, "--block", 2 ** 31 - 1),
    warn: (text) => {
      if (!quiet) io.stderr.write(text);
    },
  };
}

/** `--base-url`, checked, else the origin of the GraphQL endpoint (without credentials): where the indexer serves its catalogue. */
function baseUrlOf(given: string | undefined, graphql: string): string {
  const text = given ?? graphql;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`${given === undefined ? "--graphql" : "--base-url"} is not a URL: "${redactUrl(text)}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw usageError(`--base-url must be an http or https URL: "${redactUrl(text)}"`);
  if (given === undefined) return url.origin;
  if (url.username || url.password || url.search || url.hash) throw usageError("--base-url must be a plain URL: no user name, password, query or fragment");
  return url.href.replace(/\/+$/, "");
}

export function registerAudit(program: Command): void {
  const audit = program
    .command("audit")
    .summary("exports for auditors, read from the indexer's GraphQL API")
    .description(
      "Reads the indexer's GraphQL API (not the chain): a dataset's or a participant's full history, and lineage as W3C PROV-O. Needs no key.",
    )
    .addOption(new Option("--graphql <url>", "the indexer's GraphQL endpoint").env("DPR_GRAPHQL_URL").default(defaultGraphqlUrl));

  const exporter = audit
    .command("export")
    .summary("export a dataset's or participant's history, a lineage, or the catalogue")
    .description(
      "Exports one block's state (the indexer's latest when the export starts, or --block), following every page. Exit codes: 2 for an unknown dataset or participant, a malformed argument or a block not indexed yet; 4 when the GraphQL API cannot be reached.",
    );

  const formatOption = () => new Option("--format <format>", "json, or csv (one row per event)").choices(["json", "csv"]).default("json");
  const outOption = () => new Option("--out <file>", "write the export to this file (replaced whole) instead of stdout");
  const blockOption = () => new Option("--block <number>", "export the registry as it stood after this block (default: the latest indexed)");
  const baseUrlOption = () =>
    new Option("--base-url <url>", "the indexer's public URL, which dataset ids are under (default: the origin of --graphql)");

  exporter
    .command("dataset")
    .summary("a dataset's record, versions, confirmations, objections, transfers, grants and event trail")
    .argument("<id-or-content-hash>", "dataset id or content hash (0x…, 32 bytes)")
    .addOption(formatOption())
    .addOption(outOption())
    .addOption(blockOption())
    .addOption(new Option("--alg <algorithm>", "algorithm of a content hash (default: any)").choices(algorithmChoices))
    .addHelpText(
      "after",
      `
JSON: {"export":{"kind","source","chainId","block","exportedAt"},"dataset":{…},"versions","parents","children",
       "confirmations","objections","transfers","grants","events":[{"id","name","contract","actor","datasetId",
       "grantId","participant","anchorRoot","args","blockNumber","logIndex","timestamp","txHash"}]}
      Each grant's "purpose" is the label of its "purposeCode" in the zone's list (null for a code not in it).
CSV:  ${CSV_COLUMNS.join(",")} — one row per event of the trail (RFC 4180; time in ISO 8601 UTC; details: the
      event's arguments as JSON). Times in JSON are unix seconds; large numbers are decimal strings.

Examples:
  dpr audit export dataset 0x5e1f… > dataset.json
  dpr audit export dataset 0x5e1f… --format csv --out trail.csv
  dpr audit export dataset 0x5e1f… --block 1200 --graphql http://indexer.internal:4350/graphql`,
    )
    .action(async (value: string, options: ExportOptions & { alg?: string }, command: Command) => {
      const env = await commandEnv(command);
      const hash = parseBytes32(value, "dataset id or content hash");
      const data = await exportDataset(source(command, options), hash, options.alg);
      const text = options.format === "csv" ? eventsCsv(data.events) : `${toJson(data)}\n`;
      await deliver(env, command, text, options.out, { format: options.format, datasetId: data.dataset.id, block: data.export.block, grants: data.grants.length, events: data.events.length });
    });

  exporter
    .command("participant")
    .summary("a participant's record, the events it acted in or is about, its datasets and grants")
    .argument("<address>", "the participant's account")
    .addOption(formatOption())
    .addOption(outOption())
    .addOption(blockOption())
    .addHelpText(
      "after",
      `
JSON: {"export":{…},"participant":{…},"datasets","grantsReceived","grantsGiven","events":[…]}
CSV:  ${CSV_COLUMNS.join(",")} — one row per event the participant acted in or is about.

Example:
  dpr audit export participant 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 --format csv --out registrar.csv`,
    )
    .action(async (value: string, options: ExportOptions, command: Command) => {
      const env = await commandEnv(command);
      const account = (await parseAddress(value, "participant")).toLowerCase();
      const data = await exportParticipant(source(command, options), account);
      const text = options.format === "csv" ? eventsCsv(data.events) : `${toJson(data)}\n`;
      await deliver(env, command, text, options.out, {
        format: options.format,
        participant: account,
        block: data.export.block,
        datasets: data.datasets.length,
        grants: data.grantsReceived.length + data.grantsGiven.length,
        events: data.events.length,
      });
    });

  exporter
    .command("lineage")
    .summary("a dataset's ancestors or descendants as W3C PROV-O JSON-LD")
    .argument("<id>", "the dataset id (0x…, 32 bytes)")
    .addOption(new Option("--direction <direction>", "up: what it was derived from; down: what was derived from it").choices(["up", "down"]).default("up"))
    .addOption(new Option("--depth <n>", "generations to follow, 1 to 50").default("10"))
    .addOption(outOption())
    .addOption(blockOption())
    .addOption(baseUrlOption())
    .addHelpText(
      "after",
      `
Output: JSON-LD with "@context" (prov: http://www.w3.org/ns/prov#) and "@graph": datasets as prov:Entity
(dpr:contentHash, prov:generatedAtTime, prov:wasAttributedTo their holder), each registration a prov:Activity
associated with the account that registered it, derivations as prov:wasDerivedFrom with a qualified
prov:Derivation carrying dpr:derivationType, holders as prov:Agent, and a dpr:LineageExport node saying
whether the lineage goes on beyond --depth (dpr:truncated). Datasets are <base URL>/datasets/<id>, the ids
of the indexer's DCAT catalogue (GET /datasets/<id>.jsonld); registrations and participants urn:dpr:<chain id>:….

Example:
  dpr audit export lineage 0x5e1f… --direction down --depth 5 --out lineage.jsonld`,
    )
    .action(async (value: string, options: { direction: "up" | "down"; depth: string; out?: string; block?: string; baseUrl?: string }, command: Command) => {
      const env = await commandEnv(command);
      const id = parseBytes32(value, "dataset id");
      const depth = /^\d{1,2}$/.test(options.depth.trim()) ? Number(options.depth) : 0;
      if (depth < 1 || depth > 50) throw usageError(`--depth must be a whole number from 1 to 50: "${options.depth}"`);
      const document = await exportLineage(source(command, options), id, { direction: options.direction, depth });
      const entities = document["@graph"].filter((node) => node["@type"] === "prov:Entity").length;
      await deliver(env, command, `${toJson(document)}\n`, options.out, { format: "jsonld", datasetId: id, direction: options.direction, depth, datasets: entities });
    });
  exporter
    .command("catalogue")
    .summary("the data resource directory as CSV: one row per entry")
    .addOption(new Option("--search <words>", "only entries whose verified document has all these words (as the catalogue's search)"))
    .addOption(outOption())
    .addOption(blockOption())
    .addHelpText(
      "after",
      `
CSV:  ${CATALOGUE_COLUMNS.join(",")}
      One row per catalogue entry (the current version of each standing dataset), newest first or best match first
      with --search (RFC 4180). Titles come from verified documents only (empty otherwise). openness, rights,
      grantee_regions, purpose_classes and max_term_seconds are the border conditions the chain enforces; lists
      are ;-separated. Texts a registrant wrote that start with =, +, -, @ get a leading ' (spreadsheet formulas).

Examples:
  dpr audit export catalogue --out catalogue.csv
  dpr audit export catalogue --search 门诊 --block 1200`,
    )
    .action(async (options: { search?: string; out?: string; block?: string }, command: Command) => {
      const env = await commandEnv(command);
      const data = await exportCatalogue(source(command, options), options.search);
      await deliver(env, command, catalogueCsv(data.nodes), options.out, { format: "csv", block: data.block, entries: data.nodes.length });
    });
}
