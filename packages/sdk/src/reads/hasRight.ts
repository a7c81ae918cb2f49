import { type Address, type Hex, getAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { datasetRegistryAbi, grantRegistryAbi } from "../generated/abis.js";
import type { Right } from "../generated/enums.js";
import { type NameInput, type RightName, parseRight } from "../names.js";
import { bytes32, isRevertWith, toDprError } from "./internal.js";

export type HasRightParameters = {
  datasetId: Hex;
  account: Address;
  /** `"holding"`, `"processing-use"`, `"product-operation"` (any case, `_` or `-`), or the `Right` value. */
  right: NameInput<RightName> | Right;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

export type HasRightReturnType = boolean;

/**
 * Whether `account` may exercise `right` on the dataset, as the grant registry answers it: the dataset
 * is confirmed and the account is its active holder, or an active participant with an active grant of
 * that right. Unknown datasets and accounts give false.
 *
 * @example
 * await hasRight(context, { datasetId, account: lab, right: "processing-use" }) // true
 */
export async function hasRight(context: Pick<DprContext, "publicClient" | "deployment">, parameters: HasRightParameters): Promise<HasRightReturnType> {
  try {
    const datasetId = bytes32(parameters.datasetId, "dataset id");
    const account = getAddress(parameters.account);
    const right = parseRight(parameters.right);
    try {
      return await context.publicClient.readContract({
        abi: abiWithDatasetErrors,
        address: context.deployment.contracts.grants,
        functionName: "hasRight",
        args: [datasetId, account, right],
        blockNumber: parameters.blockNumber,
      });
    } catch (error) {
      // The grant registry asks the dataset registry, which reverts for an unknown dataset: nobody has a right on it.
      if (isRevertWith(error, "DatasetRegistryUnknownDataset")) return false;
      throw error;
    }
  } catch (error) {
    throw toDprError(context, error);
  }
}

/** The grant registry's ABI plus the dataset registry's errors, which its calls can bubble up. */
const abiWithDatasetErrors = [...grantRegistryAbi, ...datasetRegistryAbi.filter((item) => item.type === "error")] as const;
