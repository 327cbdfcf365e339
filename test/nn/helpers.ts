// Shared helpers of the nn tests: layout transposes and tolerance checks.
import { expect } from 'vitest';
import type { NDArray } from '../../src/index.js';

/** Permutes a dense C-order array: out axis i = in axis perm[i]. */
export function permute(data: ArrayLike<number>, shape: number[], perm: number[]): { data: Float64Array; shape: number[] } {
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) { inStrides[d] = s; s *= shape[d]!; }
  const out = new Float64Array(data.length);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let d = 0; d < perm.length; d++) src += idx[d]! * inStrides[perm[d]!]!;
    out[i] = data[src]!;
    for (let d = perm.length - 1; d >= 0; d--) { if (++idx[d]! < outShape[d]!) break; idx[d] = 0; }
  }
  return { data: out, shape: outShape };
}

/** NCHW-style [N, C, ...s] -> [N, ...s, C]. */
export function toChannelsLast(r: number): number[] {
  return [0, ...Array.from({ length: r }, (_, i) => i + 2), 1];
}

/** [N, ...s, C] -> [N, C, ...s]. */
export function fromChannelsLast(r: number): number[] {
  return [0, r + 1, ...Array.from({ length: r }, (_, i) => i + 1)];
}

/** OIHW [O, I, ...k] -> HWIO [...k, I, O]. */
export function toHWIO(r: number): number[] {
  return [...Array.from({ length: r }, (_, i) => i + 2), 1, 0];
}

/** HWIO -> OIHW. */
export function fromHWIO(r: number): number[] {
  return [r + 1, r, ...Array.from({ length: r }, (_, i) => i)];
}

/** Max |a - b| <= tol * (1 + max |b|), reporting the first offending index. */
export function expectClose(actual: NDArray | { data: ArrayLike<number>; shape: number[] }, expected: ArrayLike<number>, expectedShape: number[], tol: number, label: string): void {
  expect(actual.shape, `${label}: shape`).toEqual(expectedShape);
  expect(actual.data.length, `${label}: length`).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  const bound = tol * (1 + scale);
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual.data[i]! - expected[i]!);
    if (!(err <= bound)) {
      expect.fail(`${label}: element ${i} is ${actual.data[i]}, expected ${expected[i]} (|err| ${err.toExponential(2)} > ${bound.toExponential(2)})`);
    }
  }
}
