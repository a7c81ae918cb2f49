import { DatasetStatus, ObjectionStatus } from "@dpr/sdk";
import { zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { type ChainEvent, lifeCycleAddresses, lifeCycleOf } from "./lifecycle.js";
import { DATASET, HOLDER, NEW_HOLDER, OBJECTOR, PARENT, REGISTRAR, REGISTRAR2, REGULATOR, T0 } from "./testing/fixtures.js";

let block = 10n;
const event = (eventName: string, args: Record<string, unknown>): ChainEvent => ({ eventName, args: { datasetId: DATASET, ...args }, blockNumber: ++block, time: T0 + block });
const record = { claim: 1, openObjections: 0, noticeRemaining: 0, grantsValidFrom: 0n, ancestryRevoked: false };
const noViews = { objections: new Map<string, number>(), decision: null };

describe("lifeCycleOf", () => {
  it("tells how the previous claim ended, and reads only the current claim's objections", () => {
    const events = [
      event("DatasetRegistered", { holder: OBJECTOR, claim: 1 }),
      event("DatasetObjected", { objector: HOLDER, organisation: HOLDER, claim: 1 }),
      event("DatasetRefused", { registrar: REGISTRAR, claim: 1 }),
      event("DatasetRegistered", { holder: HOLDER, claim: 2 }),
    ];
    const life = lifeCycleOf({ ...record, claim: 2 }, noViews, events);
    expect(life.previousClaim).toEqual({ claim: 1, outcome: "refused", by: REGISTRAR, time: events[2]!.time });
    expect(life.objections).toEqual([]);
    expect(life.ended).toBeNull();
  });

  it("takes a rejection by the quorum as the end of a claim, by the vote that completed it", () => {
    const events = [
      event("DatasetRegistered", { holder: OBJECTOR, claim: 1 }),
      event("DatasetDisputeResolved", { resolver: REGULATOR, upheld: true, status: DatasetStatus.REJECTED }),
    ];
    expect(lifeCycleOf(record, noViews, events).ended).toEqual({ outcome: "rejected", by: REGULATOR, time: events[1]!.time });
    expect(lifeCycleOf({ ...record, claim: 2 }, noViews, [...events, event("DatasetRegistered", { claim: 2 })]).previousClaim?.outcome).toBe("rejected");
  });

  it("lists each organisation's objection with its status from objectionOf, and the votes of the pending decision", () => {
    const events = [
      event("DatasetRegistered", { holder: HOLDER, claim: 1 }),
      event("DatasetObjected", { objector: OBJECTOR, organisation: OBJECTOR, claim: 1 }),
      event("DatasetObjected", { objector: REGISTRAR2, organisation: REGISTRAR2, claim: 1 }),
      // A vote for another outcome, replaced by the run that starts at 1.
      event("DatasetDecisionVoted", { organisation: REGISTRAR, votes: 1, required: 2, correction: false, newHolder: NEW_HOLDER }),
      event("DatasetDecisionVoted", { organisation: REGULATOR, votes: 1, required: 2, correction: false, newHolder: zeroAddress }),
    ];
    const life = lifeCycleOf(
      { ...record, openObjections: 2, noticeRemaining: 90 },
      {
        objections: new Map([
          [OBJECTOR.toLowerCase(), ObjectionStatus.OPEN],
          [REGISTRAR2.toLowerCase(), ObjectionStatus.OPEN],
        ]),
        decision: { correction: false, newHolder: zeroAddress, votes: 1, required: 2 },
      },
      events,
    );
    expect(life.objections.map((o) => [o.organisation, o.status])).toEqual([
      [OBJECTOR, "open"],
      [REGISTRAR2, "open"],
    ]);
    expect(life.decision).toEqual({ correction: false, newHolder: null, votes: 1, required: 2, voters: [REGULATOR] });
    expect(life.noticeRemaining).toBe(90n);
    expect(lifeCycleAddresses(life)).toEqual([OBJECTOR, OBJECTOR, REGISTRAR2, REGISTRAR2, REGULATOR]);
  });

  it("reads a holder correction, a revoked ancestry and its re-confirmation", () => {
    const corrected = lifeCycleOf({ ...record, grantsValidFrom: 3n }, noViews, [
      event("DatasetRegistered", { holder: OBJECTOR, claim: 1 }),
      event("DatasetHolderCorrected", { previousHolder: OBJECTOR, holder: HOLDER, decidedBy: REGULATOR, grantsValidFrom: 3n }),
    ]);
    expect(corrected.corrected).toMatchObject({ previousHolder: OBJECTOR, holder: HOLDER, by: REGULATOR, grantsValidFrom: 3n });

    const marking = [event("DatasetRegistered", { holder: HOLDER, claim: 1 }), event("DatasetAncestryRevoked", { parentId: PARENT, markedBy: OBJECTOR })];
    const marked = lifeCycleOf({ ...record, ancestryRevoked: true }, noViews, marking);
    expect(marked.ancestryRevoked).toEqual({ parentId: PARENT, markedBy: OBJECTOR, time: marking[1]!.time });
    expect(marked.reconfirmed).toBeNull();
    const cleared = lifeCycleOf(record, noViews, [...marking, event("DatasetReconfirmed", { registrar: REGISTRAR })]);
    expect([cleared.ancestryRevoked, cleared.reconfirmed?.registrar]).toEqual([null, REGISTRAR]);
  });

  it("says what the record says when the events could not be read", () => {
    const life = lifeCycleOf({ ...record, claim: 3, ancestryRevoked: true, noticeRemaining: 5 }, noViews, []);
    expect([life.claim, life.previousClaim, life.noticeRemaining, life.ancestryRevoked]).toEqual([3, null, 5n, { parentId: null, markedBy: null, time: null }]);
  });
});
