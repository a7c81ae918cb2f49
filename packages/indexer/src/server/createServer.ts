/**
 * The server stage: one port for the API and the page.
 *
 * - `/graphql` — the GraphQL API (GraphiQL in a browser).
 * - `/health` — 200 while the process is alive and syncing; 503 once the sync has stopped on an error
 *   or the chain head has stopped advancing (the watchdog).
 * - `/ready` — 200 once the index is caught up with the chain head; 503 (with the reason) before, during
 *   an RPC outage, and after a fatal error.
 * - `/metrics` — Prometheus; with a token, only for requests that carry it; with an admin listener, there
 *   only (see `listener`).
 * - `/api/deployment` — the deployment record the index follows (the web page reads its addresses).
 * - `/api/web-config` — what the web page should use that only the operator knows: `{"rpcUrl": …}`, the
 *   chain's JSON-RPC URL for browsers, or null when none was configured.
 * - `/catalogue.jsonld`, `/datasets/{id}.jsonld` — the catalogue as DCAT 3 JSON-LD (application/ld+json; see
 *   catalogue/dcat.ts); an unknown id is a 404 with a JSON error. Ids are under the request's origin.
 * - anything else — the built web verifier, with `index.html` for unknown paths (client-side routes).
 *
 * Every response carries the security headers of `security.ts`, and a Content-Security-Policy for what
 * it is: the page's, GraphiQL's (with a nonce drawn for the response), or none-at-all for data.
 * `POST /graphql` bodies are read up to `maxBodyBytes` and refused with 413 past it, before GraphQL sees
 * them. Anything but GET and HEAD (and POST to `/graphql`) is refused with 405.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { type Deployment, serializeDeployment } from "@dpr/sdk";
import type { Logger } from "pino";
import type { Metrics } from "../metrics.js";
import { ApiError } from "../graphql/errors.js";
import type { CatalogueExport } from "../graphql/catalogue.js";
import {
  DATA_POLICY,
  DEFAULT_MAX_BODY_BYTES,
  SECURITY_HEADERS,
  addScriptNonce,
  createNonce,
  graphiqlPolicy,
  hasBearerToken,
  pagePolicy,
  readBody,
  refuseLargeBody,
} from "./security.js";

export interface HealthState {
  role: "writer" | "standby";
  indexedBlock: number | null;
  chainHead: number | null;
  ready: boolean;
  /** Why the process is unhealthy (a fatal sync error, a stalled head), or null. */
  unhealthy: string | null;
  /** Why it is not ready, or null. */
  notReady: string | null;
}

/** The GraphQL app, called with fetch's Request and Response (a graphql-yoga instance is one). */
export interface GraphqlApp {
  fetch(url: string, init: RequestInit): Response | Promise<Response>;
}

