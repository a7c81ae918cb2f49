/**
 * GrantRegistry after issue: acknowledge, deny, suspend, reinstate and revoke, who may call them, in
 * which statuses, and what they emit; unknown grant ids.
 */
import { describe, expect, it } from "vitest";
import { type Address, parseEventLogs } from "viem";
import { Role, grantRegistryAbi } from "@dpr/sdk";
import { DAY, type Dpr, expectRevert, h, mined } from "./helpers/dpr.js";
import {
  type GrantFixture,
  GrantStatus,
  TransferMechanism,
  hasRight,
  issue,
  later,
  mineAt,
  regulated,
  setup,
  statusOf,
} from "./GrantRegistry.fixture.js";

type StatusName = Exclude<keyof typeof GrantStatus, "NONE">;
type Action = "acknowledge" | "deny" | "suspend" | "reinstate" | "revoke";

/** A grant of general GZ data: domestic to holder2, or cross-border to holderHK (awaiting acknowledgement). */
async function grantIn(f: GrantFixture, status: StatusName): Promise<{ id: bigint; grantee: Address }> {
  const { dpr, a, ds } = f;
  const domestic = { datasetId: ds.general, grantee: a.holder2 };
  const crossBorder = () => regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK });
  let id: bigint;
  switch (status) {
    case "AWAITING_ACKNOWLEDGEMENT":
      return { id: (await issue(dpr, "holder", await crossBorder())).id, grantee: a.holderHK };
    case "ACTIVE":
      return { id: (await issue(dpr, "holder", domestic)).id, grantee: a.holder2 };
    case "SCHEDULED":
      return { id: (await issue(dpr, "holder", { ...domestic, startsAt: await later(DAY) })).id, grantee: a.holder2 };
    case "SUSPENDED":
      id = (await issue(dpr, "holder", domestic)).id;
      await mined(dpr.as("regulator").grants.write.suspend([id, h("suspend")]));
      return { id, grantee: a.holder2 };
    case "REVOKED":
      id = (await issue(dpr, "holder", domestic)).id;
      await mined(dpr.as("holder").grants.write.revoke([id, h("revoke")]));
      return { id, grantee: a.holder2 };
    case "DENIED":
      id = (await issue(dpr, "holder", await crossBorder())).id;
      await mined(dpr.as("regulator").grants.write.deny([id, h("deny")]));
      return { id, grantee: a.holderHK };
    case "EXPIRED": {
      // An awaiting grant that was never acknowledged before its expiry.
      const input = await crossBorder();
      id = (await issue(dpr, "holder", input)).id;
      await mineAt(BigInt(input.expiresAt!));
      return { id, grantee: a.holderHK };
    }
  }
}

function send(dpr: Dpr, caller: Parameters<Dpr["as"]>[0], action: Action, id: bigint) {
  return dpr.as(caller).grants.write[action]([id, h(`${action}:reason`)]);
}

const EVENTS = {
  acknowledge: { name: "GrantAcknowledged", by: "regulator", hash: "noteHash", after: GrantStatus.ACTIVE },
  deny: { name: "GrantDenied", by: "regulator", hash: "reasonHash", after: GrantStatus.DENIED },
  suspend: { name: "GrantSuspended", by: "regulator", hash: "reasonHash", after: GrantStatus.SUSPENDED },
  reinstate: { name: "GrantReinstated", by: "regulator", hash: "reasonHash", after: GrantStatus.ACTIVE },
  revoke: { name: "GrantRevoked", by: "revokedBy", hash: "reasonHash", after: GrantStatus.REVOKED },
} as const;

const ALLOWED: Record<Action, StatusName[]> = {
  acknowledge: ["AWAITING_ACKNOWLEDGEMENT"],
  deny: ["AWAITING_ACKNOWLEDGEMENT"],
  suspend: ["ACTIVE", "SCHEDULED"],
  reinstate: ["SUSPENDED"],
  revoke: ["AWAITING_ACKNOWLEDGEMENT", "ACTIVE", "SCHEDULED", "SUSPENDED"],
};

const STATUSES: StatusName[] = ["AWAITING_ACKNOWLEDGEMENT", "ACTIVE", "SCHEDULED", "SUSPENDED", "REVOKED", "DENIED", "EXPIRED"];
const ACTIONS = Object.keys(ALLOWED) as Action[];
const REGULATOR_ONLY = ["acknowledge", "deny", "suspend", "reinstate"] as const;

