// Kernels of the demo page, built by hand (only convnd's public API is used for the
// filtering itself). Each returns { data: Float32Array, size } for a size x size kernel.

/** 2-D Gaussian, radius int(4 sigma + 0.5) as scipy.ndimage, normalised to sum 1. */
export function gaussianKernel(sigma) {
  const radius = Math.max(1, Math.trunc(4 * sigma + 0.5));
  const size = 2 * radius + 1;
  const data = new Float32Array(size * size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const y = i - radius, x = j - radius;
      const v = Math.exp(-(x * x + y * y) / (2 * sigma * sigma));
      data[i * size + j] = v;
      sum += v;
    }
  }
  for (let k = 0; k < data.length; k++) data[k] /= sum;
  return { data, size };
}

/** Sobel derivative along x (columns). */
export function sobelKernel() {
  return { data: Float32Array.of(1, 0, -1, 2, 0, -2, 1, 0, -1), size: 3 };
}

/** size x size mean filter. */
export function boxKernel(size) {
  return { data: new Float32Array(size * size).fill(1 / (size * size)), size };
}

/** 31 x 31 seeded random weights in [0, 1), normalised to sum 1. */
export function randomKernel(seed = 1, size = 31) {
  let s = seed >>> 0;
  const data = new Float32Array(size * size);
  let sum = 0;
  for (let k = 0; k < data.length; k++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[k] = s / 4294967296;
    sum += data[k];
  }
  for (let k = 0; k < data.length; k++) data[k] /= sum;
  return { data, size };
}

/** A square matrix typed as rows of numbers ("1 2 1; 0 0 0; -1 -2 -1" or one row a line). */
export function parseKernel(text) {
  const rows = text.trim().split(/[;\n]+/).map((r) => r.trim()).filter(Boolean)
    .map((r) => r.split(/[\s,]+/).filter(Boolean).map(Number));
  const size = rows.length;
  if (size === 0) throw new Error('type at least one row of numbers');
  if (rows.some((r) => r.length !== size)) throw new Error(`the matrix must be square: ${size} rows, but row lengths ${rows.map((r) => r.length).join(', ')}`);
  if (rows.some((r) => r.some((v) => !Number.isFinite(v)))) throw new Error('every entry must be a number');
  return { data: Float32Array.from(rows.flat()), size };
}

/**
 * Filtered RGB values -> displayable 0..255 bytes: clamped when the kernel averages
 * (sum near 1), else the absolute value scaled to the largest (edge detectors).
 */
export function toDisplay(values, kernel) {
  const sum = kernel.data.reduce((a, b) => a + b, 0);
  const out = new Uint8ClampedArray(values.length);
  if (Math.abs(sum) > 1e-3) {
    for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i] / sum);
    return out;
  }
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]));
  const scale = max > 0 ? 255 / max : 0;
  for (let i = 0; i < values.length; i++) out[i] = Math.round(Math.abs(values[i]) * scale);
  return out;
}
