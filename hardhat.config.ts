import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/types";
import "solidity-coverage";

/**
 * The one compiler DPR is built with. It comes from the `solc` npm package (pinned in package.json),
 * never from the internet: the subtask below hands Hardhat the package's `soljson.js`, so
 * `npx hardhat compile` works on a machine whose only network is the npm registry.
 * 0.8.30 is the newest release Hardhat 2.29 fully supports (its stack traces cover `<=0.8.30`).
 */
const SOLC_VERSION = "0.8.30";

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper(args);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  const longVersion = solc.version().replace(/\.Emscripten\.clang$/, "");
  if (!longVersion.startsWith(`${SOLC_VERSION}+`)) {
    throw new Error(`the solc npm package is ${longVersion}, but hardhat.config.ts pins ${SOLC_VERSION}: reinstall with npm ci`);
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion,
  };
});

const RUNS_DATASET_REGISTRY = 200;

const config: HardhatUserConfig = {
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        settings: {
          optimizer: { enabled: true, runs: 10_000 },
          // Cancun: OpenZeppelin 5.7 uses MCOPY, so nothing older compiles; and nothing newer is needed,
          // which keeps the bytecode deployable on consortium chains (Besu QBFT, FISCO BCOS EVM, ChainMaker)
          // that trail Ethereum mainnet's forks.
          evmVersion: "cancun",
        },
      },
    ],
    overrides: {
      // The dataset registry's rules outgrow EIP-170's 24 KiB at 10,000 runs, and with ERC-2771's sender
      // (delegated requests) also at 1,000; fewer runs inline less, at a few hundred gas per call (docs/gas.md).
      "contracts/DatasetRegistry.sol": {
        version: SOLC_VERSION,
        settings: { optimizer: { enabled: true, runs: RUNS_DATASET_REGISTRY }, evmVersion: "cancun" },
      },
    },
  },
  networks: {
    hardhat: {
      // Run the in-process network at the fork we compile for, so gas figures match a Cancun chain.
      hardfork: "cancun",
      accounts: { count: 12 },
    },
  },
  paths: {
    sources: "./contracts",
    tests: "./test",
    cache: "./cache",
    artifacts: "./artifacts",
  },
};

export default config;
