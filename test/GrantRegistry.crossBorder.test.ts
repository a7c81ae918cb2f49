/**
 * GrantRegistry.grant across borders: which grants are cross-border (the data's jurisdiction against
 * the grantee's, by region), which mechanisms fit, the evidence each needs, and which grants wait for
 * a regulator's acknowledgement.
 */
import { describe, expect, it } from "vitest";
import { type Address, type Hex, getAddress, parseEventLogs, slice, zeroHash } from "viem";
import { Jurisdiction, grantRegistryAbi } from "@dpr/sdk";
import { increaseTime, loadFixture, testClient } from "./helpers/chain.js";
import { type Actor, NOTICE_PERIOD, h, idOf, mined, registration, roles } from "./helpers/dpr.js";
import {
  FULL_EVIDENCE,
  type GrantFixture,
  GrantStatus,
  Right,
  TransferMechanism,
  expectGrantRevert,
  hasRight,
  issue,
  regulated,
  setup,
  statusOf,
} from "./GrantRegistry.fixture.js";

type Mechanism = keyof typeof TransferMechanism;

/** A route: whose dataset (and so which jurisdiction the data is held in), granted to whom. */
interface Route {
  name: string;
  dataset: keyof GrantFixture["ds"];
  grantor: keyof GrantFixture["a"];
  grantee: keyof GrantFixture["a"];
}

const ROUTES = {
  "GZ -> GZ": { dataset: "general", grantor: "holder", grantee: "holder2" },
  "GZ -> MAINLAND_OTHER": { dataset: "general", grantor: "holder", grantee: "mainlandOther" },
  "MAINLAND_OTHER -> GZ": { dataset: "mainlandOther", grantor: "mainlandOther", grantee: "holder2" },
  "HK (held by a GZ organisation's HK branch) -> HK": { dataset: "heldInHK", grantor: "holderBranchHK", grantee: "holderHK" },
  "GZ -> HK": { dataset: "general", grantor: "holder", grantee: "holderHK" },
  "GZ -> MO": { dataset: "general", grantor: "holder", grantee: "holderMO" },
  "GZ -> OTHER": { dataset: "general", grantor: "holder", grantee: "overseas" },
  "MAINLAND_OTHER -> HK": { dataset: "mainlandOther", grantor: "mainlandOther", grantee: "holderHK" },
  "MAINLAND_OTHER -> MO": { dataset: "mainlandOther", grantor: "mainlandOther", grantee: "holderMO" },
  "HK -> GZ": { dataset: "hk", grantor: "holderHK", grantee: "holder2" },
  "HK -> MAINLAND_OTHER": { dataset: "hk", grantor: "holderHK", grantee: "mainlandOther" },
  "HK (held by a GZ organisation's HK branch) -> GZ": { dataset: "heldInHK", grantor: "holderBranchHK", grantee: "holder2" },
  "HK -> MO": { dataset: "hk", grantor: "holderHK", grantee: "holderMO" },
  "HK -> OTHER": { dataset: "hk", grantor: "holderHK", grantee: "overseas" },
  "MO -> GZ": { dataset: "mo", grantor: "holderMO", grantee: "holder2" },
  "MO -> HK": { dataset: "mo", grantor: "holderMO", grantee: "holderHK" },
  "MO -> OTHER": { dataset: "mo", grantor: "holderMO", grantee: "overseas" },
  "OTHER -> OTHER": { dataset: "elsewhere", grantor: "holderOverseas", grantee: "overseas" },
  "OTHER -> GZ": { dataset: "elsewhere", grantor: "holderOverseas", grantee: "holder2" },
  "OTHER -> HK": { dataset: "elsewhere", grantor: "holderOverseas", grantee: "holderHK" },
} as const satisfies Record<string, Omit<Route, "name">>;
type RouteName = keyof typeof ROUTES;

function route(name: RouteName): Route {
  return { name, ...ROUTES[name] };
}

