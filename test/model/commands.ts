/**
 * Random operations on DPR, and how each becomes a concrete command.
 *
 * An operation is generated without knowing the state (so that fast-check can shrink a sequence by
 * dropping and simplifying operations); its choices are numbers that are resolved against the
 * model's state when the operation runs. A choice below {@link FIT} picks among the candidates that
 * make sense for the operation (a registrar to confirm a pending dataset, the holder to grant on a
 * confirmed one); a choice from {@link FIT} up picks among everyone and everything, so that the
 * refusals are exercised too. Choices shrink towards 0, i.e. towards the most sensible, most recent
 * candidate.
 */
import fc from "fast-check";
import { type Address, type Hex, zeroAddress, zeroHash } from "viem";
import { Category, DatasetStatus, Derivation, Grade, GrantStatus, Jurisdiction, Right, Role, TransferMechanism } from "@dpr/sdk";
import { h } from "../helpers/dpr.js";
import { NAMES, type Name, initialRoles } from "./cast.js";
import {
  type DatasetState,
  DprModel,
  type GrantRequestInput,
  MAX_PAUSE,
  type GrantState,
  type ConditionsInput,
  type Outcome,
  type RegistrationInput,
  UNDECLARED,
  datasetIdOf,
  inGbaMainland,
  isFreed,
  regionOf,
} from "./rules.js";

export const FIT = 80;
/** An id nobody registered (for datasets and grants). */
const UNKNOWN = 99;
/** A choice: fitting four times in five (fast-check's integers favour the bounds, hence two ranges). */
const choice = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: FIT - 1 }), weight: 4 },
  { arbitrary: fc.integer({ min: FIT, max: UNKNOWN - 1 }), weight: 1 },
);
/** A choice of dataset or grant, which is now and then one that does not exist. */
const target = fc.oneof({ arbitrary: choice, weight: 40 }, { arbitrary: fc.constant(UNKNOWN), weight: 1 });

const DAY = 86_400n;
const HOUR = 3_600n;

function weighted<T>(...options: [T, number][]): fc.Arbitrary<T> {
  return fc.oneof(...options.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));
}

const hashOrZero = weighted<"hash" | "zero">(["hash", 30], ["zero", 1]);

/**
 * Border conditions: undeclared now and then, mostly valid ones of every openness, rights, regions, purpose
 * classes (bit 0 for the model's purpose code 1, bits 1-4 the zone's classes) and terms; now and then invalid.
 */
const conditionsArb: fc.Arbitrary<ConditionsInput> = fc.oneof(
  { arbitrary: fc.constant(UNDECLARED), weight: 3 },
  {
    arbitrary: fc.record({
      openness: weighted<number>([1, 4], [2, 4], [3, 2]),
      rights: weighted<number>([0b111, 3], [0b010, 3], [0b110, 2], [0b001, 1], [0b100, 1]),
      regions: weighted<number>([0, 2], [1, 2], [2, 2]),
      purposeClasses: weighted<number>([0b11111, 4], [0b00011, 2], [0b00110, 2], [0b00100, 1]),
      maxTerm: weighted<number>([0, 3], [2 * 86_400, 2], [30 * 86_400, 2]),
    }),
    weight: 8,
  },
  {
    arbitrary: fc.record({
      openness: fc.constantFrom(0, 1, 2),
      rights: fc.constantFrom(0, 0b1000),
      regions: fc.constant(2),
      purposeClasses: fc.constantFrom(0, 0b1),
      maxTerm: fc.constant(0),
    }),
    weight: 1,
  },
);

const datasetOp = <K extends string>(op: K) => fc.record({ op: fc.constant(op), who: choice, dataset: target });
const grantOp = <K extends string>(op: K) => fc.record({ op: fc.constant(op), who: choice, grant: target });

const registerOp = fc.record({
  op: fc.constant("register" as const),
  who: choice,
  /** freed: the content of a refused, withdrawn or rejected claim (a new claim under the same id), when there is one. */
  content: weighted<"fresh" | "freed" | "copy" | "zero">(["fresh", 30], ["freed", 5], ["copy", 1], ["zero", 1]),
  copyOf: choice,
  /** The deployment's (SHA256) mostly; SM3 or KECCAK256 now and then, refused (one algorithm per deployment). */
  algorithm: weighted<number>([0, 14], [1, 1], [2, 1]),
  personal: fc.boolean(),
  /** With personal data: 0-6 PUBLIC, 7-13 ENTERPRISE, 14-19 PERSONAL; without: 0-9 PUBLIC, 10-18 ENTERPRISE, 19 PERSONAL (refused). */
  category: fc.integer({ min: 0, max: 19 }),
  grade: weighted<Grade>([Grade.GENERAL, 10], [Grade.IMPORTANT, 5], [Grade.CORE, 1]),
  jurisdiction: fc.oneof(
    { arbitrary: fc.constant("own" as const), weight: 3 },
    { arbitrary: fc.constantFrom(...Object.values(Jurisdiction)), weight: 2 },
  ),
  sector: fc.integer({ min: 0, max: 6 }),
  conditions: conditionsArb,
  versionOf: fc.option(target, { freq: 4 }),
  /** By the holder of a dataset marked as derived from revoked data, building on it (refused), when there is one. */
  onMarked: weighted<boolean>([true, 1], [false, 9]),
  parents: fc.oneof(
    { arbitrary: fc.constant([] as { of: number; derivation: Derivation }[]), weight: 2 },
    {
      arbitrary: fc.array(
        fc.record({
          of: target,
          derivation: weighted<Derivation>(
            [Derivation.DE_IDENTIFICATION, 4],
            [Derivation.REVISION, 1],
            [Derivation.TRANSFORMATION, 1],
            [Derivation.AGGREGATION, 1],
            [Derivation.MODEL_TRAINING, 1],
          ),
        }),
        { minLength: 1, maxLength: 2 },
      ),
      weight: 1,
    },
  ),
});

const grantIssueOp = fc.record({
  op: fc.constant("grant" as const),
  who: choice,
  dataset: target,
  grantee: choice,
  right: fc.constantFrom<Right>(Right.PROCESSING_USE, Right.HOLDING, Right.PRODUCT_OPERATION),
  /** Mostly a dataset with declared border conditions (when there is a confirmed one). */
  declared: weighted<boolean>([true, 2], [false, 1]),
  /** Now and then one marked as derived from revoked data (refused), when there is one. */
  onMarked: weighted<boolean>([true, 1], [false, 9]),
  /** Now and then the dataset, grantee and right of an earlier grant (the most recent for 0), to meet the one-live-grant rule. */
  again: fc.oneof({ arbitrary: fc.constant(null), weight: 4 }, { arbitrary: choice, weight: 1 }),
  /** Below FIT: a mechanism that fits the route (picked by the value among those that do); else any. */
  mechanism: choice,
  evidence: fc.record({
    contractHash: hashOrZero,
    impactAssessmentHash: hashOrZero,
    consentRecordsRoot: hashOrZero,
    filingRef: hashOrZero,
  }),
  purpose: hashOrZero,
  /** 1 (class 0), one of the zone's classes, or a class beyond the sixteen the conditions can name. */
  purposeCode: weighted<number>([1, 3], [110, 2], [201, 2], [310, 1], [401, 1], [1_700, 1]),
  startsAt: weighted<"zero" | "now" | "hour" | "day" | "week" | "past">(
    ["zero", 6],
    ["now", 1],
    ["hour", 1],
    ["day", 1],
    ["week", 1],
    ["past", 1],
  ),
  expiresAt: weighted<"day" | "hour" | "tenDays" | "twoMonths" | "never" | "atStart" | "beforeStart">(
    ["day", 3],
    ["hour", 2],
    ["tenDays", 3],
    ["twoMonths", 2],
    ["never", 2],
    ["atStart", 1],
    ["beforeStart", 1],
  ),
});

