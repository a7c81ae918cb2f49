// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Category, DatasetStatus, Derivation, Grade, HashAlgorithm, Jurisdiction, Right, Role} from "./DPRTypes.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";
import {IGrantRegistry} from "./IGrantRegistry.sol";
import {IParticipantDirectory} from "./IParticipantDirectory.sol";
import {Semver} from "./Semver.sol";

/**
 * @title DatasetRegistry
 * @notice Registrations, versions, lineage and data rights confirmation. See {IDatasetRegistry}.
 * @dev Storage holds only what the rules read; everything else (metadata, parents, evidence) is in events.
 */
contract DatasetRegistry is IDatasetRegistry, Semver {
    /// @notice The most parents one registration may name.
    uint256 public constant MAX_PARENTS = 16;

    /// @dev The stored life-cycle stage; {status} derives the public status from it, the flags and the clock.
    enum Stage {
        NONE,
        PENDING,
        CONFIRMED,
        DISPUTED,
        REJECTED,
        RETIRED
    }

    // Bits of {Core.flags}.
    uint8 private constant _PERSONAL = 1 << 0;
    uint8 private constant _FROZEN = 1 << 1;
    uint8 private constant _SUPERSEDED = 1 << 2;
    uint8 private constant _DECLASSIFIED = 1 << 3;
    uint8 private constant _SETTLED = 1 << 4;
    // Set on a declassified dataset when a parent needed two confirmations.
    uint8 private constant _STRICT = 1 << 5;

    /// @dev Slot 1, read by every rule: holder (160) | confirmedAt (40) | category, grade, jurisdiction,
    /// stage (4 x 8) | sector (16) | flags (8).
    struct Core {
        address holder;
        uint40 confirmedAt;
        Category category;
        Grade grade;
        Jurisdiction jurisdiction;
        Stage stage;
        uint16 sector;
        uint8 flags;
    }

    /// @dev Slot 2, read by confirmations and by {getDataset}: the organisation of the first confirming
    /// registrar (160) | registeredAt (40) | registeredBlock (40) | confirmations (8) | algorithm (8).
    /// Written at registration, so that a first confirmation updates a slot instead of creating one.
    struct Registered {
        address firstConfirmerOrganisation;
        uint40 registeredAt;
        uint40 registeredBlock;
        uint8 confirmations;
        HashAlgorithm algorithm;
    }

    IParticipantDirectory private immutable _directory;
    IGrantRegistry private immutable _grants;
    uint40 private immutable _noticePeriod;

    mapping(bytes32 datasetId => Core) private _core;
    mapping(bytes32 datasetId => Registered) private _registered;
    mapping(bytes32 datasetId => address to) private _pendingTransfers;

    /**
     * @param directory_ The participant directory.
     * @param grants_ The grant registry (deployed next; its constructor checks it points back here).
     * @param noticePeriod_ The public notice period in seconds (0 for tests and demos).
     */
    constructor(IParticipantDirectory directory_, IGrantRegistry grants_, uint40 noticePeriod_) Semver(1, 0, 0) {
        if (address(directory_) == address(0) || address(grants_) == address(0)) revert DatasetRegistryZeroAddress();
        _directory = directory_;
        _grants = grants_;
        _noticePeriod = noticePeriod_;
    }

    /// @inheritdoc IDatasetRegistry
    function register(Registration calldata registration) external returns (bytes32 datasetId) {
        IParticipantDirectory.Participant memory caller = _directory.getParticipant(msg.sender);
        if (!_has(caller, Role.HOLDER)) revert DatasetRegistryMissingRole(msg.sender, Role.HOLDER);
        if (registration.contentHash == bytes32(0)) revert DatasetRegistryEmptyContentHash();
        if (registration.grade == Grade.CORE) revert DatasetRegistryCoreDataRefused();
        if (registration.category == Category.PERSONAL && !registration.containsPersonalData) {
            revert DatasetRegistryInconsistentPersonalData();
        }
        if (registration.jurisdiction != caller.jurisdiction) {
            revert DatasetRegistryJurisdictionMismatch(msg.sender, caller.jurisdiction, registration.jurisdiction);
        }

        datasetId = datasetIdOf(registration.algorithm, registration.contentHash);
        Core storage core = _core[datasetId];
        if (core.stage != Stage.NONE) revert DatasetRegistryAlreadyRegistered(registration.contentHash, datasetId);

        if (registration.versionOf != bytes32(0)) _supersede(registration);
        uint8 flags = registration.containsPersonalData ? _PERSONAL : 0;
        if (registration.parents.length != 0) flags |= _checkParents(registration);

        core.holder = msg.sender;
        core.category = registration.category;
        core.grade = registration.grade;
        core.jurisdiction = registration.jurisdiction;
        core.stage = Stage.PENDING;
        core.sector = registration.sector;
        core.flags = flags;
        _registered[datasetId] = Registered({
            firstConfirmerOrganisation: address(0),
            registeredAt: uint40(block.timestamp),
            registeredBlock: uint40(block.number),
            confirmations: 0,
            algorithm: registration.algorithm
        });

        _emitRegistered(datasetId, registration, _required(registration.grade, flags), flags & _DECLASSIFIED != 0);
        for (uint256 i = 0; i < registration.parents.length; ++i) {
            emit DatasetDerived(datasetId, registration.parents[i].datasetId, registration.parents[i].derivation);
        }
    }

    /// @inheritdoc IDatasetRegistry
    function confirm(bytes32 datasetId) external {
        Core storage core = _existing(datasetId);
        if (core.stage != Stage.PENDING || core.flags & _FROZEN != 0) {
            revert DatasetRegistryWrongStatus(datasetId, _status(core));
        }
        IParticipantDirectory.Participant memory registrar = _directory.getParticipant(msg.sender);
        if (!_has(registrar, Role.REGISTRAR)) revert DatasetRegistryMissingRole(msg.sender, Role.REGISTRAR);
        if (registrar.organisation == _directory.organisationOf(core.holder)) {
            revert DatasetRegistryOwnOrganisation(datasetId, msg.sender);
        }

        Registered storage registered = _registered[datasetId];
        uint8 required = _required(core.grade, core.flags);
        uint8 confirmations = registered.confirmations + 1;
        if (confirmations < required) {
            registered.firstConfirmerOrganisation = registrar.organisation;
            registered.confirmations = confirmations;
            emit DatasetConfirmed(datasetId, msg.sender, confirmations, required, 0);
            return;
        }
        if (registered.firstConfirmerOrganisation == registrar.organisation) {
            revert DatasetRegistryAlreadyConfirmedBy(datasetId, registrar.organisation);
        }
        registered.confirmations = confirmations;
        core.stage = Stage.CONFIRMED;
        core.confirmedAt = uint40(block.timestamp);
        emit DatasetConfirmed(datasetId, msg.sender, confirmations, required, uint40(block.timestamp) + _noticePeriod);
    }

    /// @inheritdoc IDatasetRegistry
    function object(bytes32 datasetId, bytes32 evidenceHash) external {
        Core storage core = _existing(datasetId);
        IParticipantDirectory.Participant memory objector = _directory.getParticipant(msg.sender);
        if (objector.organisation == address(0) || objector.suspended) {
            revert DatasetRegistryInactiveParticipant(msg.sender);
        }
        if ((core.stage != Stage.DISPUTED && !_inNotice(core)) || core.flags & _FROZEN != 0) {
            revert DatasetRegistryWrongStatus(datasetId, _status(core));
        }
        if (objector.organisation == _directory.organisationOf(core.holder)) {
            revert DatasetRegistryHolderCannotObject(datasetId, msg.sender);
        }
        if (evidenceHash == bytes32(0)) revert DatasetRegistryEmptyHash();
        core.stage = Stage.DISPUTED;
        emit DatasetObjected(datasetId, msg.sender, evidenceHash);
    }

    /// @inheritdoc IDatasetRegistry
    function resolve(bytes32 datasetId, bool upheld, address newHolder, bytes32 decisionHash) external {
        Core storage core = _existing(datasetId);
        if (core.stage != Stage.DISPUTED || core.flags & _FROZEN != 0) revert DatasetRegistryWrongStatus(datasetId, _status(core));
        if (!_directory.hasRole(msg.sender, Role.REGULATOR)) {
            if (!_directory.hasRole(msg.sender, Role.REGISTRAR)) revert DatasetRegistryNotRegistrarOrRegulator(msg.sender);
            _checkOutsideOrganisationOf(datasetId, core.holder);
        }
        if (decisionHash == bytes32(0)) revert DatasetRegistryEmptyHash();

        address previousHolder = core.holder;
        if (!upheld) {
            core.stage = Stage.CONFIRMED;
            core.flags |= _SETTLED;
        } else if (newHolder == address(0)) {
            core.stage = Stage.REJECTED;
        } else {
            _checkNewHolder(core, newHolder, previousHolder);
            // A registrar never awards a dataset to its own organisation either.
            if (!_directory.hasRole(msg.sender, Role.REGULATOR)) _checkOutsideOrganisationOf(datasetId, newHolder);
            core.holder = newHolder;
            core.stage = Stage.CONFIRMED;
            core.flags |= _SETTLED;
        }
        emit DatasetDisputeResolved(
            datasetId,
            msg.sender,
            upheld,
            previousHolder,
            core.holder,
            _status(core),
            decisionHash
        );
    }

    /// @inheritdoc IDatasetRegistry
    function requestTransfer(bytes32 datasetId, address to) external {
        Core storage core = _heldByCaller(datasetId);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.CONFIRMED) revert DatasetRegistryWrongStatus(datasetId, current);
        _checkNewHolder(core, to, msg.sender);
        _cancelPendingTransfer(datasetId, msg.sender);
        _pendingTransfers[datasetId] = to;
        emit DatasetTransferRequested(datasetId, msg.sender, to);
    }

    /// @inheritdoc IDatasetRegistry
    function cancelTransfer(bytes32 datasetId) external {
        Core storage core = _existing(datasetId);
        if (!_directory.hasRole(msg.sender, Role.REGULATOR)) {
            if (core.holder != msg.sender) revert DatasetRegistryNotHolderOrRegulator(datasetId, msg.sender);
            if (!_directory.isActive(msg.sender)) revert DatasetRegistryInactiveParticipant(msg.sender);
        }
        if (!_cancelPendingTransfer(datasetId, core.holder)) revert DatasetRegistryNoPendingTransfer(datasetId);
    }

    /// @inheritdoc IDatasetRegistry
    function confirmTransfer(bytes32 datasetId) external {
        Core storage core = _existing(datasetId);
        address to = _pendingTransfers[datasetId];
        if (to == address(0)) revert DatasetRegistryNoPendingTransfer(datasetId);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.CONFIRMED) revert DatasetRegistryWrongStatus(datasetId, current);
        if (!_directory.hasRole(msg.sender, Role.REGISTRAR)) revert DatasetRegistryMissingRole(msg.sender, Role.REGISTRAR);
        address from = core.holder;
        _checkOutsideOrganisationOf(datasetId, from);
        _checkOutsideOrganisationOf(datasetId, to);
        // A suspended holder's sale waits: it can be completed once reinstated, or cancelled by a regulator.
        if (!_directory.isActive(from)) revert DatasetRegistryInactiveParticipant(from);
        if (!_directory.hasRole(to, Role.HOLDER)) revert DatasetRegistryInvalidNewHolder(to);

        core.holder = to;
        delete _pendingTransfers[datasetId];
        emit DatasetTransferred(datasetId, from, to, msg.sender);
    }

    /// @inheritdoc IDatasetRegistry
    function freeze(bytes32 datasetId, bytes32 reasonHash) external {
        Core storage core = _existing(datasetId);
        _checkRegulator();
        Stage stage = core.stage;
        if (core.flags & _FROZEN != 0 || stage == Stage.REJECTED || stage == Stage.RETIRED) {
            revert DatasetRegistryWrongStatus(datasetId, _status(core));
        }
        core.flags |= _FROZEN;
        emit DatasetFrozen(datasetId, msg.sender, reasonHash);
    }

    /// @inheritdoc IDatasetRegistry
    function unfreeze(bytes32 datasetId, bytes32 reasonHash) external {
        Core storage core = _existing(datasetId);
        _checkRegulator();
        if (core.flags & _FROZEN == 0) revert DatasetRegistryNotFrozen(datasetId);
        core.flags &= ~_FROZEN;
        emit DatasetUnfrozen(datasetId, msg.sender, reasonHash);
    }

    /// @inheritdoc IDatasetRegistry
    function retire(bytes32 datasetId) external {
        Core storage core = _heldByCaller(datasetId);
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.PENDING && current != DatasetStatus.NOTICE && current != DatasetStatus.CONFIRMED) {
            revert DatasetRegistryWrongStatus(datasetId, current);
        }
        core.stage = Stage.RETIRED;
        _cancelPendingTransfer(datasetId, msg.sender);
        emit DatasetRetired(datasetId, msg.sender);
    }

    /// @inheritdoc IDatasetRegistry
    function status(bytes32 datasetId) external view returns (DatasetStatus) {
        return _status(_core[datasetId]);
    }

    /// @inheritdoc IDatasetRegistry
    function getDataset(bytes32 datasetId) external view returns (DatasetRecord memory record) {
        Core storage core = _existing(datasetId);
        Registered storage registered = _registered[datasetId];
        uint8 flags = core.flags;
        record.status = _status(core);
        record.holder = core.holder;
        record.algorithm = registered.algorithm;
        record.category = core.category;
        record.grade = core.grade;
        record.containsPersonalData = flags & _PERSONAL != 0;
        record.sector = core.sector;
        record.jurisdiction = core.jurisdiction;
        record.registeredAt = registered.registeredAt;
        record.registeredBlock = registered.registeredBlock;
        record.confirmations = registered.confirmations;
        record.requiredConfirmations = _required(core.grade, flags);
        record.confirmedAt = core.confirmedAt;
        record.noticeEndsAt = core.confirmedAt == 0 ? 0 : core.confirmedAt + _noticePeriod;
        record.frozen = flags & _FROZEN != 0;
        record.superseded = flags & _SUPERSEDED != 0;
        record.declassified = flags & _DECLASSIFIED != 0;
        record.settled = flags & _SETTLED != 0;
        record.pendingTransferTo = _pendingTransfers[datasetId];
    }

    /// @inheritdoc IDatasetRegistry
    function profileOf(bytes32 datasetId) external view returns (Profile memory) {
        Core storage core = _existing(datasetId);
        return
            Profile({
                status: _status(core),
                holder: core.holder,
                category: core.category,
                grade: core.grade,
                containsPersonalData: core.flags & _PERSONAL != 0,
                jurisdiction: core.jurisdiction
            });
    }

    /// @inheritdoc IDatasetRegistry
    function datasetIdOf(HashAlgorithm algorithm, bytes32 contentHash) public pure returns (bytes32) {
        return keccak256(abi.encode(algorithm, contentHash));
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

    /// @dev Marks the predecessor superseded: the caller must hold it, it must be the latest of its series and
    /// CONFIRMED, and the new version, a revision of it, keeps its classification (never a way to declassify).
    function _supersede(Registration calldata registration) private {
        bytes32 previousId = registration.versionOf;
        Core storage previous = _existing(previousId);
        if (previous.holder != msg.sender) revert DatasetRegistryNotHolder(previousId, msg.sender);
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
    }

    /// @dev Checks every parent and the derivation rules; returns the flags the new dataset gets from them.
    function _checkParents(Registration calldata registration) private view returns (uint8 flags) {
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
                parent.holder != msg.sender &&
                !_grants.hasRight(parentId, msg.sender, Right.HOLDING) &&
                !_grants.hasRight(parentId, msg.sender, Right.PROCESSING_USE)
            ) revert DatasetRegistryNoRightToDerive(parentId, msg.sender);

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
    /// disputed nor frozen — so that nothing is built on a registration that may still be refused or rejected.
    function _checkUsable(bytes32 datasetId, Core storage core) private view {
        DatasetStatus current = _status(core);
        if (current != DatasetStatus.CONFIRMED) revert DatasetRegistryWrongStatus(datasetId, current);
    }

    /// @dev A new holder, by transfer or by dispute decision, is an active HOLDER other than the current one and
    /// of the dataset's jurisdiction: holding never moves the data across a border.
    function _checkNewHolder(Core storage core, address account, address currentHolder) private view {
        IParticipantDirectory.Participant memory participant = _directory.getParticipant(account);
        if (account == currentHolder || !_has(participant, Role.HOLDER)) revert DatasetRegistryInvalidNewHolder(account);
        if (participant.jurisdiction != core.jurisdiction) {
            revert DatasetRegistryJurisdictionMismatch(account, participant.jurisdiction, core.jurisdiction);
        }
    }

    /// @dev Drops the pending transfer request of `datasetId`, if any, with its cancellation event, so that
    /// the event log alone tells which request is open. Returns whether there was one.
    function _cancelPendingTransfer(bytes32 datasetId, address holder) private returns (bool) {
        address to = _pendingTransfers[datasetId];
        if (to == address(0)) return false;
        delete _pendingTransfers[datasetId];
        emit DatasetTransferCancelled(datasetId, holder, to, msg.sender);
        return true;
    }

    function _emitRegistered(bytes32 datasetId, Registration calldata r, uint8 required, bool declassified) private {
        emit DatasetRegistered(
            datasetId,
            msg.sender,
            r.versionOf,
            r.algorithm,
            r.contentHash,
            r.metadataHash,
            r.metadataURI,
            r.category,
            r.grade,
            r.containsPersonalData,
            r.sector,
            r.jurisdiction,
            required,
            declassified
        );
    }

    function _existing(bytes32 datasetId) private view returns (Core storage core) {
        core = _core[datasetId];
        if (core.stage == Stage.NONE) revert DatasetRegistryUnknownDataset(datasetId);
    }

    /// @dev The dataset, which the caller must hold and the caller must be active.
    function _heldByCaller(bytes32 datasetId) private view returns (Core storage core) {
        core = _existing(datasetId);
        if (core.holder != msg.sender) revert DatasetRegistryNotHolder(datasetId, msg.sender);
        if (!_directory.isActive(msg.sender)) revert DatasetRegistryInactiveParticipant(msg.sender);
    }

    function _checkRegulator() private view {
        if (!_directory.hasRole(msg.sender, Role.REGULATOR)) revert DatasetRegistryMissingRole(msg.sender, Role.REGULATOR);
    }

    function _checkOutsideOrganisationOf(bytes32 datasetId, address party) private view {
        if (_directory.organisationOf(msg.sender) == _directory.organisationOf(party)) {
            revert DatasetRegistryOwnOrganisation(datasetId, msg.sender);
        }
    }

    function _inNotice(Core storage core) private view returns (bool) {
        return
            core.stage == Stage.CONFIRMED &&
            core.flags & _SETTLED == 0 &&
            block.timestamp < uint256(core.confirmedAt) + _noticePeriod;
    }

    function _status(Core storage core) private view returns (DatasetStatus) {
        Stage stage = core.stage;
        if (stage == Stage.NONE) return DatasetStatus.UNREGISTERED;
        if (stage == Stage.REJECTED) return DatasetStatus.REJECTED;
        if (stage == Stage.RETIRED) return DatasetStatus.RETIRED;
        if (core.flags & _FROZEN != 0) return DatasetStatus.FROZEN;
        if (stage == Stage.DISPUTED) return DatasetStatus.DISPUTED;
        if (stage == Stage.PENDING) return DatasetStatus.PENDING;
        return _inNotice(core) ? DatasetStatus.NOTICE : DatasetStatus.CONFIRMED;
    }

    /// @dev Two registrars for important or personal data, and for data declassified from such parents.
    function _required(Grade grade, uint8 flags) private pure returns (uint8) {
        return grade == Grade.IMPORTANT || flags & (_PERSONAL | _STRICT) != 0 ? 2 : 1;
    }

    function _has(IParticipantDirectory.Participant memory participant, Role role) private pure returns (bool) {
        return !participant.suspended && participant.roles & (uint8(1) << uint8(role)) != 0;
    }
}
