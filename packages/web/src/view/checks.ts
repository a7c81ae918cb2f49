/**
 * What the indexer adds to a verdict — grants, the audit trail, its objections and confirmations,
 * lineage — checked against the chain, item by item. The indexer is a convenience: a lagging or
 * compromised one can invent a grant or hide an objection. So each item it lists is read back from the
 * contracts at the verdict's block (chain.ts `readDetails`) and shown as one of:
 *
 * - `verified`: the chain has it, with the same values;
 * - `indexer-only`: the chain was not asked or cannot answer (an event outside what was read, a grant
 *   event of a grant not read, lineage beyond the parents read, a node that refused the log search);
 * - `disagrees`: the chain has it with other values, each difference a warning naming both;
 * - `not-on-chain`: the chain has no such item (struck out on the page, never shown as a plain one).
 *
 * And what the chain has that the indexer does not list — an active grant, an objection, a
 * confirmation — is shown from the chain with a warning.
 */
import { type RegisteredContent, type GrantSummary, datasetRegistryAbi } from "@dpr/sdk";
import type { Address, Hex } from "viem";
import type { DatasetDetails, IndexedEvent, IndexedGrant, IndexedLineage } from "../graphql.js";
import { labelValue } from "./labels.js";
import type { ChainEvent, LifeCycle, ObjectionFact, ObjectionState } from "./lifecycle.js";
import { type Participants, participantOf } from "./participants.js";
import { type Message, type Param, message, text } from "./values.js";

export type CheckState = "verified" | "indexer-only" | "disagrees" | "not-on-chain";

export interface ItemCheck {
  state: CheckState;
  /** For `disagrees` and `not-on-chain`: each difference, naming the indexer's value and the chain's. */
  warnings: Message[];
}

/** A grant as the grant registry's `getGrant` answers it (labels as `@dpr/sdk` names them). */
export interface ChainGrant {
  status: string;
  datasetId: Hex;
  grantee: Address;
  right: string;
  /** Unix seconds, or null for never. */
  expiresAt: bigint | null;
}

/** What the chain answered, at the verdict's block, about the items the indexer lists. */
export interface DetailReads {
  /** The block read at: the verdict's. */
  blockNumber: bigint;
  /** By grant id (decimal): the chain's record, or null when it has no grant of that id. */
  grants: ReadonlyMap<string, ChainGrant | null>;
  /** By lower-case organisation: where its objection to this claim stands (`objectionOf`), "none" when it has none. */
  objections: ReadonlyMap<string, ObjectionState | "none">;
  /**
   * Every dataset-registry event whose first topic is the dataset id, up to the verdict's block (the
   * same search as the life cycle's); null when the node refused the search.
   */
  events: readonly ChainEvent[] | null;
}

export interface DetailChecks {
  /** By the indexer's grant id. */
  grants: ReadonlyMap<string, ItemCheck>;
  /** Grants the chain has active and the indexer does not list: shown from the chain. */
  chainOnlyGrants: GrantSummary[];
  /** By the indexer's event id. */
  events: ReadonlyMap<string, ItemCheck>;
  /** This claim's objections the chain records and the indexer's trail does not show. */
  hiddenObjections: ObjectionFact[];
  /** Confirmations the chain records and the indexer's trail does not show. */
  hiddenConfirmations: RegisteredContent["confirmations"];
  /** Every warning above, for the cross-check's list of disagreements. */
  discrepancies: Message[];
}

export interface CheckDetailsInput {
  result: RegisteredContent;
  lifeCycle: LifeCycle | null;
  details: DatasetDetails;
  /** The lineage the indexer drew, or null. Its first generation up is checked against the chain's parents. */
  lineage?: IndexedLineage | null | undefined;
  /** Null while the reads are under way or when they failed: everything is then the indexer's record. */
  reads: DetailReads | null;
  participants: Participants;
}

const REGISTRY_EVENTS: ReadonlySet<string> = new Set(datasetRegistryAbi.filter((item) => item.type === "event").map((item) => item.name));

const lower = (value: unknown): string | null => (typeof value === "string" ? value.toLowerCase() : null);
const same = (a: unknown, b: unknown) => lower(a) !== null && lower(a) === lower(b);
const who = (participants: Participants, address: string): Param => ({ kind: "participant", participant: participantOf(participants, address as Address) });
const expiry = (seconds: bigint | null): Param => (seconds === null || seconds === 0n ? text("grants.never") : { kind: "time", seconds });
const INDEXER_ONLY: ItemCheck = { state: "indexer-only", warnings: [] };
const VERIFIED: ItemCheck = { state: "verified", warnings: [] };

