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
 * (the organisation that registered), shown only when the holder has changed since.
 *
 * @example
 * registeredBy(result, { ...life, registration: { organisation: org, officer } }, participants)
 * // { kind: "text", message: { key: "value.officerOf", params: { officer: …, organisation: … } } }
 */
export function registeredBy(result: Pick<RegisteredContent, "holder" | "registrant">, life: Pick<LifeCycle, "registration"> | null, participants: Participants): Value | null {
  const participant = (address: Address): Value => ({ kind: "participant", participant: asOrganisation(participantOf(participants, address)) });
  const registration = life?.registration ?? null;
  if (registration && !same(registration.officer, registration.organisation)) {
    const officer = participantOf(participants, registration.officer);
    // A removed account acted then; it is no officer now.
    const key = officer.removed && !officer.removed.founder ? "value.officerOf.removed" : "value.officerOf";
    return text(key, { officer: { kind: "participant", participant: officer }, organisation: participant(registration.organisation) });
  }
  const organisation = registration?.organisation ?? result.registrant;
  return same(organisation, result.holder.address) ? null : participant(organisation);
}
