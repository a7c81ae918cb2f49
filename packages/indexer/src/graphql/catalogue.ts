/**
 * The catalogue's SQL and resolvers (`catalogue`, `catalogueEntry`, `CatalogueEntry`, `Dataset.catalogue`): the
 * chain's datasets at the queried block joined with the documents the indexer knows (`metadata_documents`,
 * `metadata_fetches`, migration 0005), which are not chain state and answer as they are now.
 *
 * - An entry is a dataset that is the current version of its series (`not superseded`) whose status is one of
 *   `status_in` (default: the claim stands).
 * - `search` is cut into terms as documents are (catalogue/terms.ts) and an entry matches when its document
 *   has them all (`terms @> $q`, GIN-indexed, the same on PGlite and PostgreSQL). Only verified documents have
 *   terms to match: a mismatched or missing document is never found by search.
 * - Order: relevance — how many of the query's terms are in the document's title (any language) — then the
 *   newest registration, then the id; without a search, newest first. Cursor paging over those three keys.
 * - Facets and totalCount: one statement over the whole filtered set (search and every filter applied).
 */
import DataLoader from "dataloader";
import {
  type BorderConditions,
  type DprMetadataDocument,
  Jurisdiction,
  type LanguageMap,
  SECTORS,
  borderConditionsBreach,
  borderConditionsFromChain,
  borderConditionsLabels,
  pickLanguage,
} from "@dpr/sdk";
import { type DcatEntry, catalogueJsonLd, datasetJsonLd } from "../catalogue/dcat.js";
import type { Db } from "../store/db.js";
import { MAX_QUERY_TERMS, queryTerms } from "../catalogue/terms.js";
import type { BlockHeight } from "./block.js";
import { type ApiConfig, type GraphqlContext, type RequestApi, createRequestApi } from "./context.js";
import { type EntitySpec, datasetSpec } from "./entities.js";
import { badInput } from "./errors.js";
import { LABELS, parseAddress, parseBytes32, parseLabel, shown } from "./inputs.js";
import type { AtRow, Row, RunSql } from "./loaders.js";
import { type Page, buildPage, toPage } from "./paging.js";
import { type At, Params, visibleAt } from "./sql.js";
import { sectorLabel } from "./stats.js";

export interface CatalogueFilter {
  sector_in?: readonly string[] | null;
  category_in?: readonly string[] | null;
  grade_in?: readonly string[] | null;
  openness_in?: readonly string[] | null;
  right?: string | null;
  region?: string | null;
  purpose?: number | null;
  status_in?: readonly string[] | null;
  documentStatus_in?: readonly string[] | null;
  holder?: string | null;
}

export interface CatalogueArgs {
  search?: string | null;
  where?: CatalogueFilter | null;
  lang?: string | null;
  first?: number | null;
  after?: string | null;
  block?: BlockHeight | null;
}

/** The statuses of a claim that stands: the default of `status_in`. */
export const STANDING_STATUSES = ["pending", "notice", "confirmed", "disputed", "frozen", "retired"] as const;
export const DOCUMENT_STATUSES = ["verified", "mismatch", "missing", "unavailable"] as const;
export const OPENNESS = ["undeclared", "open", "conditional", "not-open"] as const;
export const REGIONS = ["same-region", "gba", "anywhere"] as const;
/** The longest search text, in characters. */
export const MAX_SEARCH_LENGTH = 256;

const sectorCodes = new Map(Object.entries(SECTORS).map(([name, code]) => [name.toLowerCase(), code as number]));
const RIGHT_BITS = new Map(LABELS.right.map((label, bit) => [label, bit]));

/**
 * The datasets with their document (verified when its SHA-256 is the metadataHash) and what fetching found.
 * PostgreSQL flattens the subquery, so the outer conditions still reach the tables' indexes.
 */
