import type { Address, Hex } from "viem";
import { labels } from "../../reads/format.js";

/** A `ParticipantAdded` event as the actions that onboard return it, its jurisdiction and roles named. */
export function participantAdded(event: {
  account: Address;
  organisation: Address;
  addedBy: Address;
  jurisdiction: number;
  roles: number;
  legalIdHash: Hex;
  metadataURI: string;
}) {
  return {
    account: event.account,
    organisation: event.organisation,
    addedBy: event.addedBy,
    jurisdiction: labels.jurisdiction(event.jurisdiction),
    roles: labels.roles(event.roles),
    legalIdHash: event.legalIdHash,
    metadataURI: event.metadataURI,
  };
}
