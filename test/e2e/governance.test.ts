/**
 * The zone admin as a timelocked multisig, through the dpr CLI, on a Hardhat node and anvil: `dpr deploy`
 * with a 2-of-3 Safe and a 60 s timelock; a holder and a registrar are onboarded through
 * propose → approve → execute (schedules) → the delay → execute, and the registrar then confirms the
 * holder's dataset. No single owner can act alone: one signature, a direct call of the timelock or of the
 * directory, an early execution, a changed file, a stranger's signature and a replay are each refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, groupMembers, portOpen, startChain, waitFor } from "@dpr/devnet";
import { zoneTimelockAbi } from "@dpr/sdk";
import { type Address, type Hex, createPublicClient, encodeFunctionData, http, zeroHash } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DprRun, runDpr } from "../../packages/cli/src/testing/runDpr.js";

async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

const ZONE_SECRET = `0x${"d1".repeat(32)}`;
const DELAY = 60;
const person = (index: number) => ({ key: devAccount(index).privateKey as Hex, address: devAccount(index).address as Address });
const deployer = person(0);
const owners = [person(1), person(2), person(3)];
const registrar = person(4);
const holder = person(5);
const stranger = person(6);

describe.each(["hardhat", "anvil"] as const)("the zone admin as a 2-of-3 Safe behind a timelock, through the dpr CLI on %s", (kind) => {
  let node: DevChain;
  let dir: string;
  let timelock: Address;
  let safe: Address;
  let directory: Address;

  const dpr = (args: readonly string[], env: Record<string, string | undefined> = {}) =>
    runDpr(args, { cwd: dir, env: { DPR_RPC_URL: node.url, DPR_DEPLOYMENT: join(dir, "deployment.json"), DPR_ZONE_SECRET: ZONE_SECRET, ...env } });
  const as = (who: { key: Hex }) => ({ DPR_PRIVATE_KEY: who.key });
  const ok = (run: DprRun) => {
    expect(run.code, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
    return run.json<Record<string, unknown>>();
  };
  const nonceOf = (address: Address) => rpc<string>(node.url, "eth_getTransactionCount", [address, "latest"]);
  const pastTheDelay = async () => {
    await rpc(node.url, "evm_increaseTime", [DELAY + 1]);
    await rpc(node.url, "evm_mine");
  };
  const onboard = (account: Address, role: string, legalId: string) => ["participant", "add", account, "--metadata-uri", `https://example.org/${legalId}`, "--jurisdiction", "GZ", "--roles", role, "--legal-id", legalId];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `dpr-e2e-governance-${kind}-`));
    node = await startChain({ kind });
    const deployed = ok(
      await dpr(
        ["deploy", "--notice-period", "10", "--governance-owners", owners.map((o) => o.address).join(","), "--governance-threshold", "2", "--timelock-delay", `${DELAY}s`, "--json"],
        as(deployer),
      ),
    );
    const governance = deployed.governance as { safe: Address; timelock: Address; minDelay: string };
    expect(governance.minDelay).toBe(String(DELAY));
    expect(deployed.zoneAdmin).toBe(governance.timelock);
    ({ safe, timelock } = governance);
    directory = (deployed.contracts as { directory: Address }).directory;
  }, 120_000);

  afterAll(async () => {
    if (node) {
      await node.stop();
      expect(groupMembers(node.pgid)).toEqual([]);
      expect(await waitFor(async () => !(await portOpen(node.port)), 3_000), `port ${node.port} still answers`).toBe(true);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows the timelock as governance, holding every office, and the Safe's record", async () => {
    const listed = ok(await dpr(["office", "list", "--json"]));
    expect(listed).toMatchObject({ governance: timelock, multisig: safe, timelock, offices: { GOVERNANCE: [timelock], ONBOARDING: [timelock], PAUSE: [timelock] } });
  });

  it("onboards a holder and a registrar through propose, a second approval, schedule, the delay and execute; the registrar confirms", async () => {
    // With its attested name: the onboarding and the name are two calls, run as one timelock operation.
    const named = [...onboard(holder.address, "HOLDER", "11440100HOSPITAL01"), "--name", "Suicheng Hospital", "--name-zh", "穗城医院"];
    const proposed = ok(await dpr(["admin", "propose", "--out", "holder.json", "--json", "--", ...named], as(owners[0]!)));
    expect(proposed).toMatchObject({ file: "holder.json", safe, timelock, safeNonce: "0", delay: String(DELAY), signedBy: [owners[0]!.address] });
    expect(proposed.calls).toMatchObject([
      { action: "addParticipant", function: "addParticipant", to: directory, arguments: { account: holder.address } },
      { action: "addParticipant", function: "attestName", to: directory, arguments: { organisation: holder.address } },
    ]);
    // Proposing sent nothing: the holder is no participant yet.
    expect((await dpr(["participant", "show", holder.address])).code).toBe(2);

    // One owner alone cannot schedule it: refused by name, nothing sent.
    const executor = stranger;
    const before = await nonceOf(executor.address);
    const alone = await dpr(["admin", "execute", "holder.json"], as(executor));
    expect(alone.code, alone.stderr).toBe(3);
    expect(alone.stderr.split("\n")[0]).toBe(`error: the proposal has 1 of the 2 approvals the zone's Safe needs (signed by ${owners[0]!.address})`);
    expect(await nonceOf(executor.address)).toBe(before);

    const approved = ok(await dpr(["admin", "approve", "holder.json", "--json"], as(owners[2]!)));
    expect(approved).toMatchObject({ signedBy: [owners[0]!.address, owners[2]!.address], threshold: 2, stage: "collecting" });
    const scheduled = ok(await dpr(["admin", "execute", "holder.json", "--json"], as(executor)));
    expect(scheduled).toMatchObject({ stage: "scheduled" });

    // A second proposal, for the Safe's next nonce, while the first waits.
    ok(await dpr(["admin", "propose", "--out", "registrar.json", "--json", "--", ...onboard(registrar.address, "REGISTRAR", "91440101EXCHANGE01")], as(owners[1]!)));
    ok(await dpr(["admin", "approve", "registrar.json", "--json"], as(owners[0]!)));
    ok(await dpr(["admin", "execute", "registrar.json", "--json"], as(executor)));

    // Too early: refused with the time it will be ready.
    const early = await dpr(["admin", "execute", "holder.json"], as(executor));
    expect(early.code, early.stderr).toBe(3);
    expect(early.stderr.split("\n")[0]).toMatch(new RegExp(`^error: the timelock delay is not over: the proposal can run from ${scheduled.readyAt as string} \\(in \\d+ s\\)$`));
    expect(ok(await dpr(["admin", "status", "holder.json", "--json"]))).toMatchObject({ stage: "scheduled", readyAt: scheduled.readyAt });

    await pastTheDelay();
    expect(ok(await dpr(["admin", "status", "holder.json", "--json"]))).toMatchObject({ stage: "ready" });
    expect(ok(await dpr(["admin", "execute", "holder.json", "--json"], as(executor)))).toMatchObject({ stage: "executed" });
    expect(ok(await dpr(["admin", "execute", "registrar.json", "--json"], as(executor)))).toMatchObject({ stage: "executed" });
    expect(ok(await dpr(["admin", "status", "registrar.json", "--json"]))).toMatchObject({ stage: "done", readyAt: null });
    expect(ok(await dpr(["participant", "show", registrar.address, "--json"]))).toMatchObject({ roles: ["registrar"] });
    const hospital = ok(await dpr(["participant", "show", holder.address, "--json"]));
    expect(hospital).toMatchObject({ roles: ["holder"] });
    expect(JSON.parse(hospital.attestedName as string)).toEqual({ en: "Suicheng Hospital", "zh-CN": "穗城医院" });

    writeFileSync(join(dir, "wards.csv"), "ward,beds\nA,12\n");
    const registered = ok(await dpr(["register", "wards.csv", "--sector", "health", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--json"], as(holder)));
    const confirmed = ok(await dpr(["confirm", registered.datasetId as string, "--json"], as(registrar)));
    expect(confirmed).toMatchObject({ datasetId: registered.datasetId, registrar: registrar.address });
  });

  it("refuses an owner, or anyone, who calls the timelock or the directory directly", async () => {
    const direct = await dpr(onboard(stranger.address, "HOLDER", "STRANGER01"), as(owners[0]!));
    expect(direct.code, direct.stderr).toBe(3);
    expect(direct.stderr.split("\n")[0]).toBe(`error: ${owners[0]!.address} does not hold the zone's onboarding office`);
    const grant = await dpr(["office", "grant", "ONBOARDING", owners[0]!.address], as(owners[0]!));
    expect(grant.code, grant.stderr).toBe(3);
    expect(grant.stderr.split("\n")[0]).toMatch(new RegExp(`^error: ${owners[0]!.address} does not hold the zone's governance`));

    const publicClient = createPublicClient({ transport: http(node.url, { retryCount: 0 }) });
    const data = encodeFunctionData({ abi: zoneTimelockAbi, functionName: "updateDelay", args: [1n] });
    await expect(
      publicClient.simulateContract({ account: owners[0]!.address, address: timelock, abi: zoneTimelockAbi, functionName: "schedule", args: [timelock, 0n, data, zeroHash, zeroHash, BigInt(DELAY)] }),
    ).rejects.toThrow(/AccessControlUnauthorizedAccount/);
  });

  it("refuses a proposal changed after signing, a stranger's approval and a replay, before anything is sent", async () => {
    ok(await dpr(["admin", "propose", "--out", "grant.json", "--json", "--", "office", "grant", "PAUSE", owners[1]!.address], as(owners[1]!)));
    // A batch: the proposer adds a second call before anyone else signed; one Safe transaction schedules both.
    const batch = ok(await dpr(["admin", "propose", "--add-to", "grant.json", "--json", "--", "office", "grant", "DISCIPLINE", owners[1]!.address], as(owners[1]!)));
    expect(batch.calls).toMatchObject([{ function: "grantRole", arguments: { role: "PAUSE" } }, { function: "grantRole", arguments: { role: "DISCIPLINE" } }]);
    expect(batch.signedBy).toEqual([owners[1]!.address]);
    const document = JSON.parse(readFileSync(join(dir, "grant.json"), "utf8")) as { calls: { data: string }[] };
    // The rogue edit: the same call, for another account.
    const edited = { ...document, calls: [{ ...document.calls[0]!, data: document.calls[0]!.data.replace(owners[1]!.address.slice(2).toLowerCase(), stranger.address.slice(2).toLowerCase()) }] };
    expect(edited.calls[0]!.data).not.toBe(document.calls[0]!.data);
    writeFileSync(join(dir, "tampered.json"), JSON.stringify(edited));
    const before = await nonceOf(stranger.address);
    const tampered = await dpr(["admin", "execute", "tampered.json"], as(stranger));
    expect(tampered.code, tampered.stderr).toBe(2);
    expect(tampered.stderr.split("\n")[0]).toMatch(/^error: the proposal was changed after it was built: calls\[0\] reads grantRole/);
    expect(await nonceOf(stranger.address)).toBe(before);

    const foreign = await dpr(["admin", "approve", "grant.json"], as(stranger));
    expect(foreign.code, foreign.stderr).toBe(2);
    expect(foreign.stderr.split("\n")[0]).toBe(`error: ${stranger.address} is not an owner of the zone's Safe ${safe}`);

    ok(await dpr(["admin", "approve", "grant.json", "--json"], as(owners[2]!)));
    const late = await dpr(["admin", "propose", "--add-to", "grant.json", "--", "office", "grant", "MIGRATION", owners[1]!.address], as(owners[1]!));
    expect(late.code, late.stderr).toBe(2);
    expect(late.stderr.split("\n")[0]).toBe("error: grant.json was approved by other owners already: adding a call would void their signatures");

    const replay = await dpr(["admin", "execute", "holder.json"], as(stranger));
    expect(replay.code, replay.stderr).toBe(3);
    expect(replay.stderr.split("\n")[0]).toMatch(/^error: this proposal was executed already \(timelock operation 0x[0-9a-f]{64}\): it runs once$/);
    expect(await nonceOf(stranger.address)).toBe(before);
  });
});
