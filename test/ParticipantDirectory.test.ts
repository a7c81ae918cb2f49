/**
 * ParticipantDirectory: onboarding, organisations and their legal identities, roles, profiles,
 * suspension, and the zone admin's two-step transfer. Rules as in contracts/ParticipantDirectory.sol.
 */
import { type Address, type Hex, type TransactionReceipt, getAddress, parseEventLogs } from "viem";
import { describe, expect, it } from "vitest";
import { Jurisdiction, Role, ZONE_OFFICES, participantDirectoryAbi } from "@dpr/sdk";
import { loadFixture, publicClient } from "./helpers/chain.js";
import { type Actor, type Dpr, deployDpr, expectRevert, h, mined, roles, zeroAddress } from "./helpers/dpr.js";

const ALL_ROLES = roles("HOLDER", "REGISTRAR", "REGULATOR", "AUDITOR");
const { GOVERNANCE: DEFAULT_ADMIN_ROLE, ONBOARDING: ONBOARDING_ROLE, DISCIPLINE: DISCIPLINE_ROLE } = ZONE_OFFICES;
const HOLDER = roles("HOLDER");
const ROLE_NAMES = Object.keys(Role) as (keyof typeof Role)[];

/** A deterministic address that is not one of the node's accounts (it never needs to sign). */
function newAccount(n: number): Address {
  return getAddress(`0x${(0xd9e0000 + n).toString(16).padStart(40, "0")}`);
}

const legalId = (label: string) => h(`legal-id:${label}`);

/**
 * The DPR fixture with the cast's addresses checksummed: eth_accounts gives them in lower case, while
 * viem returns addresses (event args, reads, decoded errors) checksummed.
 */
async function deploy(): Promise<Dpr> {
  const dpr = await deployDpr();
  const a = Object.fromEntries(Object.entries(dpr.a).map(([actor, address]) => [actor, getAddress(address)]));
  return { ...dpr, a: a as Dpr["a"] };
}

async function onboard(
  dpr: Dpr,
  by: Actor | Address,
  account: Address,
  roleMask: number,
  legal: Hex = legalId(`org-of-${account}`),
  jurisdiction: Jurisdiction = Jurisdiction.GZ,
  uri = `https://zone.example/participants/${account}.json`,
) {
  return mined(dpr.as(by).directory.write.addParticipant([account, jurisdiction, roleMask, legal, uri]));
}

function events(receipt: TransactionReceipt) {
  return parseEventLogs({ abi: participantDirectoryAbi, logs: receipt.logs });
}

async function blockTime(receipt: TransactionReceipt): Promise<number> {
  return Number((await publicClient.getBlock({ blockNumber: receipt.blockNumber })).timestamp);
}

/** Everything the directory stores about an account, and what a legal identity maps to. */
async function snapshot(dpr: Dpr, accounts: readonly Address[], legalIds: readonly Hex[] = []) {
  return {
    participants: await Promise.all(accounts.map((account) => dpr.read.directory.read.getParticipant([account]))),
    organisations: await Promise.all(legalIds.map((legal) => dpr.read.directory.read.organisationByLegalIdentity([legal]))),
  };
}

async function expectActive(dpr: Dpr, account: Address, active: boolean, held: number) {
  expect(await dpr.read.directory.read.isActive([account])).toBe(active);
  for (const name of ROLE_NAMES) {
    const expected = active && (held & (1 << Role[name])) !== 0;
    expect(await dpr.read.directory.read.hasRole([account, Role[name]]), `hasRole ${name}`).toBe(expected);
  }
}

