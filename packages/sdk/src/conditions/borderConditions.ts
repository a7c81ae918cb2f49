/**
 * Border conditions: the part of a dataset's directory entry (who may use it, for what, for how long) that the
 * grant registry enforces on every grant (`BorderConditions` in contracts/DPRTypes.sol). Everything here
 * mirrors the contract's rules, so that a tool can say before sending a transaction whether it will be
 * refused, or whether a change takes effect at once (a tightening) or waits for registrars (a loosening).
 */
import { InvalidArgumentError } from "../errors/base.js";
import { GranteeRegions, Jurisdiction, Openness, Right } from "../generated/enums.js";
import { type Label, toLabel } from "../reads/format.js";
import {
  type GranteeRegionsName,
  type NameInput,
  type OpennessName,
  type RightName,
  granteeRegionsName,
  opennessName,
  parseGranteeRegions,
  parseOpenness,
  parseRight,
  rightName,
} from "../names.js";

export type { GranteeRegionsName, OpennessName };
import { PURPOSE_CLASSES } from "../purposes/index.js";

export type OpennessLabel = Label<OpennessName>;
export type GranteeRegionsLabel = Label<GranteeRegionsName>;

/** The on-chain border conditions, as the contracts take and return them. */
export interface BorderConditions {
  /** UNDECLARED (nothing recorded), OPEN, CONDITIONAL or NOT_OPEN. */
  openness: Openness;
  /** Bit `Right.X` set for each right that may be granted. */
  rights: number;
  /** SAME_REGION, GBA or ANYWHERE. */
  regions: GranteeRegions;
  /** Bit `purposeCode / 100` set for each purpose class grants may name. */
  purposeClasses: number;
  /** The longest grant term in seconds (expiry minus start); 0 for no limit. */
  maxTerm: number;
}

/** Conditions as viem decodes them from the chain (enums as plain numbers). */
export function borderConditionsFromChain(raw: { openness: number; rights: number; regions: number; purposeClasses: number; maxTerm: number }): BorderConditions {
  return {
    openness: raw.openness as Openness,
    rights: raw.rights,
    regions: raw.regions as GranteeRegions,
    purposeClasses: raw.purposeClasses,
    maxTerm: raw.maxTerm,
  };
}

/** Nothing declared: only the law (the grant rules) limits grants. What a registration without conditions records. */
export const NO_BORDER_CONDITIONS: BorderConditions = Object.freeze({
  openness: Openness.UNDECLARED,
  rights: 0,
  regions: GranteeRegions.SAME_REGION,
  purposeClasses: 0,
  maxTerm: 0,
});

/** The longest term the contracts can record (uint32 seconds, about 136 years). */
export const MAX_TERM_SECONDS = 2 ** 32 - 1;

/** Border conditions as people write them: names rather than masks. */
export interface BorderConditionsInput {
  /** open, conditional or not-open. */
  openness: NameInput<OpennessName> | Openness;
  /** The rights that may be granted (empty only when not open). */
  rights: readonly (NameInput<RightName> | number)[];
  /** same-region, gba or anywhere. */
  granteeRegions: NameInput<GranteeRegionsName> | GranteeRegions;
  /** Purpose codes or class codes (100, 200, …) from the zone's list: the classes they fall in are allowed. */
  purposes: readonly number[];
  /** The longest grant term in seconds; 0 or absent for no limit. */
  maxTermSeconds?: number | undefined;
}

/** The purpose class of a purpose code or class code (101 → 1, 200 → 2). */
export const purposeClassIndex = (code: number): number => Math.floor(code / 100);

/**
 * The on-chain struct for conditions written with names; refuses what the contract refuses
 * (`GrantRegistryInvalidBorderConditions`) and what it could not record, with the reason.
 *
 * @example
 * parseBorderConditions({ openness: "conditional", rights: ["processing-use"], granteeRegions: "gba", purposes: [110, 201], maxTermSeconds: 31_536_000 })
 * // { openness: 2, rights: 2, regions: 1, purposeClasses: 6, maxTerm: 31536000 }
 */
export function parseBorderConditions(input: BorderConditionsInput): BorderConditions {
  const openness = parseOpenness(input.openness);
  if (openness === Openness.UNDECLARED) {
    throw new InvalidArgumentError("border conditions must say how open the data is", { hint: "openness: open, conditional or not-open" });
  }
  let rights = 0;
  for (const right of input.rights) rights |= 1 << parseRight(right);
  const regions = parseGranteeRegions(input.granteeRegions);
  let purposeClasses = 0;
  for (const code of input.purposes) {
    const index = purposeClassIndex(code);
    if (!Number.isInteger(code) || code < 0 || !PURPOSE_CLASSES.some((c) => c.class === index * 100)) {
      throw new InvalidArgumentError(`purpose ${code} is in no class of the zone's purpose list`, {
        hint: `classes: ${PURPOSE_CLASSES.map((c) => c.class).join(", ")}`,
      });
    }
    purposeClasses |= 1 << index;
  }
  const maxTerm = input.maxTermSeconds ?? 0;
  if (!Number.isSafeInteger(maxTerm) || maxTerm < 0 || maxTerm > MAX_TERM_SECONDS) {
    throw new InvalidArgumentError(`the longest term must be a whole number of seconds from 0 to ${MAX_TERM_SECONDS}, not ${maxTerm}`);
  }
  if (openness !== Openness.NOT_OPEN && (rights === 0 || purposeClasses === 0)) {
    throw new InvalidArgumentError(`${toLabel(opennessName(openness))} data must allow at least one right and one purpose`, {
      hint: "name the rights and purposes that may be granted, or make it not-open",
    });
  }
  return { openness, rights, regions, purposeClasses, maxTerm };
}

