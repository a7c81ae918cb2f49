import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, createTestDatabase, testStores } from "../testing/databases.js";
import { columnTypes, copyText, insertRows } from "./batch.js";
import { createStore } from "./createStore.js";
import { type Db, createDb } from "./db.js";

describe("copyText", () => {
  it("writes COPY's text format: tabs between columns, \\N for null, the four special characters escaped", () => {
    const text = copyText(
      [
        { a: "plain", b: 7, c: null },
        { a: "tab\there\nnew line\r\\ back", b: true, c: { x: "y\tz" } },
      ],
      ["a", "b", "c"],
    );
    expect(text).toBe('plain\t7\t\\N\ntab\\there\\nnew line\\r\\\\ back\ttrue\t{"x":"y\\\\tz"}\n');
  });
});

/** An event row with everything that could trip a bulk load: separators, escapes, quotes, other scripts, nulls. */
const awkward = (n: number) => ({
  id: `${String(n).padStart(12, "0")}-000000`,
  block_number: n,
  log_index: 0,
  block_hash: `0x${"ab".repeat(32)}`,
  timestamp: 1_700_000_000 + n,
  tx_hash: `0x${"cd".repeat(32)}`,
  tx_index: n % 7,
  contract: "datasets",
  address: `0x${"12".repeat(20)}`,
  name: "DatasetRegistered",
  actor: n % 2 === 0 ? null : `0x${"34".repeat(20)}`,
  dataset_id: n % 3 === 0 ? null : `0x${"56".repeat(32)}`,
  grant_id: n % 5 === 0 ? "123456789012345678901234567890" : null,
  participant: null,
  anchor_root: null,
  args: { uri: `file:///tmp/a\tb\nc\r\\d "quoted" 'single' 穗城 ${n}`, nested: { list: [1, "\\N", null] }, big: "340282366920938463463374607431768211455" },
});

describe.each(await testStores())("bulk inserts (%s)", (kind) => {
  let database: TestDatabase;
  let db: Db;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = await createDb({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
    await createStore(db);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it("round-trips awkward values through COPY exactly, in several statements", async () => {
    const rows = Array.from({ length: 12_001 }, (_, i) => awkward(i + 1));
    const types = await columnTypes(db);
    await db.transaction((tx) => insertRows(tx, "events", rows, "", types));
    const back = await db.query("select * from events order by id");
    expect(back).toHaveLength(rows.length);
    expect(back.map((row) => ({ ...row }))).toEqual(rows);
  });

  it("writes nothing when a row fails, leaving the transaction to roll back", async () => {
    const types = await columnTypes(db);
    const before = await db.query<{ n: number }>("select count(*)::int8 as n from events");
    const duplicate = awkward(1);
    await expect(db.transaction((tx) => insertRows(tx, "events", [awkward(50_000), duplicate], "", types))).rejects.toThrow(/duplicate key/);
    expect(await db.query<{ n: number }>("select count(*)::int8 as n from events")).toEqual(before);
  });

  it("upserts through unnest, and takes tables with array columns as VALUES", async () => {
    const types = await columnTypes(db);
    const block = { number: 1, hash: "0x01", parent_hash: null, timestamp: 1, event_count: 0 };
    const upsert = "on conflict (number) do update set hash = excluded.hash, event_count = excluded.event_count";
    await db.transaction((tx) => insertRows(tx, "blocks", [block], upsert, types));
    await db.transaction((tx) => insertRows(tx, "blocks", [{ ...block, hash: "0x02", event_count: 3 }], upsert, types));
    expect(await db.query("select number, hash, event_count from blocks")).toEqual([{ number: 1, hash: "0x02", event_count: 3 }]);
    await db.transaction((tx) =>
      insertRows(tx, "anchor_files", [{ anchor_id: "0xroot", path: "a\tb.csv", content_hash: "0xc", size: "10", proof: ["0x1", "0x2\\"] }], "", types),
    );
    expect(await db.query("select path, proof from anchor_files")).toEqual([{ path: "a\tb.csv", proof: ["0x1", "0x2\\"] }]);
  });
});
