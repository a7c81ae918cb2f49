/**
 * Organisations hold, accounts act (issue 16), indexed from a real Hardhat node into PGlite and PostgreSQL:
 * the holder of a dataset is the registrant's organisation and the registrant the officer; an organisation's
 * designated key (OrganisationKeySet) shows on its accounts and in its trail; the key adds and removes
 * officers; removing the organisation's founding account keeps its record, so that its datasets still name
 * it; a loosening an officer proposes is the organisation's; suspending the organisation suspends its officers.
 * Every answer is checked against the contracts' own reads, and a reorganisation of each of these events leaves
 * the index as a fresh index of the final chain.
 */
import {
  type DprContext,
  attestOrganisationName,
  getDataset,
  grantRegistryAbi,
  parseRoles,
  participantDirectoryAbi,
  registerDataset,
  reinstateParticipant,
  removeParticipant,
  setBorderConditions,
  setParticipantMetadataURI,
  suspendParticipant,
} from "@dpr/sdk";
import { type Address, type Hex, createWalletClient, http, zeroAddress } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DevChain, startChain } from "@dpr/devnet";
import { createFixtureClient } from "../graphql/testing/harness.js";
import { createTestDatabase, testStores, type TestDatabase } from "../testing/databases.js";
import { type SyncHandle, canonicalDump, startSync } from "../testing/indexing.js";
import { MNEMONIC, type StoryChain, h, onboard, setUpChain } from "../testing/story.js";

const stores = await testStores();

let node: DevChain;
let chain: StoryChain;
/** The organisation ("holder", its founding account), its officer, its key, and what happened when. */
const story = {
  organisation: "" as Address,
  officer: "" as Address,
  key: "" as Address,
  /** Registered by the founding account itself, by the officer, and by the officer after the founding account left. */
  datasets: { byFounder: "" as Hex, byOfficer: "" as Hex, afterRemoval: "" as Hex },
  blocks: { keySet: 0, officerAdded: 0, founderRemoved: 0, keyCleared: 0, suspended: 0 },
};

const lower = (a: string) => a.toLowerCase();

/** A context for an account outside the story's cast (a fresh officer), by its mnemonic index. */
function contextOf(index: number): DprContext {
  const account = mnemonicToAccount(MNEMONIC, { addressIndex: index });
  return { ...chain.as("admin"), walletClient: createWalletClient({ chain: hardhat, transport: http(chain.url, { retryCount: 0 }), account }) };
}

/** Sends a directory call as `context`'s account, straight to the contract (what the chain emits is under test, not the SDK); returns its block. */
async function directoryCall(
  context: DprContext,
  functionName: "setOrganisationKey" | "addOfficer",
  args: readonly [Address, Address] | readonly [Address, Address, number, string],
): Promise<number> {
  const wallet = context.walletClient!;
  const hash = await wallet.writeContract({
    address: chain.deployment.contracts.directory,
    abi: participantDirectoryAbi,
    functionName,
    args: args as never,
    account: wallet.account!,
    chain: hardhat,
  });
  const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== "success") throw new Error(`${functionName} reverted`);
  return Number(receipt.blockNumber);
}

const register = async (context: DprContext, label: string, overrides: Partial<Parameters<typeof registerDataset>[1]> = {}) =>
  (
    await registerDataset(context, {
      contentHash: h(`content:${label}`),
      metadataURI: `https://data.example/${label}.json`,
      category: "public",
      grade: "general",
      sector: "transport",
      jurisdiction: "GZ",
      ...overrides,
    })
  ).datasetId;

const blockOf = async () => Number(await chain.publicClient.getBlockNumber());

