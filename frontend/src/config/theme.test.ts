import { describe, expect, it } from "vitest";
import { theme } from "antd";
import { appTheme } from "./theme";

// WCAG 2 contrast of two colours (#rrggbb or rgba(r, g, b, a) over a background).
function rgb(color: string, over: [number, number, number] = [255, 255, 255]): [number, number, number] {
  const hex = /^#([0-9a-f]{6})$/i.exec(color);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16)) as [number, number, number];
  const m = /^rgba?\(([^)]+)\)$/.exec(color);
  if (!m) throw new Error(`colour ${color}`);
  const [r, g, b, a = 1] = m[1].split(",").map(Number);
  return [r, g, b].map((c, i) => c * a + over[i] * (1 - a)) as [number, number, number];
}
function luminance([r, g, b]: [number, number, number]) {
  const f = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
function contrast(a: [number, number, number], b: [number, number, number]) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

describe("the app's theme", () => {
  const token = theme.getDesignToken(appTheme(false)) as unknown as Record<string, string>;

  it("writes secondary text, placeholders and links at WCAG AA contrast on white and on the page's grey", () => {
    for (const bg of [[255, 255, 255], [245, 245, 245]] as [number, number, number][]) {
      for (const key of ["colorText", "colorTextSecondary", "colorTextTertiary", "colorTextDescription", "colorTextPlaceholder", "colorLink"]) {
        expect(contrast(rgb(token[key], bg), bg), `${key} on rgb(${bg})`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("gives every light preset tag readable text", () => {
    for (const c of ["blue", "purple", "cyan", "green", "magenta", "red", "orange", "volcano", "geekblue", "lime", "gold"]) {
      expect(contrast(rgb(token[`${c}7`]), rgb(token[`${c}1`])), c).toBeGreaterThanOrEqual(4.5);
    }
  });
});
