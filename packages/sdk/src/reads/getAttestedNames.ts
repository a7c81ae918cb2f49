import { type Address, getAddress, isAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toDprError } from "./internal.js";

export type GetAttestedNamesParameters = {
  /** Any accounts; each reads the name of its organisation. Repeats are read once. */
  accounts: readonly Address[];
  /** Read at this block instead of the latest. */
  blockNumber?: bigint | undefined;
};

/**
 * The attested name text of each account's organisation, keyed by the account in lower case: null when
 * none was attested or the account is not a participant. Show it with {@link organisationNameIn}.
 */
export type GetAttestedNamesReturnType = Map<Lowercase<Address>, string | null>;

/**
 * Reads the names the zone admin attested for the organisations of `accounts` (`attestedNameOf`), one
 * call per account, all in flight at once: give the context a batching transport (viem's
 * `http(url, { batch: true })`) or a multicall-enabled client to send them as one request.
 *
 * These are the names to trust. The name in a participant's profile is self-declared and can change
 * at the participant's will.
 *
 * @example
 * const names = await getAttestedNames(context, { accounts: [holder, registrar] })
 * organisationNameIn(names.get(holder.toLowerCase()), "zh-CN") // "穗城市卫生健康委员会"
 */
export async function getAttestedNames(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetAttestedNamesParameters,
): Promise<GetAttestedNamesReturnType> {
  try {
    const accounts = new Set<Lowercase<Address>>();
    for (const account of parameters.accounts) {
      if (typeof account !== "string" || !isAddress(account, { strict: false })) {
        throw new InvalidArgumentError(`not an address: ${String(account)}`, { hint: "expected 0x followed by 40 hex digits" });
      }
      accounts.add(account.toLowerCase() as Lowercase<Address>);
    }
    const entries = await Promise.all(
      [...accounts].map(async (account) => {
        const name = await context.publicClient.readContract({
          abi: participantDirectoryAbi,
          address: context.deployment.contracts.directory,
          functionName: "attestedNameOf",
          args: [getAddress(account)],
          blockNumber: parameters.blockNumber,
        });
        return [account, name === "" ? null : name] as const;
      }),
    );
    return new Map(entries);
  } catch (error) {
    throw toDprError(context, error);
  }
}
