// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Category, DatasetStatus, Derivation, Grade, HashAlgorithm, Jurisdiction, ObjectionStatus, Openness, Right, Role} from "./DPRTypes.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";
import {IGrantRegistry} from "./IGrantRegistry.sol";
import {IParticipantDirectory} from "./IParticipantDirectory.sol";
import {Semver} from "./Semver.sol";

/**
 * @title DatasetRegistry
 * @notice Registrations, versions, lineage and data rights confirmation. See {IDatasetRegistry}.
 * @dev Storage holds only what the rules read; everything else (metadata, evidence, reasons) is in events.
 * The happy path (register, confirm) writes two slots per dataset; disputes, corrections, versions and
 * derivations write more, only when they happen.
 */
contract DatasetRegistry is IDatasetRegistry, ERC2771Context, Semver {
    /// @notice The most parents one registration may name.
    uint256 public constant MAX_PARENTS = 16;
    /// @notice The shortest notice period a deployment may have (demos and tests).
    uint256 public constant MIN_NOTICE_PERIOD = 10 seconds;
    /// @notice The longest notice period a deployment may have.
    uint256 public constant MAX_NOTICE_PERIOD = 365 days;

    /// @dev The stored life-cycle stage; {status} derives the public status from it, the flags and the clock.
    /// Append-only, like the public enums.
    enum Stage {
        NONE,
        PENDING,
        CONFIRMED,
        DISPUTED,
        REJECTED,
        RETIRED,
        REFUSED,
        WITHDRAWN,
        REVOKED
    }

    // Bits of {Core.flags}.
    uint8 private constant _PERSONAL = 1 << 0;
    uint8 private constant _FROZEN = 1 << 1;
    uint8 private constant _SUPERSEDED = 1 << 2;
    uint8 private constant _DECLASSIFIED = 1 << 3;
    // Set once a quorum corrected the holder of the confirmed claim: {Life.grantsValidFrom} is then worth
    // reading, and the claim, which has had grants and children, never frees its content.
    uint8 private constant _CORRECTED = 1 << 4;
    // Set on a declassified dataset when a parent needed two confirmations.
    uint8 private constant _STRICT = 1 << 5;
    // Set while a revoked ancestor has been shown and no registrar has re-confirmed the dataset.
    uint8 private constant _ANCESTRY_REVOKED = 1 << 6;

    /// @dev Slot 1, read by every rule: holder (160) | noticeFrom (40) | category, grade, jurisdiction, stage
    /// (4 x 8) | sector (16) | flags (8). `noticeFrom` is when the notice period began, moved later by the time
    /// the clock was paused; zero until the confirmation quorum.
    struct Core {
        address holder;
        uint40 noticeFrom;
        Category category;
        Grade grade;
        Jurisdiction jurisdiction;
        Stage stage;
        uint16 sector;
        uint8 flags;
    }

    /// @dev Slot 2, written at registration so that a confirmation updates rather than creates a slot:
    /// confirmers (160) | registeredAt (40) | registeredBlock (40) | confirmations (8).
    /// `confirmers` is, before the quorum, the organisation of the first confirming registrar; from the quorum
    /// on, the low 80 bits of each confirming organisation (first in the high half; zero when only one). A
    /// truncated match can only wrongly exclude a decider (odds 2^-80), never let a confirmer decide.
    struct Registered {
        address confirmers;
        uint40 registeredAt;
        uint40 registeredBlock;
        uint8 confirmations;
    }

    /// @dev Slot 3, written only off the happy path: previousClaims (32) | noticeRemaining (40) |
    /// grantsValidFrom (64) | markedParents (16) | clearedParents (16) | openObjections (16).
    struct Life {
        uint32 previousClaims;
        uint40 noticeRemaining;
        uint64 grantsValidFrom;
        uint16 markedParents;
        uint16 clearedParents;
        uint16 openObjections;
    }

    /// @dev The decision being voted: newHolder (160) | votes (8) | correction (8); then the first voter's
    /// organisation. Deleted when decided, and when an objection or a dismissal changes the dispute.
    struct Vote {
        address newHolder;
        uint8 votes;
        bool correction;
        address firstVoterOrganisation;
    }

    /// @dev An organisation's objection to one claim.
    struct Objection {
        uint32 claim;
        ObjectionStatus status;
    }

    IParticipantDirectory private immutable _directory;
    IGrantRegistry private immutable _grants;
    uint40 private immutable _noticePeriod;
    HashAlgorithm private immutable _algorithm;

    mapping(bytes32 datasetId => Core) private _core;
    mapping(bytes32 datasetId => Registered) private _registered;
    mapping(bytes32 datasetId => Life) private _life;
    mapping(bytes32 datasetId => address to) private _pendingTransfers;
    mapping(bytes32 datasetId => Vote) private _votes;
    mapping(bytes32 datasetId => address[] organisations) private _openObjectors;
    mapping(bytes32 datasetId => mapping(address organisation => Objection)) private _objections;
    // Written for versions only, so that a version whose claim is freed gives its predecessor back the mark.
    mapping(bytes32 datasetId => bytes32 predecessor) private _versionOf;
    // The first re-confirming organisation of a marked dataset that needs two.
    mapping(bytes32 datasetId => address organisation) private _reconfirmedBy;
    // Written for derived data only: keccak256(abi.encode(parents)), for {markRevokedAncestry}.
    mapping(bytes32 datasetId => bytes32 parentsHash) private _parentsHash;

    /**
     * @param directory_ The participant directory.
     * @param grants_ The grant registry (deployed next; its constructor checks it points back here).
     * @param noticePeriod_ The public notice period in seconds, within [MIN_NOTICE_PERIOD, MAX_NOTICE_PERIOD].
     * @param algorithm_ The hash algorithm of every registration (SHA256, or SM3 for a national-standard zone).
     * @param forwarder_ The request forwarder whose signed requests act for their signer.
     */
    constructor(
        IParticipantDirectory directory_,
        IGrantRegistry grants_,
        uint40 noticePeriod_,
        HashAlgorithm algorithm_,
        address forwarder_
    ) ERC2771Context(forwarder_) Semver(4, 0, 0) {
        if (address(directory_) == address(0) || address(grants_) == address(0)) revert DatasetRegistryZeroAddress();
        if (noticePeriod_ < MIN_NOTICE_PERIOD || noticePeriod_ > MAX_NOTICE_PERIOD) {
            revert DatasetRegistryNoticePeriodOutOfBounds(noticePeriod_, MIN_NOTICE_PERIOD, MAX_NOTICE_PERIOD);
        }
        _directory = directory_;
        _grants = grants_;
        _noticePeriod = noticePeriod_;
        _algorithm = algorithm_;
    }

    /// @inheritdoc IDatasetRegistry
    function register(Registration calldata registration) external returns (bytes32 datasetId) {
        address sender = _msgSender();
        IParticipantDirectory.Participant memory caller = _directory.getParticipant(sender);
        if (!_has(caller, Role.HOLDER)) revert DatasetRegistryMissingRole(sender, Role.HOLDER);
        _directory.requireOpen();
        if (registration.algorithm != _algorithm) revert DatasetRegistryWrongAlgorithm(registration.algorithm, _algorithm);
        if (registration.contentHash == bytes32(0)) revert DatasetRegistryEmptyContentHash();
        if (registration.grade == Grade.CORE) revert DatasetRegistryCoreDataRefused();
        if (registration.category == Category.PERSONAL && !registration.containsPersonalData) revert DatasetRegistryInconsistentPersonalData();
        if (registration.jurisdiction != caller.jurisdiction) {
            revert DatasetRegistryJurisdictionMismatch(sender, caller.jurisdiction, registration.jurisdiction);
        }

        datasetId = datasetIdOf(registration.algorithm, registration.contentHash);
        Core storage core = _core[datasetId];
        uint32 claim = core.stage == Stage.NONE ? 1 : _reclaim(datasetId, core.stage, registration);

        address holder = caller.organisation;
        if (registration.versionOf != bytes32(0)) _supersede(datasetId, registration, holder);
        uint8 flags = registration.containsPersonalData ? _PERSONAL : 0;
        if (registration.parents.length != 0) {
            flags |= _checkParents(registration, holder);
            _parentsHash[datasetId] = keccak256(abi.encode(registration.parents));
        }

        _core[datasetId] = Core({
            holder: holder,
            noticeFrom: 0,
            category: registration.category,
            grade: registration.grade,
            jurisdiction: registration.jurisdiction,
            stage: Stage.PENDING,
            sector: registration.sector,
            flags: flags
        });
        _registered[datasetId] = Registered({
            confirmers: address(0),
            registeredAt: uint40(block.timestamp),
            registeredBlock: uint40(block.number),
            confirmations: 0
        });

        _emitRegistered(datasetId, holder, registration, _required(registration.grade, flags), flags & _DECLASSIFIED != 0, claim);
        for (uint256 i = 0; i < registration.parents.length; ++i) {
            emit DatasetDerived(datasetId, registration.parents[i].datasetId, registration.parents[i].derivation);
        }
        // A new claim of freed content must also clear the last claim's conditions, declared or not.
        if (registration.borderConditions.openness != Openness.UNDECLARED || claim > 1) {
            _grants.recordBorderConditions(datasetId, holder, registration.borderConditions, claim > 1);
        }
    }

    /// @inheritdoc IDatasetRegistry
    function confirm(bytes32 datasetId) external {
        address sender = _msgSender();
        Core storage core = _inReview(datasetId);
        address organisation = _reviewer(datasetId, core);

        Registered storage registered = _registered[datasetId];
        uint8 required = _required(core.grade, core.flags);
        uint8 confirmations = registered.confirmations + 1;
        if (confirmations < required) {
            registered.confirmers = organisation;
            registered.confirmations = confirmations;
            emit DatasetConfirmed(datasetId, sender, confirmations, required, 0);
            return;
        }
        address first = registered.confirmers;
        if (first == organisation) revert DatasetRegistryAlreadyConfirmedBy(datasetId, organisation);
        registered.confirmers = first == address(0)
            ? address(uint160(_low80(organisation)) << 80)
            : address((uint160(_low80(first)) << 80) | _low80(organisation));
        registered.confirmations = confirmations;
        core.stage = Stage.CONFIRMED;
        core.noticeFrom = uint40(block.timestamp);
        emit DatasetConfirmed(datasetId, sender, confirmations, required, uint40(block.timestamp) + _noticePeriod);
    }

    /// @inheritdoc IDatasetRegistry
    function refuse(bytes32 datasetId, bytes32 reasonHash) external {
        Core storage core = _inReview(datasetId);
        _reviewer(datasetId, core);
        if (reasonHash == bytes32(0)) revert DatasetRegistryEmptyHash();
        _free(datasetId, core, Stage.REFUSED);
        emit DatasetRefused(datasetId, _msgSender(), _claim(datasetId), reasonHash);
    }

    /// @inheritdoc IDatasetRegistry
    function withdraw(bytes32 datasetId) external {
        Core storage core = _heldByCaller(datasetId);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.PENDING && current != DatasetStatus.NOTICE) {
            revert DatasetRegistryWrongStatus(datasetId, current);
        }
        if (core.flags & _CORRECTED != 0) revert DatasetRegistryOnceConfirmed(datasetId);
        _free(datasetId, core, Stage.WITHDRAWN);
        emit DatasetWithdrawn(datasetId, core.holder, _claim(datasetId));
    }

    /// @inheritdoc IDatasetRegistry
    function object(bytes32 datasetId, bytes32 evidenceHash) external {
        address sender = _msgSender();
        Core storage core = _existing(datasetId);
        IParticipantDirectory.Participant memory objector = _directory.getParticipant(sender);
        address organisation = objector.organisation;
        if (organisation == address(0) || objector.suspended || objector.removed) revert DatasetRegistryInactiveParticipant(sender);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.PENDING && current != DatasetStatus.NOTICE && current != DatasetStatus.DISPUTED) {
            revert DatasetRegistryWrongStatus(datasetId, current);
        }
        if (organisation == core.holder) {
            revert DatasetRegistryHolderCannotObject(datasetId, sender);
        }
        if (evidenceHash == bytes32(0)) revert DatasetRegistryEmptyHash();
        uint32 claim = _claim(datasetId);
        Objection storage previous = _objections[datasetId][organisation];
        if (previous.claim == claim) {
            if (previous.status == ObjectionStatus.OPEN) revert DatasetRegistryObjectionOpen(datasetId, organisation);
            if (previous.status == ObjectionStatus.DISMISSED) {
                revert DatasetRegistryObjectionDismissed(datasetId, organisation);
            }
        }

        Life storage life = _life[datasetId];
        if (current == DatasetStatus.NOTICE) {
            // The clock pauses: what is left of the notice period is kept until the dispute is decided.
            life.noticeRemaining = uint40(uint256(core.noticeFrom) + _noticePeriod - block.timestamp);
        }
        core.stage = Stage.DISPUTED;
        _objections[datasetId][organisation] = Objection({claim: claim, status: ObjectionStatus.OPEN});
        _openObjectors[datasetId].push(organisation);
        ++life.openObjections;
        // Who may decide has changed: votes cast so far no longer count.
        delete _votes[datasetId];
        emit DatasetObjected(datasetId, sender, organisation, claim, evidenceHash);
    }

    /// @inheritdoc IDatasetRegistry
    function resolve(bytes32 datasetId, bool upheld, address newHolder, bytes32 decisionHash) external {
        Core storage core = _existing(datasetId);
        if (core.stage != Stage.DISPUTED || core.flags & _FROZEN != 0) revert DatasetRegistryWrongStatus(datasetId, _status(core));
        if (!upheld && newHolder != address(0)) revert DatasetRegistryInvalidNewHolder(newHolder);
        address organisation = _decider(datasetId, core, newHolder, decisionHash);
        address previousHolder = core.holder;

        if (!upheld) {
            _closeObjections(datasetId, ObjectionStatus.DISMISSED);
            delete _votes[datasetId];
            _resumeClock(datasetId, core);
        } else {
            if (!_vote(datasetId, core, organisation, false, newHolder, decisionHash)) return;
            _closeObjections(datasetId, ObjectionStatus.UPHELD);
            if (newHolder == address(0)) {
                // A claim that was confirmed before its holder was corrected has had grants and children: rejected
                // in its fresh notice, it is revoked, and its content stays claimed.
                if (core.flags & _CORRECTED != 0) core.stage = Stage.REVOKED;
                else _free(datasetId, core, Stage.REJECTED);
            } else {
                core.holder = newHolder;
                if (core.noticeFrom == 0) {
                    // Never confirmed: review starts again under the rightful holder.
                    core.stage = Stage.PENDING;
                    _registered[datasetId].confirmations = 0;
                    _registered[datasetId].confirmers = address(0);
                } else {
                    core.stage = Stage.CONFIRMED;
                    core.noticeFrom = uint40(block.timestamp);
                    _life[datasetId].noticeRemaining = 0;
                }
            }
        }
        emit DatasetDisputeResolved(datasetId, _msgSender(), upheld, previousHolder, core.holder, _status(core), decisionHash);
    }

    /// @inheritdoc IDatasetRegistry
    function correct(bytes32 datasetId, address newHolder, bytes32 decisionHash) external {
        address sender = _msgSender();
        Core storage core = _existing(datasetId);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.CONFIRMED && current != DatasetStatus.RETIRED) {
            revert DatasetRegistryWrongStatus(datasetId, current);
        }
        address organisation = _decider(datasetId, core, newHolder, decisionHash);
        if (!_vote(datasetId, core, organisation, true, newHolder, decisionHash)) return;

        address previousHolder = core.holder;
        _cancelPendingTransfer(datasetId, previousHolder);
        if (newHolder == address(0)) {
            core.stage = Stage.REVOKED;
            emit DatasetRevoked(datasetId, sender, decisionHash);
            return;
        }
        uint64 grantsValidFrom = uint64(_grants.grantCount() + 1);
        _life[datasetId].grantsValidFrom = grantsValidFrom;
        core.holder = newHolder;
        core.stage = Stage.CONFIRMED;
        core.noticeFrom = uint40(block.timestamp);
        core.flags |= _CORRECTED;
        emit DatasetHolderCorrected(
            datasetId,
            previousHolder,
            newHolder,
            sender,
            decisionHash,
            uint40(block.timestamp) + _noticePeriod,
            grantsValidFrom
        );
    }

    /// @inheritdoc IDatasetRegistry
    function markRevokedAncestry(bytes32 datasetId, Parent[] calldata parents, uint256 index) external {
        Core storage core = _existing(datasetId);
        if (_freed(core.stage)) revert DatasetRegistryWrongStatus(datasetId, _status(core));
        if (index >= parents.length || keccak256(abi.encode(parents)) != _parentsHash[datasetId]) {
            revert DatasetRegistryParentsMismatch(datasetId);
        }
        bytes32 parentId = parents[index].datasetId;
        Core storage parent = _core[parentId];
        Life storage life = _life[datasetId];
        uint16 bit = uint16(1 << index);
        if (
            (parent.stage != Stage.REVOKED && parent.flags & _ANCESTRY_REVOKED == 0) ||
            (life.markedParents | life.clearedParents) & bit != 0
        ) revert DatasetRegistryNothingToMark(datasetId, parentId);
        life.markedParents |= bit;
        core.flags |= _ANCESTRY_REVOKED;
        // A re-confirmation under way did not consider this parent: it starts again.
        if (_reconfirmedBy[datasetId] != address(0)) delete _reconfirmedBy[datasetId];
        emit DatasetAncestryRevoked(datasetId, parentId, _msgSender());
    }

    /// @inheritdoc IDatasetRegistry
    function reconfirm(bytes32 datasetId) external {
        address sender = _msgSender();
        Core storage core = _existing(datasetId);
        if (core.flags & _ANCESTRY_REVOKED == 0) revert DatasetRegistryAncestryNotRevoked(datasetId);
        if (core.flags & _FROZEN != 0) revert DatasetRegistryWrongStatus(datasetId, DatasetStatus.FROZEN);
        address organisation = _reviewer(datasetId, core);
        uint8 required = _required(core.grade, core.flags);
        if (required > 1) {
            address first = _reconfirmedBy[datasetId];
            if (first == address(0)) {
                _reconfirmedBy[datasetId] = organisation;
                emit DatasetReconfirmed(datasetId, sender, 1, required);
                return;
            }
            if (first == organisation) revert DatasetRegistryAlreadyConfirmedBy(datasetId, organisation);
            delete _reconfirmedBy[datasetId];
        }
        Life storage life = _life[datasetId];
        life.clearedParents |= life.markedParents;
        life.markedParents = 0;
        core.flags &= ~_ANCESTRY_REVOKED;
        emit DatasetReconfirmed(datasetId, sender, required, required);
    }

    /// @inheritdoc IDatasetRegistry
    function requestTransfer(bytes32 datasetId, address to) external {
        Core storage core = _heldByCaller(datasetId);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.CONFIRMED) revert DatasetRegistryWrongStatus(datasetId, current);
        address holder = core.holder;
        _checkNewHolder(core, to, holder);
        _cancelPendingTransfer(datasetId, holder);
        _pendingTransfers[datasetId] = to;
        emit DatasetTransferRequested(datasetId, holder, to);
    }

    /// @inheritdoc IDatasetRegistry
    function cancelTransfer(bytes32 datasetId) external {
        address sender = _msgSender();
        Core storage core = _existing(datasetId);
        if (!_directory.hasRole(sender, Role.REGULATOR)) {
            if (_directory.organisationOf(sender) != core.holder) revert DatasetRegistryNotHolderOrRegulator(datasetId, sender);
            if (!_directory.isActive(sender)) revert DatasetRegistryInactiveParticipant(sender);
        }
        if (!_cancelPendingTransfer(datasetId, core.holder)) revert DatasetRegistryNoPendingTransfer(datasetId);
    }

    /// @inheritdoc IDatasetRegistry
    function confirmTransfer(bytes32 datasetId) external {
        address sender = _msgSender();
        Core storage core = _existing(datasetId);
        address to = _pendingTransfers[datasetId];
        if (to == address(0)) revert DatasetRegistryNoPendingTransfer(datasetId);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.CONFIRMED) revert DatasetRegistryWrongStatus(datasetId, current);
        if (!_directory.hasRole(sender, Role.REGISTRAR)) revert DatasetRegistryMissingRole(sender, Role.REGISTRAR);
        address from = core.holder;
        _checkOutsideOrganisationOf(datasetId, from);
        _checkOutsideOrganisationOf(datasetId, to);
        // A suspended holder's sale waits: it can be completed once reinstated, or cancelled by a regulator.
        if (_directory.getParticipant(from).suspended) revert DatasetRegistryInactiveParticipant(from);
        _checkNewHolder(core, to, from);

        core.holder = to;
        delete _pendingTransfers[datasetId];
        // Correction votes were cast on the previous holder's case, and their deciders' independence checked
        // against it: they do not carry over to the new holder.
        if (_votes[datasetId].votes != 0) delete _votes[datasetId];
        emit DatasetTransferred(datasetId, from, to, sender);
    }

    /// @inheritdoc IDatasetRegistry
    function freeze(bytes32 datasetId, bytes32 reasonHash) external {
        Core storage core = _existing(datasetId);
        _checkRegulator();
        DatasetStatus current = _status(core);
        if (
            current != DatasetStatus.PENDING &&
            current != DatasetStatus.NOTICE &&
            current != DatasetStatus.DISPUTED &&
            current != DatasetStatus.CONFIRMED
        ) revert DatasetRegistryWrongStatus(datasetId, current);
        if (current == DatasetStatus.NOTICE) {
            // The notice clock stops while frozen.
            _life[datasetId].noticeRemaining = uint40(uint256(core.noticeFrom) + _noticePeriod - block.timestamp);
        }
        core.flags |= _FROZEN;
        emit DatasetFrozen(datasetId, _msgSender(), reasonHash);
    }

    /// @inheritdoc IDatasetRegistry
    function unfreeze(bytes32 datasetId, bytes32 reasonHash) external {
        Core storage core = _existing(datasetId);
        _checkRegulator();
        if (core.flags & _FROZEN == 0) revert DatasetRegistryNotFrozen(datasetId);
        core.flags &= ~_FROZEN;
        // A dispute keeps the clock paused until it is decided; otherwise the notice period resumes.
        if (core.stage == Stage.CONFIRMED) _resumeClock(datasetId, core);
        emit DatasetUnfrozen(datasetId, _msgSender(), reasonHash);
    }

    /// @inheritdoc IDatasetRegistry
    function retire(bytes32 datasetId) external {
        Core storage core = _heldByCaller(datasetId);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.CONFIRMED) revert DatasetRegistryWrongStatus(datasetId, current);
        core.stage = Stage.RETIRED;
        address holder = core.holder;
        _cancelPendingTransfer(datasetId, holder);
        emit DatasetRetired(datasetId, holder);
    }

    /// @inheritdoc IDatasetRegistry
    function status(bytes32 datasetId) external view returns (DatasetStatus) {
        return _status(_core[datasetId]);
    }

    /// @inheritdoc IDatasetRegistry
    function getDataset(bytes32 datasetId) external view returns (DatasetRecord memory record) {
        Core storage core = _existing(datasetId);
        Registered storage registered = _registered[datasetId];
        Life storage life = _life[datasetId];
        uint8 flags = core.flags;
        record.status = _status(core);
        record.holder = core.holder;
        record.algorithm = _algorithm;
        record.category = core.category;
        record.grade = core.grade;
        record.containsPersonalData = flags & _PERSONAL != 0;
        record.sector = core.sector;
        record.jurisdiction = core.jurisdiction;
        record.registeredAt = registered.registeredAt;
        record.registeredBlock = registered.registeredBlock;
        record.confirmations = registered.confirmations;
        record.requiredConfirmations = _required(core.grade, flags);
        record.confirmedAt = core.noticeFrom;
        record.noticeRemaining = _paused(core) ? life.noticeRemaining : 0;
        record.noticeEndsAt = core.noticeFrom == 0 || record.noticeRemaining != 0 ? 0 : core.noticeFrom + _noticePeriod;
        record.frozen = flags & _FROZEN != 0;
        record.superseded = flags & _SUPERSEDED != 0;
        record.declassified = flags & _DECLASSIFIED != 0;
        record.ancestryRevoked = flags & _ANCESTRY_REVOKED != 0;
        record.pendingTransferTo = _pendingTransfers[datasetId];
        record.claim = life.previousClaims + 1;
        record.openObjections = life.openObjections;
        record.grantsValidFrom = life.grantsValidFrom;
    }

    /// @inheritdoc IDatasetRegistry
    function profileOf(bytes32 datasetId) external view returns (Profile memory) {
        Core storage core = _existing(datasetId);
        uint8 flags = core.flags;
        return
            Profile({
                status: _status(core),
                holder: core.holder,
                category: core.category,
                grade: core.grade,
                containsPersonalData: flags & _PERSONAL != 0,
                jurisdiction: core.jurisdiction,
                ancestryRevoked: flags & _ANCESTRY_REVOKED != 0,
                grantsValidFrom: flags & _CORRECTED != 0 ? _life[datasetId].grantsValidFrom : 0
            });
    }

    /// @inheritdoc IDatasetRegistry
    function decisionOf(bytes32 datasetId) external view returns (Decision memory decision) {
        Vote storage vote = _votes[datasetId];
        if (vote.votes == 0) return decision;
        Core storage core = _core[datasetId];
        decision = Decision({
            correction: vote.correction,
            newHolder: vote.newHolder,
            votes: vote.votes,
            required: _required(core.grade, core.flags),
            firstVoterOrganisation: vote.firstVoterOrganisation
        });
    }

    /// @inheritdoc IDatasetRegistry
    function objectionOf(bytes32 datasetId, address organisation) external view returns (ObjectionStatus) {
        Objection storage objection = _objections[datasetId][organisation];
        if (_core[datasetId].stage == Stage.NONE || objection.claim != _claim(datasetId)) return ObjectionStatus.NONE;
        return objection.status;
    }

    /// @inheritdoc IDatasetRegistry
    function openObjectors(bytes32 datasetId) external view returns (address[] memory) {
        return _openObjectors[datasetId];
    }

    /// @inheritdoc IDatasetRegistry
    function datasetIdOf(HashAlgorithm algorithm, bytes32 contentHash) public pure returns (bytes32) {
        return keccak256(abi.encode(algorithm, contentHash));
    }

    /// @inheritdoc IDatasetRegistry
    function hashAlgorithm() external view returns (HashAlgorithm) {
        return _algorithm;
    }

    /// @inheritdoc IDatasetRegistry
    function noticePeriod() external view returns (uint256) {
        return _noticePeriod;
    }

    /// @inheritdoc IDatasetRegistry
    function directory() external view returns (address) {
        return address(_directory);
    }

    /// @inheritdoc IDatasetRegistry
    function grants() external view returns (address) {
        return address(_grants);
    }

    /// @dev A new claim on content already registered, which a refusal, withdrawal or rejection must have freed:
    /// nothing of the previous claim carries over but its number. Returns the new claim's number.
    function _reclaim(bytes32 datasetId, Stage stage, Registration calldata registration) private returns (uint32 claim) {
        if (!_freed(stage)) revert DatasetRegistryAlreadyRegistered(registration.contentHash, datasetId);
        claim = _life[datasetId].previousClaims + 2;
        _life[datasetId] = Life({
            previousClaims: claim - 1,
            noticeRemaining: 0,
            grantsValidFrom: 0,
            markedParents: 0,
            clearedParents: 0,
            openObjections: 0
        });
        if (registration.versionOf == bytes32(0)) delete _versionOf[datasetId];
        if (registration.parents.length == 0) delete _parentsHash[datasetId];
    }

    /// @dev Marks the predecessor superseded: the caller must hold it, it must be the latest of its series and
    /// CONFIRMED, and the new version, a revision of it, keeps its classification (never a way to declassify).
    function _supersede(bytes32 datasetId, Registration calldata registration, address holder) private {
        bytes32 previousId = registration.versionOf;
        Core storage previous = _existing(previousId);
        if (previous.holder != holder) revert DatasetRegistryNotHolder(previousId, _msgSender());
        if (previous.flags & _SUPERSEDED != 0) revert DatasetRegistrySuperseded(previousId);
        _checkUsable(previousId, previous);
        if (registration.grade < previous.grade) {
            revert DatasetRegistryGradeBelowParent(previousId, previous.grade, registration.grade);
        }
        if (previous.flags & _PERSONAL != 0 && !registration.containsPersonalData) {
            revert DatasetRegistryPersonalDataDropped(previousId);
        }
        if (registration.category < previous.category) {
            revert DatasetRegistryCategoryBelowParent(previousId, previous.category, registration.category);
        }
        previous.flags |= _SUPERSEDED;
        _versionOf[datasetId] = previousId;
    }

    /// @dev Checks every parent and the derivation rules; returns the flags the new dataset gets from them.
    function _checkParents(Registration calldata registration, address holder) private view returns (uint8 flags) {
        address sender = _msgSender();
        Parent[] calldata parents = registration.parents;
        if (parents.length > MAX_PARENTS) revert DatasetRegistryTooManyParents(parents.length, MAX_PARENTS);
        for (uint256 i = 0; i < parents.length; ++i) {
            bytes32 parentId = parents[i].datasetId;
            for (uint256 j = 0; j < i; ++j) {
                if (parents[j].datasetId == parentId) revert DatasetRegistryDuplicateParent(parentId);
            }
            Core storage parent = _existing(parentId);
            _checkUsable(parentId, parent);
            if (
                parent.holder != holder &&
                !_grants.hasRight(parentId, sender, Right.HOLDING) &&
                !_grants.hasRight(parentId, sender, Right.PROCESSING_USE)
            ) revert DatasetRegistryNoRightToDerive(parentId, sender);

            bool deidentified = parents[i].derivation == Derivation.DE_IDENTIFICATION;
            bool parentPersonal = parent.flags & _PERSONAL != 0;
            if (parent.grade > registration.grade) {
                if (!deidentified) revert DatasetRegistryGradeBelowParent(parentId, parent.grade, registration.grade);
                flags |= _DECLASSIFIED;
            }
            if (parentPersonal && !registration.containsPersonalData) {
                if (!deidentified) revert DatasetRegistryPersonalDataDropped(parentId);
                flags |= _DECLASSIFIED;
            }
            if (deidentified && (parentPersonal || parent.grade != Grade.GENERAL)) flags |= _STRICT;
        }
        if (flags & _DECLASSIFIED == 0) flags &= ~_STRICT;
    }

    /// @dev A dataset that can be versioned or derived from: CONFIRMED — past its notice period, neither
    /// disputed nor frozen — and not marked as derived from revoked data, so that nothing is built on a
    /// registration that may still be refused, rejected or revoked.
    function _checkUsable(bytes32 datasetId, Core storage core) private view {
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.CONFIRMED) revert DatasetRegistryWrongStatus(datasetId, current);
        if (core.flags & _ANCESTRY_REVOKED != 0) revert DatasetRegistryAncestryRevoked(datasetId);
    }

    /// @dev A new holder, by transfer or by decision, is an unsuspended HOLDER organisation (named by its own
    /// address, not an officer's) other than the current one and of the dataset's jurisdiction: holding never
    /// moves the data across a border.
    function _checkNewHolder(Core storage core, address account, address currentHolder) private view {
        IParticipantDirectory.Participant memory participant = _directory.getParticipant(account);
        if (
            account == currentHolder ||
            participant.organisation != account ||
            participant.suspended ||
            participant.roles & (uint8(1) << uint8(Role.HOLDER)) == 0
        ) revert DatasetRegistryInvalidNewHolder(account);
        if (participant.jurisdiction != core.jurisdiction) {
            revert DatasetRegistryJurisdictionMismatch(account, participant.jurisdiction, core.jurisdiction);
        }
    }

    /// @dev A pending, undisputed, unfrozen registration under review.
    function _inReview(bytes32 datasetId) private view returns (Core storage core) {
        core = _existing(datasetId);
        if (core.stage != Stage.PENDING || core.flags & _FROZEN != 0) {
            revert DatasetRegistryWrongStatus(datasetId, _status(core));
        }
    }

    /// @dev The caller as a reviewer: an active REGISTRAR outside the holder's organisation. Returns its organisation.
    function _reviewer(bytes32 datasetId, Core storage core) private view returns (address organisation) {
        address sender = _msgSender();
        IParticipantDirectory.Participant memory registrar = _directory.getParticipant(sender);
        if (!_has(registrar, Role.REGISTRAR)) revert DatasetRegistryMissingRole(sender, Role.REGISTRAR);
        organisation = registrar.organisation;
        if (organisation == core.holder) {
            revert DatasetRegistryOwnOrganisation(datasetId, sender);
        }
    }

    /// @dev The caller as a decider on a dispute or a correction: an active REGISTRAR or REGULATOR of none of the
    /// organisations concerned (the holder's, an open objector's, a confirmer's of this claim, the new holder's).
    /// Checks the decision hash and the new holder too. Returns the caller's organisation.
    function _decider(
        bytes32 datasetId,
        Core storage core,
        address newHolder,
        bytes32 decisionHash
    ) private view returns (address organisation) {
        address sender = _msgSender();
        IParticipantDirectory.Participant memory decider = _directory.getParticipant(sender);
        if (!_has(decider, Role.REGISTRAR) && !_has(decider, Role.REGULATOR)) {
            revert DatasetRegistryNotRegistrarOrRegulator(sender);
        }
        if (decisionHash == bytes32(0)) revert DatasetRegistryEmptyHash();
        organisation = decider.organisation;
        if (
            organisation == core.holder ||
            _objections[datasetId][organisation].status == ObjectionStatus.OPEN ||
            _confirmedBy(datasetId, organisation) ||
            organisation == newHolder
        ) revert DatasetRegistryNotIndependent(datasetId, sender, organisation);
        if (newHolder != address(0)) _checkNewHolder(core, newHolder, core.holder);
    }

    /// @dev Records the caller's vote for an outcome; returns whether the quorum is reached.
    function _vote(
        bytes32 datasetId,
        Core storage core,
        address organisation,
        bool correction,
        address newHolder,
        bytes32 decisionHash
    ) private returns (bool decided) {
        Vote storage vote = _votes[datasetId];
        uint8 votes = 1;
        if (vote.votes != 0 && vote.correction == correction && vote.newHolder == newHolder) {
            if (vote.firstVoterOrganisation == organisation) revert DatasetRegistryAlreadyVoted(datasetId, organisation);
            votes = vote.votes + 1;
        }
        uint8 required = _required(core.grade, core.flags);
        emit DatasetDecisionVoted(datasetId, _msgSender(), organisation, correction, newHolder, votes, required, decisionHash);
        if (votes >= required) {
            delete _votes[datasetId];
            return true;
        }
        // Another outcome, or the first vote: it replaces whatever was pending.
        _votes[datasetId] = Vote({
            newHolder: newHolder,
            votes: votes,
            correction: correction,
            firstVoterOrganisation: organisation
        });
        return false;
    }

    /// @dev Whether `organisation` confirmed the dataset's current claim.
    function _confirmedBy(bytes32 datasetId, address organisation) private view returns (bool) {
        Registered storage registered = _registered[datasetId];
        uint160 confirmers = uint160(registered.confirmers);
        if (confirmers == 0) return false;
        if (_core[datasetId].noticeFrom == 0) return registered.confirmers == organisation;
        uint160 low = _low80(organisation);
        return low == confirmers >> 80 || low == confirmers & type(uint80).max;
    }

    /// @dev Ends every open objection with `outcome`.
    function _closeObjections(bytes32 datasetId, ObjectionStatus outcome) private {
        address[] storage organisations = _openObjectors[datasetId];
        mapping(address => Objection) storage objections = _objections[datasetId];
        for (uint256 i = 0; i < organisations.length; ++i) objections[organisations[i]].status = outcome;
        delete _openObjectors[datasetId];
        _life[datasetId].openObjections = 0;
    }

    /// @dev Back from a dispute or a freeze: to review if never confirmed, else to the notice time it had left.
    function _resumeClock(bytes32 datasetId, Core storage core) private {
        Life storage life = _life[datasetId];
        uint40 remaining = life.noticeRemaining;
        if (core.noticeFrom == 0) {
            core.stage = Stage.PENDING;
        } else {
            core.stage = Stage.CONFIRMED;
            if (remaining != 0) {
                core.noticeFrom = uint40(block.timestamp + remaining - _noticePeriod);
                life.noticeRemaining = 0;
            }
        }
    }

    /// @dev Ends a claim that frees the content: REFUSED, WITHDRAWN or REJECTED. A freed version gives its
    /// predecessor back the "latest version" mark; nothing else refers to a claim that was never CONFIRMED.
    function _free(bytes32 datasetId, Core storage core, Stage stage) private {
        core.stage = stage;
        bytes32 predecessor = _versionOf[datasetId];
        if (predecessor != bytes32(0)) {
            _core[predecessor].flags &= ~_SUPERSEDED;
            delete _versionOf[datasetId];
        }
        delete _votes[datasetId];
    }

    /// @dev Drops the pending transfer request of `datasetId`, if any, with its cancellation event, so that
    /// the event log alone tells which request is open. Returns whether there was one.
    function _cancelPendingTransfer(bytes32 datasetId, address holder) private returns (bool) {
        address to = _pendingTransfers[datasetId];
        if (to == address(0)) return false;
        delete _pendingTransfers[datasetId];
        emit DatasetTransferCancelled(datasetId, holder, to, _msgSender());
        return true;
    }

    function _emitRegistered(
        bytes32 datasetId,
        address holder,
        Registration calldata r,
        uint8 required,
        bool declassified,
        uint32 claim
    ) private {
        emit DatasetRegistered(
            datasetId,
            holder,
            r.versionOf,
            r.contentHash,
            r.metadataHash,
            r.metadataURI,
            r.category,
            r.grade,
            r.containsPersonalData,
            r.sector,
            r.jurisdiction,
            required,
            declassified,
            claim,
            _msgSender()
        );
    }

    function _existing(bytes32 datasetId) private view returns (Core storage core) {
        core = _core[datasetId];
        if (core.stage == Stage.NONE) revert DatasetRegistryUnknownDataset(datasetId);
    }

    /// @dev The dataset, which the caller's organisation must hold, the caller acting (not removed or suspended).
    function _heldByCaller(bytes32 datasetId) private view returns (Core storage core) {
        address sender = _msgSender();
        core = _existing(datasetId);
        IParticipantDirectory.Participant memory caller = _directory.getParticipant(sender);
        if (core.holder != caller.organisation) revert DatasetRegistryNotHolder(datasetId, sender);
        if (caller.suspended || caller.removed) revert DatasetRegistryInactiveParticipant(sender);
    }

    function _checkRegulator() private view {
        address sender = _msgSender();
        if (!_directory.hasRole(sender, Role.REGULATOR)) revert DatasetRegistryMissingRole(sender, Role.REGULATOR);
    }

    function _checkOutsideOrganisationOf(bytes32 datasetId, address party) private view {
        address sender = _msgSender();
        if (_directory.organisationOf(sender) == party) {
            revert DatasetRegistryOwnOrganisation(datasetId, sender);
        }
    }

    function _claim(bytes32 datasetId) private view returns (uint32) {
        return _life[datasetId].previousClaims + 1;
    }

    /// @dev Whether the notice clock is paused: disputed, or frozen during notice.
    function _paused(Core storage core) private view returns (bool) {
        return core.noticeFrom != 0 && (core.stage == Stage.DISPUTED || (core.stage == Stage.CONFIRMED && core.flags & _FROZEN != 0));
    }

    function _inNotice(Core storage core) private view returns (bool) {
        return core.stage == Stage.CONFIRMED && block.timestamp < uint256(core.noticeFrom) + _noticePeriod;
    }

    function _status(Core storage core) private view returns (DatasetStatus) {
        Stage stage = core.stage;
        // The common case first: grants and rights ask about confirmed data.
        if (stage == Stage.CONFIRMED) {
            if (core.flags & _FROZEN != 0) return DatasetStatus.FROZEN;
            return _inNotice(core) ? DatasetStatus.NOTICE : DatasetStatus.CONFIRMED;
        }
        if (stage == Stage.PENDING || stage == Stage.DISPUTED) {
            if (core.flags & _FROZEN != 0) return DatasetStatus.FROZEN;
            return stage == Stage.PENDING ? DatasetStatus.PENDING : DatasetStatus.DISPUTED;
        }
        if (stage == Stage.NONE) return DatasetStatus.UNREGISTERED;
        if (stage == Stage.REJECTED) return DatasetStatus.REJECTED;
        if (stage == Stage.RETIRED) return DatasetStatus.RETIRED;
        if (stage == Stage.REFUSED) return DatasetStatus.REFUSED;
        if (stage == Stage.WITHDRAWN) return DatasetStatus.WITHDRAWN;
        return DatasetStatus.REVOKED;
    }

    /// @dev Claims that end REFUSED, WITHDRAWN or REJECTED free the content for a new claim.
    function _freed(Stage stage) private pure returns (bool) {
        return stage == Stage.REFUSED || stage == Stage.WITHDRAWN || stage == Stage.REJECTED;
    }

    /// @dev Two registrars for important or personal data, and for data declassified from such parents.
    function _required(Grade grade, uint8 flags) private pure returns (uint8) {
        return grade == Grade.IMPORTANT || flags & (_PERSONAL | _STRICT) != 0 ? 2 : 1;
    }

    function _low80(address account) private pure returns (uint160) {
        return uint160(account) & type(uint80).max;
    }

    function _has(IParticipantDirectory.Participant memory participant, Role role) private pure returns (bool) {
        return !participant.suspended && !participant.removed && participant.roles & (uint8(1) << uint8(role)) != 0;
    }
}
