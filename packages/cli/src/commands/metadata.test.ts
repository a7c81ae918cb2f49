/**
 * `dpr metadata init` and `validate`, and `dpr register --metadata`'s checks: no chain needed (a refused
 * registration stops before the deployment record is even read, so nothing can have been sent).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseMetadataDocument } from "@dpr/sdk/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDpr } from "../testing/runDpr.js";
import { runInProcess } from "../testing/runInProcess.js";
import { guessType, splitCsvLine } from "./metadata.js";

const repoRoot = resolve(__dirname, "../../../..");
const demoDocs = readdirSync(join(repoRoot, "demo/metadata")).map((name) => join(repoRoot, "demo/metadata", name));
const sha256 = (bytes: Buffer | string) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dpr-metadata-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every flag `init` needs, for a general, public, non-personal CSV. */
const allFlags = [
  "--title-en", "Outpatient visits, 2025 Q1", "--title-zh", "2025年第一季度门诊就诊", "--description-en", "Visits by department.",
  "--sector", "health", "--category", "public", "--grade", "general", "--no-personal", "--jurisdiction", "GZ",
  "--publisher", "Suicheng Health Commission", "--contact-email", "data@health.example", "--licence", "CC BY 4.0",
  "--openness", "conditional", "--rights", "processing-use,product-operation", "--regions", "gba", "--purposes", "110,200", "--max-term-days", "365",
]; // prettier-ignore

