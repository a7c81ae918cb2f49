import type { Address } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { DprError, InvalidArgumentError } from "../errors/base.js";
import { type CaptureMode, type CapturedCall, CallCapturedSignal } from "./internal/write.js";

export type { CapturedCall } from "./internal/write.js";

export interface CaptureCallParameters<T> {
  /**
   * The account the call will come from, for whom the chain's rules are checked (a simulation): the officer
   * who signs a delegated request, or the zone's timelock for an admin call carried through governance.
   */
  as: Address;
  /**
   * Runs one SDK write action on the context it is given, e.g.
   * `(context) => registerDataset(context, { … })`. Its contract calls are captured and not sent.
   */
  run: (context: DprContext) => Promise<T>;
}

/**
 * The contract call an SDK write action would send, checked but not sent: the action validates its
 * parameters and builds its call as usual, the chain's rules are checked for `as` by a simulation (a
 * refused call throws the decoded rule, as the action would), and the call comes back encoded. Used to
 * sign requests for someone else to submit (`signDelegatedRequest`).
 *
 * An action that would send more than one transaction (onboarding with an attested name) is refused:
 * capture it with `captureCalls`. An action that sends none throws.
 *
 * @example
 * const call = await captureCall(context, { as: officer, run: (ctx) => confirmDataset(ctx, { datasetId }) })
 * // call.to, call.data: what the officer's transaction would have been
 */
export async function captureCall<T>(context: DprContext, parameters: CaptureCallParameters<T>): Promise<CapturedCall> {
  const calls = await captureCalls(context, parameters);
  if (calls.length > 1) {
    throw new InvalidArgumentError(`${calls[0]!.action} sends ${calls.length} calls (${calls.map((c) => c.functionName).join(", ")}), and only one can be captured here`, {
      hint: "a delegated request carries one call: send the action's calls one at a time",
    });
  }
  return calls[0]!;
}

/**
 * The contract calls an SDK write action would send, in order, checked but not sent, for an operation
 * that runs them all at once (an admin proposal through the zone's multisig and timelock). The first is
 * simulated for `as`; calls that depend on it (an onboarding's name attestation, which needs the account
 * onboarded) are checked by the action, and run only after it in the same operation, so that a refusal
 * undoes both.
 *
 * @example
 * const calls = await captureCalls(context, { as: timelock, run: (ctx) => addParticipant(ctx, { …, attestedName }) })
 * // [addParticipant, attestName]
 */
export async function captureCalls<T>(context: DprContext, parameters: CaptureCallParameters<T>): Promise<readonly CapturedCall[]> {
  const capturing: DprContext & { capture: CaptureMode } = { ...context, capture: { as: parameters.as } };
  try {
    await parameters.run(capturing);
  } catch (error) {
    if (error instanceof CallCapturedSignal) return error.calls;
    throw error;
  }
  throw new DprError("the action sent no transaction, so there is no call to capture");
}
