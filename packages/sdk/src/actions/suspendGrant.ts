import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { toGrantId, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface SuspendGrantParameters extends WriteParameters {
  grantId: bigint | number;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface SuspendGrantReturnType extends WriteReturnType {
  grantId: bigint;
  datasetId: Hex;
  regulator: Address;
  reasonHash: Hex;
}

/**
 * Suspends an active or scheduled grant until a regulator reinstates it. Active regulator only.
 *
 * @example
 * await suspendGrant(regulatorContext, { grantId, reasonHash })
 */
export async function suspendGrant(context: DprContext, parameters: SuspendGrantParameters): Promise<SuspendGrantReturnType> {
  const grantId = toGrantId(parameters.grantId);
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "suspendGrant",
    contract: "grants",
    abi: grantRegistryAbi,
    functionName: "suspend",
    args: [grantId, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "GrantSuspended" });
  return { grantId: event.grantId, datasetId: event.datasetId, regulator: event.regulator, reasonHash: event.reasonHash, ...transaction };
}
