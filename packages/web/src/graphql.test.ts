/**
 * The queries against the API contract (packages/indexer/src/graphql/schema.graphql), and the client
 * against a real HTTP server that answers as an indexer can: data, errors, an HTTP failure, silence.
 */
import { readFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildSchema, parse, validate } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VerifierError } from "./errors.js";
import { CATALOGUE_QUERY, DETAILS_QUERY, DOCUMENTS_QUERY, LINEAGE_QUERY, RECENT_QUERY, createGraphqlClient, fetchRecent } from "./graphql.js";
import { recentFilter } from "./view/recent.js";

const schemaPath = join(dirname(fileURLToPath(import.meta.url)), "../../indexer/src/graphql/schema.graphql");
const schema = buildSchema(readFileSync(schemaPath, "utf8"));

describe("the queries", () => {
  it.each([
    ["details", DETAILS_QUERY],
    ["lineage", LINEAGE_QUERY],
    ["recent", RECENT_QUERY],
    ["catalogue", CATALOGUE_QUERY],
    ["documents", DOCUMENTS_QUERY],
  ])("%s query is valid against the indexer's schema", (_, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it("sends filters the schema accepts", () => {
    const document = parse("query ($where: Dataset_filter) { datasets(where: $where) { items { id } } }");
    expect(validate(schema, document)).toEqual([]);
    // Every key the search box can produce is a field of Dataset_filter.
    const filterType = schema.getType("Dataset_filter") as import("graphql").GraphQLInputObjectType;
    const fields = Object.keys(filterType.getFields());
    const keys = (value: unknown): string[] =>
      Array.isArray(value) ? value.flatMap(keys) : typeof value === "object" && value !== null ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]) : [];
    const used = new Set([recentFilter(`0x${"a".repeat(64)}`, "notice"), recentFilter(`0x${"a".repeat(40)}`, ""), recentFilter("text", "")].flatMap(keys));
    expect([...used].filter((k) => !fields.includes(k))).toEqual([]);
  });
});

describe("createGraphqlClient", () => {
  let server: Server;
  let base: string;
  const answers: Record<string, (res: import("node:http").ServerResponse) => void> = {
    "/ok": (res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { datasets: { items: [], pageInfo: { hasNextPage: false, endCursor: null } } } })),
    "/errors": (res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ errors: [{ message: "first must be at most 1000", extensions: { code: "BAD_USER_INPUT" } }], data: null })),
    // A server whose clock is not this machine's, and one that sends no Date header.
    "/dated": (res) =>
      res.writeHead(200, { "content-type": "application/json", date: "Sat, 28 Nov 2026 09:01:00 GMT" }).end(JSON.stringify({ data: { datasets: { items: [], pageInfo: { hasNextPage: false, endCursor: null } } } })),
    "/undated": (res) => {
      res.sendDate = false;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: { datasets: { items: [], pageInfo: { hasNextPage: false, endCursor: null } } } }));
    },
    "/down": (res) => res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>"),
    "/silent": () => {
      // Never answers: the client's timeout must end the wait.
    },
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const parsed = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
        // What the client sends: a POST with the query and its variables.
        if (req.method !== "POST" || !parsed.query.includes("VerifierRecent")) return res.writeHead(400).end();
        answers[req.url ?? ""]?.(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const failure = async (url: string, timeoutMs?: number) => {
    try {
      await fetchRecent(createGraphqlClient({ url, timeoutMs }), {});
    } catch (error) {
      if (error instanceof VerifierError) return { code: error.code, retryable: error.retryable, details: error.details, params: error.params };
      throw error;
    }
    throw new Error("expected a failure");
  };

  it("returns the data of an answer", async () => {
    expect(await fetchRecent(createGraphqlClient({ url: `${base}/ok` }), {})).toEqual({ items: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it("tells the server's clock at the answer, from its Date header, when it sends one", async () => {
    const recent = (url: string) => createGraphqlClient({ url }).answer(RECENT_QUERY, { where: null, first: 1, after: null });
    expect((await recent(`${base}/dated`)).serverTime).toBe(Date.UTC(2026, 10, 28, 9, 1, 0) / 1000);
    expect((await recent(`${base}/undated`)).serverTime).toBeNull();
  });

  it("reports the API's errors with their codes", async () => {
    expect(await failure(`${base}/errors`)).toEqual({ code: "graphql-failed", retryable: false, details: "BAD_USER_INPUT: first must be at most 1000", params: { url: `${base}/errors` } });
  });

  it("calls an HTTP failure, a closed port and a hung server unreachable, and retryable", async () => {
    expect(await failure(`${base}/down`)).toMatchObject({ code: "graphql-unreachable", retryable: true, details: "HTTP 502: the answer is not JSON" });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(`http://127.0.0.1:${port}/graphql`)).toMatchObject({ code: "graphql-unreachable", retryable: true });
    expect(await failure(`${base}/silent`, 300)).toMatchObject({ code: "graphql-unreachable", retryable: true });
  });
});
