/**
 * The `dpr` executable without a chain: help, hashing, input errors, keystores, an unreachable RPC.
 * Every test runs the real CLI as a subprocess.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devAccount, freePort } from "@dpr/devnet";
import { type BatchFile, Jurisdiction, buildBatch, hashAlgorithmNames } from "@dpr/sdk";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { algorithmChoices } from "./io/hashing.js";
import { createProgram } from "./program.js";
import { runDpr } from "./testing/runDpr.js";
import { runInProcess } from "./testing/runInProcess.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dpr-cli-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256sum = (path: string) => `0x${execFileSync("sha256sum", [path], { encoding: "utf8" }).split(" ")[0]}`;

/** Every command path (`["participant", "add"]`) with the long flags of its own options. */
function commandPaths(command: Command, prefix: string[] = []): { path: string[]; flags: string[] }[] {
  return command.commands
    .filter((c) => c.name() !== "help")
    .flatMap((c) => {
      const path = [...prefix, c.name()];
      const flags = c.options.map((o) => o.long).filter((f): f is string => f !== undefined && f !== "--help");
      return [{ path, flags }, ...commandPaths(c, path)];
    });
}

describe("dpr --help", () => {
  it("lists every command, the global options, the environment and the exit codes", async () => {
    const run = await runDpr(["--help"]);
    expect(run.code).toBe(0);
    for (const { path } of commandPaths(createProgram()).filter((c) => c.path.length === 1)) expect(run.stdout).toContain(`  ${path[0]}`);
    for (const flag of ["--rpc", "--deployment", "--keystore", "--json", "--quiet", "DPR_RPC_URL", "DPR_PRIVATE_KEY", "DPR_PASSWORD", "DPR_ZONE_SECRET"]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*not registered.*\n {2}2 .*usage.*\n {2}3 .*refused.*\n {2}4 .*RPC.*\n {2}5 /);
  });

  it("exits 0 for a command's --help, from the executable", async () => {
    const run = await runDpr(["participant", "add", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: dpr participant add [options] <address>");
    expect(run.stderr).toBe("");
  });

  it("exits 0 for every command's --help and names each of its options", async () => {
    const commands = commandPaths(createProgram());
    expect(commands.length).toBeGreaterThan(25);
    const runs = await Promise.all(commands.map(async ({ path, flags }) => ({ path, flags, run: await runInProcess([...path, "--help"]) })));
    for (const { path, flags, run } of runs) {
      expect(run.code, path.join(" ")).toBe(0);
      expect(run.stdout, path.join(" ")).toContain(`Usage: dpr ${path.join(" ")}`);
      for (const flag of flags) expect(run.stdout, `${path.join(" ")} ${flag}`).toContain(flag);
      // Global options are shown with every command.
      expect(run.stdout, path.join(" ")).toContain("--rpc <url>");
    }
  });

  it("offers the SDK's hash algorithms", () => {
    expect([...algorithmChoices]).toEqual([...hashAlgorithmNames]);
  });
});

describe("dpr hash", () => {
  it("prints files' SHA-256 content hashes as sha256sum computes them, and a folder's manifest root over them", async () => {
    const files = { "empty.bin": Buffer.alloc(0), "hello.txt": Buffer.from("hello\n"), "random.bin": Buffer.alloc(3 * 1024 * 1024 + 7, 0x5a) };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    const folder = join(dir, "batch");
    mkdirSync(join(folder, "2026", "q1"), { recursive: true });
    const contents: Record<string, string> = { "readme.txt": "batch of three\n", "2026/q1/a.csv": "a,b\n1,2\n", "2026/q1/b.csv": "" };
    for (const [rel, text] of Object.entries(contents)) writeFileSync(join(folder, rel), text);
    const leaves: BatchFile[] = Object.entries(contents).map(([rel, text]) => ({
      path: rel,
      contentHash: sha256sum(join(folder, rel)) as `0x${string}`,
      size: BigInt(Buffer.byteLength(text)),
    }));

    const paths = Object.keys(files).map((name) => join(dir, name));
    const run = await runDpr(["hash", ...paths, folder, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toEqual({
      items: [
        ...Object.entries(files).map(([name, bytes]) => {
          const path = join(dir, name);
          return { path, kind: "file", algorithm: "sha256", contentHash: sha256sum(path), size: bytes.length };
        }),
        { path: folder, kind: "folder", algorithm: "sha256", contentHash: buildBatch(leaves, { algorithm: "sha256" }).root, leafCount: 3, totalBytes: "23" },
      ],
    });
    expect(run.stderr).toBe("");
  });

  it("prints aligned key/value lines for people", async () => {
    const path = join(dir, "hello.txt");
    writeFileSync(path, "hello\n");
    const run = await runDpr(["hash", path]);
    expect(run.code).toBe(0);
    expect(run.stdout.replace(path, "PATH")).toMatchInlineSnapshot(`
      "path          PATH
      kind          file
      algorithm     sha256
      content hash  0x5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03
      size          6
      "
    `);
    expect(run.stderr).toBe("");
  });

  it("hashes with SM3 when asked", async () => {
    const abc = join(dir, "abc.txt");
    writeFileSync(abc, "abc");
    const run = await runInProcess(["hash", "--alg", "sm3", abc, "--json"]);
    expect(run.code, run.stderr).toBe(0);
    // GB/T 32905-2016, appendix A.1: SM3("abc").
    expect(JSON.parse(run.stdout)).toEqual({
      path: abc,
      kind: "file",
      algorithm: "sm3",
      contentHash: "0x66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
      size: 3,
    });
  });
});

describe("bad input exits 2 with a specific message and sends nothing", () => {
  const id = `0x${"ab".repeat(32)}`;
  const grant = ["grant", id, "--to", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--right", "holding", "--purpose", "1", "--purpose-text", "x"];
  const noChain = ["--deployment", "/nonexistent/deployment.json"];
  // [case, arguments, stderr, environment]
  const cases: [string, string[], string, Record<string, string>?][] = [
    ["a missing file", ["hash", "/nonexistent/data.csv"], "error: cannot read /nonexistent/data.csv: no such file or folder\n"],
    [
      "a dataset id that is not 32 bytes of hex",
      ["show", "0x1234"],
      'error: dataset id or content hash is not 32 bytes of hex: "0x1234"\nhint: expected 0x followed by 64 hex digits\n',
    ],
    ["an unknown option", ["hash", "--frobnicate", "x"], "error: unknown option '--frobnicate'\n"],
    [
      "an unknown hash algorithm",
      ["hash", "--alg", "md5", "x"],
      "error: option '--alg <algorithm>' argument 'md5' is invalid. Allowed choices are sha256, sm3, keccak256.\n",
    ],
    ["a missing required option", ["object", id], "error: required option '--evidence <file>' not specified\n"],
    [
      "an expiry in the past",
      [...grant, "--expires", "2020-01-01"],
      "error: --expires 2020-01-01 is in the past (2020-01-01T00:00:00.000Z)\nhint: give a future date, or a duration like 30d, 6m, 1y\n",
    ],
    [
      "an expiry that is neither a date nor a duration",
      [...grant, "--expires", "soon"],
      'error: --expires is neither a date nor a duration: "soon"\nhint: use an ISO date like 2027-06-30, or a duration like 30d, 6m (months), 1y\n',
    ],
    [
      "an unknown evidence kind",
      [...grant, "--expires", "30d", "--evidence", "photo=x.jpg"],
      'error: unknown evidence kind "photo"\nhint: use one of: contract, impact-assessment, consent-records, filing\n',
    ],
    [
      "an unknown right",
      [...grant.slice(0, 5), "ownership", ...grant.slice(6), "--expires", "30d", ...noChain],
      'error: unknown right "ownership"\nhint: use one of: HOLDING, PROCESSING_USE, PRODUCT_OPERATION\n',
    ],
    [
      "an unknown jurisdiction",
      ["participant", "add", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--name", "X", "--jurisdiction", "TW", "--roles", "HOLDER", "--legal-id", "1"],
      'error: unknown jurisdiction "TW"\nhint: use one of: GZ, HK, MO, MAINLAND_OTHER, OTHER, SHENZHEN, ZHUHAI, FOSHAN, HUIZHOU, DONGGUAN, ZHONGSHAN, JIANGMEN, ZHAOQING\n',
    ],
    [
      "a legal identifier without the zone secret",
      ["participant", "add", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--name", "X", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "91440101MA5CYTEST1", ...noChain],
      "error: participant add needs the zone secret to commit the legal identity\nhint: set DPR_ZONE_SECRET, or pass --zone-secret-file FILE (hex, at least 32 bytes); or give --legal-id as the ready 32-byte commitment\n",
    ],
    [
      "a re-commitment without the zone secret",
      ["participant", "rotate-identity", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--legal-id", "91440101MA5CYTEST1", ...noChain],
      "error: participant rotate-identity needs the zone secret to commit the legal identity\nhint: set DPR_ZONE_SECRET, or pass --zone-secret-file FILE (hex, at least 32 bytes); or give --legal-id as the ready 32-byte commitment\n",
    ],
    [
      "a zone secret file that does not exist",
      ["participant", "add", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--name", "X", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "91440101MA5CYTEST1", "--zone-secret-file", "/nonexistent/zone-secret.hex", ...noChain],
      "error: cannot read the zone secret file /nonexistent/zone-secret.hex: no such file\n",
    ],
    [
      "a zone secret that is too short, without echoing it",
      ["participant", "add", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--name", "X", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "91440101MA5CYTEST1", ...noChain],
      "error: DPR_ZONE_SECRET: the zone secret is too short: 16 bytes, at least 32 are needed\nhint: a zone secret is at least 32 random bytes as hex, e.g. from: openssl rand -hex 32\n",
      { DPR_ZONE_SECRET: `0x${"5e".repeat(16)}` },
    ],
    [
      "a resolution that neither dismisses nor upholds",
      ["resolve", id, "--decision", `0x${"cd".repeat(32)}`],
      "error: resolve needs exactly one of --dismiss, --reject and --new-holder ADDRESS\n",
    ],
    ["a grant id that is not a number", ["revoke", "first"], 'error: grant id must be a positive whole number: "first"\n'],
    [
      "a command that signs, without a key",
      ["deploy", "--deployment", "/nonexistent/dir/d.json"],
      "error: this command signs a transaction, and no key was given\nhint: pass --keystore FILE (or set DPR_KEYSTORE), or set DPR_PRIVATE_KEY\n",
    ],
    [
      "a private key that is not one",
      ["deploy", "--deployment", "/nonexistent/dir/d.json"],
      "error: DPR_PRIVATE_KEY is not a private key\nhint: it must be 32 bytes of hex (64 hex digits, with or without 0x)\n",
      { DPR_PRIVATE_KEY: "0x1234-not-a-key" },
    ],
    [
      "no deployment file",
      ["participant", "show", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", ...noChain],
      "error: no DPR deployment record at /nonexistent/deployment.json\nhint: deploy the contracts with `dpr deploy` (it writes .dpr/deployment.json), or point to an existing record with --deployment FILE or DPR_DEPLOYMENT=FILE\n",
    ],
  ];

  // The executable for the cases that need their own environment, and a few that show commander's and
  // the SDK's errors come out the same way; in-process for the rest, to keep the suite fast.
  const bySubprocess = new Set(["a missing file", "a dataset id that is not 32 bytes of hex", "an unknown option", "an unknown hash algorithm"]);

  it.concurrent.for(cases)("%s", async ([name, args, stderr, env], { expect }) => {
    const run = env || bySubprocess.has(name) ? await runDpr(args, { env }) : await runInProcess(args);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 2, stdout: "", stderr });
  });
});

describe("jurisdictions", () => {
  const cities = ["SHENZHEN", "ZHUHAI", "FOSHAN", "HUIZHOU", "DONGGUAN", "ZHONGSHAN", "JIANGMEN", "ZHAOQING"];
  const noDeployment = "error: no DPR deployment record at /nonexistent/deployment.json\n";

  it.each(["participant add", "register"])("lists every jurisdiction in `dpr %s --help`", async (command) => {
    const run = await runInProcess([...command.split(" "), "--help"]);
    expect(run.code).toBe(0);
    for (const name of Object.keys(Jurisdiction)) expect(run.stdout).toMatch(new RegExp(`\\b${name}\\b`));
  });

  // Names are checked before the deployment record is read: reaching "no deployment record" means the name was accepted.
  it.each(cities.flatMap((city) => [city, city.toLowerCase()]))("takes --jurisdiction %s in participant add and register", async (city) => {
    const file = join(dir, "city.csv");
    writeFileSync(file, "a,b\n");
    const noChain = ["--deployment", "/nonexistent/deployment.json"];
    const add = await runInProcess([
      "participant", "add", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--name", "X", "--jurisdiction", city, "--roles", "HOLDER", "--legal-id", `0x${"11".repeat(32)}`, ...noChain,
    ]);
    const register = await runInProcess([
      "register", file, "--sector", "transport", "--category", "public", "--grade", "general", "--jurisdiction", city, ...noChain,
    ]);
    for (const run of [add, register]) {
      expect(run.code).toBe(2);
      expect(run.stderr.startsWith(noDeployment), run.stderr).toBe(true);
    }
  });

  it("refuses a mainland city outside the GBA by name, listing the nine cities among the jurisdictions", async () => {
    const run = await runInProcess([
      "participant", "add", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--name", "X", "--jurisdiction", "BEIJING", "--roles", "HOLDER", "--legal-id", "1",
    ]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: `error: unknown jurisdiction "BEIJING"\nhint: use one of: GZ, HK, MO, MAINLAND_OTHER, OTHER, ${cities.join(", ")}\n`,
    });
  });
});

describe("an unreachable RPC endpoint exits 4", () => {
  it("when deploying", async () => {
    const port = await freePort();
    const run = await runDpr(["deploy", "--rpc", `http://127.0.0.1:${port}`, "--deployment", join(dir, "unreachable.json")], {
      env: { DPR_PRIVATE_KEY: devAccount(0).privateKey },
    });
    expect(run.code).toBe(4);
    expect(run.stderr.replaceAll(String(port), "PORT")).toMatchInlineSnapshot(`
      "error: cannot reach the RPC endpoint http://127.0.0.1:PORT
        connect ECONNREFUSED 127.0.0.1:PORT
      hint: check that the node is running and the URL is right (--rpc or DPR_RPC_URL)
      "
    `);
  });

  it("when reading", async () => {
    const port = await freePort();
    const deployment = join(dir, "fake-deployment.json");
    writeFileSync(
      deployment,
      JSON.stringify({
        format: "dpr-deployment/1",
        chainId: 31337,
        contracts: {
          directory: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
          datasets: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512",
          grants: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
          anchors: "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9",
          forwarder: "0xDc64a140Aa3E981100a9becA4E685f962f0cF6C9",
        },
        deploymentBlock: "1",
        noticePeriod: "0",
        zoneAdmin: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
        deployedAt: "2026-01-01T00:00:00Z",
      }),
    );
    const run = await runInProcess(["participant", "show", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--rpc", `http://127.0.0.1:${port}`, "--deployment", deployment]);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`cannot reach the RPC endpoint http://127.0.0.1:${port}`);

    // An endpoint that is no HTTP URL is the user's to correct (exit 2), not a network failure; its
    // credentials are not repeated.
    const show = (rpc: string) => runInProcess(["participant", "show", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "--rpc", rpc, "--deployment", deployment]);
    expect(await show("ws://127.0.0.1:8546")).toMatchObject({
      code: 2,
      stderr: "error: --rpc must be an http:// or https:// URL, not ws:\nhint: give the node's JSON-RPC endpoint over HTTP, e.g. http://127.0.0.1:8545\n",
    });
    const notUrl = await show("node1.zone.example:8545/key=s3cret");
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/^error: --rpc /);
  });
});

describe("dpr keystore create", () => {
  it("writes an encrypted keystore readable only by its owner, prints the address, and never overwrites", async () => {
    const out = join(dir, "keys", "new.json");
    const run = await runDpr(["keystore", "create", "--out", out, "--json"], { env: { DPR_PASSWORD: "correct horse" } });
    expect(run.code, run.stderr).toBe(0);
    const { address, keystore } = run.json<{ address: string; keystore: string }>();
    expect(keystore).toBe(out);
    // Web3 Secret Storage v3, as ethers writes it ("Crypto"; geth writes "crypto").
    const json = JSON.parse(readFileSync(out, "utf8")) as { version: number; address: string; Crypto: { kdf: string; ciphertext: string } };
    expect(json.version).toBe(3);
    expect(`0x${json.address}`.toLowerCase()).toBe(address.toLowerCase());
    expect(json.Crypto.kdf).toBe("scrypt");
    expect(statSync(out).mode & 0o777).toBe(0o600);

    const again = await runDpr(["keystore", "create", "--out", out], { env: { DPR_PASSWORD: "correct horse" } });
    expect(again.code).toBe(2);
    expect(again.stderr.replace(out, "FILE")).toMatchInlineSnapshot(`
      "error: FILE already exists
      hint: choose another --out; a keystore is never overwritten
      "
    `);
  });

  it("refuses to run without a password when there is no terminal to ask on", async () => {
    const out = join(dir, "keys", "no-password.json");
    const run = await runDpr(["keystore", "create", "--out", out]);
    expect(run.code).toBe(2);
    expect(run.stderr.replace(out, "FILE")).toMatchInlineSnapshot(`
      "error: no password for keystore FILE
      hint: set DPR_PASSWORD, or run dpr in a terminal to be asked
      "
    `);
    expect(() => statSync(out)).toThrow();
  });
});
