/**
 * Seeds the pilot-zone story on a freshly deployed DPR, through `@dpr/sdk` actions only: whatever the
 * contracts would refuse, the SDK refuses first, so the story is a valid history by construction.
 *
 * The story, in chain order:
 *  1. The zone admin onboards everyone, each legal identity committed under the demo zone secret: two
 *     registrars (a data exchange and a registration centre), the regulator, the auditor, the city health
 *     commission and its chief data officer (a registrar account of the commission's own organisation),
 *     and the other holders: the transport bureau and the bank (GZ), a Hong Kong university and a Macao
 *     hospital.
 *  2. Registrations in all six sectors, confirmed by one registrar (general data) or two of distinct
 *     organisations (personal or important data, and the de-identified derivative of personal data);
 *     the transport bureau objects to the university's survey during its notice period (the survey's
 *     notice clock stops); the bank claims the health commission's published list of vaccination sites
 *     and the data exchange refuses the claim in review (the content is free again); the transport
 *     bureau registers its co-branded metro card trips (personal data, two confirmations) and the bank
 *     objects to them; the transport bureau anchors a batch of 288 air-quality readings.
 *  3. Time passes: `evm_increaseTime` by the notice period plus one second, so the first registrations
 *     leave their notice period and become confirmed (the disputed ones wait, their clocks paused). Only
 *     then are the de-identified derivative of the outpatient records and the bank's SME overdue rates
 *     (aggregated from its SME loan book) registered (derivation builds on confirmed data only) and
 *     confirmed, and the clock moves once more past their notice period.
 *  4. Grants: a GBA standard-contract grant GZ → HK that the regulator acknowledges, one the regulator
 *     denies, one the holder revokes, a plain domestic one, and a GZ → MO one still awaiting
 *     acknowledgement; the regulator freezes the pathogen surveillance data. Two independent
 *     organisations (the registration centre and the regulator) uphold the bank's objection to the card
 *     trips, one vote each, as personal data needs: the registration is rejected. The regulator revokes
 *     the bank's SME loan book after its notice period, and the audit office marks the overdue rates
 *     derived from it as derived from revoked data (no registrar has re-confirmed them: they confer nothing).
 *  5. If the chain's clock is behind this machine's (npm start begins anvil's chain an hour back for
 *     this), `evm_increaseTime` catches it up, so that the chain and anything that reads it against the
 *     wall clock (the indexer computes statuses at the current time) agree from here on. On a chain that
 *     started at the present (Hardhat's node), its clock stays ahead by the two jumps.
 *  6. Fresh registrations that the visitor sees mid-process: the metro data's second version, in its
 *     notice period (120 s from then); the bank's important payment data with one of two confirmations;
 *     the Macao hospital's waiting times, not yet confirmed; the health commission's own claim on the
 *     vaccination sites (the content's second claim), in its notice period. Last, the data exchange
 *     dismisses the objection to the survey: its notice period resumes for the time it had left.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import {
  type BatchManifest,
  type Deployment,
  type DprContext,
  type JurisdictionName,
  acknowledgeGrant,
  addParticipant,
  anchorBatch,
  borderConditionsOf,
  confirmDataset,
  correctDataset,
  denyGrant,
  freezeDataset,
  grantRight,
  markRevokedAncestry,
  objectToDataset,
  refuseDataset,
  addOfficer,
  registerDataset,
  resolveDispute,
  revokeGrant,
  setOrganisationKey,
} from "@dpr/sdk";
import { buildBatchFromFolder, hashFile, parseMetadataDocument } from "@dpr/sdk/node";
import { type Account, type Address, type Chain, type Hex, type PublicClient, type Transport, type WalletClient, getAddress, isAddressEqual, parseEther } from "viem";
import {
  BATCH_FOLDER,
  BATCH_MANIFEST_FILE,
  BATCH_PROOFS_FILE,
  CAST,
  DATASETS,
  DEMO_URI_SCHEME,
  DEMO_ZONE_SECRET,
  type DemoActor,
  type DemoDatasetKey,
  type DemoGrantKey,
  EVIDENCE,
  PURPOSES,
  demoUri,
  participantMetadataUri,
} from "./story.js";

export interface SeedDemoParameters {
  publicClient: PublicClient<Transport, Chain | undefined>;
  /** A wallet per part of the story, each with its development account (see `CAST`). */
  wallets: Record<DemoActor, WalletClient<Transport, Chain | undefined, Account>>;
  /** A fresh deployment whose zone admin is `wallets.admin`, deployed with `DEMO_NOTICE_PERIOD`. */
  deployment: Deployment;
  /** The repository's demo/ folder: data files, metadata, evidence, the batch and its manifest. */
  demoDir: string;
  /** Told each step as it happens, for progress output. */
  onStep?: ((step: string) => void) | undefined;
}

