// Prints the gzipped size of the JavaScript the first page (the public board)
// loads: the entry chunk, the Board page's chunk and everything they import
// statically, from dist/.vite/manifest.json.   node scripts/first-page-size.mjs
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const manifest = JSON.parse(readFileSync("dist/.vite/manifest.json", "utf8"));
const seen = new Set();
function walk(key) {
  if (seen.has(key)) return;
  seen.add(key);
  for (const k of manifest[key].imports ?? []) walk(k);
}
walk("index.html");
const board = Object.keys(manifest).find((k) => k.endsWith("pages/Board.tsx"));
walk(board);
let raw = 0, gz = 0;
for (const k of seen) {
  const file = manifest[k].file;
  if (!file.endsWith(".js")) continue;
  const b = readFileSync(`dist/${file}`);
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
}
console.log(`first page (/board): ${seen.size} chunks, ${(raw / 1024).toFixed(1)} KB raw, ${(gz / 1024).toFixed(1)} KB gzipped`);
if (gz > 500 * 1024) {
  console.error("over the 500 KB budget");
  process.exit(1);
}