const advanceOp = fc.record({
  op: fc.constant("advance" as const),
  by: fc.oneof(
    {
      arbitrary: fc.record({ unit: fc.constant("boundary" as const), target: choice, offset: fc.integer({ min: -2, max: 0 }) }),
      weight: 4,
    },
    { arbitrary: fc.record({ unit: fc.constant("seconds" as const), n: fc.integer({ min: 1, max: 120 }) }), weight: 1 },
    { arbitrary: fc.record({ unit: fc.constant("hours" as const), n: fc.integer({ min: 1, max: 48 }) }), weight: 2 },
    { arbitrary: fc.record({ unit: fc.constant("days" as const), n: fc.integer({ min: 1, max: 6 }) }), weight: 2 },
    { arbitrary: fc.record({ unit: fc.constant("notice" as const) }), weight: 3 },
    { arbitrary: fc.record({ unit: fc.constant("month" as const) }), weight: 1 },
  ),
});

const resolveOp = fc.record({
  op: fc.constant("resolve" as const),
  who: choice,
  dataset: target,
  decision: weighted<"dismiss" | "reject" | "newHolder">(["dismiss", 2], ["reject", 2], ["newHolder", 3]),
  /** Vote for the outcome pending on a dataset, so that a quorum of two is reached (true, or false for an outcome of its own). */
  follow: weighted<boolean>([true, 3], [false, 2]),
  /** Without follow: a dispute over a registration still in review (when there is one), not one in notice. */
  inReview: weighted<boolean>([true, 1], [false, 1]),
  newHolder: choice,
  decisionHash: hashOrZero,
});

const correctOp = fc.record({
  op: fc.constant("correct" as const),
  who: choice,
  dataset: target,
  decision: weighted<"revoke" | "correctHolder">(["revoke", 1], ["correctHolder", 1]),
  follow: weighted<boolean>([true, 3], [false, 2]),
  /** Without follow: a dataset whose quorum is two organisations (when there is one), or any. */
  quorum: weighted<"two" | "any">(["two", 1], ["any", 1]),
  newHolder: choice,
  decisionHash: hashOrZero,
});

const markOp = fc.record({
  op: fc.constant("markRevokedAncestry" as const),
  who: choice,
  dataset: target,
  /** The parent list shown: as registered, or one that is not (reordered, another derivation, empty). */
  list: weighted<"exact" | "reordered" | "otherDerivation" | "empty">(
    ["exact", 12],
    ["reordered", 1],
    ["otherDerivation", 1],
    ["empty", 1],
  ),
  /** Below FIT: a parent that can mark (revoked or marked, not shown before); else any index, past the end too. */
  index: choice,
});

const setConditionsOp = fc.record({
  op: fc.constant("setConditions" as const),
  who: choice,
  dataset: target,
  /** Tighter than now (at once), looser (a proposal), the same, or any conditions. */
  change: weighted<"tighten" | "loosen" | "same" | "any">(["tighten", 2], ["loosen", 5], ["same", 1], ["any", 1]),
  conditions: conditionsArb,
});

const confirmConditionsOp = fc.record({
  op: fc.constant("confirmConditions" as const),
  who: choice,
  dataset: target,
  /** Confirm other conditions than the ones proposed (the holder changed them since the review). */
  stale: weighted<boolean>([false, 9], [true, 1]),
  /** A registrar of the holder's own organisation (its chief data officer), when there is one. */
  own: weighted<boolean>([false, 3], [true, 1]),
  /**
   * Otherwise, a loosening that needs two organisations (when there is one), so that one confirmation is short of it
   * (optional, so that the replayed operations of test/e2e/index-equals-chain.test.ts still type-check without it).
   */
  two: weighted<boolean>([true, 1], [false, 1]),
}, { requiredKeys: ["op", "who", "dataset", "stale", "own"] });

/** One random operation on DPR. */
export const opArb = fc.oneof(
  { arbitrary: registerOp, weight: 14 },
  { arbitrary: datasetOp("confirm"), weight: 14 },
  { arbitrary: fc.record({ op: fc.constant("refuse" as const), who: choice, dataset: target, reason: hashOrZero }), weight: 3 },
  { arbitrary: datasetOp("withdraw"), weight: 3 },
  {
    arbitrary: fc.record({
      op: fc.constant("object" as const),
      who: choice,
      dataset: target,
      evidence: hashOrZero,
      /** Object to a registration still in review (when there is one), not one in notice or disputed. */
      inReview: weighted<boolean>([true, 1], [false, 2]),
    }),
    weight: 9,
  },
  { arbitrary: resolveOp, weight: 10 },
  { arbitrary: correctOp, weight: 8 },
  { arbitrary: markOp, weight: 6 },
  { arbitrary: datasetOp("reconfirm"), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant("requestTransfer" as const), who: choice, dataset: target, to: choice }), weight: 4 },
  { arbitrary: datasetOp("cancelTransfer"), weight: 2 },
  { arbitrary: datasetOp("confirmTransfer"), weight: 4 },
  { arbitrary: datasetOp("freeze"), weight: 3 },
  { arbitrary: datasetOp("unfreeze"), weight: 3 },
  { arbitrary: datasetOp("retire"), weight: 2 },
  { arbitrary: grantIssueOp, weight: 14 },
  { arbitrary: setConditionsOp, weight: 5 },
  { arbitrary: confirmConditionsOp, weight: 5 },
  { arbitrary: grantOp("acknowledge"), weight: 6 },
  { arbitrary: grantOp("deny"), weight: 2 },
  { arbitrary: grantOp("suspendGrant"), weight: 3 },
  { arbitrary: grantOp("reinstateGrant"), weight: 3 },
  { arbitrary: grantOp("revoke"), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant("suspendParticipant" as const), who: choice, target: choice }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("reinstateParticipant" as const), who: choice, target: choice }), weight: 3 },
  // Rare: each removal leaves the rest of the sequence one participant short (an officer may be added again).
  {
    arbitrary: fc.record({
      op: fc.constant("removeParticipant" as const),
      who: choice,
      target: choice,
      /** An organisation's founding account (its record stays, marked removed), or another account. */
      founder: weighted<boolean>([true, 1], [false, 2]),
      /** By the organisation's designated key (when it has one), or by the onboarding office. */
      byKey: weighted<boolean>([true, 1], [false, 1]),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant("setOrganisationKey" as const),
      who: choice,
      organisation: choice,
      key: weighted<"holderKey" | "otherKey" | "zero">(["holderKey", 2], ["otherKey", 2], ["zero", 1]),
      /** Now and then an officer's address rather than an organisation's (refused). */
      officer: weighted<boolean>([false, 3], [true, 1]),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      op: fc.constant("addOfficer" as const),
      who: choice,
      organisation: choice,
      account: choice,
      /** The organisation's roles, one of them, one beyond them (refused), or none (refused). */
      roles: weighted<"all" | "one" | "beyond" | "zero">(["all", 4], ["one", 2], ["beyond", 1], ["zero", 1]),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant("pauseZone" as const),
      who: choice,
      // Mostly short pauses, so that the sequence goes on; now and then the longest, and the refused lengths.
      duration: weighted<bigint>([60n, 6], [MAX_PAUSE, 1], [0n, 1], [MAX_PAUSE + 1n, 1]),
    }),
    weight: 1,
  },
  // Above a pause's weight: an unpause meets a pause on only before the clock moves past its (mostly short) end.
  { arbitrary: fc.record({ op: fc.constant("unpauseZone" as const), who: choice }), weight: 4 },
  {
    arbitrary: fc.record({
      op: fc.constant("anchor" as const),
      who: choice,
      root: weighted<"fresh" | "again" | "zero">(["fresh", 12], ["again", 1], ["zero", 1]),
      leafCount: weighted<number>([1, 2], [288, 4], [0, 1]),
      algorithm: weighted<number>([0, 8], [1, 1], [2, 1]),
    }),
    weight: 2,
  },
  { arbitrary: advanceOp, weight: 14 },
);
export const OP_KINDS = [
  "register",
  "confirm",
  "refuse",
  "withdraw",
  "object",
  "resolve",
  "correct",
  "markRevokedAncestry",
  "reconfirm",
  "requestTransfer",
  "cancelTransfer",
  "confirmTransfer",
  "freeze",
  "unfreeze",
  "retire",
  "grant",
  "acknowledge",
  "deny",
  "suspendGrant",
  "reinstateGrant",
  "revoke",
  "setConditions",
  "confirmConditions",
  "suspendParticipant",
  "reinstateParticipant",
  "removeParticipant",
  "setOrganisationKey",
  "addOfficer",
  "pauseZone",
  "unpauseZone",
  "anchor",
] as const satisfies readonly Exclude<OpKind, "advance">[];
export type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;
export type OpKind = Op["op"];

