/**
 * The store stage: the index's tables and the checkpoint, written in one transaction per batch, so that
 * a crash at any moment leaves either all of a batch or none of it (and the sync resumes after the
 * checkpoint: no gap, no duplicate).
 *
 * Reads go to the pool (`db`); writes go through `writer`, which on PostgreSQL is the session holding
 * the writer's advisory lock — if that connection is lost, the writes fail with it, so a process that
 * lost the lock can never write beside the new writer.
 */
import type { Deployment } from "@dpr/sdk";
import type { IndexingErrorReport } from "../errors.js";
import { type Batch, columnTypes, insertRows } from "./batch.js";
import type { Db, Queryable, Row, Session } from "./db.js";
import { migrate } from "./migrate.js";

export interface Checkpoint {
  number: number;
  hash: string;
  timestamp: number;
}

/** What the index was built from; compared at start so a different chain is never served as this one. */
export interface ChainIdentity {
  chainId: number;
  contracts: string;
  deploymentBlock: number;
  deploymentBlockHash: string;
}

export interface StoredBlock {
  number: number;
  hash: string;
  parent_hash: string | null;
  timestamp: number;
}

export interface Store {
  readonly db: Db;
  checkpoint(): Promise<Checkpoint | null>;
  identity(): Promise<ChainIdentity | null>;
  /** Loads the current versions the batch will change (see `Needs`). */
  load(batch: Batch, needs: LoadNeeds): Promise<void>;
  /** Writes the batch and moves the checkpoint, in one transaction. */
  write(batch: Batch, checkpoint: Checkpoint, writer: Session): Promise<void>;
  block(number: number): Promise<StoredBlock | null>;
  /** Rolls every table back to the state after block `ancestor`, in one transaction. */
  rollback(ancestor: Checkpoint, writer: Session): Promise<{ events: number }>;
  /** Refreshes the query planner's statistics of the index's tables (`ANALYZE`). */
  analyze(writer: Session): Promise<void>;
  /** Drops headers without events below `below` (they only served reorg detection). */
  prune(below: number, writer: Session): Promise<void>;
  /**
   * Empties the index and records a new identity (a different chain or deployment). `empty`: the index
   * has never recorded an identity, so it holds nothing to empty (a new database; `clear` empties one).
   */
  reset(identity: ChainIdentity, writer: Session, options?: { empty?: boolean }): Promise<void>;
  /** Empties the index, identity included: the next sync indexes from the deployment block (`--rebuild`). */
  clear(writer: Session): Promise<void>;
  /** The error that stopped the writer's indexing, as it recorded it (standbys report it too), or null. */
  indexingError(): Promise<IndexingErrorReport | null>;
  /** Records (or, with null, forgets) the error that stopped indexing. */
  setIndexingError(report: IndexingErrorReport | null, writer: Session): Promise<void>;
  /** Anchors whose manifest is not loaded yet. */
  anchorsWithoutManifest(): Promise<{ id: string; manifest_hash: string; manifest_uri: string; algorithm: string; leaf_count: number }[]>;
  /** Stores a verified manifest's files for an anchor. */
  writeAnchorFiles(anchorId: string, files: { path: string; content_hash: string; size: string; proof: string[] }[], writer: Session): Promise<void>;
}

export interface LoadNeeds {
  participants: Set<string>;
  datasets: Set<string>;
  grants: Set<string>;
  openObjectionsOf: Set<string>;
  openTransfersOf: Set<string>;
  /** Datasets whose previous version to load too. */
  predecessorsOf: Set<string>;
  /** Organisations whose every current account to load. */
  accountsOf: Set<string>;
}

const VERSIONED = ["participants", "datasets", "grants", "objections", "transfers"] as const;
const APPENDED = {
  events: "block_number",
  confirmations: "block_number",
  dataset_parents: "block_number",
  anchors: "block_number",
  decision_votes: "block_number",
  ancestry_marks: "block_number",
  reconfirmations: "block_number",
} as const;
/** Every table of the index's state (not `dpr_migrations`: the schema stays). */
const STATE = [...VERSIONED, ...Object.keys(APPENDED), "anchor_files", "blocks", "dpr_checkpoint", "dpr_meta"];

