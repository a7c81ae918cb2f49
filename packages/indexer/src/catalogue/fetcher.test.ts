import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../errors.js";
import { createFixtureClient, createFixtureDb, type FixtureDb } from "../graphql/testing/harness.js";
import { D, STORY_NOW, writeStory } from "../graphql/testing/story.js";
import { testStores } from "../testing/databases.js";
import { createFetcher, fetchDocument, parseAllowList, redactUri } from "./fetcher.js";

type Data = Record<string, any>;
const silent = pino({ level: "silent" });
const sha256 = (bytes: string | Uint8Array) => `0x${createHash("sha256").update(bytes).digest("hex")}`;

const good = readFileSync(new URL("../../../../demo/metadata/outpatient-visits-2025q1.json", import.meta.url));
/** The same document as someone edited it after registration: one byte changed. */
const tampered = Buffer.from(good);
tampered[tampered.indexOf("2025")] = "3".charCodeAt(0);

/** A hostile metadata server: records every request; serves a good document, a tampered one, redirects, an endless body, a silent one. */
interface Hostile {
  server: Server;
  origin: string;
  requests: string[];
  /** Bytes the endless route had written when its client went away. */
  endlessWritten: Promise<number>;
}

const ENDLESS_TOTAL = 64 * 1024 * 1024;

async function hostileServer(outside: string): Promise<Hostile> {
  const requests: string[] = [];
  let resolveEndless!: (n: number) => void;
  const endlessWritten = new Promise<number>((resolve) => (resolveEndless = resolve));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(req.url ?? "");
    switch (req.url) {
      case "/meta/good.json":
        return void res.writeHead(200, { "content-type": "application/json" }).end(good);
      case "/meta/good.json?token=s3cret":
        return void res.writeHead(200, { "content-type": "application/json" }).end(good);
      case "/meta/tampered.json":
        return void res.writeHead(200, { "content-type": "application/json" }).end(tampered);
      case "/meta/redirect-inside":
        return void res.writeHead(302, { location: "/meta/good.json" }).end();
      case "/meta/redirect-outside":
        return void res.writeHead(302, { location: `${outside}/stolen` }).end();
      case "/meta/redirect-up":
        return void res.writeHead(301, { location: "/secret/x.json" }).end();
      case "/meta/missing.json":
        return void res.writeHead(404).end("no");
      case "/meta/declared-huge.json":
        res.writeHead(200, { "content-length": String(ENDLESS_TOTAL) });
        return void res.write("{");
      case "/meta/endless.json": {
        // No Content-Length: only counting while reading can stop it.
        res.writeHead(200, { "content-type": "application/json" });
        let written = 0;
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (written < ENDLESS_TOTAL) {
            written += chunk.length;
            if (!res.write(chunk)) return void res.once("drain", pump);
          }
          res.end();
        };
        res.on("close", () => resolveEndless(written));
        return pump();
      }
      case "/meta/silent.json":
        // Headers, then nothing: only the time limit ends it.
        res.writeHead(200, { "content-type": "application/json" });
        return void res.write("{");
      default:
        return void res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, endlessWritten };
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