/** A transaction to send, from `sender`, through the contracts seen by that account. */
export type Send =
  | { contract: "datasets"; fn: "register"; args: [RegistrationInput] }
  | { contract: "datasets"; fn: "confirm" | "cancelTransfer" | "retire" | "withdraw" | "reconfirm"; args: [Hex] }
  | { contract: "datasets"; fn: "object" | "freeze" | "unfreeze" | "refuse"; args: [Hex, Hex] }
  | { contract: "datasets"; fn: "resolve"; args: [Hex, boolean, Address, Hex] }
  | { contract: "datasets"; fn: "correct"; args: [Hex, Address, Hex] }
  | { contract: "datasets"; fn: "markRevokedAncestry"; args: [Hex, { datasetId: Hex; derivation: Derivation }[], bigint] }
  | { contract: "datasets"; fn: "requestTransfer"; args: [Hex, Address] }
  | { contract: "datasets"; fn: "confirmTransfer"; args: [Hex] }
  | { contract: "grants"; fn: "grant"; args: [GrantRequestInput] }
  | { contract: "grants"; fn: "setBorderConditions" | "confirmBorderConditions"; args: [Hex, ConditionsInput] }
  | { contract: "grants"; fn: "acknowledge" | "deny" | "suspend" | "reinstate" | "revoke"; args: [bigint, Hex] }
  | { contract: "directory"; fn: "suspend" | "reinstate" | "removeParticipant"; args: [Address, Hex] }
  | { contract: "directory"; fn: "setOrganisationKey"; args: [Address, Address] }
  | { contract: "directory"; fn: "addOfficer"; args: [Address, Address, number, string] }
  | { contract: "directory"; fn: "pause"; args: [number, Hex] }
  | { contract: "directory"; fn: "unpause"; args: [Hex] }
  | { contract: "anchors"; fn: "anchor"; args: [Hex, number, number, bigint, Hex, string] };

/** A transaction resolved against the current state. */
export interface TxCommand {
  kind: Exclude<OpKind, "advance">;
  text: string;
  sender: Address;
  send: Send;
  /** Applies the operation to the model at block time `t` and says what the chain must do. */
  predict: (t: bigint) => Outcome;
  /** Datasets, grants, participants and anchors whose full records to compare afterwards. */
  datasets: Hex[];
  grants: bigint[];
  participants: Address[];
  anchors: Hex[];
}
/** An operation resolved against the current state: a transaction, or a move of the clock. */
export type Command = TxCommand | { kind: "advance"; text: string; to: bigint };

/** The state an operation is resolved against. */
export class Context {
  /** Next fresh content label. */
  private fresh = 0;
  /** Next fresh batch root label. */
  private freshRoot = 0;
  private readonly names = new Map<Address, Name>();
  readonly labels = new Map<Hex, string>();

  constructor(
    readonly model: DprModel,
    readonly accounts: Record<Name, Address>,
    public now: bigint,
  ) {
    for (const n of NAMES) this.names.set(accounts[n], n);
  }

  nameOf(address: Address): string {
    return this.names.get(address.toLowerCase() as Address) ?? (address === zeroAddress ? "0x0" : address);
  }
  labelOf(id: Hex): string {
    return this.labels.get(id) ?? `unregistered(${id.slice(0, 10)})`;
  }
  grantLabel(id: bigint): string {
    return `G${id}`;
  }

  /** A fitting candidate for a low choice, anyone for a high one; most recent first for state objects. */
  private pick<T>(value: number, fit: readonly T[], all: readonly T[]): T | undefined {
    const list = value < FIT && fit.length > 0 ? fit : all;
    return list.length === 0 ? undefined : list[list.length - 1 - (value % list.length)];
  }
  who(value: number, fit: readonly Name[]): Address {
    return this.accounts[this.pick(value, fit, NAMES)!];
  }
  /**
   * A decider: for the lowest choices one of `independent` (when there is one), then any registrar or regulator
   * (independent or not), and from {@link FIT} up anyone (holders, the auditor, the admin, a stranger).
   */
  decider(value: number, independent: readonly Name[]): Address {
    if (value < (FIT * 3) / 4 && independent.length > 0) return this.accounts[this.pick(value, independent, NAMES)!];
    return this.accounts[this.pick(value, this.deciders(), NAMES)!];
  }
  /** Names with `role` in their record (or, without one, at onboarding): active or not, so that refusals come too. */
  withRole(role: Role): Name[] {
    return NAMES.filter((n) => ((this.model.participant(this.accounts[n])?.roles ?? initialRoles(n)) & (1 << role)) !== 0);
  }
  /** Who may decide disputes and corrections, independence aside: registrars and regulators. */
  deciders(): Name[] {
    return NAMES.filter((n) => this.withRole(Role.REGISTRAR).includes(n) || this.withRole(Role.REGULATOR).includes(n));
  }
  /** Names with a record in the directory, or onboarded at the start. */
  participants(): Name[] {
    return NAMES.filter((n) => this.model.participant(this.accounts[n]) !== undefined || initialRoles(n) !== 0);
  }
  /** Organisations' own addresses, by name (a removed founding account's included: the organisation stays). */
  organisations(): Name[] {
    return NAMES.filter((n) => this.model.isOrganisation(this.accounts[n]));
  }
  /** The accounts with a record in `organisation`, by name (its removed founding account included). */
  officersOf(organisation: Address): Name[] {
    return NAMES.filter((n) => this.model.participant(this.accounts[n])?.organisation === organisation);
  }
  datasetFor(value: number, fit: (d: DatasetState) => boolean): Hex {
    const all = [...this.model.datasets.values()];
    if (value === UNKNOWN) return h("model:never-registered");
    return this.pick(value, all.filter(fit), all)?.id ?? h("model:never-registered");
  }
  /** Like {@link datasetFor}, but nothing (rather than an unfitting dataset) when a low choice finds no fitting one. */
  optionalDatasetFor(value: number, fit: (d: DatasetState) => boolean): Hex | undefined {
    const all = [...this.model.datasets.values()];
    if (value < FIT && !all.some(fit)) return undefined;
    return this.datasetFor(value, fit);
  }
  grantFor(value: number, fit: (g: GrantState) => boolean): bigint {
    const all = this.model.grants;
    if (value === UNKNOWN) return BigInt(all.length + 1);
    return this.pick(value, all.filter(fit), all)?.id ?? BigInt(all.length + 1);
  }
  nextContent(): Hex {
    return h(`model:content:${this.fresh++}`);
  }
  nextRoot(): Hex {
    return h(`model:batch-root:${this.freshRoot++}`);
  }
  /** A deep copy (the model's too), to go back to when the chain reverts to a snapshot taken with it. */
  clone(): Context {
    const copy = Object.assign(Object.create(Context.prototype) as Context, structuredClone({ ...this, model: null }));
    return Object.assign(copy, { model: this.model.clone() });
  }
  status(d: DatasetState): DatasetStatus {
    return this.model.status(d, this.now + 1n);
  }
  grantStatus(g: GrantState): GrantStatus {
    return this.model.grantStatus(g, this.now + 1n);
  }
}

/** Conditions, short: openness/rights mask/regions/classes mask/max term. */
export function showConditions(c: ConditionsInput): string {
  return `${["undeclared", "open", "conditional", "not-open"][c.openness] ?? c.openness} r${c.rights.toString(2)} g${c.regions} p${c.purposeClasses.toString(2)} t${c.maxTerm}`;
}

