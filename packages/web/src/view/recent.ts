/**
 * The auditors' list of recent registrations: what the search box means as a GraphQL `Dataset_filter`,
 * and the rows. One box takes a dataset id or content hash (0x and 64 hex digits), a holder's address
 * (0x and 40) or any other text, matched against the metadata URI.
 */
import { metadataTitle } from "@dpr/sdk";
import type { Hex } from "viem";
import type { RecentDataset } from "../graphql.js";
import { labelValue } from "./labels.js";
import { type Participants, participantOf, profileName } from "./participants.js";
import type { Value } from "./values.js";
import { sectorValue } from "./verdict.js";

export const datasetStatuses = ["pending", "notice", "confirmed", "disputed", "rejected", "refused", "withdrawn", "revoked", "frozen", "retired"] as const;
export type DatasetStatusFilter = (typeof datasetStatuses)[number] | "";

/** The `where` of the recent-registrations query, or undefined for everything. */
export function recentFilter(search: string, status: DatasetStatusFilter): Record<string, unknown> | undefined {
  const term = search.trim();
  const parts: Record<string, unknown>[] = [];
  if (/^0x[0-9a-fA-F]{64}$/.test(term)) {
    const value = term.toLowerCase();
    parts.push({ or: [{ id: value }, { contentHash: value }] });
  } else if (/^0x[0-9a-fA-F]{40}$/.test(term)) {
    parts.push({ holder: term.toLowerCase() });
  } else if (term !== "") {
    parts.push({ metadataURI_contains_nocase: term });
  }
  if (status !== "") parts.push({ status });
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : { and: parts };
}

export interface RecentRow {
  id: Hex;
  /** The dataset's title in the reader's language, when its metadata document is known; else null. */
  title: string | null;
  status: string;
  statusLabel: Value;
  holder: Value;
  sector: Value;
  category: Value;
  registered: Value;
}

/**
 * The rows of the list, in `lang`: holders named in it where their profile names them in several
 * languages (the profile stays attached, so the page names them again when the language changes).
 */
export function recentRows(items: readonly RecentDataset[], participants: Participants, lang = "en"): RecentRow[] {
  return items.map((d) => {
    const known = participantOf(participants, d.holderAddress as Hex);
    const metadataURI = known.metadataURI ?? (d.holder.metadataURI || null);
    return {
      id: d.id as Hex,
      // The list is the indexer's: its title is from the document the indexer has for the dataset.
      title: metadataTitle(d.metadataDocument, lang),
      status: d.status,
      statusLabel: labelValue("status", d.status),
      holder: {
        kind: "participant",
        participant: {
          ...known,
          metadataURI,
          name: profileName(metadataURI, lang) ?? known.name,
          jurisdiction: known.jurisdiction ?? ((d.holder.jurisdiction || null) as typeof known.jurisdiction),
        },
      },
      sector: sectorValue(d.sector),
      category: labelValue("category", d.category),
      registered: { kind: "time", seconds: BigInt(d.registeredAt), block: BigInt(d.registeredBlock) },
    };
  });
}
