import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Deployment } from "../deployments/deployment.js";
import { DeploymentNotFoundError, InvalidDeploymentError } from "../deployments/errors.js";
import { serializeDeployment } from "../deployments/serializeDeployment.js";
import { readDeploymentFile, resolveDeploymentPath, writeDeploymentFile } from "./deploymentFile.js";
import { FileReadError } from "./hashFile.js";

const dir = mkdtempSync(join(tmpdir(), "dpr-deployment-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const deployment: Deployment = {
  format: "dpr-deployment/1",
  chainId: 31337,
  contracts: {
    directory: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    datasets: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
    grants: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
    anchors: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
    forwarder: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
  },
  deploymentBlock: 1n,
  noticePeriod: 0n,
  zoneAdmin: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  deployedAt: "2026-01-01T00:00:00.000Z",
};

/** An error's message with the temporary folder replaced, for stable snapshots. */
async function messageOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => {
      throw new Error("expected an error");
    },
    (e: unknown) => e as Error,
  );
  return `${error.name}: ${error.message.replaceAll(dir, "<dir>")}`;
}

describe("deployment files", () => {
  it("writes a record into a new folder and reads it back", async () => {
    const path = join(dir, "round-trip", ".dpr", "deployment.json");
    expect(await writeDeploymentFile(path, deployment)).toBe(path);
    expect(readFileSync(path, "utf8")).toBe(serializeDeployment(deployment));
    expect(await readDeploymentFile(path)).toEqual(deployment);
    // Overwriting leaves no temporary file behind.
    await writeDeploymentFile(path, { ...deployment, chainId: 1 });
    expect((await readDeploymentFile(path)).chainId).toBe(1);
    expect(readdirSync(join(dir, "round-trip", ".dpr"))).toEqual(["deployment.json"]);
  });

  it("says how to create a record when there is none", async () => {
    await expect(readDeploymentFile(".dpr-missing/deployment.json")).rejects.toBeInstanceOf(DeploymentNotFoundError);
    await expect(readDeploymentFile(".dpr-missing/deployment.json")).rejects.toThrowErrorMatchingInlineSnapshot(`
      [DeploymentNotFoundError: no DPR deployment record at .dpr-missing/deployment.json
      Hint: deploy the contracts with \`dpr deploy\` (it writes .dpr/deployment.json), or point to an existing record with --deployment FILE or DPR_DEPLOYMENT=FILE]
    `);
  });

  it("refuses a file that is not JSON, or not a deployment record", async () => {
    const notJson = join(dir, "not-json.json");
    writeFileSync(notJson, "{ chainId: 31337 ");
    await expect(readDeploymentFile(notJson)).rejects.toBeInstanceOf(InvalidDeploymentError);
    // The parser's own words differ between Node versions; the rest of the message is ours.
    const message = (await messageOf(readDeploymentFile(notJson))).replace(/not JSON \(.*\)/, "not JSON (…)");
    expect(message).toMatchInlineSnapshot(`
      "InvalidDeploymentError: <dir>/not-json.json is not a valid DPR deployment record
      Details: not JSON (…)
      Hint: write a new record with \`dpr deploy\`, or fix the fields named above"
    `);

    const truncated = join(dir, "truncated.json");
    const { zoneAdmin: _, ...rest } = JSON.parse(serializeDeployment(deployment)) as Record<string, unknown>;
    writeFileSync(truncated, JSON.stringify({ ...rest, contracts: { ...(rest.contracts as object), grants: "0xnope" } }));
    expect(await messageOf(readDeploymentFile(truncated))).toMatchInlineSnapshot(`
      "InvalidDeploymentError: <dir>/truncated.json is not a valid DPR deployment record
      Details: contracts.grants: expected an address (0x and 40 hex digits, checksummed if mixed-case), got "0xnope"; zoneAdmin: missing
      Hint: write a new record with \`dpr deploy\`, or fix the fields named above"
    `);
  });

  it("says when the path is a folder", async () => {
    mkdirSync(join(dir, "folder.json"));
    await expect(readDeploymentFile(join(dir, "folder.json"))).rejects.toBeInstanceOf(FileReadError);
    expect(await messageOf(readDeploymentFile(join(dir, "folder.json")))).toMatchInlineSnapshot(`"FileReadError: cannot read <dir>/folder.json: it is a folder, not a file"`);
  });

  it("finds the record from --deployment, then DPR_DEPLOYMENT, then .dpr/deployment.json", () => {
    expect(resolveDeploymentPath({ flag: "chain/a.json", env: "chain/b.json", cwd: "/work" })).toBe("/work/chain/a.json");
    expect(resolveDeploymentPath({ env: "chain/b.json", cwd: "/work" })).toBe("/work/chain/b.json");
    expect(resolveDeploymentPath({ flag: "", env: "/abs/c.json", cwd: "/work" })).toBe("/abs/c.json");
    expect(resolveDeploymentPath({ env: "", cwd: "/work" })).toBe("/work/.dpr/deployment.json");
  });

  it("reads DPR_DEPLOYMENT from the environment when no value is passed", () => {
    const saved = process.env.DPR_DEPLOYMENT;
    try {
      process.env.DPR_DEPLOYMENT = "from-env.json";
      expect(resolveDeploymentPath({ cwd: "/work" })).toBe("/work/from-env.json");
      delete process.env.DPR_DEPLOYMENT;
      expect(resolveDeploymentPath({ cwd: "/work" })).toBe("/work/.dpr/deployment.json");
    } finally {
      if (saved === undefined) delete process.env.DPR_DEPLOYMENT;
      else process.env.DPR_DEPLOYMENT = saved;
    }
  });
});
