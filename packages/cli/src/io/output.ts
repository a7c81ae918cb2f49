/**
 * Command output. Results go to stdout: aligned `key  value` lines for people, or with `--json` one
 * JSON object (bigints as decimal strings). Errors and progress go to stderr (see main.ts and
 * progress.ts), so stdout stays clean for pipes.
 */
export interface Output {
  json: boolean;
  quiet: boolean;
  /**
   * Prints a command's result: the JSON object, or its fields as aligned lines (`human`, when given, is
   * what people see instead, e.g. with times as dates).
   */
  result(result: Record<string, unknown>, human?: Record<string, unknown>): void;
  /** Free text for people on stdout (commands whose human form is not key/value lines). */
  text(text: string): void;
}

export interface OutputOptions {
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  stdout?: { write(chunk: string): unknown } | undefined;
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const json = Boolean(options.json);
  const quiet = Boolean(options.quiet);
  return {
    json,
    quiet,
    result(result, human) {
      stdout.write(json ? `${toJson(normaliseNames(result))}\n` : formatFields(normaliseNames(human ?? result) as Record<string, unknown>));
    },
    text(text) {
      stdout.write(text);
    },
  };
}

/** JSON with bigints as decimal strings and `undefined` fields left out. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2);
}

/** `datasetId` → `dataset id`, `txHash` → `tx hash`. */
export function humanKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase();
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "-";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") return value === "" ? "-" : value;
  return String(value);
}

/**
 * Formats an object as aligned key/value lines. Nested objects are indented under their key; arrays of
 * scalars are joined with commas; arrays of objects become numbered blocks.
 */
export function formatFields(result: Record<string, unknown>, indent = ""): string {
  const entries = Object.entries(result).filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...entries.map(([k]) => humanKey(k).length));
  let text = "";
  for (const [key, value] of entries) {
    const label = humanKey(key).padEnd(width);
    if (Array.isArray(value)) {
      if (value.every((v) => v === null || typeof v !== "object")) {
        text += `${indent}${label}  ${value.length === 0 ? "-" : value.map(scalar).join(", ")}\n`;
      } else {
        text += `${indent}${label}  (${value.length})\n`;
        value.forEach((item, i) => {
          text += `${indent}  [${i + 1}]\n${formatFields(item as Record<string, unknown>, `${indent}    `)}`;
        });
      }
    } else if (value !== null && typeof value === "object") {
      text += `${indent}${humanKey(key)}\n${formatFields(value as Record<string, unknown>, `${indent}  `)}`;
    } else {
      // Times (`registeredAt`, `expiresAt`, …) are unix seconds in JSON; people get dates.
      const time = /At$/.test(key) && (typeof value === "bigint" || typeof value === "number" || (typeof value === "string" && /^\d+$/.test(value)));
      text += `${indent}${label}  ${time ? isoTime(value as bigint) : scalar(value)}\n`;
    }
  }
  return text;
}

/** Unix seconds as an ISO 8601 time (UTC), for people; null stays null. */
export function isoTime(seconds: bigint | number | null | undefined): string | null {
  if (seconds === null || seconds === undefined) return null;
  const date = new Date(Number(seconds) * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString().replace(".000Z", "Z");
}

/** An SDK record without its `raw` contract tuple (kept out of output: it repeats the record with numbers). */
export function withoutRaw<T extends { raw?: unknown }>(record: T): Omit<T, "raw"> {
  const { raw: _raw, ...rest } = record;
  return rest;
}

/** Fields that hold an enumeration member's name. */
const enumFields = new Set(["status", "category", "grade", "jurisdiction", "derivation", "right", "mechanism", "roles", "algorithm"]);

/**
 * One spelling for enumeration names in output, whichever SDK function produced them: the read-side
 * form, lower case with `-` (`MAINLAND_OTHER` → `mainland-other`, `PROCESSING_USE` → `processing-use`),
 * as users type them in options.
 */
export function normaliseNames(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => normaliseNames(v, key));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseNames(v, k)]));
  }
  if (key !== undefined && enumFields.has(key) && typeof value === "string" && /^[A-Z][A-Z0-9_]*$/.test(value)) {
    return value.toLowerCase().replace(/_/g, "-");
  }
  return value;
}
