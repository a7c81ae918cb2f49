/**
 * DataLoaders: every nested entity and list is fetched in one statement per kind, level and block,
 * however many parents ask for it. A page of 1000 grants with their datasets, holders and events costs
 * one statement for the grants, one for the datasets, one for the holders and one for the events.
 *
 * Loaders live for one request and one `At` (a request may ask for several blocks). Nested pages
 * (a participant's datasets, a dataset's grants…) take each parent's page in one LATERAL join, keyed
 * also by the page arguments, since aliases may ask for different pages of the same field.
 */
import DataLoader from "dataloader";
import {
  type EntitySpec,
  ancestryMarkSpec,
  anchorFileSpec,
  anchorSpec,
  childEdgeSpec,
  confirmationSpec,
  datasetSpec,
  decisionVoteSpec,
  eventSpec,
  grantSpec,
  objectionSpec,
  participantSpec,
  reconfirmationSpec,
  transferSpec,
} from "./entities.js";
import { type BuiltPage, type Direction, type Page, type PageArgs, buildPage, toPage } from "./paging.js";
import { type At, type Cast, Params, visibleAt } from "./sql.js";

export type Row = Record<string, unknown>;
/** A row with the state it was read at, so its own nested fields resolve at the same block. */
export type AtRow = Row & { _at: At };

export type RunSql = <T extends Row = Row>(sql: string, params: readonly unknown[]) => Promise<T[]>;

interface ConnectionDef {
  spec: EntitySpec;
  keyCast: Cast;
  /** What ties a row to its parent's key (`k.key`); one that reads another table gets the parameters and state to read it at. */
  match: string | ((p: Params, at: At) => string);
  orderBy: string;
  direction?: Direction;
}

/** Rows of one claim of a dataset, keyed `<dataset id>:<claim>` (see `claimKey`). */
const OF_CLAIM = "t.dataset_id = split_part(k.key, ':', 1) and t.claim = split_part(k.key, ':', 2)::int4";

/** The key of a claim-scoped list: the dataset and the claim. */
export const claimKey = (datasetId: string, claim: number): string => `${datasetId}:${claim}`;

/** A lineage edge that the child's claim at the block named (a later claim of the same content may name others). */
export const currentEdge = (alias: string, p: Params, at: At): string =>
  `exists (select 1 from datasets c where c.id = ${alias}.child_id and c.claim = ${alias}.claim and ${visibleAt("versioned", "c", p, at)})`;

/** The nested paginated lists. */
const CONNECTIONS = {
  participantDatasets: { spec: datasetSpec, keyCast: "text", match: "t.holder = k.key", orderBy: "registeredBlock", direction: "desc" },
  grantsReceived: { spec: grantSpec, keyCast: "text", match: "t.grantee = k.key", orderBy: "id", direction: "asc" },
  grantsGiven: { spec: grantSpec, keyCast: "text", match: "t.grantor = k.key", orderBy: "id", direction: "asc" },
  participantEvents: { spec: eventSpec, keyCast: "text", match: "(t.participant = k.key or t.actor = k.key)", orderBy: "blockNumber" },
  datasetGrants: { spec: grantSpec, keyCast: "text", match: "t.dataset_id = k.key", orderBy: "id", direction: "asc" },
  datasetEvents: { spec: eventSpec, keyCast: "text", match: "t.dataset_id = k.key", orderBy: "blockNumber" },
  grantEvents: { spec: eventSpec, keyCast: "numeric", match: "t.grant_id = k.key", orderBy: "blockNumber" },
  anchorFiles: { spec: anchorFileSpec, keyCast: "text", match: "t.anchor_id = k.key", orderBy: "path", direction: "asc" },
  datasetVersions: { spec: datasetSpec, keyCast: "text", match: "t.series_id = k.key", orderBy: "version", direction: "asc" },
  datasetConfirmations: { spec: confirmationSpec, keyCast: "text", match: OF_CLAIM, orderBy: "blockNumber", direction: "asc" },
  datasetObjections: { spec: objectionSpec, keyCast: "text", match: OF_CLAIM, orderBy: "blockNumber", direction: "asc" },
  datasetTransfers: { spec: transferSpec, keyCast: "text", match: OF_CLAIM, orderBy: "requestedBlock", direction: "asc" },
  datasetDecisionVotes: { spec: decisionVoteSpec, keyCast: "text", match: OF_CLAIM, orderBy: "blockNumber", direction: "asc" },
  datasetAncestryMarks: { spec: ancestryMarkSpec, keyCast: "text", match: OF_CLAIM, orderBy: "blockNumber", direction: "asc" },
  datasetReconfirmations: { spec: reconfirmationSpec, keyCast: "text", match: OF_CLAIM, orderBy: "blockNumber", direction: "asc" },
  datasetChildren: {
    spec: childEdgeSpec,
    keyCast: "text",
    match: (p: Params, at: At) => `t.parent_id = k.key and ${currentEdge("t", p, at)}`,
    orderBy: "blockNumber",
    direction: "asc",
  },
  // Keyed by the participant: the other accounts of its organisation as it stood at the block (a removed
  // account is no longer one of them).
  organisationAccounts: {
    spec: participantSpec,
    keyCast: "text",
    match: (p: Params, at: At) =>
      `t.organisation = (select o.organisation from participants o where o.id = k.key and ${visibleAt("versioned", "o", p, at)}) and t.id <> k.key and t.removed_block is null`,
    orderBy: "addedBlock",
    direction: "asc",
  },
  // Keyed by an organisation's own address: the accounts that act for it (itself included while not removed).
  organisationOfficers: { spec: participantSpec, keyCast: "text", match: "t.organisation = k.key and t.removed_block is null", orderBy: "addedBlock", direction: "asc" },
  // …and those removed too (a removed officer's row stays, with who removed it and when).
  organisationOfficersEver: { spec: participantSpec, keyCast: "text", match: "t.organisation = k.key", orderBy: "addedBlock", direction: "asc" },
} as const satisfies Record<string, ConnectionDef>;

