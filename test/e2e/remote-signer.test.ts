/**
 * Issue 16, part 5: `dpr` signs through a remote signing service (`--signer-url`, Web3Signer's JSON-RPC),
 * so no key is on the officer's machine. On Hardhat's node and anvil: the zone admin onboards an account
 * whose key lives only in the test signer; `dpr register` signs through the service with a bearer token
 * (no keystore, no DPR_PRIVATE_KEY) and the dataset is held by that account. A wrong token, a signer that
 * signs with another key, and an ambiguous or doubled signer are refused before anything is sent, and the
 * token never appears in what dpr prints, not even with DPR_DEBUG=1.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DevChain, devAccount, groupMembers, portOpen, startChain, waitFor } from "@dpr/devnet";
import { type Address, type Hex, createPublicClient, createWalletClient, http, parseEther } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DprRun, runDpr } from "../../packages/cli/src/testing/runDpr.js";
import { type SignerServer, startSignerServer } from "../../packages/sdk/src/signers/testing/signerServer.js";

const TOKEN = "hsm-gateway-token-7f3a9c2e51";
const ZONE_SECRET = `0x${"c1".repeat(32)}`;
const admin = devAccount(0);

describe.each(["hardhat", "anvil"] as const)("dpr signing through a remote signer on %s", (kind) => {
  let node: DevChain;
  let signer: SignerServer;
  let dir: string;
  /** The officer's key: only the signing service has it. */
  const officerKey = generatePrivateKey();
  const officer = privateKeyToAccount(officerKey).address;
  const spareKey = generatePrivateKey();
  const attackerKey = generatePrivateKey();

  const deploymentFile = () => join(dir, "deployment.json");
  const dpr = (args: readonly string[], env: Record<string, string | undefined> = {}) =>
    runDpr(args, { cwd: dir, env: { DPR_RPC_URL: node.url, DPR_DEPLOYMENT: deploymentFile(), DPR_ZONE_SECRET: ZONE_SECRET, ...env } });
  /** dpr through the signing service, as the officer, with the right token unless told otherwise. */
  const remote = (args: readonly string[], env: Record<string, string | undefined> = {}) =>
    dpr(args, { DPR_SIGNER_URL: signer.url, DPR_SIGNER_ADDRESS: officer, DPR_SIGNER_TOKEN: TOKEN, ...env });
  const ok = (run: DprRun) => {
    expect(run.code, `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`).toBe(0);
    return run.json<Record<string, unknown>>();
  };
  const noToken = (run: DprRun) => {
    expect(run.stdout).not.toContain(TOKEN);
    expect(run.stderr).not.toContain(TOKEN);
  };
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const registerArgs = (path: string) => ["register", path, "--sector", "health", "--category", "public", "--grade", "general", "--jurisdiction", "GZ", "--json"];
  const client = () => createPublicClient({ transport: http(node.url) });
  /** What the chain has seen of the officer: its nonce and the chain's height. */
  const chainState = async () => ({ nonce: await client().getTransactionCount({ address: officer }), block: await client().getBlockNumber() });
  const signRequests = () => signer.requests.filter((r) => r.method === "eth_signTransaction").length;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `dpr-e2e-remote-signer-${kind}-`));
    [node, signer] = await Promise.all([startChain({ kind }), startSignerServer({ keys: [officerKey, spareKey], token: TOKEN })]);
    // The officer's account pays its own gas: fund it from a development account.
    const funder = createWalletClient({ account: privateKeyToAccount(admin.privateKey as Hex), transport: http(node.url) });
    const chain = { id: await client().getChainId(), name: kind, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [node.url] } } };
    const hash = await funder.sendTransaction({ to: officer, value: parseEther("10"), chain });
    await client().waitForTransactionReceipt({ hash });
  });

  afterAll(async () => {
    await signer?.close();
    if (node) {
      await node.stop();
      expect(groupMembers(node.pgid)).toEqual([]);
      expect(await waitFor(async () => !(await portOpen(node.port)), 3_000), `port ${node.port} still answers`).toBe(true);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("deploys, and the zone admin onboards the officer, whose key only the signing service holds", async () => {
    ok(await dpr(["deploy", "--notice-period", "3600", "--json"], { DPR_PRIVATE_KEY: admin.privateKey }));
    const added = ok(
      await dpr(["participant", "add", officer, "--name", "GZ Health Commission", "--jurisdiction", "GZ", "--roles", "HOLDER", "--legal-id", "11440100HEALTH0001", "--json"], {
        DPR_PRIVATE_KEY: admin.privateKey,
      }),
    );
    expect(added).toMatchObject({ account: officer });
  });

  it("registers a file signed in the service (token, no keystore, no DPR_PRIVATE_KEY): the officer holds it", async () => {
    const before = signRequests();
    const run = await remote(registerArgs(file("clinics.csv", "clinic,beds\nC1,120\n")), { DPR_DEBUG: "1" });
    noToken(run);
    const registered = ok(run);
    expect(registered).toMatchObject({ holder: officer, claim: 1 });
    expect(signRequests()).toBe(before + 1);
    const verified = ok(await dpr(["verify", join(dir, "clinics.csv"), "--json"]));
    expect(verified).toMatchObject({ verified: true, datasetId: registered.datasetId, holder: officer });
  });

  it("refuses a wrong token with exit 2 and a clear message, sends nothing, and never prints either token", async () => {
    const before = await chainState();
    const requested = signRequests();
    for (const debug of [undefined, "1"]) {
      const run = await remote(registerArgs(file("wards.csv", "ward,beds\nW1,30\n")), { DPR_SIGNER_TOKEN: "not-the-token-4412", DPR_DEBUG: debug });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.split("\n")[0]).toBe(`error: the signing service at ${signer.url} refused the credentials (HTTP 401)`);
      noToken(run);
      expect(run.stderr).not.toContain("not-the-token-4412");
    }
    expect(signRequests()).toBe(requested);
    expect(await chainState()).toEqual(before);
  });

  it("keeps a user and password in --signer-url out of messages", async () => {
    const url = signer.url.replace("http://", "http://officer:pa55w0rd@");
    const run = await remote(registerArgs(file("wards.csv", "ward,beds\nW1,30\n")), { DPR_SIGNER_URL: url, DPR_SIGNER_TOKEN: undefined, DPR_DEBUG: "1" });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).not.toMatch(/pa55w0rd/);
    expect(run.stderr.split("\n")[0]).toBe(`error: the signing service at ${signer.url} refused the credentials (HTTP 401)`);
  });

  it("refuses a compromised signer that signs with another key, before anything is sent", async () => {
    const before = await chainState();
    signer.misbehave.signWith = attackerKey;
    try {
      const run = await remote(registerArgs(file("pharmacies.csv", "pharmacy,open\nP1,24h\n")), { DPR_DEBUG: "1" });
      // Exit 5, "any other error": not bad input, not the chain's refusal, not the network.
      expect(run.code, run.stderr).toBe(5);
      expect(run.stdout).toBe("");
      expect(run.stderr.split("\n")[0]).toBe(
        `error: the signing service at ${signer.url} returned a transaction signature that is not by the account it was asked to sign for`,
      );
      expect(run.stderr).toContain(`it recovers to ${privateKeyToAccount(attackerKey).address}`);
      noToken(run);
    } finally {
      signer.misbehave.signWith = undefined;
    }
    expect(await chainState()).toEqual(before);
  });

  it("asks which account when the service holds several, and refuses a second source of key, naming both", async () => {
    const ambiguous = await remote(registerArgs(file("labs.csv", "lab\nL1\n")), { DPR_SIGNER_ADDRESS: undefined });
    expect(ambiguous.code, ambiguous.stderr).toBe(2);
    expect(ambiguous.stderr.split("\n")[0]).toBe(`error: the signing service at ${signer.url} signs for 2 accounts: say which`);
    expect(ambiguous.stderr).toContain(`it signs for: ${signer.addresses.join(", ")}`);

    const doubled = await remote(registerArgs(file("labs.csv", "lab\nL1\n")), { DPR_PRIVATE_KEY: admin.privateKey });
    expect(doubled.code, doubled.stderr).toBe(2);
    expect(doubled.stderr.split("\n")[0]).toBe("error: --signer-url and DPR_PRIVATE_KEY both name a signer: give one");
    expect(doubled.stderr).not.toContain(admin.privateKey.slice(2));

    const stranger = "0x000000000000000000000000000000000000bEEF" as Address;
    const unknown = await remote(registerArgs(file("labs.csv", "lab\nL1\n")), { DPR_SIGNER_ADDRESS: stranger });
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe(`error: the signing service at ${signer.url} does not sign for ${stranger}`);
  });
});
