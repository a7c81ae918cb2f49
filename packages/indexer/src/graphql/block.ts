/**
 * `block:` arguments → the state to answer from. A request reads the checkpoint once and answers
 * "latest" at it, so every list and nested field of the request sees the same block even while the
 * sync commits new ones.
 */
import { badInput, blockNotIndexed } from "./errors.js";
import { parseBytes32 } from "./inputs.js";
import { type At, at } from "./sql.js";

/** The `Block_height` input. */
export interface BlockHeight {
  number?: number | null;
  hash?: string | null;
  number_gte?: number | null;
}

export interface Checkpoint {
  number: number;
  hash: string;
  timestamp: number;
}

export interface BlockSource {
  query<T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  checkpoint(): Promise<Checkpoint | null>;
  deploymentBlock: number;
  now(): number;
}

/** The checkpoint row, or null before the sync has written one. */
export async function readCheckpoint(source: Pick<BlockSource, "query">): Promise<Checkpoint | null> {
  const [row] = await source.query<{ number: number; hash: string; timestamp: number }>(
    "select block_number as number, block_hash as hash, block_timestamp as timestamp from dpr_checkpoint where id = 1",
  );
  return row ?? null;
}

function notIndexed(what: string, checkpoint: Checkpoint | null): Error {
  return blockNotIndexed(
    checkpoint
      ? `${what} is not indexed yet: the index has reached block ${checkpoint.number}`
      : `${what} is not indexed yet: the indexer has not indexed any block`,
  );
}

/**
 * The state a `block:` argument names. Without one (or with `number_gte` at or below the checkpoint)
 * it is the checkpoint's state with statuses at the current time; with `number` or `hash` it is that
 * block's state with statuses at that block's time.
 */
export async function resolveBlock(source: BlockSource, block: BlockHeight | null | undefined): Promise<At> {
  const checkpoint = await source.checkpoint();
  const latest = () => at(checkpoint?.number ?? source.deploymentBlock - 1, source.now());
  if (!block) return latest();
  const given = (["number", "hash", "number_gte"] as const).filter((key) => block[key] !== null && block[key] !== undefined);
  if (given.length > 1) throw badInput(`block takes one of number, hash or number_gte, not ${given.join(" and ")}`);
  if (block.number !== null && block.number !== undefined) {
    const number = checkedNumber(block.number, "block.number");
    if (!checkpoint || number > checkpoint.number) throw notIndexed(`block ${number}`, checkpoint);
    return at(number, await timestampOf(source, number, checkpoint));
  }
  if (block.hash !== null && block.hash !== undefined) {
    const hash = parseBytes32(block.hash, "block.hash");
    if (checkpoint && checkpoint.hash === hash) return at(checkpoint.number, checkpoint.timestamp);
    const [row] = await source.query<{ number: number; timestamp: number }>("select number, timestamp from blocks where hash = $1::text", [hash]);
    if (!row) {
      throw blockNotIndexed(
        `no indexed block has the hash ${hash} (the index keeps the hashes of blocks with events and of the recent unfinalised blocks; ask by number instead)`,
      );
    }
    if (!checkpoint || row.number > checkpoint.number) throw notIndexed(`block ${row.number} (${hash})`, checkpoint);
    return at(row.number, row.timestamp);
  }
  if (block.number_gte !== null && block.number_gte !== undefined) {
    const number = checkedNumber(block.number_gte, "block.number_gte");
    if (!checkpoint || number > checkpoint.number) throw notIndexed(`block ${number}`, checkpoint);
  }
  return latest();
}

function checkedNumber(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0) throw badInput(`${what} must be a block number (a whole number from 0), got ${value}`);
  return value;
}

/**
 * Block N's time: the checkpoint's when N is the checkpoint, else the latest stored block at or below
 * N. The index stores the headers of blocks with events, so a block without events gets the time of
 * the last block that had some: the state is the same, and a clock status can only lag, never lead.
 */
async function timestampOf(source: BlockSource, number: number, checkpoint: Checkpoint): Promise<number> {
  if (number === checkpoint.number) return checkpoint.timestamp;
  const [row] = await source.query<{ timestamp: number }>("select timestamp from blocks where number <= $1::int8 order by number desc limit 1", [number]);
  return row?.timestamp ?? checkpoint.timestamp;
}
