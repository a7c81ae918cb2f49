import { InvalidArgumentError } from "./errors/base.js";
import {
  Category,
  DatasetStatus,
  Derivation,
  Grade,
  GrantStatus,
  GranteeRegions,
  Jurisdiction,
  Openness,
  Right,
  Role,
  TransferMechanism,
} from "./generated/enums.js";

/**
 * The sector codes the zone has assigned (a dataset's `sector` is a uint16, so more can be added
 * without redeploying). The first six are the public-data fields of the Guangzhou pilot-zone plan.
 */
export const SECTORS = {
  OTHER: 0,
  POPULATION: 1,
  FINANCE: 2,
  HEALTH: 3,
  EDUCATION: 4,
  TRANSPORT: 5,
  BIOSAFETY: 6,
} as const;

export type SectorName = keyof typeof SECTORS;
export type JurisdictionName = keyof typeof Jurisdiction;
export type RoleName = keyof typeof Role;
export type CategoryName = keyof typeof Category;
export type GradeName = keyof typeof Grade;
export type DerivationName = keyof typeof Derivation;
export type RightName = keyof typeof Right;
export type TransferMechanismName = keyof typeof TransferMechanism;
export type DatasetStatusName = keyof typeof DatasetStatus;
export type GrantStatusName = keyof typeof GrantStatus;
export type OpennessName = keyof typeof Openness;
export type GranteeRegionsName = keyof typeof GranteeRegions;

/**
 * A name as people type it: the enum member (`"PROCESSING_USE"`) or any case of it, with `-` or spaces
 * for `_` (`"processing-use"`). Any string is accepted by the type; unknown names fail at run time
 * with an {@link InvalidArgumentError}.
 */
export type NameInput<name extends string> = name | Lowercase<name> | (string & {});

type EnumObject = Readonly<Record<string, number>>;

function normalise(name: string): string {
  return name.trim().toUpperCase().replace(/[-\s]+/g, "_");
}

function parseMember<const members extends EnumObject>(members: members, what: string, value: string | number): members[keyof members] {
  const names = Object.keys(members);
  if (typeof value === "number") {
    if (Object.values(members).includes(value)) return value as members[keyof members];
    throw new InvalidArgumentError(`unknown ${what} ${value}`, { hint: `use one of: ${names.join(", ")}` });
  }
  const key = normalise(value);
  if (Object.hasOwn(members, key)) return members[key] as members[keyof members];
  throw new InvalidArgumentError(`unknown ${what} "${value}"`, { hint: `use one of: ${names.join(", ")}` });
}

function memberName<const members extends EnumObject>(members: members, what: string, value: number): keyof members & string {
  const entry = Object.entries(members).find(([, v]) => v === value);
  if (!entry) throw new InvalidArgumentError(`unknown ${what} value ${value}`);
  return entry[0];
}

/**
 * The on-chain value of a jurisdiction name (case-insensitive).
 *
 * @example
 * parseJurisdiction("hk") // 1
 */
export function parseJurisdiction(name: NameInput<JurisdictionName> | number): Jurisdiction {
  return parseMember(Jurisdiction, "jurisdiction", name);
}

/** The on-chain value of a role name (case-insensitive). */
export function parseRole(name: NameInput<RoleName> | number): Role {
  return parseMember(Role, "role", name);
}

/**
 * The role bitmask of a list of role names, as the participant directory stores it (bit `role` set
 * for each role). Refuses an empty list and a role named twice.
 *
 * @example
 * parseRoles(["HOLDER", "registrar"]) // 0b11 = 3
 */
export function parseRoles(names: readonly (NameInput<RoleName> | number)[]): number {
  if (names.length === 0) {
    throw new InvalidArgumentError("a participant needs at least one role", { hint: `use any of: ${Object.keys(Role).join(", ")}` });
  }
  let mask = 0;
  for (const name of names) {
    const bit = 1 << parseRole(name);
    if (mask & bit) throw new InvalidArgumentError(`role ${roleName(parseRole(name))} is named twice`);
    mask |= bit;
  }
  return mask;
}

