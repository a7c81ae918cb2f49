/**
 * The resolvers of schema.graphql. Root fields check their arguments, settle the block, and read a row
 * or a page; every nested field goes through the request's loaders at its parent's block (`_at`).
 * Rows arrive with columns already named as the schema's fields, so only fields that reach another
 * entity or reshape a value have a resolver here.
 */
import type { createSchema } from "graphql-yoga";
import { zeroHash } from "viem";
import type { BlockHeight } from "./block.js";
import type { GraphqlContext } from "./context.js";
import { type EntitySpec, anchorSpec, datasetSpec, eventSpec, grantSpec, participantSpec } from "./entities.js";
import type { Filter } from "./filter.js";
import { parseAddress, parseBytes32, parseEventId, parseGrantId } from "./inputs.js";
import { type LineageDirection, lineage } from "./lineage.js";
import type { AtRow, ConnectionName, Row } from "./loaders.js";
import { type Direction, type PageArgs, fetchPage } from "./paging.js";
import { BigIntScalar, BytesScalar, JsonScalar } from "./scalars.js";
import { type At, Params, visibleAt } from "./sql.js";
import { sectorLabel, stats } from "./stats.js";

interface RootArgs {
  block?: BlockHeight | null;
}
interface IdArgs extends RootArgs {
  id: string;
}
interface ListArgs extends RootArgs {
  where?: Filter | null;
  orderBy?: string | null;
  orderDirection?: Direction | null;
  first?: number | null;
  after?: string | null;
}
interface NestedPageArgs {
  where?: Filter | null;
  first?: number | null;
  after?: string | null;
  orderDirection?: Direction | null;
}

type Resolver<Args = Record<string, never>, Parent = AtRow> = (parent: Parent, args: Args, context: GraphqlContext) => unknown;

const withAt = (at: At) => (row: Row) => Object.assign(row, { _at: at }) as AtRow;

/** A root list: a page of `spec` at the block the arguments name. */
function rootList(spec: EntitySpec, defaultOrderBy: string): Resolver<ListArgs, unknown> {
  return async (_parent, args, { api }) => {
    const at = await api.at(args.block);
    const { block: _block, ...page } = args;
    return fetchPage(api.query, { spec, at, args: page, defaultOrderBy, maxFirst: api.config.maxFirst }, withAt(at));
  };
}

/** A root lookup by id through the loader of the block the arguments name. */
function rootOne(parse: (id: string) => string, loader: "dataset" | "participant" | "grant" | "anchor"): Resolver<IdArgs, unknown> {
  return async (_parent, args, { api }) => {
    const id = parse(args.id);
    const at = await api.at(args.block);
    return api.loaders(at)[loader].load(id);
  };
}

/** A nested page of the parent's `key`, at the parent's block. */
function nestedPage(name: ConnectionName, key: (parent: AtRow) => string): Resolver<NestedPageArgs> {
  return (parent, args, { api }) => {
    const page: PageArgs = { where: args.where, first: args.first, after: args.after, orderDirection: args.orderDirection };
    return api.loaders(parent._at).connection(name, page).load(key(parent));
  };
}

const related =
  (loader: "dataset" | "participant" | "grant" | "anchor", field: string): Resolver =>
  (parent, _args, { api }) => {
    const key = parent[field];
    return key === null || key === undefined ? null : api.loaders(parent._at)[loader].load(String(key));
  };

const listOf =
  (loader: "confirmationsOf" | "objectionsOf" | "transfersOf" | "parentsOf" | "childrenOf" | "versionsOf", field: string): Resolver =>
  (parent, _args, { api }) =>
    api.loaders(parent._at)[loader].load(String(parent[field]));

type Resolvers = NonNullable<Parameters<typeof createSchema<GraphqlContext>>[0]["resolvers"]>;

