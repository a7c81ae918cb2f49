import type { Address, Hex } from "viem";
import type { BorderConditions, BorderConditionsInput } from "../conditions/borderConditions.js";
import type { DprContext } from "../deployments/deployment.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { toBorderConditions } from "./setBorderConditions.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, eventsOf, writeDprContract } from "./internal/write.js";

export interface ConfirmBorderConditionsParameters extends WriteParameters {
  datasetId: Hex;
  /**
   * The proposed conditions the registrar reviewed (`getBorderConditions(…).proposed`): the chain refuses the
   * confirmation if the holder has proposed others since (`GrantRegistryProposalChanged`).
   */
  expected: BorderConditionsInput | BorderConditions;
}

export interface ConfirmBorderConditionsReturnType extends WriteReturnType {
  datasetId: Hex;
  registrar: Address;
  /** Distinct organisations that have confirmed, this one included. */
  confirmations: number;
  required: number;
  /** Whether this confirmation made the conditions take effect. */
  inEffect: boolean;
}

/**
 * Confirms a loosening of a dataset's border conditions that its holder proposed. An active registrar outside
 * the holder's organisation, once per organisation; at the registration's quorum (one organisation for general
 * non-personal data, two for important or personal data) the conditions take effect.
 *
 * @example
 * const { proposed } = await getBorderConditions(registrarContext, { datasetId })
 * if (proposed) await confirmBorderConditions(registrarContext, { datasetId, expected: proposed.conditions })
 */
export async function confirmBorderConditions(
  context: DprContext,
  parameters: ConfirmBorderConditionsParameters,
): Promise<ConfirmBorderConditionsReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const expected = toBorderConditions(parameters.expected);
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "confirmBorderConditions",
    contract: "grants",
    abi: grantRegistryAbi,
    functionName: "confirmBorderConditions",
    args: [datasetId, expected],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "BorderConditionsConfirmed" });
  const set = eventsOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "BorderConditionsSet", optional: true });
  return {
    datasetId,
    registrar: event.registrar,
    confirmations: event.confirmations,
    required: event.required,
    inEffect: set.length > 0,
    ...transaction,
  };
}