beforeAll(async () => {
  node = await startChain({ kind: "hardhat" });
  chain = await setUpChain(node.url, 60);
  await onboard(chain);
  const { a } = chain;
  story.organisation = a.holder;
  story.officer = a.clerk;
  story.key = a.newAdmin;
  await attestOrganisationName(chain.as("admin"), { organisation: a.holder, name: "Suicheng Health Commission" });
  story.datasets.byFounder = await register(chain.as("holder"), "by the founding account");
  story.blocks.keySet = await directoryCall(chain.as("admin"), "setOrganisationKey", [a.holder, a.newAdmin]);
  story.blocks.officerAdded = await directoryCall(chain.as("newAdmin"), "addOfficer", [a.holder, a.clerk, parseRoles(["holder"]), "https://zone.example/clerk.json"]);
  story.datasets.byOfficer = await register(chain.as("clerk"), "by the officer", {
    borderConditions: { openness: "not-open", rights: [], granteeRegions: "same-region", purposes: [] },
  });
  // The officer proposes a loosening: the proposal is the organisation's.
  const loosened = { openness: "open", rights: ["processing-use"], granteeRegions: "gba", purposes: [100] } as const;
  expect((await setBorderConditions(chain.as("clerk"), { datasetId: story.datasets.byOfficer, conditions: loosened })).outcome).toBe("proposed");
  // The key removes the organisation's founding account: the organisation, and what it holds, stay.
  await removeParticipant(chain.as("newAdmin"), { account: a.holder, reasonHash: h("left") });
  story.blocks.founderRemoved = await blockOf();
  story.datasets.afterRemoval = await register(chain.as("clerk"), "after the founding account left");
  story.blocks.keyCleared = await directoryCall(chain.as("admin"), "setOrganisationKey", [a.holder, zeroAddress]);
  // The discipline office suspends the organisation (its own address), then reinstates it.
  await suspendParticipant(chain.as("admin"), { account: a.holder, reasonHash: h("audit") });
  story.blocks.suspended = await blockOf();
  await reinstateParticipant(chain.as("admin"), { account: a.holder, reasonHash: h("audited") });
}, 180_000);