const DOMESTIC: RouteName[] = [
  "GZ -> GZ",
  "GZ -> MAINLAND_OTHER",
  "MAINLAND_OTHER -> GZ",
  "HK (held by a GZ organisation's HK branch) -> HK",
  "OTHER -> OTHER",
];
const CROSS_BORDER = (Object.keys(ROUTES) as RouteName[]).filter((name) => !DOMESTIC.includes(name));
const NOT_NONE: Mechanism[] = ["GBA_SC_HK", "GBA_SC_MO", "STANDARD_CONTRACT", "CERTIFICATION", "SECURITY_ASSESSMENT", "EXEMPT"];

/** Resolves a route against the fixture. */
function on(f: GrantFixture, r: Route) {
  return { dpr: f.dpr, grantor: f.a[r.grantor], datasetId: f.ds[r.dataset], grantee: f.a[r.grantee] };
}

describe("GrantRegistry.grant: which grants are cross-border", () => {
  it.each(DOMESTIC.map(route))("treats $name as domestic: mechanism NONE, active at once", async (r) => {
    const f = await setup();
    const { dpr, grantor, datasetId, grantee } = on(f, r);
    const { id, event } = await issue(dpr, grantor, { datasetId, grantee });
    expect(event.crossBorder).toBe(false);
    expect(event.status).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, datasetId, grantee)).toBe(true);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
  });

  it.each(CROSS_BORDER.map(route))("treats $name as cross-border: NONE is refused", async (r) => {
    const f = await setup();
    const { dpr, grantor, datasetId, grantee } = on(f, r);
    const input = await regulated({ datasetId, grantee, mechanism: TransferMechanism.NONE });
    await expectGrantRevert(dpr, grantor, input, "GrantRegistryMechanismNotAllowed", [TransferMechanism.NONE, true]);
  });

  it.each(CROSS_BORDER.map(route))("treats $name as cross-border: it waits for a regulator", async (r) => {
    const f = await setup();
    const { dpr, grantor, datasetId, grantee } = on(f, r);
    const input = await regulated({ datasetId, grantee, mechanism: TransferMechanism.STANDARD_CONTRACT });
    const { id, event } = await issue(dpr, grantor, input);
    expect(event.crossBorder).toBe(true);
    expect(event.status).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
  });
});

