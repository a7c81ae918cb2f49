// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Jurisdiction, Role} from "./DPRTypes.sol";

/**
 * @title IParticipantDirectory
 * @notice The zone's list of organisations and their accounts: who they are (a hash of the legal
 * identity; the plaintext stays off chain), where they are established, which roles they hold and
 * whether they are active. Every other DPR contract asks this directory before it acts.
 *
 * The zone's powers are separate offices, each held by its own body and each granted and revoked only by
 * the zone's governance (`DEFAULT_ADMIN_ROLE`: a timelock whose proposer is a multisig in production):
 * onboarding (onboards and removes accounts, sets roles, re-commits legal identities, attests names),
 * discipline (suspends and reinstates), pause (stops new registrations, anchors and grants for a limited
 * time) and migration (closes the deployment for good in favour of a successor). In the rest of this file
 * "the zone admin" is whichever office the function names. No participant, registrars included, can
 * onboard an account, so nobody can pre-claim a legal identity or plant an account inside someone else's
 * organisation.
 *
 * Organisations hold, accounts act. Accounts that share a legal-identity hash belong to one
 * organisation, identified by the first of its accounts to be onboarded: that address names the
 * organisation for good, and holds its record (jurisdiction, roles, standing), even after the account
 * itself is removed. Datasets, grants and confirmations belong to the organisation; its accounts are
 * officers acting for it, added and removed by the onboarding office or by the organisation's own
 * designated key ({setOrganisationKey}) without moving anything it holds. Rules such as "a registrar
 * never confirms its own organisation's data" compare organisations, not accounts.
 *
 * The legal-identity hash is a keyed commitment, `HMAC-SHA256(zone secret, normalised identifier)`,
 * computed off chain by the admin: identifiers such as credit codes are short and guessable, so a plain
 * hash of one could be reversed by trying candidates. The secret never comes on chain; when the zone
 * rotates it, the admin re-commits each organisation with {setLegalIdentity}.
 */
interface IParticipantDirectory {
    /**
     * @notice A participant as stored (one slot).
     * @param organisation The first account onboarded with the same legal-identity hash.
     * @param since When the account was onboarded (unix seconds).
     * @param jurisdiction Where the participant is established.
     * @param roles Bitmask of {Role}: bit `uint8(role)` is set for each role held.
     * @param suspended Whether the participant is suspended, or its organisation is (read through
     * {getParticipant}: an officer of a suspended organisation can do nothing either).
     * @param removed Whether the account was removed while it names its organisation: the record then
     * stands for the organisation only, and the account itself can do nothing. (The record of any
     * other removed account is deleted.)
     */
    struct Participant {
        address organisation;
        uint40 since;
        Jurisdiction jurisdiction;
        uint8 roles;
        bool suspended;
        bool removed;
    }

    /**
     * @notice An account was onboarded.
     * @param account The new participant.
     * @param organisation The organisation it belongs to (itself when its legal identity is new).
     * @param addedBy The onboarding office, or the organisation's designated key ({addOfficer}).
     * @param jurisdiction Where it is established.
     * @param roles Bitmask of the roles it holds.
     * @param legalIdHash Keyed hash of its legal identity (e.g. the unified social credit code).
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
     * @param changedBy The onboarding office.
     * @param previousRoles The bitmask before.
     * @param roles The bitmask now.
     */
    event ParticipantRolesChanged(address indexed account, address indexed changedBy, uint8 previousRoles, uint8 roles);

    /**
     * @notice A participant's public profile moved.
     * @param account The participant.
     * @param changedBy The participant itself or the onboarding office.
     * @param metadataURI The new location.
     */
    event ParticipantMetadataChanged(address indexed account, address indexed changedBy, string metadataURI);

    /**
     * @notice A participant was suspended: it can do nothing until reinstated.
     * @param account The participant.
     * @param suspendedBy The discipline office.
     * @param reasonHash Hash of the reasons (off chain).
     */
    event ParticipantSuspended(address indexed account, address indexed suspendedBy, bytes32 reasonHash);

    /**
     * @notice A suspended participant was reinstated.
     * @param account The participant.
     * @param reinstatedBy The discipline office.
     * @param reasonHash Hash of the reasons (off chain).
     */
    event ParticipantReinstated(address indexed account, address indexed reinstatedBy, bytes32 reasonHash);

