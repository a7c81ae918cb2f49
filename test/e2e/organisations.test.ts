/**
 * Organisations hold, accounts act, through the dpr CLI on a Hardhat node and anvil. The onboarding office
 * designates the hospital's own key; the key adds an officer; the officer registers, and the hospital (its
 * first account's address) is the holder. The key then removes the hospital's first account, as after a
 * leaked key: that account can no longer grant, directly or through a request it signed before; the
 * officer grants on the same dataset, which never moved. A key cannot give a role its organisation lacks,
 * nor add officers to another organisation.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, groupMembers, portOpen, startChain, waitFor } from "@dpr/devnet";
import type { Address, Hex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DprRun, runDpr } from "../../packages/cli/src/testing/runDpr.js";

async function rpc(url: string, method: string, params: unknown[] = []): Promise<void> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await response.json()) as { error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
}

const ZONE_SECRET = `0x${"d2".repeat(32)}`;
const who = (index: number) => ({ key: devAccount(index).privateKey as Hex, address: devAccount(index).address as Address });
const admin = who(0);
/** The hospital's first account: it names the organisation. */
const founder = who(1);
/** The hospital's own key for its officers (no participant). */
const hospitalKey = who(2);
/** An officer the key adds. */
const officer = who(3);
const registrar = who(4);
const grantee = who(5);
/** Another organisation and its key. */
const otherFounder = who(6);
const otherKey = who(7);

