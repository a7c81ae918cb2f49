/**
 * A real chain for the web verifier's end-to-end test: a `hardhat node`, the contracts deployed and
 * data made with `@dpr/sdk`'s write actions, from real files on disk:
 *
 * - parent-a.csv, parent-b.csv → confirmed.csv (aggregation, transformation) → derived.csv (transformation),
 *   all confirmed after the notice period; a cross-border grant on confirmed.csv, acknowledged;
 * - notice.csv: confirmed by its registrar, in its notice period;
 * - disputed.csv: personal data, confirmed by two registrars, objected to during its notice period (its clock
 *   paused), with one of the two independent organisations' votes its rejection needs (the regulator's);
 * - reclaimed.csv: first claimed by the transport bureau and refused in review, then claimed again by the
 *   health commission (claim 2) and confirmed, in its notice period;
 * - revoked.csv: confirmed, then revoked after its notice period by the regulator; revoked-child.csv, derived
 *   from it before, marked as derived from revoked data;
 * - batch/: three files anchored as one batch, with the proofs file `dpr anchor --out` would write;
 * - unknown.bin: 8 MiB of random bytes (and a few more), never registered.
 *
 * And an idle chain (seedIdleChain): anvil, which mines only on transactions, its clock an hour behind
 * this machine's, with one dataset whose notice period has ended by the wall clock but not by the
 * chain's latest block — the `npm start` demo's chain once a notice period ends and nothing happens.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Deployment,
  type DprContext,
  acknowledgeGrant,
  addParticipant,
  anchorBatch,
  confirmDataset,
  correctDataset,
  deployContracts,
  getDataset,
  grantRight,
  markRevokedAncestry,
  objectToDataset,
  refuseDataset,
  registerDataset,
  resolveDispute,
  attestOrganisationName,
} from "@dpr/sdk";
import { buildBatchFromFolder, hashFile } from "@dpr/sdk/node";
import { type Address, type Hex, createPublicClient, createTestClient, createWalletClient, http, keccak256, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { type DevChain, devAccount, startChain } from "@dpr/devnet";

/** The deployment's public notice period, in chain seconds. */
export const NOTICE_SECONDS = 3600;

/** What `dpr participant add --name` records as the profile. */
/** The zone secret the legal identities are committed under (test data, public). */
const ZONE_SECRET = `0x${"e2".repeat(32)}` as const;
const nameUri = (name: string) => `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify({ name }))}`;

export const CAST = {
  admin: { index: 0 },
  registrar: { index: 1, name: "Guangzhou Data Exchange", jurisdiction: "GZ", roles: ["REGISTRAR"] },
  registrar2: { index: 2, name: "Greater Bay Data Registry", jurisdiction: "GZ", roles: ["REGISTRAR"] },
  regulator: { index: 3, name: "Guangzhou Cyberspace Administration", jurisdiction: "GZ", roles: ["REGULATOR"] },
  holder: { index: 4, name: "广州市卫生健康委员会", jurisdiction: "GZ", roles: ["HOLDER"] },
  holderHK: { index: 5, name: "Hong Kong Clinical Research Centre", jurisdiction: "HK", roles: ["HOLDER"] },
  holder2: { index: 6, name: "Guangzhou Transport Bureau", jurisdiction: "GZ", roles: ["HOLDER"] },
} as const;
export type Actor = keyof typeof CAST;

export interface SeededFile {
  path: string;
  hash: Hex;
  datasetId: Hex;
}

export interface SeededChain {
  node: DevChain;
  deployment: Deployment;
  publicClient: DprContext["publicClient"];
  dir: string;
  address: Record<Actor, Address>;
  files: Record<"parentA" | "parentB" | "confirmed" | "derived" | "notice" | "disputed" | "reclaimed" | "revoked" | "revokedChild", SeededFile>;
  unknown: { path: string; hash: Hex };
  batch: { dir: string; proofsPath: string; root: Hex; memberPath: string; member: string; outsider: string; manifestURI: string };
  /** A participant's context for `@dpr/sdk`'s write actions (to change the chain during a test). */
  as(actor: Actor): DprContext;
  stop(): Promise<void>;
}

