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
      "Dispute resolved: objection dismissed",
      `Cross-border grant 7 issued to ${GRANTEE.toLowerCase()}`,
      `Holding transferred to ${GRANTEE.toLowerCase()}`,
      `${CHILD} was derived from it by aggregation`,
      `A newer version was registered: ${CHILD}`,
    ]);
    expect(en.value(items[2]!.actor!)).toBe("GZ Data Exchange (Guangzhou)");
    expect(en.value(items[0]!.time)).toBe("Nov 28, 2026, 8:01:00 AM, block 11");
    expect(sentences(items, zh)[4]).toBe("争议裁定：异议不成立");
  });

  it("shows an event it has no sentence for by its name", () => {
    const [item] = timelineView(DATASET, [event("DatasetRenamed", {}, { actor: null })], participants());
    expect(item!.what).toEqual({ raw: "DatasetRenamed" });
    expect(item!.actor).toBeNull();
  });
});
