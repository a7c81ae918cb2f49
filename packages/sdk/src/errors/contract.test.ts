import { type Abi, type AbiParameter, type Hex, encodeErrorResult } from "viem";
import { describe, expect, it } from "vitest";
import { batchAnchorRegistryAbi, datasetRegistryAbi, grantRegistryAbi, participantDirectoryAbi, requestForwarderAbi } from "../generated/abis.js";
import { DprError } from "./base.js";
import { ContractRuleError, decodeRevertData, dprErrorsAbi } from "./contract.js";
import { contractErrorMessages } from "./messages.js";
import { ZONE_OFFICES } from "../offices.js";

type AbiError = Extract<Abi[number], { type: "error" }>;

const abis = { participantDirectoryAbi, datasetRegistryAbi, grantRegistryAbi, batchAnchorRegistryAbi, requestForwarderAbi } as const;
const errors: AbiError[] = Object.values(abis).flatMap((abi) => (abi as readonly Abi[number][]).filter((i): i is AbiError => i.type === "error"));

const account = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const id = "0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829";

/** A plausible value for each parameter type the DPR errors use. */
function sample(parameter: AbiParameter): unknown {
  switch (parameter.type) {
    case "address":
      return account;
    case "bytes32":
      return id;
    case "uint8": {
      // Enums as their members: a message must name them in words.
      const enumName = "internalType" in parameter ? String(parameter.internalType).replace(/^enum /, "") : "";
      const members: Record<string, number> = { Role: 1, Grade: parameter.name === "parentGrade" ? 1 : 0, DatasetStatus: 4, GrantStatus: 4, TransferMechanism: 1 };
      return members[enumName] ?? 0;
    }
    case "uint16":
      return parameter.name === "purposeCode" ? 310 : 6;
    case "uint32":
      return 30 * 86_400;
    case "uint40":
    case "uint48":
      return parameter.name === "startsAt" ? 0 : 1_767_225_600;
    case "uint256":
      return parameter.name === "max" ? 16n : parameter.name === "term" ? 31n * 86_400n : 17n;
    case "bool":
      return true;
    case "string":
      return "impactAssessmentHash";
    default:
      throw new Error(`no sample for ${parameter.type}: add one`);
  }
}

function revertData(error: AbiError): Hex {
  return encodeErrorResult({ abi: [error], errorName: error.name, args: error.inputs.map(sample) });
}