/** One indexed grant against the chain's record of it. */
function checkGrant(grant: IndexedGrant, input: CheckDetailsInput): ItemCheck {
  const { reads, result, participants } = input;
  if (!reads || !reads.grants.has(grant.id)) return INDEXER_ONLY;
  const onChain = reads.grants.get(grant.id) ?? null;
  const id = BigInt(grant.id);
  if (!onChain || !same(onChain.datasetId, result.datasetId)) {
    return { state: "not-on-chain", warnings: [message("checks.grant.missing", { id })] };
  }
  const warnings: Message[] = [];
  if (onChain.status !== grant.status) {
    warnings.push(message("checks.grant.status", { id, indexer: labelValue("grantStatus", grant.status), chain: labelValue("grantStatus", onChain.status) }));
  }
  if (!same(onChain.grantee, grant.granteeAddress)) {
    warnings.push(message("checks.grant.grantee", { id, indexer: who(participants, grant.granteeAddress), chain: who(participants, onChain.grantee) }));
  }
  if (onChain.right !== grant.right) {
    warnings.push(message("checks.grant.right", { id, indexer: labelValue("right", grant.right), chain: labelValue("right", onChain.right) }));
  }
  const indexedExpiry = BigInt(grant.expiresAt);
  if ((onChain.expiresAt ?? 0n) !== indexedExpiry) {
    warnings.push(message("checks.grant.expires", { id, indexer: expiry(indexedExpiry), chain: expiry(onChain.expiresAt) }));
  }
  // `getGrant` does not return the mechanism; the chain's answer has it (from `GrantIssued`) for active grants.
  const summary = result.grants.active.find((g) => g.grantId === id);
  if (summary && (summary.crossBorder !== grant.crossBorder || (summary.crossBorder && summary.mechanism !== grant.mechanism))) {
    const mechanism = (crossBorder: boolean, label: string): Param => (crossBorder ? labelValue("mechanism", label) : text("grants.domestic"));
    warnings.push(message("checks.grant.mechanism", { id, indexer: mechanism(grant.crossBorder, grant.mechanism), chain: mechanism(summary.crossBorder, summary.mechanism) }));
  }
  return warnings.length > 0 ? { state: "disagrees", warnings } : VERIFIED;
}

/** One event of the indexer's trail against the chain's events and reads. */
function checkEvent(event: IndexedEvent, input: CheckDetailsInput, grants: ReadonlyMap<string, ItemCheck>): ItemCheck {
  const { reads, result } = input;
  if (!reads) return INDEXER_ONLY;
  const block = BigInt(event.blockNumber);
  // A grant's events: as good as the grant they are about (the grant registry's events are not read).
  if (event.grantId !== null) {
    const grant = grants.get(event.grantId);
    if (grant?.state === "not-on-chain") return { state: "not-on-chain", warnings: [] };
    return INDEXER_ONLY;
  }
  // The chain's search covers the registry's events about this dataset (first topic), up to the verdict's block.
  const about = lower(event.args.datasetId) ?? result.datasetId.toLowerCase();
  if (reads.events === null || !REGISTRY_EVENTS.has(event.name) || about !== result.datasetId.toLowerCase() || block > reads.blockNumber) return INDEXER_ONLY;
  const found = reads.events.some((e) => e.eventName === event.name && e.blockNumber === block);
  if (!found) return { state: "not-on-chain", warnings: [message("checks.event.missing", { block: { kind: "block", number: block } })] };
  // `objectionOf` answers for the current claim only.
  if (event.name === "DatasetObjected" && Number(event.args.claim ?? result.claim) === result.claim) {
    const organisation = lower(event.args.organisation);
    const standing = organisation ? reads.objections.get(organisation) : undefined;
    if (standing === "none") return { state: "not-on-chain", warnings: [message("checks.event.missing", { block: { kind: "block", number: block } })] };
  }
  return VERIFIED;
}

/**
 * Joins the indexer's items with the chain's answers. Pure: chain.ts reads, this decides.
 *
 * @example
 * const checks = checkDetails({ result, lifeCycle, details, reads, participants })
 * checks.grants.get("7") // { state: "disagrees", warnings: [ "Grant 7: the indexer says active, the chain says revoked" ] }
 */
