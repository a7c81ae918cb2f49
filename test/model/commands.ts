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
import { Category, DatasetStatus, Derivation, Grade, GrantStatus, Jurisdiction, Right, TransferMechanism } from "@dpr/sdk";
import { h } from "../helpers/dpr.js";
import { HOLDERS, NAMES, type Name, PARTICIPANTS, REGISTRARS } from "./cast.js";
import {
  type DatasetState,
  DprModel,
  type GrantRequestInput,
  type GrantState,
  type Outcome,
  type RegistrationInput,
  datasetIdOf,
  inGbaMainland,
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

const datasetOp = <K extends string>(op: K) => fc.record({ op: fc.constant(op), who: choice, dataset: target });
const grantOp = <K extends string>(op: K) => fc.record({ op: fc.constant(op), who: choice, grant: target });

const registerOp = fc.record({
  op: fc.constant("register" as const),
  who: choice,
  content: weighted<"fresh" | "copy" | "zero">(["fresh", 30], ["copy", 1], ["zero", 1]),
  copyOf: choice,
  algorithm: weighted<number>([0, 8], [1, 1], [2, 1]),
  personal: fc.boolean(),
  /** With personal data: 0-6 PUBLIC, 7-13 ENTERPRISE, 14-19 PERSONAL; without: 0-9 PUBLIC, 10-18 ENTERPRISE, 19 PERSONAL (refused). */
  category: fc.integer({ min: 0, max: 19 }),
  grade: weighted<Grade>([Grade.GENERAL, 10], [Grade.IMPORTANT, 5], [Grade.CORE, 1]),
  jurisdiction: fc.oneof(
    { arbitrary: fc.constant("own" as const), weight: 3 },
    { arbitrary: fc.constantFrom(...Object.values(Jurisdiction)), weight: 2 },
  ),
  sector: fc.integer({ min: 0, max: 6 }),
  versionOf: fc.option(target, { freq: 4 }),
  parents: fc.oneof(
    { arbitrary: fc.constant([] as { of: number; derivation: Derivation }[]), weight: 3 },
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

/** One random operation on DPR. */
export const opArb = fc.oneof(
  { arbitrary: registerOp, weight: 14 },
  { arbitrary: datasetOp("confirm"), weight: 14 },
  { arbitrary: fc.record({ op: fc.constant("object" as const), who: choice, dataset: target, evidence: hashOrZero }), weight: 7 },
  {
    arbitrary: fc.record({
      op: fc.constant("resolve" as const),
      who: choice,
      dataset: target,
      decision: fc.constantFrom("dismiss" as const, "reject" as const, "newHolder" as const),
      newHolder: choice,
      decisionHash: hashOrZero,
    }),
    weight: 6,
  },
  { arbitrary: fc.record({ op: fc.constant("requestTransfer" as const), who: choice, dataset: target, to: choice }), weight: 4 },
  { arbitrary: datasetOp("cancelTransfer"), weight: 1 },
  { arbitrary: datasetOp("confirmTransfer"), weight: 4 },
  { arbitrary: datasetOp("freeze"), weight: 3 },
  { arbitrary: datasetOp("unfreeze"), weight: 3 },
  { arbitrary: datasetOp("retire"), weight: 2 },
  { arbitrary: grantIssueOp, weight: 16 },
  { arbitrary: grantOp("acknowledge"), weight: 6 },
  { arbitrary: grantOp("deny"), weight: 2 },
  { arbitrary: grantOp("suspendGrant"), weight: 3 },
  { arbitrary: grantOp("reinstateGrant"), weight: 3 },
  { arbitrary: grantOp("revoke"), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant("suspendParticipant" as const), who: choice, target: choice }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant("reinstateParticipant" as const), who: choice, target: choice }), weight: 3 },
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
  "object",
  "resolve",
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
  "suspendParticipant",
  "reinstateParticipant",
  "anchor",
] as const satisfies readonly Exclude<OpKind, "advance">[];
export type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;
export type OpKind = Op["op"];

/** A transaction to send, from `sender`, through the contracts seen by that account. */
export type Send =
  | { contract: "datasets"; fn: "register"; args: [RegistrationInput] }
  | { contract: "datasets"; fn: "confirm" | "cancelTransfer" | "retire"; args: [Hex] }
  | { contract: "datasets"; fn: "object" | "freeze" | "unfreeze"; args: [Hex, Hex] }
  | { contract: "datasets"; fn: "resolve"; args: [Hex, boolean, Address, Hex] }
  | { contract: "datasets"; fn: "requestTransfer"; args: [Hex, Address] }
  | { contract: "datasets"; fn: "confirmTransfer"; args: [Hex] }
  | { contract: "grants"; fn: "grant"; args: [GrantRequestInput] }
  | { contract: "grants"; fn: "acknowledge" | "deny" | "suspend" | "reinstate" | "revoke"; args: [bigint, Hex] }
  | { contract: "directory"; fn: "suspend" | "reinstate"; args: [Address, Hex] }
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

const hash = (choice: "hash" | "zero", label: string): Hex => (choice === "zero" ? zeroHash : h(label));

/** Resolves `op` against the current state into the command to run. */
export function resolve(op: Op, ctx: Context): Command {
  const m = ctx.model;
  const t = ctx.now + 1n; // the block time of the next transaction
  const holderOf = (id: Hex): Name[] => {
    const d = m.dataset(id);
    const name = d ? ctx.nameOf(d.holder) : undefined;
    return name && (NAMES as readonly string[]).includes(name) ? [name as Name] : [];
  };
  const base = (kind: Exclude<OpKind, "advance">, sender: Address, text: string, send: Send, predict: (t: bigint) => Outcome) =>
    command(ctx, kind, sender, text, send, predict);
  const withDataset = (c: TxCommand, ...ids: Hex[]): TxCommand => ({ ...c, datasets: ids });
  // Holders that may take `id` over: of its jurisdiction and not holding it (high choices still pick anyone).
  const takersOf = (id: Hex): Name[] => {
    const d = m.dataset(id);
    return HOLDERS.filter(
      (n) => !holderOf(id).includes(n) && (!d || m.participant(ctx.accounts[n])?.jurisdiction === d.jurisdiction),
    );
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
          if (d.confirmedAt !== 0n)
            instants.push({ at: d.confirmedAt + m.noticePeriod, what: `end of notice of ${ctx.labelOf(d.id)}` });
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
      const sender = ctx.who(op.who, HOLDERS);
      const all = [...m.datasets.values()];
      let contentHash: Hex;
      if (op.content === "zero") contentHash = zeroHash;
      else if (op.content === "copy" && all.length > 0) contentHash = all[op.copyOf % all.length]!.contentHash;
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
      const mine = (d: DatasetState) => d.holder === sender;
      const confirmed = (d: DatasetState) => ctx.status(d) === DatasetStatus.CONFIRMED;
      const usableByMe = (d: DatasetState) =>
        confirmed(d) && (d.holder === sender || m.grants.some((g) => g.datasetId === d.id && g.grantee === sender));
      const versionOf =
        (op.versionOf !== null && ctx.optionalDatasetFor(op.versionOf, (d) => mine(d) && !d.superseded && confirmed(d))) || zeroHash;
      // Mostly a version that keeps its predecessor's classification (else the refusals are all we see).
      const previous = m.dataset(versionOf);
      const lift = previous !== undefined && op.versionOf !== null && op.versionOf < FIT / 2;
      const parents = op.parents.flatMap((p) => {
        const datasetId = ctx.optionalDatasetFor(p.of, usableByMe);
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
      };
      const notes = [
        op.algorithm === 0 ? "" : `algorithm ${op.algorithm}`,
        op.content === "fresh" ? "" : `content ${op.content}`,
      ];
      return registerCommand(ctx, sender, registration, notes);
    }

    case "confirm": {
      const id = ctx.datasetFor(op.dataset, (d) => ctx.status(d) === DatasetStatus.PENDING);
      return confirmCommand(ctx, ctx.who(op.who, REGISTRARS), id);
    }

    case "object": {
      const id = ctx.datasetFor(
        op.dataset,
        (d) => ctx.status(d) === DatasetStatus.NOTICE || ctx.status(d) === DatasetStatus.DISPUTED,
      );
      const evidence = hash(op.evidence, `model:evidence:${op.evidence}`);
      return objectCommand(ctx, ctx.who(op.who, PARTICIPANTS), id, evidence);
    }

    case "resolve": {
      const id = ctx.datasetFor(op.dataset, (d) => d.stage === "DISPUTED");
      const sender = ctx.who(op.who, ["regulator", ...REGISTRARS]);
      const newHolder = op.decision === "newHolder" ? ctx.who(op.newHolder, takersOf(id)) : zeroAddress;
      const upheld = op.decision !== "dismiss";
      const decision = hash(op.decisionHash, "model:decision");
      const text = `${ctx.labelOf(id)}, ${op.decision === "newHolder" ? `upheld, new holder ${ctx.nameOf(newHolder)}` : op.decision === "reject" ? "upheld, rejected" : "dismissed"}${op.decisionHash === "zero" ? ", no decision hash" : ""}`;
      return withDataset(
        base("resolve", sender, text, { contract: "datasets", fn: "resolve", args: [id, upheld, newHolder, decision] }, (at) =>
          m.resolve(sender, id, upheld, newHolder, decision, at),
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
      const sender = ctx.who(op.who, op.op === "cancelTransfer" ? [...holderOf(id), "regulator"] : REGISTRARS);
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
        freeze ? !d.frozen && d.stage !== "REJECTED" && d.stage !== "RETIRED" : d.frozen,
      );
      const sender = ctx.who(op.who, ["regulator"]);
      const reason = h(`model:reason:${op.op}`);
      const c = freeze
        ? base("freeze", sender, ctx.labelOf(id), { contract: "datasets", fn: "freeze", args: [id, reason] }, (at) =>
            m.freeze(sender, id, at),
          )
        : base("unfreeze", sender, ctx.labelOf(id), { contract: "datasets", fn: "unfreeze", args: [id, reason] }, () =>
            m.unfreeze(sender, id),
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
      const id = earlier?.datasetId ?? ctx.datasetFor(op.dataset, (d) => ctx.status(d) === DatasetStatus.CONFIRMED);
      const d = m.dataset(id);
      const sender = ctx.who(op.who, holderOf(id));
      const grantee =
        earlier?.grantee ??
        ctx.who(
          op.grantee,
          PARTICIPANTS.filter((n) => !holderOf(id).includes(n)),
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
          purposeCode: 1,
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
      ];
      return grantCommand(ctx, sender, request, notes);
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
      const targets = PARTICIPANTS.filter((n) => m.participant(ctx.accounts[n])!.suspended !== suspend);
      const target = ctx.who(op.target, targets);
      // Only the zone admin disciplines; an unfitting choice (a registrar, say) is refused.
      const sender = ctx.who(op.who, ["admin"]);
      const fn = suspend ? "suspend" : "reinstate";
      const c = base(
        op.op,
        sender,
        ctx.nameOf(target),
        { contract: "directory", fn, args: [target, h(`model:reason:${fn}`)] },
        () => m.setSuspended(sender, target, suspend),
      );
      return { ...c, participants: [target] };
    }

    case "anchor": {
      const sender = ctx.who(op.who, HOLDERS);
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
