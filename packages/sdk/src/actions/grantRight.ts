import type { Address, Hex } from "viem";
import { type GrantStatusLabel, type RightLabel, type TransferMechanismLabel, labels } from "../reads/format.js";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { grantRegistryAbi } from "../generated/abis.js";
import { GrantStatus } from "../generated/enums.js";
import {
  type NameInput,
  type RightName,
  type TransferMechanismName,
  parseRight,
  parseTransferMechanism,
} from "../names.js";
import { isoTime } from "./internal/time.js";
import { toAddress, toHash, toOptionalHash, toSeconds, toUint } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, writeDprContract } from "./internal/write.js";

/** Evidence behind a grant: hashes of documents kept off chain. Which ones are needed depends on the grant. */
export interface GrantEvidence {
  /** The signed contract (the GBA standard contract, the standard contract). */
  contractHash?: Hex | undefined;
  /** The personal-information protection impact assessment (personal data across a border). */
  impactAssessmentHash?: Hex | undefined;
  /** The Merkle root of the data subjects' consent records (personal data to another organisation). */
  consentRecordsRoot?: Hex | undefined;
  /** The regulator's filing, certification or assessment reference (every cross-border mechanism but EXEMPT). */
  filingRef?: Hex | undefined;
}

export interface GrantRightParameters extends WriteParameters {
  datasetId: Hex;
  /** The participant receiving the right. */
  grantee: Address;
  /** HOLDING, PROCESSING_USE or PRODUCT_OPERATION (case-insensitive, `-` for `_`). */
  right: NameInput<RightName>;
  /** The purpose, from the zone's purpose code list (uint16). */
  purposeCode: number;
  /** Hash of the purpose statement; required. */
  purposeHash: Hex;
  /** Hash of the scope (fields, volume, places of processing). */
  scopeHash?: Hex | undefined;
  /** Hash of the terms. */
  termsHash?: Hex | undefined;
  /** When the grant starts: a Date or unix seconds; now when omitted. */
  startsAt?: Date | bigint | undefined;
  /** When it ends: a Date or unix seconds. Required for personal, important and cross-border grants. */
  expiresAt?: Date | bigint | undefined;
  /** The cross-border mechanism (e.g. GBA_SC_HK); NONE, the default, for a grant within one region. */
  mechanism?: NameInput<TransferMechanismName> | undefined;
  evidence?: GrantEvidence | undefined;
}

export interface GrantRightReturnType extends WriteReturnType {
  grantId: bigint;
  datasetId: Hex;
  grantee: Address;
  grantor: Address;
  right: RightLabel;
  /** AWAITING_ACKNOWLEDGEMENT when a regulator must acknowledge it, else ACTIVE (or SCHEDULED until it starts). */
  status: GrantStatusLabel;
  /** Whether the grantee is in another region than the data. */
  crossBorder: boolean;
  /** Whether it waits for a regulator's acknowledgement. */
  needsAcknowledgement: boolean;
  mechanism: TransferMechanismLabel;
  /** When it starts (unix seconds; the block time when no start was given). */
  startsAt: bigint;
  /** When it expires (unix seconds), or null for never. */
  expiresAt: bigint | null;
}

/**
 * Grants a right on a confirmed dataset to another participant. Holder only. A grant that crosses a
 * border, covers important data or gives personal data to another organisation waits for a
 * regulator's acknowledgement ({@link acknowledgeGrant}).
 *
 * @example
 * const { grantId, status } = await grantRight(holderContext, {
 *   datasetId,
 *   grantee: "0x…hkClinic",
 *   right: "processing-use",
 *   purposeCode: 101,
 *   purposeHash,
 *   expiresAt: new Date("2027-06-30T00:00:00Z"),
 *   mechanism: "GBA_SC_HK",
 *   evidence: { contractHash, filingRef },
 * })
 * status // "AWAITING_ACKNOWLEDGEMENT"
 */
export async function grantRight(context: DprContext, parameters: GrantRightParameters): Promise<GrantRightReturnType> {
  const datasetId = toHash(parameters.datasetId, "dataset id", { nonZero: true });
  const grantee = toAddress(parameters.grantee, "grantee");
  const right = parseRight(parameters.right);
  const purposeCode = Number(toUint(parameters.purposeCode, "purpose code", 16));
  const purposeHash = toHash(parameters.purposeHash, "purpose hash", { nonZero: true });
  const startsAt = parameters.startsAt === undefined ? 0 : toSeconds(parameters.startsAt, "start");
  const expiresAt = parameters.expiresAt === undefined ? 0 : toSeconds(parameters.expiresAt, "expiry");
  if (expiresAt !== 0 && startsAt !== 0 && expiresAt <= startsAt) {
    throw new InvalidArgumentError(`the expiry (${isoTime(expiresAt)}) must be after the start (${isoTime(startsAt)})`);
  }
  const mechanism = parseTransferMechanism(parameters.mechanism ?? "NONE");
  const evidence = parameters.evidence ?? {};
  const terms = {
    right,
    purposeCode,
    purposeHash,
    scopeHash: toOptionalHash(parameters.scopeHash, "scope hash"),
    startsAt,
    expiresAt,
    termsHash: toOptionalHash(parameters.termsHash, "terms hash"),
    mechanism,
    evidence: {
      contractHash: toOptionalHash(evidence.contractHash, "contract hash"),
      impactAssessmentHash: toOptionalHash(evidence.impactAssessmentHash, "impact assessment hash"),
      consentRecordsRoot: toOptionalHash(evidence.consentRecordsRoot, "consent records root"),
      filingRef: toOptionalHash(evidence.filingRef, "filing reference"),
    },
  };

  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "grantRight",
    contract: "grants",
    abi: grantRegistryAbi,
    functionName: "grant",
    args: [{ datasetId, grantee, terms }],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "grants", abi: grantRegistryAbi, eventName: "GrantIssued" });
  return {
    grantId: event.grantId,
    datasetId: event.datasetId,
    grantee: event.grantee,
    grantor: event.grantor,
    right: labels.right(event.terms.right),
    status: labels.grantStatus(event.status),
    crossBorder: event.crossBorder,
    needsAcknowledgement: event.status === GrantStatus.AWAITING_ACKNOWLEDGEMENT,
    mechanism: labels.transferMechanism(event.terms.mechanism),
    startsAt: BigInt(event.startsAt),
    expiresAt: event.terms.expiresAt === 0 ? null : BigInt(event.terms.expiresAt),
    ...transaction,
  };
}
