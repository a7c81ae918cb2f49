/**
 * A model of the DPR rules: DatasetRegistry + GrantRegistry + the participant directory's standing,
 * in plain TypeScript, written from the interfaces' NatSpec (IDatasetRegistry, IGrantRegistry,
 * IParticipantDirectory), DESIGN.md section 4 and a reading of the implementations.
 *
 * It never calls a contract. Each action checks the rules in the order the contract does (so that
 * the predicted error is the one the chain reports, arguments included) and, only when every rule
 * passes, applies the resulting state. Time-based states (end of the notice period, a grant's start
 * and expiry) are computed from the clock on read, exactly like the contracts' view functions.
 *
 * Organisations hold, accounts act: a dataset's holder is an organisation (its founding account's address),
 * and any active officer of that organisation takes the holder's actions; grants go to organisations and
 * rights are answered through an account's organisation.
 */
import { type Address, type Hex, encodeAbiParameters, keccak256, zeroAddress, zeroHash } from "viem";
import {
  Category,
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
  ZONE_OFFICES,
} from "@dpr/sdk";

/** ParticipantDirectory.MAX_PAUSE: the longest pause, in seconds. */
export const MAX_PAUSE = 3n * 24n * 3600n;
/** ParticipantDirectory.PAUSE_COOLDOWN: how long the pause office waits after a pause ends (governance does not). */
export const PAUSE_COOLDOWN = 24n * 3600n;

/** What the model predicts a transaction does: succeed, or revert with this custom error. */
export type Outcome = { ok: true } | { ok: false; error: string; args: readonly unknown[] };

const OK: Outcome = { ok: true };
function revert(error: string, ...args: unknown[]): Outcome {
  return { ok: false, error, args };
}

export interface ParticipantState {
  account: Address;
  /** The organisation: the first account onboarded with the same legal identity. */
  organisation: Address;
  jurisdiction: Jurisdiction;
  /** Role bitmask, bit `role` set for each role held. */
  roles: number;
  /** The account's own suspension (an officer of a suspended organisation is suspended too: see {@link DprModel.suspended}). */
  suspended: boolean;
  /**
   * Set only on an organisation's own record once its founding account is removed: the record stays (it names
   * what the organisation holds and its standing) but the account cannot act. Other accounts' records go.
   */
  removed: boolean;
}

/** The stored life-cycle stage; the public status is derived from it, the flags and the clock. */
export type Stage = "PENDING" | "CONFIRMED" | "DISPUTED" | "REJECTED" | "RETIRED" | "REFUSED" | "WITHDRAWN" | "REVOKED";

/** Claims that end in these stages free the content for a new claim under the same id. */
export const FREEING_STAGES: readonly Stage[] = ["REFUSED", "WITHDRAWN", "REJECTED"];
export function isFreed(stage: Stage): boolean {
  return FREEING_STAGES.includes(stage);
}

/** An objection and, once the dispute is decided, the decision (one decision settles every open objection). */
export interface ObjectionRecord {
  objector: Address;
  /** The objector's organisation (one open objection per organisation). */
  organisation: Address;
  /** The claim objected to. */
  claim: number;
  evidenceHash: Hex;
  resolution: { resolver: Address; upheld: boolean; previousHolder: Address; holder: Address; decisionHash: Hex } | null;
}

/** The decision being voted on a dataset (decisionOf): the outcome with votes, and how many organisations voted it. */
export interface VoteState {
  /** False for a dispute decision (reject or new holder), true for a correction after notice (revoke or correct). */
  correction: boolean;
  /** The holder the votes name, or the zero address to reject (dispute) or revoke (correction). */
  newHolder: Address;
  votes: number;
  firstVoterOrganisation: Address;
}

/** An event the model predicts DatasetRegistry emits, with its arguments by ABI name (uint40 and smaller as numbers). */
export interface ModelEvent {
  contract: "datasets";
  name: string;
  args: Record<string, unknown>;
}

/** A holding transfer request and how it ended. */
export interface TransferRecord {
  from: Address;
  to: Address;
  status: "requested" | "cancelled" | "completed";
  registrar: Address | null;
}

export interface DatasetState {
  id: Hex;
  algorithm: number;
  contentHash: Hex;
  metadataHash: Hex;
  metadataURI: string;
  /** The previous version, or null for the first of a series (as registered: kept when the claim is freed). */
  versionOf: Hex | null;
  parents: readonly { datasetId: Hex; derivation: Derivation }[];
  /** The holding organisation (its own address): the registrant's, or one a transfer or decision named. */
  holder: Address;
  stage: Stage;
  category: Category;
  grade: Grade;
  personal: boolean;
  jurisdiction: Jurisdiction;
  sector: number;
  /** Declassified by de-identification from a parent of higher grade or with personal data. */
  declassified: boolean;
  frozen: boolean;
  superseded: boolean;
  /** Organisations whose registrars have confirmed this claim (each confirms at most once; reset when a dispute
   * names a new holder before the quorum). */
  confirmingOrganisations: Address[];
  /**
   * When the notice period began (the last confirmation, a new holder's decision or a correction), moved later
   * by the time the clock was paused; 0n before the quorum (the contract's `noticeFrom`, getDataset's `confirmedAt`).
   */
  confirmedAt: bigint;
  /** The notice seconds left, stored when the clock paused (an objection or a freeze during notice); 0n once resumed. */
  noticeRemaining: bigint;
  registeredAt: bigint;
  pendingTransferTo: Address | null;
  /** The claim number on this content: 1, or one more than the claim that last freed it. */
  claim: number;
  /** A revoked (or marked) parent was shown and no registrar has re-confirmed it since. */
  ancestryRevoked: boolean;
  /** Bit i: parent i's mark is on the dataset. */
  markedParents: number;
  /** Bit i: parent i's mark was cleared by a re-confirmation (it cannot mark again). */
  clearedParents: number;
  /** Grants with a smaller id confer nothing (issued before a correction of the holder); 0n when never corrected. */
  grantsValidFrom: bigint;
  /** The organisation of the first re-confirmation of a marked dataset that needs two, or null. */
  reconfirmedBy: Address | null;
  /** Where each organisation's objection to this claim stands (absent: NONE). */
  objectionOf: Map<Address, ObjectionStatus>;
  /** Organisations whose objections are open, in the order they objected. */
  openObjectors: Address[];
  /** The decision being voted, or null. */
  vote: VoteState | null;
  // The record beyond what the rules read: what the indexer must show (test/e2e/index-equals-chain.test.ts).
  /** Confirming registrar accounts of this claim, in order (every DatasetConfirmed, also those a new holder reset). */
  confirmations: Address[];
  /** Objections to this claim, in order. */
  objections: ObjectionRecord[];
  transfers: TransferRecord[];
  /** The border conditions enforced on grants (GrantRegistry.borderConditionsOf). */
  conditions: ConditionsInput;
  /** A loosening waiting for registrars, or null. */
  proposal: ProposalState | null;
}

/** The states a grant stores; EXPIRED and SCHEDULED are computed from the clock. */
export type GrantStage = "AWAITING_ACKNOWLEDGEMENT" | "ACTIVE" | "SUSPENDED" | "REVOKED" | "DENIED";

export interface GrantState {
  id: bigint;
  datasetId: Hex;
  grantee: Address;
  right: Right;
  startsAt: bigint;
  /** 0n for never. */
  expiresAt: bigint;
  state: GrantStage;
  // The record beyond what the rules read.
  grantor: Address;
  terms: GrantRequestInput["terms"];
  crossBorder: boolean;
  acknowledgedBy: Address | null;
  /** Who denied or revoked it. */
  closedBy: Address | null;
}

/** A batch anchor (BatchAnchorRegistry): roots are unique. */
export interface AnchorState {
  root: Hex;
  anchorer: Address;
  algorithm: number;
  leafCount: number;
  totalBytes: bigint;
  manifestHash: Hex;
  manifestURI: string;
  anchoredAt: bigint;
}

/** A dataset's border conditions as the contracts take them (DPRTypes.sol `BorderConditions`). */
export interface ConditionsInput {
  openness: number;
  rights: number;
  regions: number;
  purposeClasses: number;
  maxTerm: number;
}
export const UNDECLARED: ConditionsInput = { openness: 0, rights: 0, regions: 0, purposeClasses: 0, maxTerm: 0 };
const OPENNESS_NOT_OPEN = 3;
const REGIONS_GBA = 1;
const REGIONS_ANYWHERE = 2;

/** A loosening of a dataset's border conditions waiting for registrars. */
export interface ProposalState {
  conditions: ConditionsInput;
  confirmations: number;
  /** The organisation of the first confirmation (quorums are one or two organisations). */
  firstOrganisation: Address;
  proposedAt: bigint;
  /** The holding organisation that proposed it: it lapses when the holding moves. */
  proposer: Address;
}

