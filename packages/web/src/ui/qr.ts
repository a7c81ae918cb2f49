/**
 * A QR code as SVG elements (uqr computes the matrix; no canvas, no inline script, no style attribute,
 * so the page's Content-Security-Policy has nothing to refuse).
 */
import { encode } from "uqr";
import { s } from "./dom.js";

/** The QR code of `text`, one path of unit squares in a square viewBox with a quiet zone of 2 modules. */
export function qrCode(text: string, label: string): SVGElement {
  const { data, size } = encode(text, { ecc: "M", border: 2 });
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return s(
    "svg",
    { class: "qr", viewBox: `0 0 ${size} ${size}`, role: "img", "aria-label": label, "shape-rendering": "crispEdges", "data-testid": "qr", "data-text": text },
    s("title", {}, label),
    s("rect", { class: "qr-light", width: size, height: size }),
    s("path", { class: "qr-dark", d: path }),
  );
}