/** Border conditions as reads print them. */
export interface BorderConditionsLabels {
  openness: OpennessLabel;
  rights: Label<RightName>[];
  /** Null when undeclared. */
  granteeRegions: GranteeRegionsLabel | null;
  /** Class codes: 100, 200, … */
  purposeClasses: number[];
  /** Null for no limit. */
  maxTermSeconds: number | null;
}

/**
 * The labels of on-chain border conditions, as the CLI prints and GraphQL serves them.
 *
 * @example
 * borderConditionsLabels({ openness: 2, rights: 2, regions: 1, purposeClasses: 6, maxTerm: 0 })
 * // { openness: "conditional", rights: ["processing-use"], granteeRegions: "gba", purposeClasses: [100, 200], maxTermSeconds: null }
 */
export function borderConditionsLabels(conditions: BorderConditions): BorderConditionsLabels {
  const declared = conditions.openness !== Openness.UNDECLARED;
  const rights: Label<RightName>[] = [];
  for (const value of Object.values(Right)) if ((conditions.rights >> value) & 1) rights.push(toLabel(rightName(value)));
  const purposeClasses: number[] = [];
  for (let index = 0; index < 16; index++) if ((conditions.purposeClasses >> index) & 1) purposeClasses.push(index * 100);
  return {
    openness: toLabel(opennessName(conditions.openness)),
    rights,
    granteeRegions: declared ? toLabel(granteeRegionsName(conditions.regions)) : null,
    purposeClasses,
    maxTermSeconds: conditions.maxTerm === 0 ? null : conditions.maxTerm,
  };
}

/**
 * Whether `next` allows nothing `current` does not (the contract's rule for a change that takes effect at once):
 * at least as closed, no right, grantee region, purpose class or term beyond the current ones. Anything is
 * tighter than undeclared conditions. A change that is not takes effect only when registrars confirm it.
 */
export function isTighterOrEqual(next: BorderConditions, current: BorderConditions): boolean {
  if (current.openness === Openness.UNDECLARED) return true;
  return (
    next.openness >= current.openness &&
    (next.rights & ~current.rights) === 0 &&
    next.regions <= current.regions &&
    (next.purposeClasses & ~current.purposeClasses) === 0 &&
    (current.maxTerm === 0 || (next.maxTerm !== 0 && next.maxTerm <= current.maxTerm))
  );
}

const GBA = new Set<number>([
  Jurisdiction.GZ,
  Jurisdiction.SHENZHEN,
  Jurisdiction.ZHUHAI,
  Jurisdiction.FOSHAN,
  Jurisdiction.HUIZHOU,
  Jurisdiction.DONGGUAN,
  Jurisdiction.ZHONGSHAN,
  Jurisdiction.JIANGMEN,
  Jurisdiction.ZHAOQING,
  Jurisdiction.HK,
  Jurisdiction.MO,
]);

/** The region of a jurisdiction, as the grant rules draw borders: mainland, HK, MO or elsewhere. */
export function regionOf(jurisdiction: Jurisdiction): "mainland" | "hk" | "mo" | "elsewhere" {
  if (jurisdiction === Jurisdiction.HK) return "hk";
  if (jurisdiction === Jurisdiction.MO) return "mo";
  if (jurisdiction === Jurisdiction.OTHER) return "elsewhere";
  return "mainland";
}

/** Why a grant would be outside the conditions, or null when it is within them (undeclared conditions allow anything). */
export type BorderConditionsBreach =
  | { kind: "not-open" }
  | { kind: "right"; right: Right }
  | { kind: "region"; granteeJurisdiction: Jurisdiction }
  | { kind: "purpose"; purposeCode: number }
  | { kind: "expiry-required" }
  | { kind: "term"; term: number; maxTerm: number };

/**
 * Checks a grant against border conditions as `GrantRegistry.grant` does, in the same order, so a tool can
 * refuse it before sending it.
 */
export function borderConditionsBreach(
  conditions: BorderConditions,
  grant: { right: Right; purposeCode: number; datasetJurisdiction: Jurisdiction; granteeJurisdiction: Jurisdiction; startsAt: number; expiresAt: number },
): BorderConditionsBreach | null {
  if (conditions.openness === Openness.UNDECLARED) return null;
  if (conditions.openness === Openness.NOT_OPEN) return { kind: "not-open" };
  if (((conditions.rights >> grant.right) & 1) === 0) return { kind: "right", right: grant.right };
  if (
    conditions.regions !== GranteeRegions.ANYWHERE &&
    regionOf(grant.granteeJurisdiction) !== regionOf(grant.datasetJurisdiction) &&
    !(conditions.regions === GranteeRegions.GBA && GBA.has(grant.granteeJurisdiction))
  ) {
    return { kind: "region", granteeJurisdiction: grant.granteeJurisdiction };
  }
  const index = purposeClassIndex(grant.purposeCode);
  if (index > 15 || ((conditions.purposeClasses >> index) & 1) === 0) return { kind: "purpose", purposeCode: grant.purposeCode };
  if (conditions.maxTerm !== 0) {
    if (grant.expiresAt === 0) return { kind: "expiry-required" };
    const term = grant.expiresAt - grant.startsAt;
    if (term > conditions.maxTerm) return { kind: "term", term, maxTerm: conditions.maxTerm };
  }
  return null;
}
