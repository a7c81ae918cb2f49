/**
 * Delegated signatures through the dpr CLI, on a Hardhat node and anvil: an officer whose key the node
 * never funded signs a registration with `dpr sign` (from a keystore), a relayer that is no participant
 * submits it with `dpr submit`, and the chain records the officer as the holder. A registrar signs a
 * confirmation with a raw unfunded key the same way. A request submitted twice, and one past its
 * deadline, are refused with a clear message and change nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, groupMembers, portOpen, startChain, waitFor } from "@dpr/devnet";
import type { Address, Hex } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DprRun, runDpr } from "../../packages/cli/src/testing/runDpr.js";

async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const body = (await response.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

const ZONE_SECRET = `0x${"d1".repeat(32)}`;
const PASSWORD = "correct horse battery staple";
const admin = { key: devAccount(0).privateKey as Hex, address: devAccount(0).address as Address };
/** The relayer: funded, and no participant of the zone. */
const relayer = { key: devAccount(9).privateKey as Hex, address: devAccount(9).address as Address };

describe.each(["hardhat", "anvil"] as const)("delegated signatures through the dpr CLI on %s", (kind) => {
  let node: DevChain;
  let dir: string;
  let officer: Address;
  /** A registrar's raw key that the node never funded. */
  const registrarKey = generatePrivateKey();
  const registrar = privateKeyToAccount(registrarKey).address;
  /** A regulator and an objecting holder of other organisations, also unfunded. */
  const regulatorKey = generatePrivateKey();
  const regulator = privateKeyToAccount(regulatorKey).address;
  const objectorKey = generatePrivateKey();
  const objector = privateKeyToAccount(objectorKey).address;
  /** A second registrar organisation (funded, confirms directly) and a grantee. */
  const registrar2 = { key: devAccount(2).privateKey as Hex, address: devAccount(2).address as Address };
  const grantee = devAccount(5).address as Address;
  let datasetId: string;

  const dpr = (args: readonly string[], env: Record<string, string | undefined> = {}) =>
    runDpr(args, { cwd: dir, env: { DPR_RPC_URL: node.url, DPR_DEPLOYMENT: join(dir, "deployment.json"), DPR_ZONE_SECRET: ZONE_SECRET, ...env } });
  const as = (who: { key: Hex }) => ({ DPR_PRIVATE_KEY: who.key });
  const asOfficer = { DPR_KEYSTORE: "officer.json", DPR_PASSWORD: PASSWORD };
  const ok = (run: DprRun) => {
    expect(run.code, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
    return run.json<Record<string, unknown>>();
  };
  const balance = async (address: Address) => BigInt(await rpc<string>(node.url, "eth_getBalance", [address, "latest"]));
  const registerArgs = (file: string) => ["register", file, "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", "GZ"];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `dpr-e2e-delegation-${kind}-`));
    node = await startChain({ kind });
    ok(await dpr(["deploy", "--notice-period", "60", "--json"], as(admin)));
    officer = ok(await dpr(["keystore", "create", "--out", "officer.json", "--json"], { DPR_PASSWORD: PASSWORD })).address as Address;
    const add = async (account: Address, role: string, legalId: string) =>
      ok(await dpr(["participant", "add", account, "--name", legalId, "--jurisdiction", "GZ", "--roles", role, "--legal-id", legalId, "--json"], as(admin)));
    await add(officer, "HOLDER", "11440100HOSPITAL01");
    await add(registrar, "REGISTRAR", "91440101EXCHANGE01");
    await add(registrar2.address, "REGISTRAR", "91440300EXCHANGE02");
    await add(regulator, "REGULATOR", "11440100CYBERSPACE");
    await add(objector, "HOLDER", "91440101METRO00001");
    await add(grantee, "HOLDER", "91440101COMPANY001");
  });

  afterAll(async () => {
    if (node) {
      await node.stop();
      expect(groupMembers(node.pgid)).toEqual([]);
      expect(await waitFor(async () => !(await portOpen(node.port)), 3_000), `port ${node.port} still answers`).toBe(true);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("an unfunded officer signs a registration off line; a relayer submits it; the officer is the holder", async () => {
    expect(await balance(officer)).toBe(0n);
    writeFileSync(join(dir, "bus-stops.csv"), "stop,lat,lon\nS1,23.1,113.3\n");
    const signed = ok(await dpr(["sign", "--out", "register.json", "--json", "--", ...registerArgs("bus-stops.csv")], asOfficer));
    expect(signed).toMatchObject({ file: "register.json", signer: officer, action: "registerDataset", contract: "datasets", function: "register", nonce: "0" });
    const document = JSON.parse(readFileSync(join(dir, "register.json"), "utf8")) as { format: string; request: { from: string } };
    expect(document).toMatchObject({ format: "dpr-signed-request/1", request: { from: officer } });
    // Signing sent nothing: the officer still has nothing, and nothing is registered.
    expect(await balance(officer)).toBe(0n);
    const before = await dpr(["verify", join(dir, "bus-stops.csv"), "--json"]);
    expect(before.code).toBe(1);

    // Anyone can look before paying.
    expect(ok(await dpr(["submit", "--check", "register.json", "--json"]))).toMatchObject({ valid: true, signer: officer, function: "register" });

    const submitted = ok(await dpr(["submit", "register.json", "--json"], as(relayer)));
    expect(submitted).toMatchObject({ event: "DatasetRegistered", holder: officer, signer: officer, submitter: relayer.address, action: "registerDataset" });
    datasetId = submitted.datasetId as string;
    expect(datasetId).toMatch(/^0x[0-9a-f]{64}$/);

    const shown = ok(await dpr(["show", datasetId, "--json"]));
    expect(shown).toMatchObject({ datasetId, holder: officer, status: "pending" });
    expect(await balance(officer)).toBe(0n);
  });

  it("a registrar signs a confirmation with a raw unfunded key; the key appears nowhere in the output", async () => {
    const human = await dpr(["sign", "--out", "confirm.json", "--", "confirm", datasetId], { DPR_PRIVATE_KEY: registrarKey });
    expect(human.code, human.stderr).toBe(0);
    // People see what they signed: the function, the dataset, the signer, and the file.
    expect(human.stdout).toContain("confirmDataset");
    expect(human.stdout).toContain(datasetId);
    expect(human.stdout).toContain("confirm.json");
    for (const text of [human.stdout, human.stderr]) expect(text.toLowerCase()).not.toContain(registrarKey.slice(2).toLowerCase());

    const submitted = ok(await dpr(["submit", "confirm.json", "--json"], as(relayer)));
    expect(submitted).toMatchObject({ event: "DatasetConfirmed", datasetId, registrar, signer: registrar });
    expect(await balance(registrar)).toBe(0n);
  });

  it("objects, grants, acknowledges and revokes through dpr sign and dpr submit, each as the officer who signed", async () => {
    /** Signs `command` with `env`'s key into `file`, submits it as the relayer, and returns what submit printed. */
    const delegate = async (file: string, env: Record<string, string>, command: string[]) => {
      ok(await dpr(["sign", "--out", file, "--json", "--", ...command], env));
      return ok(await dpr(["submit", file, "--json"], as(relayer)));
    };
    writeFileSync(join(dir, "timetable.csv"), "line,stop,time\n1,S1,07:00\n");
    writeFileSync(join(dir, "survey.pdf"), "%PDF-1.4 our survey of the stops\n");
    const timetable = await delegate("timetable.json", asOfficer, registerArgs("timetable.csv"));
    const objected = await delegate("object.json", { DPR_PRIVATE_KEY: objectorKey }, ["object", timetable.datasetId as string, "--evidence", "survey.pdf"]);
    expect(objected).toMatchObject({ event: "DatasetObjected", datasetId: timetable.datasetId, objector, signer: objector });

    // Personal data: two registrars confirm, and a grant to another organisation waits for a regulator.
    writeFileSync(join(dir, "patients.csv"), "id,diagnosis\n1,J45\n");
    const personal = await delegate("patients.json", asOfficer, ["register", "patients.csv", "--sector", "health", "--category", "personal", "--grade", "general", "--jurisdiction", "GZ"]);
    expect(personal).toMatchObject({ holder: officer, category: "personal" });
    const personalId = personal.datasetId as string;
    await delegate("confirm-patients.json", { DPR_PRIVATE_KEY: registrarKey }, ["confirm", personalId]);
    ok(await dpr(["confirm", personalId, "--json"], as(registrar2)));
    await rpc(node.url, "evm_increaseTime", [61]);
    await rpc(node.url, "evm_mine");

    writeFileSync(join(dir, "consents.txt"), "consent records root\n");
    const granted = await delegate("grant.json", asOfficer, [
      "grant", personalId, "--to", grantee, "--right", "processing-use", "--purpose", "12", "--purpose-text", "continuity of care",
      "--expires", "30d", "--evidence", "consent-records=consents.txt",
    ]);
    expect(granted).toMatchObject({ event: "GrantIssued", datasetId: personalId, grantee, grantor: officer, signer: officer });
    const grantId = granted.grantId as string;
    const acknowledged = await delegate("acknowledge.json", { DPR_PRIVATE_KEY: regulatorKey }, ["acknowledge", grantId, "--note", "filing 2026-0042"]);
    expect(acknowledged).toMatchObject({ event: "GrantAcknowledged", grantId, regulator, signer: regulator });
    const revoked = await delegate("revoke.json", asOfficer, ["revoke", grantId, "--note", "study ended"]);
    expect(revoked).toMatchObject({ event: "GrantRevoked", grantId, revokedBy: officer, signer: officer });
    for (const account of [officer, registrar, regulator, objector]) expect(await balance(account)).toBe(0n);
  });

  it("refuses the same request a second time, clearly, and sends nothing", async () => {
    const nonce = await rpc<string>(node.url, "eth_getTransactionCount", [relayer.address, "latest"]);
    const again = await dpr(["submit", "register.json"], as(relayer));
    expect(again.code, again.stderr).toBe(3);
    expect(again.stderr.split("\n")[0]!.replace(officer, "OFFICER")).toMatchInlineSnapshot(`"error: the request (nonce 0 of OFFICER) was used already: a request is submitted once"`);
    expect(await rpc<string>(node.url, "eth_getTransactionCount", [relayer.address, "latest"])).toBe(nonce);
  });

  it("refuses an expired request, clearly", async () => {
    writeFileSync(join(dir, "late.csv"), "late\n");
    ok(await dpr(["sign", "--out", "late.json", "--deadline", "10min", "--json", "--", ...registerArgs("late.csv")], asOfficer));
    await rpc(node.url, "evm_increaseTime", [3600]);
    await rpc(node.url, "evm_mine");
    const late = await dpr(["submit", "late.json"], as(relayer));
    expect(late.code, late.stderr).toBe(3);
    expect(late.stderr.split("\n")[0]).toMatch(/^error: the request expired at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(the chain's time is \S+\)$/);
    expect(late.stderr).toContain("ask the signer for a new request with a later deadline");
    const check = await dpr(["verify", join(dir, "late.csv"), "--json"]);
    expect(check.code).toBe(1);
  });

  it("refuses bad input before anything is signed: a malformed request file, an existing --out, a past deadline", async () => {
    writeFileSync(join(dir, "broken.json"), JSON.stringify({ format: "dpr-signed-request/1", chainId: 31337 }));
    const broken = await dpr(["submit", "broken.json"], as(relayer));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain("the signed request is not a valid dpr-signed-request/1 document");
    expect(broken.stderr).toContain("forwarder: missing");

    writeFileSync(join(dir, "again.csv"), "again\n");
    const exists = await dpr(["sign", "--out", "register.json", "--", ...registerArgs("again.csv")], asOfficer);
    expect(exists.code).toBe(2);
    expect(exists.stderr.split("\n")[0]).toBe("error: cannot write the signed request to register.json: the file exists");

    const past = await dpr(["sign", "--deadline", "2020-01-01", "--", ...registerArgs("again.csv")], asOfficer);
    expect(past.code).toBe(2);
    expect(past.stderr.split("\n")[0]).toBe("error: --deadline is in the past: 2020-01-01T00:00:00Z");
  });
});