const TABLE = `(select d.*, m.sha256 as doc_sha256, m.document as doc_document, m.valid as doc_valid, m.title as doc_title,
    m.description as doc_description, m.keywords as doc_keywords, m.publisher as doc_publisher, m.licence as doc_licence,
    m.update_frequency as doc_update_frequency, m.temporal_start as doc_temporal_start, m.temporal_end as doc_temporal_end,
    m.openness as doc_openness, m.rights as doc_rights, m.grantee_regions as doc_grantee_regions, m.purposes as doc_purposes,
    m.max_term_days as doc_max_term_days, m.terms as doc_terms, m.title_terms as doc_title_terms,
    f.status as fetch_status, f.error as fetch_error,
    case when m.sha256 is not null then 'verified' when f.status is not null then f.status else 'missing' end as doc_status
  from datasets d
  left join metadata_documents m on m.sha256 = d.metadata_hash
  left join metadata_fetches f on m.sha256 is null and f.metadata_hash = d.metadata_hash and f.uri = d.metadata_uri and f.status <> 'skipped')`;

const statusSql = (p: Params, at: At) => `dpr_dataset_status(t.stage, t.frozen, t.notice_ends_at, ${p.add(at.asOf, "int8")})`;

/** What an entry adds to a dataset's columns. */
function entrySelect(p: Params, at: At): string {
  return `${datasetSpec.select(p, at)}, t.doc_status as "_documentStatus", t.fetch_error as "_fetchError", t.doc_document as "_document",
    t.doc_valid as "_valid", t.doc_title as "_title", t.doc_description as "_description", t.doc_keywords as "_keywords",
    t.doc_publisher as "_publisher", t.doc_licence as "_licence", t.doc_update_frequency as "_updateFrequency",
    t.doc_temporal_start as "_temporalStart", t.doc_temporal_end as "_temporalEnd", t.doc_openness as "_docOpenness",
    t.doc_rights as "_docRights", t.doc_grantee_regions as "_docGranteeRegions", t.doc_purposes as "_docPurposes",
    t.doc_max_term_days as "_docMaxTermDays",
    (select count(*) from grants g where g.dataset_id = t.id and ${visibleAt("versioned", "g", p, at)}
      and dpr_grant_status(g.state, g.starts_at, g.expires_at, ${p.add(at.asOf, "int8")}) = 'active'
      and (t.grants_valid_from is null or g.id >= t.grants_valid_from))::int4 as "_activeGrants"`;
}

const labelList = (values: readonly string[] | null | undefined, vocabulary: readonly string[], what: string): string[] | null => {
  if (values === null || values === undefined) return null;
  return values.map((value) => {
    const text = typeof value === "string" ? value.trim().toLowerCase().replace(/[_\s]+/g, "-") : "";
    if (!vocabulary.includes(text)) throw badInput(`${what} ${shown(value)} is not one of: ${vocabulary.join(", ")}`);
    return text;
  });
};

/** For a grantee jurisdiction: the (grantee regions value, dataset jurisdiction) pairs whose conditions allow it, by the SDK's rule. */
function regionPairs(granteeLabel: string): string[] {
  const nameOf = (label: string) => label.toUpperCase().replace(/-/g, "_") as keyof typeof Jurisdiction;
  const grantee = Jurisdiction[nameOf(granteeLabel)];
  const pairs: string[] = [];
  for (const regions of [0, 1, 2]) {
    for (const datasetLabel of LABELS.jurisdiction) {
      const conditions = borderConditionsFromChain({ openness: 1, rights: 0b111, regions, purposeClasses: 0xffff, maxTerm: 0 });
      const breach = borderConditionsBreach(conditions, {
        right: 0,
        purposeCode: 100,
        datasetJurisdiction: Jurisdiction[nameOf(datasetLabel)],
        granteeJurisdiction: grantee,
        startsAt: 0,
        expiresAt: 0,
      });
      if (breach === null) pairs.push(`${regions}:${datasetLabel}`);
    }
  }
  return pairs;
}

/** Checked arguments: the search terms and a builder of the WHERE conditions. */
interface Compiled {
  terms: string[];
  conditions(p: Params, at: At): string;
}