describe("GrantRegistry.grant: mechanisms", () => {
  const domesticMechanisms = NOT_NONE.flatMap((mechanism) =>
    (["GZ -> GZ", "HK (held by a GZ organisation's HK branch) -> HK"] as const).map((name) => ({ mechanism, ...route(name) })),
  );

  it.each(domesticMechanisms)("refuses $mechanism on a domestic grant ($name)", async ({ mechanism, ...r }) => {
    const f = await setup();
    const { dpr, grantor, datasetId, grantee } = on(f, r);
    const input = await regulated({ datasetId, grantee, mechanism: TransferMechanism[mechanism] });
    await expectGrantRevert(dpr, grantor, input, "GrantRegistryMechanismNotAllowed", [TransferMechanism[mechanism], false]);
  });

  const gba: { mechanism: "GBA_SC_HK" | "GBA_SC_MO"; name: RouteName; allowed: boolean }[] = [
    { mechanism: "GBA_SC_HK", name: "GZ -> HK", allowed: true },
    { mechanism: "GBA_SC_HK", name: "MAINLAND_OTHER -> HK", allowed: false },
    { mechanism: "GBA_SC_HK", name: "HK -> GZ", allowed: true },
    { mechanism: "GBA_SC_HK", name: "HK -> MAINLAND_OTHER", allowed: false },
    { mechanism: "GBA_SC_HK", name: "HK (held by a GZ organisation's HK branch) -> GZ", allowed: true },
    { mechanism: "GBA_SC_HK", name: "GZ -> MO", allowed: false },
    { mechanism: "GBA_SC_HK", name: "GZ -> OTHER", allowed: false },
    { mechanism: "GBA_SC_HK", name: "MO -> HK", allowed: false },
    { mechanism: "GBA_SC_HK", name: "HK -> MO", allowed: false },
    { mechanism: "GBA_SC_HK", name: "HK -> OTHER", allowed: false },
    { mechanism: "GBA_SC_HK", name: "MO -> GZ", allowed: false },
    { mechanism: "GBA_SC_HK", name: "OTHER -> HK", allowed: false },
    { mechanism: "GBA_SC_HK", name: "OTHER -> GZ", allowed: false },
    { mechanism: "GBA_SC_MO", name: "GZ -> MO", allowed: true },
    { mechanism: "GBA_SC_MO", name: "MAINLAND_OTHER -> MO", allowed: false },
    { mechanism: "GBA_SC_MO", name: "MO -> GZ", allowed: true },
    { mechanism: "GBA_SC_MO", name: "GZ -> HK", allowed: false },
    { mechanism: "GBA_SC_MO", name: "GZ -> OTHER", allowed: false },
    { mechanism: "GBA_SC_MO", name: "HK -> MO", allowed: false },
    { mechanism: "GBA_SC_MO", name: "MO -> HK", allowed: false },
    { mechanism: "GBA_SC_MO", name: "MO -> OTHER", allowed: false },
    { mechanism: "GBA_SC_MO", name: "HK -> GZ", allowed: false },
    { mechanism: "GBA_SC_MO", name: "OTHER -> GZ", allowed: false },
  ];

  it.each(gba)("$mechanism on $name: allowed=$allowed", async ({ mechanism, name, allowed }) => {
    const f = await setup();
    const { dpr, grantor, datasetId, grantee } = on(f, route(name));
    const input = await regulated({ datasetId, grantee, mechanism: TransferMechanism[mechanism] });
    if (allowed) {
      const { event } = await issue(dpr, grantor, input);
      expect(event.terms.mechanism).toBe(TransferMechanism[mechanism]);
      expect(event.crossBorder).toBe(true);
    } else {
      await expectGrantRevert(dpr, grantor, input, "GrantRegistryMechanismNotAllowed", [TransferMechanism[mechanism], true]);
    }
  });

  const general = (["STANDARD_CONTRACT", "CERTIFICATION", "SECURITY_ASSESSMENT", "EXEMPT"] as const).flatMap((mechanism) =>
    (["GZ -> OTHER", "GZ -> HK", "HK -> MO", "MO -> OTHER"] as const).map((name) => ({ mechanism, name })),
  );

  it.each(general)("accepts $mechanism for general data on $name", async ({ mechanism, name }) => {
    const f = await setup();
    const { dpr, grantor, datasetId, grantee } = on(f, route(name));
    const { event } = await issue(dpr, grantor, await regulated({ datasetId, grantee, mechanism: TransferMechanism[mechanism] }));
    expect(event.crossBorder).toBe(true);
    expect(event.status).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
  });
});

describe("GrantRegistry.grant: important data", () => {
  const refused: { mechanism: Mechanism; grantee: "holderHK" | "holderMO" | "overseas" }[] = [
    { mechanism: "GBA_SC_HK", grantee: "holderHK" },
    { mechanism: "GBA_SC_MO", grantee: "holderMO" },
    { mechanism: "STANDARD_CONTRACT", grantee: "overseas" },
    { mechanism: "CERTIFICATION", grantee: "overseas" },
    { mechanism: "EXEMPT", grantee: "holderHK" },
    { mechanism: "NONE", grantee: "holderHK" },
  ];

  it.each(refused)("refuses $mechanism for important data going to $grantee", async ({ mechanism, grantee }) => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.important, grantee: a[grantee], mechanism: TransferMechanism[mechanism] });
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryMechanismNotAllowed", [TransferMechanism[mechanism], true]);
  });

  it.each(["holderHK", "holderMO", "overseas"] as const)(
    "lets important data go to %s only under SECURITY_ASSESSMENT, awaiting acknowledgement",
    async (grantee) => {
      const { dpr, a, ds } = await setup();
      const input = await regulated({ datasetId: ds.important, grantee: a[grantee], mechanism: TransferMechanism.SECURITY_ASSESSMENT });
      const { event } = await issue(dpr, "holder", input);
      expect(event.crossBorder).toBe(true);
      expect(event.status).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
    },
  );

  it("requires the filing reference of the security assessment for important data", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.important, grantee: a.holderHK, mechanism: TransferMechanism.SECURITY_ASSESSMENT }, [
      "filingRef",
    ]);
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryMissingEvidence", ["filingRef"]);
  });

  it("refuses SECURITY_ASSESSMENT on a domestic grant of important data", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.important, grantee: a.holder2, mechanism: TransferMechanism.SECURITY_ASSESSMENT });
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryMechanismNotAllowed", [TransferMechanism.SECURITY_ASSESSMENT, false]);
  });
});

