import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defaultClientConditions, defineConfig } from "vite";

/**
 * `npm run dev` serves the page with Vite; GraphQL and the deployment record are proxied to the
 * indexer's server (DPR_INDEXER_URL, default http://127.0.0.1:4350), so the page's same-origin
 * defaults work in development as they do when the indexer serves the build.
 */
const indexer = process.env.DPR_INDEXER_URL ?? "http://127.0.0.1:4350";

/**
 * The official registry, pinned in the build (src/trust.ts): a deployment record file
 * (`VITE_DPR_DEPLOYMENT_FILE`), the JSON-RPC endpoint (`VITE_DPR_RPC_URL`) and the GraphQL endpoint
 * (`VITE_DPR_GRAPHQL_URL`). Each is optional; what is pinned wins over what the serving server says.
 * A pin that cannot be right fails the build.
 */
function pin(): { deployment: string | null; rpcUrl: string | null; graphqlUrl: string | null } {
  const file = process.env.VITE_DPR_DEPLOYMENT_FILE?.trim() || null;
  let deployment: string | null = null;
  if (file !== null) {
    const path = resolve(process.cwd(), file);
    try {
      deployment = readFileSync(path, "utf8");
    } catch (error) {
      throw new Error(`VITE_DPR_DEPLOYMENT_FILE: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    let record: { format?: unknown; chainId?: unknown; contracts?: Record<string, unknown> } | null;
    try {
      record = JSON.parse(deployment) as typeof record;
    } catch {
      throw new Error(`VITE_DPR_DEPLOYMENT_FILE: ${path} is not JSON`);
    }
    const addresses = ["directory", "datasets", "grants", "anchors"].every((name) => {
      const address = record?.contracts?.[name];
      return typeof address === "string" && /^0x[0-9a-fA-F]{40}$/.test(address);
    });
    if (record?.format !== "dpr-deployment/1" || typeof record.chainId !== "number" || !addresses) {
      throw new Error(`VITE_DPR_DEPLOYMENT_FILE: ${path} is not a DPR deployment record (format "dpr-deployment/1", a chainId and the four contract addresses)`);
    }
  }
  const url = (name: string): string | null => {
    const value = process.env[name]?.trim() || null;
    if (value !== null && !/^https?:\/\//i.test(value) && !value.startsWith("/")) throw new Error(`${name}: not an http(s) URL or a path on the page's origin: ${value}`);
    return value;
  };
  return { deployment, rpcUrl: url("VITE_DPR_RPC_URL"), graphqlUrl: url("VITE_DPR_GRAPHQL_URL") };
}

export default defineConfig({
  // Absolute asset URLs: the page is also served at /dataset/<id>.
  base: "/",
  // The SDK's TypeScript sources (its `@dpr/source` export condition), not a build of it.
  resolve: { conditions: ["@dpr/source", ...defaultClientConditions] },
  define: { __DPR_PIN__: JSON.stringify(pin()) },
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      "/graphql": indexer,
      "/api": indexer,
    },
  },
});
