/**
 * Model-based property test of DatasetRegistry + GrantRegistry (+ the directory's standing): random
 * sequences of operations run against the contracts and against a TypeScript model of the rules
 * (test/model/rules.ts), and after every step the chain must agree with the model.
 *
 * Every sequence starts from the fixture's snapshot: the cast plus a prelude of datasets and grants
 * (test/model/prelude.ts). For each operation (test/model/commands.ts) the model predicts success, or
 * the exact custom error with its arguments, and the DatasetRegistry events a success emits; the
 * transaction is sent (every transaction, successful or not, is mined at a block time the test sets, so
 * the model's clock is exact); then the status of every dataset and every grant, the full records of
 * what the operation touched (getDataset, decisionOf, openObjectors, objectionOf), and a few hasRight
 * triples are compared with the model. At the end of a sequence every record is compared, with hasRight
 * for each dataset's holder and grantees.
 *
 * The generator also drives the directory's offices as the fixture gives them to the admin: suspension and
 * reinstatement, removal of an account, and pauses of the zone (which stop registrations, anchors and grants);
 * and organisations' designated keys, which add officers and remove accounts. Organisations hold, accounts
 * act: any active officer of the holding organisation takes the holder's actions, and the directory's records
 * (with `removed` and the effective suspension) and the organisations' keys are compared too.
 *
 * Defaults: 80 runs of up to 150 operations with a fixed seed, so that `npm test` is reproducible (the directory's
 * operations thin the life cycle's rarer paths; 60 runs no longer reached all of REQUIRED_ERRORS).
 *   FC_SEED=random npx vitest run test/model.test.ts            a fresh random seed (printed on failure)
 *   FC_RUNS=300 FC_STEPS=150 npx vitest run test/model.test.ts  more and longer sequences
 *   FC_SEED=<seed> FC_PATH=<path> npx vitest run test/model.test.ts
 *                                                               replay a reported failure (seed and path as printed)
 *   FC_STATS=1 / FC_TRACE=1                                     print what the runs exercised / every sequence
 * The default run must reach every operation's success, every status, every DatasetRegistry event and the
 * life cycle's paths listed in REQUIRED_PATHS (claims on freed content, quorums of two, paused notice...).
 * On failure fast-check shrinks the sequence and prints the counterexample; the error it reports carries
 * the shrunk sequence as readable commands (`D1` is the first dataset registered, `G1` the first grant).
 */
import fc from "fast-check";
import { type Address, type Hex, zeroHash } from "viem";
import { describe, expect, it } from "vitest";
import { DatasetStatus, GrantStatus, ObjectionStatus, Right, datasetRegistryAbi } from "@dpr/sdk";
import { loadFixture } from "./helpers/chain.js";
import { type Dpr, NOTICE_PERIOD } from "./helpers/dpr.js";
import { NAMES, initialParticipants } from "./model/cast.js";
import { type Command, type Context, OP_KINDS, type Op, type OpKind, opArb, resolve } from "./model/commands.js";
import { type Trace, execute, failWith, modelFixture as fixtureWith, show, startSequence } from "./model/runner.js";
import { type ModelEvent, grantKey } from "./model/rules.js";

// Fewer runs under `npm run coverage`, whose instrumented contracts are slower (coverage needs breadth, not depth).
const RUNS = Number(process.env.FC_RUNS ?? (process.env.DPR_COVERAGE ? 10 : 80));
const STEPS = Number(process.env.FC_STEPS ?? 150);
const SEED = process.env.FC_SEED === "random" ? undefined : Number(process.env.FC_SEED ?? 20261204);
const PATH = process.env.FC_PATH;

/** A small deterministic generator for the hasRight spot checks (seeded by the step, so replays repeat them). */
function prng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s % n;
  };
}

const statusName = (s: number) => Object.keys(DatasetStatus)[s] ?? String(s);
const grantStatusName = (s: number) => Object.keys(GrantStatus)[s] ?? String(s);
const objectionStatusName = (s: number) => Object.keys(ObjectionStatus)[s] ?? String(s);

/** What the runs exercised, to check that the generator reaches the interesting states. */
const seen = {
  steps: 0,
  ops: new Map<OpKind, { ok: number; failed: number }>(),
  errors: new Map<string, number>(),
  datasetStatuses: new Set<string>(),
  grantStatuses: new Set<string>(),
  objectionStatuses: new Set<string>(),
  /** DatasetRegistry events of the successful transactions, by name. */
  events: new Map<string, number>(),
  /** Paths of the life cycle that took more than one operation to reach. */
  paths: new Set<string>(),
  rightsHeld: 0,
};