describe("the metadata allow-list", () => {
  it("matches origins and path prefixes after normalisation, on segment boundaries", () => {
    const allow = parseAllowList(["https://a.example", "https://b.example/meta/", "https://c.example/meta"]);
    expect(allow.allows("https://a.example/x/y.json")).toBe(true);
    expect(allow.allows("https://A.EXAMPLE:443/x.json")).toBe(true);
    expect(allow.allows("https://a.example.evil.com/x.json")).toBe(false);
    expect(allow.allows("https://a.example:8443/x.json")).toBe(false);
    expect(allow.allows("https://a.example@evil.com/x.json")).toBe(false);
    expect(allow.allows("https://user:pw@a.example/x.json")).toBe(false);
    expect(allow.allows("http://a.example/x.json")).toBe(false);
    expect(allow.allows("https://b.example/meta/x.json")).toBe(true);
    expect(allow.allows("https://b.example/meta/../etc/passwd")).toBe(false);
    expect(allow.allows("https://b.example/meta/%2e%2e/etc/passwd")).toBe(false);
    expect(allow.allows("https://b.example/meta/..%2fetc%2fpasswd")).toBe(false);
    expect(allow.allows("https://b.example/metadata/x.json")).toBe(false);
    expect(allow.allows("https://c.example/meta")).toBe(true);
    expect(allow.allows("https://c.example/meta/x.json")).toBe(true);
    expect(allow.allows("https://c.example/metadata/x.json")).toBe(false);
    expect(allow.allows("ftp://a.example/x.json")).toBe(false);
    expect(allow.allows("not a url")).toBe(false);
  });

  it("takes http: only under an http: entry, and file: only under a file: entry", () => {
    expect(parseAllowList(["https://a.example"]).allows("http://a.example/x")).toBe(false);
    expect(parseAllowList(["http://a.example"]).allows("http://a.example/x")).toBe(true);
    expect(parseAllowList(["https://a.example"]).allows("file:///etc/passwd")).toBe(false);
    expect(parseAllowList(["file:///srv/meta/"]).allows("file:///srv/meta/../etc/passwd")).toBe(false);
    expect(parseAllowList(["file:///srv/meta/"]).allows("file:///srv/meta/x.json")).toBe(true);
    expect(parseAllowList([]).allows("https://a.example/x")).toBe(false);
  });

  it("refuses entries that are not origins or prefixes, naming them without their secrets", () => {
    for (const [entry, message] of [
      ["ftp://a.example/", /has the scheme ftp:/],
      ["https://a.example/?token=s3cret", /has a query or fragment/],
      ["https://me:pw@a.example/", /holds a user name or password/],
      ["file://host/srv/", /names a host/],
      ["nothing", /is not a URL/],
    ] as const) {
      expect(() => parseAllowList([entry])).toThrow(ConfigError);
      expect(() => parseAllowList([entry])).toThrow(message);
      try {
        parseAllowList([entry]);
      } catch (error) {
        expect((error as Error).message).not.toContain("s3cret");
        expect((error as Error).message).not.toContain(":pw@");
      }
    }
  });

  it("redacts query strings and user info from URIs it logs", () => {
    expect(redactUri("https://user:pw@a.example/x.json?token=s3cret#f")).toBe("https://a.example/x.json?…");
    expect(redactUri("file:///srv/meta/x.json")).toBe("file:///srv/meta/x.json");
  });
});

describe("fetching a metadata document from a hostile server", () => {
  let hostile: Hostile;
  let outside: Hostile;
  const limits = { maxBytes: 64 * 1024, timeoutMs: 5_000 };

  beforeAll(async () => {
    outside = await hostileServer("http://unused.invalid");
    hostile = await hostileServer(outside.origin);
  });
  afterAll(async () => {
    await close(hostile.server);
    await close(outside.server);
  });

  const allow = () => parseAllowList([`${hostile.origin}/meta/`]);

  it("fetches an allowed URL and follows a redirect that stays allowed", async () => {
    const direct = await fetchDocument(`${hostile.origin}/meta/good.json`, { allow: allow(), ...limits });
    expect(direct.ok && sha256(direct.bytes)).toBe(sha256(good));
    const redirected = await fetchDocument(`${hostile.origin}/meta/redirect-inside`, { allow: allow(), ...limits });
    expect(redirected.ok && sha256(redirected.bytes)).toBe(sha256(good));
  });

  it("never requests a URL outside the list, nor follows a redirect out of it", async () => {
    const before = hostile.requests.length;
    for (const uri of [`${hostile.origin}/secret/x.json`, `${hostile.origin}/meta/../secret/x.json`, `${outside.origin}/meta/good.json`]) {
      expect(await fetchDocument(uri, { allow: allow(), ...limits })).toEqual({ ok: false, reason: "not under --metadata-fetch-allow" });
    }
    expect(hostile.requests.slice(before)).toEqual([]);

    const out = await fetchDocument(`${hostile.origin}/meta/redirect-outside`, { allow: allow(), ...limits });
    expect(out).toEqual({ ok: false, reason: `redirected (HTTP 302) to ${outside.origin}/stolen, which is not under --metadata-fetch-allow` });
    const up = await fetchDocument(`${hostile.origin}/meta/redirect-up`, { allow: allow(), ...limits });
    expect(up.ok).toBe(false);
    expect(hostile.requests).not.toContain("/secret/x.json");
    expect(outside.requests).toEqual([]);
  });

  it("cuts an oversized body at the limit, while reading it", async () => {
    const endless = await fetchDocument(`${hostile.origin}/meta/endless.json`, { allow: allow(), ...limits });
    expect(endless).toEqual({ ok: false, reason: `larger than ${limits.maxBytes} bytes, the most a metadata document may be (--metadata-max-bytes)` });
    // The client went away long before the server had written everything.
    expect(await hostile.endlessWritten).toBeLessThan(ENDLESS_TOTAL);
    const declared = await fetchDocument(`${hostile.origin}/meta/declared-huge.json`, { allow: allow(), ...limits });
    expect(declared.ok).toBe(false);
  });

  it("gives up on a server that stops answering, at the time limit", async () => {
    const result = await fetchDocument(`${hostile.origin}/meta/silent.json`, { allow: allow(), maxBytes: limits.maxBytes, timeoutMs: 200 });
    expect(result).toEqual({ ok: false, reason: "no complete answer within 200 ms (--metadata-fetch-timeout)" });
  });

  it("reports an HTTP error status", async () => {
    expect(await fetchDocument(`${hostile.origin}/meta/missing.json`, { allow: allow(), ...limits })).toEqual({ ok: false, reason: "HTTP 404" });
  });
});

