// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {BorderConditions, DatasetStatus, GrantStatus, Jurisdiction, Openness, Right, Role, TransferMechanism} from "./DPRTypes.sol";

/**
 * @title IGrantRegistry
 * @notice Grants of the three data rights (holding, processing/use, product operation) by a dataset's
 * holder to another participant, with the regulator's gate for cross-border, personal and important data.
 *
 * Rules enforced on chain:
 * - Only the holder grants, only on a CONFIRMED dataset (past its notice period, not disputed, frozen,
 *   rejected or retired), only to another active participant; one live grant per (dataset, grantee, right).
 * - A grant is cross-border when the grantee's region differs from the region where the data is held
 *   (mainland China = GZ, the GBA's eight other mainland cities and MAINLAND_OTHER; Hong Kong; Macao;
 *   elsewhere). A cross-border grant names a mechanism that fits: GBA_SC_HK only between the GBA's
 *   mainland cities (GZ, SHENZHEN, ZHUHAI, FOSHAN, HUIZHOU, DONGGUAN, ZHONGSHAN, JIANGMEN, ZHAOQING) and
 *   Hong Kong, GBA_SC_MO only between those cities and Macao, so never for the rest of the mainland
 *   (MAINLAND_OTHER), and neither for important data; important data leaves only under
 *   SECURITY_ASSESSMENT. A domestic grant names NONE.
 * - Evidence: every cross-border mechanism but EXEMPT needs a filing reference; contracts (GBA_SC_*,
 *   STANDARD_CONTRACT) need the contract's hash; personal data across the border needs the impact
 *   assessment's hash; personal data given to another organisation needs the consent records' root.
 * - An expiry is mandatory for personal, important or cross-border grants; expiry is enforced on every read.
 * - A grant waits for a regulator's acknowledgement when it is cross-border, covers important data, or
 *   gives personal data to another organisation.
 * - The holder or a regulator revokes; a regulator suspends and reinstates, acknowledges or denies; a
 *   regulator never acknowledges a grant its own organisation gives or receives.
 * - Border conditions: a dataset registered with {BorderConditions} (its directory entry's: openness, rights,
 *   grantee regions, purpose classes, longest term) is granted only within them. The holder may tighten them at
 *   any time; a loosening is only proposed, and takes effect when registrars outside the holder's organisation
 *   have confirmed it, as many distinct organisations as the registration needed (one for general
 *   non-personal data, two for important or personal data). A proposal lapses when the holding changes.
 */
interface IGrantRegistry {
    /**
     * @notice Evidence behind a grant, as hashes of documents kept off chain.
     * @param contractHash The signed contract (e.g. the GBA standard contract).
     * @param impactAssessmentHash The personal-information protection impact assessment.
     * @param consentRecordsRoot The Merkle root of the data subjects' consent records.
     * @param filingRef The regulator's filing, certification or assessment reference.
     */
    struct Evidence {
        bytes32 contractHash;
        bytes32 impactAssessmentHash;
        bytes32 consentRecordsRoot;
        bytes32 filingRef;
    }

    /**
     * @notice The terms of a grant.
     * @param right The right granted.
     * @param purposeCode The purpose, from the zone's purpose code list.
     * @param purposeHash Hash of the purpose statement (non-zero).
     * @param scopeHash Hash of the scope (fields, volume, places of processing).
     * @param startsAt When the grant starts (unix seconds); zero for now.
     * @param expiresAt When it ends; zero for never (only for domestic grants of general non-personal data).
     * @param termsHash Hash of the terms.
     * @param mechanism The cross-border mechanism, NONE for a domestic grant.
     * @param evidence Evidence hashes.
     */
    struct GrantTerms {
        Right right;
        uint16 purposeCode;
        bytes32 purposeHash;
        bytes32 scopeHash;
        uint40 startsAt;
        uint40 expiresAt;
        bytes32 termsHash;
        TransferMechanism mechanism;
        Evidence evidence;
    }

    /**
     * @notice What a holder grants.
     * @param datasetId The dataset.
     * @param grantee The participant receiving the right.
     * @param terms The terms.
     */
    struct GrantRequest {
        bytes32 datasetId;
        address grantee;
        GrantTerms terms;
    }

