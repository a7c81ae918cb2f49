/**
 * A metadata document against the chain: the compact part of its border conditions that the grant
 * registry enforces, and where the document's classification differs from a registration's.
 */
import { type BorderConditions, parseBorderConditions, purposeClassIndex } from "../conditions/borderConditions.js";
import { categoryName, gradeName, jurisdictionName, sectorName } from "../names.js";
import { toLabel } from "../reads/format.js";
import type { DprMetadataDocument } from "./document.js";

const SECONDS_PER_DAY = 86_400;

/**
 * The on-chain border conditions a document declares: openness, the mask of rights, the grantee regions,
 * the mask of purpose classes (a listed code allows its whole class on chain; `dpr grant` refuses the
 * class's other codes off chain, see {@link purposeAllowed}) and the longest term in seconds (0 for none).
 * The document must have passed `parseMetadataDocument`; otherwise an `InvalidArgumentError` says why.
 *
 * @example
 * borderConditionsOf(document) // { openness: 2, rights: 2, regions: 1, purposeClasses: 6, maxTerm: 31536000 }
 */
export function borderConditionsOf(document: DprMetadataDocument): BorderConditions {
  const conditions = document.borderConditions;
  return parseBorderConditions({
    openness: conditions.openness,
    rights: conditions.rights,
    granteeRegions: conditions.granteeRegions,
    purposes: conditions.purposes,
    maxTermSeconds: conditions.maxTermDays === undefined ? 0 : conditions.maxTermDays * SECONDS_PER_DAY,
  });
}

/** A registration's classification, as the SDK's numeric enum values (what the chain records). */
export interface RegistrationClassification {
  category: number;
  grade: number;
  containsPersonalData: boolean;
  sector: number;
  jurisdiction: number;
}

/** One field on which a document and a registration differ, each side as documents spell it. */
export interface MetadataContradiction {
  field: "category" | "grade" | "containsPersonalData" | "sector" | "jurisdiction";
  document: string | boolean;
  registration: string | boolean;
}

// An unknown code (a sector the SDK does not name yet) is shown as its number rather than thrown on.
const labelOr = (name: (value: number) => string | undefined, value: number): string => {
  try {
    const found = name(value);
    return found === undefined ? String(value) : toLabel(found);
  } catch {
    return String(value);
  }
};

/**
 * Where a document's classification differs from a registration's: category, grade, personal-data flag,
 * sector and jurisdiction, in that order; empty when they agree. `dpr register --metadata` refuses a
 * document with any, so that what the chain records and what the document says cannot disagree.
 *
 * @example
 * metadataContradictions(document, { category: 2, grade: 1, containsPersonalData: true, sector: 3, jurisdiction: 0 })
 * // [{ field: "grade", document: "general", registration: "important" }]
 */
export function metadataContradictions(document: DprMetadataDocument, registration: RegistrationClassification): MetadataContradiction[] {
  const found: MetadataContradiction[] = [];
  const compare = (field: MetadataContradiction["field"], inDocument: string | boolean, inRegistration: string | boolean) => {
    if (inDocument !== inRegistration) found.push({ field, document: inDocument, registration: inRegistration });
  };
  compare("category", document.category, labelOr(categoryName, registration.category));
  compare("grade", document.grade, labelOr(gradeName, registration.grade));
  compare("containsPersonalData", document.containsPersonalData, registration.containsPersonalData);
  compare("sector", document.sector, labelOr(sectorName, registration.sector));
  compare("jurisdiction", document.jurisdiction, labelOr(jurisdictionName, registration.jurisdiction));
  return found;
}

/**
 * Whether a document's border conditions allow a grant for purpose `code`: never when the data is not
 * open, else when the code or its class (`code / 100 * 100`) is listed. Stricter than the chain, which
 * knows only classes.
 *
 * @example
 * purposeAllowed(document, 201) // true when purposes lists 201 or 200
 */
export function purposeAllowed(document: DprMetadataDocument, code: number): boolean {
  const conditions = document.borderConditions;
  if (conditions.openness === "not-open" || !Number.isInteger(code) || code < 0) return false;
  const classCode = purposeClassIndex(code) * 100;
  return conditions.purposes.some((listed) => listed === code || listed === classCode);
}
