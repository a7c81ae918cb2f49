import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { MAX_METADATA_BYTES, loadMetadataDocuments } from "./metadata.js";

const sha256 = (bytes: string | Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

/** A logger whose warnings the test reads. */
function captured() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "info" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
  return { logger, lines };
}

describe("metadata documents", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "dpr-metadata-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keys every JSON document by the SHA-256 of its exact bytes", async () => {
    const text = '{\n  "title": { "zh": "2024年各区出生登记", "en": "Births by district, 2024" }\n}\n';
    writeFileSync(join(dir, "births.json"), text);
    writeFileSync(join(dir, "README.md"), "not a document");
    const { logger } = captured();
    const documents = await loadMetadataDocuments({ dirs: [dir], logger });
    expect(documents.size).toBe(1);
    expect(documents.skipped).toEqual([]);
    const found = documents.get(sha256(text).toUpperCase().replace("0X", "0x"));
    expect(found).toEqual({ sha256: sha256(text), document: text, path: join(dir, "births.json") });
    // Another serialisation of the same JSON is another document.
    expect(documents.get(sha256(JSON.stringify(JSON.parse(text))))).toBeNull();
  });

  it("keeps a byte-order mark in the text, so the text still hashes to the file's hash", async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"title":"Births"}')]);
    writeFileSync(join(dir, "bom.json"), bytes);
    const documents = await loadMetadataDocuments({ dirs: [dir], logger: captured().logger });
    const found = documents.get(sha256(bytes));
    expect(found?.document.startsWith("\uFEFF")).toBe(true);
    expect(sha256(Buffer.from(found!.document, "utf8"))).toBe(sha256(bytes));
  });

  it("refuses a file over 1 MiB, and reports files that are not JSON objects in UTF-8, naming each", async () => {
    const big = `{"title":"big","padding":"${"x".repeat(MAX_METADATA_BYTES)}"}`;
    writeFileSync(join(dir, "big.json"), big);
    writeFileSync(join(dir, "broken.json"), '{"title": "Births",');
    writeFileSync(join(dir, "list.json"), '["Births"]');
    writeFileSync(join(dir, "latin1.json"), Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])); // {"t":"é"} in Latin-1
    writeFileSync(join(dir, "good.json"), '{"title":"Births"}');
    const { logger, lines } = captured();
    const documents = await loadMetadataDocuments({ dirs: [dir], logger });
    expect(documents.size).toBe(1);
    expect(documents.get(sha256(big))).toBeNull();
    expect(documents.skipped.map((s) => [s.path.slice(dir.length + 1), s.reason.replace(/: .*/, "")])).toEqual([
      ["big.json", `it has ${Buffer.byteLength(big)} bytes; a metadata document may have at most ${MAX_METADATA_BYTES}`],
      ["broken.json", "it is not JSON"],
      ["latin1.json", "it is not UTF-8 text"],
      ["list.json", "it is JSON but not an object"],
    ]);
    const warnings = lines.filter((line) => line.msg === "metadata file passed over");
    expect(warnings.map((w) => w.path)).toEqual(documents.skipped.map((s) => s.path));
    expect(warnings.every((w) => w.level === 40)).toBe(true);
  });

  it("reads every folder given, and a document in two of them once", async () => {
    const other = join(dir, "other");
    mkdirSync(other);
    writeFileSync(join(dir, "a.json"), '{"title":"A"}');
    writeFileSync(join(other, "a-copy.json"), '{"title":"A"}');
    writeFileSync(join(other, "b.json"), '{"title":"B"}');
    const documents = await loadMetadataDocuments({ dirs: [dir, other], logger: captured().logger });
    expect(documents.size).toBe(2);
    expect(documents.get(sha256('{"title":"A"}'))?.path).toBe(join(dir, "a.json"));
  });

  it("stops the start on a folder that does not exist", async () => {
    const missing = join(dir, "nowhere");
    const attempt = loadMetadataDocuments({ dirs: [missing], logger: captured().logger });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(`--metadata-dir (DPR_METADATA_DIRS): no folder at ${missing}`);
    writeFileSync(join(dir, "file.json"), "{}");
    await expect(loadMetadataDocuments({ dirs: [join(dir, "file.json")], logger: captured().logger })).rejects.toThrow("is not a folder");
  });
});
