/**
 * The lineage graph as SVG (laid out by view/lineage.ts), each dataset a link to its page, and the
 * same links as a list beneath it for screen readers and narrow screens.
 */
import { routeHref } from "../routes.js";
import type { LineageEdge, LineageLayout } from "../view/lineage.js";
import type { RenderContext } from "./context.js";
import { h, s } from "./dom.js";
import { shortHex } from "./text.js";

export function renderLineage({ text }: RenderContext, layout: LineageLayout): Node {
  const { tr } = text;
  const statusOf = (id: string) => layout.nodes.find((n) => n.id === id)?.status;
  const graph = s(
    "svg",
    {
      class: "lineage-graph",
      viewBox: `0 0 ${layout.width} ${layout.height}`,
      // Its own size at most; narrower frames shrink it to 70 % before it scrolls sideways.
      style: `width: 100%; max-width: ${layout.width}px; min-width: ${Math.round(layout.width * 0.7)}px; height: auto`,
      role: "group",
      "aria-label": tr.t("lineage.graph", { parents: layout.parents.length, children: layout.children.length }),
      "data-testid": "lineage-graph",
    },
    s(
      "defs",
      {},
      s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "9", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, s("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow-head" })),
    ),
    layout.edges.map((edge) => {
      const label = tr.value(edge.derivation);
      const labelWidth = Math.max(40, label.length * (tr.lang === "en" ? 7 : 13) + 12);
      return s(
        "g",
        { class: "edge" },
        s("title", {}, tr.t("lineage.edge", { parent: { kind: "raw", text: shortHex(edge.parent) }, child: { kind: "raw", text: shortHex(edge.child) }, derivation: edge.derivation })),
        s("path", { d: curve(edge), class: "edge-line", "marker-end": "url(#arrow)" }),
        s("rect", { x: edge.labelX - labelWidth / 2, y: edge.labelY - 10, width: labelWidth, height: 20, rx: 10, class: "edge-label-bg" }),
        s("text", { x: edge.labelX, y: edge.labelY + 4, class: "edge-label", "text-anchor": "middle" }, label),
      );
    }),
    layout.nodes.map((node) => {
      const status = tr.value(node.status);
      const centre = node.x + layout.nodeWidth / 2;
      // Titled drawings give each box a line more: the title, the id below it in small type, the status.
      const titled = layout.nodeHeight > 48;
      const box = s(
        "g",
        { class: node.root ? "node root" : "node" },
        s("rect", { x: node.x, y: node.y, width: layout.nodeWidth, height: layout.nodeHeight, rx: 8 }),
        node.title ? s("title", {}, node.title) : null,
        node.title ? s("text", { x: centre, y: node.y + 19, "text-anchor": "middle", class: "node-title", translate: "no" }, fitTitle(node.title, layout.nodeWidth - 20)) : null,
        s("text", { x: centre, y: node.y + (titled ? (node.title ? 36 : 28) : 20), "text-anchor": "middle", class: node.title ? "node-id small" : "node-id", translate: "no" }, shortHex(node.id)),
        s("text", { x: centre, y: node.y + (titled ? 54 : 38), "text-anchor": "middle", class: "node-status" }, node.root ? `${tr.t("lineage.this")} · ${status}` : status),
      );
      if (node.root) return box;
      return s(
        "a",
        {
          href: routeHref({ kind: "dataset", datasetId: node.id }, location.search),
          "data-internal": true,
          "aria-label": tr.t("lineage.node", { id: { kind: "raw", text: node.title ? `${node.title} (${shortHex(node.id)})` : shortHex(node.id) }, status: node.status }),
        },
        box,
      );
    }),
  );
  const list = (edges: readonly LineageEdge[], other: (e: LineageEdge) => `0x${string}`) =>
    edges.length === 0
      ? h("p", { class: "muted" }, tr.t("lineage.nothing"))
      : h(
          "ul",
          {},
          edges.map((e) => {
            const node = layout.nodes.find((n) => n.id === other(e));
            const status = statusOf(other(e));
            return h(
              "li",
              {},
              node?.title ? [h("span", { translate: "no", class: "lineage-title" }, node.title), " "] : null,
              // Beside its title, the dataset's link is its id (the title would say it twice).
              node?.title
                ? h("a", { href: routeHref({ kind: "dataset", datasetId: other(e) }, location.search), "data-internal": true, class: "hex", translate: "no", title: other(e) }, shortHex(other(e)))
                : text.value({ kind: "dataset", id: other(e) }),
              " — ",
              text.value(e.derivation),
              status ? [" · ", text.value(status)] : null,
            );
          }),
        );
  const frame = h("div", { class: "graph-wrap" }, graph);
  // The dataset is in the middle of the drawing: where the frame is narrower, show the middle.
  const centre = new ResizeObserver(() => {
    if (!frame.isConnected) return;
    frame.scrollLeft = (frame.scrollWidth - frame.clientWidth) / 2;
  });
  centre.observe(frame);
  return h(
    "div",
    { class: "lineage" },
    layout.truncatedUp ? h("p", { class: "muted" }, tr.t("lineage.truncatedUp")) : null,
    frame,
    layout.truncatedDown ? h("p", { class: "muted" }, tr.t("lineage.truncatedDown")) : null,
    h(
      "div",
      { class: "lineage-lists" },
      h("div", {}, h("h3", {}, tr.t("lineage.parents")), list(layout.parents, (e) => e.parent)),
      h("div", {}, h("h3", {}, tr.t("lineage.children")), list(layout.children, (e) => e.child)),
    ),
  );
}

/** A title cut to fit `width` px of the node's type (CJK characters are about twice as wide as Latin ones). */
function fitTitle(title: string, width: number): string {
  const chars = [...title];
  // The title is bold 13 px type: about 8 px a Latin character, 13.5 a CJK one.
  const widthOf = (c: string) => (/[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 13.5 : 8);
  let used = 0;
  for (let i = 0; i < chars.length; i++) {
    used += widthOf(chars[i]!);
    if (used > width) return `${chars.slice(0, Math.max(1, i - 1)).join("")}…`;
  }
  return title;
}

/** A smooth vertical S-curve from a parent's bottom to a child's top. */
function curve(edge: LineageEdge): string {
  const middle = (edge.y1 + edge.y2) / 2;
  return `M ${edge.x1} ${edge.y1} C ${edge.x1} ${middle}, ${edge.x2} ${middle}, ${edge.x2} ${edge.y2}`;
}
