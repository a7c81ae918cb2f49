// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Jurisdiction, Role} from "./DPRTypes.sol";

/**
 * @title IParticipantDirectory
 * @notice The zone's list of organisations and their accounts: who they are (a hash of the legal
 * identity; the plaintext stays off chain), where they are established, which roles they hold and
 * whether they are active. Every other DPR contract asks this directory before it acts.
 *
 * The zone admin (a multisig or timelock in production) onboards participants with any roles and
 * transfers its office in two steps. A registrar may onboard data holders (participants whose only
 * role is HOLDER) of new organisations, and suspend them or reinstate those a registrar suspended; only
 * the zone admin adds accounts to an existing organisation or lifts its own suspensions.
 *
 * Accounts that share a legal-identity hash belong to one organisation, identified by the first of
 * its accounts to be onboarded. Rules such as "a registrar never confirms its own organisation's
 * data" compare organisations, not accounts.
 */
interface IParticipantDirectory {
    /**
     * @notice A participant as stored (one slot).
     * @param organisation The first account onboarded with the same legal-identity hash.
     * @param since When the account was onboarded (unix seconds).
     * @param jurisdiction Where the participant is established.
     * @param roles Bitmask of {Role}: bit `uint8(role)` is set for each role held.
     * @param suspended Whether the participant is suspended (suspended participants can do nothing).
     * @param suspendedByAdmin Whether the zone admin imposed the suspension (then only it can lift it).
     */
    struct Participant {
        address organisation;
        uint40 since;
        Jurisdiction jurisdiction;
        uint8 roles;
        bool suspended;
        bool suspendedByAdmin;
    }

    /**
     * @notice An account was onboarded.
     * @param account The new participant.
     * @param organisation The organisation it belongs to (itself when its legal identity is new).
     * @param addedBy The zone admin or registrar who onboarded it.
     * @param jurisdiction Where it is established.
     * @param roles Bitmask of the roles it holds.
     * @param legalIdHash Hash of its legal identity (e.g. the unified social credit code).
     * @param metadataURI Where its public profile (name, contact) is published.
     */
    event ParticipantAdded(
        address indexed account,
        address indexed organisation,
        address indexed addedBy,
        Jurisdiction jurisdiction,
        uint8 roles,
        bytes32 legalIdHash,
        string metadataURI
    );

    /**
     * @notice A participant's roles changed.
     * @param account The participant.
     * @param changedBy The zone admin.
     * @param previousRoles The bitmask before.
     * @param roles The bitmask now.
     */
    event ParticipantRolesChanged(address indexed account, address indexed changedBy, uint8 previousRoles, uint8 roles);

    /**
     * @notice A participant's public profile moved.
     * @param account The participant.
     * @param changedBy The participant itself or the zone admin.
     * @param metadataURI The new location.
     */
    event ParticipantMetadataChanged(address indexed account, address indexed changedBy, string metadataURI);

    /**
     * @notice A participant was suspended: it can do nothing until reinstated.
     * @param account The participant.
     * @param suspendedBy The zone admin or registrar.
     * @param reasonHash Hash of the reasons (off chain).
     */
    event ParticipantSuspended(address indexed account, address indexed suspendedBy, bytes32 reasonHash);

    /**
     * @notice A suspended participant was reinstated.
     * @param account The participant.
     * @param reinstatedBy The zone admin or registrar.
     * @param reasonHash Hash of the reasons (off chain).
     */
    event ParticipantReinstated(address indexed account, address indexed reinstatedBy, bytes32 reasonHash);

    /**
     * @notice The account is not a participant.
     * @param account The account.
     */
    error ParticipantDirectoryUnknownParticipant(address account);

    /**
     * @notice The account is already a participant.
     * @param account The account.
     */
    error ParticipantDirectoryAlreadyRegistered(address account);

    /**
     * @notice The caller may not perform this action.
     * @param caller The caller.
     */
    error ParticipantDirectoryUnauthorized(address caller);

