/** Helpers shared by the read actions; not part of the public API. */
import {
  AbiDecodingZeroDataError,
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  type Hex,
  zeroAddress,
} from "viem";
import type { DprContext } from "../deployments/deployment.js";
import { type DprError, InvalidHashError } from "../errors/base.js";
import { decodeDprError } from "../errors/decode.js";
import { type HashAlgorithmName, hashAlgorithmName, hashAlgorithmOf } from "../hashing/algorithms.js";
import type { HashAlgorithm } from "../generated/enums.js";

const BYTES32 = /^0x[0-9a-fA-F]{64}$/;

/** Checks that `value` is 32 bytes of hex and returns it in lowercase. */
export function bytes32(value: string, what: string): Hex {
  if (typeof value !== "string" || !BYTES32.test(value)) {
    throw new InvalidHashError(`${what} is not 32 bytes of hex: ${String(value)}`, {
      hint: "expected 0x followed by 64 hex digits",
    });
  }
  return value.toLowerCase() as Hex;
}

/** An algorithm given by name or on-chain value, as both. */
export function algorithmOf(algorithm: HashAlgorithmName | HashAlgorithm | undefined): {
  value: HashAlgorithm;
  name: HashAlgorithmName;
} {
  if (algorithm === undefined) return { value: 0, name: "sha256" };
  const value = typeof algorithm === "number" ? algorithm : hashAlgorithmOf(algorithm);
  return { value, name: hashAlgorithmName(value) };
}

/** The zero address as null. */
export function addressOrNull(address: Address): Address | null {
  return address === zeroAddress ? null : address;
}

/** A zero time as null. */
export function timeOrNull(time: number | bigint): bigint | null {
  return BigInt(time) === 0n ? null : BigInt(time);
}

/** Whether `error` is a revert with the custom error `errorName` (anywhere in its cause chain). */
export function isRevertWith(error: unknown, errorName: string): boolean {
  return error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError && e.data?.errorName === errorName) !== null;
}

/** Whether `error` is any revert, decoded or not (some nodes return no revert data). */
export function isRevert(error: unknown): boolean {
  return error instanceof BaseError && error.walk((e) => e instanceof ContractFunctionRevertedError) !== null;
}

/** Whether a call came back empty or undecodable: no contract, or not the contract we think. */
export function isNoContract(error: unknown): boolean {
  return (
    error instanceof BaseError &&
    error.walk((e) => e instanceof ContractFunctionZeroDataError || e instanceof AbiDecodingZeroDataError || e instanceof ContractFunctionRevertedError) !==
      null
  );
}

/** `Promise.all(items.map(fn))` with at most `limit` calls in flight (to spare the RPC endpoint). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The SDK's error for whatever a read caught: input errors (already `DprError`s) as they are, reverts
 * decoded into named contract errors, an unreachable endpoint as `RpcUnreachableError`.
 */
export function toDprError(context: Pick<DprContext, "publicClient">, error: unknown): DprError {
  const url = (context.publicClient.transport as { url?: unknown }).url;
  return decodeDprError(error, { url: typeof url === "string" ? url : undefined });
}
