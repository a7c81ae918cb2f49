/**
 * A batch proof's verdict: the file is in an anchored batch (the chain's `verifyFile` and the local
 * Merkle check agree), or why not: no proof for this content in the proofs file, a root the chain
 * never anchored, or a proof that does not hold.
 */
import type { BatchProofs, VerifyBatchMembershipReturnType } from "@dpr/sdk";
import { VerifierError } from "../errors.js";
import { type Participants, participantOf } from "./participants.js";
import { type Fact, type Message, message, text } from "./values.js";
import { algorithmValue } from "./verdict.js";

export type BatchStatus = "verified" | "not-in-proofs" | "not-anchored" | "invalid-proof";

export interface BatchView {
  status: BatchStatus;
  headline: Message;
  summary: Message;
  facts: Fact[];
}

const HASH = /^0x[0-9a-fA-F]{64}$/;

/**
 * Reads a proofs document (as `dpr anchor --out` writes it) from its text, checking its shape before
 * anything is sent to the chain: the format tag, the algorithm, the root and each entry.
 */
export function parseProofs(textValue: string): BatchProofs {
  let document: unknown;
  try {
    document = JSON.parse(textValue);
  } catch (error) {
    throw new VerifierError("proofs-not-json", { details: error instanceof Error ? error.message : String(error) });
  }
  const fail = (details: string): never => {
    throw new VerifierError("proofs-invalid", { details });
  };
  if (typeof document !== "object" || document === null || Array.isArray(document)) return fail("expected a JSON object");
  const d = document as Record<string, unknown>;
  if (d.format !== "dpr-batch-proofs/1") return fail(`format is ${JSON.stringify(d.format)}, expected "dpr-batch-proofs/1"`);
  if (d.algorithm !== "sha256" && d.algorithm !== "sm3" && d.algorithm !== "keccak256") return fail(`unknown algorithm ${JSON.stringify(d.algorithm)}`);
  if (typeof d.root !== "string" || !HASH.test(d.root)) return fail("root is not 32 bytes of hex");
  if (!Array.isArray(d.proofs)) return fail("proofs is not a list");
  d.proofs.forEach((entry: unknown, i) => {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== "object" || e === null) return fail(`proofs[${i}] is not an object`);
    if (typeof e.path !== "string" || e.path === "") fail(`proofs[${i}].path is missing`);
    if (typeof e.contentHash !== "string" || !HASH.test(e.contentHash)) fail(`proofs[${i}].contentHash is not 32 bytes of hex`);
    if (typeof e.size !== "string" || !/^\d+$/.test(e.size)) fail(`proofs[${i}].size is not a whole number`);
    if (!Array.isArray(e.proof) || e.proof.some((p) => typeof p !== "string" || !HASH.test(p))) fail(`proofs[${i}].proof is not a list of 32-byte hashes`);
  });
  return document as BatchProofs;
}

/** The view of a batch check, with the anchor's manifest URI read from its `BatchAnchored` event. */
export function batchView(result: VerifyBatchMembershipReturnType, manifestURI: string | null, participants: Participants): BatchView {
  const status: BatchStatus = result.verified ? "verified" : (result.reason ?? "invalid-proof");
  const facts: Fact[] = [];
  if (result.file) {
    facts.push({ label: "fact.path", value: { kind: "raw", text: result.file.path } });
    facts.push({ label: "fact.size", value: text("value.bytes", { bytes: result.file.size }) });
  }
  facts.push({ label: "fact.root", value: { kind: "hash", value: result.root } });
  if (result.anchor) {
    facts.push({ label: "fact.anchorer", value: { kind: "participant", participant: participantOf(participants, result.anchor.anchorer) } });
    facts.push({ label: "fact.anchoredAt", value: { kind: "time", seconds: result.anchor.anchoredAt } });
    facts.push({ label: "fact.leafCount", value: { kind: "number", value: result.anchor.leafCount } });
    facts.push({ label: "fact.algorithm", value: algorithmValue(result.anchor.algorithm) });
    facts.push({ label: "fact.manifestURI", value: manifestURI ? { kind: "uri", value: manifestURI } : text("value.none") });
  }
  if (result.file) {
    facts.push({ label: "fact.checkOnChain", value: text(result.onChain ? "value.holds" : "value.fails") });
    facts.push({ label: "fact.checkLocal", value: text(result.local ? "value.holds" : "value.fails") });
  }
  const summaryParams = result.file ? { path: { kind: "raw", text: result.file.path } as const, count: result.anchor?.leafCount ?? 0 } : {};
  return { status, headline: message(`batch.${status}`), summary: message(`batch.summary.${status}`, summaryParams), facts };
}
