/**
 * The metadata document a registration points at, format `dpr-metadata/1`: JSON aligned with W3C DCAT 3
 * (one `dcat:Dataset`) plus the zone's own fields (classification, border conditions). A registration
 * records `metadataHash` = SHA-256 of the document's exact UTF-8 bytes and `metadataURI`; docs/metadata.md
 * describes every field and the DCAT property it becomes, and `dpr-metadata-1.schema.json` beside this file
 * is its JSON Schema. These are the types of a document that `parseMetadataDocument` accepted.
 */
import type { CategoryName, GradeName, JurisdictionName, RightName, SectorName } from "../names.js";
import type { Label } from "../reads/format.js";

/** The exact value of a document's `format`. */
export const METADATA_FORMAT = "dpr-metadata/1";

/** The `$id` of the format's JSON Schema (`dpr-metadata-1.schema.json`). */
export const METADATA_SCHEMA_ID = "urn:dpr:schema:dpr-metadata:1";

/** Texts a reader sees, by BCP 47 language tag (`zh`, `zh-HK`, `en`, …); at least one entry. */
export type LanguageMap = Readonly<Record<string, string>>;

/** Lists of words by BCP 47 language tag: `{ "zh": ["门诊"], "en": ["outpatient"] }`. */
export type LanguageListMap = Readonly<Record<string, readonly string[]>>;

/** A sector as documents spell it: `health`, `transport`, … (the SDK's SECTORS). */
export type MetadataSector = Label<SectorName>;
/** A data category: `public`, `enterprise` or `personal`. */
export type MetadataCategory = Label<CategoryName>;
/** A grade a registration may have: `general` or `important` (core data is never registered). */
export type MetadataGrade = Exclude<Label<GradeName>, "core">;
/** A jurisdiction as documents spell it: `gz`, `hk`, `mainland-other`, `shenzhen`, … */
export type MetadataJurisdiction = Label<JurisdictionName>;
/** A right that may be granted: `holding`, `processing-use` or `product-operation`. */
export type MetadataRight = Label<RightName>;

/** How open the data is: `open`, `conditional` (the holder decides each application) or `not-open`. */
export type MetadataOpenness = "open" | "conditional" | "not-open";
/** Where grantees may be: `same-region`, `gba` (the region or any Greater Bay Area jurisdiction) or `anywhere`. */
export type MetadataGranteeRegions = "same-region" | "gba" | "anywhere";

/** How often the data is updated (`dct:accrualPeriodicity`, mapped to the EU frequency vocabulary). */
export type UpdateFrequency = "continuous" | "daily" | "weekly" | "monthly" | "quarterly" | "semiannual" | "annual" | "irregular" | "never";

/** The type of a column (`fields[].type`). */
export type MetadataFieldType = "string" | "integer" | "number" | "boolean" | "date" | "datetime" | "code";

/** The frequencies a document may name, in order from most to least frequent. */
export const UPDATE_FREQUENCIES: readonly UpdateFrequency[] = Object.freeze([
  "continuous",
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "semiannual",
  "annual",
  "irregular",
  "never",
]);

/** The column types a document may name. */
export const METADATA_FIELD_TYPES: readonly MetadataFieldType[] = Object.freeze(["string", "integer", "number", "boolean", "date", "datetime", "code"]);

/** The longest grant term a document may state, in days (the contracts record seconds in a uint32). */
export const MAX_TERM_DAYS = 49_710;

/** Who publishes the data (`dct:publisher`, a `foaf:Agent`). */
export interface MetadataPublisher {
  name: LanguageMap;
  /** https URL of the publisher's site. */
  homepage?: string;
}

/** Whom to ask about the data (`dcat:contactPoint`, a `vcard:Kind`): a name and an email or telephone. */
export interface MetadataContactPoint {
  name: string;
  email?: string;
  telephone?: string;
}

/** The licence under which the data is used (`dct:license`). */
export interface MetadataLicence {
  title: LanguageMap;
  uri?: string;
}

/** A period the data covers (`dct:temporal`): ISO dates, `start` ≤ `end`, either may be absent. */
export interface MetadataTemporalCoverage {
  /** `YYYY-MM-DD`. */
  start?: string;
  /** `YYYY-MM-DD`. */
  end?: string;
}

