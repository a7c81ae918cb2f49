import { readFileSync } from "node:fs";
import { type DprMetadataDocument, type Deployment, SECTORS, borderConditionsOf } from "@dpr/sdk";
import jsonld from "jsonld";
import { Parser, type Quad, Store } from "n3";
import SHACLValidator from "rdf-validate-shacl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCatalogueExport, createGraphql } from "../graphql/index.js";
import { type FixtureDb, createFixtureDb } from "../graphql/testing/harness.js";
import { D, STORY_NOW, writeStory } from "../graphql/testing/story.js";
import { createMetrics } from "../metrics.js";
import { type HttpServer, createServer } from "../server/createServer.js";
import { testStores } from "../testing/databases.js";
import { quietLogger } from "../testing/indexing.js";
import { FREQUENCIES, SECTOR_THEMES } from "./dcat.js";
import { storeDocument } from "./documents.js";

type Data = Record<string, any>;

const demoText = (name: string) => readFileSync(new URL(`../../../../demo/metadata/${name}.json`, import.meta.url), "utf8");
const REGISTERED: Record<string, string> = {
  [D.D2]: "metro-ridership-2025-01",
  [D.D3]: "births-by-district-2024",
  [D.D4]: "outpatient-waiting-times-2025q1",
  [D.D5]: "sme-credit-index-2025q1",
  [D.D6]: "vaccination-sites-2025",
};
const shapesText = readFileSync(new URL("./dcat-shapes.ttl", import.meta.url), "utf8");

const deployment: Deployment = {
  format: "dpr-deployment/1",
  chainId: 31337,
  contracts: {
    directory: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    datasets: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    grants: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    anchors: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    forwarder: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
  },
  deploymentBlock: 1n,
  noticePeriod: 3600n,
  zoneAdmin: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  deployedAt: "2026-11-28T08:00:00.000Z",
};

/** The JSON-LD as RDF quads: expanded and converted by the `jsonld` package, read back by n3. */
async function toQuads(document: object): Promise<Quad[]> {
  const nquads = (await jsonld.toRDF(document as jsonld.JsonLdDocument, { format: "application/n-quads" })) as unknown as string;
  return new Parser({ format: "N-Quads" }).parse(nquads);
}

async function validate(document: object) {
  const shapes = new Parser({ format: "Turtle" }).parse(shapesText);
  const validator = new SHACLValidator(new Store(shapes));
  const report = await validator.validate(new Store(await toQuads(document)));
  return {
    conforms: report.conforms,
    problems: report.results.map((r) => `${r.focusNode?.value} ${r.path?.value}: ${r.message.map((m) => m.value).join(" ")}`),
  };
}