/** Bilingual text, as in the demo's documents. */
export interface Text {
  zh: string;
  en: string;
}

/** What was seeded, written to `.dpr/demo.json`: enough to find every part of the story again. Paths are relative to the repository. */
export interface DemoRecord {
  format: "dpr-demo/2";
  chainId: number;
  contracts: Deployment["contracts"];
  deploymentBlock: string;
  /** The hash of the deployment block: a chain that lost its state, or another chain, has a different one. */
  deploymentBlockHash: Hex;
  noticePeriod: string;
  seededAt: string;
  /** The last block of the seeding, and its hash: a chain that kept only part of the story lacks it. */
  seededBlock: string;
  seededBlockHash: Hex;
  /** The jumps of the chain clock (`evm_increaseTime`), in order. */
  timeTravel: { seconds: number; why: string }[];
  accounts: Record<
    DemoActor,
    {
      index: number;
      address: Address;
      name: Text;
      jurisdiction: JurisdictionName;
      roles: string[];
      organisation: Address;
      /** The organisation's name as the zone admin attested it on chain (`{"en":…,"zh-CN":…}`); null for the zone admin. */
      attestedName: string | null;
      profile: string;
      metadataURI: string;
    }
  >;
  datasets: Record<
    DemoDatasetKey,
    { datasetId: Hex; title: Text; holder: DemoActor; file: string; contentHash: Hex; metadataFile: string; metadataURI: string; metadataHash: Hex }
  >;
  grants: Record<DemoGrantKey, { grantId: string; dataset: DemoDatasetKey; grantor: DemoActor; grantee: DemoActor; right: string; mechanism: string }>;
  /** An objection dismissed by one independent registrar: the dataset's notice period resumes. */
  objection: { dataset: DemoDatasetKey; objector: DemoActor; evidenceFile: string; resolver: DemoActor; upheld: boolean; decisionFile: string };
  /** A squatter's claim refused in review, then the rightful holder's claim on the same content. */
  refusal: { dataset: DemoDatasetKey; squatter: DemoActor; registrar: DemoActor; reasonFile: string; refusedClaim: number; claim: number };
  /** An objection upheld by the votes of two independent organisations: the registration is rejected. */
  upheld: { dataset: DemoDatasetKey; objector: DemoActor; evidenceFile: string; voters: DemoActor[]; decisionFiles: string[]; outcome: "rejected" };
  /** A registration revoked after its notice period, and a dataset derived from it marked as of revoked ancestry. */
  revocation: { dataset: DemoDatasetKey; decider: DemoActor; decisionFile: string; derived: DemoDatasetKey; markedBy: DemoActor; reconfirmed: boolean };
  frozen: { dataset: DemoDatasetKey; regulator: DemoActor; reasonFile: string };
  anchor: { root: Hex; anchorer: DemoActor; folder: string; leafCount: number; manifestFile: string; manifestURI: string; proofsFile: string };
}

/** A metadata document of the demo (demo/metadata/*.json, format dpr-metadata/1; the data file is its first distribution). */
interface Metadata {
  uri: string;
  title: Text;
  distributions: [{ downloadURL: string }];
  sector: string;
  category: string;
  grade: string;
  containsPersonalData: boolean;
  jurisdiction: string;
}

