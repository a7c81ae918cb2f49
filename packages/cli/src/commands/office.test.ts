/**
 * `dpr office`, `dpr zone`, `dpr participant remove` and the refusals of `dpr admin` on a zone whose admin is
 * one key (no multisig), against a real anvil node: the plain write commands that `dpr admin propose` wraps.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, startChain } from "@dpr/devnet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDpr } from "../testing/runDpr.js";

let node: DevChain;
let dir: string;
const admin = devAccount(0);
const securityDesk = devAccount(1);
const officer = devAccount(2);
const dpr = (args: readonly string[], key: string = admin.privateKey) =>
  runDpr(args, { cwd: dir, env: { DPR_RPC_URL: node.url, DPR_ZONE_SECRET: `0x${"6b".repeat(32)}`, DPR_PRIVATE_KEY: key } });
const ok = async (args: readonly string[], key?: string) => {
  const run = await dpr([...args, "--json"], key);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Record<string, unknown>;
};
const nonce = async (address: string) => (await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getTransactionCount", params: [address, "latest"] }) }).then((r) => r.json()) as { result: string }).result;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dpr-office-"));
  node = await startChain({ kind: "anvil" });
  await ok(["deploy", "--notice-period", "10"]);
}, 60_000);

afterAll(async () => {
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("offices and the zone's emergency powers", () => {
  it("grants the PAUSE office to a security desk, which pauses and unpauses; the admin lists who holds what", async () => {
    expect(await ok(["office", "grant", "pause", securityDesk.address])).toMatchObject({ office: "PAUSE", account: securityDesk.address, changed: true });
    expect(await ok(["office", "list"])).toMatchObject({ governance: admin.address, offices: { PAUSE: [admin.address, securityDesk.address] }, multisig: null });
    const paused = await ok(["zone", "pause", "12h", "--reason", "registrar key leaked"], securityDesk.privateKey);
    expect(paused).toMatchObject({ pausedBy: securityDesk.address });
    expect(await ok(["zone", "unpause", "--reason", "key rotated"], securityDesk.privateKey)).toMatchObject({ unpausedBy: securityDesk.address });
    expect(await ok(["office", "revoke", "PAUSE", securityDesk.address])).toMatchObject({ changed: true });
    const refused = await dpr(["zone", "pause", "1h", "--reason", "again"], securityDesk.privateKey);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr.split("\n")[0]).toBe(`error: ${securityDesk.address} does not hold the zone's pause office`);
  });

  it("removes an officer; its organisation stays", async () => {
    const founder = devAccount(3);
    const add = (account: string) =>
      ok(["participant", "add", account, "--metadata-uri", "https://example.org/o", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "OFFICER-ORG-1"]);
    await add(founder.address);
    await add(officer.address);
    expect(await ok(["participant", "remove", officer.address, "--reason", "left the organisation"])).toMatchObject({
      account: officer.address,
      organisation: founder.address,
      removedBy: admin.address,
    });
    expect((await dpr(["participant", "show", officer.address])).code).toBe(2);
    // The organisation is named by its first account, whose record stands; removing that account only marks it.
    expect(await ok(["participant", "show", founder.address])).toMatchObject({ organisation: founder.address, removed: false, active: true });
    await ok(["participant", "remove", founder.address, "--reason", "founding key leaked"]);
    expect(await ok(["participant", "show", founder.address])).toMatchObject({ organisation: founder.address, removed: true, active: false });
  });

  it("refuses bad input before anything is sent", async () => {
    const before = await nonce(admin.address);
    const unknown = await dpr(["office", "grant", "TREASURY", securityDesk.address]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe('error: unknown office: "TREASURY"');
    const governance = await dpr(["office", "grant", "governance", securityDesk.address]);
    expect(governance.stderr).toContain("governance itself moves in two steps");
    const long = await dpr(["zone", "pause", "4d", "--reason", "x"]);
    expect(long.code).toBe(2);
    expect(long.stderr.split("\n")[0]).toBe('error: a pause lasts from 1 s to 3 days, got "4d"');
    const noGovernance = await dpr(["admin", "propose", "--", "office", "grant", "PAUSE", securityDesk.address]);
    expect(noGovernance.code).toBe(2);
    expect(noGovernance.stderr.split("\n")[0]).toBe("error: this deployment has no multisig and timelock");
    const flags = await dpr(["deploy", "--force", "--notice-period", "10", "--governance-owners", `${admin.address},${securityDesk.address}`]);
    expect(flags.code).toBe(2);
    expect(flags.stderr.split("\n")[0]).toBe("error: --governance-owners needs --governance-threshold and --timelock-delay");
    expect(await nonce(admin.address)).toBe(before);
  });
});
