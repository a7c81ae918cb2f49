import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toOptionalHash, toUint } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface PauseZoneParameters extends WriteParameters {
  /** How long, in seconds: at most 3 days (the directory refuses longer). The PAUSE office may end it early. */
  duration: bigint | number;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface PauseZoneReturnType extends WriteReturnType {
  pausedBy: Address;
  /** When the pause ends by itself (unix seconds). */
  until: number;
  reasonHash: Hex;
}

/**
 * Pauses the zone: no new registrations, anchors or grants until `until` (at most 3 days from now), while
 * confirmations, objections and revocations go on. PAUSE office only.
 *
 * @example
 * await pauseZone(context, { duration: 86_400n, reasonHash })
 */
export async function pauseZone(context: DprContext, parameters: PauseZoneParameters): Promise<PauseZoneReturnType> {
  const duration = Number(toUint(parameters.duration, "pause duration", 40));
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "pauseZone",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "pause",
    args: [duration, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ZonePaused" });
  return { pausedBy: event.pausedBy, until: Number(event.until), reasonHash: event.reasonHash, ...transaction };
}
