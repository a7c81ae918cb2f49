import { type Address, type Hex, zeroHash } from "viem";
import { type CategoryLabel, type DerivationLabel, type GradeLabel, type JurisdictionLabel, labels } from "../reads/format.js";
import type { DprContext } from "../deployments/deployment.js";
import { InvalidArgumentError } from "../errors/base.js";
import { datasetRegistryAbi } from "../generated/abis.js";
import { Category } from "../generated/enums.js";
import { type HashAlgorithmName, hashAlgorithmName, hashAlgorithmOf } from "../hashing/algorithms.js";
import { getHashAlgorithm } from "../reads/getHashAlgorithm.js";
import {
  type CategoryName,
  type DerivationName,
  type GradeName,
  type JurisdictionName,
  type NameInput,
  type SectorName,
  parseCategory,
  parseDerivation,
  parseGrade,
  parseJurisdiction,
  parseSector,
} from "../names.js";
import { type BorderConditions, type BorderConditionsInput, NO_BORDER_CONDITIONS } from "../conditions/borderConditions.js";
import { toBorderConditions } from "./setBorderConditions.js";
import { toHash, toOptionalHash } from "./internal/validate.js";
import { type WriteParameters, type WriteReturnType, eventOf, eventsOf, writeDprContract } from "./internal/write.js";

/** A parent of a derived dataset. */
export interface DatasetParent {
  datasetId: Hex;
  /** How the new dataset came from it: REVISION, TRANSFORMATION, AGGREGATION, DE_IDENTIFICATION or MODEL_TRAINING. */
  derivation: NameInput<DerivationName>;
}

export interface RegisterDatasetParameters extends WriteParameters {
  /** The content's hash (a file's hash, or a folder manifest's Merkle root). */
  contentHash: Hex;
  /**
   * The hash function of `contentHash`: sha256, sm3 or keccak256. Defaults to the deployment's (one per
   * deployment; another is refused with `DatasetRegistryWrongAlgorithm`).
   */
  algorithm?: HashAlgorithmName | (string & {}) | undefined;
  /** The hash of the metadata document, if there is one. */
  metadataHash?: Hex | undefined;
  /** Where the metadata document is published, if anywhere. */
  metadataURI?: string | undefined;
  /** PUBLIC, ENTERPRISE or PERSONAL. */
  category: NameInput<CategoryName>;
  /** GENERAL or IMPORTANT (CORE data is refused by the registry). */
  grade: NameInput<GradeName>;
  /** Whether the content contains personal information; defaults to true for the PERSONAL category, false otherwise. */
  containsPersonalData?: boolean | undefined;
  /** A sector code, or its name in {@link SECTORS} (e.g. "HEALTH"). */
  sector: NameInput<SectorName> | number;
  /** Where the data is held: GZ or another of the GBA's mainland cities (SHENZHEN … ZHAOQING), MAINLAND_OTHER, HK, MO or OTHER. */
  jurisdiction: NameInput<JurisdictionName>;
  /** The dataset this registration is the next version of (the signer must hold it; it must be the latest). */
  versionOf?: Hex | undefined;
  /** The datasets this one was derived from (at most 16). */
  parents?: readonly DatasetParent[] | undefined;
  /**
   * The enforceable part of its directory entry's border conditions (from its metadata document:
   * `borderConditionsOf`), recorded with the registration; grants outside them are refused. None by default.
   */
  borderConditions?: BorderConditionsInput | BorderConditions | undefined;
}

export interface RegisterDatasetReturnType extends WriteReturnType {
  datasetId: Hex;
  contentHash: Hex;
  algorithm: HashAlgorithmName;
  holder: Address;
  /** The previous version, or null for a new series. */
  versionOf: Hex | null;
  parents: { datasetId: Hex; derivation: DerivationLabel }[];
  category: CategoryLabel;
  grade: GradeLabel;
  containsPersonalData: boolean;
  sector: number;
  jurisdiction: JurisdictionLabel;
  /** How many registrars must confirm it (1, or 2 for important or personal data). */
  requiredConfirmations: number;
  /** Whether its classification is below a parent's by de-identification. */
  declassified: boolean;
  /** The claim number: 1, or one more than the refused, withdrawn or rejected claim that last freed the content. */
  claim: number;
}

