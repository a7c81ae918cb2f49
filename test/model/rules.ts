/**
 * A model of the DPR rules: DatasetRegistry + GrantRegistry + the participant directory's standing,
 * in plain TypeScript, written from the interfaces' NatSpec (IDatasetRegistry, IGrantRegistry,
 * IParticipantDirectory), DESIGN.md section 4 and a reading of the implementations.
 *
 * It never calls a contract. Each action checks the rules in the order the contract does (so that
 * the predicted error is the one the chain reports, arguments included) and, only when every rule
 * passes, applies the resulting state. Time-based states (end of the notice period, a grant's start
 * and expiry) are computed from the clock on read, exactly like the contracts' view functions.
 */
import { type Address, type Hex, encodeAbiParameters, keccak256, zeroAddress, zeroHash } from "viem";
import { Category, DatasetStatus, Derivation, Grade, GrantStatus, Jurisdiction, Right, Role, TransferMechanism } from "@dpr/sdk";

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
  suspended: boolean;
  /** Always false: only the zone admin suspends (the contract keeps the field in its record). */
  suspendedByAdmin: boolean;
}

/** The stored life-cycle stage; the public status is derived from it, the flags and the clock. */
export type Stage = "PENDING" | "CONFIRMED" | "DISPUTED" | "REJECTED" | "RETIRED";

/** An objection and, once the dispute is decided, the decision (one decision settles every open objection). */
export interface ObjectionRecord {
  objector: Address;
  evidenceHash: Hex;
  resolution: { resolver: Address; upheld: boolean; previousHolder: Address; holder: Address; decisionHash: Hex } | null;
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
  /** The previous version, or null for the first of a series. */
  versionOf: Hex | null;
  parents: readonly { datasetId: Hex; derivation: Derivation }[];
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
  /** A dispute over it was resolved; no further objections. */
  settled: boolean;
  /** Organisations whose registrars have confirmed it (each confirms at most once). */
  confirmingOrganisations: Address[];
  /** When the last required confirmation arrived, or 0n. */
  confirmedAt: bigint;
  registeredAt: bigint;
  pendingTransferTo: Address | null;
  // The record beyond what the rules read: what the indexer must show (test/e2e/index-equals-chain.test.ts).
  /** Confirming registrar accounts, in order. */
  confirmations: Address[];
  objections: ObjectionRecord[];
  transfers: TransferRecord[];
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

  /**
   * @param admin The zone admin (owner of the directory), who is not a participant.
   * @param participants The onboarded cast.
   * @param noticePeriod The public notice period in seconds.
   */
  constructor(
    readonly admin: Address,
    participants: readonly ParticipantState[],
    readonly noticePeriod: bigint,
  ) {
    this.admin = lower(admin);
    for (const p of participants) {
      this.participants.set(lower(p.account), { ...p, account: lower(p.account), organisation: lower(p.organisation) });
    }
  }

  // ---------------------------------------------------------------- participants

  participant(account: Address): ParticipantState | undefined {
    return this.participants.get(lower(account));
  }
  /** Onboarded and not suspended. */
  isActive(account: Address): boolean {
    const p = this.participant(account);
    return p !== undefined && !p.suspended;
  }
  /** Active and holding the role. */
  hasRole(account: Address, role: Role): boolean {
    const p = this.participant(account);
    return p !== undefined && !p.suspended && (p.roles & (1 << role)) !== 0;
  }
  /** The organisation, or the zero address for a non-participant. */
  organisationOf(account: Address): Address {
    return this.participant(account)?.organisation ?? zeroAddress;
  }

