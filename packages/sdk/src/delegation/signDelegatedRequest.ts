import { decodeFunctionData, getAddress } from "viem";
import { captureCall } from "../actions/captureCall.js";
import { transportUrl } from "../actions/internal/write.js";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError, SignerRequiredError, WrongChainError } from "../errors/base.js";
import { decodeDprError } from "../errors/decode.js";
import { isoTime } from "../actions/internal/time.js";
import { requestForwarderAbi } from "../generated/abis.js";
import {
  type DelegatedContract,
  MAX_DEADLINE,
  SIGNED_REQUEST_FORMAT,
  type SignedRequest,
  delegatedAbis,
  delegatedContracts,
  forwardRequestMessage,
  forwardRequestTypes,
  forwarderDomain,
  toJsonValue,
} from "./signedRequest.js";

export interface SignDelegatedRequestParameters<T> {
  /**
   * Runs one SDK write action on the context it is given, e.g.
   * `(context) => confirmDataset(context, { datasetId })`: its call is captured, checked against the
   * chain's rules for the signer, and signed instead of sent.
   */
  run: (context: DprContext) => Promise<T>;
  /** When the request stops being valid: a `Date`, or unix seconds. Must be after the chain's latest block. */
  deadline: Date | bigint;
  /**
   * The signer's forwarder nonce to use. Left out, the next unused one is read from the chain; give it to
   * sign several requests in a row before any is submitted (they must then be submitted in nonce order).
   */
  nonce?: bigint | number | undefined;
  /** Gas added to the call's estimate, in percent (default 25): the forwarder gives the call exactly the signed gas. */
  gasMarginPercent?: number | undefined;
}

export type SignDelegatedRequestReturnType = SignedRequest;

/**
 * Signs a DPR write off line for someone else to submit (ERC-2771, like EAS's `*ByDelegation`): the
 * action's call is captured and checked against the chain's rules for the signer (the context's wallet
 * account), its gas estimated as the signer's, and an EIP-712 `ForwardRequest` signed with
 * `walletClient.signTypedData` (a keystore, a raw key or a remote signer). Nothing is sent and the signer
 * needs no funds: a relayer submits the request with {@link submitDelegatedRequest}, and the registries
 * act for the signer.
 *
 * Only the registries (datasets, grants, batch anchors) take delegated requests; the directory's offices
 * act directly.
 *
 * @example
 * const signed = await signDelegatedRequest(officerContext, {
 *   run: (ctx) => confirmDataset(ctx, { datasetId }),
 *   deadline: new Date(Date.now() + 86_400_000),
 * })
 * writeFileSync("confirm.request.json", JSON.stringify(signed, null, 2))
 */
export async function signDelegatedRequest<T>(
  context: DprContext,
  parameters: SignDelegatedRequestParameters<T>,
): Promise<SignDelegatedRequestReturnType> {
  const { publicClient, walletClient, deployment } = context;
  if (!walletClient?.account) throw new SignerRequiredError("signDelegatedRequest");
  const signer = walletClient.account.address;
  const decode = (error: unknown, functionName?: string) =>
    decodeDprError(error, { functionName, url: transportUrl(publicClient), expectedChainId: deployment.chainId });

  const deadline = parameters.deadline instanceof Date ? BigInt(Math.floor(parameters.deadline.getTime() / 1000)) : parameters.deadline;
  if (parameters.deadline instanceof Date && Number.isNaN(parameters.deadline.getTime())) {
    throw new InvalidArgumentError("the deadline is not a valid date");
  }
  if (deadline <= 0n || deadline > MAX_DEADLINE) throw new InvalidArgumentError(`the deadline ${deadline} is out of range (unix seconds, up to 2^48 - 1)`);
  const margin = parameters.gasMarginPercent ?? 25;
  if (!Number.isInteger(margin) || margin < 0 || margin > 1000) throw new InvalidArgumentError(`gasMarginPercent must be a whole number from 0 to 1000, not ${margin}`);
  if (parameters.nonce !== undefined && (BigInt(parameters.nonce) < 0n || (typeof parameters.nonce === "number" && !Number.isSafeInteger(parameters.nonce)))) {
    throw new InvalidArgumentError(`the nonce must be a whole number, not ${parameters.nonce}`);
  }

  let chainId: number;
  let now: bigint;
  try {
    chainId = await publicClient.getChainId();
    now = (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
  } catch (error) {
    throw decode(error);
  }
  // The signature commits to the deployment's chain: signing against a node of another chain would give a
  // request no one can use.
  if (chainId !== deployment.chainId) throw new WrongChainError({ expectedChainId: deployment.chainId, actualChainId: chainId });
  if (deadline <= now) {
    throw new InvalidArgumentError(`the deadline ${isoTime(deadline)} is not after the chain's time (${isoTime(now)})`, {
      hint: "give a later deadline",
    });
  }

  const call = await captureCall(context, { as: signer, run: parameters.run });
  const contract = call.contract as DelegatedContract;
  if (!delegatedContracts.includes(contract)) {
    throw new InvalidArgumentError(`${call.action} calls the ${call.contract}, which takes no delegated requests`, {
      hint: "only the dataset, grant and batch anchor registries do; the directory's offices act directly",
    });
  }

  const forwarder = deployment.contracts.forwarder;
  let nonce: bigint;
  let estimate: bigint;
  try {
    const current = await publicClient.readContract({ address: forwarder, abi: requestForwarderAbi, functionName: "nonces", args: [signer] });
    nonce = parameters.nonce === undefined ? current : BigInt(parameters.nonce);
    if (nonce < current) {
      throw new InvalidArgumentError(`nonce ${nonce} of ${signer} is used already: the next is ${current}`);
    }
    // As the signer, directly: the rules are the same through the forwarder, and the estimate's 21,000 of
    // intrinsic gas more than covers the 20 bytes the forwarder appends.
    estimate = await publicClient.estimateGas({ account: signer, to: call.to, data: call.data });
  } catch (error) {
    throw decode(error, call.functionName);
  }
  const gas = estimate + (estimate * BigInt(margin)) / 100n;

  const request: SignedRequest["request"] = {
    from: getAddress(signer),
    to: getAddress(call.to),
    value: "0",
    gas: gas.toString(),
    nonce: nonce.toString(),
    deadline: deadline.toString(),
    data: call.data,
  };
  let signature: `0x${string}`;
  try {
    signature = await walletClient.signTypedData({
      account: walletClient.account,
      domain: forwarderDomain(deployment.chainId, forwarder),
      types: forwardRequestTypes,
      primaryType: "ForwardRequest",
      message: forwardRequestMessage(request),
    });
  } catch (error) {
    throw decode(error);
  }
  // The arguments as the registry will decode them (structs by field name), for people to read.
  const decoded = decodeFunctionData({ abi: delegatedAbis[contract], data: call.data });
  return {
    format: SIGNED_REQUEST_FORMAT,
    chainId: deployment.chainId,
    forwarder: getAddress(forwarder),
    request,
    signature,
    call: { action: call.action, contract, function: decoded.functionName, args: ((decoded.args ?? []) as readonly unknown[]).map(toJsonValue) },
  };
}


