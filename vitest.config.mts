import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// Set by `npm run coverage` (scripts/coverage.ts): the run directory its setup file reports hits to.
const coverageRun = Boolean(process.env.DPR_COVERAGE);

export default defineConfig({
  // The workspace packages' TypeScript sources (their `@dpr/source` export condition), not their builds.
  resolve: { conditions: ["@dpr/source", ...defaultClientConditions] },
  ssr: { resolve: { conditions: ["@dpr/source", ...defaultServerConditions] } },
  test: {
    // `dpr` and `dpr-indexer` as the tests run them: bundled from the current sources.
    globalSetup: ["test/helpers/build-programs.ts"],
    include: ["test/**/*.test.ts", "packages/*/src/**/*.test.ts", "scripts/**/*.test.ts"],
    // Contract tests drive Hardhat's in-process network; each file gets its own process and chain.
    pool: "forks",
    // Hardhat loads hardhat.config.ts through require(); ts-node makes that work inside vitest workers.
    execArgv: ["-r", "ts-node/register/transpile-only"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Coverage only: attach solidity-coverage's collector to each worker's in-process network.
    ...(coverageRun ? { setupFiles: ["test/helpers/coverage-collector.ts"] } : {}),
  },
});
