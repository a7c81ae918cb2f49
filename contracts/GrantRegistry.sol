// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {BorderConditions, DatasetStatus, Grade, GranteeRegions, GrantStatus, Jurisdiction, Openness, Right, Role, TransferMechanism} from "./DPRTypes.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {IDatasetRegistry} from "./IDatasetRegistry.sol";
import {IGrantRegistry} from "./IGrantRegistry.sol";
import {IParticipantDirectory} from "./IParticipantDirectory.sol";
import {Semver} from "./Semver.sol";

/**
 * @title GrantRegistry
 * @notice Grants of data rights with the regulator's gate. See {IGrantRegistry}.
 * @dev Purposes, scopes, terms and evidence are hashes carried in {GrantIssued}; storage keeps only
 * what {hasRight} and the state transitions read.
 */
contract GrantRegistry is IGrantRegistry, ERC2771Context, Semver {
    /// @dev Regions between which a grant is cross-border. MAINLAND is GZ, the GBA's eight other
    /// mainland cities and MAINLAND_OTHER alike.
    enum Region {
        MAINLAND,
        HONG_KONG,
        MACAO,
        ELSEWHERE
    }

    /// @dev The GBA's mainland region, the only mainland side of the GBA standard contract: bit
    /// `uint8(jurisdiction)` is set for GZ and the eight other cities (a mask costs less than a lookup).
    uint256 private constant _GBA_MAINLAND =
        (1 << uint8(Jurisdiction.GZ)) |
            (1 << uint8(Jurisdiction.SHENZHEN)) |
            (1 << uint8(Jurisdiction.ZHUHAI)) |
            (1 << uint8(Jurisdiction.FOSHAN)) |
            (1 << uint8(Jurisdiction.HUIZHOU)) |
            (1 << uint8(Jurisdiction.DONGGUAN)) |
            (1 << uint8(Jurisdiction.ZHONGSHAN)) |
            (1 << uint8(Jurisdiction.JIANGMEN)) |
            (1 << uint8(Jurisdiction.ZHAOQING));

    /// @dev Two slots: datasetId | grantee (160), startsAt (40), expiresAt (40), right (8), state (8).
    /// `state` stores only NONE, AWAITING_ACKNOWLEDGEMENT, ACTIVE, SUSPENDED, REVOKED or DENIED;
    /// EXPIRED and SCHEDULED are computed from the clock.
    struct Grant {
        bytes32 datasetId;
        address grantee;
        uint40 startsAt;
        uint40 expiresAt;
        Right right;
        GrantStatus state;
    }

    /// @dev A loosening waiting for registrars. Slot 1: the conditions; slot 2: firstOrganisation (160) |
    /// proposedAt (40) | confirmations (8); slot 3: the proposing holder (a proposal lapses when the holder changes).
    struct Proposal {
        BorderConditions conditions;
        address firstOrganisation;
        uint40 proposedAt;
        uint8 confirmations;
        address proposer;
    }

    /// @dev The rights a condition can name: bits 0 to 2.
    uint8 private constant _ALL_RIGHTS = uint8((1 << (uint256(type(Right).max) + 1)) - 1);

    IParticipantDirectory private immutable _directory;
    IDatasetRegistry private immutable _datasets;

    // Starts at 1 in the constructor, so that the first grant updates the slot instead of creating it.
    uint256 private _nextGrantId;
    mapping(uint256 grantId => Grant) private _grants;
    mapping(bytes32 datasetGranteeRight => uint256 grantId) private _latest;
    mapping(bytes32 datasetId => BorderConditions) private _conditions;
    mapping(bytes32 datasetId => Proposal) private _proposals;

    /**
     * @param directory_ The participant directory.
     * @param datasets_ The dataset registry, which must name this contract as its grant registry and
     * consult the same directory and trust the same forwarder.
     * @param forwarder_ The request forwarder whose signed requests act for their signer.
     */
    constructor(
        IParticipantDirectory directory_,
        IDatasetRegistry datasets_,
        address forwarder_
    ) ERC2771Context(forwarder_) Semver(2, 0, 0) {
        if (
            datasets_.grants() != address(this) ||
            datasets_.directory() != address(directory_) ||
            ERC2771Context(address(datasets_)).trustedForwarder() != forwarder_
        ) {
            revert GrantRegistryMisconfigured(address(datasets_));
        }
        _directory = directory_;
        _datasets = datasets_;
        _nextGrantId = 1;
    }

    /// @inheritdoc IGrantRegistry
    function grant(GrantRequest calldata request) external returns (uint256 grantId) {
        (uint40 startsAt, bool crossBorder, bool needsAcknowledgement, uint64 grantsValidFrom) = _checkRequest(request);

        bytes32 key = _key(request.datasetId, request.grantee, request.terms.right);
        uint256 previous = _latest[key];
        // A grant issued before a correction of the holder confers nothing, so it does not block a new one.
        if (previous >= grantsValidFrom && previous != 0 && _isLive(_status(_grants[previous]))) {
            revert GrantRegistryDuplicateGrant(previous);
        }

        grantId = _nextGrantId++;
        _latest[key] = grantId;
        GrantStatus state = needsAcknowledgement ? GrantStatus.AWAITING_ACKNOWLEDGEMENT : GrantStatus.ACTIVE;
        _grants[grantId] = Grant({
            datasetId: request.datasetId,
            grantee: request.grantee,
            startsAt: startsAt,
            expiresAt: request.terms.expiresAt,
            right: request.terms.right,
            state: state
        });
        if (state == GrantStatus.ACTIVE && startsAt > block.timestamp) state = GrantStatus.SCHEDULED;
        _emitIssued(grantId, request, startsAt, crossBorder, state);
    }

    /// @inheritdoc IGrantRegistry
    function acknowledge(uint256 grantId, bytes32 noteHash) external {
        address sender = _msgSender();
        Grant storage stored = _regulated(grantId, GrantStatus.AWAITING_ACKNOWLEDGEMENT, GrantStatus.AWAITING_ACKNOWLEDGEMENT);
        // A regulator does not clear a grant its own organisation gives or receives.
        address organisation = _directory.organisationOf(sender);
        if (organisation == stored.grantee || organisation == _datasets.profileOf(stored.datasetId).holder) {
            revert GrantRegistryOwnOrganisation(grantId, sender);
        }
        stored.state = GrantStatus.ACTIVE;
        emit GrantAcknowledged(grantId, stored.datasetId, sender, noteHash);
    }

    /// @inheritdoc IGrantRegistry
    function deny(uint256 grantId, bytes32 reasonHash) external {
        Grant storage stored = _regulated(grantId, GrantStatus.AWAITING_ACKNOWLEDGEMENT, GrantStatus.AWAITING_ACKNOWLEDGEMENT);
        stored.state = GrantStatus.DENIED;
        emit GrantDenied(grantId, stored.datasetId, _msgSender(), reasonHash);
    }

    /// @inheritdoc IGrantRegistry
    function suspend(uint256 grantId, bytes32 reasonHash) external {
        Grant storage stored = _regulated(grantId, GrantStatus.ACTIVE, GrantStatus.SCHEDULED);
        stored.state = GrantStatus.SUSPENDED;
        emit GrantSuspended(grantId, stored.datasetId, _msgSender(), reasonHash);
    }

    /// @inheritdoc IGrantRegistry
    function reinstate(uint256 grantId, bytes32 reasonHash) external {
        Grant storage stored = _regulated(grantId, GrantStatus.SUSPENDED, GrantStatus.SUSPENDED);
        stored.state = GrantStatus.ACTIVE;
        emit GrantReinstated(grantId, stored.datasetId, _msgSender(), reasonHash);
    }

    /// @inheritdoc IGrantRegistry
    function revoke(uint256 grantId, bytes32 reasonHash) external {
        address sender = _msgSender();
        Grant storage stored = _existing(grantId);
        bytes32 datasetId = stored.datasetId;
        if (!_directory.hasRole(sender, Role.REGULATOR)) {
            if (_datasets.profileOf(datasetId).holder != _directory.organisationOf(sender)) {
                revert GrantRegistryNotHolderOrRegulator(grantId, sender);
            }
            if (!_directory.isActive(sender)) revert GrantRegistryInactiveParticipant(sender);
        }
        GrantStatus current = _status(stored);
        if (!_isLive(current)) revert GrantRegistryWrongStatus(grantId, current);
        stored.state = GrantStatus.REVOKED;
        emit GrantRevoked(grantId, datasetId, sender, reasonHash);
    }

    /// @inheritdoc IGrantRegistry
    function recordBorderConditions(
        bytes32 datasetId,
        address holder,
        BorderConditions calldata conditions,
        bool reclaimed
    ) external {
        if (msg.sender != address(_datasets)) revert GrantRegistryNotDatasetRegistry(_msgSender());
        if (reclaimed) delete _proposals[datasetId];
        if (conditions.openness == Openness.UNDECLARED) {
            // Nothing declared (on a new claim of freed content, the last claim's conditions go).
            if (reclaimed) delete _conditions[datasetId];
            return;
        }
        _checkConditions(conditions);
        _conditions[datasetId] = conditions;
        emit BorderConditionsSet(datasetId, holder, conditions);
    }

    /// @inheritdoc IGrantRegistry
    function setBorderConditions(bytes32 datasetId, BorderConditions calldata conditions) external {
        address sender = _msgSender();
        IDatasetRegistry.Profile memory dataset = _openForConditions(datasetId);
        if (dataset.holder != _directory.organisationOf(sender)) revert GrantRegistryNotHolder(datasetId, sender);
        if (!_directory.isActive(sender)) revert GrantRegistryInactiveParticipant(sender);
        _checkConditions(conditions);
        delete _proposals[datasetId];
        if (_tighterOrEqual(conditions, _conditions[datasetId])) {
            _conditions[datasetId] = conditions;
            emit BorderConditionsSet(datasetId, sender, conditions);
        } else {
            Proposal storage proposal = _proposals[datasetId];
            proposal.conditions = conditions;
            proposal.proposedAt = uint40(block.timestamp);
            proposal.proposer = dataset.holder;
            emit BorderConditionsProposed(datasetId, dataset.holder, conditions, _datasets.getDataset(datasetId).requiredConfirmations);
        }
    }

    /// @inheritdoc IGrantRegistry
    function confirmBorderConditions(bytes32 datasetId, BorderConditions calldata expected) external {
        address sender = _msgSender();
        IDatasetRegistry.Profile memory dataset = _openForConditions(datasetId);
        if (!_directory.hasRole(sender, Role.REGISTRAR)) revert GrantRegistryMissingRole(sender, Role.REGISTRAR);
        Proposal storage proposal = _proposals[datasetId];
        // A proposal of an earlier holder (the holding moved since) is no longer anyone's word.
        if (proposal.proposedAt == 0 || proposal.proposer != dataset.holder) revert GrantRegistryNoProposedConditions(datasetId);
        BorderConditions memory proposed = proposal.conditions;
        if (keccak256(abi.encode(proposed)) != keccak256(abi.encode(expected))) revert GrantRegistryProposalChanged(datasetId);
        address organisation = _directory.organisationOf(sender);
        if (organisation == dataset.holder) {
            revert GrantRegistryConditionsOwnOrganisation(datasetId, sender);
        }
        if (organisation == proposal.firstOrganisation) {
            revert GrantRegistryConditionsAlreadyConfirmedBy(datasetId, organisation);
        }
        uint8 required = _datasets.getDataset(datasetId).requiredConfirmations;
        uint8 confirmations = proposal.confirmations + 1;
        emit BorderConditionsConfirmed(datasetId, sender, confirmations, required);
        if (confirmations < required) {
            // Quorums are one or two organisations, so the first one is all there is to remember.
            proposal.confirmations = confirmations;
            proposal.firstOrganisation = organisation;
            return;
        }
        delete _proposals[datasetId];
        _conditions[datasetId] = proposed;
        emit BorderConditionsSet(datasetId, sender, proposed);
    }

    /// @inheritdoc IGrantRegistry
    function borderConditionsOf(bytes32 datasetId) external view returns (BorderConditions memory) {
        return _conditions[datasetId];
    }

    /// @inheritdoc IGrantRegistry
    function proposedBorderConditionsOf(bytes32 datasetId) external view returns (ProposedBorderConditions memory) {
        Proposal storage proposal = _proposals[datasetId];
        ProposedBorderConditions memory none;
        if (proposal.proposedAt == 0 || proposal.proposer != _datasets.profileOf(datasetId).holder) return none;
        return
            ProposedBorderConditions({
                conditions: proposal.conditions,
                confirmations: proposal.confirmations,
                required: _datasets.getDataset(datasetId).requiredConfirmations,
                proposedAt: proposal.proposedAt
            });
    }

    /// @inheritdoc IGrantRegistry
    function hasRight(bytes32 datasetId, address account, Right right) external view returns (bool) {
        // profileOf reverts only for an unknown dataset: no dataset, no right.
        try _datasets.profileOf(datasetId) returns (IDatasetRegistry.Profile memory dataset) {
            return
                dataset.status == DatasetStatus.CONFIRMED &&
                !dataset.ancestryRevoked &&
                _holdsRight(datasetId, dataset, account, right);
        } catch {
            return false;
        }
    }

    /// @dev The rest of {hasRight}, for a CONFIRMED dataset.
    function _holdsRight(
        bytes32 datasetId,
        IDatasetRegistry.Profile memory dataset,
        address account,
        Right right
    ) private view returns (bool) {
        address holder = dataset.holder;
        (IParticipantDirectory.Participant memory who, IParticipantDirectory.Participant memory grantor) = _directory
            .getParticipants(account, holder);
        address organisation = who.organisation;
        if (organisation == address(0) || who.suspended || who.removed) return false;
        if (organisation == holder) return true;
        // A suspended participant holds no rights and gives none: its grants confer nothing meanwhile.
        if (grantor.suspended) return false;
        uint256 grantId = _latest[_key(datasetId, organisation, right)];
        // A grant issued before a correction of the holder confers nothing: the holder of record gave it.
        return
            grantId != 0 && grantId >= dataset.grantsValidFrom && _status(_grants[grantId]) == GrantStatus.ACTIVE;
    }

    /// @inheritdoc IGrantRegistry
    function getGrant(uint256 grantId) external view returns (GrantRecord memory) {
        Grant storage stored = _existing(grantId);
        return
            GrantRecord({
                status: _status(stored),
                datasetId: stored.datasetId,
                grantee: stored.grantee,
                right: stored.right,
                startsAt: stored.startsAt,
                expiresAt: stored.expiresAt
            });
    }

    /// @inheritdoc IGrantRegistry
    function grantStatus(uint256 grantId) external view returns (GrantStatus) {
        return _status(_grants[grantId]);
    }

    /// @inheritdoc IGrantRegistry
    function latestGrant(bytes32 datasetId, address grantee, Right right) external view returns (uint256) {
        return _latest[_key(datasetId, grantee, right)];
    }

    /// @inheritdoc IGrantRegistry
    function grantCount() external view returns (uint256) {
        return _nextGrantId - 1;
    }

    /// @inheritdoc IGrantRegistry
    function datasets() external view returns (address) {
        return address(_datasets);
    }

    /// @inheritdoc IGrantRegistry
    function directory() external view returns (address) {
        return address(_directory);
    }

    /// @dev Checks a request against every rule; returns its effective start, whether it crosses a
    /// border and whether it waits for a regulator.
    function _checkRequest(
        GrantRequest calldata request
    )
        private
        view
        returns (uint40 startsAt, bool crossBorder, bool needsAcknowledgement, uint64 grantsValidFrom)
    {
        address sender = _msgSender();
        IDatasetRegistry.Profile memory dataset = _datasets.profileOf(request.datasetId);
        (IParticipantDirectory.Participant memory officer, IParticipantDirectory.Participant memory grantee) = _directory
            .getParticipants(sender, request.grantee);
        // The caller acts for the holding organisation; a removed account has no organisation.
        if (dataset.holder != officer.organisation) revert GrantRegistryNotHolder(request.datasetId, sender);
        if (officer.suspended || officer.removed) revert GrantRegistryInactiveParticipant(sender);
        _directory.requireOpen();
        if (dataset.status != DatasetStatus.CONFIRMED) {
            revert GrantRegistryDatasetNotGrantable(request.datasetId, dataset.status);
        }
        if (dataset.ancestryRevoked) {
            revert GrantRegistryAncestryRevoked(request.datasetId);
        }
        // Grants go to an organisation, named by its own address, other than the holder.
        if (
            request.grantee == address(0) ||
            request.grantee == dataset.holder ||
            grantee.organisation != request.grantee ||
            grantee.suspended
        ) {
            revert GrantRegistryInvalidGrantee(request.grantee);
        }
        if (request.terms.purposeHash == bytes32(0)) revert GrantRegistryMissingPurpose();

        crossBorder = _region(dataset.jurisdiction) != _region(grantee.jurisdiction);
        bool important = dataset.grade != Grade.GENERAL;
        // The grantee is always another organisation.
        bool personalToOthers = dataset.containsPersonalData;
        startsAt = _checkPeriod(request.terms, crossBorder || important || dataset.containsPersonalData);
        _checkMechanism(request.terms, dataset, grantee.jurisdiction, crossBorder, personalToOthers);
        BorderConditions memory conditions = _conditions[request.datasetId];
        if (conditions.openness != Openness.UNDECLARED) {
            _checkWithinConditions(request, conditions, dataset.jurisdiction, grantee.jurisdiction, startsAt);
        }
        needsAcknowledgement = crossBorder || important || personalToOthers;
        grantsValidFrom = dataset.grantsValidFrom;
    }

    function _emitIssued(
        uint256 grantId,
        GrantRequest calldata request,
        uint40 startsAt,
        bool crossBorder,
        GrantStatus status
    ) private {
        emit GrantIssued(grantId, request.datasetId, request.grantee, _msgSender(), request.terms, startsAt, crossBorder, status);
    }

    /// @dev Returns the effective start; checks the period and that an expiry is set when `expiryRequired`.
    function _checkPeriod(GrantTerms calldata terms, bool expiryRequired) private view returns (uint40 startsAt) {
        startsAt = terms.startsAt == 0 ? uint40(block.timestamp) : terms.startsAt;
        uint40 expiresAt = terms.expiresAt;
        if (startsAt < block.timestamp || (expiresAt != 0 && expiresAt <= startsAt)) {
            revert GrantRegistryInvalidPeriod(terms.startsAt, expiresAt);
        }
        if (expiresAt == 0 && expiryRequired) revert GrantRegistryExpiryRequired();
    }

    /// @dev The mechanism must fit the route and the data; the evidence it needs must be there.
    function _checkMechanism(
        GrantTerms calldata terms,
        IDatasetRegistry.Profile memory dataset,
        Jurisdiction granteeJurisdiction,
        bool crossBorder,
        bool personalToOthers
    ) private pure {
        TransferMechanism mechanism = terms.mechanism;
        if (crossBorder == (mechanism == TransferMechanism.NONE)) {
            revert GrantRegistryMechanismNotAllowed(mechanism, crossBorder);
        }
        if (crossBorder) {
            bool important = dataset.grade != Grade.GENERAL;
            if (important && mechanism != TransferMechanism.SECURITY_ASSESSMENT) {
                revert GrantRegistryMechanismNotAllowed(mechanism, true);
            }
            if (mechanism == TransferMechanism.GBA_SC_HK || mechanism == TransferMechanism.GBA_SC_MO) {
                // Between the SAR it names and the GBA's mainland cities, never the rest of the mainland.
                Region sar = mechanism == TransferMechanism.GBA_SC_HK ? Region.HONG_KONG : Region.MACAO;
                if (
                    !((_inGbaMainland(dataset.jurisdiction) && _region(granteeJurisdiction) == sar) ||
                        (_region(dataset.jurisdiction) == sar && _inGbaMainland(granteeJurisdiction)))
                ) {
                    revert GrantRegistryMechanismNotAllowed(mechanism, true);
                }
            }
            if (mechanism != TransferMechanism.EXEMPT && terms.evidence.filingRef == bytes32(0)) {
                revert GrantRegistryMissingEvidence("filingRef");
            }
            if (
                (mechanism == TransferMechanism.GBA_SC_HK ||
                    mechanism == TransferMechanism.GBA_SC_MO ||
                    mechanism == TransferMechanism.STANDARD_CONTRACT) && terms.evidence.contractHash == bytes32(0)
            ) revert GrantRegistryMissingEvidence("contractHash");
            if (dataset.containsPersonalData && terms.evidence.impactAssessmentHash == bytes32(0)) {
                revert GrantRegistryMissingEvidence("impactAssessmentHash");
            }
        }
        if (personalToOthers && terms.evidence.consentRecordsRoot == bytes32(0)) {
            revert GrantRegistryMissingEvidence("consentRecordsRoot");
        }
    }

    /// @dev A grant must stay within the dataset's declared border conditions.
    function _checkWithinConditions(
        GrantRequest calldata request,
        BorderConditions memory conditions,
        Jurisdiction datasetJurisdiction,
        Jurisdiction granteeJurisdiction,
        uint40 startsAt
    ) private pure {
        bytes32 datasetId = request.datasetId;
        if (conditions.openness == Openness.NOT_OPEN) revert GrantRegistryDatasetNotOpen(datasetId);
        Right right = request.terms.right;
        if ((conditions.rights >> uint8(right)) & 1 == 0) revert GrantRegistryRightNotAllowed(datasetId, right);
        GranteeRegions regions = conditions.regions;
        if (
            regions != GranteeRegions.ANYWHERE &&
            _region(granteeJurisdiction) != _region(datasetJurisdiction) &&
            !(regions == GranteeRegions.GBA && _inGba(granteeJurisdiction))
        ) revert GrantRegistryRegionNotAllowed(datasetId, granteeJurisdiction);
        uint16 purposeCode = request.terms.purposeCode;
        uint256 purposeClass = purposeCode / 100;
        if (purposeClass > 15 || (conditions.purposeClasses >> purposeClass) & 1 == 0) {
            revert GrantRegistryPurposeNotAllowed(datasetId, purposeCode);
        }
        uint32 maxTerm = conditions.maxTerm;
        if (maxTerm != 0) {
            uint40 expiresAt = request.terms.expiresAt;
            if (expiresAt == 0) revert GrantRegistryExpiryRequired();
            // _checkPeriod has made sure the expiry is after the start.
            if (expiresAt - startsAt > maxTerm) revert GrantRegistryTermTooLong(datasetId, expiresAt - startsAt, maxTerm);
        }
    }

    /// @dev Conditions must declare an openness and name only known rights; open ones must allow something.
    function _checkConditions(BorderConditions calldata conditions) private pure {
        Openness openness = conditions.openness;
        if (
            openness == Openness.UNDECLARED ||
            conditions.rights & ~_ALL_RIGHTS != 0 ||
            (openness != Openness.NOT_OPEN && (conditions.rights == 0 || conditions.purposeClasses == 0))
        ) revert GrantRegistryInvalidBorderConditions(openness, conditions.rights, conditions.purposeClasses);
    }

    /// @dev Whether `next` allows nothing `current` does not: at least as closed, no right, region, purpose class
    /// or term beyond it. Anything is tighter than UNDECLARED.
    function _tighterOrEqual(BorderConditions calldata next, BorderConditions storage current) private view returns (bool) {
        if (current.openness == Openness.UNDECLARED) return true;
        uint32 currentMax = current.maxTerm;
        return
            next.openness >= current.openness &&
            next.rights & ~current.rights == 0 &&
            next.regions <= current.regions &&
            next.purposeClasses & ~current.purposeClasses == 0 &&
            (currentMax == 0 || (next.maxTerm != 0 && next.maxTerm <= currentMax));
    }

    /// @dev The dataset's profile, if its border conditions may still change.
    function _openForConditions(bytes32 datasetId) private view returns (IDatasetRegistry.Profile memory dataset) {
        dataset = _datasets.profileOf(datasetId);
        DatasetStatus status = dataset.status;
        if (
            status == DatasetStatus.REFUSED ||
            status == DatasetStatus.WITHDRAWN ||
            status == DatasetStatus.REJECTED ||
            status == DatasetStatus.REVOKED ||
            status == DatasetStatus.RETIRED
        ) revert GrantRegistryConditionsClosed(datasetId, status);
    }

    /// @dev The grant, which must be in `allowed` or `alsoAllowed` now; the caller must be an active regulator.
    function _regulated(
        uint256 grantId,
        GrantStatus allowed,
        GrantStatus alsoAllowed
    ) private view returns (Grant storage stored) {
        address sender = _msgSender();
        stored = _existing(grantId);
        if (!_directory.hasRole(sender, Role.REGULATOR)) revert GrantRegistryMissingRole(sender, Role.REGULATOR);
        GrantStatus current = _status(stored);
        if (current != allowed && current != alsoAllowed) revert GrantRegistryWrongStatus(grantId, current);
    }

    function _existing(uint256 grantId) private view returns (Grant storage stored) {
        stored = _grants[grantId];
        if (stored.state == GrantStatus.NONE) revert GrantRegistryUnknownGrant(grantId);
    }

    function _status(Grant storage stored) private view returns (GrantStatus) {
        GrantStatus state = stored.state;
        if (state == GrantStatus.NONE || state == GrantStatus.REVOKED || state == GrantStatus.DENIED) return state;
        uint40 expiresAt = stored.expiresAt;
        if (expiresAt != 0 && block.timestamp >= expiresAt) return GrantStatus.EXPIRED;
        if (state == GrantStatus.ACTIVE && block.timestamp < stored.startsAt) return GrantStatus.SCHEDULED;
        return state;
    }

    /// @dev A grant that still counts: it blocks a duplicate and can be revoked.
    function _isLive(GrantStatus current) private pure returns (bool) {
        return
            current == GrantStatus.AWAITING_ACKNOWLEDGEMENT ||
            current == GrantStatus.ACTIVE ||
            current == GrantStatus.SCHEDULED ||
            current == GrantStatus.SUSPENDED;
    }

    function _key(bytes32 datasetId, address grantee, Right right) private pure returns (bytes32) {
        return keccak256(abi.encode(datasetId, grantee, right));
    }

    function _region(Jurisdiction jurisdiction) private pure returns (Region) {
        if (jurisdiction == Jurisdiction.HK) return Region.HONG_KONG;
        if (jurisdiction == Jurisdiction.MO) return Region.MACAO;
        if (jurisdiction == Jurisdiction.OTHER) return Region.ELSEWHERE;
        return Region.MAINLAND;
    }

    function _inGbaMainland(Jurisdiction jurisdiction) private pure returns (bool) {
        return (_GBA_MAINLAND >> uint8(jurisdiction)) & 1 == 1;
    }

    function _inGba(Jurisdiction jurisdiction) private pure returns (bool) {
        return _inGbaMainland(jurisdiction) || jurisdiction == Jurisdiction.HK || jurisdiction == Jurisdiction.MO;
    }
}
