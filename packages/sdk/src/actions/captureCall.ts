import type { Address } from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { DprError } from "../errors/base.js";
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
   * `(context) => registerDataset(context, { … })`. Its first contract call is captured and not sent.
   */
  run: (context: DprContext) => Promise<T>;
}

/**
 * The contract call an SDK write action would send, checked but not sent: the action validates its
 * parameters and builds its call as usual, the chain's rules are checked for `as` by a simulation (a
 * refused call throws the decoded rule, as the action would), and the call comes back encoded. Used to
 * sign requests for someone else to submit (`signDelegatedRequest`) and to propose admin calls through
 * the zone's multisig and timelock.
 *
 * An action that sends several transactions is captured at its first; an action that sends none throws.
 *
 * @example
 * const call = await captureCall(context, { as: officer, run: (ctx) => confirmDataset(ctx, { datasetId }) })
 * // call.to, call.data: what the officer's transaction would have been
 */
export async function captureCall<T>(context: DprContext, parameters: CaptureCallParameters<T>): Promise<CapturedCall> {
  const capturing: DprContext & { capture: CaptureMode } = { ...context, capture: { as: parameters.as } };
  try {
    await parameters.run(capturing);
  } catch (error) {
    if (error instanceof CallCapturedSignal) return error.call;
    throw error;
  }
  throw new DprError("the action sent no transaction, so there is no call to capture");
}
