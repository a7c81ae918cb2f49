import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { type PublicClient, HttpRequestError, InternalRpcError, TimeoutError, createPublicClient } from "viem";
import { afterEach, describe, expect, it } from "vitest";
import { nodeHttpTransport } from "./nodeHttpTransport.js";

/** A JSON-RPC server that answers each request with `handler`, recording what it received. */
async function serve(handler: (body: { id: number; method: string; params: unknown[] }, req: IncomingMessage, res: ServerResponse) => void) {
  const received: { body: { method: string }; headers: IncomingMessage["headers"] }[] = [];
  const server = createServer((req, res) => {
    let text = "";
    req.on("data", (chunk: Buffer) => (text += chunk.toString()));
    req.on("end", () => {
      const body = JSON.parse(text) as { id: number; method: string; params: unknown[] };
      received.push({ body, headers: req.headers });
      handler(body, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received };
}
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const client = (url: string, timeout = 5_000): PublicClient =>
  createPublicClient({ transport: nodeHttpTransport(url, { retryCount: 0, retryDelay: 0, timeout }), cacheTime: 0 }) as PublicClient;
const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

describe("JSON-RPC over node:http", () => {
  it("sends a JSON-RPC request and returns the result", async () => {
    const { url, received } = await serve((body, _req, res) => json(res, 200, { jsonrpc: "2.0", id: body.id, result: "0x7a69" }));
    expect(await client(url).getChainId()).toBe(31337);
    expect(received[0]?.body).toMatchObject({ jsonrpc: "2.0", method: "eth_chainId" });
    expect(received[0]?.headers["content-type"]).toBe("application/json");
  });

  it("sends the URL's credentials as basic authentication, never in the path", async () => {
    const { url, received } = await serve((body, _req, res) => json(res, 200, { jsonrpc: "2.0", id: body.id, result: "0x1" }));
    await client(url.replace("http://", "http://zone:s%40cret@")).getChainId();
    expect(received[0]?.headers.authorization).toBe(`Basic ${Buffer.from("zone:s@cret").toString("base64")}`);
  });

  it("turns a JSON-RPC error into viem's error for its code, whatever the HTTP status", async () => {
    for (const status of [200, 500]) {
      const { url } = await serve((body, _req, res) => json(res, status, { jsonrpc: "2.0", id: body.id, error: { code: -32603, message: "boom" } }));
      const error = await client(url).getChainId().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InternalRpcError);
    }
  });

  it("reports an HTTP failure without a JSON-RPC answer with its status and body", async () => {
    const { url } = await serve((_body, _req, res) => res.writeHead(502).end("bad gateway"));
    const error = (await client(url).getChainId().catch((e: unknown) => e)) as HttpRequestError;
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(error.status).toBe(502);
    expect(error.details).toContain("bad gateway");
  });

  it("reports an answer that is not JSON", async () => {
    const { url } = await serve((_body, _req, res) => res.writeHead(200).end("<html>a login page</html>"));
    const error = (await client(url).getChainId().catch((e: unknown) => e)) as HttpRequestError;
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(error.details).toContain("a login page");
  });

  it("refuses an answer over 10 MiB", async () => {
    const { url } = await serve((body, _req, res) => json(res, 200, { jsonrpc: "2.0", id: body.id, result: `0x${"0".repeat(11 * 1024 * 1024)}` }));
    const error = (await client(url).getChainId().catch((e: unknown) => e)) as HttpRequestError;
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(String((error.cause as Error).message)).toMatch(/larger than/);
  });

  it("times out a node that never answers, and names a node that refuses connections", async () => {
    const { url } = await serve(() => undefined);
    expect(await client(url, 300).getChainId().catch((e: unknown) => e)).toBeInstanceOf(TimeoutError);
    const closed = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const error = (await client(closed.url).getChainId().catch((e: unknown) => e)) as HttpRequestError;
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(String((error.cause as NodeJS.ErrnoException).code)).toBe("ECONNREFUSED");
  });

  it("refuses a URL that is not http(s)", () => {
    expect(() => nodeHttpTransport("ws://127.0.0.1:8546", { retryCount: 0, retryDelay: 0, timeout: 1_000 })).toThrow(/not an http\(s\) URL/);
  });
});
