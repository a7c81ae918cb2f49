/**
 * The pilot-zone story, seeded on a fresh chain and checked on chain with the SDK's reads, starting from
 * the committed files (hashed here again), as a visitor with `dpr verify` would. Twice: on a `hardhat
 * node`, whose clock starts at the present, and on anvil started an hour back, as `npm start` runs it,
 * where the seeding ends with the chain's clock caught up with this machine's.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type DevChain, groupMembers, startChain } from "@dpr/devnet";
import {
  type BatchManifest,
  type BatchProofs,
  type DprContext,
  SECTORS,
  ObjectionStatus,
  type VerifyContentReturnType,
  datasetRegistryAbi,
  getAnchor,
  getAttestedNames,
  getDataset,
  getDatasetHistory,
  getGrant,
  getLineage,
  getParticipant,
  hasRight,
  organisationNameIn,
  participantDirectoryAbi,
  verifyBatchFile,
  verifyContent,
} from "@dpr/sdk";
import { hashFile, writeDeploymentFile } from "@dpr/sdk/node";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoClients, deployDemo } from "./clients.js";
import { type DemoRecord, seedDemo } from "./seed.js";
import { findSeededDemo } from "./seeded.js";
import { DEMO_NOTICE_PERIOD, type DemoDatasetKey } from "./story.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const HOUR = 3_600;

describe.each([
  { kind: "hardhat", startsHoursAgo: 0 },
  { kind: "anvil", startsHoursAgo: 1 },
] as const)("the pilot zone seeded on $kind", ({ kind, startsHoursAgo }) => {
  let chain: DevChain;
  let context: DprContext;
  let record: DemoRecord;
  let seededAt: number;
  const steps: string[] = [];

  beforeAll(async () => {
    chain = await startChain(
      startsHoursAgo === 0 ? { kind } : { kind, genesisTimestamp: Math.floor(Date.now() / 1000) - startsHoursAgo * HOUR },
    );
    const clients = demoClients(chain.url);
    const { publicClient, wallets } = clients;
    const deployment = await deployDemo(clients);
    context = { publicClient, deployment };
    record = await seedDemo({ publicClient, wallets, deployment, demoDir: join(repoRoot, "demo"), onStep: (s) => steps.push(s) });
    seededAt = Math.floor(Date.now() / 1000);
  }, 300_000);

  afterAll(async () => {
    const pgid = chain?.pgid;
    await chain?.stop();
    if (pgid !== undefined) expect(groupMembers(pgid)).toEqual([]);
  });

  /** What the chain says of a committed file, found by hashing the file itself. */
  async function verifyFile(key: DemoDatasetKey): Promise<Extract<VerifyContentReturnType, { registered: true }>> {
    const { hash } = await hashFile(join(repoRoot, record.datasets[key].file));
    const result = await verifyContent(context, { contentHash: hash });
    if (!result.registered) throw new Error(`${record.datasets[key].file} is not registered`);
    return result;
  }

  const address = (actor: keyof DemoRecord["accounts"]) => record.accounts[actor].address;

  it("onboards the cast with their jurisdictions and roles, the CDO inside the health commission's organisation", async () => {
    const expected = {
      exchange: ["GZ", ["registrar"]],
      registrar2: ["GZ", ["registrar"]],
      regulator: ["GZ", ["regulator"]],
      auditor: ["GZ", ["auditor"]],
      health: ["GZ", ["holder"]],
      healthCdo: ["GZ", ["registrar"]],
      transport: ["GZ", ["holder"]],
      bank: ["GZ", ["holder"]],
      university: ["HK", ["holder"]],
      macaoHospital: ["MO", ["holder"]],
    } as const;
    for (const [actor, [jurisdiction, roles]] of Object.entries(expected)) {
      const participant = await getParticipant(context, { address: address(actor as keyof typeof expected) });
      expect(participant, actor).not.toBeNull();
      expect([participant!.jurisdiction, participant!.roles, participant!.active], actor).toEqual([jurisdiction.toLowerCase(), roles, true]);
    }
    const cdo = await getParticipant(context, { address: address("healthCdo") });
    // The metadata URI names the organisation in both languages and points to its committed profile.
    const [added] = await context.publicClient.getContractEvents({
      abi: participantDirectoryAbi,
      address: context.deployment.contracts.directory,
      eventName: "ParticipantAdded",
      args: { account: address("university") },
      fromBlock: context.deployment.deploymentBlock,
    });
    const uri = added!.args.metadataURI!;
    expect(uri.startsWith("data:application/json;charset=utf-8,")).toBe(true);
    const document = JSON.parse(decodeURIComponent(uri.slice(uri.indexOf(",") + 1)));
    expect(document).toEqual({
      name: { en: "Victoria Harbour University (fictional)", "zh-CN": "维港大学（虚构）" },
      profile: "dpr-demo://participants/victoria-harbour-university.json",
    });
    expect(cdo!.organisation).toBe(address("health"));
    expect(await getParticipant(context, { address: address("admin") })).toBeNull();
  });

  it("attests every organisation's bilingual name at onboarding, the CDO showing the commission's", async () => {
    // The zone admin and the commission's key are no participants.
    const actors = (Object.keys(record.accounts) as (keyof DemoRecord["accounts"])[]).filter((actor) => actor !== "admin" && actor !== "healthKey");
    const names = await getAttestedNames(context, { accounts: actors.map(address) });
    for (const actor of actors) {
      const profile = JSON.parse(readFileSync(join(repoRoot, record.accounts[actor].profile), "utf8")) as { name: { en: string; zh: string } };
      // The CDO's organisation is the health commission: its attested name is the commission's, not its own profile's.
      const organisation = actor === "healthCdo" || actor === "healthRecords" ? "health" : actor;
      const expected = JSON.parse(readFileSync(join(repoRoot, record.accounts[organisation].profile), "utf8")) as typeof profile;
      const text = names.get(address(actor).toLowerCase() as Lowercase<Address>)!;
      expect(JSON.parse(text), actor).toEqual({ en: expected.name.en, "zh-CN": expected.name.zh });
      expect(record.accounts[actor].attestedName, actor).toBe(text);
      expect(organisationNameIn(text, "zh-CN"), actor).toBe(expected.name.zh);
    }
    expect(organisationNameIn(names.get(address("healthCdo").toLowerCase() as Lowercase<Address>)!, "en")).toBe("Suicheng Municipal Health Commission (fictional)");
    expect(record.accounts.admin.attestedName).toBeNull();
    // Attested by the zone admin, once per organisation (ten accounts, nine organisations).
    const attested = await context.publicClient.getContractEvents({
      abi: participantDirectoryAbi,
      address: context.deployment.contracts.directory,
      eventName: "OrganisationNameAttested",
      fromBlock: context.deployment.deploymentBlock,
    });
    expect(attested).toHaveLength(9);
    expect(new Set(attested.map((e) => e.args.attestedBy))).toEqual(new Set([address("admin")]));
  });

  it("lets the commission's own key add its records office, which grants on data the commission holds", async () => {
    const directory = { address: context.deployment.contracts.directory, abi: participantDirectoryAbi } as const;
    expect(await context.publicClient.readContract({ ...directory, functionName: "organisationKeyOf", args: [address("health")] })).toBe(address("healthKey"));
    // The key is no participant; the officer it added belongs to the commission and took its jurisdiction.
    expect(await getParticipant(context, { address: address("healthKey") })).toBeNull();
    const officer = await getParticipant(context, { address: address("healthRecords") });
    expect([officer!.organisation, officer!.jurisdiction, officer!.roles, officer!.active]).toEqual([address("health"), "gz", ["holder"], true]);
    const [added] = await context.publicClient.getContractEvents({ ...directory, eventName: "ParticipantAdded", args: { account: address("healthRecords") }, fromBlock: context.deployment.deploymentBlock });
    expect(added!.args.addedBy).toBe(address("healthKey"));
    // The commission holds the births; its officer granted on them, and the grantee organisation has the right.
    const births = await getDataset(context, { datasetId: record.datasets.births.datasetId });
    expect(births!.holder).toBe(address("health"));
    expect(record.grants.transitPlanning.grantor).toBe("healthRecords");
    expect(await hasRight(context, { datasetId: record.datasets.births.datasetId, account: address("transport"), right: "PROCESSING_USE" })).toBe(true);
  });

  it("registers the committed files, with their metadata documents, in all six sectors", async () => {
    const sectors = new Set<number>();
    for (const key of Object.keys(record.datasets) as DemoDatasetKey[]) {
      const entry = record.datasets[key];
      const result = await verifyFile(key);
      expect(result.datasetId).toBe(entry.datasetId);
      const metadata = JSON.parse(readFileSync(join(repoRoot, entry.metadataFile), "utf8")) as { uri: string; distributions: [{ downloadURL: string }] };
      expect(result.metadataURI).toBe(metadata.uri);
      expect(result.metadataHash).toBe((await hashFile(join(repoRoot, entry.metadataFile))).hash);
      // dpr-demo://PATH names demo/PATH.
      expect(`demo/${metadata.uri.slice("dpr-demo://".length)}`).toBe(entry.metadataFile);
      expect(`demo/${metadata.distributions[0].downloadURL.slice("dpr-demo://".length)}`).toBe(entry.file);
      sectors.add(result.dataset.sector);
    }
    expect([...sectors].sort()).toEqual([SECTORS.POPULATION, SECTORS.FINANCE, SECTORS.HEALTH, SECTORS.EDUCATION, SECTORS.TRANSPORT, SECTORS.BIOSAFETY]);
  });

  it("leaves each dataset with its holder, in the status the story gives it", async () => {
    const expected: Record<DemoDatasetKey, { status: string; holder: keyof DemoRecord["accounts"]; confirmations: [number, number] }> = {
      births: { status: "confirmed", holder: "health", confirmations: [1, 1] },
      outpatient: { status: "confirmed", holder: "health", confirmations: [2, 2] },
      outpatientDeidentified: { status: "confirmed", holder: "health", confirmations: [2, 2] },
      pathogen: { status: "frozen", holder: "health", confirmations: [2, 2] },
      metro: { status: "confirmed", holder: "transport", confirmations: [1, 1] },
      metroRev2: { status: "notice", holder: "transport", confirmations: [1, 1] },
      smeCredit: { status: "confirmed", holder: "bank", confirmations: [1, 1] },
      crossBorderPayments: { status: "pending", holder: "bank", confirmations: [1, 2] },
      // Its notice period resumed when the objection was dismissed, at the end of the story.
      studentMobility: { status: "notice", holder: "university", confirmations: [1, 1] },
      waitingTimes: { status: "pending", holder: "macaoHospital", confirmations: [0, 1] },
      vaccinationSites: { status: "notice", holder: "health", confirmations: [1, 1] },
      metroCardTrips: { status: "rejected", holder: "transport", confirmations: [2, 2] },
      smeLoanBook: { status: "revoked", holder: "bank", confirmations: [1, 1] },
      smeDefaultRates: { status: "confirmed", holder: "bank", confirmations: [1, 1] },
    };
    const actual = Object.fromEntries(
      await Promise.all(
        (Object.keys(expected) as DemoDatasetKey[]).map(async (key) => {
          const dataset = await getDataset(context, { datasetId: record.datasets[key].datasetId });
          const holder = Object.entries(record.accounts).find(([, a]) => a.address === dataset!.holder)?.[0];
          return [key, { status: dataset!.status, holder, confirmations: [dataset!.confirmations, dataset!.requiredConfirmations] }] as const;
        }),
      ),
    );
    expect(actual).toEqual(expected);
  });

  it("confirms personal and important data by two registrars of distinct organisations, and general data by one", async () => {
    const registrars = async (key: DemoDatasetKey) => (await verifyFile(key)).confirmations.map((c) => c.registrar);
    expect(await registrars("outpatient")).toEqual([address("exchange"), address("registrar2")]);
    expect(await registrars("pathogen")).toEqual([address("exchange"), address("registrar2")]);
    expect(await registrars("metro")).toEqual([address("healthCdo")]);
    expect(await registrars("crossBorderPayments")).toEqual([address("exchange")]);
  });

  it("keeps the second metro version in its public notice period, superseding the first", async () => {
    const v2 = await verifyFile("metroRev2");
    const latest = await context.publicClient.getBlock();
    expect(v2.versionOf).toBe(record.datasets.metro.datasetId);
    expect(v2.noticeEndsAt).toBeGreaterThan(latest.timestamp);
    expect(v2.noticeEndsAt! - v2.confirmations[0]!.time).toBe(DEMO_NOTICE_PERIOD);
    const v1 = await verifyFile("metro");
    expect([v1.superseded, v1.supersededBy]).toEqual([true, record.datasets.metroRev2.datasetId]);
  });

  it("derives the de-identified statistics from the personal records, declassified", async () => {
    const lineage = await getLineage(context, { datasetId: record.datasets.outpatientDeidentified.datasetId, direction: "up" });
    expect(lineage.links.map((l) => [l.parentId, l.derivation])).toEqual([[record.datasets.outpatient.datasetId, "de-identification"]]);
    const child = await verifyFile("outpatientDeidentified");
    expect([child.dataset.category, child.dataset.containsPersonalData, child.dataset.declassified]).toEqual(["public", false, true]);
    const parent = await verifyFile("outpatient");
    expect([parent.dataset.category, parent.dataset.containsPersonalData]).toEqual(["personal", true]);
  });

  /** Every dataset-registry event about a dataset since the deployment (all its claims), in chain order. */
  const historyOf = (key: DemoDatasetKey) =>
    getDatasetHistory(context, { datasetId: record.datasets[key].datasetId, fromBlock: context.deployment.deploymentBlock }).then((events) =>
      events.filter((e) => e.contract === "datasets" && e.args.datasetId.toLowerCase() === record.datasets[key].datasetId.toLowerCase()),
    );
  const objectionOf = (key: DemoDatasetKey, actor: keyof DemoRecord["accounts"]) =>
    context.publicClient.readContract({
      abi: datasetRegistryAbi,
      address: context.deployment.contracts.datasets,
      functionName: "objectionOf",
      args: [record.datasets[key].datasetId, record.accounts[actor].organisation],
    });

  it("dismisses the objection to the student mobility survey, and its notice period resumes for the time it had left", async () => {
    const survey = await verifyFile("studentMobility");
    expect(survey.status).toBe("notice");
    expect(record.objection).toMatchObject({ dataset: "studentMobility", objector: "transport", resolver: "exchange", upheld: false });
    expect(await objectionOf("studentMobility", "transport")).toBe(ObjectionStatus.DISMISSED);
    const events = await historyOf("studentMobility");
    const at = (name: string) => events.find((e) => e.eventName === name)!;
    const [confirmed, objected, resolved] = [at("DatasetConfirmed"), at("DatasetObjected"), at("DatasetDisputeResolved")];
    expect(resolved.eventName === "DatasetDisputeResolved" && [resolved.args.resolver, resolved.args.upheld]).toEqual([address("exchange"), false]);
    // The clock stopped at the objection and ran again from the dismissal: the notice it had left, and no more.
    const left = DEMO_NOTICE_PERIOD - (objected.timestamp - confirmed.timestamp);
    expect(survey.noticeEndsAt).toBe(resolved.timestamp + left);
    expect(left > 0n && left <= DEMO_NOTICE_PERIOD).toBe(true);
  });

  it("refuses the bank's claim on the commission's open data in review, and takes the commission's claim on the same content", async () => {
    const sites = await verifyFile("vaccinationSites");
    expect([sites.status, sites.holder.address, sites.dataset.raw.claim]).toEqual(["notice", address("health"), 2]);
    expect(record.refusal).toMatchObject({ dataset: "vaccinationSites", squatter: "bank", registrar: "exchange", refusedClaim: 1, claim: 2 });
    const events = (await historyOf("vaccinationSites")).map((e) => [e.eventName, "claim" in e.args ? e.args.claim : undefined, "holder" in e.args ? e.args.holder : "registrar" in e.args ? e.args.registrar : undefined]);
    expect(events).toEqual([
      ["DatasetRegistered", 1, address("bank")],
      ["DatasetRefused", 1, address("exchange")],
      ["DatasetRegistered", 2, address("health")],
      ["DatasetConfirmed", undefined, address("exchange")],
    ]);
  });

  it("upholds the bank's objection to the card trips by the votes of two independent organisations, rejecting the registration", async () => {
    const trips = await verifyFile("metroCardTrips");
    expect([trips.status, trips.dataset.containsPersonalData]).toEqual(["rejected", true]);
    expect(await objectionOf("metroCardTrips", "bank")).toBe(ObjectionStatus.UPHELD);
    const votes = (await historyOf("metroCardTrips")).flatMap((e) => (e.eventName === "DatasetDecisionVoted" ? [[e.args.organisation, e.args.votes, e.args.required, e.args.correction]] : []));
    expect(votes).toEqual([
      [record.accounts.registrar2.organisation, 1, 2, false],
      [record.accounts.regulator.organisation, 2, 2, false],
    ]);
    expect(record.upheld).toMatchObject({ dataset: "metroCardTrips", objector: "bank", voters: ["registrar2", "regulator"], outcome: "rejected" });
  });

  it("revokes the SME loan book after its notice period, and marks the overdue rates derived from it, which confer nothing", async () => {
    const book = await verifyFile("smeLoanBook");
    expect(book.status).toBe("revoked");
    const revoked = (await historyOf("smeLoanBook")).find((e) => e.eventName === "DatasetRevoked");
    expect(revoked?.eventName === "DatasetRevoked" && revoked.args.decidedBy).toBe(address("regulator"));
    const rates = await verifyFile("smeDefaultRates");
    expect([rates.status, rates.dataset.raw.ancestryRevoked]).toEqual(["confirmed", true]);
    const marked = (await historyOf("smeDefaultRates")).find((e) => e.eventName === "DatasetAncestryRevoked");
    expect(marked?.eventName === "DatasetAncestryRevoked" && [marked.args.parentId, marked.args.markedBy]).toEqual([record.datasets.smeLoanBook.datasetId, address("auditor")]);
    expect(record.revocation).toMatchObject({ dataset: "smeLoanBook", decider: "regulator", derived: "smeDefaultRates", markedBy: "auditor", reconfirmed: false });
  });

  it("leaves each grant in the status the story gives it", async () => {
    const statuses = Object.fromEntries(
      await Promise.all(
        Object.entries(record.grants).map(async ([key, g]) => [key, (await getGrant(context, { grantId: BigInt(g.grantId) }))!.status] as const),
      ),
    );
    expect(statuses).toEqual({
      gbaResearch: "active",
      bankDenied: "denied",
      bankRevoked: "revoked",
      transitPlanning: "active",
      macaoAwaiting: "awaiting-acknowledgement",
    });
  });

  it("lets the Hong Kong university process the personal records under the acknowledged GBA standard contract", async () => {
    const grant = await getGrant(context, { grantId: BigInt(record.grants.gbaResearch.grantId) });
    expect([grant!.grantee, grant!.datasetId, grant!.right]).toEqual([address("university"), record.datasets.outpatient.datasetId, "processing-use"]);
    const active = (await verifyFile("outpatient")).grants.active.find((g) => g.grantId === grant!.grantId);
    expect([active?.crossBorder, active?.mechanism, active?.purposeCode, active?.expiresAt !== null]).toEqual([true, "gba-sc-hk", 201, true]);
    const can = (key: DemoDatasetKey, actor: keyof DemoRecord["accounts"]) =>
      hasRight(context, { datasetId: record.datasets[key].datasetId, account: address(actor), right: "PROCESSING_USE" });
    expect(await can("outpatient", "university")).toBe(true);
    expect(await can("outpatient", "bank")).toBe(false); // denied
    expect(await can("metro", "bank")).toBe(false); // revoked
    expect(await can("births", "transport")).toBe(true);
    expect(await can("outpatientDeidentified", "macaoHospital")).toBe(false); // awaiting the regulator
    expect(await can("pathogen", "health")).toBe(false); // frozen data confers no rights
  });

  it("anchors the 288 air-quality readings, each provable with the committed proofs", async () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, record.anchor.manifestFile), "utf8")) as BatchManifest;
    const proofs = JSON.parse(readFileSync(join(repoRoot, record.anchor.proofsFile), "utf8")) as BatchProofs;
    const anchor = await getAnchor(context, { root: record.anchor.root });
    expect([anchor!.anchorer, anchor!.leafCount, manifest.root, proofs.root]).toEqual([address("transport"), 288, record.anchor.root, record.anchor.root]);
    for (const entry of [proofs.proofs[0]!, proofs.proofs[143]!, proofs.proofs[287]!]) {
      const { hash, size } = await hashFile(join(repoRoot, record.anchor.folder, entry.path));
      const verdict = await verifyBatchFile(context, {
        root: record.anchor.root,
        file: { path: entry.path, contentHash: hash, size: BigInt(size) },
        proof: entry.proof,
      });
      expect(verdict, entry.path).toEqual({ onChain: true, local: true });
    }
  });

  it("records what it seeded, with the deployment block's hash and the jumps of the clock", async () => {
    const block = await context.publicClient.getBlock({ blockNumber: BigInt(record.deploymentBlock) });
    expect(record.deploymentBlockHash).toBe(block.hash);
    const last = await context.publicClient.getBlock({ blockNumber: BigInt(record.seededBlock) });
    expect(record.seededBlockHash).toBe(last.hash);
    expect(record.timeTravel[0]).toEqual({ seconds: Number(DEMO_NOTICE_PERIOD) + 1, why: "the first registrations leave their public notice period" });
    expect(steps).toContain(`moving the chain clock ${Number(DEMO_NOTICE_PERIOD) + 1} s forward: the first registrations leave their public notice period`);
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
  });

  it("is recognised on its chain from the records npm start writes, and not once the chain differs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dpr-seeded-"));
    try {
      const deploymentFile = join(dir, "deployment.json");
      const demoFile = join(dir, "demo.json");
      const find = () => findSeededDemo({ publicClient: context.publicClient, deploymentFile, demoFile });
      expect(await find()).toEqual({ seeded: false, reason: "no deployment yet" });
      await writeDeploymentFile(deploymentFile, context.deployment);
      expect(await find()).toEqual({ seeded: false, reason: "the demo was never seeded on this deployment" });
      writeFileSync(demoFile, JSON.stringify(record));
      expect(await find()).toMatchObject({ seeded: true, record });
      writeFileSync(demoFile, JSON.stringify({ ...record, seededBlockHash: `0x${"ab".repeat(32)}` }));
      expect(await find()).toEqual({ seeded: false, reason: `the chain's last seeded block ${record.seededBlock} is not the one recorded` });
      writeFileSync(demoFile, JSON.stringify({ ...record, deploymentBlock: "2" }));
      expect(await find()).toEqual({ seeded: false, reason: "the demo record belongs to another deployment" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  if (startsHoursAgo > 0) {
    it("ends with the chain's clock caught up with this machine's, the first steps an hour back", async () => {
      expect(record.timeTravel).toHaveLength(3);
      expect(record.timeTravel[1]!.why).toBe("the de-identified outpatient data leaves its public notice period");
      expect(record.timeTravel[2]!.why).toBe("the chain's clock catches up with the present");
      const last = await context.publicClient.getBlock({ blockNumber: BigInt(record.seededBlock) });
      // Within the seconds the seeding's last steps took on a loaded machine.
      expect(Math.abs(Number(last.timestamp) - seededAt)).toBeLessThan(30);
      const births = await verifyFile("births");
      expect(seededAt - Number(births.registeredAt)).toBeGreaterThan(HOUR - 120);
    });
  } else {
    it("leaves the chain's clock ahead by the two jumps when the chain started at the present", async () => {
      expect(record.timeTravel).toHaveLength(2);
    });
  }
});
