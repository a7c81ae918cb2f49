/**
 * The chain's answer against the indexer's. The chain decides; the indexer is a convenience that can
 * lag, fail or be wrong, and when it disagrees the page says so in plain words, naming both values.
 *
 * Both compute the statuses that move with time (a notice period ending) from a clock, and not the same
 * one: the contracts answer at the time of the block they are read at, the indexer at the current time
 * (the later of its wall clock and its last block's time; schema.graphql). On a chain that makes blocks
 * only for transactions the latest block can be long past, and then the chain still says "in notice"
 * after the notice period has ended by the indexer's clock. A difference that the two clocks explain
 * fully is no disagreement: the page says what happened instead, quietly.
 */
import type { RegisteredContent, VerifyContentReturnType } from "@dpr/sdk";
import type { DatasetDetails, IndexedDataset } from "../graphql.js";
import type { DetailChecks } from "./checks.js";
import { labelValue } from "./labels.js";
import { type Participants, participantOf } from "./participants.js";
import { type Message, message } from "./values.js";

export interface CrossCheck {
  /** Each disagreement, as a sentence naming the chain's value and the indexer's. */
  discrepancies: Message[];
  /** The indexer is behind the block the chain was read at (a likely reason for any difference). */
  lag: Message | null;
  /** Differences the clocks explain (not disagreements), each as a sentence saying how. */
  notes: Message[];
}

/**
 * The indexer's clock for an answer: the later of its time when it answered and its last block's time,
 * as the indexer itself computes statuses for a query without `block`.
 */
export function indexerClock(indexed: DatasetDetails): bigint {
  return BigInt(Math.max(indexed.answeredAt, indexed.meta.block.timestamp));
}

/**
 * Compares what the chain said (read at `result.blockNumber`, whose time is `chainTime`) with the
 * indexer's record of the same dataset: whether it is registered, which claim on the content it is, its status
 * and its holder; and, given the item checks (view/checks.ts), every grant, objection, confirmation,
 * event and parent where the indexer and the chain differ.
 */
export function crossCheck(
  result: VerifyContentReturnType,
  indexed: DatasetDetails,
  participants: Participants,
  chainTime: bigint,
  checks?: Pick<DetailChecks, "discrepancies"> | null,
): CrossCheck {
  const discrepancies: Message[] = [];
  const notes: Message[] = [];
  const indexedBlock = BigInt(indexed.meta.block.number);
  const behind = result.blockNumber > indexedBlock ? result.blockNumber - indexedBlock : 0n;
  const lag = behind > 0n ? message("crosscheck.lag", { indexed: { kind: "block", number: indexedBlock }, chain: { kind: "block", number: result.blockNumber } }) : null;
  const { dataset } = indexed;

  if (!result.registered) {
    if (dataset) discrepancies.push(message("crosscheck.indexerOnly", { status: labelValue("status", dataset.status) }));
    return { discrepancies, lag, notes };
  }
  if (!dataset) {
    // Not yet indexed is not a disagreement: the registration is after the indexer's last block.
    if (result.registeredBlock > indexedBlock) return { discrepancies, lag, notes };
    discrepancies.push(message("crosscheck.chainOnly", { block: { kind: "block", number: indexedBlock } }));
    return { discrepancies, lag, notes };
  }
  // A claim freed and claimed again keeps its id: an indexer a claim behind describes another registration.
  const claim = Number(result.dataset.raw.claim);
  if (typeof dataset.claim === "number" && claim > 0 && dataset.claim !== claim) {
    discrepancies.push(message("crosscheck.claim", { chain: claim, indexer: dataset.claim }));
  }
  if (dataset.status !== result.status) {
    const explained = clockExplains(result, dataset, chainTime, indexerClock(indexed));
    if (explained) notes.push(explained);
    else discrepancies.push(message("crosscheck.status", { chain: labelValue("status", result.status), indexer: labelValue("status", dataset.status) }));
  }
  if (dataset.holderAddress.toLowerCase() !== result.holder.address.toLowerCase()) {
    discrepancies.push(
      message("crosscheck.holder", {
        chain: { kind: "participant", participant: participantOf(participants, result.holder.address) },
        indexer: { kind: "participant", participant: participantOf(participants, dataset.holderAddress as `0x${string}`) },
      }),
    );
  }
  if (checks) discrepancies.push(...checks.discrepancies);
  return { discrepancies, lag, notes };
}

/**
 * The sentence that explains a status difference by the clocks alone, or null when they do not: the
 * difference is the notice period's end (in notice on one side, confirmed on the other), both record the
 * same end, and it lies between the two clocks. A dataset is in notice while the clock is before the
 * end, confirmed from the end on (the contracts' `block.timestamp < noticeEndsAt`).
 */
function clockExplains(result: RegisteredContent, dataset: IndexedDataset, chainTime: bigint, indexerTime: bigint): Message | null {
  const end = result.noticeEndsAt;
  if (end === null || dataset.noticeEndsAt !== end.toString()) return null;
  const params = {
    end: { kind: "time", seconds: end },
    block: { kind: "block", number: result.blockNumber },
    time: { kind: "time", seconds: chainTime },
    chain: labelValue("status", result.status),
    indexer: labelValue("status", dataset.status),
  } as const;
  if (result.status === "notice" && dataset.status === "confirmed" && chainTime < end && end <= indexerTime) {
    return message("crosscheck.clock.chainBehind", params);
  }
  if (result.status === "confirmed" && dataset.status === "notice" && indexerTime < end && end <= chainTime) {
    return message("crosscheck.clock.indexerBehind", { ...params, indexerTime: { kind: "time", seconds: indexerTime } });
  }
  return null;
}