describe.each(await testStores())("the catalogue as DCAT 3 JSON-LD (%s)", (kind) => {
  let fixture: FixtureDb;
  let server: HttpServer;
  let base: string;

  beforeAll(async () => {
    fixture = await createFixtureDb(kind, async (db) => {
      await writeStory(db);
      for (const [id, name] of Object.entries(REGISTERED)) {
        const doc = JSON.parse(demoText(name)) as DprMetadataDocument;
        const hash = await storeDocument(db, demoText(name), "folder", name, STORY_NOW);
        const c = borderConditionsOf(doc);
        await db.query(
          `update datasets set metadata_hash = $1, sector = $2, category = $3, grade = $4, jurisdiction = $5, conditions_openness = $6,
             conditions_rights = $7, conditions_regions = $8, conditions_purpose_classes = $9, conditions_max_term = $10 where id = $11`,
          [hash, SECTORS[doc.sector.toUpperCase() as keyof typeof SECTORS], doc.category, doc.grade, doc.jurisdiction, c.openness, c.rights, c.regions,
            c.purposeClasses, c.maxTerm, id],
        );
      }
    });
    const options = {
      db: fixture.db,
      logger: quietLogger,
      now: () => STORY_NOW,
      status: { chainId: 31337, deploymentBlock: 1, chainHead: () => 64, hasIndexingErrors: () => false },
    };
    server = createServer({
      graphql: createGraphql(options),
      catalogue: createCatalogueExport(options),
      health: async () => ({ role: "writer", indexedBlock: 60, chainHead: 64, ready: true, unhealthy: null, notReady: null }),
      metrics: createMetrics({ defaultMetrics: false }),
      deployment,
      logger: quietLogger,
    });
    base = await server.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await server?.close();
    await fixture?.close();
  });

  async function graphql(query: string): Promise<Data> {
    const response = await fetch(`${base}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    const body = (await response.json()) as Data;
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it("serves the whole directory as a dcat:Catalog that expands, converts to RDF and passes the SHACL shapes", async () => {
    const response = await fetch(`${base}/catalogue.jsonld`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    const catalogue = (await response.json()) as Data;

    const expanded = await jsonld.expand(catalogue as jsonld.JsonLdDocument);
    expect(expanded[0]!["@type"]).toEqual(["http://www.w3.org/ns/dcat#Catalog"]);
    const result = await validate(catalogue);
    expect(result.problems).toEqual([]);
    expect(result.conforms).toBe(true);

    // One dcat:Dataset per catalogue entry, with the ids every export uses.
    const { catalogue: page } = await graphql(`{ catalogue(first: 1000) { totalCount nodes { id } } }`);
    expect(catalogue["dcat:dataset"].map((d: Data) => d["@id"]).sort()).toEqual(page.nodes.map((n: Data) => `${base}/datasets/${n.id}`).sort());
    expect(catalogue["dcat:dataset"]).toHaveLength(page.totalCount);
  });

  it("maps a verified document's fields to DCAT terms, and the chain's to dpr: terms", async () => {
    const doc = JSON.parse(demoText(REGISTERED[D.D4]!)) as DprMetadataDocument;
    const response = await fetch(`${base}/datasets/${D.D4}.jsonld`);
    expect(response.status).toBe(200);
    const dataset = (await response.json()) as Data;
    expect(dataset).toMatchObject({
      "@id": `${base}/datasets/${D.D4}`,
      "@type": "dcat:Dataset",
      "dct:identifier": D.D4,
      "dct:title": Object.entries(doc.title).map(([tag, text]) => ({ "@value": text, "@language": tag })),
      "dcat:theme": expect.arrayContaining([{ "@id": SECTOR_THEMES[doc.sector] }]),
      "dpr:documentStatus": "verified",
      "dpr:borderConditions": { "dpr:openness": doc.borderConditions.openness, "dpr:granteeRegions": doc.borderConditions.granteeRegions },
    });
    if (doc.updateFrequency) expect(dataset["dct:accrualPeriodicity"]).toEqual({ "@id": FREQUENCIES[doc.updateFrequency] });
    expect(dataset["dcat:distribution"]).toHaveLength(doc.distributions?.length ?? 0);
    expect((await validate(dataset)).conforms).toBe(true);

    // The same object CatalogueEntry.jsonld gives, through the same origin.
    const { catalogueEntry } = await graphql(`{ catalogueEntry(id: "${D.D4}") { jsonld } }`);
    expect(JSON.parse(catalogueEntry.jsonld)).toEqual(dataset);
  });

  it("gives an entry without a document a title and description from the chain, so it stays a valid dcat:Dataset", async () => {
    const response = await fetch(`${base}/datasets/${D.D9}.jsonld`);
    const dataset = (await response.json()) as Data;
    expect(dataset["dpr:documentStatus"]).toBe("missing");
    expect(dataset["dcat:keyword"]).toBeUndefined();
    expect((await validate(dataset)).conforms).toBe(true);
  });

  it("answers 404 with a JSON error for an unknown or malformed id", async () => {
    for (const id of [`0x${"ab".repeat(32)}`, "not-an-id"]) {
      const response = await fetch(`${base}/datasets/${id}.jsonld`);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(((await response.json()) as Data).error).toMatch(/^no dataset/);
    }
  });

  it("has shapes that fail a dataset without its title or a distribution without a URL", async () => {
    const dataset = (await (await fetch(`${base}/datasets/${D.D4}.jsonld`)).json()) as Data;
    const untitled = { ...dataset };
    delete untitled["dct:title"];
    const result = await validate(untitled);
    expect(result.conforms).toBe(false);
    expect(result.problems.join("\n")).toMatch(/purl\.org\/dc\/terms\/title/);

    const noUrl = { ...dataset, "dcat:distribution": [{ "@type": "dcat:Distribution", "dcat:mediaType": { "@id": "https://www.iana.org/assignments/media-types/text/csv" } }] };
    expect((await validate(noUrl)).conforms).toBe(false);
  });
});
