/**
 * The catalogue as W3C DCAT 3 in JSON-LD: one `dcat:Dataset` per entry, and the `dcat:Catalog` of them all.
 * Served by `GET /catalogue.jsonld`, `GET /datasets/{id}.jsonld` and `CatalogueEntry.jsonld` (one builder, so the
 * three agree). docs/catalogue.md lists the mapping and the SHACL shapes (catalogue/dcat-shapes.ttl) it passes.
 *
 * What is taken from where:
 * - the document's words (title, description, keywords, publisher, contact point, licence, coverage,
 *   distributions) only from a VERIFIED document (its SHA-256 is the chain's `metadataHash`); an entry without
 *   one still gets a title and a description (what the chain knows), so every entry is a valid dcat:Dataset;
 * - the chain's facts (content hash, holder, status, registration transaction, border conditions enforced on
 *   grants) as `dpr:` terms in the namespace {@link DPR_NAMESPACE}; `dct:accessRights` from the chain's
 *   openness (from the verified document's while the chain's conditions are undeclared).
 *
 * Ids are stable: `{base}/datasets/{id}` for a dataset (the lineage PROV-O export uses the same), `{base}/catalogue`
 * for the catalogue, where `base` is the indexer's public URL.
 */
import {
  type BorderConditions,
  type DprMetadataDocument,
  type LanguageMap,
  borderConditionsLabels,
  pickLanguage,
} from "@dpr/sdk";

/** The namespace of DPR's own terms (border conditions, chain facts). Not dereferenceable: a name, documented in docs/catalogue.md. */
export const DPR_NAMESPACE = "urn:dpr:vocab:";

export const JSONLD_CONTEXT = {
  dcat: "http://www.w3.org/ns/dcat#",
  dct: "http://purl.org/dc/terms/",
  foaf: "http://xmlns.com/foaf/0.1/",
  vcard: "http://www.w3.org/2006/vcard/ns#",
  spdx: "http://spdx.org/rdf/terms#",
  skos: "http://www.w3.org/2004/02/skos/core#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  dpr: DPR_NAMESPACE,
} as const;

const THEME = "http://publications.europa.eu/resource/authority/data-theme/";
const FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/";
const ACCESS_RIGHT = "http://publications.europa.eu/resource/authority/access-right/";
const MEDIA_TYPE = "https://www.iana.org/assignments/media-types/";

/** The EU data theme of each sector (population → population and society; biosafety → health). */
export const SECTOR_THEMES: Readonly<Record<string, string>> = {
  population: `${THEME}SOCI`,
  finance: `${THEME}ECON`,
  health: `${THEME}HEAL`,
  education: `${THEME}EDUC`,
  transport: `${THEME}TRAN`,
  biosafety: `${THEME}HEAL`,
};

/** The EU frequency vocabulary's member for each `updateFrequency`. */
export const FREQUENCIES: Readonly<Record<string, string>> = {
  continuous: `${FREQUENCY}CONT`,
  daily: `${FREQUENCY}DAILY`,
  weekly: `${FREQUENCY}WEEKLY`,
  monthly: `${FREQUENCY}MONTHLY`,
  quarterly: `${FREQUENCY}QUARTERLY`,
  semiannual: `${FREQUENCY}BIANNUAL`,
  annual: `${FREQUENCY}ANNUAL`,
  irregular: `${FREQUENCY}IRREG`,
  never: `${FREQUENCY}NEVER`,
};

const ACCESS_RIGHTS: Readonly<Record<string, string>> = {
  open: `${ACCESS_RIGHT}PUBLIC`,
  conditional: `${ACCESS_RIGHT}RESTRICTED`,
  "not-open": `${ACCESS_RIGHT}NON_PUBLIC`,
};

/** What the builder needs of one entry: the chain's row and, when verified and valid, the document. */
export interface DcatEntry {
  id: string;
  contentHash: string;
  algorithm: string;
  metadataHash: string;
  metadataURI: string;
  holder: string;
  status: string;
  category: string;
  grade: string;
  sector: string;
  jurisdiction: string;
  registeredAt: number;
  registeredTx: string;
  activeGrants: number;
  documentStatus: string;
  /** The verified document's title and description when it is not a valid dpr-metadata/1 (read loosely). */
  looseTitle: LanguageMap | null;
  looseDescription: LanguageMap | null;
  document: DprMetadataDocument | null;
  conditions: BorderConditions;
}

type Node = Record<string, unknown>;

