/**
 * Where a registration stands in the life cycle (version 2), beyond its status: which claim on its
 * content it is and how the one before ended, the objections by organisation and where each stands, the
 * decision being voted and how far it is from its quorum, a notice clock paused, a holder corrected after
 * notice, a revoked ancestry and its re-confirmation.
 *
 * Built from the chain alone: the dataset registry's record and views read at one block (`getDataset`,
 * `objectionOf`, `decisionOf`) and its events about the content (every event whose first topic is the
 * dataset id, over every claim). ui/chain.ts reads them; this file only interprets.
 */
import { DatasetStatus, ObjectionStatus } from "@dpr/sdk";
import { type Address, type Hex, zeroAddress } from "viem";

/** A dataset-registry event about the content, decoded, with its block's time. */
export interface ChainEvent {
  eventName: string;
  args: Record<string, unknown>;
  blockNumber: bigint;
  /** The block's time (unix seconds). */
  time: bigint;
}

/** What `objectionOf` answers, by name. */
export type ObjectionState = "open" | "dismissed" | "upheld";

export interface ObjectionFact {
  /** The objecting organisation (objections are counted per organisation). */
  organisation: Address;
  /** The account that objected. */
  objector: Address;
  status: ObjectionState;
  time: bigint;
  block: bigint;
}

/** How a claim ended, when it ended by a transaction. */
export type ClaimOutcome = "refused" | "withdrawn" | "rejected";

export interface DecisionFact {
  /** False for a dispute decision (reject or new holder), true for a correction after notice (revoke or correct). */
  correction: boolean;
  /** The holder the votes name, or null to reject (dispute) or revoke (correction). */
  newHolder: Address | null;
  votes: number;
  required: number;
  /** The organisations that voted for it, in order. */
  voters: Address[];
}

export interface LifeCycle {
  /** 1 for the first registration of the content, one more for each claim that freed it before. */
  claim: number;
  /** How the claim before this one ended (claim > 1), by whom and when. */
  previousClaim: { claim: number; outcome: ClaimOutcome; by: Address | null; time: bigint } | null;
  /** How this claim ended, when it is refused, withdrawn, rejected or revoked. */
  ended: { outcome: ClaimOutcome | "revoked"; by: Address | null; time: bigint } | null;
  /** This claim's objections, one per organisation, in the order they were raised. */
  objections: ObjectionFact[];
  /** Objections still open (the record's count). */
  openObjections: number;
  /** The decision being voted, or null when none. */
  decision: DecisionFact | null;
  /** While the notice clock is paused (disputed or frozen during notice): the seconds left; else null. */
  noticeRemaining: bigint | null;
  /** The last holder correction after notice, in this claim. */
  corrected: { previousHolder: Address; holder: Address; by: Address | null; time: bigint; grantsValidFrom: bigint } | null;
  /** Set while the dataset is marked as derived from revoked data: the parent shown, who marked it and when. */
  ancestryRevoked: { parentId: Hex | null; markedBy: Address | null; time: bigint | null } | null;
  /** The last re-confirmation in this claim, when the mark is cleared. */
  reconfirmed: { registrar: Address; time: bigint } | null;
  /**
   * This claim's registration: the organisation that became its holder and the account that acted for it
   * (`DatasetRegistered.registrant`, an officer of that organisation or its founding account); null when
   * the events were not read or the registry is older than the field.
   */
  registration?: { organisation: Address; officer: Address } | null | undefined;
}

/** The v2 fields of the contracts' `DatasetRecord` the page needs (read from `getDataset`'s raw record). */
export interface LifeCycleRecord {
  claim: number;
  openObjections: number;
  noticeRemaining: number | bigint;
  grantsValidFrom: bigint;
  ancestryRevoked: boolean;
}

/** The registry's views at the block read: `objectionOf` by organisation, and `decisionOf`. */
export interface LifeCycleViews {
  objections: ReadonlyMap<string, number>;
  decision: { correction: boolean; newHolder: Address; votes: number; required: number } | null;
}

const objectionStates: Record<number, ObjectionState> = { [ObjectionStatus.OPEN]: "open", [ObjectionStatus.DISMISSED]: "dismissed", [ObjectionStatus.UPHELD]: "upheld" };

const address = (value: unknown): Address | null => (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value) ? (value as Address) : null);
const num = (value: unknown): number => (typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : 0);

/** How an event ends a claim, or null when it does not. */
function outcomeOf(event: ChainEvent): ClaimOutcome | null {
  if (event.eventName === "DatasetRefused") return "refused";
  if (event.eventName === "DatasetWithdrawn") return "withdrawn";
  if (event.eventName === "DatasetDisputeResolved" && num(event.args.status) === DatasetStatus.REJECTED) return "rejected";
  return null;
}

/** Who ended a claim: the refusing registrar, the withdrawing holder, the vote that completed the rejection. */
function enderOf(event: ChainEvent): Address | null {
  return address(event.args.registrar) ?? address(event.args.holder) ?? address(event.args.resolver) ?? address(event.args.decidedBy);
}

/**
 * The life cycle of the current claim on a content, from its record, the registry's views and its events
 * in chain order (all claims: events before the last `DatasetRegistered` are earlier claims').
 */