describe("GrantRegistry.grant: evidence", () => {
  const filing: { mechanism: Mechanism; name: RouteName }[] = [
    { mechanism: "GBA_SC_HK", name: "GZ -> HK" },
    { mechanism: "GBA_SC_MO", name: "MO -> GZ" },
    { mechanism: "STANDARD_CONTRACT", name: "GZ -> OTHER" },
    { mechanism: "CERTIFICATION", name: "HK -> MO" },
    { mechanism: "SECURITY_ASSESSMENT", name: "GZ -> OTHER" },
  ];

  it.each(filing)("requires a filing reference under $mechanism ($name)", async ({ mechanism, name }) => {
    const f = await setup();
    const { dpr, grantor, datasetId, grantee } = on(f, route(name));
    const input = await regulated({ datasetId, grantee, mechanism: TransferMechanism[mechanism] }, ["filingRef"]);
    await expectGrantRevert(dpr, grantor, input, "GrantRegistryMissingEvidence", ["filingRef"]);
  });

  it("needs no evidence at all under EXEMPT for general data", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.general, grantee: a.overseas, mechanism: TransferMechanism.EXEMPT }, [
      "filingRef",
      "contractHash",
      "impactAssessmentHash",
      "consentRecordsRoot",
    ]);
    const { event } = await issue(dpr, "holder", input);
    expect(event.status).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
  });

  const contract: { mechanism: Mechanism; name: RouteName }[] = [
    { mechanism: "GBA_SC_HK", name: "HK -> GZ" },
    { mechanism: "GBA_SC_MO", name: "GZ -> MO" },
    { mechanism: "STANDARD_CONTRACT", name: "GZ -> OTHER" },
  ];

  it.each(contract)("requires the contract's hash under $mechanism ($name)", async ({ mechanism, name }) => {
    const f = await setup();
    const { dpr, grantor, datasetId, grantee } = on(f, route(name));
    const input = await regulated({ datasetId, grantee, mechanism: TransferMechanism[mechanism] }, ["contractHash"]);
    await expectGrantRevert(dpr, grantor, input, "GrantRegistryMissingEvidence", ["contractHash"]);
  });

  it.each(["CERTIFICATION", "SECURITY_ASSESSMENT"] as const)("needs no contract's hash under %s", async (mechanism) => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.general, grantee: a.overseas, mechanism: TransferMechanism[mechanism] }, [
      "contractHash",
      "impactAssessmentHash",
      "consentRecordsRoot",
    ]);
    expect((await issue(dpr, "holder", input)).event.crossBorder).toBe(true);
  });

  it("needs neither impact assessment nor consent records for general data across the border", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK }, [
      "impactAssessmentHash",
      "consentRecordsRoot",
    ]);
    expect((await issue(dpr, "holder", input)).event.crossBorder).toBe(true);
  });

  const personalCrossBorder: { mechanism: Mechanism; dataset: "personal" | "hkPersonal"; grantor: Actor; grantee: "holderHK" | "holder2" | "overseas" }[] = [
    { mechanism: "GBA_SC_HK", dataset: "personal", grantor: "holder", grantee: "holderHK" },
    { mechanism: "GBA_SC_HK", dataset: "hkPersonal", grantor: "holderHK", grantee: "holder2" },
    { mechanism: "CERTIFICATION", dataset: "personal", grantor: "holder", grantee: "overseas" },
    { mechanism: "EXEMPT", dataset: "personal", grantor: "holder", grantee: "overseas" },
  ];

  it.each(personalCrossBorder)(
    "requires the impact assessment for $dataset data going to $grantee under $mechanism",
    async ({ mechanism, dataset, grantor, grantee }) => {
      const { dpr, a, ds } = await setup();
      const input = await regulated({ datasetId: ds[dataset], grantee: a[grantee], mechanism: TransferMechanism[mechanism] }, [
        "impactAssessmentHash",
      ]);
      await expectGrantRevert(dpr, grantor, input, "GrantRegistryMissingEvidence", ["impactAssessmentHash"]);
    },
  );

  it.each(personalCrossBorder)(
    "requires the consent records for $dataset data going to $grantee under $mechanism",
    async ({ mechanism, dataset, grantor, grantee }) => {
      const { dpr, a, ds } = await setup();
      const input = await regulated({ datasetId: ds[dataset], grantee: a[grantee], mechanism: TransferMechanism[mechanism] }, [
        "consentRecordsRoot",
      ]);
      await expectGrantRevert(dpr, grantor, input, "GrantRegistryMissingEvidence", ["consentRecordsRoot"]);
    },
  );

  it("accepts personal data across the border with impact assessment and consent records", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.personal, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK });
    const { event } = await issue(dpr, "holder", input);
    expect(event.terms.evidence).toEqual(FULL_EVIDENCE);
    expect(event.status).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
  });

  it("requires the consent records for personal data given to another organisation at home", async () => {
    const { dpr, a, ds } = await setup();
    const input = await regulated({ datasetId: ds.personal, grantee: a.holder2, mechanism: TransferMechanism.NONE }, ["consentRecordsRoot"]);
    await expectGrantRevert(dpr, "holder", input, "GrantRegistryMissingEvidence", ["consentRecordsRoot"]);
  });

  it("refuses a grant of personal data within the holder's organisation, with or without evidence: the organisation holds it", async () => {
    const { dpr, a, ds } = await setup();
    const bare = await regulated({ datasetId: ds.personal, grantee: a.cdo, mechanism: TransferMechanism.NONE }, [
      "consentRecordsRoot",
      "filingRef",
      "contractHash",
      "impactAssessmentHash",
    ]);
    const count = await dpr.read.grants.read.grantCount();
    await expectGrantRevert(dpr, "holder", bare, "GrantRegistryInvalidGrantee", [a.cdo]);
    const full = await regulated({ datasetId: ds.personal, grantee: a.cdo, mechanism: TransferMechanism.NONE });
    await expectGrantRevert(dpr, "holder", full, "GrantRegistryInvalidGrantee", [a.cdo]);
    expect(await dpr.read.grants.read.grantCount()).toBe(count);
  });

  it("needs no evidence for a domestic grant of general data", async () => {
    const { dpr, a, ds } = await setup();
    const { event } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2 });
    expect(event.terms.evidence).toEqual({
      contractHash: zeroHash,
      impactAssessmentHash: zeroHash,
      consentRecordsRoot: zeroHash,
      filingRef: zeroHash,
    });
    expect(event.status).toBe(GrantStatus.ACTIVE);
  });
});

