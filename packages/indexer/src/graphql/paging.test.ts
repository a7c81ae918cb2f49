import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores } from "../testing/databases.js";
import { BULK, bulkDataset, bulkParticipant, writeBulk } from "./testing/bulk.js";
import { CROWD_CHECKPOINT, type Crowd, type CrowdItem, writeCrowd } from "./testing/crowd.js";
import { type FixtureClient, type FixtureDb, type GraphqlResponse, createFixtureClient, createFixtureDb } from "./testing/harness.js";
import { blockTime } from "./testing/writer.js";

type Item = Record<string, unknown>;
type Key = (item: Item) => (number | bigint | string)[];

const num = (value: unknown) => Number(value);
const GRADE_RANK: Record<string, number> = { general: 1, important: 2, core: 3 };

/** Each root list, its orderings, the fields a page reads, and each ordering's key (ending with the tie-breaker). */
const LISTS: { field: string; total: number; fields: string; orderings: Record<string, Key> }[] = [
  {
    field: "datasets",
    total: BULK.datasets,
    fields: "id registeredBlock registeredAt updatedBlock sector grade status version",
    orderings: {
      id: (d) => [String(d.id)],
      registeredBlock: (d) => [num(d.registeredBlock), String(d.id)],
      registeredAt: (d) => [num(d.registeredAt), String(d.id)],
      updatedBlock: (d) => [num(d.updatedBlock), String(d.id)],
      sector: (d) => [num(d.sector), String(d.id)],
      grade: (d) => [GRADE_RANK[String(d.grade)]!, String(d.id)],
      status: (d) => [String(d.status), String(d.id)],
      version: (d) => [num(d.version), String(d.id)],
    },
  },
  {
    field: "participants",
    total: BULK.participants,
    fields: "id addedBlock addedAt jurisdiction",
    orderings: {
      id: (p) => [String(p.id)],
      addedBlock: (p) => [num(p.addedBlock), String(p.id)],
      addedAt: (p) => [num(p.addedAt), String(p.id)],
      jurisdiction: (p) => [String(p.jurisdiction), String(p.id)],
    },
  },
  {
    field: "grants",
    total: BULK.grants,
    fields: "id issuedBlock issuedAt expiresAt updatedBlock",
    orderings: {
      id: (g) => [BigInt(String(g.id))],
      issuedBlock: (g) => [num(g.issuedBlock), BigInt(String(g.id))],
      issuedAt: (g) => [num(g.issuedAt), BigInt(String(g.id))],
      expiresAt: (g) => [num(g.expiresAt), BigInt(String(g.id))],
      updatedBlock: (g) => [num(g.updatedBlock), BigInt(String(g.id))],
    },
  },
  {
    field: "anchors",
    total: BULK.anchors,
    fields: "id blockNumber leafCount totalBytes",
    orderings: {
      id: (a) => [String(a.id)],
      blockNumber: (a) => [num(a.blockNumber), String(a.id)],
      leafCount: (a) => [num(a.leafCount), String(a.id)],
      totalBytes: (a) => [BigInt(String(a.totalBytes)), String(a.id)],
    },
  },
  {
    field: "events",
    total: BULK.participants + BULK.datasets + BULK.grants + BULK.anchors,
    fields: "id blockNumber logIndex timestamp",
    orderings: {
      blockNumber: (e) => [num(e.blockNumber), num(e.logIndex)],
      timestamp: (e) => [num(e.timestamp), num(e.blockNumber), num(e.logIndex)],
    },
  },
];

function compareKeys(a: readonly (number | bigint | string)[], b: readonly (number | bigint | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return -1;
    if (a[i]! > b[i]!) return 1;
  }
  return 0;
}

const cases = LISTS.flatMap((list) =>
  Object.keys(list.orderings).flatMap((orderBy) => (["asc", "desc"] as const).map((direction) => [list.field, orderBy, direction] as const)),
);

