/**
 * The metadata fetcher: for each dataset whose document the indexer does not know, fetch its `metadataURI` —
 * only when the operator allowed it (`--metadata-fetch-allow`), and only `https:`, `file:`, or `http:` under an
 * explicit `http:` entry — and keep what hashes to the chain's `metadataHash`.
 *
 * The rules, each because a registrant chooses the URI and the indexer is the one making the request:
 * - Allowed means under an entry of the allow-list after URL normalisation: same scheme, same host and port,
 *   and a path under the entry's path on a segment boundary (`https://a.example` does not allow
 *   `https://a.example.evil.com`, `/meta` does not allow `/metadata`, `..` is resolved before comparing, and a
 *   path with an encoded slash or backslash is refused rather than guessed at). A URL outside is never
 *   requested.
 * - Redirects are followed by hand, each target checked like the first URL (at most {@link MAX_REDIRECTS}).
 * - `file:` paths are compared after resolving symbolic links, so a link inside the folder cannot point out of
 *   it; only regular files are read.
 * - The size limit is enforced while reading (the body is cut at the limit, whatever Content-Length says); the
 *   time limit covers the whole exchange, headers and body.
 * - Equal hash → stored in `metadata_documents` (verified, searchable); different → `mismatch` (never
 *   attached); failure → `unavailable` with the reason, tried again with exponential backoff, a bounded number
 *   of times. Outcomes live in the database, so a restart neither loses nor repeats them.
 * - It runs beside the sync, never in it: its own loop, a few requests at a time, on the pool, not the writer's
 *   session. Logs name URIs without their query string or user info (tokens live there).
 */
import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "pino";
import { ConfigError } from "../errors.js";
import type { Queryable } from "../store/db.js";
import { sha256Hex, storeDocument } from "./documents.js";

/** The largest document fetched by default (1 MiB), as for `--metadata-dir`. */
export const DEFAULT_METADATA_MAX_BYTES = 1024 * 1024;
export const DEFAULT_METADATA_FETCH_TIMEOUT_MS = 10_000;
export const MAX_REDIRECTS = 5;

interface Entry {
  protocol: string;
  host: string;
  /** The entry's path; a candidate's path must equal it or continue it after a `/`. */
  path: string;
  /** `file:` entries: the folder with its links resolved (null when it does not exist: nothing is allowed under it). */
  realPath?: Promise<string | null>;
}

/** Where the fetcher may go. */
export interface AllowList {
  readonly entries: readonly string[];
  /** Whether `uri` is under an entry (for `file:`, also after resolving links: see {@link allowedFile}). */
  allows(uri: string | URL): boolean;
  /** For an allowed `file:` URL: its real path, when that is inside an allowed folder too; else null. */
  allowedFile(url: URL): Promise<string | null>;
}

const ENCODED_SEPARATOR = /%2f|%5c/i;

function parseUrl(value: string | URL): URL | null {
  try {
    return new URL(String(value));
  } catch {
    return null;
  }
}

const underPath = (path: string, prefix: string) => prefix === "/" || path === prefix || path.startsWith(prefix.endsWith("/") ? prefix : `${prefix}/`);

/**
 * The allow-list of `--metadata-fetch-allow`: origins or URL prefixes (`https://data.example`,
 * `https://data.example/meta/`, `file:///srv/metadata/`, `http://127.0.0.1:8080/`). Throws a ConfigError
 * naming the entry that is not one.
 */