describe("GrantRegistry.grant: the regulator's acknowledgement gate", () => {
  const gated: { name: string; dataset: keyof GrantFixture["ds"]; grantee: keyof GrantFixture["a"]; mechanism: Mechanism }[] = [
    { name: "a cross-border grant of general data", dataset: "general", grantee: "holderHK", mechanism: "GBA_SC_HK" },
    { name: "important data at home", dataset: "important", grantee: "holder2", mechanism: "NONE" },
    { name: "personal data to another organisation at home", dataset: "personal", grantee: "holder2", mechanism: "NONE" },
    { name: "personal data across the border", dataset: "personal", grantee: "holderHK", mechanism: "GBA_SC_HK" },
  ];

  it.each(gated)("holds $name until a regulator acknowledges it", async ({ dataset, grantee, mechanism }) => {
    const { dpr, a, ds } = await setup();
    const datasetId = ds[dataset];
    const { id, event } = await issue(dpr, "holder", await regulated({ datasetId, grantee: a[grantee], mechanism: TransferMechanism[mechanism] }));
    expect(event.status).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
    for (const right of [Right.HOLDING, Right.PROCESSING_USE, Right.PRODUCT_OPERATION]) {
      expect(await hasRight(dpr, datasetId, a[grantee], right)).toBe(false);
    }
    const receipt = await mined(dpr.as("regulator").grants.write.acknowledge([id, h("note")]));
    const logs = parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: "GrantAcknowledged" });
    expect(logs.map((log) => log.args)).toEqual([{ grantId: id, datasetId, regulator: a.regulator, noteHash: h("note") }]);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, datasetId, a[grantee])).toBe(true);
    expect(await hasRight(dpr, datasetId, a[grantee], Right.HOLDING)).toBe(false);
  });

  it("needs no grant or acknowledgement within the holder's organisation: its officers have every right on personal and important data", async () => {
    const { dpr, a, ds } = await setup();
    for (const datasetId of [ds.personal, ds.important]) {
      for (const right of [Right.HOLDING, Right.PROCESSING_USE, Right.PRODUCT_OPERATION]) {
        expect(await hasRight(dpr, datasetId, a.cdo, right)).toBe(true);
      }
    }
    expect(await dpr.read.grants.read.grantCount()).toBe(0n);
  });
});

