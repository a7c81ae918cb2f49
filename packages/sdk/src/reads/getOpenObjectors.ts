import type { Address, Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { bytes32, toDprError } from "./internal.js";

export type GetOpenObjectorsParameters = {
  datasetId: Hex;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/** The organisations with an open objection, in the order they objected. */
export type GetOpenObjectorsReturnType = Address[];

/**
 * Reads the organisations whose objections to a dataset are open (`DatasetRegistry.openObjectors`).
 *
 * @example
 * const objectors = await getOpenObjectors(context, { datasetId })
 */
export async function getOpenObjectors(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetOpenObjectorsParameters,
): Promise<GetOpenObjectorsReturnType> {
  try {
    const objectors = await context.publicClient.readContract({
      abi: datasetRegistryAbi,
      address: context.deployment.contracts.datasets,
      functionName: "openObjectors",
      args: [bytes32(parameters.datasetId, "dataset id")],
      blockNumber: parameters.blockNumber,
    });
    return [...objectors];
  } catch (error) {
    throw toDprError(context, error);
  }
}