export interface RegistrationInput {
  algorithm: number;
  contentHash: Hex;
  metadataHash: Hex;
  metadataURI: string;
  category: Category;
  grade: Grade;
  containsPersonalData: boolean;
  sector: number;
  jurisdiction: Jurisdiction;
  versionOf: Hex;
  parents: readonly { datasetId: Hex; derivation: Derivation }[];
  borderConditions: ConditionsInput;
}

export interface GrantRequestInput {
  datasetId: Hex;
  grantee: Address;
  terms: {
    right: Right;
    purposeCode: number;
    purposeHash: Hex;
    scopeHash: Hex;
    startsAt: number;
    expiresAt: number;
    termsHash: Hex;
    mechanism: TransferMechanism;
    evidence: { contractHash: Hex; impactAssessmentHash: Hex; consentRecordsRoot: Hex; filingRef: Hex };
  };
}

export const MAX_PARENTS = 16;
/** ParticipantDirectory._ALL_ROLES: one bit for each {@link Role}. */
export const ALL_ROLES = (1 << Object.keys(Role).length) - 1;

/**
 * Regions between which a grant is cross-border: mainland China (GZ, the GBA's eight other mainland
 * cities and MAINLAND_OTHER), Hong Kong, Macao, elsewhere.
 */
export type Region = "MAINLAND" | "HONG_KONG" | "MACAO" | "ELSEWHERE";
export function regionOf(jurisdiction: Jurisdiction): Region {
  if (jurisdiction === Jurisdiction.HK) return "HONG_KONG";
  if (jurisdiction === Jurisdiction.MO) return "MACAO";
  if (jurisdiction === Jurisdiction.OTHER) return "ELSEWHERE";
  return "MAINLAND";
}

/** The GBA's mainland cities, the only mainland side of the GBA standard contract (never MAINLAND_OTHER). */
export const GBA_MAINLAND: readonly Jurisdiction[] = [
  Jurisdiction.GZ,
  Jurisdiction.SHENZHEN,
  Jurisdiction.ZHUHAI,
  Jurisdiction.FOSHAN,
  Jurisdiction.HUIZHOU,
  Jurisdiction.DONGGUAN,
  Jurisdiction.ZHONGSHAN,
  Jurisdiction.JIANGMEN,
  Jurisdiction.ZHAOQING,
];
export function inGbaMainland(jurisdiction: Jurisdiction): boolean {
  return GBA_MAINLAND.includes(jurisdiction);
}

/** The GBA: its mainland cities, Hong Kong and Macao. */
export function inGba(jurisdiction: Jurisdiction): boolean {
  return inGbaMainland(jurisdiction) || jurisdiction === Jurisdiction.HK || jurisdiction === Jurisdiction.MO;
}

/** GrantRegistry._checkConditions: the reason conditions cannot be recorded, or undefined. */
export function invalidConditions(c: ConditionsInput): Outcome | undefined {
  if (c.openness === 0 || (c.rights & ~0b111) !== 0 || (c.openness !== OPENNESS_NOT_OPEN && (c.rights === 0 || c.purposeClasses === 0))) {
    return revert("GrantRegistryInvalidBorderConditions", c.openness, c.rights, c.purposeClasses);
  }
  return undefined;
}

/** GrantRegistry._tighterOrEqual: `next` allows nothing `current` does not. */
export function tighterOrEqual(next: ConditionsInput, current: ConditionsInput): boolean {
  if (current.openness === 0) return true;
  return (
    next.openness >= current.openness &&
    (next.rights & ~current.rights) === 0 &&
    next.regions <= current.regions &&
    (next.purposeClasses & ~current.purposeClasses) === 0 &&
    (current.maxTerm === 0 || (next.maxTerm !== 0 && next.maxTerm <= current.maxTerm))
  );
}

/** The id a content hash registers under: keccak256(abi.encode(algorithm, contentHash)). */
export function datasetIdOf(algorithm: number, contentHash: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "uint8" }, { type: "bytes32" }], [algorithm, contentHash]));
}

export function grantKey(datasetId: Hex, grantee: Address, right: Right): string {
  return `${datasetId}/${grantee.toLowerCase()}/${right}`;
}

const lower = (a: Address) => a.toLowerCase() as Address;

export class DprModel {
  readonly participants = new Map<Address, ParticipantState>();
  /** In registration order. */
  readonly datasets = new Map<Hex, DatasetState>();
  /** Index i holds grant id i + 1 (ids are sequential from 1). */
  readonly grants: GrantState[] = [];
  /** The latest grant id per (dataset, grantee, right). */
  readonly latest = new Map<string, bigint>();
  /** Batch anchors by root, in anchoring order. */
  readonly anchors = new Map<Hex, AnchorState>();
  /** The records of claims that freed their content (refused, withdrawn, rejected), by id, oldest first. */
  readonly pastClaims = new Map<Hex, DatasetState[]>();
  /** Every DatasetRegistry event of the successful transactions so far, in order. */
  readonly events: ModelEvent[] = [];
  /** Each organisation's designated key (ParticipantDirectory.organisationKeyOf), absent when none. */
  readonly keys = new Map<Address, Address>();
  /** Accounts removed while suspended: no record, but they come back suspended (a suspension outlives removal). */
  readonly suspendedAfterRemoval = new Set<Address>();
  /** The directory's gate: new registrations, anchors and grants are refused while `now < pausedUntil`. */
  pausedUntil = 0n;
  /** When the last pause ended or will end (the pause office's cool-down runs from there). */
  lastPauseEnd = 0n;

  /**
   * @param admin The zone's governance, holding every office of the directory (as the test fixture deploys it); not
   * a participant.
   * @param participants The onboarded cast.
   * @param noticePeriod The public notice period in seconds.
   * @param algorithm The deployment's hash algorithm (every registration must name it).
   * @param keys The organisations' designated keys at the start.
   */
  constructor(
    readonly admin: Address,
    participants: readonly ParticipantState[],
    readonly noticePeriod: bigint,
    readonly algorithm: number = HashAlgorithm.SHA256,
    keys: ReadonlyMap<Address, Address> = new Map(),
  ) {
    this.admin = lower(admin);
    for (const p of participants) {
      this.participants.set(lower(p.account), { ...p, account: lower(p.account), organisation: lower(p.organisation) });
    }
    for (const [organisation, key] of keys) this.keys.set(lower(organisation), lower(key));
  }

  // ---------------------------------------------------------------- participants

  participant(account: Address): ParticipantState | undefined {
    return this.participants.get(lower(account));
  }
  /** ParticipantDirectory._effective: suspended itself, or an officer of a suspended organisation. */
  suspended(p: ParticipantState): boolean {
    return p.suspended || (p.organisation !== p.account && this.participants.get(p.organisation)?.suspended === true);
  }
  /** Can act: onboarded, not removed, and neither it nor its organisation suspended. */
  isActive(account: Address): boolean {
    const p = this.participant(account);
    return p !== undefined && !p.removed && !this.suspended(p);
  }
  /** Active and holding the role. */
  hasRole(account: Address, role: Role): boolean {
    return this.isActive(account) && (this.participant(account)!.roles & (1 << role)) !== 0;
  }
  /** The organisation, or the zero address for a non-participant (an organisation's own address answers itself, removed or not). */
  organisationOf(account: Address): Address {
    return this.participant(account)?.organisation ?? zeroAddress;
  }
  /** An organisation's own address: its founding account's record names it (it stays after that account's removal). */
  isOrganisation(account: Address): boolean {
    return this.participant(account)?.organisation === lower(account);
  }
  /** getParticipant: the record with the effective suspension; all zero (but a suspension outliving a removal) when none. */
  record(account: Address): { organisation: Address; jurisdiction: number; roles: number; suspended: boolean; removed: boolean } {
    const p = this.participant(account);
    if (!p) {
      const suspended = this.suspendedAfterRemoval.has(lower(account));
      return { organisation: zeroAddress, jurisdiction: 0, roles: 0, suspended, removed: false };
    }
    return { organisation: p.organisation, jurisdiction: p.jurisdiction, roles: p.roles, suspended: this.suspended(p), removed: p.removed };
  }
  /** organisationKeyOf: the organisation's designated key, or the zero address. */
  keyOf(organisation: Address): Address {
    return this.keys.get(lower(organisation)) ?? zeroAddress;
  }

  /**
   * ParticipantDirectory.suspend / reinstate: the discipline office only (`onlyRole`, checked first), which the
   * admin holds. The account's own flag: suspending an organisation's address suspends its officers on read.
   */
  setSuspended(sender: Address, account: Address, suspended: boolean): Outcome {
    sender = lower(sender);
    if (sender !== this.admin) return revert("AccessControlUnauthorizedAccount", sender, ZONE_OFFICES.DISCIPLINE);
    const target = this.participant(account);
    if (!target) return revert("ParticipantDirectoryUnknownParticipant", lower(account));
    if (suspended) {
      if (target.suspended) return revert("ParticipantDirectoryAlreadySuspended", lower(account));
      target.suspended = true;
    } else {
      if (!target.suspended) return revert("ParticipantDirectoryNotSuspended", lower(account));
      target.suspended = false;
    }
    return OK;
  }

