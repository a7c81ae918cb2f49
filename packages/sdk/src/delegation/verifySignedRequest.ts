import { type Address, decodeFunctionData, getAddress, isAddressEqual, recoverTypedDataAddress } from "viem";
import { transportUrl } from "../actions/internal/write.js";
import type { DprContext } from "../deployments/deployment.js";
import { WrongChainError } from "../errors/base.js";
import { decodeDprError } from "../errors/decode.js";
import { isoTime } from "../actions/internal/time.js";
import { requestForwarderAbi } from "../generated/abis.js";
import { DelegatedRequestError } from "./errors.js";
import {
  type DelegatedContract,
  FORWARDER_DOMAIN_NAME,
  FORWARDER_DOMAIN_VERSION,
  type SignedRequest,
  delegatedAbis,
  delegatedContracts,
  forwardRequestData,
  forwardRequestMessage,
  forwardRequestTypes,
  forwarderDomain,
  toJsonValue,
} from "./signedRequest.js";

export interface VerifySignedRequestReturnType {
  /** The officer who signed it (recovered from the signature): the registries will act for this account. */
  signer: Address;
  /** The SDK action that built the call, as the document labels it. */
  action: string;
  /** The registry called, and its address. */
  contract: DelegatedContract;
  to: Address;
  /** The function and its arguments, decoded from the signed data (bigints as bigints). */
  functionName: string;
  args: readonly unknown[];
  /** The signer's forwarder nonce the request uses (the next unused one). */
  nonce: bigint;
  /** Unix seconds after which the request is refused. */
  deadline: bigint;
  /** The gas the call is given. */
  gas: bigint;
}

/**
 * Checks a signed request against this deployment and the chain now, as the forwarder will and more:
 * the domain is this deployment's forwarder and chain (and the forwarder on chain says so), the signature
 * recovers to `request.from`, the target is one of this deployment's registries, no ether is attached, the
 * nonce is the signer's next (an earlier one means it was used: a replay), the deadline has not passed,
 * `forwarder.verify` accepts it, and the described call is the signed one. Returns the signer and the call
 * decoded from the signed data; throws a {@link DelegatedRequestError} naming the first failed check.
 *
 * It does not check the registries' rules (whether the signer may still do this); {@link submitDelegatedRequest} does.
 *
 * @example
 * const { signer, functionName, args } = await verifySignedRequest(context, parseSignedRequest(text))
 */