    /**
     * @notice A grant as read now.
     * @param status The status at the current block.
     * @param datasetId The dataset.
     * @param grantee The grantee.
     * @param right The right.
     * @param startsAt When it starts.
     * @param expiresAt When it expires, or zero.
     */
    struct GrantRecord {
        GrantStatus status;
        bytes32 datasetId;
        address grantee;
        Right right;
        uint40 startsAt;
        uint40 expiresAt;
    }

    /**
     * @notice A holder issued a grant.
     * @param grantId The new grant's id.
     * @param datasetId The dataset.
     * @param grantee The grantee.
     * @param grantor The holder who granted.
     * @param terms The terms as submitted.
     * @param startsAt When it starts (the block time when the request said zero).
     * @param crossBorder Whether it crosses a regional border.
     * @param status AWAITING_ACKNOWLEDGEMENT, or ACTIVE/SCHEDULED when no acknowledgement is needed.
     */
    event GrantIssued(
        uint256 indexed grantId,
        bytes32 indexed datasetId,
        address indexed grantee,
        address grantor,
        GrantTerms terms,
        uint40 startsAt,
        bool crossBorder,
        GrantStatus status
    );

    /**
     * @notice A loosening of a dataset's border conditions waiting for registrars.
     * @param conditions The conditions proposed.
     * @param confirmations Distinct registrar organisations that confirmed it so far.
     * @param required How many must (the dataset's registration quorum).
     * @param proposedAt When the holder proposed it.
     */
    struct ProposedBorderConditions {
        BorderConditions conditions;
        uint8 confirmations;
        uint8 required;
        uint40 proposedAt;
    }

    /**
     * @notice A dataset's border conditions took effect: recorded with its registration, tightened by its holder,
     * or loosened by the last confirming registrar. Any proposal waiting for registrars is dropped.
     * @param datasetId The dataset.
     * @param by The holder (registration, tightening) or the registrar whose confirmation completed a loosening.
     * @param conditions The conditions now enforced.
     */
    event BorderConditionsSet(bytes32 indexed datasetId, address indexed by, BorderConditions conditions);

    /**
     * @notice The holder proposed looser border conditions; they wait for registrars (replacing any earlier
     * proposal and its confirmations).
     * @param datasetId The dataset.
     * @param holder The holder.
     * @param conditions The conditions proposed.
     * @param required How many distinct registrar organisations must confirm.
     */
    event BorderConditionsProposed(
        bytes32 indexed datasetId,
        address indexed holder,
        BorderConditions conditions,
        uint8 required
    );

    /**
     * @notice A registrar confirmed the proposed border conditions; at `required` they take effect
     * ({BorderConditionsSet} follows).
     * @param datasetId The dataset.
     * @param registrar The registrar.
     * @param confirmations Distinct organisations that have confirmed, this one included.
     * @param required How many must.
     */
    event BorderConditionsConfirmed(
        bytes32 indexed datasetId,
        address indexed registrar,
        uint8 confirmations,
        uint8 required
    );

    /**
     * @notice A regulator acknowledged a grant, which is now active.
     * @param grantId The grant.
     * @param datasetId Its dataset.
     * @param regulator The regulator.
     * @param noteHash Hash of the acknowledgement note.
     */
    event GrantAcknowledged(uint256 indexed grantId, bytes32 indexed datasetId, address indexed regulator, bytes32 noteHash);

    /**
     * @notice A regulator denied a grant awaiting acknowledgement.
     * @param grantId The grant.
     * @param datasetId Its dataset.
     * @param regulator The regulator.
     * @param reasonHash Hash of the reasons.
     */
    event GrantDenied(uint256 indexed grantId, bytes32 indexed datasetId, address indexed regulator, bytes32 reasonHash);

    /**
     * @notice A regulator suspended an active grant.
     * @param grantId The grant.
     * @param datasetId Its dataset.
     * @param regulator The regulator.
     * @param reasonHash Hash of the reasons.
     */
    event GrantSuspended(uint256 indexed grantId, bytes32 indexed datasetId, address indexed regulator, bytes32 reasonHash);

