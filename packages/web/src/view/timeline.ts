/**
 * A dataset's audit trail as the indexer recorded it, one line per event: what happened (a dictionary
 * message per event name, with the facts that event carries), who did it, when and in which block.
 */
import { labels } from "@dpr/sdk";
import type { Hex } from "viem";
import type { IndexedEvent } from "../graphql.js";
import { type MessageKey, hasMessage } from "../i18n/index.js";
import { labelValue } from "./labels.js";
import { type Participants, participantOf } from "./participants.js";
import { officerOf } from "./registration.js";
import { type Message, type Param, type Value, message } from "./values.js";

export interface TimelineItem {
  id: string;
  what: Message | { raw: string };
  actor: Value | null;
  time: Value;
  txHash: Hex;
}

const HEX = /^0x[0-9a-fA-F]*$/;

/** An event argument as a view value: addresses as participants, hashes as hashes, numbers as numbers. */
function argValue(value: unknown, participants: Participants): Param | null {
  if (typeof value === "string" && HEX.test(value)) {
    if (value.length === 42) return { kind: "participant", participant: participantOf(participants, value as Hex) };
    if (value.length === 66) return { kind: "hash", value: value as Hex };
  }
  if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
  if (typeof value === "number") return value;
  return null;
}

/** The params each event's sentence uses, from its decoded arguments (as the indexer gives them). */
function paramsOf(event: IndexedEvent, participants: Participants): Record<string, Param> {
  const params: Record<string, Param> = {};
  const args = event.args;
  const set = (name: string, value: Param | null) => {
    if (value !== null) params[name] = value;
  };
  switch (event.name) {
    case "DatasetRegistered":
      set("child", typeof args.datasetId === "string" ? { kind: "dataset", id: args.datasetId as Hex } : null);
      set("claim", argValue(args.claim, participants));
      break;
    case "DatasetDerived":
      set("parent", typeof args.parentId === "string" ? { kind: "dataset", id: args.parentId as Hex } : null);
      set("child", typeof args.datasetId === "string" ? { kind: "dataset", id: args.datasetId as Hex } : null);
      set("derivation", labelOf("derivation", args.derivation));
      break;
    case "DatasetConfirmed":
    case "BorderConditionsConfirmed":
      set("count", argValue(args.confirmations, participants));
      set("required", argValue(args.requiredConfirmations ?? args.required, participants));
      break;
    case "DatasetObjected":
      set("organisation", argValue(args.organisation, participants));
      break;
    case "DatasetDecisionVoted":
      set("organisation", argValue(args.organisation, participants));
      set("holder", argValue(args.newHolder, participants));
      set("votes", argValue(args.votes, participants));
      set("required", argValue(args.required, participants));
      break;
    case "DatasetDisputeResolved":
    case "DatasetHolderCorrected":
      set("holder", argValue(args.holder, participants));
      break;
    case "DatasetAncestryRevoked":
      set("parent", typeof args.parentId === "string" ? { kind: "dataset", id: args.parentId as Hex } : null);
      break;
    case "DatasetTransferRequested":
    case "DatasetTransferCancelled":
    case "DatasetTransferred":
      set("to", argValue(args.to, participants));
      break;
    case "GrantIssued":
    case "GrantAcknowledged":
    case "GrantDenied":
    case "GrantSuspended":
    case "GrantReinstated":
    case "GrantRevoked":
      set("grant", event.grantId !== null && /^\d+$/.test(event.grantId) ? BigInt(event.grantId) : null);
      set("grantee", argValue(args.grantee, participants));
      break;
  }
  return params;
}

/** A derivation argument: the indexer's `args` carry the enum as a number (or, were it ever, as its label). */
function labelOf(group: "derivation", value: unknown): Value | null {
  if (typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value))) {
    try {
      return labelValue(group, labels.derivation(Number(value)));
    } catch {
      return { kind: "raw", text: String(value) };
    }
  }
  return typeof value === "string" ? labelValue(group, value) : null;
}