export function parseAllowList(entries: readonly string[]): AllowList {
  const parsed: Entry[] = entries.map((text) => {
    const url = parseUrl(text.trim());
    const problem =
      url === null
        ? "is not a URL"
        : !["https:", "http:", "file:"].includes(url.protocol)
          ? `has the scheme ${url.protocol} (only https:, http: and file: are fetched)`
          : url.username || url.password
            ? "holds a user name or password"
            : url.search || url.hash
              ? "has a query or fragment (give an origin or a path prefix)"
              : ENCODED_SEPARATOR.test(url.pathname)
                ? "has an encoded slash or backslash in its path"
                : url.protocol === "file:" && url.host !== ""
                  ? "names a host (file: URLs here are local: file:///folder/)"
                  : null;
    if (problem !== null) throw new ConfigError(`--metadata-fetch-allow (DPR_METADATA_FETCH_ALLOW): "${redactUri(text)}" ${problem}`);
    const entry: Entry = { protocol: url!.protocol, host: url!.host, path: url!.pathname };
    if (url!.protocol === "file:") {
      const folder = fileURLToPath(url!);
      entry.realPath = realpath(folder).catch(() => null);
      entry.realPath.catch(() => {});
    }
    return entry;
  });

  const lexical = (url: URL): Entry[] =>
    url.username || url.password || ENCODED_SEPARATOR.test(url.pathname)
      ? []
      : parsed.filter((entry) => entry.protocol === url.protocol && entry.host === url.host && underPath(url.pathname, entry.path));

  return {
    entries,
    allows(uri) {
      const url = parseUrl(uri);
      return url !== null && lexical(url).length > 0;
    },
    async allowedFile(url) {
      const entries = lexical(url).filter((entry) => entry.realPath);
      if (entries.length === 0) return null;
      let real: string;
      try {
        real = await realpath(fileURLToPath(url));
      } catch {
        return null;
      }
      for (const entry of entries) {
        const folder = await entry.realPath!;
        if (folder !== null && (real === folder || real.startsWith(folder.endsWith(sep) ? folder : folder + sep))) return real;
      }
      return null;
    },
  };
}

/** The allow-list from `--metadata-fetch-allow` values or `DPR_METADATA_FETCH_ALLOW` (separated by spaces or commas: URLs hold colons). */
export function splitAllowList(value: string | undefined): string[] {
  return value?.split(/[\s,]+/).filter(Boolean) ?? [];
}