    /**
     * @notice A regulator reinstated a suspended grant.
     * @param grantId The grant.
     * @param datasetId Its dataset.
     * @param regulator The regulator.
     * @param reasonHash Hash of the reasons.
     */
    event GrantReinstated(uint256 indexed grantId, bytes32 indexed datasetId, address indexed regulator, bytes32 reasonHash);

    /**
     * @notice The holder or a regulator revoked a grant.
     * @param grantId The grant.
     * @param datasetId Its dataset.
     * @param revokedBy The holder or regulator.
     * @param reasonHash Hash of the reasons.
     */
    event GrantRevoked(uint256 indexed grantId, bytes32 indexed datasetId, address indexed revokedBy, bytes32 reasonHash);

    /**
     * @notice No grant has this id.
     * @param grantId The id.
     */
    error GrantRegistryUnknownGrant(uint256 grantId);

    /**
     * @notice The caller is not the dataset's holder.
     * @param datasetId The dataset.
     * @param account The caller.
     */
    error GrantRegistryNotHolder(bytes32 datasetId, address account);

    /**
     * @notice The account is not an active participant.
     * @param account The account.
     */
    error GrantRegistryInactiveParticipant(address account);

    /**
     * @notice The account is not an active participant with the role.
     * @param account The account.
     * @param role The role required.
     */
    error GrantRegistryMissingRole(address account, Role role);

    /**
     * @notice The caller is neither the dataset's holder nor an active regulator.
     * @param grantId The grant.
     * @param account The caller.
     */
    error GrantRegistryNotHolderOrRegulator(uint256 grantId, address account);

    /**
     * @notice Grants are made only on CONFIRMED datasets.
     * @param datasetId The dataset.
     * @param status Its status now.
     */
    error GrantRegistryDatasetNotGrantable(bytes32 datasetId, DatasetStatus status);

    /**
     * @notice The dataset is marked as derived from revoked data; nothing is granted on it until a registrar
     * re-confirms it.
     * @param datasetId The dataset.
     */
    error GrantRegistryAncestryRevoked(bytes32 datasetId);

    /**
     * @notice The grantee is the holder itself, or not an active participant.
     * @param grantee The grantee.
     */
    error GrantRegistryInvalidGrantee(address grantee);

    /**
     * @notice The grantee already has a live grant of this right on this dataset.
     * @param grantId The existing grant.
     */
    error GrantRegistryDuplicateGrant(uint256 grantId);

    /**
     * @notice The start is in the past, or the expiry is not after both the start and now.
     * @param startsAt The start given.
     * @param expiresAt The expiry given.
     */
    error GrantRegistryInvalidPeriod(uint40 startsAt, uint40 expiresAt);

    /**
     * @notice Personal, important and cross-border grants need an expiry.
     */
    error GrantRegistryExpiryRequired();

    /**
     * @notice The purpose statement's hash is zero.
     */
    error GrantRegistryMissingPurpose();

    /**
     * @notice The mechanism does not fit the grant.
     * @param mechanism The mechanism given.
     * @param crossBorder Whether the grant is cross-border.
     */
    error GrantRegistryMechanismNotAllowed(TransferMechanism mechanism, bool crossBorder);

    /**
     * @notice A piece of evidence the mechanism or the data requires is missing.
     * @param field The missing field: "contractHash", "impactAssessmentHash", "consentRecordsRoot" or "filingRef".
     */
    error GrantRegistryMissingEvidence(string field);

    /**
     * @notice The grant's status does not allow the action.
     * @param grantId The grant.
     * @param status Its status now.
     */
    error GrantRegistryWrongStatus(uint256 grantId, GrantStatus status);

    /**
     * @notice A regulator acknowledged a grant given or received by its own organisation.
     * @param grantId The grant.
     * @param regulator The regulator.
     */
    error GrantRegistryOwnOrganisation(uint256 grantId, address regulator);

    /**
     * @notice The dataset's border conditions say it is not open: nothing is granted on it.
     * @param datasetId The dataset.
     */
    error GrantRegistryDatasetNotOpen(bytes32 datasetId);

    /**
     * @notice The dataset's border conditions do not let this right be granted.
     * @param datasetId The dataset.
     * @param right The right asked for.
     */
    error GrantRegistryRightNotAllowed(bytes32 datasetId, Right right);

