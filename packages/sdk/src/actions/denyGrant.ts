import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { toGrantId, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface DenyGrantParameters extends WriteParameters {
  grantId: bigint | number;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface DenyGrantReturnType extends WriteReturnType {
  grantId: bigint;
  datasetId: Hex;
  regulator: Address;
  reasonHash: Hex;
}

/**
 * Denies a grant awaiting a regulator's acknowledgement. Active regulator only.
 *
 * @example
 * await denyGrant(regulatorContext, { grantId, reasonHash })
 */
export async function denyGrant(context: DprContext, parameters: DenyGrantParameters): Promise<DenyGrantReturnType> {
  const grantId = toGrantId(parameters.grantId);
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "denyGrant",
    contract: "grants",
    abi: grantRegistryAbi,
    functionName: "deny",
    args: [grantId, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "GrantDenied" });
  return { grantId: event.grantId, datasetId: event.datasetId, regulator: event.regulator, reasonHash: event.reasonHash, ...transaction };
}
