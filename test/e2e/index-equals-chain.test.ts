/**
 * The index equals the chain, for every valid history: a differential test of the indexer.
 *
 * The model-based test's generator (test/model) makes long random sequences of operations by every kind of
 * actor, valid and refused, with the clock moving (notice periods ending, grants starting and expiring)
 * and, now and then, a branch of operations that is indexed and then reverted (a chain reorganisation).
 * They run on Hardhat's network, served over JSON-RPC as `hardhat node` serves it, and a real indexer per
 * store (PGlite and PostgreSQL) follows that node. After each sequence, every entity the GraphQL API
 * serves (datasets with their versions, lineage, confirmations, objections and transfers; grants with
 * their status; participants; anchors; statistics; the event trail) is compared field by field with what
 * the contracts' view functions return — at the head, and at random past blocks through
 * `block: { number }`, where the chain is read at that block. What no view function returns (a dataset's
 * history, a grant's terms) is compared with the model's record of the same history as of that block.
 *
 * The chain's clock starts ten years ahead of the wall clock, so that "now" is the head block's time for
 * the indexer too (it uses the later of the wall clock and the latest block's time) and statuses that the
 * clock decides compare exactly.
 *
 * Defaults: 15 sequences of up to 60 operations with a fixed seed, so that `npm test` is reproducible.
 *   FC_RUNS=200 FC_STEPS=100 npx vitest run test/e2e/index-equals-chain.test.ts   a long run
 *   FC_SEED=random …                                                             a fresh seed (printed on failure)
 *   FC_SEED=<seed> FC_PATH=<path> …                                              replay a reported failure
 *   FC_STATS=1                                                                   print what the runs exercised
 * A failure names the store, the block and every differing field, with the sequence as readable commands.
 */
import fc from "fast-check";
import hre from "hardhat";
import { TASK_NODE_CREATE_SERVER } from "hardhat/builtin-tasks/task-names";
import {
  type Address,
  type Hex,
  parseEventLogs,
  zeroAddress,
} from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Deployment,
  DatasetStatus,
  batchAnchorRegistryAbi,
  borderConditionsFromChain,
  borderConditionsLabels,
  datasetRegistryAbi,
  grantRegistryAbi,
  hashAlgorithmName,
  labels,
  participantDirectoryAbi,
  toLabel,
} from "@dpr/sdk";
import { type Indexer, createIndexer } from "@dpr/indexer";
import { type StoreKind, type TestDatabase, createTestDatabase, quietLogger, testStores } from "@dpr/indexer/testing";
import { loadFixture, publicClient, testClient } from "../helpers/chain.js";
import { type Dpr, NOTICE_PERIOD } from "../helpers/dpr.js";
import { type Command, type Context, type Op, opArb, resolve } from "../model/commands.js";
import { type Trace, execute, failWith, modelFixture, show } from "../model/runner.js";
import { startSequence } from "../model/runner.js";
import { type DatasetState, type DprModel, isFreed } from "../model/rules.js";

const RUNS = Number(process.env.FC_RUNS ?? 15);
const STEPS = Number(process.env.FC_STEPS ?? 60);
const SEED = process.env.FC_SEED === "random" ? undefined : Number(process.env.FC_SEED ?? 20261204);
const PATH = process.env.FC_PATH;
/** Past blocks compared after each sequence, besides the head. */
const PAST_BLOCKS = Number(process.env.FC_PAST_BLOCKS ?? 3);

const TEN_YEARS = 10 * 365 * 86_400;

const stores = await testStores();

interface Follower {
  kind: StoreKind;
  database: TestDatabase;
  indexer: Indexer;
  graphql: string;
}

let followers: Follower[] = [];
let closeServer: (() => Promise<void>) | undefined;

const fixture = modelFixture(async (dpr, ctx, command, index, trace) => {
  await execute(dpr, ctx, command, index, trace);
});

/** What the runs exercised. */
const seen = {
  sequences: 0,
  steps: 0,
  transactions: 0,
  refused: 0,
  forks: 0,
  forkedSteps: 0,
  pastBlocks: 0,
  comparisons: 0,
  /** Events of the life cycle v2 and of border conditions in the compared histories (per store, at the head), by name. */
  lifecycle: {} as Record<string, number>,
  /** Events of organisations and their officers in the compared histories (per store, at the head), by kind. */
  organisations: {} as Record<string, number>,
};

const LIFECYCLE_EVENTS = new Set([
  "DatasetRefused",
  "DatasetWithdrawn",
  "DatasetObjected",
  "DatasetDecisionVoted",
  "DatasetDisputeResolved",
  "DatasetRevoked",
  "DatasetHolderCorrected",
  "DatasetAncestryRevoked",
  "DatasetReconfirmed",
  "BorderConditionsSet",
  "BorderConditionsProposed",
  "BorderConditionsConfirmed",
]);

