/**
 * The cast the model-based test plays with: the DPR fixture's actors plus five participants the
 * fixture lacks (a mainland holder outside the GBA, of a registrar's organisation, a holder-auditor
 * established elsewhere, a Shenzhen holder, a third registrar organisation and a second regulator
 * organisation), so that every region, and so every cross-border route, has a participant, the GBA
 * standard contract is tried from a GBA city other than GZ and from the rest of the mainland, and
 * quorum decisions of two independent organisations are reachable.
 *
 * Organisations hold, accounts act: `holder`'s organisation has a designated key (`holderKey`, not a
 * participant), which adds `holderOfficer` (a second HOLDER account) in the fixture, so that two officers act
 * on the organisation's datasets; `newcomer` and `newcomer2` are accounts a key may add as officers later, and
 * `otherKey` a key the onboarding office may designate.
 */
import { type Address, getAddress, slice } from "viem";
import { Jurisdiction, Role } from "@dpr/sdk";
import { testClient } from "../helpers/chain.js";
import { type Dpr, deployDpr, h, mined, roles } from "../helpers/dpr.js";
import type { ParticipantState } from "./rules.js";

export const NAMES = [
  "admin",
  "registrar",
  "registrar2",
  "regulator",
  "holder",
  "holderHK",
  "holderMO",
  "auditor",
  "stranger",
  "registrarSameOrg",
  "cdo",
  "holder2",
  "mainlandOther",
  "overseas",
  "holderSZ",
  "registrar3",
  "regulator2",
  "holderKey",
  "holderOfficer",
  "newcomer",
  "newcomer2",
  "otherKey",
] as const;
export type Name = (typeof NAMES)[number];

/**
 * Who each name is, in onboarding order: jurisdiction, roles, legal identity. `admin` (the zone admin,
 * owner of the directory) and `stranger` are not participants. An organisation is the first account
 * onboarded with a legal identity, so `registrarSameOrg` belongs to `registrar`'s, `cdo` to `holder`'s and
 * `mainlandOther` to `registrar2`'s.
 */
const PROFILES: Record<Name, { jurisdiction: Jurisdiction; roles: number; legalId: string } | null> = {
  admin: null,
  registrar: { jurisdiction: Jurisdiction.GZ, roles: roles("REGISTRAR"), legalId: "gz-data-exchange" },
  registrar2: { jurisdiction: Jurisdiction.GZ, roles: roles("REGISTRAR"), legalId: "gz-registration-centre" },
  regulator: { jurisdiction: Jurisdiction.GZ, roles: roles("REGULATOR"), legalId: "gz-cyberspace-office" },
  holder: { jurisdiction: Jurisdiction.GZ, roles: roles("HOLDER"), legalId: "gz-health-commission" },
  holderHK: { jurisdiction: Jurisdiction.HK, roles: roles("HOLDER"), legalId: "hk-university" },
  holderMO: { jurisdiction: Jurisdiction.MO, roles: roles("HOLDER"), legalId: "mo-hospital" },
  auditor: { jurisdiction: Jurisdiction.GZ, roles: roles("AUDITOR"), legalId: "gz-audit-office" },
  stranger: null,
  registrarSameOrg: { jurisdiction: Jurisdiction.GZ, roles: roles("REGISTRAR"), legalId: "gz-data-exchange" },
  cdo: { jurisdiction: Jurisdiction.GZ, roles: roles("REGISTRAR"), legalId: "gz-health-commission" },
  holder2: { jurisdiction: Jurisdiction.GZ, roles: roles("HOLDER"), legalId: "gz-transport-bureau" },
  // A holder account of registrar2's organisation (a registration centre that also holds data), so that
  // the own-organisation rules meet a registrar and a holder of one organisation.
  mainlandOther: { jurisdiction: Jurisdiction.MAINLAND_OTHER, roles: roles("HOLDER"), legalId: "gz-registration-centre" },
  overseas: { jurisdiction: Jurisdiction.OTHER, roles: roles("HOLDER", "AUDITOR"), legalId: "sg-research-institute" },
  holderSZ: { jurisdiction: Jurisdiction.SHENZHEN, roles: roles("HOLDER"), legalId: "sz-data-group" },
  // A third registrar organisation and a second regulator organisation, so that a decision needing two
  // independent organisations (important or personal data, confirmed by registrar and registrar2) can be
  // reached by registrars alone, by regulators alone, or by one of each.
  registrar3: { jurisdiction: Jurisdiction.GZ, roles: roles("REGISTRAR"), legalId: "gz-notary-office" },
  regulator2: { jurisdiction: Jurisdiction.GZ, roles: roles("REGULATOR"), legalId: "gd-market-regulator" },
  holderKey: null,
  // Added by `holderKey` (addOfficer), not by the onboarding office.
  holderOfficer: { jurisdiction: Jurisdiction.GZ, roles: roles("HOLDER"), legalId: "gz-health-commission" },
  newcomer: null,
  newcomer2: null,
  otherKey: null,
};


