/**
 * The lineage graph's layout: a simple layered drawing by generation. The dataset sits in the middle
 * row, its ancestors in the rows above (parents right above it), its descendants below; each row is
 * centred. Edges run from a parent's bottom to a child's top and carry the derivation type.
 */
import { metadataTitle } from "@dpr/sdk";
import type { Hex } from "viem";
import type { IndexedLineage, IndexedLineageSide, LineageNodeData } from "../graphql.js";
import { labelValue } from "./labels.js";
import type { Value } from "./values.js";

export interface LineageInputNode {
  id: string;
  status: string;
  /** The dataset's title, when its metadata document is known (the indexer's). */
  title?: string | null | undefined;
}

/** One derivation step, `depth` generations from the root (1 = a direct parent or child). */
export interface LineageInputEdge {
  depth: number;
  derivation: string;
  parent: LineageInputNode;
  child: LineageInputNode;
}

export interface LineageInput {
  root: LineageInputNode;
  up: readonly LineageInputEdge[];
  down: readonly LineageInputEdge[];
  truncatedUp: boolean;
  truncatedDown: boolean;
}

export interface LineageNode {
  id: Hex;
  /** The dataset's title in the reader's language, or null: the id is then the node's name. */
  title: string | null;
  status: Value;
  /** Rows from the root: negative for ancestors, positive for descendants. */
  generation: number;
  root: boolean;
  /** Top-left corner. */
  x: number;
  y: number;
}

export interface LineageEdge {
  parent: Hex;
  child: Hex;
  derivation: Value;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Where the derivation label goes. */
  labelX: number;
  labelY: number;
}

export interface LineageLayout {
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  nodes: LineageNode[];
  edges: LineageEdge[];
  parents: LineageEdge[];
  children: LineageEdge[];
  truncatedUp: boolean;
  truncatedDown: boolean;
}

export const NODE_WIDTH = 168;
export const NODE_HEIGHT = 48;
/** A node's height when the drawing names datasets by title: a line more, for the title above the id. */
export const NODE_HEIGHT_TITLED = 64;
const GAP_X = 24;
const ROW_HEIGHT = 112;
const MARGIN = 16;

/**
 * Lays out a dataset's lineage. A dataset reached at several distances is placed once, at the
 * generation nearest the root; edges between the same pair are drawn once.
 */
export function layoutLineage(input: LineageInput): LineageLayout {
  const rootId = input.root.id.toLowerCase();
  const generations = new Map<string, { generation: number; status: string; title: string | null }>([
    [rootId, { generation: 0, status: input.root.status, title: input.root.title ?? null }],
  ]);
  const place = (node: LineageInputNode, generation: number) => {
    const id = node.id.toLowerCase();
    const known = generations.get(id);
    if (!known || Math.abs(generation) < Math.abs(known.generation)) generations.set(id, { generation, status: node.status, title: node.title ?? known?.title ?? null });
  };
  const byDepth = (edges: readonly LineageInputEdge[]) => [...edges].sort((a, b) => a.depth - b.depth);
  for (const edge of byDepth(input.up)) place(edge.parent, -edge.depth);
  for (const edge of byDepth(input.down)) place(edge.child, edge.depth);

  const rows = new Map<number, string[]>();
  for (const [id, { generation }] of generations) {
    const row = rows.get(generation) ?? [];
    row.push(id);
    rows.set(generation, row);
  }
  const generationList = [...rows.keys()].sort((a, b) => a - b);
  const widest = Math.max(...[...rows.values()].map((r) => r.length));
  const width = MARGIN * 2 + widest * NODE_WIDTH + (widest - 1) * GAP_X;
  const top = generationList[0] ?? 0;
  const nodeHeight = [...generations.values()].some((g) => g.title) ? NODE_HEIGHT_TITLED : NODE_HEIGHT;
  const height = MARGIN * 2 + (generationList.length - 1) * ROW_HEIGHT + nodeHeight;

  const positions = new Map<string, LineageNode>();
  for (const generation of generationList) {
    const row = rows.get(generation)!;
    const rowWidth = row.length * NODE_WIDTH + (row.length - 1) * GAP_X;
    const startX = (width - rowWidth) / 2;
    row.forEach((id, i) => {
      const info = generations.get(id)!;
      positions.set(id, {
        id: id as Hex,
        title: info.title,
        status: labelValue("status", info.status),
        generation,
        root: id === rootId,
        x: startX + i * (NODE_WIDTH + GAP_X),
        y: MARGIN + (generation - top) * ROW_HEIGHT,
      });
    });
  }

  // Where several edges meet a box, their labels sit toward the other ends, where they spread out.
  const inDegree = new Map<string, number>();
  const outDegree = new Map<string, number>();
  for (const edge of [...input.up, ...input.down]) {
    const parent = edge.parent.id.toLowerCase();
    const child = edge.child.id.toLowerCase();
    inDegree.set(child, (inDegree.get(child) ?? 0) + 1);
    outDegree.set(parent, (outDegree.get(parent) ?? 0) + 1);
  }
  const seen = new Set<string>();
  const toEdge = (edge: LineageInputEdge): LineageEdge | null => {
    const parent = positions.get(edge.parent.id.toLowerCase());
    const child = positions.get(edge.child.id.toLowerCase());
    const key = `${edge.parent.id.toLowerCase()}>${edge.child.id.toLowerCase()}`;
    if (!parent || !child || seen.has(key)) return null;
    seen.add(key);
    const x1 = parent.x + NODE_WIDTH / 2;
    const y1 = parent.y + nodeHeight;
    const x2 = child.x + NODE_WIDTH / 2;
    const y2 = child.y;
    const t = (inDegree.get(child.id) ?? 0) > 1 ? 0.3 : (outDegree.get(parent.id) ?? 0) > 1 ? 0.7 : 0.5;
    const [labelX, labelY] = curvePoint(x1, y1, x2, y2, t);
    return { parent: parent.id, child: child.id, derivation: labelValue("derivation", edge.derivation), x1, y1, x2, y2, labelX, labelY };
  };
  const edges = [...input.up, ...input.down].map(toEdge).filter((e): e is LineageEdge => e !== null);
  return {
    width,
    height,
    nodeWidth: NODE_WIDTH,
    nodeHeight,
    nodes: [...positions.values()],
    edges,
    parents: edges.filter((e) => e.child === rootId),
    children: edges.filter((e) => e.parent === rootId),
    truncatedUp: input.truncatedUp,
    truncatedDown: input.truncatedDown,
  };
}