    /**
     * @notice An organisation's legal identity was committed afresh (the zone rotated its secret): its
     * accounts now belong to it under `legalIdHash`, and `previousLegalIdHash` names no organisation.
     * @param organisation The organisation (its first account).
     * @param changedBy The onboarding office.
     * @param previousLegalIdHash The commitment it had.
     * @param legalIdHash The commitment it has now.
     */
    event ParticipantLegalIdentityChanged(
        address indexed organisation,
        address indexed changedBy,
        bytes32 previousLegalIdHash,
        bytes32 legalIdHash
    );

    /**
     * @notice The zone admin recorded the name of an organisation, replacing any earlier one.
     * @param organisation The organisation (its first account).
     * @param attestedBy The onboarding office.
     * @param name The name as attested: plain UTF-8 text, or a compact JSON object of names by BCP-47
     * language tag (`{"en":"…","zh-CN":"…"}`); one line, 1 to 256 bytes.
     */
    event OrganisationNameAttested(address indexed organisation, address indexed attestedBy, string name);

    /**
     * @notice An account was removed from the directory: from this block on it is no participant, and its
     * signature is worth nothing to any DPR contract. Its organisation and records stay.
     * @param account The former participant.
     * @param organisation The organisation it belonged to.
     * @param removedBy The onboarding office, or the organisation's designated key.
     * @param reasonHash Hash of the reasons (off chain).
     */
    event ParticipantRemoved(address indexed account, address indexed organisation, address indexed removedBy, bytes32 reasonHash);

    /**
     * @notice An organisation's designated key was set, replaced or cleared (the zero address).
     * @param organisation The organisation.
     * @param key The key that now manages its officers, or the zero address.
     * @param setBy The onboarding office.
     */
    event OrganisationKeySet(address indexed organisation, address indexed key, address indexed setBy);

    /**
     * @notice New registrations, anchors and grants are refused until `until`.
     * @param pausedBy The pause office (or governance).
     * @param until When the pause ends by itself (unix seconds).
     * @param reasonHash Hash of the reasons (off chain).
     */
    event ZonePaused(address indexed pausedBy, uint40 until, bytes32 reasonHash);

    /**
     * @notice A pause was ended before its time.
     * @param unpausedBy The pause office.
     * @param reasonHash Hash of the reasons (off chain).
     */
    event ZoneUnpaused(address indexed unpausedBy, bytes32 reasonHash);

    /**
     * @notice This deployment takes no new registrations, anchors or grants any more: the zone moved to
     * `successor`. Everything recorded stays readable, and the life cycle of what is recorded goes on.
     * @param successor The successor deployment's participant directory.
     * @param migratedBy The migration office.
     * @param noteHash Hash of the migration notice (off chain).
     */
    event ZoneMigrated(address indexed successor, address indexed migratedBy, bytes32 noteHash);

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
     * @notice The account is not an organisation (the first account of a legal identity).
     * @param account The account given.
     */
    error ParticipantDirectoryUnknownOrganisation(address account);

    /**
     * @notice The legal-identity hash already names an organisation.
     * @param legalIdHash The hash given.
     * @param organisation The organisation it names.
     */
    error ParticipantDirectoryLegalIdentityTaken(bytes32 legalIdHash, address organisation);

    /**
     * @notice Governance cannot be renounced or handed to the zero address: the zone would have none.
     */
    error ParticipantDirectoryCannotRenounce();

    /**
     * @notice New registrations, anchors and grants are paused until `until`.
     * @param until When the pause ends (unix seconds).
     */
    error ParticipantDirectoryPaused(uint40 until);

    /**
     * @notice A pause is already on, until `until`.
     * @param until When it ends (unix seconds).
     */
    error ParticipantDirectoryAlreadyPaused(uint40 until);

    /**
     * @notice No pause is on.
     */
    error ParticipantDirectoryNotPaused();

    /**
     * @notice A pause lasts more than nothing and at most `maximum` seconds.
     * @param duration The duration asked for.
     * @param maximum The longest allowed.
     */
    error ParticipantDirectoryPauseTooLong(uint40 duration, uint40 maximum);

    /**
     * @notice The pause office may pause again only from `ready` on (governance may at once).
     * @param ready When it may (unix seconds).
     */
    error ParticipantDirectoryPauseCoolingDown(uint40 ready);

