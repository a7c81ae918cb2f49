/**
 * The fixture shared by the GrantRegistry tests: the DPR cast, four extra holders (a mainland
 * participant outside the GBA's cities, MAINLAND_OTHER; two established elsewhere, OTHER; and the Hong Kong
 * branch of `holder`'s GZ organisation), and a confirmed dataset for each route the cross-border rules
 * distinguish. A holder registers data as held in its own account's jurisdiction, so each dataset is
 * registered by a holder onboarded where the data is held.
 */
import { type Address, type Hex, getAddress, parseEventLogs, slice, zeroAddress } from "viem";
import { Category, type DatasetStatus, Grade, GrantStatus, Jurisdiction, Right, TransferMechanism, grantRegistryAbi } from "@dpr/sdk";
import { increaseTime, loadFixture, now, publicClient, testClient } from "./helpers/chain.js";
import {
  type Actor,
  type Dpr,
  type GrantInput,
  NOTICE_PERIOD,
  deployDpr,
  expectRevert,
  grantRequest,
  h,
  mined,
  register,
  registerConfirmed,
  registration,
  roles,
} from "./helpers/dpr.js";

/** Every piece of evidence, so that a test can leave out exactly one. */
export const FULL_EVIDENCE = {
  contractHash: h("evidence:contract"),
  impactAssessmentHash: h("evidence:impact-assessment"),
  consentRecordsRoot: h("evidence:consent-records"),
  filingRef: h("evidence:filing"),
} as const;

/** A deterministic address for one of the fixture's extra participants. */
function extraAddress(label: string): Address {
  return getAddress(slice(h(`address:${label}`), 12));
}

/** The fixture's holders beyond the cast, each onboarded by the admin in its own jurisdiction. */
export type Extra = "mainlandOther" | "overseas" | "holderOverseas" | "holderBranchHK";

export interface GrantFixture {
  dpr: Dpr;
  /** Checksummed addresses (what viem decodes from events and errors), extra participants included. */
  a: Record<Actor | Extra, Address>;
  /** Datasets, all CONFIRMED when the fixture loads. */
  ds: {
    /** General non-personal data held in GZ by `holder`. */
    general: Hex;
    /** Personal data held in GZ by `holder`. */
    personal: Hex;
    /** Important (non-personal) data held in GZ by `holder`. */
    important: Hex;
    /** General data held in MAINLAND_OTHER by `mainlandOther`. */
    mainlandOther: Hex;
    /**
     * General data held in HK by `holderBranchHK`, the HK account of `holder`'s GZ organisation: the data's
     * jurisdiction decides, not the organisation's.
     */
    heldInHK: Hex;
    /** General data held in HK by `holderHK`. */
    hk: Hex;
    /** Personal data held in HK by `holderHK`. */
    hkPersonal: Hex;
    /** General data held in MO by `holderMO`. */
    mo: Hex;
    /** General data held elsewhere (OTHER) by `holderOverseas`. */
    elsewhere: Hex;
  };
}

async function grantFixture(): Promise<GrantFixture> {
  const dpr = await deployDpr();
  // Hardhat's 12 unlocked accounts are the cast's: the extra holders that sign are impersonated addresses.
  // `overseas` only ever receives grants, which need no signature from the grantee.
  const extra = Object.fromEntries(
    (["mainlandOther", "overseas", "holderOverseas", "holderBranchHK"] as const).map((name) => [name, extraAddress(name)]),
  ) as Record<Extra, Address>;
  for (const name of ["mainlandOther", "holderOverseas", "holderBranchHK"] as const) {
    await testClient.impersonateAccount({ address: extra[name] });
    await testClient.setBalance({ address: extra[name], value: 10n ** 21n });
  }
  const { mainlandOther, holderOverseas, holderBranchHK } = extra;
  const onboard: [Extra, Jurisdiction, string][] = [
    ["mainlandOther", Jurisdiction.MAINLAND_OTHER, "sh-research-institute"],
    ["overseas", Jurisdiction.OTHER, "sg-analytics"],
    ["holderOverseas", Jurisdiction.OTHER, "uk-biobank"],
    // Same legal identity as `holder`: an account of its organisation, onboarded in Hong Kong.
    ["holderBranchHK", Jurisdiction.HK, "gz-health-commission"],
  ];
  for (const [name, jurisdiction, legalId] of onboard) {
    await mined(
      dpr.as("admin").directory.write.addParticipant([
        extra[name],
        jurisdiction,
        roles("HOLDER"),
        h(`legal-id:${legalId}`),
        `https://zone.example/participants/${name}.json`,
      ]),
    );
  }
  const a = Object.fromEntries(
    [...Object.entries(dpr.a), ...Object.entries(extra)].map(([name, address]) => [name, getAddress(address)]),
  ) as GrantFixture["a"];
  const personal = { category: Category.PERSONAL, containsPersonalData: true } as const;
  const ds = {
    general: await registerConfirmed(dpr, "general"),
    personal: await registerConfirmed(dpr, "personal", personal),
    important: await registerConfirmed(dpr, "important", { category: Category.ENTERPRISE, grade: Grade.IMPORTANT }),
    mainlandOther: await registerConfirmed(dpr, "mainland-other", { jurisdiction: Jurisdiction.MAINLAND_OTHER }, mainlandOther),
    heldInHK: await registerConfirmed(dpr, "held-in-hk", { jurisdiction: Jurisdiction.HK }, holderBranchHK),
    hk: await registerConfirmed(dpr, "hk", { jurisdiction: Jurisdiction.HK }, "holderHK"),
    hkPersonal: await registerConfirmed(dpr, "hk-personal", { ...personal, jurisdiction: Jurisdiction.HK }, "holderHK"),
    mo: await registerConfirmed(dpr, "mo", { jurisdiction: Jurisdiction.MO }, "holderMO"),
    elsewhere: await registerConfirmed(dpr, "elsewhere", { jurisdiction: Jurisdiction.OTHER }, holderOverseas),
  };
  await increaseTime(NOTICE_PERIOD);
  return { dpr, a, ds };
}

