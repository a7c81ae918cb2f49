import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores } from "../testing/databases.js";
import { type FixtureDb, createFixtureClient, createFixtureDb } from "./testing/harness.js";

// Enough rows that a filter no index serves takes far longer than the strict timeout (about 100 ms here).
const ROWS = 30_000;
const stores = await testStores();

// PGlite cannot cancel a running statement (its single-threaded WASM backend accepts statement_timeout
// but never fires it), so the timeout is PostgreSQL's; PGlite relies on the shape and row limits.
describe.runIf(stores.includes("postgres"))("GraphQL statement timeout (postgres)", () => {
  let fixture: FixtureDb;
  const slow = `{ datasets(where: { metadataURI_contains_nocase: "no such text" }) { items { id } } }`;

  beforeAll(async () => {
    fixture = await createFixtureDb("postgres", async (db) => {
      await db.query(
        `insert into datasets (id, series_id, version, holder, algorithm, content_hash, metadata_hash, metadata_uri, category, grade,
           contains_personal_data, sector, jurisdiction, required_confirmations, confirmations, declassified, stage, frozen,
           superseded, registered_at, registered_block, registered_tx, updated_at, updated_block, block_from)
         select '0x' || lpad(to_hex(g), 64, '0'), '0x' || lpad(to_hex(g), 64, '0'), 1, '0x' || lpad(to_hex(g % 100), 40, '0'), 'sha256',
           '0x' || md5(g::text) || md5(g::text), '0x' || repeat('0', 64), 'https://catalogue.example/' || g, 'public', 'general',
           false, g % 7, 'gz', 1, 0, false, 'pending', false, false, 1000, 1, '0x' || repeat('1', 64), 1000, 1, 1
         from generate_series(1, $1::int) g`,
        [ROWS],
      );
      await db.query("insert into dpr_checkpoint (id, block_number, block_hash, block_timestamp) values (1, 1, $1, 1000)", [`0x${"2".repeat(64)}`]);
    });
  });
  afterAll(async () => {
    await fixture?.close();
  });

  it("cancels a statement that runs past the timeout with TIMEOUT, and keeps answering", async () => {
    const strict = createFixtureClient(fixture.db, { limits: { statementTimeoutMs: 5 } });
    const response = await strict.query(slow);
    expect(response.errors).toMatchObject([{ path: ["datasets"], extensions: { code: "TIMEOUT" } }]);
    expect(response.errors![0]!.message).toMatchInlineSnapshot(
      `"the query ran longer than the 5 ms the server allows a statement; ask for fewer rows or a narrower filter"`,
    );
    expect(strict.logs.some((line) => line.msg === "GraphQL statement timed out" && line.level === 40)).toBe(true);
    expect((await strict.query(`{ participants { items { id } } }`)).data).toEqual({ participants: { items: [] } });

    // The same statement completes under the default timeout: the limit, not the query, refused it.
    const patient = createFixtureClient(fixture.db);
    expect((await patient.query(slow)).data).toEqual({ datasets: { items: [] } });
  });
});
