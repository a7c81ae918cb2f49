import { readFile } from "node:fs/promises";
import { usageError } from "./errors.js";

/**
 * The zone secret that commits legal identities (`HMAC-SHA256(secret, identifier)`): from
 * `--zone-secret-file FILE`, else the DPR_ZONE_SECRET environment variable. Like a signing key, it is
 * never accepted as an option value (options end up in shell history and process lists), and it never
 * appears in output, errors or debug traces.
 */
export interface ZoneSecretOptions {
  zoneSecretFile?: string | undefined;
}

const COMMITMENT = /^0x[0-9a-fA-F]{64}$/;

/**
 * The secret as bytes, checked, or undefined when `legalId` is a ready 32-byte commitment and no
 * secret is needed. A plain identifier without a secret is an input error naming both ways to give one.
 */
export async function zoneSecretFor(legalId: string, options: ZoneSecretOptions, command: string): Promise<Uint8Array | undefined> {
  if (COMMITMENT.test(legalId.trim())) return undefined;
  let secret: string;
  let source: string;
  if (options.zoneSecretFile !== undefined) {
    source = options.zoneSecretFile;
    try {
      secret = await readFile(options.zoneSecretFile, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw usageError(`cannot read the zone secret file ${source}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : String(code)}`);
    }
  } else {
    const fromEnv = process.env.DPR_ZONE_SECRET;
    if (fromEnv === undefined || fromEnv.trim() === "") {
      throw usageError(
        `${command} needs the zone secret to commit the legal identity`,
        "set DPR_ZONE_SECRET, or pass --zone-secret-file FILE (hex, at least 32 bytes); or give --legal-id as the ready 32-byte commitment",
      );
    }
    secret = fromEnv;
    source = "DPR_ZONE_SECRET";
  }
  const { parseZoneSecret } = await import("@dpr/sdk");
  try {
    return parseZoneSecret(secret);
  } catch (error) {
    // The SDK's message names what is wrong (not hex, too short), never the secret itself.
    throw usageError(`${source}: ${(error as Error & { shortMessage?: string }).shortMessage ?? "not a zone secret"}`, "a zone secret is at least 32 random bytes as hex, e.g. from: openssl rand -hex 32");
  }
}
