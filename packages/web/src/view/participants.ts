/**
 * Who a participant is, for people: the name from its profile (the directory records a metadata URI;
 * `dpr participant add --name` records a `data:` URI holding `{"name": …}`), its jurisdiction, its
 * address. The page never fetches a profile from elsewhere: that would tell a third party what is
 * being verified.
 */
import type { Address } from "viem";
import type { JurisdictionLabel } from "@dpr/sdk";

export interface ParticipantInfo {
  address: Address;
  /** The name on record, or null when the profile is not a readable `data:` document. */
  name: string | null;
  /** The profile's location as recorded, or null when unknown. */
  metadataURI: string | null;
  jurisdiction: JurisdictionLabel | null;
}

/** Participants by lower-case address. */
export type Participants = ReadonlyMap<string, ParticipantInfo>;

const MAX_NAME = 200;

/**
 * The organisation's name in a profile URI: `data:[<type>][;charset=…][;base64],<JSON>` whose JSON
 * has a `name`: a string, or names by language tag (`{"en": …, "zh-CN": …}`), of which the one for
 * `lang` is taken (else the same language in another region, else English, else the first). Anything
 * else (an https URI, malformed data, no name) gives null.
 *
 * @example
 * profileName('data:application/json;charset=utf-8,%7B%22name%22%3A%22GZ%20Data%20Exchange%22%7D') // "GZ Data Exchange"
 * profileName('data:,{"name":{"en":"Health Commission","zh-CN":"卫生健康委员会"}}', "zh-CN") // "卫生健康委员会"
 */
export function profileName(metadataURI: string | null | undefined, lang = "en"): string | null {
  if (!metadataURI) return null;
  const match = /^data:([^,]*),(.*)$/s.exec(metadataURI.trim());
  if (!match) return null;
  const [, header = "", payload = ""] = match;
  const parameters = header.split(";").map((p) => p.trim().toLowerCase());
  const type = parameters[0] ?? "";
  if (type !== "" && type !== "application/json" && type !== "text/plain") return null;
  let text: string;
  try {
    if (parameters.includes("base64")) {
      const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
      text = new TextDecoder().decode(bytes);
    } else {
      text = decodeURIComponent(payload);
    }
  } catch {
    return null;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return null;
  }
  const given = typeof document === "object" && document !== null ? (document as { name?: unknown }).name : undefined;
  const name = typeof given === "object" && given !== null ? nameIn(given as Record<string, unknown>, lang) : given;
  if (typeof name !== "string") return null;
  // Collapse control characters and runs of spaces: a name is one line of text.
  const clean = name.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  if (clean === "") return null;
  return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME - 1)}…` : clean;
}

/** A name from names by language tag: `lang`, its language in any region, English, or the first. */
function nameIn(names: Record<string, unknown>, lang: string): unknown {
  const entries = Object.entries(names).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].trim() !== "");
  const base = (tag: string) => tag.toLowerCase().split("-")[0];
  const pick =
    entries.find(([tag]) => tag.toLowerCase() === lang.toLowerCase()) ??
    entries.find(([tag]) => base(tag) === base(lang)) ??
    entries.find(([tag]) => base(tag) === "en") ??
    entries[0];
  return pick?.[1];
}

/** The participant for an address, or one that says only its address. */
export function participantOf(participants: Participants, address: Address): ParticipantInfo {
  return participants.get(address.toLowerCase()) ?? { address, name: null, metadataURI: null, jurisdiction: null };
}

/**
 * Participants from two sources, the first winning field by field (the chain's record over the
 * indexer's, which fills only what the chain read could not give).
 */
export function mergeParticipants(first: Participants, second: Participants): Map<string, ParticipantInfo> {
  const merged = new Map<string, ParticipantInfo>(second);
  for (const [key, info] of first) {
    const other = second.get(key);
    merged.set(key, {
      address: info.address,
      name: info.name ?? other?.name ?? null,
      metadataURI: info.metadataURI ?? other?.metadataURI ?? null,
      jurisdiction: info.jurisdiction ?? other?.jurisdiction ?? null,
    });
  }
  return merged;
}