/** Checks `search` and `where`; a bad value is a BAD_USER_INPUT naming it, before any SQL runs. */
export function compileCatalogue(search: string | null | undefined, where: CatalogueFilter | null | undefined): Compiled {
  if (search !== null && search !== undefined && search.length > MAX_SEARCH_LENGTH) {
    throw badInput(`search may have at most ${MAX_SEARCH_LENGTH} characters, got ${search.length}`);
  }
  const terms = search ? queryTerms(search) : [];
  if (terms.length > MAX_QUERY_TERMS) throw badInput(`search has ${terms.length} words; at most ${MAX_QUERY_TERMS} are searched for`);
  const w = where ?? {};
  const sectors = w.sector_in?.map((value) => {
    const code = sectorCodes.get(typeof value === "string" ? value.trim().toLowerCase() : "");
    if (code === undefined) throw badInput(`where.sector_in ${shown(value)} is not one of: ${[...sectorCodes.keys()].join(", ")}`);
    return code;
  });
  const categories = labelList(w.category_in, LABELS.category, "where.category_in");
  const grades = labelList(w.grade_in, LABELS.grade, "where.grade_in");
  const openness = labelList(w.openness_in, OPENNESS, "where.openness_in")?.map((label) => OPENNESS.indexOf(label as (typeof OPENNESS)[number]));
  const statuses = labelList(w.status_in, LABELS.datasetStatus, "where.status_in") ?? [...STANDING_STATUSES];
  const documentStatuses = labelList(w.documentStatus_in, DOCUMENT_STATUSES, "where.documentStatus_in");
  const right = w.right === null || w.right === undefined ? null : RIGHT_BITS.get(parseLabel(w.right, "right", "where.right"))!;
  const pairs = w.region === null || w.region === undefined ? null : regionPairs(parseLabel(w.region, "jurisdiction", "where.region"));
  const purpose = w.purpose ?? null;
  if (purpose !== null && (!Number.isInteger(purpose) || purpose < 0 || purpose > 65_535)) {
    throw badInput(`where.purpose must be a purpose code (a whole number from 0 to 65535), got ${purpose}`);
  }
  const holder = w.holder === null || w.holder === undefined ? null : parseAddress(w.holder, "where.holder");

  return {
    terms,
    conditions(p, at) {
      const parts = ["not t.superseded", `${statusSql(p, at)} = any(${p.list(statuses, "text")})`];
      if (terms.length > 0) parts.push(`t.doc_terms @> ${p.list(terms, "text")}`);
      if (sectors) parts.push(`t.sector = any(${p.list(sectors, "int4")})`);
      if (categories) parts.push(`t.category = any(${p.list(categories, "text")})`);
      if (grades) parts.push(`t.grade = any(${p.list(grades, "text")})`);
      if (openness) parts.push(`t.conditions_openness = any(${p.list(openness, "int4")})`);
      if (documentStatuses) parts.push(`t.doc_status = any(${p.list(documentStatuses, "text")})`);
      if (holder) parts.push(`t.holder = ${p.add(holder, "text")}`);
      // Undeclared (0) and not-open (3) conditions allow no right, region or purpose.
      const declared = "t.conditions_openness in (1, 2)";
      if (right !== null) parts.push(`${declared} and (t.conditions_rights & ${p.add(1 << right, "int4")}) <> 0`);
      if (pairs) parts.push(`${declared} and (t.conditions_regions::text || ':' || t.jurisdiction) = any(${p.list(pairs, "text")})`);
      if (purpose !== null) {
        const classIndex = Math.floor(purpose / 100);
        if (classIndex > 15) parts.push("false");
        else {
          parts.push(`${declared} and (t.conditions_purpose_classes & ${p.add(1 << classIndex, "int4")}) <> 0`);
          // And a verified document lists the code or its class (a null list matches nothing).
          parts.push(`t.doc_purposes && ${p.list([purpose, classIndex * 100], "int4")}`);
        }
      }
      return parts.map((part) => `(${part})`).join(" and ");
    },
  };
}

/** The spec `buildPage` pages with: relevance (title terms matched), then newest, then id; all descending. */
function catalogueSpec(terms: readonly string[]): EntitySpec {
  return {
    name: "CatalogueEntry",
    table: TABLE,
    history: "versioned",
    select: entrySelect,
    filters: {},
    orderings: {
      relevance: [
        {
          sql: (p) =>
            terms.length === 0
              ? "0"
              : `coalesce((select count(*) from unnest(${p.list(terms, "text")}) as q(term) where q.term = any(t.doc_title_terms)), 0)::int4`,
          cast: "int4",
        },
        { sql: "t.registered_block", cast: "int8" },
        { sql: "t.id", cast: "text" },
      ],
    },
  };
}

