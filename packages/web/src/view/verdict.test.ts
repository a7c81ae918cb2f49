import type { RegisteredContent } from "@dpr/sdk";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n/translate.js";
import {
  CONTENT,
  DATASET,
  GRANTEE,
  HOLDER,
  NEW_HOLDER,
  OBJECTOR,
  PARENT,
  REGISTRAR,
  REGISTRAR2,
  REGULATOR,
  T0,
  lifeCycle,
  participants,
  registered,
  unregistered,
} from "./testing/fixtures.js";
import { addressesOf, verdictStatus, verdictView } from "./verdict.js";

const en = createTranslator("en", { timeZone: "UTC" });
const facts = (view: ReturnType<typeof verdictView>) => Object.fromEntries(view.facts.map((f) => [f.label, en.value(f.value)]));

describe("verdictView", () => {
  it("says a confirmed registration is confirmed, by whom it is held and when its notice ended", () => {
    const view = verdictView(registered(), participants(), 31337);
    expect(view.status).toBe("confirmed");
    expect(en.message(view.headline)).toBe("Registered and confirmed");
    expect(en.message(view.summary)).toBe("Held by City Health Commission (Guangzhou). Registrars confirmed it and its public notice period ended on Nov 28, 2026, 9:01:00 AM.");
    expect(facts(view)).toMatchObject({
      "fact.holder": "City Health Commission (Guangzhou)",
      "fact.confirmations": "1 of 1",
      "fact.datasetId": DATASET,
      "fact.contentHash": CONTENT,
      "fact.algorithm": "SHA-256",
      "fact.category": "Public data",
      "fact.sector": "Health care",
      "fact.heldIn": "Guangzhou",
      "fact.personalData": "No",
      "fact.versionOf": "None",
      "fact.parents": "None",
      "fact.registered": "Nov 28, 2026, 8:00:00 AM, block 10",
    });
    expect(view.facts.map((f) => f.label)).not.toContain("fact.registrant");
    expect(view.confirmations.map((c) => [en.value(c.registrar), en.value(c.time)])).toEqual([["GZ Data Exchange (Guangzhou)", "Nov 28, 2026, 8:01:00 AM, block 11"]]);
    expect(view.readAt).toBe(40n);
  });

  it("gives each dataset status its own headline and summary", () => {
    const cases: [string, Partial<RegisteredContent>, string, string][] = [
      ["pending", { status: "pending", confirmations: [], noticeEndsAt: null, requiredConfirmations: 2 }, "Registered, pending confirmation", "Registered by City Health Commission (Guangzhou); 0 of 2 registrar confirmations so far."],
      ["notice", { status: "notice" }, "In the public notice period", "Held by City Health Commission (Guangzhou). Registrars confirmed it; anyone may object until Nov 28, 2026, 9:01:00 AM."],
      ["disputed", { status: "disputed", objections: 2 }, "Disputed", "Held by City Health Commission (Guangzhou), but 2 organisations object to it. Registrars or regulators independent of everyone involved will decide."],
      ["rejected", { status: "rejected", objections: 1 }, "Rejected", "The objections to the claim of City Health Commission (Guangzhou) were upheld by an independent quorum: this registration is rejected and confers nothing. The content is free for a new claim."],
      ["refused", { status: "refused" }, "Refused in review", "A registrar refused the claim of City Health Commission (Guangzhou) in review: it confers nothing, and the content is free for a new claim."],
      ["withdrawn", { status: "withdrawn" }, "Withdrawn by its holder", "City Health Commission (Guangzhou) withdrew its claim before the end of the notice period: it confers nothing, and the content is free for a new claim."],
      ["revoked", { status: "revoked" }, "Revoked", "After its notice period, an independent quorum of registrars and regulators revoked the registration held by City Health Commission (Guangzhou): it confers nothing, and the content cannot be claimed again."],
      ["frozen", { status: "frozen", frozen: true }, "Frozen by the regulator", "Held by City Health Commission (Guangzhou). The regulator froze it: no grants or transfers while it is frozen."],
      ["retired", { status: "retired" }, "Retired by its holder", "Its holder City Health Commission (Guangzhou) retired it."],
    ];
    for (const [status, overrides, headline, summary] of cases) {
      const view = verdictView(registered(overrides), participants(), 31337);
      expect(view.status).toBe(status);
      expect(en.message(view.headline)).toBe(headline);
      expect(en.message(view.summary)).toBe(summary);
    }
  });

  it("says content is not registered, naming the hash function and the chain, and the id it would have", () => {
    const view = verdictView(unregistered(), participants(), 31337);
    expect(view.status).toBe("not-registered");
    expect(en.message(view.summary)).toBe("No dataset is registered on chain 31337 with this SHA-256 content hash.");
    expect(facts(view)).toEqual({ "fact.contentHash": CONTENT, "fact.algorithm": "SHA-256", "fact.wouldBeId": DATASET });
    const byId = verdictView(unregistered(), participants(), 31337, "dataset");
    expect(en.message(byId.summary)).toBe("No dataset has this id on chain 31337.");
    expect(facts(byId)).toEqual({ "fact.datasetId": DATASET });
  });

  it("lists parents, objections, versions, a pending transfer and a different registrant", () => {
    const view = verdictView(
      registered({
        registrant: REGISTRAR2,
        parents: [{ datasetId: PARENT, derivation: "de-identification" }],
        versionOf: PARENT,
        superseded: true,
        supersededBy: DATASET,
        objections: 2,
        dataset: { ...registered().dataset, pendingTransferTo: GRANTEE, declassified: true },
      }),
      participants(),
      31337,
    );
    expect(facts(view)).toMatchObject({
      "fact.registrant": REGISTRAR2,
      "fact.parents": `${PARENT} (de-identification)`,
      "fact.versionOf": PARENT,
      "fact.supersededBy": DATASET,
      "fact.objections": "2 raised",
      "fact.pendingTransfer": GRANTEE,
      "fact.declassified": "Yes",
    });
  });

  it("shows a sector code the SDK does not name as a code", () => {
    const view = verdictView(registered({ dataset: { ...registered().dataset, sector: 42 } }), participants(), 31337);
    expect(facts(view)["fact.sector"]).toBe("Sector code 42");
  });

  it("says the same in Chinese", () => {
    const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
    const view = verdictView(registered({ status: "notice" }), participants(), 31337);
    expect(zh.message(view.headline)).toBe("处于公示期");
    expect(zh.message(view.summary)).toBe("持有方为 City Health Commission（广州）。登记机构已确认；在 2026年11月28日 17:01:00 之前任何参与方均可提出异议。");
  });
});

