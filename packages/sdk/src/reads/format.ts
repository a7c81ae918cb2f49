/**
 * How reads name the contracts' enumerations: the member's name (see `../names.ts`) in lowercase with
 * `-` for `_`, the same spelling the CLI accepts (`DatasetStatus.NOTICE` → `"notice"`,
 * `GrantStatus.AWAITING_ACKNOWLEDGEMENT` → `"awaiting-acknowledgement"`, `Right.PROCESSING_USE` →
 * `"processing-use"`, `Jurisdiction.MAINLAND_OTHER` → `"mainland-other"`). `names.ts`'s `parseX`
 * functions read these labels back.
 */
import {
  type CategoryName,
  type DatasetStatusName,
  type DerivationName,
  type GradeName,
  type GrantStatusName,
  type JurisdictionName,
  type RightName,
  type RoleName,
  type TransferMechanismName,
  categoryName,
  datasetStatusName,
  derivationName,
  gradeName,
  grantStatusName,
  jurisdictionName,
  rightName,
  roleNames,
  transferMechanismName,
} from "../names.js";

/** `"MAINLAND_OTHER"` → `"mainland-other"`, as a type. */
export type Label<name extends string> = name extends `${infer head}_${infer tail}` ? `${Lowercase<head>}-${Label<tail>}` : Lowercase<name>;

export type DatasetStatusLabel = Label<DatasetStatusName>;
export type GrantStatusLabel = Label<GrantStatusName>;
export type JurisdictionLabel = Label<JurisdictionName>;
export type RoleLabel = Label<RoleName>;
export type CategoryLabel = Label<CategoryName>;
export type GradeLabel = Label<GradeName>;
export type DerivationLabel = Label<DerivationName>;
export type RightLabel = Label<RightName>;
export type TransferMechanismLabel = Label<TransferMechanismName>;

/**
 * The read-side label of an enum member name.
 *
 * @example
 * toLabel("AWAITING_ACKNOWLEDGEMENT") // "awaiting-acknowledgement"
 */
export function toLabel<const name extends string>(name: name): Label<name> {
  return name.toLowerCase().replace(/_/g, "-") as Label<name>;
}

/** Value → label for each enumeration the reads translate (unknown values throw `InvalidArgumentError`). */
export const labels = {
  datasetStatus: (value: number): DatasetStatusLabel => toLabel(datasetStatusName(value)),
  grantStatus: (value: number): GrantStatusLabel => toLabel(grantStatusName(value)),
  jurisdiction: (value: number): JurisdictionLabel => toLabel(jurisdictionName(value)),
  roles: (mask: number): RoleLabel[] => roleNames(mask).map((name) => toLabel(name)),
  category: (value: number): CategoryLabel => toLabel(categoryName(value)),
  grade: (value: number): GradeLabel => toLabel(gradeName(value)),
  derivation: (value: number): DerivationLabel => toLabel(derivationName(value)),
  right: (value: number): RightLabel => toLabel(rightName(value)),
  transferMechanism: (value: number): TransferMechanismLabel => toLabel(transferMechanismName(value)),
} as const;
