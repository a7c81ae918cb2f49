import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface UnpauseZoneParameters extends WriteParameters {
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface UnpauseZoneReturnType extends WriteReturnType {
  unpausedBy: Address;
  reasonHash: Hex;
}

/**
 * Ends the zone's pause before its time. PAUSE office only.
 *
 * @example
 * await unpauseZone(context, { reasonHash })
 */
export async function unpauseZone(context: DprContext, parameters: UnpauseZoneParameters): Promise<UnpauseZoneReturnType> {
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "unpauseZone",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "unpause",
    args: [reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ZoneUnpaused" });
  return { unpausedBy: event.unpausedBy, reasonHash: event.reasonHash, ...transaction };
}
