// Draws a grouped bar chart (log-scale times) as a standalone SVG string.

export interface BarGroup {
  label: string;
  /** Series name -> value in milliseconds (missing = not measured). */
  values: Record<string, number | undefined>;
}

const PALETTE = ['#1b9e77', '#d95f02', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#666666'];

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Horizontal grouped bars, one group per case, log10 time axis. */
export function groupedBarChartSvg(title: string, series: string[], groups: BarGroup[]): string {
  const barH = 9, groupGap = 14, left = 190, width = 900, plotW = width - left - 30;
  const top = 50 + 16 * Math.ceil(series.length / 4);
  const groupH = series.length * barH + groupGap;
  const height = top + groups.length * groupH + 40;
  const all = groups.flatMap((g) => Object.values(g.values).filter((v): v is number => v !== undefined && v > 0));
  const lo = Math.floor(Math.log10(Math.min(...all))), hi = Math.ceil(Math.log10(Math.max(...all)));
  const x = (v: number) => left + ((Math.log10(v) - lo) / Math.max(1, hi - lo)) * plotW;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(`<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  series.forEach((s, i) => {
    const lx = 20 + (i % 4) * 220, ly = 38 + 16 * Math.floor(i / 4);
    out.push(`<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`);
    out.push(`<text x="${lx + 14}" y="${ly}">${escapeXml(s)}</text>`);
  });
  for (let p = lo; p <= hi; p++) {
    const gx = x(10 ** p);
    out.push(`<line x1="${gx}" y1="${top - 5}" x2="${gx}" y2="${height - 30}" stroke="#ddd"/>`);
    out.push(`<text x="${gx}" y="${height - 15}" text-anchor="middle">${10 ** p >= 1 ? 10 ** p : (10 ** p).toPrecision(1)} ms</text>`);
  }
  groups.forEach((g, gi) => {
    const gy = top + gi * groupH;
    out.push(`<text x="${left - 8}" y="${gy + (series.length * barH) / 2 + 4}" text-anchor="end">${escapeXml(g.label)}</text>`);
    series.forEach((s, si) => {
      const v = g.values[s];
      if (v === undefined || !(v > 0)) return;
      const y = gy + si * barH;
      out.push(`<rect x="${left}" y="${y}" width="${Math.max(1, x(v) - left)}" height="${barH - 1}" fill="${PALETTE[si % PALETTE.length]}"><title>${escapeXml(`${s}: ${v.toFixed(3)} ms`)}</title></rect>`);
    });
  });
  out.push('</svg>');
  return out.join('\n');
}
