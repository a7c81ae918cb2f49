/**
 * Purpose codes as people read them, from the zone's list in the SDK (the list the indexer and the web
 * page use too). Loaded lazily, as the SDK is, by the commands that print a purpose.
 */
import { purposeClassOf, purposeLabel } from "@dpr/sdk";

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/**
 * A purpose code with its label and class: `201 Academic research (research and statistics)`. A code the
 * list does not name keeps its number and says so: `299 (not in the zone's list; research and statistics)`.
 */
export function describePurpose(code: number | bigint): string {
  const label = purposeLabel(code, "en");
  const purposeClass = purposeClassOf(code)?.label.en;
  if (label !== null) return `${code} ${label}${purposeClass ? ` (${lowerFirst(purposeClass)})` : ""}`;
  return `${code} (not in the zone's list${purposeClass ? `; ${lowerFirst(purposeClass)}` : ""})`;
}

/** A grant row of the indexer with the English label of its purpose beside its code (null for a code not in the list). */
export function withPurposeLabel<T extends Record<string, unknown>>(grant: T): T {
  if (typeof grant.purposeCode !== "number") return grant;
  const labelled: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(grant)) {
    labelled[key] = value;
    if (key === "purposeCode") labelled.purpose = purposeLabel(value as number, "en");
  }
  return labelled as T;
}
