import { access } from "node:fs/promises";
import { type Command, Option } from "commander";
import { commandEnv, withStatus } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { parseAddress, parseUint } from "../io/parse.js";

interface DeployOptions {
  noticePeriod: string;
  hashAlgorithm: "sha256" | "sm3";
  zoneAdmin?: string;
  force?: boolean;
}

/** Seven days: a public notice period long enough for objections in production. */
const defaultNoticePeriod = String(7 * 24 * 60 * 60);
/** The dataset registry's bounds (MIN_NOTICE_PERIOD, MAX_NOTICE_PERIOD): 10 s to 365 days. */
const minNoticePeriod = 10;
const maxNoticePeriod = 365 * 24 * 60 * 60;

export function registerDeploy(program: Command): void {
  program
    .command("deploy")
    .summary("deploy the DPR contracts and write the deployment file")
    .description(
      "Deploys the four DPR contracts (participant directory, dataset registry, grant registry, batch anchor registry) with the signer's key. The signer becomes the zone admin unless --zone-admin names another account. The notice period (10 s to 365 days) and the hash algorithm of every registration are fixed for the deployment. Writes the deployment record (--deployment, default .dpr/deployment.json) that every other command reads.",
    )
    .option(
      "--notice-period <seconds>",
      `public notice period after confirmation, in seconds, from ${minNoticePeriod} (demos and tests) to ${maxNoticePeriod} (365 days)`,
      defaultNoticePeriod,
    )
    .addOption(
      new Option("--hash-algorithm <algorithm>", "the content-hash algorithm of every registration (sm3: the national standard)")
        .choices(["sha256", "sm3"])
        .default("sha256"),
    )
    .option("--zone-admin <address>", "the zone admin (owner of the participant directory); default: the signer")
    .option("--force", "overwrite an existing deployment file")
    .addHelpText(
      "after",
      `
With --json: {"chainId","contracts":{"directory","datasets","grants","anchors"},"deploymentBlock",
              "noticePeriod","hashAlgorithm","zoneAdmin","deployedAt","deploymentFile"}.

Examples:
  DPR_PRIVATE_KEY=0x… dpr deploy --notice-period 10
  dpr --keystore keys/admin.json deploy --hash-algorithm sm3
  dpr --keystore keys/admin.json --rpc https://chain.example.org deploy --zone-admin 0x…`,
    )
    .action(async (options: DeployOptions, command: Command) => {
      const env = await commandEnv(command);
      const noticePeriod = BigInt(parseUint(options.noticePeriod, "--notice-period", 2 ** 48));
      if (noticePeriod < minNoticePeriod || noticePeriod > maxNoticePeriod) {
        throw usageError(
          `--notice-period must be from ${minNoticePeriod} to ${maxNoticePeriod} seconds (365 days): "${options.noticePeriod}"`,
          "use 10 for demos and tests, and move the chain's clock rather than waiting",
        );
      }
      const hashAlgorithm = options.hashAlgorithm;
      const zoneAdmin = options.zoneAdmin === undefined ? undefined : await parseAddress(options.zoneAdmin, "--zone-admin");
      const file = env.globals.deployment;
      if (!options.force && (await access(file).then(() => true, () => false))) {
        throw usageError(`${file} already exists`, "pass --force to replace it, or --deployment FILE to write another one");
      }

      const { getAddress } = await import("viem");
      const { deployContracts } = await import("@dpr/sdk");
      const { loadAccount } = await import("../io/signer.js");
      const { publicClientFor, walletClientFor, chainFor } = await import("../io/context.js");
      const account = await loadAccount(env.globals);
      const probe = publicClientFor(env.globals.rpc);
      const chainId = await probe.getChainId();
      const chain = chainFor(chainId, env.globals.rpc);
      const publicClient = publicClientFor(env.globals.rpc, chain);
      const walletClient = walletClientFor(env.globals.rpc, account, chain);

      const deployed = await withStatus(env, "deploying the DPR contracts…", () =>
        deployContracts(walletClient, publicClient, { noticePeriod, hashAlgorithm, ...(zoneAdmin ? { zoneAdmin } : {}) }),
      );
      const deployment = {
        format: "dpr-deployment/1" as const,
        chainId: deployed.chainId,
        contracts: {
          directory: getAddress(deployed.contracts.directory),
          datasets: getAddress(deployed.contracts.datasets),
          grants: getAddress(deployed.contracts.grants),
          anchors: getAddress(deployed.contracts.anchors),
          forwarder: getAddress(deployed.contracts.forwarder),
        },
        deploymentBlock: deployed.deploymentBlock,
        noticePeriod,
        hashAlgorithm: deployed.hashAlgorithm,
        zoneAdmin: zoneAdmin ?? account.address,
        deployedAt: new Date().toISOString(),
      };
      const { writeDeploymentFile } = await import("@dpr/sdk/node");
      await writeDeploymentFile(file, deployment);
      env.out.result({ ...deployment, format: undefined, deploymentFile: file });
    });
}
