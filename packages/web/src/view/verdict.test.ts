import type { RegisteredContent } from "@dpr/sdk";
import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n/translate.js";
import { CONTENT, DATASET, GRANTEE, HOLDER, PARENT, REGISTRAR, REGISTRAR2, T0, participants, registered, unregistered } from "./testing/fixtures.js";
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
      ["disputed", { status: "disputed", objections: 1 }, "Disputed", "Held by City Health Commission (Guangzhou), but 1 objection(s) were raised in the notice period. A registrar or the regulator will decide."],
      ["rejected", { status: "rejected", objections: 1, settled: true }, "Rejected", "An objection was upheld: this registration is rejected."],
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
        settled: true,
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
      "fact.objections": "2, resolved",
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
    expect(zh.message(view.summary)).toBe("持有方为 City Health Commission (广州)。登记机构已确认；在 2026年11月28日 17:01:00 之前任何参与方均可提出异议。");
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
