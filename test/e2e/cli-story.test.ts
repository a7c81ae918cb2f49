/**
 * Issue 3's story end to end, through the real `dpr` executable as a subprocess, on two node
 * implementations: a `hardhat node` and anvil (from the @foundry-rs/anvil npm package), both started by
 * @dpr/devnet in their own process group (a watchdog kills the group if the test process dies); afterAll
 * stops the node and checks that no process is left and the port is closed.
 *
 * deploy → onboard → register → a refusal and a second claim → confirm → object → dismissed, the notice
 * resuming → anchor 1,000 files → personal data and a de-identified derivative → an objection upheld by a
 * quorum of two organisations → a cross-border grant acknowledged by the regulator, then revoked → the
 * holder corrected after notice, which voids the grants issued before.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, groupMembers, portOpen, startChain, waitFor } from "@dpr/devnet";
import { type Address, type Hex, createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DprRun, runDpr } from "../../packages/cli/src/testing/runDpr.js";
import { grantRegistryAbi } from "../../packages/sdk/src/generated/abis.js";

/** The public notice period of the story's deployment, in chain seconds (moved past with evm_increaseTime). */
const NOTICE_SECONDS = 3600;
import { GrantStatus } from "../../packages/sdk/src/generated/enums.js";

async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

const actor = (index: number) => ({ key: devAccount(index).privateKey, address: devAccount(index).address as Address });
/** The zone secret that commits legal identities (test data). */
const ZONE_SECRET = `0x${"c1".repeat(32)}`;
const admin = actor(0);
const registrarA = actor(1);
const registrarB = actor(2);
const regulator = actor(3);
const holderGz = actor(4);
const holderHk = actor(5);
const regulator2 = actor(6);
const holderMetro = actor(7);
const stranger = actor(9);

