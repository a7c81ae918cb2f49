import { type Abi, type Address, type Hash, isAddressEqual, parseEventLogs } from "viem";
import type { DprContracts } from "../actions/deployContracts.js";
import { type WriteParameters, transportUrl, writeDprContract } from "../actions/internal/write.js";
import type { DprContext } from "../deployments/deployment.js";
import { decodeDprError } from "../errors/decode.js";
import { batchAnchorRegistryAbi, datasetRegistryAbi, grantRegistryAbi, participantDirectoryAbi, requestForwarderAbi } from "../generated/abis.js";
import type { DelegatedContract, SignedRequest } from "./signedRequest.js";
import { forwardRequestData } from "./signedRequest.js";
import { verifySignedRequest } from "./verifySignedRequest.js";

/** One event a DPR contract emitted in the transaction. */
export interface DelegatedRequestEvent {
  contract: keyof DprContracts;
  eventName: string;
  /** The event's arguments by name (bigints as bigints). */
  args: Readonly<Record<string, unknown>>;
}

export interface SubmitDelegatedRequestReturnType {
  /** The officer who signed: every event below acts for this account, not the submitter. */
  signer: Address;
  /** The submitter (relayer), who paid the gas. */
  submitter: Address;
  action: string;
  contract: DelegatedContract;
  functionName: string;
  args: readonly unknown[];
  /** The signer's forwarder nonce the request used. */
  nonce: bigint;
  txHash: Hash;
  blockNumber: bigint;
  gasUsed: bigint;
  /** The DPR events of the transaction, in order (the forwarder's `ExecutedForwardRequest` left out). */
  events: DelegatedRequestEvent[];
}

const eventAbis: readonly [keyof DprContracts, Abi][] = [
  ["directory", participantDirectoryAbi],
  ["datasets", datasetRegistryAbi],
  ["grants", grantRegistryAbi],
  ["anchors", batchAnchorRegistryAbi],
];

/**
 * Submits a request an officer signed ({@link signDelegatedRequest}) through the deployment's forwarder,
 * from the context's wallet (the relayer, who pays the gas and can do nothing but submit or withhold it).
 * The request is verified first ({@link verifySignedRequest}), then its call is checked against the
 * registries' rules for the signer, so a refusal is named before anything is sent (the forwarder itself
 * reports only that the forwarded call failed). Returns the transaction and the DPR events decoded from
 * the receipt, which record the signer as the actor.
 *
 * @example
 * const result = await submitDelegatedRequest(relayerContext, parseSignedRequest(text))
 * // result.signer: the officer; result.events[0]: e.g. DatasetRegistered { datasetId, holder: officer, … }
 */
export async function submitDelegatedRequest(
  context: DprContext,
  request: SignedRequest,
  options: WriteParameters = {},
): Promise<SubmitDelegatedRequestReturnType> {
  const { publicClient, deployment } = context;
  options.onStatus?.("simulating");
  const verified = await verifySignedRequest(context, request);
  // The registry's rules, checked for the signer: the same checks the forwarded call meets, with the
  // registry's own error rather than the forwarder's FailedCall.
  try {
    await publicClient.call({ account: verified.signer, to: verified.to, data: request.request.data });
  } catch (error) {
    throw decodeDprError(error, { functionName: verified.functionName, url: transportUrl(publicClient), expectedChainId: deployment.chainId });
  }

  const { txHash, blockNumber, gasUsed, receipt } = await writeDprContract(context, {
    action: `submitDelegatedRequest (${verified.action})`,
    contract: "forwarder",
    abi: requestForwarderAbi,
    functionName: "execute",
    args: [forwardRequestData(request)],
    onStatus: options.onStatus,
  });

  const events: DelegatedRequestEvent[] = [];
  for (const log of receipt.logs) {
    for (const [contract, abi] of eventAbis) {
      if (!isAddressEqual(log.address, deployment.contracts[contract])) continue;
      const [parsed] = parseEventLogs({ abi, logs: [log], strict: true });
      if (parsed) events.push({ contract, eventName: parsed.eventName, args: parsed.args as Record<string, unknown> });
    }
  }
  return {
    signer: verified.signer,
    submitter: context.walletClient!.account.address,
    action: verified.action,
    contract: verified.contract,
    functionName: verified.functionName,
    args: verified.args,
    nonce: verified.nonce,
    txHash,
    blockNumber,
    gasUsed,
    events,
  };
}