describe("verdictView and the clocks", () => {
  const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
  const end = T0 + 3660n;

  it("never says anyone may object until a time that is past: after the end by the reader's clock it says the next block will show it confirmed", () => {
    // The chain's latest block is before the end (it still answers "notice"); the reader's clock is past it.
    const view = verdictView(registered({ status: "notice" }), participants(), 31337, "hash", null, { chainTime: end - 600n, wallTime: end + 60n });
    expect(view.status).toBe("notice");
    expect(en.message(view.headline)).toBe("Notice period ended");
    expect(en.message(view.summary)).toBe("Held by City Health Commission (Guangzhou). Notice ended at Nov 28, 2026, 9:01:00 AM; the chain will show it confirmed at its next block.");
    expect(facts(view)).toMatchObject({ "look.fact.noticeEnded": "Nov 28, 2026, 9:01:00 AM" });
    expect(view.facts.map((f) => f.label)).not.toContain("fact.noticeEnds");
    expect(zh.message(view.headline)).toBe("公示期已结束");
    expect(zh.message(view.summary)).toContain("公示期已于 2026年11月28日 17:01:00 结束；区块链将在下一个区块显示其已确权。");
  });

  it("says anyone may object until the end while both clocks are before it", () => {
    const view = verdictView(registered({ status: "notice" }), participants(), 31337, "hash", null, { chainTime: end - 600n, wallTime: end - 60n });
    expect(en.message(view.headline)).toBe("In the public notice period");
    expect(en.message(view.summary)).toContain("anyone may object until Nov 28, 2026, 9:01:00 AM.");
    expect(facts(view)).toMatchObject({ "fact.noticeEnds": "Nov 28, 2026, 9:01:00 AM" });
  });
});

