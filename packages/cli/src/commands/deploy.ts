import { access } from "node:fs/promises";
import type { Command } from "commander";
import { commandEnv, withStatus } from "../io/env.js";
import { usageError } from "../io/errors.js";
import { parseAddress, parseUint } from "../io/parse.js";

interface DeployOptions {
  noticePeriod: string;
  zoneAdmin?: string;
  force?: boolean;
}

/** Seven days: a public notice period long enough for objections in production. */
const defaultNoticePeriod = String(7 * 24 * 60 * 60);

export function registerDeploy(program: Command): void {
  program
    .command("deploy")
    .summary("deploy the DPR contracts and write the deployment file")
    .description(
      "Deploys the four DPR contracts (participant directory, dataset registry, grant registry, batch anchor registry) with the signer's key. The signer becomes the zone admin unless --zone-admin names another account. Writes the deployment record (--deployment, default .dpr/deployment.json) that every other command reads.",
    )
    .option("--notice-period <seconds>", "public notice period after confirmation, in seconds (0 for demos and tests)", defaultNoticePeriod)
    .option("--zone-admin <address>", "the zone admin (owner of the participant directory); default: the signer")
    .option("--force", "overwrite an existing deployment file")
    .addHelpText(
      "after",
      `
With --json: {"chainId","contracts":{"directory","datasets","grants","anchors"},"deploymentBlock",
              "noticePeriod","zoneAdmin","deployedAt","deploymentFile"}.

Examples:
  DPR_PRIVATE_KEY=0x… dpr deploy --notice-period 0
  dpr --keystore keys/admin.json --rpc https://chain.example.org deploy --zone-admin 0x…`,
    )
    .action(async (options: DeployOptions, command: Command) => {
      const env = await commandEnv(command);
      const noticePeriod = BigInt(parseUint(options.noticePeriod, "--notice-period", 2 ** 48));
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
        deployContracts(walletClient, publicClient, { noticePeriod, ...(zoneAdmin ? { zoneAdmin } : {}) }),
      );
      const deployment = {
        format: "dpr-deployment/1" as const,
        chainId: deployed.chainId,
        contracts: {
          directory: getAddress(deployed.contracts.directory),
          datasets: getAddress(deployed.contracts.datasets),
          grants: getAddress(deployed.contracts.grants),
          anchors: getAddress(deployed.contracts.anchors),
        },
        deploymentBlock: deployed.deploymentBlock,
        noticePeriod,
        zoneAdmin: zoneAdmin ?? account.address,
        deployedAt: new Date().toISOString(),
      };
      const { writeDeploymentFile } = await import("@dpr/sdk/node");
      await writeDeploymentFile(file, deployment);
      env.out.result({ ...deployment, format: undefined, deploymentFile: file });
    });
}
