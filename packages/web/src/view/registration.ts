/**
 * Who registered: the holder is always an organisation (an organisation holds, its accounts act), so the
 * registration line names the account that acted — "0x… , an officer of 〈organisation〉" — when it is
 * not the organisation's own address. An account removed since is not shown as a current officer.
 */
import type { RegisteredContent } from "@dpr/sdk";
import type { Address } from "viem";
import type { LifeCycle } from "./lifecycle.js";
import { type Participants, asOrganisation, participantOf } from "./participants.js";
import { type Value, text } from "./values.js";

const same = (a: Address, b: Address) => a.toLowerCase() === b.toLowerCase();

/**
 * The "Registered by" value, or null when it would only repeat the holder. From the life cycle's
 * `DatasetRegistered` (organisation and officer) when the events were read; else the SDK's registrant
 * (the account that registered), shown only when it is not the holder.
 *
 * @example
 * registeredBy(result, { ...life, registration: { organisation: org, officer } }, participants)
 * // { kind: "text", message: { key: "value.officerOf", params: { officer: …, organisation: … } } }
 */
export function registeredBy(result: Pick<RegisteredContent, "holder" | "registrant">, life: Pick<LifeCycle, "registration"> | null, participants: Participants): Value | null {
  const registration = life?.registration ?? null;
  if (registration && !same(registration.officer, registration.organisation)) return officerOf(participants, registration.officer, registration.organisation);
  // Without the events: the SDK's registrant, shown when it is not the holder (an officer, or a holder since replaced).
  const registrant = registration?.organisation ?? result.registrant;
  return same(registrant, result.holder.address) ? null : { kind: "participant", participant: asOrganisation(participantOf(participants, registrant)) };
}

/**
 * "0x…, an officer of 〈organisation〉": the account that acted for an organisation other than its own address
 * ("…, then an officer of …" when the account was removed since: it acted then, it is no officer now).
 */
export function officerOf(participants: Participants, officer: Address, organisation: Address): Value {
  const acted = participantOf(participants, officer);
  return text(acted.removed && !acted.removed.founder ? "value.officerOf.removed" : "value.officerOf", {
    officer: { kind: "participant", participant: acted },
    organisation: { kind: "participant", participant: asOrganisation(participantOf(participants, organisation)) },
  });
}
