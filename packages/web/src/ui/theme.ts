/**
 * The colours, in one place so their contrast can be checked (WCAG 2.1: at least 4.5:1 for text).
 * styles.css reads them as CSS custom properties, set from here at start-up.
 */
import type { VerdictStatus } from "../view/verdict.js";

export const palette = {
  text: "#1b2230",
  muted: "#4a5568",
  background: "#ffffff",
  surface: "#f4f6f9",
  border: "#c9d1dc",
  link: "#0b57a4",
  focus: "#b45309",
  accent: "#0b57a4",
  accentText: "#ffffff",
  warningBackground: "#fff4e5",
  warningText: "#7a3e00",
  errorBackground: "#fdecea",
  errorText: "#9b1c1c",
} as const;

/** Each verdict's colours: text on a tinted background, and a border. */
export const statusColours: Readonly<Record<VerdictStatus | "unknown", { background: string; text: string; border: string }>> = {
  confirmed: { background: "#e6f4ea", text: "#14532d", border: "#2f855a" },
  notice: { background: "#e8f0fe", text: "#1e3a8a", border: "#3b6fd8" },
  pending: { background: "#fef6e0", text: "#713f12", border: "#b7791f" },
  disputed: { background: "#fdecea", text: "#8b1a1a", border: "#c53030" },
  rejected: { background: "#f3e8e8", text: "#6b1f1f", border: "#7b2d2d" },
  refused: { background: "#f3e8e8", text: "#6b1f1f", border: "#7b2d2d" },
  withdrawn: { background: "#eceff3", text: "#374151", border: "#6b7280" },
  revoked: { background: "#f5e6ef", text: "#6b1240", border: "#9d2a63" },
  frozen: { background: "#e3f2f8", text: "#0c4a6e", border: "#2b7a9e" },
  retired: { background: "#eceff3", text: "#374151", border: "#6b7280" },
  "not-registered": { background: "#f1f2f4", text: "#2d3440", border: "#7a8494" },
  unknown: { background: "#f1f2f4", text: "#2d3440", border: "#7a8494" },
};

/** The relative luminance of a `#rrggbb` colour (WCAG 2.1). */
export function luminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((c) => {
    const v = Number.parseInt(c, 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The palette as CSS custom properties (`--text`, `--status-confirmed-bg`, …). */
export function cssVariables(): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries(palette)) variables[`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] = value;
  for (const [status, colours] of Object.entries(statusColours)) {
    variables[`--status-${status}-bg`] = colours.background;
    variables[`--status-${status}-text`] = colours.text;
    variables[`--status-${status}-border`] = colours.border;
  }
  return variables;
}
