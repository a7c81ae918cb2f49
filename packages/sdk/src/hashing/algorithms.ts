import { InvalidHashError } from "../errors/base.js";
import { HashAlgorithm } from "../generated/enums.js";

/** The names of the content-hash algorithms, as users type them. */
export type HashAlgorithmName = "sha256" | "sm3" | "keccak256";

export const hashAlgorithmNames: readonly HashAlgorithmName[] = ["sha256", "sm3", "keccak256"];

const byName: Record<HashAlgorithmName, HashAlgorithm> = {
  sha256: HashAlgorithm.SHA256,
  sm3: HashAlgorithm.SM3,
  keccak256: HashAlgorithm.KECCAK256,
};

/**
 * The on-chain `HashAlgorithm` value of an algorithm name (case-insensitive; `sha-256` is accepted).
 *
 * @example
 * hashAlgorithmOf("SM3") // 1
 */
export function hashAlgorithmOf(name: string): HashAlgorithm {
  const key = name.toLowerCase().replace(/-/g, "") as HashAlgorithmName;
  const value = byName[key];
  if (value === undefined) {
    throw new InvalidHashError(`unknown hash algorithm "${name}"`, { hint: `use one of: ${hashAlgorithmNames.join(", ")}` });
  }
  return value;
}

/** The name of an on-chain `HashAlgorithm` value. */
export function hashAlgorithmName(algorithm: HashAlgorithm | number): HashAlgorithmName {
  const name = hashAlgorithmNames[algorithm];
  if (name === undefined) throw new InvalidHashError(`unknown hash algorithm value ${algorithm}`);
  return name;
}
