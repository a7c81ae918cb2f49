import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { toGrantId, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface RevokeGrantParameters extends WriteParameters {
  grantId: bigint | number;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface RevokeGrantReturnType extends WriteReturnType {
  grantId: bigint;
  datasetId: Hex;
  revokedBy: Address;
  reasonHash: Hex;
}

/**
 * Revokes a live grant (awaiting acknowledgement, active, scheduled or suspended). The dataset's
 * current holder or an active regulator.
 *
 * @example
 * await revokeGrant(holderContext, { grantId, reasonHash })
 */
export async function revokeGrant(context: DprContext, parameters: RevokeGrantParameters): Promise<RevokeGrantReturnType> {
  const grantId = toGrantId(parameters.grantId);
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "revokeGrant",
    contract: "grants",
    abi: grantRegistryAbi,
    functionName: "revoke",
    args: [grantId, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "GrantRevoked" });
  return { grantId: event.grantId, datasetId: event.datasetId, revokedBy: event.revokedBy, reasonHash: event.reasonHash, ...transaction };
}