/** What `catalogue` hands its page's fields. */
interface CataloguePageParent {
  nodes: AtRow[];
  pageInfo: Page<Row>["pageInfo"];
  _compiled: Compiled;
  _at: At;
}

export async function cataloguePage(run: RunSql, at: At, args: CatalogueArgs, maxFirst: number): Promise<CataloguePageParent> {
  const compiled = compileCatalogue(args.search, args.where);
  const spec = catalogueSpec(compiled.terms);
  const p = new Params();
  const built = buildPage(
    {
      spec,
      at,
      args: { first: args.first ?? 20, after: args.after, orderBy: "relevance", orderDirection: "desc" },
      defaultOrderBy: "relevance",
      maxFirst,
      extra: (q) => compiled.conditions(q, at),
    },
    p,
  );
  const page = toPage(await run(built.sql, p.values), built, spec, (row) => Object.assign(row, { _at: at }));
  return { nodes: page.items as AtRow[], pageInfo: page.pageInfo, _compiled: compiled, _at: at };
}

export interface FacetCount {
  value: string;
  count: number;
}
export interface CatalogueFacets {
  sector: FacetCount[];
  category: FacetCount[];
  grade: FacetCount[];
  openness: FacetCount[];
  right: FacetCount[];
  region: FacetCount[];
  purposeClass: FacetCount[];
  status: FacetCount[];
  documentStatus: FacetCount[];
}

/** Facet counts and the total over the whole filtered set, in one statement. */
export async function catalogueFacets(run: RunSql, at: At, compiled: Compiled): Promise<{ total: number; facets: CatalogueFacets }> {
  const p = new Params();
  const sql = `with e as (
      select ${statusSql(p, at)} as status, t.doc_status, t.sector, t.category, t.grade, t.conditions_openness as openness,
        t.conditions_rights as rights, t.conditions_regions as regions, t.conditions_purpose_classes as purposes
      from ${TABLE} t where ${visibleAt("versioned", "t", p, at)} and ${compiled.conditions(p, at)})
    select 'total' as facet, '' as value, count(*)::int4 as count from e
    union all select 'sector', sector::text, count(*)::int4 from e group by sector
    union all select 'category', category, count(*)::int4 from e group by category
    union all select 'grade', grade, count(*)::int4 from e group by grade
    union all select 'openness', openness::text, count(*)::int4 from e group by openness
    union all select 'right', r.n::text, count(*)::int4 from e cross join (values (0), (1), (2)) as r(n)
      where e.openness in (1, 2) and (e.rights & (1 << r.n)) <> 0 group by r.n
    union all select 'region', regions::text, count(*)::int4 from e where e.openness in (1, 2) group by regions
    union all select 'purposeClass', (b.n * 100)::text, count(*)::int4 from e cross join generate_series(0, 15) as b(n)
      where e.openness in (1, 2) and (e.purposes & (1 << b.n)) <> 0 group by b.n
    union all select 'status', status, count(*)::int4 from e group by status
    union all select 'documentStatus', doc_status, count(*)::int4 from e group by doc_status`;
  const rows = await run<{ facet: string; value: string; count: number }>(sql, p.values);
  const facets: CatalogueFacets = { sector: [], category: [], grade: [], openness: [], right: [], region: [], purposeClass: [], status: [], documentStatus: [] };
  let total = 0;
  const label: Partial<Record<keyof CatalogueFacets, (value: string) => string>> = {
    sector: (value) => sectorLabel(Number(value)),
    openness: (value) => OPENNESS[Number(value)] ?? value,
    right: (value) => LABELS.right[Number(value)] ?? value,
    region: (value) => REGIONS[Number(value)] ?? value,
  };
  for (const row of rows) {
    if (row.facet === "total") total = row.count;
    else {
      const facet = row.facet as keyof CatalogueFacets;
      facets[facet].push({ value: label[facet]?.(row.value) ?? row.value, count: row.count });
    }
  }
  for (const list of Object.values(facets) as FacetCount[][]) list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return { total, facets };
}

/** Entries by dataset id at one block (any dataset, current version or not), batched per request and block. */
const entryLoaders = new WeakMap<RequestApi, Map<string, DataLoader<string, AtRow | null>>>();

