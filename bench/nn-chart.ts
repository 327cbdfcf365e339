// The chart of a bench:nn result file (bench/nn.ts writes it after every run). Redraw one:
// npx tsx bench/nn-chart.ts bench/results/nn-<date>.json
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { groupedBarChartSvg } from './lib/svg-chart.js';

export interface NnResult { layer: string; medianMs: Record<string, number> }

/** Writes <file>.svg: median ms per layer, one bar per runner (convnd per thread count, peers). */
export function writeNnChart(file: string, results: NnResult[]): void {
  const series = [...new Set(results.flatMap((r) => Object.keys(r.medianMs)))];
  const groups = results.map((r) => ({ label: r.layer.split(' ')[0]! + (r.layer.includes('backward') ? ' bwd' : ''), values: r.medianMs }));
  const svg = file.replace(/\.json$/, '.svg');
  writeFileSync(svg, groupedBarChartSvg('nn layers, float32 NHWC: median ms (log scale)', series, groups));
  console.log(`wrote ${svg}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of process.argv.slice(2)) writeNnChart(file, (JSON.parse(readFileSync(file, 'utf8')) as { results: NnResult[] }).results);
}