describe("fetching a metadata document from a file: URL", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "dpr-fetch-file-"));
    mkdirSync(join(root, "allowed"));
    mkdirSync(join(root, "outside"));
    writeFileSync(join(root, "allowed", "good.json"), good);
    writeFileSync(join(root, "outside", "secret.json"), "{\"secret\":true}");
    symlinkSync(join(root, "outside", "secret.json"), join(root, "allowed", "link.json"));
    symlinkSync(join(root, "outside"), join(root, "allowed", "dirlink"));
    writeFileSync(join(root, "allowed", "big.json"), Buffer.alloc(70 * 1024, 0x20));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const options = () => ({ allow: parseAllowList([`${pathToFileURL(join(root, "allowed"))}/`]), maxBytes: 64 * 1024, timeoutMs: 5_000 });
  const url = (...parts: string[]) => pathToFileURL(join(root, ...parts)).href;

  it("reads a file inside the allowed folder", async () => {
    const result = await fetchDocument(url("allowed", "good.json"), options());
    expect(result.ok && sha256(result.bytes)).toBe(sha256(good));
  });

  it("refuses a file outside it, by .., by a link to a file or by a link to a folder", async () => {
    expect(await fetchDocument(url("outside", "secret.json"), options())).toEqual({ ok: false, reason: "not under --metadata-fetch-allow" });
    expect(await fetchDocument(`${pathToFileURL(join(root, "allowed"))}/../outside/secret.json`, options())).toEqual({
      ok: false,
      reason: "not under --metadata-fetch-allow",
    });
    for (const link of [url("allowed", "link.json"), `${url("allowed", "dirlink")}/secret.json`]) {
      expect(await fetchDocument(link, options())).toEqual({ ok: false, reason: "the file is missing, or outside the allowed folders once links are resolved" });
    }
  });

  it("cuts a file over the limit", async () => {
    const result = await fetchDocument(url("allowed", "big.json"), options());
    expect(result.ok).toBe(false);
  });
});