export async function createStore(db: Db): Promise<Store> {
  await migrate(db);
  // A new PGlite folder, now migrated, becomes the template of the next one.
  await db.saveTemplate?.();
  const types = await columnTypes(db);

  async function closeVersions(tx: Queryable, table: string, closed: Map<string, number>): Promise<void> {
    if (closed.size === 0) return;
    const idType = table === "grants" ? "numeric" : "text";
    await tx.query(
      `update ${table} as t set block_to = v.block_to
       from (select unnest($1::${idType}[]) as id, unnest($2::bigint[]) as block_to) as v
       where t.id = v.id and t.block_to is null`,
      [[...closed.keys()], [...closed.values()]],
    );
  }

  async function loadCurrent(table: string, column: string, values: Set<string>, extra = ""): Promise<Row[]> {
    if (values.size === 0) return [];
    const type = table === "grants" && column === "id" ? "numeric" : "text";
    return db.query(`select * from ${table} where ${column} = any($1::${type}[]) and block_to is null ${extra}`, [[...values]]);
  }

  return {
    db,

    async checkpoint() {
      const [row] = await db.query<{ block_number: number; block_hash: string; block_timestamp: number }>(
        "select block_number, block_hash, block_timestamp from dpr_checkpoint where id = 1",
      );
      return row ? { number: row.block_number, hash: row.block_hash, timestamp: row.block_timestamp } : null;
    },

    async identity() {
      const [row] = await db.query<{ value: string }>("select value from dpr_meta where key = 'identity'");
      return row ? (JSON.parse(row.value) as ChainIdentity) : null;
    },

    async load(batch, needs) {
      const [participants, members, datasets, predecessors, grants, objections, transfers] = await Promise.all([
        loadCurrent("participants", "id", needs.participants),
        loadCurrent("participants", "organisation", needs.accountsOf),
        loadCurrent("datasets", "id", needs.datasets),
        // The previous versions of claims that may free their content (a freed version un-supersedes it).
        needs.predecessorsOf.size === 0
          ? Promise.resolve([])
          : db.query(
              "select * from datasets where block_to is null and id in (select version_of from datasets where id = any($1::text[]) and block_to is null and version_of is not null)",
              [[...needs.predecessorsOf]],
            ),
        loadCurrent("grants", "id", needs.grants),
        loadCurrent("objections", "dataset_id", needs.openObjectionsOf, "and status = 'open'"),
        loadCurrent("transfers", "dataset_id", needs.openTransfersOf, "and status = 'requested'"),
      ]);
      batch.participants.preload([...participants, ...members]);
      batch.datasets.preload([...datasets, ...predecessors]);
      batch.grants.preload(grants.map((row) => ({ ...row, id: String(row.id) })));
      batch.objections.preload(objections);
      batch.transfers.preload(transfers);
    },

    async write(batch, checkpoint, writer) {
      await writer.transaction(async (tx) => {
        // The index can always be rebuilt from the chain, and the checkpoint commits with the rows: a
        // commit lost in a server crash only makes the sync redo that batch, so it need not wait for
        // the WAL to reach the disk.
        if (db.kind === "postgres") await tx.query("set local synchronous_commit = off");
        for (const table of batch.versioned) await closeVersions(tx, table.table, table.closed);
        for (const table of batch.versioned) await insertRows(tx, table.table, table.created, "", types);
        for (const table of batch.appended) await insertRows(tx, table.table, table.rows, "", types);
        await insertRows(
          tx,
          "blocks",
          [...batch.blocks.values()],
          "on conflict (number) do update set hash = excluded.hash, parent_hash = coalesce(excluded.parent_hash, blocks.parent_hash), timestamp = excluded.timestamp, event_count = excluded.event_count",
          types,
        );
        await tx.query(
          `insert into dpr_checkpoint (id, block_number, block_hash, block_timestamp) values (1, $1, $2, $3)
           on conflict (id) do update set block_number = excluded.block_number, block_hash = excluded.block_hash, block_timestamp = excluded.block_timestamp`,
          [checkpoint.number, checkpoint.hash, checkpoint.timestamp],
        );
      });
    },

    async block(number) {
      const [row] = await db.query<StoredBlock & Row>("select number, hash, parent_hash, timestamp from blocks where number = $1", [number]);
      return row ?? null;
    },

    async rollback(ancestor, writer) {
      return writer.transaction(async (tx) => {
        const [counted] = await tx.query<{ count: number }>("select count(*)::int8 as count from events where block_number > $1", [ancestor.number]);
        for (const table of VERSIONED) {
          await tx.query(`delete from ${table} where block_from > $1`, [ancestor.number]);
          await tx.query(`update ${table} set block_to = null where block_to > $1`, [ancestor.number]);
        }
        for (const [table, column] of Object.entries(APPENDED)) await tx.query(`delete from ${table} where ${column} > $1`, [ancestor.number]);
        await tx.query("delete from anchor_files where anchor_id not in (select id from anchors)");
        await tx.query("delete from blocks where number > $1", [ancestor.number]);
        await tx.query("update dpr_checkpoint set block_number = $1, block_hash = $2, block_timestamp = $3 where id = 1", [
          ancestor.number,
          ancestor.hash,
          ancestor.timestamp,
        ]);
        return { events: counted?.count ?? 0 };
      });
    },

    async analyze(writer) {
      await writer.exec(`analyze ${[...VERSIONED, ...Object.keys(APPENDED), "anchor_files", "blocks"].join(", ")}`);
    },

    async prune(below, writer) {
      await writer.query("delete from blocks where number < $1 and event_count = 0", [below]);
    },

    async reset(identity, writer, options = {}) {
      await writer.transaction(async (tx) => {
        if (!options.empty) await tx.query(`truncate ${STATE.join(", ")}`);
        await tx.query("insert into dpr_meta (key, value) values ('identity', $1)", [JSON.stringify(identity)]);
      });
    },

    async clear(writer) {
      await writer.query(`truncate ${STATE.join(", ")}`);
    },

    async indexingError() {
      const [row] = await db.query<{ value: string }>("select value from dpr_meta where key = 'indexing_error'");
      return row ? (JSON.parse(row.value) as IndexingErrorReport) : null;
    },

    async setIndexingError(report, writer) {
      if (report === null) await writer.query("delete from dpr_meta where key = 'indexing_error'");
      else {
        await writer.query(
          "insert into dpr_meta (key, value) values ('indexing_error', $1) on conflict (key) do update set value = excluded.value",
          [JSON.stringify(report)],
        );
      }
    },

    async anchorsWithoutManifest() {
      return db.query("select id, manifest_hash, manifest_uri, algorithm, leaf_count from anchors where manifest_loaded = false order by block_number");
    },

    async writeAnchorFiles(anchorId, files, writer) {
      await writer.transaction(async (tx) => {
        const [anchor] = await tx.query("select 1 from anchors where id = $1 and manifest_loaded = false", [anchorId]);
        if (!anchor) return; // rolled back or loaded meanwhile
        await insertRows(
          tx,
          "anchor_files",
          files.map((file) => ({ anchor_id: anchorId, ...file })),
          "on conflict do nothing",
          types,
        );
        await tx.query("update anchors set manifest_loaded = true where id = $1", [anchorId]);
      });
    },
  };
}

/** The identity of a deployment on a chain, from its record and the deployment block's hash. */
export function identityOf(deployment: Deployment, deploymentBlockHash: string): ChainIdentity {
  const contracts = Object.entries(deployment.contracts)
    .map(([name, address]) => `${name}=${address.toLowerCase()}`)
    .sort()
    .join(",");
  return { chainId: deployment.chainId, contracts, deploymentBlock: Number(deployment.deploymentBlock), deploymentBlockHash: deploymentBlockHash.toLowerCase() };
}