export type ConnectionName = keyof typeof CONNECTIONS;

export interface Loaders {
  dataset: DataLoader<string, AtRow | null>;
  participant: DataLoader<string, AtRow | null>;
  grant: DataLoader<string, AtRow | null>;
  anchor: DataLoader<string, AtRow | null>;
  /** A dataset's parents: a plain list, as the contract takes at most 16 (`MAX_PARENTS`). */
  parentsOf: DataLoader<string, AtRow[]>;
  /** A nested list's page for each parent key; throws at once (in the resolver) on bad page arguments. */
  connection(name: ConnectionName, args: PageArgs): DataLoader<string, Page<AtRow>>;
}

/** The loaders of one request at one block. */
export function createLoaders(run: RunSql, at: At, maxFirst: number): Loaders {
  const withAt = (row: Row): AtRow => Object.assign(row, { _at: at });

  /** One row per key, looked up by the entity's id. */
  const byId = (spec: EntitySpec, cast: Cast) =>
    new DataLoader<string, AtRow | null>(async (keys) => {
      const p = new Params();
      const rows = await run(
        `select ${spec.select(p, at)} from ${spec.table} t where t.id = any(${p.list(keys, cast)}) and ${visibleAt(spec.history, "t", p, at)}`,
        p.values,
      );
      const found = new Map(rows.map((row) => [String(row.id), withAt(row)]));
      return keys.map((key) => found.get(key) ?? null);
    });

  /** Every row of a parent key, in the statement's order. */
  const many = (statement: (keys: readonly string[], p: Params) => string, keyColumn = "_key") =>
    new DataLoader<string, AtRow[]>(async (keys) => {
      const p = new Params();
      const rows = await run(statement(keys, p), p.values);
      const grouped = new Map<string, AtRow[]>(keys.map((key) => [key, []]));
      for (const row of rows) grouped.get(String(row[keyColumn]))?.push(withAt(row));
      return keys.map((key) => grouped.get(key) ?? []);
    });

  const connections = new Map<string, DataLoader<string, Page<AtRow>> | Error>();

  return {
    dataset: byId(datasetSpec, "text"),
    participant: byId(participantSpec, "text"),
    grant: byId(grantSpec, "numeric"),
    anchor: byId(anchorSpec, "text"),
    parentsOf: many(
      (keys, p) => `select t.child_id as _key, t.child_id as "childId", t.parent_id as "parentId", t.derivation, t.block_number as "blockNumber"
        from dataset_parents t where t.child_id = any(${p.list(keys, "text")}) and ${visibleAt("appended", "t", p, at)}
          and ${currentEdge("t", p, at)}
        order by t.position, t.parent_id`,
    ),
    connection(name, args) {
      const cacheKey = `${name}:${JSON.stringify(args)}`;
      let loader = connections.get(cacheKey);
      if (loader === undefined) {
        try {
          loader = connectionLoader(run, at, maxFirst, name, args, withAt);
        } catch (error) {
          loader = error as Error;
        }
        connections.set(cacheKey, loader);
      }
      if (loader instanceof Error) throw loader;
      return loader;
    },
  };
}

function connectionLoader(
  run: RunSql,
  at: At,
  maxFirst: number,
  name: ConnectionName,
  args: PageArgs,
  withAt: (row: Row) => AtRow,
): DataLoader<string, Page<AtRow>> {
  const def: ConnectionDef = CONNECTIONS[name];
  // Built (and so checked) once, now: bad page arguments fail in the resolver, before any SQL runs.
  // The parent keys are parameter $1, filled in per batch.
  const p = new Params();
  const keysPlaceholder = p.list([], def.keyCast);
  const built: BuiltPage = buildPage(
    {
      spec: def.spec,
      at,
      args: { ...args, orderBy: def.orderBy, orderDirection: args.orderDirection ?? def.direction ?? "asc" },
      defaultOrderBy: def.orderBy,
      maxFirst,
      extra: (q) => (typeof def.match === "string" ? def.match : def.match(q, at)),
    },
    p,
  );
  const sql = `select k.key as _parent, x.* from unnest(${keysPlaceholder}) as k(key) cross join lateral (${built.sql}) x`;
  return new DataLoader<string, Page<AtRow>>(async (keys) => {
    const params = [...p.values];
    params[0] = [...keys];
    const rows = await run(sql, params);
    const grouped = new Map<string, Row[]>(keys.map((key) => [key, []]));
    for (const row of rows) grouped.get(String(row._parent))?.push(row);
    return keys.map((key) => toPage(grouped.get(key) ?? [], built, def.spec, withAt) as Page<AtRow>);
  });
}
