// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {Category, DatasetStatus, Derivation, Grade, HashAlgorithm, Jurisdiction, Role} from "./DPRTypes.sol";

/**
 * @title IDatasetRegistry
 * @notice Registrations of datasets, their versions and lineage, and the confirmation of who holds
 * them (data rights confirmation, 确权). Data never goes on chain: a registration records the hash of
 * the content, the hash and location of its metadata, and its classification.
 *
 * Life of a registration:
 * - An active HOLDER registers a content hash; the content hash registers once, ever.
 * - Registrars confirm it: one for general non-personal data, two of distinct organisations for
 *   important or personal data (and for data declassified by de-identification from such parents).
 *   A registrar never confirms its own organisation's data.
 * - After the last confirmation a public notice period runs, during which any active participant
 *   outside the holder's organisation may object with an evidence hash: the dataset is then disputed
 *   until a registrar or a regulator resolves it (dismissed: confirmed; upheld: rejected, or confirmed
 *   to a new holder). When the notice period ends quietly the dataset is confirmed with no
 *   transaction: status is computed on read.
 * - The holder may register a new version, derive new datasets, request a holding transfer (confirmed
 *   by a registrar) or retire it; a regulator may freeze and unfreeze it.
 *
 * A dataset's id is `keccak256(abi.encode(algorithm, contentHash))`, so anyone holding the file can
 * compute it.
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
     * @param confirmedAt When the last confirmation arrived and the notice period began, or zero.
     * @param noticeEndsAt When the notice period ends (or ended), or zero before confirmation.
     * @param frozen Whether a regulator has frozen it.
     * @param superseded Whether a newer version has been registered.
     * @param declassified Whether its grade or personal-data flag is below a parent's by de-identification.
     * @param settled Whether a dispute over it was resolved (no further objections).
     * @param pendingTransferTo The recipient of a requested holding transfer, or zero.
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
        bool settled;
        address pendingTransferTo;
    }

    /**
     * @notice The facts another contract needs to decide on a dataset, read from one storage slot.
     * @param status The status at the current block.
     * @param holder The holder of record.
     * @param category The data category.
     * @param grade The data grade.
     * @param containsPersonalData Whether the content contains personal information.
     * @param jurisdiction Where the data is held.
     */
    struct Profile {
        DatasetStatus status;
        address holder;
        Category category;
        Grade grade;
        bool containsPersonalData;
        Jurisdiction jurisdiction;
    }

    /**
     * @notice A dataset was registered.
     * @param datasetId The new dataset's id.
     * @param holder The registering holder.
     * @param versionOf The previous version, or zero for a new series.
     * @param algorithm The hash function of `contentHash`.
     * @param contentHash The content hash.
     * @param metadataHash The metadata document's hash, or zero.
     * @param metadataURI The metadata document's location, or empty.
     * @param category The data category.
     * @param grade The data grade.
     * @param containsPersonalData Whether it contains personal information.
     * @param sector The sector code.
     * @param jurisdiction Where the data is held.
     * @param requiredConfirmations How many registrars must confirm it.
     * @param declassified Whether its classification is below a parent's by de-identification.
     */
    event DatasetRegistered(
        bytes32 indexed datasetId,
        address indexed holder,
        bytes32 indexed versionOf,
        HashAlgorithm algorithm,
        bytes32 contentHash,
        bytes32 metadataHash,
        string metadataURI,
        Category category,
        Grade grade,
        bool containsPersonalData,
        uint16 sector,
        Jurisdiction jurisdiction,
        uint8 requiredConfirmations,
        bool declassified
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
     * @notice A participant objected to a dataset during its notice period (or added to a dispute).
     * @param datasetId The dataset, now disputed.
     * @param objector The objecting participant.
     * @param evidenceHash Hash of the evidence.
     */
    event DatasetObjected(bytes32 indexed datasetId, address indexed objector, bytes32 evidenceHash);

    /**
     * @notice A dispute was resolved.
     * @param datasetId The dataset.
     * @param resolver The registrar or regulator who decided.
     * @param upheld Whether the objection was upheld.
     * @param previousHolder The holder before the decision.
     * @param holder The holder after the decision.
     * @param status The dataset's status after the decision: CONFIRMED or REJECTED (FROZEN while a freeze holds).
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
     * @notice The content hash is already registered.
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
     * @notice Registers a dataset, a new version of one (`versionOf`), or a derived dataset (`parents`).
     * @dev The caller must be an active HOLDER, and the data is declared held in the caller's own jurisdiction
     * ({DatasetRegistryJurisdictionMismatch}). For a new version the caller must hold `versionOf`, which
     * must be CONFIRMED and the latest of its series; the version keeps its predecessor's classification
     * (grade, personal-data flag and category at least as high). Every parent must be CONFIRMED, and the
     * caller must hold it or have an active HOLDING or PROCESSING_USE grant on it; a grade or personal-data
     * flag below a parent's is allowed only for a DE_IDENTIFICATION derivation, and marks the dataset
     * declassified.
     * @param registration What to register.
     * @return datasetId The new dataset's id.
     */
    function register(Registration calldata registration) external returns (bytes32 datasetId);

    /**
     * @notice Confirms a pending dataset. Active REGISTRAR outside the holder's organisation only.
     * @param datasetId The dataset.
     */
    function confirm(bytes32 datasetId) external;

    /**
     * @notice Objects to a dataset in its notice period, or adds evidence to a dispute; never while it is frozen.
     * @param datasetId The dataset.
     * @param evidenceHash Hash of the evidence (non-zero).
     */
    function object(bytes32 datasetId, bytes32 evidenceHash) external;

    /**
     * @notice Resolves a dispute, unless the dataset is frozen. An active REGULATOR, or an active REGISTRAR outside
     * the holder's organisation (and outside the new holder's, when it names one).
     * @param datasetId The disputed dataset.
     * @param upheld Whether the objection is upheld.
     * @param newHolder With `upheld`: the rightful holder, an active HOLDER of the dataset's jurisdiction; or zero
     * to reject the registration.
     * @param decisionHash Hash of the decision (non-zero).
     */
    function resolve(bytes32 datasetId, bool upheld, address newHolder, bytes32 decisionHash) external;

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
     * @notice Retires a pending or confirmed, unfrozen dataset. Holder only. A pending transfer request is
     * cancelled ({DatasetTransferCancelled}).
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
     * @notice The id a content hash registers under.
     * @param algorithm The hash function.
     * @param contentHash The content hash.
     * @return The dataset id.
     */
    function datasetIdOf(HashAlgorithm algorithm, bytes32 contentHash) external pure returns (bytes32);

    /**
     * @notice The public notice period after the last confirmation, in seconds (fixed at deployment).
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
