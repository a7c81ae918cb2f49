// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Jurisdiction, Role} from "./DPRTypes.sol";
import {IParticipantDirectory} from "./IParticipantDirectory.sol";
import {Semver} from "./Semver.sol";

/**
 * @title ParticipantDirectory
 * @notice The zone's organisations, their accounts, roles and standing. See {IParticipantDirectory}.
 * @dev The owner is the zone admin; ownership moves in two steps ({Ownable2Step}) and cannot be renounced.
 * Every change to the directory but a participant's own profile is the owner's.
 */
contract ParticipantDirectory is IParticipantDirectory, Ownable2Step, Semver {
    /// @dev Bitmask of every defined role; a role bitmask outside it names roles that do not exist.
    uint8 private constant _ALL_ROLES = (uint8(1) << (uint8(type(Role).max) + 1)) - 1;

    // One slot per participant: organisation (160) | since (40) | jurisdiction (8) | roles (8) | suspended (8)
    // | suspendedByAdmin (8, always false: only the zone admin suspends).
    mapping(address account => Participant) private _participants;

    // The organisation a legal identity belongs to: its first onboarded account.
    mapping(bytes32 legalIdHash => address organisation) private _organisations;

    // The reverse of `_organisations`, so that a re-commitment can clear the previous hash.
    mapping(address organisation => bytes32 legalIdHash) private _legalIdentities;

    /// @dev An attested name is at most this many bytes.
    uint256 private constant _MAX_NAME_BYTES = 256;

    // The name the zone admin attested for each organisation (its first account).
    mapping(address organisation => string) private _names;

    /// @param zoneAdmin The first zone admin (a multisig or timelock in production).
    constructor(address zoneAdmin) Ownable(zoneAdmin) Semver(1, 1, 0) {}

    /// @inheritdoc IParticipantDirectory
    function addParticipant(
        address account,
        Jurisdiction jurisdiction,
        uint8 roles,
        bytes32 legalIdHash,
        string calldata metadataURI
    ) external onlyOwner {
        if (account == address(0)) revert ParticipantDirectoryZeroAddress();
        if (_participants[account].organisation != address(0)) revert ParticipantDirectoryAlreadyRegistered(account);
        _checkRoles(roles);
        if (legalIdHash == bytes32(0)) revert ParticipantDirectoryMissingLegalIdentity();

        address organisation = _organisations[legalIdHash];
        if (organisation == address(0)) {
            organisation = account;
            _organisations[legalIdHash] = account;
            _legalIdentities[account] = legalIdHash;
        }
        _participants[account] = Participant({
            organisation: organisation,
            since: uint40(block.timestamp),
            jurisdiction: jurisdiction,
            roles: roles,
            suspended: false,
            suspendedByAdmin: false
        });
        emit ParticipantAdded(account, organisation, msg.sender, jurisdiction, roles, legalIdHash, metadataURI);
    }

    /// @inheritdoc IParticipantDirectory
    function setRoles(address account, uint8 roles) external onlyOwner {
        Participant storage participant = _existing(account);
        _checkRoles(roles);
        uint8 previousRoles = participant.roles;
        participant.roles = roles;
        emit ParticipantRolesChanged(account, msg.sender, previousRoles, roles);
    }

    /// @inheritdoc IParticipantDirectory
    function setMetadataURI(address account, string calldata metadataURI) external {
        Participant storage participant = _existing(account);
        if (msg.sender != owner()) {
            if (msg.sender != account) revert ParticipantDirectoryUnauthorized(msg.sender);
            if (participant.suspended) revert ParticipantDirectorySuspended(account);
        }
        emit ParticipantMetadataChanged(account, msg.sender, metadataURI);
    }

    /// @inheritdoc IParticipantDirectory
    function suspend(address account, bytes32 reasonHash) external onlyOwner {
        Participant storage participant = _existing(account);
        if (participant.suspended) revert ParticipantDirectoryAlreadySuspended(account);
        participant.suspended = true;
        emit ParticipantSuspended(account, msg.sender, reasonHash);
    }

    /// @inheritdoc IParticipantDirectory
    function reinstate(address account, bytes32 reasonHash) external onlyOwner {
        Participant storage participant = _existing(account);
        if (!participant.suspended) revert ParticipantDirectoryNotSuspended(account);
        participant.suspended = false;
        emit ParticipantReinstated(account, msg.sender, reasonHash);
    }

    /// @inheritdoc IParticipantDirectory
    function setLegalIdentity(address organisation, bytes32 legalIdHash) external onlyOwner {
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
    function attestName(address organisation, string calldata name) external onlyOwner {
        if (_legalIdentities[organisation] == bytes32(0)) revert ParticipantDirectoryUnknownOrganisation(organisation);
        _checkName(bytes(name));
        _names[organisation] = name;
        emit OrganisationNameAttested(organisation, msg.sender, name);
    }

    /// @notice The zone admin's office cannot be renounced; transfer it instead.
    function renounceOwnership() public view override onlyOwner {
        revert ParticipantDirectoryCannotRenounce();
    }

    /// @inheritdoc IParticipantDirectory
    function getParticipant(address account) external view returns (Participant memory) {
        return _participants[account];
    }

    /// @inheritdoc IParticipantDirectory
    function getParticipants(
        address first,
        address second
    ) external view returns (Participant memory, Participant memory) {
        return (_participants[first], _participants[second]);
    }

    /// @inheritdoc IParticipantDirectory
    function isActive(address account) public view returns (bool) {
        Participant storage participant = _participants[account];
        return participant.organisation != address(0) && !participant.suspended;
    }

    /// @inheritdoc IParticipantDirectory
    function hasRole(address account, Role role) public view returns (bool) {
        Participant storage participant = _participants[account];
        return !participant.suspended && participant.roles & (uint8(1) << uint8(role)) != 0;
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
