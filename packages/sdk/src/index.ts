/**
 * @dpr/sdk — the DPR SDK for Node and browsers.
 *
 * This entry exports the contracts' ABIs, creation bytecode and enumerations, generated from the
 * compiled Solidity by `npm run codegen` (a check in CI fails when they are stale).
 */
export * from "./generated/abis.js";
export * from "./generated/bytecode.js";
export * from "./generated/enums.js";
export * from "./generated/safe.js";
export {
  type DeployContractsParameters,
  type DeployContractsReturnType,
  type DprContracts,
  NOTICE_PERIOD_BOUNDS,
  type ZoneOffices,
  deployContracts,
} from "./actions/deployContracts.js";
export { type CaptureCallParameters, type CapturedCall, captureCall, captureCalls } from "./actions/captureCall.js";
// Delegated signatures (ERC-2771): an officer signs off line, anyone submits.
export {
  type DelegatedCall,
  type DelegatedContract,
  type JsonValue,
  SIGNED_REQUEST_FORMAT,
  type SignedRequest,
  forwardRequestTypes,
  forwarderDomain,
} from "./delegation/signedRequest.js";
export { type DelegatedRequestProblem, DelegatedRequestError, InvalidSignedRequestError } from "./delegation/errors.js";
export {
  type SignDelegatedRequestParameters,
  type SignDelegatedRequestReturnType,
  signDelegatedRequest,
} from "./delegation/signDelegatedRequest.js";
export { parseSignedRequest } from "./delegation/parseSignedRequest.js";
export { type VerifySignedRequestReturnType, verifySignedRequest } from "./delegation/verifySignedRequest.js";
export {
  type DelegatedRequestEvent,
  type SubmitDelegatedRequestReturnType,
  submitDelegatedRequest,
} from "./delegation/submitDelegatedRequest.js";
export { ZONE_OFFICES, ZONE_OFFICE_POWERS, type ZoneOffice, type ZoneOfficeName, parseZoneOffice, zoneOfficeName } from "./offices.js";
// Governance: the zone admin as a timelocked multisig (Safe proposes, ZoneTimelock holds the admin role).
export {
  type DeployGovernanceParameters,
  type DeployGovernanceReturnType,
  TIMELOCK_DELAY_BOUNDS,
  deployGovernance,
} from "./governance/deployGovernance.js";
export { type GovernanceProblem, GovernanceError } from "./governance/errors.js";
export {
  ADMIN_PROPOSAL_FORMAT,
  type AdminProposal,
  type ProposalCall,
  type ProposalOperation,
  type ProposalSafeTransaction,
  type ProposalSignature,
} from "./governance/proposal.js";
export { parseAdminProposal } from "./governance/parseAdminProposal.js";
export { serializeAdminProposal } from "./governance/serializeAdminProposal.js";
export { type AdminCallInput, type CreateAdminProposalParameters, createAdminProposal } from "./governance/createAdminProposal.js";
export { signAdminProposal } from "./governance/signAdminProposal.js";
export { type VerifyAdminProposalReturnType, verifyAdminProposal } from "./governance/verifyAdminProposal.js";
export { type ExecuteProposalReturnType, executeProposal } from "./governance/executeProposal.js";
export { type GetProposalStatusReturnType, type ProposalStage, getProposalStatus } from "./governance/getProposalStatus.js";
export { type GrantOfficeParameters, type GrantOfficeReturnType, grantOffice } from "./actions/grantOffice.js";
export { type RevokeOfficeParameters, type RevokeOfficeReturnType, revokeOffice } from "./actions/revokeOffice.js";
export { type PauseZoneParameters, type PauseZoneReturnType, pauseZone } from "./actions/pauseZone.js";
export { type UnpauseZoneParameters, type UnpauseZoneReturnType, unpauseZone } from "./actions/unpauseZone.js";
export { type MigrateZoneParameters, type MigrateZoneReturnType, migrateZone } from "./actions/migrateZone.js";
export { type RemoveParticipantParameters, type RemoveParticipantReturnType, removeParticipant } from "./actions/removeParticipant.js";
export { type SetOrganisationKeyParameters, type SetOrganisationKeyReturnType, setOrganisationKey } from "./actions/setOrganisationKey.js";
export { type AddOfficerParameters, type AddOfficerReturnType, addOfficer } from "./actions/addOfficer.js";
export { type GetZoneGovernanceReturnType, getZoneGovernance } from "./reads/getZoneGovernance.js";
export { type GetOrganisationKeyParameters, getOrganisationKey } from "./reads/getOrganisationKey.js";
export { DprError, type DprErrorOptions, InvalidHashError } from "./errors/base.js";
// Remote signers (Web3Signer, Clef): the key stays in the signing service.
export { RemoteSignerError, type RemoteSignerProblem } from "./errors/base.js";
export {
  type CreateRemoteSignerAccountParameters,
  type CreateRemoteSignerAccountReturnType,
  type RemoteSignerFetch,
  createRemoteSignerAccount,
} from "./signers/remoteSigner.js";
export { type HashAlgorithmName, hashAlgorithmName, hashAlgorithmNames, hashAlgorithmOf } from "./hashing/algorithms.js";
export { type Hasher, createHasher } from "./hashing/createHasher.js";
export {
  MIN_ZONE_SECRET_BYTES,
  legalIdentityHash,
  normaliseLegalIdentity,
  parseZoneSecret,
} from "./hashing/legalIdentity.js";
export { type HashStreamParameters, type HashStreamReturnType, hashBytes, hashStream } from "./hashing/hashStream.js";
export {
  type Batch,
  BatchError,
  type BatchFile,
  type BatchManifest,
  type BatchProof,
  type BatchProofs,
  batchFromManifest,
  batchLeafEncoding,
  batchLeafHash,
  buildBatch,
  manifestHash,
  normaliseBatchPath,
  verifyBatchProof,
} from "./merkle/manifest.js";
export { type Deployment, type DeploymentGovernance, type DprContext, defaultDeploymentPath } from "./deployments/deployment.js";
// Write actions, names and decoded errors.
export {
  InvalidArgumentError,
  RpcUnreachableError,
  SignerRequiredError,
  TransactionFailedError,
  WrongChainError,
} from "./errors/base.js";
export { ContractRuleError, type DprContractErrorName, type DprContractName, decodeRevertData, dprErrorsAbi } from "./errors/contract.js";
export { type DecodeDprErrorOptions, decodeDprError } from "./errors/decode.js";
export { type ErrorMessage, type ErrorMessageContext, contractErrorMessages } from "./errors/messages.js";
export {
  type CategoryName,
  type DatasetStatusName,
  type DerivationName,
  type GradeName,
  type GrantStatusName,
  type JurisdictionName,
  type NameInput,
  type RightName,
  type RoleName,
  SECTORS,
  type SectorName,
  type TransferMechanismName,
  categoryName,
  datasetStatusName,
  derivationName,
  gradeName,
  grantStatusName,
  jurisdictionName,
  parseCategory,
  parseDerivation,
  parseGrade,
  parseJurisdiction,
  parseRight,
  parseRole,
  parseRoles,
  parseSector,
  parseTransferMechanism,
  rightName,
  roleName,
  roleNames,
  sectorName,
  transferMechanismName,
} from "./names.js";
export {
  MAX_ORGANISATION_NAME_BYTES,
  type OrganisationNameInput,
  declaredNameIn,
  encodeOrganisationName,
  organisationNameIn,
} from "./organisationNames.js";
export { pickLanguage } from "./languages.js";
export {
  PURPOSES,
  PURPOSE_CLASSES,
  type Purpose,
  type PurposeClass,
  type PurposeLabels,
  purposeClassOf,
  purposeLabel,
  purposesFormat,
} from "./purposes/index.js";
export { metadataDescription, metadataTitle } from "./metadata/metadataText.js";
export {
  type DocumentBorderConditions,
  type DprMetadataDocument,
  type LanguageListMap,
  type LanguageMap,
  MAX_TERM_DAYS,
  METADATA_FIELD_TYPES,
  METADATA_FORMAT,
  METADATA_SCHEMA_ID,
  type MetadataCategory,
  type MetadataChecksum,
  type MetadataContactPoint,
  type MetadataDistribution,
  type MetadataField,
  type MetadataFieldType,
  type MetadataGrade,
  type MetadataGranteeRegions,
  type MetadataJurisdiction,
  type MetadataLicence,
  type MetadataOpenness,
  type MetadataProblem,
  type MetadataPublisher,
  type MetadataRight,
  type MetadataSector,
  type MetadataSpatialCoverage,
  type MetadataTemporalCoverage,
  type ParseMetadataResult,
  UPDATE_FREQUENCIES,
  type UpdateFrequency,
} from "./metadata/document.js";
export {
  type MetadataContradiction,
  type RegistrationClassification,
  borderConditionsOf,
  metadataContradictions,
  purposeAllowed,
} from "./metadata/borderConditions.js";
export {
  type BorderConditions,
  type BorderConditionsBreach,
  type BorderConditionsInput,
  type BorderConditionsLabels,
  type GranteeRegionsLabel,
  type GranteeRegionsName,
  MAX_TERM_SECONDS,
  NO_BORDER_CONDITIONS,
  type OpennessLabel,
  type OpennessName,
  borderConditionsBreach,
  borderConditionsFromChain,
  borderConditionsLabels,
  isTighterOrEqual,
  parseBorderConditions,
  purposeClassIndex,
  regionOf,
} from "./conditions/borderConditions.js";
export {
  type ConfirmBorderConditionsParameters,
  type ConfirmBorderConditionsReturnType,
  confirmBorderConditions,
} from "./actions/confirmBorderConditions.js";
export {
  type SetBorderConditionsParameters,
  type SetBorderConditionsReturnType,
  setBorderConditions,
  toBorderConditions,
} from "./actions/setBorderConditions.js";
export { type GetBorderConditionsParameters, type GetBorderConditionsReturnType, getBorderConditions } from "./reads/getBorderConditions.js";
export { type WriteParameters, type WriteReturnType, type WriteStatus } from "./actions/internal/write.js";
export { type AcceptZoneAdminParameters, type AcceptZoneAdminReturnType, acceptZoneAdmin } from "./actions/acceptZoneAdmin.js";
export { type AcknowledgeGrantParameters, type AcknowledgeGrantReturnType, acknowledgeGrant } from "./actions/acknowledgeGrant.js";
export {
  type AddParticipantAttestation,
  type AddParticipantParameters,
  type AddParticipantReturnType,
  addParticipant,
} from "./actions/addParticipant.js";
export {
  type AnchorBatchFigures,
  type AnchorBatchParameters,
  type AnchorBatchReturnType,
  anchorBatch,
} from "./actions/anchorBatch.js";
export {
  type AttestOrganisationNameParameters,
  type AttestOrganisationNameReturnType,
  attestOrganisationName,
} from "./actions/attestOrganisationName.js";
export { type CancelTransferParameters, type CancelTransferReturnType, cancelTransfer } from "./actions/cancelTransfer.js";
export { type ConfirmDatasetParameters, type ConfirmDatasetReturnType, confirmDataset } from "./actions/confirmDataset.js";
export { type ConfirmTransferParameters, type ConfirmTransferReturnType, confirmTransfer } from "./actions/confirmTransfer.js";
export { type CorrectDatasetParameters, type CorrectDatasetReturnType, correctDataset } from "./actions/correctDataset.js";
export { type DenyGrantParameters, type DenyGrantReturnType, denyGrant } from "./actions/denyGrant.js";
export { type FreezeDatasetParameters, type FreezeDatasetReturnType, freezeDataset } from "./actions/freezeDataset.js";
export {
  type GrantEvidence,
  type GrantRightParameters,
  type GrantRightReturnType,
  grantRight,
} from "./actions/grantRight.js";
export {
  type MarkRevokedAncestryParameters,
  type MarkRevokedAncestryReturnType,
  markRevokedAncestry,
} from "./actions/markRevokedAncestry.js";
export {
  type MarkRevokedDescendantsParameters,
  type MarkRevokedDescendantsReturnType,
  markRevokedDescendants,
} from "./actions/markRevokedDescendants.js";
export { type ObjectToDatasetParameters, type ObjectToDatasetReturnType, objectToDataset } from "./actions/objectToDataset.js";
export {
  type DatasetParent,
  type RegisterDatasetParameters,
  type RegisterDatasetReturnType,
  registerDataset,
} from "./actions/registerDataset.js";
export { type ReconfirmDatasetParameters, type ReconfirmDatasetReturnType, reconfirmDataset } from "./actions/reconfirmDataset.js";
export { type RefuseDatasetParameters, type RefuseDatasetReturnType, refuseDataset } from "./actions/refuseDataset.js";
export { type ReinstateGrantParameters, type ReinstateGrantReturnType, reinstateGrant } from "./actions/reinstateGrant.js";
export {
  type ReinstateParticipantParameters,
  type ReinstateParticipantReturnType,
  reinstateParticipant,
} from "./actions/reinstateParticipant.js";
export { type RequestTransferParameters, type RequestTransferReturnType, requestTransfer } from "./actions/requestTransfer.js";
export { type ResolveDisputeParameters, type ResolveDisputeReturnType, resolveDispute } from "./actions/resolveDispute.js";
export { type RetireDatasetParameters, type RetireDatasetReturnType, retireDataset } from "./actions/retireDataset.js";
export { type RevokeGrantParameters, type RevokeGrantReturnType, revokeGrant } from "./actions/revokeGrant.js";
export {
  type SetParticipantMetadataURIParameters,
  type SetParticipantMetadataURIReturnType,
  setParticipantMetadataURI,
} from "./actions/setParticipantMetadataURI.js";
export {
  type SetParticipantLegalIdentityParameters,
  type SetParticipantLegalIdentityReturnType,
  setParticipantLegalIdentity,
} from "./actions/setParticipantLegalIdentity.js";
export {
  type SetParticipantRolesParameters,
  type SetParticipantRolesReturnType,
  setParticipantRoles,
} from "./actions/setParticipantRoles.js";
export { type SuspendGrantParameters, type SuspendGrantReturnType, suspendGrant } from "./actions/suspendGrant.js";
export {
  type SuspendParticipantParameters,
  type SuspendParticipantReturnType,
  suspendParticipant,
} from "./actions/suspendParticipant.js";
export { type TransferZoneAdminParameters, type TransferZoneAdminReturnType, transferZoneAdmin } from "./actions/transferZoneAdmin.js";
export { type UnfreezeDatasetParameters, type UnfreezeDatasetReturnType, unfreezeDataset } from "./actions/unfreezeDataset.js";
export { type WithdrawDatasetParameters, type WithdrawDatasetReturnType, withdrawDataset } from "./actions/withdrawDataset.js";
// Reads, verification and deployment records.
export { type CheckDeploymentParameters, type CheckDeploymentReturnType, checkDeployment } from "./deployments/checkDeployment.js";
export { type DeploymentCheck, DeploymentMismatchError, DeploymentNotFoundError, InvalidDeploymentError } from "./deployments/errors.js";
export { type ParseDeploymentOptions, deploymentFormat, parseDeployment } from "./deployments/parseDeployment.js";
export { serializeDeployment } from "./deployments/serializeDeployment.js";
export { type DatasetIdOfParameters, type DatasetIdOfReturnType, datasetIdOf } from "./reads/datasetIdOf.js";
export {
  type CategoryLabel,
  type DatasetStatusLabel,
  type DerivationLabel,
  type GradeLabel,
  type GrantStatusLabel,
  type JurisdictionLabel,
  type Label,
  type RightLabel,
  type RoleLabel,
  type TransferMechanismLabel,
  labels,
  toLabel,
} from "./reads/format.js";
export { type GetAttestedNamesParameters, type GetAttestedNamesReturnType, getAttestedNames } from "./reads/getAttestedNames.js";
export { type AnchorRecord, type GetAnchorParameters, type GetAnchorReturnType, getAnchor } from "./reads/getAnchor.js";
export {
  type DatasetRecord,
  type GetDatasetParameters,
  type GetDatasetReturnType,
  type RawDatasetRecord,
  getDataset,
} from "./reads/getDataset.js";
export {
  type GetDatasetByContentHashParameters,
  type GetDatasetByContentHashReturnType,
  getDatasetByContentHash,
} from "./reads/getDatasetByContentHash.js";
export {
  type DatasetHistoryEntry,
  type EventPosition,
  type GetDatasetHistoryParameters,
  type GetDatasetHistoryReturnType,
  getDatasetHistory,
} from "./reads/getDatasetHistory.js";
export {
  type GetDatasetParentsParameters,
  type GetDatasetParentsReturnType,
  getDatasetParents,
} from "./reads/getDatasetParents.js";
export { type GetDecisionParameters, type GetDecisionReturnType, type PendingDecision, getDecision } from "./reads/getDecision.js";
export { type GetHashAlgorithmReturnType, getHashAlgorithm } from "./reads/getHashAlgorithm.js";
export {
  type GetObjectionParameters,
  type GetObjectionReturnType,
  type ObjectionStatusLabel,
  getObjection,
} from "./reads/getObjection.js";
export { type GetOpenObjectorsParameters, type GetOpenObjectorsReturnType, getOpenObjectors } from "./reads/getOpenObjectors.js";
export { type GetDatasetStatusParameters, type GetDatasetStatusReturnType, getDatasetStatus } from "./reads/getDatasetStatus.js";
export { type GetGrantParameters, type GetGrantReturnType, type GrantRecord, type RawGrantRecord, getGrant } from "./reads/getGrant.js";
export { type GetLineageParameters, type GetLineageReturnType, type LineageLink, getLineage } from "./reads/getLineage.js";
export {
  type GetParticipantProfileParameters,
  type GetParticipantProfileReturnType,
  type ParticipantProfile,
  getParticipantProfile,
} from "./reads/getParticipantProfile.js";
export {
  type GetParticipantParameters,
  type GetParticipantReturnType,
  type ParticipantRecord,
  type RawParticipantRecord,
  getParticipant,
} from "./reads/getParticipant.js";
export { type HasRightParameters, type HasRightReturnType, hasRight } from "./reads/hasRight.js";
export { type VerifyBatchFileParameters, type VerifyBatchFileReturnType, verifyBatchFile } from "./reads/verifyBatchFile.js";
export {
  type VerifyBatchMembershipParameters,
  type VerifyBatchMembershipReturnType,
  verifyBatchMembership,
} from "./verify/verifyBatchMembership.js";
export { type NoticeClockParameters, type NoticeClockReturnType, noticeClock } from "./verify/noticeClock.js";
export {
  type Confirmation,
  type GrantSummary,
  type RegisteredContent,
  type UnregisteredContent,
  type VerifyContentParameters,
  type VerifyContentReturnType,
  verifyContent,
} from "./verify/verifyContent.js";
