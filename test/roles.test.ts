/**
 * The role matrix: every state-changing function of every DPR contract, called by every kind of actor.
 *
 * Each row names one function (some functions get two rows, one per kind of target), a setup that
 * builds the state the call needs, the call itself, what an accepted call must have changed, and the
 * expected outcome for each of the eleven actors: "ok", or the exact custom error and its arguments.
 * One test runs per (row, actor); the row's setup runs once and the chain reverts to it between actors.
 * A completeness check at the end fails when a contract gains a state-changing function without a row.
 * The fixture gives every office of the directory to governance (the admin); test/ParticipantDirectory.governance.test.ts
 * separates them. Organisations hold, accounts act: `cdo`, an officer of the holder's organisation, acts for it
 * wherever the holder may; holder2's organisation has a designated key (`key`), which manages its officers.
 */
import { type Abi, type Address, type Hex, type TransactionReceipt, encodeFunctionData, getAddress, parseEventLogs, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import {
  DatasetStatus,
  Derivation,
  Grade,
  GrantStatus,
  HashAlgorithm,
  Jurisdiction,
  ObjectionStatus,
  Right,
  Role,
  TransferMechanism,
  batchAnchorRegistryAbi,
  datasetRegistryAbi,
  grantRegistryAbi,
  participantDirectoryAbi,
  requestForwarderAbi,
  ZONE_OFFICES,
} from "@dpr/sdk";
import { increaseTime, loadFixture, now, publicClient, testClient } from "./helpers/chain.js";
import {
  DAY,
  type Dpr,
  NOTICE_PERIOD,
  deployDpr,
  expectRevert,
  grantRequest,
  h,
  mined,
  register,
  registerConfirmed,
  registration,
  roles,
  signForwardRequest,
} from "./helpers/dpr.js";

/** The columns of the matrix. */
const ACTORS = [
  "admin", // the zone's governance, holding every office in this fixture; not a participant
  "registrar", // a registrar of an independent organisation
  "regulator",
  "holder", // the holder of the dataset or grant in question
  "holder2", // another GZ holder, of another organisation
  "holderHK",
  "auditor",
  "cdo", // a registrar of the holder's own organisation: an officer acting for it
  "suspended", // a holder-only participant, suspended
  "stranger", // not a participant
  "key", // the designated key of holder2's organisation; not a participant
] as const;
type MatrixActor = (typeof ACTORS)[number];

/** Hardhat has 12 unlocked accounts, all in the cast: the suspended holder is an impersonated address. */
const SUSPENDED_HOLDER = getAddress(`0x${h("account:suspended-holder").slice(26)}`);
/** A successor deployment's directory, for migration (the address is all the directory keeps). */
const SUCCESSOR = getAddress(`0x${h("account:successor-directory").slice(26)}`);
/** An address that is not yet a participant, for onboarding. */
const NEWCOMER = getAddress(`0x${h("account:newcomer").slice(26)}`);
/** The key holder2's organisation designated (an impersonated address: typically the organisation's multisig). */
const HOLDER2_KEY = getAddress(`0x${h("account:holder2-organisation-key").slice(26)}`);
/** A key the onboarding office designates for the holder's organisation in the setOrganisationKey row. */
const HOLDER_KEY = getAddress(`0x${h("account:holder-organisation-key").slice(26)}`);

interface World {
  dpr: Dpr;
  /** The address of each actor of the matrix. */
  who: Record<MatrixActor, Address>;
}

/** The DPR cast plus one suspended holder-only participant, and a designated key for holder2's organisation. */
async function deployWorld(): Promise<World> {
  const dpr = await deployDpr();
  for (const address of [SUSPENDED_HOLDER, HOLDER2_KEY]) {
    await testClient.impersonateAccount({ address });
    await testClient.setBalance({ address, value: 10n ** 21n });
  }
  const admin = dpr.as("admin").directory.write;
  await mined(
    admin.addParticipant([
      SUSPENDED_HOLDER,
      Jurisdiction.GZ,
      roles("HOLDER"),
      h("legal-id:gz-suspended-trader"),
      "https://zone.example/participants/suspended.json",
    ]),
  );
  await mined(admin.suspend([SUSPENDED_HOLDER, h("reason:suspended-in-fixture")]));
  await mined(admin.setOrganisationKey([dpr.a.holder2, HOLDER2_KEY]));
  const special: Partial<Record<MatrixActor, Address>> = { suspended: SUSPENDED_HOLDER, key: HOLDER2_KEY };
  const who = Object.fromEntries(
    ACTORS.map((actor) => [actor, getAddress(special[actor] ?? dpr.a[actor as Exclude<MatrixActor, "suspended" | "key">])]),
  ) as Record<MatrixActor, Address>;
  return { dpr, who };
}

type Refusal<C> = { error: string; args: (w: World, actor: MatrixActor, ctx: C) => readonly unknown[] };
type Outcome<C> = "ok" | Refusal<C>;

interface Row<C> {
  contract: "ParticipantDirectory" | "DatasetRegistry" | "GrantRegistry" | "BatchAnchorRegistry" | "RequestForwarder";
  /** The function's name in the ABI. */
  fn: string;
  /** Distinguishes two rows of one function (e.g. the kind of target). */
  variant?: string;
  /** Builds the state the call needs (runs once per row; reverted to between actors). */
  setup: (w: World) => Promise<C>;
  call: (w: World, actor: MatrixActor, ctx: C) => Promise<Hex>;
  /** What an accepted call does, for the test's name. */
  effect: string;
  /** Asserts the state change after an accepted call. */
  after: (w: World, actor: MatrixActor, ctx: C, receipt: TransactionReceipt) => Promise<void>;
  expected: Record<MatrixActor, Outcome<C>>;
  /** Cells where the contract is believed wrong: the test asserts the expected behaviour with it.fails. */
  knownBugs?: Partial<Record<MatrixActor, string>>;
}

/** A refusal with `error` and the arguments `args` computes. */
function refuse<C>(error: string, args: (w: World, actor: MatrixActor, ctx: C) => readonly unknown[]): Refusal<C> {
  return { error, args };
}

/** Every actor gets `others`, except those listed in `cells`. */
function matrix<C>(others: Outcome<C>, cells: Partial<Record<MatrixActor, Outcome<C>>>): Record<MatrixActor, Outcome<C>> {
  return Object.fromEntries(ACTORS.map((actor) => [actor, cells[actor] ?? others])) as Record<MatrixActor, Outcome<C>>;
}

/** Erases a row's context type so that rows of different contexts share one table. */
function row<C>(r: Row<C>): Row<unknown> {
  return r as unknown as Row<unknown>;
}

const caller = (w: World, actor: MatrixActor) => w.who[actor];
const OK = "ok" as const;

// Contexts.
type DatasetCtx = { id: Hex };
type GrantCtx = { id: Hex; grantId: bigint };

const sameAddress = (a: string, b: string) => expect(getAddress(a)).toBe(getAddress(b));

async function status(w: World, id: Hex) {
  return w.dpr.read.datasets.read.status([id]);
}

/** A general dataset held by `holder`, confirmed by `registrar`, its notice period over. */
async function confirmedDataset(w: World, label: string): Promise<DatasetCtx> {
  const id = await registerConfirmed(w.dpr, label);
  await increaseTime(NOTICE_PERIOD);
  expect(await status(w, id)).toBe(DatasetStatus.CONFIRMED);
  return { id };
}

/** A domestic grant of processing/use to holder2 on a confirmed dataset of holder: active at once. */
async function activeGrant(w: World, label: string): Promise<GrantCtx> {
  const { id } = await confirmedDataset(w, label);
  await mined(w.dpr.as("holder").grants.write.grant([grantRequest({ datasetId: id, grantee: w.who.holder2 })]));
  const grantId = await w.dpr.read.grants.read.grantCount();
  expect(await w.dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.ACTIVE);
  return { id, grantId };
}

/** A cross-border grant (GZ data to a HK holder under the GBA standard contract): awaits the regulator. */
async function awaitingGrant(w: World, label: string): Promise<GrantCtx> {
  const { id } = await confirmedDataset(w, label);
  const request = grantRequest({
    datasetId: id,
    grantee: w.who.holderHK,
    mechanism: TransferMechanism.GBA_SC_HK,
    expiresAt: (await now()) + 365n * DAY,
    evidence: { contractHash: h("gba-standard-contract"), filingRef: h("filing:gba") },
  });
  await mined(w.dpr.as("holder").grants.write.grant([request]));
  const grantId = await w.dpr.read.grants.read.grantCount();
  expect(await w.dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
  return { id, grantId };
}

// Refusals shared by many rows.
const directoryUnauthorized = <C>() =>
  refuse<C>("ParticipantDirectoryUnauthorized", (w, actor) => [caller(w, actor)]);
/** Refused by OpenZeppelin's AccessControl: the caller does not hold `office` (a role hash of the directory). */
const notOffice = <C>(office: Hex) => refuse<C>("AccessControlUnauthorizedAccount", (w, actor) => [caller(w, actor), office]);
const notOnboarding = <C>() => notOffice<C>(ZONE_OFFICES.ONBOARDING);
const notDiscipline = <C>() => notOffice<C>(ZONE_OFFICES.DISCIPLINE);
const notGovernance = <C>() => notOffice<C>(ZONE_OFFICES.GOVERNANCE);
/** Refused: the caller is not the key designated for `organisation` (named by its first account). */
const notKeyOf = <C>(organisation: MatrixActor) =>
  refuse<C>("ParticipantDirectoryNotOrganisationKey", (w, actor) => [caller(w, actor), w.who[organisation]]);
const datasetMissingRole = (role: Role) =>
  refuse<DatasetCtx>("DatasetRegistryMissingRole", (w, actor) => [caller(w, actor), role]);
const datasetNotHolder = refuse<DatasetCtx>("DatasetRegistryNotHolder", (w, actor, ctx) => [ctx.id, caller(w, actor)]);
const datasetOwnOrganisation = refuse<DatasetCtx>("DatasetRegistryOwnOrganisation", (w, actor, ctx) => [
  ctx.id,
  caller(w, actor),
]);
const grantMissingRegulator = refuse<GrantCtx>("GrantRegistryMissingRole", (w, actor) => [caller(w, actor), Role.REGULATOR]);
const notDecider = refuse<DatasetCtx>("DatasetRegistryNotRegistrarOrRegulator", (w, actor) => [caller(w, actor)]);
/** A decider of `organisation` (named by its first account), which is concerned by the case. */
const notIndependent = (organisation: MatrixActor) =>
  refuse<DatasetCtx>("DatasetRegistryNotIndependent", (w, actor, ctx) => [ctx.id, caller(w, actor), w.who[organisation]]);
/**
 * Who decides on a dataset of `holder` that `registrar` confirmed (resolve, correct): any REGISTRAR or REGULATOR
 * of none of the organisations concerned. `registrar` confirmed it and `cdo` is of the holder's organisation.
 */
const deciders = () =>
  matrix(notDecider, { regulator: OK, registrar: notIndependent("registrar"), cdo: notIndependent("holder") });

/** Who may object to a dataset of `holder`: any active participant outside the holder's organisation. */
const objectors = () =>
  matrix<DatasetCtx>(OK, {
    admin: refuse("DatasetRegistryInactiveParticipant", (w) => [w.who.admin]),
    stranger: refuse("DatasetRegistryInactiveParticipant", (w) => [w.who.stranger]),
    suspended: refuse("DatasetRegistryInactiveParticipant", (w) => [w.who.suspended]),
    // An organisation's key is not a participant: it manages officers and acts for nothing else.
    key: refuse("DatasetRegistryInactiveParticipant", (w) => [w.who.key]),
    holder: refuse("DatasetRegistryHolderCannotObject", (w, _a, { id }) => [id, w.who.holder]),
    cdo: refuse("DatasetRegistryHolderCannotObject", (w, _a, { id }) => [id, w.who.cdo]),
  });

/** A dataset derived by `holder` from a confirmed parent, confirmed itself, whose parent a quorum then revoked. */
type AncestryCtx = DatasetCtx & { parents: readonly { datasetId: Hex; derivation: Derivation }[] };
async function revokedAncestry(w: World, label: string): Promise<AncestryCtx> {
  const { id: parent } = await confirmedDataset(w, `${label}-parent`);
  const parents = [{ datasetId: parent, derivation: Derivation.TRANSFORMATION }] as const;
  const id = await registerConfirmed(w.dpr, label, { parents });
  await increaseTime(NOTICE_PERIOD);
  await mined(w.dpr.as("regulator").datasets.write.correct([parent, zeroAddress, h("decision:revoke-parent")]));
  expect(await status(w, parent)).toBe(DatasetStatus.REVOKED);
  return { id, parents };
}

const PARTICIPANT_DIRECTORY_ROWS: Row<unknown>[] = [
  row<object>({
    contract: "ParticipantDirectory",
    fn: "addParticipant",
    variant: "of a holder-only participant",
    setup: async () => ({}),
    call: (w, actor) =>
      w.dpr
        .as(caller(w, actor))
        .directory.write.addParticipant([NEWCOMER, Jurisdiction.GZ, roles("HOLDER"), h("legal-id:newcomer"), "https://zone.example/p/newcomer.json"]),
    effect: "onboards an active holder",
    after: async (w, actor, _ctx, receipt) => {
      const participant = await w.dpr.read.directory.read.getParticipant([NEWCOMER]);
      expect(participant.roles).toBe(roles("HOLDER"));
      expect(await w.dpr.read.directory.read.isActive([NEWCOMER])).toBe(true);
      const [added] = parseEventLogs({ abi: participantDirectoryAbi, eventName: "ParticipantAdded", logs: receipt.logs });
      sameAddress(added!.args.addedBy, caller(w, actor));
    },
    // Only the onboarding office (held by governance here): registrars no longer onboard anyone.
    expected: matrix(notOnboarding(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "addParticipant",
    variant: "with a role beyond HOLDER",
    setup: async () => ({}),
    call: (w, actor) =>
      w.dpr
        .as(caller(w, actor))
        .directory.write.addParticipant([NEWCOMER, Jurisdiction.GZ, roles("REGISTRAR"), h("legal-id:newcomer"), "https://zone.example/p/newcomer.json"]),
    effect: "onboards a registrar",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.hasRole([NEWCOMER, Role.REGISTRAR])).toBe(true);
    },
    expected: matrix(notOnboarding(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "setRoles",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.setRoles([w.who.holder2, roles("HOLDER", "REGISTRAR")]),
    effect: "makes holder2 a registrar",
    after: async (w) => {
      expect((await w.dpr.read.directory.read.getParticipant([w.who.holder2])).roles).toBe(roles("HOLDER", "REGISTRAR"));
    },
    expected: matrix(notOnboarding(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "setMetadataURI",
    variant: "of the holder",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.setMetadataURI([w.who.holder, "https://zone.example/p/holder-v2.json"]),
    effect: "moves the holder's profile",
    after: async (w, actor, _ctx, receipt) => {
      const [changed] = parseEventLogs({ abi: participantDirectoryAbi, eventName: "ParticipantMetadataChanged", logs: receipt.logs });
      sameAddress(changed!.args.account, w.who.holder);
      sameAddress(changed!.args.changedBy, caller(w, actor));
      expect(changed!.args.metadataURI).toBe("https://zone.example/p/holder-v2.json");
    },
    // The participant itself or the zone admin; not even a registrar of its organisation.
    expected: matrix(directoryUnauthorized(), { admin: OK, holder: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "setMetadataURI",
    variant: "of the caller's own profile",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.setMetadataURI([caller(w, actor), "https://zone.example/p/own-v2.json"]),
    effect: "moves the caller's profile",
    after: async (w, actor, _ctx, receipt) => {
      const [changed] = parseEventLogs({ abi: participantDirectoryAbi, eventName: "ParticipantMetadataChanged", logs: receipt.logs });
      sameAddress(changed!.args.account, caller(w, actor));
      sameAddress(changed!.args.changedBy, caller(w, actor));
    },
    expected: matrix<object>(OK, {
      admin: refuse("ParticipantDirectoryUnknownParticipant", (w) => [w.who.admin]),
      stranger: refuse("ParticipantDirectoryUnknownParticipant", (w) => [w.who.stranger]),
      key: refuse("ParticipantDirectoryUnknownParticipant", (w) => [w.who.key]),
      suspended: refuse("ParticipantDirectorySuspended", (w) => [w.who.suspended]),
    }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "suspend",
    variant: "of a holder-only participant",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.suspend([w.dpr.a.holderMO, h("reason:matrix")]),
    effect: "suspends the holder",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.isActive([w.dpr.a.holderMO])).toBe(false);
    },
    // Only the discipline office: registrars no longer discipline holders.
    expected: matrix(notDiscipline(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "suspend",
    variant: "of a registrar",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.suspend([w.dpr.a.registrar2, h("reason:matrix")]),
    effect: "suspends the registrar",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.isActive([w.dpr.a.registrar2])).toBe(false);
    },
    expected: matrix(notDiscipline(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "reinstate",
    variant: "of the suspended holder",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.reinstate([w.who.suspended, h("reason:matrix")]),
    effect: "reinstates the holder",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.isActive([w.who.suspended])).toBe(true);
    },
    // Only the discipline office; the holder cannot reinstate itself.
    expected: matrix(notDiscipline(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "setLegalIdentity",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.setLegalIdentity([w.who.holder, h("legal-id:rotated:holder")]),
    effect: "re-commits the holder's organisation",
    after: async (w) => {
      sameAddress(await w.dpr.read.directory.read.organisationByLegalIdentity([h("legal-id:rotated:holder")]), w.who.holder);
      expect(await w.dpr.read.directory.read.organisationByLegalIdentity([h("legal-id:gz-health-commission")])).toBe(zeroAddress);
    },
    expected: matrix(notOnboarding(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "attestName",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.attestName([w.who.holder, "Suicheng Municipal Health Commission"]),
    effect: "attests the holder's organisation's name",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.attestedNameOf([w.who.holder])).toBe("Suicheng Municipal Health Commission");
    },
    // Only the onboarding office; the holder cannot name itself.
    expected: matrix(notOnboarding(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "beginDefaultAdminTransfer",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.beginDefaultAdminTransfer([w.who.stranger]),
    effect: "offers governance to the stranger, the admin governing until it accepts",
    after: async (w) => {
      sameAddress((await w.dpr.read.directory.read.pendingDefaultAdmin())[0], w.who.stranger);
      sameAddress(await w.dpr.read.directory.read.defaultAdmin(), w.who.admin);
    },
    expected: matrix(notGovernance(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "acceptDefaultAdminTransfer",
    variant: "offered to the stranger",
    setup: async (w) => {
      await mined(w.dpr.as("admin").directory.write.beginDefaultAdminTransfer([w.who.stranger]));
      return {};
    },
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.acceptDefaultAdminTransfer(),
    effect: "makes the stranger the zone's governance",
    after: async (w) => {
      sameAddress(await w.dpr.read.directory.read.defaultAdmin(), w.who.stranger);
      expect(await w.dpr.read.directory.read.hasRole([ZONE_OFFICES.GOVERNANCE, w.who.admin])).toBe(false);
      expect((await w.dpr.read.directory.read.pendingDefaultAdmin())[0]).toBe(zeroAddress);
    },
    // Only the account offered governance, not even the current governance.
    expected: matrix(
      refuse<object>("AccessControlInvalidDefaultAdmin", (w, actor) => [caller(w, actor)]),
      { stranger: OK },
    ),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "cancelDefaultAdminTransfer",
    variant: "offered to the stranger",
    setup: async (w) => {
      await mined(w.dpr.as("admin").directory.write.beginDefaultAdminTransfer([w.who.stranger]));
      return {};
    },
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.cancelDefaultAdminTransfer(),
    effect: "withdraws the offer",
    after: async (w) => {
      expect((await w.dpr.read.directory.read.pendingDefaultAdmin())[0]).toBe(zeroAddress);
      await expectRevert(w.dpr.as("stranger").directory.write.acceptDefaultAdminTransfer(), "AccessControlInvalidDefaultAdmin", [
        w.who.stranger,
      ]);
    },
    // Not even the account it was offered to.
    expected: matrix(notGovernance(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "changeDefaultAdminDelay",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.changeDefaultAdminDelay([Number(DAY)]),
    effect: "schedules a one-day delay on governance handovers",
    after: async (w) => {
      expect((await w.dpr.read.directory.read.pendingDefaultAdminDelay())[0]).toBe(Number(DAY));
      expect(await w.dpr.read.directory.read.defaultAdminDelay()).toBe(0);
    },
    expected: matrix(notGovernance(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "rollbackDefaultAdminDelay",
    variant: "of a scheduled one-day delay",
    setup: async (w) => {
      await mined(w.dpr.as("admin").directory.write.changeDefaultAdminDelay([Number(DAY)]));
      return {};
    },
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.rollbackDefaultAdminDelay(),
    effect: "drops the scheduled delay",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.pendingDefaultAdminDelay()).toEqual([0, 0]);
    },
    expected: matrix(notGovernance(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "grantRole",
    variant: "of the onboarding office to holder2",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.grantRole([ZONE_OFFICES.ONBOARDING, w.who.holder2]),
    effect: "makes holder2 an onboarding officer",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.hasRole([ZONE_OFFICES.ONBOARDING, w.who.holder2])).toBe(true);
    },
    // Governance grants; an office holder cannot grant its office (the admin holds them all here, as governance).
    expected: matrix(notGovernance(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "grantRole",
    variant: "of governance itself",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.grantRole([ZONE_OFFICES.GOVERNANCE, caller(w, actor)]),
    effect: "(never: governance moves only in two steps)",
    after: async () => {
      throw new Error("governance is never granted directly");
    },
    // Refused before the caller is looked at: there is one governance, and it moves by handover.
    expected: matrix(refuse<object>("AccessControlEnforcedDefaultAdminRules", () => []), {}),
  }),
  row<{ officer: Address }>({
    contract: "ParticipantDirectory",
    fn: "revokeRole",
    variant: "of the auditor's pause office",
    setup: async (w) => {
      await mined(w.dpr.as("admin").directory.write.grantRole([ZONE_OFFICES.PAUSE, w.who.auditor]));
      return { officer: w.who.auditor };
    },
    call: (w, actor, { officer }) => w.dpr.as(caller(w, actor)).directory.write.revokeRole([ZONE_OFFICES.PAUSE, officer]),
    effect: "takes the pause office from the auditor",
    after: async (w, _actor, { officer }) => {
      expect(await w.dpr.read.directory.read.hasRole([ZONE_OFFICES.PAUSE, officer])).toBe(false);
    },
    // Not even the office holder itself (it may renounce, which is another function).
    expected: matrix(notGovernance(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "renounceRole",
    variant: "of the admin's pause office",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.renounceRole([ZONE_OFFICES.PAUSE, w.who.admin]),
    effect: "gives up the pause office",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.hasRole([ZONE_OFFICES.PAUSE, w.who.admin])).toBe(false);
    },
    // Only for oneself: nobody renounces an office for its holder.
    expected: matrix(refuse<object>("AccessControlBadConfirmation", () => []), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "renounceRole",
    variant: "of governance",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.renounceRole([ZONE_OFFICES.GOVERNANCE, w.who.admin]),
    effect: "(never: the zone always has a governance)",
    after: async () => {
      throw new Error("governance is never renounced");
    },
    // Renouncing needs a scheduled handover to the zero address, which beginDefaultAdminTransfer refuses
    // (ParticipantDirectoryCannotRenounce); OpenZeppelin checks the schedule before the caller.
    expected: matrix(refuse<object>("AccessControlEnforcedDefaultAdminDelay", () => [0]), {}),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "removeParticipant",
    variant: "of holder2",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.removeParticipant([w.who.holder2, h("reason:matrix")]),
    effect: "stops holder2's account acting, its organisation's record staying (marked removed)",
    after: async (w, actor, _ctx, receipt) => {
      expect(await w.dpr.read.directory.read.isActive([w.who.holder2])).toBe(false);
      // holder2 founded its organisation: the address still names it, and its record stays.
      sameAddress(await w.dpr.read.directory.read.organisationOf([w.who.holder2]), w.who.holder2);
      expect(await w.dpr.read.directory.read.getParticipant([w.who.holder2])).toMatchObject({ roles: roles("HOLDER"), removed: true });
      const [removed] = parseEventLogs({ abi: participantDirectoryAbi, eventName: "ParticipantRemoved", logs: receipt.logs });
      sameAddress(removed!.args.account, w.who.holder2);
      sameAddress(removed!.args.removedBy, caller(w, actor));
    },
    // The onboarding office or the organisation's designated key; not holder2 itself, nor a registrar.
    expected: matrix(notKeyOf("holder2"), { admin: OK, key: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "setOrganisationKey",
    variant: "of the holder's organisation",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.setOrganisationKey([w.who.holder, HOLDER_KEY]),
    effect: "designates the key that manages the holder's officers",
    after: async (w, actor, _ctx, receipt) => {
      sameAddress(await w.dpr.read.directory.read.organisationKeyOf([w.who.holder]), HOLDER_KEY);
      const logs = parseEventLogs({ abi: participantDirectoryAbi, eventName: "OrganisationKeySet", logs: receipt.logs });
      expect(logs.map((e) => e.args)).toEqual([{ organisation: w.who.holder, key: HOLDER_KEY, setBy: caller(w, actor) }]);
    },
    // The onboarding office only: not the organisation itself, not another organisation's key.
    expected: matrix(notOnboarding(), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "addOfficer",
    variant: "to holder2's organisation",
    setup: async () => ({}),
    call: (w, actor) =>
      w.dpr.as(caller(w, actor)).directory.write.addOfficer([w.who.holder2, NEWCOMER, roles("HOLDER"), "https://zone.example/p/officer.json"]),
    effect: "onboards an officer of holder2's organisation",
    after: async (w, actor, _ctx, receipt) => {
      expect(await w.dpr.read.directory.read.getParticipant([NEWCOMER])).toMatchObject({
        organisation: w.who.holder2,
        jurisdiction: Jurisdiction.GZ,
        roles: roles("HOLDER"),
        suspended: false,
        removed: false,
      });
      expect(await w.dpr.read.directory.read.isActive([NEWCOMER])).toBe(true);
      const [added] = parseEventLogs({ abi: participantDirectoryAbi, eventName: "ParticipantAdded", logs: receipt.logs });
      sameAddress(added!.args.organisation, w.who.holder2);
      sameAddress(added!.args.addedBy, caller(w, actor));
    },
    // The organisation's designated key only: not the onboarding office, not holder2 itself.
    expected: matrix(notKeyOf("holder2"), { key: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "pause",
    variant: "for a day",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.pause([Number(DAY), h("reason:matrix")]),
    effect: "stops new registrations for a day",
    after: async (w, _actor, _ctx, receipt) => {
      const { timestamp } = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
      expect(BigInt(await w.dpr.read.directory.read.pausedUntil())).toBe(timestamp + DAY);
      await expectRevert(w.dpr.read.directory.read.requireOpen(), "ParticipantDirectoryPaused", [Number(timestamp + DAY)]);
    },
    expected: matrix(notOffice(ZONE_OFFICES.PAUSE), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "unpause",
    variant: "of a day's pause",
    setup: async (w) => {
      await mined(w.dpr.as("admin").directory.write.pause([Number(DAY), h("reason:matrix")]));
      return {};
    },
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.unpause([h("reason:matrix")]),
    effect: "reopens the zone",
    after: async (w) => {
      expect(await w.dpr.read.directory.read.pausedUntil()).toBe(0);
      await w.dpr.read.directory.read.requireOpen();
    },
    expected: matrix(notOffice(ZONE_OFFICES.PAUSE), { admin: OK }),
  }),
  row<object>({
    contract: "ParticipantDirectory",
    fn: "migrate",
    setup: async () => ({}),
    call: (w, actor) => w.dpr.as(caller(w, actor)).directory.write.migrate([SUCCESSOR, h("note:matrix")]),
    effect: "closes the deployment in favour of the successor",
    after: async (w) => {
      sameAddress(await w.dpr.read.directory.read.successor(), SUCCESSOR);
      await expectRevert(w.dpr.read.directory.read.requireOpen(), "ParticipantDirectoryMigrated", [SUCCESSOR]);
    },
    expected: matrix(notOffice(ZONE_OFFICES.MIGRATION), { admin: OK }),
  }),
];

/** The register row's registration, held where `actor` is established. */
function matrixRegistration(actor: MatrixActor) {
  return registration("matrix-register", { jurisdiction: actor === "holderHK" ? Jurisdiction.HK : Jurisdiction.GZ });
}

const DATASET_REGISTRY_ROWS: Row<unknown>[] = [
  row<object>({
    contract: "DatasetRegistry",
    fn: "register",
    setup: async () => ({}),
    // Each holder registers data held in its own jurisdiction; the others are refused before that is checked.
    call: (w, actor) => w.dpr.as(caller(w, actor)).datasets.write.register([matrixRegistration(actor)]),
    effect: "registers a pending dataset held by the caller",
    after: async (w, actor) => {
      const r = matrixRegistration(actor);
      const record = await w.dpr.read.datasets.read.getDataset([await w.dpr.read.datasets.read.datasetIdOf([r.algorithm, r.contentHash])]);
      sameAddress(record.holder, caller(w, actor));
      expect(record.status).toBe(DatasetStatus.PENDING);
    },
    // Active holders only; a suspended holder has no role.
    expected: matrix(
      refuse("DatasetRegistryMissingRole", (w, actor) => [caller(w, actor), Role.HOLDER]),
      { holder: OK, holder2: OK, holderHK: OK },
    ),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "confirm",
    setup: async (w) => ({ id: await register(w.dpr, "holder", registration("matrix-confirm")) }),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.confirm([id]),
    effect: "starts the notice period",
    after: async (w, _actor, { id }) => {
      const record = await w.dpr.read.datasets.read.getDataset([id]);
      expect(record.status).toBe(DatasetStatus.NOTICE);
      expect(record.confirmations).toBe(1);
    },
    expected: matrix(datasetMissingRole(Role.REGISTRAR), { registrar: OK, cdo: datasetOwnOrganisation }),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "object",
    variant: "during notice",
    setup: async (w) => ({ id: await registerConfirmed(w.dpr, "matrix-object") }),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.object([id, h("evidence:matrix")]),
    effect: "disputes the dataset",
    after: async (w, actor, { id }, receipt) => {
      expect(await status(w, id)).toBe(DatasetStatus.DISPUTED);
      const [objected] = parseEventLogs({ abi: datasetRegistryAbi, eventName: "DatasetObjected", logs: receipt.logs });
      sameAddress(objected!.args.objector, caller(w, actor));
      sameAddress(objected!.args.organisation, caller(w, actor));
    },
    // Any active participant outside the holder's organisation (the confirming registrar included).
    expected: objectors(),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "object",
    variant: "while pending",
    setup: async (w) => ({ id: await register(w.dpr, "holder", registration("matrix-object-pending")) }),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.object([id, h("evidence:matrix")]),
    effect: "disputes the dataset before any confirmation",
    after: async (w, _actor, { id }) => {
      const record = await w.dpr.read.datasets.read.getDataset([id]);
      expect(record.status).toBe(DatasetStatus.DISPUTED);
      expect(record.confirmations).toBe(0);
    },
    expected: objectors(),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "resolve",
    variant: "dismissing holder2's objection",
    setup: async (w) => {
      const id = await registerConfirmed(w.dpr, "matrix-resolve");
      await mined(w.dpr.as("holder2").datasets.write.object([id, h("evidence:matrix")]));
      return { id };
    },
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.resolve([id, false, zeroAddress, h("decision:matrix")]),
    effect: "returns the dataset to its notice period",
    after: async (w, _actor, { id }) => {
      const record = await w.dpr.read.datasets.read.getDataset([id]);
      expect(record.status).toBe(DatasetStatus.NOTICE);
      expect(record.openObjections).toBe(0);
      expect(await w.dpr.read.datasets.read.objectionOf([id, w.who.holder2])).toBe(ObjectionStatus.DISMISSED);
    },
    // An independent decider: the confirming registrar, the holder's organisation and the objector's never decide
    // (holder2, the objector, is neither registrar nor regulator anyway).
    expected: deciders(),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "resolve",
    variant: "upholding holder2's objection (rejection)",
    setup: async (w) => {
      const id = await registerConfirmed(w.dpr, "matrix-resolve-upheld");
      await mined(w.dpr.as("holder2").datasets.write.object([id, h("evidence:matrix")]));
      return { id };
    },
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.resolve([id, true, zeroAddress, h("decision:matrix")]),
    effect: "rejects the registration (one vote decides on general data)",
    after: async (w, _actor, { id }) => {
      expect(await status(w, id)).toBe(DatasetStatus.REJECTED);
      expect(await w.dpr.read.datasets.read.objectionOf([id, w.who.holder2])).toBe(ObjectionStatus.UPHELD);
    },
    expected: deciders(),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "refuse",
    variant: "in review",
    setup: async (w) => ({ id: await register(w.dpr, "holder", registration("matrix-refuse")) }),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.refuse([id, h("reason:matrix")]),
    effect: "refuses the registration, freeing its content",
    after: async (w, actor, { id }, receipt) => {
      expect(await status(w, id)).toBe(DatasetStatus.REFUSED);
      const [refused] = parseEventLogs({ abi: datasetRegistryAbi, eventName: "DatasetRefused", logs: receipt.logs });
      sameAddress(refused!.args.registrar, caller(w, actor));
      expect(refused!.args.claim).toBe(1);
    },
    // As for confirm: an active registrar outside the holder's organisation.
    expected: matrix(datasetMissingRole(Role.REGISTRAR), { registrar: OK, cdo: datasetOwnOrganisation }),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "withdraw",
    variant: "in its notice period",
    setup: async (w) => ({ id: await registerConfirmed(w.dpr, "matrix-withdraw") }),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.withdraw([id]),
    effect: "withdraws the registration, freeing its content",
    after: async (w, actor, { id }, receipt) => {
      expect(await status(w, id)).toBe(DatasetStatus.WITHDRAWN);
      const [withdrawn] = parseEventLogs({ abi: datasetRegistryAbi, eventName: "DatasetWithdrawn", logs: receipt.logs });
      // The event's `holder` is the holding organisation, whichever of its officers withdrew (cdo too).
      sameAddress(withdrawn!.args.holder, caller(w, "holder"));
    },
    // The holding organisation's officers (its registrar cdo included); not a regulator.
    expected: matrix(datasetNotHolder, { holder: OK, cdo: OK }),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "correct",
    variant: "revoking a confirmed dataset",
    setup: (w) => confirmedDataset(w, "matrix-revoke"),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.correct([id, zeroAddress, h("decision:matrix")]),
    effect: "revokes it (one vote decides on general data)",
    after: async (w, _actor, { id }) => {
      expect(await status(w, id)).toBe(DatasetStatus.REVOKED);
    },
    expected: deciders(),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "correct",
    variant: "naming holder2 the holder of a confirmed dataset",
    setup: (w) => confirmedDataset(w, "matrix-correct-holder"),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.correct([id, w.who.holder2, h("decision:matrix")]),
    effect: "corrects the holder and starts a fresh notice period",
    after: async (w, _actor, { id }) => {
      const record = await w.dpr.read.datasets.read.getDataset([id]);
      sameAddress(record.holder, w.who.holder2);
      expect(record.status).toBe(DatasetStatus.NOTICE);
      expect(record.grantsValidFrom).toBe(1n);
    },
    expected: deciders(),
  }),
  row<AncestryCtx>({
    contract: "DatasetRegistry",
    fn: "markRevokedAncestry",
    variant: "of a dataset whose parent is revoked",
    setup: (w) => revokedAncestry(w, "matrix-mark"),
    call: (w, actor, { id, parents }) => w.dpr.as(caller(w, actor)).datasets.write.markRevokedAncestry([id, parents, 0n]),
    effect: "marks it as derived from revoked data",
    after: async (w, actor, { id }, receipt) => {
      expect((await w.dpr.read.datasets.read.profileOf([id])).ancestryRevoked).toBe(true);
      const [marked] = parseEventLogs({ abi: datasetRegistryAbi, eventName: "DatasetAncestryRevoked", logs: receipt.logs });
      sameAddress(marked!.args.markedBy, caller(w, actor));
    },
    // Anyone who shows it: the proof is on chain, so no role is needed, not even participation.
    expected: matrix<AncestryCtx>(OK, {}),
  }),
  row<AncestryCtx>({
    contract: "DatasetRegistry",
    fn: "reconfirm",
    variant: "of a dataset marked as derived from revoked data",
    setup: async (w) => {
      const ctx = await revokedAncestry(w, "matrix-reconfirm");
      await mined(w.dpr.as("stranger").datasets.write.markRevokedAncestry([ctx.id, ctx.parents, 0n]));
      return ctx;
    },
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.reconfirm([id]),
    effect: "clears the mark",
    after: async (w, actor, { id }, receipt) => {
      expect((await w.dpr.read.datasets.read.profileOf([id])).ancestryRevoked).toBe(false);
      const [reconfirmed] = parseEventLogs({ abi: datasetRegistryAbi, eventName: "DatasetReconfirmed", logs: receipt.logs });
      sameAddress(reconfirmed!.args.registrar, caller(w, actor));
    },
    // As for confirm: an active registrar outside the holder's organisation.
    expected: matrix(datasetMissingRole(Role.REGISTRAR), { registrar: OK, cdo: datasetOwnOrganisation }),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "requestTransfer",
    variant: "to holder2",
    setup: (w) => confirmedDataset(w, "matrix-request-transfer"),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.requestTransfer([id, w.who.holder2]),
    effect: "records the pending transfer",
    after: async (w, _actor, { id }) => {
      sameAddress((await w.dpr.read.datasets.read.getDataset([id])).pendingTransferTo, w.who.holder2);
    },
    expected: matrix(datasetNotHolder, { holder: OK, cdo: OK }),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "cancelTransfer",
    setup: async (w) => {
      const ctx = await confirmedDataset(w, "matrix-cancel-transfer");
      await mined(w.dpr.as("holder").datasets.write.requestTransfer([ctx.id, w.who.holder2]));
      return ctx;
    },
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.cancelTransfer([id]),
    effect: "clears the pending transfer",
    after: async (w, _actor, { id }) => {
      expect((await w.dpr.read.datasets.read.getDataset([id])).pendingTransferTo).toBe(zeroAddress);
    },
    // Not even the proposed recipient (nor its key) may withdraw it; a regulator may (a suspended holder's sale).
    expected: matrix(
      refuse<DatasetCtx>("DatasetRegistryNotHolderOrRegulator", (w, actor, ctx) => [ctx.id, caller(w, actor)]),
      { holder: OK, cdo: OK, regulator: OK },
    ),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "confirmTransfer",
    variant: "from holder to holder2",
    setup: async (w) => {
      const ctx = await confirmedDataset(w, "matrix-confirm-transfer");
      await mined(w.dpr.as("holder").datasets.write.requestTransfer([ctx.id, w.who.holder2]));
      return ctx;
    },
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.confirmTransfer([id]),
    effect: "moves the holding to holder2",
    after: async (w, _actor, { id }) => {
      const record = await w.dpr.read.datasets.read.getDataset([id]);
      sameAddress(record.holder, w.who.holder2);
      expect(record.pendingTransferTo).toBe(zeroAddress);
    },
    // A registrar outside both parties' organisations; regulators do not confirm transfers.
    expected: matrix(datasetMissingRole(Role.REGISTRAR), { registrar: OK, cdo: datasetOwnOrganisation }),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "freeze",
    setup: (w) => confirmedDataset(w, "matrix-freeze"),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.freeze([id, h("reason:matrix")]),
    effect: "freezes the dataset",
    after: async (w, _actor, { id }) => {
      expect(await status(w, id)).toBe(DatasetStatus.FROZEN);
    },
    expected: matrix(datasetMissingRole(Role.REGULATOR), { regulator: OK }),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "unfreeze",
    setup: async (w) => {
      const ctx = await confirmedDataset(w, "matrix-unfreeze");
      await mined(w.dpr.as("regulator").datasets.write.freeze([ctx.id, h("reason:matrix")]));
      return ctx;
    },
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.unfreeze([id, h("reason:matrix")]),
    effect: "lifts the freeze",
    after: async (w, _actor, { id }) => {
      expect(await status(w, id)).toBe(DatasetStatus.CONFIRMED);
    },
    expected: matrix(datasetMissingRole(Role.REGULATOR), { regulator: OK }),
  }),
  row<DatasetCtx>({
    contract: "DatasetRegistry",
    fn: "retire",
    setup: (w) => confirmedDataset(w, "matrix-retire"),
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).datasets.write.retire([id]),
    effect: "retires the dataset",
    after: async (w, _actor, { id }) => {
      expect(await status(w, id)).toBe(DatasetStatus.RETIRED);
    },
    expected: matrix(datasetNotHolder, { holder: OK, cdo: OK }),
  }),
];

const GRANT_REGISTRY_ROWS: Row<unknown>[] = [
  row<DatasetCtx>({
    contract: "GrantRegistry",
    fn: "grant",
    variant: "to holder2",
    setup: (w) => confirmedDataset(w, "matrix-grant"),
    call: (w, actor, { id }) =>
      w.dpr.as(caller(w, actor)).grants.write.grant([grantRequest({ datasetId: id, grantee: w.who.holder2 })]),
    effect: "gives holder2 the right",
    after: async (w, _actor, { id }) => {
      expect(await w.dpr.read.grants.read.grantCount()).toBe(1n);
      expect(await w.dpr.read.grants.read.grantStatus([1n])).toBe(GrantStatus.ACTIVE);
      expect(await w.dpr.read.grants.read.hasRight([id, w.who.holder2, Right.PROCESSING_USE])).toBe(true);
    },
    // Any officer of the holding organisation (cdo too).
    expected: matrix(
      refuse<DatasetCtx>("GrantRegistryNotHolder", (w, actor, { id }) => [id, caller(w, actor)]),
      { holder: OK, cdo: OK },
    ),
  }),
  row<GrantCtx>({
    contract: "GrantRegistry",
    fn: "acknowledge",
    variant: "of a cross-border grant",
    setup: (w) => awaitingGrant(w, "matrix-acknowledge"),
    call: (w, actor, { grantId }) => w.dpr.as(caller(w, actor)).grants.write.acknowledge([grantId, h("note:matrix")]),
    effect: "activates the grant",
    after: async (w, _actor, { grantId }) => {
      expect(await w.dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.ACTIVE);
    },
    expected: matrix(grantMissingRegulator, { regulator: OK }),
  }),
  row<GrantCtx>({
    contract: "GrantRegistry",
    fn: "deny",
    variant: "of a cross-border grant",
    setup: (w) => awaitingGrant(w, "matrix-deny"),
    call: (w, actor, { grantId }) => w.dpr.as(caller(w, actor)).grants.write.deny([grantId, h("reason:matrix")]),
    effect: "denies the grant",
    after: async (w, _actor, { grantId }) => {
      expect(await w.dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.DENIED);
    },
    expected: matrix(grantMissingRegulator, { regulator: OK }),
  }),
  row<GrantCtx>({
    contract: "GrantRegistry",
    fn: "suspend",
    setup: (w) => activeGrant(w, "matrix-grant-suspend"),
    call: (w, actor, { grantId }) => w.dpr.as(caller(w, actor)).grants.write.suspend([grantId, h("reason:matrix")]),
    effect: "suspends the grant",
    after: async (w, _actor, { grantId }) => {
      expect(await w.dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.SUSPENDED);
    },
    // Not even the holder who granted it.
    expected: matrix(grantMissingRegulator, { regulator: OK }),
  }),
  row<GrantCtx>({
    contract: "GrantRegistry",
    fn: "reinstate",
    setup: async (w) => {
      const ctx = await activeGrant(w, "matrix-grant-reinstate");
      await mined(w.dpr.as("regulator").grants.write.suspend([ctx.grantId, h("reason:matrix")]));
      return ctx;
    },
    call: (w, actor, { grantId }) => w.dpr.as(caller(w, actor)).grants.write.reinstate([grantId, h("reason:matrix")]),
    effect: "reactivates the grant",
    after: async (w, _actor, { grantId }) => {
      expect(await w.dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.ACTIVE);
    },
    expected: matrix(grantMissingRegulator, { regulator: OK }),
  }),
  row<GrantCtx>({
    contract: "GrantRegistry",
    fn: "revoke",
    setup: (w) => activeGrant(w, "matrix-grant-revoke"),
    call: (w, actor, { grantId }) => w.dpr.as(caller(w, actor)).grants.write.revoke([grantId, h("reason:matrix")]),
    effect: "revokes the grant",
    after: async (w, _actor, { id, grantId }) => {
      expect(await w.dpr.read.grants.read.grantStatus([grantId])).toBe(GrantStatus.REVOKED);
      expect(await w.dpr.read.grants.read.hasRight([id, w.who.holder2, Right.PROCESSING_USE])).toBe(false);
    },
    // The holder's organisation (cdo too) or a regulator; the grantee (holder2) cannot, nor its key.
    expected: matrix(
      refuse<GrantCtx>("GrantRegistryNotHolderOrRegulator", (w, actor, { grantId }) => [grantId, caller(w, actor)]),
      { holder: OK, cdo: OK, regulator: OK },
    ),
  }),
  row<DatasetCtx>({
    contract: "GrantRegistry",
    fn: "setBorderConditions",
    variant: "a tightening",
    setup: async (w) => {
      const id = await registerConfirmed(w.dpr, "matrix-conditions-set", { borderConditions: MATRIX_CONDITIONS });
      return { id };
    },
    call: (w, actor, { id }) =>
      w.dpr.as(caller(w, actor)).grants.write.setBorderConditions([id, { ...MATRIX_CONDITIONS, maxTerm: 30 * 86_400 }]),
    effect: "enforces the tighter conditions",
    after: async (w, _actor, { id }) => {
      expect((await w.dpr.read.grants.read.borderConditionsOf([id])).maxTerm).toBe(30 * 86_400);
    },
    // The holding organisation's officers (its chief data officer too); not a regulator.
    expected: matrix(
      refuse<DatasetCtx>("GrantRegistryNotHolder", (w, actor, { id }) => [id, caller(w, actor)]),
      { holder: OK, cdo: OK },
    ),
  }),
  row<DatasetCtx>({
    contract: "GrantRegistry",
    fn: "confirmBorderConditions",
    variant: "a proposed loosening",
    setup: async (w) => {
      const id = await registerConfirmed(w.dpr, "matrix-conditions-confirm", { borderConditions: MATRIX_CONDITIONS });
      await mined(w.dpr.as("holder").grants.write.setBorderConditions([id, MATRIX_LOOSER]));
      return { id };
    },
    call: (w, actor, { id }) => w.dpr.as(caller(w, actor)).grants.write.confirmBorderConditions([id, MATRIX_LOOSER]),
    effect: "enforces the looser conditions",
    after: async (w, _actor, { id }) => {
      expect(await w.dpr.read.grants.read.borderConditionsOf([id])).toEqual(MATRIX_LOOSER);
    },
    // A registrar of another organisation; the holder's own registrar (cdo) is refused by organisation.
    expected: matrix(
      refuse<DatasetCtx>("GrantRegistryMissingRole", (w, actor) => [caller(w, actor), Role.REGISTRAR]),
      {
        registrar: OK,
        cdo: refuse<DatasetCtx>("GrantRegistryConditionsOwnOrganisation", (w, actor, { id }) => [id, caller(w, actor)]),
      },
    ),
  }),
  row<DatasetCtx>({
    contract: "GrantRegistry",
    fn: "recordBorderConditions",
    variant: "called directly",
    setup: (w) => confirmedDataset(w, "matrix-conditions-record"),
    call: (w, actor, { id }) =>
      w.dpr.as(caller(w, actor)).grants.write.recordBorderConditions([id, w.who.holder, MATRIX_LOOSER, true]),
    effect: "nothing: only the dataset registry calls it",
    after: async () => {},
    expected: matrix(
      refuse<DatasetCtx>("GrantRegistryNotDatasetRegistry", (w, actor) => [caller(w, actor)]),
      {},
    ),
  }),
];

/** Conditional; processing/use; the GBA; purpose classes 1xx and 2xx; a year at most. */
const MATRIX_CONDITIONS = { openness: 2, rights: 1 << Right.PROCESSING_USE, regions: 1, purposeClasses: 0b110, maxTerm: 365 * 86_400 };
const MATRIX_LOOSER = { ...MATRIX_CONDITIONS, regions: 2, maxTerm: 0 };

const ROOT = h("batch-root:matrix");

const BATCH_ANCHOR_REGISTRY_ROWS: Row<unknown>[] = [
  row<object>({
    contract: "BatchAnchorRegistry",
    fn: "anchor",
    setup: async () => ({}),
    call: (w, actor) =>
      w.dpr
        .as(caller(w, actor))
        .anchors.write.anchor([ROOT, HashAlgorithm.SHA256, 3, 4096n, h("manifest:matrix"), "https://zone.example/batches/matrix.json"]),
    effect: "anchors the batch to the caller",
    after: async (w, actor) => {
      const anchored = await w.dpr.read.anchors.read.getAnchor([ROOT]);
      sameAddress(anchored.anchorer, caller(w, actor));
      expect(anchored.leafCount).toBe(3);
    },
    expected: matrix(
      refuse<object>("BatchAnchorRegistryNotHolder", (w, actor) => [caller(w, actor)]),
      { holder: OK, holder2: OK, holderHK: OK },
    ),
  }),
];

type ForwardedCtx = { requests: Awaited<ReturnType<typeof signForwardRequest>>[] };

/** Registrations the holder signed off line, one per label, with consecutive nonces. */
async function signedRegistrations(w: World, ...labels: string[]): Promise<ForwardedCtx> {
  const requests = [];
  for (const [i, label] of labels.entries()) {
    const data = encodeFunctionData({ abi: datasetRegistryAbi, functionName: "register", args: [registration(label)] });
    requests.push(await signForwardRequest(w.dpr, "holder", { to: w.dpr.addresses.datasets, data, nonce: BigInt(i) }));
  }
  return { requests };
}

/** Each label's dataset is registered, held by the holder who signed, not by whoever submitted it. */
async function expectForwardedRegistrations(w: World, receipt: TransactionReceipt, labels: string[]) {
  const registered = parseEventLogs({ abi: datasetRegistryAbi, eventName: "DatasetRegistered", logs: receipt.logs });
  expect(registered.map((e) => getAddress(e.args.holder))).toEqual(labels.map(() => w.who.holder));
  for (const label of labels) {
    const record = await w.dpr.read.datasets.read.getDataset([await w.dpr.read.datasets.read.datasetIdOf([registration(label).algorithm, registration(label).contentHash])]);
    sameAddress(record.holder, w.who.holder);
  }
  const executed = parseEventLogs({ abi: requestForwarderAbi, eventName: "ExecutedForwardRequest", logs: receipt.logs });
  expect(executed.map((e) => [getAddress(e.args.signer), e.args.nonce, e.args.success])).toEqual(
    labels.map((_, i) => [w.who.holder, BigInt(i), true]),
  );
}

const REQUEST_FORWARDER_ROWS: Row<unknown>[] = [
  row<ForwardedCtx>({
    contract: "RequestForwarder",
    fn: "execute",
    variant: "of a registration the holder signed",
    setup: (w) => signedRegistrations(w, "matrix-forwarded"),
    call: (w, actor, { requests }) => w.dpr.as(caller(w, actor)).forwarder.write.execute([requests[0]!]),
    effect: "registers the dataset for the holder",
    after: (w, _actor, _ctx, receipt) => expectForwardedRegistrations(w, receipt, ["matrix-forwarded"]),
    // Anyone may relay, participant or not, suspended or not: the registry judges the signer.
    expected: matrix<ForwardedCtx>(OK, {}),
  }),
  row<ForwardedCtx>({
    contract: "RequestForwarder",
    fn: "executeBatch",
    variant: "of two registrations the holder signed",
    setup: (w) => signedRegistrations(w, "matrix-batch-1", "matrix-batch-2"),
    call: (w, actor, { requests }) => w.dpr.as(caller(w, actor)).forwarder.write.executeBatch([requests, zeroAddress]),
    effect: "registers both datasets for the holder",
    after: (w, _actor, _ctx, receipt) => expectForwardedRegistrations(w, receipt, ["matrix-batch-1", "matrix-batch-2"]),
    expected: matrix<ForwardedCtx>(OK, {}),
  }),
];

const ROWS: Row<unknown>[] = [
  ...PARTICIPANT_DIRECTORY_ROWS,
  ...DATASET_REGISTRY_ROWS,
  ...GRANT_REGISTRY_ROWS,
  ...BATCH_ANCHOR_REGISTRY_ROWS,
  ...REQUEST_FORWARDER_ROWS,
];

/**
 * The views life cycle version 2 added to the dataset registry: open to everyone, participant or not, with the
 * same answer whoever asks (the registry keeps no secrets; evidence and reasons are hashes).
 */
interface ViewRow {
  fn: "decisionOf" | "objectionOf" | "openObjectors" | "hashAlgorithm";
  read: (w: World, actor: MatrixActor, ctx: DatasetCtx) => Promise<unknown>;
  expected: (w: World) => unknown;
}

/** An important dataset of holder that holder2 objects to and one organisation (the regulator) voted to reject. */
async function pendingDecision(w: World): Promise<DatasetCtx> {
  const id = await register(w.dpr, "holder", registration("matrix-views", { grade: Grade.IMPORTANT }));
  await mined(w.dpr.as("holder2").datasets.write.object([id, h("evidence:matrix")]));
  await mined(w.dpr.as("regulator").datasets.write.resolve([id, true, zeroAddress, h("decision:matrix")]));
  return { id };
}

const VIEW_ROWS: ViewRow[] = [
  {
    fn: "decisionOf",
    read: (w, actor, { id }) => w.dpr.read.datasets.read.decisionOf([id], { account: caller(w, actor) }),
    expected: (w) => ({ correction: false, newHolder: zeroAddress, votes: 1, required: 2, firstVoterOrganisation: w.who.regulator }),
  },
  {
    fn: "objectionOf",
    read: (w, actor, { id }) => w.dpr.read.datasets.read.objectionOf([id, w.who.holder2], { account: caller(w, actor) }),
    expected: () => ObjectionStatus.OPEN,
  },
  {
    fn: "openObjectors",
    read: (w, actor, { id }) => w.dpr.read.datasets.read.openObjectors([id], { account: caller(w, actor) }),
    expected: (w) => [w.who.holder2],
  },
  {
    fn: "hashAlgorithm",
    read: (w, actor) => w.dpr.read.datasets.read.hashAlgorithm({ account: caller(w, actor) }),
    expected: () => HashAlgorithm.SHA256,
  },
];

function testName(r: Row<unknown>, actor: MatrixActor, outcome: Outcome<unknown>): string {
  const fn = r.variant ? `${r.fn} ${r.variant}` : r.fn;
  return outcome === "ok" ? `${fn} by ${actor} succeeds and ${r.effect}` : `${fn} by ${actor} is refused with ${outcome.error}`;
}

describe("role matrix", () => {
  for (const contract of ["ParticipantDirectory", "DatasetRegistry", "GrantRegistry", "BatchAnchorRegistry", "RequestForwarder"] as const) {
    describe(contract, () => {
      for (const r of ROWS.filter((candidate) => candidate.contract === contract)) {
        // One stable fixture per row: its setup runs once, and each actor starts from its snapshot.
        const fixture = async () => {
          const w = await loadFixture(deployWorld);
          return { w, ctx: await r.setup(w) };
        };
        for (const actor of ACTORS) {
          const outcome = r.expected[actor];
          const bug = r.knownBugs?.[actor];
          const test = bug === undefined ? it : it.fails;
          test(testName(r, actor, outcome) + (bug === undefined ? "" : ` (known contract bug: ${bug})`), async () => {
            const { w, ctx } = await loadFixture(fixture);
            if (outcome === "ok") {
              const receipt = await mined(r.call(w, actor, ctx));
              await r.after(w, actor, ctx, receipt);
            } else {
              await expectRevert(r.call(w, actor, ctx), outcome.error, outcome.args(w, actor, ctx));
            }
          });
        }
      }
    });
  }

  describe("DatasetRegistry views", () => {
    const fixture = async () => {
      const w = await loadFixture(deployWorld);
      return { w, ctx: await pendingDecision(w) };
    };
    for (const view of VIEW_ROWS) {
      for (const actor of ACTORS) {
        it(`${view.fn} read by ${actor} answers as for anyone`, async () => {
          const { w, ctx } = await loadFixture(fixture);
          expect(await view.read(w, actor, ctx)).toEqual(view.expected(w));
        });
      }
    }
  });

  const ABIS: Record<Row<unknown>["contract"], Abi> = {
    ParticipantDirectory: participantDirectoryAbi,
    DatasetRegistry: datasetRegistryAbi,
    GrantRegistry: grantRegistryAbi,
    BatchAnchorRegistry: batchAnchorRegistryAbi,
    RequestForwarder: requestForwarderAbi,
  };

  it("has a row for every state-changing function of the five contracts", () => {
    const stateChanging = Object.entries(ABIS).flatMap(([contract, abi]) =>
      abi.flatMap((item) =>
        item.type === "function" && (item.stateMutability === "nonpayable" || item.stateMutability === "payable")
          ? [`${contract}.${item.name}`]
          : [],
      ),
    );
    // The ABIs really are there (the check below would pass vacuously on empty ABIs).
    expect(stateChanging).toEqual(
      expect.arrayContaining([
        "DatasetRegistry.register",
        "GrantRegistry.grant",
        "BatchAnchorRegistry.anchor",
        "ParticipantDirectory.pause",
        "RequestForwarder.execute",
      ]),
    );
    const covered = new Set(ROWS.map((r) => `${r.contract}.${r.fn}`));
    expect(stateChanging.filter((fn) => !covered.has(fn))).toEqual([]);
  });

  it("lists only views of the dataset registry", () => {
    for (const view of VIEW_ROWS) {
      const item = datasetRegistryAbi.find((candidate) => candidate.type === "function" && candidate.name === view.fn);
      expect(item && "stateMutability" in item ? item.stateMutability : undefined, view.fn).toMatch(/^(view|pure)$/);
    }
  });

  it("names only functions that exist, and gives every row an outcome for every actor", () => {
    for (const r of ROWS) {
      const names = ABIS[r.contract].flatMap((item) => (item.type === "function" ? [item.name] : []));
      expect(names, `${r.contract}.${r.fn}`).toContain(r.fn);
      expect(Object.keys(r.expected).sort(), `${r.contract}.${r.fn}`).toEqual([...ACTORS].sort());
    }
  });
});
