import { getAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deployContracts } from "../actions/deployContracts.js";
import { type Chain, startDpr } from "../reads/testkit.js";
import { checkDeployment } from "./checkDeployment.js";
import type { Deployment } from "./deployment.js";
import { DeploymentMismatchError } from "./errors.js";

let chain: Chain;
/** A second, independent deployment on the same node. */
let other: Deployment["contracts"];

beforeAll(async () => {
  chain = await startDpr(60n);
  ({ contracts: other } = await deployContracts(chain.wallet("holder"), chain.context.publicClient, { noticePeriod: 60n }));
}, 60_000);

afterAll(async () => {
  await chain?.node.stop();
});

const check = (deployment: Partial<Deployment>) => checkDeployment({ publicClient: chain.context.publicClient, deployment: { ...chain.deployment, ...deployment } });

describe("checkDeployment", () => {
  it("passes for the deployment the node serves", async () => {
    expect(await checkDeployment(chain.context)).toEqual({
      chainId: 31337,
      blockNumber: await chain.context.publicClient.getBlockNumber(),
      hashAlgorithm: "sha256",
    });
  });

  it("names a wrong chain", async () => {
    await expect(check({ chainId: 1 })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [DeploymentMismatchError: the node is chain 31337, but the deployment record is for chain 1
      Hint: the deployment record does not describe the contracts on this node: check --rpc and --deployment (a restarted development node forgets its contracts: run \`dpr deploy\` again)]
    `);
  });

  it("names each contract address without code", async () => {
    const nowhere = getAddress("0x000000000000000000000000000000000000dEaD");
    const error = await check({ contracts: { ...chain.deployment.contracts, grants: nowhere, anchors: nowhere } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentMismatchError);
    expect((error as DeploymentMismatchError).check).toBe("code");
    expect((error as Error).message).toMatchInlineSnapshot(`
      "no contract code on chain 31337 at the grant registry (0x000000000000000000000000000000000000dEaD), batch anchor registry (0x000000000000000000000000000000000000dEaD)
      Hint: the deployment record does not describe the contracts on this node: check --rpc and --deployment (a restarted development node forgets its contracts: run \`dpr deploy\` again)"
    `);
  });

  it("notices contracts of two deployments mixed in one record", async () => {
    const { contracts } = chain.deployment;
    await expect(check({ contracts: { ...contracts, directory: other.directory } })).rejects.toMatchObject({
      check: "wiring",
      details: [
        `the dataset registry's directory is ${getAddress(contracts.directory)}, the record says ${other.directory}`,
        `the grant registry's directory is ${getAddress(contracts.directory)}, the record says ${other.directory}`,
        `the batch anchor registry's directory is ${getAddress(contracts.directory)}, the record says ${other.directory}`,
      ].join("; "),
    });
    await expect(check({ contracts: { ...contracts, grants: other.grants } })).rejects.toMatchObject({ check: "wiring" });
  });

  it("notices a contract of another kind at a recorded address", async () => {
    const { contracts } = chain.deployment;
    // The anchor registry has no `grants()`/`datasets()`: a dataset registry recorded at its address fails the calls.
    await expect(check({ contracts: { ...contracts, datasets: contracts.anchors } })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [DeploymentMismatchError: the contract at the dataset registry address (0xdc64a140aa3e981100a9beca4e685f962f0cf6c9) is not a DPR dataset registry
      Hint: the deployment record does not describe the contracts on this node: check --rpc and --deployment (a restarted development node forgets its contracts: run \`dpr deploy\` again)]
    `);
  });

  it("notices a notice period that differs from the record's", async () => {
    await expect(check({ noticePeriod: 604_800n })).rejects.toThrowErrorMatchingInlineSnapshot(`
      [DeploymentMismatchError: the dataset registry's notice period is 60 s, but the deployment record says 604800 s
      Hint: the deployment record does not describe the contracts on this node: check --rpc and --deployment (a restarted development node forgets its contracts: run \`dpr deploy\` again)]
    `);
    expect(await checkDeployment({ ...chain.context, deployment: { ...chain.deployment, noticePeriod: 1n } }, { noticePeriod: false })).toMatchObject({
      chainId: 31337,
    });
  });

  it("notices a hash algorithm that differs from the record's, and reads it when the record has none", async () => {
    const error = await check({ hashAlgorithm: "sm3" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeploymentMismatchError);
    expect((error as DeploymentMismatchError).check).toBe("hashAlgorithm");
    expect((error as DeploymentMismatchError).shortMessage).toMatchInlineSnapshot(
      `"the dataset registry registers sha256 content hashes, but the deployment record says sm3"`,
    );
    const { hashAlgorithm: _recorded, ...older } = chain.deployment;
    expect(await checkDeployment({ publicClient: chain.context.publicClient, deployment: older })).toMatchObject({ hashAlgorithm: "sha256" });
  });
});