export interface ModelFixture {
  dpr: Dpr;
  /** Lower-case addresses by name. */
  accounts: Record<Name, Address>;
}

/** The DPR fixture plus the extra participants, whose accounts are impersonated so that they can send. */
export async function deployModelFixture(): Promise<ModelFixture> {
  const dpr = await deployDpr();
  const extra = {
    mainlandOther: getAddress(slice(h("model:account:mainland-other"), 12)),
    overseas: getAddress(slice(h("model:account:overseas"), 12)),
    holderSZ: getAddress(slice(h("model:account:holder-sz"), 12)),
    registrar3: getAddress(slice(h("model:account:registrar-3"), 12)),
    regulator2: getAddress(slice(h("model:account:regulator-2"), 12)),
    holderKey: getAddress(slice(h("model:account:holder-key"), 12)),
    holderOfficer: getAddress(slice(h("model:account:holder-officer"), 12)),
    newcomer: getAddress(slice(h("model:account:newcomer"), 12)),
    newcomer2: getAddress(slice(h("model:account:newcomer-2"), 12)),
    otherKey: getAddress(slice(h("model:account:other-key"), 12)),
  };
  for (const [name, address] of Object.entries(extra) as [Name, Address][]) {
    await testClient.impersonateAccount({ address });
    await testClient.setBalance({ address, value: 10n ** 21n });
    const p = PROFILES[name];
    if (!p || name === "holderOfficer") continue;
    await mined(
      dpr.as("admin").directory.write.addParticipant([address, p.jurisdiction, p.roles, h(`legal-id:${p.legalId}`), ""]),
    );
  }
  // The organisation's key, designated by the onboarding office, adds its second holder account.
  await mined(dpr.as("admin").directory.write.setOrganisationKey([dpr.a.holder, extra.holderKey]));
  await mined(dpr.as(extra.holderKey).directory.write.addOfficer([dpr.a.holder, extra.holderOfficer, PROFILES.holderOfficer!.roles, ""]));
  const accounts = Object.fromEntries(
    NAMES.map((n) => [
      n,
      (n in extra ? extra[n as keyof typeof extra] : dpr.a[n as Exclude<Name, keyof typeof extra>]).toLowerCase(),
    ]),
  ) as Record<Name, Address>;
  return { dpr, accounts };
}

/** The cast as the model's initial participants. */
export function initialParticipants(accounts: Record<Name, Address>): ParticipantState[] {
  const organisations = new Map<string, Address>();
  const participants: ParticipantState[] = [];
  for (const name of NAMES) {
    const p = PROFILES[name];
    if (!p) continue;
    if (!organisations.has(p.legalId)) organisations.set(p.legalId, accounts[name]);
    participants.push({
      account: accounts[name],
      organisation: organisations.get(p.legalId)!,
      jurisdiction: p.jurisdiction,
      roles: p.roles,
      suspended: false,
      removed: false,
    });
  }
  return participants;
}

/** The organisations' designated keys at the start. */
export function initialKeys(accounts: Record<Name, Address>): Map<Address, Address> {
  return new Map([[accounts.holder, accounts.holderKey]]);
}

/** The roles `name` is onboarded with (0 for those who are not participants at the start). */
export function initialRoles(name: Name): number {
  return PROFILES[name]?.roles ?? 0;
}

export const HOLDERS: readonly Name[] = NAMES.filter((n) => ((PROFILES[n]?.roles ?? 0) & (1 << Role.HOLDER)) !== 0);
export const REGISTRARS: readonly Name[] = NAMES.filter((n) => ((PROFILES[n]?.roles ?? 0) & (1 << Role.REGISTRAR)) !== 0);
export const PARTICIPANTS: readonly Name[] = NAMES.filter((n) => PROFILES[n] !== null);
export const REGULATORS: readonly Name[] = NAMES.filter((n) => ((PROFILES[n]?.roles ?? 0) & (1 << Role.REGULATOR)) !== 0);
/** Who may decide disputes and corrections, independence aside: registrars and regulators. */
export const DECIDERS: readonly Name[] = NAMES.filter((n) => REGISTRARS.includes(n) || REGULATORS.includes(n));
