import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The indexer's GraphQL app and its fixtures (a test-only reach into the package; see the report).
import { type FixtureDb, createFixtureClient, createFixtureDb } from "../../../indexer/src/graphql/testing/harness.js";
import { CONTENT, D, P, STORY_NOW, writeStory } from "../../../indexer/src/graphql/testing/story.js";
import { FixtureWriter, blockTime, hash, pendingDatasetRow } from "../../../indexer/src/graphql/testing/writer.js";
import { runDpr } from "../testing/runDpr.js";
import { runInProcess } from "../testing/runInProcess.js";
import { CSV_COLUMNS, PROV_CONTEXT, csvField } from "./audit.js";

/** A dataset with more grants than one GraphQL page holds, so exports must follow cursors. */
const BUSY = hash("dataset with many grants");
const BUSY_GRANTS = 1100;
/** …and more children than a page holds, so the dataset's children and its lineage must follow cursors too. */
const BUSY_CHILDREN = 1005;
const CHECKPOINT = 90;

async function writeFixture(db: Parameters<typeof writeStory>[0]): Promise<void> {
  await writeStory(db);
  const w = new FixtureWriter(db);
  const { tx } = w.event(70, "DatasetRegistered", { contract: "datasets", actor: P.holderB, dataset: BUSY, args: { datasetId: BUSY, note: 'a "quoted", comma\nand a new line' } });
  const busy = w.create(
    "datasets",
    pendingDatasetRow(70, tx, {
      id: BUSY,
      series_id: BUSY,
      version_of: null,
      version: 1,
      holder: P.holderB,
      algorithm: "sha256",
      content_hash: hash("busy content"),
      metadata_hash: hash("busy metadata"),
      metadata_uri: "ipfs://busy",
      category: "public",
      grade: "general",
      contains_personal_data: false,
      sector: 5,
      jurisdiction: "hk",
      required_confirmations: 1,
    }),
    70,
  );
  for (let i = 0; i < BUSY_GRANTS; i++) {
    const block = 71 + Math.floor(i / 100);
    const id = String(100 + i);
    const { tx: issued } = w.event(block, "GrantIssued", { contract: "grants", actor: P.holderB, dataset: BUSY, grant: id, participant: P.auditor, args: { grantId: id } });
    w.create(
      "grants",
      {
        id,
        dataset_id: BUSY,
        grantee: P.auditor,
        grantor: P.holderB,
        right: "processing-use",
        purpose_code: 1,
        purpose_hash: hash(`p ${i}`),
        scope_hash: hash(`s ${i}`),
        starts_at: blockTime(block),
        expires_at: 0,
        terms_hash: hash(`t ${i}`),
        mechanism: "none",
        contract_hash: hash("c"),
        impact_assessment_hash: hash("i"),
        consent_records_root: hash("r"),
        filing_ref: hash("f"),
        cross_border: false,
        state: "active",
        acknowledged_by: null,
        acknowledged_at: null,
        closed_by: null,
        closed_at: null,
        last_reason_hash: null,
        issued_at: blockTime(block),
        issued_block: block,
        issued_tx: issued,
        updated_at: blockTime(block),
        updated_block: block,
      },
      block,
    );
  }
  for (let i = 0; i < BUSY_CHILDREN; i++) {
    const block = 82 + Math.floor(i / 250);
    const child = hash(`busy child ${i}`);
    const { tx: registered } = w.event(block, "DatasetRegistered", { contract: "datasets", actor: P.holderB, dataset: child, args: { datasetId: child } });
    const { id: derived } = w.event(block, "DatasetDerived", { contract: "datasets", dataset: child, args: { datasetId: child, parentId: BUSY, derivation: "transformation" } });
    const { block_from: _from, block_to: _to, ...fields } = busy;
    w.create(
      "datasets",
      { ...fields, id: child, series_id: child, content_hash: hash(`busy child content ${i}`), registered_at: blockTime(block), registered_block: block, registered_tx: registered, updated_at: blockTime(block), updated_block: block },
      block,
    );
    w.insert("dataset_parents", { child_id: child, parent_id: BUSY, derivation: "transformation", position: 0, block_number: block, event_id: derived });
  }
  await w.flush(CHECKPOINT);
}

