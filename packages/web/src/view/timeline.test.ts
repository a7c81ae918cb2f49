import { describe, expect, it } from "vitest";
import type { IndexedEvent } from "../graphql.js";
import { createTranslator } from "../i18n/translate.js";
import { CHILD, DATASET, GRANTEE, HOLDER, PARENT, REGISTRAR, participants } from "./testing/fixtures.js";
import { timelineView } from "./timeline.js";

const en = createTranslator("en", { timeZone: "UTC" });
const zh = createTranslator("zh-CN", { timeZone: "Asia/Shanghai" });
let n = 0;
const event = (name: string, args: Record<string, unknown>, extra: Partial<IndexedEvent> = {}): IndexedEvent => ({
  id: `00000000000${++n}-0`,
  name,
  actor: HOLDER.toLowerCase(),
  args,
  blockNumber: String(10 + n),
  timestamp: String(1_795_852_800 + n * 60),
  txHash: `0x${String(n).padStart(64, "0")}`,
  grantId: null,
  ...extra,
});
const sentences = (items: ReturnType<typeof timelineView>, tr = en) => items.map((i) => ("raw" in i.what ? `raw:${i.what.raw}` : tr.message(i.what)));

describe("timelineView", () => {
  it("tells each event in a sentence, with what the event carries", () => {
    const items = timelineView(
      DATASET,
      [
        event("DatasetRegistered", { datasetId: DATASET }),
        event("DatasetDerived", { datasetId: DATASET, parentId: PARENT, derivation: 3 }),
        event("DatasetConfirmed", { datasetId: DATASET, registrar: REGISTRAR, confirmations: 1, requiredConfirmations: 2 }, { actor: REGISTRAR.toLowerCase() }),
        event("DatasetObjected", { datasetId: DATASET }),
        event("DatasetDisputeResolved", { datasetId: DATASET, upheld: false }),
        event("GrantIssued", { grantId: "7", datasetId: DATASET, grantee: GRANTEE.toLowerCase(), crossBorder: true }, { grantId: "7" }),
        event("DatasetTransferred", { datasetId: DATASET, to: GRANTEE.toLowerCase() }),
        event("DatasetDerived", { datasetId: CHILD, parentId: DATASET, derivation: "aggregation" }),
        event("DatasetRegistered", { datasetId: CHILD, versionOf: DATASET }),
      ],
      participants(),
    );
    expect(sentences(items)).toEqual([
      "Registered",
      `Derived from ${PARENT} by de-identification`,
      "Confirmed by a registrar (1 of 2)",
      "Objection raised",
      "Dispute decided: objections dismissed",
      `Cross-border grant 7 issued to ${GRANTEE.toLowerCase()}`,
      `Holding transferred to ${GRANTEE.toLowerCase()}`,
      `${CHILD} was derived from it by aggregation`,
      `A newer version was registered: ${CHILD}`,
    ]);
    expect(en.value(items[2]!.actor!)).toBe("GZ Data Exchange (Guangzhou)");
    expect(en.value(items[0]!.time)).toBe("Nov 28, 2026, 8:01:00 AM, block 11");
    expect(sentences(items, zh)[4]).toBe("争议裁定：异议不成立");
  });

  it("tells the border conditions' events: set, a loosening proposed, and each registrar's confirmation of it", () => {
    const conditions = { openness: 2, rights: 2, regions: 1, purposeClasses: 6, maxTerm: "31536000" };
    const items = timelineView(
      DATASET,
      [
        event("BorderConditionsSet", { datasetId: DATASET, by: HOLDER.toLowerCase(), conditions }),
        event("BorderConditionsProposed", { datasetId: DATASET, holder: HOLDER.toLowerCase(), conditions, required: 1 }),
        event("BorderConditionsConfirmed", { datasetId: DATASET, registrar: REGISTRAR.toLowerCase(), confirmations: 1, required: 1 }, { actor: REGISTRAR.toLowerCase() }),
      ],
      participants(),
    );
    expect(sentences(items)).toEqual([
      "Border conditions recorded: what may be granted, to whom, for what and for how long",
      "The holder proposed looser border conditions; they take effect once registrars confirm them",
      "A registrar confirmed the proposed border conditions (1 of 1)",
    ]);
    expect(sentences(items, zh)[2]).toBe("登记机构确认提议的授权边界条件（1 个中的第 1 个）");
  });

  it("tells the life cycle's events: claims, refusals, objections by organisation, votes, decisions and corrections", () => {
    const zero = `0x${"0".repeat(40)}`;
    const items = timelineView(
      DATASET,
      [
        event("DatasetRegistered", { datasetId: DATASET, claim: 1 }),
        event("DatasetRefused", { datasetId: DATASET, registrar: REGISTRAR.toLowerCase(), claim: 1 }, { actor: REGISTRAR.toLowerCase() }),
        event("DatasetRegistered", { datasetId: DATASET, claim: "2" }),
        event("DatasetObjected", { datasetId: DATASET, organisation: REGISTRAR.toLowerCase(), claim: 2 }),
        // The indexer gives statuses as labels; a raw decode as numbers.
        event("DatasetDisputeResolved", { datasetId: DATASET, upheld: false, status: "notice" }),
        event("DatasetDecisionVoted", { datasetId: DATASET, organisation: GRANTEE.toLowerCase(), correction: false, newHolder: zero, votes: 1, required: 2 }),
        event("DatasetDisputeResolved", { datasetId: DATASET, upheld: true, status: 5, holder: HOLDER.toLowerCase() }),
        event("DatasetDecisionVoted", { datasetId: DATASET, organisation: GRANTEE.toLowerCase(), correction: true, newHolder: zero, votes: "2", required: "2" }),
        event("DatasetRevoked", { datasetId: DATASET }),
        event("DatasetHolderCorrected", { datasetId: DATASET, holder: GRANTEE.toLowerCase() }),
        event("DatasetAncestryRevoked", { datasetId: DATASET, parentId: PARENT }),
        event("DatasetReconfirmed", { datasetId: DATASET }),
        event("DatasetWithdrawn", { datasetId: DATASET, claim: 3 }),
      ],
      participants(),
    );
    expect(sentences(items)).toEqual([
      "Registered",
      "Refused in review by a registrar; the content is free for a new claim",
      "Registered: claim 2 on this content",
      "Objection raised by GZ Data Exchange (Guangzhou)",
      "Dispute decided: objections dismissed, the notice period resumes",
      `${GRANTEE.toLowerCase()} voted to reject the registration (1 of 2 organisations)`,
      "Dispute decided by the quorum: objections upheld, registration rejected; the content is free for a new claim",
      `${GRANTEE.toLowerCase()} voted to revoke the registration (2 of 2 organisations)`,
      "Revoked by an independent quorum: it confers nothing",
      `Holder corrected to ${GRANTEE.toLowerCase()} after notice; grants issued before confer nothing`,
      `Marked as derived from revoked data (${PARENT})`,
      "Re-confirmed by a registrar",
      "Withdrawn by its holder; the content is free for a new claim",
    ]);
    expect(sentences(items, zh)).toEqual([
      "登记",
      "登记机构经审查不予登记；该内容可重新申请登记",
      "登记：本内容的第 2 次登记申请",
      "GZ Data Exchange（广州） 提出异议",
      "争议裁定：异议不成立，公示期恢复计时",
      `${GRANTEE.toLowerCase()} 投票驳回该登记（2 个机构中的第 1 个）`,
      "争议经法定票数裁定：异议成立，登记被驳回；该内容可重新申请登记",
      `${GRANTEE.toLowerCase()} 投票撤销该登记（2 个机构中的第 2 个）`,
      "经独立机构达到法定票数裁定，撤销登记：不再赋予任何权利",
      `公示期结束后，持有方更正为 ${GRANTEE.toLowerCase()}；此前发出的授权不再赋予任何权利`,
      `标记为派生自已撤销的数据（${PARENT}）`,
      "登记机构重新确认",
      "持有方撤回登记申请；该内容可重新申请登记",
    ]);
  });

  it("shows an event it has no sentence for by its name", () => {
    const [item] = timelineView(DATASET, [event("DatasetRenamed", {}, { actor: null })], participants());
    expect(item!.what).toEqual({ raw: "DatasetRenamed" });
    expect(item!.actor).toBeNull();
  });
});
