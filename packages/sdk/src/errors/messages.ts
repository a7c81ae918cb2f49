import { keccak256, toBytes } from "viem";
import { HashAlgorithm, Jurisdiction } from "../generated/enums.js";
import { roleNames } from "../names.js";
import { ZONE_OFFICE_POWERS, type ZoneOfficeName, zoneOfficeName } from "../offices.js";
import type { batchAnchorRegistryAbi, datasetRegistryAbi, grantRegistryAbi, participantDirectoryAbi, requestForwarderAbi } from "../generated/abis.js";

/** The name of a custom error of one of the four DPR contracts (OpenZeppelin's inherited ones included). */
export type DprContractErrorName = Extract<
  | (typeof participantDirectoryAbi)[number]
  | (typeof datasetRegistryAbi)[number]
  | (typeof grantRegistryAbi)[number]
  | (typeof batchAnchorRegistryAbi)[number]
  | (typeof requestForwarderAbi)[number],
  { type: "error" }
>["name"];

/** What a message template gets: the error's arguments by name, and the contract function that refused. */
export interface ErrorMessageContext {
  args: Readonly<Record<string, unknown>>;
  functionName: string | undefined;
}

/** A readable message, with an optional hint on what to do. */
export interface ErrorMessage {
  message: string;
  hint?: string;
}

const roleWords = ["holder", "registrar", "regulator", "auditor"];
const datasetStatusWords = [
  "not registered",
  "pending confirmation",
  "in its notice period",
  "confirmed",
  "disputed",
  "rejected",
  "frozen",
  "retired",
  "refused",
  "withdrawn",
  "revoked",
];
const grantStatusWords = [
  "unknown",
  "awaiting a regulator's acknowledgement",
  "active",
  "suspended",
  "revoked",
  "denied",
  "expired",
  "scheduled (not started yet)",
];
const gradeWords = ["general", "important", "core"];
const categoryWords = ["public", "enterprise", "personal"];
const mechanismWords = [
  "no transfer mechanism",
  "the GBA standard contract for Hong Kong (GBA_SC_HK)",
  "the GBA standard contract for Macao (GBA_SC_MO)",
  "the standard contract (STANDARD_CONTRACT)",
  "certification (CERTIFICATION)",
  "the security assessment (SECURITY_ASSESSMENT)",
  "an exemption (EXEMPT)",
];

function word(words: readonly string[], value: unknown, what: string): string {
  return words[Number(value)] ?? `${what} ${String(value)}`;
}
const s = (value: unknown): string => String(value);
const jurisdictionNames = Object.fromEntries(Object.entries(Jurisdiction).map(([name, value]) => [value, name]));
const algorithmNames = Object.fromEntries(Object.entries(HashAlgorithm).map(([name, value]) => [value, name]));
const algorithm = (value: unknown) => algorithmNames[Number(value)]?.toLowerCase() ?? `algorithm ${s(value)}`;
const jurisdiction = (value: unknown) => jurisdictionNames[Number(value)] ?? `jurisdiction ${s(value)}`;
const role = (value: unknown) => word(roleWords, value, "role");
const datasetStatus = (value: unknown) => word(datasetStatusWords, value, "status");
const grantStatus = (value: unknown) => word(grantStatusWords, value, "status");
const grade = (value: unknown) => word(gradeWords, value, "grade");
const mechanism = (value: unknown) => word(mechanismWords, value, "mechanism");
const right = (value: unknown) => word(["holding", "processing/use", "product operation"], value, "right");