export function entryLoader(api: RequestApi, at: At): DataLoader<string, AtRow | null> {
  let byAt = entryLoaders.get(api);
  if (!byAt) entryLoaders.set(api, (byAt = new Map()));
  let loader = byAt.get(at.key);
  if (!loader) {
    loader = new DataLoader<string, AtRow | null>(async (ids) => {
      const p = new Params();
      const rows = await api.query(
        `select ${entrySelect(p, at)} from ${TABLE} t where t.id = any(${p.list(ids, "text")}) and ${visibleAt("versioned", "t", p, at)}`,
        p.values,
      );
      const found = new Map(rows.map((row) => [String(row.id), Object.assign(row, { _at: at }) as AtRow]));
      return ids.map((id) => found.get(id) ?? null);
    });
    byAt.set(at.key, loader);
  }
  return loader;
}

const documentLoaders = new WeakMap<RequestApi, DataLoader<string, { sha256: string; document: string; path: string } | null>>();

/** Stored documents by SHA-256 (for `Dataset.metadata`), batched per request. */
export function documentLoader(api: RequestApi): DataLoader<string, { sha256: string; document: string; path: string } | null> {
  let loader = documentLoaders.get(api);
  if (!loader) {
    loader = new DataLoader(async (hashes) => {
      const rows = await api.query<{ sha256: string; document: string; path: string }>(
        "select sha256, document, location as path from metadata_documents where sha256 = any($1::text[])",
        [hashes.map((hash) => hash.toLowerCase())],
      );
      const found = new Map(rows.map((row) => [row.sha256, row]));
      return hashes.map((hash) => found.get(hash.toLowerCase()) ?? null);
    });
    documentLoaders.set(api, loader);
  }
  return loader;
}

// ---------------------------------------------------------------------------------------------------------
// An entry's fields

const parsedDocuments = new WeakMap<Row, DprMetadataDocument | null>();

/** The verified document, when it is a valid dpr-metadata/1 (valid was checked when it was stored). */
export function verifiedDocument(row: Row): DprMetadataDocument | null {
  if (parsedDocuments.has(row)) return parsedDocuments.get(row)!;
  let document: DprMetadataDocument | null = null;
  if (row._documentStatus === "verified" && row._valid === true && typeof row._document === "string") {
    document = JSON.parse(row._document.replace(/^\uFEFF/, "")) as DprMetadataDocument;
  }
  parsedDocuments.set(row, document);
  return document;
}

const verified = (row: Row) => row._documentStatus === "verified";
const mapIn = (value: unknown, lang: string | null | undefined): string | null =>
  typeof value === "object" && value !== null ? pickLanguage(value as Record<string, unknown>, lang ?? "en") : null;
const oneLine = (text: string | null) => (text === null ? null : text.replace(/[\p{Cc}\u2028\u2029\s]+/gu, " ").trim() || null);

/** The chain's conditions of a row, as the SDK types them. */
export function chainConditions(row: Row): BorderConditions {
  return borderConditionsFromChain({
    openness: Number(row._openness ?? 0),
    rights: Number(row._rights ?? 0),
    regions: Number(row._regions ?? 0),
    purposeClasses: Number(row._purposeClasses ?? 0),
    maxTerm: Number(row._maxTerm ?? 0),
  });
}

/** `BorderConditions` of the schema, from the row's `conditions_*` and `proposed_*` columns. */
export function borderConditionsField(row: Row) {
  const labels = borderConditionsLabels(chainConditions(row));
  const proposal =
    row._proposedOpenness === null || row._proposedOpenness === undefined || (row._proposedBy !== null && row._proposedBy !== row.holderAddress)
      ? null
      : borderConditionsLabels(
          borderConditionsFromChain({
            openness: Number(row._proposedOpenness),
            rights: Number(row._proposedRights ?? 0),
            regions: Number(row._proposedRegions ?? 0),
            purposeClasses: Number(row._proposedPurposeClasses ?? 0),
            maxTerm: Number(row._proposedMaxTerm ?? 0),
          }),
        );
  return {
    ...labels,
    maxTermSeconds: labels.maxTermSeconds === null ? null : String(labels.maxTermSeconds),
    proposed: proposal
      ? {
          ...proposal,
          granteeRegions: proposal.granteeRegions ?? "same-region",
          maxTermSeconds: proposal.maxTermSeconds === null ? null : String(proposal.maxTermSeconds),
          confirmations: Number(row._proposalConfirmations ?? 0),
          required: Number(row._proposalRequired ?? 0),
          proposedAt: String(row._proposedAt ?? 0),
        }
      : null,
  };
}

