import { readFileSync } from "node:fs";
import { type DprMetadataDocument, SECTORS, borderConditionsOf } from "@dpr/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeDocument } from "../catalogue/documents.js";
import { testStores } from "../testing/databases.js";
import { type FixtureClient, type FixtureDb, createFixtureClient, createFixtureDb } from "./testing/harness.js";
import { D, STORY_NOW, writeStory } from "./testing/story.js";

type Data = Record<string, any>;

const demoText = (name: string) => readFileSync(new URL(`../../../../demo/metadata/${name}.json`, import.meta.url), "utf8");

/** The demo's documents, each as the registration of one of the story's datasets would have recorded it. D9 keeps a hash no document has. */
const REGISTERED: Record<string, string> = {
  [D.D1]: "outpatient-visits-2025q1",
  [D.D2]: "metro-ridership-2025-01",
  [D.D3]: "births-by-district-2024",
  [D.D1v2]: "outpatient-visits-2025q1-deidentified",
  [D.D4]: "outpatient-waiting-times-2025q1",
  [D.D5]: "sme-credit-index-2025q1",
  [D.D6]: "vaccination-sites-2025",
  [D.D7]: "pathogen-surveillance-2025w10",
  [D.D8]: "gba-student-mobility-survey-2024",
};
const documents = new Map(Object.entries(REGISTERED).map(([id, name]) => [id, JSON.parse(demoText(name)) as DprMetadataDocument]));

const STANDING = ["pending", "notice", "confirmed", "disputed", "frozen", "retired"];
const GBA = ["gz", "shenzhen", "zhuhai", "foshan", "huizhou", "dongguan", "zhongshan", "jiangmen", "zhaoqing", "hk", "mo"];
const regionOf = (jurisdiction: string) => (jurisdiction === "hk" || jurisdiction === "mo" ? jurisdiction : jurisdiction === "other" ? "elsewhere" : "mainland");

interface Expected {
  id: string;
  status: string;
  sector: string;
  category: string;
  grade: string;
  jurisdiction: string;
  doc: DprMetadataDocument | null;
}

/** The texts search reads: titles, descriptions and keywords in every language. */
const searchable = (doc: DprMetadataDocument | null) =>
  doc ? [...Object.values(doc.title), ...Object.values(doc.description), ...Object.values(doc.keywords ?? {}).flat()].join("\n").toLowerCase() : "";

const declared = (e: Expected) => e.doc !== null && e.doc.borderConditions.openness !== "not-open";