    /**
     * @notice The dataset's border conditions do not admit a grantee established there.
     * @param datasetId The dataset.
     * @param granteeJurisdiction Where the grantee is established.
     */
    error GrantRegistryRegionNotAllowed(bytes32 datasetId, Jurisdiction granteeJurisdiction);

    /**
     * @notice The dataset's border conditions do not admit this purpose's class.
     * @param datasetId The dataset.
     * @param purposeCode The purpose code asked for.
     */
    error GrantRegistryPurposeNotAllowed(bytes32 datasetId, uint16 purposeCode);

    /**
     * @notice The grant is longer than the dataset's border conditions allow.
     * @param datasetId The dataset.
     * @param term The grant's term in seconds (its expiry minus its start).
     * @param maxTerm The longest term allowed.
     */
    error GrantRegistryTermTooLong(bytes32 datasetId, uint256 term, uint32 maxTerm);

    /**
     * @notice Border conditions that cannot be recorded: UNDECLARED, unknown rights bits, or open (or conditional)
     * with no right or no purpose class.
     * @param openness The openness given.
     * @param rights The rights mask given.
     * @param purposeClasses The purpose classes mask given.
     */
    error GrantRegistryInvalidBorderConditions(Openness openness, uint8 rights, uint16 purposeClasses);

    /**
     * @notice The dataset's border conditions can no longer change: its claim ended (refused, withdrawn, rejected,
     * revoked) or it is retired.
     * @param datasetId The dataset.
     * @param status Its status now.
     */
    error GrantRegistryConditionsClosed(bytes32 datasetId, DatasetStatus status);

    /**
     * @notice No loosening of the dataset's border conditions is waiting for registrars.
     * @param datasetId The dataset.
     */
    error GrantRegistryNoProposedConditions(bytes32 datasetId);

    /**
     * @notice The conditions the registrar confirmed are not the ones proposed now (the holder replaced them).
     * @param datasetId The dataset.
     */
    error GrantRegistryProposalChanged(bytes32 datasetId);

    /**
     * @notice A registrar of the holder's organisation cannot confirm its border conditions.
     * @param datasetId The dataset.
     * @param registrar The registrar.
     */
    error GrantRegistryConditionsOwnOrganisation(bytes32 datasetId, address registrar);

    /**
     * @notice The registrar's organisation already confirmed this proposal.
     * @param datasetId The dataset.
     * @param organisation The organisation.
     */
    error GrantRegistryConditionsAlreadyConfirmedBy(bytes32 datasetId, address organisation);

    /**
     * @notice Only the dataset registry records the border conditions a registration carries.
     * @param caller The caller.
     */
    error GrantRegistryNotDatasetRegistry(address caller);

    /**
     * @notice The registry was deployed against a dataset registry that does not point back to it.
     * @param datasets The dataset registry given.
     */
    error GrantRegistryMisconfigured(address datasets);

    /**
     * @notice Grants a right on a dataset. Holder only.
     * @param request The grant.
     * @return grantId The new grant's id (sequential from 1).
     */
    function grant(GrantRequest calldata request) external returns (uint256 grantId);

    /**
     * @notice Acknowledges a grant awaiting acknowledgement, making it active. Active REGULATOR outside the
     * organisations of the grantee and of the dataset's holder.
     * @param grantId The grant.
     * @param noteHash Hash of the acknowledgement note.
     */
    function acknowledge(uint256 grantId, bytes32 noteHash) external;

    /**
     * @notice Denies a grant awaiting acknowledgement. Active REGULATOR only.
     * @param grantId The grant.
     * @param reasonHash Hash of the reasons.
     */
    function deny(uint256 grantId, bytes32 reasonHash) external;

    /**
     * @notice Suspends an active (or scheduled) grant. Active REGULATOR only.
     * @param grantId The grant.
     * @param reasonHash Hash of the reasons.
     */
    function suspend(uint256 grantId, bytes32 reasonHash) external;

    /**
     * @notice Reinstates a suspended grant. Active REGULATOR only.
     * @param grantId The grant.
     * @param reasonHash Hash of the reasons.
     */
    function reinstate(uint256 grantId, bytes32 reasonHash) external;

