/**
 * `dpr` against a real chain: a `hardhat node` on a free port, driven as a zone admin, a registrar and a
 * data holder would. Commands that sign run the executable as a subprocess (keys come from its
 * environment); reads that need no key also run in-process, which is the same program without the
 * seconds a subprocess costs.
 */
import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, groupMembers, startChain } from "@dpr/devnet";
import { createPublicClient, http } from "viem";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunOptions, runDpr } from "./testing/runDpr.js";
import { runInProcess } from "./testing/runInProcess.js";

let node: DevChain;
let dir: string;
/** The zone secret that commits legal identities, given to every run (it must never show), and the one it rotates to. */
const zoneSecret = `0x${"6b".repeat(32)}`;
const rotatedSecret = `0x${"d4".repeat(40)}`;
const commitment = (secret: string, identifier: string) =>
  `0x${createHmac("sha256", Buffer.from(secret.slice(2), "hex")).update(identifier).digest("hex")}`;
/** Runs the dpr executable in the test folder against the node. */
const dpr = (args: readonly string[], options: RunOptions = {}) =>
  runDpr(args, { cwd: dir, ...options, env: { DPR_RPC_URL: node.url, DPR_ZONE_SECRET: zoneSecret, ...options.env } });
/** Runs the dpr program in-process against the node (no key: reads only). */
const dprHere = (args: readonly string[]) => runInProcess([...args, "--rpc", node.url, "--deployment", join(dir, ".dpr", "deployment.json")]);
const json = <T = Record<string, unknown>>(run: { stdout: string }) => JSON.parse(run.stdout) as T;

const admin = { key: devAccount(0).privateKey, address: devAccount(0).address };
const registrar = { key: devAccount(1).privateKey, address: devAccount(1).address };
const holder = { key: devAccount(2).privateKey, address: devAccount(2).address };
const stranger = { key: devAccount(3).privateKey, address: devAccount(3).address };
const adminKeystore = () => join(dir, "keys", "admin.json");
/** The deployment's notice period: the shortest allowed; the tests move the chain's clock past it. */
const NOTICE = 10;
/** Moves the node's clock past the notice period and mines a block. */
async function afterNotice(seconds = NOTICE + 1): Promise<void> {
  for (const [method, params] of [["evm_increaseTime", [seconds]], ["evm_mine", []]] as const) {
    await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dpr-cli-chain-"));
  node = await startChain({ kind: "hardhat" });
});

afterAll(async () => {
  const pgid = node?.pgid;
  await node?.stop();
  if (pgid !== undefined) expect(groupMembers(pgid)).toEqual([]);
  rmSync(dir, { recursive: true, force: true });
});

