/**
 * The server's hardening, against the real indexer (createIndexer) following a real Hardhat node: security
 * headers and a Content-Security-Policy on every response (the page's, GraphiQL's with a nonce of its
 * own, none-at-all for data), request bodies of `POST /graphql` capped before GraphQL reads them, other
 * methods refused, and `/metrics` moved to an admin listener or kept behind a bearer token that is never
 * logged.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { type Indexer, type IndexerConfig, createIndexer } from "../createIndexer.js";
import { createGraphql } from "../graphql/index.js";
import { createMetrics } from "../metrics.js";
import { createStore } from "../store/createStore.js";
import { type Db, createDb } from "../store/db.js";
import { quietLogger } from "../testing/indexing.js";
import { type StoryChain, setUpChain } from "../testing/story.js";
import { type HttpServer, createServer } from "./createServer.js";
import { addScriptNonce, cspSource, pagePolicy } from "./security.js";

let node: DevChain;
let chain: StoryChain;
let work: string;
let web: string;

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 10);
  work = mkdtempSync(join(tmpdir(), "dpr-indexer-security-"));
  web = join(work, "web");
  mkdirSync(join(web, "assets"), { recursive: true });
  writeFileSync(join(web, "index.html"), '<!doctype html><title>DPR verifier</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(web, "assets", "app.js"), "console.log('app')");
}, 120_000);

afterAll(async () => {
  await node?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const startIndexer = async (overrides: Partial<IndexerConfig> = {}): Promise<Indexer> => {
  const indexer = await createIndexer({
    rpcUrl: node.url,
    deployment: chain.deployment,
    dataDir: "memory://",
    port: 0,
    finalityDepth: 0,
    pollIntervalMs: 50,
    headStallTimeoutMs: 0,
    logger: quietLogger,
    ...overrides,
  });
  try {
    await indexer.start();
  } catch (error) {
    await indexer.stop();
    throw error;
  }
  return indexer;
};

const PAGE_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self' https://rpc.zone.example https://*.nodes.zone.example; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const DATA_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const graphiqlPolicy = (nonce: string) =>
  `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; ` +
  "connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The headers every response carries, whatever it is. */
const expectSecurityHeaders = (response: Response) =>
  expect({
    nosniff: response.headers.get("x-content-type-options"),
    referrer: response.headers.get("referrer-policy"),
    opener: response.headers.get("cross-origin-opener-policy"),
    frames: response.headers.get("x-frame-options"),
  }).toEqual({ nosniff: "nosniff", referrer: "no-referrer", opener: "same-origin", frames: "DENY" });

const graphqlPost = (body: string): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body });

describe("the headers on every response", () => {
  let indexer: Indexer;
  const get = (path: string, init?: RequestInit) => fetch(`${indexer.url}${path}`, init);

  beforeAll(async () => {
    indexer = await startIndexer({ webRoot: web, publicRpcUrl: "https://rpc.zone.example/v1", webConnectSrc: ["https://*.nodes.zone.example"] });
    await indexer.ready();
  }, 60_000);

  afterAll(async () => {
    await indexer?.stop();
  });

  it("gives the page, its assets, its client-side routes and its 404s the page's policy", async () => {
    for (const path of ["/", "/dataset/0x1234", "/assets/app.js", "/assets/missing.js"]) {
      const response = await get(path);
      expect(response.status, path).toBe(path === "/assets/missing.js" ? 404 : 200);
      expectSecurityHeaders(response);
      expect(response.headers.get("content-security-policy"), path).toBe(PAGE_POLICY);
    }
  });

  it("gives data (GraphQL answers, the API, health, metrics, errors) a policy that allows nothing", async () => {
    const requests: [string, RequestInit | undefined, number][] = [
      ["/graphql", graphqlPost(JSON.stringify({ query: "{ _meta { block { number } } }" })), 200],
      ["/graphql?query=%7B_meta%7Bblock%7Bnumber%7D%7D%7D", { headers: { accept: "application/json" } }, 200],
      ["/graphql", graphqlPost("{ not json"), 400],
      ["/api/deployment", undefined, 200],
      ["/api/web-config", undefined, 200],
      ["/api/nothing", undefined, 404],
      ["/health", undefined, 200],
      ["/ready", undefined, 200],
      ["/metrics", undefined, 200],
      ["/health", { method: "POST" }, 405],
    ];
    for (const [path, init, status] of requests) {
      const response = await get(path, init);
      const what = `${init?.method ?? "GET"} ${path}`;
      expect(response.status, what).toBe(status);
      expectSecurityHeaders(response);
      expect(response.headers.get("content-security-policy"), what).toBe(DATA_POLICY);
    }
  });

  it("gives GraphiQL its own policy, with a nonce drawn for each response that its inline script carries", async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const response = await get("/graphql", { headers: { accept: "text/html" } });
      expect(response.status).toBe(200);
      expectSecurityHeaders(response);
      const policy = response.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
      expect(nonce).toBeDefined();
      expect(policy).toBe(graphiqlPolicy(nonce!));
      nonces.add(nonce!);
      const html = await response.text();
      expect(html).toContain("DPR audit API");
      // Its one script element, and no other script start tag outside the script's own text.
      expect(html.match(/<script\b[^>]*>/g)?.[0]).toBe(`<script nonce="${nonce}">`);
      expect(addScriptNonce(html.replace(` nonce="${nonce}"`, ""), nonce!)).toBe(html);
      expect(Number(response.headers.get("content-length"))).toBe(Buffer.byteLength(html));
    }
    expect(nonces.size).toBe(2);
  });

  it("refuses methods an endpoint does not take with 405", async () => {
    for (const [path, method] of [
      ["/", "DELETE"],
      ["/api/deployment", "POST"],
      ["/metrics", "PUT"],
    ] as const) {
      const response = await get(path, { method });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD");
      expect(await response.json()).toEqual({ error: `${method} is not allowed here` });
    }
    // GraphQL's own endpoint takes GET and POST (graphql-yoga says so).
    const put = await get("/graphql", { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST");
    expect(put.headers.get("content-security-policy")).toBe(DATA_POLICY);
  });
});

