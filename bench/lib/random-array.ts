// Deterministic pseudo-random arrays for benchmarks and calibration (values in [-0.5, 0.5)).
import { array, type DType, type NDArray } from '../../src/index.js';

export function seededArray(shape: number[], dtype: DType, seed: number): NDArray {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 4294967296 - 0.5;
  }
  return array(data, shape);
}
