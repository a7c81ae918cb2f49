/**
 * The handlers: what each contract event does to the index. They run synchronously on a `Batch` whose
 * entities were loaded beforehand (`needs` says which), so a range of thousands of events costs a few
 * queries, not one per event.
 *
 * Every event is also appended to the audit trail with its actor (the account that acted, read from the
 * event's own fields) and the dataset, grant, participant or anchor it concerns.
 */
import { HashAlgorithm, hashAlgorithmName, toLabel } from "@dpr/sdk";
import { type Hex, encodeAbiParameters, keccak256, zeroAddress, zeroHash } from "viem";
import { HandlerError, InvalidChainDataError, StoreError } from "../errors.js";
import type { Batch } from "../store/batch.js";
import type { ContractName, DecodedEvent } from "./decode.js";

/** The entity keys a list of events touches, to load their current versions before applying them. */
export interface Needs {
  participants: Set<string>;
  datasets: Set<string>;
  grants: Set<string>;
  /** Datasets whose open objections / open transfer requests the events resolve. */
  openObjectionsOf: Set<string>;
  openTransfersOf: Set<string>;
  /** Datasets whose claim the events may end and free (their previous version is un-superseded). */
  predecessorsOf: Set<string>;
  /** Organisations whose every account the events change (a re-committed legal identity). */
  accountsOf: Set<string>;
}

export interface Handlers {
  needs(events: readonly DecodedEvent[]): Needs;
  /**
   * Applies the events (in chain order, timestamps filled) to the batch. A failing event throws a
   * `HandlerError` naming it; the batch is then left unwritten.
   */
  apply(batch: Batch, events: readonly DecodedEvent[]): void;
}

const lower = (value: unknown): string => String(value).toLowerCase();
const id32 = (value: unknown): string => lower(value);
const orNull = (hash: unknown): string | null => (hash === zeroHash ? null : lower(hash));

/** Who acted, per event, from the event's own fields. */
const ACTOR: Record<string, string | undefined> = {
  ParticipantAdded: "addedBy",
  ParticipantRolesChanged: "changedBy",
  ParticipantMetadataChanged: "changedBy",
  ParticipantSuspended: "suspendedBy",
  ParticipantReinstated: "reinstatedBy",
  ParticipantLegalIdentityChanged: "changedBy",
  OrganisationNameAttested: "attestedBy",
  ParticipantRemoved: "removedBy",
  OrganisationKeySet: "setBy",
  RoleGranted: "sender",
  RoleRevoked: "sender",
  ZonePaused: "pausedBy",
  ZoneUnpaused: "unpausedBy",
  ZoneMigrated: "migratedBy",
  ExecutedForwardRequest: "signer",
  // The officer who registered; the holder is its organisation (the trail's participant).
  DatasetRegistered: "registrant",
  DatasetConfirmed: "registrar",
  DatasetRefused: "registrar",
  DatasetWithdrawn: "holder",
  DatasetObjected: "objector",
  DatasetDecisionVoted: "voter",
  DatasetDisputeResolved: "resolver",
  DatasetRevoked: "decidedBy",
  DatasetHolderCorrected: "decidedBy",
  DatasetAncestryRevoked: "markedBy",
  DatasetReconfirmed: "registrar",
  DatasetTransferRequested: "from",
  DatasetTransferCancelled: "cancelledBy",
  DatasetTransferred: "registrar",
  DatasetFrozen: "regulator",
  DatasetUnfrozen: "regulator",
  DatasetRetired: "holder",
  GrantIssued: "grantor",
  GrantAcknowledged: "regulator",
  GrantDenied: "regulator",
  GrantSuspended: "regulator",
  GrantReinstated: "regulator",
  GrantRevoked: "revokedBy",
  BorderConditionsSet: "by",
  BorderConditionsProposed: "holder",
  BorderConditionsConfirmed: "registrar",
  BatchAnchored: "anchorer",
};

/** The participant an event is about (beyond its actor). */
const PARTICIPANT: Record<string, string | undefined> = {
  ParticipantAdded: "account",
  ParticipantRolesChanged: "account",
  ParticipantMetadataChanged: "account",
  ParticipantSuspended: "account",
  ParticipantReinstated: "account",
  ParticipantLegalIdentityChanged: "organisation",
  OrganisationNameAttested: "organisation",
  ParticipantRemoved: "account",
  OrganisationKeySet: "organisation",
  RoleGranted: "account",
  RoleRevoked: "account",
  DefaultAdminTransferScheduled: "newAdmin",
  DatasetRegistered: "holder",
  DatasetTransferRequested: "to",
  DatasetTransferCancelled: "to",
  DatasetTransferred: "to",
  DatasetHolderCorrected: "holder",
  GrantIssued: "grantee",
};

/** Events that change every account of an organisation. */
const ORGANISATION_WIDE = new Set(["ParticipantLegalIdentityChanged", "OrganisationNameAttested", "OrganisationKeySet"]);

/** Events that may end a claim and free its content. */
const FREEING = new Set(["DatasetRefused", "DatasetWithdrawn", "DatasetDisputeResolved"]);

