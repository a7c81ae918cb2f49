import { type Address, getAddress, zeroAddress } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { ZONE_OFFICES, type ZoneOfficeName } from "../offices.js";

export interface GetZoneGovernanceReturnType {
  /** Who holds governance (`DEFAULT_ADMIN_ROLE`): the zone's timelock in production. */
  governance: Address;
  /** A governance transfer under way (`pendingDefaultAdmin`), or undefined. */
  pendingGovernance: { account: Address; acceptableFrom: bigint } | undefined;
  /** When the current pause ends (unix seconds); undefined when the zone is not paused. */
  pausedUntil: bigint | undefined;
  /** The successor directory after a migration; undefined before. */
  successor: Address | undefined;
  /** Who holds each office now, in the order they were granted. */
  offices: Record<ZoneOfficeName, Address[]>;
}

/**
 * Who governs the zone now: the governance account, a transfer under way, the pause, the successor, and
 * the holders of each office. Holders come from the directory's RoleGranted and RoleRevoked events since
 * the deployment block, each checked with `hasRole` at the same block.
 *
 * @example
 * const { governance, offices } = await getZoneGovernance(context)
 * // offices.ONBOARDING: [0x…]
 */
export async function getZoneGovernance(context: DprContext, parameters: { blockNumber?: bigint } = {}): Promise<GetZoneGovernanceReturnType> {
  const { publicClient, deployment } = context;
  const address = deployment.contracts.directory;
  const blockNumber = parameters.blockNumber ?? (await publicClient.getBlockNumber());
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    publicClient.readContract({ address, abi: participantDirectoryAbi, functionName, args, blockNumber } as never) as Promise<T>;
  const [governance, pending, pausedUntil, successor, granted] = await Promise.all([
    read<Address>("defaultAdmin"),
    read<readonly [Address, number]>("pendingDefaultAdmin"),
    read<number | bigint>("pausedUntil"),
    read<Address>("successor"),
    publicClient.getContractEvents({ address, abi: participantDirectoryAbi, eventName: "RoleGranted", fromBlock: deployment.deploymentBlock, toBlock: blockNumber }),
  ]);
  const offices = Object.fromEntries((Object.keys(ZONE_OFFICES) as ZoneOfficeName[]).map((name) => [name, [] as Address[]])) as Record<ZoneOfficeName, Address[]>;
  const candidates = new Map<string, { name: ZoneOfficeName; account: Address }>();
  for (const log of granted as unknown as { args: { role: `0x${string}`; account: Address } }[]) {
    const name = (Object.keys(ZONE_OFFICES) as ZoneOfficeName[]).find((n) => ZONE_OFFICES[n] === log.args.role.toLowerCase());
    if (name) candidates.set(`${name}:${log.args.account.toLowerCase()}`, { name, account: getAddress(log.args.account) });
  }
  // A revoked or renounced holder fails hasRole: the events say who might hold an office, hasRole who does.
  const held = await Promise.all([...candidates.values()].map(async (c) => ((await read<boolean>("hasRole", [ZONE_OFFICES[c.name], c.account])) ? c : undefined)));
  for (const c of held) if (c) offices[c.name].push(c.account);
  const until = BigInt(pausedUntil);
  const block = await publicClient.getBlock({ blockNumber });
  return {
    governance: getAddress(governance),
    pendingGovernance: pending[0] === zeroAddress ? undefined : { account: getAddress(pending[0]), acceptableFrom: BigInt(pending[1]) },
    pausedUntil: until > block.timestamp ? until : undefined,
    successor: successor === zeroAddress ? undefined : getAddress(successor),
    offices,
  };
}