describe("GrantRegistry: which statuses each action accepts", () => {
  const table = ACTIONS.flatMap((action) => STATUSES.map((status) => ({ action, status, allowed: ALLOWED[action].includes(status) })));

  it.each(table.filter((c) => c.allowed))("lets a regulator $action a $status grant, and emits the event", async ({ action, status }) => {
    const f = await setup();
    const { dpr, a, ds } = f;
    const { id } = await grantIn(f, status);
    const receipt = await mined(send(dpr, "regulator", action, id));
    const { name, by, hash, after } = EVENTS[action];
    const logs = parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: name });
    expect(logs.map((log) => log.args)).toEqual([{ grantId: id, datasetId: ds.general, [by]: a.regulator, [hash]: h(`${action}:reason`) }]);
    expect(receipt.logs).toHaveLength(1);
    expect(await statusOf(dpr, id)).toBe(after);
  });

  it.each(table.filter((c) => !c.allowed))("refuses to $action a $status grant", async ({ action, status }) => {
    const f = await setup();
    const { id } = await grantIn(f, status);
    expect(await statusOf(f.dpr, id)).toBe(GrantStatus[status]);
    await expectRevert(send(f.dpr, "regulator", action, id), "GrantRegistryWrongStatus", [id, GrantStatus[status]]);
  });
});

describe("GrantRegistry: only an active regulator acknowledges, denies, suspends and reinstates", () => {
  const callers = ["holder", "holderHK", "holder2", "registrar", "auditor", "stranger", "admin"] as const;
  const table = REGULATOR_ONLY.flatMap((action) => callers.map((caller) => ({ action, caller })));
  const ready: Record<(typeof REGULATOR_ONLY)[number], StatusName> = {
    acknowledge: "AWAITING_ACKNOWLEDGEMENT",
    deny: "AWAITING_ACKNOWLEDGEMENT",
    suspend: "ACTIVE",
    reinstate: "SUSPENDED",
  };

  it.each(table)("refuses $action by $caller", async ({ action, caller }) => {
    const f = await setup();
    const { id } = await grantIn(f, ready[action]);
    await expectRevert(send(f.dpr, caller, action, id), "GrantRegistryMissingRole", [f.a[caller], Role.REGULATOR]);
  });

  it.each(REGULATOR_ONLY)("refuses %s by a suspended regulator", async (action) => {
    const f = await setup();
    const { id } = await grantIn(f, ready[action]);
    await mined(f.dpr.as("admin").directory.write.suspend([f.a.regulator, h("reason")]));
    await expectRevert(send(f.dpr, "regulator", action, id), "GrantRegistryMissingRole", [f.a.regulator, Role.REGULATOR]);
  });
});

describe("GrantRegistry: acknowledgement and denial", () => {
  it("gives the grantee the right once acknowledged, and never once denied", async () => {
    const f = await setup();
    const { dpr, a, ds } = f;
    const first = await grantIn(f, "AWAITING_ACKNOWLEDGEMENT");
    expect(await hasRight(dpr, ds.general, a.holderHK)).toBe(false);
    await mined(dpr.as("regulator").grants.write.deny([first.id, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holderHK)).toBe(false);
    expect((await dpr.read.grants.read.getGrant([first.id])).status).toBe(GrantStatus.DENIED);

    const second = await issue(dpr, "holder", await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK }));
    await mined(dpr.as("regulator").grants.write.acknowledge([second.id, h("note")]));
    expect(await hasRight(dpr, ds.general, a.holderHK)).toBe(true);
  });

  it("makes an acknowledged grant that starts later SCHEDULED, then ACTIVE at its start", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = await later(DAY);
    const input = await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK, startsAt });
    const { id } = await issue(dpr, "holder", input);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
    await mined(dpr.as("regulator").grants.write.acknowledge([id, h("note")]));
    expect(await statusOf(dpr, id)).toBe(GrantStatus.SCHEDULED);
    expect(await hasRight(dpr, ds.general, a.holderHK)).toBe(false);
    await mineAt(startsAt);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
    expect(await hasRight(dpr, ds.general, a.holderHK)).toBe(true);
  });

  it("stays AWAITING_ACKNOWLEDGEMENT past its start until acknowledged", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = await later(DAY);
    const input = await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK, startsAt });
    const { id } = await issue(dpr, "holder", input);
    await mineAt(startsAt + DAY);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
    expect(await hasRight(dpr, ds.general, a.holderHK)).toBe(false);
  });
});

