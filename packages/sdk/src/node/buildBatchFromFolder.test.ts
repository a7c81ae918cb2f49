import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BatchError, verifyBatchProof } from "../merkle/manifest.js";
import { buildBatchFromFolder } from "./buildBatchFromFolder.js";
import { FileReadError } from "./hashFile.js";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "dpr-batch-"));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe("buildBatchFromFolder", () => {
  it("hashes every file recursively with paths relative to the folder", async () => {
    const dir = folder({ "a.csv": "a,b\n1,2\n", "2026/q1/b.csv": "x", "2026/q2/c.bin": "" });
    const progress: number[] = [];
    const batch = await buildBatchFromFolder(dir, { onProgress: (done) => progress.push(done) });
    expect(batch.manifest.files.map((f) => f.path)).toEqual(["2026/q1/b.csv", "2026/q2/c.bin", "a.csv"]);
    const sha = execFileSync("sha256sum", [join(dir, "a.csv")], { encoding: "utf8" }).split(" ")[0];
    expect(batch.manifest.files[2]).toEqual({ path: "a.csv", contentHash: `0x${sha}`, size: "8" });
    expect(progress).toEqual([1, 2, 3]);
    for (const p of batch.proofs.proofs) {
      expect(verifyBatchProof(batch.root, { path: p.path, contentHash: p.contentHash, size: BigInt(p.size) }, p.proof)).toBe(true);
    }
  });

  it("gives the same root for the same content wherever the folder is", async () => {
    const files = { "x/1.txt": "one", "y.txt": "two" };
    expect((await buildBatchFromFolder(folder(files))).root).toBe((await buildBatchFromFolder(folder(files))).root);
  });

  it("refuses a missing folder, a file, an empty folder and symbolic links", async () => {
    const dir = folder({ "a.txt": "a" });
    await expect(buildBatchFromFolder(join(dir, "missing"))).rejects.toThrow(FileReadError);
    await expect(buildBatchFromFolder(join(dir, "a.txt"))).rejects.toThrow(/not a folder/);
    await expect(buildBatchFromFolder(folder({}))).rejects.toThrow(/holds no files/);
    symlinkSync(join(dir, "a.txt"), join(dir, "link.txt"));
    await expect(buildBatchFromFolder(dir)).rejects.toThrow(BatchError);
  });
});