describe("the cap on GraphQL request bodies", () => {
  let db: Db;
  let server: HttpServer;
  let url: string;
  /** Requests that reached GraphQL. */
  let reached = 0;
  const MAX = 2_048;
  const query = JSON.stringify({ query: "{ _meta { hasIndexingErrors } }" });
  /** A valid request of exactly `size` bytes (the JSON padded with spaces). */
  const ofSize = (size: number) => query.slice(0, -1) + " ".repeat(size - query.length) + "}";

  beforeAll(async () => {
    db = await createDb({ dataDir: "memory://" });
    await createStore(db);
    const graphql = createGraphql({ db, logger: quietLogger, status: { chainId: 31337, deploymentBlock: 0, chainHead: () => null, hasIndexingErrors: () => false } });
    server = createServer({
      graphql: {
        fetch(input, init) {
          reached++;
          return graphql.fetch(input, init);
        },
      },
      health: async () => ({ role: "writer", indexedBlock: null, chainHead: null, ready: false, unhealthy: null, notReady: "starting" }),
      metrics: createMetrics({ defaultMetrics: false }),
      deployment: chain.deployment,
      maxBodyBytes: MAX,
      logger: quietLogger,
    });
    url = `${await server.listen(0, "127.0.0.1")}/graphql`;
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  const tooLarge = {
    errors: [{ message: `the request body is larger than the ${MAX} bytes this server accepts`, extensions: { code: "REQUEST_TOO_LARGE" } }],
  };

  it("answers a body of exactly the cap", async () => {
    const before = reached;
    const response = await fetch(url, graphqlPost(ofSize(MAX)));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { _meta: { hasIndexingErrors: false } } });
    expect(reached).toBe(before + 1);
  });

  it("refuses a larger one with 413 before GraphQL sees it, and closes the connection", async () => {
    const before = reached;
    const response = await fetch(url, graphqlPost(ofSize(MAX + 1)));
    expect(response.status).toBe(413);
    expect(response.headers.get("connection")).toBe("close");
    expect(response.headers.get("content-security-policy")).toBe(DATA_POLICY);
    expectSecurityHeaders(response);
    expect(await response.json()).toEqual(tooLarge);
    expect(reached).toBe(before);
  });

  /** Sends the headers and `start` of a body, never the rest, and waits for the answer. */
  const postUnfinished = (headers: Record<string, string>, start: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: { "content-type": "application/json", ...headers } }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, body });
          req.destroy();
        });
      });
      req.on("error", reject);
      req.write(start);
    });

  it("refuses a body announced larger than the cap at once, without waiting for it", async () => {
    const before = reached;
    const answer = await postUnfinished({ "content-length": String(10 * 1024 * 1024) }, '{"query": "{ _meta { hasIndexingErrors } }"');
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual(tooLarge);
    expect(reached).toBe(before);
  });

  it("refuses a body sent without a length (chunked) as soon as it passes the cap, without waiting for the rest", async () => {
    const before = reached;
    const answer = await postUnfinished({ "transfer-encoding": "chunked" }, `{"query": "{ _meta { hasIndexingErrors } }"${" ".repeat(MAX)}`);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual(tooLarge);
    expect(reached).toBe(before);
  });

  it("keeps answering after refusing", async () => {
    const response = await fetch(url, graphqlPost(query));
    expect(await response.json()).toEqual({ data: { _meta: { hasIndexingErrors: false } } });
  });
});

