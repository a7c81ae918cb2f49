import { describe, expect, it } from "vitest";
import { type ParticipantInfo, mergeParticipants, participantNames, participantOf, profileName } from "./participants.js";
import { HOLDER } from "./testing/fixtures.js";

/** What `dpr participant add --name` records (packages/cli/src/commands/participant.ts). */
const cliDataUri = (name: string) => `data:application/json;charset=utf-8,${encodeURIComponent(JSON.stringify({ name }))}`;

describe("profileName", () => {
  it("reads the name the CLI records in a data: URI, in any script", () => {
    expect(profileName(cliDataUri("GZ Data Exchange"))).toBe("GZ Data Exchange");
    expect(profileName(cliDataUri("广州市卫生健康委员会"))).toBe("广州市卫生健康委员会");
  });

  it("reads base64 and plain data: URIs", () => {
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify({ name: "香港診所" }))));
    expect(profileName(`data:application/json;base64,${base64}`)).toBe("香港診所");
    expect(profileName('data:,{"name":"Plain"}')).toBe("Plain");
  });

  it("picks the reader's language from names given by language tag", () => {
    const names = 'data:,{"name":{"en":"Health Commission","zh-CN":"卫生健康委员会"}}';
    expect(profileName(names, "zh-CN")).toBe("卫生健康委员会");
    expect(profileName(names, "en")).toBe("Health Commission");
    expect(profileName(names)).toBe("Health Commission");
    expect(profileName('data:,{"name":{"zh-Hant":"香港大學","en":"HKU"}}', "zh-CN")).toBe("香港大學");
    expect(profileName('data:,{"name":{"fr":"Université","zh-CN":"大学"}}', "de")).toBe("Université");
    expect(profileName('data:,{"name":{"en":"  ","zh-CN":"大学"}}', "en")).toBe("大学");
    expect(profileName('data:,{"name":{"en":7}}', "en")).toBeNull();
    expect(profileName('data:,{"name":{}}', "en")).toBeNull();
  });

  it("gives no name for a profile it would have to fetch, or one that is not a name", () => {
    expect(profileName("https://zone.example/holder.json")).toBeNull();
    expect(profileName("data:text/html,<b>x</b>")).toBeNull();
    expect(profileName("data:application/json,%7Bbroken")).toBeNull();
    expect(profileName("data:application/json,%E0%A4%A")).toBeNull();
    expect(profileName(cliDataUri("   "))).toBeNull();
    expect(profileName('data:,{"name":42}')).toBeNull();
    expect(profileName("")).toBeNull();
    expect(profileName(null)).toBeNull();
  });

  it("makes a name one line and caps its length", () => {
    expect(profileName(cliDataUri("Line one\n\tline\u0000two"))).toBe("Line one line two");
    const long = profileName(cliDataUri("x".repeat(500)))!;
    expect(long).toHaveLength(200);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("participants", () => {
  it("finds a participant by address in any case, and says only the address for a stranger", () => {
    const known = new Map([[HOLDER.toLowerCase(), { address: HOLDER, name: "Holder", metadataURI: null, jurisdiction: "gz" as const }]]);
    expect(participantOf(known, HOLDER.toUpperCase().replace("0X", "0x") as `0x${string}`).name).toBe("Holder");
    expect(participantOf(known, "0x0000000000000000000000000000000000000001")).toEqual({
      address: "0x0000000000000000000000000000000000000001",
      name: null,
      metadataURI: null,
      jurisdiction: null,
    });
  });

  it("merges two sources field by field, the first winning", () => {
    const chain = new Map([[HOLDER.toLowerCase(), { address: HOLDER, name: null, metadataURI: "https://x", jurisdiction: "gz" as const }]]);
    const indexer = new Map([[HOLDER.toLowerCase(), { address: HOLDER, name: "From indexer", metadataURI: "data:...", jurisdiction: "hk" as const }]]);
    expect(mergeParticipants(chain, indexer).get(HOLDER.toLowerCase())).toEqual({ address: HOLDER, name: "From indexer", metadataURI: "https://x", jurisdiction: "gz" });
  });
});

describe("participantNames", () => {
  const info = (attestedName: string | null | undefined, profile: string | null): ParticipantInfo => ({
    address: HOLDER,
    name: profile,
    metadataURI: profile === null ? null : cliDataUri(profile),
    jurisdiction: "gz",
    attestedName,
  });
  const bilingual = JSON.stringify({ en: "Suicheng Health Commission", "zh-CN": "穗城市卫生健康委员会" });

  it("shows the attested name as the name, in the reader's language", () => {
    expect(participantNames(info(bilingual, null), "zh-CN")).toEqual({ attested: "穗城市卫生健康委员会", declared: null });
    expect(participantNames(info(bilingual, null), "en")).toEqual({ attested: "Suicheng Health Commission", declared: null });
    expect(participantNames(info("Plain Name Bureau", null), "zh-CN")).toEqual({ attested: "Plain Name Bureau", declared: null });
  });

  it("does not repeat a profile name that is the attested one, in any of its languages", () => {
    expect(participantNames(info(bilingual, "Suicheng Health Commission"), "zh-CN")).toEqual({ attested: "穗城市卫生健康委员会", declared: null });
    expect(participantNames(info("GZ Data Exchange", "GZ Data Exchange"), "en")).toEqual({ attested: "GZ Data Exchange", declared: null });
  });

  it("keeps the attested name when a participant renames itself, and shows its own name beside it as self-declared", () => {
    expect(participantNames(info(bilingual, "National Health Authority"), "en")).toEqual({ attested: "Suicheng Health Commission", declared: "National Health Authority" });
  });

  it("shows a profile name alone, as self-declared, when none is attested or the chain was not asked", () => {
    expect(participantNames(info(null, "Hong Kong Clinic"), "en")).toEqual({ attested: null, declared: "Hong Kong Clinic" });
    expect(participantNames(info(undefined, "Hong Kong Clinic"), "en")).toEqual({ attested: null, declared: "Hong Kong Clinic" });
    expect(participantNames(info(null, null), "en")).toEqual({ attested: null, declared: null });
  });

  it("takes the chain's attested name over any other source when merging", () => {
    const chain = new Map([[HOLDER.toLowerCase(), info("Attested", null)]]);
    const indexer = new Map([[HOLDER.toLowerCase(), info(undefined, "Declared")]]);
    expect(mergeParticipants(chain, indexer).get(HOLDER.toLowerCase())).toMatchObject({ attestedName: "Attested", name: "Declared" });
  });
});
