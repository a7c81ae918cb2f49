// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {BorderConditions, Category, DatasetStatus, Derivation, Grade, HashAlgorithm, Jurisdiction, ObjectionStatus, Role} from "./DPRTypes.sol";

/**
 * @title IDatasetRegistry
 * @notice Registrations of datasets, their versions and lineage, and the confirmation of who holds
 * them (data rights confirmation, 确权). Data never goes on chain: a registration records the hash of
 * the content, the hash and location of its metadata, and its classification.
 *
 * Life of a registration (see docs/contracts.md, "The registration life cycle"):
 * - A dataset is content: its id is `keccak256(abi.encode(algorithm, contentHash))`, one hash algorithm per
 *   deployment. A registration is a numbered *claim* on it by an active HOLDER, for data held in the
 *   holder's own jurisdiction. A claim that ends REFUSED, WITHDRAWN or REJECTED frees the content for the
 *   next claim; every other status keeps it claimed.
 * - Registrars outside the holder's organisation review it: they confirm it (one for general non-personal
 *   data, two of distinct organisations for important or personal data, and for data declassified from
 *   such parents) or refuse it with a reason. The holder may withdraw it until its notice period ends.
 * - After the last confirmation a public notice period runs. From submission to the end of the notice
 *   period any active participant outside the holder's organisation may object (one open objection per
 *   organisation; none again after its objection was dismissed); the dataset is then disputed and its
 *   notice clock paused. Independent deciders (registrars and regulators of none of the organisations
 *   concerned) decide the dispute as a whole: one dismisses it (the dataset returns to review or to the
 *   notice period it had left); rejecting it or naming a new holder needs the confirmation quorum of
 *   distinct organisations (a new holder starts a fresh notice period).
 * - When the notice period ends quietly the dataset is CONFIRMED with no transaction: status is computed
 *   on read. A confirmed or retired registration can still be revoked or its holder corrected by the same
 *   independent quorum; grants issued before a correction then confer nothing.
 * - The holder may register a new version, derive new datasets, request a holding transfer (confirmed by
 *   a registrar) or retire it; a regulator may freeze and unfreeze it (the notice clock stops meanwhile).
 * - A dataset derived from a revoked parent (or from a parent so marked) is marked by anyone who shows it
 *   ({markRevokedAncestry}) and confers nothing until a registrar re-confirms it.
 */
interface IDatasetRegistry {
    /**
     * @notice A parent of a derived dataset.
     * @param datasetId The parent's id.
     * @param derivation How the new dataset was derived from it.
     */
    struct Parent {
        bytes32 datasetId;
        Derivation derivation;
    }

    /**
     * @notice What a holder registers.
     * @param algorithm The hash function of `contentHash`.
     * @param contentHash The hash of the content (a file, or the Merkle root of a folder manifest).
     * @param metadataHash The hash of the metadata document, or zero when there is none.
     * @param metadataURI Where the metadata document is published, or empty.
     * @param category PUBLIC, ENTERPRISE or PERSONAL.
     * @param grade GENERAL or IMPORTANT; CORE is refused.
     * @param containsPersonalData Whether the content contains personal information.
     * @param sector The sector code (see the SDK for the assigned codes).
     * @param jurisdiction Where the data is held.
     * @param versionOf The dataset this registration is the next version of, or zero for a new series.
     * @param parents The datasets this one was derived from (at most {MAX_PARENTS}).
     * @param borderConditions The enforceable part of its directory entry's border conditions, recorded in the
     * grant registry ({IGrantRegistry-recordBorderConditions}); openness UNDECLARED records none.
     */
    struct Registration {
        HashAlgorithm algorithm;
        bytes32 contentHash;
        bytes32 metadataHash;
        string metadataURI;
        Category category;
        Grade grade;
        bool containsPersonalData;
        uint16 sector;
        Jurisdiction jurisdiction;
        bytes32 versionOf;
        Parent[] parents;
        BorderConditions borderConditions;
    }

