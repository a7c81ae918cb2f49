/**
 * The directory of data resources: what the address's filters mean as a GraphQL `Catalogue_filter`, and
 * each entry's holder as the page names it (the chain's attested names where read, else the profile's).
 */
import type { Hex } from "viem";
import type { CatalogueItem } from "../graphql.js";
import type { CatalogueQuery } from "../routes.js";
import { type Participants, participantOf, profileName } from "./participants.js";
import type { Value } from "./values.js";

/** The `where` of the catalogue query, or undefined for everything. Values come checked from routes.ts. */
export function catalogueFilter(query: CatalogueQuery): Record<string, unknown> | undefined {
  const where: Record<string, unknown> = {};
  if (query.sector) where.sector_in = [query.sector];
  if (query.openness) where.openness_in = [query.openness];
  if (query.right) where.right = query.right;
  if (query.region) where.region = query.region;
  if (query.purpose) where.purpose = Number(query.purpose);
  return Object.keys(where).length > 0 ? where : undefined;
}

/** An entry's holder in `lang`, named as the recent list names holders (view/recent.ts). */
export function holderValue(item: CatalogueItem, participants: Participants, lang: string): Value {
  const known = participantOf(participants, item.dataset.holderAddress as Hex);
  const metadataURI = known.metadataURI ?? (item.dataset.holder.metadataURI || null);
  return {
    kind: "participant",
    participant: {
      ...known,
      metadataURI,
      name: profileName(metadataURI, lang) ?? known.name,
      jurisdiction: known.jurisdiction ?? ((item.dataset.holder.jurisdiction || null) as typeof known.jurisdiction),
    },
  };
}

/** A facet's count for `value`, or 0 when the result has none. */
export function facetCount(facet: readonly { value: string; count: number }[], value: string): number {
  return facet.find((f) => f.value === value)?.count ?? 0;
}

/** A title from a holder's document on one line: line breaks, other control characters and bidirectional controls become spaces. */
export function oneLine(title: string): string {
  // A title is a line in a list: a break or a direction override in it would garble its neighbours.
  return title.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, " ").replace(/\s+/g, " ").trim();
}
