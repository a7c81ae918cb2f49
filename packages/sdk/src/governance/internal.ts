/** What the governance actions share: the deployment's Safe and timelock, sending, and the timelock's refusals. */
import { type Address, type Hash, type Hex, BaseError, ContractFunctionRevertedError, decodeErrorResult, isAddressEqual } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { DprError, SignerRequiredError, TransactionFailedError, WrongChainError } from "../errors/base.js";
import { decodeDprError } from "../errors/decode.js";
import { zoneTimelockAbi } from "../generated/abis.js";
import { GovernanceError } from "./errors.js";

/** The zone's Safe and timelock, from the deployment record; a `GovernanceError` when it has none. */
export function governanceOf(context: DprContext): { safe: Address; timelock: Address; minDelay: bigint } {
  const governance = context.deployment.governance;
  if (!governance) {
    throw new GovernanceError("invalid", "this deployment has no multisig and timelock governance", {
      hint: "deploy with governance (dpr deploy --governance-owners …), or send admin calls directly as the zone admin",
    });
  }
  return governance;
}


/** A revert of the timelock as a `GovernanceError` naming the rule; anything else as DPR's decoded errors. */
export function decodeGovernanceError(error: unknown, context: DprContext, functionName: string): DprError {
  if (error instanceof DprError) return error;
  const data = revertData(error);
  if (data) {
    try {
      const decoded = decodeErrorResult({ abi: zoneTimelockAbi, data });
      const args = (decoded.args ?? []) as readonly unknown[];
      switch (decoded.errorName) {
        case "TimelockInsufficientDelay":
          return new GovernanceError("refused", `the delay ${String(args[0])} s is shorter than the timelock's minimum, ${String(args[1])} s`, { cause: error });
        case "TimelockUnexpectedOperationState":
          return new GovernanceError("refused", `the timelock operation ${String(args[0])} is not in the state this step needs (scheduled already, not ready, or done)`, { cause: error });
        case "TimelockUnexecutedPredecessor":
          return new GovernanceError("refused", `the operation's predecessor ${String(args[0])} has not run yet`, { cause: error });
        case "TimelockUnauthorizedCaller":
          return new GovernanceError("refused", `${String(args[0])} may not call the timelock's own functions directly`, { cause: error });
        case "AccessControlUnauthorizedAccount":
          if (functionName.startsWith("schedule") || functionName === "cancel" || functionName.startsWith("execute")) {
            return new GovernanceError("refused", `${String(args[0])} may not ${functionName} on the zone's timelock: only the zone's multisig proposes`, {
              hint: "propose through the multisig: dpr admin propose -- <command>",
              cause: error,
            });
          }
          break;
      }
    } catch {
      // not a timelock error: DPR's decoder names it
    }
  }
  return decodeDprError(error, { functionName, expectedChainId: context.deployment.chainId });
}

function revertData(error: unknown): Hex | undefined {
  if (!(error instanceof BaseError)) return undefined;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null;
  if (reverted?.raw) return reverted.raw;
  const withData = error.walk((e) => typeof (e as { data?: unknown }).data === "string") as { data?: Hex } | null;
  return withData?.data;
}

/** Checks the signer's chain, simulates, sends and waits for one call; errors decoded for governance. */
export async function sendGovernanceCall(
  context: DprContext,
  parameters: { action: string; address: Address; abi: readonly unknown[]; functionName: string; args: readonly unknown[] },
): Promise<{ txHash: Hash; blockNumber: bigint; gasUsed: bigint; logs: readonly { address: Address; data: Hex; topics: readonly Hex[] }[] }> {
  const { walletClient, publicClient, deployment } = context;
  if (!walletClient?.account) throw new SignerRequiredError(parameters.action);
  const decode = (error: unknown) => decodeGovernanceError(error, context, parameters.functionName);
  const chainId = await walletClient.getChainId().catch((error: unknown) => {
    throw decode(error);
  });
  if (chainId !== deployment.chainId) throw new WrongChainError({ expectedChainId: deployment.chainId, actualChainId: chainId });
  let request: unknown;
  try {
    ({ request } = await publicClient.simulateContract({ ...parameters, account: walletClient.account } as never));
  } catch (error) {
    throw decode(error);
  }
  let txHash: Hash;
  try {
    txHash = await walletClient.writeContract(request as never);
  } catch (error) {
    throw decode(error);
  }
  const receipt = await publicClient.waitForTransactionReceipt({ hash: txHash }).catch((error: unknown) => {
    throw decode(error);
  });
  const result = { txHash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
  if (receipt.status !== "success") throw new TransactionFailedError({ ...result, action: parameters.action });
  return { ...result, logs: receipt.logs };
}

/** Whether an address is among a list (case-insensitive). */
export const includesAddress = (list: readonly Address[], address: Address) => list.some((a) => isAddressEqual(a, address));
