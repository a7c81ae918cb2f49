/**
 * The root of the SDK's errors (after viem's `BaseError`): a short message for people, optional
 * details, and the underlying cause. Every error the SDK throws is a `DprError` with a stable `name`.
 */
export interface DprErrorOptions {
  /** More about what happened, shown on its own line. */
  details?: string | undefined;
  /** What to do about it. */
  hint?: string | undefined;
  cause?: unknown;
}

export class DprError extends Error {
  override name = "DprError";
  readonly shortMessage: string;
  readonly details: string | undefined;
  readonly hint: string | undefined;

  constructor(shortMessage: string, options: DprErrorOptions = {}) {
    const lines = [shortMessage];
    if (options.details) lines.push(`Details: ${options.details}`);
    if (options.hint) lines.push(`Hint: ${options.hint}`);
    super(lines.join("\n"), options.cause === undefined ? undefined : { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
    this.hint = options.hint;
  }
}

/** A hash was not 32 bytes of hex, or named an unknown algorithm. */
export class InvalidHashError extends DprError {
  override name = "InvalidHashError";
}
