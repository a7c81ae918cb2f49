/**
 * Reads a metadata document of format `dpr-metadata/1`: its JSON Schema (`dpr-metadata-1.schema.json`)
 * plus the rules a schema cannot state (the zone's purpose list, start ≤ end, real calendar dates, lists
 * empty only when not open, personal columns in a document without personal data). Every problem is
 * reported at once, each with a JSON pointer to where it is and a message naming the field.
 */
import type { ErrorObject, ValidateFunction } from "ajv";
import Ajv2020 from "ajv/dist/2020.js";
import { PURPOSES, PURPOSE_CLASSES } from "../purposes/index.js";
import { type DprMetadataDocument, METADATA_FORMAT, type MetadataProblem, type ParseMetadataResult } from "./document.js";
import schema from "./dpr-metadata-1.schema.json" with { type: "json" };

/** The largest document read: 1 MiB of UTF-8. */
export const MAX_METADATA_BYTES = 1024 * 1024;

let compiled: ValidateFunction | undefined;
// Compiled on first use: ajv generates code, which only readers of documents should pay for.
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false }).compile(schema);
  return compiled;
}

/** `/borderConditions/purposes/2` → `borderConditions.purposes[2]`, as messages name fields. */
export function pointerToPath(pointer: string): string {
  if (pointer === "") return "document";
  let path = "";
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (/^(0|[1-9][0-9]*)$/.test(key)) path += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) path += path === "" ? key : `.${key}`;
    else path += `[${JSON.stringify(key)}]`;
  }
  return path;
}

const escapeKey = (key: string | number) => String(key).replace(/~/g, "~0").replace(/\//g, "~1");
const problem = (pointer: string, message: string): MetadataProblem => ({ path: pointer, message: `${pointerToPath(pointer)}: ${message}` });
const show = (value: unknown) => (typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : String(value));
const kindOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "a list" : typeof value === "object" ? "an object" : `${typeof value} ${show(value)}`);

// What each pattern of the schema stands for, keyed by the pattern itself (errors of a `$ref`'d definition
// carry a schema path relative to the definition, which does not say which one it is).
const defs = schema.$defs;
const properties = schema.properties;
const PATTERNS = new Map<string, string>([
  [properties.identifier.pattern, "must be 1 to 128 letters, digits, dots, underscores or hyphens"],
  [defs.uri.pattern, "must be an absolute URI (scheme:…, no spaces)"],
  [defs.httpUri.pattern, "must be an http(s) URL"],
  [defs.date.pattern, "must be a date, YYYY-MM-DD"],
  [properties.contactPoint.properties.email.pattern, "must be an email address"],
  [properties.contactPoint.properties.telephone.pattern, "must be a telephone number (digits, spaces, brackets and hyphens, optionally after +)"],
  [defs.distribution.properties.mediaType.pattern, "must be a media type such as text/csv"],
  [defs.distribution.properties.checksum.properties.value.pattern, 'must be "0x" and 64 lower-case hex digits'],
]);

const TYPES: Record<string, string> = { object: "an object", array: "a list", string: "a text", integer: "a whole number", number: "a number", boolean: "true or false" };

/** One ajv error as a problem of the document, or null for errors another one already says. */
function fromSchemaError(error: ErrorObject, document: unknown): MetadataProblem | null {
  const at = error.instancePath;
  const value = valueAt(document, at);
  const params = error.params as Record<string, unknown>;
  // The alternatives of `anyOf` (contactPoint: email or telephone) are reported once, by the anyOf itself.
  if (error.schemaPath.includes("/anyOf/")) return null;
  // propertyNames reports the name's own failure too; the propertyNames error says it.
  if ((error as { propertyName?: string }).propertyName !== undefined) return null;
  switch (error.keyword) {
    case "required":
      return problem(`${at}/${escapeKey(params.missingProperty as string)}`, "is missing");
    case "additionalProperties": {
      const key = params.additionalProperty as string;
      return problem(`${at}/${escapeKey(key)}`, at === "" ? `is not a field of ${METADATA_FORMAT} (extensions must start with "x-")` : "is not a field here");
    }
    case "anyOf":
      return problem(at, "needs an email or a telephone");
    case "propertyNames":
      return problem(`${at}/${escapeKey(params.propertyName as string)}`, `${JSON.stringify(params.propertyName)} is not a language tag (BCP 47, e.g. zh, zh-HK, en)`);
    case "const":
      return problem(at, `must be ${JSON.stringify(params.allowedValue)}, not ${show(value)}`);
    case "enum":
      return problem(at, `${show(value)} is not one of: ${(params.allowedValues as unknown[]).map(String).join(", ")}`);
    case "type":
      return problem(at, `must be ${(String(params.type).split(",").map((t) => TYPES[t] ?? t)).join(" or ")}, not ${kindOf(value)}`);
    case "pattern": {
      const pattern = String(params.pattern);
      return problem(at, `${show(value)} ${PATTERNS.get(pattern) ?? `must match ${pattern}`}`);
    }
    case "minLength":
      return problem(at, "must not be empty");
    case "maxLength":
      return problem(at, `is longer than ${String(params.limit)} characters`);
    case "minProperties":
      return problem(at, (error.parentSchema as { propertyNames?: unknown } | undefined)?.propertyNames ? "needs a text in at least one language" : "must not be empty");
    case "uniqueItems":
      return problem(at, `items ${Math.min(Number(params.i), Number(params.j))} and ${Math.max(Number(params.i), Number(params.j))} are the same`);
    case "minimum":
      return problem(at, `${show(value)} is less than ${String(params.limit)}`);
    case "maximum":
      return problem(at, `${show(value)} is more than ${String(params.limit)}`);
    default:
      return problem(at, error.message ?? "is not valid");
  }
}