/** The paths the default run must reach (each is one of the life cycle's, or the property proves little about it). */
const REQUIRED_PATHS = [
  "new claim on freed content",
  "version registered",
  "derivation registered",
  "quorum of two (dispute)",
  "quorum of two (correction)",
  "vote short of the quorum",
  "dispute dismissed -> PENDING",
  "dispute dismissed -> NOTICE",
  "dispute rejected -> REJECTED",
  "dispute new holder -> PENDING",
  "dispute new holder -> NOTICE",
  "notice paused by a dispute",
  "notice paused by a freeze",
  "ancestry revoked",
  "grants invalidated by a correction",
  "registered by an officer",
  "reconfirmed 1 of 2",
  "reconfirmed 2 of 2",
  "border conditions declared",
  "loosening confirmed 1 of 2",
];

/** Refusals of the life cycle the default run must meet (the rest of the errors come easily). */
const REQUIRED_ERRORS = [
  "register: DatasetRegistryWrongAlgorithm",
  "register: DatasetRegistryAncestryRevoked",
  "grant: GrantRegistryAncestryRevoked",
  "object: DatasetRegistryObjectionOpen",
  "resolve: DatasetRegistryNotIndependent",
  "correct: DatasetRegistryNotIndependent",
  "correct: DatasetRegistryAlreadyVoted",
  "markRevokedAncestry: DatasetRegistryParentsMismatch",
  "markRevokedAncestry: DatasetRegistryNothingToMark",
  "reconfirm: DatasetRegistryAncestryNotRevoked",
  "grant: GrantRegistryDatasetNotOpen",
  "grant: GrantRegistryRightNotAllowed",
  "grant: GrantRegistryRegionNotAllowed",
  "grant: GrantRegistryPurposeNotAllowed",
  "grant: GrantRegistryTermTooLong",
  "register: GrantRegistryInvalidBorderConditions",
  "setConditions: GrantRegistryNotHolder",
  "setConditions: GrantRegistryConditionsClosed",
  "confirmConditions: GrantRegistryProposalChanged",
  "confirmConditions: GrantRegistryConditionsOwnOrganisation",
  "confirmConditions: GrantRegistryNoProposedConditions",
  "register: ParticipantDirectoryPaused",
  "grant: ParticipantDirectoryPaused",
  // Organisations hold, accounts act.
  "grant: GrantRegistryInvalidGrantee",
  "requestTransfer: DatasetRegistryInvalidNewHolder",
  "addOfficer: ParticipantDirectoryNotOrganisationKey",
  "addOfficer: ParticipantDirectoryRolesBeyondOrganisation",
  "addOfficer: ParticipantDirectoryAlreadyRegistered",
  "removeParticipant: ParticipantDirectoryNotOrganisationKey",
  "setOrganisationKey: ParticipantDirectoryUnknownOrganisation",
];

/** Holder-only actions: the path `${kind} by an officer` is noted when an account other than the organisation's own takes one. */
const HOLDER_ACTIONS: readonly OpKind[] = ["withdraw", "retire", "requestTransfer", "cancelTransfer", "grant", "revoke", "setConditions"];

/** Notes the paths that `events` (one transaction's) show. */
function notePaths(events: readonly ModelEvent[]): void {
  for (const e of events) {
    seen.events.set(e.name, (seen.events.get(e.name) ?? 0) + 1);
    const a = e.args;
    if (e.name === "DatasetRegistered" && (a.claim as number) > 1) seen.paths.add("new claim on freed content");
    if (e.name === "DatasetRegistered" && a.versionOf !== zeroHash) seen.paths.add("version registered");
    if (e.name === "DatasetRegistered" && a.registrant !== a.holder) seen.paths.add("registered by an officer");
    if (e.name === "DatasetDerived") seen.paths.add("derivation registered");
    if (e.name === "DatasetDecisionVoted" && (a.votes as number) === 2)
      seen.paths.add(`quorum of two (${a.correction ? "correction" : "dispute"})`);
    if (e.name === "DatasetDecisionVoted" && (a.votes as number) < (a.required as number)) seen.paths.add("vote short of the quorum");
    if (e.name === "DatasetDisputeResolved") {
      const to = Object.keys(DatasetStatus)[a.status as number];
      seen.paths.add(`dispute ${a.upheld ? (a.holder === a.previousHolder ? "rejected" : "new holder") : "dismissed"} -> ${to}`);
    }
    if (e.name === "DatasetWithdrawn") seen.paths.add("withdrawn");
    if (e.name === "DatasetReconfirmed") seen.paths.add(`reconfirmed ${a.confirmations} of ${a.required}`);
  }
}