describe("the verdict's certificate", () => {
  const lines = (view: ReturnType<typeof verdictView>) => view.certificate.map((f) => [f.label, en.value(f.value)]);

  it("gives holder, status, confirmations, the dates and the dataset id, in that order", () => {
    expect(lines(verdictView(registered(), participants(), 31337))).toEqual([
      ["fact.holder", "City Health Commission (Guangzhou)"],
      ["look.cert.status", "Confirmed"],
      ["fact.confirmations", "1 of 1"],
      ["fact.registered", "Nov 28, 2026, 8:00:00 AM, block 10"],
      ["look.fact.noticeEnded", "Nov 28, 2026, 9:01:00 AM"],
      ["look.cert.confirmed", "Nov 28, 2026, 9:01:00 AM"],
      ["fact.datasetId", DATASET],
    ]);
  });

  it("gives no confirmation date to a registration that is not confirmed, and no lines to content never registered", () => {
    const notice = lines(verdictView(registered({ status: "notice" }), participants(), 31337)).map(([label]) => label);
    expect(notice).toContain("fact.noticeEnds");
    expect(notice).not.toContain("look.cert.confirmed");
    expect(verdictView(unregistered(), participants(), 31337).certificate).toEqual([]);
  });
});

describe("verdictView in life cycle version 2", () => {
  const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
  const both = (view: ReturnType<typeof verdictView>) => ({
    en: [en.message(view.headline), en.message(view.summary), ...view.notes.map((n) => en.message(n))],
    zh: [zh.message(view.headline), zh.message(view.summary), ...view.notes.map((n) => zh.message(n))],
  });

  it("names the registrar that refused a claim in review, and says the content is free again", () => {
    const view = verdictView(registered({ status: "refused", confirmations: [] }), participants(), 31337, "hash", lifeCycle({ ended: { outcome: "refused", by: REGISTRAR, time: T0 + 120n } }));
    expect(view.status).toBe("refused");
    expect(both(view)).toEqual({
      en: ["Refused in review", "GZ Data Exchange (Guangzhou) refused the claim of City Health Commission (Guangzhou) in review on Nov 28, 2026, 8:02:00 AM: it confers nothing, and the content is free for a new claim."],
      zh: ["经审查不予登记", "GZ Data Exchange（广州） 于 2026年11月28日 16:02:00 经审查，对 City Health Commission（广州） 的登记申请不予登记：不赋予任何权利，该内容可重新申请登记。"],
    });
  });

  it("says which claim on the content it is, and how the one before ended", () => {
    const second = verdictView(registered({ status: "pending" }), participants(), 31337, "hash", lifeCycle({ claim: 2, previousClaim: { claim: 1, outcome: "refused", by: REGISTRAR, time: T0 } }));
    expect(both(second).en[2]).toBe("Second claim on this content; the first was refused in review.");
    expect(both(second).zh[2]).toBe("本内容的第二次登记申请；第一次申请经审查不予登记。");
    expect(facts(second)["fact.claim"]).toBe("Second claim on this content; the first was refused in review.");
    expect(second.claim).toBe(2);
    const fourth = verdictView(registered(), participants(), 31337, "hash", lifeCycle({ claim: 4, previousClaim: { claim: 3, outcome: "withdrawn", by: HOLDER, time: T0 } }));
    expect(both(fourth).en[2]).toBe("Claim 4 on this content; the one before was withdrawn by its holder.");
    expect(both(fourth).zh[2]).toBe("本内容的第 4 次登记申请；上一次申请已由持有方撤回。");
    // The first claim says nothing of claims.
    expect(verdictView(registered(), participants(), 31337, "hash", lifeCycle()).notes).toEqual([]);
  });

  it("says a holder withdrew its claim, and when", () => {
    const view = verdictView(registered({ status: "withdrawn" }), participants(), 31337, "hash", lifeCycle({ ended: { outcome: "withdrawn", by: HOLDER, time: T0 + 60n } }));
    expect(both(view)).toEqual({
      en: ["Withdrawn by its holder", "City Health Commission (Guangzhou) withdrew its claim on Nov 28, 2026, 8:01:00 AM, before the end of the notice period: it confers nothing, and the content is free for a new claim."],
      zh: ["已由持有方撤回", "City Health Commission（广州） 于 2026年11月28日 16:01:00（公示期结束前）撤回了登记申请：不赋予任何权利，该内容可重新申请登记。"],
    });
  });

  it("says a revoked registration confers nothing and keeps its content claimed", () => {
    const view = verdictView(registered({ status: "revoked" }), participants(), 31337, "hash", lifeCycle({ ended: { outcome: "revoked", by: REGULATOR, time: T0 + 7200n } }));
    expect(both(view)).toEqual({
      en: ["Revoked", "On Nov 28, 2026, 10:00:00 AM, after its notice period, an independent quorum of registrars and regulators revoked the registration held by City Health Commission (Guangzhou): it confers nothing, and the content cannot be claimed again."],
      zh: ["已撤销登记", "公示期结束后，独立的登记机构和监管部门达到法定票数，于 2026年11月28日 18:00:00 撤销了 City Health Commission（广州） 的登记：不再赋予任何权利，该内容不得再次申请登记。"],
    });
  });

  it("shows a disputed dataset's paused clock, each organisation's objection and the votes towards the quorum", () => {
    const view = verdictView(
      registered({ status: "disputed", noticeEndsAt: null }),
      participants(),
      31337,
      "hash",
      lifeCycle({
        openObjections: 1,
        noticeRemaining: 3n * 86_400n + 7_200n,
        objections: [
          { organisation: OBJECTOR, objector: OBJECTOR, status: "open", time: T0, block: 12n },
          { organisation: REGISTRAR2, objector: REGISTRAR2, status: "dismissed", time: T0, block: 11n },
        ],
        decision: { correction: false, newHolder: null, votes: 1, required: 2, voters: [REGULATOR] },
      }),
    );
    expect(both(view)).toEqual({
      en: [
        "Disputed",
        "Held by City Health Commission (Guangzhou), but an organisation objects to it. The notice period is paused, 3 days 2 hours left, until registrars or regulators independent of everyone involved decide.",
        "Decision pending: 1 of 2 organisations have voted to reject the registration (Cyberspace Office (Guangzhou)).",
      ],
      zh: [
        "存在异议",
        "持有方为 City Health Commission（广州），但有一个机构提出异议。公示期暂停计时（尚余 3天2小时），待与各方均无关联的登记机构或监管部门裁定。",
        "裁定进行中：2 个机构中已有 1 个投票驳回该登记（Cyberspace Office（广州））。",
      ],
    });
    expect(facts(view)).toMatchObject({
      "fact.noticeEnds": "Paused, 3 days 2 hours left",
      "fact.objections": `Transport Bureau (Guangzhou): open, ${REGISTRAR2}: dismissed`,
      "fact.decision": "1 of 2 organisations",
    });
  });

  it("words each kind of vote: a new holder, a revocation and a holder correction", () => {
    const vote = (correction: boolean, newHolder: `0x${string}` | null) =>
      en.message(verdictView(registered({ status: correction ? "confirmed" : "disputed" }), participants(), 31337, "hash", lifeCycle({ decision: { correction, newHolder, votes: 1, required: 2, voters: [REGULATOR] } })).notes[0]!);
    expect(vote(false, NEW_HOLDER)).toBe(`Decision pending: 1 of 2 organisations have voted to name ${NEW_HOLDER} the holder (Cyberspace Office (Guangzhou)).`);
    expect(vote(true, null)).toBe("Decision pending: 1 of 2 organisations have voted to revoke the registration (Cyberspace Office (Guangzhou)).");
    expect(vote(true, NEW_HOLDER)).toBe(`Decision pending: 1 of 2 organisations have voted to correct the holder to ${NEW_HOLDER} (Cyberspace Office (Guangzhou)).`);
    // Several voters are named the reader's way.
    const two = verdictView(registered({ status: "confirmed" }), participants(), 31337, "hash", lifeCycle({ decision: { correction: true, newHolder: null, votes: 2, required: 3, voters: [REGULATOR, REGISTRAR] } }));
    expect(en.message(two.notes[0]!)).toBe("Decision pending: 2 of 3 organisations have voted to revoke the registration (Cyberspace Office (Guangzhou) and GZ Data Exchange (Guangzhou)).");
    expect(zh.message(two.notes[0]!)).toBe("裁定进行中：3 个机构中已有 2 个投票撤销该登记（Cyberspace Office（广州）和GZ Data Exchange（广州））。");
  });

  it("says objections upheld or dismissed by organisation, once decided", () => {
    const view = verdictView(
      registered({ status: "rejected" }),
      participants(),
      31337,
      "hash",
      lifeCycle({ objections: [{ organisation: OBJECTOR, objector: OBJECTOR, status: "upheld", time: T0, block: 12n }] }),
    );
    expect(facts(view)["fact.objections"]).toBe("Transport Bureau (Guangzhou): upheld");
    const zhFacts = Object.fromEntries(view.facts.map((f) => [f.label, zh.value(f.value)]));
    expect(zhFacts["fact.objections"]).toBe("Transport Bureau（广州）：成立");
  });

  it("shows a frozen dataset's paused notice clock", () => {
    const view = verdictView(registered({ status: "frozen", frozen: true, noticeEndsAt: null }), participants(), 31337, "hash", lifeCycle({ noticeRemaining: 100n }));
    expect(both(view).en[1]).toBe("Held by City Health Commission (Guangzhou). The regulator froze it during its notice period, which is paused with 1 minute 40 seconds left: no grants or transfers while it is frozen.");
    expect(both(view).zh[1]).toBe("持有方为 City Health Commission（广州）。监管部门在公示期内将其冻结，公示期暂停计时（尚余 1分钟40秒）：冻结期间不得授权或转让。");
  });

  it("says a holder corrected after notice, and that earlier grants confer nothing", () => {
    const view = verdictView(
      registered({ status: "notice" }),
      participants(),
      31337,
      "hash",
      lifeCycle({ corrected: { previousHolder: OBJECTOR, holder: HOLDER, by: REGULATOR, time: T0 + 60n, grantsValidFrom: 4n } }),
    );
    expect(both(view).en[2]).toBe("Its holder was corrected after notice on Nov 28, 2026, 8:01:00 AM (before: Transport Bureau (Guangzhou)); grants issued before then (numbered below 4) confer nothing.");
    expect(both(view).zh[2]).toBe("公示期结束后，持有方已于 2026年11月28日 16:01:00 更正（原持有方：Transport Bureau（广州））；此前发出的授权（编号小于 4）不再赋予任何权利。");
    expect(facts(view)["fact.grantsValidFrom"]).toBe("Grant 4 and later");
  });

  it("heads a dataset derived from revoked data as such, until a registrar re-confirms it", () => {
    const marked = verdictView(registered(), participants(), 31337, "hash", lifeCycle({ ancestryRevoked: { parentId: PARENT, markedBy: GRANTEE, time: T0 } }));
    expect(marked.status).toBe("confirmed");
    expect(marked.ancestryRevoked).toBe(true);
    expect(both(marked).en[0]).toBe("Derived from revoked data");
    expect(both(marked).en[2]).toBe(`Derived from revoked data (${PARENT}): it confers nothing until a registrar re-confirms it.`);
    expect(both(marked).zh.slice(0, 1)).toEqual(["派生自已撤销的数据"]);
    expect(both(marked).zh[2]).toBe(`派生自已撤销的数据（${PARENT}）：在登记机构重新确认之前，不赋予任何权利。`);
    expect(facts(marked)["fact.ancestryRevoked"]).toBe("Yes: confers nothing until a registrar re-confirms it");

    const reconfirmed = verdictView(registered(), participants(), 31337, "hash", lifeCycle({ reconfirmed: { registrar: REGISTRAR, time: T0 + 60n } }));
    expect(both(reconfirmed).en).toEqual([
      "Registered and confirmed",
      "Held by City Health Commission (Guangzhou). Registrars confirmed it and its public notice period ended on Nov 28, 2026, 9:01:00 AM.",
      "Once marked as derived from revoked data; re-confirmed by GZ Data Exchange (Guangzhou) on Nov 28, 2026, 8:01:00 AM.",
    ]);
    expect(both(reconfirmed).zh[2]).toBe("曾被标记为派生自已撤销的数据；已由 GZ Data Exchange（广州） 于 2026年11月28日 16:01:00 重新确认。");
  });
});

describe("verdictStatus and addressesOf", () => {
  it("maps an answer to data-status and lists the addresses to name, each once", () => {
    expect(verdictStatus(unregistered())).toBe("not-registered");
    expect(verdictStatus(registered({ status: "disputed" }))).toBe("disputed");
    const result = registered({
      registrant: HOLDER.toLowerCase() as `0x${string}`,
      confirmations: [
        { registrar: REGISTRAR, time: T0, blockNumber: 1n, txHash: "0x01" },
        { registrar: REGISTRAR2, time: T0, blockNumber: 2n, txHash: "0x02" },
      ],
      grants: {
        issued: 1,
        active: [{ grantId: 1n, grantee: GRANTEE, right: "processing-use", status: "active", purposeCode: 1, crossBorder: false, mechanism: "none", startsAt: T0, expiresAt: null }],
      },
    });
    expect(addressesOf(result)).toEqual([HOLDER, REGISTRAR, REGISTRAR2, GRANTEE]);
    expect(addressesOf(unregistered())).toEqual([]);
  });
});
