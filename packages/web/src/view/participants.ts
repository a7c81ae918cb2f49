/**
 * Who a participant is, for people: the name the zone admin attested for its organisation (the
 * directory's `attestedNameOf`), and the name from its own profile (the directory records a metadata URI;
 * `dpr participant add --name` records a `data:` URI holding `{"name": …}`), which is self-declared — the
 * participant can change it at will — and shown as such; its jurisdiction, its address. The page never
 * fetches a profile from elsewhere: that would tell a third party what is being verified.
 */
import { type Address, zeroAddress } from "viem";
import { type JurisdictionLabel, organisationNameIn, pickLanguage } from "@dpr/sdk";
import { type Message, message } from "./values.js";

export interface ParticipantInfo {
  address: Address;
  /**
   * The self-declared name: the one in the participant's profile, or null when the profile is not a
   * readable `data:` document.
   */
  name: string | null;
  /**
   * The name the zone admin attested for the account's organisation, as recorded (plain text, or JSON
   * names by language tag: see {@link participantNames}); null when none is attested, undefined when
   * the chain was not asked.
   */
  attestedName?: string | null | undefined;
  /** The profile's location as recorded, or null when unknown. */
  metadataURI: string | null;
  jurisdiction: JurisdictionLabel | null;
  /**
   * Set when the account was removed from the directory since (null or undefined: not removed, or not
   * known). The page never presents a removed account as one that acts for its organisation now.
   */
  removed?: RemovedMark | null | undefined;
}

/**
 * A removal, as the directory tells it. `founder`: the address is an organisation's own (its first
 * account's): the organisation and what it holds stay, with its name; only that founding account can no
 * longer act. Otherwise the account's record is gone. `time`: the block time of its last
 * `ParticipantRemoved` (null when the node refused the search of events).
 */
export interface RemovedMark {
  founder: boolean;
  time: bigint | null;
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
  const name = typeof given === "object" && given !== null ? pickLanguage(given as Record<string, unknown>, lang) : given;
  if (typeof name !== "string") return null;
  // Collapse control characters and runs of spaces: a name is one line of text.
  const clean = name.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim();
  if (clean === "") return null;
  return clean.length > MAX_NAME ? `${clean.slice(0, MAX_NAME - 1)}…` : clean;
}

/** The names to show for a participant, in a language. */
export interface ShownNames {
  /** The attested name: the participant's name. Null when none is attested. */
  attested: string | null;
  /**
   * The profile's self-declared name, when it differs from the attested one (or there is none): shown
   * after it, marked "self-declared". Null when there is nothing more to say.
   */
  declared: string | null;
}

/**
 * The attested name in `lang` is the name; a self-declared profile name is shown only beside it when it
 * differs, marked so (with no attested name, it is all there is, still marked).
 *
 * @example
 * participantNames({ ...info, attestedName: '{"en":"Health Commission","zh-CN":"卫生健康委员会"}', name: "Best Data Ltd" }, "zh-CN")
 * // { attested: "卫生健康委员会", declared: "Best Data Ltd" }
 */
export function participantNames(info: ParticipantInfo, lang: string): ShownNames {
  const attested = organisationNameIn(info.attestedName, lang);
  const declared = profileName(info.metadataURI, lang) ?? info.name;
  if (declared === null) return { attested, declared: null };
  // The same name in another language is no different claim: compare with every attested form.
  const attestedForms = new Set([attested, organisationNameIn(info.attestedName, "en"), ...attestedNamesOf(info.attestedName)].filter((n): n is string => n !== null).map((n) => n.toLowerCase()));
  return { attested, declared: attestedForms.has(declared.toLowerCase()) ? null : declared };
}

/** Every name in an attested text of names by language (none for plain text). */
function attestedNamesOf(text: string | null | undefined): string[] {
  if (!text || !text.trim().startsWith("{")) return [];
  try {
    const names = JSON.parse(text) as unknown;
    return typeof names === "object" && names !== null ? Object.values(names).filter((n): n is string => typeof n === "string") : [];
  } catch {
    return [];
  }
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
      attestedName: info.attestedName !== undefined ? info.attestedName : other?.attestedName,
      metadataURI: info.metadataURI ?? other?.metadataURI ?? null,
      jurisdiction: info.jurisdiction ?? other?.jurisdiction ?? null,
      // The chain's read says whether an account is removed; the indexer's only when the chain's did not ask.
      removed: info.removed !== undefined ? info.removed : other?.removed,
    });
  }
  return merged;
}

/**
 * What to say after a removed participant's address: "removed 〈date〉" for an account, "founding account
 * removed 〈date〉" for an organisation's own address (its name stays: the organisation still holds what it
 * holds); null when it is not removed.
 *
 * @example
 * removedNote({ ...info, removed: { founder: false, time: 1767225600n } }) // { key: "participant.removed.at", params: { time: … } }
 */
export function removedNote(info: ParticipantInfo): Message | null {
  const mark = info.removed;
  if (!mark) return null;
  const key = mark.founder ? "participant.founderRemoved" : "participant.removed";
  return mark.time === null ? message(key) : message(`${key}.at`, { time: { kind: "time", seconds: mark.time } });
}

/**
 * Whether the directory answer for an address says it was removed: a founding account keeps its record,
 * marked `removed`; any other removed account has no record left (organisation zero), which is told apart
 * from "never a participant" by its `ParticipantRemoved` event or, failing that, its `ParticipantAdded`.
 */
export function removalOf(record: { organisation: Address; removed: boolean } | null, events: { added: boolean; removedAt: bigint | null | undefined }): RemovedMark | null {
  if (!record) return null;
  if (record.removed) return { founder: true, time: events.removedAt ?? null };
  if (record.organisation === zeroAddress && (events.added || events.removedAt !== undefined)) return { founder: false, time: events.removedAt ?? null };
  return null;
}

/**
 * The participant named as an organisation (the holder in a sentence, the organisation an officer acted
 * for): without the mark of its founding account's removal, which is about that account, not the
 * organisation; an account's own removal stays marked.
 */
export function asOrganisation(info: ParticipantInfo): ParticipantInfo {
  return info.removed?.founder ? { ...info, removed: null } : info;
}