  /**
   * ParticipantDirectory.removeParticipant: the onboarding office or the organisation's designated key. An
   * organisation's founding account keeps its record, marked removed (the organisation and all it holds stay);
   * any other account's record goes, but a suspension outlives it. A removed founder is unknown to a second removal.
   */
  remove(sender: Address, account: Address): Outcome {
    sender = lower(sender);
    account = lower(account);
    const p = this.participant(account);
    if (!p || p.removed) return revert("ParticipantDirectoryUnknownParticipant", account);
    if (sender !== this.admin && sender !== this.keys.get(p.organisation))
      return revert("ParticipantDirectoryNotOrganisationKey", sender, p.organisation);
    if (p.organisation === account) p.removed = true;
    else {
      this.participants.delete(account);
      if (p.suspended) this.suspendedAfterRemoval.add(account);
    }
    return OK;
  }

  /** ParticipantDirectory.setOrganisationKey: the onboarding office names (or, with zero, clears) an organisation's key. */
  setOrganisationKey(sender: Address, organisation: Address, key: Address): Outcome {
    sender = lower(sender);
    organisation = lower(organisation);
    if (sender !== this.admin) return revert("AccessControlUnauthorizedAccount", sender, ZONE_OFFICES.ONBOARDING);
    if (!this.isOrganisation(organisation)) return revert("ParticipantDirectoryUnknownOrganisation", organisation);
    if (key === zeroAddress) this.keys.delete(organisation);
    else this.keys.set(organisation, lower(key));
    return OK;
  }

  /**
   * ParticipantDirectory.addOfficer: the organisation's key onboards an account into it, with roles among the
   * organisation's and its jurisdiction; refused while the organisation is suspended. An account with a record is
   * refused, but for a removed founder coming back to its own organisation; one removed while suspended comes back
   * suspended.
   */
  addOfficer(sender: Address, organisation: Address, account: Address, roles: number): Outcome {
    sender = lower(sender);
    organisation = lower(organisation);
    account = lower(account);
    if (this.keys.get(organisation) !== sender) return revert("ParticipantDirectoryNotOrganisationKey", sender, organisation);
    if (account === zeroAddress) return revert("ParticipantDirectoryZeroAddress");
    if (roles === 0 || (roles & ~ALL_ROLES) !== 0) return revert("ParticipantDirectoryInvalidRoles", roles);
    // A key is only ever set for an organisation, whose record stays.
    const record = this.participants.get(organisation)!;
    if (record.suspended) return revert("ParticipantDirectorySuspended", organisation);
    if ((roles & ~record.roles) !== 0) return revert("ParticipantDirectoryRolesBeyondOrganisation", roles, record.roles);
    const existing = this.participants.get(account);
    if (existing && !(existing.removed && organisation === account)) return revert("ParticipantDirectoryAlreadyRegistered", account);
    this.participants.set(account, {
      account,
      organisation,
      jurisdiction: record.jurisdiction,
      roles,
      suspended: existing?.suspended === true || this.suspendedAfterRemoval.has(account),
      removed: false,
    });
    this.suspendedAfterRemoval.delete(account);
    return OK;
  }

  /**
   * ParticipantDirectory.pause: the pause office only; refused while a pause is on, for no time or more than
   * MAX_PAUSE, and within PAUSE_COOLDOWN of the last pause's end unless the caller is governance (the admin is).
   */
  pause(sender: Address, duration: bigint, now: bigint): Outcome {
    sender = lower(sender);
    if (sender !== this.admin) return revert("AccessControlUnauthorizedAccount", sender, ZONE_OFFICES.PAUSE);
    if (this.pausedUntil > now) return revert("ParticipantDirectoryAlreadyPaused", Number(this.pausedUntil));
    if (duration === 0n || duration > MAX_PAUSE) return revert("ParticipantDirectoryPauseTooLong", Number(duration), Number(MAX_PAUSE));
    const ready = this.lastPauseEnd === 0n ? 0n : this.lastPauseEnd + PAUSE_COOLDOWN;
    const governance = sender === this.admin;
    if (now < ready && !governance) return revert("ParticipantDirectoryPauseCoolingDown", Number(ready));
    this.pausedUntil = now + duration;
    this.lastPauseEnd = now + duration;
    return OK;
  }

  /** ParticipantDirectory.unpause: the pause office only, while a pause is on; the cool-down runs from now. */
  unpause(sender: Address, now: bigint): Outcome {
    sender = lower(sender);
    if (sender !== this.admin) return revert("AccessControlUnauthorizedAccount", sender, ZONE_OFFICES.PAUSE);
    if (this.pausedUntil <= now) return revert("ParticipantDirectoryNotPaused");
    this.pausedUntil = now;
    this.lastPauseEnd = now;
    return OK;
  }

  /** ParticipantDirectory.requireOpen, as the registries call it: undefined when open (the model never migrates). */
  private closed(now: bigint): Outcome | undefined {
    return this.pausedUntil > now ? revert("ParticipantDirectoryPaused", Number(this.pausedUntil)) : undefined;
  }

  /** ParticipantDirectory.pausedUntil(): the end of the pause on, or 0. */
  pausedUntilAt(now: bigint): bigint {
    return this.pausedUntil > now ? this.pausedUntil : 0n;
  }

  // ---------------------------------------------------------------- datasets: reads

  dataset(id: Hex): DatasetState | undefined {
    return this.datasets.get(id);
  }

  /** In the public notice period: all confirmations in, the clock running and not run out. */
  inNotice(d: DatasetState, now: bigint): boolean {
    return d.stage === "CONFIRMED" && now < d.confirmedAt + this.noticePeriod;
  }

  /** The status at time `now`, as DatasetRegistry._status derives it from the stage, the freeze and the clock. */
  status(d: DatasetState | undefined, now: bigint): DatasetStatus {
    if (!d) return DatasetStatus.UNREGISTERED;
    if (d.stage === "CONFIRMED") {
      if (d.frozen) return DatasetStatus.FROZEN;
      return this.inNotice(d, now) ? DatasetStatus.NOTICE : DatasetStatus.CONFIRMED;
    }
    if (d.stage === "PENDING" || d.stage === "DISPUTED") {
      if (d.frozen) return DatasetStatus.FROZEN;
      return DatasetStatus[d.stage];
    }
    return DatasetStatus[d.stage];
  }

  /** Whether the notice clock is paused: disputed, or frozen during notice (after the quorum). */
  paused(d: DatasetState): boolean {
    return d.confirmedAt !== 0n && (d.stage === "DISPUTED" || (d.stage === "CONFIRMED" && d.frozen));
  }

  /** getDataset's noticeRemaining: the seconds left while the clock is paused, else 0n. */
  noticeRemainingOf(d: DatasetState): bigint {
    return this.paused(d) ? d.noticeRemaining : 0n;
  }

  /** getDataset's noticeEndsAt: 0n before the quorum and while the clock is paused. */
  noticeEndsAtOf(d: DatasetState): bigint {
    return d.confirmedAt === 0n || this.noticeRemainingOf(d) !== 0n ? 0n : d.confirmedAt + this.noticePeriod;
  }

  /** objectionOf(id, organisation) for the current claim (NONE for an unknown dataset). */
  objectionStatus(id: Hex, organisation: Address): ObjectionStatus {
    return this.dataset(id)?.objectionOf.get(lower(organisation)) ?? ObjectionStatus.NONE;
  }

  /** decisionOf(id): the pending vote with its quorum, all zero when none. */
  decisionOf(id: Hex): { correction: boolean; newHolder: Address; votes: number; required: number; firstVoterOrganisation: Address } {
    const d = this.dataset(id);
    const v = d?.vote;
    if (!d || !v) return { correction: false, newHolder: zeroAddress, votes: 0, required: 0, firstVoterOrganisation: zeroAddress };
    return {
      correction: v.correction,
      newHolder: v.newHolder,
      votes: v.votes,
      required: this.requiredConfirmations(d),
      firstVoterOrganisation: v.firstVoterOrganisation,
    };
  }

  /**
   * One registrar for general non-personal data; two (of distinct organisations) for important or
   * personal data, and for data declassified by de-identification from such parents.
   */
  requiredConfirmations(d: Pick<DatasetState, "grade" | "personal" | "declassified">): number {
    return d.grade === Grade.IMPORTANT || d.personal || d.declassified ? 2 : 1;
  }

  /**
   * Why a dataset cannot be versioned or derived from, or undefined when it can: it must be CONFIRMED (past
   * notice, neither disputed nor frozen) and not marked as derived from revoked data.
   */
  private unusable(id: Hex, d: DatasetState, now: bigint): Outcome | undefined {
    const current = this.status(d, now);
    if (current !== DatasetStatus.CONFIRMED) return revert("DatasetRegistryWrongStatus", id, current);
    if (d.ancestryRevoked) return revert("DatasetRegistryAncestryRevoked", id);
    return undefined;
  }

