import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The indexer's GraphQL app, its fixtures and its document store (a test-only reach into the package, as audit.test.ts does).
import { storeDocument } from "../../../indexer/src/catalogue/documents.js";
import { type FixtureClient, type FixtureDb, createFixtureClient, createFixtureDb } from "../../../indexer/src/graphql/testing/harness.js";
import { D, STORY_NOW, writeStory } from "../../../indexer/src/graphql/testing/story.js";
import { runDpr } from "../testing/runDpr.js";
import { CATALOGUE_COLUMNS } from "./audit.js";

const demoText = (name: string) => readFileSync(new URL(`../../../../demo/metadata/${name}.json`, import.meta.url), "utf8");

/** Two demo documents registered by two of the story's datasets, one with a title that looks like a spreadsheet formula. */
const FORMULA_TITLE = "=HYPERLINK(\"https://evil.example\",\"click\")";

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") record.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      (record = []), (field = ""), i++;
    } else field += c;
  }
  expect(field + record.join(""), "the CSV ends with CRLF").toBe("");
  return records;
}

type Data = Record<string, any>;

describe("dpr audit export catalogue", () => {
  let fixture: FixtureDb;
  let api: FixtureClient;
  let server: Server;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    fixture = await createFixtureDb("pglite", async (db) => {
      await writeStory(db);
      const outpatient = await storeDocument(db, demoText("outpatient-waiting-times-2025q1"), "folder", "a.json", STORY_NOW);
      const formula = JSON.parse(demoText("metro-ridership-2025-01"));
      formula.title.en = FORMULA_TITLE;
      const metro = await storeDocument(db, JSON.stringify(formula), "folder", "b.json", STORY_NOW);
      await db.query("update datasets set metadata_hash = $1, conditions_openness = 2, conditions_rights = 6, conditions_regions = 1, conditions_purpose_classes = 6, conditions_max_term = 86400 where id = $2", [outpatient, D.D4]);
      await db.query("update datasets set metadata_hash = $1 where id = $2", [metro, D.D2]);
    });
    api = createFixtureClient(fixture.db, { now: STORY_NOW });
    server = createServer(api.yoga);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    dir = mkdtempSync(join(tmpdir(), "dpr-audit-catalogue-"));
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await fixture?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function catalogue(search: string | null): Promise<Data[]> {
    const response = await api.query<Data>(
      `query($search: String) { catalogue(search: $search, first: 1000) { nodes { id title documentStatus dataset { status holderAddress } } } }`,
      { search },
    );
    expect(response.errors).toBeUndefined();
    return response.data!.catalogue.nodes;
  }

  it("writes one CSV row per catalogue entry, in the API's order, with the chain's conditions", async () => {
    const run = await runDpr(["audit", "export", "catalogue", "--graphql", url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const [header, ...rows] = parseCsv(run.stdout);
    expect(header).toEqual([...CATALOGUE_COLUMNS]);
    const entries = await catalogue(null);
    expect(rows.map((row) => row[0])).toEqual(entries.map((e) => e.id));
    const record = (id: string) => Object.fromEntries(CATALOGUE_COLUMNS.map((column, i) => [column, rows.find((row) => row[0] === id)![i]]));
    expect(record(D.D4)).toMatchObject({
      title_zh: JSON.parse(demoText("outpatient-waiting-times-2025q1")).title.zh,
      openness: "conditional",
      rights: "processing-use;product-operation",
      grantee_regions: "gba",
      purpose_classes: "100;200",
      max_term_seconds: "86400",
      document_status: "verified",
    });
    expect(record(D.D4).title_en).toBe(entries.find((e) => e.id === D.D4)!.title);
    // Undeclared conditions and no document: empty fields, not made-up ones.
    const bare = entries.find((e) => e.documentStatus === "missing")!;
    expect(record(bare.id)).toMatchObject({ title_zh: "", title_en: "", openness: "undeclared", rights: "", grantee_regions: "", document_status: "missing" });
    // A registrant's text that a spreadsheet would run as a formula is made inert.
    expect(record(D.D2).title_en).toBe(`'${FORMULA_TITLE}`);
  });

  it("exports only what a search finds, to a file with --out", async () => {
    const file = join(dir, "catalogue.csv");
    const run = await runDpr(["--json", "audit", "export", "catalogue", "--search", "门诊", "--out", file, "--graphql", url]);
    expect(run.code).toBe(0);
    const found = await catalogue("门诊");
    expect(found.map((e) => e.id)).toEqual([D.D4]);
    expect(run.json()).toMatchObject({ file, format: "csv", entries: found.length });
    expect(parseCsv(readFileSync(file, "utf8")).slice(1).map((row) => row[0])).toEqual(found.map((e) => e.id));
  });

  it("names datasets in the lineage PROV-O export as the DCAT catalogue does", async () => {
    const origin = new URL(url).origin;
    const lineage = await runDpr(["audit", "export", "lineage", D.D4, "--graphql", url]);
    expect(lineage.code).toBe(0);
    const entities = (lineage.json<Data>()["@graph"] as Data[]).filter((n) => n["@type"] === "prov:Entity").map((n) => n["@id"]);
    expect(entities).toContain(`${origin}/datasets/${D.D4}`);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ catalogueEntry(id: "${D.D4}") { jsonld } }` }),
    });
    const dcat = JSON.parse(((await response.json()) as Data).data.catalogueEntry.jsonld);
    expect(dcat["@id"]).toBe(`${origin}/datasets/${D.D4}`);

    const based = await runDpr(["audit", "export", "lineage", D.D4, "--base-url", "https://dpr.zone.example/", "--graphql", url]);
    expect((based.json<Data>()["@graph"] as Data[]).map((n) => n["@id"])).toContain(`https://dpr.zone.example/datasets/${D.D4}`);
    const bad = await runDpr(["audit", "export", "lineage", D.D4, "--base-url", "https://me:pw@dpr.zone.example/", "--graphql", url]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--base-url must be a plain URL");
    expect(bad.stderr).not.toContain("pw@");
  });
});
