/**
 * The Hardhat config of `npm run coverage` (scripts/coverage.ts): the project's config with
 *  - its own artifact and cache directories (.coverage_artifacts, .coverage_cache), so the instrumented
 *    build never overwrites ./artifacts, which other test runs read at the same time;
 *  - the in-process network set up as solidity-coverage sets it up (instrumented contracts are larger
 *    than EIP-170 allows and use more gas);
 *  - when DPR_COVERAGE_SOURCES names a JSON file of instrumented sources, compilation swaps those in
 *    and turns the optimizer off (it would remove the instrumentation), as solidity-coverage's own
 *    `hardhat coverage` task does.
 *
 * It is selected with `--config` for the compilation and with the HARDHAT_CONFIG environment variable
 * in the vitest workers, so that `import hre from "hardhat"` builds `hre.artifacts` over the
 * instrumented artifacts from the start (Hardhat fixes the artifacts directory when it creates hre).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { subtask } from "hardhat/config";
import {
  TASK_COMPILE_SOLIDITY_GET_COMPILATION_JOB_FOR_FILE,
  TASK_COMPILE_SOLIDITY_GET_COMPILER_INPUT,
  TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS,
} from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/types";
import base from "../../hardhat.config";

const ROOT = resolve(__dirname, "../..");

/** Source name (e.g. `contracts/DatasetRegistry.sol`) -> instrumented source, or undefined outside a coverage build. */
const instrumented: Record<string, string> | undefined = process.env.DPR_COVERAGE_SOURCES
  ? (JSON.parse(readFileSync(process.env.DPR_COVERAGE_SOURCES, "utf8")) as Record<string, string>)
  : undefined;

if (instrumented) {
  subtask(TASK_COMPILE_SOLIDITY_GET_COMPILER_INPUT, async (_args, _hre, runSuper) => {
    const input = (await runSuper()) as { sources: Record<string, { content: string }> };
    for (const [sourceName, source] of Object.entries(input.sources)) {
      const replacement = instrumented[sourceName];
      if (replacement !== undefined) source.content = replacement;
    }
    return input;
  });

  subtask(TASK_COMPILE_SOLIDITY_GET_COMPILATION_JOB_FOR_FILE, async (_args, _hre, runSuper) => {
    const job = (await runSuper()) as { solidityConfig?: { settings?: Record<string, any> } } | string;
    if (typeof job === "object" && job.solidityConfig) {
      // A copy: the job's settings object is shared with hre.config.
      const settings = { ...(job.solidityConfig.settings ?? {}) };
      settings.optimizer = { ...(settings.optimizer ?? {}), enabled: false };
      settings.metadata = { ...(settings.metadata ?? {}), useLiteralContent: false };
      job.solidityConfig = { ...job.solidityConfig, settings };
    }
    return job;
  });

  // The injected coverage functions make solc warn about unused parameters: not the project's warnings.
  subtask(TASK_COMPILE_SOLIDITY_LOG_COMPILATION_ERRORS, async (_args, _hre, runSuper) => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      return await runSuper();
    } finally {
      console.warn = warn;
    }
  });
}

const config: HardhatUserConfig = {
  ...base,
  networks: {
    ...base.networks,
    hardhat: {
      ...base.networks?.hardhat,
      // As solidity-coverage's configureHardhatEVMGas (plugins/resources/nomiclabs.utils.js).
      allowUnlimitedContractSize: true,
      blockGasLimit: 0x1fffffffffffff,
      gas: 0xffffffffff,
      gasPrice: 1,
      initialBaseFeePerGas: 0,
    },
  },
  paths: {
    ...base.paths,
    root: ROOT,
    artifacts: ".coverage_artifacts",
    cache: ".coverage_cache",
  },
};

export default config;