export function createHandlers(): Handlers {
  return {
    needs(events) {
      const needs: Needs = {
        participants: new Set(),
        datasets: new Set(),
        grants: new Set(),
        openObjectionsOf: new Set(),
        openTransfersOf: new Set(),
        predecessorsOf: new Set(),
        accountsOf: new Set(),
      };
      for (const { name, raw } of events) {
        // Events of an organisation change every account of it.
        if (ORGANISATION_WIDE.has(name)) needs.accountsOf.add(lower(raw.organisation));
        // An account joining an organisation takes the organisation's attested name and key.
        else if (name === "ParticipantAdded" && lower(raw.organisation) !== lower(raw.account)) needs.participants.add(lower(raw.organisation));
        // Every other participant event, and an onboarding (the account may have been removed and come back).
        if (name.startsWith("Participant") && "account" in raw) needs.participants.add(lower(raw.account));
        if (name.startsWith("BorderConditions")) needs.datasets.add(id32(raw.datasetId));
        if (name.startsWith("Dataset")) {
          const datasetId = id32(raw.datasetId);
          // A registration may be a new claim on freed content: the same id, whose row is reset.
          needs.datasets.add(datasetId);
          if (name === "DatasetRegistered" && raw.versionOf !== zeroHash) needs.datasets.add(id32(raw.versionOf));
          if (name === "DatasetDisputeResolved") needs.openObjectionsOf.add(datasetId);
          if (name === "DatasetTransferCancelled" || name === "DatasetTransferred") needs.openTransfersOf.add(datasetId);
          if (FREEING.has(name)) needs.predecessorsOf.add(datasetId);
        }
        if (name.startsWith("Grant") && name !== "GrantIssued") needs.grants.add(String(raw.grantId));
      }
      return needs;
    },

    apply(batch, events) {
      for (const event of events) {
        // Each failure names its event, so the operator learns where the index stopped, not only why.
        try {
          const timestamp = event.timestamp;
          if (timestamp === undefined) throw new InvalidChainDataError(`no timestamp for block ${event.blockNumber}`);
          const handler = HANDLERS[event.name];
          if (!handler) throw new InvalidChainDataError(`no handler for ${event.name} (block ${event.blockNumber})`);
          handler(batch, event, timestamp);
          batch.events.insert(eventRow(batch, event, timestamp));
        } catch (error) {
          const { blockNumber, blockHash, txHash, logIndex, contract, name } = event;
          throw new HandlerError({ blockNumber, blockHash, txHash, logIndex, contract, event: name }, error);
        }
        const block = batch.blocks.get(event.blockNumber);
        if (block) block.event_count += 1;
      }
    },
  };
}

function eventRow(batch: Batch, event: DecodedEvent, timestamp: number) {
  const { raw, name } = event;
  const actorField = ACTOR[name];
  // A derivation is declared by the registrant, whose registration the same transaction just created.
  const derivedBy = name === "DatasetDerived" ? batch.datasets.get(id32(raw.datasetId))?.registrant : undefined;
  const participantField = PARTICIPANT[name];
  return {
    id: event.id,
    block_number: event.blockNumber,
    log_index: event.logIndex,
    block_hash: event.blockHash,
    timestamp,
    tx_hash: event.txHash,
    tx_index: event.txIndex,
    contract: event.contract satisfies ContractName,
    address: event.address,
    name,
    actor: actorField ? lower(raw[actorField]) : derivedBy ? String(derivedBy) : null,
    dataset_id: "datasetId" in raw ? id32(raw.datasetId) : null,
    grant_id: "grantId" in raw ? String(raw.grantId) : null,
    participant: participantField ? lower(raw[participantField]) : null,
    anchor_root: name === "BatchAnchored" ? id32(raw.root) : null,
    args: event.args,
  };
}

type Handler = (batch: Batch, event: DecodedEvent, timestamp: number) => void;