describe.each(["hardhat", "anvil"] as const)("the issue 3 story through the dpr CLI on %s", (kind) => {
  let node: DevChain;
  let dir: string;
  const deploymentFile = () => join(dir, "deployment.json");
  /** The dpr executable, in the test folder, against this node, signing as `as` (if given). */
  const dpr = (args: readonly string[], as?: { key: Hex }) =>
    runDpr(args, { cwd: dir, env: { DPR_RPC_URL: node.url, DPR_DEPLOYMENT: deploymentFile(), DPR_PRIVATE_KEY: as?.key, DPR_ZONE_SECRET: ZONE_SECRET } });
  const ok = (run: DprRun) => {
    expect(run.code, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
    return run.json<Record<string, unknown>>();
  };
  const verify = async (file: string) => ok(await dpr(["verify", join(dir, file), "--json"]));
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const grantStatus = async (grantId: string) => {
    const client = createPublicClient({ transport: http(node.url) });
    const deployment = JSON.parse(readFileSync(deploymentFile(), "utf8")) as { contracts: { grants: Address } };
    const status = await client.readContract({ address: deployment.contracts.grants, abi: grantRegistryAbi, functionName: "grantStatus", args: [BigInt(grantId)] });
    return Object.entries(GrantStatus).find(([, value]) => value === status)?.[0];
  };

  let generalId: string;
  let personalId: string;
  let noticeEndsAt: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `dpr-e2e-story-${kind}-`));
    node = await startChain({ kind });
  });

  afterAll(async () => {
    if (node) {
      await node.stop();
      expect(groupMembers(node.pgid)).toEqual([]);
      expect(await waitFor(async () => !(await portOpen(node.port)), 3_000), `port ${node.port} still answers`).toBe(true);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("deploys with a one-hour notice period; the zone admin onboards two registrars, a regulator and holders in GZ and HK", async () => {
    const deployed = ok(await dpr(["deploy", "--notice-period", String(NOTICE_SECONDS), "--json"], admin));
    expect(deployed).toMatchObject({ chainId: 31337, noticePeriod: String(NOTICE_SECONDS), zoneAdmin: admin.address });

    const add = async (by: typeof admin, who: typeof admin, name: string, jurisdiction: string, role: string, legalId: string) => {
      const added = ok(await dpr(["participant", "add", who.address, "--name", name, "--jurisdiction", jurisdiction, "--roles", role, "--legal-id", legalId, "--json"], by));
      expect(added).toMatchObject({ account: who.address, addedBy: by.address, jurisdiction: jurisdiction.toLowerCase(), roles: [role.toLowerCase()] });
    };
    await add(admin, registrarA, "Guangzhou Data Exchange", "GZ", "REGISTRAR", "91440101MA5CYTEST1");
    // A registrar onboards nobody, not even a holder.
    const refused = await dpr(["participant", "add", holderGz.address, "--name", "GZ Transport Bureau", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "11440100MB2C12345X"], registrarA);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr.split("\n")[0]!.replace(registrarA.address, "REGISTRAR")).toMatchInlineSnapshot(`"error: REGISTRAR does not hold the zone's onboarding office"`);
    await add(admin, registrarB, "Shenzhen Data Exchange", "GZ", "REGISTRAR", "91440300MA5CYTEST2");
    await add(admin, regulator, "GZ Cyberspace Administration", "GZ", "REGULATOR", "11440100REGULATOR");
    await add(admin, holderGz, "GZ Transport Bureau", "GZ", "HOLDER", "11440100MB2C12345X");
    await add(admin, holderHk, "HK Clinic", "HK", "HOLDER", "HK-BR-12345678");
    await add(admin, regulator2, "GZ Market Regulation Administration", "GZ", "REGULATOR", "11440100MARKETREG");
    await add(admin, holderMetro, "GZ Metro", "GZ", "HOLDER", "91440101METRO0001");
  });

  it("refuses a registration in review with the reasons' hash; the content is then free, and the holder claims it again", async () => {
    const file = write("bus-stops.csv", "stop,lat,lon\nS1,23.1,113.3\n");
    const first = ok(await dpr(["register", file, "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--json"], holderGz));
    expect(first).toMatchObject({ claim: 1 });
    const reasons = write("refusal-2026-007.pdf", "%PDF-1.4 the stop list is incomplete\n");
    const refused = ok(await dpr(["refuse", first.datasetId as string, "--reason", reasons, "--json"], registrarB));
    expect(refused).toMatchObject({ datasetId: first.datasetId, registrar: registrarB.address, claim: 1 });
    expect(await verify("bus-stops.csv")).toMatchObject({ status: "refused", claim: 1 });
    const second = ok(await dpr(["register", file, "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--json"], holderGz));
    expect(second).toMatchObject({ datasetId: first.datasetId, claim: 2 });
    expect(await verify("bus-stops.csv")).toMatchObject({ status: "pending", claim: 2 });
  });

  it("registers a general file as the GZ holder: pending; a stranger may not confirm it (exit 3); a registrar's confirmation starts the notice", async () => {
    const file = write("traffic-2026-q1.csv", "road,hour,vehicles\nA1,08,1200\nA1,09,1350\n");
    const registered = ok(
      await dpr(["register", file, "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--json"], holderGz),
    );
    expect(registered).toMatchObject({ holder: holderGz.address, requiredConfirmations: 1, category: "public", grade: "general" });
    generalId = registered.datasetId as string;
    expect(generalId).toMatch(/^0x[0-9a-f]{64}$/);
    const [pending, refused] = await Promise.all([verify("traffic-2026-q1.csv"), dpr(["confirm", generalId], stranger)]);
    expect(pending).toMatchObject({ verified: true, datasetId: generalId, status: "pending", confirmations: 0 });
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stdout).toBe("");
    expect(refused.stderr.split("\n")[0]!.replace(stranger.address, "STRANGER")).toMatchInlineSnapshot(`"error: STRANGER is not an active registrar"`);

    const confirmed = ok(await dpr(["confirm", generalId, "--json"], registrarA));
    expect(confirmed).toMatchObject({ datasetId: generalId, registrar: registrarA.address, confirmations: 1, requiredConfirmations: 1, noticeEndsAt: expect.stringMatching(/^\d+$/) });
    expect(await verify("traffic-2026-q1.csv")).toMatchObject({ status: "notice", confirmations: 1 });
    noticeEndsAt = Number(confirmed.noticeEndsAt);
  });

  it("is disputed by the HK holder with evidence during the notice, its clock paused, and back in notice with the time it had left when the regulator dismisses the objection", async () => {
    const evidence = write("survey-contract.pdf", "%PDF-1.4 original survey contract\n");
    // The notice lasts an hour of chain time; the story never waits on the wall clock.
    const latest = await rpc<{ timestamp: Hex }>(node.url, "eth_getBlockByNumber", ["latest", false]);
    expect(Number(latest.timestamp)).toBeLessThan(noticeEndsAt - 1);
    const objected = ok(await dpr(["object", generalId, "--evidence", evidence, "--json"], holderHk));
    expect(objected).toMatchObject({ datasetId: generalId, objector: holderHk.address });
    expect(objected.evidenceHash).toMatch(/^0x[0-9a-f]{64}$/);
    const disputed = await verify("traffic-2026-q1.csv");
    expect(disputed).toMatchObject({ status: "disputed", noticeEndsAt: null, openObjectors: [holderHk.address] });
    const remaining = Number(disputed.noticeRemaining);
    expect(remaining).toBeGreaterThan(0);
    expect(remaining).toBeLessThanOrEqual(NOTICE_SECONDS);
    const shown = await dpr(["status", generalId]);
    // The whole hour is left when the objection was mined in the confirmation's second (anvil, under load).
    expect(shown.stdout).toMatch(remaining === NOTICE_SECONDS ? /^notice +paused: 1 h left$/m : /^notice +paused: \d+ min( \d+ s)? left$/m);

    // The confirming registrar's organisation is not independent: it may not decide.
    const decision = write("decision-2026-031.pdf", "%PDF-1.4 decision: objection dismissed\n");
    const byConfirmer = await dpr(["resolve", generalId, "--dismiss", "--decision", decision], registrarA);
    expect(byConfirmer.code, byConfirmer.stderr).toBe(3);
    expect(byConfirmer.stderr.split("\n")[0]!.replaceAll(registrarA.address, "REGISTRAR").replace(generalId, "ID")).toMatchInlineSnapshot(`"error: REGISTRAR may not decide on dataset ID: its organisation (REGISTRAR) is the holder's, an objector's, a confirmer's or the proposed holder's"`);
    const resolved = ok(await dpr(["resolve", generalId, "--dismiss", "--decision", decision, "--json"], regulator));
    expect(resolved).toMatchObject({ datasetId: generalId, resolver: regulator.address, upheld: false, decided: true, holder: holderGz.address, status: "notice" });
    const resumed = await verify("traffic-2026-q1.csv");
    expect(resumed).toMatchObject({ status: "notice", holder: holderGz.address, noticeRemaining: null, openObjectors: [] });
    const block = await rpc<{ timestamp: Hex }>(node.url, "eth_getBlockByNumber", [resolved.blockNumber === undefined ? "latest" : `0x${BigInt(resolved.blockNumber as string).toString(16)}`, false]);
    expect(Number(resumed.noticeEndsAt)).toBe(Number(block.timestamp) + remaining);
  });

  it("anchors a folder of 1,000 files in one transaction; a file in it verifies with its proof (exit 0), a modified copy does not (exit 1)", async () => {
    const folder = join(dir, "exports", "2026-q1");
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < 1000; i++) writeFileSync(join(folder, `${String(i).padStart(4, "0")}.csv`), `hour,vehicles\n${i % 24},${i * 7}\n`);
    const anchored = ok(await dpr(["anchor", folder, "--out", "proofs", "--json"], holderGz));
    expect(anchored).toMatchObject({ anchorer: holderGz.address, leafCount: 1000, proofsFile: "proofs" });
    expect(JSON.parse(readFileSync(join(dir, "proofs"), "utf8")).proofs).toHaveLength(1000);

    const modified = write("0421-modified.csv", `${readFileSync(join(folder, "0421.csv"), "utf8")}0,0\n`);
    const [inBatchRun, outside] = await Promise.all([
      dpr(["verify", join(folder, "0421.csv"), "--proof", join(dir, "proofs"), "--json"]),
      dpr(["verify", modified, "--proof", join(dir, "proofs"), "--json"]),
    ]);
    const inBatch = ok(inBatchRun);
    expect(inBatch).toMatchObject({ verified: true, path: "0421.csv", root: anchored.root, anchored: true, anchoredBy: holderGz.address, onChain: true, local: true });

    expect(outside.code, outside.stderr).toBe(1);
    expect(outside.json()).toMatchObject({ verified: false, reason: "not-in-proofs" });
  });

  it("registers personal data, which needs both registrars, and after its notice derives a de-identified dataset from it", async () => {
    const file = write("patients-2026.csv", "patient,age,diagnosis\nP1,34,J45\nP2,61,I10\n");
    const registered = ok(
      await dpr(["register", file, "--sector", "health", "--category", "personal", "--personal-data", "--grade", "general", "--jurisdiction", "GZ", "--json"], holderGz),
    );
    expect(registered).toMatchObject({ category: "personal", containsPersonalData: true, requiredConfirmations: 2 });
    personalId = registered.datasetId as string;

    expect(ok(await dpr(["confirm", personalId, "--json"], registrarA))).toMatchObject({ confirmations: 1, requiredConfirmations: 2, noticeEndsAt: null });
    expect(ok(await dpr(["confirm", personalId, "--json"], registrarB))).toMatchObject({ confirmations: 2, requiredConfirmations: 2, noticeEndsAt: expect.stringMatching(/^\d+$/) });
    expect(await verify("patients-2026.csv")).toMatchObject({ status: "notice", confirmations: 2 });

    // The notice ends: move the chain's clock past it rather than waiting.
    await rpc(node.url, "evm_increaseTime", [NOTICE_SECONDS + 1]);
    await rpc(node.url, "evm_mine");
    expect(await verify("patients-2026.csv")).toMatchObject({ status: "confirmed" });

    const deidentified = write("patients-2026-deid.csv", "age_band,diagnosis\n30-39,J45\n60-69,I10\n");
    const derived = ok(
      await dpr(
        ["register", deidentified, "--sector", "health", "--category", "enterprise", "--grade", "general", "--jurisdiction", "GZ", "--parent", `${personalId}:de-identification`, "--json"],
        holderGz,
      ),
    );
    // Declassified from a personal parent: still two registrars.
    expect(derived).toMatchObject({ containsPersonalData: false, declassified: true, requiredConfirmations: 2 });
    expect(JSON.stringify(derived.parents)).toContain(personalId);
    const derivedId = derived.datasetId as string;
    expect(ok(await dpr(["confirm", derivedId, "--json"], registrarA))).toMatchObject({ datasetId: derivedId, confirmations: 1, noticeEndsAt: null });
    expect(ok(await dpr(["confirm", derivedId, "--json"], registrarB))).toMatchObject({ datasetId: derivedId, confirmations: 2, noticeEndsAt: expect.stringMatching(/^\d+$/) });
    const shown = await verify("patients-2026-deid.csv");
    expect(shown).toMatchObject({ datasetId: derivedId, status: "notice" });
    expect(JSON.stringify(shown.parents)).toContain(personalId);
  });

  it("upholds an objection to important data only with the votes of two independent organisations: the registration is rejected", async () => {
    const file = write("hospital-beds.csv", "hospital,beds\nH1,1200\n");
    const registered = ok(await dpr(["register", file, "--sector", "health", "--category", "public", "--grade", "important", "--jurisdiction", "GZ", "--json"], holderGz));
    expect(registered).toMatchObject({ requiredConfirmations: 2 });
    const id = registered.datasetId as string;
    ok(await dpr(["confirm", id, "--json"], registrarA));
    ok(await dpr(["confirm", id, "--json"], registrarB));
    ok(await dpr(["object", id, "--evidence", write("beds-evidence.pdf", "%PDF-1.4 the census of beds was ours\n"), "--json"], holderHk));

    const decision = write("decision-2026-044.pdf", "%PDF-1.4 decision: objection upheld\n");
    const first = await dpr(["resolve", id, "--reject", "--decision", decision], regulator);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split("\n")[0]).toMatchInlineSnapshot(`"result           vote 1 of 2 recorded; waiting for a second independent organisation"`);
    expect(await verify("hospital-beds.csv")).toMatchObject({ status: "disputed", pendingDecision: { kind: "dispute", newHolder: null, votes: 1, required: 2 } });
    const second = ok(await dpr(["resolve", id, "--reject", "--decision", decision, "--json"], regulator2));
    expect(second).toMatchObject({ decided: true, votes: 2, required: 2, upheld: true, status: "rejected", previousHolder: holderGz.address });
    expect(await verify("hospital-beds.csv")).toMatchObject({ status: "rejected", pendingDecision: null });
  });

  it("grants the confirmed dataset across the border to the HK holder: awaiting the regulator, active once acknowledged, revoked by the holder", async () => {
    const contract = write("gba-contract.pdf", "%PDF-1.4 GBA standard contract GZ-HK\n");
    const filing = write("filing.pdf", "%PDF-1.4 filing 2026-GBA-0042\n");
    const granted = ok(
      await dpr(
        [
          "grant", generalId, "--to", holderHk.address, "--right", "processing-use", "--purpose", "120", "--purpose-text", "traffic model calibration",
          "--expires", "30d", "--mechanism", "gba-sc-hk", "--evidence", `contract=${contract}`, "--evidence", `filing=${filing}`, "--json",
        ],
        holderGz,
      ),
    );
    expect(granted).toMatchObject({
      datasetId: generalId,
      grantee: holderHk.address,
      grantor: holderGz.address,
      right: "processing-use",
      status: "awaiting-acknowledgement",
      crossBorder: true,
      needsAcknowledgement: true,
      mechanism: "gba-sc-hk",
    });
    const grantId = String(granted.grantId);
    // `--expires 30d` counts from the local clock (the chain's runs an hour ahead here, past the notice period).
    expect(Number(granted.expiresAt)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 30 * 86_400 - 120);
    expect(await grantStatus(grantId)).toBe("AWAITING_ACKNOWLEDGEMENT");

    const acknowledged = ok(await dpr(["acknowledge", grantId, "--note", "CAC filing 2026-GBA-0042", "--json"], regulator));
    expect(acknowledged).toMatchObject({ grantId, datasetId: generalId, regulator: regulator.address });
    expect(await grantStatus(grantId)).toBe("ACTIVE");
    const withGrant = await verify("traffic-2026-q1.csv");
    expect(withGrant.activeGrants).toEqual([expect.objectContaining({ grantee: holderHk.address, right: "processing-use" })]);
    // People read the purpose by its label in the zone's list, wherever the CLI shows the code.
    const purpose = "purpose 120 Transport and urban planning (public administration and services)";
    const shown = await dpr(["verify", join(dir, "traffic-2026-q1.csv")]);
    expect(shown.stdout).toContain(`#${grantId} processing-use to ${holderHk.address}, ${purpose}, until `);
    const history = await dpr(["history", generalId]);
    expect(history.stdout.split("\n").find((line) => line.includes("GrantIssued"))).toContain(`  ${purpose}`);

    const revoked = ok(await dpr(["revoke", grantId, "--note", "contract ended", "--json"], holderGz));
    expect(revoked).toMatchObject({ grantId, datasetId: generalId, revokedBy: holderGz.address });
    expect(await grantStatus(grantId)).toBe("REVOKED");
    expect(await verify("traffic-2026-q1.csv")).toMatchObject({ activeGrants: [] });
  });

  it("corrects the holder of the confirmed dataset after notice: a fresh notice starts, and grants issued before confer nothing", async () => {
    const decision = write("decision-2026-051.pdf", "%PDF-1.4 decision: the survey belongs to GZ Metro\n");
    const refused = await dpr(["correct", generalId, "--holder", holderMetro.address, "--decision", decision], registrarA);
    expect(refused.code, refused.stderr).toBe(3);
    const corrected = await dpr(["correct", generalId, "--holder", holderMetro.address, "--decision", decision], regulator);
    expect(corrected.code, corrected.stderr).toBe(0);
    expect(corrected.stdout.split("\n")[0]!.replace(holderMetro.address, "METRO")).toMatchInlineSnapshot(`"result                 decided: holder corrected to METRO; a fresh notice period runs, and grants issued before confer nothing"`);
    const after = await verify("traffic-2026-q1.csv");
    expect(after).toMatchObject({ status: "notice", holder: holderMetro.address, grantsValidFrom: "2", activeGrants: [] });
  });

  it("reports a file that was never registered as not verified (exit 1)", async () => {
    const run = await dpr(["verify", write("unregistered.csv", "nothing here\n"), "--json"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.json()).toMatchObject({ verified: false, status: "unregistered" });
  });
});