/**
 * Registers a dataset by its content hash: a new series, the next version of one (`versionOf`), or a
 * dataset derived from others (`parents`). The signer must be an active holder. The content never
 * leaves the machine: only its hash goes on chain. Content whose earlier claim was refused, withdrawn or
 * rejected registers again under the same id, as the next claim.
 *
 * @example
 * const { hash: contentHash } = await hashFile("census-2025.csv") // from @dpr/sdk/node
 * const { datasetId, requiredConfirmations } = await registerDataset(context, {
 *   contentHash,
 *   category: "public",
 *   grade: "important",
 *   sector: "population",
 *   jurisdiction: "GZ",
 * })
 */
export async function registerDataset(context: DprContext, parameters: RegisterDatasetParameters): Promise<RegisterDatasetReturnType> {
  if (parameters.algorithm !== undefined) hashAlgorithmOf(parameters.algorithm);
  const contentHash = toHash(parameters.contentHash, "content hash", { nonZero: true });
  const metadataHash = toOptionalHash(parameters.metadataHash, "metadata hash");
  const category = parseCategory(parameters.category);
  const grade = parseGrade(parameters.grade);
  const containsPersonalData = parameters.containsPersonalData ?? category === Category.PERSONAL;
  if (category === Category.PERSONAL && !containsPersonalData) {
    throw new InvalidArgumentError("a dataset of the PERSONAL category contains personal data", {
      hint: "leave containsPersonalData out, or set it to true",
    });
  }
  const sector = parseSector(parameters.sector);
  const jurisdiction = parseJurisdiction(parameters.jurisdiction);
  const versionOf = parameters.versionOf === undefined ? zeroHash : toHash(parameters.versionOf, "versionOf dataset id", { nonZero: true });
  const parents = (parameters.parents ?? []).map((parent, index) => ({
    datasetId: toHash(parent.datasetId, `id of parent ${index + 1}`, { nonZero: true }),
    derivation: parseDerivation(parent.derivation),
  }));
  const declared = parameters.borderConditions;
  const undeclared = declared === undefined || ("regions" in declared && declared.openness === NO_BORDER_CONDITIONS.openness);
  const borderConditions = undeclared ? NO_BORDER_CONDITIONS : toBorderConditions(declared);
  // Checked above; the deployment's algorithm is read (if the record lacks it) only once the input is known good.
  const algorithm = hashAlgorithmOf(parameters.algorithm ?? (await getHashAlgorithm(context)));

  const { receipt, ...transaction } = await writeDprContract(context, {
    action: "registerDataset",
    contract: "datasets",
    abi: datasetRegistryAbi,
    functionName: "register",
    args: [
      {
        algorithm,
        contentHash,
        metadataHash,
        metadataURI: parameters.metadataURI ?? "",
        category,
        grade,
        containsPersonalData,
        sector,
        jurisdiction,
        versionOf,
        parents,
        borderConditions,
      },
    ],
    onStatus: parameters.onStatus,
  });
  const event = eventOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetRegistered" });
  const derived = eventsOf(context, receipt, { contract: "datasets", abi: datasetRegistryAbi, eventName: "DatasetDerived", optional: true });
  return {
    datasetId: event.datasetId,
    contentHash: event.contentHash,
    // The event no longer carries the algorithm: the id is keccak256(abi.encode(algorithm, contentHash)) of the one sent.
    algorithm: hashAlgorithmName(algorithm),
    holder: event.holder,
    versionOf: event.versionOf === zeroHash ? null : event.versionOf,
    parents: derived.map((d) => ({ datasetId: d.parentId, derivation: labels.derivation(d.derivation) })),
    category: labels.category(event.category),
    grade: labels.grade(event.grade),
    containsPersonalData: event.containsPersonalData,
    sector: event.sector,
    jurisdiction: labels.jurisdiction(event.jurisdiction),
    requiredConfirmations: event.requiredConfirmations,
    declassified: event.declassified,
    claim: event.claim,
    ...transaction,
  };
}