export async function seedChain(): Promise<SeededChain> {
  const dir = mkdtempSync(join(tmpdir(), "dpr-web-e2e-"));
  const node = await startChain({ kind: "hardhat" });
  try {
    // Retries: the page is built in the same process meanwhile, and a request delayed past the node's keep-alive
    // timeout can meet a socket the node is closing ("other side closed"); nothing reached the node then.
    const transport = http(node.url, { retryCount: 2, retryDelay: 50 });
    const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 50, cacheTime: 0 });
    const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport });
    const accounts = Object.fromEntries(Object.entries(CAST).map(([actor, c]) => [actor, privateKeyToAccount(devAccount(c.index).privateKey)])) as Record<Actor, ReturnType<typeof privateKeyToAccount>>;
    const address = Object.fromEntries(Object.entries(accounts).map(([actor, a]) => [actor, a.address])) as Record<Actor, Address>;
    const wallet = (actor: Actor) => createWalletClient({ chain: hardhat, transport, account: accounts[actor] });

    const { contracts, deploymentBlock, chainId } = await deployContracts(wallet("admin"), publicClient, { noticePeriod: NOTICE_SECONDS });
    const deployment: Deployment = {
      format: "dpr-deployment/1",
      chainId,
      contracts,
      deploymentBlock,
      noticePeriod: BigInt(NOTICE_SECONDS),
      zoneAdmin: address.admin,
      deployedAt: new Date().toISOString(),
    };
    const as = (actor: Actor): DprContext => ({ publicClient, walletClient: wallet(actor), deployment });

    for (const [actor, c] of Object.entries(CAST)) {
      if (!("roles" in c)) continue;
      await addParticipant(as("admin"), { account: address[actor as Actor], jurisdiction: c.jurisdiction, roles: c.roles, legalIdentity: `legal-id:${actor}`, zoneSecret: ZONE_SECRET, metadataURI: nameUri(c.name) });
      // The zone admin attests the name the profile gives: the page shows it as the name, unmarked.
      await attestOrganisationName(as("admin"), { organisation: address[actor as Actor], name: c.name });
    }

    const file = async (name: string, content: string | Uint8Array): Promise<{ path: string; hash: Hex }> => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return { path, hash: (await hashFile(path)).hash };
    };
    const register = async (
      name: string,
      content: string,
      parents: { datasetId: Hex; derivation: string }[] = [],
      options: { by?: Actor; personal?: boolean } = {},
    ): Promise<SeededFile> => {
      const { path, hash } = await file(name, content);
      const { datasetId } = await registerDataset(as(options.by ?? "holder"), {
        contentHash: hash,
        metadataURI: `https://data.gz.example/datasets/${name.replace(/\.csv$/, "")}.json`,
        metadataHash: keccak256(toHex(`metadata of ${name}`)),
        category: options.personal ? "personal" : "public",
        grade: "general",
        containsPersonalData: options.personal ?? false,
        sector: "health",
        jurisdiction: "GZ",
        parents,
      });
      return { path, hash, datasetId };
    };
    const confirm = (seeded: SeededFile) => confirmDataset(as("registrar"), { datasetId: seeded.datasetId });

    // Derivation builds only on confirmed data: each generation is confirmed and leaves its notice period first.
    const settle = async (...seeded: SeededFile[]) => {
      for (const one of seeded) await confirm(one);
      await testClient.increaseTime({ seconds: NOTICE_SECONDS + 1 });
      await testClient.mine({ blocks: 1 });
    };
    const parentA = await register("parent-a.csv", "district,visits\nYuexiu,1200\nTianhe,1640\n");
    const parentB = await register("parent-b.csv", "district,beds\nYuexiu,310\nTianhe,420\n");
    const revoked = await register("revoked.csv", "district,clinics\nYuexiu,14\nTianhe,19\n");
    await settle(parentA, parentB, revoked);
    const confirmed = await register("confirmed.csv", "district,visits,beds\nYuexiu,1200,310\nTianhe,1640,420\n", [
      { datasetId: parentA.datasetId, derivation: "aggregation" },
      { datasetId: parentB.datasetId, derivation: "transformation" },
    ]);
    const revokedChild = await register("revoked-child.csv", "district,clinics_per_100k\nYuexiu,1.2\nTianhe,1.1\n", [{ datasetId: revoked.datasetId, derivation: "transformation" }]);
    await settle(confirmed, revokedChild);
    const derived = await register("derived.csv", "district,visits_per_bed\nYuexiu,3.87\nTianhe,3.90\n", [{ datasetId: confirmed.datasetId, derivation: "transformation" }]);
    await settle(derived);

    const evidence = (label: string) => keccak256(toHex(label));
    const { grantId } = await grantRight(as("holder"), {
      datasetId: confirmed.datasetId,
      grantee: address.holderHK,
      right: "processing-use",
      purposeCode: 101,
      purposeHash: evidence("purpose: clinical research"),
      expiresAt: new Date(Date.now() + 365 * 86_400_000),
      mechanism: "GBA_SC_HK",
      evidence: { contractHash: evidence("contract"), impactAssessmentHash: evidence("pia"), consentRecordsRoot: evidence("consents"), filingRef: evidence("filing") },
    });
    await acknowledgeGrant(as("regulator"), { grantId, noteHash: evidence("acknowledged") });

    // After its notice period, the regulator alone (general data: a quorum of one) revokes a registration; anyone
    // then shows that the dataset derived from it is of revoked ancestry.
    await correctDataset(as("regulator"), { datasetId: revoked.datasetId, decisionHash: evidence("revoked: not the holder's data") });
    await markRevokedAncestry(as("holderHK"), { datasetId: revokedChild.datasetId, parentId: revoked.datasetId });

    const notice = await register("notice.csv", "route,riders\nB1,5300\nB2,4100\n");
    await confirm(notice);
    // Personal data: two registrars of distinct organisations confirm it; the transport bureau objects in its
    // notice period, which stops the clock; the regulator, independent of all of them, votes to reject it:
    // one of the two organisations' votes personal data needs.
    const disputed = await register("disputed.csv", "clinic,patients\nNorth,88\nSouth,97\n", [], { personal: true });
    await confirm(disputed);
    await confirmDataset(as("registrar2"), { datasetId: disputed.datasetId });
    await objectToDataset(as("holder2"), { datasetId: disputed.datasetId, evidenceHash: evidence("we collected this data") });
    await resolveDispute(as("regulator"), { datasetId: disputed.datasetId, upheld: true, decisionHash: evidence("reject: collected by the transport bureau") });

    // A squatter's claim, refused in review; then the rightful holder's claim on the same content (claim 2).
    const reclaimedContent = "ward,beds_free\nA1,4\nB2,7\n";
    const squatted = await register("reclaimed.csv", reclaimedContent, [], { by: "holder2" });
    await refuseDataset(as("registrar"), { datasetId: squatted.datasetId, reasonHash: evidence("refused: the health commission's published data") });
    const reclaimed = await register("reclaimed.csv", reclaimedContent);
    await confirm(reclaimed);

    const batchDir = join(dir, "batch");
    mkdirSync(join(batchDir, "2026"), { recursive: true });
    writeFileSync(join(batchDir, "2026", "q1.csv"), "quarter,trips\nQ1,918000\n");
    writeFileSync(join(batchDir, "2026", "q2.csv"), "quarter,trips\nQ2,954000\n");
    writeFileSync(join(batchDir, "readme.txt"), "Quarterly transport figures.\n");
    const batch = await buildBatchFromFolder(batchDir);
    const manifestURI = "https://data.gz.example/batches/2026-transport.manifest.json";
    await anchorBatch(as("holder"), { batch, manifestURI });
    const proofsPath = join(dir, "batch.proofs.json");
    writeFileSync(proofsPath, `${JSON.stringify(batch.proofs, null, 2)}\n`);

    // Random content, so it cannot be registered by chance; not a multiple of any chunk size.
    const unknown = await file("unknown.bin", randomBytes(8 * 1024 * 1024 + 7));

    return {
      node,
      deployment,
      publicClient,
      dir,
      address,
      files: { parentA, parentB, confirmed, derived, notice, disputed, reclaimed, revoked, revokedChild },
      unknown,
      batch: { dir: batchDir, proofsPath, root: batch.root, memberPath: "2026/q2.csv", member: join(batchDir, "2026", "q2.csv"), outsider: join(dir, "notice.csv"), manifestURI },
      as,
      stop: async () => {
        await node.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The idle chain's notice period, in seconds: over, by the wall clock, as soon as it starts. */
export const IDLE_NOTICE_SECONDS = 60;

export interface IdleChain {
  node: DevChain;
  deployment: Deployment;
  publicClient: DprContext["publicClient"];
  /** Confirmed, its notice period over by the wall clock; the chain's latest block is before its end. */
  file: SeededFile;
  /** The end of its notice period (unix seconds). */
  noticeEndsAt: bigint;
  /** Mines a block at the end of the notice period, by the chain's clock. */
  mineAtNoticeEnd(): Promise<void>;
  stop(): Promise<void>;
}

export async function seedIdleChain(): Promise<IdleChain> {
  const dir = mkdtempSync(join(tmpdir(), "dpr-web-e2e-idle-"));
  const node = await startChain({ kind: "anvil", genesisTimestamp: Math.floor(Date.now() / 1000) - 3600 });
  const stop = async () => {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const transport = http(node.url, { retryCount: 0 });
    const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 50, cacheTime: 0 });
    const testClient = createTestClient({ chain: hardhat, mode: "anvil", transport });
    const wallet = (actor: Actor) => createWalletClient({ chain: hardhat, transport, account: privateKeyToAccount(devAccount(CAST[actor].index).privateKey) });
    const { contracts, deploymentBlock, chainId } = await deployContracts(wallet("admin"), publicClient, { noticePeriod: IDLE_NOTICE_SECONDS });
    const deployment: Deployment = {
      format: "dpr-deployment/1",
      chainId,
      contracts,
      deploymentBlock,
      noticePeriod: BigInt(IDLE_NOTICE_SECONDS),
      zoneAdmin: wallet("admin").account.address,
      deployedAt: new Date().toISOString(),
    };
    const as = (actor: Actor): DprContext => ({ publicClient, walletClient: wallet(actor), deployment });
    for (const actor of ["registrar", "holder"] as const) {
      const c = CAST[actor];
      await addParticipant(as("admin"), { account: wallet(actor).account.address, jurisdiction: c.jurisdiction, roles: c.roles, legalIdentity: `legal-id:${actor}`, zoneSecret: ZONE_SECRET, metadataURI: nameUri(c.name) });
    }
    const path = join(dir, "bus-punctuality.csv");
    writeFileSync(path, "route,on_time_pct\nB12,93.4\nB27,88.1\n");
    const { hash } = await hashFile(path);
    const { datasetId } = await registerDataset(as("holder"), { contentHash: hash, category: "public", grade: "general", sector: "transport", jurisdiction: "GZ" });
    await confirmDataset(as("registrar"), { datasetId });
    const noticeEndsAt = (await getDataset(as("holder"), { datasetId }))?.noticeEndsAt ?? null;
    if (noticeEndsAt === null || noticeEndsAt > BigInt(Math.floor(Date.now() / 1000))) throw new Error(`the idle chain's notice period (ending ${noticeEndsAt}) is not over by this machine's clock`);
    const mineAtNoticeEnd = async () => {
      await testClient.setNextBlockTimestamp({ timestamp: noticeEndsAt });
      await testClient.mine({ blocks: 1 });
    };
    return { node, deployment, publicClient, file: { path, hash, datasetId }, noticeEndsAt, mineAtNoticeEnd, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