    /**
     * @notice A registration as read now.
     * @param status The status at the current block.
     * @param holder The holder of record.
     * @param algorithm The hash function of the content hash.
     * @param category The data category.
     * @param grade The data grade.
     * @param containsPersonalData Whether the content contains personal information.
     * @param sector The sector code.
     * @param jurisdiction Where the data is held.
     * @param registeredAt When it was registered (unix seconds).
     * @param registeredBlock The block it was registered in (its events are there).
     * @param confirmations How many registrars have confirmed it.
     * @param requiredConfirmations How many must.
     * @param confirmedAt When the notice period began (the last confirmation, or a new holder's decision),
     * moved later by the time the clock was paused; zero before the confirmation quorum.
     * @param noticeEndsAt When the notice period ends (or ended); zero before the confirmation quorum and while
     * the clock is paused.
     * @param noticeRemaining While the clock is paused (disputed or frozen during notice): the seconds of notice
     * left; zero otherwise.
     * @param frozen Whether a regulator has frozen it.
     * @param superseded Whether a newer version has been registered.
     * @param declassified Whether its grade or personal-data flag is below a parent's by de-identification.
     * @param ancestryRevoked Whether a revoked ancestor has been shown ({markRevokedAncestry}) and no registrar
     * has re-confirmed it since.
     * @param pendingTransferTo The recipient of a requested holding transfer, or zero.
     * @param claim The claim number: 1 for the first registration of the content, one more for each claim
     * that freed it before.
     * @param openObjections How many organisations' objections are open.
     * @param grantsValidFrom Grants with a smaller id confer nothing (issued before a holder correction); 0 when
     * never corrected.
     */
    struct DatasetRecord {
        DatasetStatus status;
        address holder;
        HashAlgorithm algorithm;
        Category category;
        Grade grade;
        bool containsPersonalData;
        uint16 sector;
        Jurisdiction jurisdiction;
        uint40 registeredAt;
        uint40 registeredBlock;
        uint8 confirmations;
        uint8 requiredConfirmations;
        uint40 confirmedAt;
        uint40 noticeEndsAt;
        bool frozen;
        bool superseded;
        bool declassified;
        bool ancestryRevoked;
        address pendingTransferTo;
        uint32 claim;
        uint16 openObjections;
        uint40 noticeRemaining;
        uint64 grantsValidFrom;
    }

    /**
     * @notice The facts another contract needs to decide on a dataset, read from one storage slot.
     * @param status The status at the current block.
     * @param holder The holder of record.
     * @param category The data category.
     * @param grade The data grade.
     * @param containsPersonalData Whether the content contains personal information.
     * @param jurisdiction Where the data is held.
     * @param ancestryRevoked Whether it is marked as derived from revoked data (it confers nothing meanwhile).
     * @param grantsValidFrom Grants with a smaller id confer nothing (issued before a holder correction).
     */
    struct Profile {
        DatasetStatus status;
        address holder;
        Category category;
        Grade grade;
        bool containsPersonalData;
        Jurisdiction jurisdiction;
        bool ancestryRevoked;
        uint64 grantsValidFrom;
    }

    /**
     * @notice The decision being voted on a dataset: the outcome that has votes, and how many.
     * @param correction False for a dispute decision (reject or new holder), true for a correction after notice
     * (revoke or correct the holder).
     * @param newHolder The holder the votes name, or zero to reject (dispute) or revoke (correction).
     * @param votes Distinct organisations that voted for it.
     * @param required Organisations needed (the confirmation quorum).
     * @param firstVoterOrganisation The organisation of the first vote.
     */
    struct Decision {
        bool correction;
        address newHolder;
        uint8 votes;
        uint8 required;
        address firstVoterOrganisation;
    }

    /**
     * @notice A dataset was registered.
     * @param datasetId The new dataset's id.
     * @param holder The holding organisation (the registrant's).
     * @param versionOf The previous version, or zero for a new series.
     * @param contentHash The content hash, in the deployment's algorithm ({hashAlgorithm}).
     * @param metadataHash The metadata document's hash, or zero.
     * @param metadataURI The metadata document's location, or empty.
     * @param category The data category.
     * @param grade The data grade.
     * @param containsPersonalData Whether it contains personal information.
     * @param sector The sector code.
     * @param jurisdiction Where the data is held.
     * @param requiredConfirmations How many registrars must confirm it.
     * @param declassified Whether its classification is below a parent's by de-identification.
     * @param claim The claim number (1, or one more than the claim that last freed this content).
     * @param registrant The officer who registered it, for the holder.
     */
    event DatasetRegistered(
        bytes32 indexed datasetId,
        address indexed holder,
        bytes32 indexed versionOf,
        bytes32 contentHash,
        bytes32 metadataHash,
        string metadataURI,
        Category category,
        Grade grade,
        bool containsPersonalData,
        uint16 sector,
        Jurisdiction jurisdiction,
        uint8 requiredConfirmations,
        bool declassified,
        uint32 claim,
        address registrant
    );