/** A URI as logs and errors may show it: no user info, no query string or fragment (tokens live there). */
export function redactUri(uri: string): string {
  const url = parseUrl(uri);
  if (url === null) return uri.replace(/[?#].*$/s, "").slice(0, 200);
  const query = url.search || url.hash ? "?…" : "";
  if (url.protocol === "file:") return `file://${url.pathname}${query}`;
  if (url.host === "") return `${url.protocol}${url.pathname.slice(0, 200)}${query}`;
  return `${url.protocol}//${url.host}${url.pathname}${query}`;
}

export type FetchResult = { ok: true; bytes: Buffer; url: string } | { ok: false; reason: string };

export interface FetchOptions {
  allow: AllowList;
  maxBytes: number;
  timeoutMs: number;
  /** Aborts the fetch (the fetcher stopping). */
  signal?: AbortSignal;
}

/** Reads a stream up to `maxBytes`; null when it has more (reading stops there). */
async function readLimited(chunks: AsyncIterable<Uint8Array>, maxBytes: number, onTooLarge: () => void): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      onTooLarge();
      return null;
    }
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/**
 * Fetches one document under the rules above. Never throws: a failure is `{ ok: false, reason }`, the reason
 * safe to store and show (URLs in it redacted).
 */
export async function fetchDocument(uri: string, options: FetchOptions): Promise<FetchResult> {
  const { allow, maxBytes, timeoutMs } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("timeout")), timeoutMs);
  const stopped = () => controller.abort(new Error("stopped"));
  options.signal?.addEventListener("abort", stopped, { once: true });
  const tooLarge = `larger than ${maxBytes} bytes, the most a metadata document may be (--metadata-max-bytes)`;
  try {
    let url = parseUrl(uri);
    if (url === null) return { ok: false, reason: "not a URL" };
    if (!allow.allows(url)) return { ok: false, reason: "not under --metadata-fetch-allow" };

    if (url.protocol === "file:") {
      const path = await allow.allowedFile(url);
      if (path === null) return { ok: false, reason: "the file is missing, or outside the allowed folders once links are resolved" };
      const info = await stat(path);
      if (!info.isFile()) return { ok: false, reason: "not a regular file" };
      // One byte past the limit says whether there is more.
      const stream = createReadStream(path, { start: 0, end: maxBytes, signal: controller.signal });
      const bytes = await readLimited(stream, maxBytes, () => stream.destroy());
      return bytes === null ? { ok: false, reason: tooLarge } : { ok: true, bytes, url: url.href };
    }

    for (let redirects = 0; ; redirects++) {
      const response = await fetch(url, { redirect: "manual", signal: controller.signal, headers: { accept: "application/json" } });
      if (response.status >= 300 && response.status < 400 && response.headers.has("location")) {
        await response.body?.cancel().catch(() => {});
        const next = parseUrl(new URL(response.headers.get("location")!, url).href);
        if (next === null) return { ok: false, reason: `HTTP ${response.status} to an invalid location` };
        if (!allow.allows(next)) return { ok: false, reason: `redirected (HTTP ${response.status}) to ${redactUri(next.href)}, which is not under --metadata-fetch-allow` };
        if (redirects + 1 > MAX_REDIRECTS) return { ok: false, reason: `more than ${MAX_REDIRECTS} redirects` };
        url = next;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => {});
        return { ok: false, reason: `HTTP ${response.status}` };
      }
      const declared = Number(response.headers.get("content-length"));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel().catch(() => {});
        return { ok: false, reason: tooLarge };
      }
      const body = response.body;
      if (!body) return { ok: true, bytes: Buffer.alloc(0), url: url.href };
      const bytes = await readLimited(body as unknown as AsyncIterable<Uint8Array>, maxBytes, () => controller.abort(new Error("too large")));
      return bytes === null ? { ok: false, reason: tooLarge } : { ok: true, bytes, url: url.href };
    }
  } catch (error) {
    const why = controller.signal.reason instanceof Error ? controller.signal.reason.message : null;
    if (why === "timeout") return { ok: false, reason: `no complete answer within ${timeoutMs} ms (--metadata-fetch-timeout)` };
    if (why === "too large") return { ok: false, reason: tooLarge };
    if (why === "stopped") return { ok: false, reason: "the indexer stopped" };
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: cause ? `cannot fetch it: ${cause}` : "cannot fetch it" };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", stopped);
  }
}

export interface Backoff {
  /** The first wait after a failure, seconds (default 60). */
  baseSeconds: number;
  /** The longest wait, seconds (default 6 h). */
  maxSeconds: number;
  /** Attempts before giving up (default 8); the outcome stays recorded. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseSeconds: 60, maxSeconds: 6 * 3600, maxAttempts: 8 };

export interface FetcherOptions {
  db: Queryable;
  allow: AllowList;
  maxBytes?: number;
  timeoutMs?: number;
  logger: Logger;
  /** Requests at a time (default 4). */
  concurrency?: number;
  /** Between rounds, ms (default 5 000). */
  pollMs?: number;
  /** Unix seconds (default: the clock). */
  now?: () => number;
  backoff?: Partial<Backoff>;
}

