/** Local checks of an action's arguments, so that bad input fails before any RPC call. */
import { type Address, type Hex, getAddress, isAddress, zeroAddress, zeroHash } from "viem";
import { InvalidArgumentError, InvalidHashError } from "../../errors/base.js";

const HASH = /^0x[0-9a-fA-F]{64}$/;

/** A 32-byte hash, lower-cased; `label` names it in the error ("content hash", "evidence hash"). */
export function toHash(value: unknown, label: string, options: { nonZero?: boolean } = {}): Hex {
  if (typeof value !== "string" || !HASH.test(value)) {
    throw new InvalidHashError(`the ${label} is not 32 bytes of hex: ${JSON.stringify(value) ?? String(value)}`, {
      hint: "write it as 0x followed by 64 hex digits",
    });
  }
  const hash = value.toLowerCase() as Hex;
  if (options.nonZero && hash === zeroHash) throw new InvalidHashError(`the ${label} must not be zero`);
  return hash;
}

/** An optional 32-byte hash: zero when absent. */
export function toOptionalHash(value: unknown, label: string): Hex {
  return value === undefined || value === null ? zeroHash : toHash(value, label);
}

/** An address, checksummed; the zero address is refused unless `allowZero`. */
export function toAddress(value: unknown, label: string, options: { allowZero?: boolean } = {}): Address {
  if (typeof value !== "string" || !isAddress(value, { strict: false })) {
    throw new InvalidArgumentError(`the ${label} is not an address: ${JSON.stringify(value) ?? String(value)}`, {
      hint: "write it as 0x followed by 40 hex digits",
    });
  }
  const address = getAddress(value);
  if (!options.allowZero && address === zeroAddress) throw new InvalidArgumentError(`the ${label} must not be the zero address`);
  return address;
}

/** A non-negative integer of at most `bits` bits, from a bigint, a safe integer or a decimal string. */
export function toUint(value: unknown, label: string, bits: number): bigint {
  let n: bigint | undefined;
  if (typeof value === "bigint") n = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) n = BigInt(value);
  else if (typeof value === "string" && /^\d+$/.test(value.trim())) n = BigInt(value.trim());
  if (n === undefined || n < 0n || n >= 1n << BigInt(bits)) {
    throw new InvalidArgumentError(`the ${label} is not an integer from 0 to ${(1n << BigInt(bits)) - 1n}: ${String(value)}`);
  }
  return n;
}

/** A grant id: a positive integer. */
export function toGrantId(value: unknown): bigint {
  const id = toUint(value, "grant id", 256);
  if (id === 0n) throw new InvalidArgumentError("grant ids start at 1");
  return id;
}

/** A point in time as unix seconds (uint40), from a `Date` or a bigint/number of seconds. */
export function toSeconds(value: Date | bigint | number, label: string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new InvalidArgumentError(`the ${label} is not a valid date`);
    if (ms < 0) throw new InvalidArgumentError(`the ${label} is before 1970: ${value.toISOString()}`);
    return Number(toUint(Math.floor(ms / 1000), label, 40));
  }
  return Number(toUint(value, `${label} (unix seconds)`, 40));
}
