/**
 * Dictionary keys for the SDK's and the indexer's labels (`"processing-use"` → `right.processing-use`).
 * A label the dictionaries do not know (a value added to the contracts after this page was built) is
 * shown as it is, untranslated, rather than hidden.
 */
import type { MessageKey } from "../i18n/index.js";
import { hasMessage } from "../i18n/index.js";
import { type Value, text } from "./values.js";

export type LabelGroup =
  | "status"
  | "grantStatus"
  | "jurisdiction"
  | "category"
  | "grade"
  | "sector"
  | "right"
  | "mechanism"
  | "derivation"
  | "algorithm"
  | "event";

/** The message for a label of a group, or the label itself when no dictionary has it. */
export function labelValue(group: LabelGroup, label: string): Value {
  const key = `${group}.${label}`;
  return hasMessage(key) ? text(key as MessageKey) : { kind: "raw", text: label };
}