    /**
     * @notice A registered dataset names a parent (one event per parent, after {DatasetRegistered}).
     * @param datasetId The derived dataset.
     * @param parentId The parent.
     * @param derivation How it was derived.
     */
    event DatasetDerived(bytes32 indexed datasetId, bytes32 indexed parentId, Derivation derivation);

    /**
     * @notice A registrar confirmed a dataset.
     * @param datasetId The dataset.
     * @param registrar The confirming registrar.
     * @param confirmations Confirmations so far, this one included.
     * @param requiredConfirmations Confirmations needed.
     * @param noticeEndsAt When the notice period ends, if this was the last confirmation; zero otherwise.
     */
    event DatasetConfirmed(
        bytes32 indexed datasetId,
        address indexed registrar,
        uint8 confirmations,
        uint8 requiredConfirmations,
        uint40 noticeEndsAt
    );

    /**
     * @notice A registrar refused a pending registration in review; the content is free for a new claim.
     * @param datasetId The dataset.
     * @param registrar The refusing registrar.
     * @param claim The refused claim.
     * @param reasonHash Hash of the reasons.
     */
    event DatasetRefused(bytes32 indexed datasetId, address indexed registrar, uint32 claim, bytes32 reasonHash);

    /**
     * @notice The holder withdrew its registration before the notice period ended; the content is free for a
     * new claim.
     * @param datasetId The dataset.
     * @param holder The holder.
     * @param claim The withdrawn claim.
     */
    event DatasetWithdrawn(bytes32 indexed datasetId, address indexed holder, uint32 claim);

    /**
     * @notice A participant objected to a registration, from submission to the end of its notice period; the
     * dataset is disputed and its notice clock paused.
     * @param datasetId The dataset.
     * @param objector The objecting account.
     * @param organisation The objector's organisation (one open objection per organisation).
     * @param claim The claim objected to.
     * @param evidenceHash Hash of the evidence.
     */
    event DatasetObjected(
        bytes32 indexed datasetId,
        address indexed objector,
        address indexed organisation,
        uint32 claim,
        bytes32 evidenceHash
    );

    /**
     * @notice An independent registrar or regulator voted for an outcome that takes something from the holder:
     * rejecting a disputed registration or naming a new holder, or, after notice, revoking it or correcting its
     * holder. The outcome is decided when `votes` reaches `required`.
     * @param datasetId The dataset.
     * @param voter The voting account.
     * @param organisation The voter's organisation.
     * @param correction False for a dispute decision, true for a correction after notice.
     * @param newHolder The holder voted for, or zero to reject (dispute) or revoke (correction).
     * @param votes Distinct organisations that have voted for this outcome, this one included.
     * @param required Organisations needed.
     * @param decisionHash Hash of this voter's decision.
     */
    event DatasetDecisionVoted(
        bytes32 indexed datasetId,
        address indexed voter,
        address indexed organisation,
        bool correction,
        address newHolder,
        uint8 votes,
        uint8 required,
        bytes32 decisionHash
    );

    /**
     * @notice A dispute was decided as a whole: dismissed by one independent decider, or upheld by a quorum
     * (every open objection is then dismissed or upheld with it).
     * @param datasetId The dataset.
     * @param resolver The decider (for an upheld outcome, the vote that completed the quorum).
     * @param upheld Whether the objections were upheld.
     * @param previousHolder The holder before the decision.
     * @param holder The holder after the decision.
     * @param status The dataset's status after the decision: PENDING or NOTICE (dismissed, back to where it was;
     * or a new holder), REJECTED (the content is free for a new claim), or REVOKED (rejected in the fresh notice
     * period after a correction: the claim had been confirmed, and keeps its content).
     * @param decisionHash Hash of the decision.
     */
    event DatasetDisputeResolved(
        bytes32 indexed datasetId,
        address indexed resolver,
        bool upheld,
        address previousHolder,
        address holder,
        DatasetStatus status,
        bytes32 decisionHash
    );

    /**
     * @notice A quorum revoked a confirmed or retired registration (the measures' cancellation registration): it
     * confers nothing, and its content stays claimed.
     * @param datasetId The dataset.
     * @param decidedBy The vote that completed the quorum.
     * @param decisionHash Hash of the decision.
     */
    event DatasetRevoked(bytes32 indexed datasetId, address indexed decidedBy, bytes32 decisionHash);

