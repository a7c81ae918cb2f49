/** The page's state, and what its sections may ask of the controller (ui/app.ts). */
import type { HashAlgorithmName } from "@dpr/sdk";
import type { BatchReport, ChainConnection, ChainReport } from "../chain.js";
import type { ServerSettings, SettingName, SettingProblem, SettingSource, Settings } from "../config.js";
import type { VerifierError } from "../errors.js";
import type { CatalogueFacets, CatalogueItem, DatasetDetails, IndexedLineage, RecentDataset } from "../graphql.js";
import type { Lang } from "../i18n/index.js";
import type { CatalogueFilterName, Route } from "../routes.js";
import type { AnchorState, RegistryId, Trust } from "../trust.js";
import type { DetailReads } from "../view/checks.js";
import type { Participants } from "../view/participants.js";
import type { DatasetDocuments } from "../view/titles.js";
import type { DatasetStatusFilter } from "../view/recent.js";
import type { LookupKind } from "../view/verdict.js";

export type Connection =
  /** Asking the server which JSON-RPC endpoint to use (neither the address nor the browser names one). */
  | { kind: "configuring" }
  | { kind: "connecting" }
  | { kind: "ready"; chain: ChainConnection }
  | { kind: "error"; error: VerifierError };

export interface FileState {
  name: string;
  size: number;
  algorithm: HashAlgorithmName;
  /** Bytes hashed so far. */
  hashed: number;
  hash: `0x${string}` | null;
  error: VerifierError | null;
}

export type ResultState =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "error"; error: VerifierError }
  | { kind: "done"; report: ChainReport; lookup: LookupKind; chainId: number };

export type DetailsState =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "error"; error: VerifierError }
  | {
      kind: "done";
      details: DatasetDetails;
      lineage: IndexedLineage | null;
      participants: Participants;
      /**
       * The chain's answers about the indexer's items, read at the verdict's block (view/checks.ts):
       * "reading" until they come, "failed" when the node did not answer (the items stay the indexer's record).
       */
      reads: DetailReads | "reading" | "failed";
    };

export type BatchState =
  | { kind: "idle" }
  | { kind: "working"; rehashing: HashAlgorithmName | null }
  | { kind: "error"; error: VerifierError | "need-file" | "need-proofs" }
  | { kind: "done"; report: BatchReport };

export type RecentState =
  | { kind: "loading" }
  | { kind: "error"; error: VerifierError }
  | { kind: "done"; items: RecentDataset[]; hasNextPage: boolean; endCursor: string | null; loadingMore: boolean };

export type CatalogueState =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "error"; error: VerifierError }
  | {
      kind: "done";
      items: CatalogueItem[];
      totalCount: number;
      facets: CatalogueFacets;
      hasNextPage: boolean;
      endCursor: string | null;
      loadingMore: boolean;
    };

export interface State {
  lang: Lang;
  settings: Settings;
  /** Where each setting in force came from. */
  sources: Record<SettingName, SettingSource>;
  /** What the server said at `/api/web-config`; null until it answers. */
  server: ServerSettings | null;
  settingsOpen: boolean;
  settingsErrors: Partial<Record<SettingName, string>>;
  settingsSaved: boolean;
  /** Query parameters that were ignored. */
  queryProblems: SettingProblem[];
  /** The official registry (the build's pin, else the page's own server), once known. */
  anchor: AnchorState;
  /** The registry the connection's deployment record names; null until it is read. */
  deployment: RegistryId | null;
  /**
   * Whether the page reads the official registry (trust.ts), kept in step with `anchor`, `settings`,
   * `sources` and `deployment`. Sections that show what was read mark it by this.
   */
  trust: Trust;
  connection: Connection;
  route: Route;
  /** The hash function chosen for files. */
  algorithm: HashAlgorithmName;
  file: FileState | null;
  result: ResultState;
  details: DetailsState;
  batch: BatchState;
  recent: RecentState;
  /** The recent list's and the catalogue's holders as the chain names them (attested names), read once the chain is connected. */
  recentNames: Participants;
  /** Metadata documents of the datasets the verdict and its details mention, by lower-case id (for their titles). */
  documents: DatasetDocuments;
  /** The directory of data resources (route `/catalogue`). */
  catalogue: CatalogueState;
  /** Changes when the catalogue's search box must show the address's search again (a link, Back, Forward); typing never changes it. */
  catalogueForm: number;
}

/** Form fields: read when submitted, kept across re-renders, never themselves a reason to re-render. */
export interface Forms {
  lookupValue: string;
  lookupKind: LookupKind;
  lookupAlgorithm: HashAlgorithmName;
  recentSearch: string;
  recentStatus: DatasetStatusFilter;
  /** The catalogue's search box, as typed. */
  catalogueSearch: string;
  proofsText: string;
  /** The proofs file's name, when the proofs came from a file. */
  proofsName: string;
  batchPath: string;
}

export interface Actions {
  setLanguage(lang: Lang): void;
  toggleSettings(): void;
  saveSettings(values: Settings): void;
  resetSettings(): void;
  reconnect(): void;
  /** Saves the registry the address names, by the reader's explicit choice. */
  keepRegistry(): void;
  /** Forgets saved settings, drops the setting parameters from the address and reads the official registry. */
  backToOfficial(): void;
  setAlgorithm(algorithm: HashAlgorithmName): void;
  hashFile(file: File): void;
  lookup(): void;
  navigate(href: string): void;
  retryResult(): void;
  checkBatch(): void;
  searchRecent(): void;
  moreRecent(): void;
  /** Searches the catalogue for what the search box holds; `now`: at once (Enter), else once typing pauses. */
  searchCatalogue(now: boolean): void;
  /** Sets one of the catalogue's filters ("" for any): a new address, so Back returns to the previous one. */
  filterCatalogue(name: CatalogueFilterName, value: string): void;
  moreCatalogue(): void;
}