export interface CreateServerOptions {
  graphql: GraphqlApp;
  health: () => Promise<HealthState>;
  metrics: Metrics;
  deployment: Deployment;
  /** The built web page (packages/web/dist); without it `/` explains how to build it. */
  webRoot?: string | undefined;
  /** The JSON-RPC URL the page should read the chain at; without it, the page uses its own default. */
  publicRpcUrl?: string | undefined;
  /** More sources the page may connect to (other JSON-RPC endpoints), beside `publicRpcUrl`'s origin. */
  webConnectSrc?: readonly string[] | undefined;
  /** The catalogue's JSON-LD (default: none; the two paths then answer 404). */
  catalogue?: CatalogueExport | undefined;
  /** The largest `POST /graphql` body (default 64 KiB). */
  maxBodyBytes?: number | undefined;
  /** `public` (default): every endpoint. `admin`: `/health`, `/ready` and `/metrics` only. */
  listener?: "public" | "admin" | undefined;
  /** Whether this listener serves `/metrics` (default true; false when an admin listener does). */
  serveMetrics?: boolean | undefined;
  /** When set, `/metrics` answers only requests with `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | undefined;
  logger: Logger;
}

export interface HttpServer {
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
  readonly server: Server;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Headers about one connection, not the message: never passed between Node and the app. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "expect", "te", "trailer", "proxy-connection"]);

export function createServer(options: CreateServerOptions): HttpServer {
  const { logger } = options;
  const webRoot = options.webRoot && existsSync(join(options.webRoot, "index.html")) ? resolve(options.webRoot) : undefined;
  const deploymentJson = serializeDeployment(options.deployment);
  const webConfigJson = `${JSON.stringify({ rpcUrl: options.publicRpcUrl ?? null })}\n`;
  const webPolicy = pagePolicy({ publicRpcUrl: options.publicRpcUrl, connectSrc: options.webConnectSrc });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const admin = options.listener === "admin";
  const serveMetrics = options.serveMetrics ?? true;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
    res.end(`${JSON.stringify(body)}\n`);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader("content-security-policy", DATA_POLICY);
    if (admin && path !== "/health" && path !== "/ready" && path !== "/metrics") return json(res, 404, { error: `no such endpoint here: ${path}` });
    if (path === "/graphql" || path.startsWith("/graphql/")) return serveGraphql(req, res, url);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return json(res, 405, { error: `${req.method} is not allowed here` });
    }
    if (path === "/health") {
      const state = await options.health();
      return json(res, state.unhealthy ? 503 : 200, { status: state.unhealthy ? "unhealthy" : "ok", reason: state.unhealthy, role: state.role });
    }
    if (path === "/ready") {
      const state = await options.health();
      return json(res, state.ready ? 200 : 503, {
        ready: state.ready,
        reason: state.notReady,
        role: state.role,
        indexedBlock: state.indexedBlock,
        chainHead: state.chainHead,
        lag: state.chainHead !== null && state.indexedBlock !== null ? Math.max(0, state.chainHead - state.indexedBlock) : null,
      });
    }
    if (path === "/metrics") {
      if (!serveMetrics) return json(res, 404, { error: "/metrics is served on the admin listener" });
      if (options.metricsToken !== undefined && !hasBearerToken(req, options.metricsToken)) {
        res.setHeader("www-authenticate", 'Bearer realm="dpr-indexer metrics"');
        return json(res, 401, { error: "/metrics needs the bearer token the indexer was started with (DPR_METRICS_TOKEN)" });
      }
      res.writeHead(200, { "content-type": options.metrics.registry.contentType });
      return void res.end(await options.metrics.registry.metrics());
    }
    // Both are public, and read by pages on other origins too (a page that takes its deployment from here).
    if (path === "/api/deployment" || path === "/api/web-config") {
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "access-control-allow-origin": "*", "cache-control": "no-store" });
      return void res.end(path === "/api/deployment" ? deploymentJson : webConfigJson);
    }
    if (path.startsWith("/api/")) return json(res, 404, { error: `no such endpoint: ${path}` });
    const datasetPath = /^\/datasets\/([^/]+)\.jsonld$/.exec(path);
    if (path === "/catalogue.jsonld" || datasetPath) return serveJsonLd(req, res, datasetPath?.[1] ?? null);
    res.setHeader("content-security-policy", webPolicy);
    return serveStatic(path, req, res);
  }

  /**
   * GraphQL through the app's fetch interface: the body is read here, up to the limit, so an oversized
   * one is refused before anything parses it; GraphiQL's page gets its nonce and its own policy.
   */
  async function serveGraphql(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let body: Uint8Array<ArrayBuffer> | undefined;
    if (req.method === "POST") {
      if (Number(req.headers["content-length"]) > maxBodyBytes) return refuseLargeBody(req, res, maxBodyBytes);
      const read = await readBody(req, maxBodyBytes);
      if (read === null) return refuseLargeBody(req, res, maxBodyBytes);
      body = new Uint8Array(read);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const aborted = new AbortController();
    res.once("close", () => aborted.abort());
    const response = await options.graphql.fetch(url.href, {
      method: req.method ?? "GET",
      headers,
      signal: aborted.signal,
      ...(body === undefined ? {} : { body }),
    });
    response.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) res.setHeader(name, value);
    });
    let payload = Buffer.from(await response.arrayBuffer());
    if (response.headers.get("content-type")?.startsWith("text/html")) {
      const nonce = createNonce();
      payload = Buffer.from(addScriptNonce(payload.toString("utf8"), nonce));
      res.setHeader("content-security-policy", graphiqlPolicy(nonce));
    }
    res.writeHead(response.status, { "content-length": payload.length });
    res.end(req.method === "HEAD" ? undefined : payload);
  }

  /** DCAT 3 JSON-LD: public data, readable by pages on other origins, never cached (it follows the chain). */
  async function serveJsonLd(req: IncomingMessage, res: ServerResponse, id: string | null): Promise<void> {
    if (!options.catalogue) return json(res, 404, { error: "this indexer serves no catalogue" });
    const base = requestBase(req);
    let body: Record<string, unknown> | null;
    try {
      body = id === null ? await options.catalogue.catalogue(base) : await options.catalogue.dataset(decodeURIComponent(id), base);
    } catch (error) {
      if (error instanceof ApiError && error.code === "BAD_USER_INPUT") return json(res, 404, { error: `no dataset ${JSON.stringify(id?.slice(0, 80))}: ${error.message}` });
      throw error;
    }
    if (body === null) return json(res, 404, { error: `no dataset ${id} in this index` });
    const payload = Buffer.from(`${JSON.stringify(body)}\n`);
    res.writeHead(200, {
      "content-type": "application/ld+json; charset=utf-8",
      "access-control-allow-origin": "*",
      "cache-control": "no-store",
      "content-length": payload.length,
    });
    res.end(req.method === "HEAD" ? undefined : payload);
  }

  function serveStatic(path: string, req: IncomingMessage, res: ServerResponse): void {
    if (!webRoot) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><meta charset="utf-8"><title>DPR indexer</title><h1>DPR indexer</h1>` +
          `<p>The GraphQL API is at <a href="/graphql">/graphql</a>. The web verifier is not built: run <code>npm run build -w @dpr/web</code>.</p>`,
      );
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      res.writeHead(400).end("bad path");
      return;
    }
    const candidate = normalize(join(webRoot, decoded));
    const inside = candidate === webRoot || candidate.startsWith(webRoot + sep);
    let file = inside && existsSync(candidate) && statSync(candidate).isFile() ? candidate : undefined;
    // Client-side routes (/dataset/0x…) get the page; a missing asset (/assets/x.js) is a real 404.
    if (!file && !extname(decoded)) file = join(webRoot, "index.html");
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    const immutable = file.includes(`${sep}assets${sep}`);
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    });
    if (req.method === "HEAD") return void res.end();
    createReadStream(file).pipe(res);
  }

  const server = createHttpServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url: req.url }, "request failed");
      if (!res.headersSent) json(res, 500, { error: "internal error" });
      else res.end();
    });
  });
  // Keep-alive sockets of GraphiQL or load generators must not hold `close()` open.
  server.keepAliveTimeout = 5_000;

  return {
    server,
    listen(port, host) {
      return new Promise((resolvePromise, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
          resolvePromise(`http://${shownHost}:${address.port}`);
        });
      });
    },
    close() {
      return new Promise((resolvePromise) => {
        server.close(() => resolvePromise());
        server.closeAllConnections();
      });
    },
  };
}

/** The origin a request was addressed to, for ids in JSON-LD: its Host header, https when a proxy says so. */
function requestBase(req: IncomingMessage): string {
  const forwarded = String(req.headers["x-forwarded-proto"] ?? "").split(",")[0]?.trim().toLowerCase();
  const protocol = forwarded === "https" ? "https" : "http";
  const host = String(req.headers.host ?? "");
  return /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host) ? `${protocol}://${host.toLowerCase()}` : `${protocol}://localhost`;
}