/** Loads the fixture from its snapshot. */
export async function setup(): Promise<GrantFixture> {
  return loadFixture(grantFixture);
}

/** The unix time `seconds` after the latest block. */
export async function later(seconds: bigint): Promise<bigint> {
  return (await now()) + seconds;
}

/** Mines the next block at exactly `timestamp`. */
export async function mineAt(timestamp: bigint): Promise<void> {
  await testClient.setNextBlockTimestamp({ timestamp });
  await testClient.mine({ blocks: 1 });
}

/** Grants as `actor` (a cast name or an account), asserts success, and returns the new grant's id and its GrantIssued event. */
export async function issue(dpr: Dpr, actor: Actor | Address, input: GrantInput) {
  const receipt = await mined(dpr.as(actor).grants.write.grant([grantRequest(input)]));
  const [event, ...others] = parseEventLogs({ abi: grantRegistryAbi, logs: receipt.logs, eventName: "GrantIssued" });
  if (!event || others.length !== 0) throw new Error("expected exactly one GrantIssued event");
  const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber });
  return { id: event.args.grantId, event: event.args, receipt, timestamp: block.timestamp };
}

/** Expects `actor`'s grant of `input` to revert with `errorName` and exactly `args`. */
export async function expectGrantRevert(
  dpr: Dpr,
  actor: Actor | Address,
  input: GrantInput,
  errorName: string,
  args: readonly unknown[],
): Promise<void> {
  await expectRevert(dpr.as(actor).grants.write.grant([grantRequest(input)]), errorName, args);
}

/** A grant input for a cross-border or otherwise regulated grant: every piece of evidence, a 30-day expiry. */
export async function regulated(
  input: GrantInput & { mechanism: TransferMechanism },
  omit: (keyof typeof FULL_EVIDENCE)[] = [],
): Promise<GrantInput> {
  const evidence: Record<string, Hex> = { ...FULL_EVIDENCE };
  for (const field of omit) evidence[field] = `0x${"0".repeat(64)}`;
  return { expiresAt: await later(30n * 24n * 3600n), ...input, evidence: { ...evidence, ...input.evidence } };
}

/** Reads a grant's status. */
export async function statusOf(dpr: Dpr, grantId: bigint): Promise<GrantStatus> {
  return (await dpr.read.grants.read.grantStatus([grantId])) as GrantStatus;
}

/** Reads hasRight. */
export async function hasRight(dpr: Dpr, datasetId: Hex, account: Address, right: Right = Right.PROCESSING_USE): Promise<boolean> {
  return dpr.read.grants.read.hasRight([datasetId, account, right]);
}

export { GrantStatus, Right, TransferMechanism };

/**
 * A dataset in each status but CONFIRMED, made from the fixture (`general` is its confirmed general dataset, past
 * notice): nothing is granted on any of them and none confers a right.
 */
export const NOT_CONFIRMED: { status: keyof typeof DatasetStatus; make: (dpr: Dpr, general: Hex) => Promise<Hex> }[] = [
  { status: "PENDING", make: (dpr) => register(dpr, "holder", registration("pending")) },
  { status: "NOTICE", make: (dpr) => registerConfirmed(dpr, "in-notice") },
  {
    status: "DISPUTED",
    make: async (dpr) => {
      const id = await registerConfirmed(dpr, "disputed");
      await mined(dpr.as("holder2").datasets.write.object([id, h("evidence")]));
      return id;
    },
  },
  {
    status: "REJECTED",
    make: async (dpr) => {
      const id = await registerConfirmed(dpr, "rejected");
      await mined(dpr.as("holder2").datasets.write.object([id, h("evidence")]));
      await mined(dpr.as("regulator").datasets.write.resolve([id, true, zeroAddress, h("decision")]));
      return id;
    },
  },
  {
    status: "FROZEN",
    make: async (dpr, general) => {
      await mined(dpr.as("regulator").datasets.write.freeze([general, h("reason")]));
      return general;
    },
  },
  {
    status: "RETIRED",
    make: async (dpr, general) => {
      await mined(dpr.as("holder").datasets.write.retire([general]));
      return general;
    },
  },
  {
    status: "REFUSED",
    make: async (dpr) => {
      const id = await register(dpr, "holder", registration("refused"));
      await mined(dpr.as("registrar").datasets.write.refuse([id, h("reasons")]));
      return id;
    },
  },
  {
    status: "WITHDRAWN",
    make: async (dpr) => {
      const id = await registerConfirmed(dpr, "withdrawn");
      await mined(dpr.as("holder").datasets.write.withdraw([id]));
      return id;
    },
  },
  {
    status: "REVOKED",
    make: async (dpr, general) => {
      // registrar confirmed it: registrar2, of none of the organisations concerned, decides alone on general data.
      await mined(dpr.as("registrar2").datasets.write.correct([general, zeroAddress, h("revoked")]));
      return general;
    },
  },
];
