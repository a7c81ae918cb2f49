import type { Address, ContractFunctionReturnType, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { GrantStatus } from "../generated/enums.js";
import { type GrantStatusLabel, type RightLabel, labels } from "./format.js";
import { isRevert, isRevertWith, timeOrNull, toDprError } from "./internal.js";

/** The grant registry's record (enums as numbers). */
export type RawGrantRecord = ContractFunctionReturnType<typeof grantRegistryAbi, "view", "getGrant">;

/** A grant as read at one block. */
export interface GrantRecord {
  grantId: bigint;
  /** The status at the block read (expiry and a scheduled start are computed by the contract). */
  status: Exclude<GrantStatusLabel, "none">;
  datasetId: Hex;
  grantee: Address;
  right: RightLabel;
  /** Unix seconds. */
  startsAt: bigint;
  /** Unix seconds, or null for a grant that never expires. */
  expiresAt: bigint | null;
  /** The record exactly as the contract returned it. */
  raw: RawGrantRecord;
}

export type GetGrantParameters = {
  grantId: bigint | number;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/** The record, or null when no grant has the id. */
export type GetGrantReturnType = GrantRecord | null;

/**
 * Reads a grant from the grant registry. An unknown id gives `null` rather than a revert.
 *
 * @example
 * const grant = await getGrant(context, { grantId: 1n })
 * grant?.status // "awaiting-acknowledgement"
 */
export async function getGrant(context: Pick<DprContext, "publicClient" | "deployment">, parameters: GetGrantParameters): Promise<GetGrantReturnType> {
  try {
    const { publicClient, deployment } = context;
    let grantId: bigint;
    try {
      grantId = BigInt(parameters.grantId);
    } catch {
      grantId = -1n;
    }
    if (grantId < 0n) throw new InvalidArgumentError(`not a grant id: ${String(parameters.grantId)}`, { hint: "grant ids are whole numbers from 1" });
    if (grantId === 0n) return null;
    const address = deployment.contracts.grants;
    const blockNumber = parameters.blockNumber;
    let raw: RawGrantRecord;
    try {
      raw = await publicClient.readContract({ abi: grantRegistryAbi, address, functionName: "getGrant", args: [grantId], blockNumber });
    } catch (error) {
      if (isRevertWith(error, "GrantRegistryUnknownGrant")) return null;
      // Some nodes return no revert data; `grantStatus` never reverts and says NONE for unknown ids.
      if (isRevert(error)) {
        const status = await publicClient.readContract({ abi: grantRegistryAbi, address, functionName: "grantStatus", args: [grantId], blockNumber });
        if (status === GrantStatus.NONE) return null;
      }
      throw error;
    }
    return {
      grantId,
      status: labels.grantStatus(raw.status) as GrantRecord["status"],
      datasetId: raw.datasetId,
      grantee: raw.grantee,
      right: labels.right(raw.right),
      startsAt: BigInt(raw.startsAt),
      expiresAt: timeOrNull(raw.expiresAt),
      raw,
    };
  } catch (error) {
    throw toDprError(context, error);
  }
}