function countBy(entries: Expected[], key: (e: Expected) => string[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const entry of entries) for (const value of key(entry)) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

describe.each(await testStores())("the catalogue (%s)", (kind) => {
  let fixture: FixtureDb;
  let api: FixtureClient;

  beforeAll(async () => {
    fixture = await createFixtureDb(kind, async (db) => {
      await writeStory(db);
      for (const [id, name] of Object.entries(REGISTERED)) {
        const text = demoText(name);
        const doc = documents.get(id)!;
        const hash = await storeDocument(db, text, "folder", `demo/metadata/${name}.json`, STORY_NOW);
        // What the registration and the lead's BorderConditionsSet handler record: the document's classification and conditions.
        const c = borderConditionsOf(doc);
        await db.query(
          `update datasets set metadata_hash = $1, sector = $2, category = $3, grade = $4, contains_personal_data = $5, jurisdiction = $6,
             conditions_openness = $7, conditions_rights = $8, conditions_regions = $9, conditions_purpose_classes = $10, conditions_max_term = $11
           where id = $12`,
          [hash, SECTORS[doc.sector.toUpperCase() as keyof typeof SECTORS], doc.category, doc.grade, doc.containsPersonalData, doc.jurisdiction,
            c.openness, c.rights, c.regions, c.purposeClasses, c.maxTerm, id],
        );
      }
    });
    api = createFixtureClient(fixture.db, { now: STORY_NOW });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  async function ok(query: string, variables?: Record<string, unknown>): Promise<Data> {
    const response = await api.query<Data>(query, variables);
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!;
  }

  /** What the catalogue should hold, from the plain dataset list (another path through the API) and the documents. */
  async function expected(block?: number): Promise<Expected[]> {
    const { datasets } = await ok(
      `query($block: Block_height) { datasets(first: 1000, block: $block) { items { id status superseded sectorName category grade jurisdiction } } }`,
      { block: block === undefined ? null : { number: block } },
    );
    return (datasets.items as Data[])
      .filter((d) => !d.superseded && STANDING.includes(d.status))
      .map((d) => ({ id: d.id, status: d.status, sector: d.sectorName, category: d.category, grade: d.grade, jurisdiction: d.jurisdiction, doc: documents.get(d.id) ?? null }));
  }

  const PAGE = `query($search: String, $where: Catalogue_filter, $lang: String, $first: Int, $after: String, $block: Block_height) {
    catalogue(search: $search, where: $where, lang: $lang, first: $first, after: $after, block: $block) {
      totalCount nodes { id title documentStatus } pageInfo { hasNextPage endCursor }
      facets { sector { value count } category { value count } grade { value count } openness { value count } right { value count }
               region { value count } purposeClass { value count } status { value count } documentStatus { value count } } } }`;

  it("finds the outpatient datasets by a Chinese word inside longer titles, without a segmenter", async () => {
    const all = await expected();
    const want = all.filter((e) => searchable(e.doc).includes("门诊")).map((e) => e.id);
    expect(want.length).toBeGreaterThan(1);
    const { catalogue } = await ok(PAGE, { search: "门诊", lang: "zh", first: 100 });
    expect(catalogue.nodes.map((n: Data) => n.id).sort()).toEqual([...want].sort());
    expect(catalogue.totalCount).toBe(want.length);
    for (const node of catalogue.nodes) expect(node.title).toMatch(/门诊/);
    // A longer run matches the entries that have it in one piece.
    const { catalogue: longer } = await ok(PAGE, { search: "门诊就诊", first: 100 });
    expect(longer.nodes.map((n: Data) => n.id).sort()).toEqual(all.filter((e) => searchable(e.doc).includes("门诊就诊")).map((e) => e.id).sort());
  });

  it("finds them by an English word and by its prefix; every word must match", async () => {
    const all = await expected();
    const want = all.filter((e) => searchable(e.doc).includes("outpatient")).map((e) => e.id).sort();
    expect(want.length).toBeGreaterThan(1);
    for (const search of ["outpatient", "Outpat", "OUTPATIENT"]) {
      const { catalogue } = await ok(PAGE, { search, first: 100 });
      expect(catalogue.nodes.map((n: Data) => n.id).sort(), search).toEqual(want);
    }
    const both = all.filter((e) => searchable(e.doc).includes("outpatient") && searchable(e.doc).includes("waiting")).map((e) => e.id);
    const { catalogue } = await ok(PAGE, { search: "outpatient waiting", first: 100 });
    expect(catalogue.nodes.map((n: Data) => n.id)).toEqual(both);
    const { catalogue: none } = await ok(PAGE, { search: "outpatient zebra", first: 100 });
    expect(none).toMatchObject({ totalCount: 0, nodes: [] });
  });

  it("ranks entries with the words in their title first, then the newest", async () => {
    const all = (await expected()).filter((e) => e.doc);
    const starts = (text: string, word: string) => new RegExp(`(^|[^a-z0-9])${word}`).test(text.toLowerCase());
    const inTitle = (e: Expected, word: string) => Object.values(e.doc!.title).some((title) => starts(title, word));
    // A word some entries have in their title and others only in their description or keywords.
    const words = [...new Set(all.flatMap((e) => e.doc!.title.en!.toLowerCase().match(/[a-z]{4,}/g) ?? []))].sort();
    const word = words.find((w) => all.some((e) => inTitle(e, w)) && all.some((e) => !inTitle(e, w) && starts(searchable(e.doc), w)));
    expect(word).toBeDefined();
    const { catalogue } = await ok(`query($search: String) { catalogue(search: $search, first: 100) { nodes { id dataset { registeredBlock } } } }`, { search: word });
    const byId = new Map(all.map((e) => [e.id, e]));
    const got = (catalogue.nodes as Data[]).map((n) => ({ id: n.id as string, block: Number(n.dataset.registeredBlock), title: inTitle(byId.get(n.id)!, word!) }));
    const want = [...got].sort((a, b) => Number(b.title) - Number(a.title) || b.block - a.block || (a.id < b.id ? 1 : -1));
    expect(got).toEqual(want);
    expect(got.some((g) => g.title) && got.some((g) => !g.title)).toBe(true);
  });

  it("counts every facet over the whole filtered set", async () => {
    const all = await expected();
    const { catalogue } = await ok(PAGE, { first: 2 });
    expect(catalogue.totalCount).toBe(all.length);
    expect(catalogue.nodes).toHaveLength(2);
    const facets = {
      sector: countBy(all, (e) => [e.sector]),
      category: countBy(all, (e) => [e.category]),
      grade: countBy(all, (e) => [e.grade]),
      openness: countBy(all, (e) => [e.doc?.borderConditions.openness ?? "undeclared"]),
      right: countBy(all.filter(declared), (e) => [...e.doc!.borderConditions.rights]),
      region: countBy(all.filter(declared), (e) => [e.doc!.borderConditions.granteeRegions]),
      purposeClass: countBy(all.filter(declared), (e) => [...new Set(e.doc!.borderConditions.purposes.map((code) => String(Math.floor(code / 100) * 100)))]),
      status: countBy(all, (e) => [e.status]),
      documentStatus: countBy(all, (e) => [e.doc ? "verified" : "missing"]),
    };
    expect(catalogue.facets).toEqual(facets);

    // With a search and a filter: the counts of that subset.
    const health = all.filter((e) => e.sector === "health" && searchable(e.doc).includes("outpatient"));
    const { catalogue: filtered } = await ok(PAGE, { search: "outpatient", where: { sector_in: ["health"] } });
    expect(filtered.totalCount).toBe(health.length);
    expect(filtered.facets.openness).toEqual(countBy(health, (e) => [e.doc!.borderConditions.openness]));
  });

  it("filters by what the chain's conditions allow: a right, a grantee's region, a purpose", async () => {
    const all = await expected();
    const ids = async (where: Data) => ((await ok(PAGE, { where, first: 100 })).catalogue.nodes as Data[]).map((n) => n.id).sort();

    expect(await ids({ right: "holding" })).toEqual(all.filter((e) => declared(e) && e.doc!.borderConditions.rights.includes("holding")).map((e) => e.id).sort());

    // hk: anywhere; the GBA (hk is in it); same region only for data held in hk.
    const forHk = all.filter((e) => {
      if (!declared(e)) return false;
      const regions = e.doc!.borderConditions.granteeRegions;
      return regions === "anywhere" || (regions === "gba" && GBA.includes("hk")) || regionOf(e.jurisdiction) === "hk";
    });
    expect(await ids({ region: "hk" })).toEqual(forHk.map((e) => e.id).sort());
    // other (elsewhere): only anywhere, or data held elsewhere.
    expect(await ids({ region: "other" })).toEqual(
      all.filter((e) => declared(e) && (e.doc!.borderConditions.granteeRegions === "anywhere" || regionOf(e.jurisdiction) === "elsewhere")).map((e) => e.id).sort(),
    );

    // 201: class 200 on chain, and 201 or 200 listed by the document.
    expect(await ids({ purpose: 201 })).toEqual(
      all.filter((e) => declared(e) && e.doc!.borderConditions.purposes.some((code) => code === 201 || code === 200)).map((e) => e.id).sort(),
    );
    expect(await ids({ documentStatus_in: ["missing"] })).toEqual(all.filter((e) => !e.doc).map((e) => e.id).sort());
    expect(await ids({ openness_in: ["not-open"] })).toEqual(all.filter((e) => e.doc?.borderConditions.openness === "not-open").map((e) => e.id).sort());
  });

  it("pages with cursors, never repeating or skipping an entry", async () => {
    const all = await expected();
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const { catalogue }: Data = await ok(PAGE, { first: 3, after });
      seen.push(...catalogue.nodes.map((n: Data) => n.id));
      if (!catalogue.pageInfo.hasNextPage) break;
      after = catalogue.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen)).toEqual(new Set(all.map((e) => e.id)));
  });

  it("answers at a past block for the chain's part", async () => {
    for (const block of [20, 40]) {
      const past = await expected(block);
      const { catalogue } = await ok(PAGE, { first: 100, block: { number: block } });
      expect(catalogue.nodes.map((n: Data) => n.id).sort(), `block ${block}`).toEqual(past.map((e) => e.id).sort());
    }
  });

  it("shows one entry in the reader's language, with the document's conditions and the chain's", async () => {
    const doc = documents.get(D.D4)!;
    const { catalogueEntry, dataset } = await ok(
      `query($id: ID!) {
        catalogueEntry(id: $id, lang: "zh-CN") { id title description keywords publisher licence updateFrequency temporalCoverage documentStatus documentError
          documentConditions { openness rights granteeRegions purposes maxTermDays measures howToApply }
          conditions { openness rights granteeRegions purposeClasses maxTermSeconds proposed { openness } } dataset { id status } }
        dataset(id: $id) { catalogue(lang: "en") { title } metadata { title } } }`,
      { id: D.D4 },
    );
    expect(catalogueEntry).toMatchObject({
      id: D.D4,
      title: doc.title.zh,
      description: doc.description.zh,
      keywords: doc.keywords?.zh ?? [],
      publisher: doc.publisher.name.zh,
      updateFrequency: doc.updateFrequency ?? null,
      documentStatus: "verified",
      documentError: null,
      documentConditions: {
        openness: doc.borderConditions.openness,
        rights: doc.borderConditions.rights,
        granteeRegions: doc.borderConditions.granteeRegions,
        purposes: doc.borderConditions.purposes,
        maxTermDays: doc.borderConditions.maxTermDays ?? null,
      },
      conditions: {
        openness: doc.borderConditions.openness,
        rights: doc.borderConditions.rights,
        granteeRegions: doc.borderConditions.granteeRegions,
        purposeClasses: [...new Set(doc.borderConditions.purposes.map((code) => Math.floor(code / 100) * 100))].sort((a, b) => a - b),
        proposed: null,
      },
      dataset: { id: D.D4 },
    });
    expect(dataset.catalogue.title).toBe(doc.title.en);
    // The stored document is attached to the dataset as its metadata too.
    expect(dataset.metadata.title).toBe(doc.title.en);
  });

  it("keeps an entry without a document, and answers for any dataset by id", async () => {
    const { d9, d1, unknown } = await ok(
      `query($d9: ID!, $d1: ID!) {
        d9: catalogueEntry(id: $d9) { title keywords documentStatus documentConditions { openness } conditions { openness granteeRegions } jsonld }
        d1: catalogueEntry(id: $d1) { dataset { superseded } documentStatus }
        unknown: catalogueEntry(id: "0x${"ab".repeat(32)}") { id } }`,
      { d9: D.D9, d1: D.D1 },
    );
    expect(d9).toMatchObject({ title: null, keywords: [], documentStatus: "missing", documentConditions: null, conditions: { openness: "undeclared", granteeRegions: null } });
    expect(JSON.parse(d9.jsonld)["@type"]).toBe("dcat:Dataset");
    expect(d1).toEqual({ dataset: { superseded: true }, documentStatus: "verified" });
    expect(unknown).toBeNull();
  });

  it("refuses bad arguments with a clear BAD_USER_INPUT", async () => {
    const cases: [Data, RegExp][] = [
      [{ where: { sector_in: ["hospitals"] } }, /where\.sector_in "hospitals" is not one of: .*population/],
      [{ where: { openness_in: ["closed"] } }, /where\.openness_in "closed" is not one of: undeclared, open, conditional, not-open/],
      [{ where: { region: "atlantis" } }, /where\.region "atlantis" is not one of/],
      [{ where: { purpose: -1 } }, /where\.purpose must be a purpose code/],
      [{ where: { holder: "nobody" } }, /where\.holder must be an address/],
      [{ search: "x".repeat(257) }, /search may have at most 256 characters/],
      [{ first: 1001 }, /first must be between 0 and 1000/],
      [{ after: "garbage!" }, /after is not a cursor this API issued/],
    ];
    for (const [variables, message] of cases) {
      const response = await api.query(
        `query($search: String, $where: Catalogue_filter, $first: Int, $after: String) {
          catalogue(search: $search, where: $where, first: $first, after: $after) { nodes { id } } }`,
        variables,
      );
      expect(response.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe("BAD_USER_INPUT");
      expect(response.errors?.[0]?.message).toMatch(message);
    }
  });
});