beforeAll(async () => {
  await testClient.increaseTime({ seconds: TEN_YEARS });
  await testClient.mine({ blocks: 1 });
  const { dpr } = await loadFixture(fixture);

  const server = (await hre.run(TASK_NODE_CREATE_SERVER, { hostname: "127.0.0.1", port: 0, provider: hre.network.provider })) as {
    listen(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  };
  const { port } = await server.listen();
  closeServer = () => server.close();
  const deployment: Deployment = {
    format: "dpr-deployment/1",
    chainId: await publicClient.getChainId(),
    contracts: dpr.addresses,
    deploymentBlock: dpr.deploymentBlock,
    noticePeriod: NOTICE_PERIOD,
    zoneAdmin: dpr.a.admin,
    deployedAt: new Date().toISOString(),
  };
  for (const kind of stores) {
    const database = await createTestDatabase(kind);
    const indexer = await createIndexer({
      rpcUrl: `http://127.0.0.1:${port}`,
      deployment,
      databaseUrl: database.databaseUrl,
      dataDir: database.dataDir,
      port: 0,
      host: "127.0.0.1",
      // Every sequence starts by reverting to the fixture: reorganisations as deep as a whole sequence.
      finalityDepth: 100_000,
      pollIntervalMs: 20,
      headStallTimeoutMs: 0,
      logger: quietLogger,
    });
    await indexer.start();
    followers.push({ kind, database, indexer, graphql: `${indexer.url}/graphql` });
  }
}, 120_000);

afterAll(async () => {
  for (const f of followers) {
    await f.indexer.stop().catch(() => {});
    await f.database.drop().catch(() => {});
  }
  followers = [];
  await closeServer?.();
});

// ------------------------------------------------------------------------------------------------ GraphQL

async function query<T>(follower: Follower, document: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(follower.graphql, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: document, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) {
    throw new Error(`${follower.kind}: GraphQL error: ${body.errors.map((e) => `${e.message} (${e.extensions?.code})`).join("; ")}`);
  }
  return body.data!;
}

/** Waits until every indexer has indexed the chain's head block (by number and hash); fails on an indexing error. */
async function caughtUp(trace: Trace): Promise<void> {
  const head = await publicClient.getBlock();
  const number = Number(head.number);
  for (const follower of followers) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { _meta } = await query<{ _meta: { block: { number: number; hash: string }; hasIndexingErrors: boolean } }>(
        follower,
        "{ _meta { block { number hash } hasIndexingErrors } }",
      );
      if (_meta.hasIndexingErrors) {
        const health = await (await fetch(`${follower.indexer.url}/health`)).text();
        failWith(`the ${follower.kind} indexer stopped on an error at or before block ${number}: ${health}`, trace);
      }
      if (_meta.block.number === number && _meta.block.hash === head.hash) break;
      if (Date.now() > deadline) failWith(`the ${follower.kind} indexer did not reach block ${number} (${head.hash}): at ${show(_meta.block)}`, trace);
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

const PAGE = `pageInfo { hasNextPage }`;

const DATASETS = `query ($block: Block_height, $first: Int, $inner: Int) {
  datasets(first: $first, block: $block) {
    items {
      id seriesId version versionOf { id } supersededBy { id }
      holderAddress holder { id organisation } registrantAddress algorithm contentHash metadataHash metadataURI category grade containsPersonalData sector jurisdiction
      status requiredConfirmations confirmationCount confirmedAt noticeEndsAt noticeRemaining frozen superseded declassified
      ancestryRevoked pendingTransferTo registeredAt registeredBlock claim openObjections grantsValidFrom
      decision { correction newHolder votes required firstVoterOrganisation }
      conditions {
        openness rights granteeRegions purposeClasses maxTermSeconds
        proposed { openness rights granteeRegions purposeClasses maxTermSeconds confirmations required proposedAt }
      }
      confirmations(first: $inner) { items { registrarAddress requiredConfirmations claim } ${PAGE} }
      objections(first: $inner) {
        items { objectorAddress organisation claim evidenceHash status resolved resolution { resolver upheld decisionHash previousHolder holder } }
        ${PAGE}
      }
      transfers(first: $inner) { items { from to status registrar } ${PAGE} }
      parents { parent { id } derivation }
      children(first: $inner) { items { child { id } derivation } ${PAGE} }
      versions(first: $inner) { items { id } ${PAGE} }
      grants(first: $inner) { items { id } ${PAGE} }
    }
    ${PAGE}
  }
}`;

/** Generations of lineage compared (small, so that `truncated` is exercised too). */
const LINEAGE_DEPTH = 2;

/** One query for the lineage of `ids` both ways, by alias (u0, d0, u1, …). */
function lineageQuery(ids: readonly Hex[]): string {
  const walk = (alias: string, id: Hex, direction: "UP" | "DOWN") =>
    `${alias}: lineage(id: "${id}", direction: ${direction}, depth: ${LINEAGE_DEPTH}, block: $block) {
      truncated edges(first: $edges) { items { depth edge { parent { id } child { id } derivation } } ${PAGE} } }`;
  return `query ($block: Block_height, $edges: Int) {
${ids.flatMap((id, i) => [walk(`u${i}`, id, "UP"), walk(`d${i}`, id, "DOWN")]).join("\n")}
}`;
}

/**
 * The lineage of `root` as the model knows it: every edge reached walking `direction`, at its shortest
 * distance, nearest first, then in chain order (registration order of the child, then the parent's position).
 */
function expectedLineage(m: DprModel, root: Hex, direction: "UP" | "DOWN") {
  const order = [...m.datasets.keys()];
  const edges = [...m.datasets.values()].flatMap((child) =>
    child.parents.map((p, position) => ({ child: child.id, parent: p.datasetId, derivation: p.derivation, position })),
  );
  const from = (e: (typeof edges)[number]) => (direction === "UP" ? e.child : e.parent);
  const to = (e: (typeof edges)[number]) => (direction === "UP" ? e.parent : e.child);
  const distance = new Map<Hex, number>([[root, 0]]);
  const reached = new Map<(typeof edges)[number], number>();
  for (let frontier = [root], depth = 1; frontier.length > 0; depth++) {
    const next: Hex[] = [];
    for (const e of edges) {
      if (!frontier.includes(from(e)) || reached.has(e)) continue;
      reached.set(e, depth);
      if (!distance.has(to(e))) {
        distance.set(to(e), depth);
        next.push(to(e));
      }
    }
    frontier = next;
  }
  const steps = [...reached]
    .filter(([, depth]) => depth <= LINEAGE_DEPTH)
    .sort(([a, da], [b, db]) => da - db || order.indexOf(a.child) - order.indexOf(b.child) || a.position - b.position)
    .map(([e, depth]) => ({ depth, edge: { parent: { id: e.parent }, child: { id: e.child }, derivation: labels.derivation(e.derivation) } }));
  return { truncated: [...reached.values()].some((d) => d > LINEAGE_DEPTH), edges: { items: steps, pageInfo: { hasNextPage: false } } };
}

const GRANTS = `query ($block: Block_height) {
  grants(first: 1000, block: $block) {
    items {
      id datasetId granteeAddress grantorAddress right purposeCode purposeHash scopeHash startsAt expiresAt termsHash
      crossBorder mechanism evidence { contractHash impactAssessmentHash consentRecordsRoot filingRef }
      status acknowledgedBy closedBy voidedByCorrection
    }
    ${PAGE}
  }
}`;

const OTHERS = `query ($block: Block_height, $first: Int, $inner: Int) {
  participants(first: $first, block: $block) {
    items {
      id organisation jurisdiction roles suspended removed addedAt attestedName organisationKey
      organisationAccounts(first: $inner) { items { id } ${PAGE} }
      officers(first: $inner) { items { id } ${PAGE} }
      datasets(first: $inner) { items { id } ${PAGE} }
      grantsReceived(first: $inner) { items { id } ${PAGE} }
      grantsGiven(first: $inner) { items { id } ${PAGE} }
    }
    ${PAGE}
  }
  anchors(first: 1000, block: $block) { items { id anchorerAddress algorithm leafCount totalBytes manifestHash manifestURI anchoredAt } ${PAGE} }
  stats(block: $block) {
    datasets grants participants anchors
    datasetsByStatus { key count }
    grantsByStatus { key count }
  }
}`;

const EVENTS = `query ($after: String) {
  events(first: 1000, after: $after) { items { blockNumber logIndex name txHash } pageInfo { hasNextPage endCursor } }
}`;

// ------------------------------------------------------------------------------------------------ expectations

const lower = (a: string) => a.toLowerCase();
const orNull = (a: string) => (a === zeroAddress ? null : lower(a));
const time = (t: number | bigint) => (BigInt(t) === 0n ? null : String(t));

/** The officer who registered the current claim of `id`: the model's last DatasetRegistered of it. */
function registrantOf(m: DprModel, id: Hex): string | null {
  const registered = m.events.findLast((e) => e.name === "DatasetRegistered" && e.args.datasetId === id);
  return registered ? lower(String(registered.args.registrant)) : null;
}

/** `d`'s version number: one more than the version it was registered as the next of (as the index numbers them). */
function versionOf(m: DprModel, d: DatasetState): number {
  return d.versionOf ? versionOf(m, m.dataset(d.versionOf)!) + 1 : 1;
}

/** The first version of `d`'s series. */
function seriesRoot(m: DprModel, d: DatasetState): DatasetState {
  let first = d;
  while (first.versionOf) first = m.dataset(first.versionOf)!;
  return first;
}

/**
 * The versions of `d`'s series as the model recorded them (freed versions too: they stay on record), by version,
 * then id — the index's order.
 */
function seriesOf(m: DprModel, d: DatasetState): DatasetState[] {
  const root = seriesRoot(m, d);
  return [...m.datasets.values()]
    .filter((x) => seriesRoot(m, x) === root)
    .sort((a, b) => versionOf(m, a) - versionOf(m, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const OBJECTION_STATUS = ["none", "open", "dismissed", "upheld"] as const;

/** Lists every difference between `actual` and `expected` (plain JSON values), by path. */
function differences(path: string, actual: unknown, expected: unknown, out: string[]): void {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (actual.length !== expected.length) out.push(`${path}: index has ${actual.length} items ${show(actual)}, chain ${expected.length} ${show(expected)}`);
    else actual.forEach((a, i) => differences(`${path}[${i}]`, a, expected[i], out));
    return;
  }
  if (expected && actual && typeof expected === "object" && typeof actual === "object") {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      differences(`${path}.${key}`, (actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], out);
    }
    return;
  }
  if (show(actual) !== show(expected)) out.push(`${path}: index ${show(actual)}, chain ${show(expected)}`);
}

type Items<T> = { items: T[]; pageInfo: { hasNextPage: boolean } };

/** Compares one indexer with the chain (read at `block`) and the model's record as of that block. */
async function compare(follower: Follower, dpr: Dpr, ctx: Context, block: number, atHead: boolean): Promise<string[]> {
  const m = ctx.model;
  const blockNumber = BigInt(block);
  const read = dpr.read;
  const diffs: string[] = [];
  const variables = atHead ? {} : { block: { number: block } };
  const label = (what: string) => `${follower.kind} ${atHead ? "head" : "block"} ${block} ${what}`;

  // Datasets.
  const { datasets } = await query<{ datasets: Items<Record<string, unknown>> }>(follower, DATASETS, { ...variables, first: 100, inner: 50 });
  if (datasets.pageInfo.hasNextPage) diffs.push(label("datasets: more than one page"));
  const indexed = new Map(datasets.items.map((d) => [d.id as string, d]));
  const statusCounts = new Map<string, number>();
  /** Each dataset's registration block and grantsValidFrom on the chain (for the participants' lists and the grants). */
  const registeredBlocks = new Map<Hex, bigint>();
  const grantsValidFrom = new Map<Hex, bigint>();
  for (const d of m.datasets.values()) {
    const record = await read.datasets.read.getDataset([d.id], { blockNumber });
    const status = labels.datasetStatus(record.status);
    statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
    registeredBlocks.set(d.id, BigInt(record.registeredBlock));
    grantsValidFrom.set(d.id, BigInt(record.grantsValidFrom));
    const series = seriesOf(m, d);
    // The latest version is the one a standing (not freed) next version supersedes; a freed one un-supersedes it.
    const successor = record.superseded ? [...m.datasets.values()].find((x) => x.versionOf === d.id && !isFreed(x.stage)) : undefined;
    const decision = await read.datasets.read.decisionOf([d.id], { blockNumber });
    const conditions = borderConditionsLabels(borderConditionsFromChain(await read.grants.read.borderConditionsOf([d.id], { blockNumber })));
    const proposal = await read.grants.read.proposedBorderConditionsOf([d.id], { blockNumber });
    const proposed = proposal.proposedAt === 0 ? null : borderConditionsLabels(borderConditionsFromChain(proposal.conditions));
    const openObjectors = (await read.datasets.read.openObjectors([d.id], { blockNumber })).map(lower);
    // Where each organisation's objection to the current claim stands on the chain (objectionOf), for the latest of its objections.
    const objectionOf = new Map<string, string>();
    for (const o of d.objections) {
      const status = await read.datasets.read.objectionOf([d.id, o.organisation], { blockNumber });
      objectionOf.set(o.organisation, OBJECTION_STATUS[status] ?? `unknown objection status ${status}`);
    }
    const latestObjection = new Map(d.objections.map((o, i) => [o.organisation, i]));
    const children = [...m.datasets.values()].flatMap((c) =>
      c.parents.filter((p) => p.datasetId === d.id).map((p) => ({ child: { id: c.id }, derivation: labels.derivation(p.derivation) })),
    );
    const expected = {
      id: d.id,
      seriesId: series[0]!.id,
      version: versionOf(m, d),
      versionOf: d.versionOf ? { id: d.versionOf } : null,
      supersededBy: successor ? { id: successor.id } : null,
      holderAddress: lower(record.holder),
      // The holder is an organisation's own address, whose record the index keeps (also once that account is removed).
      holder: { id: lower(record.holder), organisation: lower(record.holder) },
      // No view function names the registrant: the model's record of the current claim's DatasetRegistered does.
      registrantAddress: registrantOf(m, d.id),
      algorithm: toLabel(hashAlgorithmName(record.algorithm)),
      contentHash: d.contentHash,
      metadataHash: d.metadataHash,
      metadataURI: d.metadataURI,
      category: labels.category(record.category),
      grade: labels.grade(record.grade),
      containsPersonalData: record.containsPersonalData,
      sector: record.sector,
      jurisdiction: labels.jurisdiction(record.jurisdiction),
      status,
      requiredConfirmations: record.requiredConfirmations,
      confirmationCount: record.confirmations,
      confirmedAt: time(record.confirmedAt),
      noticeEndsAt: time(record.noticeEndsAt),
      noticeRemaining: time(record.noticeRemaining),
      frozen: record.frozen,
      superseded: record.superseded,
      declassified: record.declassified,
      ancestryRevoked: record.ancestryRevoked,
      pendingTransferTo: orNull(record.pendingTransferTo),
      registeredAt: String(record.registeredAt),
      registeredBlock: String(record.registeredBlock),
      claim: record.claim,
      openObjections: record.openObjections,
      grantsValidFrom: time(record.grantsValidFrom),
      conditions: {
        ...conditions,
        maxTermSeconds: conditions.maxTermSeconds === null ? null : String(conditions.maxTermSeconds),
        proposed:
          proposed === null
            ? null
            : {
                ...proposed,
                maxTermSeconds: proposed.maxTermSeconds === null ? null : String(proposed.maxTermSeconds),
                confirmations: proposal.confirmations,
                required: proposal.required,
                proposedAt: String(proposal.proposedAt),
              },
      },
      decision:
        decision.votes === 0
          ? null
          : {
              correction: decision.correction,
              newHolder: orNull(decision.newHolder),
              votes: decision.votes,
              required: decision.required,
              firstVoterOrganisation: lower(decision.firstVoterOrganisation),
            },
      // Every confirmation of this claim, also those a new holder's decision reset (the count starts again then).
      confirmations: {
        items: d.confirmations.map((registrar) => ({ registrarAddress: registrar, requiredConfirmations: record.requiredConfirmations, claim: record.claim })),
        pageInfo: { hasNextPage: false },
      },
      objections: {
        items: d.objections.map((o, i) => ({
          objectorAddress: o.objector,
          organisation: o.organisation,
          claim: o.claim,
          evidenceHash: o.evidenceHash,
          // An organisation's latest objection stands as objectionOf says (an earlier one of the same claim was dismissed).
          status:
            latestObjection.get(o.organisation) === i
              ? objectionOf.get(o.organisation)
              : o.resolution === null
                ? "open"
                : o.resolution.upheld
                  ? "upheld"
                  : "dismissed",
          resolved: o.resolution !== null,
          resolution: o.resolution && {
            resolver: o.resolution.resolver,
            upheld: o.resolution.upheld,
            decisionHash: o.resolution.decisionHash,
            previousHolder: o.resolution.previousHolder,
            holder: o.resolution.holder,
          },
        })),
        pageInfo: { hasNextPage: false },
      },
      transfers: { items: d.transfers.map((t) => ({ ...t })), pageInfo: { hasNextPage: false } },
      parents: d.parents.map((p) => ({ parent: { id: p.datasetId }, derivation: labels.derivation(p.derivation) })),
      children: { items: children, pageInfo: { hasNextPage: false } },
      versions: { items: series.map((v) => ({ id: v.id })), pageInfo: { hasNextPage: false } },
      grants: { items: m.grants.filter((g) => g.datasetId === d.id).map((g) => ({ id: String(g.id) })), pageInfo: { hasNextPage: false } },
    };
    // The open objections the index lists are the organisations openObjectors names.
    const openInIndex = new Set(d.objections.filter((o) => o.resolution === null).map((o) => o.organisation));
    if ([...openInIndex].sort().join() !== [...openObjectors].sort().join()) {
      diffs.push(label(`${ctx.labelOf(d.id)} openObjectors: chain ${show(openObjectors)}, model's open objections ${show([...openInIndex])}`));
    }
    const actual = indexed.get(d.id);
    indexed.delete(d.id);
    if (!actual) diffs.push(label(`dataset ${ctx.labelOf(d.id)} (${d.id}): missing from the index (chain: ${status})`));
    else differences(label(ctx.labelOf(d.id)), actual, expected, diffs);
  }
  for (const id of indexed.keys()) {
    const status = await read.datasets.read.status([id as Hex], { blockNumber });
    diffs.push(label(`dataset ${id}: in the index, not on the chain (chain status ${labels.datasetStatus(status)})`));
  }

  // Lineage, both ways, of every dataset with a parent or a child.
  const related = [...m.datasets.values()]
    .filter((d) => d.parents.length > 0 || [...m.datasets.values()].some((c) => c.parents.some((p) => p.datasetId === d.id)))
    .map((d) => d.id);
  for (let i = 0; i < related.length; i += 12) {
    const chunk = related.slice(i, i + 12);
    const answer = await query<Record<string, unknown>>(follower, lineageQuery(chunk), { ...variables, edges: 200 });
    chunk.forEach((id, j) => {
      differences(label(`lineage UP of ${ctx.labelOf(id)}`), answer[`u${j}`], expectedLineage(m, id, "UP"), diffs);
      differences(label(`lineage DOWN of ${ctx.labelOf(id)}`), answer[`d${j}`], expectedLineage(m, id, "DOWN"), diffs);
    });
  }

  // Grants.
  const { grants } = await query<{ grants: Items<Record<string, unknown>> }>(follower, GRANTS, variables);
  const grantCount = await read.grants.read.grantCount({ blockNumber });
  if (BigInt(m.grants.length) !== grantCount) diffs.push(label(`grantCount: chain ${grantCount}, model ${m.grants.length}`));
  if (grants.pageInfo.hasNextPage) diffs.push(label("grants: more than one page"));
  const grantCounts = new Map<string, number>();
  const expectedGrants = [];
  for (const g of m.grants) {
    const record = await read.grants.read.getGrant([g.id], { blockNumber });
    const status = labels.grantStatus(record.status);
    grantCounts.set(status, (grantCounts.get(status) ?? 0) + 1);
    const { terms } = g;
    expectedGrants.push({
      id: String(g.id),
      datasetId: lower(record.datasetId),
      granteeAddress: lower(record.grantee),
      grantorAddress: g.grantor,
      right: labels.right(record.right),
      purposeCode: terms.purposeCode,
      purposeHash: terms.purposeHash,
      scopeHash: terms.scopeHash,
      startsAt: String(record.startsAt),
      expiresAt: String(record.expiresAt),
      termsHash: terms.termsHash,
      crossBorder: g.crossBorder,
      mechanism: labels.transferMechanism(terms.mechanism),
      evidence: { ...terms.evidence },
      status,
      acknowledgedBy: g.acknowledgedBy,
      closedBy: g.closedBy,
      // Issued before a correction of the dataset's holder: it confers nothing.
      voidedByCorrection: g.id < (grantsValidFrom.get(lower(record.datasetId) as Hex) ?? 0n),
    });
  }
  differences(label("grants"), grants.items, expectedGrants, diffs);

  // Participants, anchors, statistics.
  const others = await query<{
    participants: Items<Record<string, unknown>>;
    anchors: Items<Record<string, unknown>>;
    stats: Record<string, unknown>;
  }>(follower, OTHERS, { ...variables, first: 100, inner: 100 });
  const expectedParticipants = [];
  const ids = (list: readonly { id: string | bigint }[]) => ({ items: list.map((x) => ({ id: String(x.id) })), pageInfo: { hasNextPage: false } });
  // The directory's records (a removed organisation account's stays, marked removed; another removed account has none).
  const records = new Map<string, Awaited<ReturnType<typeof read.directory.read.getParticipant>>>();
  for (const p of m.participants.values()) records.set(p.account, await read.directory.read.getParticipant([p.account], { blockNumber }));
  // Accounts in the order the index lists them: by when they were (last) onboarded, then by address.
  const inOrder = (accounts: readonly string[]) =>
    [...accounts].sort((x, y) => Number(records.get(x)!.since - records.get(y)!.since) || (x < y ? -1 : x > y ? 1 : 0));
  const acting = [...m.participants.values()].filter((o) => !records.get(o.account)!.removed);
  for (const p of inOrder([...m.participants.values()].map((o) => o.account)).map((account) => m.participants.get(account as Address)!)) {
    const record = records.get(p.account)!;
    const organisation = lower(record.organisation);
    const key = await read.directory.read.organisationKeyOf([record.organisation], { blockNumber });
    expectedParticipants.push({
      id: p.account,
      organisation,
      jurisdiction: labels.jurisdiction(record.jurisdiction),
      roles: labels.roles(record.roles),
      suspended: record.suspended,
      removed: record.removed,
      addedAt: String(record.since),
      attestedName: (await read.directory.read.attestedNameOf([p.account], { blockNumber })) || null,
      organisationKey: orNull(key),
      organisationAccounts: ids(inOrder(acting.filter((o) => o.organisation === organisation && o.account !== p.account).map((o) => o.account)).map((id) => ({ id }))),
      // An organisation's own address lists the accounts that act for it (itself while not removed).
      officers:
        p.account === organisation ? ids(inOrder(acting.filter((o) => o.organisation === organisation).map((o) => o.account)).map((id) => ({ id }))) : null,
      // Newest registration (of the current claim) first.
      datasets: ids(
        [...m.datasets.values()]
          .filter((d) => d.holder === p.account)
          .sort((a, b) => Number(registeredBlocks.get(b.id)! - registeredBlocks.get(a.id)!) || (a.id < b.id ? 1 : -1)),
      ),
      grantsReceived: ids(m.grants.filter((g) => g.grantee === p.account)),
      grantsGiven: ids(m.grants.filter((g) => g.grantor === p.account)),
    });
  }
  // A removed account other than an organisation's own has no record on the chain; the index keeps its row, marked removed.
  const keptRows = others.participants.items.filter((p) => !(p.removed === true && p.id !== p.organisation));
  differences(label("participants"), keptRows, expectedParticipants, diffs);
  const expectedAnchors = [];
  for (const a of m.anchors.values()) {
    const record = await read.anchors.read.getAnchor([a.root], { blockNumber });
    expectedAnchors.push({
      id: a.root,
      anchorerAddress: lower(record.anchorer),
      algorithm: toLabel(hashAlgorithmName(record.algorithm)),
      leafCount: record.leafCount,
      totalBytes: String(a.totalBytes),
      manifestHash: a.manifestHash,
      manifestURI: a.manifestURI,
      anchoredAt: String(record.anchoredAt),
    });
  }
  differences(label("anchors"), others.anchors.items, expectedAnchors, diffs);
  const counts = (map: Map<string, number>) => [...map].map(([key, count]) => ({ key, count })).sort((a, b) => a.key.localeCompare(b.key));
  const sorted = (list: unknown) => [...(list as { key: string; count: number }[])].sort((a, b) => a.key.localeCompare(b.key));
  differences(
    label("stats"),
    { ...others.stats, datasetsByStatus: sorted(others.stats.datasetsByStatus), grantsByStatus: sorted(others.stats.grantsByStatus) },
    {
      datasets: m.datasets.size,
      grants: m.grants.length,
      // Participants that can be named as such: a removed organisation account is the organisation's record only.
      participants: acting.length,
      anchors: m.anchors.size,
      datasetsByStatus: counts(statusCounts),
      grantsByStatus: counts(grantCounts),
    },
    diffs,
  );

  // The audit trail: every log of the four contracts exactly once, in chain order (at the head).
  if (atHead) {
    const logs = await publicClient.getLogs({ address: Object.values(dpr.addresses), fromBlock: dpr.deploymentBlock, toBlock: blockNumber });
    const decoded = parseEventLogs({ abi: ALL_EVENTS, logs });
    for (const log of decoded) {
      const name =
        log.eventName === "DatasetRegistered" && (log.args as { claim: number }).claim > 1 ? "DatasetRegistered (a later claim)" : log.eventName;
      if (LIFECYCLE_EVENTS.has(log.eventName) || name !== log.eventName) seen.lifecycle[name] = (seen.lifecycle[name] ?? 0) + 1;
      const kind = organisationEvent(log.eventName, log.args as Record<string, unknown>);
      if (kind) seen.organisations[kind] = (seen.organisations[kind] ?? 0) + 1;
    }
    const trail: { blockNumber: string; logIndex: number; name: string; txHash: string }[] = [];
    let after: string | null = null;
    for (;;) {
      type Page = { events: { items: typeof trail; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
      const page: Page = await query<Page>(follower, EVENTS, { after });
      trail.push(...page.events.items);
      if (!page.events.pageInfo.hasNextPage) break;
      after = page.events.pageInfo.endCursor;
    }
    differences(
      label("events"),
      trail.map((e) => `${e.blockNumber}-${e.logIndex} ${e.name} ${e.txHash}`),
      decoded.map((log) => `${log.blockNumber}-${log.logIndex} ${log.eventName} ${log.transactionHash}`),
      diffs,
    );
  }
  seen.comparisons++;
  return diffs;
}

/** What an event did for "organisations hold, accounts act", if anything: the kinds `seen.organisations` counts. */
function organisationEvent(name: string, args: Record<string, unknown>): string | undefined {
  const same = (a: unknown, b: unknown) => String(a).toLowerCase() === String(b).toLowerCase();
  if (name === "OrganisationKeySet") return same(args.key, zeroAddress) ? "key cleared" : "key set";
  if (name === "DatasetRegistered" && !same(args.registrant, args.holder)) return "registered by an officer";
  if (name === "ParticipantRemoved" && same(args.account, args.organisation)) return "organisation's own account removed";
  return undefined;
}

const ALL_EVENTS = [...participantDirectoryAbi, ...datasetRegistryAbi, ...grantRegistryAbi, ...batchAnchorRegistryAbi].filter(
  (item) => item.type === "event",
);

// ------------------------------------------------------------------------------------------------ sequences

/** A branch of operations run at step `at` of a sequence, indexed, then reverted (a reorganisation). */
interface Fork {
  at: number;
  branch: Op[];
}

/**
 * Runs one sequence from the fixture (itself a reorganisation of everything the previous sequence did),
 * then compares every indexer with the chain at the head and at the past blocks `picks` choose.
 */
async function runSequence(ops: readonly Op[], fork: Fork | null, picks: readonly number[]): Promise<string[]> {
  seen.sequences++;
  const start = await startSequence(fixture);
  const { dpr, trace } = start;
  let ctx = start.ctx;
  const first = Number(await publicClient.getBlockNumber());
  /** The model's state after each block of this sequence. */
  const states = new Map<number, Context>([[first, ctx.clone()]]);
  /** The outcome of each transaction of the main line ("ok" or the error's name). */
  const outcomes: string[] = [];
  const run = async (command: Command) => {
    seen.steps++;
    const outcome = await execute(dpr, ctx, command, trace.length, trace);
    if (outcome) {
      seen.transactions++;
      if (!outcome.ok) seen.refused++;
    }
    return outcome;
  };

  for (const [i, op] of ops.entries()) {
    if (fork && i === fork.at % ops.length) {
      seen.forks++;
      const snapshot = await testClient.snapshot();
      const saved = ctx.clone();
      trace.push(`(a branch of ${fork.branch.length} operations, indexed, then reverted:)`);
      for (const branchOp of fork.branch) {
        seen.forkedSteps++;
        await run(resolve(branchOp, ctx));
      }
      await caughtUp(trace);
      await testClient.revert({ id: snapshot });
      ctx = saved;
      trace.push("(branch reverted)");
    }
    const outcome = await run(resolve(op, ctx));
    if (outcome) outcomes.push(outcome.ok ? "ok" : outcome.error);
    states.set(Number(await publicClient.getBlockNumber()), ctx.clone());
  }

  await caughtUp(trace);
  const head = Number(await publicClient.getBlockNumber());
  const blocks = [head, ...picks.map((p) => first + (p % (head - first + 1)))];
  for (const [i, block] of blocks.entries()) {
    if (i > 0) seen.pastBlocks++;
    let state: Context | undefined;
    for (let n = block; n >= first && !state; n--) state = states.get(n);
    for (const follower of followers) {
      const diffs = await compare(follower, dpr, state!, block, i === 0);
      if (diffs.length > 0) {
        failWith(`the ${follower.kind} index differs from the chain:\n  ${diffs.slice(0, 30).join("\n  ")}${diffs.length > 30 ? `\n  … and ${diffs.length - 30} more` : ""}`, trace);
      }
    }
  }
  return outcomes;
}

const forkArb = fc.option(fc.record({ at: fc.nat(), branch: fc.array(opArb, { minLength: 1, maxLength: 10 }) }), { freq: 2 });

describe("the index equals the chain", () => {
  it("agrees field by field at the head and at past blocks, on every store, after random sequences with reorganisations", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { minLength: 1, maxLength: STEPS, size: "max" }),
        forkArb,
        fc.array(fc.nat(), { minLength: PAST_BLOCKS, maxLength: PAST_BLOCKS }),
        async (ops, fork, picks) => {
          await runSequence(ops, fork, picks);
        },
      ),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) },
    );
    if (process.env.FC_STATS) console.info({ stores, ...seen });
    expect(seen.forks).toBeGreaterThan(0);
    expect(seen.transactions - seen.refused).toBeGreaterThan(0);
    // Border conditions set, proposed and confirmed were indexed and compared (Dataset.conditions).
    // (A confirmation that makes a loosening take effect has its own sequence below.)
    for (const name of ["BorderConditionsSet", "BorderConditionsProposed"]) {
      expect.soft(seen.lifecycle[name] ?? 0, name).toBeGreaterThan(0);
    }
    // Organisations with a key, registrations by officers and a removed organisation account were compared.
    for (const kind of ["key set", "registered by an officer", "organisation's own account removed"]) {
      expect.soft(seen.organisations[kind] ?? 0, kind).toBeGreaterThan(0);
    }
  }, 1_800_000);
});

