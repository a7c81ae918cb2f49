import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./errors/base.js";
import { MAX_ORGANISATION_NAME_BYTES, declaredNameIn, encodeOrganisationName, organisationNameIn } from "./organisationNames.js";

const bytes = (text: string) => new TextEncoder().encode(text).length;
const health = { en: "Suicheng Municipal Health Commission (fictional)", "zh-CN": "穗城市卫生健康委员会（虚构）" };

describe("encodeOrganisationName", () => {
  it("gives a plain name trimmed, and names by language as compact JSON with canonical tags", () => {
    expect(encodeOrganisationName("  Suicheng Data Exchange ")).toBe("Suicheng Data Exchange");
    expect(encodeOrganisationName({ en: health.en, "zh-cn": health["zh-CN"] })).toBe(
      '{"en":"Suicheng Municipal Health Commission (fictional)","zh-CN":"穗城市卫生健康委员会（虚构）"}',
    );
    expect(encodeOrganisationName({ "zh-Hant-HK": "穗城數據交易所" })).toBe('{"zh-Hant-HK":"穗城數據交易所"}');
    // NFC, so that one name is always the same bytes on chain.
    expect(encodeOrganisationName("Cafe\u0301")).toBe("Caf\u00e9");
  });

  it("accepts exactly 256 bytes and refuses one more, counting UTF-8 bytes, not characters", () => {
    const fits = "穗".repeat(85) + "x";
    expect(bytes(fits)).toBe(MAX_ORGANISATION_NAME_BYTES);
    expect(encodeOrganisationName(fits)).toBe(fits);
    expect(() => encodeOrganisationName("穗".repeat(86))).toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: the organisation's name takes 258 bytes; at most 256 fit in the directory
      Hint: shorten it (in UTF-8 a Chinese character takes 3 bytes; names by language count their tags and quotes too)]
    `);
    // The JSON form counts its tags and quotes: 240 bytes of name do not fit with them.
    expect(() => encodeOrganisationName({ en: "x".repeat(240), "zh-CN": "y" })).toThrow("takes 261 bytes");
  });

  it("refuses empty names, control and bidirectional-control characters, naming the character", () => {
    expect(() => encodeOrganisationName("   ")).toThrowErrorMatchingInlineSnapshot(`[InvalidArgumentError: the organisation's name is empty]`);
    expect(() => encodeOrganisationName("Suicheng\nHealth")).toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: the organisation's name contains the control character U+000A
      Hint: an organisation's name is one line of printable text]
    `);
    // A right-to-left override would make "Exchange" display as another word.
    expect(() => encodeOrganisationName({ en: "Data \u202eegnahcxE" })).toThrow("the organisation's name in en contains the control character U+202E");
    for (const name of ["tab\there", "nul\u0000", "del\u007f", "c1\u0085", "line\u2028separator", "lone\ud800"]) {
      expect(() => encodeOrganisationName(name), JSON.stringify(name)).toThrow(InvalidArgumentError);
    }
    expect(() => encodeOrganisationName({ en: "" })).toThrow("the organisation's name in en is empty");
  });

  it("refuses bad language tags, two names for one language, no names, and a plain name that looks like JSON", () => {
    expect(() => encodeOrganisationName({ zh_CN: "穗城" })).toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: "zh_CN" is not a BCP-47 language tag
      Hint: use tags such as en, zh-CN, zh-HK]
    `);
    expect(() => encodeOrganisationName({ "zh-CN": "穗城", "zh-cn": "穗城市" })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidArgumentError: two names are given for the language zh-CN]`,
    );
    expect(() => encodeOrganisationName({})).toThrowErrorMatchingInlineSnapshot(`
      [InvalidArgumentError: no name is given for the organisation
      Hint: give at least one, e.g. { en: "…" }]
    `);
    expect(() => encodeOrganisationName('{"en":"Guangzhou Municipal Government"}')).toThrow('cannot start with "{"');
    expect(() => encodeOrganisationName({ en: 42 } as never)).toThrow("the organisation's name in en is not text: 42");
    expect(() => encodeOrganisationName(["a"] as never)).toThrow("neither text nor an object");
  });
});

describe("organisationNameIn", () => {
  const text = encodeOrganisationName(health);

  it("picks the reader's language, then the same language in any region, then English, then the first", () => {
    expect(organisationNameIn(text, "zh-CN")).toBe(health["zh-CN"]);
    expect(organisationNameIn(text, "zh-cn")).toBe(health["zh-CN"]);
    expect(organisationNameIn(text, "zh-HK")).toBe(health["zh-CN"]);
    expect(organisationNameIn(text, "zh")).toBe(health["zh-CN"]);
    expect(organisationNameIn(text, "en-GB")).toBe(health.en);
    expect(organisationNameIn(text, "fr")).toBe(health.en);
    expect(organisationNameIn('{"pt":"Bolsa de Dados","zh-MO":"數據交易所"}', "fr")).toBe("Bolsa de Dados");
    expect(organisationNameIn('{"zh-CN":"穗城","en-GB":"Suicheng"}', "fr")).toBe("Suicheng");
  });

  it("gives plain text as it is, in any language", () => {
    expect(organisationNameIn("Suicheng Data Exchange", "zh-CN")).toBe("Suicheng Data Exchange");
    // Text that is not a JSON object of names is plain text, braces and all.
    expect(organisationNameIn("{not json", "en")).toBe("{not json");
    expect(organisationNameIn('["a"]', "en")).toBe('["a"]');
  });

  it("keeps a name on one line and drops bidirectional controls, whatever was stored", () => {
    expect(organisationNameIn("Suicheng\n\n Health\tCommission\u0000", "en")).toBe("Suicheng Health Commission");
    expect(organisationNameIn('{"en":"Data \\u202eegnahcxE\\r\\nLtd"}', "en")).toBe("Data egnahcxE Ltd");
  });

  it("gives null when there is no name", () => {
    expect(organisationNameIn("", "en")).toBeNull();
    expect(organisationNameIn(null, "en")).toBeNull();
    expect(organisationNameIn(undefined, "en")).toBeNull();
    expect(organisationNameIn(" \n ", "en")).toBeNull();
    expect(organisationNameIn("{}", "en")).toBeNull();
    expect(organisationNameIn('{"en":" ","zh-CN":42}', "en")).toBeNull();
  });
});

describe("declaredNameIn", () => {
  const dataUri = (profile: unknown) => `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify(profile))}`;

  it("reads the name of a data: URI profile, plain or by language, percent-encoded or base64", () => {
    expect(declaredNameIn(dataUri({ name: "Suicheng Clinic" }), "zh-CN")).toBe("Suicheng Clinic");
    expect(declaredNameIn(dataUri({ name: health }), "zh-HK")).toBe(health["zh-CN"]);
    expect(declaredNameIn(dataUri({ name: health }), "en")).toBe(health.en);
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ name: "穗城诊所" }))));
    expect(declaredNameIn(`data:application/json;base64,${base64}`, "en")).toBe("穗城诊所");
    expect(declaredNameIn('data:application/ld+json,{"name":"Linked"}', "en")).toBe("Linked");
    // One line, whatever the participant wrote.
    expect(declaredNameIn(dataUri({ name: "Evil\nCorp\u202e" }), "en")).toBe("Evil Corp");
    expect(declaredNameIn(dataUri({ name: '{"en":"x"}' }), "en")).toBe('{"en":"x"}');
  });

  it("gives null for profiles published elsewhere, other media types, broken data and profiles without a name", () => {
    expect(declaredNameIn("https://example.org/clinic.json", "en")).toBeNull();
    expect(declaredNameIn("ipfs://bafy", "en")).toBeNull();
    expect(declaredNameIn("", "en")).toBeNull();
    expect(declaredNameIn(null, "en")).toBeNull();
    expect(declaredNameIn("data:text/plain,Suicheng", "en")).toBeNull();
    expect(declaredNameIn("data:application/json,%E0%A4%A", "en")).toBeNull();
    expect(declaredNameIn("data:application/json,{not json", "en")).toBeNull();
    expect(declaredNameIn("data:application/json;base64,!!!", "en")).toBeNull();
    expect(declaredNameIn(dataUri({ contact: "x@example.org" }), "en")).toBeNull();
    expect(declaredNameIn(dataUri(["name"]), "en")).toBeNull();
    expect(declaredNameIn(dataUri({ name: 42 }), "en")).toBeNull();
    expect(declaredNameIn(dataUri({ name: " " }), "en")).toBeNull();
  });
});