afterAll(async () => {
  await node?.stop();
});

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(stores)("organisations hold, accounts act, indexed into %s", (kind) => {
  let database: TestDatabase;
  let handle: SyncHandle;

  const caughtUp = async () => {
    const head = await blockOf();
    await until(() => handle.sync.status.indexedBlock() === head && handle.sync.status.isReady(), `the index to reach block ${head}`);
  };
  const graphql = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await createFixtureClient(handle.db).query<T>(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const directory = () => ({ address: chain.deployment.contracts.directory, abi: participantDirectoryAbi }) as const;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    handle = await startSync(database, node.url, chain.deployment, { finalityDepth: 64, initialRange: 4, maxRange: 8 });
    await caughtUp();
  }, 120_000);

  afterAll(async () => {
    await handle?.close();
    await database?.drop();
  });

  it("names the officer's organisation as the holder and the officer as the registrant", async () => {
    const { datasets } = await graphql<{ datasets: { items: Record<string, unknown>[] } }>(
      `query ($ids: [ID!]) { datasets(where: { id_in: $ids }, orderBy: registeredBlock) {
        items { id holderAddress registrantAddress holder { id organisation } registrant { id organisation addedBy } }
      } }`,
      { ids: Object.values(story.datasets) },
    );
    const organisation = lower(story.organisation);
    const officer = { id: lower(story.officer), organisation, addedBy: lower(story.key) };
    expect(datasets.items).toEqual([
      { id: story.datasets.byFounder, holderAddress: organisation, registrantAddress: organisation, holder: { id: organisation, organisation }, registrant: { id: organisation, organisation, addedBy: lower(chain.a.admin) } },
      { id: story.datasets.byOfficer, holderAddress: organisation, registrantAddress: officer.id, holder: { id: organisation, organisation }, registrant: officer },
      { id: story.datasets.afterRemoval, holderAddress: organisation, registrantAddress: officer.id, holder: { id: organisation, organisation }, registrant: officer },
    ]);
    for (const id of Object.values(story.datasets)) {
      expect(lower((await getDataset({ publicClient: chain.publicClient, deployment: chain.deployment }, { datasetId: id }))!.holder)).toBe(organisation);
    }
    // Only the registrant filter finds the officer's registrations: the organisation holds them.
    const { mine, held } = await graphql<{ mine: { items: { id: string }[] }; held: { items: { id: string }[] } }>(
      `query ($officer: Bytes, $organisation: Bytes) {
        mine: datasets(where: { registrant: $officer }) { items { id } }
        held: datasets(where: { holder: $organisation }) { items { id } }
      }`,
      { officer: story.officer, organisation: story.organisation },
    );
    expect(mine.items.map((d) => d.id)).toEqual([story.datasets.byOfficer, story.datasets.afterRemoval]);
    expect(held.items).toHaveLength(3);
    // The trail: the officer acted, about its organisation (and a derivation would name the registrant too).
    const [registered] = await handle.db.query<{ actor: string; participant: string }>(
      "select actor, participant from events where name = 'DatasetRegistered' and dataset_id = $1",
      [story.datasets.byOfficer],
    );
    expect(registered).toEqual({ actor: officer.id, participant: organisation });
  });

  it("keeps the loosening an officer proposed as its organisation's proposal, as the registry does", async () => {
    const proposal = await chain.publicClient.readContract({
      address: chain.deployment.contracts.grants,
      abi: grantRegistryAbi,
      functionName: "proposedBorderConditionsOf",
      args: [story.datasets.byOfficer],
    });
    expect(proposal.proposedAt).toBeGreaterThan(0);
    const { dataset } = await graphql<{ dataset: { conditions: Record<string, unknown> } }>(
      "query ($id: ID!) { dataset(id: $id) { conditions { openness proposed { openness rights proposedAt } } } }",
      { id: story.datasets.byOfficer },
    );
    expect(dataset.conditions).toEqual({
      openness: "not-open",
      proposed: { openness: "open", rights: ["processing-use"], proposedAt: String(proposal.proposedAt) },
    });
  });

  it("keeps a removed founding account as the organisation's record: its datasets still name it, and it shows removed", async () => {
    const onChain = await chain.publicClient.readContract({ ...directory(), functionName: "getParticipant", args: [story.organisation] });
    expect(onChain.removed).toBe(true);
    const { participant, dataset } = await graphql<{ participant: Record<string, unknown>; dataset: Record<string, unknown> }>(
      `query ($organisation: ID!, $dataset: ID!) {
        participant(id: $organisation) {
          removed removal { removedBy blockNumber } jurisdiction roles suspended name
          officers { items { id } } everyOfficer: officers(removed: true) { items { id removed } }
          datasets { items { id } }
        }
        dataset(id: $dataset) { holder { id removed name jurisdiction } }
      }`,
      { organisation: story.organisation, dataset: story.datasets.afterRemoval },
    );
    expect(participant).toEqual({
      removed: true,
      removal: { removedBy: lower(story.key), blockNumber: String(story.blocks.founderRemoved) },
      jurisdiction: "gz",
      roles: ["holder"],
      suspended: onChain.suspended,
      name: "Suicheng Health Commission",
      officers: { items: [{ id: lower(story.officer) }] },
      everyOfficer: { items: [{ id: lower(story.organisation), removed: true }, { id: lower(story.officer), removed: false }] },
      datasets: { items: [story.datasets.afterRemoval, story.datasets.byOfficer, story.datasets.byFounder].map((id) => ({ id })) },
    });
    expect(dataset.holder).toEqual({ id: lower(story.organisation), removed: true, name: "Suicheng Health Commission", jurisdiction: "gz" });
    // Before the removal the founding account was one of its officers; an officer's own address lists none.
    const { before, officer } = await graphql<{ before: Record<string, unknown>; officer: Record<string, unknown> }>(
      `query ($organisation: ID!, $officer: ID!, $block: Int!) {
        before: participant(id: $organisation, block: { number: $block }) { removed officers { items { id } } }
        officer: participant(id: $officer) { officers { items { id } } }
      }`,
      { organisation: story.organisation, officer: story.officer, block: story.blocks.founderRemoved - 1 },
    );
    expect(before).toEqual({ removed: false, officers: { items: [{ id: lower(story.organisation) }, { id: lower(story.officer) }] } });
    expect(officer).toEqual({ officers: null });
  });

  it("shows the organisation's key on its accounts while it is designated, as the directory has it, and puts it in the trail", async () => {
    const read = async (account: Address, block: number) => {
      const chainKey = await chain.publicClient.readContract({ ...directory(), functionName: "organisationKeyOf", args: [story.organisation], blockNumber: BigInt(block) });
      const { participant } = await graphql<{ participant: { organisationKey: string | null } | null }>(
        "query ($id: ID!, $block: Int!) { participant(id: $id, block: { number: $block }) { organisationKey } }",
        { id: account, block },
      );
      return { chain: chainKey === zeroAddress ? null : lower(chainKey), index: participant?.organisationKey };
    };
    const key = lower(story.key);
    expect(await read(story.organisation, story.blocks.keySet - 1)).toEqual({ chain: null, index: null });
    expect(await read(story.organisation, story.blocks.keySet)).toEqual({ chain: key, index: key });
    // The officer the key added carries its organisation's key, until the key is cleared.
    expect(await read(story.officer, story.blocks.officerAdded)).toEqual({ chain: key, index: key });
    expect(await read(story.officer, story.blocks.keyCleared - 1)).toEqual({ chain: key, index: key });
    expect(await read(story.officer, story.blocks.keyCleared)).toEqual({ chain: null, index: null });
    expect(await read(story.organisation, story.blocks.keyCleared)).toEqual({ chain: null, index: null });

    const { keyed, cleared, events } = await graphql<{
      keyed: { items: unknown[] };
      cleared: { items: unknown[] };
      events: { items: Record<string, unknown>[] };
    }>(
      `query ($organisation: Bytes, $key: Bytes, $block: Int!) {
        keyed: participants(where: { organisationKey: $key }, block: { number: $block }) { items { id } }
        cleared: participants(where: { organisationKey: $key }) { items { id } }
        events(where: { participant: $organisation, name_in: ["OrganisationKeySet", "ParticipantAdded", "ParticipantRemoved"] }) {
          items { name actor participant args }
        }
      }`,
      { organisation: story.organisation, key: story.key, block: story.blocks.officerAdded },
    );
    expect(keyed.items).toEqual([{ id: lower(story.organisation) }, { id: lower(story.officer) }]);
    expect(cleared.items).toEqual([]);
    const admin = lower(chain.a.admin);
    expect(events.items.map(({ name, actor, participant }) => ({ name, actor, participant }))).toEqual([
      { name: "ParticipantAdded", actor: admin, participant: lower(story.organisation) },
      { name: "OrganisationKeySet", actor: admin, participant: lower(story.organisation) },
      { name: "ParticipantRemoved", actor: key, participant: lower(story.organisation) },
      { name: "OrganisationKeySet", actor: admin, participant: lower(story.organisation) },
    ]);
    expect(events.items[3]!.args).toMatchObject({ organisation: lower(story.organisation), key: zeroAddress, setBy: admin });
    // The officer's onboarding names the key as who added it.
    const [added] = await handle.db.query<{ actor: string; participant: string }>(
      "select actor, participant from events where name = 'ParticipantAdded' and participant = $1",
      [lower(story.officer)],
    );
    expect(added).toEqual({ actor: key, participant: lower(story.officer) });
  });

  it("shows an officer suspended while its organisation is, as the directory reads it", async () => {
    const read = async (block: number) => {
      const onChain = await chain.publicClient.readContract({ ...directory(), functionName: "getParticipant", args: [story.officer], blockNumber: BigInt(block) });
      const { officer, suspended } = await graphql<{ officer: { suspended: boolean }; suspended: { items: { id: string }[] } }>(
        `query ($officer: ID!, $block: Int!) {
          officer: participant(id: $officer, block: { number: $block }) { suspended }
          suspended: participants(where: { suspended: true }, block: { number: $block }) { items { id } }
        }`,
        { officer: story.officer, block },
      );
      return { chain: onChain.suspended, index: officer.suspended, listed: suspended.items.map((p) => p.id) };
    };
    expect(await read(story.blocks.suspended)).toEqual({ chain: true, index: true, listed: [lower(story.organisation), lower(story.officer)] });
    expect(await read(story.blocks.suspended - 1)).toEqual({ chain: false, index: false, listed: [] });
    expect(await read(story.blocks.suspended + 1)).toEqual({ chain: false, index: false, listed: [] });
  });

  it("rolls back every new event in a reorganisation: key set, officer added by the key, registration by an officer, founding account removed and added again", async () => {
    const { a } = chain;
    const organisation = lower(a.holder2);
    const newcomer = contextOf(12);
    const officer = newcomer.walletClient!.account!.address;
    const query = `query ($organisation: ID!, $officer: ID!, $dataset: ID!) {
      organisation: participant(id: $organisation) { removed name organisationKey officers { items { id } } }
      officer: participant(id: $officer) { organisation organisationKey }
      dataset(id: $dataset) { holderAddress registrantAddress }
    }`;
    const snapshot = await chain.testClient.snapshot();
    const fork = await blockOf();
    let datasetId: Hex;
    try {
      // The newcomer is funded in the branch too: everything here is reorganised away.
      const admin = chain.as("admin").walletClient!;
      await chain.publicClient.waitForTransactionReceipt({
        hash: await admin.sendTransaction({ to: officer, value: 10n ** 18n, chain: hardhat, account: admin.account! }),
      });
      await attestOrganisationName(chain.as("admin"), { organisation: a.holder2, name: "Suicheng Transport Bureau" });
      await directoryCall(chain.as("admin"), "setOrganisationKey", [a.holder2, a.newAdmin]);
      await directoryCall(chain.as("newAdmin"), "addOfficer", [a.holder2, officer, parseRoles(["holder"]), "https://zone.example/newcomer.json"]);
      datasetId = await register(newcomer, `reorganised on ${kind}`);
      await removeParticipant(chain.as("newAdmin"), { account: a.holder2, reasonHash: h("left") });
      // The key brings the founding account back into its organisation: the same record, reset, its name and key kept.
      await directoryCall(chain.as("newAdmin"), "addOfficer", [a.holder2, a.holder2, parseRoles(["holder"]), "https://zone.example/holder2.json"]);
      await caughtUp();

      const variables = { organisation, officer, dataset: datasetId };
      expect(await graphql(query, variables)).toEqual({
        organisation: {
          removed: false,
          name: "Suicheng Transport Bureau",
          organisationKey: lower(a.newAdmin),
          // By the block each was added in: the founding account came back last.
          officers: { items: [{ id: lower(officer) }, { id: organisation }] },
        },
        officer: { organisation, organisationKey: lower(a.newAdmin) },
        dataset: { holderAddress: organisation, registrantAddress: lower(officer) },
      });
      const onChain = await chain.publicClient.readContract({ ...directory(), functionName: "getParticipant", args: [a.holder2] });
      expect(onChain.removed).toBe(false);
    } finally {
      // Another history replaces the branch (also when it failed, so that the next store starts from the same chain).
      await chain.testClient.revert({ id: snapshot });
    }

    // …one block longer: two changes of the organisation's profile, then empty blocks.
    await setParticipantMetadataURI(chain.as("admin"), { account: a.holder2, metadataURI: `https://zone.example/holder2-${kind}.json` });
    await setParticipantMetadataURI(chain.as("admin"), { account: a.holder2, metadataURI: `https://zone.example/holder2-${kind}-2.json` });
    // One at a time: after a revert, a multi-block hardhat_mine served blocks whose parent hashes did not link up.
    for (let i = 0; i < 8; i++) await chain.testClient.mine({ blocks: 1 });
    await caughtUp();

    expect(await graphql(query, { organisation, officer, dataset: datasetId })).toEqual({
      organisation: { removed: false, name: null, organisationKey: null, officers: { items: [{ id: organisation }] } },
      officer: null,
      dataset: null,
    });
    const [{ count } = { count: -1 }] = await handle.db.query<{ count: number }>(
      "select count(*)::int8 as count from events where block_number > $1 and name in ('OrganisationKeySet', 'ParticipantRemoved', 'DatasetRegistered')",
      [fork],
    );
    expect(count).toBe(0);
    expect((await handle.metrics.reorgs.get()).values[0]?.value).toBeGreaterThan(0);
    const fresh = await createTestDatabase(kind);
    const other = await startSync(fresh, node.url, chain.deployment, { finalityDepth: 64 });
    try {
      const head = await blockOf();
      await until(() => other.sync.status.indexedBlock() === head && other.sync.status.isReady(), "a fresh index");
      expect(await canonicalDump(handle.db)).toEqual(await canonicalDump(other.db));
    } finally {
      await other.close();
      await fresh.drop();
    }
  }, 120_000);
});