    /**
     * @notice A quorum corrected the holder of a confirmed or retired registration (the measures' correction
     * registration): a fresh notice period starts, and grants issued before confer nothing.
     * @param datasetId The dataset.
     * @param previousHolder The holder of record before.
     * @param holder The corrected holder.
     * @param decidedBy The vote that completed the quorum.
     * @param decisionHash Hash of the decision.
     * @param noticeEndsAt When the fresh notice period ends.
     * @param grantsValidFrom Grants with a smaller id confer nothing.
     */
    event DatasetHolderCorrected(
        bytes32 indexed datasetId,
        address indexed previousHolder,
        address indexed holder,
        address decidedBy,
        bytes32 decisionHash,
        uint40 noticeEndsAt,
        uint64 grantsValidFrom
    );

    /**
     * @notice Someone showed that a parent of the dataset is revoked (or itself so marked): the dataset confers
     * nothing, cannot be granted or built on, until a registrar re-confirms it.
     * @param datasetId The derived dataset.
     * @param parentId The revoked (or marked) parent.
     * @param markedBy Who showed it.
     */
    event DatasetAncestryRevoked(bytes32 indexed datasetId, bytes32 indexed parentId, address markedBy);

    /**
     * @notice A registrar re-confirmed a dataset marked as derived from revoked data. The mark is cleared when
     * `confirmations` reaches `required` (the confirmation quorum: two organisations for important or personal
     * data).
     * @param datasetId The dataset.
     * @param registrar The registrar.
     * @param confirmations Re-confirmations by distinct organisations so far, this one included.
     * @param required Re-confirmations needed.
     */
    event DatasetReconfirmed(bytes32 indexed datasetId, address indexed registrar, uint8 confirmations, uint8 required);

    /**
     * @notice The holder asked to transfer the holding of a dataset.
     * @param datasetId The dataset.
     * @param from The holder.
     * @param to The proposed new holder.
     */
    event DatasetTransferRequested(bytes32 indexed datasetId, address indexed from, address indexed to);

    /**
     * @notice A transfer request was withdrawn: by the holder or a regulator, replaced by a new request (emitted
     * before its {DatasetTransferRequested}), or dropped when the holder retired the dataset (emitted before
     * {DatasetRetired}).
     * @param datasetId The dataset.
     * @param from The holder.
     * @param to The proposed new holder.
     * @param cancelledBy Who withdrew it: the holder, or a regulator.
     */
    event DatasetTransferCancelled(bytes32 indexed datasetId, address indexed from, address indexed to, address cancelledBy);

    /**
     * @notice A registrar confirmed a holding transfer.
     * @param datasetId The dataset.
     * @param from The previous holder.
     * @param to The new holder.
     * @param registrar The confirming registrar.
     */
    event DatasetTransferred(bytes32 indexed datasetId, address indexed from, address indexed to, address registrar);

    /**
     * @notice A regulator froze a dataset: no confirmations, grants, rights, transfers or derivations.
     * @param datasetId The dataset.
     * @param regulator The regulator.
     * @param reasonHash Hash of the reasons.
     */
    event DatasetFrozen(bytes32 indexed datasetId, address indexed regulator, bytes32 reasonHash);

    /**
     * @notice A regulator lifted a freeze.
     * @param datasetId The dataset.
     * @param regulator The regulator.
     * @param reasonHash Hash of the reasons.
     */
    event DatasetUnfrozen(bytes32 indexed datasetId, address indexed regulator, bytes32 reasonHash);

    /**
     * @notice The holder retired a dataset; it stays on record but confers no rights.
     * @param datasetId The dataset.
     * @param holder The holder.
     */
    event DatasetRetired(bytes32 indexed datasetId, address indexed holder);

    /**
     * @notice No dataset has this id.
     * @param datasetId The id.
     */
    error DatasetRegistryUnknownDataset(bytes32 datasetId);

    /**
     * @notice The content hash is already claimed (by a registration that is neither refused, withdrawn nor
     * rejected).
     * @param contentHash The content hash.
     * @param datasetId The existing registration.
     */
    error DatasetRegistryAlreadyRegistered(bytes32 contentHash, bytes32 datasetId);

    /**
     * @notice The account is not an active participant with the role.
     * @param account The account.
     * @param role The role required.
     */
    error DatasetRegistryMissingRole(address account, Role role);

