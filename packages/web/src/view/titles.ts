/**
 * Datasets' titles, from their metadata documents. The chain records only the SHA-256 of a dataset's
 * metadata document (`metadataHash`); the indexer serves the document whose bytes have that hash, when it
 * has it. The page shows a title as the chain's only when it has hashed the document itself and found
 * the chain's hash; a title the page could not check is the indexer's word (the SDK's `metadataTitle`,
 * unchecked).
 */
import { metadataTitle } from "@dpr/sdk";
import { type Hex, sha256, stringToBytes } from "viem";

export interface VerifiedTitle {
  /**
   * The title to show: null when there is no document, it has no title, or it is not the document the
   * chain names (which is never shown).
   */
  title: string | null;
  /** The document's SHA-256 (of its UTF-8 bytes) is the chain's `metadataHash`. */
  verified: boolean;
  /** A document came, and it is not the one the chain names: the indexer's answer is wrong (a warning). */
  mismatch: boolean;
}

/**
 * A dataset's title, checked against the chain: the SHA-256 of the document's UTF-8 bytes must be the
 * `metadataHash` the chain records. Without a chain hash (`null`: not read), the title comes unverified,
 * to be labelled as the indexer's.
 *
 * @example
 * verifiedTitle(document, record.metadataHash, "en") // { title: "Metro ridership by line, January 2025", verified: true, mismatch: false }
 */
export function verifiedTitle(document: string | null | undefined, chainMetadataHash: Hex | string | null | undefined, lang = "en"): VerifiedTitle {
  if (typeof document !== "string") return { title: null, verified: false, mismatch: false };
  if (chainMetadataHash === null || chainMetadataHash === undefined) return { title: metadataTitle(document, lang), verified: false, mismatch: false };
  if (sha256(stringToBytes(document)) !== chainMetadataHash.toLowerCase()) return { title: null, verified: false, mismatch: true };
  return { title: metadataTitle(document, lang), verified: true, mismatch: false };
}
