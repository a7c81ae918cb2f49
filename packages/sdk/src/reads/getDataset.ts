import type { Address, ContractFunctionReturnType, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { DatasetStatus } from "../generated/enums.js";
import { type HashAlgorithmName, hashAlgorithmName } from "../hashing/algorithms.js";
import { type CategoryLabel, type DatasetStatusLabel, type GradeLabel, type JurisdictionLabel, labels } from "./format.js";
import { addressOrNull, bytes32, isRevert, isRevertWith, timeOrNull, toDprError } from "./internal.js";

/** The on-chain record as `DatasetRegistry.getDataset` returns it (enums as numbers). */
export type RawDatasetRecord = ContractFunctionReturnType<typeof datasetRegistryAbi, "view", "getDataset">;

/** A registered dataset as read at one block, with enumerations as names. */
export interface DatasetRecord {
  datasetId: Hex;
  /** The status at the block read (time-based transitions such as the end of the notice period included). */
  status: Exclude<DatasetStatusLabel, "unregistered">;
  /** The holder of record. */
  holder: Address;
  algorithm: HashAlgorithmName;
  category: CategoryLabel;
  grade: GradeLabel;
  containsPersonalData: boolean;
  /** The sector code. */
  sector: number;
  /** Where the data is held. */
  jurisdiction: JurisdictionLabel;
  /** Unix seconds. */
  registeredAt: bigint;
  registeredBlock: bigint;
  confirmations: number;
  requiredConfirmations: number;
  /**
   * When the notice period began (the last confirmation, or a new holder's decision), moved later by the time
   * its clock was paused (unix seconds); null before the confirmation quorum.
   */
  confirmedAt: bigint | null;
  /** When the notice period ends or ended (unix seconds); null before the confirmation quorum and while paused. */
  noticeEndsAt: bigint | null;
  /** While the notice clock is paused (disputed or frozen during notice): the seconds of notice left; else null. */
  noticeRemaining: bigint | null;
  frozen: boolean;
  /** A newer version of the series has been registered. */
  superseded: boolean;
  /** Its classification is below a parent's by confirmed de-identification. */
  declassified: boolean;
  /**
   * A revoked ancestor has been shown (`markRevokedAncestry`) and no registrar has re-confirmed it since: it
   * confers nothing, and cannot be granted or built on.
   */
  ancestryRevoked: boolean;
  /** The recipient of a requested holding transfer, or null. */
  pendingTransferTo: Address | null;
  /** The claim number: 1 for the first registration of the content, one more after each refused, withdrawn or rejected claim. */
  claim: number;
  /** How many organisations' objections are open. */
  openObjections: number;
  /** Grants with a smaller id confer nothing (issued before a holder correction); null when never corrected. */
  grantsValidFrom: bigint | null;
  /** The record exactly as the contract returned it. */
  raw: RawDatasetRecord;
}

export type GetDatasetParameters = {
  datasetId: Hex;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/** The record, or null when no dataset has the id. */
export type GetDatasetReturnType = DatasetRecord | null;

/**
 * Reads a dataset's record from the dataset registry. An unregistered id gives `null` rather than a revert.
 *
 * @example
 * const dataset = await getDataset(context, { datasetId })
 * if (dataset?.status === "confirmed") console.log(`held by ${dataset.holder}`)
 */
export async function getDataset(context: Pick<DprContext, "publicClient" | "deployment">, parameters: GetDatasetParameters): Promise<GetDatasetReturnType> {
  try {
    const { publicClient, deployment } = context;
    const datasetId = bytes32(parameters.datasetId, "dataset id");
    const blockNumber = parameters.blockNumber;
    const address = deployment.contracts.datasets;
    let raw: RawDatasetRecord;
    try {
      raw = await publicClient.readContract({ abi: datasetRegistryAbi, address, functionName: "getDataset", args: [datasetId], blockNumber });
    } catch (error) {
      if (isRevertWith(error, "DatasetRegistryUnknownDataset")) return null;
      // Some nodes return no revert data; `status` never reverts and says UNREGISTERED for unknown ids.
      if (isRevert(error)) {
        const status = await publicClient.readContract({ abi: datasetRegistryAbi, address, functionName: "status", args: [datasetId], blockNumber });
        if (status === DatasetStatus.UNREGISTERED) return null;
      }
      throw error;
    }
    return toDatasetRecord(datasetId, raw);
  } catch (error) {
    throw toDprError(context, error);
  }
}

/** Translates the contract's record. */
function toDatasetRecord(datasetId: Hex, raw: RawDatasetRecord): DatasetRecord {
  return {
    datasetId,
    status: labels.datasetStatus(raw.status) as DatasetRecord["status"],
    holder: raw.holder,
    algorithm: hashAlgorithmName(raw.algorithm),
    category: labels.category(raw.category),
    grade: labels.grade(raw.grade),
    containsPersonalData: raw.containsPersonalData,
    sector: raw.sector,
    jurisdiction: labels.jurisdiction(raw.jurisdiction),
    registeredAt: BigInt(raw.registeredAt),
    registeredBlock: BigInt(raw.registeredBlock),
    confirmations: raw.confirmations,
    requiredConfirmations: raw.requiredConfirmations,
    confirmedAt: timeOrNull(raw.confirmedAt),
    noticeEndsAt: timeOrNull(raw.noticeEndsAt),
    noticeRemaining: timeOrNull(raw.noticeRemaining),
    frozen: raw.frozen,
    superseded: raw.superseded,
    declassified: raw.declassified,
    ancestryRevoked: raw.ancestryRevoked,
    pendingTransferTo: addressOrNull(raw.pendingTransferTo),
    claim: raw.claim,
    openObjections: raw.openObjections,
    grantsValidFrom: raw.grantsValidFrom === 0n ? null : raw.grantsValidFrom,
    raw,
  };
}
