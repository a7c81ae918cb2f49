import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { toGrantId, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

export interface AcknowledgeGrantParameters extends WriteParameters {
  grantId: bigint | number;
  /** Hash of the acknowledgement note (kept off chain); zero when omitted. */
  noteHash?: Hex | undefined;
}

export interface AcknowledgeGrantReturnType extends WriteReturnType {
  grantId: bigint;
  datasetId: Hex;
  regulator: Address;
  noteHash: Hex;
}

/**
 * Acknowledges a grant awaiting a regulator's acknowledgement, which makes it active. An active regulator
 * outside the organisations of the grantee and of the dataset's holder.
 *
 * @example
 * await acknowledgeGrant(regulatorContext, { grantId })
 */
export async function acknowledgeGrant(context: DprContext, parameters: AcknowledgeGrantParameters): Promise<AcknowledgeGrantReturnType> {
  const grantId = toGrantId(parameters.grantId);
  const noteHash = toOptionalHash(parameters.noteHash, "note hash");
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "acknowledgeGrant",
    contract: "grants",
    abi: grantRegistryAbi,
    functionName: "acknowledge",
    args: [grantId, noteHash],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "GrantAcknowledged" });
  return { grantId: event.grantId, datasetId: event.datasetId, regulator: event.regulator, noteHash: event.noteHash, ...transaction };
}