const DAY = 86_400n;

/**
 * Plays the pilot-zone story on a fresh deployment and returns what it seeded. Throws the SDK's errors
 * (a refused step is a `ContractRuleError` naming the rule) and stops at the first.
 *
 * @example
 * const record = await seedDemo({ publicClient, wallets, deployment, demoDir: join(repoRoot, "demo") })
 * record.datasets.outpatient.datasetId
 */
export async function seedDemo(parameters: SeedDemoParameters): Promise<DemoRecord> {
  const { publicClient, wallets, deployment, demoDir } = parameters;
  const step = parameters.onStep ?? (() => undefined);
  const context = (actor: DemoActor): DprContext => ({ publicClient, walletClient: wallets[actor], deployment });
  const address = (actor: DemoActor) => wallets[actor].account.address;
  const repoPath = (path: string) => relative(dirname(demoDir), join(demoDir, path)).split("\\").join("/");
  const sha256File = async (path: string) => (await hashFile(join(demoDir, path), { algorithm: "sha256" })).hash;
  const sha256Text = (text: string): Hex => `0x${createHash("sha256").update(text, "utf8").digest("hex")}`;
  const evidence = (name: keyof typeof EVIDENCE) => sha256File(EVIDENCE[name]);
  const readJson = async <T>(path: string) => JSON.parse(await readFile(join(demoDir, path), "utf8")) as T;

  if (!isAddressEqual(address("admin"), deployment.zoneAdmin)) {
    throw new Error(`the admin wallet (${address("admin")}) is not the deployment's zone admin (${deployment.zoneAdmin})`);
  }
  const deploymentBlock = await publicClient.getBlock({ blockNumber: deployment.deploymentBlock });

  // 1. Participants. The zone admin attests each new organisation's name (from its profile, both
  // languages) right after onboarding it; an account joining an organisation shows that organisation's.
  const profiles = new Map<DemoActor, { name: Text }>();
  const organisations = new Map<DemoActor, Address>();
  const attestedNames = new Map<Address, string>();
  const onboarded = new Set<string>();
  for (const [actor, member] of Object.entries(CAST) as [DemoActor, (typeof CAST)[DemoActor]][]) {
    const profile = await readJson<{ name: Text }>(`participants/${member.profile}.json`);
    profiles.set(actor, profile);
    if (member.keyOf) {
      // The zone's onboarding office designates the organisation's own key for its officers.
      step(`designating ${profile.name.en}`);
      await setOrganisationKey(context("admin"), { organisation: organisations.get(member.keyOf)!, key: address(actor) });
      continue;
    }
    if (member.roles.length === 0) continue;
    const key = member.addedBy;
    if (key) {
      // An officer the organisation adds itself: no zone office involved, and nothing the organisation holds moves.
      const organisation = organisations.get(CAST[key].keyOf!)!;
      step(`${profiles.get(key)!.name.en} adds ${profile.name.en}`);
      await publicClient.waitForTransactionReceipt({ hash: await wallets.admin.sendTransaction({ chain: wallets.admin.chain, to: address(actor), value: parseEther("10") }) });
      await addOfficer(context(key), {
        organisation,
        account: address(actor),
        roles: member.roles,
        metadataURI: participantMetadataUri(member.profile, profile.name),
      });
      organisations.set(actor, organisation);
      continue;
    }
    step(`onboarding ${profile.name.en}`);
    const newOrganisation = !onboarded.has(member.legalIdentity);
    onboarded.add(member.legalIdentity);
    const added = await addParticipant(context("admin"), {
      account: address(actor),
      jurisdiction: member.jurisdiction,
      roles: member.roles,
      legalIdentity: member.legalIdentity,
      zoneSecret: DEMO_ZONE_SECRET,
      metadataURI: participantMetadataUri(member.profile, profile.name),
      attestedName: newOrganisation ? { en: profile.name.en, "zh-CN": profile.name.zh } : undefined,
    });
    organisations.set(actor, added.organisation);
    if (added.attestation) attestedNames.set(added.organisation, added.attestation.name);
  }

  // 2. Registrations, first confirmations, the objection and the batch.
  const datasets = {} as DemoRecord["datasets"];
  const register = async (key: DemoDatasetKey, as?: DemoActor) => {
    const spec = DATASETS[key];
    const holder = as ?? spec.holder;
    const metadataFile = `metadata/${spec.metadata}.json`;
    const metadata = await readJson<Metadata>(metadataFile);
    // The directory entry's enforceable border conditions go on chain with the registration.
    const checked = parseMetadataDocument(await readFile(join(demoDir, metadataFile), "utf8"));
    if (!checked.document) throw new Error(`${metadataFile} is not a valid metadata document: ${checked.problems.map((p) => p.message).join("; ")}`);
    const download = metadata.distributions[0].downloadURL;
    const file = download.startsWith(DEMO_URI_SCHEME) ? download.slice(DEMO_URI_SCHEME.length) : download;
    const contentHash = await sha256File(file);
    const metadataHash = await sha256File(metadataFile);
    step(as ? `${profiles.get(holder)!.name.en} claims ${metadata.title.en}` : `registering ${metadata.title.en}`);
    const registered = await registerDataset(context(holder), {
      contentHash,
      algorithm: "sha256",
      metadataHash,
      metadataURI: metadata.uri,
      // The SDK parses the metadata's names and refuses unknown ones.
      category: metadata.category,
      grade: metadata.grade,
      containsPersonalData: metadata.containsPersonalData,
      sector: metadata.sector,
      jurisdiction: metadata.jurisdiction,
      versionOf: spec.versionOf === undefined ? undefined : datasets[spec.versionOf].datasetId,
      parents: (spec.parents ?? []).map((parent) => ({ datasetId: datasets[parent.dataset].datasetId, derivation: parent.derivation })),
      borderConditions: borderConditionsOf(checked.document),
    });
    datasets[key] = {
      datasetId: registered.datasetId,
      title: metadata.title,
      holder,
      file: repoPath(file),
      contentHash,
      metadataFile: repoPath(metadataFile),
      metadataURI: metadata.uri,
      metadataHash,
    };
    return registered.datasetId;
  };
  const confirm = async (key: DemoDatasetKey, ...registrars: DemoActor[]) => {
    for (const registrar of registrars) {
      step(`${profiles.get(registrar)!.name.en} confirms ${datasets[key].title.en}`);
      await confirmDataset(context(registrar), { datasetId: datasets[key].datasetId });
    }
  };

  await register("births");
  await confirm("births", "exchange");
  await register("outpatient");
  await confirm("outpatient", "exchange", "registrar2");
  await register("pathogen");
  await confirm("pathogen", "exchange", "registrar2");
  await register("metro");
  // The health commission's CDO confirms another body's data (never the commission's own).
  await confirm("metro", "healthCdo");
  await register("smeCredit");
  await confirm("smeCredit", "exchange");
  await register("studentMobility");
  await confirm("studentMobility", "registrar2");

  const objection = { dataset: "studentMobility", objector: "transport", resolver: "exchange", upheld: false } as const;
  step(`${profiles.get(objection.objector)!.name.en} objects to ${datasets.studentMobility.title.en}`);
  await objectToDataset(context(objection.objector), { datasetId: datasets.studentMobility.datasetId, evidenceHash: await evidence("objection") });

  await register("smeLoanBook");
  await confirm("smeLoanBook", "exchange");

  // A squatter's claim: the bank registers a copy of the commission's published open data, and a registrar refuses it.
  const refusal = { dataset: "vaccinationSites", squatter: "bank", registrar: "exchange" } as const;
  await register(refusal.dataset, refusal.squatter);
  step(`${profiles.get(refusal.registrar)!.name.en} refuses the claim in review: the content is free again`);
  const refused = await refuseDataset(context(refusal.registrar), { datasetId: datasets.vaccinationSites.datasetId, reasonHash: await evidence("refusal") });

  // Personal data: two confirmations of distinct organisations, then the bank's objection stops its notice clock.
  const upheld = { dataset: "metroCardTrips", objector: "bank", voters: ["registrar2", "regulator"] as DemoActor[], outcome: "rejected" } as const;
  await register(upheld.dataset);
  await confirm(upheld.dataset, "exchange", "healthCdo");
  step(`${profiles.get(upheld.objector)!.name.en} objects to ${datasets.metroCardTrips.title.en}`);
  await objectToDataset(context(upheld.objector), { datasetId: datasets.metroCardTrips.datasetId, evidenceHash: await evidence("cardTripsObjection") });

  step("anchoring the batch of roadside air-quality readings");
  const batch = await buildBatchFromFolder(join(demoDir, BATCH_FOLDER), { algorithm: "sha256" });
  const committed = await readJson<BatchManifest>(BATCH_MANIFEST_FILE);
  if (committed.root !== batch.root) {
    throw new Error(
      `demo/${BATCH_FOLDER} (root ${batch.root}) no longer matches demo/${BATCH_MANIFEST_FILE} (root ${committed.root}): run npx tsx scripts/demo/generate-batch.ts`,
    );
  }
  const anchored = await anchorBatch(context("transport"), { batch, manifestURI: demoUri(BATCH_MANIFEST_FILE) });

  // 3. The notice period of everything confirmed so far runs out.
  const timeTravel: DemoRecord["timeTravel"] = [];
  const travel = async (seconds: number, why: string) => {
    step(`moving the chain clock ${seconds} s forward: ${why}`);
    await increaseTime(publicClient, seconds);
    timeTravel.push({ seconds, why });
  };
  await travel(Number(deployment.noticePeriod) + 1, "the first registrations leave their public notice period");

  // Derivation builds only on confirmed data: the outpatient records are, now.
  // Declassified by de-identification: it needs the two confirmations its personal parent needed.
  await register("outpatientDeidentified");
  await confirm("outpatientDeidentified", "exchange", "registrar2");
  await register("smeDefaultRates");
  await confirm("smeDefaultRates", "exchange");
  await travel(Number(deployment.noticePeriod) + 1, "the de-identified outpatient data leaves its public notice period");

  // 4. The grants, the freeze, the decided dispute and the revocation.

  const now = (await publicClient.getBlock()).timestamp;
  const grants = {} as DemoRecord["grants"];
  const grant = async (
    key: DemoGrantKey,
    spec: {
      dataset: DemoDatasetKey;
      /** The officer of the holding organisation who grants, when not the organisation's first account. */
      as?: DemoActor;
      grantee: DemoActor;
      right: "PROCESSING_USE" | "PRODUCT_OPERATION" | "HOLDING";
      purpose: keyof typeof PURPOSES;
      days?: bigint;
      mechanism?: "GBA_SC_HK" | "GBA_SC_MO";
      evidence?: Parameters<typeof grantRight>[1]["evidence"];
    },
  ) => {
    const grantor = spec.as ?? datasets[spec.dataset].holder;
    step(`${profiles.get(grantor)!.name.en} grants ${spec.right.toLowerCase().replace("_", "/")} on ${datasets[spec.dataset].title.en} to ${profiles.get(spec.grantee)!.name.en}`);
    const issued = await grantRight(context(grantor), {
      datasetId: datasets[spec.dataset].datasetId,
      grantee: address(spec.grantee),
      right: spec.right,
      purposeCode: PURPOSES[spec.purpose].code,
      purposeHash: sha256Text(PURPOSES[spec.purpose].text),
      expiresAt: spec.days === undefined ? undefined : now + spec.days * DAY,
      mechanism: spec.mechanism,
      evidence: spec.evidence,
    });
    grants[key] = { grantId: issued.grantId.toString(), dataset: spec.dataset, grantor, grantee: spec.grantee, right: issued.right, mechanism: issued.mechanism };
    return issued.grantId;
  };

  // Personal data from Guangzhou to Hong Kong under the GBA standard contract: the regulator's gate.
  const gbaResearch = await grant("gbaResearch", {
    dataset: "outpatient",
    grantee: "university",
    right: "PROCESSING_USE",
    purpose: "research",
    days: 365n,
    mechanism: "GBA_SC_HK",
    evidence: {
      contractHash: await evidence("gbaContractHk"),
      impactAssessmentHash: await evidence("impactAssessment"),
      consentRecordsRoot: await evidence("consentRecords"),
      filingRef: await evidence("filingHk"),
    },
  });
  step("the regulator acknowledges the GBA standard-contract grant");
  await acknowledgeGrant(context("regulator"), { grantId: gbaResearch, noteHash: await evidence("acknowledgementHk") });

  // Personal data to another organisation at home still waits for the regulator, who refuses it.
  const bankDenied = await grant("bankDenied", {
    dataset: "outpatient",
    grantee: "bank",
    right: "PROCESSING_USE",
    purpose: "insuranceDesign",
    days: 180n,
    evidence: { consentRecordsRoot: await evidence("consentRecords") },
  });
  step("the regulator denies the bank's grant");
  await denyGrant(context("regulator"), { grantId: bankDenied, reasonHash: await evidence("denial") });

  // Public, general data within Guangzhou: active at once, until its holder revokes it.
  const bankRevoked = await grant("bankRevoked", { dataset: "metro", grantee: "bank", right: "PROCESSING_USE", purpose: "commuterSpending", days: 90n });
  step("the transport bureau revokes the bank's grant");
  await revokeGrant(context("transport"), { grantId: bankRevoked, reasonHash: await evidence("revocation") });

  // The commission holds the births; its records office, an officer its own key added, grants on them.
  await grant("transitPlanning", { dataset: "births", as: "healthRecords", grantee: "transport", right: "PROCESSING_USE", purpose: "transitPlanning" });

  await grant("macaoAwaiting", {
    dataset: "outpatientDeidentified",
    grantee: "macaoHospital",
    right: "PROCESSING_USE",
    purpose: "servicePlanning",
    days: 183n,
    mechanism: "GBA_SC_MO",
    evidence: { contractHash: await evidence("gbaContractMo"), filingRef: await evidence("filingMo") },
  });

  const frozen = { dataset: "pathogen", regulator: "regulator" } as const;
  step(`the regulator freezes ${datasets.pathogen.title.en}`);
  await freezeDataset(context(frozen.regulator), { datasetId: datasets.pathogen.datasetId, reasonHash: await evidence("freeze") });

  // Upholding an objection takes the confirmation quorum: two independent organisations for personal data.
  const decisions = { registrar2: "cardTripsDecisionRegistrar", regulator: "cardTripsDecisionRegulator" } as const;
  for (const voter of upheld.voters) {
    step(`${profiles.get(voter)!.name.en} votes to uphold the objection and reject ${datasets.metroCardTrips.title.en}`);
    await resolveDispute(context(voter), { datasetId: datasets.metroCardTrips.datasetId, upheld: true, decisionHash: await evidence(decisions[voter as keyof typeof decisions]) });
  }

  // After its notice period a registration can still be revoked, by the same independent quorum (one, for general data).
  const revocation = { dataset: "smeLoanBook", decider: "regulator", derived: "smeDefaultRates", markedBy: "auditor", reconfirmed: false } as const;
  step(`${profiles.get(revocation.decider)!.name.en} revokes ${datasets.smeLoanBook.title.en}`);
  await correctDataset(context(revocation.decider), { datasetId: datasets.smeLoanBook.datasetId, decisionHash: await evidence("loanBookRevocation") });
  step(`${profiles.get(revocation.markedBy)!.name.en} marks ${datasets.smeDefaultRates.title.en} as derived from revoked data`);
  await markRevokedAncestry(context(revocation.markedBy), { datasetId: datasets.smeDefaultRates.datasetId, parentId: datasets.smeLoanBook.datasetId });

  // 5. Catch up with the present, when the story began in the past.
  const behind = Math.floor(Date.now() / 1000) - Number((await publicClient.getBlock()).timestamp);
  if (behind > 0) await travel(behind, "the chain's clock catches up with the present");

  // 6. Mid-process registrations.
  await register("metroRev2");
  await confirm("metroRev2", "exchange");
  await register("crossBorderPayments");
  await confirm("crossBorderPayments", "exchange");
  await register("waitingTimes");
  // The rightful holder's claim on the content the bank's claim had taken: the content's second claim.
  await register(refusal.dataset);
  await confirm(refusal.dataset, "exchange");

  step(`${profiles.get(objection.resolver)!.name.en} dismisses the objection: the survey's notice period resumes`);
  await resolveDispute(context(objection.resolver), {
    datasetId: datasets.studentMobility.datasetId,
    upheld: objection.upheld,
    decisionHash: await evidence("decision"),
  });

  const last = await publicClient.getBlock();
  const accounts = Object.fromEntries(
    (Object.entries(CAST) as [DemoActor, (typeof CAST)[DemoActor]][]).map(([actor, member]) => [
      actor,
      {
        index: member.index,
        address: address(actor),
        name: profiles.get(actor)!.name,
        jurisdiction: member.jurisdiction,
        roles: actor === "admin" ? ["zone admin"] : member.keyOf ? ["organisation key"] : member.roles.map((role) => role.toLowerCase()),
        organisation: organisations.get(actor) ?? address(actor),
        attestedName: attestedNames.get(organisations.get(actor) ?? address(actor)) ?? null,
        profile: repoPath(`participants/${member.profile}.json`),
        metadataURI: participantMetadataUri(member.profile, profiles.get(actor)!.name),
      },
    ]),
  ) as DemoRecord["accounts"];

  return {
    format: "dpr-demo/2",
    chainId: deployment.chainId,
    contracts: {
      directory: getAddress(deployment.contracts.directory),
      datasets: getAddress(deployment.contracts.datasets),
      grants: getAddress(deployment.contracts.grants),
      anchors: getAddress(deployment.contracts.anchors),
      forwarder: getAddress(deployment.contracts.forwarder),
    },
    deploymentBlock: deployment.deploymentBlock.toString(),
    deploymentBlockHash: deploymentBlock.hash,
    noticePeriod: deployment.noticePeriod.toString(),
    seededAt: new Date().toISOString(),
    seededBlock: last.number.toString(),
    seededBlockHash: last.hash,
    timeTravel,
    accounts,
    datasets,
    grants,
    objection: { ...objection, evidenceFile: repoPath(EVIDENCE.objection), decisionFile: repoPath(EVIDENCE.decision) },
    refusal: { ...refusal, reasonFile: repoPath(EVIDENCE.refusal), refusedClaim: refused.claim, claim: refused.claim + 1 },
    upheld: {
      ...upheld,
      evidenceFile: repoPath(EVIDENCE.cardTripsObjection),
      decisionFiles: [repoPath(EVIDENCE.cardTripsDecisionRegistrar), repoPath(EVIDENCE.cardTripsDecisionRegulator)],
    },
    revocation: { ...revocation, decisionFile: repoPath(EVIDENCE.loanBookRevocation) },
    frozen: { ...frozen, reasonFile: repoPath(EVIDENCE.freeze) },
    anchor: {
      root: anchored.root,
      anchorer: "transport",
      folder: repoPath(BATCH_FOLDER),
      leafCount: anchored.leafCount,
      manifestFile: repoPath(BATCH_MANIFEST_FILE),
      manifestURI: demoUri(BATCH_MANIFEST_FILE),
      proofsFile: repoPath(BATCH_PROOFS_FILE),
    },
  };
}

/** Moves the chain clock forward and mines a block (both Hardhat's node and anvil speak these). */
async function increaseTime(publicClient: PublicClient<Transport, Chain | undefined>, seconds: number): Promise<void> {
  const request = publicClient.request as unknown as (call: { method: string; params: unknown[] }) => Promise<unknown>;
  await request({ method: "evm_increaseTime", params: [seconds] });
  await request({ method: "evm_mine", params: [] });
}
