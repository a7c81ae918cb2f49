import { createHMAC, createSHA256 } from "hash-wasm";
import type { Hex } from "viem";
import { InvalidArgumentError } from "../errors/base.js";

/** The shortest zone secret accepted: 32 bytes, as much as the HMAC-SHA256 output. */
export const MIN_ZONE_SECRET_BYTES = 32;

const COMMITMENT = /^0x[0-9a-fA-F]{64}$/;
const HEX = /^(?:0x)?((?:[0-9a-fA-F]{2})+)$/;

/**
 * The canonical form of a legal identifier, so that the same organisation always gets the same
 * commitment however its code was typed: Unicode NFKC (full-width letters and digits become ASCII),
 * then white space and hyphens (`-`) removed anywhere, then upper case.
 *
 * @example
 * normaliseLegalIdentity(" 9144-0101 ma59test01 ") // "91440101MA59TEST01"
 */
export function normaliseLegalIdentity(identifier: string): string {
  return identifier.normalize("NFKC").replace(/[\s-]+/g, "").toUpperCase();
}

/**
 * Reads a zone secret given as hex (with or without `0x`, surrounding white space ignored). It must be at
 * least {@link MIN_ZONE_SECRET_BYTES} bytes. The secret never appears in an error.
 */
export function parseZoneSecret(secret: string | Uint8Array): Uint8Array {
  if (secret instanceof Uint8Array) {
    if (secret.length < MIN_ZONE_SECRET_BYTES) throw shortSecret(secret.length);
    return secret;
  }
  const match = HEX.exec(secret.trim());
  if (!match) {
    throw new InvalidArgumentError("the zone secret is not hex", { hint: `give at least ${MIN_ZONE_SECRET_BYTES} bytes as hex (0x…)` });
  }
  const hex = match[1]!;
  if (hex.length / 2 < MIN_ZONE_SECRET_BYTES) throw shortSecret(hex.length / 2);
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function shortSecret(length: number): InvalidArgumentError {
  return new InvalidArgumentError(`the zone secret is too short: ${length} bytes, at least ${MIN_ZONE_SECRET_BYTES} are needed`, {
    hint: "draw it at random, e.g. openssl rand -hex 32",
  });
}

/**
 * The on-chain commitment to a legal identity: `HMAC-SHA256(zone secret, normalised identifier)`, the
 * identifier normalised by {@link normaliseLegalIdentity} and taken as UTF-8. Identifiers such as credit
 * codes and ID numbers are short and guessable, so an unkeyed hash of one could be reversed by hashing
 * candidates; without the zone's secret the commitment reveals nothing. A ready commitment (`0x` and 64
 * hex digits) is taken as it is, and then no secret is needed.
 *
 * Runs anywhere (WebAssembly from `hash-wasm`, no Node built-ins).
 *
 * @param legalIdentity The identifier (e.g. the unified social credit code), or a ready commitment.
 * @param zoneSecret The zone's secret, at least 32 bytes, as hex or bytes; needed for an identifier.
 *
 * @example
 * await legalIdentityHash("91440101MA59TEST01", process.env.DPR_ZONE_SECRET) // 0x…
 */
export async function legalIdentityHash(legalIdentity: string, zoneSecret?: string | Uint8Array): Promise<Hex> {
  const value = legalIdentity.trim();
  if (value === "") throw new InvalidArgumentError("the legal identity is empty");
  if (COMMITMENT.test(value)) return value.toLowerCase() as Hex;
  const identifier = normaliseLegalIdentity(value);
  if (identifier === "") throw new InvalidArgumentError("the legal identity is empty once spaces and hyphens are removed");
  if (zoneSecret === undefined || (typeof zoneSecret === "string" && zoneSecret.trim() === "")) {
    throw new InvalidArgumentError("a legal identifier is committed with the zone secret, and none was given", {
      hint: "give the zone secret, or the ready 32-byte commitment (0x + 64 hex digits)",
    });
  }
  const hmac = await createHMAC(createSHA256(), parseZoneSecret(zoneSecret));
  hmac.init();
  hmac.update(identifier);
  return `0x${hmac.digest("hex")}`;
}
