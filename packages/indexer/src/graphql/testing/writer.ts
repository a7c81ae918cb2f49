/**
 * Test support: writes index rows the way the sync's handlers do — versioned entity rows closed and
 * reopened by block, append-only rows, the audit trail, block headers and the checkpoint — so GraphQL
 * tests run against realistic tables without a chain.
 */
import { createHash } from "node:crypto";
import type { Queryable } from "../../store/db.js";

export type FixtureRow = Record<string, unknown>;

/** Tables versioned by block range, and the column identifying an entity in each. */
const VERSIONED: Record<string, string> = { participants: "id", datasets: "id", grants: "id", objections: "id", transfers: "id" };

export const BASE_TIME = 1_767_225_600; // 2026-01-01T00:00:00Z
export const BLOCK_SECONDS = 12;
/** Block n's timestamp in the fixtures. */
export const blockTime = (n: number): number => BASE_TIME + n * BLOCK_SECONDS;
/** Block n's hash in the fixtures. */
export const blockHash = (n: number): string => hash(`block ${n}`);

/** A deterministic 32-byte hash of a label. */
export function hash(label: string): string {
  return `0x${createHash("sha256").update(label).digest("hex")}`;
}

/** A deterministic address from a number. */
export function address(n: number): string {
  return `0x${n.toString(16).padStart(40, "0")}`;
}

/** The event id format of the handlers: zero-padded block and log index, so text order is chain order. */
export function eventId(block: number, logIndex: number): string {
  return `${String(block).padStart(12, "0")}-${String(logIndex).padStart(6, "0")}`;
}

/**
 * A `datasets` row as the DatasetRegistered handler writes it: pending, unconfirmed, registered (and last
 * updated) at `block` in transaction `tx`. `fields` gives the registration's own columns.
 */
export function pendingDatasetRow(
  block: number,
  tx: string,
  fields: {
    id: string;
    series_id: unknown;
    version_of: unknown;
    version: number;
    holder: string;
    /** The officer who registered; the holder by default. */
    registrant?: string;
    algorithm: string;
    content_hash: string;
    metadata_hash: string;
    metadata_uri: string;
    category: string;
    grade: string;
    contains_personal_data: boolean;
    sector: number;
    jurisdiction: string;
    required_confirmations: number;
  },
): FixtureRow {
  return {
    ...fields,
    registrant: fields.registrant ?? fields.holder,
    confirmations: 0,
    declassified: false,
    stage: "pending",
    frozen: false,
    superseded: false,
    superseded_by: null,
    confirmed_at: null,
    notice_ends_at: null,
    pending_transfer_to: null,
    registered_at: blockTime(block),
    registered_block: block,
    registered_tx: tx,
    updated_at: blockTime(block),
    updated_block: block,
    claim: 1,
    ancestry_revoked: false,
    open_objections: 0,
  };
}

export interface EventFields {
  contract: "directory" | "datasets" | "grants" | "anchors";
  actor?: string | null;
  dataset?: string | null;
  grant?: string | null;
  participant?: string | null;
  anchor?: string | null;
  args?: Record<string, unknown>;
  /** Defaults to a hash of the block and log index. */
  tx?: string;
}

/** Writes fixture rows; buffers inserts per table so thousands of rows cost a few statements. */
export class FixtureWriter {
  private readonly pending = new Map<string, FixtureRow[]>();
  private readonly current = new Map<string, FixtureRow>();
  private readonly logIndex = new Map<number, number>();
  private readonly blocks = new Set<number>();

  constructor(private readonly db: Queryable) {}

  /** Queues a row for `table`. */
  insert(table: string, row: FixtureRow): void {
    let rows = this.pending.get(table);
    if (!rows) this.pending.set(table, (rows = []));
    rows.push(row);
  }