/** The role names of a role bitmask, in enum order. */
export function roleNames(mask: number): RoleName[] {
  return (Object.entries(Role) as [RoleName, number][]).filter(([, bit]) => mask & (1 << bit)).map(([name]) => name);
}

/** The on-chain value of a data category name (case-insensitive). */
export function parseCategory(name: NameInput<CategoryName> | number): Category {
  return parseMember(Category, "category", name);
}

/** The on-chain value of a data grade name (case-insensitive). */
export function parseGrade(name: NameInput<GradeName> | number): Grade {
  return parseMember(Grade, "grade", name);
}

/** The on-chain value of a derivation name (case-insensitive), e.g. `"de-identification"`. */
export function parseDerivation(name: NameInput<DerivationName> | number): Derivation {
  return parseMember(Derivation, "derivation", name);
}

/** The on-chain value of a right name (case-insensitive), e.g. `"processing-use"`. */
export function parseRight(name: NameInput<RightName> | number): Right {
  return parseMember(Right, "right", name);
}

/** The on-chain value of a border conditions' openness name (case-insensitive), e.g. `"not-open"`. */
export function parseOpenness(name: NameInput<OpennessName> | number): Openness {
  return parseMember(Openness, "openness", name);
}

/** The on-chain value of a border conditions' grantee regions name (case-insensitive), e.g. `"same-region"`. */
export function parseGranteeRegions(name: NameInput<GranteeRegionsName> | number): GranteeRegions {
  return parseMember(GranteeRegions, "grantee regions", name);
}

/** The on-chain value of a cross-border transfer mechanism name (case-insensitive), e.g. `"gba-sc-hk"`. */
export function parseTransferMechanism(name: NameInput<TransferMechanismName> | number): TransferMechanism {
  return parseMember(TransferMechanism, "transfer mechanism", name);
}

/**
 * A sector code from a name of {@link SECTORS} (case-insensitive) or a number (any uint16, so codes
 * assigned after this SDK was released still work).
 *
 * @example
 * parseSector("health") // 3
 * parseSector(42) // 42
 */
export function parseSector(value: NameInput<SectorName> | number): number {
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 0 && value <= 0xffff) return value;
    throw new InvalidArgumentError(`sector ${value} is not a sector code`, { hint: "a sector code is an integer from 0 to 65535" });
  }
  if (/^\d+$/.test(value.trim())) return parseSector(Number(value.trim()));
  return parseMember(SECTORS, "sector", value);
}

/** The name of a sector code, or undefined for a code this SDK does not name. */
export function sectorName(code: number): SectorName | undefined {
  return (Object.entries(SECTORS) as [SectorName, number][]).find(([, v]) => v === code)?.[0];
}

/** The name of a jurisdiction value. */
export function jurisdictionName(value: number): JurisdictionName {
  return memberName(Jurisdiction, "jurisdiction", value);
}
/** The name of a role value. */
export function roleName(value: number): RoleName {
  return memberName(Role, "role", value);
}
/** The name of a category value. */
export function categoryName(value: number): CategoryName {
  return memberName(Category, "category", value);
}
/** The name of a grade value. */
export function gradeName(value: number): GradeName {
  return memberName(Grade, "grade", value);
}
/** The name of a derivation value. */
export function derivationName(value: number): DerivationName {
  return memberName(Derivation, "derivation", value);
}
/** The name of a right value. */
export function rightName(value: number): RightName {
  return memberName(Right, "right", value);
}
/** The name of a transfer mechanism value. */
export function transferMechanismName(value: number): TransferMechanismName {
  return memberName(TransferMechanism, "transfer mechanism", value);
}
/** The name of a dataset status value. */
export function datasetStatusName(value: number): DatasetStatusName {
  return memberName(DatasetStatus, "dataset status", value);
}
/** The name of a grant status value. */
export function opennessName(value: number): OpennessName {
  return memberName(Openness, "openness", value);
}

export function granteeRegionsName(value: number): GranteeRegionsName {
  return memberName(GranteeRegions, "grantee regions", value);
}

export function grantStatusName(value: number): GrantStatusName {
  return memberName(GrantStatus, "grant status", value);
}