const hash = (choice: "hash" | "zero", label: string): Hex => (choice === "zero" ? zeroHash : h(label));
const statusIn = (status: DatasetStatus, ...among: DatasetStatus[]): boolean => among.includes(status);

/** Resolves `op` against the current state into the command to run. */
export function resolve(op: Op, ctx: Context): Command {
  const m = ctx.model;
  const t = ctx.now + 1n; // the block time of the next transaction
  const holders = ctx.withRole(Role.HOLDER);
  const registrars = ctx.withRole(Role.REGISTRAR);
  const participants = ctx.participants();
  // The accounts of the holding organisation, any of which may act for it (the last, most often an officer
  // other than the organisation's own account, for the lowest choices); removed or suspended ones are refused.
  const holderOf = (id: Hex): Name[] => {
    const d = m.dataset(id);
    return d ? ctx.officersOf(d.holder) : [];
  };
  const base = (kind: Exclude<OpKind, "advance">, sender: Address, text: string, send: Send, predict: (t: bigint) => Outcome) =>
    command(ctx, kind, sender, text, send, predict);
  const withDataset = (c: TxCommand, ...ids: Hex[]): TxCommand => ({ ...c, datasets: ids });
  // HOLDER organisations that may take `id` over: of its jurisdiction and not holding it (high choices still pick
  // anyone, officers' addresses included).
  const takersOf = (id: Hex): Name[] => {
    const d = m.dataset(id);
    return ctx
      .organisations()
      .filter(
        (n) =>
          holders.includes(n) &&
          ctx.accounts[n] !== d?.holder &&
          (!d || m.participant(ctx.accounts[n])?.jurisdiction === d.jurisdiction),
      );
  };
  // Deciders of a decision on `id` naming `newHolder` (zero for none) whose organisation is independent.
  const independentOf = (id: Hex, newHolder: Address): Name[] => {
    const d = m.dataset(id);
    return d ? ctx.deciders().filter((n) => m.independent(d, m.organisationOf(ctx.accounts[n]), newHolder)) : [...ctx.deciders()];
  };
  // `id` and its predecessor, whose superseded mark a freed claim gives back.
  const related = (id: Hex): Hex[] => {
    const previous = m.dataset(id)?.versionOf;
    return previous && m.dataset(previous) ? [id, previous] : [id];
  };
  const withGrant = (c: TxCommand, id: bigint): TxCommand => {
    const g = m.grant(id);
    return { ...c, grants: [id], datasets: g ? [g.datasetId] : [] };
  };

  switch (op.op) {
    case "advance": {
      const by = op.by;
      let to: bigint;
      let text: string;
      if (by.unit === "boundary") {
        // An instant where a rule flips: a notice period ends, a grant starts or expires.
        const instants: { at: bigint; what: string }[] = [];
        for (const d of m.datasets.values()) {
          const end = m.noticeEndsAtOf(d);
          if (end !== 0n) instants.push({ at: end, what: `end of notice of ${ctx.labelOf(d.id)}` });
        }
        for (const g of m.grants) {
          instants.push({ at: g.startsAt, what: `start of ${ctx.grantLabel(g.id)}` });
          if (g.expiresAt !== 0n) instants.push({ at: g.expiresAt, what: `expiry of ${ctx.grantLabel(g.id)}` });
        }
        const future = instants.filter((i) => i.at + BigInt(by.offset) > ctx.now);
        const target =
          by.target < FIT ? future[by.target % Math.max(future.length, 1)] : instants[by.target % Math.max(instants.length, 1)];
        if (target) {
          to = target.at + BigInt(by.offset);
          text = `advance to ${target.what}${by.offset === 0 ? "" : ` ${by.offset}s`}`;
        } else {
          to = ctx.now + 1n;
          text = "advance 1s (no boundary ahead)";
        }
      } else {
        const seconds = {
          seconds: BigInt(by.unit === "seconds" ? by.n : 0),
          hours: BigInt(by.unit === "hours" ? by.n : 0) * HOUR,
          days: BigInt(by.unit === "days" ? by.n : 0) * DAY,
          notice: m.noticePeriod,
          month: 30n * DAY,
        }[by.unit];
        to = ctx.now + seconds;
        text = `advance ${seconds}s (${by.unit})`;
      }
      if (to <= ctx.now) to = ctx.now + 1n;
      return { kind: "advance", text, to };
    }

    case "register": {
      const all = [...m.datasets.values()];
      // Now and then a version or child of a dataset marked as derived from revoked data, by its holder.
      const actingFor = (d: DatasetState) => holderOf(d.id).filter((n) => m.hasRole(ctx.accounts[n], Role.HOLDER));
      const marked = op.onMarked
        ? all.find((d) => d.ancestryRevoked && ctx.status(d) === DatasetStatus.CONFIRMED && actingFor(d).length > 0)
        : undefined;
      const sender = marked ? ctx.accounts[actingFor(marked).at(-1)!] : ctx.who(op.who, holders);
      const preferMarked = (fit: (d: DatasetState) => boolean) =>
        marked && all.some((d) => fit(d) && d.ancestryRevoked) ? (d: DatasetState) => fit(d) && d.ancestryRevoked : fit;
      let contentHash: Hex;
      if (op.content === "zero") contentHash = zeroHash;
      else if (op.content === "copy" && all.length > 0) contentHash = all[op.copyOf % all.length]!.contentHash;
      else if (op.content === "freed" && all.some((d) => isFreed(d.stage))) {
        const freed = all.filter((d) => isFreed(d.stage));
        contentHash = freed[freed.length - 1 - (op.copyOf % freed.length)]!.contentHash;
      }
      else contentHash = ctx.nextContent();
      const category = op.personal
        ? op.category < 7
          ? Category.PUBLIC
          : op.category < 14
            ? Category.ENTERPRISE
            : Category.PERSONAL
        : op.category < 10
          ? Category.PUBLIC
          : op.category < 19
            ? Category.ENTERPRISE
            : Category.PERSONAL;
      const own = m.participant(sender)?.jurisdiction ?? Jurisdiction.GZ;
      const organisation = m.organisationOf(sender);
      const mine = (d: DatasetState) => d.holder === organisation;
      const confirmed = (d: DatasetState) => ctx.status(d) === DatasetStatus.CONFIRMED;
      const usableByMe = (d: DatasetState) =>
        confirmed(d) && (mine(d) || m.grants.some((g) => g.datasetId === d.id && g.grantee === organisation));
      const versionOf =
        (op.versionOf !== null &&
          ctx.optionalDatasetFor(op.versionOf, preferMarked((d) => mine(d) && !d.superseded && confirmed(d)))) ||
        zeroHash;
      // Mostly a version that keeps its predecessor's classification (else the refusals are all we see).
      const previous = m.dataset(versionOf);
      const lift = previous !== undefined && op.versionOf !== null && op.versionOf < FIT / 2;
      const parents = op.parents.flatMap((p) => {
        const datasetId = ctx.optionalDatasetFor(p.of, preferMarked(usableByMe));
        return datasetId ? [{ datasetId, derivation: p.derivation }] : [];
      });
      const registration: RegistrationInput = {
        algorithm: op.algorithm,
        contentHash,
        metadataHash: h(`model:metadata:${contentHash}`),
        metadataURI: "",
        category: lift ? (Math.max(category, previous.category) as Category) : category,
        grade: lift && op.grade !== Grade.CORE ? (Math.max(op.grade, previous.grade) as Grade) : op.grade,
        containsPersonalData: lift ? op.personal || previous.personal : op.personal,
        sector: op.sector,
        jurisdiction: op.jurisdiction === "own" ? own : op.jurisdiction,
        versionOf,
        parents,
        borderConditions: op.conditions,
      };
      const notes = [
        op.algorithm === 0 ? "" : `algorithm ${op.algorithm}`,
        op.conditions.openness === 0 ? "" : `conditions ${showConditions(op.conditions)}`,
        op.content === "fresh" ? "" : `content ${op.content}`,
      ];
      return registerCommand(ctx, sender, registration, notes);
    }

    case "confirm": {
      const id = ctx.datasetFor(op.dataset, (d) => ctx.status(d) === DatasetStatus.PENDING);
      return confirmCommand(ctx, ctx.who(op.who, registrars), id);
    }

    case "refuse": {
      const id = ctx.datasetFor(op.dataset, (d) => ctx.status(d) === DatasetStatus.PENDING);
      const sender = ctx.who(op.who, registrars);
      const reason = hash(op.reason, "model:reason:refuse");
      return withDataset(
        base(
          "refuse",
          sender,
          `${ctx.labelOf(id)}${op.reason === "zero" ? ", no reason" : ""}`,
          { contract: "datasets", fn: "refuse", args: [id, reason] },
          (at) => m.refuse(sender, id, reason, at),
        ),
        ...related(id),
      );
    }

    case "withdraw": {
      const id = ctx.datasetFor(op.dataset, (d) => ctx.status(d) === DatasetStatus.PENDING || ctx.status(d) === DatasetStatus.NOTICE);
      const sender = ctx.who(op.who, holderOf(id));
      return withDataset(
        base("withdraw", sender, ctx.labelOf(id), { contract: "datasets", fn: "withdraw", args: [id] }, (at) =>
          m.withdraw(sender, id, at),
        ),
        ...related(id),
      );
    }

    case "object": {
      // In review, mostly one whose dispute could name a new holder (there is a holder of its jurisdiction to name).
      const inReview = (d: DatasetState) => ctx.status(d) === DatasetStatus.PENDING && (op.who % 2 === 1 || takersOf(d.id).length > 0);
      const id = ctx.datasetFor(
        op.dataset,
        op.inReview && [...m.datasets.values()].some(inReview)
          ? inReview
          : (d) => statusIn(ctx.status(d), DatasetStatus.PENDING, DatasetStatus.NOTICE, DatasetStatus.DISPUTED),
      );
      const evidence = hash(op.evidence, `model:evidence:${op.evidence}`);
      const d = m.dataset(id);
      // Mostly an organisation that may still object: outside the holder's, no open or dismissed objection.
      const objectors = participants.filter((n) => {
        const organisation = m.organisationOf(ctx.accounts[n]);
        return !d || (organisation !== d.holder && !d.objectionOf.has(organisation));
      });
      return objectCommand(ctx, ctx.who(op.who, op.who % 4 === 3 ? participants : objectors), id, evidence);
    }

    case "resolve": {
      const disputed = (d: DatasetState) => d.stage === "DISPUTED" && !d.frozen;
      const voted = (d: DatasetState) => disputed(d) && d.vote !== null && !d.vote.correction;
      // A new holder is named for a dataset someone can take over (a holder of its jurisdiction), when there is one.
      const all = [...m.datasets.values()];
      const inReview = (d: DatasetState) => !op.inReview || d.confirmedAt === 0n;
      const takeable = (d: DatasetState) => disputed(d) && takersOf(d.id).length > 0;
      const fits = (fit: (d: DatasetState) => boolean) =>
        all.some((d) => fit(d) && inReview(d)) ? (d: DatasetState) => fit(d) && inReview(d) : fit;
      const id = ctx.datasetFor(
        op.dataset,
        op.follow && all.some(voted) ? voted : op.decision === "newHolder" && all.some(takeable) ? fits(takeable) : fits(disputed),
      );
      const pending = m.dataset(id)?.vote;
      const follow = op.follow && pending != null && !pending.correction;
      const decision = follow ? (pending.newHolder === zeroAddress ? "reject" : "newHolder") : op.decision;
      const newHolder = follow ? pending.newHolder : decision === "newHolder" ? ctx.who(op.newHolder, takersOf(id)) : zeroAddress;
      const sender = ctx.decider(op.who, independentOf(id, newHolder));
      const upheld = decision !== "dismiss";
      const decisionHash = hash(op.decisionHash, `model:decision:${op.decisionHash}`);
      const outcome =
        decision === "newHolder" ? `upheld, new holder ${ctx.nameOf(newHolder)}` : decision === "reject" ? "upheld, rejected" : "dismissed";
      const text = `${ctx.labelOf(id)}, ${outcome}${follow ? " (seconding)" : ""}${op.decisionHash === "zero" ? ", no decision hash" : ""}`;
      return withDataset(
        base("resolve", sender, text, { contract: "datasets", fn: "resolve", args: [id, upheld, newHolder, decisionHash] }, (at) =>
          m.resolve(sender, id, upheld, newHolder, decisionHash, at),
        ),
        ...related(id),
      );
    }

    case "correct": {
      const correctable = (d: DatasetState) => statusIn(ctx.status(d), DatasetStatus.CONFIRMED, DatasetStatus.RETIRED);
      const voted = (d: DatasetState) => correctable(d) && d.vote !== null && d.vote.correction;
      // A revocation mostly of a parent, so that its children's ancestry can be shown revoked.
      const all = [...m.datasets.values()];
      const parent = (d: DatasetState) => correctable(d) && all.some((c) => c.parents.some((p) => p.datasetId === d.id));
      const two = (d: DatasetState) => correctable(d) && m.requiredConfirmations(d) === 2;
      const fit =
        op.follow && all.some(voted)
          ? voted
          : op.decision === "revoke" && all.some(parent)
            ? parent
            : op.quorum === "two" && all.some(two)
              ? two
              : correctable;
      const id = ctx.datasetFor(op.dataset, fit);
      const pending = m.dataset(id)?.vote;
      const follow = op.follow && pending != null && pending.correction;
      const newHolder = follow
        ? pending.newHolder
        : op.decision === "correctHolder"
          ? ctx.who(op.newHolder, takersOf(id))
          : zeroAddress;
      const sender = ctx.decider(op.who, independentOf(id, newHolder));
      const decisionHash = hash(op.decisionHash, `model:correction:${op.decisionHash}`);
      const outcome = newHolder === zeroAddress ? "revoke" : `holder ${ctx.nameOf(newHolder)}`;
      const text = `${ctx.labelOf(id)}, ${outcome}${follow ? " (seconding)" : ""}${op.decisionHash === "zero" ? ", no decision hash" : ""}`;
      return withDataset(
        base("correct", sender, text, { contract: "datasets", fn: "correct", args: [id, newHolder, decisionHash] }, (at) =>
          m.correct(sender, id, newHolder, decisionHash, at),
        ),
        id,
      );
    }

    case "markRevokedAncestry": {
      const markable = (d: DatasetState) =>
        d.parents.map((_, i) => i).filter((i) => {
          const parent = m.dataset(d.parents[i]!.datasetId);
          const shown = ((d.markedParents | d.clearedParents) & (1 << i)) !== 0;
          return (parent?.stage === "REVOKED" || parent?.ancestryRevoked === true) && !shown;
        });
      // A dataset with a parent to show; when there is none, a derived one (so that the refusal is about its parents).
      const all = [...m.datasets.values()];
      const withMark = (d: DatasetState) => !isFreed(d.stage) && markable(d).length > 0;
      const id = ctx.datasetFor(op.dataset, all.some(withMark) ? withMark : (d) => d.parents.length > 0);
      const d = m.dataset(id);
      const registered = d ? d.parents.map((p) => ({ ...p })) : [];
      const candidates = d ? markable(d) : [];
      // Below FIT a parent that can mark (or, when none can, any parent in range); else any index, past the end too.
      const index =
        op.index < FIT && candidates.length > 0
          ? candidates[op.index % candidates.length]!
          : op.index < FIT && registered.length > 0
            ? op.index % registered.length
            : op.index % (registered.length + 2);
      const parents =
        op.list === "empty"
          ? []
          : op.list === "reordered" && registered.length > 1
            ? [...registered].reverse()
            : op.list === "otherDerivation" && registered.length > 0
              ? registered.map((p, i) => (i === 0 ? { ...p, derivation: ((p.derivation + 1) % 5) as Derivation } : p))
              : registered;
      const sender = ctx.who(op.who, NAMES);
      const text = `${ctx.labelOf(id)}, parent ${index}${op.list === "exact" ? "" : `, ${op.list} list`}`;
      return withDataset(
        base(
          "markRevokedAncestry",
          sender,
          text,
          { contract: "datasets", fn: "markRevokedAncestry", args: [id, parents, BigInt(index)] },
          (at) => m.markRevokedAncestry(sender, id, parents, index, at),
        ),
        id,
      );
    }

    case "reconfirm": {
      // Mostly the second re-confirmation of one under way, by another organisation outside the holder's.
      const underWay = (d: DatasetState) => d.ancestryRevoked && d.reconfirmedBy !== null;
      const id = ctx.datasetFor(op.dataset, [...m.datasets.values()].some(underWay) ? underWay : (d) => d.ancestryRevoked);
      const d = m.dataset(id);
      const sender = ctx.who(
        op.who,
        registrars.filter((n) => {
          const organisation = m.organisationOf(ctx.accounts[n]);
          return !d || (organisation !== d.holder && organisation !== d.reconfirmedBy);
        }),
      );
      return withDataset(
        base("reconfirm", sender, ctx.labelOf(id), { contract: "datasets", fn: "reconfirm", args: [id] }, () =>
          m.reconfirm(sender, id),
        ),
        id,
      );
    }

    case "requestTransfer": {
      const id = ctx.datasetFor(op.dataset, (d) => ctx.status(d) === DatasetStatus.CONFIRMED);
      const sender = ctx.who(op.who, holderOf(id));
      const to = ctx.who(op.to, takersOf(id));
      return withDataset(
        base(
          "requestTransfer",
          sender,
          `${ctx.labelOf(id)} to ${ctx.nameOf(to)}`,
          { contract: "datasets", fn: "requestTransfer", args: [id, to] },
          (at) => m.requestTransfer(sender, id, to, at),
        ),
        id,
      );
    }

    case "cancelTransfer":
    case "confirmTransfer": {
      const id = ctx.datasetFor(op.dataset, (d) => d.pendingTransferTo !== null);
      const sender = ctx.who(op.who, op.op === "cancelTransfer" ? [...holderOf(id), "regulator"] : registrars);
      const c =
        op.op === "cancelTransfer"
          ? base("cancelTransfer", sender, ctx.labelOf(id), { contract: "datasets", fn: "cancelTransfer", args: [id] }, () =>
              m.cancelTransfer(sender, id),
            )
          : base("confirmTransfer", sender, ctx.labelOf(id), { contract: "datasets", fn: "confirmTransfer", args: [id] }, (at) =>
              m.confirmTransfer(sender, id, at),
            );
      return withDataset(c, id);
    }

    case "freeze":
    case "unfreeze": {
      const freeze = op.op === "freeze";
      const id = ctx.datasetFor(op.dataset, (d) =>
        freeze
          ? statusIn(ctx.status(d), DatasetStatus.PENDING, DatasetStatus.NOTICE, DatasetStatus.DISPUTED, DatasetStatus.CONFIRMED)
          : d.frozen,
      );
      const sender = ctx.who(op.who, ["regulator"]);
      const reason = h(`model:reason:${op.op}`);
      const c = freeze
        ? base("freeze", sender, ctx.labelOf(id), { contract: "datasets", fn: "freeze", args: [id, reason] }, (at) =>
            m.freeze(sender, id, at, reason),
          )
        : base("unfreeze", sender, ctx.labelOf(id), { contract: "datasets", fn: "unfreeze", args: [id, reason] }, (at) =>
            m.unfreeze(sender, id, at, reason),
          );
      return withDataset(c, id);
    }

    case "retire": {
      const id = ctx.datasetFor(op.dataset, () => true);
      const sender = ctx.who(op.who, holderOf(id));
      return withDataset(
        base("retire", sender, ctx.labelOf(id), { contract: "datasets", fn: "retire", args: [id] }, (at) =>
          m.retire(sender, id, at),
        ),
        id,
      );
    }

    case "grant": {
      const earlier =
        op.again === null || m.grants.length === 0 ? undefined : m.grants[m.grants.length - 1 - (op.again % m.grants.length)];
      const grantable = (d: DatasetState) => ctx.status(d) === DatasetStatus.CONFIRMED;
      const declared = (d: DatasetState) => grantable(d) && d.conditions.openness !== 0;
      const marked = (d: DatasetState) => grantable(d) && d.ancestryRevoked;
      const all = [...m.datasets.values()];
      const id =
        earlier?.datasetId ??
        ctx.datasetFor(op.dataset, op.onMarked && all.some(marked) ? marked : op.declared && all.some(declared) ? declared : grantable);
      const d = m.dataset(id);
      const sender = ctx.who(op.who, holderOf(id));
      const grantee =
        earlier?.grantee ??
        ctx.who(
          op.grantee,
          ctx.organisations().filter((n) => ctx.accounts[n] !== d?.holder),
        );
      const right = earlier?.right ?? op.right;
      const mechanism = fittingMechanism(op.mechanism, d, m, grantee);
      const startsAt = { zero: 0n, now: t, hour: t + HOUR, day: t + DAY, week: t + 7n * DAY, past: t - 1n }[op.startsAt];
      const effectiveStart = startsAt === 0n ? t : startsAt;
      const expiresAt = {
        day: effectiveStart + DAY,
        hour: effectiveStart + HOUR,
        tenDays: effectiveStart + 10n * DAY,
        twoMonths: effectiveStart + 60n * DAY,
        never: 0n,
        atStart: effectiveStart,
        beforeStart: effectiveStart - 1n,
      }[op.expiresAt];
      const e = op.evidence;
      const request: GrantRequestInput = {
        datasetId: id,
        grantee,
        terms: {
          right,
          purposeCode: op.purposeCode,
          purposeHash: hash(op.purpose, "model:purpose"),
          scopeHash: h("model:scope"),
          startsAt: Number(startsAt),
          expiresAt: Number(expiresAt),
          termsHash: h("model:terms"),
          mechanism,
          evidence: {
            contractHash: hash(e.contractHash, "model:evidence:contract"),
            impactAssessmentHash: hash(e.impactAssessmentHash, "model:evidence:impact-assessment"),
            consentRecordsRoot: hash(e.consentRecordsRoot, "model:evidence:consent"),
            filingRef: hash(e.filingRef, "model:evidence:filing"),
          },
        },
      };
      const missing = Object.entries(e)
        .filter(([, v]) => v === "zero")
        .map(([k]) => k);
      const notes = [
        `starts ${op.startsAt}`,
        `expires ${op.expiresAt}`,
        missing.length ? `without ${missing.join("+")}` : "",
        op.purpose === "zero" ? "no purpose" : "",
        `purpose ${op.purposeCode}`,
      ];
      return grantCommand(ctx, sender, request, notes);
    }

    case "setConditions": {
      const open = (d: DatasetState) =>
        !statusIn(ctx.status(d), DatasetStatus.REFUSED, DatasetStatus.WITHDRAWN, DatasetStatus.REJECTED, DatasetStatus.REVOKED, DatasetStatus.RETIRED);
      const id = ctx.datasetFor(op.dataset, (d) => open(d) && (op.change === "any" || d.conditions.openness !== 0));
      const current = m.dataset(id)?.conditions ?? UNDECLARED;
      const c = op.conditions.openness === 0 ? { ...op.conditions, openness: 1, rights: 0b010, purposeClasses: 0b11 } : op.conditions;
      const conditions: ConditionsInput =
        op.change === "any"
          ? op.conditions
          : current.openness === 0
            ? c
          : op.change === "same"
            ? { ...current }
            : op.change === "tighten"
              ? {
                  openness: Math.max(current.openness, c.openness),
                  rights: current.rights & c.rights || current.rights,
                  regions: Math.min(current.regions, c.regions),
                  purposeClasses: current.purposeClasses & c.purposeClasses || current.purposeClasses,
                  maxTerm: current.maxTerm === 0 ? c.maxTerm : Math.min(current.maxTerm, c.maxTerm || current.maxTerm),
                }
              : {
                  // Looser in at least one part: a purpose class nobody had (class 5), or a longer term.
                  openness: Math.min(current.openness, c.openness),
                  rights: current.rights | c.rights,
                  regions: Math.max(current.regions, c.regions),
                  purposeClasses: current.purposeClasses | c.purposeClasses | (1 << 5),
                  maxTerm: current.maxTerm === 0 || c.maxTerm === 0 ? 0 : Math.max(current.maxTerm, c.maxTerm) + 86_400,
                };
      const sender = ctx.who(op.who, holderOf(id));
      const c2 = base(
        "setConditions",
        sender,
        `${ctx.labelOf(id)}, ${op.change} to ${showConditions(conditions)}`,
        { contract: "grants", fn: "setBorderConditions", args: [id, conditions] },
        (at) => m.setConditions(sender, id, conditions, at),
      );
      return withDataset(c2, id);
    }

    case "confirmConditions": {
      // A registrar still in the directory of the holder's organisation (removed accounts have none).
      const ofHolder = (n: Name, d: DatasetState) =>
        m.isActive(ctx.accounts[n]) && m.organisationOf(ctx.accounts[n]) === d.holder;
      const ownRegistrar = (d: DatasetState) => registrars.some((n) => ofHolder(n, d));
      const proposed = (d: DatasetState) => m.proposalOf(d) !== null;
      const all = [...m.datasets.values()];
      const two = (d: DatasetState) => proposed(d) && m.requiredConfirmations(d) === 2;
      const id = ctx.datasetFor(
        op.dataset,
        op.own && all.some((d) => proposed(d) && ownRegistrar(d))
          ? (d) => proposed(d) && ownRegistrar(d)
          : op.two && all.some(two)
            ? two
            : proposed,
      );
      const d = m.dataset(id);
      const reviewed = (d && m.proposalOf(d)?.conditions) || UNDECLARED;
      const expected = op.stale ? { ...reviewed, maxTerm: reviewed.maxTerm + 1 } : { ...reviewed };
      const fitting = d
        ? registrars.filter(
            (n) =>
              m.organisationOf(ctx.accounts[n]) !== d.holder &&
              m.organisationOf(ctx.accounts[n]) !== m.proposalOf(d)?.firstOrganisation,
          )
        : [...registrars];
      const own = d ? registrars.filter((n) => ofHolder(n, d)) : [];
      const sender = ctx.who(op.who, op.own && own.length > 0 ? own : fitting);
      const c2 = base(
        "confirmConditions",
        sender,
        `${ctx.labelOf(id)}${op.stale ? ", not the conditions proposed" : ""}`,
        { contract: "grants", fn: "confirmBorderConditions", args: [id, expected] },
        (at) => m.confirmConditions(sender, id, expected, at),
      );
      return withDataset(c2, id);
    }

    case "acknowledge":
    case "deny":
    case "suspendGrant":
    case "reinstateGrant": {
      const wanted: Record<typeof op.op, GrantStatus[]> = {
        acknowledge: [GrantStatus.AWAITING_ACKNOWLEDGEMENT],
        deny: [GrantStatus.AWAITING_ACKNOWLEDGEMENT],
        suspendGrant: [GrantStatus.ACTIVE, GrantStatus.SCHEDULED],
        reinstateGrant: [GrantStatus.SUSPENDED],
      };
      const id = ctx.grantFor(op.grant, (g) => wanted[op.op].includes(ctx.grantStatus(g)));
      const sender = ctx.who(op.who, ["regulator"]);
      const fn = ({ acknowledge: "acknowledge", deny: "deny", suspendGrant: "suspend", reinstateGrant: "reinstate" } as const)[
        op.op
      ];
      const predict = {
        acknowledge: (at: bigint) => m.acknowledge(sender, id, at),
        deny: (at: bigint) => m.deny(sender, id, at),
        suspendGrant: (at: bigint) => m.suspendGrant(sender, id, at),
        reinstateGrant: (at: bigint) => m.reinstateGrant(sender, id, at),
      }[op.op];
      return withGrant(
        base(op.op, sender, ctx.grantLabel(id), { contract: "grants", fn, args: [id, h(`model:note:${fn}`)] }, predict),
        id,
      );
    }

    case "revoke": {
      const id = ctx.grantFor(op.grant, (g) => DprModel.isLive(ctx.grantStatus(g)));
      const g = m.grant(id);
      const sender = ctx.who(op.who, g ? [...holderOf(g.datasetId), "regulator"] : ["regulator"]);
      return withGrant(
        base(
          "revoke",
          sender,
          ctx.grantLabel(id),
          { contract: "grants", fn: "revoke", args: [id, h("model:reason:revoke")] },
          (at) => m.revoke(sender, id, at),
        ),
        id,
      );
    }

    case "suspendParticipant":
    case "reinstateParticipant": {
      const suspend = op.op === "suspendParticipant";
      const targets = participants.filter((n) => {
        const p = m.participant(ctx.accounts[n]);
        return p !== undefined && p.suspended !== suspend;
      });
      const target = ctx.who(op.target, targets);
      // Only the discipline office (the admin) disciplines; an unfitting choice (a registrar, say) is refused.
      const sender = ctx.who(op.who, ["admin"]);
      const fn = suspend ? "suspend" : "reinstate";
      const c = base(
        op.op,
        sender,
        ctx.nameOf(target),
        { contract: "directory", fn, args: [target, h(`model:reason:${fn}`)] },
        () => m.setSuspended(sender, target, suspend),
      );
      // An organisation's suspension is its officers' too.
      const officers = m.isOrganisation(target) ? ctx.officersOf(target).map((n) => ctx.accounts[n]) : [];
      return { ...c, participants: [target, ...officers] };
    }

    case "removeParticipant": {
      // Mostly an account still in the directory (a founding one, or another; by its organisation's key, preferring
      // an organisation that has one, or by the onboarding office); an unfitting choice is refused.
      const present = participants.filter((n) => m.participant(ctx.accounts[n])?.removed === false);
      const founders = present.filter((n) => m.isOrganisation(ctx.accounts[n]));
      const others = present.filter((n) => !founders.includes(n));
      const keyed = (n: Name) => m.keyOf(m.organisationOf(ctx.accounts[n])) !== zeroAddress;
      const among = op.founder ? founders : others;
      const target = ctx.who(op.target, op.byKey && among.some(keyed) ? among.filter(keyed) : among);
      const key = m.keyOf(m.organisationOf(target));
      const sender = op.byKey && key !== zeroAddress && op.who < FIT ? key : ctx.who(op.who, ["admin"]);
      const c = base(
        "removeParticipant",
        sender,
        ctx.nameOf(target),
        { contract: "directory", fn: "removeParticipant", args: [target, h("model:reason:remove")] },
        () => m.remove(sender, target),
      );
      return { ...c, participants: [target] };
    }

    case "setOrganisationKey": {
      // Mostly an organisation's own address (an officer's is refused), by the onboarding office.
      const organisations = ctx.organisations();
      const officers = ctx.participants().filter((n) => !organisations.includes(n));
      const organisation = ctx.who(op.organisation, op.officer ? officers : organisations);
      const key = op.key === "zero" ? zeroAddress : ctx.accounts[op.key];
      const sender = ctx.who(op.who, ["admin"]);
      const c = base(
        "setOrganisationKey",
        sender,
        `${ctx.nameOf(organisation)} to ${ctx.nameOf(key)}`,
        { contract: "directory", fn: "setOrganisationKey", args: [organisation, key] },
        () => m.setOrganisationKey(sender, organisation, key),
      );
      return { ...c, participants: [organisation] };
    }

    case "addOfficer": {
      // Mostly an organisation with a key, by that key, adding an account without a record (or its own removed
      // founding account); an unfitting choice (another key, an account already in the directory) is refused.
      const keyed = ctx.organisations().filter((n) => m.keyOf(ctx.accounts[n]) !== zeroAddress);
      const organisation = ctx.who(op.organisation, keyed);
      const key = m.keyOf(organisation);
      const sender = key !== zeroAddress && op.who < FIT ? key : ctx.who(op.who, ["holderKey", "otherKey"]);
      const keys: readonly Name[] = ["admin", "holderKey", "otherKey"];
      const newcomers = NAMES.filter((n) => {
        const p = m.participant(ctx.accounts[n]);
        return keys.includes(n) ? false : p === undefined || (p.removed && p.account === organisation);
      });
      const account = ctx.who(op.account, newcomers);
      const own = m.participant(organisation)?.roles ?? 0;
      const beyond = own | (1 << [Role.HOLDER, Role.REGISTRAR, Role.REGULATOR, Role.AUDITOR].find((r) => (own & (1 << r)) === 0)!);
      const roles = { all: own, one: own & -own, beyond, zero: 0 }[op.roles];
      const c = base(
        "addOfficer",
        sender,
        `${ctx.nameOf(account)} to ${ctx.nameOf(organisation)}, roles ${roles.toString(2)}`,
        { contract: "directory", fn: "addOfficer", args: [organisation, account, roles, ""] },
        () => m.addOfficer(sender, organisation, account, roles),
      );
      return { ...c, participants: [account, organisation] };
    }

    case "pauseZone": {
      const sender = ctx.who(op.who, ["admin"]);
      return base(
        "pauseZone",
        sender,
        `${op.duration}s`,
        { contract: "directory", fn: "pause", args: [Number(op.duration), h("model:reason:pause")] },
        (at) => m.pause(sender, op.duration, at),
      );
    }

    case "unpauseZone": {
      const sender = ctx.who(op.who, ["admin"]);
      return base("unpauseZone", sender, "", { contract: "directory", fn: "unpause", args: [h("model:reason:unpause")] }, (at) =>
        m.unpause(sender, at),
      );
    }

    case "anchor": {
      const sender = ctx.who(op.who, holders);
      const known = [...m.anchors.keys()];
      const root = op.root === "zero" ? zeroHash : op.root === "again" && known.length > 0 ? known[known.length - 1]! : ctx.nextRoot();
      const manifestHash = h(`model:manifest:${root}`);
      const manifestURI = `https://data.example/batches/${root.slice(2, 10)}.json`;
      const totalBytes = BigInt(op.leafCount) * 4096n;
      const c = base(
        "anchor",
        sender,
        `${root === zeroHash ? "zero root" : root.slice(0, 10)}, ${op.leafCount} files${op.algorithm === 0 ? "" : `, algorithm ${op.algorithm}`}`,
        { contract: "anchors", fn: "anchor", args: [root, op.algorithm, op.leafCount, totalBytes, manifestHash, manifestURI] },
        (at) => m.anchor(sender, { root, algorithm: op.algorithm, leafCount: op.leafCount, totalBytes, manifestHash, manifestURI }, at),
      );
      return { ...c, anchors: [root] };
    }
  }
}