export interface Fetcher {
  /** Starts the background loop (a round now, then one every `pollMs`). */
  start(): void;
  /** One round: fetches what is due; resolves when it is done, with how many URIs it tried. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Unknown documents to fetch, at most this many per round (the next round takes the rest). */
const ROUND = 200;

export function createFetcher(options: FetcherOptions): Fetcher {
  const { db, allow, logger } = options;
  const maxBytes = options.maxBytes ?? DEFAULT_METADATA_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_METADATA_FETCH_TIMEOUT_MS;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pollMs = options.pollMs ?? 5_000;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const backoff: Backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  const stopping = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let loop: Promise<void> | undefined;
  let forgotSkipped: Promise<unknown> | undefined;

  async function record(hash: string, uri: string, status: "mismatch" | "unavailable" | "skipped", error: string | null, fetched: string | null): Promise<void> {
    const at = now();
    const [previous] = await db.query<{ attempts: number }>("select attempts from metadata_fetches where metadata_hash = $1 and uri = $2", [hash, uri]);
    const attempts = (previous?.attempts ?? 0) + 1;
    const next =
      status === "skipped" || attempts >= backoff.maxAttempts ? null : at + Math.min(backoff.baseSeconds * 2 ** (attempts - 1), backoff.maxSeconds);
    await db.query(
      `insert into metadata_fetches (metadata_hash, uri, status, error, fetched_sha256, attempts, last_attempt_at, next_attempt_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (metadata_hash, uri) do update set status = excluded.status, error = excluded.error, fetched_sha256 = excluded.fetched_sha256,
         attempts = excluded.attempts, last_attempt_at = excluded.last_attempt_at, next_attempt_at = excluded.next_attempt_at`,
      [hash, uri, status, error, fetched, attempts, at, next],
    );
  }

  async function fetchOne(hash: string, uri: string): Promise<void> {
    const shown = redactUri(uri);
    const result = await fetchDocument(uri, { allow, maxBytes, timeoutMs, signal: stopping.signal });
    if (stopping.signal.aborted) return;
    if (!result.ok) {
      logger.warn({ metadataHash: hash, uri: shown, reason: result.reason }, "metadata document unavailable");
      return record(hash, uri, "unavailable", result.reason, null);
    }
    const fetched = sha256Hex(result.bytes);
    if (fetched !== hash) {
      logger.warn({ metadataHash: hash, fetched, uri: shown }, "metadata document does not match the registered hash: not attached");
      return record(hash, uri, "mismatch", `the document fetched hashes to ${fetched}, not the registered metadataHash`, fetched);
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(result.bytes);
    } catch {
      return record(hash, uri, "unavailable", "the document is not UTF-8 text", fetched);
    }
    await storeDocument(db, text, "uri", uri, now());
    logger.info({ metadataHash: hash, uri: shown, bytes: result.bytes.length }, "metadata document fetched and verified");
  }

  async function runOnce(): Promise<number> {
    // A changed allow-list applies at start: what it refused before is looked at again.
    forgotSkipped ??= db.query("delete from metadata_fetches where status = 'skipped'");
    await forgotSkipped;
    const due = await db.query<{ hash: string; uri: string }>(
      `select distinct d.metadata_hash as hash, d.metadata_uri as uri from datasets d
        where d.block_to is null
          and not exists (select 1 from metadata_documents m where m.sha256 = d.metadata_hash)
          and not exists (select 1 from metadata_fetches f where f.metadata_hash = d.metadata_hash and f.uri = d.metadata_uri
                            and (f.next_attempt_at is null or f.next_attempt_at > $1))
        order by 1, 2 limit $2`,
      [now(), ROUND],
    );
    const queue = [...due];
    let tried = 0;
    const worker = async () => {
      for (let item = queue.shift(); item && !stopping.signal.aborted; item = queue.shift()) {
        if (!allow.allows(item.uri)) {
          // Never requested; shown as missing.
          await record(item.hash, item.uri, "skipped", null, null);
          continue;
        }
        tried++;
        try {
          await fetchOne(item.hash, item.uri);
        } catch (error) {
          logger.warn({ err: error, uri: redactUri(item.uri) }, "metadata fetch failed to record its outcome");
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return tried;
  }

  return {
    start() {
      if (loop || allow.entries.length === 0) return;
      logger.info({ allow: allow.entries.map(redactUri), maxBytes, timeoutMs }, "fetching unknown metadata documents from allowed URIs");
      loop = (async () => {
        while (!stopping.signal.aborted) {
          try {
            await runOnce();
          } catch (error) {
            if (!stopping.signal.aborted) logger.warn({ err: error }, "metadata fetch round failed; trying again later");
          }
          if (stopping.signal.aborted) break;
          await new Promise<void>((resolve) => {
            timer = setTimeout(resolve, pollMs);
            stopping.signal.addEventListener("abort", () => resolve(), { once: true });
          });
        }
      })();
    },
    runOnce,
    async stop() {
      stopping.abort();
      clearTimeout(timer);
      await loop;
    },
  };
}
