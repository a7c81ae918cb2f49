/**
 * The resolvers of schema.graphql. Root fields check their arguments, settle the block, and read a row
 * or a page; every nested field goes through the request's loaders at its parent's block (`_at`).
 * Rows arrive with columns already named as the schema's fields, so only fields that reach another
 * entity or reshape a value have a resolver here.
 */
import type { createSchema } from "graphql-yoga";
import { declaredNameIn, metadataDescription, metadataTitle, organisationNameIn, purposeLabel } from "@dpr/sdk";
import { zeroHash } from "viem";
import type { BlockHeight } from "./block.js";
import type { GraphqlContext } from "./context.js";
import { type EntitySpec, anchorSpec, anchoredFileSpec, datasetSpec, eventSpec, grantSpec, participantSpec } from "./entities.js";
import type { Filter } from "./filter.js";
import { parseAddress, parseBytes32, parseEventId, parseGrantId } from "./inputs.js";
import { type LineageDirection, type LineageResult, lineage, lineageEdges, lineageTruncated } from "./lineage.js";
import { type AtRow, type ConnectionName, type Row, claimKey } from "./loaders.js";
import { badInput } from "./errors.js";
import { type Direction, type PageArgs, fetchPage } from "./paging.js";
import { BigIntScalar, BytesScalar, JsonScalar } from "./scalars.js";
import { type At, Params, visibleAt } from "./sql.js";
import { sectorLabel, stats } from "./stats.js";
import type { MetadataDocument } from "../sync/metadata.js";
import { borderConditionsField, catalogueResolvers, documentLoader } from "./catalogue.js";

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
interface LangArgs {
  /** A BCP-47 language tag; unknown tags fall back as `organisationNameIn` says. */
  lang?: string | null;
}
interface NestedPageArgs {
  /** Lists of one claim: which claim (default: the dataset's current one). */
  claim?: number | null;
  where?: Filter | null;
  first?: number | null;
  after?: string | null;
  orderDirection?: Direction | null;
}

type Resolver<Args = Record<string, never>, Parent = AtRow> = (parent: Parent, args: Args, context: GraphqlContext) => unknown;

/** What `verify` hands its nested fields: the hash and algorithm asked about, at the block. */
interface VerificationParent {
  contentHash: string;
  found: boolean;
  dataset: AtRow | null;
  _at: At;
  _algorithm: string | null;
}

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
function nestedPage(name: ConnectionName, key: (parent: AtRow, args: NestedPageArgs) => string): Resolver<NestedPageArgs> {
  return (parent, args, { api }) => {
    const page: PageArgs = { where: args.where, first: args.first, after: args.after, orderDirection: args.orderDirection };
    return api.loaders(parent._at).connection(name, page).load(key(parent, args));
  };
}

/** A nested page of one claim of the dataset: `claim`, or the current one. */
function claimPage(name: ConnectionName): Resolver<NestedPageArgs> {
  return nestedPage(name, (dataset, args) => {
    const claim = args.claim ?? Number(dataset.claim);
    if (!Number.isInteger(claim) || claim < 1) throw badInput(`claim must be a claim number (a whole number from 1), got ${claim}`);
    return claimKey(String(dataset.id), claim);
  });
}

/** The outcome a vote is for, from its kind and the holder it names. */
const outcome = (correction: unknown, newHolder: unknown): string =>
  correction ? (newHolder ? "correct_holder" : "revoke") : newHolder ? "new_holder" : "reject";

