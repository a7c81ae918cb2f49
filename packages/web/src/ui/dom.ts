/**
 * A few lines of DOM building, so the rendering modules read like markup. Text always goes in as text
 * nodes (never HTML), so nothing read from the chain or the indexer can inject markup.
 */

export type Child = Node | string | null | undefined | false | readonly Child[];
type Listener = (event: Event) => void;
export type Attributes = Record<string, string | number | boolean | null | undefined | Listener>;

/** Properties set on the element rather than as attributes (their attributes only set defaults). */
const PROPERTIES = new Set(["value", "checked"]);

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === "string" ? document.createTextNode(child) : (child as Node));
  }
}

function apply(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(name)) (element as unknown as Record<string, unknown>)[name] = value;
    // Through the CSSOM: a style attribute is inline style, which the page's Content-Security-Policy refuses.
    else if (name === "style") (element as HTMLElement | SVGElement).style.cssText = String(value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
}

/** An HTML element. Attributes named `onX` with a function value are listeners for event `x`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  append(element, children);
  // After the children, so a <select>'s value can pick one of its options.
  apply(element, attributes);
  return element;
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element. */
export function s(tag: string, attributes: Attributes = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG, tag) as SVGElement;
  apply(element, attributes);
  append(element, children);
  return element;
}

/** Replaces an element's content, keeping keyboard focus on the element with the same id if there was one. */
export function replaceContent(target: Element, ...children: Child[]): void {
  const active = document.activeElement;
  const focusedId = active && target.contains(active) && active.id ? active.id : null;
  const fragment = document.createDocumentFragment();
  append(fragment, children);
  target.replaceChildren(fragment);
  if (focusedId) document.getElementById(focusedId)?.focus();
}