describe.each(await testStores())("the metadata fetcher (%s)", (kind) => {
  let fixture: FixtureDb;
  let hostile: Hostile;

  beforeAll(async () => {
    hostile = await hostileServer("http://unused.invalid");
    const o = hostile.origin;
    fixture = await createFixtureDb(kind, async (db) => {
      await writeStory(db);
      // Each its own registered hash: a document verified for one dataset would verify every dataset with its hash.
      const set = (id: string, uri: string, hash = sha256(`genuine document of ${id}`)) =>
        db.query("update datasets set metadata_hash = $1, metadata_uri = $2 where id = $3", [hash, uri, id]);
      await set(D.D2, `${o}/meta/good.json?token=s3cret`, sha256(good));
      // The server serves an edited copy of what D3 registered.
      await set(D.D3, `${o}/meta/tampered.json`);
      await set(D.D4, `${o}/meta/missing.json`);
      await set(D.D5, `${o}/secret/good.json`);
      await set(D.D6, `${o}/meta/redirect-outside`);
    });
  });
  afterAll(async () => {
    await fixture?.close();
    await close(hostile.server);
  });

  it("keeps what hashes to the chain's metadataHash, records a mismatch and failures, and never asks outside the list", async () => {
    const logs: Data[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
    const fetcher = createFetcher({ db: fixture.db, allow: parseAllowList([`${hostile.origin}/meta/`]), logger, now: () => STORY_NOW });
    const tried = await fetcher.runOnce();
    expect(tried).toBeGreaterThan(0);
    expect(hostile.requests).not.toContain("/secret/good.json");
    expect(hostile.requests.filter((r) => r.startsWith("/stolen"))).toEqual([]);
    // No log line carries the token.
    expect(JSON.stringify(logs)).not.toContain("s3cret");

    const api = createFixtureClient(fixture.db, { now: STORY_NOW });
    const entries = Object.entries({ D2: D.D2, D3: D.D3, D4: D.D4, D5: D.D5, D6: D.D6 });
    const response = await api.query<Data>(`{ ${entries.map(([name, id]) => `${name}: catalogueEntry(id: "${id}") { title documentStatus documentError }`).join(" ")} }`);
    expect(response.errors).toBeUndefined();
    const data = response.data!;
    expect(data.D2).toEqual({ title: "Outpatient visits, 2025 Q1 (personal data)", documentStatus: "verified", documentError: null });
    expect(data.D3).toEqual({
      title: null,
      documentStatus: "mismatch",
      documentError: `the document fetched hashes to ${sha256(tampered)}, not the registered metadataHash`,
    });
    expect(data.D4).toEqual({ title: null, documentStatus: "unavailable", documentError: "HTTP 404" });
    // Outside the list: never fetched, so no document is known.
    expect(data.D5).toEqual({ title: null, documentStatus: "missing", documentError: null });
    expect(data.D6.documentStatus).toBe("unavailable");
    expect(data.D6.documentError).toMatch(/not under --metadata-fetch-allow/);

    // The tampered document is not found by search; the verified one is.
    const search = await api.query<Data>(`{ catalogue(search: "outpatient", where: { documentStatus_in: ["verified", "mismatch"] }) { nodes { id documentStatus } } }`);
    expect(search.data!.catalogue.nodes).toEqual([{ id: D.D2, documentStatus: "verified" }]);
  });

  it("survives a restart: a new fetcher neither loses nor repeats what was done, and retries failures only when due", async () => {
    const before = hostile.requests.length;
    const again = createFetcher({ db: fixture.db, allow: parseAllowList([`${hostile.origin}/meta/`]), logger: silent, now: () => STORY_NOW + 1 });
    expect(await again.runOnce()).toBe(0);
    expect(hostile.requests.length).toBe(before);
    // Once the backoff has passed, the failures are tried again (and only they).
    const later = createFetcher({ db: fixture.db, allow: parseAllowList([`${hostile.origin}/meta/`]), logger: silent, now: () => STORY_NOW + 3600 });
    expect(await later.runOnce()).toBe(3);
    expect(hostile.requests.slice(before).sort()).toEqual(["/meta/missing.json", "/meta/redirect-outside", "/meta/tampered.json"]);
    const [row] = await fixture.db.query<{ attempts: number }>("select attempts from metadata_fetches where uri like '%missing.json'");
    expect(row!.attempts).toBe(2);
  });

  it("fetches nothing at all without an allow-list", async () => {
    const before = hostile.requests.length;
    await fixture.db.query("delete from metadata_fetches");
    const none = createFetcher({ db: fixture.db, allow: parseAllowList([]), logger: silent, now: () => STORY_NOW });
    none.start();
    expect(await none.runOnce()).toBe(0);
    await none.stop();
    expect(hostile.requests.length).toBe(before);
  });
});
