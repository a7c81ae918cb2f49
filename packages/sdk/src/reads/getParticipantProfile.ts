import { type Address, type Hex, encodeEventTopics, getAddress, isAddress, pad, parseEventLogs } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { participantDirectoryAbi } from "../generated/abis.js";
import { toDprError } from "./internal.js";
import { defaultBlockRange, getLogsPaged } from "./logs.js";

export type GetParticipantProfileParameters = {
  address: Address;
  /** Search from this block (default: the deployment's; give the account's onboarding block when known, to read fewer blocks). */
  fromBlock?: bigint | undefined;
  /** Read up to this block instead of the latest. */
  toBlock?: bigint | undefined;
  /** Blocks per `eth_getLogs` call (default 5,000). */
  blockRange?: bigint | undefined;
};

/** Where a participant's self-declared profile is now, and who put it there. */
export interface ParticipantProfile {
  /** The profile's URI ("" when none was given). */
  metadataURI: string;
  /** Who set it: the zone admin at onboarding or later, or the participant itself. */
  changedBy: Address;
  /** The block of the event that set it. */
  blockNumber: bigint;
}

/** The profile, or null when the account was not onboarded (in the blocks read). */
export type GetParticipantProfileReturnType = ParticipantProfile | null;

/**
 * Reads where a participant's profile is published now, from the directory's events (the contract
 * keeps no copy): the URI of its onboarding or of its latest `setMetadataURI`. It reads the logs from
 * `fromBlock` (the deployment's by default) in pages of `blockRange` blocks: on a long chain, prefer an
 * indexer (`Participant.metadataURI`, `declaredName`) or give `fromBlock`. The profile is
 * self-declared (the participant can move it at will); read the organisation's name from
 * {@link getAttestedNames}, and a profile's own name with {@link declaredNameIn}.
 *
 * @example
 * const profile = await getParticipantProfile(context, { address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" })
 * declaredNameIn(profile?.metadataURI, "en") // "Suicheng Data Exchange", or null for a profile published elsewhere
 */
export async function getParticipantProfile(
  context: Pick<DprContext, "publicClient" | "deployment">,
  parameters: GetParticipantProfileParameters,
): Promise<GetParticipantProfileReturnType> {
  try {
    if (!isAddress(parameters.address, { strict: false })) {
      throw new InvalidArgumentError(`not an address: ${String(parameters.address)}`, { hint: "expected 0x followed by 40 hex digits" });
    }
    const account = pad(getAddress(parameters.address).toLowerCase() as Hex, { size: 32 });
    const { publicClient, deployment } = context;
    const topic = (eventName: "ParticipantAdded" | "ParticipantMetadataChanged") =>
      encodeEventTopics({ abi: participantDirectoryAbi, eventName })[0]!;
    const logs = await getLogsPaged(publicClient, {
      queries: [{ address: deployment.contracts.directory, topics: [[topic("ParticipantAdded"), topic("ParticipantMetadataChanged")], account] }],
      fromBlock: parameters.fromBlock ?? deployment.deploymentBlock,
      toBlock: parameters.toBlock ?? (await publicClient.getBlockNumber()),
      blockRange: parameters.blockRange ?? defaultBlockRange,
    });
    const latest = parseEventLogs({ abi: participantDirectoryAbi, logs }).at(-1);
    if (!latest || (latest.eventName !== "ParticipantAdded" && latest.eventName !== "ParticipantMetadataChanged")) return null;
    return {
      metadataURI: latest.args.metadataURI,
      changedBy: latest.eventName === "ParticipantAdded" ? latest.args.addedBy : latest.args.changedBy,
      blockNumber: latest.blockNumber,
    };
  } catch (error) {
    throw toDprError(context, error);
  }
}