  /** A new versioned entity from `block`. */
  create(table: string, row: FixtureRow, block: number): FixtureRow {
    const full = { ...row, block_from: block, block_to: null };
    this.current.set(`${table}:${String(row[VERSIONED[table]!])}`, full);
    this.insert(table, full);
    return full;
  }

  /** The entity's new state from `block`: its current row closes at `block`, a changed copy opens there. */
  update(table: string, id: string, block: number, changes: FixtureRow): FixtureRow {
    const key = `${table}:${id}`;
    const previous = this.current.get(key);
    if (!previous) throw new Error(`fixture: no ${table} row ${id} to update`);
    if (Number(previous.block_from) === block) {
      // A second change in the same block rewrites that block's version, as the handlers' batch does.
      Object.assign(previous, changes);
      return previous;
    }
    previous.block_to = block;
    const next = { ...previous, ...changes, block_from: block, block_to: null };
    this.current.set(key, next);
    this.insert(table, next);
    return next;
  }

  /** The current state of an entity, as the fixture has written it. */
  get(table: string, id: string): FixtureRow {
    const row = this.current.get(`${table}:${id}`);
    if (!row) throw new Error(`fixture: no ${table} row ${id}`);
    return row;
  }

  /** Appends an event to the audit trail (and its block header); returns the event id and tx hash. */
  event(block: number, name: string, fields: EventFields): { id: string; tx: string; timestamp: number } {
    this.block(block);
    const index = this.logIndex.get(block) ?? 0;
    this.logIndex.set(block, index + 1);
    const id = eventId(block, index);
    const tx = fields.tx ?? hash(`tx ${block}-${index}`);
    this.insert("events", {
      id,
      block_number: block,
      log_index: index,
      block_hash: blockHash(block),
      timestamp: blockTime(block),
      tx_hash: tx,
      tx_index: index,
      contract: fields.contract,
      address: address(0xc0 + ["directory", "datasets", "grants", "anchors"].indexOf(fields.contract)),
      name,
      actor: fields.actor ?? null,
      dataset_id: fields.dataset ?? null,
      grant_id: fields.grant ?? null,
      participant: fields.participant ?? null,
      anchor_root: fields.anchor ?? null,
      args: JSON.stringify(fields.args ?? {}),
    });
    return { id, tx, timestamp: blockTime(block) };
  }

  /** A block header (the index stores those of blocks with events). */
  block(block: number): void {
    if (this.blocks.has(block)) return;
    this.blocks.add(block);
    this.insert("blocks", { number: block, hash: blockHash(block), parent_hash: blockHash(block - 1), timestamp: blockTime(block), event_count: 0 });
  }

  /** Writes every queued row, then the checkpoint at `block`. */
  async flush(checkpoint: number): Promise<void> {
    const order = [
      "blocks", "events", "participants", "datasets", "dataset_parents", "confirmations", "objections", "transfers", "decision_votes",
      "ancestry_marks", "reconfirmations", "grants", "anchors", "anchor_files",
    ];
    const tables = [...this.pending.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    for (const table of tables) {
      const rows = this.pending.get(table)!;
      for (let start = 0; start < rows.length; start += 500) await insertRows(this.db, table, rows.slice(start, start + 500));
    }
    this.pending.clear();
    await this.db.query(
      `insert into dpr_checkpoint (id, block_number, block_hash, block_timestamp) values (1, $1, $2, $3)
       on conflict (id) do update set block_number = excluded.block_number, block_hash = excluded.block_hash, block_timestamp = excluded.block_timestamp`,
      [checkpoint, blockHash(checkpoint), blockTime(checkpoint)],
    );
  }
}

async function insertRows(db: Queryable, table: string, rows: FixtureRow[]): Promise<void> {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const params: unknown[] = [];
  const tuples = rows.map((row) => `(${columns.map((column) => `$${params.push(row[column] ?? null)}`).join(", ")})`);
  await db.query(`insert into ${table} (${columns.map((c) => `"${c}"`).join(", ")}) values ${tuples.join(", ")}`, params);
}
