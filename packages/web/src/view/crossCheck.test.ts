import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n/translate.js";
import { crossCheck } from "./crossCheck.js";
import { GRANTEE, details, indexedDataset, participants, registered, unregistered } from "./testing/fixtures.js";

const en = createTranslator("en");
const sentences = (check: ReturnType<typeof crossCheck>) => check.discrepancies.map((m) => en.message(m));

describe("crossCheck", () => {
  it("finds nothing to say when the indexer agrees and is up to date", () => {
    expect(crossCheck(registered(), details(indexedDataset()), participants())).toEqual({ discrepancies: [], lag: null });
  });

  it("names both statuses when they differ", () => {
    const check = crossCheck(registered({ status: "disputed" }), details(indexedDataset({ status: "confirmed" })), participants());
    expect(sentences(check)).toEqual(["Status: the chain says “Disputed”, the indexer says “Confirmed”."]);
  });

  it("names both holders when they differ, and says how far behind the indexer is", () => {
    const check = crossCheck(registered(), details(indexedDataset({ holderAddress: GRANTEE.toLowerCase() }), 35), participants());
    expect(sentences(check)).toEqual([`Holder: the chain says City Health Commission (Guangzhou), the indexer says ${GRANTEE.toLowerCase()}.`]);
    expect(en.message(check.lag!)).toBe("The indexer has read up to block 35; the chain was read at block 40.");
  });

  it("does not call a registration the indexer has not reached yet a disagreement", () => {
    const notYet = crossCheck(registered({ registeredBlock: 39n }), details(null, 38), participants());
    expect(notYet.discrepancies).toEqual([]);
    expect(notYet.lag).not.toBeNull();
    const missing = crossCheck(registered(), details(null, 40), participants());
    expect(sentences(missing)).toEqual(["The chain has this registration, but the indexer (at block 40) does not list it."]);
  });

  it("reports a registration the indexer lists and the chain does not have", () => {
    expect(sentences(crossCheck(unregistered(), details(indexedDataset({ status: "pending" })), participants()))).toEqual([
      "The indexer lists this content as a registered dataset (status “Pending”), but the chain has no such registration.",
    ]);
    expect(crossCheck(unregistered(), details(null), participants()).discrepancies).toEqual([]);
  });
});
