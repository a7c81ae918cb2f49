import { describe, expect, it } from "vitest";
import type { Deployment } from "./deployment.js";
import { InvalidDeploymentError } from "./errors.js";
import { parseDeployment } from "./parseDeployment.js";
import { serializeDeployment } from "./serializeDeployment.js";

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
  deploymentBlock: 12_345_678_901_234_567_890n,
  noticePeriod: 604_800n,
  zoneAdmin: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  deployedAt: "2026-01-01T00:00:00.000Z",
};

const json = () => JSON.parse(serializeDeployment(deployment)) as Record<string, unknown>;

describe("deployment records", () => {
  it("writes pretty JSON with bigints as decimal strings, and reads it back unchanged", () => {
    const text = serializeDeployment(deployment);
    expect(text).toMatchInlineSnapshot(`
      "{
        "format": "dpr-deployment/1",
        "chainId": 31337,
        "contracts": {
          "directory": "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          "datasets": "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
          "grants": "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
          "anchors": "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
          "forwarder": "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9"
        },
        "deploymentBlock": "12345678901234567890",
        "noticePeriod": "604800",
        "zoneAdmin": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        "deployedAt": "2026-01-01T00:00:00.000Z"
      }
      "
    `);
    expect(parseDeployment(JSON.parse(text))).toEqual(deployment);
    expect(parseDeployment(text)).toEqual(deployment);
  });

  it("checksums lower-case addresses, accepts small numbers as JSON numbers, and ignores unknown fields", () => {
    const lower = json();
    lower.contracts = Object.fromEntries(Object.entries(deployment.contracts).map(([k, v]) => [k, v.toLowerCase()]));
    lower.noticePeriod = 0;
    lower.deploymentBlock = 7;
    lower.comment = "local node";
    expect(parseDeployment(lower)).toEqual({ ...deployment, noticePeriod: 0n, deploymentBlock: 7n });
  });

  it("keeps the hash algorithm when the record has one, reads records without it, and refuses an unknown one", () => {
    const sm3 = parseDeployment({ ...json(), hashAlgorithm: "sm3" });
    expect(sm3.hashAlgorithm).toBe("sm3");
    expect(JSON.parse(serializeDeployment(sm3))).toMatchObject({ hashAlgorithm: "sm3" });
    expect(parseDeployment(serializeDeployment(sm3))).toEqual(sm3);
    const older = parseDeployment(json());
    expect("hashAlgorithm" in older).toBe(false);
    expect(serializeDeployment(older)).not.toContain("hashAlgorithm");
    expect(() => parseDeployment({ ...json(), hashAlgorithm: "md5" })).toThrowErrorMatchingInlineSnapshot(`
      [InvalidDeploymentError: not a valid DPR deployment record
      Details: hashAlgorithm: expected one of sha256, sm3, keccak256, got "md5"
      Hint: write a new record with \`dpr deploy\`, or fix the fields named above]
    `);
  });

  it("refuses a document of another kind by its format tag", () => {
    expect(() => parseDeployment({ ...json(), format: "dpr-batch-manifest/1" })).toThrowErrorMatchingInlineSnapshot(`
      [InvalidDeploymentError: not a valid DPR deployment record
      Details: format: "dpr-batch-manifest/1", expected "dpr-deployment/1"
      Hint: write a new record with \`dpr deploy\`, or fix the fields named above]
    `);
    expect(() => parseDeployment({ chainId: 1 }, { source: "deploy.json" })).toThrowErrorMatchingInlineSnapshot(`
      [InvalidDeploymentError: deploy.json is not a valid DPR deployment record
      Details: format: missing (expected "dpr-deployment/1")
      Hint: write a new record with \`dpr deploy\`, or fix the fields named above]
    `);
    expect(() => parseDeployment([1, 2])).toThrowErrorMatchingInlineSnapshot(`
      [InvalidDeploymentError: not a valid DPR deployment record
      Details: expected a JSON object, got an array
      Hint: write a new record with \`dpr deploy\`, or fix the fields named above]
    `);
    expect(() => parseDeployment("{ not json")).toThrow(InvalidDeploymentError);
  });

  it("lists every missing or malformed field at once", () => {
    const bad = json();
    delete bad.zoneAdmin;
    delete bad.deployedAt;
    bad.chainId = "31337";
    bad.contracts = { ...(bad.contracts as object), datasets: "0x1234", anchors: deployment.contracts.anchors.replace("Cf7", "cf7") };
    bad.deploymentBlock = "-1";
    bad.noticePeriod = 1.5;
    let error: unknown;
    try {
      parseDeployment(bad, { source: ".dpr/deployment.json" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidDeploymentError);
    expect((error as InvalidDeploymentError).problems).toMatchInlineSnapshot(`
      [
        "chainId: expected a positive integer, got "31337"",
        "contracts.datasets: expected an address (0x and 40 hex digits, checksummed if mixed-case), got "0x1234"",
        "contracts.anchors: expected an address (0x and 40 hex digits, checksummed if mixed-case), got "0xcf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"",
        "deploymentBlock: expected a non-negative integer as a decimal string, got "-1"",
        "noticePeriod: expected a non-negative integer as a decimal string, got number 1.5",
        "zoneAdmin: missing",
        "deployedAt: missing",
      ]
    `);
    expect((error as Error).message.split("\n")[0]).toBe(".dpr/deployment.json is not a valid DPR deployment record");
  });

  it("requires the contracts object with all four addresses", () => {
    const bad = json();
    bad.contracts = { directory: deployment.contracts.directory };
    expect(() => parseDeployment(bad)).toThrowErrorMatchingInlineSnapshot(`
      [InvalidDeploymentError: not a valid DPR deployment record
      Details: contracts.datasets: missing; contracts.grants: missing; contracts.anchors: missing; contracts.forwarder: missing
      Hint: write a new record with \`dpr deploy\`, or fix the fields named above]
    `);
    expect(() => parseDeployment({ ...json(), contracts: "0x00" })).toThrow(/contracts: expected an object of addresses, got "0x00"/);
  });
  it("keeps the zone's governance when the record has it, reads records without it, and refuses a malformed one", () => {
    const governance = { safe: "0x2279B7A0a67DB372996a5FaB50D91eAA73d2eBe6" as const, timelock: "0x8A791620dd6260079BF849Dc5567aDC3F2FdC318" as const, minDelay: 172_800n };
    const text = serializeDeployment({ ...deployment, governance });
    expect(JSON.parse(text)).toMatchObject({ governance: { safe: governance.safe, timelock: governance.timelock, minDelay: "172800" } });
    expect(parseDeployment(text).governance).toEqual(governance);
    expect(parseDeployment(json()).governance).toBeUndefined();
    expect(() => parseDeployment({ ...json(), governance: { safe: "0x12", timelock: governance.timelock, minDelay: -1 } })).toThrow(InvalidDeploymentError);
    try {
      parseDeployment({ ...json(), governance: { safe: "0x12", timelock: governance.timelock, minDelay: -1 } });
    } catch (error) {
      expect((error as InvalidDeploymentError).message).toContain("governance.safe: expected an address");
      expect((error as InvalidDeploymentError).message).toContain("governance.minDelay: expected a non-negative integer");
    }
    expect(() => parseDeployment({ ...json(), governance: "timelock" })).toThrow(/governance: expected an object/);
  });
});
