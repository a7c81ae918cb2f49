/**
 * Serves the built page as the indexer's server will: files from the build, the deployment record
 * at `GET /api/deployment`, and index.html for any other path that is not a file (so `/dataset/<id>`
 * loads the page). Extra JSON documents can be served at other paths (e.g. a record for another chain).
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export interface StaticServer {
  url: string;
  /** Requests served, by path (to check, e.g., that a file was never uploaded). */
  readonly requests: { method: string; path: string; bytes: number }[];
  stop(): Promise<void>;
}

export async function startStaticServer(root: string, documents: Record<string, string>): Promise<StaticServer> {
  const requests: StaticServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let bytes = 0;
    req.on("data", (chunk: Buffer) => (bytes += chunk.length));
    req.on("end", () => {
      requests.push({ method: req.method ?? "GET", path, bytes });
      const document = documents[path];
      if (document !== undefined) return void res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(document);
      if (path.startsWith("/api/") || path === "/graphql") return void res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      const file = normalize(join(root, path));
      if (file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile()) {
        res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
        return void createReadStream(file).pipe(res);
      }
      res.writeHead(200, { "content-type": TYPES[".html"] });
      createReadStream(join(root, "index.html")).pipe(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
