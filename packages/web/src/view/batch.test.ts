import { buildBatch } from "@dpr/sdk";
import { describe, expect, it } from "vitest";
import { VerifierError } from "../errors.js";
import { createTranslator } from "../i18n/translate.js";
import { batchView, parseProofs } from "./batch.js";
import { HOLDER, T0, participants } from "./testing/fixtures.js";

const en = createTranslator("en", { timeZone: "UTC" });
const hash = (c: string) => `0x${c.repeat(64)}` as const;
const batch = buildBatch(
  [
    { path: "2026/q1.csv", contentHash: hash("1"), size: 10n },
    { path: "2026/q2.csv", contentHash: hash("2"), size: 20n },
    { path: "readme.txt", contentHash: hash("3"), size: 5n },
  ],
  { algorithm: "sha256" },
);

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof VerifierError ? [error.code, error.details] : ["not a VerifierError", String(error)];
  }
  return ["no error", ""];
};

describe("parseProofs", () => {
  it("reads what dpr anchor --out writes", () => {
    expect(parseProofs(JSON.stringify(batch.proofs))).toEqual(batch.proofs);
  });

  it("refuses anything else before reading the chain, saying what is wrong", () => {
    expect(codeOf(() => parseProofs("{not json"))[0]).toBe("proofs-not-json");
    expect(codeOf(() => parseProofs("[]"))).toEqual(["proofs-invalid", "expected a JSON object"]);
    expect(codeOf(() => parseProofs(JSON.stringify({ ...batch.proofs, format: "dpr-batch-manifest/1" })))).toEqual([
      "proofs-invalid",
      'format is "dpr-batch-manifest/1", expected "dpr-batch-proofs/1"',
    ]);
    expect(codeOf(() => parseProofs(JSON.stringify({ ...batch.proofs, algorithm: "md5" })))).toEqual(["proofs-invalid", 'unknown algorithm "md5"']);
    expect(codeOf(() => parseProofs(JSON.stringify({ ...batch.proofs, root: "0x12" })))).toEqual(["proofs-invalid", "root is not 32 bytes of hex"]);
    const broken = structuredClone(batch.proofs);
    broken.proofs[1]!.proof[0] = "0xzz" as `0x${string}`;
    expect(codeOf(() => parseProofs(JSON.stringify(broken)))).toEqual(["proofs-invalid", "proofs[1].proof is not a list of 32-byte hashes"]);
    const sizeless = structuredClone(batch.proofs) as unknown as { proofs: { size: unknown }[] };
    sizeless.proofs[0]!.size = 10;
    expect(codeOf(() => parseProofs(JSON.stringify(sizeless)))).toEqual(["proofs-invalid", "proofs[0].size is not a whole number"]);
  });
});

describe("batchView", () => {
  const anchor = { root: batch.root, anchorer: HOLDER, anchoredAt: T0, leafCount: 3, algorithm: "sha256" as const };
  const file = { path: "2026/q2.csv", contentHash: hash("2"), size: 20n };
  const facts = (view: ReturnType<typeof batchView>) => Object.fromEntries(view.facts.map((f) => [f.label, en.value(f.value)]));

  it("shows a verified file with the anchor: anchorer, time, file count, manifest URI", () => {
    const view = batchView({ verified: true, reason: null, root: batch.root, anchor, file, onChain: true, local: true }, "https://zone.example/q1.manifest.json", participants());
    expect(view.status).toBe("verified");
    expect(en.message(view.summary)).toBe("The chain confirms this file is “2026/q2.csv”, one of the 3 files of the anchored batch.");
    expect(facts(view)).toEqual({
      "fact.path": "2026/q2.csv",
      "fact.size": "20 bytes",
      "fact.root": batch.root,
      "fact.anchorer": "City Health Commission (Guangzhou)",
      "fact.anchoredAt": "Nov 28, 2026, 8:00:00 AM",
      "fact.leafCount": "3",
      "fact.algorithm": "SHA-256",
      "fact.manifestURI": "https://zone.example/q1.manifest.json",
      "fact.checkOnChain": "Holds",
      "fact.checkLocal": "Holds",
    });
  });

  it("says why a file is not shown to be in the batch", () => {
    const notIn = batchView({ verified: false, reason: "not-in-proofs", root: batch.root, anchor, file: null, onChain: false, local: false }, null, participants());
    expect([notIn.status, en.message(notIn.headline)]).toEqual(["not-in-proofs", "Not in these proofs"]);
    const notAnchored = batchView({ verified: false, reason: "not-anchored", root: batch.root, anchor: null, file, onChain: false, local: true }, null, participants());
    expect([notAnchored.status, en.message(notAnchored.headline)]).toEqual(["not-anchored", "Batch not anchored"]);
    expect(facts(notAnchored)).toMatchObject({ "fact.checkOnChain": "Fails", "fact.checkLocal": "Holds" });
    const invalid = batchView({ verified: false, reason: "invalid-proof", root: batch.root, anchor, file, onChain: false, local: false }, null, participants());
    expect(en.message(invalid.summary)).toBe("The entry for “2026/q2.csv” does not prove membership of the anchored batch: the file or the proofs were changed.");
    expect(facts(invalid)["fact.manifestURI"]).toBe("None");
  });
});
