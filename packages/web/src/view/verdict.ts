/**
 * The verdict on a content hash or dataset id, from the chain's answer alone (`verifyContent`): the
 * status the page shows (and exposes as `data-status`), a headline, a one-sentence summary and the
 * facts behind it.
 */
import { type HashAlgorithmName, type VerifyContentReturnType, noticeClock, sectorName } from "@dpr/sdk";
import type { Address, Hex } from "viem";
import { labelValue } from "./labels.js";
import type { LifeCycle } from "./lifecycle.js";
import { type Participants, asOrganisation, participantOf } from "./participants.js";
import { registeredBy } from "./registration.js";
import { type Fact, type Message, type Value, message, text } from "./values.js";

/** What `data-status` says: the dataset's status, or that the content is not registered. */
export type VerdictStatus =
  | "confirmed"
  | "notice"
  | "pending"
  | "disputed"
  | "rejected"
  | "refused"
  | "withdrawn"
  | "revoked"
  | "frozen"
  | "retired"
  | "not-registered";

export const verdictStatuses: readonly VerdictStatus[] = [
  "confirmed",
  "notice",
  "pending",
  "disputed",
  "rejected",
  "refused",
  "withdrawn",
  "revoked",
  "frozen",
  "retired",
  "not-registered",
];

/** How the page came to ask: by a content hash (a file or a `?hash=` link) or by a dataset id. */
export type LookupKind = "hash" | "dataset";

export interface ConfirmationRow {
  registrar: Value;
  time: Value;
}

export interface VerdictView {
  status: VerdictStatus;
  headline: Message;
  summary: Message;
  /**
   * What else the verdict must say, each a sentence under the summary: a paused notice clock, a decision
   * being voted, a holder corrected after notice, a revoked ancestry or its re-confirmation, the claim number.
   */
  notes: Message[];
  /** Set while the dataset is marked as derived from revoked data: it confers nothing meanwhile. */
  ancestryRevoked: boolean;
  /** The claim on the content (1 for its first registration). */
  claim: number;
  /** The block the chain was read at. */
  readAt: bigint;
  facts: Fact[];
  confirmations: ConfirmationRow[];
  /**
   * The certificate's lines (what a clerk would print): holder, status, confirmations, the dates and the
   * dataset id; empty when nothing is registered.
   */
  certificate: Fact[];
  /** The registration's id (also for an unregistered hash: the id it would have). */
  datasetId: Hex;
}

/** The two clocks a verdict is explained by: the time of the block read, and the reader's (unix seconds). */
export interface VerdictClock {
  chainTime: bigint;
  wallTime: bigint;
}

/** The status shown for a chain answer. */
export function verdictStatus(result: VerifyContentReturnType): VerdictStatus {
  return result.registered ? result.status : "not-registered";
}

/** A sector code as people read it: its name when the SDK names it, else the code. */
export function sectorValue(code: number): Value {
  const name = sectorName(code);
  return name ? labelValue("sector", name.toLowerCase()) : text("sector.code", { code });
}

export function algorithmValue(algorithm: HashAlgorithmName): Value {
  return labelValue("algorithm", algorithm);
}

const yesNo = (flag: boolean): Value => text(flag ? "value.yes" : "value.no");
const none: Value = text("value.none");

/**
 * The view of a chain answer. `participants` names the holder, registrars and others (from the
 * directory's records); `chainId` is the chain read, for the not-registered sentence.
 */