/** A language map as language-tagged literals (`und`: no tag). */
function literals(map: LanguageMap | null | undefined): Node[] {
  return Object.entries(map ?? {})
    .filter(([, text]) => typeof text === "string" && text.trim() !== "")
    .map(([tag, text]) => (tag === "und" ? { "@value": text } : { "@value": text, "@language": tag }));
}

const iri = (value: string): Node => ({ "@id": value });
const typed = (value: string | number, type: string): Node => ({ "@value": String(value), "@type": type });

/** Keys whose value is absent are left out (JSON-LD has no null). */
function compact(node: Node): Node {
  return Object.fromEntries(Object.entries(node).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)));
}

/** The id of a dataset in every export: `{base}/datasets/{id}`. */
export const datasetIri = (base: string, id: string): string => `${base.replace(/\/+$/, "")}/datasets/${id}`;

/** One entry as a `dcat:Dataset` node (no `@context`: see {@link datasetJsonLd}). */
export function datasetNode(entry: DcatEntry, base: string): Node {
  const doc = entry.document;
  const self = datasetIri(base, entry.id);
  const short = `${entry.id.slice(0, 10)}…`;
  const title = doc ? literals(doc.title) : literals(entry.looseTitle);
  const description = doc ? literals(doc.description) : literals(entry.looseDescription);
  const chain = borderConditionsLabels(entry.conditions);
  const openness = chain.openness !== "undeclared" ? chain.openness : doc?.borderConditions.openness;
  const themes = [...new Set([...(SECTOR_THEMES[doc?.sector ?? entry.sector] ? [SECTOR_THEMES[doc?.sector ?? entry.sector]!] : []), ...(doc?.themes ?? [])])];

  return compact({
    "@id": self,
    "@type": "dcat:Dataset",
    "dct:identifier": entry.id,
    "dct:title": title.length > 0 ? title : [{ "@value": `Dataset ${short}`, "@language": "en" }, { "@value": `数据集 ${short}`, "@language": "zh" }],
    "dct:description":
      description.length > 0
        ? description
        : [
            { "@value": `Registered on chain (${entry.category}, ${entry.grade}, ${entry.sector}); its metadata document is ${entry.documentStatus}.`, "@language": "en" },
          ],
    "dcat:keyword": doc ? Object.entries(doc.keywords ?? {}).flatMap(([tag, words]) => words.map((word) => ({ "@value": word, "@language": tag }))) : undefined,
    "dcat:theme": themes.map(iri),
    "dct:publisher": doc
      ? compact({ "@type": "foaf:Agent", "foaf:name": literals(doc.publisher.name), "foaf:homepage": doc.publisher.homepage ? iri(doc.publisher.homepage) : undefined })
      : undefined,
    "dcat:contactPoint": doc
      ? compact({
          "@type": "vcard:Kind",
          "vcard:fn": doc.contactPoint.name,
          "vcard:hasEmail": doc.contactPoint.email ? iri(`mailto:${doc.contactPoint.email}`) : undefined,
          "vcard:hasTelephone": doc.contactPoint.telephone ? iri(`tel:${doc.contactPoint.telephone.replace(/[\s()]/g, "")}`) : undefined,
        })
      : undefined,
    "dct:license": doc ? compact({ ...(doc.licence.uri ? { "@id": doc.licence.uri } : {}), "@type": "dct:LicenseDocument", "dct:title": literals(doc.licence.title) }) : undefined,
    "dct:accrualPeriodicity": doc?.updateFrequency ? iri(FREQUENCIES[doc.updateFrequency]!) : undefined,
    "dct:temporal": doc?.temporalCoverage
      ? compact({
          "@type": "dct:PeriodOfTime",
          "dcat:startDate": doc.temporalCoverage.start ? typed(doc.temporalCoverage.start, "xsd:date") : undefined,
          "dcat:endDate": doc.temporalCoverage.end ? typed(doc.temporalCoverage.end, "xsd:date") : undefined,
        })
      : undefined,
    "dct:spatial": doc?.spatialCoverage
      ? compact({ "@type": "dct:Location", "skos:prefLabel": literals(doc.spatialCoverage.name), "dpr:jurisdiction": doc.spatialCoverage.jurisdictions })
      : undefined,
    "dct:issued": doc?.issued ? typed(doc.issued, "xsd:date") : undefined,
    "dct:modified": doc?.modified ? typed(doc.modified, "xsd:date") : undefined,
    "dct:accessRights": openness ? iri(ACCESS_RIGHTS[openness]!) : undefined,
    "dcat:distribution": (doc?.distributions ?? []).map((distribution) =>
      compact({
        "@type": "dcat:Distribution",
        "dct:title": literals(distribution.title),
        "dcat:mediaType": distribution.mediaType ? iri(`${MEDIA_TYPE}${distribution.mediaType}`) : undefined,
        "dcat:byteSize": distribution.byteSize === undefined ? undefined : typed(distribution.byteSize, "xsd:nonNegativeInteger"),
        "dcat:downloadURL": distribution.downloadURL ? iri(distribution.downloadURL) : undefined,
        // DCAT-AP wants an access URL on every distribution: the download URL, else this dataset's own page.
        "dcat:accessURL": iri(distribution.accessURL ?? distribution.downloadURL ?? self),
        "spdx:checksum": distribution.checksum
          ? {
              "@type": "spdx:Checksum",
              "spdx:algorithm": iri(`http://spdx.org/rdf/terms#checksumAlgorithm_${distribution.checksum.algorithm}`),
              "spdx:checksumValue": typed(distribution.checksum.value.replace(/^0x/, ""), "xsd:hexBinary"),
            }
          : undefined,
      }),
    ),
    // The chain's facts.
    "dpr:contentHash": entry.contentHash,
    "dpr:hashAlgorithm": entry.algorithm,
    "dpr:metadataHash": entry.metadataHash,
    "dpr:metadataURI": entry.metadataURI,
    "dpr:documentStatus": entry.documentStatus,
    "dpr:holder": entry.holder,
    "dpr:status": entry.status,
    "dpr:category": entry.category,
    "dpr:grade": entry.grade,
    "dpr:jurisdiction": entry.jurisdiction,
    "dpr:registeredAt": typed(new Date(entry.registeredAt * 1000).toISOString(), "xsd:dateTime"),
    "dpr:registrationTx": entry.registeredTx,
    "dpr:activeGrants": typed(entry.activeGrants, "xsd:nonNegativeInteger"),
    // The border conditions the grant registry enforces now.
    "dpr:borderConditions": compact({
      "@type": "dpr:BorderConditions",
      "dpr:openness": chain.openness,
      "dpr:grantableRight": chain.rights,
      "dpr:granteeRegions": chain.granteeRegions ?? undefined,
      "dpr:purposeClass": chain.purposeClasses.map((code) => typed(code, "xsd:integer")),
      "dpr:maxTermSeconds": chain.maxTermSeconds === null ? undefined : typed(chain.maxTermSeconds, "xsd:nonNegativeInteger"),
    }),
    // The document's own conditions: the purposes it lists, the measures and how to apply (texts).
    "dpr:purpose": (doc?.borderConditions.purposes ?? []).map((code) => typed(code, "xsd:integer")),
    "dpr:measure": (doc?.borderConditions.measures ?? []).flatMap((measure) => literals(measure)),
    "dpr:howToApply": literals(doc?.borderConditions.howToApply),
  });
}