function command(
  ctx: Context,
  kind: TxCommand["kind"],
  sender: Address,
  text: string,
  send: Send,
  predict: (t: bigint) => Outcome,
): TxCommand {
  return {
    kind,
    text: `${kind}(${[ctx.nameOf(sender), text].filter(Boolean).join(", ")})`,
    sender,
    send,
    predict,
    datasets: [],
    grants: [],
    participants: [],
    anchors: [],
  };
}

/** `sender` registers; the new dataset is labelled D1, D2, ... in the order of registration. */
export function registerCommand(ctx: Context, sender: Address, registration: RegistrationInput, notes: string[] = []): TxCommand {
  const m = ctx.model;
  const { versionOf, parents } = registration;
  const text = [
    `${Object.keys(Grade)[registration.grade]}`,
    `${Object.keys(Category)[registration.category]}`,
    registration.containsPersonalData ? "personal" : "non-personal",
    `held in ${Object.keys(Jurisdiction)[registration.jurisdiction]}`,
    ...notes,
    versionOf === zeroHash ? "" : `versionOf ${ctx.labelOf(versionOf)}`,
    parents.length === 0
      ? ""
      : `parents [${parents.map((p) => `${ctx.labelOf(p.datasetId)} ${Object.keys(Derivation)[p.derivation]}`).join(", ")}]`,
  ].filter(Boolean);
  const c = command(
    ctx,
    "register",
    sender,
    text.join(", "),
    { contract: "datasets", fn: "register", args: [registration] },
    (at) => {
      const before = m.datasets.size;
      const outcome = m.register(sender, registration, at);
      if (m.datasets.size > before) ctx.labels.set([...m.datasets.keys()].at(-1)!, `D${m.datasets.size}`);
      return outcome;
    },
  );
  const newId = datasetIdOf(registration.algorithm, registration.contentHash);
  return { ...c, datasets: [newId, ...[versionOf, ...parents.map((p) => p.datasetId)].filter((id) => m.dataset(id))] };
}