describe("/metrics", () => {
  it("moves to the admin listener when there is one: 404 on the public listener, 200 there, with /health and /ready", async () => {
    const indexer = await startIndexer({ webRoot: web, adminPort: 0, adminHost: "127.0.0.1" });
    try {
      await indexer.ready();
      expect(indexer.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(indexer.adminUrl).not.toBe(indexer.url);
      const publicMetrics = await fetch(`${indexer.url}/metrics`);
      expect(publicMetrics.status).toBe(404);
      expect(await publicMetrics.json()).toEqual({ error: "/metrics is served on the admin listener" });
      const adminMetrics = await fetch(`${indexer.adminUrl}/metrics`);
      expect(adminMetrics.status).toBe(200);
      expectSecurityHeaders(adminMetrics);
      expect(await adminMetrics.text()).toMatch(/^dpr_indexer_indexed_block \d+$/m);
      for (const path of ["/health", "/ready"]) {
        expect((await fetch(`${indexer.adminUrl}${path}`)).status, `admin ${path}`).toBe(200);
        expect((await fetch(`${indexer.url}${path}`)).status, `public ${path}`).toBe(200);
      }
      // The admin listener serves nothing else.
      for (const path of ["/", "/graphql", "/api/deployment"]) {
        const response = await fetch(`${indexer.adminUrl}${path}`);
        expect(response.status, `admin ${path}`).toBe(404);
        expect(response.headers.get("content-security-policy")).toBe(DATA_POLICY);
      }
      expect((await fetch(`${indexer.url}/api/deployment`)).status).toBe(200);
    } finally {
      await indexer.stop();
    }
    expect(indexer.adminUrl).toBeDefined();
    await expect(fetch(`${indexer.adminUrl}/health`)).rejects.toThrow();
  }, 60_000);

  it("answers only requests with the bearer token when one is set, and never logs it", async () => {
    const token = "s3cret-metrics-token-0123456789abcdef";
    const lines: string[] = [];
    const logger = pino(
      { level: "trace" },
      new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const indexer = await startIndexer({ metricsToken: token, logger });
    try {
      await indexer.ready();
      const without = await fetch(`${indexer.url}/metrics`);
      expect(without.status).toBe(401);
      expect(without.headers.get("www-authenticate")).toBe('Bearer realm="dpr-indexer metrics"');
      expectSecurityHeaders(without);
      expect(await without.json()).toEqual({ error: "/metrics needs the bearer token the indexer was started with (DPR_METRICS_TOKEN)" });
      expect((await fetch(`${indexer.url}/metrics`, { headers: { authorization: `Bearer ${token}x` } })).status).toBe(401);
      expect((await fetch(`${indexer.url}/metrics`, { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
      const granted = await fetch(`${indexer.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(granted.status).toBe(200);
      expect(await granted.text()).toContain("dpr_indexer_indexed_block");
      // Probes need no token.
      expect((await fetch(`${indexer.url}/health`)).status).toBe(200);
    } finally {
      await indexer.stop();
    }
    expect(lines.some((line) => line.includes('"metricsToken":true'))).toBe(true);
    expect(lines.filter((line) => line.includes(token))).toEqual([]);
  }, 60_000);
});

describe("the pieces", () => {
  it("adds the nonce to script elements only, leaving script and style text as it is", () => {
    const html = `<style>a::before{content:"<script>"}</style><script>x = "<script>" + '<\\/script>'</script><SCRIPT type="module">y()</SCRIPT><scripts>`;
    expect(addScriptNonce(html, "N")).toBe(
      `<style>a::before{content:"<script>"}</style><script nonce="N">x = "<script>" + '<\\/script>'</script><SCRIPT nonce="N" type="module">y()</SCRIPT><scripts>`,
    );
  });

  it("lets the page connect to its own origin and the public RPC endpoint's, or the page's default endpoint when none is set", () => {
    expect(pagePolicy({ publicRpcUrl: "http://10.1.2.3:8545/rpc" })).toContain("; connect-src 'self' http://10.1.2.3:8545; ");
    expect(pagePolicy()).toContain("; connect-src 'self' http://127.0.0.1:8545; ");
    expect(pagePolicy({ publicRpcUrl: "https://rpc.zone.example", connectSrc: ["https://rpc.zone.example:443/other", "http:"] })).toContain(
      "; connect-src 'self' https://rpc.zone.example http:; ",
    );
  });

  it("takes origins, wildcards and whole schemes as connect sources, and nothing that could end the directive", () => {
    expect(cspSource("https://rpc.zone.example/v1?key=1")).toBe("https://rpc.zone.example");
    expect(cspSource("http://127.0.0.1:*")).toBe("http://127.0.0.1:*");
    expect(cspSource("https://*.Zone.example")).toBe("https://*.zone.example");
    expect(cspSource("https:")).toBe("https:");
    for (const bad of ["ftp://rpc.zone.example", "https://a.example; script-src *", "*", "https://user:pw@rpc.zone.example", "rpc.zone.example", "https://*"]) {
      expect(cspSource(bad), bad).toBeNull();
    }
  });
});