  private emit(name: string, args: Record<string, unknown>): void {
    this.events.push({ contract: "datasets", name, args });
  }

  // ---------------------------------------------------------------- datasets: actions

  register(sender: Address, r: RegistrationInput, now: bigint): Outcome {
    sender = lower(sender);
    if (!this.hasRole(sender, Role.HOLDER)) return revert("DatasetRegistryMissingRole", sender, Role.HOLDER);
    const closed = this.closed(now);
    if (closed) return closed;
    if (r.algorithm !== this.algorithm) return revert("DatasetRegistryWrongAlgorithm", r.algorithm, this.algorithm);
    if (r.contentHash === zeroHash) return revert("DatasetRegistryEmptyContentHash");
    if (r.grade === Grade.CORE) return revert("DatasetRegistryCoreDataRefused");
    if (r.category === Category.PERSONAL && !r.containsPersonalData) return revert("DatasetRegistryInconsistentPersonalData");
    const own = this.participant(sender)!.jurisdiction;
    if (r.jurisdiction !== own) return revert("DatasetRegistryJurisdictionMismatch", sender, own, r.jurisdiction);
    // The registrant acts for its organisation, which holds what it registers.
    const holder = this.organisationOf(sender);
    const id = datasetIdOf(r.algorithm, r.contentHash);
    const existing = this.dataset(id);
    if (existing && !isFreed(existing.stage)) return revert("DatasetRegistryAlreadyRegistered", r.contentHash, id);
    const claim = existing ? existing.claim + 1 : 1;

    // A new version: the caller holds the previous one, which is the latest of its series and usable.
    let previous: DatasetState | undefined;
    if (r.versionOf !== zeroHash) {
      previous = this.dataset(r.versionOf);
      if (!previous) return revert("DatasetRegistryUnknownDataset", r.versionOf);
      if (previous.holder !== holder) return revert("DatasetRegistryNotHolder", r.versionOf, sender);
      if (previous.superseded) return revert("DatasetRegistrySuperseded", r.versionOf);
      const unusable = this.unusable(r.versionOf, previous, now);
      if (unusable) return unusable;
      // A version is a revision: it keeps its predecessor's classification.
      if (r.grade < previous.grade) return revert("DatasetRegistryGradeBelowParent", r.versionOf, previous.grade, r.grade);
      if (previous.personal && !r.containsPersonalData) return revert("DatasetRegistryPersonalDataDropped", r.versionOf);
      if (r.category < previous.category)
        return revert("DatasetRegistryCategoryBelowParent", r.versionOf, previous.category, r.category);
    }

    // Lineage: a right to derive from each parent, and no silent declassification.
    let declassified = false;
    if (r.parents.length > MAX_PARENTS)
      return revert("DatasetRegistryTooManyParents", BigInt(r.parents.length), BigInt(MAX_PARENTS));
    for (let i = 0; i < r.parents.length; i++) {
      const { datasetId: parentId, derivation } = r.parents[i]!;
      if (r.parents.slice(0, i).some((p) => p.datasetId === parentId)) return revert("DatasetRegistryDuplicateParent", parentId);
      const parent = this.dataset(parentId);
      if (!parent) return revert("DatasetRegistryUnknownDataset", parentId);
      const unusable = this.unusable(parentId, parent, now);
      if (unusable) return unusable;
      const mayDerive =
        parent.holder === holder ||
        this.hasRight(parentId, sender, Right.HOLDING, now) ||
        this.hasRight(parentId, sender, Right.PROCESSING_USE, now);
      if (!mayDerive) return revert("DatasetRegistryNoRightToDerive", parentId, sender);
      const deidentified = derivation === Derivation.DE_IDENTIFICATION;
      if (parent.grade > r.grade) {
        if (!deidentified) return revert("DatasetRegistryGradeBelowParent", parentId, parent.grade, r.grade);
        declassified = true;
      }
      if (parent.personal && !r.containsPersonalData) {
        if (!deidentified) return revert("DatasetRegistryPersonalDataDropped", parentId);
        declassified = true;
      }
    }

    // The grant registry records the conditions last (and its refusal reverts the whole registration).
    const declared = r.borderConditions.openness !== 0;
    if (declared) {
      const invalid = invalidConditions(r.borderConditions);
      if (invalid) return invalid;
    }

    if (existing) this.pastClaims.set(id, [...(this.pastClaims.get(id) ?? []), existing]);
    if (previous) previous.superseded = true;
    const d: DatasetState = {
      id,
      algorithm: r.algorithm,
      contentHash: r.contentHash,
      metadataHash: r.metadataHash,
      metadataURI: r.metadataURI,
      versionOf: r.versionOf === zeroHash ? null : r.versionOf,
      parents: r.parents.map((p) => ({ ...p })),
      holder,
      stage: "PENDING",
      category: r.category,
      grade: r.grade,
      personal: r.containsPersonalData,
      jurisdiction: r.jurisdiction,
      sector: r.sector,
      declassified,
      frozen: false,
      superseded: false,
      confirmingOrganisations: [],
      confirmedAt: 0n,
      noticeRemaining: 0n,
      registeredAt: now,
      pendingTransferTo: null,
      claim,
      ancestryRevoked: false,
      markedParents: 0,
      clearedParents: 0,
      grantsValidFrom: 0n,
      reconfirmedBy: null,
      objectionOf: new Map(),
      openObjectors: [],
      vote: null,
      confirmations: [],
      objections: [],
      transfers: [],
      conditions: declared ? { ...r.borderConditions } : { ...UNDECLARED },
      proposal: null,
    };
    // A new claim on freed content keeps the id's place in registration order.
    this.datasets.set(id, d);
    this.emit("DatasetRegistered", {
      datasetId: id,
      holder,
      versionOf: r.versionOf,
      contentHash: r.contentHash,
      metadataHash: r.metadataHash,
      metadataURI: r.metadataURI,
      category: r.category,
      grade: r.grade,
      containsPersonalData: r.containsPersonalData,
      sector: r.sector,
      jurisdiction: r.jurisdiction,
      requiredConfirmations: this.requiredConfirmations(d),
      declassified,
      claim,
      registrant: sender,
    });
    for (const p of r.parents) this.emit("DatasetDerived", { datasetId: id, parentId: p.datasetId, derivation: p.derivation });
    return OK;
  }

  /** A pending, undisputed, unfrozen registration in review, or why not (DatasetRegistry._inReview). */
  private inReview(id: Hex, now: bigint): DatasetState | Outcome {
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (d.stage !== "PENDING" || d.frozen) return revert("DatasetRegistryWrongStatus", id, this.status(d, now));
    return d;
  }

  /** `sender` as a reviewer of `d`: an active REGISTRAR outside the holder's organisation (DatasetRegistry._reviewer). */
  private notReviewer(sender: Address, d: DatasetState): Outcome | undefined {
    if (!this.hasRole(sender, Role.REGISTRAR)) return revert("DatasetRegistryMissingRole", sender, Role.REGISTRAR);
    if (this.organisationOf(sender) === d.holder) return revert("DatasetRegistryOwnOrganisation", d.id, sender);
    return undefined;
  }

  /** An active registrar outside the holder's organisation confirms a pending, undisputed, unfrozen dataset. */
  confirm(sender: Address, id: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.inReview(id, now);
    if ("ok" in d) return d;
    const refused = this.notReviewer(sender, d);
    if (refused) return refused;
    const organisation = this.organisationOf(sender);
    const required = this.requiredConfirmations(d);
    const confirmations = d.confirmingOrganisations.length + 1;
    if (confirmations >= required && d.confirmingOrganisations.includes(organisation))
      return revert("DatasetRegistryAlreadyConfirmedBy", id, organisation);
    d.confirmingOrganisations.push(organisation);
    d.confirmations.push(sender);
    let noticeEndsAt = 0;
    if (confirmations >= required) {
      d.stage = "CONFIRMED";
      d.confirmedAt = now;
      noticeEndsAt = Number(now + this.noticePeriod);
    }
    this.emit("DatasetConfirmed", { datasetId: id, registrar: sender, confirmations, requiredConfirmations: required, noticeEndsAt });
    return OK;
  }

  /** An active registrar outside the holder's organisation refuses a pending registration in review; the content is freed. */
  refuse(sender: Address, id: Hex, reasonHash: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.inReview(id, now);
    if ("ok" in d) return d;
    const refused = this.notReviewer(sender, d);
    if (refused) return refused;
    if (reasonHash === zeroHash) return revert("DatasetRegistryEmptyHash");
    this.free(d, "REFUSED");
    this.emit("DatasetRefused", { datasetId: id, registrar: sender, claim: d.claim, reasonHash });
    return OK;
  }