describe("regressions: histories that once stopped or misled the indexer", () => {
  // Choices of 0 pick the most fitting candidate: the latest confirmed dataset (the prelude's D5), its
  // holder, and the last holder of another organisation; 1 picks the one before.
  it("keeps indexing when a holder replaces a transfer request and then cancels it (requestTransfer twice, cancelTransfer)", async () => {
    const outcomes = await runSequence(
      [
        { op: "requestTransfer", who: 0, dataset: 0, to: 0 },
        { op: "requestTransfer", who: 0, dataset: 0, to: 1 },
        { op: "cancelTransfer", who: 0, dataset: 0 },
      ],
      null,
      [0, 1, 2],
    );
    expect(outcomes).toEqual(["ok", "ok", "ok"]);
  }, 120_000);

  it("keeps a dataset marked for revoked ancestry until the re-confirmation quorum (two organisations for personal data)", async () => {
    // D6 (personal, derived from D1) is marked once D1 is revoked; one registrar's re-confirmation is not the quorum.
    const outcomes = await runSequence(
      [
        { op: "correct", who: 0, dataset: 0, decision: "revoke", follow: false, quorum: "two", newHolder: 0, decisionHash: "hash" },
        { op: "markRevokedAncestry", who: 80, dataset: 0, list: "reordered", index: 0 },
        { op: "reconfirm", who: 0, dataset: 0 },
        { op: "resolve", who: 0, dataset: 0, decision: "dismiss", follow: false, inReview: true, newHolder: 0, decisionHash: "hash" },
      ],
      null,
      [0, 1, 2],
    );
    expect(outcomes).toEqual(["ok", "ok", "ok", "ok"]);
  }, 120_000);

  it("follows a loosening of border conditions from the holder's proposal to the registrar's confirmation", async () => {
    const before = seen.lifecycle.BorderConditionsConfirmed ?? 0;
    const outcomes = await runSequence(
      [
        // The latest dataset with declared conditions (the prelude's D9, in notice), loosened by its holder…
        {
          op: "setConditions",
          who: 0,
          dataset: 0,
          change: "loosen",
          conditions: { openness: 1, rights: 0b111, regions: 2, purposeClasses: 0b11111, maxTerm: 0 },
        },
        // …and confirmed by a registrar of another organisation: the conditions take effect.
        { op: "confirmConditions", who: 0, dataset: 0, stale: false, own: false, two: false },
      ],
      null,
      [0, 1],
    );
    expect(outcomes).toEqual(["ok", "ok"]);
    expect(seen.lifecycle.BorderConditionsConfirmed ?? 0).toBeGreaterThan(before);
  }, 120_000);

  it("follows an organisation through its key: key set, an officer added by it, the founding account removed by it, key cleared", async () => {
    const before = { ...seen.organisations };
    const outcomes = await runSequence(
      [
        { op: "setOrganisationKey", who: 0, organisation: 0, key: "holderKey", officer: false },
        { op: "addOfficer", who: 0, organisation: 0, account: 0, roles: "all" },
        { op: "removeParticipant", who: 0, target: 0, founder: true, byKey: true },
        { op: "setOrganisationKey", who: 0, organisation: 0, key: "zero", officer: false },
      ],
      null,
      [0, 1, 2],
    );
    expect(outcomes).toEqual(["ok", "ok", "ok", "ok"]);
    // The removed organisation account and the cleared key were compared at the head (and the past blocks).
    expect(seen.organisations["organisation's own account removed"] ?? 0).toBeGreaterThan(before["organisation's own account removed"] ?? 0);
    expect(seen.organisations["key cleared"] ?? 0).toBeGreaterThan(before["key cleared"] ?? 0);
  }, 120_000);

  it("drops a pending transfer request when the holder retires the dataset", async () => {
    const outcomes = await runSequence(
      [
        { op: "requestTransfer", who: 0, dataset: 0, to: 0 },
        // Retiring may pick any dataset: 4 is the fifth from the latest of the ten, D5.
        { op: "retire", who: 0, dataset: 4 },
      ],
      null,
      [0, 1],
    );
    expect(outcomes).toEqual(["ok", "ok"]);
  }, 120_000);
});