describe("GrantRegistry: suspension and reinstatement", () => {
  it("takes the right away while suspended and gives it back when reinstated", async () => {
    const f = await setup();
    const { dpr, a, ds } = f;
    const { id } = await grantIn(f, "ACTIVE");
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
    await mined(dpr.as("regulator").grants.write.suspend([id, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
    await mined(dpr.as("regulator").grants.write.reinstate([id, h("reason")]));
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(true);
  });

  it("reinstates a suspended scheduled grant as SCHEDULED before its start", async () => {
    const { dpr, a, ds } = await setup();
    const startsAt = await later(2n * DAY);
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.holder2, startsAt });
    await mined(dpr.as("regulator").grants.write.suspend([id, h("reason")]));
    await mineAt(startsAt + 1n);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.SUSPENDED);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);

    const { id: other } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.auditor, startsAt: await later(DAY) });
    await mined(dpr.as("regulator").grants.write.suspend([other, h("reason")]));
    await mined(dpr.as("regulator").grants.write.reinstate([other, h("reason")]));
    expect(await statusOf(dpr, other)).toBe(GrantStatus.SCHEDULED);
  });
});

describe("GrantRegistry.revoke: who may revoke", () => {
  it("lets the holder revoke, with its address in GrantRevoked", async () => {
    const f = await setup();
    const { dpr, a, ds } = f;
    const { id } = await grantIn(f, "ACTIVE");
    const receipt = await mined(dpr.as("holder").grants.write.revoke([id, h("reason")]));
    const logs = parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: "GrantRevoked" });
    expect(logs.map((log) => log.args)).toEqual([{ grantId: id, datasetId: ds.general, revokedBy: a.holder, reasonHash: h("reason") }]);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.REVOKED);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
  });

  it.each(["AWAITING_ACKNOWLEDGEMENT", "SCHEDULED", "SUSPENDED"] as const)("lets the holder revoke a %s grant", async (status) => {
    const f = await setup();
    const { id } = await grantIn(f, status);
    await mined(f.dpr.as("holder").grants.write.revoke([id, h("reason")]));
    expect(await statusOf(f.dpr, id)).toBe(GrantStatus.REVOKED);
  });

  it.each(["REVOKED", "DENIED", "EXPIRED"] as const)("refuses the holder's revocation of a %s grant", async (status) => {
    const f = await setup();
    const { id } = await grantIn(f, status);
    await expectRevert(send(f.dpr, "holder", "revoke", id), "GrantRegistryWrongStatus", [id, GrantStatus[status]]);
  });

  it("lets another officer of the holder's organisation revoke (cdo), with its address in GrantRevoked", async () => {
    const f = await setup();
    const { dpr, a, ds } = f;
    const { id } = await grantIn(f, "ACTIVE");
    const receipt = await mined(dpr.as("cdo").grants.write.revoke([id, h("reason")]));
    const logs = parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: "GrantRevoked" });
    expect(logs.map((log) => log.args)).toEqual([{ grantId: id, datasetId: ds.general, revokedBy: a.cdo, reasonHash: h("reason") }]);
    expect(await hasRight(dpr, ds.general, a.holder2)).toBe(false);
  });

  // registrarSameOrg: an officer of another organisation (cdo, an officer of the holder's, may revoke: above).
  it.each(["holder2", "holderHK", "registrar", "registrarSameOrg", "auditor", "stranger", "admin"] as const)(
    "refuses revocation by %s, neither of the holder's organisation nor regulator",
    async (caller) => {
      const f = await setup();
      const { id } = await grantIn(f, "ACTIVE");
      await expectRevert(send(f.dpr, caller, "revoke", id), "GrantRegistryNotHolderOrRegulator", [id, f.a[caller]]);
    },
  );

  it("refuses revocation by the grantee", async () => {
    const f = await setup();
    const { id, grantee } = await grantIn(f, "AWAITING_ACKNOWLEDGEMENT");
    await expectRevert(send(f.dpr, "holderHK", "revoke", id), "GrantRegistryNotHolderOrRegulator", [id, grantee]);
  });

  it("refuses revocation by a suspended holder", async () => {
    const f = await setup();
    const { id } = await grantIn(f, "ACTIVE");
    await mined(f.dpr.as("admin").directory.write.suspend([f.a.holder, h("reason")]));
    await expectRevert(send(f.dpr, "holder", "revoke", id), "GrantRegistryInactiveParticipant", [f.a.holder]);
  });

  it("refuses revocation by a suspended regulator", async () => {
    const f = await setup();
    const { id } = await grantIn(f, "ACTIVE");
    await mined(f.dpr.as("admin").directory.write.suspend([f.a.regulator, h("reason")]));
    await expectRevert(send(f.dpr, "regulator", "revoke", id), "GrantRegistryNotHolderOrRegulator", [id, f.a.regulator]);
  });

  it("lets the holder revoke while the dataset is frozen", async () => {
    const f = await setup();
    const { id } = await grantIn(f, "ACTIVE");
    await mined(f.dpr.as("regulator").datasets.write.freeze([f.ds.general, h("reason")]));
    await mined(send(f.dpr, "holder", "revoke", id));
    expect(await statusOf(f.dpr, id)).toBe(GrantStatus.REVOKED);
  });

  it("after a holding transfer, lets the new holder revoke and refuses the old one", async () => {
    const f = await setup();
    const { dpr, a, ds } = f;
    const { id } = await issue(dpr, "holder", { datasetId: ds.general, grantee: a.auditor });
    await mined(dpr.as("holder").datasets.write.requestTransfer([ds.general, a.holder2]));
    await mined(dpr.as("registrar").datasets.write.confirmTransfer([ds.general]));
    expect((await dpr.read.datasets.read.getDataset([ds.general])).holder).toBe(a.holder2);
    // The grant outlives the transfer of the holding.
    expect(await hasRight(dpr, ds.general, a.auditor)).toBe(true);
    await expectRevert(send(dpr, "holder", "revoke", id), "GrantRegistryNotHolderOrRegulator", [id, a.holder]);
    const receipt = await mined(send(dpr, "holder2", "revoke", id));
    const [log] = parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: "GrantRevoked" });
    expect(log?.args.revokedBy).toBe(a.holder2);
    expect(await hasRight(dpr, ds.general, a.auditor)).toBe(false);
  });
});