describe("contract error messages", () => {
  it("has a message for every custom error of the four contracts, and none for errors that no longer exist", () => {
    const names = errors.map((e) => e.name).sort();
    expect(names.length).toBeGreaterThan(50);
    expect(Object.keys(contractErrorMessages).sort()).toEqual([...new Set(names)]);
  });

  it("decodes every custom error into a ContractRuleError with named arguments and a readable message", () => {
    for (const error of errors) {
      const decoded = decodeRevertData(revertData(error));
      expect(decoded, error.name).toBeInstanceOf(ContractRuleError);
      const rule = decoded as ContractRuleError;
      expect(rule.errorName).toBe(error.name);
      expect(Object.keys(rule.args)).toEqual(error.inputs.map((i) => i.name));
      expect(rule.shortMessage, error.name).not.toMatch(/undefined|NaN|\[object|null/);
      // Enum values are named in words, never shown as numbers.
      expect(rule.shortMessage, error.name).not.toMatch(/\b(role|grade|status|mechanism) \d/);
      expect(rule.shortMessage, error.name).not.toMatch(/^0x[0-9a-f]{8}$/);
    }
  });

  it("names the contract that declares the error", () => {
    for (const [key, abi] of Object.entries(abis)) {
      const contract = { participantDirectoryAbi: "ParticipantDirectory", datasetRegistryAbi: "DatasetRegistry", grantRegistryAbi: "GrantRegistry", batchAnchorRegistryAbi: "BatchAnchorRegistry", requestForwarderAbi: "RequestForwarder" }[key];
      for (const error of (abi as readonly Abi[number][]).filter((i): i is AbiError => i.type === "error")) {
        expect((decodeRevertData(revertData(error)) as ContractRuleError).contract).toBe(contract);
      }
    }
  });

  it("reads every message as a sentence about the dataset, account, role or status involved", () => {
    const messages = Object.fromEntries(
      dprErrorsAbi.map((error) => [error.name, decodeRevertData(revertData(error)).shortMessage]),
    );
    expect(messages).toMatchInlineSnapshot(`
      {
        "AccessControlBadConfirmation": "an account can only renounce its own office",
        "AccessControlEnforcedDefaultAdminDelay": "the handover of governance cannot be accepted yet: it can from 2026-01-01T00:00:00Z",
        "AccessControlEnforcedDefaultAdminRules": "governance is handed over in two steps, never granted or revoked directly",
        "AccessControlInvalidDefaultAdmin": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not the pending governance",
        "AccessControlUnauthorizedAccount": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 does not hold the zone's 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "BatchAnchorRegistryAlreadyAnchored": "batch 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is already anchored (by 0x70997970C51812dc3A010C7d01b50e0d17dc79C8)",
        "BatchAnchorRegistryEmptyBatch": "the batch is empty or its root is zero",
        "BatchAnchorRegistryNotHolder": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not an active holder",
        "DatasetRegistryAlreadyConfirmedBy": "the organisation of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 has already confirmed dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "DatasetRegistryAlreadyRegistered": "this content is already registered as dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "DatasetRegistryAlreadyVoted": "the organisation of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 has already voted for this outcome on dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "DatasetRegistryAncestryNotRevoked": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is not marked as derived from revoked data: there is nothing to re-confirm",
        "DatasetRegistryAncestryRevoked": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is marked as derived from revoked data: it cannot be versioned or built on",
        "DatasetRegistryCategoryBelowParent": "a new version of 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 (public data) cannot be of the public category",
        "DatasetRegistryCoreDataRefused": "core data is never registered for circulation (Data Security Law, art. 21)",
        "DatasetRegistryDuplicateParent": "parent dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is named twice",
        "DatasetRegistryEmptyContentHash": "the content hash is zero",
        "DatasetRegistryEmptyHash": "a required hash is zero",
        "DatasetRegistryGradeBelowParent": "a dataset derived from or versioning 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 (important data) cannot be graded general",
        "DatasetRegistryHolderCannotObject": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 belongs to the holder's organisation and cannot object to dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "DatasetRegistryInactiveParticipant": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not an active participant",
        "DatasetRegistryInconsistentPersonalData": "a dataset of the PERSONAL category must be flagged as containing personal data",
        "DatasetRegistryInvalidNewHolder": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 cannot become the holder: it is not an active holder, or it is the holder already",
        "DatasetRegistryJurisdictionMismatch": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is established in GZ, but the data is held in GZ",
        "DatasetRegistryMissingRole": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not an active registrar",
        "DatasetRegistryNoPendingTransfer": "no holding transfer is pending for dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "DatasetRegistryNoRightToDerive": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 may not derive from dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829: it neither holds it nor has an active holding or processing/use grant on it",
        "DatasetRegistryNotFrozen": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is not frozen",
        "DatasetRegistryNotHolder": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not the holder of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "DatasetRegistryNotHolderOrRegulator": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is neither the holder of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 nor an active regulator",
        "DatasetRegistryNotIndependent": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 may not decide on dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829: its organisation (0x70997970C51812dc3A010C7d01b50e0d17dc79C8) is the holder's, an objector's, a confirmer's or the proposed holder's",
        "DatasetRegistryNotRegistrarOrRegulator": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is neither an active registrar nor an active regulator",
        "DatasetRegistryNothingToMark": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 does not mark dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829: it is neither revoked nor marked as derived from revoked data, or this mark is already there (or was cleared by a re-confirmation)",
        "DatasetRegistryNoticePeriodOutOfBounds": "a notice period of 17 s is outside the allowed 17 s to 16 s",
        "DatasetRegistryObjectionDismissed": "the objection of the organisation of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 to dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 was dismissed; it may not object to this registration again",
        "DatasetRegistryObjectionOpen": "the organisation of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 already has an open objection to dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "DatasetRegistryOnceConfirmed": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 was confirmed before a quorum corrected its holder, so it is not withdrawn",
        "DatasetRegistryOwnOrganisation": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 belongs to the organisation of the holder of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "DatasetRegistryParentsMismatch": "the parent list given is not the one dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 was registered with, or the index is outside it",
        "DatasetRegistryPersonalDataDropped": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 contains personal data, so a dataset derived from it or a new version of it must be flagged as containing personal data too",
        "DatasetRegistrySuperseded": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 already has a newer version",
        "DatasetRegistryTooManyParents": "17 parents given, at most 16 are allowed",
        "DatasetRegistryUnknownDataset": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is not registered",
        "DatasetRegistryWrongAlgorithm": "this deployment registers sha256 content hashes, not sha256",
        "DatasetRegistryWrongStatus": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is disputed: that is not allowed in this status",
        "DatasetRegistryZeroAddress": "the dataset registry cannot be deployed with a zero address for the directory or the grant registry",
        "ERC2771ForwarderExpiredRequest": "the signed request expired at 2026-01-01T00:00:00Z",
        "ERC2771ForwarderInvalidSigner": "the request's signature recovers to 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, not to its signer 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "ERC2771ForwarderMismatchedValue": "the request carries 17 wei but the transaction sent 17",
        "ERC2771ForwarderNoRefundReceiver": "a request of the batch failed and the batch names no refund receiver",
        "ERC2771UntrustfulTarget": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 does not accept requests from forwarder 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "FailedCall": "the forwarded call was refused by the registry",
        "GrantRegistryAncestryRevoked": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is marked as derived from revoked data: nothing is granted on it until a registrar re-confirms it",
        "GrantRegistryConditionsAlreadyConfirmedBy": "organisation 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 has already confirmed the proposed border conditions of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "GrantRegistryConditionsClosed": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is disputed: its border conditions can no longer change",
        "GrantRegistryConditionsOwnOrganisation": "registrar 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 belongs to the holder's organisation and cannot confirm the border conditions of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "GrantRegistryDatasetNotGrantable": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is disputed: only a confirmed dataset can be granted",
        "GrantRegistryDatasetNotOpen": "dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is not open under its border conditions: nothing is granted on it",
        "GrantRegistryDuplicateGrant": "the grantee already has a live grant of this right on this dataset (grant 17)",
        "GrantRegistryExpiryRequired": "this grant needs an expiry: personal, important and cross-border grants have one, and so does every grant on data whose border conditions limit the term",
        "GrantRegistryInactiveParticipant": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not an active participant",
        "GrantRegistryInvalidBorderConditions": "these border conditions cannot be recorded: they must say how open the data is, name only the three rights, and (unless not open) allow at least one right and one purpose class",
        "GrantRegistryInvalidGrantee": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 cannot receive this grant: it is the holder itself, or not an active participant",
        "GrantRegistryInvalidPeriod": "the grant's period is invalid (starts now, expires 2026-01-01T00:00:00Z)",
        "GrantRegistryMechanismNotAllowed": "the GBA standard contract for Hong Kong (GBA_SC_HK) does not fit this cross-border grant",
        "GrantRegistryMisconfigured": "the grant registry was deployed against dataset registry 0x70997970C51812dc3A010C7d01b50e0d17dc79C8, which does not point back to it",
        "GrantRegistryMissingEvidence": "evidence is missing: personal data leaving its region needs the impact assessment's hash (evidence impactAssessmentHash)",
        "GrantRegistryMissingPurpose": "the grant needs the hash of its purpose statement",
        "GrantRegistryMissingRole": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not an active registrar",
        "GrantRegistryNoProposedConditions": "no loosening of the border conditions of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is waiting for registrars",
        "GrantRegistryNotDatasetRegistry": "only the dataset registry records a registration's border conditions, not 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "GrantRegistryNotHolder": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not the holder of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829",
        "GrantRegistryNotHolderOrRegulator": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is neither the holder of grant 17's dataset nor an active regulator",
        "GrantRegistryOwnOrganisation": "regulator 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 belongs to an organisation that gives or receives grant 17",
        "GrantRegistryProposalChanged": "the holder of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 has proposed other border conditions than the ones you confirmed",
        "GrantRegistryPurposeNotAllowed": "the border conditions of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 do not admit purpose 310 (its class 300 is not allowed)",
        "GrantRegistryRegionNotAllowed": "the border conditions of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 do not admit a grantee established in GZ",
        "GrantRegistryRightNotAllowed": "the border conditions of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 do not let the holding right be granted",
        "GrantRegistryTermTooLong": "the grant runs 31 days, longer than the 30 days the border conditions of dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 allow",
        "GrantRegistryUnknownGrant": "grant 17 does not exist",
        "GrantRegistryWrongStatus": "grant 17 is revoked: that is not allowed in this status",
        "InsufficientBalance": "the balance (17 wei) is below the 17 wei needed",
        "InvalidAccountNonce": "nonce mismatch for 0x70997970C51812dc3A010C7d01b50e0d17dc79C8: its current nonce is 17",
        "InvalidShortString": "the forwarder's EIP-712 name is invalid",
        "ParticipantDirectoryAlreadyPaused": "the zone is already paused, until 2026-01-01T00:00:00Z",
        "ParticipantDirectoryAlreadyRegistered": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is already a participant",
        "ParticipantDirectoryAlreadySuspended": "participant 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is already suspended",
        "ParticipantDirectoryCannotRenounce": "the zone's governance cannot be renounced or handed to the zero address: the zone would have none",
        "ParticipantDirectoryInvalidName": "an organisation's name must be one line of 1 to 256 bytes, without control characters",
        "ParticipantDirectoryInvalidRoles": "a participant needs at least one role",
        "ParticipantDirectoryLegalIdentityTaken": "legal identity 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 already names the organisation of 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "ParticipantDirectoryMigrated": "this deployment takes nothing new: the zone moved to the deployment whose directory is 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "ParticipantDirectoryMissingLegalIdentity": "a participant needs a legal-identity hash",
        "ParticipantDirectoryNotOrganisationKey": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is neither the onboarding office nor the designated key of organisation 0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
        "ParticipantDirectoryNotPaused": "the zone is not paused",
        "ParticipantDirectoryNotSuspended": "participant 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not suspended",
        "ParticipantDirectoryPauseCoolingDown": "the pause office may pause again only from 2026-01-01T00:00:00Z, a day after the last pause ended",
        "ParticipantDirectoryPauseTooLong": "a pause lasts more than nothing and at most 1767225600 s (3 days), not 1767225600 s",
        "ParticipantDirectoryPaused": "the zone is paused: no new registrations, anchors or grants until 2026-01-01T00:00:00Z",
        "ParticipantDirectoryRolesBeyondOrganisation": "an organisation's key gives its officers only the organisation's roles (no role), not no role",
        "ParticipantDirectorySuspended": "participant 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is suspended and cannot change its own record",
        "ParticipantDirectoryUnauthorized": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not allowed to do this in the participant directory",
        "ParticipantDirectoryUnknownOrganisation": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not an organisation",
        "ParticipantDirectoryUnknownParticipant": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not a participant",
        "ParticipantDirectoryZeroAddress": "the zero address cannot be a participant",
        "SafeCastOverflowedUintDowncast": "a value does not fit in 0 bits",
        "StringTooLong": "the string is too long: impactAssessmentHash",
      }
    `);
  });

  it("says what a status allows, for the function that was refused", () => {
    const wrongStatus = dprErrorsAbi.find((e) => e.name === "DatasetRegistryWrongStatus")!;
    const disputed = encodeErrorResult({ abi: [wrongStatus], errorName: wrongStatus.name, args: [id, 4] });
    expect(decodeRevertData(disputed, { functionName: "confirm" }).shortMessage).toMatchInlineSnapshot(`"dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is disputed: only a pending dataset can be confirmed"`);
    expect(decodeRevertData(disputed, { functionName: "requestTransfer" }).shortMessage).toMatchInlineSnapshot(`"dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is disputed: only a confirmed dataset can be transferred"`);
    const grantWrongStatus = dprErrorsAbi.find((e) => e.name === "GrantRegistryWrongStatus")!;
    const revoked = encodeErrorResult({ abi: [grantWrongStatus], errorName: grantWrongStatus.name, args: [3n, 4] });
    expect(decodeRevertData(revoked, { functionName: "suspend" }).shortMessage).toMatchInlineSnapshot(`"grant 3 is revoked: only an active or scheduled grant can be suspended"`);
    const notGrantable = dprErrorsAbi.find((e) => e.name === "GrantRegistryDatasetNotGrantable")!;
    const inNotice = encodeErrorResult({ abi: [notGrantable], errorName: notGrantable.name, args: [id, 2] });
    expect(decodeRevertData(inNotice, { functionName: "grant" }).shortMessage).toMatchInlineSnapshot(`"dataset 0x5eb6d0f9d2e3f4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829 is in its notice period: only a confirmed dataset can be granted"`);
  });

  it("names the office a refusal needed, and what only that office does", () => {
    const unauthorized = dprErrorsAbi.find((e) => e.name === "AccessControlUnauthorizedAccount")!;
    const refusal = (role: Hex, functionName?: string) =>
      decodeRevertData(encodeErrorResult({ abi: [unauthorized], errorName: unauthorized.name, args: [account, role] }), { functionName });
    const byFunction = (
      [
        ["addParticipant", ZONE_OFFICES.ONBOARDING],
        ["attestName", ZONE_OFFICES.ONBOARDING],
        ["removeParticipant", ZONE_OFFICES.ONBOARDING],
        ["suspend", ZONE_OFFICES.DISCIPLINE],
        ["reinstate", ZONE_OFFICES.DISCIPLINE],
        ["setLegalIdentity", ZONE_OFFICES.ONBOARDING],
        ["pause", ZONE_OFFICES.PAUSE],
        ["migrate", ZONE_OFFICES.MIGRATION],
        ["grantRole", ZONE_OFFICES.GOVERNANCE],
      ] as const
    ).map(([functionName, role]) => {
      const error = refusal(role, functionName);
      return `${functionName}: ${error.shortMessage.replace(account, "ACCOUNT")} (${error.hint})`;
    });
    expect(byFunction).toMatchInlineSnapshot(`
      [
        "addParticipant: ACCOUNT does not hold the zone's onboarding office (only the onboarding office onboards participants and adds accounts to organisations; registrars do not)",
        "attestName: ACCOUNT does not hold the zone's onboarding office (only the onboarding office attests an organisation's name; a participant changes only its self-declared profile)",
        "removeParticipant: ACCOUNT does not hold the zone's onboarding office (only the onboarding office removes accounts)",
        "suspend: ACCOUNT does not hold the zone's discipline office (only the discipline office suspends participants)",
        "reinstate: ACCOUNT does not hold the zone's discipline office (only the discipline office reinstates participants)",
        "setLegalIdentity: ACCOUNT does not hold the zone's onboarding office (only the onboarding office re-commits an organisation's legal identity)",
        "pause: ACCOUNT does not hold the zone's pause office (only the pause office pauses the zone)",
        "migrate: ACCOUNT does not hold the zone's migration office (only the migration office closes the deployment)",
        "grantRole: ACCOUNT does not hold the zone's governance (only governance, the zone's timelock, grants the offices: propose it with dpr admin propose)",
      ]
    `);
    // A role DPR does not define is named by its hash.
    expect(refusal(`0x${"ab".repeat(32)}`).shortMessage).toContain(`0x${"ab".repeat(32)}`);
  });

  it("puts the rule first and the contract's error name in the details", () => {
    const missingRole = dprErrorsAbi.find((e) => e.name === "DatasetRegistryMissingRole")!;
    const error = decodeRevertData(encodeErrorResult({ abi: [missingRole], errorName: missingRole.name, args: [account, 1] }));
    expect(error.message).toMatchInlineSnapshot(`
      "0x70997970C51812dc3A010C7d01b50e0d17dc79C8 is not an active registrar
      Details: DatasetRegistry reverted with DatasetRegistryMissingRole"
    `);
  });

  it("reports reason strings, panics, empty reverts and unknown errors as plain DprErrors", () => {
    const reason = decodeRevertData(encodeErrorResult({ abi: [{ type: "error", name: "Error", inputs: [{ type: "string", name: "message" }] }], errorName: "Error", args: ["boom"] }));
    expect(reason).not.toBeInstanceOf(ContractRuleError);
    expect(reason.shortMessage).toBe("the contract refused: boom");
    const panic = decodeRevertData(encodeErrorResult({ abi: [{ type: "error", name: "Panic", inputs: [{ type: "uint256", name: "code" }] }], errorName: "Panic", args: [0x11n] }), { functionName: "grant" });
    expect(panic.shortMessage).toBe("the contract panicked (grant): code 0x11");
    expect(decodeRevertData("0x").shortMessage).toBe("the contract reverted without a reason");
    const unknown = decodeRevertData("0xdeadbeef0000000000000000000000000000000000000000000000000000000000000001");
    expect(unknown).toBeInstanceOf(DprError);
    expect(unknown).not.toBeInstanceOf(ContractRuleError);
    expect(unknown.message).toMatchInlineSnapshot(`
      "the contract refused with an error no DPR contract declares (selector 0xdeadbeef)
      Details: revert data: 0xdeadbeef0000000000000000000000000000000000000000000000000000000000000001
      Hint: is the deployment record pointing at DPR contracts of this SDK's version?"
    `);
  });
});