/** The entry as the DCAT builder takes it. */
export function dcatEntry(row: Row): DcatEntry {
  const document = verifiedDocument(row);
  const loose = verified(row) && !document;
  return {
    id: String(row.id),
    contentHash: String(row.contentHash),
    algorithm: String(row.algorithm),
    metadataHash: String(row.metadataHash),
    metadataURI: String(row.metadataURI),
    holder: String(row.holderAddress),
    status: String(row.status),
    category: String(row.category),
    grade: String(row.grade),
    sector: sectorLabel(Number(row.sector)),
    jurisdiction: String(row.jurisdiction),
    registeredAt: Number(row.registeredAt),
    registeredTx: String(row.registeredTx),
    activeGrants: Number(row._activeGrants ?? 0),
    documentStatus: String(row._documentStatus),
    looseTitle: loose ? ((row._title as LanguageMap | null) ?? null) : null,
    looseDescription: loose ? ((row._description as LanguageMap | null) ?? null) : null,
    document,
    conditions: chainConditions(row),
  };
}

/** The page's rows, all of the filtered set, for the whole-catalogue export (paged internally by `maxFirst`). */
export async function allEntries(run: RunSql, at: At, maxFirst: number): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  for (;;) {
    const page: CataloguePageParent = await cataloguePage(run, at, { first: maxFirst, after }, maxFirst);
    rows.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return rows;
    after = page.pageInfo.endCursor;
  }
}

interface LangArgs {
  lang?: string | null;
}
type EntryResolver<Args = LangArgs> = (row: AtRow & { _lang?: string }, args: Args, context: GraphqlContext) => unknown;

/** The language an entry's texts are in: the field's own `lang`, else the one the catalogue was asked in. */
const langOf = (row: AtRow & { _lang?: string }, args: LangArgs) => args.lang ?? row._lang ?? "en";