/** The place the data covers (`dct:spatial`). */
export interface MetadataSpatialCoverage {
  name?: LanguageMap;
  jurisdictions?: readonly MetadataJurisdiction[];
}

/** A checksum of a distribution's bytes (`spdx:checksum`). */
export interface MetadataChecksum {
  algorithm: "sha256";
  /** `0x` and 64 lower-case hex digits. */
  value: string;
}

/** One form in which the data is available (`dcat:distribution`). */
export interface MetadataDistribution {
  title?: LanguageMap;
  /** An IANA media type: `text/csv`, `application/json`, … */
  mediaType?: string;
  /** Size in bytes. */
  byteSize?: number;
  /** Where the file itself can be fetched (any URI scheme, e.g. `https:` or `dpr-demo:`). */
  downloadURL?: string;
  /** A page or service through which the data is reached. */
  accessURL?: string;
  checksum?: MetadataChecksum;
}

/** A column of the data (a CSV's header). */
export interface MetadataField {
  /** The column's name as it appears in the data. */
  name: string;
  type: MetadataFieldType;
  /** True when the column holds personal information (even pseudonymised). */
  personal?: boolean;
  description?: LanguageMap;
}

/**
 * The directory's border conditions: who may be granted what, where and for how long. The compact part
 * (openness, rights, grantee regions, purpose classes, longest term) is recorded on chain and enforced by
 * the grant registry (`borderConditionsOf`); measures and how to apply are for readers.
 */
export interface DocumentBorderConditions {
  openness: MetadataOpenness;
  /** Rights that may be granted; empty only when not open. */
  rights: readonly MetadataRight[];
  granteeRegions: MetadataGranteeRegions;
  /** Purpose codes of the zone's list, or class codes (100, 200, …) for a whole class; empty only when not open. */
  purposes: readonly number[];
  /** The longest grant term in days (1..49710); absent for no limit. */
  maxTermDays?: number;
  /** Regulatory measures that apply. */
  measures?: readonly LanguageMap[];
  /** What a reader must do to use the data. */
  howToApply?: LanguageMap;
}

/** A metadata document of format `dpr-metadata/1` (see docs/metadata.md). */
export interface DprMetadataDocument {
  format: typeof METADATA_FORMAT;
  /** Where the document is published; `dpr register` records it as `metadataURI`. */
  uri?: string;
  /** A local identifier (`dct:identifier`): `[A-Za-z0-9._-]{1,128}`. */
  identifier?: string;
  title: LanguageMap;
  description: LanguageMap;
  keywords?: LanguageListMap;
  sector: MetadataSector;
  /** Further `dcat:theme` IRIs (e.g. the EU data-theme vocabulary). */
  themes?: readonly string[];
  /** Must equal the registration's category. */
  category: MetadataCategory;
  /** Must equal the registration's grade. */
  grade: MetadataGrade;
  /** Must equal the registration's flag. */
  containsPersonalData: boolean;
  /** Where the data is held; must equal the registration's jurisdiction. */
  jurisdiction: MetadataJurisdiction;
  publisher: MetadataPublisher;
  contactPoint: MetadataContactPoint;
  licence: MetadataLicence;
  updateFrequency?: UpdateFrequency;
  temporalCoverage?: MetadataTemporalCoverage;
  spatialCoverage?: MetadataSpatialCoverage;
  /** `YYYY-MM-DD`. */
  issued?: string;
  /** `YYYY-MM-DD`. */
  modified?: string;
  distributions?: readonly MetadataDistribution[];
  fields?: readonly MetadataField[];
  borderConditions: DocumentBorderConditions;
  /** Demo marker: the data is invented. */
  fictional?: LanguageMap;
  /** Extensions: any top-level key starting with `x-`. */
  [extension: `x-${string}`]: unknown;
}

/** A defect of a document: where (a JSON pointer into it, `""` for the whole) and what. */
export interface MetadataProblem {
  path: string;
  message: string;
}

/** What `parseMetadataDocument` returns: the document when it has no problem, else null and every problem. */
export type ParseMetadataResult = { document: DprMetadataDocument; problems: [] } | { document: null; problems: MetadataProblem[] };
