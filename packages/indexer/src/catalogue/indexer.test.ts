/**
 * The catalogue in a running indexer: datasets registered on a real node with the SHA-256 of demo documents,
 * documents fetched in the background from an allowed server while the sync runs, served as GraphQL and DCAT,
 * and still there after a restart (without fetching again).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, startChain } from "@dpr/devnet";
import { type DprMetadataDocument, borderConditionsOf, registerDataset } from "@dpr/sdk";
import type { Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Indexer, createIndexer } from "../createIndexer.js";
import { createTestDatabase, testStores } from "../testing/databases.js";
import { quietLogger } from "../testing/indexing.js";
import { type StoryChain, h, onboard, setUpChain } from "../testing/story.js";

type Data = Record<string, any>;
const sha256 = (bytes: string | Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}` as Hex;

const good = readFileSync(new URL("../../../../demo/metadata/outpatient-visits-2025q1.json", import.meta.url));
const doc = JSON.parse(good.toString("utf8")) as DprMetadataDocument;
const other = readFileSync(new URL("../../../../demo/metadata/vaccination-sites-2025.json", import.meta.url));
const tampered = Buffer.from(other);
tampered[tampered.indexOf("2025")] = "3".charCodeAt(0);

let node: DevChain;
let chain: StoryChain;
let server: Server;
let origin: string;
const requests: string[] = [];
const ids: Record<string, Hex> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? "");
    if (req.url === "/meta/outpatient.json") return void res.writeHead(200, { "content-type": "application/json" }).end(good);
    if (req.url === "/meta/vaccination.json") return void res.writeHead(200, { "content-type": "application/json" }).end(tampered);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 10);
  await onboard(chain);
  const register = async (label: string, metadataHash: Hex, metadataURI: string, borderConditions?: ReturnType<typeof borderConditionsOf>) =>
    (ids[label] = (
      await registerDataset(chain.as("holder"), {
        contentHash: h(`catalogue e2e ${label}`),
        metadataHash,
        metadataURI,
        category: doc.category,
        grade: doc.grade,
        sector: doc.sector,
        jurisdiction: "GZ",
        ...(borderConditions ? { borderConditions } : {}),
      })
    ).datasetId);
  await register("outpatient", sha256(good), `${origin}/meta/outpatient.json`, borderConditionsOf(doc));
  await register("vaccination", sha256(other), `${origin}/meta/vaccination.json`);
  await register("elsewhere", h("a document nobody has"), `${origin}/private/x.json`);
}, 120_000);

afterAll(async () => {
  await node?.stop();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

async function until(condition: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(await testStores())("the catalogue of a running indexer (%s)", (kind) => {
  let work: string;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let indexer: Indexer | undefined;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "dpr-catalogue-e2e-"));
    database = await createTestDatabase(kind, { dataDir: join(work, "pglite") });
  });
  afterAll(async () => {
    await indexer?.stop();
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  const start = async () => {
    indexer = await createIndexer({
      rpcUrl: node.url,
      deployment: chain.deployment,
      databaseUrl: database.databaseUrl,
      dataDir: database.dataDir,
      port: 0,
      finalityDepth: 0,
      pollIntervalMs: 50,
      headStallTimeoutMs: 0,
      logger: quietLogger,
      metadataFetchAllow: [`${origin}/meta/`],
    });
    await indexer.start();
    await indexer.ready();
    return indexer;
  };
  const entries = async (running: Indexer): Promise<Record<string, Data>> => {
    const response = await fetch(`${running.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ catalogue(first: 100) { nodes { id title documentStatus documentError conditions { openness } } } }` }),
    });
    const body = (await response.json()) as Data;
    expect(body.errors).toBeUndefined();
    return Object.fromEntries((body.data.catalogue.nodes as Data[]).map((n) => [n.id, n]));
  };

  it("fetches allowed documents in the background, keeps what matches, and never asks outside the list", async () => {
    const running = await start();
    await until(async () => {
      const found = await entries(running);
      return found[ids.outpatient!]?.documentStatus === "verified" && found[ids.vaccination!]?.documentStatus === "mismatch";
    }, "the fetcher's verdicts");
    const found = await entries(running);
    expect(found[ids.outpatient!]).toMatchObject({ title: doc.title.en, conditions: { openness: doc.borderConditions.openness } });
    expect(found[ids.vaccination!]).toMatchObject({ title: null, documentError: expect.stringMatching(/^the document fetched hashes to 0x/) });
    expect(found[ids.elsewhere!]).toMatchObject({ documentStatus: "missing" });
    expect(requests).not.toContain("/private/x.json");

    const dcat = await fetch(`${running.url}/catalogue.jsonld`);
    expect(dcat.headers.get("content-type")).toBe("application/ld+json; charset=utf-8");
    const catalogue = (await dcat.json()) as Data;
    const outpatient = (catalogue["dcat:dataset"] as Data[]).find((d) => d["dct:identifier"] === ids.outpatient);
    expect(outpatient?.["@id"]).toBe(`${running.url}/datasets/${ids.outpatient}`);
    expect(outpatient?.["dct:title"]).toContainEqual({ "@value": doc.title.zh, "@language": "zh" });
  }, 60_000);

  it("keeps what it fetched across a restart, without fetching it again", async () => {
    await indexer!.stop();
    indexer = undefined;
    const before = requests.filter((r) => r === "/meta/outpatient.json").length;
    const running = await start();
    const found = await entries(running);
    expect(found[ids.outpatient!]).toMatchObject({ documentStatus: "verified", title: doc.title.en });
    expect(found[ids.vaccination!]).toMatchObject({ documentStatus: "mismatch" });
    expect(requests.filter((r) => r === "/meta/outpatient.json").length).toBe(before);
  }, 60_000);
});