describe("ParticipantDirectory", () => {
  describe("onboarding", () => {
    it("lets the zone admin onboard a participant with any set of roles", async () => {
      const dpr = await loadFixture(deploy);
      const masks = [ALL_ROLES, roles("REGULATOR", "AUDITOR"), roles("HOLDER", "REGISTRAR"), roles("AUDITOR")];
      for (const [i, mask] of masks.entries()) {
        const account = newAccount(i);
        const receipt = await onboard(dpr, "admin", account, mask, legalId(`org-${i}`), Jurisdiction.HK);
        expect(await dpr.read.directory.read.getParticipant([account])).toEqual({
          organisation: account,
          since: await blockTime(receipt),
          jurisdiction: Jurisdiction.HK,
          roles: mask,
          suspended: false,
          removed: false,
        });
        await expectActive(dpr, account, true, mask);
      }
    });

    it("emits ParticipantAdded with everything about the new participant", async () => {
      const dpr = await loadFixture(deploy);
      const account = newAccount(1);
      const receipt = await onboard(dpr, "admin", account, roles("REGULATOR", "AUDITOR"), legalId("macao-monetary"), Jurisdiction.MO, "ipfs://profile");
      const logs = events(receipt);
      expect(logs).toHaveLength(1);
      expect(logs[0]!.eventName).toBe("ParticipantAdded");
      expect(logs[0]!.args).toEqual({
        account,
        organisation: account,
        addedBy: dpr.a.admin,
        jurisdiction: Jurisdiction.MO,
        roles: roles("REGULATOR", "AUDITOR"),
        legalIdHash: legalId("macao-monetary"),
        metadataURI: "ipfs://profile",
      });
    });

    it("refuses a registrar onboarding a holder", async () => {
      const dpr = await loadFixture(deploy);
      const account = newAccount(1);
      const before = await snapshot(dpr, [account], [legalId("hk-startup")]);
      await expectRevert(
        dpr.as("registrar").directory.write.addParticipant([account, Jurisdiction.HK, HOLDER, legalId("hk-startup"), "https://hk.example/p.json"]),
        "AccessControlUnauthorizedAccount",
        [dpr.a.registrar, ONBOARDING_ROLE],
      );
      expect(await snapshot(dpr, [account], [legalId("hk-startup")])).toEqual(before);
      await expectActive(dpr, account, false, 0);
    });

    it("refuses onboarding by anyone but the zone admin, whatever the roles", async () => {
      const dpr = await loadFixture(deploy);
      for (const actor of ["registrar", "registrar2", "cdo", "holder", "regulator", "auditor", "stranger"] as const) {
        for (const mask of [HOLDER, roles("REGISTRAR"), ALL_ROLES]) {
          await expectRevert(
            dpr.as(actor).directory.write.addParticipant([newAccount(1), Jurisdiction.GZ, mask, legalId("x"), ""]),
            "AccessControlUnauthorizedAccount",
            [dpr.a[actor], ONBOARDING_ROLE],
          );
        }
      }
      expect(await dpr.read.directory.read.organisationOf([newAccount(1)])).toBe(zeroAddress);
      expect(await dpr.read.directory.read.organisationByLegalIdentity([legalId("x")])).toBe(zeroAddress);
    });

    it("refuses the zero address", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(
        dpr.as("admin").directory.write.addParticipant([zeroAddress, Jurisdiction.GZ, HOLDER, legalId("x"), ""]),
        "ParticipantDirectoryZeroAddress",
        [],
      );
    });

    it("refuses an account that is already a participant, whatever the new details", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(
        dpr.as("admin").directory.write.addParticipant([dpr.a.holder, Jurisdiction.HK, ALL_ROLES, legalId("another"), ""]),
        "ParticipantDirectoryAlreadyRegistered",
        [dpr.a.holder],
      );
      await expectRevert(
        dpr.as("admin").directory.write.addParticipant([dpr.a.holder2, Jurisdiction.GZ, HOLDER, legalId("gz-transport-bureau"), ""]),
        "ParticipantDirectoryAlreadyRegistered",
        [dpr.a.holder2],
      );
      // A suspended participant is still registered.
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holderHK, h("reason")]));
      await expectRevert(
        dpr.as("admin").directory.write.addParticipant([dpr.a.holderHK, Jurisdiction.HK, HOLDER, legalId("hk-university"), ""]),
        "ParticipantDirectoryAlreadyRegistered",
        [dpr.a.holderHK],
      );
    });

    it("refuses an empty role set and bits beyond AUDITOR", async () => {
      const dpr = await loadFixture(deploy);
      for (const mask of [0, 16, 17, 31, 32, 64, 128, 255]) {
        await expectRevert(
          dpr.as("admin").directory.write.addParticipant([newAccount(1), Jurisdiction.GZ, mask, legalId("x"), ""]),
          "ParticipantDirectoryInvalidRoles",
          [mask],
        );
      }
      // The highest valid mask is every role.
      await onboard(dpr, "admin", newAccount(1), 15);
    });

    it("refuses a missing legal identity", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(
        dpr.as("admin").directory.write.addParticipant([newAccount(1), Jurisdiction.GZ, HOLDER, `0x${"00".repeat(32)}`, ""]),
        "ParticipantDirectoryMissingLegalIdentity",
        [],
      );
    });
  });

  describe("organisations", () => {
    it("makes the first account of a legal identity its own organisation and later ones members of it", async () => {
      const dpr = await loadFixture(deploy);
      const [first, second, third] = [newAccount(1), newAccount(2), newAccount(3)];
      await onboard(dpr, "admin", first, roles("REGISTRAR"), legalId("guangzhou-bank"));
      const receipt = await onboard(dpr, "admin", second, roles("AUDITOR"), legalId("guangzhou-bank"), Jurisdiction.HK);
      await onboard(dpr, "admin", third, HOLDER, legalId("guangzhou-bank"));

      expect(events(receipt)[0]!.args).toMatchObject({ account: second, organisation: first });
      for (const account of [first, second, third]) {
        expect(await dpr.read.directory.read.organisationOf([account])).toBe(first);
        expect((await dpr.read.directory.read.getParticipant([account])).organisation).toBe(first);
      }
      expect(await dpr.read.directory.read.getParticipant([second])).toMatchObject({
        organisation: first,
        jurisdiction: Jurisdiction.HK,
        roles: roles("AUDITOR"),
      });
    });

    it("keeps accounts with different legal identities in different organisations", async () => {
      const dpr = await loadFixture(deploy);
      await onboard(dpr, "admin", newAccount(1), HOLDER, legalId("org-a"));
      await onboard(dpr, "admin", newAccount(2), HOLDER, legalId("org-b"));
      expect(await dpr.read.directory.read.organisationOf([newAccount(1)])).toBe(newAccount(1));
      expect(await dpr.read.directory.read.organisationOf([newAccount(2)])).toBe(newAccount(2));
    });

    it("groups the fixture's cast by legal identity", async () => {
      const dpr = await loadFixture(deploy);
      const org = (actor: Actor) => dpr.read.directory.read.organisationOf([dpr.a[actor]]);
      expect(await org("registrarSameOrg")).toBe(dpr.a.registrar);
      expect(await org("cdo")).toBe(dpr.a.holder);
      expect(await org("registrar2")).toBe(dpr.a.registrar2);
      expect(await org("holder2")).toBe(dpr.a.holder2);
    });

    it("keeps an organisation's identity when its first account is suspended", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holder, h("reason")]));
      await onboard(dpr, "admin", newAccount(1), HOLDER, legalId("gz-health-commission"));
      expect(await dpr.read.directory.read.organisationOf([newAccount(1)])).toBe(dpr.a.holder);
    });
  });

  describe("roles", () => {
    it("lets the zone admin replace a participant's roles and reports the previous ones", async () => {
      const dpr = await loadFixture(deploy);
      const receipt = await mined(dpr.as("admin").directory.write.setRoles([dpr.a.holder, roles("REGISTRAR", "AUDITOR")]));
      const logs = events(receipt);
      expect(logs).toHaveLength(1);
      expect(logs[0]!.eventName).toBe("ParticipantRolesChanged");
      expect(logs[0]!.args).toEqual({
        account: dpr.a.holder,
        changedBy: dpr.a.admin,
        previousRoles: HOLDER,
        roles: roles("REGISTRAR", "AUDITOR"),
      });
      expect((await dpr.read.directory.read.getParticipant([dpr.a.holder])).roles).toBe(roles("REGISTRAR", "AUDITOR"));
      await expectActive(dpr, dpr.a.holder, true, roles("REGISTRAR", "AUDITOR"));
    });

    it("gives a new registrar no power over the directory", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.setRoles([dpr.a.holder2, roles("HOLDER", "REGISTRAR")]));
      await expectRevert(
        dpr.as("holder2").directory.write.addParticipant([newAccount(1), Jurisdiction.GZ, HOLDER, legalId("y"), ""]),
        "AccessControlUnauthorizedAccount",
        [dpr.a.holder2, ONBOARDING_ROLE],
      );
      await expectRevert(dpr.as("holder2").directory.write.suspend([dpr.a.holderHK, h("r")]), "AccessControlUnauthorizedAccount", [dpr.a.holder2, DISCIPLINE_ROLE]);
      expect(await dpr.read.directory.read.isActive([dpr.a.holderHK])).toBe(true);
    });

    it("refuses role changes by anyone but the zone admin", async () => {
      const dpr = await loadFixture(deploy);
      for (const actor of ["registrar", "holder", "regulator", "stranger"] as const) {
        await expectRevert(
          dpr.as(actor).directory.write.setRoles([dpr.a.holder, ALL_ROLES]),
          "AccessControlUnauthorizedAccount",
          [dpr.a[actor], ONBOARDING_ROLE],
        );
      }
      expect((await dpr.read.directory.read.getParticipant([dpr.a.holder])).roles).toBe(HOLDER);
    });

    it("refuses roles for an account that is not a participant", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(
        dpr.as("admin").directory.write.setRoles([dpr.a.stranger, HOLDER]),
        "ParticipantDirectoryUnknownParticipant",
        [dpr.a.stranger],
      );
    });

    it("refuses an empty role set and bits beyond AUDITOR", async () => {
      const dpr = await loadFixture(deploy);
      for (const mask of [0, 16, 255]) {
        await expectRevert(
          dpr.as("admin").directory.write.setRoles([dpr.a.holder, mask]),
          "ParticipantDirectoryInvalidRoles",
          [mask],
        );
      }
    });
  });

  describe("metadata", () => {
    it("lets a participant move its own public profile", async () => {
      const dpr = await loadFixture(deploy);
      const receipt = await mined(dpr.as("holder").directory.write.setMetadataURI([dpr.a.holder, "ipfs://new-profile"]));
      const logs = events(receipt);
      expect(logs).toHaveLength(1);
      expect(logs[0]!.eventName).toBe("ParticipantMetadataChanged");
      expect(logs[0]!.args).toEqual({ account: dpr.a.holder, changedBy: dpr.a.holder, metadataURI: "ipfs://new-profile" });
    });

    it("lets the zone admin move a participant's public profile", async () => {
      const dpr = await loadFixture(deploy);
      const receipt = await mined(dpr.as("admin").directory.write.setMetadataURI([dpr.a.regulator, ""]));
      expect(events(receipt)[0]!.args).toEqual({ account: dpr.a.regulator, changedBy: dpr.a.admin, metadataURI: "" });
    });

    it("refuses anyone else, even an account of the same organisation", async () => {
      const dpr = await loadFixture(deploy);
      for (const actor of ["cdo", "registrar", "regulator", "holder2", "stranger"] as const) {
        await expectRevert(
          dpr.as(actor).directory.write.setMetadataURI([dpr.a.holder, "https://evil.example"]),
          "ParticipantDirectoryUnauthorized",
          [dpr.a[actor]],
        );
      }
    });

    it("refuses a profile for an account that is not a participant", async () => {
      const dpr = await loadFixture(deploy);
      for (const actor of ["admin", "stranger"] as const) {
        await expectRevert(
          dpr.as(actor).directory.write.setMetadataURI([dpr.a.stranger, "ipfs://x"]),
          "ParticipantDirectoryUnknownParticipant",
          [dpr.a.stranger],
        );
      }
    });

    it("refuses a suspended participant moving its own public profile, but not the zone admin", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holder, h("fraud")]));
      await expectRevert(
        dpr.as("holder").directory.write.setMetadataURI([dpr.a.holder, "ipfs://still-here"]),
        "ParticipantDirectorySuspended",
        [dpr.a.holder],
      );
      await mined(dpr.as("admin").directory.write.setMetadataURI([dpr.a.holder, "ipfs://moved-by-admin"]));
    });
  });

  describe("suspension", () => {
    it("lets the zone admin suspend and reinstate any participant", async () => {
      const dpr = await loadFixture(deploy);
      for (const actor of ["registrar", "regulator", "auditor", "holder"] as const) {
        const account = dpr.a[actor];
        const held = (await dpr.read.directory.read.getParticipant([account])).roles;

        const suspended = await mined(dpr.as("admin").directory.write.suspend([account, h(`why-${actor}`)]));
        expect(events(suspended).map((e) => [e.eventName, e.args])).toEqual([
          ["ParticipantSuspended", { account, suspendedBy: dpr.a.admin, reasonHash: h(`why-${actor}`) }],
        ]);
        expect(await dpr.read.directory.read.getParticipant([account])).toMatchObject({ suspended: true, roles: held });
        await expectActive(dpr, account, false, held);

        const reinstated = await mined(dpr.as("admin").directory.write.reinstate([account, h(`ok-${actor}`)]));
        expect(events(reinstated).map((e) => [e.eventName, e.args])).toEqual([
          ["ParticipantReinstated", { account, reinstatedBy: dpr.a.admin, reasonHash: h(`ok-${actor}`) }],
        ]);
        expect((await dpr.read.directory.read.getParticipant([account])).suspended).toBe(false);
        await expectActive(dpr, account, true, held);
      }
    });

    it("does not take a suspension for a removal: removed stays false, and reinstating gives the account back", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holderHK, h("investigation")]));
      expect(await dpr.read.directory.read.getParticipant([dpr.a.holderHK])).toMatchObject({
        organisation: dpr.a.holderHK,
        suspended: true,
        removed: false,
      });
      await mined(dpr.as("admin").directory.write.reinstate([dpr.a.holderHK, h("cleared")]));
      expect(await dpr.read.directory.read.getParticipant([dpr.a.holderHK])).toMatchObject({ suspended: false, removed: false });
      expect(await dpr.read.directory.read.isActive([dpr.a.holderHK])).toBe(true);
    });

    it("refuses a registrar suspending or reinstating a holder", async () => {
      const dpr = await loadFixture(deploy);
      const before = await snapshot(dpr, [dpr.a.holderHK]);
      await expectRevert(
        dpr.as("registrar").directory.write.suspend([dpr.a.holderHK, h("late filing")]),
        "AccessControlUnauthorizedAccount",
        [dpr.a.registrar, DISCIPLINE_ROLE],
      );
      expect(await snapshot(dpr, [dpr.a.holderHK])).toEqual(before);
      await expectActive(dpr, dpr.a.holderHK, true, HOLDER);

      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holderHK, h("investigation")]));
      const suspended = await snapshot(dpr, [dpr.a.holderHK]);
      await expectRevert(
        dpr.as("registrar2").directory.write.reinstate([dpr.a.holderHK, h("filed")]),
        "AccessControlUnauthorizedAccount",
        [dpr.a.registrar2, DISCIPLINE_ROLE],
      );
      expect(await snapshot(dpr, [dpr.a.holderHK])).toEqual(suspended);
      await expectActive(dpr, dpr.a.holderHK, false, HOLDER);
    });

    it("refuses suspension and reinstatement by anyone but the zone admin", async () => {
      const dpr = await loadFixture(deploy);
      const actors = ["registrar", "registrar2", "cdo", "holder2", "regulator", "auditor", "stranger"] as const;
      for (const target of ["holder", "registrar2", "regulator"] as const) {
        for (const actor of actors) {
          await expectRevert(dpr.as(actor).directory.write.suspend([dpr.a[target], h("r")]), "AccessControlUnauthorizedAccount", [dpr.a[actor], DISCIPLINE_ROLE]);
        }
        expect(await dpr.read.directory.read.isActive([dpr.a[target]])).toBe(true);
        await mined(dpr.as("admin").directory.write.suspend([dpr.a[target], h("r")]));
        for (const actor of actors) {
          await expectRevert(dpr.as(actor).directory.write.reinstate([dpr.a[target], h("r")]), "AccessControlUnauthorizedAccount", [dpr.a[actor], DISCIPLINE_ROLE]);
        }
        expect(await dpr.read.directory.read.isActive([dpr.a[target]])).toBe(false);
      }
    });

    it("refuses suspending a suspended participant and reinstating an active one", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(
        dpr.as("admin").directory.write.reinstate([dpr.a.holder, h("r")]),
        "ParticipantDirectoryNotSuspended",
        [dpr.a.holder],
      );
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holder, h("r")]));
      await expectRevert(
        dpr.as("admin").directory.write.suspend([dpr.a.holder, h("again")]),
        "ParticipantDirectoryAlreadySuspended",
        [dpr.a.holder],
      );
    });

    it("refuses disciplining an account that is not a participant", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(
        dpr.as("admin").directory.write.suspend([dpr.a.stranger, h("r")]),
        "ParticipantDirectoryUnknownParticipant",
        [dpr.a.stranger],
      );
      await expectRevert(
        dpr.as("admin").directory.write.reinstate([dpr.a.stranger, h("r")]),
        "ParticipantDirectoryUnknownParticipant",
        [dpr.a.stranger],
      );
    });

    it("lets the zone admin change a suspended participant's roles without reinstating it", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holder, h("r")]));
      await mined(dpr.as("admin").directory.write.setRoles([dpr.a.holder, roles("HOLDER", "AUDITOR")]));
      await expectActive(dpr, dpr.a.holder, false, roles("HOLDER", "AUDITOR"));
      await mined(dpr.as("admin").directory.write.reinstate([dpr.a.holder, h("r")]));
      await expectActive(dpr, dpr.a.holder, true, roles("HOLDER", "AUDITOR"));
    });
  });

  describe("views", () => {
    it("reports nothing for accounts that are not participants", async () => {
      const dpr = await loadFixture(deploy);
      for (const account of [dpr.a.stranger, dpr.a.admin, zeroAddress, newAccount(42)]) {
        await expectActive(dpr, account, false, 0);
        expect(await dpr.read.directory.read.organisationOf([account])).toBe(zeroAddress);
        expect(await dpr.read.directory.read.getParticipant([account])).toEqual({
          organisation: zeroAddress,
          since: 0,
          jurisdiction: 0,
          roles: 0,
          suspended: false,
          removed: false,
        });
      }
    });

    it("reports version 2.0.0", async () => {
      const dpr = await loadFixture(deploy);
      expect(await dpr.read.directory.read.version()).toBe("2.0.0");
    });
  });

  describe("governance", () => {
    it("moves in two steps: the old governance acts until the new one accepts, and cannot once it has", async () => {
      const dpr = await loadFixture(deploy);
      expect(await dpr.read.directory.read.owner()).toBe(dpr.a.admin);
      expect(await dpr.read.directory.read.defaultAdmin()).toBe(dpr.a.admin);

      const started = await mined(dpr.as("admin").directory.write.beginDefaultAdminTransfer([dpr.a.stranger]));
      expect(events(started).map((e) => e.eventName)).toEqual(["DefaultAdminTransferScheduled"]);
      expect((await dpr.read.directory.read.pendingDefaultAdmin())[0]).toBe(dpr.a.stranger);

      // Until acceptance the old governance still grants offices and the pending one cannot.
      await mined(dpr.as("admin").directory.write.grantRole([ONBOARDING_ROLE, dpr.a.auditor]));
      await expectRevert(dpr.as("stranger").directory.write.grantRole([ONBOARDING_ROLE, dpr.a.stranger]), "AccessControlUnauthorizedAccount", [
        dpr.a.stranger,
        DEFAULT_ADMIN_ROLE,
      ]);

      const accepted = await mined(dpr.as("stranger").directory.write.acceptDefaultAdminTransfer());
      expect(events(accepted).map((e) => [e.eventName, e.args])).toEqual([
        ["RoleRevoked", { role: DEFAULT_ADMIN_ROLE, account: dpr.a.admin, sender: dpr.a.stranger }],
        ["RoleGranted", { role: DEFAULT_ADMIN_ROLE, account: dpr.a.stranger, sender: dpr.a.stranger }],
      ]);
      expect(await dpr.read.directory.read.owner()).toBe(dpr.a.stranger);
      await expectRevert(dpr.as("admin").directory.write.revokeRole([ONBOARDING_ROLE, dpr.a.auditor]), "AccessControlUnauthorizedAccount", [
        dpr.a.admin,
        DEFAULT_ADMIN_ROLE,
      ]);
      await mined(dpr.as("stranger").directory.write.revokeRole([ONBOARDING_ROLE, dpr.a.auditor]));
      expect(await dpr.read.directory.read.hasRole([ONBOARDING_ROLE, dpr.a.auditor])).toBe(false);
    });

    it("refuses acceptance by anyone but the pending governance, and with none pending", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(dpr.as("stranger").directory.write.acceptDefaultAdminTransfer(), "AccessControlInvalidDefaultAdmin", [dpr.a.stranger]);
      await mined(dpr.as("admin").directory.write.beginDefaultAdminTransfer([dpr.a.stranger]));
      for (const actor of ["admin", "registrar", "holder"] as const) {
        await expectRevert(dpr.as(actor).directory.write.acceptDefaultAdminTransfer(), "AccessControlInvalidDefaultAdmin", [dpr.a[actor]]);
      }
      expect(await dpr.read.directory.read.owner()).toBe(dpr.a.admin);
    });

    it("lets a new handover replace the pending one", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.beginDefaultAdminTransfer([dpr.a.stranger]));
      await mined(dpr.as("admin").directory.write.beginDefaultAdminTransfer([dpr.a.regulator]));
      await expectRevert(dpr.as("stranger").directory.write.acceptDefaultAdminTransfer(), "AccessControlInvalidDefaultAdmin", [dpr.a.stranger]);
      await mined(dpr.as("regulator").directory.write.acceptDefaultAdminTransfer());
      expect(await dpr.read.directory.read.owner()).toBe(dpr.a.regulator);
    });

    it("refuses a handover started by anyone but governance, and a second governance granted directly", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(dpr.as("registrar").directory.write.beginDefaultAdminTransfer([dpr.a.registrar]), "AccessControlUnauthorizedAccount", [
        dpr.a.registrar,
        DEFAULT_ADMIN_ROLE,
      ]);
      await expectRevert(dpr.as("admin").directory.write.grantRole([DEFAULT_ADMIN_ROLE, dpr.a.stranger]), "AccessControlEnforcedDefaultAdminRules", []);
      expect((await dpr.read.directory.read.pendingDefaultAdmin())[0]).toBe(zeroAddress);
    });

    it("cannot be renounced or handed to the zero address", async () => {
      const dpr = await loadFixture(deploy);
      await expectRevert(dpr.as("admin").directory.write.beginDefaultAdminTransfer([zeroAddress]), "ParticipantDirectoryCannotRenounce", []);
      await expectRevert(dpr.as("admin").directory.write.renounceRole([DEFAULT_ADMIN_ROLE, dpr.a.admin]), "AccessControlEnforcedDefaultAdminDelay", [0]);
      expect(await dpr.read.directory.read.owner()).toBe(dpr.a.admin);
    });
  });

  describe("limits on registrars", () => {
    it("refuses a registrar onboarding an account under an existing organisation's legal identity", async () => {
      const dpr = await loadFixture(deploy);
      const known = legalId("gz-health-commission");
      const before = await snapshot(dpr, [newAccount(7), dpr.a.holder], [known]);
      await expectRevert(
        dpr.as("registrar").directory.write.addParticipant([newAccount(7), Jurisdiction.GZ, HOLDER, known, ""]),
        "AccessControlUnauthorizedAccount",
        [dpr.a.registrar, ONBOARDING_ROLE],
      );
      expect(await snapshot(dpr, [newAccount(7), dpr.a.holder], [known])).toEqual(before);
      expect(await dpr.read.directory.read.organisationOf([newAccount(7)])).toBe(zeroAddress);
      // The zone admin adds accounts to an organisation.
      await mined(dpr.as("admin").directory.write.addParticipant([newAccount(7), Jurisdiction.GZ, HOLDER, known, ""]));
      expect(await dpr.read.directory.read.organisationOf([newAccount(7)])).toBe(dpr.a.holder);
    });

    it("refuses a registrar pre-claiming a legal identity, which then stays free for its organisation", async () => {
      const dpr = await loadFixture(deploy);
      const real = legalId("gz-metro-group");
      await expectRevert(
        dpr.as("cdo").directory.write.addParticipant([newAccount(8), Jurisdiction.GZ, HOLDER, real, ""]),
        "AccessControlUnauthorizedAccount",
        [dpr.a.cdo, ONBOARDING_ROLE],
      );
      expect(await dpr.read.directory.read.organisationByLegalIdentity([real])).toBe(zeroAddress);
      await onboard(dpr, "admin", newAccount(9), HOLDER, real);
      expect(await dpr.read.directory.read.organisationOf([newAccount(9)])).toBe(newAccount(9));
    });
  });

  describe("attested names", () => {
    const bilingual = JSON.stringify({
      en: "Suicheng Municipal Health Commission (fictional)",
      "zh-CN": "穗城市卫生健康委员会（虚构）",
    });
    const nameOf = (dpr: Dpr, account: Address) => dpr.read.directory.read.attestedNameOf([account]);

    it("records the zone admin's name for an organisation and reports it for every account of it", async () => {
      const dpr = await loadFixture(deploy);
      expect(await nameOf(dpr, dpr.a.holder)).toBe("");
      const receipt = await mined(dpr.as("admin").directory.write.attestName([dpr.a.holder, bilingual]));
      expect(events(receipt).map((e) => [e.eventName, e.args])).toEqual([
        ["OrganisationNameAttested", { organisation: dpr.a.holder, attestedBy: dpr.a.admin, name: bilingual }],
      ]);
      // The chief data officer is an account of the same organisation: it reads the organisation's name.
      expect(await nameOf(dpr, dpr.a.holder)).toBe(bilingual);
      expect(await nameOf(dpr, dpr.a.cdo)).toBe(bilingual);
      // Other organisations and strangers have none.
      for (const account of [dpr.a.holder2, dpr.a.registrar, dpr.a.stranger, zeroAddress]) {
        expect(await nameOf(dpr, account)).toBe("");
      }
      // An account onboarded later into the organisation reads it too.
      await onboard(dpr, "admin", newAccount(1), HOLDER, legalId("gz-health-commission"));
      expect(await nameOf(dpr, newAccount(1))).toBe(bilingual);
    });

    it("replaces an earlier name", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.attestName([dpr.a.holder, "Old name"]));
      const receipt = await mined(dpr.as("admin").directory.write.attestName([dpr.a.holder, "New name"]));
      expect(events(receipt)[0]!.args).toEqual({ organisation: dpr.a.holder, attestedBy: dpr.a.admin, name: "New name" });
      expect(await nameOf(dpr, dpr.a.cdo)).toBe("New name");
    });

    it("keeps the name when the organisation's legal identity is re-committed or its first account suspended", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.attestName([dpr.a.holder, bilingual]));
      await mined(dpr.as("admin").directory.write.setLegalIdentity([dpr.a.holder, h("hmac:rotated")]));
      await mined(dpr.as("admin").directory.write.suspend([dpr.a.holder, h("reason")]));
      expect(await nameOf(dpr, dpr.a.holder)).toBe(bilingual);
      expect(await nameOf(dpr, dpr.a.cdo)).toBe(bilingual);
    });

    it("refuses a participant attesting its own name, or anyone's, and keeps the attested one", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.attestName([dpr.a.holder, bilingual]));
      for (const actor of ["holder", "cdo", "registrar", "regulator", "auditor", "stranger"] as const) {
        await expectRevert(
          dpr.as(actor).directory.write.attestName([dpr.a.holder, "Guangzhou Municipal Government"]),
          "AccessControlUnauthorizedAccount",
          [dpr.a[actor], ONBOARDING_ROLE],
        );
        await expectRevert(
          dpr.as(actor).directory.write.attestName([dpr.a[actor], "Guangzhou Municipal Government"]),
          "AccessControlUnauthorizedAccount",
          [dpr.a[actor], ONBOARDING_ROLE],
        );
      }
      expect(await nameOf(dpr, dpr.a.holder)).toBe(bilingual);
    });

    it("does not let a participant rename itself through its self-declared profile", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.attestName([dpr.a.holder, bilingual]));
      const forged = `data:application/json,${encodeURIComponent(JSON.stringify({ name: "Guangzhou Municipal Government" }))}`;
      for (const actor of ["holder", "cdo"] as const) {
        const receipt = await mined(dpr.as(actor).directory.write.setMetadataURI([dpr.a[actor], forged]));
        expect(events(receipt).map((e) => e.eventName)).toEqual(["ParticipantMetadataChanged"]);
      }
      expect(await nameOf(dpr, dpr.a.holder)).toBe(bilingual);
      expect(await nameOf(dpr, dpr.a.cdo)).toBe(bilingual);
    });

    it("refuses an account that is not an organisation", async () => {
      const dpr = await loadFixture(deploy);
      // The chief data officer is an account of the health commission, not the organisation itself.
      for (const account of [dpr.a.cdo, dpr.a.registrarSameOrg, dpr.a.stranger, zeroAddress]) {
        await expectRevert(
          dpr.as("admin").directory.write.attestName([account, "Some name"]),
          "ParticipantDirectoryUnknownOrganisation",
          [account],
        );
      }
      expect(await nameOf(dpr, dpr.a.cdo)).toBe("");
      expect(await nameOf(dpr, dpr.a.holder)).toBe("");
    });

    it("refuses empty, over-long and multi-line names, and changes nothing", async () => {
      const dpr = await loadFixture(deploy);
      await mined(dpr.as("admin").directory.write.attestName([dpr.a.holder, bilingual]));
      const invalid = [
        "",
        "x".repeat(257),
        "穗".repeat(86), // 258 bytes in UTF-8
        "Suicheng Health\nCommission",
        "Suicheng\rHealth",
        "Tab\there",
        "nul\u0000",
        "\u001f",
        "delete\u007f",
      ];
      for (const name of invalid) {
        await expectRevert(dpr.as("admin").directory.write.attestName([dpr.a.holder, name]), "ParticipantDirectoryInvalidName", []);
      }
      expect(await nameOf(dpr, dpr.a.holder)).toBe(bilingual);
    });

    it("accepts names of exactly 256 bytes, one byte, and any UTF-8 above the control range", async () => {
      const dpr = await loadFixture(deploy);
      for (const name of ["x".repeat(256), "穗".repeat(85) + "x", "A", " ~\u0080é穗🙂"]) {
        await mined(dpr.as("admin").directory.write.attestName([dpr.a.holder, name]));
        expect(await nameOf(dpr, dpr.a.holder)).toBe(name);
      }
    });
  });

  describe("legal identities", () => {
    const current = legalId("gz-health-commission");
    const rotated = h("hmac:new-secret:gz-health-commission");

    it("re-commits an organisation under a new hash: the old one names nothing, the new one the organisation", async () => {
      const dpr = await loadFixture(deploy);
      expect(await dpr.read.directory.read.legalIdentityOf([dpr.a.holder])).toBe(current);
      expect(await dpr.read.directory.read.organisationByLegalIdentity([current])).toBe(dpr.a.holder);

      const receipt = await mined(dpr.as("admin").directory.write.setLegalIdentity([dpr.a.holder, rotated]));
      expect(events(receipt).map((e) => [e.eventName, e.args])).toEqual([
        ["ParticipantLegalIdentityChanged", { organisation: dpr.a.holder, changedBy: dpr.a.admin, previousLegalIdHash: current, legalIdHash: rotated }],
      ]);
      expect(await dpr.read.directory.read.organisationByLegalIdentity([current])).toBe(zeroAddress);
      expect(await dpr.read.directory.read.organisationByLegalIdentity([rotated])).toBe(dpr.a.holder);
      expect(await dpr.read.directory.read.legalIdentityOf([dpr.a.holder])).toBe(rotated);
      // Its accounts stay in it, and the accounts' records do not change.
      expect(await dpr.read.directory.read.organisationOf([dpr.a.cdo])).toBe(dpr.a.holder);
      await expectActive(dpr, dpr.a.cdo, true, roles("REGISTRAR"));

      // A new account under the new hash joins it; under the old hash it would start another organisation.
      await onboard(dpr, "admin", newAccount(1), HOLDER, rotated);
      expect(await dpr.read.directory.read.organisationOf([newAccount(1)])).toBe(dpr.a.holder);
      await onboard(dpr, "admin", newAccount(2), HOLDER, current);
      expect(await dpr.read.directory.read.organisationOf([newAccount(2)])).toBe(newAccount(2));
    });

    it("refuses a re-commitment by anyone but the zone admin", async () => {
      const dpr = await loadFixture(deploy);
      const before = await snapshot(dpr, [dpr.a.holder, dpr.a.cdo], [current, rotated]);
      for (const actor of ["registrar", "registrar2", "cdo", "holder", "regulator", "auditor", "stranger"] as const) {
        await expectRevert(
          dpr.as(actor).directory.write.setLegalIdentity([dpr.a.holder, rotated]),
          "AccessControlUnauthorizedAccount",
          [dpr.a[actor], ONBOARDING_ROLE],
        );
      }
      expect(await snapshot(dpr, [dpr.a.holder, dpr.a.cdo], [current, rotated])).toEqual(before);
      expect(await dpr.read.directory.read.legalIdentityOf([dpr.a.holder])).toBe(current);
    });

    it("refuses a hash another organisation uses, or the organisation's own", async () => {
      const dpr = await loadFixture(deploy);
      const other = legalId("gz-transport-bureau");
      const before = await snapshot(dpr, [dpr.a.holder, dpr.a.holder2], [current, other]);
      await expectRevert(
        dpr.as("admin").directory.write.setLegalIdentity([dpr.a.holder, other]),
        "ParticipantDirectoryLegalIdentityTaken",
        [other, dpr.a.holder2],
      );
      await expectRevert(
        dpr.as("admin").directory.write.setLegalIdentity([dpr.a.holder, current]),
        "ParticipantDirectoryLegalIdentityTaken",
        [current, dpr.a.holder],
      );
      expect(await snapshot(dpr, [dpr.a.holder, dpr.a.holder2], [current, other])).toEqual(before);
      expect(await dpr.read.directory.read.legalIdentityOf([dpr.a.holder])).toBe(current);
      expect(await dpr.read.directory.read.legalIdentityOf([dpr.a.holder2])).toBe(other);
    });

    it("refuses an account that is not an organisation, and a zero hash", async () => {
      const dpr = await loadFixture(deploy);
      // The chief data officer is an account of the health commission, not the organisation itself.
      for (const account of [dpr.a.cdo, dpr.a.stranger, zeroAddress]) {
        await expectRevert(
          dpr.as("admin").directory.write.setLegalIdentity([account, rotated]),
          "ParticipantDirectoryUnknownOrganisation",
          [account],
        );
      }
      await expectRevert(
        dpr.as("admin").directory.write.setLegalIdentity([dpr.a.holder, `0x${"00".repeat(32)}`]),
        "ParticipantDirectoryMissingLegalIdentity",
        [],
      );
      expect(await dpr.read.directory.read.organisationByLegalIdentity([rotated])).toBe(zeroAddress);
      expect(await dpr.read.directory.read.legalIdentityOf([dpr.a.holder])).toBe(current);
    });

    it("reports no legal identity for accounts that are not organisations", async () => {
      const dpr = await loadFixture(deploy);
      for (const account of [dpr.a.cdo, dpr.a.registrarSameOrg, dpr.a.stranger, dpr.a.admin]) {
        expect(await dpr.read.directory.read.legalIdentityOf([account])).toBe(`0x${"00".repeat(32)}`);
      }
    });
  });
});