/** The GBA's mainland cities other than Guangzhou (with GZ, the mainland side of the GBA standard contract). */
const CITIES = ["SHENZHEN", "ZHUHAI", "FOSHAN", "HUIZHOU", "DONGGUAN", "ZHONGSHAN", "JIANGMEN", "ZHAOQING"] as const;
/** Where on the mainland a holder of the city fixture is established: a city, or the rest of the mainland (Beijing, say). */
type Place = (typeof CITIES)[number] | "MAINLAND_OTHER";
const PLACES: readonly Place[] = [...CITIES, "MAINLAND_OTHER"];

interface CityFixture extends GrantFixture {
  /** A holder established in each place, whose (impersonated) account sends its own transactions. */
  holderIn: Record<Place, Address>;
  /** General data each of them holds where it is established, CONFIRMED. */
  heldIn: Record<Place, Hex>;
}

/** The grant fixture plus a holder in each of the eight cities and one in the rest of the mainland, each with its own data. */
async function cityFixture(): Promise<CityFixture> {
  const f = await setup();
  const holderIn = {} as Record<Place, Address>;
  const heldIn = {} as Record<Place, Hex>;
  for (const place of PLACES) {
    const account = getAddress(slice(h(`address:holder-${place}`), 12));
    await testClient.impersonateAccount({ address: account });
    await testClient.setBalance({ address: account, value: 10n ** 21n });
    await mined(
      f.dpr.as("admin").directory.write.addParticipant([
        account,
        Jurisdiction[place],
        roles("HOLDER"),
        h(`legal-id:holder-${place}`),
        `https://zone.example/participants/holder-${place}.json`,
      ]),
    );
    const r = registration(`held-in-${place}`, { jurisdiction: Jurisdiction[place] });
    await mined(f.dpr.as(account).datasets.write.register([r]));
    const id = await idOf(f.dpr, r);
    await mined(f.dpr.as("registrar").datasets.write.confirm([id]));
    holderIn[place] = account;
    heldIn[place] = id;
  }
  await increaseTime(NOTICE_PERIOD);
  return { ...f, holderIn, heldIn };
}

