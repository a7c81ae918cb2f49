import type { Hex } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { type DatasetStatusLabel, labels } from "./format.js";
import { bytes32, toDprError } from "./internal.js";

export type GetDatasetStatusParameters = {
  datasetId: Hex;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/** `"unregistered"` for an unknown id; otherwise the status at the block read. */
export type GetDatasetStatusReturnType = DatasetStatusLabel;

/**
 * Reads a dataset's status (one call; time-based transitions such as the end of the notice period are
 * computed by the contract at the block read).
 *
 * @example
 * await getDatasetStatus(context, { datasetId }) // "notice"
 */
export async function getDatasetStatus(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetDatasetStatusParameters,
): Promise<GetDatasetStatusReturnType> {
  try {
    const status = await context.publicClient.readContract({
      abi: datasetRegistryAbi,
      address: context.deployment.contracts.datasets,
      functionName: "status",
      args: [bytes32(parameters.datasetId, "dataset id")],
      blockNumber: parameters.blockNumber,
    });
    return labels.datasetStatus(status);
  } catch (error) {
    throw toDprError(context, error);
  }
}
