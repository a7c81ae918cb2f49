/**
 * The grants on a dataset: every grant the indexer knows, with its status (active first), or, when
 * the indexer cannot be reached, the grants the chain itself reports as active.
 */
import { type GrantSummary, purposeLabel } from "@dpr/sdk";
import type { Address } from "viem";
import type { IndexedGrant } from "../graphql.js";
import { labelValue } from "./labels.js";
import { type ParticipantInfo, type Participants, participantOf, profileName } from "./participants.js";
import { type Value, text } from "./values.js";

export interface GrantRow {
  id: string;
  right: Value;
  grantee: Value;
  purpose: Value;
  expires: Value;
  /** The cross-border mechanism, or "not cross-border". */
  mechanism: Value;
  status: Value;
  active: boolean;
}

export interface GrantsView {
  source: "indexer" | "chain";
  rows: GrantRow[];
  /** The indexer has more grants than the page shows. */
  more: boolean;
}

const expires = (seconds: bigint | null): Value => (seconds === null || seconds === 0n ? text("grants.never") : { kind: "time", seconds });
const mechanism = (crossBorder: boolean, label: string): Value => (crossBorder ? labelValue("mechanism", label) : text("grants.domestic"));

/**
 * A purpose code by its label in the zone's list, in `lang`, the code kept in sight ("Academic research
 * (201)", "学术研究（201）"); a code the list does not name, by its number and saying so.
 */
export function purposeValue(code: number, lang: string): Value {
  const label = purposeLabel(code, lang);
  return label === null ? text("purpose.unknown", { code }) : text("purpose.labelled", { label: { kind: "raw", text: label }, code });
}

function grantee(participants: Participants, address: string, indexed?: IndexedGrant["grantee"]): Value {
  const known = participantOf(participants, address as Address);
  const participant: ParticipantInfo = {
    ...known,
    name: known.name ?? profileName(indexed?.metadataURI),
    jurisdiction: known.jurisdiction ?? ((indexed?.jurisdiction as ParticipantInfo["jurisdiction"]) || null),
  };
  return { kind: "participant", participant };
}

/** The grants from the chain's answer (active ones only: that is what `verifyContent` reports), purposes in `lang`. */
export function chainGrantsView(active: readonly GrantSummary[], participants: Participants, lang = "en"): GrantsView {
  return {
    source: "chain",
    more: false,
    rows: active.map((g) => ({
      id: g.grantId.toString(),
      right: labelValue("right", g.right),
      grantee: grantee(participants, g.grantee),
      purpose: purposeValue(g.purposeCode, lang),
      expires: expires(g.expiresAt),
      mechanism: mechanism(g.crossBorder, g.mechanism),
      status: labelValue("grantStatus", g.status),
      active: g.status === "active",
    })),
  };
}

/** The grants the indexer lists, active ones first, then by id; purposes in `lang`. */
export function indexedGrantsView(grants: readonly IndexedGrant[], more: boolean, participants: Participants, lang = "en"): GrantsView {
  const rows = grants.map(
    (g): GrantRow => ({
      id: g.id,
      right: labelValue("right", g.right),
      grantee: grantee(participants, g.granteeAddress, g.grantee),
      purpose: purposeValue(g.purposeCode, lang),
      expires: expires(BigInt(g.expiresAt)),
      mechanism: mechanism(g.crossBorder, g.mechanism),
      status: labelValue("grantStatus", g.status),
      active: g.status === "active",
    }),
  );
  rows.sort((a, b) => Number(b.active) - Number(a.active) || Number(BigInt(a.id) - BigInt(b.id)));
  return { source: "indexer", rows, more };
}
