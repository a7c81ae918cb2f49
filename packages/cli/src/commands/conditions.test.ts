/**
 * `dpr conditions` against a real chain: the holder tightens at once and only proposes a loosening; a registrar
 * confirms the proposal it reviewed, named by its digest, and nothing is sent when the holder swapped it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, startChain } from "@dpr/devnet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunOptions, runDpr } from "../testing/runDpr.js";

let node: DevChain;
let dir: string;
const admin = devAccount(0);
const registrar = devAccount(1);
const holder = devAccount(2);
const dpr = (args: readonly string[], key: `0x${string}`, options: RunOptions = {}) =>
  runDpr(args, { cwd: dir, ...options, env: { DPR_RPC_URL: node.url, DPR_ZONE_SECRET: `0x${"6b".repeat(32)}`, DPR_PRIVATE_KEY: key, ...options.env } });
const ok = async (args: readonly string[], key: `0x${string}`) => {
  const run = await dpr([...args, "--json"], key);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};

let datasetId: `0x${string}`;
const CONDITIONS = ["--openness", "conditional", "--rights", "processing-use", "--regions", "gba", "--purposes", "110,201", "--max-term-days", "365"];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dpr-conditions-"));
  node = await startChain({ kind: "anvil" });
  await ok(["deploy", "--notice-period", "10"], admin.privateKey);
  await ok(["participant", "add", registrar.address, "--name", "GZ Data Exchange", "--jurisdiction", "GZ", "--roles", "REGISTRAR", "--legal-id", "exchange"], admin.privateKey);
  await ok(["participant", "add", holder.address, "--name", "GZ Health", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "health"], admin.privateKey);
  writeFileSync(join(dir, "data.csv"), "a,b\n1,2\n");
  const registered = await ok(["register", join(dir, "data.csv"), "--sector", "health", "--category", "public", "--grade", "general", "--jurisdiction", "GZ"], holder.privateKey);
  datasetId = registered.datasetId as `0x${string}`;
}, 120_000);

afterAll(async () => {
  await node?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("dpr conditions", () => {
  it("shows undeclared conditions, then sets the first ones at once", async () => {
    expect(await ok(["conditions", "show", datasetId], holder.privateKey)).toMatchObject({
      conditions: { openness: "undeclared", rights: [], granteeRegions: null },
      proposed: null,
    });
    const set = await ok(["conditions", "set", datasetId, ...CONDITIONS], holder.privateKey);
    expect(set).toMatchObject({ outcome: "set", required: null });
    expect(await ok(["conditions", "show", datasetId], holder.privateKey)).toMatchObject({
      conditions: { openness: "conditional", rights: ["processing-use"], granteeRegions: "gba", purposeClasses: [100, 200], maxTermSeconds: 365 * 86_400 },
    });
  });

  it("refuses bad conditions with a clear error before sending anything", async () => {
    const missing = await dpr(["conditions", "set", datasetId, "--openness", "open"], holder.privateKey);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing --rights, --regions, --purposes");
    const badPurpose = await dpr(["conditions", "set", datasetId, ...CONDITIONS.slice(0, 6), "--purposes", "950"], holder.privateKey);
    expect(badPurpose.code).toBe(2);
    expect(badPurpose.stderr).toContain("purpose 950 is in no class of the zone's purpose list");
    const notHolder = await dpr(["conditions", "set", datasetId, ...CONDITIONS], registrar.privateKey);
    expect(notHolder.code).not.toBe(0);
    expect(notHolder.stderr).toContain("is not the holder of dataset");
  });

  it("only proposes a loosening; a registrar confirms the proposal it reviewed by its digest, never a swapped one", async () => {
    const looser = ["--openness", "conditional", "--rights", "processing-use,product-operation", "--regions", "gba", "--purposes", "110,201"];
    expect(await ok(["conditions", "set", datasetId, ...looser], holder.privateKey)).toMatchObject({ outcome: "proposed", required: 1 });
    const reviewed = await ok(["conditions", "show", datasetId], registrar.privateKey);
    const digest = (reviewed.proposed as { digest: string }).digest;
    expect(digest).toMatch(/^0x[0-9a-f]{16}$/);

    // The holder swaps the proposal for a much wider one after the review.
    await ok(["conditions", "set", datasetId, "--openness", "open", "--rights", "holding,processing-use,product-operation", "--regions", "anywhere", "--purposes", "100,200,300,400"], holder.privateKey);
    const refused = await dpr(["conditions", "confirm", datasetId, "--digest", digest], registrar.privateKey);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("the proposal now is not the one you reviewed");
    expect(await ok(["conditions", "show", datasetId], registrar.privateKey)).toMatchObject({ conditions: { openness: "conditional", maxTermSeconds: 365 * 86_400 } });

    const current = ((await ok(["conditions", "show", datasetId], registrar.privateKey)).proposed as { digest: string }).digest;
    const confirmed = await ok(["conditions", "confirm", datasetId, "--digest", current], registrar.privateKey);
    expect(confirmed).toMatchObject({ confirmations: 1, required: 1, inEffect: true });
    expect(await ok(["conditions", "show", datasetId], registrar.privateKey)).toMatchObject({
      conditions: { openness: "open", rights: ["holding", "processing-use", "product-operation"], granteeRegions: "anywhere", maxTermSeconds: null },
      proposed: null,
    });
    const shown = await ok(["show", datasetId], registrar.privateKey);
    expect(shown.borderConditions).toMatchObject({ openness: "open", granteeRegions: "anywhere" });
  });
});