  /** An active officer of the holder withdraws its pending or in-notice (undisputed, unfrozen) registration; the content is freed. */
  withdraw(sender: Address, id: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.heldBy(sender, id);
    if ("ok" in d) return d;
    const current = this.status(d, now);
    if (current !== DatasetStatus.PENDING && current !== DatasetStatus.NOTICE)
      return revert("DatasetRegistryWrongStatus", id, current);
    // A claim whose holder was corrected was confirmed, and has had grants and children: it does not free its content.
    if (this.corrected(d)) return revert("DatasetRegistryOnceConfirmed", id);
    this.free(d, "WITHDRAWN");
    this.emit("DatasetWithdrawn", { datasetId: id, holder: d.holder, claim: d.claim });
    return OK;
  }

  /** Whether a quorum has corrected the holder of this claim (the contract's _CORRECTED flag). */
  corrected(d: DatasetState): boolean {
    return d.grantsValidFrom !== 0n;
  }

  /** Ends a claim that frees the content; a freed version gives its predecessor back the "latest version" mark. */
  private free(d: DatasetState, stage: "REFUSED" | "WITHDRAWN" | "REJECTED"): void {
    d.stage = stage;
    if (d.versionOf !== null) {
      const predecessor = this.dataset(d.versionOf);
      if (predecessor) predecessor.superseded = false;
    }
    d.vote = null;
  }

