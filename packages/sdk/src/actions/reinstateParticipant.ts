import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toAddress, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface ReinstateParticipantParameters extends WriteParameters {
  account: Address;
  /** Hash of the reasons (kept off chain); zero when omitted. */
  reasonHash?: Hex | undefined;
}

export interface ReinstateParticipantReturnType extends WriteReturnType {
  account: Address;
  reinstatedBy: Address;
  reasonHash: Hex;
}

/**
 * Reinstates a suspended participant. Zone admin only.
 *
 * @example
 * await reinstateParticipant(context, { account, reasonHash })
 */
export async function reinstateParticipant(
  context: DprContext,
  parameters: ReinstateParticipantParameters,
): Promise<ReinstateParticipantReturnType> {
  const account = toAddress(parameters.account, "participant's account");
  const reasonHash = toOptionalHash(parameters.reasonHash, "reason hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "reinstateParticipant",
    contract: "directory",
    abi: participantDirectoryAbi,
    functionName: "reinstate",
    args: [account, reasonHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "directory", abi: participantDirectoryAbi, eventName: "ParticipantReinstated" });
  return { account: event.account, reinstatedBy: event.reinstatedBy, reasonHash: event.reasonHash, ...transaction };
}