/** What to compare in full after a step, beyond every status. */
interface Touched {
  datasets: readonly Hex[];
  grants: readonly bigint[];
  participants: readonly Address[];
  anchors: readonly Hex[];
  /** Extra hasRight triples. */
  rights?: readonly [Hex, Address, Right][];
}
const NOTHING: Touched = { datasets: [], grants: [], participants: [], anchors: [] };

/** Compares the chain with the model after a step; returns the differences. */
async function compare(dpr: Dpr, ctx: Context, touched: Touched, step: number): Promise<string[]> {
  const m = ctx.model;
  const now = ctx.now;
  const read = dpr.read;
  const diffs: string[] = [];
  const expectEq = (what: string, actual: unknown, expected: unknown) => {
    if (show(actual) !== show(expected)) diffs.push(`${what}: chain ${show(actual)}, model ${show(expected)}`);
  };
  // Sequential: Hardhat's in-process node answers one call at a time, and queued calls only add overhead.
  const checks: (() => Promise<void>)[] = [];

  // Every dataset's and every grant's status.
  for (const d of m.datasets.values()) {
    checks.push(() =>
      read.datasets.read.status([d.id]).then((s) => {
        seen.datasetStatuses.add(statusName(s));
        expectEq(`status(${ctx.labelOf(d.id)})`, statusName(s), statusName(m.status(d, now)));
      }),
    );
  }
  for (const g of m.grants) {
    checks.push(() =>
      read.grants.read.grantStatus([g.id]).then((s) => {
        seen.grantStatuses.add(grantStatusName(s));
        expectEq(`grantStatus(${ctx.grantLabel(g.id)})`, grantStatusName(s), grantStatusName(m.grantStatus(g, now)));
      }),
    );
  }
  checks.push(() => read.grants.read.grantCount().then((n) => expectEq("grantCount", n, BigInt(m.grants.length))));
  checks.push(() => read.directory.read.pausedUntil().then((until) => expectEq("pausedUntil", BigInt(until), m.pausedUntilAt(now))));

  // Full records of what the operation touched.
  for (const id of new Set(touched.datasets)) {
    const d = m.dataset(id);
    if (!d) {
      checks.push(() =>
        read.datasets.read.status([id]).then((s) => expectEq(`status(${ctx.labelOf(id)})`, statusName(s), "UNREGISTERED")),
      );
      continue;
    }
    checks.push(() =>
      read.datasets.read.getDataset([id]).then((r) => {
        const label = ctx.labelOf(id);
        expectEq(`${label}.holder`, r.holder, d.holder);
        expectEq(`${label}.grade`, r.grade, d.grade);
        expectEq(`${label}.category`, r.category, d.category);
        expectEq(`${label}.containsPersonalData`, r.containsPersonalData, d.personal);
        expectEq(`${label}.jurisdiction`, r.jurisdiction, d.jurisdiction);
        expectEq(`${label}.algorithm`, r.algorithm, d.algorithm);
        expectEq(`${label}.registeredAt`, r.registeredAt, Number(d.registeredAt));
        expectEq(`${label}.confirmations`, r.confirmations, d.confirmingOrganisations.length);
        expectEq(`${label}.requiredConfirmations`, r.requiredConfirmations, m.requiredConfirmations(d));
        expectEq(`${label}.confirmedAt`, r.confirmedAt, Number(d.confirmedAt));
        expectEq(`${label}.noticeEndsAt`, r.noticeEndsAt, Number(m.noticeEndsAtOf(d)));
        expectEq(`${label}.noticeRemaining`, r.noticeRemaining, Number(m.noticeRemainingOf(d)));
        expectEq(`${label}.frozen`, r.frozen, d.frozen);
        expectEq(`${label}.superseded`, r.superseded, d.superseded);
        expectEq(`${label}.declassified`, r.declassified, d.declassified);
        expectEq(`${label}.ancestryRevoked`, r.ancestryRevoked, d.ancestryRevoked);
        expectEq(
          `${label}.pendingTransferTo`,
          r.pendingTransferTo,
          d.pendingTransferTo ?? "0x0000000000000000000000000000000000000000",
        );
        expectEq(`${label}.claim`, r.claim, d.claim);
        expectEq(`${label}.openObjections`, r.openObjections, d.openObjectors.length);
        expectEq(`${label}.grantsValidFrom`, r.grantsValidFrom, d.grantsValidFrom);
        if (r.noticeRemaining !== 0)
          seen.paths.add(d.stage === "DISPUTED" ? "notice paused by a dispute" : "notice paused by a freeze");
        if (r.ancestryRevoked) seen.paths.add("ancestry revoked");
        if (r.grantsValidFrom !== 0n) seen.paths.add("grants invalidated by a correction");
      }),
      () =>
        read.datasets.read.decisionOf([id]).then((r) => {
          if (r.votes !== 0) seen.paths.add(r.correction ? "correction vote pending" : "dispute vote pending");
          expectEq(`decisionOf(${ctx.labelOf(id)})`, r, m.decisionOf(id));
        }),
      () =>
        read.datasets.read
          .openObjectors([id])
          .then((r) => expectEq(`openObjectors(${ctx.labelOf(id)})`, r, d.openObjectors)),
      () =>
        read.grants.read.borderConditionsOf([id]).then((r) => {
          if (r.openness !== 0) seen.paths.add("border conditions declared");
          expectEq(`borderConditionsOf(${ctx.labelOf(id)})`, r, d.conditions);
        }),
      () =>
        read.grants.read.proposedBorderConditionsOf([id]).then((r) => {
          const p = m.proposalOf(d);
          if (r.confirmations !== 0) seen.paths.add("loosening confirmed 1 of 2");
          expectEq(
            `proposedBorderConditionsOf(${ctx.labelOf(id)})`,
            r,
            p === null
              ? { conditions: { openness: 0, rights: 0, regions: 0, purposeClasses: 0, maxTerm: 0 }, confirmations: 0, required: 0, proposedAt: 0 }
              : { conditions: p.conditions, confirmations: p.confirmations, required: m.requiredConfirmations(d), proposedAt: Number(p.proposedAt) },
          );
        }),
    );
    // Where the organisations that objected stand, and one that (most likely) did not.
    const organisations = [...d.objectionOf.keys(), ...d.objections.map((o) => o.organisation), m.organisationOf(ctx.accounts.registrar)];
    for (const organisation of new Set(organisations)) {
      checks.push(() =>
        read.datasets.read.objectionOf([id, organisation]).then((s) => {
          seen.objectionStatuses.add(objectionStatusName(s));
          expectEq(
            `objectionOf(${ctx.labelOf(id)}, ${ctx.nameOf(organisation)})`,
            objectionStatusName(s),
            objectionStatusName(m.objectionStatus(id, organisation)),
          );
        }),
      );
    }
  }
  for (const id of touched.grants) {
    const g = m.grant(id);
    if (!g) {
      checks.push(() =>
        read.grants.read
          .grantStatus([id])
          .then((s) => expectEq(`grantStatus(${ctx.grantLabel(id)})`, grantStatusName(s), "NONE")),
      );
      continue;
    }
    checks.push(
      () =>
        read.grants.read.getGrant([id]).then((r) => {
          const label = ctx.grantLabel(id);
          expectEq(`${label}.datasetId`, r.datasetId, g.datasetId);
          expectEq(`${label}.grantee`, r.grantee, g.grantee);
          expectEq(`${label}.right`, r.right, g.right);
          expectEq(`${label}.startsAt`, r.startsAt, Number(g.startsAt));
          expectEq(`${label}.expiresAt`, r.expiresAt, Number(g.expiresAt));
        }),
      () =>
        read.grants.read
          .latestGrant([g.datasetId, g.grantee, g.right])
          .then((latest) =>
            expectEq(
              `latestGrant(${ctx.labelOf(g.datasetId)}, ${ctx.nameOf(g.grantee)})`,
              latest,
              m.latest.get(grantKey(g.datasetId, g.grantee, g.right)) ?? 0n,
            ),
          ),
    );
  }
  for (const root of touched.anchors) {
    checks.push(() =>
      read.anchors.read.getAnchor([root]).then((r) => {
        const a = m.anchors.get(root);
        expectEq(`anchor(${root.slice(0, 10)}).anchorer`, r.anchorer, a?.anchorer ?? "0x0000000000000000000000000000000000000000");
        expectEq(`anchor(${root.slice(0, 10)}).leafCount`, r.leafCount, a?.leafCount ?? 0);
        expectEq(`anchor(${root.slice(0, 10)}).algorithm`, r.algorithm, a?.algorithm ?? 0);
        expectEq(`anchor(${root.slice(0, 10)}).anchoredAt`, r.anchoredAt, Number(a?.anchoredAt ?? 0n));
      }),
    );
  }
  for (const account of touched.participants) {
    const name = ctx.nameOf(account);
    checks.push(
      () => read.directory.read.isActive([account]).then((a) => expectEq(`isActive(${name})`, a, m.isActive(account))),
      () =>
        read.directory.read.getParticipant([account]).then((p) =>
          expectEq(
            `getParticipant(${name})`,
            { organisation: p.organisation, jurisdiction: p.jurisdiction, roles: p.roles, suspended: p.suspended, removed: p.removed },
            m.record(account),
          ),
        ),
      () => read.directory.read.organisationKeyOf([account]).then((k) => expectEq(`organisationKeyOf(${name})`, k, m.keyOf(account))),
    );
  }

  // hasRight: the touched grants' own triples, the touched datasets' holders, and a few random triples.
  const triples: [Hex, Address, Right][] = [];
  const random = prng(step * 7919 + m.datasets.size);
  const datasets = [...m.datasets.keys()];
  for (const id of touched.grants) {
    const g = m.grant(id);
    if (g) triples.push([g.datasetId, g.grantee, g.right]);
  }
  for (const id of touched.datasets) {
    const d = m.dataset(id);
    if (d) triples.push([id, d.holder, random(3) as Right]);
  }
  triples.push(...(touched.rights ?? []));
  for (const g of m.grants.slice(-2)) triples.push([g.datasetId, g.grantee, g.right]);
  for (let i = 0; i < 3 && datasets.length > 0; i++) {
    triples.push([datasets[random(datasets.length)]!, ctx.accounts[NAMES[random(NAMES.length)]!], random(3) as Right]);
  }
  for (const [id, account, right] of triples) {
    checks.push(() =>
      read.grants.read.hasRight([id, account, right]).then((has) => {
        if (has) seen.rightsHeld++;
        expectEq(
          `hasRight(${ctx.labelOf(id)}, ${ctx.nameOf(account)}, ${Object.keys(Right)[right]})`,
          has,
          m.hasRight(id, account, right, now),
        );
      }),
    );
  }
  for (const check of checks) await check();
  return diffs;
}

