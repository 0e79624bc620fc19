import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { zh } from "./zh";
import { en } from "./en";

function leaves(o: object, prefix = ""): [string, string][] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === "string" ? [[prefix + k, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`));
}

const keys = (o: object) => leaves(o).map(([k]) => k);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(tsx?)$/.test(f) && !f.endsWith(".test.ts") ? [p] : [];
  });
}

describe("translations", () => {
  it("have the same keys in Chinese and English, none empty", () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const [k, v] of [...leaves(en), ...leaves(zh)]) expect(v.trim(), k).not.toBe("");
  });
  it("cover every key the pages use", () => {
    const all = new Set(keys(zh));
    const used = new Set<string>();
    for (const f of sources(join(dirname(fileURLToPath(import.meta.url)), ".."))) {
      for (const m of readFileSync(f, "utf8").matchAll(/\bt\("([a-zA-Z0-9_.]+)"/g)) used.add(m[1]);
    }
    const missing = [...used].filter((k) => !all.has(k));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });
});