/** One entry as a JSON-LD document (`GET /datasets/{id}.jsonld`, `CatalogueEntry.jsonld`). */
export function datasetJsonLd(entry: DcatEntry, base: string): Node {
  return { "@context": JSONLD_CONTEXT, ...datasetNode(entry, base) };
}

/** The whole directory as a `dcat:Catalog` (`GET /catalogue.jsonld`). */
export function catalogueJsonLd(entries: readonly DcatEntry[], base: string): Node {
  const root = base.replace(/\/+$/, "");
  return {
    "@context": JSONLD_CONTEXT,
    "@id": `${root}/catalogue`,
    "@type": "dcat:Catalog",
    "dct:title": [
      { "@value": "Data resource directory", "@language": "en" },
      { "@value": "数据资源目录", "@language": "zh" },
    ],
    "dct:description": [
      {
        "@value": "Datasets registered on the DPR chain, with their verified metadata documents and the border conditions the chain enforces.",
        "@language": "en",
      },
      { "@value": "在 DPR 链上登记的数据集，附经核验的元数据文档及链上执行的边界条件。", "@language": "zh" },
    ],
    "dcat:dataset": entries.map((entry) => datasetNode(entry, root)),
  };
}

/** A language map's text for `lang` (pickLanguage rules), or null. */
export const textIn = (map: LanguageMap | null | undefined, lang: string): string | null => (map ? pickLanguage(map, lang) : null);
