import { readFile } from "node:fs/promises";
import { type Deployment, DeploymentMismatchError, DeploymentNotFoundError, DprError, checkDeployment } from "@dpr/sdk";
import { readDeploymentFile } from "@dpr/sdk/node";
import { type Chain, type PublicClient, type Transport, isAddressEqual } from "viem";
import type { DemoRecord } from "./seed.js";

export type SeededDemo =
  | { seeded: true; deployment: Deployment; record: DemoRecord }
  | {
      seeded: false;
      /** Why the chain needs seeding, in words (for output). */
      reason: string;
    };

/**
 * Whether the chain behind `publicClient` still holds the demo recorded in `demoFile` for the deployment
 * in `deploymentFile`: the same chain, the contracts' code, the deployment block and the last seeded
 * block with the hashes recorded at seeding. A chain that restarted empty, lost the end of its state,
 * or is another chain altogether fails one of these, and the demo is seeded again.
 */
export async function findSeededDemo(parameters: {
  publicClient: PublicClient<Transport, Chain | undefined>;
  deploymentFile: string;
  demoFile: string;
}): Promise<SeededDemo> {
  const { publicClient, deploymentFile, demoFile } = parameters;
  let deployment: Deployment;
  try {
    deployment = await readDeploymentFile(deploymentFile);
  } catch (error) {
    if (error instanceof DeploymentNotFoundError) return { seeded: false, reason: "no deployment yet" };
    if (error instanceof DprError) return { seeded: false, reason: `the deployment record is unusable (${error.shortMessage})` };
    throw error;
  }
  let record: DemoRecord;
  try {
    record = JSON.parse(await readFile(demoFile, "utf8")) as DemoRecord;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { seeded: false, reason: code === "ENOENT" ? "the demo was never seeded on this deployment" : `the demo record is unreadable (${(error as Error).message})` };
  }
  if (
    record.format !== "dpr-demo/2" ||
    record.chainId !== deployment.chainId ||
    record.deploymentBlock !== deployment.deploymentBlock.toString() ||
    (Object.keys(deployment.contracts) as (keyof Deployment["contracts"])[]).some(
      (name) => typeof record.contracts?.[name] !== "string" || !isAddressEqual(record.contracts[name], deployment.contracts[name]),
    )
  ) {
    return { seeded: false, reason: "the demo record belongs to another deployment" };
  }
  try {
    await checkDeployment({ publicClient, deployment });
  } catch (error) {
    if (error instanceof DeploymentMismatchError) {
      return { seeded: false, reason: `the chain does not hold the recorded deployment (${error.shortMessage})` };
    }
    throw error;
  }
  for (const [what, number, hash] of [
    ["deployment", record.deploymentBlock, record.deploymentBlockHash],
    ["last seeded", record.seededBlock, record.seededBlockHash],
  ] as const) {
    const block = await publicClient.getBlock({ blockNumber: BigInt(number) }).catch(() => null);
    if (block?.hash !== hash) return { seeded: false, reason: `the chain's ${what} block ${number} is not the one recorded` };
  }
  return { seeded: true, deployment, record };
}