const HANDLERS: Record<string, Handler> = {
  // ------------------------------------------------------------------ participants
  // Onboarded by the onboarding office, or added as an officer by the organisation's designated key (addedBy).
  ParticipantAdded(batch, { raw, args, blockNumber }, timestamp) {
    const organisation = lower(raw.organisation);
    const founding = organisation === lower(raw.account);
    const previous = batch.participants.get(lower(raw.account));
    if (previous && previous.removed_block === null) {
      throw new InvalidChainDataError(`participant ${lower(raw.account)} is onboarded again, but the index has it as a participant`);
    }
    // What the organisation's record carries (its attested name, its key): a founding account onboarded again
    // after its removal keeps its own, which the directory kept; an officer takes its organisation's.
    const named = founding ? (previous?.organisation === organisation ? previous : undefined) : batch.participants.get(organisation);
    if (!founding && !named) throw new InvalidChainDataError(`organisation ${organisation} is not known to the index`);
    const row = {
      id: lower(raw.account),
      organisation: lower(raw.organisation),
      jurisdiction: args.jurisdiction,
      roles: args.roles,
      roles_mask: Number(raw.roles),
      legal_id_hash: lower(raw.legalIdHash),
      metadata_uri: raw.metadataURI,
      // An account removed while suspended comes back suspended, as the directory keeps it.
      suspended: previous?.suspended ?? false,
      added_by: lower(raw.addedBy),
      added_at: timestamp,
      added_block: blockNumber,
      updated_at: timestamp,
      updated_block: blockNumber,
      attested_name: named?.attested_name ?? null,
      name_attested_by: named?.name_attested_by ?? null,
      name_attested_at: named?.name_attested_at ?? null,
      name_attested_block: named?.name_attested_block ?? null,
      organisation_key: named?.organisation_key ?? null,
      removed_by: null,
      removed_at: null,
      removed_block: null,
    };
    // An account removed earlier and onboarded again: the same row, reset; its earlier versions keep the past.
    if (previous) batch.participants.update(lower(raw.account), blockNumber, row);
    else batch.participants.insert(row, blockNumber);
  },
  ParticipantRolesChanged(batch, { raw, args, blockNumber }, timestamp) {
    batch.participants.update(lower(raw.account), blockNumber, {
      roles: args.roles,
      roles_mask: Number(raw.roles),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  ParticipantMetadataChanged(batch, { raw, blockNumber }, timestamp) {
    batch.participants.update(lower(raw.account), blockNumber, { metadata_uri: raw.metadataURI, updated_at: timestamp, updated_block: blockNumber });
  },
  ParticipantSuspended(batch, { raw, blockNumber }, timestamp) {
    batch.participants.update(lower(raw.account), blockNumber, { suspended: true, updated_at: timestamp, updated_block: blockNumber });
  },
  ParticipantReinstated(batch, { raw, blockNumber }, timestamp) {
    batch.participants.update(lower(raw.account), blockNumber, { suspended: false, updated_at: timestamp, updated_block: blockNumber });
  },
  // The zone rotated its secret: every account of the organisation now carries the new commitment.
  ParticipantLegalIdentityChanged(batch, { raw, blockNumber }, timestamp) {
    const organisation = lower(raw.organisation);
    const accounts = batch.participants.find((row) => row.organisation === organisation);
    if (accounts.length === 0) throw new InvalidChainDataError(`organisation ${organisation} is not known to the index`);
    const legal_id_hash = lower(raw.legalIdHash);
    for (const account of accounts) {
      batch.participants.update(String(account.id), blockNumber, { legal_id_hash, updated_at: timestamp, updated_block: blockNumber });
    }
  },
  // The zone admin attested the organisation's name: every account of it shows the name from now on.
  OrganisationNameAttested(batch, { raw, blockNumber }, timestamp) {
    const organisation = lower(raw.organisation);
    const accounts = batch.participants.find((row) => row.organisation === organisation);
    if (accounts.length === 0) throw new InvalidChainDataError(`organisation ${organisation} is not known to the index`);
    const changes = { attested_name: raw.name, name_attested_by: lower(raw.attestedBy), name_attested_at: timestamp, name_attested_block: blockNumber };
    for (const account of accounts) batch.participants.update(String(account.id), blockNumber, changes);
  },
  // Removed by the onboarding office or the organisation's key: no participant from this block on; the row keeps
  // who and when. An organisation's founding account keeps its row as the organisation's record (the directory
  // keeps it too, marked removed): the holder of the organisation's datasets still reads its name and standing.
  ParticipantRemoved(batch, { raw, blockNumber }, timestamp) {
    batch.participants.update(lower(raw.account), blockNumber, {
      removed_by: lower(raw.removedBy),
      removed_at: timestamp,
      removed_block: blockNumber,
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  // The onboarding office designated (or cleared, the zero address) the key that manages the organisation's
  // officers: every account of the organisation shows it from now on.
  OrganisationKeySet(batch, { raw, blockNumber }, timestamp) {
    const organisation = lower(raw.organisation);
    const accounts = batch.participants.find((row) => row.organisation === organisation);
    if (accounts.length === 0) throw new InvalidChainDataError(`organisation ${organisation} is not known to the index`);
    const key = raw.key === zeroAddress ? null : lower(raw.key);
    for (const account of accounts) {
      batch.participants.update(String(account.id), blockNumber, { organisation_key: key, updated_at: timestamp, updated_block: blockNumber });
    }
  },
  // The offices, governance's handover, pauses and migration are read from the trail (GraphQL `zone`).
  RoleGranted() {},
  RoleRevoked() {},
  RoleAdminChanged() {},
  DefaultAdminTransferScheduled() {},
  DefaultAdminTransferCanceled() {},
  DefaultAdminDelayChangeScheduled() {},
  DefaultAdminDelayChangeCanceled() {},
  ZonePaused() {},
  ZoneUnpaused() {},
  ZoneMigrated() {},
  // A request an officer signed and someone else submitted: the registry's own event in the same
  // transaction names the officer as the actor; this one records that the request was relayed, and by
  // whose signature (the submitter is the transaction's sender).
  ExecutedForwardRequest() {},

  // ------------------------------------------------------------------ datasets
  // A registration opens claim `claim` on its content. Claim 1 creates the row; a later claim (the content
  // was freed: refused, withdrawn or rejected) resets the same id's row to the new registration, as the
  // contract does. The earlier claims' rows stay at their blocks, and their confirmations, objections,
  // votes… carry their claim number.
  DatasetRegistered(batch, { raw, args, blockNumber, txHash }, timestamp) {
    const id = id32(raw.datasetId);
    const claim = Number(raw.claim);
    const versionOf = orNull(raw.versionOf);
    let seriesId = id;
    let version = 1;
    if (versionOf) {
      const previous = batch.datasets.get(versionOf);
      if (!previous) throw new InvalidChainDataError(`dataset ${id} is a version of ${versionOf}, which the index lacks`);
      seriesId = String(previous.series_id);
      version = Number(previous.version) + 1;
      batch.datasets.update(versionOf, blockNumber, { superseded: true, superseded_by: id, updated_at: timestamp, updated_block: blockNumber });
    }
    const contentHash = lower(raw.contentHash);
    const row = {
      id,
      series_id: seriesId,
      version_of: versionOf,
      version,
      holder: lower(raw.holder),
      registrant: lower(raw.registrant),
      algorithm: algorithmOf(id, contentHash),
      content_hash: contentHash,
      metadata_hash: lower(raw.metadataHash),
      metadata_uri: raw.metadataURI,
      category: args.category,
      grade: args.grade,
      contains_personal_data: raw.containsPersonalData,
      sector: Number(raw.sector),
      jurisdiction: args.jurisdiction,
      required_confirmations: Number(raw.requiredConfirmations),
      confirmations: 0,
      declassified: raw.declassified,
      stage: "pending",
      frozen: false,
      superseded: false,
      superseded_by: null,
      confirmed_at: null,
      notice_ends_at: null,
      pending_transfer_to: null,
      registered_at: timestamp,
      registered_block: blockNumber,
      registered_tx: txHash,
      updated_at: timestamp,
      updated_block: blockNumber,
      claim,
      ancestry_revoked: false,
      notice_remaining: null,
      open_objections: 0,
      grants_valid_from: null,
      ...NO_DECISION,
      refused_by: null,
      refusal_reason_hash: null,
      withdrawn_by: null,
      ended_at: null,
      ended_block: null,
      ...NO_CORRECTION,
      // A new claim starts with none; the grant registry's BorderConditionsSet follows in the same transaction.
      ...NO_CONDITIONS,
    };
    const existing = batch.datasets.get(id);
    if (!existing) {
      if (claim !== 1) throw new InvalidChainDataError(`dataset ${id} is registered as claim ${claim}, but the index has no earlier claim`);
      batch.datasets.insert(row, blockNumber);
      return;
    }
    if (!FREED.has(String(existing.stage)) || Number(existing.claim) + 1 !== claim) {
      throw new InvalidChainDataError(`dataset ${id} is registered as claim ${claim}, but the index has claim ${existing.claim} ${existing.stage}`);
    }
    batch.datasets.update(id, blockNumber, row);
  },
  DatasetDerived(batch, { raw, args, blockNumber, id }) {
    const childId = id32(raw.datasetId);
    const child = batch.datasets.get(childId);
    if (!child) throw new InvalidChainDataError(`dataset ${childId} names a parent but the index lacks it`);
    const claim = Number(child.claim);
    const key = `${childId}:${claim}`;
    const position = batch.parentCounts.get(key) ?? 0;
    batch.parentCounts.set(key, position + 1);
    batch.parents.insert({ child_id: childId, parent_id: id32(raw.parentId), derivation: args.derivation, position, block_number: blockNumber, event_id: id, claim });
  },
  DatasetConfirmed(batch, { raw, blockNumber, txHash, id }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const noticeEndsAt = Number(raw.noticeEndsAt);
    const complete = noticeEndsAt !== 0;
    batch.confirmations.insert({
      id,
      dataset_id: datasetId,
      registrar: lower(raw.registrar),
      confirmations: Number(raw.confirmations),
      required_confirmations: Number(raw.requiredConfirmations),
      notice_ends_at: complete ? noticeEndsAt : null,
      timestamp,
      block_number: blockNumber,
      tx_hash: txHash,
      claim: claimOf(batch, datasetId),
    });
    batch.datasets.update(datasetId, blockNumber, {
      confirmations: Number(raw.confirmations),
      required_confirmations: Number(raw.requiredConfirmations),
      ...(complete ? { stage: "confirmed", confirmed_at: timestamp, notice_ends_at: noticeEndsAt } : {}),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  DatasetRefused(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    checkClaim(batch, datasetId, raw.claim);
    free(batch, datasetId, "refused", blockNumber, timestamp, {
      refused_by: lower(raw.registrar),
      refusal_reason_hash: lower(raw.reasonHash),
    });
  },
  DatasetWithdrawn(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    checkClaim(batch, datasetId, raw.claim);
    free(batch, datasetId, "withdrawn", blockNumber, timestamp, { withdrawn_by: lower(raw.holder) });
  },
  DatasetObjected(batch, { raw, blockNumber, txHash, id }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const dataset = checkClaim(batch, datasetId, raw.claim);
    batch.objections.insert(
      {
        id,
        dataset_id: datasetId,
        objector: lower(raw.objector),
        organisation: lower(raw.organisation),
        claim: Number(raw.claim),
        status: "open",
        evidence_hash: lower(raw.evidenceHash),
        timestamp,
        block_number: blockNumber,
        tx_hash: txHash,
        resolved: false,
        resolver: null,
        upheld: null,
        decision_hash: null,
        outcome_status: null,
        previous_holder: null,
        new_holder: null,
        resolved_at: null,
        resolved_block: null,
      },
      blockNumber,
    );
    // From notice, the clock pauses with the time left (a second objection finds it paused already).
    const inNotice = dataset.stage === "confirmed" && !dataset.frozen && timestamp < Number(dataset.notice_ends_at);
    batch.datasets.update(datasetId, blockNumber, {
      stage: "disputed",
      open_objections: Number(dataset.open_objections) + 1,
      ...(inNotice ? { notice_remaining: Number(dataset.notice_ends_at) - timestamp } : {}),
      // Who may decide has changed: the votes cast so far no longer count.
      ...NO_DECISION,
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  DatasetDecisionVoted(batch, { raw, blockNumber, txHash, id }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const votes = Number(raw.votes);
    const required = Number(raw.required);
    const newHolder = lower(raw.newHolder) === zeroAddress ? null : lower(raw.newHolder);
    batch.decisionVotes.insert({
      id,
      dataset_id: datasetId,
      claim: claimOf(batch, datasetId),
      voter: lower(raw.voter),
      organisation: lower(raw.organisation),
      correction: raw.correction,
      new_holder: newHolder,
      votes,
      required,
      decision_hash: lower(raw.decisionHash),
      timestamp,
      block_number: blockNumber,
      tx_hash: txHash,
    });
    // The quorum decides at once (its outcome's event follows); short of it, this vote is the pending one.
    batch.datasets.update(datasetId, blockNumber, {
      ...(votes >= required
        ? NO_DECISION
        : {
            decision_correction: raw.correction,
            decision_new_holder: newHolder,
            decision_votes: votes,
            decision_required: required,
            decision_first_organisation: lower(raw.organisation),
          }),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  DatasetDisputeResolved(batch, { raw, args, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const dataset = known(batch, datasetId, blockNumber);
    const status = String(args.status);
    const upheld = raw.upheld === true;
    const resolution = {
      resolved: true,
      status: upheld ? "upheld" : "dismissed",
      resolver: lower(raw.resolver),
      upheld,
      decision_hash: lower(raw.decisionHash),
      outcome_status: status,
      previous_holder: lower(raw.previousHolder),
      new_holder: lower(raw.holder),
      resolved_at: timestamp,
      resolved_block: blockNumber,
    };
    for (const objection of batch.objections.find((row) => row.dataset_id === datasetId && row.status === "open")) {
      batch.objections.update(String(objection.id), blockNumber, resolution);
    }
    const closed = { open_objections: 0, ...NO_DECISION, updated_at: timestamp, updated_block: blockNumber };
    if (status === "rejected") {
      free(batch, datasetId, "rejected", blockNumber, timestamp, closed);
      return;
    }
    if (status === "revoked") {
      batch.datasets.update(datasetId, blockNumber, { ...closed, stage: "revoked", notice_remaining: null });
      return;
    }
    const holder = lower(raw.holder);
    if (status === "pending") {
      // Back to review: dismissed before the quorum, or a new holder before it (confirmations start again).
      const reset = upheld ? { confirmations: 0 } : {};
      batch.datasets.update(datasetId, blockNumber, { ...closed, ...reset, stage: "pending", holder, notice_remaining: null });
      return;
    }
    if (status !== "notice" && status !== "confirmed") throw new InvalidChainDataError(`a dispute resolved to status ${status}`);
    const period = noticePeriodOf(dataset, datasetId);
    if (upheld) {
      // A new holder after the quorum: a fresh notice period from now.
      batch.datasets.update(datasetId, blockNumber, {
        ...closed,
        stage: "confirmed",
        holder,
        confirmed_at: timestamp,
        notice_ends_at: timestamp + period,
        notice_remaining: null,
      });
      return;
    }
    batch.datasets.update(datasetId, blockNumber, { ...closed, ...resumed(dataset, timestamp, period), stage: "confirmed" });
  },
  DatasetRevoked(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const dataset = known(batch, datasetId, blockNumber);
    batch.datasets.update(datasetId, blockNumber, {
      stage: "revoked",
      correction_kind: "revoked",
      correction_previous_holder: String(dataset.holder),
      correction_holder: null,
      correction_decided_by: lower(raw.decidedBy),
      correction_decision_hash: lower(raw.decisionHash),
      correction_at: timestamp,
      correction_block: blockNumber,
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  DatasetHolderCorrected(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const noticeEndsAt = Number(raw.noticeEndsAt);
    batch.datasets.update(datasetId, blockNumber, {
      holder: lower(raw.holder),
      stage: "confirmed",
      confirmed_at: timestamp,
      notice_ends_at: noticeEndsAt,
      notice_remaining: null,
      grants_valid_from: String(raw.grantsValidFrom),
      correction_kind: "holder-corrected",
      correction_previous_holder: lower(raw.previousHolder),
      correction_holder: lower(raw.holder),
      correction_decided_by: lower(raw.decidedBy),
      correction_decision_hash: lower(raw.decisionHash),
      correction_at: timestamp,
      correction_block: blockNumber,
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  DatasetAncestryRevoked(batch, { raw, blockNumber, txHash, id }, timestamp) {
    const datasetId = id32(raw.datasetId);
    batch.ancestryMarks.insert({
      id,
      dataset_id: datasetId,
      claim: claimOf(batch, datasetId),
      parent_id: id32(raw.parentId),
      marked_by: lower(raw.markedBy),
      timestamp,
      block_number: blockNumber,
      tx_hash: txHash,
    });
    batch.datasets.update(datasetId, blockNumber, { ancestry_revoked: true, updated_at: timestamp, updated_block: blockNumber });
  },
  DatasetReconfirmed(batch, { raw, blockNumber, txHash, id }, timestamp) {
    const datasetId = id32(raw.datasetId);
    batch.reconfirmations.insert({
      id,
      dataset_id: datasetId,
      claim: claimOf(batch, datasetId),
      registrar: lower(raw.registrar),
      confirmations: Number(raw.confirmations),
      required: Number(raw.required),
      timestamp,
      block_number: blockNumber,
      tx_hash: txHash,
    });
    // The quorum (two organisations for important or personal data) clears the marks.
    if (Number(raw.confirmations) >= Number(raw.required)) {
      batch.datasets.update(datasetId, blockNumber, { ancestry_revoked: false, updated_at: timestamp, updated_block: blockNumber });
    }
  },
  DatasetTransferRequested(batch, { raw, blockNumber, id }, timestamp) {
    const datasetId = id32(raw.datasetId);
    batch.transfers.insert(
      {
        id,
        dataset_id: datasetId,
        claim: claimOf(batch, datasetId),
        from_holder: lower(raw.from),
        to_holder: lower(raw.to),
        status: "requested",
        registrar: null,
        requested_at: timestamp,
        requested_block: blockNumber,
        closed_at: null,
        closed_block: null,
      },
      blockNumber,
    );
    batch.datasets.update(datasetId, blockNumber, { pending_transfer_to: lower(raw.to), updated_at: timestamp, updated_block: blockNumber });
  },
  DatasetTransferCancelled(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    closeTransfer(batch, datasetId, blockNumber, { status: "cancelled", closed_at: timestamp, closed_block: blockNumber });
    batch.datasets.update(datasetId, blockNumber, { pending_transfer_to: null, updated_at: timestamp, updated_block: blockNumber });
  },
  DatasetTransferred(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    closeTransfer(batch, datasetId, blockNumber, { status: "completed", registrar: lower(raw.registrar), closed_at: timestamp, closed_block: blockNumber });
    // Correction votes were cast on the previous holder's case: they do not carry over.
    batch.datasets.update(datasetId, blockNumber, {
      holder: lower(raw.to),
      pending_transfer_to: null,
      ...NO_DECISION,
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  DatasetFrozen(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const dataset = known(batch, datasetId, blockNumber);
    // Frozen during notice, the clock stops with the time left.
    const inNotice = dataset.stage === "confirmed" && timestamp < Number(dataset.notice_ends_at);
    batch.datasets.update(datasetId, blockNumber, {
      frozen: true,
      ...(inNotice ? { notice_remaining: Number(dataset.notice_ends_at) - timestamp } : {}),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  DatasetUnfrozen(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const dataset = known(batch, datasetId, blockNumber);
    // A dispute keeps the clock paused until it is decided; otherwise the notice period resumes.
    const resume = dataset.stage === "confirmed" ? resumed(dataset, timestamp, noticePeriodOf(dataset, datasetId)) : {};
    batch.datasets.update(datasetId, blockNumber, { frozen: false, ...resume, updated_at: timestamp, updated_block: blockNumber });
  },
  DatasetRetired(batch, { raw, blockNumber }, timestamp) {
    batch.datasets.update(id32(raw.datasetId), blockNumber, { stage: "retired", updated_at: timestamp, updated_block: blockNumber });
  },

  // ------------------------------------------------------------------ grants
  GrantIssued(batch, { raw, args, blockNumber, txHash }, timestamp) {
    const terms = raw.terms as {
      purposeCode: number;
      purposeHash: Hex;
      scopeHash: Hex;
      expiresAt: number;
      termsHash: Hex;
      evidence: { contractHash: Hex; impactAssessmentHash: Hex; consentRecordsRoot: Hex; filingRef: Hex };
    };
    const labelled = args.terms as { right: string; mechanism: string };
    const state = String(args.status);
    batch.grants.insert(
      {
        id: String(raw.grantId),
        dataset_id: id32(raw.datasetId),
        grantee: lower(raw.grantee),
        grantor: lower(raw.grantor),
        right: labelled.right,
        purpose_code: Number(terms.purposeCode),
        purpose_hash: lower(terms.purposeHash),
        scope_hash: lower(terms.scopeHash),
        starts_at: Number(raw.startsAt),
        expires_at: Number(terms.expiresAt),
        terms_hash: lower(terms.termsHash),
        mechanism: labelled.mechanism,
        contract_hash: lower(terms.evidence.contractHash),
        impact_assessment_hash: lower(terms.evidence.impactAssessmentHash),
        consent_records_root: lower(terms.evidence.consentRecordsRoot),
        filing_ref: lower(terms.evidence.filingRef),
        cross_border: raw.crossBorder,
        // The event's status is computed at issue time; store the underlying state (the clock-based
        // statuses are computed on read, as the contract does).
        state: state === "scheduled" || state === "expired" ? "active" : state,
        acknowledged_by: null,
        acknowledged_at: null,
        closed_by: null,
        closed_at: null,
        last_reason_hash: null,
        issued_at: timestamp,
        issued_block: blockNumber,
        issued_tx: txHash,
        updated_at: timestamp,
        updated_block: blockNumber,
      },
      blockNumber,
    );
  },
  GrantAcknowledged(batch, { raw, blockNumber }, timestamp) {
    batch.grants.update(String(raw.grantId), blockNumber, {
      state: "active",
      acknowledged_by: lower(raw.regulator),
      acknowledged_at: timestamp,
      last_reason_hash: lower(raw.noteHash),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  GrantDenied(batch, { raw, blockNumber }, timestamp) {
    batch.grants.update(String(raw.grantId), blockNumber, {
      state: "denied",
      closed_by: lower(raw.regulator),
      closed_at: timestamp,
      last_reason_hash: lower(raw.reasonHash),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  GrantSuspended(batch, { raw, blockNumber }, timestamp) {
    batch.grants.update(String(raw.grantId), blockNumber, {
      state: "suspended",
      last_reason_hash: lower(raw.reasonHash),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  GrantReinstated(batch, { raw, blockNumber }, timestamp) {
    batch.grants.update(String(raw.grantId), blockNumber, {
      state: "active",
      last_reason_hash: lower(raw.reasonHash),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  GrantRevoked(batch, { raw, blockNumber }, timestamp) {
    batch.grants.update(String(raw.grantId), blockNumber, {
      state: "revoked",
      closed_by: lower(raw.revokedBy),
      closed_at: timestamp,
      last_reason_hash: lower(raw.reasonHash),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },

  // ------------------------------------------------------------------ border conditions
  BorderConditionsSet(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    known(batch, datasetId, blockNumber);
    const c = raw.conditions as ChainConditions;
    batch.datasets.update(datasetId, blockNumber, {
      conditions_openness: c.openness,
      conditions_rights: c.rights,
      conditions_regions: c.regions,
      conditions_purpose_classes: c.purposeClasses,
      conditions_max_term: c.maxTerm,
      conditions_set_block: blockNumber,
      ...NO_PROPOSAL,
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  BorderConditionsProposed(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const dataset = known(batch, datasetId, blockNumber);
    const c = raw.conditions as ChainConditions;
    batch.datasets.update(datasetId, blockNumber, {
      proposed_openness: c.openness,
      proposed_rights: c.rights,
      proposed_regions: c.regions,
      proposed_purpose_classes: c.purposeClasses,
      proposed_max_term: c.maxTerm,
      proposal_confirmations: 0,
      proposal_required: Number(raw.required),
      proposed_at: timestamp,
      // The proposal is the holding organisation's (the event names the officer who made it), as the
      // registry records it: a later holder does not inherit it.
      proposed_by: String(dataset.holder),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },
  BorderConditionsConfirmed(batch, { raw, blockNumber }, timestamp) {
    const datasetId = id32(raw.datasetId);
    const dataset = known(batch, datasetId, blockNumber);
    if (dataset.proposed_at === null) throw new InvalidChainDataError(`border conditions of ${datasetId} confirmed, but the index has no proposal`);
    batch.datasets.update(datasetId, blockNumber, {
      proposal_confirmations: Number(raw.confirmations),
      proposal_required: Number(raw.required),
      updated_at: timestamp,
      updated_block: blockNumber,
    });
  },

  // ------------------------------------------------------------------ anchors
  BatchAnchored(batch, { raw, args, blockNumber, txHash, id }, timestamp) {
    batch.anchors.insert({
      id: id32(raw.root),
      anchorer: lower(raw.anchorer),
      algorithm: args.algorithm,
      leaf_count: Number(raw.leafCount),
      total_bytes: String(raw.totalBytes),
      manifest_hash: lower(raw.manifestHash),
      manifest_uri: raw.manifestURI,
      anchored_at: timestamp,
      block_number: blockNumber,
      tx_hash: txHash,
      event_id: id,
    });
  },
};

function closeTransfer(batch: Batch, datasetId: string, block: number, changes: Record<string, unknown>): void {
  const open = batch.transfers.find((row) => row.dataset_id === datasetId && row.status === "requested");
  if (open.length !== 1) throw new InvalidChainDataError(`dataset ${datasetId} has ${open.length} open transfer requests in the index, expected 1`);
  batch.transfers.update(String(open[0]!.id), block, changes);
}

/** Stages that end a claim and free its content for the next claim. */
const FREED = new Set(["refused", "withdrawn", "rejected"]);

/** The dataset columns of a decision being voted, when none is. */
const NO_DECISION = {
  decision_correction: null,
  decision_new_holder: null,
  decision_votes: null,
  decision_required: null,
  decision_first_organisation: null,
} as const;

const NO_CORRECTION = {
  correction_kind: null,
  correction_previous_holder: null,
  correction_holder: null,
  correction_decided_by: null,
  correction_decision_hash: null,
  correction_at: null,
  correction_block: null,
} as const;

/** BorderConditions as the event carries them. */
interface ChainConditions {
  openness: number;
  rights: number;
  regions: number;
  purposeClasses: number;
  maxTerm: number;
}

const NO_PROPOSAL = {
  proposed_openness: null,
  proposed_rights: null,
  proposed_regions: null,
  proposed_purpose_classes: null,
  proposed_max_term: null,
  proposal_confirmations: null,
  proposal_required: null,
  proposed_at: null,
  proposed_by: null,
} as const;

const NO_CONDITIONS = {
  conditions_openness: 0,
  conditions_rights: 0,
  conditions_regions: 0,
  conditions_purpose_classes: 0,
  conditions_max_term: 0,
  conditions_set_block: null,
  ...NO_PROPOSAL,
} as const;

const ALGORITHMS = Object.values(HashAlgorithm);

/**
 * The hash algorithm of a registration. DatasetRegistered does not carry it: the id is
 * keccak256(abi.encode(uint8 algorithm, contentHash)), so the one algorithm that gives the id is it.
 */
export function algorithmOf(datasetId: string, contentHash: string): string {
  for (const algorithm of ALGORITHMS) {
    const id = keccak256(encodeAbiParameters([{ type: "uint8" }, { type: "bytes32" }], [algorithm, contentHash as Hex]));
    if (id === datasetId) return toLabel(hashAlgorithmName(algorithm));
  }
  throw new InvalidChainDataError(`dataset ${datasetId} is not the id of content ${contentHash} under any hash algorithm`);
}

/** The dataset's current row; an event about a dataset the index lacks fails as the store's update would. */
function known(batch: Batch, datasetId: string, block?: number) {
  const dataset = batch.datasets.get(datasetId);
  if (!dataset) throw new StoreError(`datasets ${datasetId} is not known to the index${block === undefined ? "" : ` (block ${block})`}`);
  return dataset;
}

/** The dataset's current claim number. */
function claimOf(batch: Batch, datasetId: string): number {
  return Number(known(batch, datasetId).claim);
}

/** The dataset, checked to be at the claim the event names. */
function checkClaim(batch: Batch, datasetId: string, claim: unknown) {
  const dataset = known(batch, datasetId);
  if (Number(dataset.claim) !== Number(claim)) {
    throw new InvalidChainDataError(`an event about claim ${claim} of dataset ${datasetId}, whose current claim in the index is ${dataset.claim}`);
  }
  return dataset;
}

/** The deployment's notice period, as the dataset's last notice period showed it (notice end − start). */
function noticePeriodOf(dataset: Readonly<Record<string, unknown>>, datasetId: string): number {
  if (dataset.notice_ends_at === null || dataset.confirmed_at === null) {
    throw new InvalidChainDataError(`dataset ${datasetId} resumes a notice period it never began`);
  }
  return Number(dataset.notice_ends_at) - Number(dataset.confirmed_at);
}

/** The notice clock resumed at `timestamp` with the time it had left (nothing to move if it never paused). */
function resumed(dataset: Readonly<Record<string, unknown>>, timestamp: number, period: number) {
  if (dataset.notice_remaining === null || dataset.notice_remaining === undefined) return { notice_remaining: null };
  const noticeEndsAt = timestamp + Number(dataset.notice_remaining);
  return { notice_ends_at: noticeEndsAt, confirmed_at: noticeEndsAt - period, notice_remaining: null };
}

/** Ends the claim with a stage that frees its content; a freed version gives its predecessor back the "latest" mark. */
function free(batch: Batch, datasetId: string, stage: string, block: number, timestamp: number, changes: Record<string, unknown>): void {
  const dataset = known(batch, datasetId, block);
  const predecessor = dataset.version_of === null ? undefined : known(batch, String(dataset.version_of), block);
  if (predecessor && predecessor.superseded_by === datasetId) {
    batch.datasets.update(String(predecessor.id), block, { superseded: false, superseded_by: null, updated_at: timestamp, updated_block: block });
  }
  batch.datasets.update(datasetId, block, {
    ...changes,
    stage,
    ...NO_DECISION,
    notice_remaining: null,
    ended_at: timestamp,
    ended_block: block,
    updated_at: timestamp,
    updated_block: block,
  });
}