export function confirmCommand(ctx: Context, sender: Address, id: Hex): TxCommand {
  const c = command(ctx, "confirm", sender, ctx.labelOf(id), { contract: "datasets", fn: "confirm", args: [id] }, (at) =>
    ctx.model.confirm(sender, id, at),
  );
  return { ...c, datasets: [id] };
}

export function objectCommand(ctx: Context, sender: Address, id: Hex, evidence: Hex): TxCommand {
  const text = `${ctx.labelOf(id)}${evidence === zeroHash ? ", no evidence" : ""}`;
  const c = command(ctx, "object", sender, text, { contract: "datasets", fn: "object", args: [id, evidence] }, (at) =>
    ctx.model.object(sender, id, evidence, at),
  );
  return { ...c, datasets: [id] };
}

export function grantCommand(ctx: Context, sender: Address, request: GrantRequestInput, notes: string[] = []): TxCommand {
  const { terms } = request;
  const text = [
    ctx.labelOf(request.datasetId),
    `to ${ctx.nameOf(request.grantee)}`,
    Object.keys(Right)[terms.right],
    Object.keys(TransferMechanism)[terms.mechanism],
    ...notes,
  ].filter(Boolean);
  const c = command(ctx, "grant", sender, text.join(", "), { contract: "grants", fn: "grant", args: [request] }, (at) =>
    ctx.model.issue(sender, request, at),
  );
  return { ...c, datasets: [request.datasetId], grants: [BigInt(ctx.model.grants.length + 1)], participants: [request.grantee] };
}

