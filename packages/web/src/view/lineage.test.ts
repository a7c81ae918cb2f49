import { describe, expect, it } from "vitest";
import { createTranslator } from "../i18n/translate.js";
import { NODE_HEIGHT, NODE_WIDTH, type LineageInput, curvePoint, layoutLineage, lineageFromChain, lineageFromIndexer } from "./lineage.js";

const id = (c: string) => `0x${c.repeat(64)}`;
const node = (c: string, status = "confirmed") => ({ id: id(c), status, metadataDocument: null });
const en = createTranslator("en");

/** a, b → root (a by aggregation, b by de-identification); c → a; root → d → e; root → f. */
const family: LineageInput = {
  root: node("0"),
  up: [
    { depth: 1, derivation: "aggregation", parent: node("a"), child: node("0") },
    { depth: 1, derivation: "de-identification", parent: node("b", "notice"), child: node("0") },
    { depth: 2, derivation: "revision", parent: node("c"), child: node("a") },
  ],
  down: [
    { depth: 1, derivation: "transformation", parent: node("0"), child: node("d", "pending") },
    { depth: 2, derivation: "model-training", parent: node("d", "pending"), child: node("e") },
    { depth: 1, derivation: "revision", parent: node("0"), child: node("f") },
  ],
  truncatedUp: false,
  truncatedDown: true,
};

