/**
 * Lineage: the ancestors (UP) or descendants (DOWN) of a dataset, in one recursive query over
 * `dataset_parents`, breadth first.
 *
 * Lineage is a DAG: a dataset derived from two parents that share an ancestor reaches it twice. The
 * walk keeps (edge, depth) pairs with UNION, so each edge is expanded at most once per depth and the
 * work stays within edges × depth even for wide diamonds, never the number of paths (which grows
 * exponentially). Each edge is reported at its shortest distance; within a distance, in chain order. The walk goes one generation past
 * `depth`, only to say whether anything lies beyond (`truncated`).
 *
 * The edges are a page: `depth` bounds the generations, not their width (a dataset may have any number
 * of children), so a lineage can hold any number of edges. A page is cut from the walk by the same
 * cursor rules as every list (`paging.ts`); the walk itself is bounded by edges × depth and by the
 * statement timeout.
 */
import type { EntitySpec } from "./entities.js";
import { badInput, notFound } from "./errors.js";
import { parseBytes32 } from "./inputs.js";
import { type AtRow, type Loaders, type Row, type RunSql, currentEdge } from "./loaders.js";
import { type Page, type PageArgs, buildPage, toPage } from "./paging.js";
import { type At, Params } from "./sql.js";

export const MAX_LINEAGE_DEPTH = 50;

export type LineageDirection = "UP" | "DOWN";

/** A lineage as the root field answers it; `edges` and `truncated` are read from the walk it describes. */
export interface LineageResult {
  root: AtRow;
  direction: LineageDirection;
  _at: At;
  _id: string;
  _depth: number;
}

export async function lineage(
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
  return { root, direction, _at: at, _id: id, _depth: depth };
}

/**
 * The walk as a SELECT of (child_id, parent_id, derivation, block_number, event_id, depth): every edge
 * reached within `depth + 1` generations, once, at its shortest distance.
 */
function walkSql(p: Params, lineage: LineageResult): string {
  // UP follows child → parent; DOWN follows parent → child.
  const [from, to] = lineage.direction === "UP" ? ["child_id", "parent_id"] : ["parent_id", "child_id"];
  const block = p.add(lineage._at.number, "int8");
  return `with recursive walk (child_id, parent_id, derivation, block_number, event_id, depth) as (
       select e.child_id, e.parent_id, e.derivation, e.block_number, e.event_id, 1
         from dataset_parents e
        where e.${from} = ${p.add(lineage._id, "text")} and e.block_number <= ${block} and ${currentEdge("e", p, lineage._at)}
       union
       select e.child_id, e.parent_id, e.derivation, e.block_number, e.event_id, w.depth + 1
         from walk w join dataset_parents e on e.${from} = w.${to}
        where e.block_number <= ${block} and w.depth <= ${p.add(lineage._depth, "int4")} and ${currentEdge("e", p, lineage._at)}
     )
     select distinct on (child_id, parent_id) child_id, parent_id, derivation, block_number, event_id, depth
       from walk order by child_id, parent_id, depth`;
}

/**
 * The walk as a list the pager can cut: nearest first, then chain order — by block, then by the edge's
 * DatasetDerived event, whose id is chain order (a child's registration, then its parents in the order
 * it named them) and unique per edge.
 */
const stepSpec = (walk: string): EntitySpec => ({
  name: "LineageStep",
  table: `(${walk})`,
  // The walk reads the state at the block itself.
  history: "none",
  select: () => `t.child_id as "childId", t.parent_id as "parentId", t.derivation, t.block_number as "blockNumber", t.depth`,
  filters: {},
  orderings: {
    depth: [
      { sql: "t.depth", cast: "int4" },
      { sql: "t.block_number", cast: "int8" },
      { sql: "t.event_id", cast: "text" },
    ],
  },
});

/** A page of the lineage's edges within its depth. */
export async function lineageEdges(
  run: RunSql,
  lineage: LineageResult,
  args: Pick<PageArgs, "first" | "after">,
  maxFirst: number,
): Promise<Page<{ depth: number; edge: AtRow }>> {
  const p = new Params();
  const spec = stepSpec(walkSql(p, lineage));
  const built = buildPage(
    { spec, at: lineage._at, args: { first: args.first, after: args.after }, defaultOrderBy: "depth", maxFirst, extra: (q) => `t.depth <= ${q.add(lineage._depth, "int4")}` },
    p,
  );
  const page = toPage(await run(built.sql, p.values), built, spec);
  return {
    items: page.items.map((row: Row) => ({
      depth: Number(row.depth),
      edge: { childId: row.childId, parentId: row.parentId, derivation: row.derivation, blockNumber: row.blockNumber, _at: lineage._at },
    })),
    pageInfo: page.pageInfo,
  };
}

/** Whether edges lie beyond the lineage's depth. */
export async function lineageTruncated(run: RunSql, lineage: LineageResult): Promise<boolean> {
  const p = new Params();
  const walk = walkSql(p, lineage);
  const [row] = await run<{ truncated: boolean }>(`select exists (select 1 from (${walk}) t where t.depth > ${p.add(lineage._depth, "int4")}) as truncated`, p.values);
  return row?.truncated === true;
}
