import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashBytes } from "../hashing/hashStream.js";
import { FileReadError, hashFile } from "./hashFile.js";

const dir = mkdtempSync(join(tmpdir(), "dpr-hash-"));
// 3 MiB + 5 bytes: several read chunks and a ragged end.
const data = Buffer.alloc(3 * (1 << 20) + 5).map((_, i) => (i * 7 + (i >> 11)) & 0xff);
const file = join(dir, "sample.bin");
writeFileSync(file, data);

describe("hashFile (Node)", () => {
  it("agrees with sha256sum", async () => {
    const expected = execFileSync("sha256sum", [file], { encoding: "utf8" }).split(" ")[0];
    expect(await hashFile(file)).toEqual({ hash: `0x${expected}`, size: data.length });
  });

  it("agrees with the WebAssembly hashers for SM3 and Keccak-256", async () => {
    for (const algorithm of ["sm3", "keccak256"] as const) {
      expect((await hashFile(file, { algorithm })).hash).toBe(await hashBytes(data, algorithm));
    }
  });

  it("reports progress up to the file's size", async () => {
    const seen: [number, number][] = [];
    await hashFile(file, { onProgress: (n, size) => seen.push([n, size]) });
    expect(seen.at(-1)).toEqual([data.length, data.length]);
    expect(seen.length).toBe(4);
  });

  it("hashes an empty file", async () => {
    const empty = join(dir, "empty");
    writeFileSync(empty, "");
    expect(await hashFile(empty)).toEqual({
      hash: "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      size: 0,
    });
  });

  it("says which file is missing, or that a folder is not a file", async () => {
    await expect(hashFile(join(dir, "nope.csv"))).rejects.toThrow(new FileReadError(join(dir, "nope.csv"), "no such file"));
    await expect(hashFile(dir)).rejects.toBeInstanceOf(FileReadError);
    await expect(hashFile(dir)).rejects.toThrow(/it is a folder, not a file/);
  });
});