/** RFC 4180 records (quoted fields may hold commas, quotes and line breaks). */
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

type Node = Record<string, any>;

/** Checks that a document is JSON-LD as a processor reads it: known prefixes, typed nodes, references that resolve. */
function checkJsonLd(document: Node): Map<string, Node> {
  expect(document["@context"]).toEqual(PROV_CONTEXT);
  const prefixes = new Set(Object.keys(document["@context"]));
  const compact = (term: string) => {
    const [prefix] = term.split(":");
    expect(prefixes.has(prefix!), `prefix of ${term}`).toBe(true);
  };
  const nodes = new Map<string, Node>();
  for (const node of document["@graph"] as Node[]) {
    // Datasets under the indexer's URL, as its DCAT catalogue names them; the rest URNs of the chain.
    expect(node["@id"]).toMatch(/^(urn:dpr:31337:[a-z]+:|http:\/\/127\.0\.0\.1:\d+\/datasets\/0x[0-9a-f]{64}$)/);
    expect(nodes.has(node["@id"]), `${node["@id"]} appears once`).toBe(false);
    nodes.set(node["@id"], node);
  }
  const references: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (!value || typeof value !== "object") return;
    const object = value as Node;
    if (Object.keys(object).length === 1 && typeof object["@id"] === "string") return void references.push(object["@id"]);
    if ("@value" in object) {
      compact(object["@type"]);
      expect(object["@value"]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      return;
    }
    for (const type of [object["@type"]].flat()) compact(type);
    for (const [key, child] of Object.entries(object)) {
      if (!key.startsWith("@")) compact(key);
      walk(child);
    }
  };
  for (const node of nodes.values()) {
    expect(node["@type"]).toBeDefined();
    walk(node);
  }
  for (const reference of references) expect(nodes.has(reference), `${reference} is in the graph`).toBe(true);
  return nodes;
}