export function verdictView(
  result: VerifyContentReturnType,
  participants: Participants,
  chainId: number,
  lookup: LookupKind = "hash",
  life: LifeCycle | null = null,
  clock: VerdictClock | null = null,
): VerdictView {
  const status = verdictStatus(result);
  if (!result.registered) {
    return {
      status,
      headline: message(`verdict.${status}`),
      notes: [],
      ancestryRevoked: false,
      claim: 0,
      summary:
        lookup === "dataset"
          ? message("summary.not-registered.dataset", { chainId })
          : message("summary.not-registered.hash", { algorithm: algorithmValue(result.algorithm), chainId }),
      readAt: result.blockNumber,
      facts:
        lookup === "dataset"
          ? [{ label: "fact.datasetId", value: { kind: "hash", value: result.datasetId } }]
          : [
              { label: "fact.contentHash", value: { kind: "hash", value: result.contentHash } },
              { label: "fact.algorithm", value: algorithmValue(result.algorithm) },
              { label: "fact.wouldBeId", value: { kind: "hash", value: result.datasetId } },
            ],
      confirmations: [],
      certificate: [],
      datasetId: result.datasetId,
    };
  }

  const holderInfo = { ...participantOf(participants, result.holder.address), ...(result.holder.participant ? { jurisdiction: result.holder.participant.jurisdiction } : {}) };
  // The holder line says when the organisation's founding account was removed; the sentences name the organisation, which stands.
  const holderFact: Value = { kind: "participant", participant: holderInfo };
  const holder: Value = { kind: "participant", participant: asOrganisation(holderInfo) };
  const { dataset } = result;
  const participant = (address: Address): Value => ({ kind: "participant", participant: participantOf(participants, address) });
  const time = (seconds: bigint): Value => ({ kind: "time", seconds });
  const paused = life?.noticeRemaining ?? null;
  const remaining: Value | null = paused === null ? null : { kind: "duration", seconds: paused };
  const ended = life?.ended ?? null;
  // Over by the reader's clock, not yet by the chain's latest block: the chain still answers "notice".
  const noticeOver = clock !== null && noticeClock({ ...result, ...clock }).phase === "ended-awaiting-block";
  const objecting = life ? life.openObjections || life.objections.filter((o) => o.status === "open").length : result.objections;
  const summary: Message = (() => {
    switch (status) {
      case "confirmed":
        return result.noticeEndsAt !== null
          ? message("summary.confirmed", { holder, time: time(result.noticeEndsAt) })
          : message("summary.confirmed.noNotice", { holder });
      case "notice":
        return message(noticeOver ? "look.summary.notice.ended" : "summary.notice", { holder, time: time(result.noticeEndsAt ?? 0n) });
      case "pending":
        return message("summary.pending", { holder, count: result.confirmations.length, required: result.requiredConfirmations });
      case "disputed":
        return message(`summary.disputed${remaining ? ".paused" : ""}${objecting === 1 ? ".one" : ""}`, { holder, count: objecting, ...(remaining ? { remaining } : {}) });
      case "rejected":
        return message("summary.rejected", { holder });
      case "refused":
        return ended?.by && ended.outcome === "refused"
          ? message("summary.refused.by", { holder, registrar: participant(ended.by), time: time(ended.time) })
          : message("summary.refused", { holder });
      case "withdrawn":
        return ended?.outcome === "withdrawn" ? message("summary.withdrawn.at", { holder, time: time(ended.time) }) : message("summary.withdrawn", { holder });
      case "revoked":
        return ended?.outcome === "revoked" ? message("summary.revoked.at", { holder, time: time(ended.time) }) : message("summary.revoked", { holder });
      case "frozen":
        return remaining ? message("summary.frozen.paused", { holder, remaining }) : message("summary.frozen", { holder });
      default:
        return message("summary.retired", { holder });
    }
  })();

  const notes: Message[] = [];
  if (life && life.claim > 1) notes.push(claimMessage(life));
  if (life?.decision) {
    const { decision } = life;
    const progress = { votes: decision.votes, required: decision.required };
    const key = decision.correction ? (decision.newHolder ? "note.vote.correct" : "note.vote.revoke") : decision.newHolder ? "note.vote.newHolder" : "note.vote.reject";
    notes.push(message(key, { ...progress, ...(decision.newHolder ? { holder: participant(decision.newHolder) } : {}), voters: { kind: "series", items: decision.voters.map(participant) } }));
  }
  if (life?.corrected && life.corrected.time > 0n) {
    notes.push(
      message("note.corrected", {
        previous: participant(life.corrected.previousHolder),
        time: time(life.corrected.time),
        grant: life.corrected.grantsValidFrom,
      }),
    );
  }
  if (life?.ancestryRevoked) {
    notes.push(
      life.ancestryRevoked.parentId
        ? message("note.ancestryRevoked.parent", { parent: { kind: "dataset", id: life.ancestryRevoked.parentId } })
        : message("note.ancestryRevoked"),
    );
  } else if (life?.reconfirmed) {
    notes.push(message("note.reconfirmed", { registrar: participant(life.reconfirmed.registrar), time: time(life.reconfirmed.time) }));
  }
  const confers = !life?.ancestryRevoked || ["refused", "withdrawn", "rejected", "revoked"].includes(status);

  const noticeFacts: Fact[] = [
    ...(result.noticeEndsAt !== null
      ? [{ label: status === "notice" && !noticeOver ? "fact.noticeEnds" : "look.fact.noticeEnded", value: time(result.noticeEndsAt) } satisfies Fact]
      : []),
    ...(remaining ? [{ label: "fact.noticeEnds", value: text("value.noticePaused", { remaining }) } satisfies Fact] : []),
  ];
  const confirmationCount: Value = text("value.confirmationCount", { count: result.confirmations.length, required: result.requiredConfirmations });
  // Confirmed: at the end of the notice period, or at the last confirmation where there was none.
  const confirmedAt = status === "confirmed" ? (result.noticeEndsAt ?? result.confirmations.at(-1)?.time ?? null) : null;
  const certificate: Fact[] = [
    { label: "fact.holder", value: holderFact },
    { label: "look.cert.status", value: labelValue("status", status) },
    { label: "fact.confirmations", value: confirmationCount },
    { label: "fact.registered", value: { kind: "time", seconds: result.registeredAt, block: result.registeredBlock } },
    ...noticeFacts,
    ...(confirmedAt !== null ? [{ label: "look.cert.confirmed", value: time(confirmedAt) } satisfies Fact] : []),
    { label: "fact.datasetId", value: { kind: "hash", value: result.datasetId } },
  ];

  const registrant = registeredBy(result, life, participants);
  const facts: Fact[] = [
    { label: "fact.holder", value: holderFact },
    ...(registrant ? [{ label: "fact.registrant", value: registrant } satisfies Fact] : []),
    { label: "fact.registered", value: { kind: "time", seconds: result.registeredAt, block: result.registeredBlock } },
    { label: "fact.confirmations", value: confirmationCount },
    ...noticeFacts,
    ...(life && life.claim > 1 ? [{ label: "fact.claim", value: { kind: "text", message: claimMessage(life) } } satisfies Fact] : []),
    { label: "fact.datasetId", value: { kind: "hash", value: result.datasetId } },
    { label: "fact.contentHash", value: { kind: "hash", value: result.contentHash } },
    { label: "fact.algorithm", value: algorithmValue(result.algorithm) },
    { label: "fact.metadataHash", value: result.metadataHash ? { kind: "hash", value: result.metadataHash } : none },
    { label: "fact.metadataURI", value: result.metadataURI ? { kind: "uri", value: result.metadataURI } : none },
    { label: "fact.category", value: labelValue("category", dataset.category) },
    { label: "fact.grade", value: labelValue("grade", dataset.grade) },
    { label: "fact.personalData", value: yesNo(dataset.containsPersonalData) },
    { label: "fact.sector", value: sectorValue(dataset.sector) },
    { label: "fact.heldIn", value: labelValue("jurisdiction", dataset.jurisdiction) },
    { label: "fact.versionOf", value: result.versionOf ? { kind: "dataset", id: result.versionOf } : none },
    ...(result.supersededBy || result.superseded
      ? [{ label: "fact.supersededBy", value: result.supersededBy ? { kind: "dataset", id: result.supersededBy } : text("value.yes") } satisfies Fact]
      : []),
    {
      label: "fact.parents",
      value:
        result.parents.length === 0
          ? none
          : {
              kind: "list",
              items: result.parents.map((p) => text("value.parent", { dataset: { kind: "dataset", id: p.datasetId }, derivation: labelValue("derivation", p.derivation) })),
            },
    },
    ...(life && life.objections.length > 0
      ? [
          {
            label: "fact.objections",
            value: {
              kind: "list",
              items: life.objections.map((o) => text("value.objection", { organisation: participant(o.organisation), status: text(`objection.${o.status}`) })),
            },
          } satisfies Fact,
        ]
      : !life && result.objections > 0
        ? [{ label: "fact.objections", value: text("value.objectionCount", { count: result.objections }) } satisfies Fact]
        : []),
    ...(life?.decision
      ? [
          {
            label: "fact.decision",
            value: text("value.votes", { votes: life.decision.votes, required: life.decision.required }),
          } satisfies Fact,
        ]
      : []),
    ...(life?.corrected ? [{ label: "fact.grantsValidFrom", value: text("value.grantsValidFrom", { grant: life.corrected.grantsValidFrom }) } satisfies Fact] : []),
    ...(dataset.pendingTransferTo
      ? [{ label: "fact.pendingTransfer", value: { kind: "participant", participant: participantOf(participants, dataset.pendingTransferTo) } } satisfies Fact]
      : []),
    ...(dataset.declassified ? [{ label: "fact.declassified", value: text("value.yes") } satisfies Fact] : []),
    ...(life?.ancestryRevoked ? [{ label: "fact.ancestryRevoked", value: text("value.ancestryRevoked") } satisfies Fact] : []),
  ];

  return {
    status,
    headline: !confers ? message("verdict.ancestryRevoked") : noticeOver ? message("look.verdict.notice.ended") : message(`verdict.${status}`),
    summary,
    notes,
    ancestryRevoked: Boolean(life?.ancestryRevoked),
    claim: life?.claim ?? 1,
    readAt: result.blockNumber,
    facts,
    confirmations: result.confirmations.map((c) => ({
      registrar: { kind: "participant", participant: participantOf(participants, c.registrar) },
      time: { kind: "time", seconds: c.time, block: c.blockNumber },
    })),
    certificate,
    datasetId: result.datasetId,
  };
}

/** "Second claim on this content; the first was refused in review." */
function claimMessage(life: LifeCycle): Message {
  const outcome = life.previousClaim ? text(`claim.outcome.${life.previousClaim.outcome}`) : null;
  if (life.claim === 2) return outcome ? message("note.claim.second", { outcome }) : message("note.claim.second.plain");
  return outcome ? message("note.claim.nth", { claim: life.claim, outcome }) : message("note.claim.nth.plain", { claim: life.claim });
}

/** Every address a chain answer names (to look their names up in one go). */
export function addressesOf(result: VerifyContentReturnType): `0x${string}`[] {
  if (!result.registered) return [];
  const all = [
    result.holder.address,
    result.registrant,
    ...result.confirmations.map((c) => c.registrar),
    ...result.grants.active.map((g) => g.grantee),
    ...(result.dataset.pendingTransferTo ? [result.dataset.pendingTransferTo] : []),
  ];
  const unique = new Map<string, `0x${string}`>();
  for (const address of all) if (!unique.has(address.toLowerCase())) unique.set(address.toLowerCase(), address);
  return [...unique.values()];
}
