// Row kernel (assembly/direct/correlate-rows.ts) against a naive reference and against
// its scalar twin, in both Wasm flavours, over shapes that reach every tail: widths
// from 1 to two blocks + 1 (scalar tail, vector tail, one block, overlapping block),
// K = 1..13 in both directions, 1..5 items, odd row counts (the unpaired row), several
// planes (3-D and higher), dilation (batch innermost), and arbitrary work splits.
// Outputs start as NaN, so an unwritten element fails; canaries after every row and
// after the last item catch overruns.
import v8 from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { canShareMemory, runs, type KernelFlavour } from '../src/kernels/binary.js';
import { useFlavour } from '../src/kernels/instance.js';
import type { DType } from '../src/ndarray/types.js';
import { firstMismatch, runRowCase, type RowCase } from './support/row-kernel-harness.js';

// Node 20 validates relaxed SIMD only behind this V8 flag; Node 22+ has it on and no
// longer knows the flag (setting it would print an error).
if (Number(process.versions.node.split('.')[0]) < 22) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
// 'scalar' is the build without SIMD, where the SIMD entry points run the scalar body.
const flavours = (['simd', 'relaxed-simd', 'scalar'] as KernelFlavour[]).filter((f) => runs(f, canShareMemory()));
const dtypes: DType[] = ['float64', 'float32'];

afterAll(() => useFlavour(null));

function blockOf(dtype: DType): number {
  return (dtype === 'float32' ? 4 : 2) * 4;
}

/** Checks one case: SIMD and scalar twin against the reference; bitwise equal without FMA. */
function check(c: RowCase, flavour: string, seed = 1): void {
  const terms = c.planes * c.kh * c.kw;
  const simd = runRowCase(c, 'simd', seed);
  const scalar = runRowCase(c, 'scalar', seed);
  const label = JSON.stringify(c);
  expect(simd.badCanaries, `simd canaries ${label}`).toEqual([]);
  expect(scalar.badCanaries, `scalar canaries ${label}`).toEqual([]);
  expect(firstMismatch(simd, c.dtype, terms), `simd ${label}`).toBeNull();
  expect(firstMismatch(scalar, c.dtype, terms), `scalar ${label}`).toBeNull();
  // Same summation order in both: without fused multiply-add they agree bit for bit.
  if (flavour !== 'relaxed-simd') expect(simd.got, `simd vs scalar twin ${label}`).toEqual(scalar.got);
}

for (const flavour of flavours) {
  describe(`row kernel, ${flavour}`, () => {
    for (const dtype of dtypes) {
      const block = blockOf(dtype);

      it(`${dtype}: every width 1..2 blocks + 1, rows 1..4`, () => {
        useFlavour(flavour);
        for (let width = 1; width <= 2 * block + 1; width++) {
          for (let oh = 1; oh <= 4; oh++) check({ dtype, items: 2, oh, width, kh: 3, kw: 2, planes: 1, dilation: 1 }, flavour, width * 7 + oh);
        }
      });

      it(`${dtype}: K = 1..13 in rows and columns`, () => {
        useFlavour(flavour);
        for (let kh = 1; kh <= 13; kh++) {
          for (let kw = 1; kw <= 13; kw++) {
            check({ dtype, items: 1, oh: 3, width: block + (dtype === 'float32' ? 5 : 3), kh, kw, planes: 1, dilation: 1 }, flavour, kh * 31 + kw);
          }
        }
      });

      it(`${dtype}: items 1..5, planes 1..3, dilation 1..4, per-item weights`, () => {
        useFlavour(flavour);
        for (let items = 1; items <= 5; items++) {
          for (let planes = 1; planes <= 3; planes++) {
            for (const dilation of [1, 2, 4]) {
              for (const width of [1, block - 1, block + 1, 3 * block]) {
                check({ dtype, items, oh: 1 + (items % 3), width, kh: 2, kw: 3, planes, dilation, perItemWeights: items % 2 === 0 }, flavour, items * 100 + planes * 10 + dilation);
              }
            }
          }
        }
      });

      it(`${dtype}: any split of the work units gives the same result`, () => {
        useFlavour(flavour);
        const c: RowCase = { dtype, items: 3, oh: 5, width: block * 2 + 3, kh: 4, kw: 5, planes: 2, dilation: 1 };
        const whole = runRowCase(c, 'simd', 9);
        for (const splits of [[1], [2, 3], [1, 4, 5, 6, 11], [7, 8, 9, 14]]) {
          const split = runRowCase(c, 'simd', 9, splits);
          expect(split.badCanaries).toEqual([]);
          expect(split.got, `splits ${splits.join(',')}`).toEqual(whole.got);
        }
      });
    }
  });
}
