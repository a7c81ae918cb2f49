import { defineConfig } from "vite";

/**
 * `npm run dev` serves the page with Vite; GraphQL and the deployment record are proxied to the
 * indexer's server (DPR_INDEXER_URL, default http://127.0.0.1:4350), so the page's same-origin
 * defaults work in development as they do when the indexer serves the build.
 */
const indexer = process.env.DPR_INDEXER_URL ?? "http://127.0.0.1:4350";

export default defineConfig({
  // Absolute asset URLs: the page is also served at /dataset/<id>.
  base: "/",
  worker: { format: "es" },
  build: { target: "es2022", sourcemap: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: {
      "/graphql": indexer,
      "/api": indexer,
    },
  },
});
