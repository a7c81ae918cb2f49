import type { Hex } from "viem";
import { type BorderConditions, borderConditionsFromChain } from "../conditions/borderConditions.js";
import type { DprContext } from "../deployments/deployment.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { bytes32, toDprError } from "./internal.js";

export type GetBorderConditionsParameters = {
  datasetId: Hex;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

export interface GetBorderConditionsReturnType {
  /** The conditions enforced on grants now (openness UNDECLARED when none were recorded). */
  conditions: BorderConditions;
  /** A loosening the holder proposed, waiting for registrars; null when none. */
  proposed: { conditions: BorderConditions; confirmations: number; required: number; proposedAt: bigint } | null;
}

/**
 * Reads a dataset's border conditions from the grant registry: those enforced now, and a loosening waiting
 * for registrars.
 *
 * @example
 * const { conditions, proposed } = await getBorderConditions(context, { datasetId })
 * borderConditionsLabels(conditions) // { openness: "conditional", rights: ["processing-use"], … }
 */
export async function getBorderConditions(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetBorderConditionsParameters,
): Promise<GetBorderConditionsReturnType> {
  const datasetId = bytes32(parameters.datasetId, "dataset id");
  const read = { abi: grantRegistryAbi, address: context.deployment.contracts.grants, blockNumber: parameters.blockNumber } as const;
  try {
    const [conditions, proposed] = await Promise.all([
      context.publicClient.readContract({ ...read, functionName: "borderConditionsOf", args: [datasetId] }),
      context.publicClient.readContract({ ...read, functionName: "proposedBorderConditionsOf", args: [datasetId] }),
    ]);
    return {
      conditions: borderConditionsFromChain(conditions),
      proposed:
        proposed.proposedAt === 0
          ? null
          : { conditions: borderConditionsFromChain(proposed.conditions), confirmations: proposed.confirmations, required: proposed.required, proposedAt: BigInt(proposed.proposedAt) },
    };
  } catch (error) {
    throw toDprError(context, error);
  }
}