    /**
     * @notice The account is not an active participant.
     * @param account The account.
     */
    error DatasetRegistryInactiveParticipant(address account);

    /**
     * @notice The account is neither an active regulator nor an active registrar.
     * @param account The account.
     */
    error DatasetRegistryNotRegistrarOrRegulator(address account);

    /**
     * @notice The account is not the dataset's holder.
     * @param datasetId The dataset.
     * @param account The account.
     */
    error DatasetRegistryNotHolder(bytes32 datasetId, address account);

    /**
     * @notice The account is neither the dataset's active holder nor an active regulator.
     * @param datasetId The dataset.
     * @param account The account.
     */
    error DatasetRegistryNotHolderOrRegulator(bytes32 datasetId, address account);

    /**
     * @notice The dataset's status does not allow the action.
     * @param datasetId The dataset.
     * @param status Its status now.
     */
    error DatasetRegistryWrongStatus(bytes32 datasetId, DatasetStatus status);

    /**
     * @notice The content hash is zero.
     */
    error DatasetRegistryEmptyContentHash();

    /**
     * @notice A required hash (evidence, decision) is zero.
     */
    error DatasetRegistryEmptyHash();

    /**
     * @notice Core data is never registered for circulation (Data Security Law, art. 21).
     */
    error DatasetRegistryCoreDataRefused();

    /**
     * @notice A PERSONAL-category dataset must be flagged as containing personal data.
     */
    error DatasetRegistryInconsistentPersonalData();

    /**
     * @notice Data is held in one jurisdiction and stays there: a holder registers data as held in its own
     * account's jurisdiction, and a transfer recipient or a new holder named by a dispute decision must be of
     * the dataset's jurisdiction. Moving data across a border is a grant under a mechanism, never a relabelling.
     * @param account The registering holder, the transfer recipient or the new holder.
     * @param accountJurisdiction The jurisdiction the admin onboarded `account` in.
     * @param dataJurisdiction The jurisdiction where the data is declared held.
     */
    error DatasetRegistryJurisdictionMismatch(
        address account,
        Jurisdiction accountJurisdiction,
        Jurisdiction dataJurisdiction
    );

    /**
     * @notice Only the latest version of a series can get a new version.
     * @param datasetId The superseded dataset.
     */
    error DatasetRegistrySuperseded(bytes32 datasetId);

    /**
     * @notice Too many parents.
     * @param count The number given.
     * @param max The maximum.
     */
    error DatasetRegistryTooManyParents(uint256 count, uint256 max);

    /**
     * @notice A parent is named twice.
     * @param parentId The parent.
     */
    error DatasetRegistryDuplicateParent(bytes32 parentId);

    /**
     * @notice The account neither holds the parent nor has an active holding or processing/use grant on it.
     * @param parentId The parent.
     * @param account The account.
     */
    error DatasetRegistryNoRightToDerive(bytes32 parentId, address account);

    /**
     * @notice The new dataset's grade is below its parent's (or its predecessor's), and the derivation is not
     * de-identification (a new version is never one).
     * @param parentId The parent.
     * @param parentGrade The parent's grade.
     * @param grade The grade given.
     */
    error DatasetRegistryGradeBelowParent(bytes32 parentId, Grade parentGrade, Grade grade);

    /**
     * @notice The parent (or predecessor) contains personal data, the new dataset says it does not, and the
     * derivation is not de-identification (a new version is never one).
     * @param parentId The parent or predecessor.
     */
    error DatasetRegistryPersonalDataDropped(bytes32 parentId);

    /**
     * @notice A new version's category is below its predecessor's (PUBLIC < ENTERPRISE < PERSONAL).
     * @param parentId The predecessor.
     * @param parentCategory The predecessor's category.
     * @param category The category given.
     */
    error DatasetRegistryCategoryBelowParent(bytes32 parentId, Category parentCategory, Category category);

    /**
     * @notice A registrar acted on data of its own organisation.
     * @param datasetId The dataset.
     * @param registrar The registrar.
     */
    error DatasetRegistryOwnOrganisation(bytes32 datasetId, address registrar);

    /**
     * @notice The registrar's organisation has already confirmed this dataset.
     * @param datasetId The dataset.
     * @param organisation The organisation.
     */
    error DatasetRegistryAlreadyConfirmedBy(bytes32 datasetId, address organisation);