  /**
   * ParticipantDirectory.suspend / reinstate: the zone admin only (`onlyOwner`, checked first).
   * `suspendedByAdmin` stays false: it no longer distinguishes anything.
   */
  setSuspended(sender: Address, account: Address, suspended: boolean): Outcome {
    sender = lower(sender);
    if (sender !== this.admin) return revert("OwnableUnauthorizedAccount", sender);
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

  // ---------------------------------------------------------------- datasets: reads

  dataset(id: Hex): DatasetState | undefined {
    return this.datasets.get(id);
  }

  /** In the public notice period: all confirmations in, no dispute settled, the period not over. */
  inNotice(d: DatasetState, now: bigint): boolean {
    return d.stage === "CONFIRMED" && !d.settled && now < d.confirmedAt + this.noticePeriod;
  }

  /** The status at time `now`. Rejection and retirement are final; a freeze hides everything else. */
  status(d: DatasetState | undefined, now: bigint): DatasetStatus {
    if (!d) return DatasetStatus.UNREGISTERED;
    if (d.stage === "REJECTED") return DatasetStatus.REJECTED;
    if (d.stage === "RETIRED") return DatasetStatus.RETIRED;
    if (d.frozen) return DatasetStatus.FROZEN;
    if (d.stage === "DISPUTED") return DatasetStatus.DISPUTED;
    if (d.stage === "PENDING") return DatasetStatus.PENDING;
    return this.inNotice(d, now) ? DatasetStatus.NOTICE : DatasetStatus.CONFIRMED;
  }

  /**
   * One registrar for general non-personal data; two (of distinct organisations) for important or
   * personal data, and for data declassified by de-identification from such parents.
   */
  requiredConfirmations(d: Pick<DatasetState, "grade" | "personal" | "declassified">): number {
    return d.grade === Grade.IMPORTANT || d.personal || d.declassified ? 2 : 1;
  }

  /** Can be versioned or derived from: CONFIRMED (past notice, neither disputed nor frozen). */
  private usable(d: DatasetState, now: bigint): boolean {
    return this.status(d, now) === DatasetStatus.CONFIRMED;
  }

  // ---------------------------------------------------------------- datasets: actions

  register(sender: Address, r: RegistrationInput, now: bigint): Outcome {
    sender = lower(sender);
    if (!this.hasRole(sender, Role.HOLDER)) return revert("DatasetRegistryMissingRole", sender, Role.HOLDER);
    if (r.contentHash === zeroHash) return revert("DatasetRegistryEmptyContentHash");
    if (r.grade === Grade.CORE) return revert("DatasetRegistryCoreDataRefused");
    if (r.category === Category.PERSONAL && !r.containsPersonalData) return revert("DatasetRegistryInconsistentPersonalData");
    const own = this.participant(sender)!.jurisdiction;
    if (r.jurisdiction !== own) return revert("DatasetRegistryJurisdictionMismatch", sender, own, r.jurisdiction);
    const id = datasetIdOf(r.algorithm, r.contentHash);
    if (this.datasets.has(id)) return revert("DatasetRegistryAlreadyRegistered", r.contentHash, id);

    // A new version: the caller holds the previous one, which is the latest of its series and usable.
    let previous: DatasetState | undefined;
    if (r.versionOf !== zeroHash) {
      previous = this.dataset(r.versionOf);
      if (!previous) return revert("DatasetRegistryUnknownDataset", r.versionOf);
      if (previous.holder !== sender) return revert("DatasetRegistryNotHolder", r.versionOf, sender);
      if (previous.superseded) return revert("DatasetRegistrySuperseded", r.versionOf);
      if (!this.usable(previous, now)) return revert("DatasetRegistryWrongStatus", r.versionOf, this.status(previous, now));
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
      if (!this.usable(parent, now)) return revert("DatasetRegistryWrongStatus", parentId, this.status(parent, now));
      const mayDerive =
        parent.holder === sender ||
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

    if (previous) previous.superseded = true;
    this.datasets.set(id, {
      id,
      algorithm: r.algorithm,
      contentHash: r.contentHash,
      metadataHash: r.metadataHash,
      metadataURI: r.metadataURI,
      versionOf: r.versionOf === zeroHash ? null : r.versionOf,
      parents: r.parents.map((p) => ({ ...p })),
      holder: sender,
      stage: "PENDING",
      category: r.category,
      grade: r.grade,
      personal: r.containsPersonalData,
      jurisdiction: r.jurisdiction,
      sector: r.sector,
      declassified,
      frozen: false,
      superseded: false,
      settled: false,
      confirmingOrganisations: [],
      confirmedAt: 0n,
      registeredAt: now,
      pendingTransferTo: null,
      confirmations: [],
      objections: [],
      transfers: [],
    });
    return OK;
  }

  /** An active registrar outside the holder's organisation confirms a pending, unfrozen dataset. */
  confirm(sender: Address, id: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (d.stage !== "PENDING" || d.frozen) return revert("DatasetRegistryWrongStatus", id, this.status(d, now));
    if (!this.hasRole(sender, Role.REGISTRAR)) return revert("DatasetRegistryMissingRole", sender, Role.REGISTRAR);
    const organisation = this.organisationOf(sender);
    if (organisation === this.organisationOf(d.holder)) return revert("DatasetRegistryOwnOrganisation", id, sender);
    if (d.confirmingOrganisations.includes(organisation)) return revert("DatasetRegistryAlreadyConfirmedBy", id, organisation);
    d.confirmingOrganisations.push(organisation);
    d.confirmations.push(sender);
    if (d.confirmingOrganisations.length >= this.requiredConfirmations(d)) {
      d.stage = "CONFIRMED";
      d.confirmedAt = now;
    }
    return OK;
  }

  /** Any active participant outside the holder's organisation, during notice or an open dispute. */
  object(sender: Address, id: Hex, evidenceHash: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!this.isActive(sender)) return revert("DatasetRegistryInactiveParticipant", sender);
    if ((d.stage !== "DISPUTED" && !this.inNotice(d, now)) || d.frozen) return revert("DatasetRegistryWrongStatus", id, this.status(d, now));
    if (this.organisationOf(sender) === this.organisationOf(d.holder))
      return revert("DatasetRegistryHolderCannotObject", id, sender);
    if (evidenceHash === zeroHash) return revert("DatasetRegistryEmptyHash");
    d.stage = "DISPUTED";
    d.objections.push({ objector: sender, evidenceHash, resolution: null });
    return OK;
  }

  /**
   * An active regulator, or an active registrar outside the holder's organisation (and outside the new
   * holder's, when the decision names one), decides a dispute.
   */
  resolve(sender: Address, id: Hex, upheld: boolean, newHolder: Address, decisionHash: Hex, now: bigint): Outcome {
    sender = lower(sender);
    newHolder = lower(newHolder);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (d.stage !== "DISPUTED" || d.frozen) return revert("DatasetRegistryWrongStatus", id, this.status(d, now));
    if (!this.hasRole(sender, Role.REGULATOR)) {
      if (!this.hasRole(sender, Role.REGISTRAR)) return revert("DatasetRegistryNotRegistrarOrRegulator", sender);
      if (this.organisationOf(sender) === this.organisationOf(d.holder))
        return revert("DatasetRegistryOwnOrganisation", id, sender);
    }
    if (decisionHash === zeroHash) return revert("DatasetRegistryEmptyHash");
    const previousHolder = d.holder;
    if (!upheld) {
      d.stage = "CONFIRMED";
      d.settled = true;
    } else if (newHolder === zeroAddress) {
      d.stage = "REJECTED";
    } else {
      const refused = this.checkNewHolder(d, newHolder);
      if (refused) return refused;
      // Nor does a registrar award the dataset to its own organisation.
      if (!this.hasRole(sender, Role.REGULATOR) && this.organisationOf(sender) === this.organisationOf(newHolder)) {
        return revert("DatasetRegistryOwnOrganisation", id, sender);
      }
      d.holder = newHolder;
      d.stage = "CONFIRMED";
      d.settled = true;
    }
    for (const o of d.objections) {
      o.resolution ??= { resolver: sender, upheld, previousHolder, holder: d.holder, decisionHash };
    }
    return OK;
  }

  /** A new holder (by transfer or decision) is an active HOLDER other than the current one, of the dataset's jurisdiction. */
  private checkNewHolder(d: DatasetState, account: Address): Outcome | undefined {
    if (account === d.holder || !this.hasRole(account, Role.HOLDER)) return revert("DatasetRegistryInvalidNewHolder", account);
    const theirs = this.participant(account)!.jurisdiction;
    if (theirs !== d.jurisdiction) return revert("DatasetRegistryJurisdictionMismatch", account, theirs, d.jurisdiction);
    return undefined;
  }

  /** Ends the pending transfer request of `d`, if any, as `status`. */
  private closeTransfer(d: DatasetState, status: "cancelled" | "completed", registrar: Address | null = null): void {
    const open = d.transfers.at(-1);
    if (open?.status === "requested") Object.assign(open, { status, registrar });
  }

  /** The dataset, which `sender` holds and `sender` is active; or the reason it is not. */
  private heldBy(sender: Address, id: Hex): DatasetState | Outcome {
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (d.holder !== sender) return revert("DatasetRegistryNotHolder", id, sender);
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
    this.closeTransfer(d, "cancelled");
    d.pendingTransferTo = to;
    d.transfers.push({ from: sender, to, status: "requested", registrar: null });
    return OK;
  }

  /** The active holder, or an active regulator, withdraws a pending transfer request. */
  cancelTransfer(sender: Address, id: Hex): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!this.hasRole(sender, Role.REGULATOR)) {
      if (d.holder !== sender) return revert("DatasetRegistryNotHolderOrRegulator", id, sender);
      if (!this.isActive(sender)) return revert("DatasetRegistryInactiveParticipant", sender);
    }
    if (d.pendingTransferTo === null) return revert("DatasetRegistryNoPendingTransfer", id);
    this.closeTransfer(d, "cancelled");
    d.pendingTransferTo = null;
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
    if (organisation === this.organisationOf(d.holder) || organisation === this.organisationOf(to)) {
      return revert("DatasetRegistryOwnOrganisation", id, sender);
    }
    if (!this.isActive(d.holder)) return revert("DatasetRegistryInactiveParticipant", d.holder);
    if (!this.hasRole(to, Role.HOLDER)) return revert("DatasetRegistryInvalidNewHolder", to);
    this.closeTransfer(d, "completed", sender);
    d.holder = to;
    d.pendingTransferTo = null;
    return OK;
  }

  /** An active regulator freezes anything not already frozen, rejected or retired. */
  freeze(sender: Address, id: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!this.hasRole(sender, Role.REGULATOR)) return revert("DatasetRegistryMissingRole", sender, Role.REGULATOR);
    if (d.frozen || d.stage === "REJECTED" || d.stage === "RETIRED")
      return revert("DatasetRegistryWrongStatus", id, this.status(d, now));
    d.frozen = true;
    return OK;
  }

  unfreeze(sender: Address, id: Hex): Outcome {
    sender = lower(sender);
    const d = this.dataset(id);
    if (!d) return revert("DatasetRegistryUnknownDataset", id);
    if (!this.hasRole(sender, Role.REGULATOR)) return revert("DatasetRegistryMissingRole", sender, Role.REGULATOR);
    if (!d.frozen) return revert("DatasetRegistryNotFrozen", id);
    d.frozen = false;
    return OK;
  }

  /** The active holder retires a pending, in-notice or confirmed (unfrozen, undisputed) dataset; a pending transfer lapses. */
  retire(sender: Address, id: Hex, now: bigint): Outcome {
    sender = lower(sender);
    const d = this.heldBy(sender, id);
    if ("ok" in d) return d;
    const current = this.status(d, now);
    if (current !== DatasetStatus.PENDING && current !== DatasetStatus.NOTICE && current !== DatasetStatus.CONFIRMED) {
      return revert("DatasetRegistryWrongStatus", id, current);
    }
    d.stage = "RETIRED";
    this.closeTransfer(d, "cancelled");
    d.pendingTransferTo = null;
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
   * hasRight: the dataset is CONFIRMED and the account is active and either its holder (any right)
   * or the grantee of an ACTIVE grant of the right while the holder is active. False for an unknown dataset.
   */
  hasRight(datasetId: Hex, account: Address, right: Right, now: bigint): boolean {
    const d = this.dataset(datasetId);
    if (!d) return false;
    account = lower(account);
    if (this.status(d, now) !== DatasetStatus.CONFIRMED || !this.isActive(account)) return false;
    if (account === d.holder) return true;
    // A suspended holder's grants confer nothing while it is suspended.
    if (this.participant(d.holder)?.suspended) return false;
    const id = this.latest.get(grantKey(datasetId, account, right));
    return id !== undefined && this.grantStatus(this.grant(id), now) === GrantStatus.ACTIVE;
  }

  /** Whether a grant on this dataset to this grantee crosses a regional border. */
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
    if (d.holder !== sender) return revert("GrantRegistryNotHolder", request.datasetId, sender);
    if (this.participant(sender)?.suspended) return revert("GrantRegistryInactiveParticipant", sender);
    const current = this.status(d, now);
    if (current !== DatasetStatus.CONFIRMED) return revert("GrantRegistryDatasetNotGrantable", request.datasetId, current);
    const to = this.participant(grantee);
    if (grantee === sender || !to || to.suspended) return revert("GrantRegistryInvalidGrantee", grantee);
    if (terms.purposeHash === zeroHash) return revert("GrantRegistryMissingPurpose");

    const crossBorder = regionOf(d.jurisdiction) !== regionOf(to.jurisdiction);
    const important = d.grade !== Grade.GENERAL;
    const personalToOthers = d.personal && to.organisation !== this.organisationOf(sender);

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

    // One live grant per (dataset, grantee, right).
    const key = grantKey(request.datasetId, grantee, terms.right);
    const previous = this.latest.get(key);
    if (previous !== undefined && DprModel.isLive(this.grantStatus(this.grant(previous), now))) {
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

  /** A regulator outside the organisations of the grantee and of the dataset's holder clears a waiting grant. */
  acknowledge(sender: Address, id: bigint, now: bigint): Outcome {
    const g = this.grant(id);
    const organisation = this.organisationOf(sender);
    return this.regulate(sender, id, [GrantStatus.AWAITING_ACKNOWLEDGEMENT], "ACTIVE", now, () =>
      organisation === this.organisationOf(g!.grantee) || organisation === this.organisationOf(this.dataset(g!.datasetId)!.holder)
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

  /** The dataset's current, active holder or an active regulator revokes a live grant. */
  revoke(sender: Address, id: bigint, now: bigint): Outcome {
    sender = lower(sender);
    const g = this.grant(id);
    if (!g) return revert("GrantRegistryUnknownGrant", id);
    if (!this.hasRole(sender, Role.REGULATOR)) {
      if (this.dataset(g.datasetId)!.holder !== sender) return revert("GrantRegistryNotHolderOrRegulator", id, sender);
      if (!this.isActive(sender)) return revert("GrantRegistryInactiveParticipant", sender);
    }
    const current = this.grantStatus(g, now);
    if (!DprModel.isLive(current)) return revert("GrantRegistryWrongStatus", id, current);
    g.state = "REVOKED";
    g.closedBy = sender;
    return OK;
  }

  // ---------------------------------------------------------------- batch anchors

  /** An active HOLDER anchors a non-empty batch under a root nobody anchored before. */
  anchor(
    sender: Address,
    a: Omit<AnchorState, "anchorer" | "anchoredAt">,
    now: bigint,
  ): Outcome {
    sender = lower(sender);
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