describe.each(await testStores())("GraphQL paging (%s)", (kind) => {
  let fixture: FixtureDb;
  let api: FixtureClient;

  beforeAll(async () => {
    fixture = await createFixtureDb(kind, writeBulk);
    api = createFixtureClient(fixture.db, { now: blockTime(BULK.checkpoint) });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  /** Every item of a list, following endCursor with pages of `first`. */
  async function readAll(field: string, fields: string, orderBy: string, direction: string, first: number): Promise<{ items: Item[]; pages: number }> {
    const items: Item[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      type ListPage = { items: Item[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      const response: GraphqlResponse<Record<string, ListPage>> = await api.query(
        `query($first: Int, $after: String) { page: ${field}(orderBy: ${orderBy}, orderDirection: ${direction}, first: $first, after: $after) { items { ${fields} } pageInfo { hasNextPage endCursor } } }`,
        { first, after },
      );
      expect(response.errors).toBeUndefined();
      const page: ListPage = response.data!.page!;
      items.push(...page.items);
      pages++;
      if (!page.pageInfo.hasNextPage) {
        // The last page says so, and its cursor still points at its last row.
        expect(page.items.length).toBeGreaterThan(0);
        return { items, pages };
      }
      expect(page.items).toHaveLength(first);
      after = page.pageInfo.endCursor;
      expect(after).toEqual(expect.any(String));
      if (pages > 1000) throw new Error("paging does not end");
    }
  }

  it.each(cases)("pages through %s ordered by %s %s without skipping or repeating a row", async (field, orderBy, direction) => {
    const list = LISTS.find((l) => l.field === field)!;
    const key = list.orderings[orderBy]!;
    const reference = await readAll(field, list.fields, orderBy, direction, 1000);
    const paged = await readAll(field, list.fields, orderBy, direction, 37);

    expect(reference.items).toHaveLength(list.total);
    expect(new Set(reference.items.map((i) => String(i.id))).size).toBe(list.total);
    expect(paged.pages).toBe(Math.ceil(list.total / 37));
    expect(paged.items.map((i) => i.id)).toEqual(reference.items.map((i) => i.id));
    // Ordered by the key, then by the tie-breaker, in the requested direction.
    const sign = direction === "asc" ? 1 : -1;
    for (let i = 1; i < paged.items.length; i++) {
      expect(sign * compareKeys(key(paged.items[i - 1]!), key(paged.items[i]!)), `${field} ${orderBy} ${direction} at ${i}`).toBe(-1);
    }
  });

  it("orders keys that repeat: many datasets share each registration block", async () => {
    const response = await api.query<{ datasets: { items: Item[] } }>("{ datasets(first: 1000) { items { registeredBlock } } }");
    expect(new Set(response.data!.datasets.items.map((d) => d.registeredBlock)).size).toBe(BULK.datasets / 50);
  });

  it("pages a nested list: a batch's files, and a participant's datasets newest first", async () => {
    type FilesPage = { items: { path: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const files: string[] = [];
    let after: string | null = null;
    do {
      const response: GraphqlResponse<{ anchors: { items: { files: FilesPage }[] } }> = await api.query(
          `query($after: String) { anchors(where: { leafCount_lt: 20, blockNumber_lte: 40 }, orderBy: id) { items { files(first: 4, after: $after) { items { path } pageInfo { hasNextPage endCursor } } } } }`,
          { after },
        );
      const withFiles: { files: FilesPage } = response.data!.anchors.items.find((a) => a.files.items.length > 0)!;
      files.push(...withFiles.files.items.map((f) => f.path));
      after = withFiles.files.pageInfo.hasNextPage ? withFiles.files.pageInfo.endCursor : null;
    } while (after);
    expect(files).toEqual(Array.from({ length: 25 }, (_, f) => `files/${String(f).padStart(3, "0")}.bin`));

    const holder = bulkParticipant(0);
    const held: { id: string; registeredBlock: string }[] = [];
    let cursor: string | null = null;
    do {
      const response: GraphqlResponse<{ participant: { datasets: { items: { id: string; registeredBlock: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } }> =
        await api.query(`query($id: ID!, $after: String) { participant(id: $id) { datasets(first: 2, after: $after) { items { id registeredBlock } pageInfo { hasNextPage endCursor } } } }`, {
          id: holder,
          after: cursor,
        });
      const page: { items: { id: string; registeredBlock: string }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } = response.data!.participant.datasets;
      held.push(...page.items);
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (cursor);
    const expected = Array.from({ length: BULK.datasets / BULK.participants }, (_, k) => k * BULK.participants);
    expect(held.map((d) => d.id).sort()).toEqual(expected.map(bulkDataset).sort());
    expect(held.map((d) => Number(d.registeredBlock))).toEqual([...held.map((d) => Number(d.registeredBlock))].sort((a, b) => b - a));
  });

  it("answers a page of 1000 grants with their datasets, holders and events in a fixed number of statements", async () => {
    const query = `query($first: Int) { grants(first: $first) { items { id grantee { id suspended } dataset { id status holder { id organisation } } events(first: 2) { items { id name } } } } }`;
    const counted = async (first: number) => {
      const before = api.statements.count;
      const response = await api.query<{ grants: { items: Item[] } }>(query, { first });
      expect(response.errors).toBeUndefined();
      expect(response.data!.grants.items).toHaveLength(first);
      return api.statements.count - before;
    };
    const forTen = await counted(10);
    const forThousand = await counted(1000);
    // The checkpoint, the grants, their grantees, their datasets, the datasets' holders (none when
    // the grantees' loads already cached them all) and the events; on PostgreSQL also the request's
    // begin, settings and commit.
    const bound = kind === "postgres" ? 9 : 6;
    expect(forTen).toBeLessThanOrEqual(bound);
    expect(forThousand).toBeLessThanOrEqual(forTen);
  });

  it("filters a large list with _in and a nested or, and pages the result", async () => {
    const holders = [bulkParticipant(1), bulkParticipant(2)];
    const response = await api.query<{ datasets: { items: { holderAddress: string; sector: number }[] } }>(
      `query($holders: [Bytes!]) { datasets(first: 1000, where: { holder_in: $holders, or: [{ sector: 1 }, { sector: 2 }] }) { items { holderAddress sector } } }`,
      { holders },
    );
    const expected = Array.from({ length: BULK.datasets }, (_, i) => i).filter((i) => holders.includes(bulkParticipant(i % BULK.participants)) && [1, 2].includes(i % 7));
    expect(response.data!.datasets.items).toHaveLength(expected.length);
    expect(response.data!.datasets.items.every((d) => holders.includes(d.holderAddress) && [1, 2].includes(d.sector))).toBe(true);
  });
});

/** A nested page of the crowd fixture: the query of one page (aliased `root` and `list`), and an item's key. */
interface NestedList {
  name: string;
  query: (crowd: Crowd) => string;
  key: (item: Item) => string;
  expected: (crowd: Crowd) => CrowdItem[];
  /** A block inside the list's history, where only part of it exists. */
  pastBlock: number;
}

const PAGE_FIELDS = "pageInfo { hasNextPage endCursor }";
const VARIABLES = "$first: Int, $after: String, $block: Block_height";
const onDataset = (field: string, fields: string) => (crowd: Crowd) =>
  `query(${VARIABLES}) { root: dataset(id: "${crowd.root}", block: $block) { list: ${field}(first: $first, after: $after) { items { ${fields} } ${PAGE_FIELDS} } } }`;

const NESTED: NestedList[] = [
  { name: "Dataset.versions", query: onDataset("versions", "id"), key: (i) => String(i.id), expected: (c) => c.versions, pastBlock: 7 },
  { name: "Dataset.confirmations", query: onDataset("confirmations", "id"), key: (i) => String(i.id), expected: (c) => c.confirmations, pastBlock: 13 },
  { name: "Dataset.objections", query: onDataset("objections", "id"), key: (i) => String(i.id), expected: (c) => c.objections, pastBlock: 18 },
  { name: "Dataset.transfers", query: onDataset("transfers", "id"), key: (i) => String(i.id), expected: (c) => c.transfers, pastBlock: 22 },
  { name: "Dataset.children", query: onDataset("children", "child { id }"), key: (i) => String((i.child as Item).id), expected: (c) => c.children, pastBlock: 34 },
  {
    name: "Participant.organisationAccounts",
    query: (crowd) =>
      `query(${VARIABLES}) { root: participant(id: "${crowd.owner}", block: $block) { list: organisationAccounts(first: $first, after: $after) { items { id } ${PAGE_FIELDS} } } }`,
    key: (i) => String(i.id),
    expected: (c) => c.organisationAccounts,
    pastBlock: 2,
  },
  {
    name: "Verification.anchoredIn",
    query: (crowd) =>
      `query(${VARIABLES}) { root: verify(contentHash: "${crowd.sharedContent}", block: $block) { list: anchoredIn(first: $first, after: $after) { items { anchor { id } path } ${PAGE_FIELDS} } } }`,
    key: (i) => `${(i.anchor as Item).id} ${i.path}`,
    expected: (c) => c.anchoredIn,
    pastBlock: 41,
  },
  {
    name: "Lineage.edges",
    query: (crowd) =>
      `query(${VARIABLES}) { root: lineage(id: "${crowd.root}", direction: DOWN, depth: 2, block: $block) { list: edges(first: $first, after: $after) { items { depth edge { child { id } } } ${PAGE_FIELDS} } } }`,
    key: (i) => `${i.depth} ${((i.edge as Item).child as Item).id}`,
    expected: (c) => c.lineageDown,
    pastBlock: 34,
  },
];

describe.each(await testStores())("GraphQL nested pages (%s)", (kind) => {
  let fixture: FixtureDb;
  let api: FixtureClient;
  let crowd: Crowd;

  beforeAll(async () => {
    fixture = await createFixtureDb(kind, async (db) => {
      crowd = await writeCrowd(db);
    });
    api = createFixtureClient(fixture.db, { now: blockTime(CROWD_CHECKPOINT) });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  type NestedPage = { items: Item[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

  /** Every item of a nested list, following endCursor with pages of `first`, at `block` (or the latest). */
  async function walk(list: NestedList, first: number, block?: number): Promise<{ keys: string[]; pages: number }> {
    const keys: string[] = [];
    let after: string | null = null;
    for (let pages = 1; pages <= 1000; pages++) {
      const response: GraphqlResponse<{ root: { list: NestedPage } }> = await api.query(list.query(crowd), { first, after, block: block === undefined ? null : { number: block } });
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      const page: NestedPage = response.data!.root.list;
      keys.push(...page.items.map(list.key));
      if (!page.pageInfo.hasNextPage) return { keys, pages };
      expect(page.items).toHaveLength(first);
      after = page.pageInfo.endCursor;
      expect(after).toEqual(expect.any(String));
    }
    throw new Error("paging does not end");
  }

  it.each(NESTED.map((list) => [list.name, list] as const))("pages through %s: every item exactly once, in order", async (_, list) => {
    const expected = list.expected(crowd).map((item) => item.key);
    expect(expected.length).toBeGreaterThan(7);
    const whole = await walk(list, 1000);
    expect(whole).toEqual({ keys: expected, pages: 1 });
    const paged = await walk(list, 3);
    expect(paged.keys).toEqual(expected);
    expect(paged.pages).toBe(Math.ceil(expected.length / 3));
    expect((await walk(list, 1)).keys).toEqual(expected);
  });

  it.each(NESTED.map((list) => [list.name, list] as const))("pages through %s as it stood at a past block", async (_, list) => {
    const expected = list
      .expected(crowd)
      .filter((item) => item.block <= list.pastBlock)
      .map((item) => item.key);
    // Part of the list, not none of it nor all of it.
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(list.expected(crowd).length);
    expect((await walk(list, 2, list.pastBlock)).keys).toEqual(expected);
    expect((await walk(list, 1000, list.pastBlock)).keys).toEqual(expected);
  });

  it.each(NESTED.map((list) => [list.name, list] as const))("refuses on %s a page over 1000 and a cursor it did not issue", async (_, list) => {
    const refused = async (variables: Record<string, unknown>) => {
      const response = await api.query(list.query(crowd), { block: null, ...variables });
      expect(response.errors, JSON.stringify(response)).toHaveLength(1);
      return { code: response.errors![0]!.extensions?.code, message: response.errors![0]!.message };
    };
    expect(await refused({ first: 1001 })).toEqual({
      code: "BAD_USER_INPUT",
      message: "first must be between 0 and 1000, got 1001; to read more, follow pageInfo.endCursor with after",
    });
    expect(await refused({ first: 2, after: "!!!" })).toMatchObject({ code: "BAD_USER_INPUT", message: expect.stringContaining("after is not a cursor this API issued") });
    const tampered = Buffer.from(JSON.stringify({ e: "x", o: "y", d: "asc", k: [1, 2, 3, 4, 5] })).toString("base64url");
    expect(await refused({ first: 2, after: tampered })).toMatchObject({ code: "BAD_USER_INPUT" });
    // A cursor of another nested list is refused, not read as this one's, even where its keys have the same shape.
    const other = NESTED.find((l) => l.name === (list.name === "Dataset.confirmations" ? "Dataset.objections" : "Dataset.confirmations"))!;
    const { data } = await api.query<{ root: { list: NestedPage } }>(other.query(crowd), { first: 1, after: null, block: null });
    expect(await refused({ first: 2, after: data!.root.list.pageInfo.endCursor })).toMatchObject({
      code: "BAD_USER_INPUT",
      message: expect.stringMatching(/^after is (not a cursor this API issued|a cursor of another list or ordering)/),
    });
  });

  it("pages objections and transfers with their state at each block", async () => {
    const objections = async (block: number) => {
      const response = await api.query<{ dataset: { objections: { items: { resolved: boolean }[] } } }>(
        `query($block: Block_height) { dataset(id: "${crowd.root}", block: $block) { objections(first: 5) { items { resolved } } } }`,
        { block: { number: block } },
      );
      return response.data!.dataset.objections.items.map((o) => o.resolved);
    };
    expect(await objections(29)).toEqual([false, false, false, false, false]);
    expect(await objections(30)).toEqual([true, false, true, false, true]);
    const transfers = async (block: number) => {
      const response = await api.query<{ dataset: { transfers: { items: { status: string }[] } } }>(
        `query($block: Block_height) { dataset(id: "${crowd.root}", block: $block) { transfers(first: 2) { items { status } } } }`,
        { block: { number: block } },
      );
      return response.data!.dataset.transfers.items.map((t) => t.status);
    };
    expect([await transfers(30), await transfers(31)]).toEqual([
      ["requested", "requested"],
      ["cancelled", "cancelled"],
    ]);
  });

  it("says a lineage goes on beyond its depth whatever page of its edges is read", async () => {
    const lineage = async (depth: number, block: number | null, first: number) =>
      (
        await api.query<{ lineage: { truncated: boolean; edges: { items: unknown[]; pageInfo: { hasNextPage: boolean } } } }>(
          `query($depth: Int, $block: Block_height, $first: Int) { lineage(id: "${crowd.root}", direction: DOWN, depth: $depth, block: $block) {
            truncated edges(first: $first) { items { depth } pageInfo { hasNextPage } } } }`,
          { depth, block: block === null ? null : { number: block }, first },
        )
      ).data!.lineage;
    expect(await lineage(1, null, 5)).toMatchObject({ truncated: true, edges: { items: { length: 5 }, pageInfo: { hasNextPage: true } } });
    expect(await lineage(1, null, 1000)).toMatchObject({ truncated: true, edges: { items: { length: 40 }, pageInfo: { hasNextPage: false } } });
    expect(await lineage(2, null, 5)).toMatchObject({ truncated: false, edges: { pageInfo: { hasNextPage: true } } });
    // Before the grandchildren, the children were the whole lineage.
    expect(await lineage(1, 36, 5)).toMatchObject({ truncated: false, edges: { pageInfo: { hasNextPage: true } } });
  });

  it("answers the nested pages of many parents in a fixed number of statements", async () => {
    const query = `query($first: Int) { dataset(id: "${crowd.root}") { children(first: $first) { items { child {
      versions(first: 2) { items { id } } confirmations(first: 2) { items { id } } objections(first: 2) { items { id } }
      transfers(first: 2) { items { id } } children(first: 2) { items { child { id } } }
      holder { organisationAccounts(first: 2) { items { id } } } } } } } }`;
    const counted = async (first: number) => {
      const before = api.statements.count;
      const response = await api.query<{ dataset: { children: { items: Item[] } } }>(query, { first });
      expect(response.errors).toBeUndefined();
      expect(response.data!.dataset.children.items).toHaveLength(first);
      return api.statements.count - before;
    };
    const forTwo = await counted(2);
    expect(await counted(40)).toBeLessThanOrEqual(forTwo);
  });
});