const related =
  (loader: "dataset" | "participant" | "grant" | "anchor", field: string): Resolver =>
  (parent, _args, { api }) => {
    const key = parent[field];
    return key === null || key === undefined ? null : api.loaders(parent._at)[loader].load(String(key));
  };

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
      // Without a dataset, found says whether any loaded manifest lists it; the files are anchoredIn's pages.
      let listed = false;
      if (!dataset) {
        const f = new Params();
        const rows = await api.query(
          `select 1 as listed from anchor_files f join anchors a on a.id = f.anchor_id
            where f.content_hash = ${f.add(contentHash, "text")} and ${visibleAt("appended", "a", f, at)}${byAlgorithm(f, "a.algorithm")} limit 1`,
          f.values,
        );
        listed = rows.length > 0;
      }
      return {
        contentHash,
        found: dataset !== undefined || listed,
        dataset: dataset ? withAt(at)(dataset) : null,
        _at: at,
        _algorithm: args.algorithm ?? null,
      } satisfies VerificationParent;
    }) satisfies Resolver<RootArgs & { contentHash: string; algorithm?: string | null }, unknown>,

    lineage: (async (_parent, args, { api }) => {
      const at = await api.at(args.block);
      return lineage(api.loaders(at), at, args);
    }) satisfies Resolver<IdArgs & { direction?: LineageDirection | null; depth?: number | null }, unknown>,

    stats: (async (_parent, args, { api }) => stats(api.query, await api.at(args.block))) satisfies Resolver<RootArgs, unknown>,

    ...catalogueResolvers.Query,

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
        indexingError: config.indexingError(),
        chainId: config.chainId,
        deploymentBlock: config.deploymentBlock,
      };
    }) satisfies Resolver<Record<string, never>, unknown>,
  },

  Participant: {
    name: ((parent, args) => organisationNameIn(parent.attestedName as string | null, args.lang ?? "en")) satisfies Resolver<LangArgs>,
    declaredName: ((parent, args) => declaredNameIn(parent.metadataURI as string, args.lang ?? "en")) satisfies Resolver<LangArgs>,
    removal: ((parent) =>
      parent.removedBy ? { removedBy: parent.removedBy, timestamp: parent.removedAt, blockNumber: parent.removedBlock } : null) satisfies Resolver,
    removed: ((parent) => parent.removedBy !== null && parent.removedBy !== undefined) satisfies Resolver,
    nameAttestation: ((parent) =>
      parent.nameAttestedBy
        ? { attestedBy: parent.nameAttestedBy, timestamp: parent.nameAttestedAt, blockNumber: parent.nameAttestedBlock }
        : null) satisfies Resolver,
    organisationAccounts: nestedPage("organisationAccounts", (p) => String(p.id)),
    officers: ((parent, args, context) =>
      parent.id !== parent.organisation
        ? null
        : nestedPage(args.removed ? "organisationOfficersEver" : "organisationOfficers", (p) => String(p.id))(parent, args, context)) satisfies Resolver<
      NestedPageArgs & { removed?: boolean | null }
    >,
    datasets: nestedPage("participantDatasets", (p) => String(p.id)),
    grantsReceived: nestedPage("grantsReceived", (p) => String(p.id)),
    grantsGiven: nestedPage("grantsGiven", (p) => String(p.id)),
    events: nestedPage("participantEvents", (p) => String(p.id)),
  },

  Dataset: {
    versionOf: related("dataset", "versionOfId"),
    supersededBy: related("dataset", "supersededById"),
    versions: nestedPage("datasetVersions", (p) => String(p.seriesId)),
    holder: related("participant", "holderAddress"),
    registrant: related("participant", "registrantAddress"),
    // By the hash the chain recorded: the documents given in memory, else those the catalogue stored (folders, fetched).
    metadata: ((parent, _args, { api }) =>
      api.config.metadata.get(String(parent.metadataHash)) ?? documentLoader(api).load(String(parent.metadataHash))) satisfies Resolver,
    ...catalogueResolvers.Dataset,
    conditions: (row: Row) => borderConditionsField(row),
    sectorName: ((parent) => sectorLabel(Number(parent.sector))) satisfies Resolver,
    confirmations: claimPage("datasetConfirmations"),
    objections: claimPage("datasetObjections"),
    transfers: claimPage("datasetTransfers"),
    decisionVotes: claimPage("datasetDecisionVotes"),
    ancestryMarks: claimPage("datasetAncestryMarks"),
    reconfirmations: claimPage("datasetReconfirmations"),
    decision: ((parent) =>
      parent.decisionVotes === null || parent.decisionVotes === undefined
        ? null
        : {
            correction: parent.decisionCorrection,
            outcome: outcome(parent.decisionCorrection, parent.decisionNewHolder),
            newHolder: parent.decisionNewHolder,
            votes: parent.decisionVotes,
            required: parent.decisionRequired,
            firstVoterOrganisation: parent.decisionFirstOrganisation,
          }) satisfies Resolver,
    refusal: ((parent) =>
      parent.refusedBy
        ? { registrar: parent.refusedBy, reasonHash: parent.refusalReasonHash, timestamp: parent.endedAt, blockNumber: parent.endedBlock }
        : null) satisfies Resolver,
    withdrawal: ((parent) =>
      parent.withdrawnBy ? { holder: parent.withdrawnBy, timestamp: parent.endedAt, blockNumber: parent.endedBlock } : null) satisfies Resolver,
    correction: ((parent) =>
      parent.correctionKind
        ? {
            kind: parent.correctionKind,
            previousHolder: parent.correctionPreviousHolder,
            holder: parent.correctionHolder,
            decidedBy: parent.correctionDecidedBy,
            decisionHash: parent.correctionDecisionHash,
            grantsValidFrom: parent.correctionKind === "holder-corrected" ? parent.grantsValidFrom : null,
            timestamp: parent.correctionAt,
            blockNumber: parent.correctionBlock,
          }
        : null) satisfies Resolver,
    parents: ((parent, _args, { api }) => api.loaders(parent._at).parentsOf.load(String(parent.id))) satisfies Resolver,
    children: nestedPage("datasetChildren", (p) => String(p.id)),
    grants: nestedPage("datasetGrants", (p) => String(p.id)),
    events: nestedPage("datasetEvents", (p) => String(p.id)),
  },

  DatasetMetadata: {
    title: ((parent, args) => metadataTitle(parent.document, args.lang ?? "en")) satisfies Resolver<LangArgs, MetadataDocument>,
    description: ((parent, args) => metadataDescription(parent.document, args.lang ?? "en")) satisfies Resolver<LangArgs, MetadataDocument>,
  },

  Confirmation: {
    registrar: related("participant", "registrarAddress"),
  },

  DecisionVote: {
    voter: related("participant", "voterAddress"),
    outcome: ((parent) => outcome(parent.correction, parent.newHolder)) satisfies Resolver,
  },

  AncestryMark: {
    parent: related("dataset", "parentId"),
  },

  Reconfirmation: {
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

  Verification: {
    anchoredIn: ((parent, args, { api }) =>
      fetchPage(
        api.query,
        {
          spec: anchoredFileSpec,
          at: parent._at,
          args: { first: args.first, after: args.after },
          defaultOrderBy: "blockNumber",
          maxFirst: api.config.maxFirst,
          extra: (p) => `t.content_hash = ${p.add(parent.contentHash, "text")}${parent._algorithm ? ` and t.algorithm = ${p.add(parent._algorithm, "text")}` : ""}`,
        },
        withAt(parent._at),
      )) satisfies Resolver<NestedPageArgs, VerificationParent>,
  },

  Lineage: {
    edges: ((parent, args, { api }) => lineageEdges(api.query, parent, args, api.config.maxFirst)) satisfies Resolver<NestedPageArgs, LineageResult>,
    truncated: ((parent, _args, { api }) => lineageTruncated(api.query, parent)) satisfies Resolver<Record<string, never>, LineageResult>,
  },

  LineageEdge: {
    parent: related("dataset", "parentId"),
    child: related("dataset", "childId"),
  },

  Grant: {
    dataset: related("dataset", "datasetId"),
    grantee: related("participant", "granteeAddress"),
    grantor: related("participant", "grantorAddress"),
    purpose: ((parent, args) => purposeLabel(Number(parent.purposeCode), args.lang ?? "en")) satisfies Resolver<LangArgs>,
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

  CataloguePage: catalogueResolvers.CataloguePage,
  CatalogueEntry: catalogueResolvers.CatalogueEntry,
};