/** Runs `command` on the chain and in the model, then compares them; throws with the trace on any disagreement. */
async function step(dpr: Dpr, ctx: Context, command: Command, index: number, trace: Trace): Promise<void> {
  const emitted = ctx.model.events.length;
  const actual = await execute(dpr, ctx, command, index, trace);
  notePaths(ctx.model.events.slice(emitted));
  if (actual !== null && command.kind !== "advance") {
    const counts = seen.ops.get(command.kind) ?? { ok: 0, failed: 0 };
    if (actual.ok) {
      counts.ok++;
      if (HOLDER_ACTIONS.includes(command.kind) && ctx.model.organisationOf(command.sender) !== command.sender.toLowerCase())
        seen.paths.add(`${command.kind} by an officer`);
    } else {
      counts.failed++;
      const key = `${command.kind}: ${actual.error}`;
      seen.errors.set(key, (seen.errors.get(key) ?? 0) + 1);
    }
    seen.ops.set(command.kind, counts);
  }
  const diffs = await compare(dpr, ctx, command.kind === "advance" ? NOTHING : command, index);
  if (diffs.length > 0)
    failWith(`after step ${index + 1}, ${command.text}, the chain and the model disagree:\n  ${diffs.join("\n  ")}`, trace);
}

/** The cast and the prelude, each step checked against the model like any other. */
const modelFixture = fixtureWith(step);