/** A CSV with a comment, a header and `rows` rows; after row 120 the count column holds text. */
function writeCsv(name: string, rows = 150): string {
  const path = join(dir, name);
  const lines = ["# fictional", "district,visit_date,visits,median_fee_cny,walk_in,note"];
  for (let i = 1; i <= rows; i++) lines.push(`SC0${i % 9},2025-01-${String((i % 28) + 1).padStart(2, "0")},${i > 120 ? "<5" : i * 3},${(i * 1.5).toFixed(2)},${i % 2 === 0},"a, ""quoted"" note"`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

describe("dpr metadata validate", () => {
  it("prints OK for each demo document and exits 0, from the executable", async () => {
    const run = await runDpr(["metadata", "validate", ...demoDocs]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual(demoDocs.map((doc) => `${doc}: OK`));
  });

  it("prints each problem naming its field and exits 1 when any document has one", async () => {
    const bad = join(dir, "bad.json");
    const demo = JSON.parse(readFileSync(demoDocs[0]!, "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    demo.borderConditions.purposes = [110, 999];
    demo.grade = "core";
    delete demo.licence;
    writeFileSync(bad, JSON.stringify(demo));
    const run = await runInProcess(["metadata", "validate", demoDocs[0]!, bad]);
    expect(run.code).toBe(1);
    expect(run.stdout.replace(dir, "DIR").replace(repoRoot, "REPO")).toMatchInlineSnapshot(`
      "REPO/demo/metadata/births-by-district-2024.json: OK
      DIR/bad.json: 3 problems
        licence: is missing
        grade: "core" is not one of: general, important
        borderConditions.purposes[1]: 999 is not a purpose code or class of the zone's list
      "
    `);

    const json = await runInProcess(["metadata", "validate", bad, "--json"]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: false,
      documents: [{ file: bad, valid: false, metadataHash: sha256(readFileSync(bad)), problems: expect.arrayContaining([{ path: "/grade", message: 'grade: "core" is not one of: general, important' }]) }],
    });
  });

  it("refuses bytes that are not UTF-8, and a file that cannot be read (exit 2)", async () => {
    const latin1 = join(dir, "latin1.json");
    writeFileSync(latin1, Buffer.from([0x7b, 0xe9, 0x7d]));
    const run = await runInProcess(["metadata", "validate", latin1]);
    expect({ code: run.code, stdout: run.stdout.replace(dir, "DIR") }).toEqual({ code: 1, stdout: "DIR/latin1.json: 1 problem\n  document: not UTF-8 text\n" });
    const missing = await runInProcess(["metadata", "validate", join(dir, "nowhere.json")]);
    expect({ code: missing.code, stderr: missing.stderr.replace(dir, "DIR") }).toEqual({ code: 2, stderr: "error: cannot read DIR/nowhere.json: no such file\n" });
  });
});

describe("dpr metadata init", () => {
  it("writes a valid document: the file's size and SHA-256, and its columns with types from the first rows", async () => {
    const csv = writeCsv("visits.csv");
    const run = await runDpr(["metadata", "init", csv, ...allFlags, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    const out = join(dir, "visits.meta.json");
    const text = readFileSync(out, "utf8");
    expect(run.json()).toMatchObject({ file: out, metadataHash: sha256(text), fields: 6 });
    const { document, problems } = parseMetadataDocument(text);
    expect(problems).toEqual([]);
    expect(document).toMatchObject({
      format: "dpr-metadata/1",
      identifier: "visits",
      title: { zh: "2025年第一季度门诊就诊", en: "Outpatient visits, 2025 Q1" },
      description: { en: "Visits by department." },
      sector: "health",
      category: "public",
      grade: "general",
      containsPersonalData: false,
      jurisdiction: "gz",
      publisher: { name: { en: "Suicheng Health Commission" } },
      contactPoint: { name: "Suicheng Health Commission", email: "data@health.example" },
      licence: { title: { en: "CC BY 4.0" } },
      distributions: [{ mediaType: "text/csv", byteSize: readFileSync(csv).length, checksum: { algorithm: "sha256", value: sha256(readFileSync(csv)) } }],
      borderConditions: { openness: "conditional", rights: ["processing-use", "product-operation"], granteeRegions: "gba", purposes: [110, 200], maxTermDays: 365 },
    });
    // Only the first 100 rows are read: the text in `visits` from row 121 on is never seen.
    expect(document!.fields).toEqual([
      { name: "district", type: "string" },
      { name: "visit_date", type: "date" },
      { name: "visits", type: "integer" },
      { name: "median_fee_cny", type: "number" },
      { name: "walk_in", type: "boolean" },
      { name: "note", type: "string" },
    ]);
  });

  it("refuses to overwrite a document without --force, and replaces it with --force", async () => {
    const csv = writeCsv("twice.csv", 3);
    const out = join(dir, "twice.json");
    writeFileSync(out, "keep me");
    const refused = await runInProcess(["metadata", "init", csv, "--out", out, ...allFlags]);
    expect({ code: refused.code, stderr: refused.stderr.replace(dir, "DIR") }).toEqual({
      code: 2,
      stderr: "error: DIR/twice.json already exists\nhint: pass --force to replace it, or --out FILE to write another one\n",
    });
    expect(readFileSync(out, "utf8")).toBe("keep me");
    const forced = await runInProcess(["metadata", "init", csv, "--out", out, ...allFlags, "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(parseMetadataDocument(readFileSync(out, "utf8")).problems).toEqual([]);
    expect(readdirSync(dir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("without a terminal, fails naming every missing flag and writes nothing", async () => {
    const csv = writeCsv("missing.csv", 3);
    const run = await runDpr(["metadata", "init", csv, "--title-zh", "门诊", "--sector", "health", "--category", "personal"]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: missing --description-zh or --description-en, --grade, --jurisdiction, --publisher, --contact-email, --licence, --openness, --rights, --regions, --purposes
      hint: give them as flags, or run dpr metadata init on a terminal to be asked
      ",
        "stdout": "",
      }
    `);
    expect(existsSync(join(dir, "missing.meta.json"))).toBe(false);
  });

  it("refuses a bad flag by name, and a document that would not be valid, writing nothing", async () => {
    const csv = writeCsv("wrong.csv", 3);
    const flags = (name: string, value: string) => allFlags.map((arg, i) => (allFlags[i - 1] === name ? value : arg));
    const sector = await runInProcess(["metadata", "init", csv, ...flags("--sector", "weather")]);
    expect({ code: sector.code, stderr: sector.stderr }).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: --sector: unknown sector "weather"
      hint: use one of: OTHER, POPULATION, FINANCE, HEALTH, EDUCATION, TRANSPORT, BIOSAFETY
      ",
      }
    `);
    const purposes = await runInProcess(["metadata", "init", csv, ...flags("--purposes", "110,999"), "--contact-email", "nobody"]);
    expect({ code: purposes.code, stderr: purposes.stderr }).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: the document would not be valid; nothing was written
        contactPoint.email: "nobody" must be an email address
        borderConditions.purposes[1]: 999 is not a purpose code or class of the zone's list
      hint: fix the flags these fields come from
      ",
      }
    `);
    expect(existsSync(join(dir, "wrong.meta.json"))).toBe(false);
  });
});

describe("dpr register --metadata", () => {
  const noChain = ["--deployment", "/nonexistent/deployment.json"];
  const outpatient = join(repoRoot, "demo/metadata/outpatient-visits-2025q1.json");
  const data = join(repoRoot, "demo/files/health/outpatient-visits-2025q1.csv");

  it("refuses a document that contradicts the registration, naming each field, before anything is sent", async () => {
    // The document: personal, general, health, gz. The flags: public, important, transport, hk.
    const run = await runDpr([
      "register", data, "--sector", "transport", "--category", "public", "--grade", "important", "--jurisdiction", "HK", "--metadata", outpatient, ...noChain,
    ], { env: { DPR_PRIVATE_KEY: `0x${"11".repeat(32)}` } }); // prettier-ignore
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr.replace(repoRoot, "REPO") }).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: metadata REPO/demo/metadata/outpatient-visits-2025q1.json contradicts the registration
        category: the document says "personal", --category says "public"
        grade: the document says "general", --grade says "important"
        containsPersonalData: the document says true, --personal-data says false
        sector: the document says "health", --sector says "transport"
        jurisdiction: the document says "gz", --jurisdiction says "hk"
      hint: make the flags and the document say the same
      ",
        "stdout": "",
      }
    `);
  });

  it("refuses a document that is not valid dpr-metadata/1, listing its problems", async () => {
    const old = join(dir, "old.meta.json");
    writeFileSync(old, JSON.stringify({ uri: "https://data.example/x", title: "Traffic counts" }));
    const run = await runInProcess(["register", data, "--sector", "health", "--category", "personal", "--grade", "general", "--jurisdiction", "GZ", "--metadata", old, ...noChain]);
    expect(run.code).toBe(2);
    expect(run.stderr.replace(dir, "DIR")).toMatchInlineSnapshot(`
      "error: metadata DIR/old.meta.json is not a valid dpr-metadata/1 document
        format: is missing
        description: is missing
        sector: is missing
        category: is missing
        grade: is missing
        containsPersonalData: is missing
        jurisdiction: is missing
        publisher: is missing
        contactPoint: is missing
        licence: is missing
        borderConditions: is missing
        title: must be an object, not string "Traffic counts"
      hint: dpr metadata validate checks a document; docs/metadata.md describes the format
      "
    `);
  });

  it("accepts a document that agrees with the flags (and goes on to the deployment)", async () => {
    const run = await runInProcess([
      "register", data, "--sector", "health", "--category", "personal", "--grade", "general", "--jurisdiction", "gz", "--metadata", outpatient, ...noChain,
    ]); // prettier-ignore
    expect(run.code).toBe(2);
    expect(run.stderr.startsWith("error: no DPR deployment record at /nonexistent/deployment.json\n"), run.stderr).toBe(true);
  });
});

describe("reading CSV samples", () => {
  it("splits quoted fields as RFC 4180 does, and gives up on a quote that runs past the line", () => {
    expect(splitCsvLine('a,"b, c","d ""e""",')).toEqual(["a", "b, c", 'd "e"', ""]);
    expect(splitCsvLine('a,"b')).toBeNull();
  });

  it("guesses the most specific type every value fits", () => {
    expect(guessType(["1", "-2", ""])).toBe("integer");
    expect(guessType(["1", "2.5", "1e3"])).toBe("number");
    expect(guessType(["TRUE", "false"])).toBe("boolean");
    expect(guessType(["2025-01-01"])).toBe("date");
    expect(guessType(["2025-01-01T08:00:00Z", "2025-01-01 09:30"])).toBe("datetime");
    expect(guessType(["1", "x"])).toBe("string");
    expect(guessType(["", " "])).toBe("string");
  });
});
