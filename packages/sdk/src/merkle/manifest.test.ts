import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { type Hex, keccak256, toHex } from "viem";
import { describe, expect, it } from "vitest";
import {
  type BatchFile,
  BatchError,
  batchFromManifest,
  batchLeafHash,
  buildBatch,
  normaliseBatchPath,
  verifyBatchProof,
} from "./manifest.js";

const file = (path: string, i: number): BatchFile => ({ path, contentHash: keccak256(toHex(`file ${i}`)), size: BigInt(i * 100) });
const files = ["b/2.csv", "a.csv", "b/1.csv", "c/数据.json"].map(file);

describe("batch manifests", () => {
  it("orders files by path, so the same files always give the same root", () => {
    const one = buildBatch(files, { algorithm: "sha256" });
    const two = buildBatch([...files].reverse(), { algorithm: "sha256" });
    expect(two.root).toBe(one.root);
    expect(one.manifest.files.map((f) => f.path)).toEqual(["a.csv", "b/1.csv", "b/2.csv", "c/数据.json"]);
    expect(one.manifest).toMatchObject({ leafCount: 4, totalBytes: "600", algorithm: "sha256", root: one.root });
  });

  it("gives proofs that @openzeppelin/merkle-tree verifies, and leaf hashes equal to the library's", () => {
    const batch = buildBatch(files, { algorithm: "sm3" });
    for (const p of batch.proofs.proofs) {
      const value = [p.path, p.contentHash, BigInt(p.size)];
      expect(StandardMerkleTree.verify(batch.root, ["string", "bytes32", "uint256"], value, p.proof)).toBe(true);
      expect(batchLeafHash({ path: p.path, contentHash: p.contentHash, size: BigInt(p.size) })).toBe(batch.tree.leafHash(value as never));
      expect(verifyBatchProof(batch.root, { path: p.path, contentHash: p.contentHash, size: BigInt(p.size) }, p.proof)).toBe(true);
    }
  });

  it("refuses a proof for a changed file", () => {
    const batch = buildBatch(files, { algorithm: "sha256" });
    const p = batch.proofs.proofs[0]!;
    const base = { path: p.path, contentHash: p.contentHash, size: BigInt(p.size) };
    expect(verifyBatchProof(batch.root, { ...base, size: base.size + 1n }, p.proof)).toBe(false);
    expect(verifyBatchProof(batch.root, { ...base, contentHash: keccak256("0x01") }, p.proof)).toBe(false);
    expect(verifyBatchProof(batch.root, { ...base, path: "z.csv" }, p.proof)).toBe(false);
  });

  it("rebuilds from a manifest and notices a tampered one", () => {
    const batch = buildBatch(files, { algorithm: "sha256" });
    expect(batchFromManifest(JSON.parse(JSON.stringify(batch.manifest))).root).toBe(batch.root);
    const tampered = { ...batch.manifest, files: batch.manifest.files.map((f, i) => (i === 0 ? { ...f, size: "1" } : f)) };
    expect(() => batchFromManifest(tampered)).toThrow(BatchError);
  });

  it("refuses empty batches, duplicate paths, bad hashes and escaping paths", () => {
    expect(() => buildBatch([], { algorithm: "sha256" })).toThrow("a batch needs at least one file");
    expect(() => buildBatch([file("a", 1), file("./a", 2)], { algorithm: "sha256" })).toThrow('duplicate path in batch: "a"');
    expect(() => buildBatch([{ ...file("a", 1), contentHash: "0x1234" as Hex }], { algorithm: "sha256" })).toThrow(/not 32 bytes of hex/);
    for (const bad of ["", "../etc/passwd", "a//b", "a/./b"]) expect(() => normaliseBatchPath(bad)).toThrow(BatchError);
    expect(normaliseBatchPath("./a\\b.csv")).toBe("a/b.csv");
  });
});