export const catalogueResolvers = {
  Query: {
    catalogue: (async (_parent: unknown, args: CatalogueArgs, { api }: GraphqlContext) => {
      const at = await api.at(args.block);
      const page = await cataloguePage(api.query, at, args, api.config.maxFirst);
      for (const node of page.nodes) (node as Row)._lang = args.lang ?? "en";
      return page;
    }),
    catalogueEntry: (async (_parent: unknown, args: { id: string; lang?: string | null; block?: BlockHeight | null }, { api }: GraphqlContext) => {
      const id = parseBytes32(args.id, "id");
      const at = await api.at(args.block);
      const row = await entryLoader(api, at).load(id);
      // A copy: the loader's row may be another field's, in another language.
      return row ? { ...row, _lang: args.lang ?? "en" } : null;
    }),
  },
  CataloguePage: {
    totalCount: async (parent: CataloguePageParent, _args: unknown, { api }: GraphqlContext) => (await facetsOf(api, parent)).total,
    facets: async (parent: CataloguePageParent, _args: unknown, { api }: GraphqlContext) => (await facetsOf(api, parent)).facets,
  },
  CatalogueEntry: {
    dataset: ((row) => row) satisfies EntryResolver,
    title: ((row, args) => (verified(row) ? oneLine(mapIn(row._title, langOf(row, args))) : null)) satisfies EntryResolver,
    description: ((row, args) => (verified(row) ? mapIn(row._description, langOf(row, args)) : null)) satisfies EntryResolver,
    keywords: ((row, args) => {
      const keywords = verified(row) ? (row._keywords as Record<string, string[]> | null) : null;
      if (!keywords) return [];
      const lang = langOf(row, args);
      // The list of the language `pickLanguage` picks for the same tags.
      const picked = pickLanguage(Object.fromEntries(Object.keys(keywords).map((tag) => [tag, tag])), lang);
      return picked ? (keywords[picked] ?? []) : [];
    }) satisfies EntryResolver,
    publisher: ((row, args) => (verified(row) ? mapIn(row._publisher, langOf(row, args)) : null)) satisfies EntryResolver,
    licence: ((row, args) => (verified(row) ? mapIn(row._licence, langOf(row, args)) : null)) satisfies EntryResolver,
    updateFrequency: ((row) => (verified(row) ? (row._updateFrequency ?? null) : null)) satisfies EntryResolver,
    temporalCoverage: ((row) =>
      verified(row) && (row._temporalStart || row._temporalEnd) ? `${row._temporalStart ?? ""}/${row._temporalEnd ?? ""}` : null) satisfies EntryResolver,
    documentStatus: ((row) => row._documentStatus) satisfies EntryResolver,
    documentError: ((row) => (row._documentStatus === "verified" ? null : (row._fetchError ?? null))) satisfies EntryResolver,
    documentConditions: ((row, args) => {
      const document = verifiedDocument(row);
      if (!document) return null;
      const lang = langOf(row, args);
      const conditions = document.borderConditions;
      return {
        openness: conditions.openness,
        rights: conditions.rights,
        granteeRegions: conditions.granteeRegions,
        purposes: conditions.purposes,
        maxTermDays: conditions.maxTermDays ?? null,
        measures: (conditions.measures ?? []).map((measure) => pickLanguage(measure, lang)).filter((text): text is string => text !== null),
        howToApply: conditions.howToApply ? pickLanguage(conditions.howToApply, lang) : null,
      };
    }) satisfies EntryResolver,
    conditions: ((row) => borderConditionsField(row)) satisfies EntryResolver,
    activeGrants: ((row) => row._activeGrants) satisfies EntryResolver,
    jsonld: ((row, _args, context) => JSON.stringify(datasetJsonLd(dcatEntry(row), context.origin ?? ""))) satisfies EntryResolver,
  },
  Dataset: {
    catalogue: (async (parent: AtRow, args: LangArgs, { api }: GraphqlContext) => {
      const row = await entryLoader(api, parent._at).load(String(parent.id));
      return row ? { ...row, _lang: args.lang ?? "en" } : null;
    }),
  },
};

const facetCache = new WeakMap<CataloguePageParent, Promise<{ total: number; facets: CatalogueFacets }>>();
function facetsOf(api: RequestApi, parent: CataloguePageParent) {
  let found = facetCache.get(parent);
  if (!found) facetCache.set(parent, (found = catalogueFacets(api.query, parent._at, parent._compiled)));
  return found;
}

/** The JSON-LD documents the server serves (see `createCatalogueExport`). */
export interface CatalogueExport {
  /** The whole directory (the catalogue's default entries) as a dcat:Catalog, ids under `base`. */
  catalogue(base: string): Promise<Record<string, unknown>>;
  /** One dataset's dcat:Dataset (any dataset, as `catalogueEntry`); null for an unknown id. Throws BAD_USER_INPUT for a malformed one. */
  dataset(id: string, base: string): Promise<Record<string, unknown> | null>;
}

export function catalogueExport(config: ApiConfig, db: Db): CatalogueExport {
  // One snapshot per document on PostgreSQL, with the statement timeout a GraphQL request has (an integer we own).
  const timeout = config.statementTimeoutMs > 0 ? `; set local statement_timeout = ${Math.floor(config.statementTimeoutMs)}` : "";
  const read = <T>(fn: (api: RequestApi) => Promise<T>): Promise<T> =>
    db.kind === "postgres"
      ? db.transaction(async (tx) => {
          await tx.exec(`set transaction isolation level repeatable read, read only${timeout}`);
          const api = createRequestApi(config, tx);
          return fn(api);
        })
      : fn(createRequestApi(config, db));
  return {
    catalogue: (base) =>
      read(async (api) => {
        const at = await api.at(null);
        const rows = await allEntries(api.query, at, config.maxFirst);
        return catalogueJsonLd(rows.map(dcatEntry), base);
      }),
    dataset: (id, base) =>
      read(async (api) => {
        const key = parseBytes32(id, "id");
        const at = await api.at(null);
        const row = await entryLoader(api, at).load(key);
        return row ? datasetJsonLd(dcatEntry(row), base) : null;
      }),
  };
}
