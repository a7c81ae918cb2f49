import { type Address, type Hex, zeroHash } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import type { HashAlgorithm } from "../generated/enums.js";
import type { HashAlgorithmName } from "../hashing/algorithms.js";
import { datasetIdOf } from "../reads/datasetIdOf.js";
import { type RightLabel, type TransferMechanismLabel, type DerivationLabel, labels } from "../reads/format.js";
import { type DatasetRecord, getDataset } from "../reads/getDataset.js";
import { type DatasetHistoryEntry, getDatasetHistory } from "../reads/getDatasetHistory.js";
import { type PendingDecision, getDecision } from "../reads/getDecision.js";
import { type GrantRecord, getGrant } from "../reads/getGrant.js";
import { getHashAlgorithm } from "../reads/getHashAlgorithm.js";
import { getOpenObjectors } from "../reads/getOpenObjectors.js";
import { type ParticipantRecord, getParticipant } from "../reads/getParticipant.js";
import { algorithmOf, bytes32, mapLimit, toDprError } from "../reads/internal.js";

export type VerifyContentParameters = {
  /** The hash of the content, computed locally (e.g. with `hashFile`, or in the browser with `hashStream`). */
  contentHash: Hex;
  /** The hash function that produced it; defaults to the deployment's. */
  algorithm?: HashAlgorithmName | HashAlgorithm | undefined;
  /** Verify as of this block instead of the latest. */
  blockNumber?: bigint | undefined;
  /** Blocks per `eth_getLogs` call when reading the dataset's events (default 5,000). */
  blockRange?: bigint | undefined;
};

/** A registrar's confirmation, from its `DatasetConfirmed` event. */
export interface Confirmation {
  registrar: Address;
  /** Block time (unix seconds). */
  time: bigint;
  blockNumber: bigint;
  txHash: Hex;
}

/** A grant on the dataset, from its `GrantIssued` event and its status now. */
export interface GrantSummary {
  grantId: bigint;
  grantee: Address;
  right: RightLabel;
  status: GrantRecord["status"];
  purposeCode: number;
  crossBorder: boolean;
  mechanism: TransferMechanismLabel;
  /** Unix seconds. */
  startsAt: bigint;
  /** Unix seconds, or null for never. */
  expiresAt: bigint | null;
}

/** The content is not registered (under this algorithm). */
export interface UnregisteredContent {
  registered: false;
  datasetId: Hex;
  contentHash: Hex;
  algorithm: HashAlgorithmName;
  /** The block the chain was read at. */
  blockNumber: bigint;
}

/** The content is registered: who holds it, its status and how it got there, all read from the chain. */
export interface RegisteredContent {
  registered: true;
  datasetId: Hex;
  contentHash: Hex;
  algorithm: HashAlgorithmName;
  /** The block the chain was read at. */
  blockNumber: bigint;
  status: DatasetRecord["status"];
  /** The holder of record, with its participant record as read at the same block. */
  holder: { address: Address; participant: ParticipantRecord | null };
  /** The officer who registered it, for the organisation that then held it (the holder may have changed since). */
  registrant: Address;
  /** Unix seconds. */
  registeredAt: bigint;
  registeredBlock: bigint;
  /** Every confirmation, in order. */
  confirmations: Confirmation[];
  requiredConfirmations: number;
  /** When the notice period ends or ended (unix seconds), or null before the last confirmation and while paused. */
  noticeEndsAt: bigint | null;
  /** While the notice clock is paused (disputed or frozen during notice): the seconds of notice left; else null. */
  noticeRemaining: bigint | null;
  /** The claim number on this content (1, or more after refused, withdrawn or rejected claims). */
  claim: number;
  /** From the `DatasetRegistered` event. */
  metadataURI: string;
  /** From the `DatasetRegistered` event; null when none was given. */
  metadataHash: Hex | null;
  /** The previous version of the series, or null. */
  versionOf: Hex | null;
  superseded: boolean;
  /** The newer version that superseded it, or null. */
  supersededBy: Hex | null;
  /** The datasets it was derived from. */
  parents: { datasetId: Hex; derivation: DerivationLabel }[];
  frozen: boolean;
  /** Objections raised against this claim, ever. */
  objections: number;
  /** The organisations whose objections are open now, in the order they objected. */
  openObjectors: Address[];
  /** The decision being voted (dispute or correction), or null. */
  pendingDecision: PendingDecision | null;
  /** Marked as derived from revoked data (confers nothing until a registrar re-confirms it). */
  ancestryRevoked: boolean;
  /** Grants with a smaller id confer nothing (issued before a holder correction); null when never corrected. */
  grantsValidFrom: bigint | null;
  /** Grants on it: how many were issued, and those active at the block read. */
  grants: { issued: number; active: GrantSummary[] };
  /** The full on-chain record. */
  dataset: DatasetRecord;
}

export type VerifyContentReturnType = UnregisteredContent | RegisteredContent;