/** Seconds as the largest whole unit that fits: "400 days", "3 hours". */
function duration(value: unknown): string {
  const seconds = Number(value);
  for (const [unit, size] of [["day", 86_400], ["hour", 3_600], ["minute", 60]] as const) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size} ${unit}${seconds === size ? "" : "s"}`;
  }
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

function time(value: unknown): string {
  const seconds = Number(value);
  if (seconds === 0) return "now";
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? s(value) : date.toISOString().replace(".000Z", "Z");
}

/** What each function needs of a dataset's status, to complete "dataset X is <status>: …". */
const datasetStatusRequirement: Record<string, string> = {
  confirm: "only a pending dataset can be confirmed",
  refuse: "only a pending dataset in review (neither disputed nor frozen) can be refused",
  withdraw: "only a pending or in-notice dataset (neither disputed nor frozen) can be withdrawn; after the notice period the holder retires it",
  object: "objections are taken from submission to the end of the notice period (pending, in notice or disputed), never while the dataset is frozen",
  resolve: "only a disputed dataset that is not frozen can be resolved",
  correct: "only a confirmed or retired dataset (past its notice period, not frozen) can be revoked or have its holder corrected",
  markRevokedAncestry: "a refused, withdrawn or rejected registration is not marked",
  reconfirm: "that is not allowed in this status",
  requestTransfer: "only a confirmed dataset can be transferred",
  confirmTransfer: "only a confirmed dataset can be transferred",
  freeze: "a frozen, rejected or retired dataset cannot be frozen",
  retire: "only a confirmed dataset (past its notice period, not frozen) can be retired; before the end of notice the holder withdraws it",
  register: "only a confirmed dataset (past its notice period, neither disputed nor frozen) can get a new version or be derived from",
  grant: "only a confirmed dataset can be granted",
};

const grantStatusRequirement: Record<string, string> = {
  acknowledge: "only a grant awaiting acknowledgement can be acknowledged",
  deny: "only a grant awaiting acknowledgement can be denied",
  suspend: "only an active or scheduled grant can be suspended",
  reinstate: "only a suspended grant can be reinstated",
  revoke: "only a live grant (awaiting acknowledgement, active, scheduled or suspended) can be revoked",
};

const unauthorizedInDirectory: Record<string, string> = {
  setMetadataURI: "only the participant itself or the zone admin changes its profile",
};

/** What only the zone admin does, by directory function, for OwnableUnauthorizedAccount. */
const officeOnly: Record<string, string> = {
  addParticipant: "only the onboarding office onboards participants and adds accounts to organisations; registrars do not",
  attestName: "only the onboarding office attests an organisation's name; a participant changes only its self-declared profile",
  removeParticipant: "only the onboarding office removes accounts",
  setLegalIdentity: "only the onboarding office re-commits an organisation's legal identity",
  setRoles: "only the onboarding office changes a participant's roles",
  suspend: "only the discipline office suspends participants",
  reinstate: "only the discipline office reinstates participants",
  pause: "only the pause office pauses the zone",
  unpause: "only the pause office ends a pause early",
  migrate: "only the migration office closes the deployment",
  grantRole: "only governance, the zone's timelock, grants the offices: propose it with dpr admin propose",
  revokeRole: "only governance, the zone's timelock, revokes the offices: propose it with dpr admin propose",
  beginDefaultAdminTransfer: "only governance hands governance over",
};

/** The zone timelock's own roles (OpenZeppelin TimelockController), by hash. */
const timelockRoles: Readonly<Record<string, string>> = Object.fromEntries(
  (["PROPOSER", "EXECUTOR", "CANCELLER"] as const).map((role) => [keccak256(toBytes(`${role}_ROLE`)), `${role.toLowerCase()}`]),
);

const officeWords: Readonly<Record<ZoneOfficeName, string>> = {
  GOVERNANCE: "governance",
  ONBOARDING: "onboarding office",
  DISCIPLINE: "discipline office",
  PAUSE: "pause office",
  MIGRATION: "migration office",
};

const missingEvidence: Record<string, string> = {
  filingRef: "every cross-border mechanism but EXEMPT needs the regulator's filing reference (evidence filingRef)",
  contractHash: "the GBA standard contracts and the standard contract need the signed contract's hash (evidence contractHash)",
  impactAssessmentHash: "personal data leaving its region needs the impact assessment's hash (evidence impactAssessmentHash)",
  consentRecordsRoot: "personal data given to another organisation needs the consent records' root (evidence consentRecordsRoot)",
};

type Template = (context: ErrorMessageContext) => ErrorMessage;

/**
 * A readable message for every custom error of the DPR contracts. Keyed by error name, so a new
 * error in the contracts fails the type check here (and the test that walks the ABIs).
 */
export const contractErrorMessages: { readonly [name in DprContractErrorName]: Template } = {
  // ParticipantDirectory (and OpenZeppelin's AccessControlDefaultAdminRules, which it inherits)
  AccessControlUnauthorizedAccount: ({ args, functionName }) => {
    const office = zoneOfficeName(String(args.neededRole) as `0x${string}`);
    const timelockRole = timelockRoles[String(args.neededRole).toLowerCase()];
    if (office === undefined && timelockRole !== undefined) {
      return {
        message: `${s(args.account)} is not the zone timelock's ${timelockRole}`,
        hint: "only the zone's multisig schedules and cancels the timelock's operations: dpr admin propose, approve, execute",
      };
    }
    return {
      message: `${s(args.account)} does not hold the zone's ${office === undefined ? String(args.neededRole) : officeWords[office]}`,
      hint:
        (functionName ? officeOnly[functionName] : undefined) ??
        (office === undefined ? "only the office that holds this role may do this" : `the ${officeWords[office]} ${ZONE_OFFICE_POWERS[office]}`),
    };
  },
  AccessControlBadConfirmation: () => ({
    message: "an account can only renounce its own office",
    hint: "governance revokes another account's office with revokeRole",
  }),
  AccessControlEnforcedDefaultAdminDelay: ({ args }) => ({
    message: `the handover of governance cannot be accepted yet: it can from ${time(args.schedule)}`,
  }),
  AccessControlEnforcedDefaultAdminRules: () => ({
    message: "governance is handed over in two steps, never granted or revoked directly",
    hint: "use transferZoneAdmin, then acceptZoneAdmin from the new governance",
  }),
  AccessControlInvalidDefaultAdmin: ({ args }) => ({
    message: `${s(args.defaultAdmin)} is not the pending governance`,
    hint: "only the account named with transferZoneAdmin can accept governance",
  }),
  SafeCastOverflowedUintDowncast: ({ args }) => ({ message: `a value does not fit in ${String(args.bits)} bits` }),
  ParticipantDirectoryAlreadyPaused: ({ args }) => ({ message: `the zone is already paused, until ${time(args.until)}` }),
  ParticipantDirectoryNotPaused: () => ({ message: "the zone is not paused" }),
  ParticipantDirectoryPauseTooLong: ({ args }) => ({
    message: `a pause lasts more than nothing and at most ${String(args.maximum)} s (3 days), not ${String(args.duration)} s`,
  }),
  ParticipantDirectoryPauseCoolingDown: ({ args }) => ({
    message: `the pause office may pause again only from ${time(args.ready)}, a day after the last pause ended`,
    hint: "governance may pause at once, through its timelock",
  }),
  ParticipantDirectoryPaused: ({ args }) => ({
    message: `the zone is paused: no new registrations, anchors or grants until ${time(args.until)}`,
    hint: "confirmations, objections, decisions, revocations and acknowledgements go on during a pause",
  }),
  ParticipantDirectoryMigrated: ({ args }) => ({
    message: `this deployment takes nothing new: the zone moved to the deployment whose directory is ${s(args.successor)}`,
    hint: "register and grant on the successor deployment",
  }),
  ParticipantDirectoryAlreadyRegistered: ({ args }) => ({ message: `${s(args.account)} is already a participant` }),
  ParticipantDirectoryAlreadySuspended: ({ args }) => ({ message: `participant ${s(args.account)} is already suspended` }),
  ParticipantDirectoryCannotRenounce: () => ({
    message: "the zone's governance cannot be renounced or handed to the zero address: the zone would have none",
    hint: "transfer it to another account (the zone's timelock) instead",
  }),
  ParticipantDirectoryInvalidName: () => ({
    message: "an organisation's name must be one line of 1 to 256 bytes, without control characters",
    hint: "shorten it or remove line breaks and tabs (encodeOrganisationName checks a name before it is sent)",
  }),
  ParticipantDirectoryInvalidRoles: ({ args }) => ({
    message:
      Number(args.roles) === 0
        ? "a participant needs at least one role"
        : `role bitmask ${s(args.roles)} names roles that do not exist`,
    hint: "use any of HOLDER, REGISTRAR, REGULATOR, AUDITOR",
  }),
  ParticipantDirectoryRolesBeyondOrganisation: ({ args }) => ({
    message: `an organisation's key gives its officers only the organisation's roles (${roleList(args.organisationRoles)}), not ${roleList(args.roles)}`,
    hint: "ask the onboarding office to give the organisation the role first",
  }),
  ParticipantDirectoryLegalIdentityTaken: ({ args }) => ({
    message: `legal identity ${s(args.legalIdHash)} already names the organisation of ${s(args.organisation)}`,
    hint: "each organisation needs its own commitment: check the identifier and that every organisation is re-committed with the same new secret",
  }),
  ParticipantDirectoryMissingLegalIdentity: () => ({ message: "a participant needs a legal-identity hash" }),
  ParticipantDirectoryNotOrganisationKey: ({ args }) => ({
    message: `${s(args.caller)} is neither the onboarding office nor the designated key of organisation ${s(args.organisation)}`,
    hint: "an organisation's officers are added and removed by its designated key (dpr organisation show gives it) or by the onboarding office",
  }),
  ParticipantDirectoryNotSuspended: ({ args }) => ({ message: `participant ${s(args.account)} is not suspended` }),
  ParticipantDirectorySuspended: ({ args }) => ({
    message: `participant ${s(args.account)} is suspended and cannot change its own record`,
  }),
  ParticipantDirectoryUnauthorized: ({ args, functionName }) => {
    const rule = functionName ? unauthorizedInDirectory[functionName] : undefined;
    return { message: `${s(args.caller)} is not allowed to do this${rule ? `: ${rule}` : " in the participant directory"}` };
  },
  ParticipantDirectoryUnknownOrganisation: ({ args }) => ({
    message: `${s(args.account)} is not an organisation`,
    hint: "name the organisation's first account (dpr participant show gives it as organisation)",
  }),
  ParticipantDirectoryUnknownParticipant: ({ args }) => ({ message: `${s(args.account)} is not a participant` }),
  ParticipantDirectoryZeroAddress: () => ({ message: "the zero address cannot be a participant" }),

  // DatasetRegistry
  DatasetRegistryAlreadyConfirmedBy: ({ args }) => ({
    message: `the organisation of ${s(args.organisation)} has already confirmed dataset ${s(args.datasetId)}`,
    hint: "the second confirmation must come from a registrar of another organisation",
  }),
  DatasetRegistryAlreadyRegistered: ({ args }) => ({
    message: `this content is already registered as dataset ${s(args.datasetId)}`,
    hint: "content is claimed once at a time (until that claim is refused, withdrawn or rejected); to contest who holds it, object to that dataset before its notice period ends",
  }),
  DatasetRegistryAlreadyVoted: ({ args }) => ({
    message: `the organisation of ${s(args.organisation)} has already voted for this outcome on dataset ${s(args.datasetId)}`,
    hint: "the quorum needs a vote from a registrar or regulator of another independent organisation",
  }),
  DatasetRegistryAncestryNotRevoked: ({ args }) => ({
    message: `dataset ${s(args.datasetId)} is not marked as derived from revoked data: there is nothing to re-confirm`,
  }),
  DatasetRegistryAncestryRevoked: ({ args }) => ({
    message: `dataset ${s(args.datasetId)} is marked as derived from revoked data: it cannot be versioned or built on`,
    hint: "a registrar of another organisation re-confirms it first (dpr reconfirm)",
  }),
  DatasetRegistryCoreDataRefused: () => ({
    message: "core data is never registered for circulation (Data Security Law, art. 21)",
  }),
  DatasetRegistryDuplicateParent: ({ args }) => ({ message: `parent dataset ${s(args.parentId)} is named twice` }),
  DatasetRegistryEmptyContentHash: () => ({ message: "the content hash is zero" }),
  DatasetRegistryEmptyHash: ({ functionName }) => ({
    message:
      functionName === "object"
        ? "the evidence hash is zero: an objection needs evidence"
        : functionName === "resolve" || functionName === "correct"
          ? "the decision hash is zero: a decision records its reasons"
          : functionName === "refuse"
            ? "the reason hash is zero: a refusal records its reasons"
            : "a required hash is zero",
  }),
  DatasetRegistryCategoryBelowParent: ({ args }) => ({
    message: `a new version of ${s(args.parentId)} (${word(categoryWords, args.parentCategory, "category")} data) cannot be of the ${word(categoryWords, args.category, "category")} category`,
    hint: "a version keeps its predecessor's classification; derive a de-identified dataset to declassify",
  }),
  DatasetRegistryGradeBelowParent: ({ args }) => ({
    message: `a dataset derived from or versioning ${s(args.parentId)} (${grade(args.parentGrade)} data) cannot be graded ${grade(args.grade)}`,
    hint: "only a de-identification may lower the grade; a new version never does",
  }),
  DatasetRegistryHolderCannotObject: ({ args }) => ({
    message: `${s(args.objector)} belongs to the holder's organisation and cannot object to dataset ${s(args.datasetId)}`,
  }),
  DatasetRegistryInactiveParticipant: ({ args }) => ({ message: `${s(args.account)} is not an active participant` }),
  DatasetRegistryInconsistentPersonalData: () => ({
    message: "a dataset of the PERSONAL category must be flagged as containing personal data",
  }),
  DatasetRegistryInvalidNewHolder: ({ args }) => ({
    message: `${s(args.account)} cannot become the holder: it is not an active holder, or it is the holder already`,
  }),
  DatasetRegistryJurisdictionMismatch: ({ args }) => ({
    message: `${s(args.account)} is established in ${jurisdiction(args.accountJurisdiction)}, but the data is held in ${jurisdiction(args.dataJurisdiction)}`,
    hint: "data is registered, transferred and awarded only within the jurisdiction where it is held: an account the admin onboarded there registers or takes it; moving it across a border is a grant under a transfer mechanism",
  }),
  DatasetRegistryMissingRole: ({ args }) => ({ message: `${s(args.account)} is not an active ${role(args.role)}` }),
  DatasetRegistryNoticePeriodOutOfBounds: ({ args }) => ({
    message: `a notice period of ${s(args.period)} s is outside the allowed ${s(args.min)} s to ${s(args.max)} s`,
    hint: "use 10 s or more for demos and tests (and move the chain's clock), at most 365 days",
  }),
  DatasetRegistryNotIndependent: ({ args }) => ({
    message: `${s(args.account)} may not decide on dataset ${s(args.datasetId)}: its organisation (${s(args.organisation)}) is the holder's, an objector's, a confirmer's or the proposed holder's`,
    hint: "a decision needs registrars or regulators of organisations independent of everyone concerned",
  }),
  DatasetRegistryNothingToMark: ({ args }) => ({
    message: `dataset ${s(args.parentId)} does not mark dataset ${s(args.datasetId)}: it is neither revoked nor marked as derived from revoked data, or this mark is already there (or was cleared by a re-confirmation)`,
  }),
  DatasetRegistryObjectionDismissed: ({ args }) => ({
    message: `the objection of the organisation of ${s(args.organisation)} to dataset ${s(args.datasetId)} was dismissed; it may not object to this registration again`,
  }),
  DatasetRegistryObjectionOpen: ({ args }) => ({
    message: `the organisation of ${s(args.organisation)} already has an open objection to dataset ${s(args.datasetId)}`,
    hint: "one open objection per organisation: wait for the decision",
  }),
  DatasetRegistryParentsMismatch: ({ args }) => ({
    message: `the parent list given is not the one dataset ${s(args.datasetId)} was registered with, or the index is outside it`,
    hint: "give the parents exactly as registered, in order (the SDK reads them from the DatasetDerived events)",
  }),
  DatasetRegistryNoPendingTransfer: ({ args }) => ({
    message: `no holding transfer is pending for dataset ${s(args.datasetId)}`,
  }),
  DatasetRegistryNoRightToDerive: ({ args }) => ({
    message: `${s(args.account)} may not derive from dataset ${s(args.parentId)}: it neither holds it nor has an active holding or processing/use grant on it`,
  }),
  DatasetRegistryNotFrozen: ({ args }) => ({ message: `dataset ${s(args.datasetId)} is not frozen` }),
  DatasetRegistryNotHolder: ({ args }) => ({
    message: `${s(args.account)} is not the holder of dataset ${s(args.datasetId)}`,
  }),
  DatasetRegistryNotHolderOrRegulator: ({ args }) => ({
    message: `${s(args.account)} is neither the holder of dataset ${s(args.datasetId)} nor an active regulator`,
  }),
  DatasetRegistryNotRegistrarOrRegulator: ({ args }) => ({
    message: `${s(args.account)} is neither an active registrar nor an active regulator`,
  }),
  DatasetRegistryOnceConfirmed: ({ args }) => ({
    message: `dataset ${s(args.datasetId)} was confirmed before a quorum corrected its holder, so it is not withdrawn`,
    hint: "it has had grants and children: retire it after its notice period, or ask for a revocation",
  }),
  DatasetRegistryOwnOrganisation: ({ args, functionName }) => ({
    message: `${s(args.registrar)} belongs to the organisation of ${
      functionName === "confirmTransfer" || functionName === "resolve" ? "a party to" : "the holder of"
    } dataset ${s(args.datasetId)}`,
    hint: "a registrar never acts on its own organisation's data: ask a registrar of another organisation",
  }),
  DatasetRegistryPersonalDataDropped: ({ args }) => ({
    message: `dataset ${s(args.parentId)} contains personal data, so a dataset derived from it or a new version of it must be flagged as containing personal data too`,
    hint: "only a de-identification may drop the flag; a new version never does",
  }),
  DatasetRegistrySuperseded: ({ args }) => ({
    message: `dataset ${s(args.datasetId)} already has a newer version`,
    hint: "only the latest version of a series can get a new version",
  }),
  DatasetRegistryTooManyParents: ({ args }) => ({
    message: `${s(args.count)} parents given, at most ${s(args.max)} are allowed`,
  }),
  DatasetRegistryUnknownDataset: ({ args }) => ({ message: `dataset ${s(args.datasetId)} is not registered` }),
  DatasetRegistryWrongStatus: ({ args, functionName }) => ({
    message: `dataset ${s(args.datasetId)} is ${datasetStatus(args.status)}: ${
      (functionName && datasetStatusRequirement[functionName]) || "that is not allowed in this status"
    }`,
  }),
  DatasetRegistryWrongAlgorithm: ({ args }) => ({
    message: `this deployment registers ${algorithm(args.deployment)} content hashes, not ${algorithm(args.given)}`,
    hint: "hash the content with the deployment's algorithm (dpr uses it unless --alg says otherwise)",
  }),
  DatasetRegistryZeroAddress: () => ({
    message: "the dataset registry cannot be deployed with a zero address for the directory or the grant registry",
  }),

  // GrantRegistry
  GrantRegistryAncestryRevoked: ({ args }) => ({
    message: `dataset ${s(args.datasetId)} is marked as derived from revoked data: nothing is granted on it until a registrar re-confirms it`,
  }),
  GrantRegistryDatasetNotGrantable: ({ args }) => ({
    message: `dataset ${s(args.datasetId)} is ${datasetStatus(args.status)}: only a confirmed dataset can be granted`,
  }),
  GrantRegistryDuplicateGrant: ({ args }) => ({
    message: `the grantee already has a live grant of this right on this dataset (grant ${s(args.grantId)})`,
    hint: "revoke it first, or wait until it expires",
  }),
  GrantRegistryExpiryRequired: () => ({
    message: "this grant needs an expiry: personal, important and cross-border grants have one, and so does every grant on data whose border conditions limit the term",
  }),
  GrantRegistryDatasetNotOpen: ({ args }) => ({
    message: `dataset ${s(args.datasetId)} is not open under its border conditions: nothing is granted on it`,
  }),
  GrantRegistryRightNotAllowed: ({ args }) => ({
    message: `the border conditions of dataset ${s(args.datasetId)} do not let the ${right(args.right)} right be granted`,
    hint: "dpr show DATASET lists the rights its conditions allow",
  }),
  GrantRegistryRegionNotAllowed: ({ args }) => ({
    message: `the border conditions of dataset ${s(args.datasetId)} do not admit a grantee established in ${jurisdiction(args.granteeJurisdiction)}`,
    hint: "dpr show DATASET says where grantees may be",
  }),
  GrantRegistryPurposeNotAllowed: ({ args }) => ({
    message: `the border conditions of dataset ${s(args.datasetId)} do not admit purpose ${s(args.purposeCode)} (its class ${Math.floor(Number(args.purposeCode) / 100) * 100} is not allowed)`,
    hint: "dpr purposes lists the codes; dpr show DATASET the classes allowed",
  }),
  GrantRegistryTermTooLong: ({ args }) => ({
    message: `the grant runs ${duration(args.term)}, longer than the ${duration(args.maxTerm)} the border conditions of dataset ${s(args.datasetId)} allow`,
  }),
  GrantRegistryInvalidBorderConditions: () => ({
    message: "these border conditions cannot be recorded: they must say how open the data is, name only the three rights, and (unless not open) allow at least one right and one purpose class",
  }),
  GrantRegistryConditionsClosed: ({ args }) => ({
    message: `dataset ${s(args.datasetId)} is ${datasetStatus(args.status)}: its border conditions can no longer change`,
  }),
  GrantRegistryNoProposedConditions: ({ args }) => ({
    message: `no loosening of the border conditions of dataset ${s(args.datasetId)} is waiting for registrars`,
  }),
  GrantRegistryProposalChanged: ({ args }) => ({
    message: `the holder of dataset ${s(args.datasetId)} has proposed other border conditions than the ones you confirmed`,
    hint: "read the proposal again (dpr conditions show) and review it before confirming",
  }),
  GrantRegistryConditionsOwnOrganisation: ({ args }) => ({
    message: `registrar ${s(args.registrar)} belongs to the holder's organisation and cannot confirm the border conditions of dataset ${s(args.datasetId)}`,
    hint: "a registrar of another organisation must confirm them",
  }),
  GrantRegistryConditionsAlreadyConfirmedBy: ({ args }) => ({
    message: `organisation ${s(args.organisation)} has already confirmed the proposed border conditions of dataset ${s(args.datasetId)}`,
    hint: "a registrar of another organisation must confirm them",
  }),
  GrantRegistryNotDatasetRegistry: ({ args }) => ({
    message: `only the dataset registry records a registration's border conditions, not ${s(args.caller)}`,
  }),
  GrantRegistryInactiveParticipant: ({ args }) => ({ message: `${s(args.account)} is not an active participant` }),
  GrantRegistryInvalidGrantee: ({ args }) => ({
    message: `${s(args.grantee)} cannot receive this grant: it is the holder itself, or not an active participant`,
  }),
  GrantRegistryInvalidPeriod: ({ args }) => ({
    message: `the grant's period is invalid (starts ${time(args.startsAt)}, expires ${time(args.expiresAt)})`,
    hint: "the start must not be in the past, and the expiry must be after both the start and now",
  }),
  GrantRegistryMechanismNotAllowed: ({ args }) => {
    if (!args.crossBorder) {
      return {
        message: `this grant stays within one region, so it takes no transfer mechanism (got ${mechanism(args.mechanism)})`,
      };
    }
    if (Number(args.mechanism) === 0) return { message: "this grant crosses a border and needs a transfer mechanism" };
    return {
      message: `${mechanism(args.mechanism)} does not fit this cross-border grant`,
      hint: "the GBA standard contract covers only the GBA's nine mainland cities (GZ, SHENZHEN, ZHUHAI, FOSHAN, HUIZHOU, DONGGUAN, ZHONGSHAN, JIANGMEN, ZHAOQING; not MAINLAND_OTHER) and Hong Kong (GBA_SC_HK) or Macao (GBA_SC_MO), and never important data; important data leaves only under SECURITY_ASSESSMENT",
    };
  },
  GrantRegistryMisconfigured: ({ args }) => ({
    message: `the grant registry was deployed against dataset registry ${s(args.datasets)}, which does not point back to it`,
  }),
  GrantRegistryMissingEvidence: ({ args }) => ({
    message: `evidence is missing: ${missingEvidence[s(args.field)] ?? `the grant needs ${s(args.field)}`}`,
  }),
  GrantRegistryMissingPurpose: () => ({ message: "the grant needs the hash of its purpose statement" }),
  GrantRegistryMissingRole: ({ args }) => ({ message: `${s(args.account)} is not an active ${role(args.role)}` }),
  GrantRegistryNotHolder: ({ args }) => ({
    message: `${s(args.account)} is not the holder of dataset ${s(args.datasetId)}`,
  }),
  GrantRegistryNotHolderOrRegulator: ({ args }) => ({
    message: `${s(args.account)} is neither the holder of grant ${s(args.grantId)}'s dataset nor an active regulator`,
  }),
  GrantRegistryOwnOrganisation: ({ args }) => ({
    message: `regulator ${s(args.regulator)} belongs to an organisation that gives or receives grant ${s(args.grantId)}`,
    hint: "a regulator of another organisation must acknowledge it",
  }),
  GrantRegistryUnknownGrant: ({ args }) => ({ message: `grant ${s(args.grantId)} does not exist` }),
  GrantRegistryWrongStatus: ({ args, functionName }) => ({
    message: `grant ${s(args.grantId)} is ${grantStatus(args.status)}: ${
      (functionName && grantStatusRequirement[functionName]) || "that is not allowed in this status"
    }`,
  }),

  // BatchAnchorRegistry
  BatchAnchorRegistryAlreadyAnchored: ({ args }) => ({
    message: `batch ${s(args.root)} is already anchored (by ${s(args.anchorer)})`,
  }),
  BatchAnchorRegistryEmptyBatch: () => ({ message: "the batch is empty or its root is zero" }),
  BatchAnchorRegistryNotHolder: ({ args }) => ({ message: `${s(args.account)} is not an active holder` }),

  // RequestForwarder (OpenZeppelin's ERC2771Forwarder): delegated requests signed off line
  ERC2771ForwarderExpiredRequest: ({ args }) => ({
    message: `the signed request expired at ${time(args.deadline)}`,
    hint: "ask the signer for a new request (dpr sign --deadline …)",
  }),
  ERC2771ForwarderInvalidSigner: ({ args }) => ({
    message: `the request's signature recovers to ${s(args.signer)}, not to its signer ${s(args.from)}`,
    hint: "it was changed after signing, signed for another chain or forwarder, or its nonce was used already (a replay)",
  }),
  ERC2771ForwarderMismatchedValue: ({ args }) => ({
    message: `the request carries ${s(args.requestedValue)} wei but the transaction sent ${s(args.msgValue)}`,
  }),
  ERC2771ForwarderNoRefundReceiver: () => ({ message: "a request of the batch failed and the batch names no refund receiver" }),
  ERC2771UntrustfulTarget: ({ args }) => ({
    message: `${s(args.target)} does not accept requests from forwarder ${s(args.forwarder)}`,
    hint: "only the deployment's dataset, grant and batch anchor registries take delegated requests",
  }),
  FailedCall: () => ({
    message: "the forwarded call was refused by the registry",
    hint: "the registry's rule is named when the call is checked as its signer (verify the request first)",
  }),
  InsufficientBalance: ({ args }) => ({ message: `the balance (${s(args.balance)} wei) is below the ${s(args.needed)} wei needed` }),
  InvalidAccountNonce: ({ args }) => ({ message: `nonce mismatch for ${s(args.account)}: its current nonce is ${s(args.currentNonce)}` }),
  InvalidShortString: () => ({ message: "the forwarder's EIP-712 name is invalid" }),
  StringTooLong: ({ args }) => ({ message: `the string is too long: ${s(args.str)}` }),
};

/** A role bitmask as names, e.g. `HOLDER, REGISTRAR`, or `no role`. */
function roleList(mask: unknown): string {
  const names = roleNames(Number(mask));
  return names.length === 0 ? "no role" : names.join(", ");
}