export async function verifySignedRequest(context: DprContext, request: SignedRequest): Promise<VerifySignedRequestReturnType> {
  const { publicClient, deployment } = context;
  // Checksummed, for messages.
  const contracts = Object.fromEntries(Object.entries(deployment.contracts).map(([name, address]) => [name, getAddress(address)])) as unknown as typeof deployment.contracts;
  const r = request.request;

  if (request.chainId !== deployment.chainId) {
    throw new DelegatedRequestError("wrong-chain", `the request was signed for chain ${request.chainId}, but this deployment is on chain ${deployment.chainId}`, {
      hint: "a request is valid on the chain it was signed for only",
    });
  }
  if (!isAddressEqual(request.forwarder, contracts.forwarder)) {
    throw new DelegatedRequestError("wrong-forwarder", `the request was signed for forwarder ${request.forwarder}, not this deployment's (${contracts.forwarder})`, {
      hint: "it belongs to another deployment: submit it there",
    });
  }
  const contract = delegatedContracts.find((name) => isAddressEqual(contracts[name], r.to));
  if (!contract) {
    throw new DelegatedRequestError("not-a-registry", `the request calls ${r.to}, which is not one of this deployment's registries`, {
      hint: `delegated requests go to the dataset registry (${contracts.datasets}), the grant registry (${contracts.grants}) or the batch anchor registry (${contracts.anchors})`,
    });
  }
  if (BigInt(r.value) !== 0n) throw new DelegatedRequestError("value", `the request attaches ${r.value} wei: DPR's registries take no ether`);

  let signer: Address;
  try {
    signer = await recoverTypedDataAddress({
      domain: forwarderDomain(request.chainId, request.forwarder),
      types: forwardRequestTypes,
      primaryType: "ForwardRequest",
      message: forwardRequestMessage(r),
      signature: request.signature,
    });
  } catch (error) {
    throw new DelegatedRequestError("bad-signature", "the request's signature is malformed", { cause: error });
  }
  if (!isAddressEqual(signer, r.from)) {
    throw new DelegatedRequestError("bad-signature", `the signature does not recover to the request's signer ${r.from}`, {
      details: `it recovers to ${signer}`,
      hint: "the request was changed after it was signed: ask the signer for a new one",
    });
  }

  let functionName: string;
  let args: readonly unknown[];
  try {
    const decoded = decodeFunctionData({ abi: delegatedAbis[contract], data: r.data });
    functionName = decoded.functionName;
    args = (decoded.args ?? []) as readonly unknown[];
  } catch (error) {
    throw new DelegatedRequestError("call-mismatch", `the signed data is not a call of the ${contract} registry`, { cause: error });
  }
  // The description is for people and unsigned: it must say what the signed data does.
  if (request.call.contract !== contract || request.call.function !== functionName || JSON.stringify(request.call.args) !== JSON.stringify(args.map(toJsonValue))) {
    throw new DelegatedRequestError("call-mismatch", "the request's description does not match the signed call", {
      details: `signed: ${contract}.${functionName}(${JSON.stringify(args.map(toJsonValue))}); described: ${request.call.contract}.${request.call.function}(${JSON.stringify(request.call.args)})`,
      hint: "the document was edited after signing: trust only the signed call, or ask the signer for a new request",
    });
  }

  const decode = (error: unknown) => decodeDprError(error, { url: transportUrl(publicClient), expectedChainId: deployment.chainId });
  let chainId: number;
  let now: bigint;
  let domain: readonly unknown[];
  let current: bigint;
  let accepted: boolean;
  try {
    chainId = await publicClient.getChainId();
    now = (await publicClient.getBlock({ blockTag: "latest" })).timestamp;
    domain = await publicClient.readContract({ address: contracts.forwarder, abi: requestForwarderAbi, functionName: "eip712Domain" });
    current = await publicClient.readContract({ address: contracts.forwarder, abi: requestForwarderAbi, functionName: "nonces", args: [signer] });
    accepted = await publicClient.readContract({ address: contracts.forwarder, abi: requestForwarderAbi, functionName: "verify", args: [forwardRequestData(request)] });
  } catch (error) {
    throw decode(error);
  }
  if (chainId !== deployment.chainId) throw new WrongChainError({ expectedChainId: deployment.chainId, actualChainId: chainId });
  const [, name, version, domainChainId, verifyingContract] = domain as [unknown, string, string, bigint, Address];
  if (name !== FORWARDER_DOMAIN_NAME || version !== FORWARDER_DOMAIN_VERSION || domainChainId !== BigInt(deployment.chainId) || !isAddressEqual(verifyingContract, contracts.forwarder)) {
    throw new DelegatedRequestError("wrong-forwarder", `the contract at ${contracts.forwarder} is not a DPR request forwarder for chain ${deployment.chainId}`, {
      details: `its EIP-712 domain is ${JSON.stringify({ name, version, chainId: String(domainChainId), verifyingContract })}`,
    });
  }
  const nonce = BigInt(r.nonce);
  if (nonce < current) {
    throw new DelegatedRequestError("used", `the request (nonce ${nonce} of ${signer}) was used already: a request is submitted once`, {
      hint: `the signer's next request has nonce ${current}`,
    });
  }
  if (nonce > current) {
    throw new DelegatedRequestError("nonce-ahead", `the request has nonce ${nonce}, but ${signer}'s next is ${current}`, {
      hint: `submit the signer's requests with nonces ${current} to ${nonce - 1n} first`,
    });
  }
  const deadline = BigInt(r.deadline);
  // The next block is later than the latest: a request due at the latest block's time is too late already.
  if (deadline <= now) {
    throw new DelegatedRequestError("expired", `the request expired at ${isoTime(deadline)} (the chain's time is ${isoTime(now)})`, {
      hint: "ask the signer for a new request with a later deadline",
    });
  }
  if (!accepted) throw new DelegatedRequestError("not-accepted", "the forwarder does not accept the request (forwarder.verify)");

  return { signer, action: request.call.action, contract, to: contracts[contract], functionName, args, nonce, deadline, gas: BigInt(r.gas) };
}