/** Runs one sequence from a fresh fixture; throws with the readable trace at the first disagreement. */
async function runSequence(ops: readonly Op[]): Promise<void> {
  const { dpr, ctx, trace } = await startSequence(modelFixture);

  for (const op of ops) {
    seen.steps++;
    await step(dpr, ctx, resolve(op, ctx), trace.length, trace);
  }

  // At the end, everything in full: every record, and every right of each dataset's holder, its
  // grantees and two other accounts (a different pair for each dataset).
  const m = ctx.model;
  const rights: [Hex, Address, Right][] = [];
  for (const [i, d] of [...m.datasets.values()].entries()) {
    const others = [NAMES[i % NAMES.length]!, NAMES[(i + 5) % NAMES.length]!].map((n) => ctx.accounts[n]);
    const accounts = new Set([d.holder, ...m.grants.filter((g) => g.datasetId === d.id).map((g) => g.grantee), ...others]);
    for (const account of accounts) for (const right of Object.values(Right)) rights.push([d.id, account, right]);
  }
  const everything: Touched = {
    datasets: [...m.datasets.keys()],
    grants: m.grants.map((g) => g.id),
    // Removed accounts too: a suspension outlives a removal.
    participants: [...new Set([...m.participants.keys(), ...m.suspendedAfterRemoval, ...NAMES.map((n) => ctx.accounts[n])])],
    anchors: [...m.anchors.keys()],
    rights,
  };
  const diffs = await compare(dpr, ctx, everything, trace.length);
  if (diffs.length > 0) failWith(`at the end, the chain and the model disagree:\n  ${diffs.join("\n  ")}`, trace);
  if (process.env.FC_TRACE) console.info(trace.map((line, i) => `  ${String(i + 1).padStart(2)}. ${line}`).join("\n"));
}