describe("GrantRegistry.grant: the GBA standard contract binds the GBA's mainland cities only", () => {
  it("refuses GBA_SC_HK from a holder in the rest of the mainland to Hong Kong, and changes nothing", async () => {
    const { dpr, a, holderIn, heldIn } = await loadFixture(cityFixture);
    const count = await dpr.read.grants.read.grantCount();
    const input = await regulated({ datasetId: heldIn.MAINLAND_OTHER, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK });
    await expectGrantRevert(dpr, holderIn.MAINLAND_OTHER, input, "GrantRegistryMechanismNotAllowed", [TransferMechanism.GBA_SC_HK, true]);
    expect(await dpr.read.grants.read.grantCount()).toBe(count);
    expect(await dpr.read.grants.read.latestGrant([heldIn.MAINLAND_OTHER, a.holderHK, Right.PROCESSING_USE])).toBe(0n);
    expect(await hasRight(dpr, heldIn.MAINLAND_OTHER, a.holderHK)).toBe(false);
    // The route itself is open: the CAC standard contract takes the same data to the same grantee.
    const { event } = await issue(dpr, holderIn.MAINLAND_OTHER, { ...input, mechanism: TransferMechanism.STANDARD_CONTRACT });
    expect([event.crossBorder, event.status]).toEqual([true, GrantStatus.AWAITING_ACKNOWLEDGEMENT]);
  });

  it.each([
    { mechanism: "GBA_SC_HK", grantee: "holderHK" },
    { mechanism: "GBA_SC_MO", grantee: "holderMO" },
  ] as const)("lets a Shenzhen holder grant to $grantee under $mechanism", async ({ mechanism, grantee }) => {
    const { dpr, a, holderIn, heldIn } = await loadFixture(cityFixture);
    const input = await regulated({ datasetId: heldIn.SHENZHEN, grantee: a[grantee], mechanism: TransferMechanism[mechanism] });
    const { id, event } = await issue(dpr, holderIn.SHENZHEN, input);
    expect([event.terms.mechanism, event.crossBorder, event.status]).toEqual([
      TransferMechanism[mechanism],
      true,
      GrantStatus.AWAITING_ACKNOWLEDGEMENT,
    ]);
    expect(await dpr.read.grants.read.latestGrant([heldIn.SHENZHEN, a[grantee], Right.PROCESSING_USE])).toBe(id);
  });

  it.each([
    { name: "Shenzhen -> GZ", from: "SHENZHEN", grantee: "holder2" },
    { name: "Shenzhen -> the rest of the mainland", from: "SHENZHEN", grantee: "MAINLAND_OTHER" },
    { name: "the rest of the mainland -> Zhaoqing", from: "MAINLAND_OTHER", grantee: "ZHAOQING" },
  ] as const)("treats $name as domestic: mechanism NONE, active at once", async ({ from, grantee }) => {
    const { dpr, a, holderIn, heldIn } = await loadFixture(cityFixture);
    const to = grantee === "holder2" ? a.holder2 : holderIn[grantee];
    const { id, event } = await issue(dpr, holderIn[from], { datasetId: heldIn[from], grantee: to });
    expect([event.crossBorder, event.status]).toEqual([false, GrantStatus.ACTIVE]);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    const gba = await regulated({ datasetId: heldIn[from], grantee: to, mechanism: TransferMechanism.GBA_SC_HK });
    await expectGrantRevert(dpr, holderIn[from], { ...gba, right: Right.PRODUCT_OPERATION }, "GrantRegistryMechanismNotAllowed", [
      TransferMechanism.GBA_SC_HK,
      false,
    ]);
  });

  /** Every place × Hong Kong or Macao × either direction × every mechanism, for general data. */
  const table = PLACES.flatMap((place) =>
    (["HK", "MO"] as const).flatMap((sar) =>
      (["out", "in"] as const).flatMap((direction) =>
        (Object.keys(TransferMechanism) as Mechanism[]).map((mechanism) => {
          const gbaFor = { GBA_SC_HK: "HK", GBA_SC_MO: "MO" } as Partial<Record<Mechanism, "HK" | "MO">>;
          const allowed =
            mechanism !== "NONE" && (gbaFor[mechanism] === undefined || (gbaFor[mechanism] === sar && place !== "MAINLAND_OTHER"));
          const [from, to] = direction === "out" ? [place, sar] : [sar, place];
          return { place, sar, direction, mechanism, allowed, route: `${from} -> ${to}` };
        }),
      ),
    ),
  );

  it.each(table)("$mechanism on $route: allowed=$allowed", async ({ place, sar, direction, mechanism, allowed }) => {
    const { dpr, a, ds, holderIn, heldIn } = await loadFixture(cityFixture);
    const sarHolder = sar === "HK" ? "holderHK" : "holderMO";
    const [grantor, datasetId, grantee] =
      direction === "out" ? [holderIn[place], heldIn[place], a[sarHolder]] : ([sarHolder, ds[sar === "HK" ? "hk" : "mo"], holderIn[place]] as const);
    const input = await regulated({ datasetId, grantee, mechanism: TransferMechanism[mechanism] });
    if (allowed) {
      const { event } = await issue(dpr, grantor, input);
      expect([event.terms.mechanism, event.crossBorder, event.status]).toEqual([
        TransferMechanism[mechanism],
        true,
        GrantStatus.AWAITING_ACKNOWLEDGEMENT,
      ]);
    } else {
      await expectGrantRevert(dpr, grantor, input, "GrantRegistryMechanismNotAllowed", [TransferMechanism[mechanism], true]);
    }
  });
});
