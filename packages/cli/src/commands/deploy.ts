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
  governanceOwners?: string;
  governanceThreshold?: string;
  timelockDelay?: string;
  onboarding?: string;
  discipline?: string;
  pause?: string;
  migration?: string;
}

/** A duration in seconds: a number, or 90s, 30min, 12h, 2d. */
function parseDuration(value: string, what: string): bigint {
  const match = /^(\d+)\s*(s|min|h|d)?$/i.exec(value.trim());
  if (!match) throw usageError(`${what} is not a duration: "${value}"`, "give seconds, or e.g. 90s, 30min, 12h, 2d");
  return BigInt(match[1]!) * BigInt({ s: 1, min: 60, h: 3600, d: 86_400 }[(match[2] ?? "s").toLowerCase() as "s"]);
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
      "Deploys the DPR contracts (request forwarder, participant directory, dataset registry, grant registry, batch anchor registry) with the signer's key. The signer becomes the zone admin unless --zone-admin names another account. The notice period (10 s to 365 days) and the hash algorithm of every registration are fixed for the deployment. Writes the deployment record (--deployment, default .dpr/deployment.json) that every other command reads.",
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
    .option("--governance-owners <addresses>", "comma-separated owners of a new Safe multisig that, through a new timelock, becomes the zone admin")
    .option("--governance-threshold <n>", "how many owners must sign an admin proposal (at least 2; with --governance-owners)")
    .option("--timelock-delay <duration>", "the timelock's minimum delay (with --governance-owners): seconds or 90s, 30min, 12h, 2d; under 3 days, at least 2 days in production")
    .option("--onboarding <address>", "who holds the ONBOARDING office (default: the zone admin)")
    .option("--discipline <address>", "who holds the DISCIPLINE office (default: the zone admin)")
    .option("--pause <address>", "who holds the PAUSE office (default: the zone admin)")
    .option("--migration <address>", "who holds the MIGRATION office (default: the zone admin)")
    .option("--force", "overwrite an existing deployment file")
    .addHelpText(
      "after",
      `
With --json: {"chainId","contracts":{"directory","datasets","grants","anchors"},"deploymentBlock",
              "noticePeriod","hashAlgorithm","zoneAdmin","deployedAt","deploymentFile"}.

Examples:
  DPR_PRIVATE_KEY=0x… dpr deploy --notice-period 10
  dpr --keystore keys/admin.json deploy --hash-algorithm sm3
  dpr --keystore keys/admin.json --rpc https://chain.example.org deploy --zone-admin 0x…
  dpr --keystore keys/deployer.json deploy --governance-owners 0xA…,0xB…,0xC… --governance-threshold 2 \\
      --timelock-delay 2d --pause 0xP…

With --governance-owners, the record gains "governance":{"safe","timelock","minDelay"} and the zone admin
is the timelock: admin calls then go through dpr admin propose / approve / execute (docs/governance.md).`,
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
      let zoneAdmin = options.zoneAdmin === undefined ? undefined : await parseAddress(options.zoneAdmin, "--zone-admin");
      const offices = {
        onboarding: options.onboarding === undefined ? undefined : await parseAddress(options.onboarding, "--onboarding"),
        discipline: options.discipline === undefined ? undefined : await parseAddress(options.discipline, "--discipline"),
        pause: options.pause === undefined ? undefined : await parseAddress(options.pause, "--pause"),
        migration: options.migration === undefined ? undefined : await parseAddress(options.migration, "--migration"),
      };
      let governanceRequest: { owners: `0x${string}`[]; threshold: number; minDelay: bigint } | undefined;
      if (options.governanceOwners !== undefined) {
        if (zoneAdmin) throw usageError("--zone-admin and --governance-owners exclude each other", "with --governance-owners the new timelock is the zone admin");
        if (options.governanceThreshold === undefined || options.timelockDelay === undefined) {
          throw usageError("--governance-owners needs --governance-threshold and --timelock-delay");
        }
        const owners: `0x${string}`[] = [];
        for (const owner of options.governanceOwners.split(",").map((o) => o.trim()).filter((o) => o !== "")) owners.push(await parseAddress(owner, "--governance-owners"));
        governanceRequest = {
          owners,
          threshold: parseUint(options.governanceThreshold, "--governance-threshold", 100),
          minDelay: parseDuration(options.timelockDelay, "--timelock-delay"),
        };
      } else if (options.governanceThreshold !== undefined || options.timelockDelay !== undefined) {
        throw usageError("--governance-threshold and --timelock-delay need --governance-owners");
      }
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

      let governance: { safe: `0x${string}`; timelock: `0x${string}`; minDelay: bigint } | undefined;
      if (governanceRequest) {
        const request = governanceRequest;
        const { deployGovernance } = await import("@dpr/sdk");
        const deployedGovernance = await withStatus(env, "deploying the zone's multisig and timelock…", () => deployGovernance(walletClient, publicClient, request));
        governance = { safe: deployedGovernance.safe, timelock: deployedGovernance.timelock, minDelay: deployedGovernance.minDelay };
        zoneAdmin = governance.timelock;
      }
      const deployed = await withStatus(env, "deploying the DPR contracts…", () =>
        deployContracts(walletClient, publicClient, { noticePeriod, hashAlgorithm, offices, ...(zoneAdmin ? { zoneAdmin } : {}) }),
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
        ...(governance ? { governance } : {}),
        deployedAt: new Date().toISOString(),
      };
      const { writeDeploymentFile } = await import("@dpr/sdk/node");
      await writeDeploymentFile(file, deployment);
      env.out.result({ ...deployment, format: undefined, deploymentFile: file });
    });
}