    /**
     * @notice This deployment moved to `successor` and takes nothing new.
     * @param successor The successor's participant directory.
     */
    error ParticipantDirectoryMigrated(address successor);

    /**
     * @notice An attested name must be 1 to 256 bytes on one line: no byte below 0x20 (control
     * characters, line breaks, tabs) and no DEL (0x7f).
     */
    error ParticipantDirectoryInvalidName();

    /**
     * @notice The caller is not the designated key of `organisation` (nor, where it would do, the
     * onboarding office).
     */
    error ParticipantDirectoryNotOrganisationKey(address caller, address organisation);

    /**
     * @notice An organisation's key gives its officers only roles the organisation holds.
     */
    error ParticipantDirectoryRolesBeyondOrganisation(uint8 roles, uint8 organisationRoles);

    /**
     * @notice Onboards `account` with any roles. Onboarding office only. A legal identity not yet in the
     * directory creates an organisation with `account` as its first account; a known one adds `account`
     * to that organisation.
     * @param account The new participant's address.
     * @param jurisdiction Where it is established.
     * @param roles Bitmask of {Role}.
     * @param legalIdHash Keyed hash of its legal identity (`HMAC-SHA256(zone secret, normalised
     * identifier)`); accounts with the same hash form one organisation.
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
     * @notice Replaces a participant's roles. Onboarding office only.
     * @param account The participant.
     * @param roles The new bitmask of {Role}.
     */
    function setRoles(address account, uint8 roles) external;

    /**
     * @notice Moves a participant's public profile. The participant itself (unless suspended) or the onboarding office.
     * @param account The participant.
     * @param metadataURI The new location.
     */
    function setMetadataURI(address account, string calldata metadataURI) external;

    /**
     * @notice Suspends a participant. Discipline office only.
     * @param account The participant.
     * @param reasonHash Hash of the reasons.
     */
    function suspend(address account, bytes32 reasonHash) external;

    /**
     * @notice Reinstates a suspended participant. Discipline office only.
     * @param account The participant.
     * @param reasonHash Hash of the reasons.
     */
    function reinstate(address account, bytes32 reasonHash) external;

    /**
     * @notice Re-commits an organisation's legal identity, for when the zone rotates the secret of its
     * keyed hash. Onboarding office only. The organisation's accounts keep their organisation; `legalIdHash`
     * then names it and its previous hash names nothing (an account onboarded under the previous hash
     * would start a new organisation).
     * @param organisation The organisation (its first account).
     * @param legalIdHash Its legal identity committed under the new secret; not zero, not another
     * organisation's.
     */
    function setLegalIdentity(address organisation, bytes32 legalIdHash) external;

    /**
     * @notice Records the name of an organisation, replacing any earlier one. Onboarding office only, usually
     * at onboarding, after checking the organisation's registration documents.
     *
     * The attested name is the one readers should show for the organisation and each of its accounts.
     * The profile at a participant's metadata URI is self-declared: the participant can move it with
     * {setMetadataURI}, and the name in it is not the zone's word.
     * @dev Only the length and the absence of control bytes are checked on chain (a loop of at most 256
     * byte comparisons, a few thousand gas next to the storage it costs); whether the text is plain or a
     * well-formed JSON object of names by language is the client's business (the SDK's
     * `encodeOrganisationName` builds and checks it; readers treat text that is not JSON as plain).
     * @param organisation The organisation (its first account, one with a legal identity).
     * @param name Plain UTF-8 text or a compact JSON object of names by BCP-47 language tag
     * (`{"en":"Suicheng Municipal Health Commission","zh-CN":"穗城市卫生健康委员会"}`); 1 to 256 bytes, one
     * line.
     */
    function attestName(address organisation, string calldata name) external;

    /**
     * @notice Removes an account from the directory. The onboarding office, or the designated key of the
     * account's organisation (see {setOrganisationKey}). From this block on the
     * account is not a participant (its signature is worthless to every DPR contract, directly or through
     * a delegated request); its organisation, and what it registered, stay. The account may be onboarded
     * again later; a suspension outlives the removal (the account comes back suspended), so that only the
     * discipline office lifts it.
     * @param account The participant.
     * @param reasonHash Hash of the reasons.
     */
    function removeParticipant(address account, bytes32 reasonHash) external;