    /**
     * @notice The holder's own organisation cannot object to its dataset.
     * @param datasetId The dataset.
     * @param objector The objector.
     */
    error DatasetRegistryHolderCannotObject(bytes32 datasetId, address objector);

    /**
     * @notice The proposed holder is not an active HOLDER, or is the current holder.
     * @param account The proposed holder.
     */
    error DatasetRegistryInvalidNewHolder(address account);

    /**
     * @notice No holding transfer is pending for the dataset.
     * @param datasetId The dataset.
     */
    error DatasetRegistryNoPendingTransfer(bytes32 datasetId);

    /**
     * @notice The dataset is not frozen.
     * @param datasetId The dataset.
     */
    error DatasetRegistryNotFrozen(bytes32 datasetId);

    /**
     * @notice The registry was deployed with a zero address for a contract it depends on.
     */
    error DatasetRegistryZeroAddress();

    /**
     * @notice The notice period given at deployment is outside the bounds.
     * @param period The period given (seconds).
     * @param min The shortest allowed.
     * @param max The longest allowed.
     */
    error DatasetRegistryNoticePeriodOutOfBounds(uint256 period, uint256 min, uint256 max);

    /**
     * @notice The registration names another hash algorithm than the deployment's (one content, one identity).
     * @param given The algorithm given.
     * @param deployment The deployment's algorithm.
     */
    error DatasetRegistryWrongAlgorithm(HashAlgorithm given, HashAlgorithm deployment);

    /**
     * @notice The organisation already has an open objection to this registration.
     * @param datasetId The dataset.
     * @param organisation The organisation.
     */
    error DatasetRegistryObjectionOpen(bytes32 datasetId, address organisation);

    /**
     * @notice The organisation's objection to this claim was dismissed; it does not object to it again.
     * @param datasetId The dataset.
     * @param organisation The organisation.
     */
    error DatasetRegistryObjectionDismissed(bytes32 datasetId, address organisation);

    /**
     * @notice The account may not decide on this dataset: its organisation is the holder's, an open objector's,
     * one that confirmed this claim, or (for a new holder) the new holder's.
     * @param datasetId The dataset.
     * @param account The account.
     * @param organisation Its organisation.
     */
    error DatasetRegistryNotIndependent(bytes32 datasetId, address account, address organisation);

    /**
     * @notice The organisation has already voted for this outcome.
     * @param datasetId The dataset.
     * @param organisation The organisation.
     */
    error DatasetRegistryAlreadyVoted(bytes32 datasetId, address organisation);

    /**
     * @notice The parent list given is not the dataset's (its hash differs from the one stored at registration),
     * or the index is outside it.
     * @param datasetId The dataset.
     */
    error DatasetRegistryParentsMismatch(bytes32 datasetId);

    /**
     * @notice The parent is neither revoked nor marked as derived from revoked data, or this parent's mark is
     * already on the dataset (or was cleared by a re-confirmation).
     * @param datasetId The dataset.
     * @param parentId The parent.
     */
    error DatasetRegistryNothingToMark(bytes32 datasetId, bytes32 parentId);

    /**
     * @notice The dataset is marked as derived from revoked data: nothing is granted on it or built on it until
     * a registrar re-confirms it.
     * @param datasetId The dataset.
     */
    error DatasetRegistryAncestryRevoked(bytes32 datasetId);

    /**
     * @notice The claim was confirmed before a quorum corrected its holder: it has had grants and children, so it
     * is not withdrawn to free its content (it can be retired after its notice period, or revoked by a quorum).
     * @param datasetId The dataset.
     */
    error DatasetRegistryOnceConfirmed(bytes32 datasetId);

    /**
     * @notice The dataset is not marked as derived from revoked data.
     * @param datasetId The dataset.
     */
    error DatasetRegistryAncestryNotRevoked(bytes32 datasetId);

    /**
     * @notice Registers a dataset, a new version of one (`versionOf`), or a derived dataset (`parents`): a new
     * claim on the content, which must be unclaimed or freed (refused, withdrawn or rejected).
     * @dev The caller must be an active HOLDER, the algorithm the deployment's ({DatasetRegistryWrongAlgorithm}),
     * and the data is declared held in the caller's own jurisdiction ({DatasetRegistryJurisdictionMismatch}).
     * For a new version the caller must hold `versionOf`, which must be CONFIRMED and the latest of its series;
     * the version keeps its predecessor's classification (grade, personal-data flag and category at least as
     * high). Every parent must be CONFIRMED and not marked as derived from revoked data, and the caller must hold
     * it or have an active HOLDING or PROCESSING_USE grant on it; a grade or personal-data flag below a parent's
     * is allowed only for a DE_IDENTIFICATION derivation, and marks the dataset declassified.
     * @param registration What to register.
     * @return datasetId The new dataset's id.
     */
    function register(Registration calldata registration) external returns (bytes32 datasetId);