function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const raw of pointer === "" ? [] : pointer.slice(1).split("/")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[raw.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** True for a real calendar date `YYYY-MM-DD` (not 2025-02-30). */
function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const ZONE_CODES = new Set<number>([...PURPOSES.map((p) => p.code), ...PURPOSE_CLASSES.map((c) => c.class)]);

/** The rules the schema cannot state; each looks only at values of the right shape (the schema reports the others). */
function ruleProblems(document: Record<string, unknown>): MetadataProblem[] {
  const problems: MetadataProblem[] = [];
  const dates: [string, unknown][] = [
    ["/issued", document.issued],
    ["/modified", document.modified],
  ];
  const temporal = document.temporalCoverage;
  if (isObject(temporal)) dates.push(["/temporalCoverage/start", temporal.start], ["/temporalCoverage/end", temporal.end]);
  const good = new Set<string>();
  for (const [at, value] of dates) {
    if (typeof value !== "string" || !ISO_DATE.test(value)) continue;
    if (isCalendarDate(value)) good.add(at);
    else problems.push(problem(at, `${JSON.stringify(value)} is not a date of the calendar`));
  }
  if (isObject(temporal) && good.has("/temporalCoverage/start") && good.has("/temporalCoverage/end") && String(temporal.start) > String(temporal.end)) {
    problems.push(problem("/temporalCoverage/end", `${String(temporal.end)} is before the start, ${String(temporal.start)}`));
  }
  if (good.has("/issued") && good.has("/modified") && String(document.modified) < String(document.issued)) {
    problems.push(problem("/modified", `${String(document.modified)} is before issued, ${String(document.issued)}`));
  }

  if (document.category === "personal" && document.containsPersonalData === false) {
    problems.push(problem("/containsPersonalData", 'must be true: the category is "personal"'));
  }
  if (Array.isArray(document.fields)) {
    const seen = new Map<string, number>();
    document.fields.forEach((field, index) => {
      if (!isObject(field)) return;
      if (typeof field.name === "string") {
        const first = seen.get(field.name);
        if (first !== undefined) problems.push(problem(`/fields/${index}/name`, `${JSON.stringify(field.name)} is also the name of fields[${first}]`));
        else seen.set(field.name, index);
      }
      if (field.personal === true && document.containsPersonalData === false) {
        problems.push(problem(`/fields/${index}/personal`, "a personal column in a document whose containsPersonalData is false"));
      }
    });
  }

  const conditions = document.borderConditions;
  if (isObject(conditions)) {
    const open = conditions.openness === "open" || conditions.openness === "conditional";
    if (Array.isArray(conditions.purposes)) {
      conditions.purposes.forEach((code, index) => {
        if (Number.isInteger(code) && !ZONE_CODES.has(code as number)) {
          problems.push(problem(`/borderConditions/purposes/${index}`, `${String(code)} is not a purpose code or class of the zone's list`));
        }
      });
      if (open && conditions.purposes.length === 0) {
        problems.push(problem("/borderConditions/purposes", `must name at least one purpose code or class: the data is ${String(conditions.openness)}`));
      }
    }
    if (open && Array.isArray(conditions.rights) && conditions.rights.length === 0) {
      problems.push(problem("/borderConditions/rights", `must name at least one right: the data is ${String(conditions.openness)}`));
    }
  }
  return problems;
}

/**
 * Reads a metadata document (format `dpr-metadata/1`, docs/metadata.md) from its text: the document when
 * it has no problem, else null and every problem found, each with a JSON pointer (`path`) and a message
 * that names the field (`borderConditions.purposes[2]: 999 is not a purpose code or class of the zone's list`).
 * A leading byte-order mark is allowed (it is part of the hashed bytes, not of the JSON); documents over
 * 1 MiB are refused unread.
 *
 * @example
 * const { document, problems } = parseMetadataDocument(await readFile("outpatient.json", "utf8"))
 * if (!document) for (const p of problems) console.error(p.message)
 */
export function parseMetadataDocument(text: string): ParseMetadataResult {
  const refuse = (problems: MetadataProblem[]): ParseMetadataResult => ({ document: null, problems });
  if (typeof text !== "string") return refuse([{ path: "", message: "document: must be text" }]);
  // A UTF-16 unit is at least one UTF-8 byte, so a longer string is refused before it is encoded.
  if (text.length > MAX_METADATA_BYTES || new TextEncoder().encode(text).length > MAX_METADATA_BYTES) {
    return refuse([{ path: "", message: `document: larger than 1 MiB (${MAX_METADATA_BYTES} bytes of UTF-8), the most a document may be` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    return refuse([{ path: "", message: `document: not JSON (${(error as Error).message})` }]);
  }
  if (!isObject(value)) return refuse([{ path: "", message: `document: must be a JSON object, not ${kindOf(value)}` }]);

  const validate = validator();
  const problems: MetadataProblem[] = [];
  const seen = new Set<string>();
  const add = (found: MetadataProblem | null) => {
    if (found === null || seen.has(found.message)) return;
    seen.add(found.message);
    problems.push(found);
  };
  if (!validate(value)) for (const error of validate.errors ?? []) add(fromSchemaError(error, value));
  for (const found of ruleProblems(value)) add(found);
  return problems.length === 0 ? { document: value as unknown as DprMetadataDocument, problems: [] } : refuse(problems);
}
