import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n/translate.js";
import { crossCheck as check, indexerClock } from "./crossCheck.js";
import { BLOCK_40_TIME, GRANTEE, T0, details, indexedDataset, participants, rawRecord, registered, unregistered } from "./testing/fixtures.js";

const en = createTranslator("en", { timeZone: "UTC" });
const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
const sentences = (result: ReturnType<typeof check>) => result.discrepancies.map((m) => en.message(m));
/** The fixtures' chain answers are read at block 40. */
const crossCheck = (result: Parameters<typeof check>[0], indexed: Parameters<typeof check>[1], names: Parameters<typeof check>[2]) => check(result, indexed, names, BLOCK_40_TIME);
const check4 = (result: Parameters<typeof check>[0], indexed: Parameters<typeof check>[1], names: Parameters<typeof check>[2], items: Parameters<typeof check>[4]) =>
  check(result, indexed, names, BLOCK_40_TIME, items);

describe("crossCheck", () => {
  it("finds nothing to say when the indexer agrees and is up to date", () => {
    expect(crossCheck(registered(), details(indexedDataset()), participants())).toEqual({ discrepancies: [], lag: null, notes: [] });
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

  it("names both claims when the indexer describes another claim on the same content", () => {
    const chain = registered({ dataset: { ...registered().dataset, raw: rawRecord({ claim: 2 }) } });
    const check = crossCheck(chain, details(indexedDataset({ claim: 1, status: "refused" })), participants());
    expect(sentences(check)).toEqual(["Claim: the chain has claim 2 on this content, the indexer claim 1.", "Status: the chain says “Confirmed”, the indexer says “Refused”."]);
    expect(zh.message(check.discrepancies[0]!)).toBe("登记申请：区块链显示本内容的第 2 次申请，索引服务显示第 1 次。");
  });

  it("does not call a registration the indexer has not reached yet a disagreement", () => {
    const notYet = crossCheck(registered({ registeredBlock: 39n }), details(null, 38), participants());
    expect(notYet.discrepancies).toEqual([]);
    expect(notYet.lag).not.toBeNull();
    const missing = crossCheck(registered(), details(null, 40), participants());
    expect(sentences(missing)).toEqual(["The chain has this registration, but the indexer (at block 40) does not list it."]);
  });

  it("adds the item checks' disagreements (grants, objections, confirmations) after its own", () => {
    const items = { discrepancies: [{ key: "checks.grant.missing" as const, params: { id: 99n } }] };
    const check = check4(registered({ status: "disputed" }), details(indexedDataset({ status: "confirmed" })), participants(), items);
    expect(sentences(check)).toEqual([
      "Status: the chain says “Disputed”, the indexer says “Confirmed”.",
      "Grant #99: the indexer lists it, but the chain has no such grant on this dataset.",
    ]);
    expect(check4(registered(), details(indexedDataset()), participants(), { discrepancies: [] }).discrepancies).toEqual([]);
  });

  it("reports a registration the indexer lists and the chain does not have", () => {
    expect(sentences(crossCheck(unregistered(), details(indexedDataset({ status: "pending" })), participants()))).toEqual([
      "The indexer lists this content as a registered dataset (status “Pending”), but the chain has no such registration.",
    ]);
    expect(crossCheck(unregistered(), details(null), participants()).discrepancies).toEqual([]);
  });
});

describe("crossCheck, when the chain's clock and the indexer's differ", () => {
  /** The end of the notice period: 2026-11-28T09:01:00Z. */
  const END = T0 + 3660n;
  /** In notice, as the chain answers before END. */
  const inNotice = registered({ status: "notice" });
  const confirmedByIndexer = indexedDataset({ status: "confirmed", noticeEndsAt: String(END) });
  /** The indexer's answer, given at `answeredAt`, its last block (40) being the one the chain was read at. */
  const indexerAt = (dataset: ReturnType<typeof indexedDataset>, answeredAt: bigint, blockTime = END - 100n) => details(dataset, 40, { blockTime, answeredAt });

  it("takes a notice period ended by the indexer's clock, but not yet by the chain's latest block, for no disagreement, and says so", () => {
    const result = check(inNotice, indexerAt(confirmedByIndexer, END + 30n), participants(), END - 100n);
    expect(result.discrepancies).toEqual([]);
    expect(result.notes.map((m) => en.message(m))).toEqual([
      "The public notice period ended at Nov 28, 2026, 9:01:00 AM; the chain's clock (its latest block, 40, at Nov 28, 2026, 8:59:20 AM) has not reached it yet, so the contracts still answer “In notice”. The indexer, which goes by the current time, already says “Confirmed”.",
    ]);
    expect(zh.message(result.notes[0]!)).toBe(
      "公示期已于 2026年11月28日 17:01:00 结束；区块链的时钟（其最新区块即第 40 号区块，时间为 2026年11月28日 16:59:20）尚未走到这一时刻，因此合约仍回答“公示中”。索引服务按当前时间计算，已显示“已确权”。",
    );
  });

  it("explains it up to the boundaries: a chain clock one second before the end, an indexer clock exactly at it", () => {
    const result = check(inNotice, indexerAt(confirmedByIndexer, END), participants(), END - 1n);
    expect(result.discrepancies).toEqual([]);
    expect(result.notes.map((m) => m.key)).toEqual(["crosscheck.clock.chainBehind"]);
  });

  it("does not explain a chain that still says “in notice” when its block's time is the end itself: that is a disagreement", () => {
    // The contracts end the notice period at its end (block.timestamp < noticeEndsAt is in notice).
    const result = check(inNotice, indexerAt(confirmedByIndexer, END + 30n), participants(), END);
    expect(sentences(result)).toEqual(["Status: the chain says “In notice”, the indexer says “Confirmed”."]);
    expect(result.notes).toEqual([]);
  });

  it("warns as before when no clock explains the difference", () => {
    const disagree = (indexed: ReturnType<typeof details>, chainTime = END - 100n) => sentences(check(inNotice, indexed, participants(), chainTime));
    const warning = ["Status: the chain says “In notice”, the indexer says “Confirmed”."];
    // The notice period has not ended by the indexer's clock either.
    expect(disagree(indexerAt(confirmedByIndexer, END - 1n))).toEqual(warning);
    // The indexer records another end.
    expect(disagree(indexerAt(indexedDataset({ status: "confirmed", noticeEndsAt: String(END - 600n) }), END + 30n))).toEqual(warning);
    expect(disagree(indexerAt(indexedDataset({ status: "confirmed", noticeEndsAt: null }), END + 30n))).toEqual(warning);
    // A status the clock does not move to.
    expect(sentences(check(inNotice, indexerAt(indexedDataset({ status: "disputed", noticeEndsAt: String(END) }), END + 30n), participants(), END - 100n))).toEqual([
      "Status: the chain says “In notice”, the indexer says “Disputed”.",
    ]);
    // The clock explains the status but not the holder: only the holder is a disagreement.
    const both = check(inNotice, indexerAt({ ...confirmedByIndexer, holderAddress: GRANTEE.toLowerCase() }, END + 30n), participants(), END - 100n);
    expect(sentences(both)).toEqual([`Holder: the chain says City Health Commission (Guangzhou), the indexer says ${GRANTEE.toLowerCase()}.`]);
    expect(both.notes).toHaveLength(1);
  });

  it("explains it the other way round: the chain's clock past the end, the indexer's not yet", () => {
    const indexerInNotice = indexedDataset({ status: "notice", noticeEndsAt: String(END) });
    const result = check(registered({ status: "confirmed" }), indexerAt(indexerInNotice, END - 20n, END - 100n), participants(), END + 5n);
    expect(result.discrepancies).toEqual([]);
    expect(result.notes.map((m) => en.message(m))).toEqual([
      "The public notice period ended at Nov 28, 2026, 9:01:00 AM by the chain's clock (block 40, at Nov 28, 2026, 9:01:05 AM), so the contracts answer “Confirmed”; the indexer's clock (Nov 28, 2026, 9:00:40 AM) has not reached it yet, so it still says “In notice”.",
    ]);
    // Not when the indexer's clock has passed the end too: then it should say confirmed.
    expect(sentences(check(registered({ status: "confirmed" }), indexerAt(indexerInNotice, END), participants(), END + 5n))).toEqual([
      "Status: the chain says “Confirmed”, the indexer says “In notice”.",
    ]);
  });

  it("takes the indexer's clock as the later of its answer's time and its last block's", () => {
    expect(indexerClock(details(null, 40, { blockTime: END, answeredAt: END - 50n }))).toBe(END);
    expect(indexerClock(details(null, 40, { blockTime: END, answeredAt: END + 50n }))).toBe(END + 50n);
  });
});