    /**
     * @notice The zero address cannot be a participant.
     */
    error ParticipantDirectoryZeroAddress();

    /**
     * @notice The role bitmask is empty or sets bits that name no role.
     * @param roles The bitmask given.
     */
    error ParticipantDirectoryInvalidRoles(uint8 roles);

    /**
     * @notice A legal-identity hash is required.
     */
    error ParticipantDirectoryMissingLegalIdentity();

    /**
     * @notice The participant is already suspended.
     * @param account The participant.
     */
    error ParticipantDirectoryAlreadySuspended(address account);

    /**
     * @notice The participant is not suspended.
     * @param account The participant.
     */
    error ParticipantDirectoryNotSuspended(address account);

    /**
     * @notice A suspended participant cannot change its own record.
     * @param account The participant.
     */
    error ParticipantDirectorySuspended(address account);

    /**
     * @notice Only the zone admin adds an account to an existing organisation.
     * @param legalIdHash The legal identity given.
     * @param organisation The organisation it already belongs to.
     */
    error ParticipantDirectoryKnownOrganisation(bytes32 legalIdHash, address organisation);

    /**
     * @notice The zone admin's office cannot be renounced: the zone would have no admin.
     */
    error ParticipantDirectoryCannotRenounce();

    /**
     * @notice Onboards `account`. The zone admin may give any roles; a registrar only HOLDER, and only
     * for a legal identity not yet in the directory.
     * @param account The new participant's address.
     * @param jurisdiction Where it is established.
     * @param roles Bitmask of {Role}.
     * @param legalIdHash Hash of its legal identity; accounts with the same hash form one organisation.
     * @param metadataURI Where its public profile is published.
     */
    function addParticipant(
        address account,
        Jurisdiction jurisdiction,
        uint8 roles,
        bytes32 legalIdHash,
        string calldata metadataURI
    ) external;

    /**
     * @notice Replaces a participant's roles. Zone admin only.
     * @param account The participant.
     * @param roles The new bitmask of {Role}.
     */
    function setRoles(address account, uint8 roles) external;

    /**
     * @notice Moves a participant's public profile. The participant itself (unless suspended) or the zone admin.
     * @param account The participant.
     * @param metadataURI The new location.
     */
    function setMetadataURI(address account, string calldata metadataURI) external;

    /**
     * @notice Suspends a participant. The zone admin, or a registrar for holder-only participants.
     * @param account The participant.
     * @param reasonHash Hash of the reasons.
     */
    function suspend(address account, bytes32 reasonHash) external;

    /**
     * @notice Reinstates a suspended participant. The zone admin, or a registrar for holder-only participants
     * that a registrar suspended.
     * @param account The participant.
     * @param reasonHash Hash of the reasons.
     */
    function reinstate(address account, bytes32 reasonHash) external;

    /**
     * @notice The stored record of `account` (all zero when it is not a participant).
     * @param account The account.
     * @return The participant record.
     */
    function getParticipant(address account) external view returns (Participant memory);

    /**
     * @notice The stored records of two accounts in one call (for contracts that check both parties).
     * @param first The first account.
     * @param second The second account.
     * @return The first account's record.
     * @return The second account's record.
     */
    function getParticipants(
        address first,
        address second
    ) external view returns (Participant memory, Participant memory);

    /**
     * @notice Whether `account` is an onboarded, unsuspended participant.
     * @param account The account.
     * @return True when active.
     */
    function isActive(address account) external view returns (bool);

    /**
     * @notice Whether `account` is active and holds `role`.
     * @param account The account.
     * @param role The role.
     * @return True when active with the role.
     */
    function hasRole(address account, Role role) external view returns (bool);

    /**
     * @notice The organisation of `account`, or the zero address when it is not a participant.
     * @param account The account.
     * @return The organisation's first account.
     */
    function organisationOf(address account) external view returns (address);
}
