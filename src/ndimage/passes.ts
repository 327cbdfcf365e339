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
import { allocate } from '../ndarray/create.js';

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

const UNIFORM_CHUNK = 2048;

/** Where a pass sits in the array: (outer, nIn, inner) around its axis. */
interface PassGeometry {
  pass: Pass;
  nIn: number;
  outer: number;
  inner: number;
  taps: number;
  /** Byte addresses of its map and weights in the heap. */
  map: number;
  w: number;
}

/** Elements of the intermediate block that a fused slab + lines pair keeps in cache. */
export const FUSED_BLOCK_ELEMENTS = 32768;

/**
 * Applies `passes` in order to `input`; returns the C-order result and its shape.
 * With `roundToFloat32`, every intermediate is rounded to float32 as SciPy's
 * float32 outputs are between passes. With `target`, the result is written there.
 *
 * A pass along an inner axis ("slab") followed by a pass along the last axis
 * ("lines") run fused, block of rows by block of rows, so their intermediate never
 * leaves the cache; each element still sees exactly SciPy's arithmetic.
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
  if (shapes.some((s) => sizeOf(s) === 0)) return { data: allocate(dtype, sizeOf(finalShape)), shape: finalShape };
  const maxSize = Math.max(...shapes.map(sizeOf));
  let scratchBytes = 64, mapLen = 0, wLen = 0, maxInner = 1;
  const geoms: PassGeometry[] = passes.map((p, i) => {
    const s = shapes[i]!;
    const g: PassGeometry = {
      pass: p, nIn: s[p.axis]!, outer: sizeOf(s.slice(0, p.axis)), inner: sizeOf(s.slice(p.axis + 1)),
      taps: taps(p.op), map: mapLen * 4, w: wLen * 8,
    };
    maxInner = Math.max(maxInner, g.inner);
    mapLen += p.nOut + g.taps;
    if (p.op.kind === 'correlate') wLen += g.taps;
    scratchBytes = Math.max(scratchBytes, g.inner === 1 ? k.linesScratchBytes(p.nOut, g.taps) : g.taps * 4 + 64);
    return g;
  });
  const fusedBlock = Math.max(FUSED_BLOCK_ELEMENTS, maxInner);
  // When the last two passes fuse, their output blocks go straight to the result
  // array (a new one, or a dense C-order target), skipping a full-size buffer.
  const lastA = geoms[geoms.length - 2], lastB = geoms[geoms.length - 1];
  const denseTarget = !target || target.shape.every((n, d) => n === 1 || target.strides[d] === cStrides(target.shape)[d]);
  const deliverBlocks = lastA !== undefined && lastB !== undefined && lastA.inner > 1 && lastB.inner === 1 && denseTarget;
  const blockRows = lastA ? Math.max(1, Math.floor(fusedBlock / lastA.inner)) : 0;
  const outBlock = deliverBlocks ? blockRows * (lastA!.inner / lastB!.nIn) * lastB!.pass.nOut : 0;

  const heap = new HeapLayout();
  const bufA = heap.alloc(maxSize * 8);
  const bufB = passes.length > 0 ? heap.alloc(maxSize * 8) : bufA;
  const mapPtr = heap.alloc(mapLen * 4);
  const wPtr = heap.alloc(wLen * 8);
  const cvalPtr = heap.alloc(maxInner * 8);
  const sumsPtr = heap.alloc(maxInner * 8);
  const blockPtr = passes.length > 1 ? heap.alloc(fusedBlock * 8) : 0;
  const outBlockPtr = heap.alloc(outBlock * 8);
  const scratch = heap.alloc(scratchBytes);
  heap.commit();
  const buffer = heap.buffer;
  packInto(input, new Float64Array(buffer, bufA, sizeOf(input.shape)), 0, cStrides(input.shape));
  for (const g of geoms) {
    g.map += mapPtr;
    g.w += wPtr;
    const p = g.pass;
    // The map, then `first` (the lines kernels block-copy the in-range run).
    const map = new Int32Array(buffer, g.map, p.nOut + g.taps);
    map.set(extensionMap(p.first, p.nOut + g.taps - 1, g.nIn, p.ext));
    map[p.nOut + g.taps - 1] = p.first;
    if (p.op.kind === 'correlate') new Float64Array(buffer, g.w, g.taps).set(p.op.weights);
  }
  const cvalRow = (g: PassGeometry) => {
    if (g.inner > 1) new Float64Array(buffer, cvalPtr, g.inner).fill(g.pass.cval);
  };

  /** Slab pass rows [r0, r0 + count) of outer index o (or items for correlate) into dst. */
  const slabRows = (g: PassGeometry, src: number, dst: number, o: number, r0: number, count: number) => {
    const p = g.pass;
    if (p.op.kind === 'correlate') {
      k.correlate1dSlabF64(src, dst, g.nIn, p.nOut, g.inner, g.w, g.taps, kernelSymmetry(p.op.weights), g.map, cvalPtr, scratch, o * p.nOut + r0, count);
    } else {
      const chunks = Math.ceil(g.inner / UNIFORM_CHUNK);
      k.uniform1dSlabF64(src, dst, g.nIn, p.nOut, g.inner, g.taps, g.map, cvalPtr, scratch, sumsPtr, r0, count, o * chunks, chunks);
    }
  };
  /** Lines pass over lines [0, lines) of src into dst. */
  const linesPass = (g: PassGeometry, src: number, dst: number, lines: number) => {
    const p = g.pass;
    if (p.op.kind === 'correlate') {
      k.correlate1dLinesF64(src, dst, lines, g.nIn, p.nOut, g.w, g.taps, kernelSymmetry(p.op.weights), g.map, p.cval, scratch, 0, lines);
    } else {
      k.uniform1dLinesF64(src, dst, lines, g.nIn, p.nOut, g.taps, g.map, p.cval, scratch, 0, lines);
    }
  };

  const size = sizeOf(finalShape);
  let result: FloatArray | null = null;
  let src = bufA, dst = bufB;
  for (let i = 0; i < geoms.length; i++) {
    const g = geoms[i]!;
    const next = geoms[i + 1];
    if (g.inner > 1 && next !== undefined && next.inner === 1) {
      // Fused slab + lines: rows of the slab pass go to the block, then straight
      // through the lines pass into dst (or, for the last pair, into the result).
      const deliver = deliverBlocks && i + 1 === geoms.length - 1;
      let base = 0, outView: Float64Array | null = null;
      if (deliver) {
        result = target ? target.data : allocate(dtype, size);
        base = target ? target.offset : 0;
        outView = new Float64Array(buffer, outBlockPtr, outBlock);
      }
      cvalRow(g);
      const rowBytes = g.inner * 8;
      const linesPerRow = g.inner / next.nIn;
      const rows = Math.max(1, Math.floor(fusedBlock / g.inner));
      for (let o = 0; o < g.outer; o++) {
        for (let r0 = 0; r0 < g.pass.nOut; r0 += rows) {
          const count = Math.min(rows, g.pass.nOut - r0);
          const item = o * g.pass.nOut + r0;
          // The slab kernels address output row `item` at dst + item * rowBytes.
          slabRows(g, src, (blockPtr - item * rowBytes) >>> 0, o, r0, count);
          if (roundToFloat32) k.roundToF32(blockPtr, count * g.inner);
          const at = item * linesPerRow * next.pass.nOut;
          if (outView) {
            linesPass(next, blockPtr, outBlockPtr, count * linesPerRow);
            result!.set(outView.subarray(0, count * linesPerRow * next.pass.nOut), base + at);
          } else {
            linesPass(next, blockPtr, dst + at * 8, count * linesPerRow);
          }
        }
      }
      i++;
    } else if (g.inner > 1) {
      cvalRow(g);
      for (let o = 0; o < g.outer; o++) slabRows(g, src, dst, o, 0, g.pass.nOut);
    } else {
      linesPass(g, src, dst, g.outer);
    }
    if (roundToFloat32 && i < geoms.length - 1) k.roundToF32(dst, sizeOf(shapes[i + 1]!));
    [src, dst] = [dst, src];
  }
  const data = result ?? unpack(new Float64Array(buffer, src, size), dtype, target);
  releaseIfLarge();
  return { data, shape: finalShape };
}
