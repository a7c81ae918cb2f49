import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { type CustomTransport, HttpRequestError, RpcRequestError, TimeoutError, custom } from "viem";

export interface NodeHttpTransportOptions {
  /** Milliseconds for a whole request, answer included. */
  timeout: number;
  retryCount: number;
  retryDelay: number;
}

/** Where a JSON-RPC answer is refused for its size (as viem's own HTTP transport does). */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * JSON-RPC over `node:http`/`node:https`, as a viem transport. viem's `http` transport goes through the
 * global `fetch` and `Headers`, and on Node.js 20 their first use loads undici, which costs a command that
 * reads the chain once more time than everything else it does (docs/performance.md, "Start-up"). The
 * failures are viem's own error classes, as its HTTP transport throws them: `HttpRequestError` (with the
 * socket error as `cause`, or the HTTP status), `TimeoutError`, and `RpcRequestError` for a JSON-RPC error
 * (which viem then turns into a revert, a nonce error, and so on). Credentials in the URL are sent as
 * basic authentication.
 */
export function nodeHttpTransport(url: string, options: NodeHttpTransportOptions): CustomTransport {
  const target = new URL(url);
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new Error(`not an http(s) URL: ${url}`);
  const secure = target.protocol === "https:";
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  let nextId = 1;
  return custom(
    {
      async request({ method, params }: { method: string; params?: unknown }) {
        const body = { jsonrpc: "2.0", id: nextId++, method, params };
        let answer: { status: number; text: string };
        try {
          answer = await post(target, secure, agent, JSON.stringify(body), options.timeout);
        } catch (error) {
          if (error instanceof TimedOut) throw new TimeoutError({ body, url });
          throw new HttpRequestError({ body, cause: error as Error, url });
        }
        let data: { result?: unknown; error?: { code: number; message: string; data?: unknown } } | undefined;
        try {
          data = JSON.parse(answer.text) as typeof data;
        } catch {
          data = undefined;
        }
        if (data && typeof data.error === "object" && data.error !== null && typeof data.error.code === "number") {
          throw new RpcRequestError({ body, error: data.error, status: answer.status, url });
        }
        if (answer.status < 200 || answer.status > 299 || data === undefined) {
          throw new HttpRequestError({ body, details: answer.text.slice(0, 500) || `HTTP ${answer.status}`, status: answer.status, url });
        }
        return data.result;
      },
    },
    { retryCount: options.retryCount, retryDelay: options.retryDelay },
  );
}

class TimedOut extends Error {}

function post(target: URL, secure: boolean, agent: HttpAgent, body: string, timeout: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json", "content-length": String(Buffer.byteLength(body)) };
    if (target.username || target.password) {
      headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`;
    }
    const send = secure ? httpsRequest : httpRequest;
    const request = send(
      { protocol: target.protocol, hostname: target.hostname.replace(/^\[|\]$/g, ""), port: target.port, path: `${target.pathname}${target.search}`, method: "POST", headers, agent },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) {
            request.destroy(new Error(`the answer is larger than ${MAX_RESPONSE_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
      },
    );
    const timer = setTimeout(() => request.destroy(new TimedOut()), timeout);
    request.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.on("close", () => clearTimeout(timer));
    request.end(body);
  });
}