describe("dpr deploy", () => {
  it("deploys the contracts and writes a deployment file that points at them", async () => {
    const run = await dpr(["deploy", "--notice-period", String(NOTICE), "--json"], { env: { DPR_PRIVATE_KEY: admin.key } });
    expect(run.code, run.stderr).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, ".dpr", "deployment.json"), "utf8")) as Record<string, unknown> & {
      contracts: Record<string, `0x${string}`>;
    };
    expect(written).toMatchObject({ format: "dpr-deployment/1", chainId: 31337, noticePeriod: String(NOTICE), hashAlgorithm: "sha256", zoneAdmin: admin.address });
    expect(run.json()).toMatchObject({ chainId: 31337, contracts: written.contracts, deploymentFile: ".dpr/deployment.json" });
    const client = createPublicClient({ transport: http(node.url) });
    for (const address of Object.values(written.contracts)) expect((await client.getCode({ address }))?.length).toBeGreaterThan(2);
  });

  it("refuses a notice period outside 10 s to 365 days before loading a key or sending anything", async () => {
    const runs = await Promise.all(["0", "9", "31536001"].map((period) => runInProcess(["deploy", "--notice-period", period, "--deployment", join(dir, "never.json")])));
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs[0]!.stderr).toMatchInlineSnapshot(`
      "error: --notice-period must be from 10 to 31536000 seconds (365 days): "0"
      hint: use 10 for demos and tests, and move the chain's clock rather than waiting
      "
    `);
  });

  it("deploys an SM3 zone: hash and register follow the deployment's algorithm, and another is refused", async () => {
    const sm3 = join(dir, "sm3-deployment.json");
    const deployed = await dpr(["deploy", "--deployment", sm3, "--notice-period", "10", "--hash-algorithm", "sm3", "--json"], { env: { DPR_PRIVATE_KEY: admin.key } });
    expect(deployed.code, deployed.stderr).toBe(0);
    expect(deployed.json()).toMatchObject({ hashAlgorithm: "sm3", noticePeriod: "10" });
    expect(JSON.parse(readFileSync(sm3, "utf8"))).toMatchObject({ hashAlgorithm: "sm3" });

    writeFileSync(join(dir, "sm3.txt"), "abc");
    const hashed = await runInProcess(["hash", join(dir, "sm3.txt"), "--deployment", sm3, "--json"]);
    // The SM3 test vector of GB/T 32905-2016: "abc".
    expect(json(hashed)).toMatchObject({ algorithm: "sm3", contentHash: "0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0" });
    const mismatch = await runInProcess(["register", join(dir, "sm3.txt"), "--sector", "other", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--alg", "sha256", "--deployment", sm3, "--rpc", node.url]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatchInlineSnapshot(`
      "error: --alg sha256 does not match the deployment: it registers sm3 content hashes
      hint: leave --alg out to use sm3, or point --deployment at a deployment of sha256
      "
    `);
  });

  it("refuses to overwrite an existing deployment file without --force", async () => {
    const file = join(dir, ".dpr", "deployment.json");
    const before = readFileSync(file, "utf8");
    const run = await runInProcess(["deploy", "--deployment", file]);
    expect(run.code).toBe(2);
    expect(run.stderr.replace(file, "FILE")).toMatchInlineSnapshot(`
      "error: FILE already exists
      hint: pass --force to replace it, or --deployment FILE to write another one
      "
    `);
    expect(readFileSync(file, "utf8")).toBe(before);
  });
});

describe("keystores and participants", () => {
  it("refuses a wrong keystore password (exit 2) before touching the chain", async () => {
    // A keystore of the zone admin's key, made here with a light scrypt so the suite stays fast
    // (`dpr keystore create` itself, at full strength, is tested in cli.test.ts).
    const { Wallet, encryptKeystoreJson } = await import("ethers");
    const wallet = new Wallet(admin.key);
    mkdirSync(join(dir, "keys"), { recursive: true });
    writeFileSync(
      adminKeystore(),
      await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, "s3cret", { scrypt: { N: 1 << 10 } }),
    );

    const wrong = await dpr(["--keystore", adminKeystore(), "participant", "add", registrar.address, "--name", "X", "--jurisdiction", "GZ", "--roles", "REGISTRAR", "--legal-id", "X"], {
      env: { DPR_PASSWORD: "guess" },
    });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`error: wrong password for keystore ${adminKeystore()}\n`);
  });

  it("onboards a registrar, signing with the keystore unlocked by DPR_PASSWORD, and a holder, and shows them", async () => {
    const added = await dpr(
      ["--keystore", adminKeystore(), "participant", "add", registrar.address, "--name", "Guangzhou Data Exchange", "--jurisdiction", "GZ", "--roles", "REGISTRAR", "--legal-id", "91440101MA5CYTEST1", "--json"],
      { env: { DPR_PASSWORD: "s3cret" } },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.json()).toMatchObject({
      account: registrar.address,
      addedBy: admin.address,
      organisation: registrar.address,
      jurisdiction: "gz",
      roles: ["registrar"],
      legalIdHash: commitment(zoneSecret, "91440101MA5CYTEST1"),
    });
    expect(added.json().metadataURI).toBe(`data:application/json;charset=utf-8,${encodeURIComponent('{"name":"Guangzhou Data Exchange"}')}`);
    // --name is also attested, in a second transaction.
    expect(added.json().attestation).toMatchObject({ name: "Guangzhou Data Exchange" });
    expect(BigInt(added.json<{ attestation: { blockNumber: string } }>().attestation.blockNumber)).toBeGreaterThan(BigInt(added.json().blockNumber as string));

    // The secret from a file this time (the file wins over DPR_ZONE_SECRET); the identifier as people type it.
    writeFileSync(join(dir, "keys", "zone-secret.hex"), `${zoneSecret.slice(2)}\n`, { mode: 0o600 });
    const holderAdded = await dpr(
      ["participant", "add", holder.address, "--name", "GZ Transport Bureau", "--jurisdiction", "gz", "--roles", "holder", "--legal-id", "1144-0100-mb2c-12345x", "--zone-secret-file", join(dir, "keys", "zone-secret.hex"), "--json"],
      { env: { DPR_PRIVATE_KEY: admin.key, DPR_ZONE_SECRET: rotatedSecret } },
    );
    expect(holderAdded.code, holderAdded.stderr).toBe(0);
    expect(holderAdded.json().legalIdHash).toBe(commitment(zoneSecret, "11440100MB2C12345X"));
  });

  it("onboards a Hong Kong holder, prints the result as text, and shows it", async () => {
    const holderAdded = await dpr(
      ["participant", "add", stranger.address, "--name", "HK Clinic", "--jurisdiction", "HK", "--roles", "HOLDER", "--legal-id", "HK-BR-12345678"],
      { env: { DPR_PRIVATE_KEY: admin.key } },
    );
    expect(holderAdded.code, holderAdded.stderr).toBe(0);
    expect(holderAdded.stdout).toMatch(/^account +0x/m);
    expect(holderAdded.stdout).toMatch(/^tx hash +0x[0-9a-f]{64}$/m);

    const shown = await dprHere(["participant", "show", stranger.address, "--json"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(json(shown)).toMatchObject({ address: stranger.address, jurisdiction: "hk", roles: ["holder"], suspended: false, active: true });
  });

  it("exits 3 with the contract's rule when a registrar onboards a holder, and sends nothing", async () => {
    const client = createPublicClient({ transport: http(node.url) });
    const nonce = await client.getTransactionCount({ address: registrar.address });
    const newcomer = devAccount(9).address;
    const run = await dpr(["participant", "add", newcomer, "--name", "X", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "91440101MA5CYTEST1"], {
      env: { DPR_PRIVATE_KEY: registrar.key },
    });
    expect(run.code).toBe(3);
    expect(run.stderr.split("\n").slice(0, 1)).toEqual([`error: ${registrar.address} does not hold the zone's onboarding office`]);
    expect(run.stderr).toContain("hint: only the onboarding office onboards participants and adds accounts to organisations; registrars do not");
    expect(await client.getTransactionCount({ address: registrar.address })).toBe(nonce);
    expect((await dprHere(["participant", "show", newcomer])).code).toBe(2);
  });

  it("re-commits an organisation's legal identity under a rotated secret, as the zone admin only", async () => {
    const byRegistrar = await dpr(["participant", "rotate-identity", registrar.address, "--legal-id", "91440101MA5CYTEST1"], {
      env: { DPR_PRIVATE_KEY: registrar.key, DPR_ZONE_SECRET: rotatedSecret },
    });
    expect(byRegistrar.code).toBe(3);
    expect(byRegistrar.stderr.split("\n")[0]).toBe(`error: ${registrar.address} does not hold the zone's onboarding office`);

    const run = await dpr(["participant", "rotate-identity", registrar.address, "--legal-id", "91440101MA5CYTEST1", "--json"], {
      env: { DPR_PRIVATE_KEY: admin.key, DPR_ZONE_SECRET: rotatedSecret },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({
      organisation: registrar.address,
      previousLegalIdHash: commitment(zoneSecret, "91440101MA5CYTEST1"),
      legalIdHash: commitment(rotatedSecret, "91440101MA5CYTEST1"),
    });

    // Another organisation's commitment is refused by name.
    const taken = await dpr(["participant", "rotate-identity", holder.address, "--legal-id", "91440101MA5CYTEST1"], {
      env: { DPR_PRIVATE_KEY: admin.key, DPR_ZONE_SECRET: rotatedSecret },
    });
    expect(taken.code).toBe(3);
    expect(taken.stderr.split("\n")[0]).toBe(
      `error: legal identity ${commitment(rotatedSecret, "91440101MA5CYTEST1")} already names the organisation of ${registrar.address}`,
    );
  });
});

describe("attested organisation names", () => {
  const exchange = { en: "Suicheng Data Exchange (fictional)", "zh-CN": "穗城数据交易所（虚构）" };

  it("attests a bilingual name as the zone admin only, and refuses bad names before loading a key", async () => {
    const own = await dpr(["participant", "attest-name", registrar.address, "--name", exchange.en, "--name-zh", exchange["zh-CN"]], {
      env: { DPR_PRIVATE_KEY: registrar.key },
    });
    expect(own.code).toBe(3);
    expect(own.stderr.split("\n")[0]).toBe(`error: ${registrar.address} does not hold the zone's onboarding office`);
    expect(own.stderr).toContain("hint: only the onboarding office attests an organisation's name; a participant changes only its self-declared profile\n");

    const run = await dpr(["participant", "attest-name", registrar.address, "--name", exchange.en, "--name-zh", exchange["zh-CN"], "--json"], {
      env: { DPR_PRIVATE_KEY: admin.key },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ organisation: registrar.address, attestedBy: admin.address, name: JSON.stringify(exchange) });

    // Not an organisation: the contract's rule, nothing sent.
    const unknown = await dpr(["participant", "attest-name", devAccount(9).address, "--name", "Nobody"], { env: { DPR_PRIVATE_KEY: admin.key } });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr.split("\n")[0]).toBe(`error: ${devAccount(9).address} is not an organisation`);

    const runs = await Promise.all([
      runInProcess(["participant", "attest-name", registrar.address, "--name", "two\nlines"]),
      runInProcess(["participant", "attest-name", registrar.address, "--name", "x".repeat(257)]),
      runInProcess(["participant", "add", devAccount(9).address, "--name-zh", "穗城", "--metadata-uri", "ipfs://x", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "X"]),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs.map((r) => r.stderr.split("\n")[0])).toEqual([
      "error: the organisation's name contains the control character U+000A",
      "error: the organisation's name takes 257 bytes; at most 256 fit in the directory",
      "error: participant add: --name-zh needs --name (the English name)",
    ]);
  });

  it("refuses --name for an account joining an existing organisation, which keeps its name", async () => {
    const run = await dpr(
      ["participant", "add", devAccount(9).address, "--name", "Guangzhou Municipal Government", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "91440101MA5CYTEST1"],
      { env: { DPR_PRIVATE_KEY: admin.key, DPR_ZONE_SECRET: rotatedSecret } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(
      `error: ${devAccount(9).address} joins the organisation of ${registrar.address}, which keeps its name: an attested name is for a new organisation`,
    );
    expect((await dprHere(["participant", "show", devAccount(9).address])).code).toBe(2);
  });

  it("shows the attested name and, apart, the name a participant declares for itself", async () => {
    // The registrar renames itself in its own profile: allowed, and changes nothing attested.
    const { createWalletClient } = await import("viem");
    const { privateKeyToAccount } = await import("viem/accounts");
    const { participantDirectoryAbi } = await import("@dpr/sdk");
    const deployment = JSON.parse(readFileSync(join(dir, ".dpr", "deployment.json"), "utf8")) as { contracts: { directory: `0x${string}` } };
    const wallet = createWalletClient({ account: privateKeyToAccount(registrar.key), transport: http(node.url) });
    const profile = `data:application/json,${encodeURIComponent(JSON.stringify({ name: "Guangzhou Municipal Government" }))}`;
    const hash = await wallet.writeContract({ address: deployment.contracts.directory, abi: participantDirectoryAbi, functionName: "setMetadataURI", args: [registrar.address, profile], chain: null });
    await createPublicClient({ transport: http(node.url) }).waitForTransactionReceipt({ hash });

    const shown = await dprHere(["participant", "show", registrar.address, "--json"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(json(shown)).toMatchObject({
      address: registrar.address,
      organisation: registrar.address,
      attestedName: JSON.stringify(exchange),
      profile: { metadataURI: profile, declaredName: "Guangzhou Municipal Government", changedBy: registrar.address },
    });
    const text = await dprHere(["participant", "show", registrar.address]);
    expect(text.stdout).toMatch(/^attested name +Suicheng Data Exchange \(fictional\) \/ 穗城数据交易所（虚构）$/m);
    expect(text.stdout).toMatch(/^declared name +Guangzhou Municipal Government \(self-declared in its profile, not attested\)$/m);
    expect(text.stdout).toMatch(new RegExp(`^profile set by +${registrar.address}$`, "m"));

    // An organisation with no attested name says so; a profile published elsewhere declares no name here.
    const hk = await dprHere(["participant", "show", stranger.address]);
    expect(hk.stdout).toMatch(/^attested name +HK Clinic$/m);
    expect(hk.stdout).toMatch(/^declared name +HK Clinic \(self-declared in its profile, not attested\)$/m);
  });
});

describe("a dataset's story: register, confirm, verify", () => {
  let datasetId: string;
  const file = () => join(dir, "traffic-2026-q1.csv");

  it("registers a file as its holder and prints the dataset id", async () => {
    writeFileSync(file(), "road,hour,vehicles\nA1,08,1200\nA1,09,1350\n");
    // A dpr-metadata/1 document that says what the flags say (register refuses one that contradicts them).
    const document = {
      format: "dpr-metadata/1",
      uri: "https://data.example.gz/traffic-2026-q1",
      title: { en: "Traffic counts Q1" },
      description: { en: "Vehicles per road and hour." },
      sector: "transport",
      category: "public",
      grade: "general",
      containsPersonalData: false,
      jurisdiction: "gz",
      publisher: { name: { en: "Traffic Office" } },
      contactPoint: { name: "Traffic Office", email: "data@traffic.example" },
      licence: { title: { en: "CC BY 4.0" } },
      borderConditions: { openness: "open", rights: ["processing-use"], granteeRegions: "anywhere", purposes: [100, 200, 300, 400] },
    };
    writeFileSync(join(dir, "traffic.meta.json"), JSON.stringify(document));
    const run = await dpr(
      ["register", file(), "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--metadata", "traffic.meta.json", "--json"],
      { env: { DPR_PRIVATE_KEY: holder.key } },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = run.json<Record<string, unknown>>();
    expect(result).toMatchObject({ holder: holder.address, requiredConfirmations: 1, metadataURI: "https://data.example.gz/traffic-2026-q1", category: "public", sector: 5 });
    expect(result.datasetId).toMatch(/^0x[0-9a-f]{64}$/);
    datasetId = result.datasetId as string;
  });

  it("refuses to register the same content twice (exit 3), naming the existing dataset", async () => {
    const run = await dpr(["register", file(), "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", "GZ"], {
      env: { DPR_PRIVATE_KEY: holder.key },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(datasetId);
  });

  it("verifies the file as registered and pending (exit 0), and a file never registered as not (exit 1)", async () => {
    const pending = await dprHere(["verify", file(), "--json"]);
    expect(pending.code, pending.stderr).toBe(0);
    expect(json(pending)).toMatchObject({ verified: true, datasetId, status: "pending", holder: holder.address, confirmations: 0, requiredConfirmations: 1 });

    writeFileSync(join(dir, "unregistered.csv"), "nothing here\n");
    const missing = await dprHere(["verify", join(dir, "unregistered.csv"), "--json"]);
    expect(missing.code).toBe(1);
    expect(json(missing)).toMatchObject({ verified: false, status: "unregistered" });
  });

  it("is confirmed by a registrar, in notice until the period ends, after which verify and show report it confirmed", async () => {
    const confirmed = await dpr(["confirm", datasetId, "--json"], { env: { DPR_PRIVATE_KEY: registrar.key } });
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.json()).toMatchObject({ datasetId, registrar: registrar.address, confirmations: 1, requiredConfirmations: 1 });
    const inNotice = await dprHere(["status", datasetId]);
    expect(inNotice.stdout).toMatch(/^status +notice$/m);
    expect(inNotice.stdout).toMatch(/^notice +ends \d{4}-/m);
    // The reader's clock past the end while the chain makes no block: the chain still answers "notice",
    // and both commands say the period is over and when the chain will say so, never "ends" in the past.
    const { noticeEndsAt } = json<{ noticeEndsAt: string }>(await dprHere(["status", datasetId, "--json"]));
    vi.useFakeTimers({ toFake: ["Date"], now: (Number(noticeEndsAt) + 60) * 1000 });
    try {
      for (const args of [["status", datasetId], ["verify", file()]]) {
        const idle = await dprHere(args);
        expect(idle.code, idle.stderr).toBe(0);
        expect(idle.stdout).toMatch(/^status +notice$/m);
        expect(idle.stdout).toMatch(
          /^notice +ended \d{4}-\S+Z; the chain will show it confirmed at its next block \(its latest block is older than the end, so it still answers "notice"\)$/m,
        );
      }
    } finally {
      vi.useRealTimers();
    }
    await afterNotice();

    const verified = await dprHere(["verify", file()]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^status +confirmed$/m);
    expect(verified.stdout).toMatch(new RegExp(`^confirmed by +${registrar.address} at \\d{4}-`, "m"));

    const byHash = await dprHere(["show", json<{ contentHash: string }>(await dprHere(["hash", file(), "--json"])).contentHash, "--json"]);
    expect(byHash.code, byHash.stderr).toBe(0);
    expect(json(byHash)).toMatchObject({ datasetId, status: "confirmed", holder: holder.address, confirmations: 1 });
  });
});

describe("a batch: anchor a folder, verify a file with its proof", () => {
  it("anchors a folder in one transaction, writes the proofs, and verifies a file in it (exit 0) and one outside (exit 1)", async () => {
    const folder = join(dir, "exports", "2026-q1");
    mkdirSync(join(folder, "traffic"), { recursive: true });
    for (let i = 1; i <= 5; i++) writeFileSync(join(folder, "traffic", `${String(i).padStart(4, "0")}.csv`), `hour,vehicles\n${i},${i * 100}\n`);
    const anchored = await dpr(["anchor", folder, "--out", "q1.proofs.json", "--json"], { env: { DPR_PRIVATE_KEY: holder.key } });
    expect(anchored.code, anchored.stderr).toBe(0);
    expect(anchored.json()).toMatchObject({ anchorer: holder.address, leafCount: 5, proofsFile: "q1.proofs.json", manifestFile: "2026-q1.manifest.json" });
    const proofs = JSON.parse(readFileSync(join(dir, "q1.proofs.json"), "utf8")) as { root: string; proofs: unknown[] };
    expect(proofs.root).toBe(anchored.json().root);
    expect(proofs.proofs).toHaveLength(5);

    const proofsFile = join(dir, "q1.proofs.json");
    const inBatch = await dprHere(["verify", join(folder, "traffic", "0003.csv"), "--proof", proofsFile, "--json"]);
    expect(inBatch.code, inBatch.stderr).toBe(0);
    expect(json(inBatch)).toMatchObject({ verified: true, path: "traffic/0003.csv", anchored: true, anchoredBy: holder.address, onChain: true, local: true });

    writeFileSync(join(dir, "not-in-batch.csv"), "hour,vehicles\n9,900\n");
    const outside = await dprHere(["verify", join(dir, "not-in-batch.csv"), "--proof", proofsFile, "--json"]);
    expect(outside.code).toBe(1);
    expect(json(outside)).toMatchObject({ verified: false, reason: "not-in-proofs" });
  });
});

describe("review, disputes and corrections (life cycle v2)", () => {
  const regulator = { key: devAccount(4).privateKey, address: devAccount(4).address };
  const registrar2 = { key: devAccount(5).privateKey, address: devAccount(5).address };
  const regulator2 = { key: devAccount(6).privateKey, address: devAccount(6).address };
  const as = (who: { key: string }) => ({ env: { DPR_PRIVATE_KEY: who.key } });
  const register = async (name: string, text: string, extra: string[] = []) => {
    writeFileSync(join(dir, name), text);
    const run = await dpr(["register", join(dir, name), "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", ...extra, "--json"], as(holder));
    expect(run.code, run.stderr).toBe(0);
    return run.json<{ datasetId: string; claim: number }>();
  };

  beforeAll(async () => {
    // Two more organisations' deciders, onboarded through the SDK: the CLI's own onboarding is tested above.
    const { addParticipant } = await import("@dpr/sdk");
    const { readDeploymentFile } = await import("@dpr/sdk/node");
    const { createWalletClient } = await import("viem");
    const { privateKeyToAccount } = await import("viem/accounts");
    const deployment = await readDeploymentFile(join(dir, ".dpr", "deployment.json"));
    const transport = http(node.url);
    const context = {
      publicClient: createPublicClient({ transport }),
      walletClient: createWalletClient({ transport, account: privateKeyToAccount(admin.key) }),
      deployment,
    };
    for (const [who, roles, legalIdentity] of [
      [regulator, ["regulator"], "GZ-CAC"],
      [registrar2, ["registrar"], "SZ-DATA-EXCHANGE"],
      [regulator2, ["regulator"], "GZ-MARKET-REGULATOR"],
    ] as const) {
      await addParticipant(context, { account: who.address, roles: [...roles], jurisdiction: "gz", legalIdentity, zoneSecret });
    }
  });

  it("refuses a registration as a registrar (exit 3 for a holder), after which the holder claims it again and withdraws it", async () => {
    const first = await register("review.csv", "a,b\n1,2\n");
    expect(first.claim).toBe(1);
    const usage = await runInProcess(["refuse", first.datasetId]);
    expect(usage.code).toBe(2);
    expect(usage.stderr.split("\n")[0]).toBe("error: refuse needs exactly one of --reason FILE and --reason-hash HEX");
    const byHolder = await dpr(["refuse", first.datasetId, "--reason-hash", `0x${"12".repeat(32)}`], as(holder));
    expect(byHolder.code).toBe(3);
    expect(byHolder.stderr.split("\n")[0]).toBe(`error: ${holder.address} is not an active registrar`);

    writeFileSync(join(dir, "refusal.txt"), "the sample does not match the declared sector\n");
    const refused = await dpr(["refuse", first.datasetId, "--reason", join(dir, "refusal.txt"), "--json"], as(registrar));
    expect(refused.code, refused.stderr).toBe(0);
    expect(refused.json()).toMatchObject({ datasetId: first.datasetId, registrar: registrar.address, claim: 1, reasonHash: expect.stringMatching(/^0x[0-9a-f]{64}$/) });
    expect(json(await dprHere(["verify", join(dir, "review.csv"), "--json"]))).toMatchObject({ status: "refused", claim: 1 });

    const second = await register("review.csv", "a,b\n1,2\n");
    expect(second).toMatchObject({ datasetId: first.datasetId, claim: 2 });
    const withdrawn = await dpr(["withdraw", first.datasetId], as(holder));
    expect(withdrawn.code, withdrawn.stderr).toBe(0);
    expect(withdrawn.stdout).toMatch(/^claim +2$/m);
    expect(json(await dprHere(["status", first.datasetId, "--json"]))).toMatchObject({ status: "withdrawn", claim: 2 });
  });

  it("takes an objection on a pending registration, refuses a holder as decider, and resumes review on a dismissal", async () => {
    const { datasetId } = await register("pending-objection.csv", "x\n1\n");
    const objected = await dpr(["object", datasetId, "--evidence", `0x${"34".repeat(32)}`, "--json"], as(stranger));
    expect(objected.code, objected.stderr).toBe(0);
    const shown = json<Record<string, unknown>>(await dprHere(["status", datasetId, "--json"]));
    expect(shown).toMatchObject({ status: "disputed", openObjections: 1, openObjectors: [stranger.address], noticeRemaining: null });

    const byHolder = await dpr(["resolve", datasetId, "--dismiss", "--decision", `0x${"56".repeat(32)}`], as(holder));
    expect(byHolder.code).toBe(3);
    expect(byHolder.stderr.split("\n")[0]).toBe(`error: ${holder.address} is neither an active registrar nor an active regulator`);
    const dismissed = await dpr(["resolve", datasetId, "--dismiss", "--decision", `0x${"56".repeat(32)}`], as(registrar));
    expect(dismissed.code, dismissed.stderr).toBe(0);
    expect(dismissed.stdout).toMatch(/^result +decided: objections dismissed; back in review$/m);
    expect(json(await dprHere(["status", datasetId, "--json"]))).toMatchObject({ status: "pending" });

    const confirmed = await dpr(["confirm", datasetId], as(registrar));
    expect(confirmed.code, confirmed.stderr).toBe(0);
    const again = await dpr(["object", datasetId, "--evidence", `0x${"34".repeat(32)}`], as(stranger));
    expect(again.code).toBe(3);
    expect(again.stderr.split("\n")[0]).toBe(`error: the objection of the organisation of ${stranger.address} to dataset ${datasetId} was dismissed; it may not object to this registration again`);
  });

  it("pauses the notice on an objection, needs two independent votes to reject important data, and prints the quorum's progress", async () => {
    writeFileSync(join(dir, "important.csv"), "district,count\nTianhe,12\n");
    const registered = await dpr(["register", join(dir, "important.csv"), "--sector", "population", "--category", "public", "--grade", "important", "--jurisdiction", "GZ", "--json"], as(holder));
    expect(registered.code, registered.stderr).toBe(0);
    const datasetId = registered.json<{ datasetId: string }>().datasetId;
    for (const who of [registrar, registrar2]) expect((await dpr(["confirm", datasetId], as(who))).code).toBe(0);
    expect((await dpr(["object", datasetId, "--evidence", `0x${"78".repeat(32)}`], as(stranger))).code).toBe(0);
    const paused = await dprHere(["status", datasetId]);
    expect(paused.stdout).toMatch(/^notice +paused: \d+ s left$/m);

    const notIndependent = await dpr(["resolve", datasetId, "--reject", "--decision", `0x${"9a".repeat(32)}`], as(registrar2));
    expect(notIndependent.code).toBe(3);
    expect(notIndependent.stderr.split("\n")[0]).toBe(
      `error: ${registrar2.address} may not decide on dataset ${datasetId}: its organisation (${registrar2.address}) is the holder's, an objector's, a confirmer's or the proposed holder's`,
    );
    expect(notIndependent.stderr).toContain("hint: a decision needs registrars or regulators of organisations independent of everyone concerned");

    const first = await dpr(["resolve", datasetId, "--reject", "--decision", `0x${"9a".repeat(32)}`], as(regulator));
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split("\n")[0]).toMatch(/^result +vote 1 of 2 recorded; waiting for a second independent organisation$/);
    const pending = await dprHere(["status", datasetId]);
    expect(pending.stdout).toMatch(/^pending decision +reject the registration: vote 1 of 2 recorded; waiting for a second independent organisation$/m);
    const twice = await dpr(["resolve", datasetId, "--reject", "--decision", `0x${"9a".repeat(32)}`], as(regulator));
    expect(twice.code).toBe(3);
    expect(twice.stderr.split("\n")[0]).toBe(`error: the organisation of ${regulator.address} has already voted for this outcome on dataset ${datasetId}`);

    const second = await dpr(["resolve", datasetId, "--reject", "--decision", `0x${"9a".repeat(32)}`, "--json"], as(regulator2));
    expect(second.code, second.stderr).toBe(0);
    expect(second.json()).toMatchObject({ datasetId, upheld: true, newHolder: null, decided: true, votes: 2, required: 2, resolver: regulator2.address, status: "rejected" });
  });

  it("revokes a confirmed registration after notice, marks its descendant, and a registrar re-confirms it", async () => {
    const parent = await register("parent.csv", "p\n1\n");
    expect((await dpr(["confirm", parent.datasetId], as(registrar))).code).toBe(0);
    await afterNotice();
    const child = await register("child.csv", "c\n1\n", ["--parent", `${parent.datasetId}:transformation`]);

    const usage = await runInProcess(["correct", parent.datasetId, "--decision", `0x${"bc".repeat(32)}`]);
    expect(usage.code).toBe(2);
    expect(usage.stderr.split("\n")[0]).toBe("error: correct needs exactly one of --revoke and --holder ADDRESS");
    const byConfirmer = await dpr(["revoke-registration", parent.datasetId, "--decision", `0x${"bc".repeat(32)}`], as(registrar));
    expect(byConfirmer.code).toBe(3);
    expect(byConfirmer.stderr.split("\n")[0]).toMatch(/^error: 0x[0-9a-fA-F]{40} may not decide on dataset/);

    const revoked = await dpr(["revoke-registration", parent.datasetId, "--decision", `0x${"bc".repeat(32)}`, "--json"], as(regulator));
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.json()).toMatchObject({
      datasetId: parent.datasetId,
      outcome: "revoke",
      decided: true,
      votes: 1,
      required: 1,
      status: "revoked",
      markedDescendants: [{ datasetId: child.datasetId, parentId: parent.datasetId }],
      skippedDescendants: [],
    });
    const marked = await dprHere(["status", child.datasetId]);
    expect(marked.stdout).toMatch(/^ancestry revoked +yes$/m);

    const reconfirmed = await dpr(["reconfirm", child.datasetId, "--json"], as(registrar2));
    expect(reconfirmed.code, reconfirmed.stderr).toBe(0);
    expect(reconfirmed.json()).toMatchObject({ datasetId: child.datasetId, registrar: registrar2.address, confirmations: 1, required: 1, cleared: true });
    expect(json(await dprHere(["status", child.datasetId, "--json"]))).toMatchObject({ ancestryRevoked: false });
  });
});

describe("keys never appear in output", () => {
  it("keeps DPR_PRIVATE_KEY and DPR_ZONE_SECRET out of stdout and stderr, on success and on every kind of failure, even with DPR_DEBUG=1", async () => {
    const key = stranger.key;
    const bare = key.slice(2).toLowerCase();
    const unknown = `0x${"ab".repeat(32)}`;
    const debug = { DPR_PRIVATE_KEY: key, DPR_DEBUG: "1" };
    const runs = await Promise.all([
      dpr(["deploy", "--deployment", "key-test.json", "--json"], { env: { DPR_PRIVATE_KEY: key } }),
      dpr(["keystore", "create", "--from-env", "--out", join(dir, "keys", "stranger.json"), "--json"], { env: { DPR_PRIVATE_KEY: key, DPR_PASSWORD: "pw" } }),
      dpr(["confirm", unknown], { env: debug }),
      dpr(["participant", "add", stranger.address, "--name", "X", "--jurisdiction", "HK", "--roles", "HOLDER", "--legal-id", "Y"], { env: debug }),
      dpr(["participant", "rotate-identity", stranger.address, "--legal-id", "Y", "--json"], { env: debug }),
      dpr(["participant", "add", stranger.address, "--name", "X", "--jurisdiction", "HK", "--roles", "HOLDER", "--legal-id", "Y"], {
        env: { ...debug, DPR_ZONE_SECRET: `${zoneSecret}zz` },
      }),
      dpr(["deploy", "--rpc", "http://127.0.0.1:9", "--deployment", "never.json"], { env: debug }),
      dpr(["deploy", "--deployment", "never.json"], { env: { ...debug, DPR_PRIVATE_KEY: `${key}00` } }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 2, 3, 3, 2, 4, 2]);
    expect(runs[1]!.json()).toEqual({ address: stranger.address, keystore: join(dir, "keys", "stranger.json") });
    // An id that names nothing is bad input (2), though the contract is what noticed.
    expect(runs[2]!.stderr.split("\n").slice(0, 2)).toEqual([`error: dataset ${unknown} is not registered`, "  DatasetRegistry reverted with DatasetRegistryUnknownDataset"]);
    // The zone secret (given to every run) stays out of them too.
    const secret = zoneSecret.slice(2).toLowerCase();
    for (const run of runs) {
      for (const text of [run.stdout.toLowerCase(), run.stderr.toLowerCase()]) {
        expect(text).not.toContain(bare);
        expect(text).not.toContain(bare.slice(0, 32));
        expect(text).not.toContain(secret.slice(0, 16));
      }
    }
  });
});
