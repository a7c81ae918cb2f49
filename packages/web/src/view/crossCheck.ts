/**
 * The chain's answer against the indexer's. The chain decides; the indexer is a convenience that can
 * lag, fail or be wrong, and when it disagrees the page says so in plain words, naming both values.
 */
import type { VerifyContentReturnType } from "@dpr/sdk";
import type { DatasetDetails } from "../graphql.js";
import { labelValue } from "./labels.js";
import { type Participants, participantOf } from "./participants.js";
import { type Message, message } from "./values.js";

export interface CrossCheck {
  /** Each disagreement, as a sentence naming the chain's value and the indexer's. */
  discrepancies: Message[];
  /** The indexer is behind the block the chain was read at (a likely reason for any difference). */
  lag: Message | null;
}

/**
 * Compares what the chain said (read at `result.blockNumber`) with the indexer's record of the same
 * dataset: whether it is registered, its status and its holder.
 */
export function crossCheck(result: VerifyContentReturnType, indexed: DatasetDetails, participants: Participants): CrossCheck {
  const discrepancies: Message[] = [];
  const indexedBlock = BigInt(indexed.meta.block.number);
  const behind = result.blockNumber > indexedBlock ? result.blockNumber - indexedBlock : 0n;
  const lag = behind > 0n ? message("crosscheck.lag", { indexed: { kind: "block", number: indexedBlock }, chain: { kind: "block", number: result.blockNumber } }) : null;
  const { dataset } = indexed;

  if (!result.registered) {
    if (dataset) discrepancies.push(message("crosscheck.indexerOnly", { status: labelValue("status", dataset.status) }));
    return { discrepancies, lag };
  }
  if (!dataset) {
    // Not yet indexed is not a disagreement: the registration is after the indexer's last block.
    if (result.registeredBlock > indexedBlock) return { discrepancies, lag };
    discrepancies.push(message("crosscheck.chainOnly", { block: { kind: "block", number: indexedBlock } }));
    return { discrepancies, lag };
  }
  if (dataset.status !== result.status) {
    discrepancies.push(message("crosscheck.status", { chain: labelValue("status", result.status), indexer: labelValue("status", dataset.status) }));
  }
  if (dataset.holderAddress.toLowerCase() !== result.holder.address.toLowerCase()) {
    discrepancies.push(
      message("crosscheck.holder", {
        chain: { kind: "participant", participant: participantOf(participants, result.holder.address) },
        indexer: { kind: "participant", participant: participantOf(participants, dataset.holderAddress as `0x${string}`) },
      }),
    );
  }
  return { discrepancies, lag };
}
