import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { toGrantId, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface ReinstateGrantParameters extends WriteParameters {
  grantId: bigint | number;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface ReinstateGrantReturnType extends WriteReturnType {
  grantId: bigint;
  datasetId: Hex;
  regulator: Address;
  reasonHash: Hex;
}

/**
 * Reinstates a suspended grant. Active regulator only.
 *
 * @example
 * await reinstateGrant(regulatorContext, { grantId })
 */
export async function reinstateGrant(context: DprContext, parameters: ReinstateGrantParameters): Promise<ReinstateGrantReturnType> {
  const grantId = toGrantId(parameters.grantId);
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "reinstateGrant",
    contract: "grants",
    abi: grantRegistryAbi,
    functionName: "reinstate",
    args: [grantId, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "GrantReinstated" });
  return { grantId: event.grantId, datasetId: event.datasetId, regulator: event.regulator, reasonHash: event.reasonHash, ...transaction };
}
