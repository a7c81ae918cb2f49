// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {Jurisdiction, Role} from "./DPRTypes.sol";
import {IParticipantDirectory} from "./IParticipantDirectory.sol";
import {Semver} from "./Semver.sol";

/**
 * @title ParticipantDirectory
 * @notice The zone's organisations, their accounts, roles and standing. See {IParticipantDirectory}.
 * @dev The zone's governance holds `DEFAULT_ADMIN_ROLE` ({AccessControlDefaultAdminRules}: one holder,
 * moved in two steps, never renounced) and grants the four offices: onboarding, discipline, pause and
 * migration. Every change to the directory but a participant's own profile is an office's.
 */
contract ParticipantDirectory is IParticipantDirectory, AccessControlDefaultAdminRules, Semver {
    /// @notice Onboards and removes accounts, sets their roles, re-commits legal identities, attests names.
    bytes32 public constant ONBOARDING_ROLE = keccak256("ONBOARDING_ROLE");
    /// @notice Suspends and reinstates participants.
    bytes32 public constant DISCIPLINE_ROLE = keccak256("DISCIPLINE_ROLE");
    /// @notice Pauses new registrations, anchors and grants for at most {MAX_PAUSE}, and ends a pause early.
    bytes32 public constant PAUSE_ROLE = keccak256("PAUSE_ROLE");
    /// @notice Closes this deployment to new registrations and grants for good, naming its successor.
    bytes32 public constant MIGRATION_ROLE = keccak256("MIGRATION_ROLE");
    /// @notice The longest one pause may last.
    uint40 public constant MAX_PAUSE = 3 days;
    /// @notice How long after a pause ends the pause office must wait before pausing again (governance need
    /// not): a rogue holder of the office can stop the zone at most 3 days in every 4 until governance,
    /// whose timelock delay is shorter than that, revokes it.
    uint40 public constant PAUSE_COOLDOWN = 1 days;

    /// @dev One slot, read by every new registration and grant: successor (160) | pausedUntil (40) |
    /// lastPauseEnd (40).
    struct Gate {
        address successor;
        uint40 pausedUntil;
        uint40 lastPauseEnd;
    }

    Gate private _gate;

    /// @dev Bitmask of every defined role; a role bitmask outside it names roles that do not exist.
    uint8 private constant _ALL_ROLES = (uint8(1) << (uint8(type(Role).max) + 1)) - 1;

    // One slot per participant: organisation (160) | since (40) | jurisdiction (8) | roles (8) | suspended (8)
    // | removed (8, set only on an organisation's own record once its account is removed). The suspended
    // flag is the account's own; reads add the organisation's (see {_effective}).
    mapping(address account => Participant) private _participants;

    // The key each organisation designated to manage its officers.
    mapping(address organisation => address key) private _organisationKeys;

    // The organisation a legal identity belongs to: its first onboarded account.
    mapping(bytes32 legalIdHash => address organisation) private _organisations;

    // The reverse of `_organisations`, so that a re-commitment can clear the previous hash.
    mapping(address organisation => bytes32 legalIdHash) private _legalIdentities;

    /// @dev An attested name is at most this many bytes.
    uint256 private constant _MAX_NAME_BYTES = 256;

    // The name the zone admin attested for each organisation (its first account).
    mapping(address organisation => string) private _names;

    /**
     * @param governance The zone's governance, `DEFAULT_ADMIN_ROLE`: a timelock whose proposer is a multisig
     * in production, a single account in development. It grants and revokes the offices.
     * @param offices Who holds each office at first, in the order onboarding, discipline, pause, migration;
     * the zero address leaves an office to `governance`.
     */
    constructor(address governance, address[4] memory offices) AccessControlDefaultAdminRules(0, governance) Semver(2, 0, 0) {
        bytes32[4] memory roles = [ONBOARDING_ROLE, DISCIPLINE_ROLE, PAUSE_ROLE, MIGRATION_ROLE];
        for (uint256 i; i < 4; ++i) {
            _grantRole(roles[i], offices[i] == address(0) ? governance : offices[i]);
        }
    }

    /// @inheritdoc IParticipantDirectory
    function addParticipant(
        address account,
        Jurisdiction jurisdiction,
        uint8 roles,
        bytes32 legalIdHash,
        string calldata metadataURI
    ) external onlyRole(ONBOARDING_ROLE) {
        if (account == address(0)) revert ParticipantDirectoryZeroAddress();
        _checkRoles(roles);
        if (legalIdHash == bytes32(0)) revert ParticipantDirectoryMissingLegalIdentity();

        address organisation = _organisations[legalIdHash];
        // A removed first account names its organisation for good: it comes back into that one only.
        if (_participants[account].organisation != address(0) && organisation != account) {
            revert ParticipantDirectoryAlreadyRegistered(account);
        }
        if (organisation == address(0)) {
            organisation = account;
            _organisations[legalIdHash] = account;
            _legalIdentities[account] = legalIdHash;
        }
        _onboard(account, organisation, jurisdiction, roles, legalIdHash, metadataURI);
    }

    /// @inheritdoc IParticipantDirectory
    function addOfficer(address organisation, address account, uint8 roles, string calldata metadataURI) external {
        if (msg.sender != _organisationKeys[organisation] || msg.sender == address(0)) {
            revert ParticipantDirectoryNotOrganisationKey(msg.sender, organisation);
        }
        if (account == address(0)) revert ParticipantDirectoryZeroAddress();
        _checkRoles(roles);
        Participant memory record = _participants[organisation];
        if (record.suspended) revert ParticipantDirectorySuspended(organisation);
        if (roles & ~record.roles != 0) revert ParticipantDirectoryRolesBeyondOrganisation(roles, record.roles);
        _onboard(account, organisation, record.jurisdiction, roles, _legalIdentities[organisation], metadataURI);
    }

    /// @inheritdoc IParticipantDirectory
    function setOrganisationKey(address organisation, address key) external onlyRole(ONBOARDING_ROLE) {
        if (_legalIdentities[organisation] == bytes32(0)) revert ParticipantDirectoryUnknownOrganisation(organisation);
        _organisationKeys[organisation] = key;
        emit OrganisationKeySet(organisation, key, msg.sender);
    }

    /// @inheritdoc IParticipantDirectory
    function organisationKeyOf(address organisation) external view returns (address) {
        return _organisationKeys[organisation];
    }

    /// @inheritdoc IParticipantDirectory
    function setRoles(address account, uint8 roles) external onlyRole(ONBOARDING_ROLE) {
        Participant storage participant = _existing(account);
        _checkRoles(roles);
        uint8 previousRoles = participant.roles;
        participant.roles = roles;
        emit ParticipantRolesChanged(account, msg.sender, previousRoles, roles);
    }

    /// @inheritdoc IParticipantDirectory
    function setMetadataURI(address account, string calldata metadataURI) external {
        _existing(account);
        if (!hasRole(ONBOARDING_ROLE, msg.sender)) {
            if (msg.sender != account) revert ParticipantDirectoryUnauthorized(msg.sender);
            if (!isActive(account)) revert ParticipantDirectorySuspended(account);
        }
        emit ParticipantMetadataChanged(account, msg.sender, metadataURI);
    }

    /// @inheritdoc IParticipantDirectory
    function suspend(address account, bytes32 reasonHash) external onlyRole(DISCIPLINE_ROLE) {
        Participant storage participant = _existing(account);
        if (participant.suspended) revert ParticipantDirectoryAlreadySuspended(account);
        participant.suspended = true;
        emit ParticipantSuspended(account, msg.sender, reasonHash);
    }

    /// @inheritdoc IParticipantDirectory
    function reinstate(address account, bytes32 reasonHash) external onlyRole(DISCIPLINE_ROLE) {
        Participant storage participant = _existing(account);
        if (!participant.suspended) revert ParticipantDirectoryNotSuspended(account);
        participant.suspended = false;
        emit ParticipantReinstated(account, msg.sender, reasonHash);
    }

    /// @inheritdoc IParticipantDirectory
    function setLegalIdentity(address organisation, bytes32 legalIdHash) external onlyRole(ONBOARDING_ROLE) {
        bytes32 previousLegalIdHash = _legalIdentities[organisation];
        if (previousLegalIdHash == bytes32(0)) revert ParticipantDirectoryUnknownOrganisation(organisation);
        if (legalIdHash == bytes32(0)) revert ParticipantDirectoryMissingLegalIdentity();
        address named = _organisations[legalIdHash];
        if (named != address(0)) revert ParticipantDirectoryLegalIdentityTaken(legalIdHash, named);
        delete _organisations[previousLegalIdHash];
        _organisations[legalIdHash] = organisation;
        _legalIdentities[organisation] = legalIdHash;
        emit ParticipantLegalIdentityChanged(organisation, msg.sender, previousLegalIdHash, legalIdHash);
    }

    /// @inheritdoc IParticipantDirectory
    function attestName(address organisation, string calldata name) external onlyRole(ONBOARDING_ROLE) {
        if (_legalIdentities[organisation] == bytes32(0)) revert ParticipantDirectoryUnknownOrganisation(organisation);
        _checkName(bytes(name));
        _names[organisation] = name;
        emit OrganisationNameAttested(organisation, msg.sender, name);
    }

    /// @inheritdoc IParticipantDirectory
    function removeParticipant(address account, bytes32 reasonHash) external {
        Participant storage participant = _existing(account);
        address organisation = participant.organisation;
        if (participant.removed) revert ParticipantDirectoryUnknownParticipant(account);
        if (!hasRole(ONBOARDING_ROLE, msg.sender) && (msg.sender != _organisationKeys[organisation] || msg.sender == address(0))) {
            revert ParticipantDirectoryNotOrganisationKey(msg.sender, organisation);
        }
        if (account == organisation) {
            // The organisation's own record stays: it names what the organisation holds and its standing.
            participant.removed = true;
        } else {
            bool suspended = participant.suspended;
            delete _participants[account];
            // A suspension is the discipline office's to lift: it outlives the removal, so that removing and
            // onboarding the account again cannot undo it.
            if (suspended) _participants[account].suspended = true;
        }
        emit ParticipantRemoved(account, organisation, msg.sender, reasonHash);
    }

    /// @inheritdoc IParticipantDirectory
    function pause(uint40 duration, bytes32 reasonHash) external onlyRole(PAUSE_ROLE) {
        Gate memory gate = _gate;
        if (gate.pausedUntil > block.timestamp) revert ParticipantDirectoryAlreadyPaused(gate.pausedUntil);
        if (duration == 0 || duration > MAX_PAUSE) revert ParticipantDirectoryPauseTooLong(duration, MAX_PAUSE);
        // Governance may pause again at once; the pause office waits, so that it cannot chain pauses.
        uint40 ready = gate.lastPauseEnd == 0 ? 0 : gate.lastPauseEnd + PAUSE_COOLDOWN;
        if (block.timestamp < ready && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert ParticipantDirectoryPauseCoolingDown(ready);
        }
        uint40 until = uint40(block.timestamp) + duration;
        _gate.pausedUntil = until;
        _gate.lastPauseEnd = until;
        emit ZonePaused(msg.sender, until, reasonHash);
    }

    /// @inheritdoc IParticipantDirectory
    function unpause(bytes32 reasonHash) external onlyRole(PAUSE_ROLE) {
        if (_gate.pausedUntil <= block.timestamp) revert ParticipantDirectoryNotPaused();
        _gate.pausedUntil = uint40(block.timestamp);
        _gate.lastPauseEnd = uint40(block.timestamp);
        emit ZoneUnpaused(msg.sender, reasonHash);
    }

    /// @inheritdoc IParticipantDirectory
    function migrate(address successorDirectory, bytes32 noteHash) external onlyRole(MIGRATION_ROLE) {
        if (successorDirectory == address(0)) revert ParticipantDirectoryZeroAddress();
        if (_gate.successor != address(0)) revert ParticipantDirectoryMigrated(_gate.successor);
        _gate.successor = successorDirectory;
        emit ZoneMigrated(successorDirectory, msg.sender, noteHash);
    }

    /// @inheritdoc IParticipantDirectory
    function requireOpen() public view {
        Gate memory gate = _gate;
        if (gate.successor != address(0)) revert ParticipantDirectoryMigrated(gate.successor);
        if (gate.pausedUntil > block.timestamp) revert ParticipantDirectoryPaused(gate.pausedUntil);
    }

    /// @inheritdoc IParticipantDirectory
    function hasRoleWhileOpen(address account, Role role) external view returns (bool) {
        requireOpen();
        return hasRole(account, role);
    }

    /// @inheritdoc IParticipantDirectory
    function pausedUntil() external view returns (uint40) {
        uint40 until = _gate.pausedUntil;
        return until > block.timestamp ? until : 0;
    }

    /// @inheritdoc IParticipantDirectory
    function successor() external view returns (address) {
        return _gate.successor;
    }

    /// @dev The zone always has governance: handing `DEFAULT_ADMIN_ROLE` to the zero address (the first
    /// step of renouncing it) is refused.
    function _beginDefaultAdminTransfer(address newAdmin) internal override {
        if (newAdmin == address(0)) revert ParticipantDirectoryCannotRenounce();
        super._beginDefaultAdminTransfer(newAdmin);
    }

    /// @inheritdoc IParticipantDirectory
    function getParticipant(address account) external view returns (Participant memory) {
        return _effective(account);
    }

    /// @inheritdoc IParticipantDirectory
    function getParticipants(
        address first,
        address second
    ) external view returns (Participant memory, Participant memory) {
        return (_effective(first), _effective(second));
    }

    /// @inheritdoc IParticipantDirectory
    function isActive(address account) public view returns (bool) {
        Participant memory participant = _effective(account);
        return participant.organisation != address(0) && !participant.suspended && !participant.removed;
    }

    /// @inheritdoc IParticipantDirectory
    function hasRole(address account, Role role) public view returns (bool) {
        // Read by every anchor: one storage read for an organisation's own account, two for another officer.
        Participant storage participant = _participants[account];
        if (participant.suspended || participant.removed || participant.roles & (uint8(1) << uint8(role)) == 0) return false;
        address organisation = participant.organisation;
        return organisation == account || !_participants[organisation].suspended;
    }

    /// @inheritdoc IParticipantDirectory
    function organisationOf(address account) external view returns (address) {
        return _participants[account].organisation;
    }

    /// @inheritdoc IParticipantDirectory
    function organisationByLegalIdentity(bytes32 legalIdHash) external view returns (address) {
        return _organisations[legalIdHash];
    }

    /// @inheritdoc IParticipantDirectory
    function legalIdentityOf(address organisation) external view returns (bytes32) {
        return _legalIdentities[organisation];
    }

    /// @inheritdoc IParticipantDirectory
    function attestedNameOf(address account) external view returns (string memory) {
        return _names[_participants[account].organisation];
    }

    /// @dev The record with its organisation's suspension added: an officer of a suspended organisation is
    /// suspended too. An organisation's own account costs no second read.
    function _effective(address account) private view returns (Participant memory participant) {
        participant = _participants[account];
        address organisation = participant.organisation;
        if (organisation != account && organisation != address(0) && !participant.suspended) {
            participant.suspended = _participants[organisation].suspended;
        }
    }

    function _onboard(
        address account,
        address organisation,
        Jurisdiction jurisdiction,
        uint8 roles,
        bytes32 legalIdHash,
        string calldata metadataURI
    ) private {
        Participant storage existing = _participants[account];
        // An organisation's removed account may come back, to that organisation only: its record names it.
        if (existing.organisation != address(0) && !(existing.removed && organisation == account)) {
            revert ParticipantDirectoryAlreadyRegistered(account);
        }
        _participants[account] = Participant({
            organisation: organisation,
            since: uint40(block.timestamp),
            jurisdiction: jurisdiction,
            roles: roles,
            // An account removed while suspended comes back suspended (see {removeParticipant}).
            suspended: existing.suspended,
            removed: false
        });
        emit ParticipantAdded(account, organisation, msg.sender, jurisdiction, roles, legalIdHash, metadataURI);
    }

    function _existing(address account) private view returns (Participant storage participant) {
        participant = _participants[account];
        if (participant.organisation == address(0)) revert ParticipantDirectoryUnknownParticipant(account);
    }

    /// @dev One line of 1 to 256 bytes: no byte below 0x20 and no DEL. Bytes of 0x80 and above are
    /// UTF-8 continuation and lead bytes and pass; checking UTF-8 well-formedness is left to clients.
    function _checkName(bytes calldata name) private pure {
        uint256 length = name.length;
        if (length == 0 || length > _MAX_NAME_BYTES) revert ParticipantDirectoryInvalidName();
        for (uint256 i; i < length; ) {
            bytes1 char = name[i];
            if (char < 0x20 || char == 0x7f) revert ParticipantDirectoryInvalidName();
            unchecked {
                ++i;
            }
        }
    }

    function _checkRoles(uint8 roles) private pure {
        if (roles == 0 || roles & ~_ALL_ROLES != 0) revert ParticipantDirectoryInvalidRoles(roles);
    }
}
