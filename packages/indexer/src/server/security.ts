/**
 * What the server sends to keep browsers safe, and what it refuses to read.
 *
 * Three Content-Security-Policies, one per kind of response:
 *
 * - the web verifier (every file of the built page, its worker included: a worker takes its policy from
 *   its own script's response): scripts and styles from this origin only, nothing inline. WebAssembly may
 *   be compiled (`'wasm-unsafe-eval'`): the hashing worker runs SHA-256 and SM3 as WebAssembly
 *   (hash-wasm). The page may connect to this origin (GraphQL, `/api/*`), to the JSON-RPC endpoint it is
 *   told to read (`--public-rpc-url`, or the page's built-in default when that is unset) and to the
 *   sources the operator adds (`--web-connect-src`); nowhere else. So a link that names another node or
 *   deployment record (`?rpc=`, `?deployment=`) cannot make the zone's own page show another chain's
 *   verdicts under the zone's name: the browser refuses the connection.
 * - GraphiQL: its page is one inline script and one inline style (`@graphql-yoga/render-graphiql`), and
 *   its editor starts workers from `blob:` URLs and adds `<style>` elements as it runs. The script runs
 *   by a nonce drawn for each response; styles may be inline (a style cannot run code); nothing else is
 *   loaded from anywhere.
 * - everything else (JSON, Prometheus text, errors): no content at all, should a browser ever render it.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** The JSON-RPC endpoint the page uses when the server names none (packages/web/src/config.ts). */
export const PAGE_DEFAULT_RPC_URL = "http://127.0.0.1:8545";

/** The largest request body `POST /graphql` accepts by default: 64 KiB, far above any real query. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** Sent with every response, whatever it is. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  // frame-ancestors' ancestor, for browsers that predate it.
  "x-frame-options": "DENY",
};

const LOCKDOWN = ["base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"];

/** The policy of responses that are data, not pages. */
export const DATA_POLICY = ["default-src 'none'", ...LOCKDOWN].join("; ");

export interface PagePolicyOptions {
  /** The JSON-RPC URL the page is told to read (`/api/web-config`); unset, the page's own default. */
  publicRpcUrl?: string | undefined;
  /** More sources the page may connect to, as `cspSource` accepts them. */
  connectSrc?: readonly string[] | undefined;
}

/** The web verifier's policy. */
export function pagePolicy(options: PagePolicyOptions = {}): string {
  const connect = new Set(["'self'", new URL(options.publicRpcUrl ?? PAGE_DEFAULT_RPC_URL).origin]);
  for (const text of options.connectSrc ?? []) {
    const source = cspSource(text);
    if (source === null) throw new TypeError(`not a source the page may connect to: "${text}"`);
    connect.add(source);
  }
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${[...connect].join(" ")}`,
    "object-src 'none'",
    ...LOCKDOWN,
  ].join("; ");
}

/** GraphiQL's policy, for a page whose inline scripts carry `nonce`. */
export function graphiqlPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src blob:",
    ...LOCKDOWN,
  ].join("; ");
}

/** A fresh nonce: 128 random bits, base64. */
export const createNonce = (): string => randomBytes(16).toString("base64");

/**
 * `html` with `nonce` on each of its `<script>` elements. Script and style content is skipped whole (it
 * ends at the first `</script` or `</style`, as HTML parses it), so text inside a script that looks
 * like a tag is left as it is.
 */
export function addScriptNonce(html: string, nonce: string): string {
  const tag = /<(script|style)(?=[\s>/])/gi;
  let out = "";
  let from = 0;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    const name = match[1]!.toLowerCase();
    const afterName = match.index + match[0].length;
    out += html.slice(from, afterName) + (name === "script" ? ` nonce="${nonce}"` : "");
    const end = new RegExp(`</${name}`, "gi");
    end.lastIndex = afterName;
    const close = end.exec(html)?.index ?? -1;
    from = afterName;
    if (close === -1) break;
    tag.lastIndex = close;
  }
  return out + html.slice(from);
}

/**
 * `text` as a CSP connect-src source, or null when it is not one this server hands out: an http(s)
 * URL (its origin is kept: `https://rpc.zone.example/v1` → `https://rpc.zone.example`), an origin with
 * a wildcard first label or port (`https://*.zone.example`, `http://127.0.0.1:*`), or a whole scheme
 * (`https:`, `http:`), which lets readers pick any node.
 */
export function cspSource(text: string): string | null {
  const value = text.trim();
  if (value === "https:" || value === "http:") return value;
  if (value.includes("*")) {
    return /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?\/?$/i.test(value) ? value.replace(/\/$/, "").toLowerCase() : null;
  }
  try {
    const url = new URL(value);
    if ((url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** The request body, or null as soon as it passes `maxBytes` (what came after it is not read). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (settle: () => void) => {
      req.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
      settle();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish(() => resolve(null));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(() => resolve(Buffer.concat(chunks, size)));
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => finish(() => reject(new Error("the client closed the request before sending its body")));
    req.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}

/**
 * Answers 413 to a request whose body is over the limit, in GraphQL's shape so that clients show the
 * message, and closes the connection: the rest of the body is discarded, never read into memory.
 */
export function refuseLargeBody(req: IncomingMessage, res: ServerResponse, maxBytes: number): void {
  const body = {
    errors: [{ message: `the request body is larger than the ${maxBytes} bytes this server accepts`, extensions: { code: "REQUEST_TOO_LARGE" } }],
  };
  res.writeHead(413, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", connection: "close" });
  res.end(`${JSON.stringify(body)}\n`);
  req.resume();
}

/** Whether the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function hasBearerToken(req: IncomingMessage, token: string): boolean {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match) return false;
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]!), digest(token));
}