describe("layoutLineage", () => {
  it("puts ancestors above and descendants below, one row per generation", () => {
    const layout = layoutLineage(family);
    const generation = Object.fromEntries(layout.nodes.map((n) => [n.id[2], n.generation]));
    expect(generation).toEqual({ "0": 0, a: -1, b: -1, c: -2, d: 1, f: 1, e: 2 });
    const rowY = (g: number) => new Set(layout.nodes.filter((n) => n.generation === g).map((n) => n.y));
    for (const g of [-2, -1, 0, 1, 2]) expect(rowY(g).size).toBe(1);
    expect([...rowY(-2)][0]!).toBeLessThan([...rowY(-1)][0]!);
    expect([...rowY(1)][0]!).toBeLessThan([...rowY(2)][0]!);
    expect(layout.nodes.find((n) => n.root)?.id).toBe(id("0"));
    expect(layout.truncatedDown).toBe(true);
  });

  it("keeps every box inside the drawing and none overlapping", () => {
    const layout = layoutLineage(family);
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + NODE_WIDTH).toBeLessThanOrEqual(layout.width);
      expect(n.y + NODE_HEIGHT).toBeLessThanOrEqual(layout.height);
    }
    for (const a of layout.nodes) {
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart = a.x + NODE_WIDTH <= b.x || b.x + NODE_WIDTH <= a.x || a.y + NODE_HEIGHT <= b.y || b.y + NODE_HEIGHT <= a.y;
        expect(apart, `${a.id} and ${b.id}`).toBe(true);
      }
    }
  });

  it("draws each edge from the parent's bottom to the child's top, labelled with its derivation", () => {
    const layout = layoutLineage(family);
    expect(layout.edges).toHaveLength(6);
    for (const edge of layout.edges) {
      const parent = layout.nodes.find((n) => n.id === edge.parent)!;
      const child = layout.nodes.find((n) => n.id === edge.child)!;
      expect([edge.x1, edge.y1]).toEqual([parent.x + NODE_WIDTH / 2, parent.y + NODE_HEIGHT]);
      expect([edge.x2, edge.y2]).toEqual([child.x + NODE_WIDTH / 2, child.y]);
    }
    expect(layout.parents.map((e) => [e.parent[2], en.value(e.derivation)])).toEqual([
      ["a", "aggregation"],
      ["b", "de-identification"],
    ]);
    expect(layout.children.map((e) => e.child[2])).toEqual(["d", "f"]);
  });

  it("places a dataset reached at two distances once, nearest the root, and draws a repeated edge once", () => {
    const layout = layoutLineage({
      ...family,
      up: [...family.up, { depth: 2, derivation: "revision", parent: node("b", "notice"), child: node("a") }, family.up[0]!],
    });
    expect(layout.nodes.filter((n) => n.id === id("b"))).toHaveLength(1);
    expect(layout.nodes.find((n) => n.id === id("b"))!.generation).toBe(-1);
    expect(layout.edges.filter((e) => e.parent === id("a") && e.child === id("0"))).toHaveLength(1);
  });

  it("draws a lone dataset as one box", () => {
    const layout = layoutLineage({ root: node("0"), up: [], down: [], truncatedUp: false, truncatedDown: false });
    expect(layout.nodes).toHaveLength(1);
    expect(layout.edges).toEqual([]);
    expect(layout.width).toBe(NODE_WIDTH + 32);
  });

  it("takes the indexer's lineage, or the chain's direct parents", () => {
    const fromIndexer = lineageFromIndexer(node("0"), {
      up: { truncated: true, edges: { items: [{ depth: 1, edge: { derivation: "revision", parent: node("a"), child: node("0") } }], pageInfo: { hasNextPage: false } } },
      down: { truncated: false, edges: { items: [], pageInfo: { hasNextPage: false } } },
    });
    expect(fromIndexer).toEqual({ root: node("0"), up: [{ depth: 1, derivation: "revision", parent: node("a"), child: node("0") }], down: [], truncatedUp: true, truncatedDown: false });
    // More derivations than the page drawn: cut short too, though no generation lies beyond the depth.
    const crowded = lineageFromIndexer(node("0"), {
      up: { truncated: false, edges: { items: [], pageInfo: { hasNextPage: false } } },
      down: { truncated: false, edges: { items: [{ depth: 1, edge: { derivation: "aggregation", parent: node("0"), child: node("b") } }], pageInfo: { hasNextPage: true } } },
    });
    expect([crowded.truncatedUp, crowded.truncatedDown]).toEqual([false, true]);
    const fromChain = layoutLineage(lineageFromChain(node("0"), [{ datasetId: id("a"), derivation: "aggregation" }]));
    expect(fromChain.parents).toHaveLength(1);
    expect(en.value(fromChain.nodes.find((n) => !n.root)!.status)).toBe("Status not read");
    const withStatus = layoutLineage(lineageFromChain(node("0"), [{ datasetId: id("a"), derivation: "aggregation" }], new Map([[id("a"), "retired"]])));
    expect(en.value(withStatus.nodes.find((n) => !n.root)!.status)).toBe("Retired");
  });

  it("names datasets by their titles in the reader's language, with a taller box for the id below", () => {
    const titled = { ...node("a"), metadataDocument: JSON.stringify({ title: { en: "Outpatient visits", "zh-CN": "门诊就诊记录" } }) };
    type Node = { id: string; status: string; metadataDocument: string | null };
    const side = (items: { depth: number; edge: { derivation: string; parent: Node; child: Node } }[]) => ({ truncated: false, edges: { items, pageInfo: { hasNextPage: false } } });
    const lineage = { up: side([{ depth: 1, edge: { derivation: "revision", parent: titled, child: node("0") } }]), down: side([]) };
    const zh = layoutLineage(lineageFromIndexer(node("0"), lineage, "zh-CN"));
    expect(zh.nodes.find((n) => n.id === id("a"))!.title).toBe("门诊就诊记录");
    expect(zh.nodes.find((n) => n.root)!.title).toBeNull();
    expect(zh.nodeHeight).toBeGreaterThan(NODE_HEIGHT);
    expect(layoutLineage(lineageFromIndexer(node("0"), lineage, "en")).nodes.find((n) => n.id === id("a"))!.title).toBe("Outpatient visits");
    // Without titles the boxes keep their height.
    expect(layoutLineage(family).nodeHeight).toBe(NODE_HEIGHT);
  });

  it("puts the labels of edges that meet at one box apart, on their curves", () => {
    const layout = layoutLineage(family);
    const label = (parent: string, child: string) => layout.edges.find((e) => e.parent === id(parent) && e.child === id(child))!;
    // Two parents meet at the root: their labels sit toward the parents, far enough apart for two words.
    expect(Math.abs(label("a", "0").labelX - label("b", "0").labelX)).toBeGreaterThan(120);
    // Two children leave the root: their labels sit toward the children.
    expect(Math.abs(label("0", "d").labelX - label("0", "f").labelX)).toBeGreaterThan(120);
    // A lone edge's label is halfway.
    const lone = label("d", "e");
    expect([lone.labelX, lone.labelY]).toEqual([(lone.x1 + lone.x2) / 2, (lone.y1 + lone.y2) / 2]);
    expect(curvePoint(0, 0, 100, 100, 0)).toEqual([0, 0]);
    expect(curvePoint(0, 0, 100, 100, 1)).toEqual([100, 100]);
  });
});
