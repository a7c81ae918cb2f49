import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { ObjectionStatus } from "../generated/enums.js";
import { InvalidArgumentError } from "../errors/base.js";
import { bytes32, toDprError } from "./internal.js";

/** Where an organisation's objection to a dataset's current claim stands. */
export type ObjectionStatusLabel = "none" | "open" | "dismissed" | "upheld";

const objectionLabels: Record<number, ObjectionStatusLabel> = {
  [ObjectionStatus.NONE]: "none",
  [ObjectionStatus.OPEN]: "open",
  [ObjectionStatus.DISMISSED]: "dismissed",
  [ObjectionStatus.UPHELD]: "upheld",
};

export type GetObjectionParameters = {
  datasetId: Hex;
  /** The organisation (its first account, as `getParticipant` gives it). */
  organisation: Address;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

export type GetObjectionReturnType = ObjectionStatusLabel;

/**
 * Reads where an organisation's objection to a dataset's current claim stands (`DatasetRegistry.objectionOf`):
 * `"none"`, `"open"`, `"dismissed"` (it may not object to this claim again) or `"upheld"`.
 *
 * @example
 * await getObjection(context, { datasetId, organisation }) // "open"
 */
export async function getObjection(context: Pick<DprContext, "publicClient" | "deployment">, parameters: GetObjectionParameters): Promise<GetObjectionReturnType> {
  try {
    const value = await context.publicClient.readContract({
      abi: datasetRegistryAbi,
      address: context.deployment.contracts.datasets,
      functionName: "objectionOf",
      args: [bytes32(parameters.datasetId, "dataset id"), parameters.organisation],
      blockNumber: parameters.blockNumber,
    });
    const label = objectionLabels[value];
    if (!label) throw new InvalidArgumentError(`unknown objection status value ${value}`);
    return label;
  } catch (error) {
    throw toDprError(context, error);
  }
}