export const resolvers: Resolvers = {
  BigInt: BigIntScalar,
  Bytes: BytesScalar,
  JSON: JsonScalar,

  Query: {
    dataset: rootOne((id) => parseBytes32(id, "id"), "dataset"),
    datasets: rootList(datasetSpec, "registeredBlock"),
    participant: rootOne((id) => parseAddress(id, "id"), "participant"),
    participants: rootList(participantSpec, "addedBlock"),
    grant: rootOne((id) => parseGrantId(id, "id"), "grant"),
    grants: rootList(grantSpec, "issuedBlock"),
    anchor: rootOne((id) => parseBytes32(id, "id"), "anchor"),
    anchors: rootList(anchorSpec, "blockNumber"),
    events: rootList(eventSpec, "blockNumber"),

    event: (async (_parent, args, { api }) => {
      const id = parseEventId(args.id, "id");
      const at = await api.at(args.block);
      const p = new Params();
      const [row] = await api.query(
        `select ${eventSpec.select(p, at)} from events t
          where t.block_number = ${p.add(id.blockNumber, "int8")} and t.log_index = ${p.add(id.logIndex, "int4")} and ${visibleAt("appended", "t", p, at)}`,
        p.values,
      );
      return row ? withAt(at)(row) : null;
    }) satisfies Resolver<IdArgs, unknown>,

    verify: (async (_parent, args, { api }) => {
      const contentHash = parseBytes32(args.contentHash, "contentHash");
      const at = await api.at(args.block);
      const d = new Params();
      const byAlgorithm = (p: Params, column: string) => (args.algorithm ? ` and ${column} = ${p.add(args.algorithm, "text")}` : "");
      // A content hash registers once per algorithm; without one, the earliest registration answers.
      const [dataset] = await api.query(
        `select ${datasetSpec.select(d, at)} from datasets t
          where t.content_hash = ${d.add(contentHash, "text")} and ${visibleAt("versioned", "t", d, at)}${byAlgorithm(d, "t.algorithm")}
          order by t.registered_block, t.id limit 1`,
        d.values,
      );
      const f = new Params();
      const files = await api.query(
        `select f.anchor_id as "anchorId", f.path, f.content_hash as "contentHash", f.size, f.proof
           from anchor_files f join anchors a on a.id = f.anchor_id
          where f.content_hash = ${f.add(contentHash, "text")} and ${visibleAt("appended", "a", f, at)}${byAlgorithm(f, "a.algorithm")}
          order by a.block_number, f.anchor_id, f.path limit ${f.add(api.config.maxFirst, "int8")}`,
        f.values,
      );
      return {
        contentHash,
        found: dataset !== undefined || files.length > 0,
        dataset: dataset ? withAt(at)(dataset) : null,
        anchoredIn: files.map(withAt(at)),
      };
    }) satisfies Resolver<RootArgs & { contentHash: string; algorithm?: string | null }, unknown>,

    lineage: (async (_parent, args, { api }) => {
      const at = await api.at(args.block);
      return lineage(api.query, api.loaders(at), at, args);
    }) satisfies Resolver<IdArgs & { direction?: LineageDirection | null; depth?: number | null }, unknown>,

    stats: (async (_parent, args, { api }) => stats(api.query, await api.at(args.block))) satisfies Resolver<RootArgs, unknown>,

    _meta: (async (_parent, _args, { api }) => {
      const { config } = api;
      const checkpoint = await api.checkpoint();
      // Before the first checkpoint nothing is indexed: the block before the deployment, with no hash.
      const block = checkpoint ?? { number: config.deploymentBlock - 1, hash: zeroHash, timestamp: 0 };
      const chainHead = config.chainHead();
      return {
        block,
        chainHead,
        lag: chainHead === null ? null : Math.max(0, chainHead - block.number),
        hasIndexingErrors: config.hasIndexingErrors(),
        chainId: config.chainId,
        deploymentBlock: config.deploymentBlock,
      };
    }) satisfies Resolver<Record<string, never>, unknown>,
  },

  Participant: {
    organisationAccounts: (async (parent, _args, { api }) => {
      const accounts = await api.loaders(parent._at).accountsOf.load(String(parent.organisation));
      return accounts.filter((account) => account.id !== parent.id);
    }) satisfies Resolver,
    datasets: nestedPage("participantDatasets", (p) => String(p.id)),
    grantsReceived: nestedPage("grantsReceived", (p) => String(p.id)),
    grantsGiven: nestedPage("grantsGiven", (p) => String(p.id)),
    events: nestedPage("participantEvents", (p) => String(p.id)),
  },

  Dataset: {
    versionOf: related("dataset", "versionOfId"),
    supersededBy: related("dataset", "supersededById"),
    versions: listOf("versionsOf", "seriesId"),
    holder: related("participant", "holderAddress"),
    sectorName: ((parent) => sectorLabel(Number(parent.sector))) satisfies Resolver,
    confirmations: listOf("confirmationsOf", "id"),
    objections: listOf("objectionsOf", "id"),
    transfers: listOf("transfersOf", "id"),
    parents: listOf("parentsOf", "id"),
    children: listOf("childrenOf", "id"),
    grants: nestedPage("datasetGrants", (p) => String(p.id)),
    events: nestedPage("datasetEvents", (p) => String(p.id)),
  },

  Confirmation: {
    registrar: related("participant", "registrarAddress"),
  },

  Objection: {
    objector: related("participant", "objectorAddress"),
    resolution: ((parent) =>
      parent.resolved
        ? {
            resolver: parent.resolver,
            upheld: parent.upheld,
            decisionHash: parent.decisionHash,
            status: parent.outcomeStatus,
            previousHolder: parent.previousHolder,
            holder: parent.newHolder,
            timestamp: parent.resolvedAt,
            blockNumber: parent.resolvedBlock,
          }
        : null) satisfies Resolver,
  },

  LineageEdge: {
    parent: related("dataset", "parentId"),
    child: related("dataset", "childId"),
  },

  Grant: {
    dataset: related("dataset", "datasetId"),
    grantee: related("participant", "granteeAddress"),
    grantor: related("participant", "grantorAddress"),
    evidence: ((parent) => ({
      contractHash: parent.contractHash,
      impactAssessmentHash: parent.impactAssessmentHash,
      consentRecordsRoot: parent.consentRecordsRoot,
      filingRef: parent.filingRef,
    })) satisfies Resolver,
    events: nestedPage("grantEvents", (p) => String(p.id)),
  },

  Anchor: {
    anchorer: related("participant", "anchorerAddress"),
    files: nestedPage("anchorFiles", (p) => String(p.id)),
  },

  AnchorFile: {
    anchor: related("anchor", "anchorId"),
  },
};