describe("GrantRegistry: unknown grant ids", () => {
  const table = ACTIONS.flatMap((action) =>
    (["regulator", "holder", "stranger"] as const).flatMap((caller) => [0n, 2n, 2n ** 255n].map((id) => ({ action, caller, id }))),
  );

  it.each(table)("refuses $action of unknown grant $id by $caller", async ({ action, caller, id }) => {
    const f = await setup();
    await grantIn(f, "ACTIVE"); // grant 1 exists; 0 and 2 do not
    await expectRevert(send(f.dpr, caller, action, id), "GrantRegistryUnknownGrant", [id]);
  });

  it.each([0n, 1n, 2n ** 256n - 1n])("getGrant reverts for unknown grant %s", async (id) => {
    const { dpr } = await setup();
    await expectRevert(dpr.read.grants.read.getGrant([id]), "GrantRegistryUnknownGrant", [id]);
  });

  it("reads the status of an unknown grant as NONE", async () => {
    const f = await setup();
    expect(await statusOf(f.dpr, 1n)).toBe(GrantStatus.NONE);
    const { id } = await grantIn(f, "ACTIVE");
    expect(await statusOf(f.dpr, id)).toBe(GrantStatus.ACTIVE);
    expect(await statusOf(f.dpr, id + 1n)).toBe(GrantStatus.NONE);
    expect(await statusOf(f.dpr, 0n)).toBe(GrantStatus.NONE);
  });

  it("reads latestGrant as zero when nothing was granted", async () => {
    const { dpr, a, ds } = await setup();
    expect(await dpr.read.grants.read.latestGrant([ds.general, a.holder2, 1])).toBe(0n);
    expect(await dpr.read.grants.read.latestGrant([h("no such dataset"), a.holder2, 1])).toBe(0n);
  });
});

describe("GrantRegistry: a regulator never clears its own organisation's grants", () => {
  it("refuses acknowledgement by a regulator of the grantee's organisation", async () => {
    const { dpr, a, ds } = await setup();
    // The cyberspace office also receives data: give its account the HOLDER role and grant it important data.
    await mined(dpr.as("admin").directory.write.setRoles([a.regulator, 0b101]));
    const { id } = await issue(dpr, "holder", { datasetId: ds.important, grantee: a.regulator, expiresAt: await later(30n * DAY) });
    expect(await statusOf(dpr, id)).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
    await expectRevert(dpr.as("regulator").grants.write.acknowledge([id, h("note")]), "GrantRegistryOwnOrganisation", [id, a.regulator]);
    expect(await statusOf(dpr, id)).toBe(GrantStatus.AWAITING_ACKNOWLEDGEMENT);
  });

  it("refuses acknowledgement by a regulator of the holder's organisation", async () => {
    const { dpr, a, ds } = await setup();
    // A second regulator account inside the holder's organisation (same legal identity).
    const inside = a.cdo;
    await mined(dpr.as("admin").directory.write.setRoles([inside, 0b110]));
    const { id } = await issue(dpr, "holder", await regulated({ datasetId: ds.general, grantee: a.holderHK, mechanism: TransferMechanism.GBA_SC_HK }));
    await expectRevert(dpr.as("cdo").grants.write.acknowledge([id, h("note")]), "GrantRegistryOwnOrganisation", [id, inside]);
    await mined(dpr.as("regulator").grants.write.acknowledge([id, h("note")]));
    expect(await statusOf(dpr, id)).toBe(GrantStatus.ACTIVE);
  });
});
