/**
 * Lineage: the ancestors (UP) or descendants (DOWN) of a dataset, in one recursive query over
 * `dataset_parents`, breadth first.
 *
 * Lineage is a DAG: a dataset derived from two parents that share an ancestor reaches it twice. The
 * walk keeps (edge, depth) pairs with UNION, so each edge is expanded at most once per depth and the
 * work stays within edges × depth even for wide diamonds, never the number of paths (which grows
 * exponentially). Each edge is reported at its shortest distance; within a distance, in chain order. The walk goes one generation past
 * `depth`, only to say whether anything lies beyond (`truncated`).
 */
import { badInput, notFound } from "./errors.js";
import { parseBytes32 } from "./inputs.js";
import type { AtRow, Loaders, RunSql } from "./loaders.js";
import { type At, Params } from "./sql.js";

export const MAX_LINEAGE_DEPTH = 50;

export type LineageDirection = "UP" | "DOWN";

export interface LineageResult {
  root: AtRow;
  direction: LineageDirection;
  edges: { depth: number; edge: AtRow }[];
  truncated: boolean;
}

export async function lineage(
  run: RunSql,
  loaders: Loaders,
  at: At,
  args: { id: string; direction?: LineageDirection | null; depth?: number | null },
): Promise<LineageResult> {
  const id = parseBytes32(args.id, "id");
  const direction = args.direction ?? "UP";
  const depth = args.depth ?? 10;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_LINEAGE_DEPTH) {
    throw badInput(`depth must be between 1 and ${MAX_LINEAGE_DEPTH} generations, got ${depth}`);
  }
  const root = await loaders.dataset.load(id);
  if (!root) throw notFound(`no dataset has the id ${id} at block ${at.number}`);

  // UP follows child → parent; DOWN follows parent → child.
  const [from, to] = direction === "UP" ? ["child_id", "parent_id"] : ["parent_id", "child_id"];
  const p = new Params();
  const block = p.add(at.number, "int8");
  const rows = await run<{ childId: string; parentId: string; derivation: string; blockNumber: number; depth: number }>(
    `with recursive walk (child_id, parent_id, derivation, block_number, position, depth) as (
       select e.child_id, e.parent_id, e.derivation, e.block_number, e.position, 1
         from dataset_parents e
        where e.${from} = ${p.add(id, "text")} and e.block_number <= ${block}
       union
       select e.child_id, e.parent_id, e.derivation, e.block_number, e.position, w.depth + 1
         from walk w join dataset_parents e on e.${from} = w.${to}
        where e.block_number <= ${block} and w.depth <= ${p.add(depth, "int4")}
     ),
     nearest as (
       select distinct on (child_id, parent_id) child_id, parent_id, derivation, block_number, position, depth
         from walk order by child_id, parent_id, depth
     )
     select child_id as "childId", parent_id as "parentId", derivation, block_number as "blockNumber", depth
       from nearest order by depth, block_number, child_id, position`,
    p.values,
  );
  const within = rows.filter((row) => row.depth <= depth);
  return {
    root,
    direction,
    edges: within.map(({ depth: d, ...edge }) => ({ depth: d, edge: Object.assign(edge, { _at: at }) })),
    truncated: within.length < rows.length,
  };
}