describe("dpr audit export", () => {
  let fixture: FixtureDb;
  let server: Server;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    fixture = await createFixtureDb("pglite", writeFixture);
    const { yoga } = createFixtureClient(fixture.db, { now: STORY_NOW });
    server = createServer(yoga);
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    dir = mkdtempSync(join(tmpdir(), "dpr-audit-"));
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await fixture?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("exports a dataset's record, versions, confirmations, objections, grants and event trail as JSON", async () => {
    const run = await runDpr(["audit", "export", "dataset", D.D2, "--graphql", url]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const data = run.json<Record<string, any>>();
    expect(data.export).toMatchObject({ kind: "dataset", source: url, chainId: 31337, block: CHECKPOINT });
    expect(data.dataset).toMatchObject({
      id: D.D2,
      holderAddress: P.holderA,
      status: "confirmed",
      versionOf: null,
      sectorName: "finance",
      registeredBlock: "5",
      confirmationCount: 2,
    });
    expect(data.versions).toEqual([expect.objectContaining({ id: D.D2, version: 1 })]);
    expect(data.parents).toEqual([{ derivation: "transformation", blockNumber: "5", parent: D.D1 }]);
    expect(data.children).toEqual([{ derivation: "aggregation", blockNumber: "8", child: D.D3 }]);
    expect(data.confirmations.map((c: any) => c.registrarAddress)).toEqual([P.registrar1, P.registrar2]);
    expect(data.objections).toMatchObject([{ objectorAddress: P.holderB, claim: 1, resolved: true, resolution: { upheld: false, status: "notice" } }]);
    expect(data.dataset).toMatchObject({ claim: 1, ancestryRevoked: false, openObjections: 0, noticeRemaining: null, grantsValidFrom: null });
    expect(data.transfers).toEqual([]);
    expect(data.grants.map((g: any) => [g.id, g.status])).toEqual([
      ["1", "active"],
      ["4", "expired"],
    ]);
    expect(data.grants[0].evidence).toEqual({ contractHash: hash("contract 1"), impactAssessmentHash: hash("impact 1"), consentRecordsRoot: hash("consent 1"), filingRef: hash("filing 1") });
    // Beside each code, its label in the zone's list: the story's codes (7, 100) are not in it.
    expect(data.grants.map((g: any) => Object.keys(g).slice(Object.keys(g).indexOf("purposeCode"), Object.keys(g).indexOf("purposeCode") + 2))).toEqual([
      ["purposeCode", "purpose"],
      ["purposeCode", "purpose"],
    ]);
    expect(data.grants.map((g: any) => [g.purposeCode, g.purpose])).toEqual([
      [7, null],
      [100, null],
    ]);
    expect(data.events.map((e: any) => e.name)).toEqual([
      "DatasetRegistered",
      "DatasetDerived",
      "DatasetConfirmed",
      "DatasetConfirmed",
      "DatasetObjected",
      "DatasetDisputeResolved",
      "GrantIssued",
      "GrantAcknowledged",
      "GrantIssued",
    ]);
  });

  it("finds a dataset by content hash, and answers at a past block", async () => {
    const byHash = await runDpr(["audit", "export", "dataset", CONTENT.D3, "--alg", "sm3", "--graphql", url]);
    expect(byHash.code).toBe(0);
    expect(byHash.json<any>().dataset.id).toBe(D.D3);

    const past = await runDpr(["audit", "export", "dataset", D.D2, "--block", "11"], { env: { DPR_GRAPHQL_URL: url } });
    expect(past.code).toBe(0);
    const data = past.json<any>();
    expect(data.export.block).toBe(11);
    expect(data.dataset.status).toBe("disputed");
    expect(data.objections).toMatchObject([{ resolved: false, resolution: null }]);
    expect(data.events.map((e: any) => Number(e.blockNumber))).toEqual([5, 5, 6, 7, 10]);
  });

  it("follows every page: a dataset with more grants and children than a page holds, and its lineage", async () => {
    const run = await runDpr(["audit", "export", "dataset", BUSY, "--graphql", url]);
    expect(run.code).toBe(0);
    const data = run.json<any>();
    expect(data.grants).toHaveLength(BUSY_GRANTS);
    expect(new Set(data.grants.map((g: any) => g.id)).size).toBe(BUSY_GRANTS);
    expect(new Set(data.children.map((c: any) => c.child)).size).toBe(BUSY_CHILDREN);
    expect(data.children.map((c: any) => Number(c.blockNumber))).toEqual([...data.children.map((c: any) => Number(c.blockNumber))].sort((a, b) => a - b));
    expect(data.events).toHaveLength(BUSY_GRANTS + 1);
    expect(data.events.map((e: any) => e.id)).toEqual([...data.events.map((e: any) => e.id)].sort());

    const lineage = await runDpr(["audit", "export", "lineage", BUSY, "--direction", "down", "--graphql", url]);
    expect(lineage.code).toBe(0);
    const nodes = checkJsonLd(lineage.json());
    expect([...nodes.values()].filter((n) => n["@type"] === "prov:Entity")).toHaveLength(BUSY_CHILDREN + 1);
  });

  it("writes the event trail as RFC 4180 CSV, one row per event", async () => {
    const run = await runDpr(["audit", "export", "dataset", BUSY, "--format", "csv", "--graphql", url]);
    expect(run.code).toBe(0);
    const records = parseCsv(run.stdout);
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records).toHaveLength(BUSY_GRANTS + 2);
    const [block, time, tx, event, actor, dataset, grant, details] = records[1]!;
    expect({ block, time, event, actor, dataset, grant }).toEqual({
      block: "70",
      time: new Date(blockTime(70) * 1000).toISOString().replace(".000Z", "Z"),
      event: "DatasetRegistered",
      actor: P.holderB,
      dataset: BUSY,
      grant: "",
    });
    expect(tx).toMatch(/^0x[0-9a-f]{64}$/);
    // The arguments' quotes, comma and line break survive the quoting.
    expect(JSON.parse(details!)).toEqual({ datasetId: BUSY, note: 'a "quoted", comma\nand a new line' });
    expect(records[2]).toMatchObject({ 3: "GrantIssued", 6: "100" });
    expect([csvField("plain"), csvField('say "hi"'), csvField("a,b"), csvField("two\nlines")]).toEqual(["plain", '"say ""hi"""', '"a,b"', '"two\nlines"']);
  });

  it("writes to a file with --out and says what it wrote", async () => {
    const file = join(dir, "trail.csv");
    const run = await runDpr(["audit", "export", "dataset", D.D2, "--format", "csv", "--out", file, "--graphql", url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`file        ${file}`);
    expect(parseCsv(readFileSync(file, "utf8"))).toHaveLength(10);
    const json = await runDpr(["--json", "audit", "export", "dataset", D.D2, "--out", join(dir, "d2.json"), "--graphql", url]);
    expect(json.json()).toEqual({ file: join(dir, "d2.json"), format: "json", datasetId: D.D2, block: CHECKPOINT, grants: 2, events: 9 });
    expect(JSON.parse(readFileSync(join(dir, "d2.json"), "utf8")).dataset.id).toBe(D.D2);
  });

  it("exports a participant: its record, the events it acted in or is about, its datasets and grants", async () => {
    const run = await runDpr(["audit", "export", "participant", P.holderA, "--graphql", url]);
    expect(run.code).toBe(0);
    const data = run.json<any>();
    expect(data.participant).toMatchObject({ id: P.holderA, jurisdiction: "gz", roles: ["holder"], organisationAccounts: [P.holderA2] });
    expect(data.datasets.map((d: any) => d.id)).toEqual([D.D8, D.D1v2, D.D2]);
    expect(data.grantsReceived.map((g: any) => g.id)).toEqual(["5"]);
    expect(data.grantsGiven.map((g: any) => g.id)).toEqual(["1", "4", "6"]);
    expect(data.events.map((e: any) => Number(e.blockNumber))).toEqual([1, 3, 5, 9, 11, 21, 24, 30, 35, 36, 42, 45, 51, 52]);

    const csv = await runDpr(["audit", "export", "participant", P.holderA, "--format", "csv", "--graphql", url]);
    expect(parseCsv(csv.stdout).map((r) => r[3])).toEqual(["event", ...data.events.map((e: any) => e.name)]);
  });

  it("exports a lineage as W3C PROV-O JSON-LD", async () => {
    const run = await runDpr(["audit", "export", "lineage", D.D1, "--direction", "down", "--graphql", url]);
    expect(run.code).toBe(0);
    const nodes = checkJsonLd(run.json());
    const origin = new URL(url).origin;
    const entity = (id: string) => nodes.get(`${origin}/datasets/${id}`)!;
    const ref = (kind: string, id: string) => ({ "@id": kind === "dataset" ? `${origin}/datasets/${id}` : `urn:dpr:31337:${kind}:${id}` });
    const entities = [...nodes.values()].filter((n) => n["@type"] === "prov:Entity");
    expect(entities.map((n) => n["dpr:datasetId"]).sort()).toEqual([D.D1, D.D2, D.D3, D.D1v2, D.D4, D.D5, D.D6].sort());
    expect(entity(D.D1)).toMatchObject({
      "dpr:contentHash": CONTENT.D1,
      "dpr:hashAlgorithm": "sha256",
      // Held by holderA2 since the transfer…
      "prov:wasAttributedTo": ref("participant", P.holderA2),
      "prov:generatedAtTime": { "@value": new Date(blockTime(3) * 1000).toISOString().replace(".000Z", "Z"), "@type": "xsd:dateTime" },
      "prov:wasGeneratedBy": ref("registration", D.D1),
    });
    // …but registered by holderA.
    expect(nodes.get(`urn:dpr:31337:registration:${D.D1}`)).toMatchObject({ "@type": "prov:Activity", "prov:wasAssociatedWith": ref("participant", P.holderA) });
    expect(entity(D.D3)["prov:wasDerivedFrom"]).toEqual([ref("dataset", D.D1), ref("dataset", D.D2)]);
    expect(entity(D.D3)["prov:qualifiedDerivation"]).toEqual([
      { "@type": "prov:Derivation", "prov:entity": ref("dataset", D.D1), "prov:hadActivity": ref("registration", D.D3), "dpr:derivationType": "aggregation", "dpr:blockNumber": 8 },
      { "@type": "prov:Derivation", "prov:entity": ref("dataset", D.D2), "prov:hadActivity": ref("registration", D.D3), "dpr:derivationType": "aggregation", "dpr:blockNumber": 8 },
    ]);
    expect(entity(D.D1v2)).toMatchObject({
      "prov:wasRevisionOf": [ref("dataset", D.D1)],
      "prov:qualifiedDerivation": [{ "@type": ["prov:Derivation", "prov:Revision"], "dpr:derivationType": "revision" }],
    });
    expect(entity(D.D1)["prov:wasDerivedFrom"]).toBeUndefined();
    expect([...nodes.values()].filter((n) => n["@type"] === "prov:Agent").map((n) => n["dpr:account"]).sort()).toEqual(
      [P.holderA, P.holderA2, P.holderB].sort(),
    );
    expect([...nodes.values()].find((n) => n["@type"] === "dpr:LineageExport")).toMatchObject({
      "dpr:root": ref("dataset", D.D1),
      "dpr:direction": "descendants",
      "dpr:depth": 10,
      "dpr:truncated": false,
      "dpr:block": CHECKPOINT,
    });

    const shallow = await runDpr(["audit", "export", "lineage", D.D6, "--depth", "2", "--graphql", url]);
    const up = checkJsonLd(shallow.json());
    expect([...up.values()].filter((n) => n["@type"] === "prov:Entity")).toHaveLength(3);
    expect([...up.values()].find((n) => n["@type"] === "dpr:LineageExport")).toMatchObject({ "dpr:direction": "ancestors", "dpr:truncated": true });
  });

  it("refuses an unknown dataset or participant with exit 2", async () => {
    const dataset = await runDpr(["audit", "export", "dataset", hash("nothing"), "--graphql", url]);
    expect([dataset.code, dataset.stdout]).toEqual([2, ""]);
    expect(dataset.stderr).toMatchInlineSnapshot(`
      "error: no dataset has the id or content hash 0x1785cfc3bc6ac7738e8b38cdccd1af12563c2b9070e07af336a1bf8c0f772b6a at block 90
      hint: check the value (and --alg for a content hash of another algorithm), or whether the indexer has caught up (_meta)
      "
    `);
    const participant = await runInProcess(["audit", "export", "participant", "0x0000000000000000000000000000000000000999", "--graphql", url]);
    expect(participant.code).toBe(2);
    expect(participant.stderr).toMatchInlineSnapshot(`
      "error: no participant has the account 0x0000000000000000000000000000000000000999 at block 90
      "
    `);
    const lineage = await runInProcess(["audit", "export", "lineage", hash("nothing"), "--graphql", url]);
    expect(lineage.code).toBe(2);
    expect(lineage.stderr).toMatchInlineSnapshot(`
      "error: the GraphQL API refused the query: no dataset has the id 0x1785cfc3bc6ac7738e8b38cdccd1af12563c2b9070e07af336a1bf8c0f772b6a at block 90
        error code NOT_FOUND
      "
    `);
    const future = await runInProcess(["audit", "export", "dataset", D.D1, "--block", "5000", "--graphql", url]);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatchInlineSnapshot(`
      "error: the GraphQL API refused the query: block 5000 is not indexed yet: the index has reached block 90
        error code BLOCK_NOT_INDEXED
      "
    `);
  });

  it("refuses malformed arguments before asking anything", async () => {
    // No server answers here: the arguments fail first.
    const dead = "http://127.0.0.1:1/graphql";
    const cases = [
      ["audit", "export", "dataset", "0x1234", "--graphql", dead],
      ["audit", "export", "participant", "0xnot", "--graphql", dead],
      ["audit", "export", "lineage", D.D1, "--depth", "500", "--graphql", dead],
      ["audit", "export", "lineage", D.D1, "--depth", "0", "--graphql", dead],
      ["audit", "export", "dataset", D.D1, "--block", "soon", "--graphql", dead],
      ["audit", "export", "dataset", D.D1, "--format", "xml", "--graphql", dead],
    ];
    const runs = await Promise.all(cases.map((args) => runInProcess(args)));
    expect(runs.map((r) => r.code)).toEqual(cases.map(() => 2));
    expect(runs.map((r) => r.stderr.split("\n")[0])).toMatchInlineSnapshot(`
      [
        "error: dataset id or content hash is not 32 bytes of hex: "0x1234"",
        "error: participant is not an address: "0xnot"",
        "error: --depth must be a whole number from 1 to 50: "500"",
        "error: --depth must be a whole number from 1 to 50: "0"",
        "error: --block must be a whole number from 0 to 2147483647: "soon"",
        "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are json, csv.",
      ]
    `);
  });

  it("says when the GraphQL API cannot be reached (exit 4), or is not a GraphQL API", async () => {
    // A port nothing listens on: one a server just let go of.
    const probe = createServer().listen(0, "127.0.0.1");
    await once(probe, "listening");
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const run = await runDpr(["audit", "export", "dataset", D.D1, "--graphql", `http://user:secret@127.0.0.1:${port}/graphql`]);
    expect(run.code).toBe(4);
    expect(run.stderr).not.toContain("secret");
    expect(run.stderr.replaceAll(String(port), "PORT")).toMatchInlineSnapshot(`
      "error: cannot reach the GraphQL API at http://127.0.0.1:PORT/graphql
        connect ECONNREFUSED 127.0.0.1:PORT
      hint: start the indexer (dpr-indexer), or point --graphql (or DPR_GRAPHQL_URL) at its /graphql endpoint
      "
    `);
    const wrong = await runInProcess(["audit", "export", "dataset", D.D1, "--graphql", url.replace("/graphql", "/elsewhere")]);
    expect(wrong.code).toBe(4);
    expect(wrong.stderr.replace(url.replace("/graphql", ""), "http://127.0.0.1:PORT")).toMatchInlineSnapshot(`
      "error: http://127.0.0.1:PORT/elsewhere answered HTTP 404, not a GraphQL response
      hint: start the indexer (dpr-indexer), or point --graphql (or DPR_GRAPHQL_URL) at its /graphql endpoint
      "
    `);
    const notUrl = await runInProcess(["audit", "export", "dataset", D.D1, "--graphql", "indexer:4350"]);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatchInlineSnapshot(`
      "error: --graphql must be an http or https URL: "indexer:4350"
      "
    `);
  });

  it("writes nothing when an export fails", async () => {
    const file = join(dir, "never.json");
    const run = await runInProcess(["audit", "export", "dataset", hash("nothing"), "--out", file, "--graphql", url]);
    expect(run.code).toBe(2);
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    const missing = await runInProcess(["audit", "export", "dataset", D.D1, "--out", join(dir, "no/such/folder/x.json"), "--graphql", url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such folder");
  });

  it("documents the command in --help", async () => {
    const run = await runInProcess(["audit", "export", "dataset", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--graphql <url>");
    expect(run.stdout).toContain("DPR_GRAPHQL_URL");
    expect(run.stdout).toContain(CSV_COLUMNS.join(","));
  });
});