export function lifeCycleOf(record: LifeCycleRecord, views: LifeCycleViews, events: readonly ChainEvent[]): LifeCycle {
  let start = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    if (events[i]!.eventName === "DatasetRegistered") {
      start = i;
      break;
    }
  }
  const before = start < 0 ? [] : events.slice(0, start);
  const current = start < 0 ? events : events.slice(start);

  let previousClaim: LifeCycle["previousClaim"] = null;
  if (record.claim > 1) {
    for (let i = before.length - 1; i >= 0; i--) {
      const outcome = outcomeOf(before[i]!);
      if (outcome) {
        previousClaim = { claim: record.claim - 1, outcome, by: enderOf(before[i]!), time: before[i]!.time };
        break;
      }
    }
  }

  let ended: LifeCycle["ended"] = null;
  for (const event of current) {
    const outcome = event.eventName === "DatasetRevoked" ? "revoked" : outcomeOf(event);
    if (outcome) ended = { outcome, by: enderOf(event), time: event.time };
  }

  const objections: ObjectionFact[] = [];
  for (const event of current) {
    if (event.eventName !== "DatasetObjected") continue;
    const organisation = address(event.args.organisation);
    const objector = address(event.args.objector);
    if (!organisation || !objector) continue;
    // One open objection per organisation; an organisation objects again only after its objection was upheld
    // in a decision that kept the claim (a new holder): the latest objection of each organisation is the one that stands.
    const state = objectionStates[views.objections.get(organisation.toLowerCase()) ?? -1] ?? "open";
    const existing = objections.findIndex((o) => o.organisation.toLowerCase() === organisation.toLowerCase());
    const fact = { organisation, objector, status: state, time: event.time, block: event.blockNumber };
    if (existing >= 0) objections.splice(existing, 1);
    objections.push(fact);
  }

  let decision: DecisionFact | null = null;
  if (views.decision && views.decision.votes > 0) {
    // The votes for the pending outcome are the last run of votes, which starts at the vote that counted 1.
    const votes = current.filter((e) => e.eventName === "DatasetDecisionVoted");
    let first = votes.length - 1;
    while (first > 0 && num(votes[first]!.args.votes) !== 1) first--;
    const run = votes.slice(Math.max(first, 0)).slice(-views.decision.votes);
    decision = {
      correction: views.decision.correction,
      newHolder: views.decision.newHolder === zeroAddress ? null : views.decision.newHolder,
      votes: views.decision.votes,
      required: views.decision.required,
      voters: run.map((e) => address(e.args.organisation)).filter((a): a is Address => a !== null),
    };
  }

  let corrected: LifeCycle["corrected"] = null;
  let marked: { parentId: Hex | null; markedBy: Address | null; time: bigint } | null = null;
  let reconfirmed: LifeCycle["reconfirmed"] = null;
  for (const event of current) {
    if (event.eventName === "DatasetHolderCorrected") {
      corrected = {
        previousHolder: address(event.args.previousHolder) ?? zeroAddress,
        holder: address(event.args.holder) ?? zeroAddress,
        by: address(event.args.decidedBy),
        time: event.time,
        grantsValidFrom: BigInt(num(event.args.grantsValidFrom)),
      };
    }
    if (event.eventName === "DatasetAncestryRevoked") {
      marked = { parentId: typeof event.args.parentId === "string" ? (event.args.parentId as Hex) : null, markedBy: address(event.args.markedBy), time: event.time };
    }
    if (event.eventName === "DatasetReconfirmed") {
      const registrar = address(event.args.registrar);
      if (registrar) reconfirmed = { registrar, time: event.time };
    }
  }

  const registered = start < 0 ? null : events[start]!;
  const organisation = registered ? address(registered.args.holder) : null;
  const officer = registered ? address(registered.args.registrant) : null;

  const remaining = BigInt(record.noticeRemaining);
  return {
    registration: organisation && officer ? { organisation, officer } : null,
    claim: record.claim,
    previousClaim,
    ended,
    objections,
    openObjections: record.openObjections,
    decision,
    noticeRemaining: remaining > 0n ? remaining : null,
    corrected: corrected ?? (record.grantsValidFrom > 0n ? { previousHolder: zeroAddress, holder: zeroAddress, by: null, time: 0n, grantsValidFrom: record.grantsValidFrom } : null),
    ancestryRevoked: record.ancestryRevoked ? (marked ?? { parentId: null, markedBy: null, time: null }) : null,
    reconfirmed: record.ancestryRevoked ? null : reconfirmed,
  };
}

/** The addresses a life cycle names (to look their names up with the rest). */
export function lifeCycleAddresses(life: LifeCycle | null): Address[] {
  if (!life) return [];
  return [
    ...(life.previousClaim?.by ? [life.previousClaim.by] : []),
    ...(life.ended?.by ? [life.ended.by] : []),
    ...life.objections.flatMap((o) => [o.organisation, o.objector]),
    ...(life.decision ? [...life.decision.voters, ...(life.decision.newHolder ? [life.decision.newHolder] : [])] : []),
    ...(life.corrected && life.corrected.previousHolder !== zeroAddress ? [life.corrected.previousHolder] : []),
    ...(life.ancestryRevoked?.markedBy ? [life.ancestryRevoked.markedBy] : []),
    ...(life.reconfirmed ? [life.reconfirmed.registrar] : []),
    ...(life.registration ? [life.registration.organisation, life.registration.officer] : []),
  ];
}
