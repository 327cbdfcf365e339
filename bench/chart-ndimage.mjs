// Draws the newest (or the given) bench/results/ndimage-*.json as an SVG bar chart:
// speedup over SciPy per case (median and minimum ratios) with the targets.
// Usage: node bench/chart-ndimage.mjs [results.json]  -> writes results.svg next to it.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, 'results');
const file = process.argv[2] ?? join(dir, readdirSync(dir).filter((f) => /^ndimage-.*\.json$/.test(f)).sort().pop());
const { machine, results } = JSON.parse(readFileSync(file, 'utf8'));
const rowH = 26, left = 260, width = 520, top = 50;
const max = Math.max(5, ...results.map((r) => Math.max(r.speedup, r.speedupOfMins ?? 0)));
const x = (v) => left + (Math.log2(1 + v) / Math.log2(1 + max)) * width;
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const parts = [];
parts.push(`<text x="10" y="20" font-size="14" font-weight="bold">convnd vs scipy.ndimage: speedup (log scale), ${esc(machine.cpu)} x${machine.cores}, node ${esc(machine.node)}, scipy ${esc(machine.scipy)}</text>`);
parts.push(`<text x="10" y="38" font-size="11">dark bar: ratio of medians; light bar: ratio of minimums; red tick: the issue's target; machine shared and loaded</text>`);
for (const t of [1, 2, 3, 5, 10, 20]) {
  if (t > max) continue;
  parts.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${top - 5}" y2="${top + results.length * rowH}" stroke="#ddd"/>`);
  parts.push(`<text x="${x(t)}" y="${top + results.length * rowH + 14}" font-size="10" text-anchor="middle">x${t}</text>`);
}
results.forEach((r, i) => {
  const y = top + i * rowH;
  parts.push(`<text x="${left - 6}" y="${y + 15}" font-size="11" text-anchor="end">${esc(r.case)}</text>`);
  if (r.speedupOfMins !== undefined) parts.push(`<rect x="${left}" y="${y + 3}" width="${x(r.speedupOfMins) - left}" height="18" fill="#9ecae1"/>`);
  parts.push(`<rect x="${left}" y="${y + 7}" width="${x(r.speedup) - left}" height="10" fill="#3182bd"/>`);
  parts.push(`<text x="${Math.max(x(r.speedup), x(r.speedupOfMins ?? 0)) + 4}" y="${y + 15}" font-size="10">x${r.speedup.toFixed(2)} / x${(r.speedupOfMins ?? NaN).toFixed(2)}</text>`);
  if (r.target) parts.push(`<line x1="${x(r.target)}" x2="${x(r.target)}" y1="${y + 1}" y2="${y + 23}" stroke="red" stroke-width="2"/>`);
});
const h = top + results.length * rowH + 30;
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 120}" height="${h}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="white"/>\n${parts.join('\n')}\n</svg>\n`;
const out = file.replace(/\.json$/, '.svg');
writeFileSync(out, svg);
console.log(`wrote ${out}`);