    /**
     * @notice Revokes a live grant. The dataset's current holder or an active REGULATOR.
     * @param grantId The grant.
     * @param reasonHash Hash of the reasons.
     */
    function revoke(uint256 grantId, bytes32 reasonHash) external;

    /**
     * @notice Records the border conditions a registration carries (they replace any earlier claim's, and drop a
     * proposal). Called by the dataset registry only, from {IDatasetRegistry-register}.
     * @param datasetId The dataset registered.
     * @param holder The registering holder.
     * @param conditions The conditions; UNDECLARED records none.
     * @param reclaimed Whether the content was claimed before (an earlier claim's conditions and proposal go).
     */
    function recordBorderConditions(
        bytes32 datasetId,
        address holder,
        BorderConditions calldata conditions,
        bool reclaimed
    ) external;

    /**
     * @notice Sets a dataset's border conditions. Its active holder only, while its claim stands (pending, in
     * notice, confirmed, disputed or frozen). Conditions at least as tight as the current ones in every part
     * take effect at once; looser ones are proposed and wait for registrars ({confirmBorderConditions}). Either
     * way an earlier proposal is dropped.
     * @param datasetId The dataset.
     * @param conditions The conditions (not UNDECLARED).
     */
    function setBorderConditions(bytes32 datasetId, BorderConditions calldata conditions) external;

    /**
     * @notice Confirms the proposed loosening of a dataset's border conditions. Active REGISTRAR outside the
     * holder's organisation, once per organisation; the last confirmation needed makes them take effect.
     * @param datasetId The dataset.
     * @param expected The conditions the registrar reviewed: the call fails if the proposal is another.
     */
    function confirmBorderConditions(bytes32 datasetId, BorderConditions calldata expected) external;

    /**
     * @notice The border conditions enforced on the dataset's grants now (UNDECLARED when none were recorded).
     * @param datasetId The dataset.
     * @return The conditions.
     */
    function borderConditionsOf(bytes32 datasetId) external view returns (BorderConditions memory);

    /**
     * @notice The loosening waiting for registrars, if any (`proposedAt` zero when none, and when the holder who
     * proposed it no longer holds the dataset).
     * @param datasetId The dataset.
     * @return The proposal.
     */
    function proposedBorderConditionsOf(bytes32 datasetId) external view returns (ProposedBorderConditions memory);

    /**
     * @notice Whether `account` may exercise `right` on the dataset now: the dataset is CONFIRMED and the
     * account is its active holder, or an active participant with an ACTIVE grant of the right while the
     * dataset's holder (who answers for its grants) is active too. False, never a revert, for an unknown
     * dataset, so that other contracts can gate on it safely; false for a dataset marked as derived from revoked
     * data, and for a grant issued before a correction of the dataset's holder.
     * @param datasetId The dataset.
     * @param account The account.
     * @param right The right.
     * @return True when the right can be exercised.
     */
    function hasRight(bytes32 datasetId, address account, Right right) external view returns (bool);

    /**
     * @notice A grant as read now. Reverts for an unknown id.
     * @param grantId The grant.
     * @return The grant.
     */
    function getGrant(uint256 grantId) external view returns (GrantRecord memory);

    /**
     * @notice The grant's status at the current block (NONE for an unknown id).
     * @param grantId The grant.
     * @return The status.
     */
    function grantStatus(uint256 grantId) external view returns (GrantStatus);

    /**
     * @notice The latest grant of `right` on the dataset to `grantee`, or zero.
     * @param datasetId The dataset.
     * @param grantee The grantee.
     * @param right The right.
     * @return The grant id.
     */
    function latestGrant(bytes32 datasetId, address grantee, Right right) external view returns (uint256);

    /**
     * @notice How many grants have been issued (the highest grant id).
     * @return The count.
     */
    function grantCount() external view returns (uint256);

    /**
     * @notice The dataset registry whose datasets this registry grants rights on.
     * @return The address.
     */
    function datasets() external view returns (address);

    /**
     * @notice The participant directory this registry consults.
     * @return The address.
     */
    function directory() external view returns (address);
}