  /**
   * Any active participant outside the holder's organisation objects to a pending, in-notice or disputed
   * (unfrozen) registration: one open objection per organisation, none again after a dismissal of its
   * objection to this claim. From notice the clock pauses. Pending decision votes are dropped.
   */
  object(sender: Address, id: Hex, evidenceHash: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!this.isActive(sender)) return revert("DatasetRegistryInactiveParticipant", sender);
    const current = this.status(d, now);
    if (current !== DatasetStatus.PENDING && current !== DatasetStatus.NOTICE && current !== DatasetStatus.DISPUTED)
      return revert("DatasetRegistryWrongStatus", id, current);
    const organisation = this.organisationOf(sender);
    if (organisation === d.holder) return revert("DatasetRegistryHolderCannotObject", id, sender);
    if (evidenceHash === zeroHash) return revert("DatasetRegistryEmptyHash");
    const previous = d.objectionOf.get(organisation);
    if (previous === ObjectionStatus.OPEN) return revert("DatasetRegistryObjectionOpen", id, organisation);
    if (previous === ObjectionStatus.DISMISSED) return revert("DatasetRegistryObjectionDismissed", id, organisation);
    if (current === DatasetStatus.NOTICE) d.noticeRemaining = d.confirmedAt + this.noticePeriod - now;
    d.stage = "DISPUTED";
    d.objectionOf.set(organisation, ObjectionStatus.OPEN);
    d.openObjectors.push(organisation);
    d.vote = null;
    d.objections.push({ objector: sender, organisation, claim: d.claim, evidenceHash, resolution: null });
    this.emit("DatasetObjected", { datasetId: id, objector: sender, organisation, claim: d.claim, evidenceHash });
    return OK;
  }

  /**
   * Whether `sender` may decide on `d` (a dispute or a correction), or why not (DatasetRegistry._decider): an
   * active REGISTRAR or REGULATOR, a decision hash, an organisation none of the holder's, an open objector's, a
   * confirmer's of this claim or the new holder's, and a valid new holder.
   */
  private notDecider(sender: Address, d: DatasetState, newHolder: Address, decisionHash: Hex): Outcome | undefined {
    if (!this.hasRole(sender, Role.REGISTRAR) && !this.hasRole(sender, Role.REGULATOR))
      return revert("DatasetRegistryNotRegistrarOrRegulator", sender);
    if (decisionHash === zeroHash) return revert("DatasetRegistryEmptyHash");
    const organisation = this.organisationOf(sender);
    if (!this.independent(d, organisation, newHolder)) return revert("DatasetRegistryNotIndependent", d.id, sender, organisation);
    if (newHolder !== zeroAddress) return this.checkNewHolder(d, newHolder);
    return undefined;
  }

  /** Whether `organisation` is none of those concerned by a decision on `d` naming `newHolder` (zero for none). */
  independent(d: DatasetState, organisation: Address, newHolder: Address = zeroAddress): boolean {
    return !(
      organisation === d.holder ||
      d.objectionOf.get(organisation) === ObjectionStatus.OPEN ||
      d.confirmingOrganisations.includes(organisation) ||
      organisation === newHolder
    );
  }

  /** Records `sender`'s vote for an outcome on `d`; the outcome, or whether the quorum is reached (DatasetRegistry._vote). */
  private castVote(
    sender: Address,
    d: DatasetState,
    correction: boolean,
    newHolder: Address,
    decisionHash: Hex,
  ): Outcome | boolean {
    const organisation = this.organisationOf(sender);
    const v = d.vote;
    let votes = 1;
    if (v && v.correction === correction && v.newHolder === newHolder) {
      if (v.firstVoterOrganisation === organisation) return revert("DatasetRegistryAlreadyVoted", d.id, organisation);
      votes = v.votes + 1;
    }
    const required = this.requiredConfirmations(d);
    this.emit("DatasetDecisionVoted", {
      datasetId: d.id,
      voter: sender,
      organisation,
      correction,
      newHolder,
      votes,
      required,
      decisionHash,
    });
    if (votes >= required) {
      d.vote = null;
      return true;
    }
    d.vote = { correction, newHolder, votes, firstVoterOrganisation: organisation };
    return false;
  }

  /** Ends every open objection with `outcome`, recording the decision on each. */
  private closeObjections(d: DatasetState, outcome: ObjectionStatus, resolution: NonNullable<ObjectionRecord["resolution"]>): void {
    for (const organisation of d.openObjectors) d.objectionOf.set(organisation, outcome);
    d.openObjectors = [];
    for (const o of d.objections) o.resolution ??= { ...resolution };
  }

  /** Back from a dispute or a freeze: to review if never confirmed, else to the notice time it had left. */
  private resumeClock(d: DatasetState, now: bigint): void {
    if (d.confirmedAt === 0n) {
      d.stage = "PENDING";
      return;
    }
    d.stage = "CONFIRMED";
    if (d.noticeRemaining !== 0n) {
      d.confirmedAt = now + d.noticeRemaining - this.noticePeriod;
      d.noticeRemaining = 0n;
    }
  }

  /**
   * Decides a disputed, unfrozen dataset, or votes on it: a dismissal by one independent decider returns it to
   * review or to the notice it had left; rejecting it or naming a new holder needs the confirmation quorum of
   * independent organisations voting the same outcome.
   */
  resolve(sender: Address, id: Hex, upheld: boolean, newHolder: Address, decisionHash: Hex, now: bigint): Outcome {
    sender = lower(sender);
    newHolder = lower(newHolder);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (d.stage !== "DISPUTED" || d.frozen) return revert("DatasetRegistryWrongStatus", id, this.status(d, now));
    if (!upheld && newHolder !== zeroAddress) return revert("DatasetRegistryInvalidNewHolder", newHolder);
    const refused = this.notDecider(sender, d, newHolder, decisionHash);
    if (refused) return refused;
    const previousHolder = d.holder;
    if (!upheld) {
      this.resumeClock(d, now);
      this.closeObjections(d, ObjectionStatus.DISMISSED, { resolver: sender, upheld, previousHolder, holder: d.holder, decisionHash });
      d.vote = null;
    } else {
      const decided = this.castVote(sender, d, false, newHolder, decisionHash);
      if (typeof decided !== "boolean") return decided;
      if (!decided) return OK;
      if (newHolder === zeroAddress) {
        // A claim confirmed before its holder was corrected is revoked rather than rejected: its content stays claimed.
        if (this.corrected(d)) d.stage = "REVOKED";
        else this.free(d, "REJECTED");
      } else {
        d.holder = newHolder;
        if (d.confirmedAt === 0n) {
          // Never confirmed: review starts again under the rightful holder.
          d.stage = "PENDING";
          d.confirmingOrganisations = [];
        } else {
          d.stage = "CONFIRMED";
          d.confirmedAt = now;
          d.noticeRemaining = 0n;
        }
      }
      this.closeObjections(d, ObjectionStatus.UPHELD, { resolver: sender, upheld, previousHolder, holder: d.holder, decisionHash });
    }
    this.emit("DatasetDisputeResolved", {
      datasetId: id,
      resolver: sender,
      upheld,
      previousHolder,
      holder: d.holder,
      status: this.status(d, now),
      decisionHash,
    });
    return OK;
  }

  /**
   * Votes to correct a CONFIRMED or RETIRED registration: revoke it (newHolder zero) or correct its holder (a
   * fresh notice period; grants issued so far confer nothing). Decided by the quorum of independent organisations;
   * a pending transfer is cancelled then.
   */
  correct(sender: Address, id: Hex, newHolder: Address, decisionHash: Hex, now: bigint): Outcome {
    sender = lower(sender);
    newHolder = lower(newHolder);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    const current = this.status(d, now);
    if (current !== DatasetStatus.CONFIRMED && current !== DatasetStatus.RETIRED)
      return revert("DatasetRegistryWrongStatus", id, current);
    const refused = this.notDecider(sender, d, newHolder, decisionHash);
    if (refused) return refused;
    const decided = this.castVote(sender, d, true, newHolder, decisionHash);
    if (typeof decided !== "boolean") return decided;
    if (!decided) return OK;
    const previousHolder = d.holder;
    this.dropTransfer(d, sender);
    if (newHolder === zeroAddress) {
      d.stage = "REVOKED";
      this.emit("DatasetRevoked", { datasetId: id, decidedBy: sender, decisionHash });
      return OK;
    }
    d.grantsValidFrom = BigInt(this.grants.length + 1);
    d.holder = newHolder;
    d.stage = "CONFIRMED";
    d.confirmedAt = now;
    this.emit("DatasetHolderCorrected", {
      datasetId: id,
      previousHolder,
      holder: newHolder,
      decidedBy: sender,
      decisionHash,
      noticeEndsAt: Number(now + this.noticePeriod),
      grantsValidFrom: d.grantsValidFrom,
    });
    return OK;
  }

  /**
   * Anyone shows that the parent at `index` of a derived dataset's exact parent list is REVOKED or itself
   * marked; the dataset is marked (it confers nothing, is granted and built on nothing) until re-confirmed.
   */
  markRevokedAncestry(
    sender: Address,
    id: Hex,
    parents: readonly { datasetId: Hex; derivation: Derivation }[],
    index: bigint | number,
    now: bigint,
  ): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (isFreed(d.stage)) return revert("DatasetRegistryWrongStatus", id, this.status(d, now));
    const i = BigInt(index);
    const same =
      d.parents.length > 0 &&
      parents.length === d.parents.length &&
      parents.every((p, j) => p.datasetId === d.parents[j]!.datasetId && p.derivation === d.parents[j]!.derivation);
    if (i < 0n || i >= BigInt(parents.length) || !same) return revert("DatasetRegistryParentsMismatch", id);
    const parentId = parents[Number(i)]!.datasetId;
    const parent = this.dataset(parentId);
    const bit = 1 << Number(i);
    if ((parent?.stage !== "REVOKED" && !parent?.ancestryRevoked) || ((d.markedParents | d.clearedParents) & bit) !== 0)
      return revert("DatasetRegistryNothingToMark", id, parentId);
    d.markedParents |= bit;
    d.ancestryRevoked = true;
    // A re-confirmation under way did not consider this parent: it starts again.
    d.reconfirmedBy = null;
    this.emit("DatasetAncestryRevoked", { datasetId: id, parentId, markedBy: sender });
    return OK;
  }

  /**
   * An active registrar outside the holder's organisation re-confirms a marked, unfrozen dataset; the confirmation
   * quorum of distinct organisations clears the marks shown so far.
   */
  reconfirm(sender: Address, id: Hex): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!d.ancestryRevoked) return revert("DatasetRegistryAncestryNotRevoked", id);
    if (d.frozen) return revert("DatasetRegistryWrongStatus", id, DatasetStatus.FROZEN);
    const refused = this.notReviewer(sender, d);
    if (refused) return refused;
    const organisation = this.organisationOf(sender);
    const required = this.requiredConfirmations(d);
    if (required > 1) {
      if (d.reconfirmedBy === null) {
        d.reconfirmedBy = organisation;
        this.emit("DatasetReconfirmed", { datasetId: id, registrar: sender, confirmations: 1, required });
        return OK;
      }
      if (d.reconfirmedBy === organisation) return revert("DatasetRegistryAlreadyConfirmedBy", id, organisation);
      d.reconfirmedBy = null;
    }
    d.clearedParents |= d.markedParents;
    d.markedParents = 0;
    d.ancestryRevoked = false;
    this.emit("DatasetReconfirmed", { datasetId: id, registrar: sender, confirmations: required, required });
    return OK;
  }

  /**
   * A new holder (by transfer or decision) is an unsuspended HOLDER organisation, named by its own address (not an
   * officer's), other than the current one, of the dataset's jurisdiction. Its founding account's removal does not
   * matter: the organisation stays.
   */
  private checkNewHolder(d: DatasetState, account: Address): Outcome | undefined {
    const p = this.participant(account);
    if (account === d.holder || !p || p.organisation !== account || this.suspended(p) || (p.roles & (1 << Role.HOLDER)) === 0)
      return revert("DatasetRegistryInvalidNewHolder", account);
    const theirs = p.jurisdiction;
    if (theirs !== d.jurisdiction) return revert("DatasetRegistryJurisdictionMismatch", account, theirs, d.jurisdiction);
    return undefined;
  }

  /** Ends the pending transfer request of `d`, if any, as `status`. */
  private closeTransfer(d: DatasetState, status: "cancelled" | "completed", registrar: Address | null = null): void {
    const open = d.transfers.at(-1);
    if (open?.status === "requested") Object.assign(open, { status, registrar });
  }

  /** Drops the pending transfer request, if any, with its DatasetTransferCancelled (cancelled by `by`). */
  private dropTransfer(d: DatasetState, by: Address): void {
    if (d.pendingTransferTo === null) return;
    // `from` is the holding organisation, whoever of its officers (or a regulator) acted.
    this.emit("DatasetTransferCancelled", { datasetId: d.id, from: d.holder, to: d.pendingTransferTo, cancelledBy: by });
    this.closeTransfer(d, "cancelled");
    d.pendingTransferTo = null;
  }

  /** The dataset, which `sender`'s organisation holds, `sender` acting (not removed or suspended); or the reason it is not. */
  private heldBy(sender: Address, id: Hex): DatasetState | Outcome {
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (d.holder !== this.organisationOf(sender)) return revert("DatasetRegistryNotHolder", id, sender);
    if (!this.isActive(sender)) return revert("DatasetRegistryInactiveParticipant", sender);
    return d;
  }

  /** The holder asks to hand a CONFIRMED dataset to another active HOLDER; a new request replaces a pending one. */
  requestTransfer(sender: Address, id: Hex, to: Address, now: bigint): Outcome {
    sender = lower(sender);
    to = lower(to);
    const d = this.heldBy(sender, id);
    if ("ok" in d) return d;
    const current = this.status(d, now);
    if (current !== DatasetStatus.CONFIRMED) return revert("DatasetRegistryWrongStatus", id, current);
    const refused = this.checkNewHolder(d, to);
    if (refused) return refused;
    this.dropTransfer(d, sender);
    d.pendingTransferTo = to;
    d.transfers.push({ from: d.holder, to, status: "requested", registrar: null });
    this.emit("DatasetTransferRequested", { datasetId: id, from: d.holder, to });
    return OK;
  }

  /** The active holder, or an active regulator, withdraws a pending transfer request. */
  cancelTransfer(sender: Address, id: Hex): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!this.hasRole(sender, Role.REGULATOR)) {
      if (d.holder !== this.organisationOf(sender)) return revert("DatasetRegistryNotHolderOrRegulator", id, sender);
      if (!this.isActive(sender)) return revert("DatasetRegistryInactiveParticipant", sender);
    }
    if (d.pendingTransferTo === null) return revert("DatasetRegistryNoPendingTransfer", id);
    this.dropTransfer(d, sender);
    return OK;
  }

  /** An active registrar outside both parties' organisations confirms a pending transfer of a CONFIRMED dataset. */
  confirmTransfer(sender: Address, id: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    const to = d.pendingTransferTo;
    if (to === null) return revert("DatasetRegistryNoPendingTransfer", id);
    const current = this.status(d, now);
    if (current !== DatasetStatus.CONFIRMED) return revert("DatasetRegistryWrongStatus", id, current);
    if (!this.hasRole(sender, Role.REGISTRAR)) return revert("DatasetRegistryMissingRole", sender, Role.REGISTRAR);
    const organisation = this.organisationOf(sender);
    if (organisation === d.holder || organisation === to) return revert("DatasetRegistryOwnOrganisation", id, sender);
    // A suspended holder's sale waits; a holder whose founding account was removed still sells.
    const from = this.participant(d.holder);
    if (from && this.suspended(from)) return revert("DatasetRegistryInactiveParticipant", d.holder);
    const refused = this.checkNewHolder(d, to);
    if (refused) return refused;
    this.closeTransfer(d, "completed", sender);
    this.emit("DatasetTransferred", { datasetId: id, from: d.holder, to, registrar: sender });
    d.holder = to;
    d.pendingTransferTo = null;
    // Correction votes were cast on the previous holder's case: they do not carry over.
    d.vote = null;
    return OK;
  }

  /** An active regulator freezes a pending, in-notice, disputed or confirmed dataset; during notice the clock pauses. */
  freeze(sender: Address, id: Hex, now: bigint, reasonHash: Hex = zeroHash): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!this.hasRole(sender, Role.REGULATOR)) return revert("DatasetRegistryMissingRole", sender, Role.REGULATOR);
    const current = this.status(d, now);
    if (
      current !== DatasetStatus.PENDING &&
      current !== DatasetStatus.NOTICE &&
      current !== DatasetStatus.DISPUTED &&
      current !== DatasetStatus.CONFIRMED
    )
      return revert("DatasetRegistryWrongStatus", id, current);
    if (current === DatasetStatus.NOTICE) d.noticeRemaining = d.confirmedAt + this.noticePeriod - now;
    d.frozen = true;
    this.emit("DatasetFrozen", { datasetId: id, regulator: sender, reasonHash });
    return OK;
  }

  /** An active regulator lifts a freeze; a notice clock paused by it resumes (a dispute keeps it paused). */
  unfreeze(sender: Address, id: Hex, now: bigint, reasonHash: Hex = zeroHash): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!this.hasRole(sender, Role.REGULATOR)) return revert("DatasetRegistryMissingRole", sender, Role.REGULATOR);
    if (!d.frozen) return revert("DatasetRegistryNotFrozen", id);
    d.frozen = false;
    if (d.stage === "CONFIRMED") this.resumeClock(d, now);
    this.emit("DatasetUnfrozen", { datasetId: id, regulator: sender, reasonHash });
    return OK;
  }

  /** An active officer of the holder retires a CONFIRMED dataset (past notice, unfrozen); a pending transfer is cancelled. */
  retire(sender: Address, id: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.heldBy(sender, id);
    if ("ok" in d) return d;
    const current = this.status(d, now);
    if (current !== DatasetStatus.CONFIRMED) return revert("DatasetRegistryWrongStatus", id, current);
    d.stage = "RETIRED";
    this.dropTransfer(d, sender);
    this.emit("DatasetRetired", { datasetId: id, holder: d.holder });
    return OK;
  }

  // ---------------------------------------------------------------- grants: reads

  grant(id: bigint): GrantState | undefined {
    return id >= 1n ? this.grants[Number(id) - 1] : undefined;
  }

  /** The grant's status at `now`: expiry first (except for final states), then a not-yet-started active grant is SCHEDULED. */
  grantStatus(g: GrantState | undefined, now: bigint): GrantStatus {
    if (!g) return GrantStatus.NONE;
    if (g.state === "REVOKED" || g.state === "DENIED") return GrantStatus[g.state];
    if (g.expiresAt !== 0n && now >= g.expiresAt) return GrantStatus.EXPIRED;
    if (g.state === "ACTIVE" && now < g.startsAt) return GrantStatus.SCHEDULED;
    return GrantStatus[g.state];
  }

  /** A grant that still counts: it blocks a duplicate and can be revoked. */
  static isLive(status: GrantStatus): boolean {
    return (
      status === GrantStatus.AWAITING_ACKNOWLEDGEMENT ||
      status === GrantStatus.ACTIVE ||
      status === GrantStatus.SCHEDULED ||
      status === GrantStatus.SUSPENDED
    );
  }

  /**
   * hasRight: the dataset is CONFIRMED and not marked as derived from revoked data, and the account can act (not
   * removed, not suspended) and its organisation either holds the dataset (any right) or is the grantee of an
   * ACTIVE grant of the right, issued since the last correction of the holder, while the holder is not suspended.
   * False for an unknown dataset.
   */
  hasRight(datasetId: Hex, account: Address, right: Right, now: bigint): boolean {
    const d = this.dataset(datasetId);
    if (!d) return false;
    account = lower(account);
    if (this.status(d, now) !== DatasetStatus.CONFIRMED || d.ancestryRevoked || !this.isActive(account)) return false;
    const organisation = this.organisationOf(account);
    if (organisation === d.holder) return true;
    // A suspended holder's grants confer nothing while it is suspended; those of a holder whose founding account was
    // removed still do (the organisation stays).
    const holder = this.participant(d.holder);
    if (holder && this.suspended(holder)) return false;
    const id = this.latest.get(grantKey(datasetId, organisation, right));
    // A grant issued before a correction of the holder confers nothing.
    return id !== undefined && id >= d.grantsValidFrom && this.grantStatus(this.grant(id), now) === GrantStatus.ACTIVE;
  }

  /** Whether a grant on this dataset to this grantee (an organisation) crosses a regional border. */
  crossBorder(d: DatasetState, grantee: Address): boolean {
    const p = this.participant(grantee);
    return p !== undefined && regionOf(d.jurisdiction) !== regionOf(p.jurisdiction);
  }

  // ---------------------------------------------------------------- grants: actions

  issue(sender: Address, request: GrantRequestInput, now: bigint): Outcome {
    sender = lower(sender);
    const grantee = lower(request.grantee);
    const { terms } = request;
    const d = this.dataset(request.datasetId);
    if (!d) return revert("DatasetRegistryUnknownDataset", request.datasetId);
    // The sender acts for the holding organisation; a removed or suspended officer gives nothing.
    if (d.holder !== this.organisationOf(sender)) return revert("GrantRegistryNotHolder", request.datasetId, sender);
    if (!this.isActive(sender)) return revert("GrantRegistryInactiveParticipant", sender);
    const closedToGrants = this.closed(now);
    if (closedToGrants) return closedToGrants;
    const current = this.status(d, now);
    if (current !== DatasetStatus.CONFIRMED) return revert("GrantRegistryDatasetNotGrantable", request.datasetId, current);
    if (d.ancestryRevoked) return revert("GrantRegistryAncestryRevoked", request.datasetId);
    // Grants go to an organisation, named by its own address, other than the holder (a removed founding account's
    // organisation still receives).
    const to = this.participant(grantee);
    if (grantee === d.holder || !to || to.organisation !== grantee || this.suspended(to))
      return revert("GrantRegistryInvalidGrantee", grantee);
    if (terms.purposeHash === zeroHash) return revert("GrantRegistryMissingPurpose");

    const crossBorder = regionOf(d.jurisdiction) !== regionOf(to.jurisdiction);
    const important = d.grade !== Grade.GENERAL;
    // The grantee is always another organisation.
    const personalToOthers = d.personal;

    // Period: starts now or later; expiry after the start; mandatory for personal, important or cross-border grants.
    const startsAt = terms.startsAt === 0 ? now : BigInt(terms.startsAt);
    const expiresAt = BigInt(terms.expiresAt);
    if (startsAt < now || (expiresAt !== 0n && expiresAt <= startsAt)) {
      return revert("GrantRegistryInvalidPeriod", terms.startsAt, terms.expiresAt);
    }
    if (expiresAt === 0n && (crossBorder || important || d.personal)) return revert("GrantRegistryExpiryRequired");

    // Mechanism: NONE exactly when domestic; important data leaves only under a security assessment;
    // the GBA standard contract only between the GBA's mainland cities and the SAR it names.
    const m = terms.mechanism;
    if (crossBorder === (m === TransferMechanism.NONE)) return revert("GrantRegistryMechanismNotAllowed", m, crossBorder);
    if (crossBorder) {
      if (important && m !== TransferMechanism.SECURITY_ASSESSMENT) return revert("GrantRegistryMechanismNotAllowed", m, true);
      if (m === TransferMechanism.GBA_SC_HK || m === TransferMechanism.GBA_SC_MO) {
        const sar: Region = m === TransferMechanism.GBA_SC_HK ? "HONG_KONG" : "MACAO";
        const from = regionOf(d.jurisdiction);
        const toRegion = regionOf(to.jurisdiction);
        if (!((inGbaMainland(d.jurisdiction) && toRegion === sar) || (from === sar && inGbaMainland(to.jurisdiction)))) {
          return revert("GrantRegistryMechanismNotAllowed", m, true);
        }
      }
      const e = terms.evidence;
      if (m !== TransferMechanism.EXEMPT && e.filingRef === zeroHash) return revert("GrantRegistryMissingEvidence", "filingRef");
      const contractBased =
        m === TransferMechanism.GBA_SC_HK || m === TransferMechanism.GBA_SC_MO || m === TransferMechanism.STANDARD_CONTRACT;
      if (contractBased && e.contractHash === zeroHash) return revert("GrantRegistryMissingEvidence", "contractHash");
      if (d.personal && e.impactAssessmentHash === zeroHash)
        return revert("GrantRegistryMissingEvidence", "impactAssessmentHash");
    }
    if (personalToOthers && terms.evidence.consentRecordsRoot === zeroHash) {
      return revert("GrantRegistryMissingEvidence", "consentRecordsRoot");
    }

    // Within the dataset's border conditions, when it has declared some.
    const c = d.conditions;
    if (c.openness !== 0) {
      if (c.openness === OPENNESS_NOT_OPEN) return revert("GrantRegistryDatasetNotOpen", request.datasetId);
      if (((c.rights >> terms.right) & 1) === 0) return revert("GrantRegistryRightNotAllowed", request.datasetId, terms.right);
      if (
        c.regions !== REGIONS_ANYWHERE &&
        regionOf(to.jurisdiction) !== regionOf(d.jurisdiction) &&
        !(c.regions === REGIONS_GBA && inGba(to.jurisdiction))
      ) {
        return revert("GrantRegistryRegionNotAllowed", request.datasetId, to.jurisdiction);
      }
      const purposeClass = Math.floor(terms.purposeCode / 100);
      if (purposeClass > 15 || ((c.purposeClasses >> purposeClass) & 1) === 0) {
        return revert("GrantRegistryPurposeNotAllowed", request.datasetId, terms.purposeCode);
      }
      if (c.maxTerm !== 0) {
        if (expiresAt === 0n) return revert("GrantRegistryExpiryRequired");
        if (expiresAt - startsAt > BigInt(c.maxTerm)) {
          return revert("GrantRegistryTermTooLong", request.datasetId, expiresAt - startsAt, c.maxTerm);
        }
      }
    }

    // One live grant per (dataset, grantee, right); one issued before a correction of the holder confers
    // nothing and does not count.
    const key = grantKey(request.datasetId, grantee, terms.right);
    const previous = this.latest.get(key);
    if (previous !== undefined && previous >= d.grantsValidFrom && DprModel.isLive(this.grantStatus(this.grant(previous), now))) {
      return revert("GrantRegistryDuplicateGrant", previous);
    }

    const id = BigInt(this.grants.length + 1);
    this.grants.push({
      id,
      datasetId: request.datasetId,
      grantee,
      right: terms.right,
      startsAt,
      expiresAt,
      state: crossBorder || important || personalToOthers ? "AWAITING_ACKNOWLEDGEMENT" : "ACTIVE",
      grantor: sender,
      terms: structuredClone(terms),
      crossBorder,
      acknowledgedBy: null,
      closedBy: null,
    });
    this.latest.set(key, id);
    return OK;
  }

  /** A regulator's decision on a grant that is, now, in one of `from`; moves it to `to` unless `alsoCheck` objects. */
  private regulate(
    sender: Address,
    id: bigint,
    from: readonly GrantStatus[],
    to: GrantStage,
    now: bigint,
    alsoCheck: () => Outcome = () => OK,
  ): Outcome {
    sender = lower(sender);
    const g = this.grant(id);
    if (!g) return revert("GrantRegistryUnknownGrant", id);
    if (!this.hasRole(sender, Role.REGULATOR)) return revert("GrantRegistryMissingRole", sender, Role.REGULATOR);
    const current = this.grantStatus(g, now);
    if (!from.includes(current)) return revert("GrantRegistryWrongStatus", id, current);
    const objection = alsoCheck();
    if (!objection.ok) return objection;
    g.state = to;
    if (from.includes(GrantStatus.AWAITING_ACKNOWLEDGEMENT)) {
      if (to === "ACTIVE") g.acknowledgedBy = sender;
      else g.closedBy = sender;
    }
    return OK;
  }

  /** A regulator of neither the grantee (an organisation) nor the dataset's holder clears a waiting grant. */
  acknowledge(sender: Address, id: bigint, now: bigint): Outcome {
    const g = this.grant(id);
    const organisation = this.organisationOf(sender);
    return this.regulate(sender, id, [GrantStatus.AWAITING_ACKNOWLEDGEMENT], "ACTIVE", now, () =>
      organisation === g!.grantee || organisation === this.dataset(g!.datasetId)!.holder
        ? revert("GrantRegistryOwnOrganisation", id, lower(sender))
        : OK,
    );
  }
  deny(sender: Address, id: bigint, now: bigint): Outcome {
    return this.regulate(sender, id, [GrantStatus.AWAITING_ACKNOWLEDGEMENT], "DENIED", now);
  }
  suspendGrant(sender: Address, id: bigint, now: bigint): Outcome {
    return this.regulate(sender, id, [GrantStatus.ACTIVE, GrantStatus.SCHEDULED], "SUSPENDED", now);
  }
  reinstateGrant(sender: Address, id: bigint, now: bigint): Outcome {
    return this.regulate(sender, id, [GrantStatus.SUSPENDED], "ACTIVE", now);
  }

  /** An active officer of the dataset's current holder or an active regulator revokes a live grant. */
  revoke(sender: Address, id: bigint, now: bigint): Outcome {
    sender = lower(sender);
    const g = this.grant(id);
    if (!g) return revert("GrantRegistryUnknownGrant", id);
    if (!this.hasRole(sender, Role.REGULATOR)) {
      if (this.dataset(g.datasetId)!.holder !== this.organisationOf(sender)) return revert("GrantRegistryNotHolderOrRegulator", id, sender);
      if (!this.isActive(sender)) return revert("GrantRegistryInactiveParticipant", sender);
    }
    const current = this.grantStatus(g, now);
    if (!DprModel.isLive(current)) return revert("GrantRegistryWrongStatus", id, current);
    g.state = "REVOKED";
    g.closedBy = sender;
    return OK;
  }

  // ---------------------------------------------------------------- batch anchors

  // ---------------------------------------------------------------- border conditions

  /** GrantRegistry._openForConditions: the dataset, if its conditions may still change, or why not. */
  private openForConditions(id: Hex, now: bigint): DatasetState | Outcome {
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    const current = this.status(d, now);
    const closed: DatasetStatus[] = [
      DatasetStatus.REFUSED,
      DatasetStatus.WITHDRAWN,
      DatasetStatus.REJECTED,
      DatasetStatus.REVOKED,
      DatasetStatus.RETIRED,
    ];
    if (closed.includes(current)) return revert("GrantRegistryConditionsClosed", id, current);
    return d;
  }

  /** The proposal, unless its proposer (the holding organisation) no longer holds the dataset. */
  proposalOf(d: DatasetState): ProposalState | null {
    return d.proposal !== null && d.proposal.proposer === d.holder ? d.proposal : null;
  }

  /** An officer of the holder tightens (at once) or proposes to loosen (for registrars) a dataset's border conditions. */
  setConditions(sender: Address, id: Hex, c: ConditionsInput, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.openForConditions(id, now);
    if ("ok" in d) return d;
    if (d.holder !== this.organisationOf(sender)) return revert("GrantRegistryNotHolder", id, sender);
    if (!this.isActive(sender)) return revert("GrantRegistryInactiveParticipant", sender);
    const invalid = invalidConditions(c);
    if (invalid) return invalid;
    if (tighterOrEqual(c, d.conditions)) {
      d.conditions = { ...c };
      d.proposal = null;
    } else {
      // The proposal is the organisation's: another of its officers may replace it, a new holder's drops it.
      d.proposal = { conditions: { ...c }, confirmations: 0, firstOrganisation: zeroAddress, proposedAt: now, proposer: d.holder };
    }
    return OK;
  }

  /** A registrar outside the holder's organisation confirms the proposed loosening it reviewed. */
  confirmConditions(sender: Address, id: Hex, expected: ConditionsInput, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.openForConditions(id, now);
    if ("ok" in d) return d;
    if (!this.hasRole(sender, Role.REGISTRAR)) return revert("GrantRegistryMissingRole", sender, Role.REGISTRAR);
    const proposal = this.proposalOf(d);
    if (!proposal) return revert("GrantRegistryNoProposedConditions", id);
    const same = (Object.keys(UNDECLARED) as (keyof ConditionsInput)[]).every((k) => proposal.conditions[k] === expected[k]);
    if (!same) return revert("GrantRegistryProposalChanged", id);
    const organisation = this.organisationOf(sender);
    if (organisation === d.holder) return revert("GrantRegistryConditionsOwnOrganisation", id, sender);
    if (organisation === proposal.firstOrganisation) return revert("GrantRegistryConditionsAlreadyConfirmedBy", id, organisation);
    const confirmations = proposal.confirmations + 1;
    if (confirmations < this.requiredConfirmations(d)) {
      proposal.confirmations = confirmations;
      proposal.firstOrganisation = organisation;
      return OK;
    }
    d.conditions = { ...proposal.conditions };
    d.proposal = null;
    return OK;
  }

  /** An active HOLDER anchors a non-empty batch under a root nobody anchored before. */
  anchor(
    sender: Address,
    a: Omit<AnchorState, "anchorer" | "anchoredAt">,
    now: bigint,
  ): Outcome {
    sender = lower(sender);
    // ParticipantDirectory.hasRoleWhileOpen: the gate first, then the role.
    const closed = this.closed(now);
    if (closed) return closed;
    if (!this.hasRole(sender, Role.HOLDER)) return revert("BatchAnchorRegistryNotHolder", sender);
    if (a.root === zeroHash || a.leafCount === 0) return revert("BatchAnchorRegistryEmptyBatch");
    const existing = this.anchors.get(a.root);
    if (existing) return revert("BatchAnchorRegistryAlreadyAnchored", a.root, existing.anchorer);
    this.anchors.set(a.root, { ...a, anchorer: sender, anchoredAt: now });
    return OK;
  }

  /** A deep copy, to go back to when the chain reverts to a snapshot taken with it. */
  clone(): DprModel {
    return Object.assign(Object.create(DprModel.prototype) as DprModel, structuredClone({ ...this }));
  }
}