    /**
     * @notice Confirms a pending, undisputed, unfrozen registration. Active REGISTRAR outside the holder's
     * organisation only, one per organisation.
     * @param datasetId The dataset.
     */
    function confirm(bytes32 datasetId) external;

    /**
     * @notice Refuses a pending, undisputed, unfrozen registration in review; the content is freed for a new
     * claim. Active REGISTRAR outside the holder's organisation only.
     * @param datasetId The dataset.
     * @param reasonHash Hash of the reasons (non-zero).
     */
    function refuse(bytes32 datasetId, bytes32 reasonHash) external;

    /**
     * @notice Withdraws the caller's own pending or in-notice, undisputed, unfrozen registration; the content is
     * freed for a new claim. Active holder only. Not after a correction of the holder
     * ({DatasetRegistryOnceConfirmed}): that claim was confirmed, and has had grants and children.
     * @param datasetId The dataset.
     */
    function withdraw(bytes32 datasetId) external;

    /**
     * @notice Objects to a pending, in-notice or disputed registration, never while it is frozen. Any active
     * participant outside the holder's organisation, one open objection per organisation, never again for an
     * organisation whose objection to this claim was dismissed. Pauses the notice clock.
     * @param datasetId The dataset.
     * @param evidenceHash Hash of the evidence (non-zero).
     */
    function object(bytes32 datasetId, bytes32 evidenceHash) external;

    /**
     * @notice Decides a dispute, or votes on it; never while the dataset is frozen. An active REGISTRAR or
     * REGULATOR whose organisation is none of the holder's, an open objector's, a confirmer's of this claim, nor
     * (for a new holder) the new holder's. A dismissal (`upheld` false, `newHolder` zero) decides at once: the
     * dataset returns to review, or to the notice period it had left. An upheld outcome is a vote: it is decided
     * when the confirmation quorum of distinct organisations has voted for the same outcome (a vote for another
     * outcome replaces the pending one).
     * @param datasetId The disputed dataset.
     * @param upheld Whether the objections are upheld.
     * @param newHolder With `upheld`: the rightful holder, an active HOLDER of the dataset's jurisdiction (a fresh
     * notice period starts, or review starts again if it was never confirmed); or zero to reject the registration
     * (the content is freed; or, in the fresh notice period after a correction, the registration is revoked).
     * @param decisionHash Hash of the decision (non-zero).
     */
    function resolve(bytes32 datasetId, bool upheld, address newHolder, bytes32 decisionHash) external;

    /**
     * @notice Votes to correct a CONFIRMED or RETIRED registration after its notice period: revoke it
     * (`newHolder` zero) or correct its holder. Decided when the confirmation quorum of distinct independent
     * organisations (as for {resolve}) has voted for the same outcome. A revoked registration confers nothing and
     * keeps its content claimed; a corrected holder starts a fresh notice period, and grants issued before confer
     * nothing. A pending transfer request is cancelled.
     * @param datasetId The dataset.
     * @param newHolder The corrected holder (an active HOLDER of the dataset's jurisdiction), or zero to revoke.
     * @param decisionHash Hash of the decision (non-zero).
     */
    function correct(bytes32 datasetId, address newHolder, bytes32 decisionHash) external;

    /**
     * @notice Marks a dataset as derived from revoked data: anyone may show that its parent at `index` is
     * REVOKED or itself marked. The dataset then confers nothing, and cannot be granted or built on, until a
     * registrar re-confirms it ({reconfirm}).
     * @param datasetId The derived dataset.
     * @param parents Its parent list exactly as registered (checked against the stored hash).
     * @param index The position of the revoked parent in it.
     */
    function markRevokedAncestry(bytes32 datasetId, Parent[] calldata parents, uint256 index) external;

    /**
     * @notice Re-confirms a dataset marked as derived from revoked data; the confirmation quorum of distinct
     * organisations (as for {confirm}) clears the marks shown so far. Active REGISTRAR outside the holder's
     * organisation only; not while frozen. A new mark between two re-confirmations restarts the count.
     * @param datasetId The dataset.
     */
    function reconfirm(bytes32 datasetId) external;

