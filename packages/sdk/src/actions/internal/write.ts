/**
 * What every write action does: check the signer and the chain, simulate (so a refused call costs no
 * gas and comes back as a decoded rule), send, wait for the receipt and read the contract's events.
 */
import {
  type Abi,
  type Address,
  type Hex,
  type ContractEventArgsFromTopics,
  type ContractEventName,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hash,
  type TransactionReceipt,
  encodeFunctionData,
  isAddressEqual,
  parseEventLogs,
} from "viem";
import type { DprContracts } from "../deployContracts.js";
import type { DprContext } from "../../deployments/deployment.js";
import { DprError, SignerRequiredError, TransactionFailedError, WrongChainError } from "../../errors/base.js";
import { decodeDprError } from "../../errors/decode.js";

/** The stages of a write, reported to `onStatus`: the CLI shows them as progress. */
export type WriteStatus = "simulating" | "sending" | "waiting";

/** What every write action accepts besides its own parameters. */
export interface WriteParameters {
  /** Called as the write moves on: `"simulating"`, `"sending"`, then `"waiting"` with the transaction hash. */
  onStatus?: ((status: WriteStatus, txHash?: Hash) => void) | undefined;
}

/** What every write action returns besides its own results. */
export interface WriteReturnType {
  txHash: Hash;
  blockNumber: bigint;
  gasUsed: bigint;
}

type Mutating = "nonpayable" | "payable";

/** The URL of a client's HTTP transport, when it has one (for messages). */
export function transportUrl(client: { transport: unknown } | undefined): string | undefined {
  const url = (client?.transport as { url?: unknown } | undefined)?.url;
  return typeof url === "string" ? url : undefined;
}

/** A contract call that an SDK action would send, captured instead (see `captureCall`). */
export interface CapturedCall {
  /** The SDK action that made it (e.g. `"registerDataset"`). */
  action: string;
  /** Which of the deployment's contracts it calls. */
  contract: keyof DprContracts;
  /** That contract's address. */
  to: Address;
  /** The function, and its arguments as the action built them. */
  functionName: string;
  args: readonly unknown[];
  /** The ABI-encoded call. */
  data: Hex;
}

/** Set on a context by `captureCall`: the next write is captured, not sent. */
export interface CaptureMode {
  /** Who the chain's rules are checked for: the account that will make the call (a signer, a timelock). */
  as: Address;
}

/**
 * Thrown through the action by a captured write, and caught by `captureCalls` alone. `call` is the first
 * call; an action whose later calls depend on it being mined first adds them (`followedBy`): they run
 * after it in the same operation, so they cannot be simulated beforehand.
 */
export class CallCapturedSignal extends DprError {
  readonly calls: readonly CapturedCall[];
  constructor(
    readonly call: CapturedCall,
    followedBy: readonly CapturedCall[] = [],
  ) {
    super(`${call.action}: captured, not sent`);
    this.calls = [call, ...followedBy];
  }
}

/** The capture mode a context is in (`captureCalls`), or undefined when its writes are sent. */
export function captureModeOf(context: DprContext): CaptureMode | undefined {
  return (context as DprContext & { capture?: CaptureMode }).capture;
}

/**
 * Simulates, sends and waits for one contract call; throws only `DprError`s. `action` is the SDK
 * action's name, for messages. On a context in capture mode (`captureCall`), it checks the call against
 * the chain's rules for the capturing account and hands it back instead of sending it.
 */
export async function writeDprContract<const abi extends Abi, functionName extends ContractFunctionName<abi, Mutating>>(
  context: DprContext,
  parameters: {
    action: string;
    contract: keyof DprContracts;
    abi: abi;
    functionName: functionName;
    args: ContractFunctionArgs<abi, Mutating, functionName>;
    onStatus?: WriteParameters["onStatus"];
  },
): Promise<WriteReturnType & { receipt: TransactionReceipt }> {
  const { action, abi, functionName, args, onStatus } = parameters;
  const { publicClient, walletClient, deployment } = context;
  const capture = captureModeOf(context);
  if (capture) {
    const to = deployment.contracts[parameters.contract];
    onStatus?.("simulating");
    try {
      await publicClient.simulateContract({ address: to, abi, functionName, args, account: capture.as } as never);
    } catch (error) {
      throw decodeDprError(error, { functionName: String(functionName), url: transportUrl(publicClient), expectedChainId: deployment.chainId });
    }
    const data = encodeFunctionData({ abi, functionName, args } as never);
    throw new CallCapturedSignal({ action, contract: parameters.contract, to, functionName: String(functionName), args: args as readonly unknown[], data });
  }
  if (!walletClient?.account) throw new SignerRequiredError(action);
  const account = walletClient.account;
  const url = transportUrl(walletClient) ?? transportUrl(publicClient);
  const decode = (error: unknown) =>
    decodeDprError(error, { functionName: String(functionName), url, expectedChainId: deployment.chainId });

  let chainId: number;
  try {
    chainId = await walletClient.getChainId();
  } catch (error) {
    throw decode(error);
  }
  if (chainId !== deployment.chainId) {
    throw new WrongChainError({ expectedChainId: deployment.chainId, actualChainId: chainId });
  }

  const address = deployment.contracts[parameters.contract];
  onStatus?.("simulating");
  let request: unknown;
  try {
    ({ request } = await publicClient.simulateContract({ address, abi, functionName, args, account } as never));
  } catch (error) {
    throw decode(error);
  }

  onStatus?.("sending");
  let txHash: Hash;
  try {
    txHash = await walletClient.writeContract(request as never);
  } catch (error) {
    throw decode(error);
  }

  onStatus?.("waiting", txHash);
  let receipt: TransactionReceipt;
  try {
    receipt = await publicClient.waitForTransactionReceipt({ hash: txHash });
  } catch (error) {
    throw decode(error);
  }
  const result = { txHash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
  if (receipt.status !== "success") throw new TransactionFailedError({ ...result, action });
  return { ...result, receipt };
}

/**
 * The arguments of the first `eventName` event that `contract` emitted in the receipt. Its absence means
 * the deployment record does not point at DPR contracts, which is reported as such.
 */
export function eventOf<const abi extends Abi, eventName extends ContractEventName<abi>>(
  context: DprContext,
  receipt: TransactionReceipt,
  parameters: { contract: keyof DprContracts; abi: abi; eventName: eventName },
): ContractEventArgsFromTopics<abi, eventName> {
  return eventsOf(context, receipt, parameters)[0]!;
}

/** The arguments of every `eventName` event that `contract` emitted in the receipt (at least one). */
export function eventsOf<const abi extends Abi, eventName extends ContractEventName<abi>>(
  context: DprContext,
  receipt: TransactionReceipt,
  parameters: { contract: keyof DprContracts; abi: abi; eventName: eventName; optional?: boolean },
): ContractEventArgsFromTopics<abi, eventName>[] {
  const address = context.deployment.contracts[parameters.contract];
  const logs = parseEventLogs({ abi: parameters.abi as Abi, logs: receipt.logs, eventName: parameters.eventName as string, strict: true })
    .filter((log) => isAddressEqual(log.address, address))
    .map((log) => log.args as ContractEventArgsFromTopics<abi, eventName>);
  if (logs.length === 0 && !parameters.optional) {
    throw new DprError(`transaction ${receipt.transactionHash} emitted no ${parameters.eventName} event`, {
      hint: `is the deployment record right? ${parameters.contract} is ${address}`,
    });
  }
  return logs;
}
