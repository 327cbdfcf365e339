// Redraws the chart of a bench:nn result file: npx tsx bench/nn-chart.ts bench/results/nn-<date>.json
import { readFileSync, writeFileSync } from 'node:fs';
import { groupedBarChartSvg } from './lib/svg-chart.js';

for (const file of process.argv.slice(2)) {
  const { results } = JSON.parse(readFileSync(file, 'utf8')) as { results: { layer: string; medianMs: Record<string, number> }[] };
  const series = ['convnd', 'tfjs-wasm', 'tfjs-wasm+upload', 'tfjs-cpu'];
  const groups = results.map((r) => ({ label: r.layer.split(' ')[0]! + (r.layer.includes('backward') ? ' bwd' : ''), values: r.medianMs }));
  writeFileSync(file.replace(/\.json$/, '.svg'), groupedBarChartSvg('nn layers, float32 NHWC, one thread: median ms (log scale)', series, groups));
  console.log(`wrote ${file.replace(/\.json$/, '.svg')}`);
}