/**
 * Verifies content against the chain itself (no indexer, nothing to trust but the node): whether its
 * hash is registered and, if so, who holds it, its status (pending, in notice, confirmed, disputed,
 * rejected, frozen, retired, refused, withdrawn, revoked), its claim number, open objections and pending
 * decision, the confirmations with their times, the notice period, its metadata,
 * version and lineage, and the grants active on it. Everything is read at one block.
 *
 * @example
 * const { hash } = await hashFile("traffic-2026-q1.csv")
 * const result = await verifyContent(context, { contentHash: hash })
 * if (result.registered) console.log(result.status, result.holder.address, result.confirmations.length)
 */
export async function verifyContent(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: VerifyContentParameters,
): Promise<VerifyContentReturnType> {
  try {
    const contentHash = bytes32(parameters.contentHash, "content hash");
    const algorithm = algorithmOf(parameters.algorithm ?? (await getHashAlgorithm(context))).name;
    const datasetId = datasetIdOf({ contentHash, algorithm });
    const blockNumber = parameters.blockNumber ?? (await context.publicClient.getBlockNumber());

    const dataset = await getDataset(context, { datasetId, blockNumber });
    if (!dataset) return { registered: false, datasetId, contentHash, algorithm, blockNumber };

    const [history, participant, openObjectors, pendingDecision] = await Promise.all([
      getDatasetHistory(context, { datasetId, fromBlock: dataset.registeredBlock, toBlock: blockNumber, blockRange: parameters.blockRange }),
      getParticipant(context, { address: dataset.holder, blockNumber }),
      getOpenObjectors(context, { datasetId, blockNumber }),
      getDecision(context, { datasetId, blockNumber }),
    ]);

    // The current claim's registration: the last one (an earlier claim freed the content in the same block, at most).
    const registration = history.findLast(
      (e): e is Extract<DatasetHistoryEntry, { eventName: "DatasetRegistered" }> =>
        e.eventName === "DatasetRegistered" && e.args.datasetId.toLowerCase() === datasetId,
    );
    const confirmations: Confirmation[] = [];
    const parents: RegisteredContent["parents"] = [];
    const issued: Extract<DatasetHistoryEntry, { eventName: "GrantIssued" }>[] = [];
    let supersededBy: Hex | null = null;
    let objections = 0;
    for (const event of history) {
      switch (event.eventName) {
        case "DatasetConfirmed":
          confirmations.push({ registrar: event.args.registrar, time: event.timestamp, blockNumber: event.blockNumber, txHash: event.txHash });
          break;
        case "DatasetDerived":
          if (event.args.datasetId.toLowerCase() === datasetId) {
            parents.push({ datasetId: event.args.parentId, derivation: labels.derivation(event.args.derivation) });
          }
          break;
        case "DatasetRegistered":
          if (event.args.versionOf.toLowerCase() === datasetId && dataset.superseded) supersededBy = event.args.datasetId;
          break;
        case "DatasetObjected":
          if (event.args.claim === dataset.claim) objections++;
          break;
        case "GrantIssued":
          issued.push(event);
          break;
      }
    }

    const grants = await mapLimit(issued, 8, async (event): Promise<GrantSummary | null> => {
      const grant = await getGrant(context, { grantId: event.args.grantId, blockNumber });
      if (!grant) return null;
      return {
        grantId: grant.grantId,
        grantee: grant.grantee,
        right: grant.right,
        status: grant.status,
        purposeCode: event.args.terms.purposeCode,
        crossBorder: event.args.crossBorder,
        mechanism: labels.transferMechanism(event.args.terms.mechanism),
        startsAt: grant.startsAt,
        expiresAt: grant.expiresAt,
      };
    });

    const versionOf = registration?.args.versionOf;
    const metadataHash = registration?.args.metadataHash;
    return {
      registered: true,
      datasetId,
      contentHash,
      algorithm,
      blockNumber,
      status: dataset.status,
      holder: { address: dataset.holder, participant },
      registrant: registration?.args.registrant ?? registration?.args.holder ?? dataset.holder,
      registeredAt: dataset.registeredAt,
      registeredBlock: dataset.registeredBlock,
      confirmations,
      requiredConfirmations: dataset.requiredConfirmations,
      noticeEndsAt: dataset.noticeEndsAt,
      noticeRemaining: dataset.noticeRemaining,
      claim: dataset.claim,
      metadataURI: registration?.args.metadataURI ?? "",
      metadataHash: metadataHash && metadataHash !== zeroHash ? metadataHash : null,
      versionOf: versionOf && versionOf !== zeroHash ? versionOf : null,
      superseded: dataset.superseded,
      supersededBy,
      parents,
      frozen: dataset.frozen,
      objections,
      openObjectors,
      pendingDecision,
      ancestryRevoked: dataset.ancestryRevoked,
      grantsValidFrom: dataset.grantsValidFrom,
      grants: { issued: issued.length, active: grants.filter(
          // Grants issued before a holder correction keep their status but confer nothing.
          (g): g is GrantSummary => g?.status === "active" && (dataset.grantsValidFrom === null || g.grantId >= dataset.grantsValidFrom),
        ),
      },
      dataset,
    };
  } catch (error) {
    throw toDprError(context, error);
  }
}