const ZERO_ADDRESS = /^0x0{40}$/;
const isZero = (value: unknown) => typeof value !== "string" || ZERO_ADDRESS.test(value);
const asNumber = (value: unknown): number | null => (typeof value === "number" ? value : typeof value === "string" && /^\d+$/.test(value) ? Number(value) : null);

/**
 * A dispute decision's sentence: upheld (rejected, or a new holder) or dismissed (review or the notice
 * period resumes), by the status it left; the plain sentence when the indexer gives no status.
 */
function resolution(args: Record<string, unknown>): string {
  const status = statusOf(args.status);
  if (args.upheld === true) {
    if (status === "rejected") return ".upheld.rejected";
    if (status !== null && !isZero(args.holder)) return ".upheld.newHolder";
    return ".upheld";
  }
  if (status === "pending") return ".dismissed.pending";
  if (status === "notice") return ".dismissed.notice";
  return ".dismissed";
}

/** A dataset status argument as its label: the indexer gives labels ("notice"), a raw decode numbers. */
function statusOf(value: unknown): string | null {
  const number = asNumber(value);
  if (number !== null) {
    try {
      return labels.datasetStatus(number);
    } catch {
      return null;
    }
  }
  return typeof value === "string" ? value : null;
}

/** A decision vote's sentence: reject or name a holder (a dispute), revoke or correct the holder (after notice). */
function vote(args: Record<string, unknown>): string {
  const holder = !isZero(args.newHolder);
  return args.correction === true ? (holder ? ".correct" : ".revoke") : holder ? ".newHolder" : ".reject";
}

/**
 * Who acted on a registration: the account that registered (`registrant`, the event's last field) for the
 * organisation that holds (`holder`): "0x…, an officer of 〈organisation〉" when they differ (then an officer,
 * when the account was removed since); the organisation alone when it acted itself; null for an event
 * without the field (a registry older than it), which keeps the indexer's actor.
 */
function registrationActor(event: IndexedEvent, participants: Participants): Value | null {
  if (event.name !== "DatasetRegistered") return null;
  const { registrant, holder } = event.args;
  if (typeof registrant !== "string" || !HEX.test(registrant) || registrant.length !== 42) return null;
  if (typeof holder !== "string" || holder.toLowerCase() === registrant.toLowerCase() || !HEX.test(holder) || holder.length !== 42) {
    return { kind: "participant", participant: participantOf(participants, registrant as Hex) };
  }
  return officerOf(participants, registrant as Hex, holder as Hex);
}

/**
 * The events in the order given (the indexer's chain order). The sentence of `DatasetDisputeResolved` says
 * whether the objection was upheld; events the dictionaries do not know show their name as recorded.
 */
export function timelineView(datasetId: string, events: readonly IndexedEvent[], participants: Participants): TimelineItem[] {
  const self = datasetId.toLowerCase();
  return events.map((event) => {
    let key = `event.${event.name}`;
    const about = typeof event.args.datasetId === "string" ? event.args.datasetId.toLowerCase() : self;
    // The trail also holds the next version's registration and children's derivations, which name it.
    if (event.name === "DatasetRegistered" && about !== self) key += ".newVersion";
    if (event.name === "DatasetDerived" && about !== self) key += ".child";
    if (event.name === "DatasetRegistered" && about === self && Number(event.args.claim ?? 1) > 1) key += ".claim";
    if (event.name === "DatasetDisputeResolved") key += resolution(event.args);
    if (event.name === "DatasetDecisionVoted") key += vote(event.args);
    if (event.name === "DatasetObjected" && typeof event.args.organisation === "string") key += ".by";
    if (event.name === "GrantIssued" && event.args.crossBorder === true) key += ".crossBorder";
    return {
      id: event.id,
      what: hasMessage(key) ? message(key as MessageKey, paramsOf(event, participants)) : { raw: event.name },
      actor: registrationActor(event, participants) ?? (event.actor ? { kind: "participant", participant: participantOf(participants, event.actor as Hex) } : null),
      time: { kind: "time", seconds: BigInt(event.timestamp), block: BigInt(event.blockNumber) },
      txHash: event.txHash as Hex,
    };
  });
}