export function checkDetails(input: CheckDetailsInput): DetailChecks {
  const { result, details, reads, participants, lifeCycle } = input;
  const dataset = details.dataset;
  const discrepancies: Message[] = [];
  const grants = new Map<string, ItemCheck>();
  const events = new Map<string, ItemCheck>();
  if (!dataset) return { grants, chainOnlyGrants: [], events, hiddenObjections: [], hiddenConfirmations: [], discrepancies };

  for (const grant of dataset.grants.items) {
    const check = checkGrant(grant, input);
    grants.set(grant.id, check);
    discrepancies.push(...check.warnings);
  }
  // A grant the chain has active and the indexer does not list. (With more grants than the page holds,
  // an unlisted one may be on a later page: shown, but no warning.)
  const listed = new Set(dataset.grants.items.map((g) => g.id));
  const chainOnlyGrants = result.grants.active.filter((g) => !listed.has(g.grantId.toString()));
  if (!dataset.grants.pageInfo.hasNextPage) {
    for (const g of chainOnlyGrants) discrepancies.push(message("checks.grant.hidden", { id: g.grantId }));
  }

  for (const event of dataset.events.items) {
    const check = checkEvent(event, input, grants);
    events.set(event.id, check);
    for (const warning of check.warnings) discrepancies.push(warning);
  }

  // What the chain records and the trail leaves out. The trail may be cut at a page: then it says nothing.
  // Nor is an item after the indexer's last block hidden: it is not indexed yet (the lag says so).
  const complete = !dataset.events.pageInfo.hasNextPage;
  const indexedEvents = dataset.events.items;
  const indexedBlock = BigInt(details.meta.block.number);
  const hiddenObjections = (lifeCycle?.objections ?? []).filter(
    (o) => o.block <= indexedBlock && !indexedEvents.some((e) => e.name === "DatasetObjected" && (same(e.args.organisation, o.organisation) || same(e.actor, o.objector)) && BigInt(e.blockNumber) === o.block),
  );
  const hiddenConfirmations = result.confirmations.filter(
    (c) => c.blockNumber <= indexedBlock && !indexedEvents.some((e) => e.name === "DatasetConfirmed" && BigInt(e.blockNumber) === c.blockNumber && (same(e.args.registrar, c.registrar) || same(e.actor, c.registrar))),
  );
  if (complete) {
    for (const o of hiddenObjections) {
      discrepancies.push(message("checks.objection.hidden", { organisation: who(participants, o.organisation), status: text(`objection.${o.status}`), block: { kind: "block", number: o.block } }));
    }
    for (const c of hiddenConfirmations) {
      discrepancies.push(message("checks.confirmation.hidden", { registrar: who(participants, c.registrar), block: { kind: "block", number: c.blockNumber } }));
    }
  }

  // Lineage: the chain's answer names the parents; generations beyond are the indexer's record.
  if (input.lineage) {
    const indexedParents = input.lineage.up.edges.items.filter((s) => s.depth === 1).map((s) => s.edge.parent.id.toLowerCase());
    const chainParents = result.parents.map((p) => p.datasetId.toLowerCase());
    const cut = input.lineage.up.edges.pageInfo.hasNextPage;
    for (const parent of indexedParents) {
      if (!chainParents.includes(parent)) discrepancies.push(message("checks.lineage.invented", { parent: { kind: "dataset", id: parent as Hex } }));
    }
    if (!cut) {
      for (const parent of chainParents) {
        if (!indexedParents.includes(parent)) discrepancies.push(message("checks.lineage.hidden", { parent: { kind: "dataset", id: parent as Hex } }));
      }
    }
  }

  return { grants, chainOnlyGrants, events, hiddenObjections, hiddenConfirmations: complete ? hiddenConfirmations : [], discrepancies };
}

/** The organisations whose objections to read back: those the chain's events and the indexer's trail name. */
export function objectorsToRead(lifeCycle: LifeCycle | null, details: DatasetDetails): Address[] {
  const found = new Map<string, Address>();
  for (const o of lifeCycle?.objections ?? []) found.set(o.organisation.toLowerCase(), o.organisation);
  for (const e of details.dataset?.events.items ?? []) {
    if (e.name === "DatasetObjected" && typeof e.args.organisation === "string" && /^0x[0-9a-fA-F]{40}$/.test(e.args.organisation)) {
      found.set(e.args.organisation.toLowerCase(), e.args.organisation as Address);
    }
  }
  return [...found.values()];
}
