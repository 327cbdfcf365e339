// Runs a sequence of 1-D passes (correlate1d or uniform_filter1d along one axis
// each) over a dense f64 copy of the input in the Wasm heap, ping-ponging between two
// buffers, and copies the result out once. Each pass reads its axis through an index
// map from the boundary module, so no padded copies are made.
import { HeapLayout, kernels, releaseIfLarge } from '../kernels/instance.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray, NDArray, View } from '../ndarray/types.js';
import { extensionMap, type Extension } from '../plan/boundary.js';
import { kernelSymmetry } from '../plan/kernel1d.js';
import { packInto, unpack } from './pack.js';

export type PassOp = { kind: 'correlate'; weights: Float64Array } | { kind: 'uniform'; size: number };

export interface Pass {
  axis: number;
  op: PassOp;
  /** Output length along the axis (the input's for ndimage filters). */
  nOut: number;
  /** Input position that padded position 0 reads: output i reads first + i + t. */
  first: number;
  ext: Extension;
  cval: number;
}

/** Taps of a pass. */
function taps(op: PassOp): number {
  return op.kind === 'correlate' ? op.weights.length : op.size;
}

const UNIFORM_CHUNK = 256;

/**
 * Applies `passes` in order to `input`; returns the C-order result and its shape.
 * With `roundToFloat32`, every intermediate is rounded to float32 as SciPy's
 * float32 outputs are between passes. With `target`, the result is written there.
 */
export function runPasses(
  input: View, passes: readonly Pass[], dtype: DType, roundToFloat32: boolean, target?: NDArray,
): { data: FloatArray; shape: number[] } {
  const k = kernels();
  // Shapes before and after every pass, and the largest buffer and scratch needed.
  const shapes: number[][] = [[...input.shape]];
  for (const p of passes) {
    const s = [...shapes[shapes.length - 1]!];
    s[p.axis] = p.nOut;
    shapes.push(s);
  }
  const finalShape = shapes[shapes.length - 1]!;
  if (shapes.some((s) => sizeOf(s) === 0)) return { data: dtype === 'float32' ? new Float32Array(sizeOf(finalShape)) : new Float64Array(sizeOf(finalShape)), shape: finalShape };
  const maxSize = Math.max(...shapes.map(sizeOf));
  let scratchBytes = 64, mapLen = 0, wLen = 0, maxInner = 1;
  passes.forEach((p, i) => {
    const s = shapes[i]!;
    const inner = sizeOf(s.slice(p.axis + 1));
    const t = taps(p.op);
    maxInner = Math.max(maxInner, inner);
    mapLen += p.nOut + t;
    if (p.op.kind === 'correlate') wLen += t;
    scratchBytes = Math.max(scratchBytes, inner === 1 ? k.linesScratchBytes(p.nOut, t) : t * 4 + UNIFORM_CHUNK * 8 + 64);
  });

  const heap = new HeapLayout(k);
  const bufA = heap.alloc(maxSize * 8);
  const bufB = passes.length > 0 ? heap.alloc(maxSize * 8) : bufA;
  const mapPtr = heap.alloc(mapLen * 4);
  const wPtr = heap.alloc(wLen * 8);
  const cvalPtr = heap.alloc(maxInner * 8);
  const scratch = heap.alloc(scratchBytes);
  heap.commit();
  const buffer = k.memory.buffer;
  packInto(input, new Float64Array(buffer, bufA, sizeOf(input.shape)), 0, cStrides(input.shape));

  let src = bufA, dst = bufB, mapAt = mapPtr, wAt = wPtr;
  passes.forEach((p, i) => {
    const s = shapes[i]!;
    const nIn = s[p.axis]!;
    const outer = sizeOf(s.slice(0, p.axis));
    const inner = sizeOf(s.slice(p.axis + 1));
    const t = taps(p.op);
    // The map, then `first` (the lines kernels block-copy the in-range run).
    const map = new Int32Array(buffer, mapAt, p.nOut + t);
    map.set(extensionMap(p.first, p.nOut + t - 1, nIn, p.ext));
    map[p.nOut + t - 1] = p.first;
    if (inner > 1) new Float64Array(buffer, cvalPtr, inner).fill(p.cval);
    if (p.op.kind === 'correlate') {
      new Float64Array(buffer, wAt, t).set(p.op.weights);
      const sym = kernelSymmetry(p.op.weights);
      if (inner === 1) {
        k.correlate1dLinesF64(src, dst, outer, nIn, p.nOut, wAt, t, sym, mapAt, p.cval, scratch, 0, outer);
      } else {
        k.correlate1dSlabF64(src, dst, nIn, p.nOut, inner, wAt, t, sym, mapAt, cvalPtr, scratch, 0, outer * p.nOut);
      }
      wAt += t * 8;
    } else if (inner === 1) {
      k.uniform1dLinesF64(src, dst, outer, nIn, p.nOut, t, mapAt, p.cval, scratch, 0, outer);
    } else {
      k.uniform1dSlabF64(src, dst, nIn, p.nOut, inner, t, mapAt, cvalPtr, scratch, 0, outer * Math.ceil(inner / UNIFORM_CHUNK));
    }
    mapAt += (p.nOut + t) * 4;
    if (roundToFloat32 && i < passes.length - 1) k.roundToF32(dst, sizeOf(shapes[i + 1]!));
    [src, dst] = [dst, src];
  });
  const data = unpack(new Float64Array(buffer, src, sizeOf(finalShape)), dtype, target);
  releaseIfLarge();
  return { data, shape: finalShape };
}
