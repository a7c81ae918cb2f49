/**
 * Test support: a story on a real node that emits every event the contracts declare, through the SDK's
 * write actions (the way the CLI and the demo write). The indexer's tests index it and compare with the
 * chain's own reads.
 */
import {
  type Deployment,
  type DprContext,
  acceptZoneAdmin,
  acknowledgeGrant,
  addParticipant,
  anchorBatch,
  attestOrganisationName,
  buildBatch,
  cancelTransfer,
  confirmDataset,
  confirmTransfer,
  correctDataset,
  denyGrant,
  deployContracts,
  freezeDataset,
  grantRight,
  markRevokedAncestry,
  objectToDataset,
  reconfirmDataset,
  refuseDataset,
  registerDataset,
  reinstateGrant,
  reinstateParticipant,
  requestTransfer,
  resolveDispute,
  retireDataset,
  revokeGrant,
  setParticipantLegalIdentity,
  setParticipantMetadataURI,
  setParticipantRoles,
  suspendGrant,
  suspendParticipant,
  transferZoneAdmin,
  unfreezeDataset,
  withdrawDataset,
} from "@dpr/sdk";
import { type Address, type Hex, createPublicClient, createTestClient, createWalletClient, http, keccak256, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";

export const MNEMONIC = "test test test test test test test test test test test junk";

export type Actor = "admin" | "registrar" | "registrar2" | "regulator" | "holder" | "holderHK" | "holder2" | "auditor" | "newAdmin" | "clerk";
const ACTORS: Actor[] = ["admin", "registrar", "registrar2", "regulator", "holder", "holderHK", "holder2", "auditor", "newAdmin", "clerk"];

/** A distinct bytes32 for a label. */
export const h = (label: string): Hex => keccak256(toHex(label));

export interface StoryChain {
  url: string;
  deployment: Deployment;
  a: Record<Actor, Address>;
  as(actor: Actor): DprContext;
  publicClient: DprContext["publicClient"];
  testClient: ReturnType<typeof createTestClient>;
  /** Moves the clock and mines a block. */
  increaseTime(seconds: number): Promise<void>;
}

/** Deploys DPR (notice period `noticePeriod` seconds) on the node at `url` and onboards the cast. */
export async function setUpChain(url: string, noticePeriod = 60): Promise<StoryChain> {
  const transport = http(url, { retryCount: 0 });
  const publicClient = createPublicClient({ chain: hardhat, transport, pollingInterval: 20, cacheTime: 0 }) as DprContext["publicClient"];
  const testClient = createTestClient({ chain: hardhat, mode: "hardhat", transport });
  const accounts = Object.fromEntries(ACTORS.map((actor, i) => [actor, mnemonicToAccount(MNEMONIC, { addressIndex: i })])) as Record<
    Actor,
    ReturnType<typeof mnemonicToAccount>
  >;
  const a = Object.fromEntries(ACTORS.map((actor) => [actor, accounts[actor].address])) as Record<Actor, Address>;
  const wallet = (actor: Actor) => createWalletClient({ chain: hardhat, transport, account: accounts[actor] });
  const deployed = await deployContracts(wallet("admin"), publicClient, { noticePeriod: BigInt(noticePeriod) });
  const deployment: Deployment = {
    format: "dpr-deployment/1",
    chainId: deployed.chainId,
    contracts: deployed.contracts,
    deploymentBlock: deployed.deploymentBlock,
    noticePeriod: BigInt(noticePeriod),
    zoneAdmin: a.admin,
    deployedAt: new Date().toISOString(),
  };
  const contexts = new Map<Actor, DprContext>();
  const as = (actor: Actor): DprContext => {
    let context = contexts.get(actor);
    if (!context) contexts.set(actor, (context = { publicClient, walletClient: wallet(actor), deployment }));
    return context;
  };
  return {
    url,
    deployment,
    a,
    as,
    publicClient,
    testClient,
    async increaseTime(seconds) {
      await testClient.increaseTime({ seconds });
      await testClient.mine({ blocks: 1 });
    },
  };
}

/** The story's zone secret for legal identities, and the one it rotates to (public: test data). */
export const STORY_ZONE_SECRET = `0x${"57".repeat(32)}` as const;
export const STORY_ROTATED_ZONE_SECRET = `0x${"58".repeat(32)}` as const;

/** Onboards the cast, as the zone admin: two registrars, a regulator, three holders (GZ, HK, GZ) and an auditor. */
export async function onboard(chain: StoryChain): Promise<void> {
  const cast: [Actor, "GZ" | "HK", string[]][] = [
    ["registrar", "GZ", ["registrar"]],
    ["registrar2", "GZ", ["registrar"]],
    ["regulator", "GZ", ["regulator"]],
    ["holder", "GZ", ["holder"]],
    ["holderHK", "HK", ["holder"]],
    ["holder2", "GZ", ["holder"]],
    ["auditor", "GZ", ["auditor"]],
  ];
  for (const [actor, jurisdiction, roles] of cast) {
    await addParticipant(chain.as("admin"), {
      account: chain.a[actor],
      jurisdiction,
      roles,
      legalIdentity: `legal identity of ${actor}`,
      zoneSecret: STORY_ZONE_SECRET,
      metadataURI: `https://zone.example/participants/${actor}.json`,
    });
  }
}

export interface StoryRecord {
  datasets: Record<string, Hex>;
  grants: Record<string, bigint>;
  anchorRoot: Hex;
}

/** The names the story attests for the holder's organisation: the first, then the one that replaces it. */
export const STORY_NAMES = {
  first: "Suicheng Health Commission",
  second: { en: "Suicheng Municipal Health Commission (fictional)", "zh-CN": "穗城市卫生健康委员会（虚构）" },
  /** What the holder then declares in its own profile. */
  declared: "Guangzhou Municipal Government",
} as const;

/**
 * Every event type at least once: participants (added, roles, metadata, suspended, reinstated, legal
 * identity re-committed, organisation name attested: the holder's, then an account `clerk` joining its
 * organisation, the holder renaming itself in its profile, and the name attested again), the zone
 * admin's handover, datasets (registered, versions, derived, confirmed by one and two registrars,
 * objected, resolved three ways, transfer requested/cancelled/completed, frozen, unfrozen, retired; refused
 * and claimed again, withdrawn, paused by a freeze and by an objection, voted, holder corrected, revoked,
 * ancestry marked and re-confirmed),
 * grants (issued, acknowledged, denied, suspended, reinstated, revoked), and a batch anchor.
 */
export async function tellStory(chain: StoryChain): Promise<StoryRecord> {
  const { a } = chain;
  await onboard(chain);
  const datasets: Record<string, Hex> = {};
  const grants: Record<string, bigint> = {};
  const register = async (label: string, actor: Actor, overrides: Partial<Parameters<typeof registerDataset>[1]> = {}) => {
    const result = await registerDataset(chain.as(actor), {
      contentHash: h(`content:${label}`),
      metadataHash: h(`metadata:${label}`),
      metadataURI: `https://data.example/${label}.json`,
      category: "public",
      grade: "general",
      sector: "transport",
      jurisdiction: actor === "holderHK" ? "HK" : "GZ",
      ...overrides,
    });
    datasets[label] = result.datasetId;
    return result.datasetId;
  };
  const confirm = (label: string, registrar: Actor = "registrar") => confirmDataset(chain.as(registrar), { datasetId: datasets[label]! });

  // Participants change.
  await setParticipantRoles(chain.as("admin"), { account: a.holder2, roles: ["holder", "auditor"] });
  await setParticipantMetadataURI(chain.as("admin"), { account: a.holder2, metadataURI: "https://zone.example/participants/holder2-v2.json" });
  await suspendParticipant(chain.as("admin"), { account: a.auditor, reasonHash: h("audit licence lapsed") });
  await reinstateParticipant(chain.as("admin"), { account: a.auditor, reasonHash: h("licence renewed") });
  await setParticipantLegalIdentity(chain.as("admin"), {
    organisation: a.holder2,
    legalIdentity: "legal identity of holder2",
    zoneSecret: STORY_ROTATED_ZONE_SECRET,
  });
  await attestOrganisationName(chain.as("admin"), { organisation: a.holder, name: STORY_NAMES.first });
  await addParticipant(chain.as("admin"), {
    account: a.clerk,
    jurisdiction: "GZ",
    roles: ["auditor"],
    legalIdentity: "legal identity of holder",
    zoneSecret: STORY_ZONE_SECRET,
  });
  await setParticipantMetadataURI(chain.as("holder"), {
    account: a.holder,
    metadataURI: `data:application/json,${encodeURIComponent(JSON.stringify({ name: STORY_NAMES.declared }))}`,
  });
  await attestOrganisationName(chain.as("admin"), { organisation: a.holder, name: STORY_NAMES.second });

  // Registrations: general (one registrar), personal (two), a version, a derivative.
  await register("traffic", "holder");
  await register("patients", "holder", { category: "personal", containsPersonalData: true, sector: "health", grade: "important" });
  await register("loans", "holder2", { category: "enterprise", sector: "finance" });
  await register("campus", "holderHK", { sector: "education" });
  await confirm("traffic");
  await confirm("patients", "registrar");
  await confirm("patients", "registrar2");
  await confirm("loans");
  await confirm("campus");
  await chain.increaseTime(61);
  await register("traffic-v2", "holder", { versionOf: datasets.traffic });
  await register("patients-deid", "holder", {
    category: "public",
    sector: "health",
    grade: "important",
    parents: [{ datasetId: datasets.patients!, derivation: "de-identification" }],
  });
  await register("mix", "holder", {
    sector: "population",
    parents: [
      { datasetId: datasets.traffic!, derivation: "aggregation" },
      { datasetId: datasets.patients!, derivation: "transformation" },
    ],
    grade: "important",
    category: "personal",
    containsPersonalData: true,
  });
  await register("campus-map", "holderHK", { sector: "education", parents: [{ datasetId: datasets.campus!, derivation: "transformation" }] });
  await register("campus-atlas", "holderHK", { sector: "education", parents: [{ datasetId: datasets.campus!, derivation: "aggregation" }] });
  await confirm("traffic-v2");
  await register("old", "holder", { sector: "other" });
  await confirm("old");

  // Objections: dismissed, upheld (rejected), upheld with a new holder.
  await register("disputed", "holder", { sector: "biosafety" });
  await register("copied", "holder2", { sector: "other" });
  await register("claimed", "holder", { sector: "population" });
  await confirm("disputed");
  await confirm("copied");
  await confirm("claimed");
  await objectToDataset(chain.as("holder2"), { datasetId: datasets.disputed!, evidenceHash: h("evidence: disputed") });
  await objectToDataset(chain.as("registrar2"), { datasetId: datasets.disputed!, evidenceHash: h("more evidence: disputed") });
  await resolveDispute(chain.as("regulator"), { datasetId: datasets.disputed!, upheld: false, decisionHash: h("decision: dismissed") });
  await objectToDataset(chain.as("holder"), { datasetId: datasets.copied!, evidenceHash: h("evidence: copied") });
  await resolveDispute(chain.as("regulator"), { datasetId: datasets.copied!, upheld: true, decisionHash: h("decision: rejected") });
  await objectToDataset(chain.as("holder2"), { datasetId: datasets.claimed!, evidenceHash: h("evidence: claimed") });
  await resolveDispute(chain.as("regulator"), { datasetId: datasets.claimed!, upheld: true, newHolder: a.holder2, decisionHash: h("decision: to holder2") });
  await chain.increaseTime(61);

  // Holding transfers: cancelled, then completed.
  await requestTransfer(chain.as("holder2"), { datasetId: datasets.loans!, to: a.holder });
  await cancelTransfer(chain.as("holder2"), { datasetId: datasets.loans! });
  await requestTransfer(chain.as("holder2"), { datasetId: datasets.loans!, to: a.holder });
  await confirmTransfer(chain.as("registrar2"), { datasetId: datasets.loans! });

  // Grants: domestic active, cross-border acknowledged, denied, suspended and reinstated, revoked.
  const grant = async (label: string, parameters: Parameters<typeof grantRight>[1], actor: Actor = "holder") => {
    grants[label] = (await grantRight(chain.as(actor), parameters)).grantId;
  };
  const now = BigInt(Math.floor(Date.now() / 1000));
  await grant("domestic", { datasetId: datasets.traffic!, grantee: a.holder2, right: "processing-use", purposeCode: 101, purposeHash: h("route planning") });
  await grant("gba", {
    datasetId: datasets["traffic-v2"]!,
    grantee: a.holderHK,
    right: "processing-use",
    purposeCode: 202,
    purposeHash: h("cross-boundary commuting study"),
    expiresAt: now + 365n * 86_400n,
    mechanism: "gba-sc-hk",
    evidence: { contractHash: h("GBA standard contract"), filingRef: h("filing 2026-001") },
  });
  await acknowledgeGrant(chain.as("regulator"), { grantId: grants.gba!, noteHash: h("acknowledged") });
  await grant("refused", {
    datasetId: datasets.traffic!,
    grantee: a.holderHK,
    right: "product-operation",
    purposeCode: 303,
    purposeHash: h("resale"),
    expiresAt: now + 30n * 86_400n,
    mechanism: "gba-sc-hk",
    evidence: { contractHash: h("contract 2"), filingRef: h("filing 2026-002") },
  });
  await denyGrant(chain.as("regulator"), { grantId: grants.refused!, reasonHash: h("purpose not allowed") });
  await grant("suspended", { datasetId: datasets.claimed!, grantee: a.holder, right: "processing-use", purposeCode: 404, purposeHash: h("research") }, "holder2");
  await suspendGrant(chain.as("regulator"), { grantId: grants.suspended!, reasonHash: h("inspection") });
  await reinstateGrant(chain.as("regulator"), { grantId: grants.suspended!, reasonHash: h("inspection passed") });
  await grant("revoked", { datasetId: datasets.traffic!, grantee: a.holder2, right: "product-operation", purposeCode: 505, purposeHash: h("app") });
  await revokeGrant(chain.as("holder"), { grantId: grants.revoked!, reasonHash: h("contract ended") });

  // Freeze, unfreeze, retire.
  await freezeDataset(chain.as("regulator"), { datasetId: datasets.campus!, reasonHash: h("investigation") });
  await register("frozen", "holder", { sector: "finance" });
  await confirm("frozen");
  await freezeDataset(chain.as("regulator"), { datasetId: datasets.frozen!, reasonHash: h("court order") });
  await unfreezeDataset(chain.as("regulator"), { datasetId: datasets.campus!, reasonHash: h("cleared") });
  await retireDataset(chain.as("holder"), { datasetId: datasets.old! });

  // Life cycle v2. A refused claim derived from traffic, and a second claim on its content (same id) by
  // another holder, with no parents.
  await register("reclaimed", "holder", { sector: "other", parents: [{ datasetId: datasets.traffic!, derivation: "transformation" }] });
  await refuseDataset(chain.as("registrar"), { datasetId: datasets.reclaimed!, reasonHash: h("reason: not the holder's data") });
  await register("reclaimed", "holder2", { sector: "other" });
  // A withdrawal during notice, and a withdrawn version (its predecessor is the latest again).
  await register("withdrawn", "holder", { sector: "other" });
  await confirm("withdrawn");
  await withdrawDataset(chain.as("holder"), { datasetId: datasets.withdrawn! });
  await register("loans-v2", "holder", { category: "enterprise", sector: "finance", versionOf: datasets.loans });
  await withdrawDataset(chain.as("holder"), { datasetId: datasets["loans-v2"]! });
  // The notice clock paused: by a freeze, and by an objection left open.
  await register("paused", "holder", { sector: "other" });
  await confirm("paused");
  await freezeDataset(chain.as("regulator"), { datasetId: datasets.paused!, reasonHash: h("paused") });
  await register("objected", "holder", { sector: "other" });
  await confirm("objected");
  await objectToDataset(chain.as("holder2"), { datasetId: datasets.objected!, evidenceHash: h("evidence: objected") });
  // A decision short of its quorum (important data: two organisations).
  await register("voted", "holder", { sector: "other", grade: "important" });
  await objectToDataset(chain.as("holder2"), { datasetId: datasets.voted!, evidenceHash: h("evidence: voted") });
  await resolveDispute(chain.as("regulator"), { datasetId: datasets.voted!, upheld: true, decisionHash: h("decision: reject voted") });
  // Corrections after notice: a holder corrected (its grant confers nothing), a registration revoked, and
  // its derivatives marked: one re-confirmed, one left marked.
  await correctDataset(chain.as("regulator"), { datasetId: datasets.claimed!, newHolder: a.holder, decisionHash: h("decision: claimed to holder") });
  await correctDataset(chain.as("regulator"), { datasetId: datasets.campus!, decisionHash: h("decision: revoke campus") });
  await markRevokedAncestry(chain.as("auditor"), { datasetId: datasets["campus-map"]!, parentId: datasets.campus! });
  await reconfirmDataset(chain.as("registrar"), { datasetId: datasets["campus-map"]! });
  await markRevokedAncestry(chain.as("auditor"), { datasetId: datasets["campus-atlas"]!, parentId: datasets.campus! });

  // A batch anchor.
  const batch = buildBatch(
    Array.from({ length: 20 }, (_, i) => ({ path: `sensors/${String(i).padStart(3, "0")}.csv`, contentHash: h(`sensor file ${i}`), size: BigInt(100 + i) })),
    { algorithm: "sha256" },
  );
  const anchored = await anchorBatch(chain.as("holder"), { batch, manifestURI: "https://data.example/batches/sensors.json" });

  // The zone admin hands over.
  await transferZoneAdmin(chain.as("admin"), { newAdmin: a.newAdmin });
  // Accepted in a later block: the directory's handover delay is zero, and strict.
  await chain.increaseTime(1);
  await acceptZoneAdmin(chain.as("newAdmin"));

  return { datasets, grants, anchorRoot: anchored.root };
}
