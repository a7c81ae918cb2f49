import { type Address, getAddress, isAddress, zeroAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toDprError } from "./internal.js";

export type GetOrganisationKeyParameters = {
  /** The organisation, named by its own (first) account. */
  organisation: Address;
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/**
 * The key designated to add and remove an organisation's officers (`setOrganisationKey`), or null when none is
 * (or for an address that is no organisation). Kept apart from `getParticipant`, which every verification
 * calls for the holder, so that reading a record costs one call.
 *
 * @example
 * const key = await getOrganisationKey(context, { organisation: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" })
 */
export async function getOrganisationKey(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetOrganisationKeyParameters,
): Promise<Address | null> {
  try {
    if (!isAddress(parameters.organisation, { strict: false })) {
      throw new InvalidArgumentError(`not an address: ${String(parameters.organisation)}`, { hint: "expected 0x followed by 40 hex digits" });
    }
    const key = await context.publicClient.readContract({
      abi: participantDirectoryAbi,
      address: context.deployment.contracts.directory,
      functionName: "organisationKeyOf",
      args: [getAddress(parameters.organisation)],
      blockNumber: parameters.blockNumber,
    });
    return key === zeroAddress ? null : key;
  } catch (error) {
    throw toDprError(context, error);
  }
}