/**
 * A mechanism for a grant of dataset `d` to `grantee`: below FIT one that fits the route (NONE at home;
 * SECURITY_ASSESSMENT for important data; otherwise one of those allowed, picked by `value`); else any.
 */
function fittingMechanism(value: number, d: DatasetState | undefined, m: DprModel, grantee: Address): TransferMechanism {
  const all = Object.values(TransferMechanism);
  const p = m.participant(grantee);
  if (value >= FIT || !d || !p) return all[value % all.length]!;
  const from = regionOf(d.jurisdiction);
  const to = regionOf(p.jurisdiction);
  if (from === to) return TransferMechanism.NONE;
  if (d.grade !== Grade.GENERAL) return TransferMechanism.SECURITY_ASSESSMENT;
  const options: TransferMechanism[] = [
    TransferMechanism.STANDARD_CONTRACT,
    TransferMechanism.CERTIFICATION,
    TransferMechanism.SECURITY_ASSESSMENT,
    TransferMechanism.EXEMPT,
  ];
  // The GBA standard contract: only when the mainland side is one of the GBA's cities, not MAINLAND_OTHER.
  const pair = [from, to].sort().join("-");
  const gbaCity = inGbaMainland(d.jurisdiction) || inGbaMainland(p.jurisdiction);
  if (gbaCity && pair === "HONG_KONG-MAINLAND") options.unshift(TransferMechanism.GBA_SC_HK);
  if (gbaCity && pair === "MACAO-MAINLAND") options.unshift(TransferMechanism.GBA_SC_MO);
  return options[value % options.length]!;
}