/**
 * The point at `t` (0 at the parent, 1 at the child) of the edge's curve: a cubic Bézier leaving the
 * parent straight down and entering the child straight down, as ui/lineage.ts draws it.
 */
export function curvePoint(x1: number, y1: number, x2: number, y2: number, t: number): [number, number] {
  const middle = (y1 + y2) / 2;
  const a = (1 - t) ** 3;
  const b = 3 * (1 - t) ** 2 * t;
  const c = 3 * (1 - t) * t ** 2;
  const d = t ** 3;
  return [a * x1 + b * x1 + c * x2 + d * x2, a * y1 + b * middle + c * middle + d * y2];
}

/**
 * The input for the indexer's lineage answer. A side is drawn cut short when generations lie beyond the
 * depth asked, or when it has more derivations than the page drawn.
 */
export function lineageFromIndexer(root: LineageInputNode, lineage: IndexedLineage, lang = "en"): LineageInput {
  const node = (n: LineageNodeData): LineageInputNode => {
    const title = metadataTitle(n.metadataDocument, lang);
    return title ? { ...n, title } : n;
  };
  const edges = (side: IndexedLineageSide) => side.edges.items.map((s) => ({ depth: s.depth, derivation: s.edge.derivation, parent: node(s.edge.parent), child: node(s.edge.child) }));
  const cut = (side: IndexedLineageSide) => side.truncated || side.edges.pageInfo.hasNextPage;
  return { root, up: edges(lineage.up), down: edges(lineage.down), truncatedUp: cut(lineage.up), truncatedDown: cut(lineage.down) };
}

/**
 * The input for the chain's answer alone (direct parents, from the registration's events), for when
 * the indexer cannot be reached; `statuses` are the parents' statuses read from the chain (by
 * lower-case id), and a parent without one shows as not read.
 */
export function lineageFromChain(
  root: LineageInputNode,
  parents: readonly { datasetId: string; derivation: string }[],
  statuses: ReadonlyMap<string, string> = new Map(),
): LineageInput {
  return {
    root,
    up: parents.map((p) => ({ depth: 1, derivation: p.derivation, parent: { id: p.datasetId, status: statuses.get(p.datasetId.toLowerCase()) ?? "unknown" }, child: root })),
    down: [],
    truncatedUp: false,
    truncatedDown: false,
  };
}
