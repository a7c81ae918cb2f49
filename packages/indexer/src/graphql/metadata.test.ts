import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadMetadataDocuments } from "../sync/metadata.js";
import { testStores } from "../testing/databases.js";
import { type FixtureClient, type FixtureDb, createFixtureClient, createFixtureDb } from "./testing/harness.js";
import { D, STORY_NOW, writeStory } from "./testing/story.js";

type Data = Record<string, any>;

const sha256 = (bytes: string | Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;
const demo = (name: string) => readFileSync(new URL(`../../../../demo/metadata/${name}.json`, import.meta.url));

/** Two of the demo's documents: D2 is registered with the first's hash, D3 with the second's. */
const ridership = demo("metro-ridership-2025-01");
const births = demo("births-by-district-2024");
/** The second as someone edited it after registration: one byte changed. */
const tamperedBirths = Buffer.from(births);
tamperedBirths[tamperedBirths.indexOf("2024")] = "3".charCodeAt(0);

describe.each(await testStores())("dataset metadata and purpose labels (%s)", (kind) => {
  let fixture: FixtureDb;
  let api: FixtureClient;
  let dir: string;

  beforeAll(async () => {
    fixture = await createFixtureDb(kind, async (db) => {
      await writeStory(db);
      await db.query("update datasets set metadata_hash = $1 where id = $2", [sha256(ridership), D.D2]);
      await db.query("update datasets set metadata_hash = $1 where id = $2", [sha256(births), D.D3]);
      await db.query("update grants set purpose_code = 201 where id = 1");
      await db.query("update grants set purpose_code = 130 where id = 2");
    });
    dir = mkdtempSync(join(tmpdir(), "dpr-metadata-api-"));
    writeFileSync(join(dir, "metro-ridership-2025-01.json"), ridership);
    writeFileSync(join(dir, "births-by-district-2024.json"), tamperedBirths);
    const metadata = await loadMetadataDocuments({ dirs: [dir], logger: pino({ level: "silent" }) });
    api = createFixtureClient(fixture.db, { now: STORY_NOW, metadata });
  });
  afterAll(async () => {
    await fixture?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function ok(query: string, variables?: Record<string, unknown>): Promise<Data> {
    const response = await api.query<Data>(query, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!;
  }

  it("attaches the document whose SHA-256 is the dataset's metadataHash, with its title in the reader's language", async () => {
    const { dataset } = await ok(
      `query($id: ID!) { dataset(id: $id) { metadataHash metadata {
        sha256 document title en: title(lang: "en") zh: title(lang: "zh-CN") hk: title(lang: "zh-HK") fr: title(lang: "fr")
        description zhDescription: description(lang: "zh") } } }`,
      { id: D.D2 },
    );
    expect(dataset.metadata).toEqual({
      sha256: sha256(ridership),
      document: ridership.toString("utf8"),
      title: "Metro ridership by line, January 2025",
      en: "Metro ridership by line, January 2025",
      zh: "2025年1月地铁线网客流",
      hk: "2025年1月地铁线网客流",
      fr: "Metro ridership by line, January 2025",
      description: "Average daily boardings by line on weekdays and weekends, and the peak-hour load factor.",
      zhDescription: "各线路工作日与周末日均进站量及高峰小时满载率。",
    });
    // What a client that trusts only the chain does: hash the document it was given and compare.
    expect(sha256(Buffer.from(dataset.metadata.document, "utf8"))).toBe(dataset.metadataHash);
  });

  it("does not attach a document changed by one byte, nor any to a dataset whose document is unknown", async () => {
    const { d3, d1 } = await ok(`query($d3: ID!, $d1: ID!) { d3: dataset(id: $d3) { metadataHash metadata { title } } d1: dataset(id: $d1) { metadata { title } } }`, {
      d3: D.D3,
      d1: D.D1,
    });
    expect(d3).toEqual({ metadataHash: sha256(births), metadata: null });
    expect(d1.metadata).toBeNull();
  });

  it("gives titles to the recent list and the lineage, which read the same Dataset", async () => {
    const { datasets } = await ok(`{ datasets(orderBy: registeredBlock, orderDirection: desc, first: 1000) { items { id metadata { title(lang: "zh-CN") } } } }`);
    const titled = (datasets.items as Data[]).filter((d) => d.metadata !== null);
    expect(titled).toEqual([{ id: D.D2, metadata: { title: "2025年1月地铁线网客流" } }]);

    const { lineage } = await ok(
      `query($id: ID!) { lineage(id: $id, direction: UP) { root { id metadata { title } } edges { items { edge { parent { id metadata { title } } } } } } }`,
      { id: D.D3 },
    );
    expect(lineage.root.metadata).toBeNull();
    const parents = (lineage.edges.items as Data[]).map((item) => item.edge.parent);
    expect(parents).toContainEqual({ id: D.D2, metadata: { title: "Metro ridership by line, January 2025" } });
  });

  it("labels a grant's purpose code from the zone's list, and leaves an unknown code unlabelled", async () => {
    const { grants } = await ok(
      `{ grants(where: { id_in: ["1", "2", "3"] }) { items { id purposeCode purpose zh: purpose(lang: "zh-CN") } } }`,
    );
    expect(grants.items).toEqual([
      { id: "1", purposeCode: 201, purpose: "Academic research", zh: "学术研究" },
      { id: "2", purposeCode: 130, purpose: "Health service planning", zh: "医疗卫生服务规划" },
      { id: "3", purposeCode: 100, purpose: null, zh: null },
    ]);
  });
});

describe("dataset metadata without --metadata-dir", () => {
  it("is null for every dataset", async () => {
    const fixture = await createFixtureDb("pglite", writeStory);
    try {
      const response = await createFixtureClient(fixture.db, { now: STORY_NOW }).query<Data>(`{ datasets { items { metadata { title } } } }`);
      expect(response.errors).toBeUndefined();
      expect((response.data!.datasets.items as Data[]).every((d) => d.metadata === null)).toBe(true);
    } finally {
      await fixture.close();
    }
  });
});
