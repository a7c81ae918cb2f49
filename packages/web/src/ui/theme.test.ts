import { describe, expect, it } from "vitest";
import { contrast, cssVariables, palette, statusColours } from "./theme.js";

describe("the palette", () => {
  it("computes WCAG contrast ratios", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("gives text at least 4.5:1 against every background it is shown on", () => {
    const pairs: [string, string, string][] = [
      ["text on background", palette.text, palette.background],
      ["text on surface", palette.text, palette.surface],
      ["muted on background", palette.muted, palette.background],
      ["muted on surface", palette.muted, palette.surface],
      ["link on background", palette.link, palette.background],
      ["link on surface", palette.link, palette.surface],
      ["button text on accent", palette.accentText, palette.accent],
      ["accent on background", palette.accent, palette.background],
      ["warning", palette.warningText, palette.warningBackground],
      ["error", palette.errorText, palette.errorBackground],
      ...Object.entries(statusColours).flatMap(([status, c]): [string, string, string][] => [
        [`${status} text`, c.text, c.background],
        // The verdict icon's glyph: the background colour on the text colour.
        [`${status} icon`, c.background, c.text],
      ]),
    ];
    const failing = pairs.filter(([, fg, bg]) => contrast(fg, bg) < 4.5).map(([what, fg, bg]) => `${what}: ${contrast(fg, bg).toFixed(2)}`);
    expect(failing).toEqual([]);
  });

  it("makes focus rings and borders visible against the page (3:1 for non-text)", () => {
    expect(contrast(palette.focus, palette.background)).toBeGreaterThanOrEqual(3);
    expect(contrast(palette.focus, palette.surface)).toBeGreaterThanOrEqual(3);
    for (const c of Object.values(statusColours)) expect(contrast(c.border, c.background)).toBeGreaterThanOrEqual(3);
  });

  it("exposes every colour as a CSS custom property", () => {
    const variables = cssVariables();
    expect(variables["--text"]).toBe(palette.text);
    expect(variables["--warning-background"]).toBe(palette.warningBackground);
    expect(variables["--status-not-registered-text"]).toBe(statusColours["not-registered"].text);
  });
});
