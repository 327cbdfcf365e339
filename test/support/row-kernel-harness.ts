// Lays out one row-kernel problem in the Wasm heap exactly as the kernel's preconditions
// say (assembly/direct/correlate-rows.ts), with NaN-filled outputs, canaries in the gaps
// between output rows and after the last item, and a naive reference of the same formula.
import { HeapLayout, kernels } from '../../src/kernels/instance.js';
import { runRows, type RowKernelVariant } from '../../src/conv/direct.js';
import type { DType } from '../../src/ndarray/types.js';

export interface RowCase {
  dtype: DType;
  items: number;
  oh: number;
  width: number;
  kh: number;
  kw: number;
  planes: number;
  dilation: number;
  /** Distinct kernels per item (else all items share one). */
  perItemWeights?: boolean;
}

export const CANARY = -12345.5;
/** Elements of slack between output rows and after the last item. */
const GAP = 5;

function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296 - 0.5; };
}

export interface RowResult {
  /** Per item, per row, `width` outputs. */
  got: number[][][];
  ref: number[][][];
  /** Per output, sum of |terms| (error scale). */
  scale: number[][][];
  /** Canary positions that were overwritten (item, row, offset past width). */
  badCanaries: string[];
}

/**
 * Runs the kernel over units [0, units) split at `splits` (sorted unit indices), so tests
 * can check that any split of the work gives the same result.
 */
export function runRowCase(c: RowCase, variant: RowKernelVariant, seed = 1, splits: number[] = []): RowResult {
  const bytes = c.dtype === 'float32' ? 4 : 8;
  const lanes = 16 / bytes;
  const rnd = seeded(seed);
  // Input plane p of an item: planeOffset[p] = p * planeStride; rows of inRow elements.
  const inRow = c.width + (c.kw - 1) * c.dilation + 3; // slack: rows longer than needed
  const rowsIn = c.oh + c.kh - 1;
  const planeStride = rowsIn * inRow + 7;
  const itemIn = c.planes * planeStride;
  const outRow = c.width + GAP;
  const itemOut = c.oh * outRow;
  const taps = c.planes * c.kh * c.kw;
  const kernelsCount = c.perItemWeights ? c.items : 1;

  const k = kernels();
  const heap = new HeapLayout();
  const inPtr = heap.alloc(c.items * itemIn * bytes);
  const wPtr = heap.alloc(kernelsCount * taps * 16);
  const outPtr = heap.alloc((c.items * itemOut + GAP) * bytes);
  const tablePtr = heap.alloc(c.items * 12);
  const planePtr = heap.alloc(c.planes * 4);
  const descPtr = heap.alloc(52);
  heap.commit();
  const buf = heap.buffer as ArrayBuffer;
  const Typed = c.dtype === 'float32' ? Float32Array : Float64Array;
  const inp = new Typed(buf, inPtr, c.items * itemIn);
  for (let i = 0; i < inp.length; i++) inp[i] = rnd();
  const weights = new Typed(buf, wPtr, kernelsCount * taps * lanes);
  for (let t = 0; t < kernelsCount * taps; t++) weights.fill(rnd(), t * lanes, (t + 1) * lanes);
  const out = new Typed(buf, outPtr, c.items * itemOut + GAP);
  out.fill(NaN);
  for (let it = 0; it < c.items; it++) {
    for (let y = 0; y < c.oh; y++) out.fill(CANARY, it * itemOut + y * outRow + c.width, it * itemOut + (y + 1) * outRow);
  }
  out.fill(CANARY, c.items * itemOut);
  const table = new Uint32Array(buf, tablePtr, c.items * 3);
  for (let it = 0; it < c.items; it++) {
    table[3 * it] = inPtr + it * itemIn * bytes;
    table[3 * it + 1] = wPtr + (c.perItemWeights ? it : 0) * taps * 16;
    table[3 * it + 2] = outPtr + it * itemOut * bytes;
  }
  const planeOffsets = new Int32Array(buf, planePtr, c.planes);
  for (let p = 0; p < c.planes; p++) planeOffsets[p] = p * planeStride * bytes;
  // Words 10-12: no `ready` word (the input is all in), input base, units.
  new Int32Array(buf, descPtr, 13).set([
    tablePtr, c.oh, c.width, c.planes, planePtr, c.kh, c.kw, inRow * bytes, c.dilation * bytes, outRow * bytes, 0, inPtr, c.items * c.oh,
  ]);

  const units = c.items * c.oh;
  const bounds = [0, ...splits, units];
  for (let s = 0; s + 1 < bounds.length; s++) runRows(k, c.dtype, variant, descPtr, bounds[s]!, bounds[s + 1]! - bounds[s]!);

  const got: number[][][] = [], ref: number[][][] = [], scale: number[][][] = [];
  const badCanaries: string[] = [];
  for (let it = 0; it < c.items; it++) {
    const gi: number[][] = [], ri: number[][] = [], si: number[][] = [];
    const w = (c.perItemWeights ? it : 0) * taps * lanes;
    for (let y = 0; y < c.oh; y++) {
      const gr: number[] = [], rr: number[] = [], sr: number[] = [];
      for (let x = 0; x < c.width; x++) {
        let sum = 0, abs = 0;
        for (let p = 0; p < c.planes; p++) {
          for (let ky = 0; ky < c.kh; ky++) {
            for (let kx = 0; kx < c.kw; kx++) {
              const term = weights[w + ((p * c.kh + ky) * c.kw + kx) * lanes]!
                * inp[it * itemIn + p * planeStride + (y + ky) * inRow + x + kx * c.dilation]!;
              sum += term;
              abs += Math.abs(term);
            }
          }
        }
        gr.push(out[it * itemOut + y * outRow + x]!);
        rr.push(sum);
        sr.push(abs);
      }
      for (let g = c.width; g < outRow; g++) {
        if (!Object.is(out[it * itemOut + y * outRow + g], CANARY)) badCanaries.push(`item ${it} row ${y} +${g - c.width}`);
      }
      gi.push(gr); ri.push(rr); si.push(sr);
    }
    got.push(gi); ref.push(ri); scale.push(si);
  }
  for (let g = 0; g < GAP; g++) if (!Object.is(out[c.items * itemOut + g], CANARY)) badCanaries.push(`after end +${g}`);
  return { got, ref, scale, badCanaries };
}

/**
 * First output farther from the reference than a sum of n terms can drift
 * (n * eps * sum|terms|, eps of the dtype), named by (item, row, column); null if none.
 */
export function firstMismatch(r: RowResult, dtype: DType, terms: number): string | null {
  const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  for (let it = 0; it < r.got.length; it++) {
    for (let y = 0; y < r.got[it]!.length; y++) {
      for (let x = 0; x < r.got[it]![y]!.length; x++) {
        const got = r.got[it]![y]![x]!, ref = r.ref[it]![y]![x]!;
        const tol = (terms + 1) * eps * r.scale[it]![y]![x]! + Number.MIN_VALUE;
        if (!(Math.abs(got - ref) <= tol)) return `(item ${it}, row ${y}, column ${x}): got ${got}, want ${ref}`;
      }
    }
  }
  return null;
}