describe("DPR against a model of its rules", () => {
  it("onboards the cast the model assumes", async () => {
    const { dpr, accounts } = await loadFixture(modelFixture);
    for (const p of initialParticipants(accounts)) {
      const onChain = await dpr.read.directory.read.getParticipant([p.account]);
      expect({ ...onChain, organisation: onChain.organisation.toLowerCase() }).toMatchObject({
        organisation: p.organisation,
        jurisdiction: p.jurisdiction,
        roles: p.roles,
        suspended: false,
      });
    }
    expect(await dpr.read.directory.read.isActive([accounts.stranger])).toBe(false);
    expect(await dpr.read.datasets.read.noticePeriod()).toBe(NOTICE_PERIOD);
  });

  it("agrees with the model after every step of random operation sequences", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: STEPS, size: "max" }), (ops) => runSequence(ops)),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) },
    );

    if (process.env.FC_STATS) {
      console.info({
        steps: seen.steps,
        ops: Object.fromEntries(seen.ops),
        errors: Object.fromEntries([...seen.errors].sort()),
        datasetStatuses: [...seen.datasetStatuses].sort(),
        grantStatuses: [...seen.grantStatuses].sort(),
        objectionStatuses: [...seen.objectionStatuses].sort(),
        events: Object.fromEntries([...seen.events].sort()),
        paths: [...seen.paths].sort(),
        rightsHeld: seen.rightsHeld,
      });
    }

    // The generator must reach the interesting states, or the property above proves little.
    if (RUNS * STEPS >= 2000 && PATH === undefined) {
      for (const kind of OP_KINDS) expect.soft(seen.ops.get(kind)?.ok ?? 0, `successful ${kind}`).toBeGreaterThan(0);
      expect([...seen.datasetStatuses].sort()).toEqual([
        "CONFIRMED",
        "DISPUTED",
        "FROZEN",
        "NOTICE",
        "PENDING",
        "REFUSED",
        "REJECTED",
        "RETIRED",
        "REVOKED",
        "WITHDRAWN",
      ]);
      expect([...seen.objectionStatuses].sort()).toEqual(["DISMISSED", "NONE", "OPEN", "UPHELD"]);
      for (const path of REQUIRED_PATHS) expect.soft(seen.paths.has(path), `reached: ${path}`).toBe(true);
      for (const error of REQUIRED_ERRORS) expect.soft(seen.errors.get(error) ?? 0, `refused: ${error}`).toBeGreaterThan(0);
      for (const event of datasetRegistryAbi.filter((item) => item.type === "event")) {
        expect.soft(seen.events.get(event.name) ?? 0, `emitted ${event.name}`).toBeGreaterThan(0);
      }
      expect([...seen.grantStatuses].sort()).toEqual([
        "ACTIVE",
        "AWAITING_ACKNOWLEDGEMENT",
        "DENIED",
        "EXPIRED",
        "REVOKED",
        "SCHEDULED",
        "SUSPENDED",
      ]);
      expect(seen.rightsHeld).toBeGreaterThan(0);
    }
  }, 600_000);
});