describe.each(["hardhat", "anvil"] as const)("organisations and officers through the dpr CLI on %s", (kind) => {
  let node: DevChain;
  let dir: string;
  let datasetId: string;

  const dpr = (args: readonly string[], as?: { key: Hex }) =>
    runDpr(args, {
      cwd: dir,
      env: { DPR_RPC_URL: node.url, DPR_DEPLOYMENT: join(dir, "deployment.json"), DPR_ZONE_SECRET: ZONE_SECRET, DPR_PRIVATE_KEY: as?.key },
    });
  const ok = (run: DprRun) => {
    expect(run.code, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
    return run.json<Record<string, unknown>>();
  };
  const refused = (run: DprRun) => {
    expect(run.code, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(3);
    return run.stderr.split("\n")[0]!;
  };
  const grantArgs = (id: string) => ["grant", id, "--to", grantee.address, "--right", "processing-use", "--purpose", "12", "--purpose-text", "service planning", "--expires", "30d"];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `dpr-e2e-organisations-${kind}-`));
    node = await startChain({ kind });
    ok(await dpr(["deploy", "--notice-period", "10", "--json"], admin));
    const add = async (account: Address, role: string, legalId: string) =>
      ok(await dpr(["participant", "add", account, "--name", legalId, "--jurisdiction", "GZ", "--roles", role, "--legal-id", legalId, "--json"], admin));
    await add(founder.address, "HOLDER", "11440100HOSPITAL01");
    await add(registrar.address, "REGISTRAR", "91440101EXCHANGE01");
    await add(grantee.address, "HOLDER", "91440101COMPANY001");
    await add(otherFounder.address, "HOLDER", "91440101METRO00001");
  });

  afterAll(async () => {
    if (node) {
      await node.stop();
      expect(groupMembers(node.pgid)).toEqual([]);
      expect(await waitFor(async () => !(await portOpen(node.port)), 3_000), `port ${node.port} still answers`).toBe(true);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the onboarding office designates each organisation's key; only it may", async () => {
    const set = ok(await dpr(["participant", "set-key", founder.address, hospitalKey.address, "--json"], admin));
    expect(set).toMatchObject({ organisation: founder.address, key: hospitalKey.address, setBy: admin.address });
    ok(await dpr(["participant", "set-key", otherFounder.address, otherKey.address, "--json"], admin));
    // The hospital cannot name its own key: that is the zone's onboarding decision.
    expect(refused(await dpr(["participant", "set-key", founder.address, founder.address], founder))).toMatch(/does not hold the zone's onboarding office/);
    const shown = ok(await dpr(["participant", "show", founder.address, "--json"]));
    expect(shown).toMatchObject({ organisation: founder.address, organisationKey: hospitalKey.address, removed: false, active: true });
    const usage = await dpr(["participant", "set-key", founder.address], admin);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("needs a key address or --clear");
  });

  it("the key adds an officer within the organisation's roles; other keys and wider roles are refused", async () => {
    const added = ok(await dpr(["participant", "add-officer", founder.address, officer.address, "--roles", "HOLDER", "--json"], hospitalKey));
    expect(added).toMatchObject({ account: officer.address, organisation: founder.address, addedBy: hospitalKey.address, jurisdiction: "gz", roles: ["holder"] });
    expect(added).not.toHaveProperty("legalIdHash");
    const stranger = who(8).address;
    expect(refused(await dpr(["participant", "add-officer", founder.address, stranger, "--roles", "REGISTRAR"], hospitalKey))).toBe(
      "error: an organisation's key gives its officers only the organisation's roles (HOLDER), not REGISTRAR",
    );
    expect(refused(await dpr(["participant", "add-officer", founder.address, stranger, "--roles", "HOLDER"], otherKey))).toBe(
      `error: ${otherKey.address} is neither the onboarding office nor the designated key of organisation ${founder.address}`,
    );
    // Nothing was added by the refusals.
    expect((await dpr(["participant", "show", stranger])).code).toBe(2);
  });

  it("the officer registers for the hospital: the organisation is the holder", async () => {
    writeFileSync(join(dir, "beds.csv"), "ward,beds\nA,30\nB,24\n");
    const registered = ok(await dpr(["register", "beds.csv", "--sector", "health", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--json"], officer));
    datasetId = registered.datasetId as string;
    expect(registered.holder).toBe(founder.address);
    ok(await dpr(["confirm", datasetId, "--json"], registrar));
    await rpc(node.url, "evm_increaseTime", [11]);
    await rpc(node.url, "evm_mine");
    expect(ok(await dpr(["show", datasetId, "--json"]))).toMatchObject({ holder: founder.address, status: "confirmed" });
  });

  it("the key removes the first account (a leaked key): it can do nothing, the officer grants, nothing moved", async () => {
    // A request the first account signed while it could still act.
    ok(await dpr(["sign", "--out", "grant.json", "--json", "--", ...grantArgs(datasetId)], founder));
    const removed = ok(await dpr(["participant", "remove", founder.address, "--reason", "key leaked", "--json"], hospitalKey));
    expect(removed).toMatchObject({ account: founder.address, organisation: founder.address, removedBy: hospitalKey.address });
    // The record stays as the organisation's, marked removed.
    expect(ok(await dpr(["participant", "show", founder.address, "--json"]))).toMatchObject({ organisation: founder.address, removed: true, active: false });

    expect(refused(await dpr(grantArgs(datasetId), founder))).toMatch(/^error: /);
    const submitted = await dpr(["submit", "grant.json"], registrar);
    expect(submitted.code, submitted.stderr).toBe(3);
    expect(refused(await dpr(["participant", "add-officer", founder.address, who(9).address, "--roles", "HOLDER"], founder))).toMatch(/is neither the onboarding office nor the designated key/);

    const granted = ok(await dpr([...grantArgs(datasetId), "--json"], officer));
    expect(granted).toMatchObject({ grantee: grantee.address, grantor: officer.address });
    expect(ok(await dpr(["show", datasetId, "--json"]))).toMatchObject({ holder: founder.address, status: "confirmed" });
    // Another organisation's key cannot remove the hospital's officer.
    expect(refused(await dpr(["participant", "remove", officer.address, "--reason", "hostile"], otherKey))).toMatch(/is neither the onboarding office nor the designated key/);
  });
});