    /**
     * @notice Designates the key that manages `organisation`'s officers ({addOfficer}, {removeParticipant}),
     * replacing any earlier one; the zero address clears it. Onboarding office only. The key need not be
     * a participant: typically the organisation's own multisig.
     * @param organisation The organisation.
     * @param key The designated key, or the zero address.
     */
    function setOrganisationKey(address organisation, address key) external;

    /**
     * @notice Adds an officer to `organisation`: the organisation's designated key only. The officer gets
     * the organisation's jurisdiction and legal identity and `roles`, which must be among the roles the
     * onboarding office gave the organisation. Nothing the organisation holds moves.
     * @param organisation The organisation.
     * @param account The new officer.
     * @param roles Bitmask of {Role}, within the organisation's.
     * @param metadataURI Where the officer's public profile is published.
     */
    function addOfficer(address organisation, address account, uint8 roles, string calldata metadataURI) external;

    /**
     * @notice The key designated for `organisation`, or the zero address.
     * @param organisation The organisation.
     * @return The key.
     */
    function organisationKeyOf(address organisation) external view returns (address);

    /**
     * @notice Pauses new registrations, versions, derivations, batch anchors and grants for `duration`
     * seconds (at most 3 days); confirmations, objections, decisions, revocations and acknowledgements go on.
     * Pause office only; refused while a pause is on, and within a day of the last one's end unless the
     * caller is governance.
     * @param duration How long, in seconds.
     * @param reasonHash Hash of the reasons.
     */
    function pause(uint40 duration, bytes32 reasonHash) external;

    /**
     * @notice Ends the current pause now. Pause office only.
     * @param reasonHash Hash of the reasons.
     */
    function unpause(bytes32 reasonHash) external;

    /**
     * @notice Closes this deployment to new registrations, anchors and grants for good, naming the
     * successor deployment's directory. Migration office only; once.
     * @param successorDirectory The successor's participant directory.
     * @param noteHash Hash of the migration notice.
     */
    function migrate(address successorDirectory, bytes32 noteHash) external;

    /**
     * @notice Reverts with {ParticipantDirectoryMigrated} or {ParticipantDirectoryPaused} when new
     * registrations and grants are not taken; the registries call it first.
     */
    function requireOpen() external view;

    /**
     * @notice {requireOpen} and {hasRole} in one call, for a registry that needs no more of the record
     * (the batch anchor registry): reverts as {requireOpen} does, else says whether `account` is active with
     * `role`.
     * @param account The account.
     * @param role The role.
     * @return True when active with the role.
     */
    function hasRoleWhileOpen(address account, Role role) external view returns (bool);

    /**
     * @notice When the current pause ends, or zero when none is on.
     * @return Unix seconds.
     */
    function pausedUntil() external view returns (uint40);

    /**
     * @notice The successor deployment's directory, or the zero address while this deployment is open.
     * @return The successor.
     */
    function successor() external view returns (address);

    /**
     * @notice The record of `account` (all zero when it is not a participant), its `suspended` also set
     * while its organisation is suspended.
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
     * @notice Whether `account` can act: onboarded, not removed, and neither it nor its organisation
     * suspended.
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
     * @notice The organisation of `account`, or the zero address when it is not a participant. An
     * organisation's own address answers itself, also after that account was removed.
     * @param account The account.
     * @return The organisation's first account.
     */
    function organisationOf(address account) external view returns (address);

    /**
     * @notice The organisation a legal-identity hash names, or the zero address when it names none.
     * @param legalIdHash The keyed hash of a legal identity.
     * @return The organisation's first account.
     */
    function organisationByLegalIdentity(bytes32 legalIdHash) external view returns (address);

    /**
     * @notice The legal-identity hash an organisation is committed under now, or zero when `organisation`
     * is not an organisation.
     * @param organisation The organisation (its first account).
     * @return The keyed hash.
     */
    function legalIdentityOf(address organisation) external view returns (bytes32);

    /**
     * @notice The name the zone admin attested for the organisation of `account` (see {attestName}).
     * @param account Any account of the organisation.
     * @return The attested text, or "" when none was attested or `account` is not a participant.
     */
    function attestedNameOf(address account) external view returns (string memory);
}