    /**
     * @notice Asks to transfer the holding of a confirmed dataset to `to`, an active HOLDER of the dataset's
     * jurisdiction. Holder only.
     * @dev A new request replaces a pending one, which is cancelled first ({DatasetTransferCancelled}).
     * @param datasetId The dataset.
     * @param to The proposed new holder.
     */
    function requestTransfer(bytes32 datasetId, address to) external;

    /**
     * @notice Withdraws a pending transfer request. The active holder, or an active REGULATOR (for instance when
     * the holder is suspended and can no longer withdraw it itself).
     * @param datasetId The dataset.
     */
    function cancelTransfer(bytes32 datasetId) external;

    /**
     * @notice Confirms a pending holding transfer. Active REGISTRAR outside both parties' organisations; the
     * holder must still be active.
     * @param datasetId The dataset.
     */
    function confirmTransfer(bytes32 datasetId) external;

    /**
     * @notice Freezes a dataset. Active REGULATOR only.
     * @param datasetId The dataset.
     * @param reasonHash Hash of the reasons.
     */
    function freeze(bytes32 datasetId, bytes32 reasonHash) external;

    /**
     * @notice Lifts a freeze. Active REGULATOR only.
     * @param datasetId The dataset.
     * @param reasonHash Hash of the reasons.
     */
    function unfreeze(bytes32 datasetId, bytes32 reasonHash) external;

    /**
     * @notice Retires a CONFIRMED dataset (past its notice period, unfrozen). Active holder only. It stays
     * claimed, and a quorum can still revoke it or correct its holder. A pending transfer request is cancelled
     * ({DatasetTransferCancelled}). Before the end of notice, a holder withdraws instead.
     * @param datasetId The dataset.
     */
    function retire(bytes32 datasetId) external;

    /**
     * @notice The dataset's status at the current block.
     * @param datasetId The dataset.
     * @return The status (UNREGISTERED for an unknown id).
     */
    function status(bytes32 datasetId) external view returns (DatasetStatus);

    /**
     * @notice The full record of a dataset. Reverts for an unknown id.
     * @param datasetId The dataset.
     * @return The record.
     */
    function getDataset(bytes32 datasetId) external view returns (DatasetRecord memory);

    /**
     * @notice What other contracts need to decide on a dataset (holder, status, classification).
     * @dev Reverts for an unknown id.
     * @param datasetId The dataset.
     * @return The profile.
     */
    function profileOf(bytes32 datasetId) external view returns (Profile memory);

    /**
     * @notice The decision being voted on a dataset (all zero when none).
     * @param datasetId The dataset.
     * @return The pending decision.
     */
    function decisionOf(bytes32 datasetId) external view returns (Decision memory);

    /**
     * @notice Where an organisation's objection to the dataset's current claim stands.
     * @param datasetId The dataset.
     * @param organisation The organisation.
     * @return NONE, OPEN, DISMISSED or UPHELD.
     */
    function objectionOf(bytes32 datasetId, address organisation) external view returns (ObjectionStatus);

    /**
     * @notice The organisations whose objections to the dataset are open.
     * @param datasetId The dataset.
     * @return The organisations, in the order they objected.
     */
    function openObjectors(bytes32 datasetId) external view returns (address[] memory);

    /**
     * @notice The id a content hash registers under.
     * @param algorithm The hash function.
     * @param contentHash The content hash.
     * @return The dataset id.
     */
    function datasetIdOf(HashAlgorithm algorithm, bytes32 contentHash) external pure returns (bytes32);

    /**
     * @notice The hash algorithm of every registration (fixed at deployment).
     * @return The algorithm.
     */
    function hashAlgorithm() external view returns (HashAlgorithm);

    /**
     * @notice The public notice period after the last confirmation, in seconds (fixed at deployment, between
     * {MIN_NOTICE_PERIOD} and {MAX_NOTICE_PERIOD}).
     * @return The period.
     */
    function noticePeriod() external view returns (uint256);

    /**
     * @notice The participant directory this registry consults.
     * @return The directory's address.
     */
    function directory() external view returns (address);

    /**
     * @notice The grant registry this registry consults for derivation rights.
     * @return The grant registry's address.
     */
    function grants() external view returns (address);
}
