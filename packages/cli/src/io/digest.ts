import { createHash } from "node:crypto";

/**
 * Hashes of the documents and texts that stay off chain (evidence, decisions, reasons, notes,
 * purpose statements, metadata): SHA-256, so anyone can reproduce them with `sha256sum FILE` or
 * `printf %s "TEXT" | sha256sum`.
 */

/** SHA-256 of a text's UTF-8 bytes. */
export function textHash(text: string): `0x${string}` {
  return `0x${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

/** SHA-256 of a file (streamed; a missing file is an input error, exit 2). */
export async function documentHash(path: string): Promise<`0x${string}`> {
  const { hashFile } = await import("./parts/files.js");
  return (await hashFile(path, { algorithm: "sha256" })).hash;
}

/** A value that is either a 32-byte hash already, or a file to hash. */
export async function hashOrDocument(value: string): Promise<`0x${string}`> {
  return /^0x[0-9a-fA-F]{64}$/.test(value.trim()) ? (value.trim().toLowerCase() as `0x${string}`) : documentHash(value);
}
