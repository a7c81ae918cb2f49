import type { Address, Hex } from "viem";
import { type BorderConditions, type BorderConditionsInput, borderConditionsFromChain, parseBorderConditions } from "../conditions/borderConditions.js";
import type { DprContext } from "../deployments/deployment.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { toHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, eventsOf, writeDprContract } from "./internal/write.js";

export interface SetBorderConditionsParameters extends WriteParameters {
  datasetId: Hex;
  /** The new conditions, with names (`parseBorderConditions`) or as the on-chain struct. */
  conditions: BorderConditionsInput | BorderConditions;
}

export interface SetBorderConditionsReturnType extends WriteReturnType {
  datasetId: Hex;
  /** `"set"`: they are enforced now (a tightening); `"proposed"`: a loosening, waiting for registrars. */
  outcome: "set" | "proposed";
  conditions: BorderConditions;
  /** For a proposal: how many distinct registrar organisations must confirm it; else null. */
  required: number | null;
  holder: Address;
}

/** The on-chain struct of either form. */
export function toBorderConditions(conditions: BorderConditionsInput | BorderConditions): BorderConditions {
  return "granteeRegions" in conditions ? parseBorderConditions(conditions) : parseBorderConditions(fromStruct(conditions));
}

// The struct form is checked by the same rules as the named form.
function fromStruct(c: BorderConditions): BorderConditionsInput {
  const rights: number[] = [];
  for (let bit = 0; bit < 8; bit++) if ((c.rights >> bit) & 1) rights.push(bit);
  const purposes: number[] = [];
  for (let bit = 0; bit < 16; bit++) if ((c.purposeClasses >> bit) & 1) purposes.push(bit * 100);
  return { openness: c.openness, rights, granteeRegions: c.regions, purposes, maxTermSeconds: c.maxTerm };
}

/**
 * Sets a dataset's border conditions, as its active holder. Conditions at least as tight as the current ones
 * (in openness, rights, grantee regions, purpose classes and term) are enforced at once; looser ones are
 * proposed, and take effect when registrars outside the holder's organisation confirm them
 * ({@link confirmBorderConditions}), as many organisations as the registration needed.
 *
 * @example
 * const { outcome } = await setBorderConditions(holderContext, {
 *   datasetId,
 *   conditions: { openness: "conditional", rights: ["processing-use"], granteeRegions: "same-region", purposes: [110] },
 * }) // "set": narrower than before
 */
export async function setBorderConditions(context: DprContext, parameters: SetBorderConditionsParameters): Promise<SetBorderConditionsReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const conditions = toBorderConditions(parameters.conditions);
  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "setBorderConditions",
    contract: "grants",
    abi: grantRegistryAbi,
    functionName: "setBorderConditions",
    args: [datasetId, conditions],
    onStatus: parameters.onStatus,
  });
  const [set] = eventsOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "BorderConditionsSet", optional: true });
  if (set) return { datasetId, outcome: "set", conditions: borderConditionsFromChain(set.conditions), required: null, holder: set.by, ...transaction };
  const proposed = eventOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "BorderConditionsProposed" });
  return { datasetId, outcome: "proposed", conditions: borderConditionsFromChain(proposed.conditions), required: proposed.required, holder: proposed.holder, ...transaction };
}
