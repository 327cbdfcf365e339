// Runs a sequence of 1-D passes (correlate1d or uniform_filter1d along one axis
// each) over a dense f64 copy of the input in the Wasm heap, ping-ponging between two
// buffers, and copies the result out once. Each pass reads its axis through an index
// map from the boundary module, so no padded copies are made.
import { HeapLayout, kernels, releaseIfLarge, type KernelExports } from '../kernels/instance.js';
import { runJob, scratchSlots, type KernelJob } from '../threads/pool.js';
import { cStrides, sizeOf } from '../ndarray/shape.js';
import type { DType, FloatArray, NDArray, View } from '../ndarray/types.js';
import { extensionMap, type Extension } from '../plan/boundary.js';
import { kernelSymmetry } from '../plan/kernel1d.js';
import { packInto, unpack } from './pack.js';
import { allocateUninitialized } from '../ndarray/create.js';
import { feedInSteps } from '../threads/feed.js';

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

/** Columns per work item of the uniform slab pass (any width gives the same bits). */
const UNIFORM_CHUNK = 512;

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
 * A slab pass followed by a lines pass of the same kind runs fused. The uniform pair
 * works on whole rows, so its lines must be the slab's rows (the slab axis is the
 * second-to-last one).
 */
function fuses(g: PassGeometry, next: PassGeometry | undefined): next is PassGeometry {
  if (g.inner <= 1 || next === undefined || next.inner !== 1 || next.pass.op.kind !== g.pass.op.kind) return false;
  return g.pass.op.kind === 'correlate' || next.nIn === g.inner;
}

/** Slab rows per fused block. */
function blockRows(g: PassGeometry): number {
  return Math.max(1, Math.floor(FUSED_BLOCK_ELEMENTS / g.inner));
}

/** Per-thread scratch bytes of the step starting with pass g. */
function scratchBytes(k: KernelExports, g: PassGeometry, next: PassGeometry | undefined): number {
  if (uniformPair(g, next)) return k.uniformFusedScratchBytes(g.inner, next!.pass.nOut, next!.taps, next!.pass.first);
  if (fuses(g, next)) return k.fusedScratchBytes(blockRows(g), g.inner, g.taps, next.pass.nOut, next.taps);
  if (g.inner === 1) return k.linesScratchBytes(g.pass.nOut, g.taps);
  return g.pass.op.kind === 'correlate' ? g.taps * 4 + 64 : k.uniformSlabScratchBytes(g.taps, UNIFORM_CHUNK);
}

/**
 * Share of the rows in the first of two bands of a fed uniform step. The last band is
 * claimed first, by a worker, while the calling thread copies the input in (it replays
 * the running sums as the rows arrive); the calling thread then takes the first band,
 * which needs no replay (balanced on 2000x2000, size 31, 2 threads).
 */
const FED_FIRST_BAND = 0.35;

/** True when the step starting with g is the fused uniform slab + lines pair. */
function uniformPair(g: PassGeometry, next: PassGeometry | undefined): boolean {
  return fuses(g, next) && g.pass.op.kind === 'uniform';
}

/**
 * Copies `input` into `dst` (C order) in slabs along axis 0 while the fused uniform
 * step already runs on what is in (src/threads/feed.ts).
 */
function feedInput(input: View, dst: Float64Array, ready: Int32Array): void {
  const shape = input.shape, dense = cStrides(shape);
  feedInSteps(shape[0]!, dense[0]! * 8, (a, b) => {
    const band: View = { ...input, shape: [b - a, ...shape.slice(1)], offset: input.offset + a * input.strides[0]! };
    packInto(band, dst, a * dense[0]!, dense);
  }, ready);
}

/**
 * The pool job of the step starting with pass g (a fused pair when fuses(g, next)),
 * from heap buffer src to dst; `cvalRow` holds g.inner copies of the fill value.
 * Items are independent; each of the `threads` threads gets its own scratch `slot`.
 */
function stepJob(
  g: PassGeometry, next: PassGeometry | undefined, src: number, dst: number, cvalRow: number, roundF32: boolean,
  slot: { base: number; bytes: number }, threads: number, ready = 0,
): KernelJob {
  const p = g.pass;
  const sym = (x: PassGeometry) => (x.pass.op.kind === 'correlate' ? kernelSymmetry(x.pass.op.weights) : 0);
  const outSize = g.outer * p.nOut * g.inner;
  if (uniformPair(g, next)) {
    const n2 = next!;
    // Items are bands of rows; a band replays the running sums from row 0, so a slab
    // is cut only as far as the threads need. The bits do not depend on the cut.
    const bands = Math.max(1, Math.ceil(threads / g.outer));
    const firstBand = ready && bands === 2 ? Math.round(p.nOut * FED_FIRST_BAND) : 0;
    return {
      kernel: 'uniformFusedF64', rangeArg: 17, total: g.outer * bands, work: outSize * 8,
      scratch: { arg: 16, ...slot },
      args: [src, dst, g.nIn, p.nOut, g.inner, g.taps, g.map, cvalRow,
        n2.pass.nOut, n2.taps, n2.map, n2.pass.cval, roundF32 ? 1 : 0, bands, firstBand, ready, 0, 0, 0],
    };
  }
  if (fuses(g, next)) {
    const rows = blockRows(g);
    return {
      kernel: 'correlate1dFusedF64', rangeArg: 20, total: g.outer * Math.ceil(p.nOut / rows),
      work: outSize * (g.taps + next.taps), scratch: { arg: 19, ...slot },
      args: [src, dst, g.nIn, p.nOut, g.inner, g.w, g.taps, sym(g), g.map, cvalRow,
        next.nIn, next.pass.nOut, next.w, next.taps, sym(next), next.map, next.pass.cval, roundF32 ? 1 : 0, rows, 0, 0, 0],
    };
  }
  if (g.inner > 1 && p.op.kind === 'correlate') {
    return {
      kernel: 'correlate1dSlabF64', rangeArg: 11, total: g.outer * p.nOut, work: outSize * g.taps,
      scratch: { arg: 10, ...slot },
      args: [src, dst, g.nIn, p.nOut, g.inner, g.w, g.taps, sym(g), g.map, cvalRow, 0, 0, 0],
    };
  }
  if (g.inner > 1) {
    return {
      kernel: 'uniform1dSlabF64', rangeArg: 10, total: g.outer * Math.ceil(g.inner / UNIFORM_CHUNK), work: outSize * 4,
      scratch: { arg: 8, ...slot },
      args: [src, dst, g.nIn, p.nOut, g.inner, g.taps, g.map, cvalRow, 0, UNIFORM_CHUNK, 0, 0],
    };
  }
  if (p.op.kind === 'correlate') {
    return {
      kernel: 'correlate1dLinesF64', rangeArg: 11, total: g.outer, work: outSize * g.taps,
      scratch: { arg: 10, ...slot },
      args: [src, dst, g.outer, g.nIn, p.nOut, g.w, g.taps, sym(g), g.map, p.cval, 0, 0, 0],
    };
  }
  return {
    kernel: 'uniform1dLinesF64', rangeArg: 9, total: g.outer, work: outSize * 4,
    scratch: { arg: 8, ...slot },
    args: [src, dst, g.outer, g.nIn, p.nOut, g.taps, g.map, p.cval, 0, 0, 0],
  };
}

/**
 * Applies `passes` in order to `input`; returns the C-order result and its shape.
 * With `roundToFloat32`, every intermediate is rounded to float32 as SciPy's
 * float32 outputs are between passes. With `target`, the result is written there.
 *
 * A correlate pass along an inner axis ("slab") followed by one along the last axis
 * ("lines") run fused, block of rows by block of rows, so their intermediate never
 * leaves the cache; each element still sees exactly SciPy's arithmetic. Every step
 * splits its independent items (output rows, column chunks, lines or blocks) over
 * `threads` (undefined: every core); the items never depend on the thread count, so
 * neither do the bits.
 */
export function runPasses(
  input: View, passes: readonly Pass[], dtype: DType, roundToFloat32: boolean, target?: NDArray, threads?: number,
): { data: FloatArray; shape: number[] } {
  return runSequences(input, [passes], dtype, roundToFloat32, target, threads);
}

/**
 * How passSums combines the results of several sequences: summed, or their squares
 * summed and the square root taken; each result is stored in the output dtype first
 * (float32: rounded), and so is the sum after every add, as SciPy's generic_laplace
 * and generic_gradient_magnitude accumulate into `output`.
 */
interface SequenceSum { squares: boolean; float32: boolean }

/**
 * Several sequences of passes over the same input (one per axis), their results
 * summed (with `squares`, their squares, then the root taken) in the output dtype in
 * the heap: one copy in, one copy out.
 */
export function runPassesSummed(
  input: View, sequences: readonly (readonly Pass[])[], dtype: DType, roundToFloat32: boolean, squares: boolean,
  target?: NDArray, threads?: number,
): { data: FloatArray; shape: number[] } {
  return runSequences(input, sequences, dtype, roundToFloat32, target, threads, { squares, float32: dtype === 'float32' });
}

function runSequences(
  input: View, sequences: readonly (readonly Pass[])[], dtype: DType, roundToFloat32: boolean, target: NDArray | undefined,
  threads: number | undefined, sum?: SequenceSum,
): { data: FloatArray; shape: number[] } {
  // A new result array is allocated while the pool runs the last step, and its pages
  // are mapped then (slow for fresh pages), overlapping the workers' part. Every element
  // is written by the copy below: no zero fill.
  let result: FloatArray | undefined;
  const size = sizeOf(passShapes(input.shape, sequences[0]!).pop()!);
  const allocateResult = (alongsideWorkers: boolean): void => {
    result = allocateUninitialized(dtype, size, alongsideWorkers);
  };
  const { sums, shape } = passSums(input, sequences, roundToFloat32, threads, target ? undefined : allocateResult, sum);
  let data: FloatArray;
  if (result) {
    result.set(sums);
    data = result;
  } else {
    data = unpack(sums, dtype, target);
  }
  releaseIfLarge();
  return { data, shape };
}

/** Shapes before and after every pass. */
function passShapes(inputShape: readonly number[], passes: readonly Pass[]): number[][] {
  const shapes: number[][] = [[...inputShape]];
  for (const p of passes) {
    const s = [...shapes[shapes.length - 1]!];
    s[p.axis] = p.nOut;
    shapes.push(s);
  }
  return shapes;
}

/** Mode bits of assembly/ndimage/sum-into.ts, and the elements of one of its work items. */
const SUM_FIRST = 1, SUM_SQUARE = 2, SUM_FLOAT32 = 4, SUM_ROOT = 8, SUM_BLOCK = 8192;

/**
 * The passes in the heap: returns the final sums there (valid until the heap is next
 * used) and their shape. Each sequence starts from the input; with several, the input
 * is kept in a buffer of its own and their results are combined as `sum` says (all
 * sequences end in the same shape). `duringLastStep` runs on the calling thread while
 * the pool runs the last pass (see KernelJob.meanwhile).
 */
function passSums(
  input: View, sequences: readonly (readonly Pass[])[], roundToFloat32: boolean, threads: number | undefined,
  duringLastStep?: (alongsideWorkers: boolean) => void, sum?: SequenceSum,
): { sums: Float64Array; shape: number[] } {
  const k = kernels();
  const shapesOf = sequences.map((passes) => passShapes(input.shape, passes));
  const finalShape = shapesOf[0]![shapesOf[0]!.length - 1]!;
  const finalSize = sizeOf(finalShape);
  if (shapesOf.flat().some((s) => sizeOf(s) === 0)) return { sums: new Float64Array(finalSize), shape: finalShape };
  const maxSize = Math.max(...shapesOf.flat().map(sizeOf));
  let mapLen = 0, wLen = 0, maxInner = 1, slotBytes = 64;
  const geomsOf = sequences.map((passes, j) => passes.map((p, i): PassGeometry => {
    const s = shapesOf[j]![i]!;
    const g: PassGeometry = {
      pass: p, nIn: s[p.axis]!, outer: sizeOf(s.slice(0, p.axis)), inner: sizeOf(s.slice(p.axis + 1)),
      taps: taps(p.op), map: mapLen * 4, w: wLen * 8,
    };
    maxInner = Math.max(maxInner, g.inner);
    mapLen += p.nOut + g.taps;
    if (p.op.kind === 'correlate') wLen += g.taps;
    return g;
  }));
  for (const geoms of geomsOf) geoms.forEach((g, i) => { slotBytes = Math.max(slotBytes, scratchBytes(k, g, geoms[i + 1])); });
  const slots = scratchSlots(threads);

  const heap = new HeapLayout();
  // One sequence may overwrite its input; several each start from it.
  const keepInput = sequences.length > 1;
  const bufA = heap.alloc(maxSize * 8);
  const bufB = geomsOf.some((geoms) => geoms.length > 0) ? heap.alloc(maxSize * 8) : bufA;
  const bufIn = keepInput ? heap.alloc(sizeOf(input.shape) * 8) : bufA;
  const sumPtr = sum ? heap.alloc(finalSize * 8) : 0;
  const mapPtr = heap.alloc(mapLen * 4);
  const wPtr = heap.alloc(wLen * 8);
  const cvalPtr = heap.alloc(maxInner * 8);
  const scratch = heap.alloc(slots * slotBytes);
  // A fused uniform first step starts while the calling thread copies the input in.
  const first = geomsOf[0]!;
  const fed = !keepInput && first.length > 0 && uniformPair(first[0]!, first[1]);
  const readyPtr = fed ? heap.alloc(4) : 0;
  heap.commit();
  const buffer = heap.buffer;
  const packed = new Float64Array(buffer, bufIn, sizeOf(input.shape));
  if (!fed) packInto(input, packed, 0, cStrides(input.shape));
  for (const g of geomsOf.flat()) {
    g.map += mapPtr;
    g.w += wPtr;
    const p = g.pass;
    // The map, then `first` (the lines kernels block-copy the in-range run).
    const map = new Int32Array(buffer, g.map, p.nOut + g.taps);
    map.set(extensionMap(p.first, p.nOut + g.taps - 1, g.nIn, p.ext));
    map[p.nOut + g.taps - 1] = p.first;
    if (p.op.kind === 'correlate') new Float64Array(buffer, g.w, g.taps).set(p.op.weights);
  }

  let src = bufIn;
  geomsOf.forEach((geoms, j) => {
    const lastSequence = j === geomsOf.length - 1;
    src = bufIn;
    let dst = bufIn === bufA ? bufB : bufA;
    for (let i = 0; i < geoms.length; i++) {
      const g = geoms[i]!, next = geoms[i + 1];
      if (g.inner > 1) new Float64Array(buffer, cvalPtr, g.inner).fill(g.pass.cval);
      const last = lastSequence && (fuses(g, next) ? i + 1 : i) === geoms.length - 1;
      let job = stepJob(g, next, src, dst, cvalPtr, roundToFloat32, { base: scratch, bytes: slotBytes }, slots, i === 0 ? readyPtr : 0);
      if (i === 0 && fed) {
        const ready = new Int32Array(buffer, readyPtr, 1);
        Atomics.store(ready, 0, 0);
        job = { ...job, feed: () => feedInput(input, packed, ready) };
      }
      runJob(last && duringLastStep ? { ...job, meanwhile: duringLastStep } : job, threads);
      if (fuses(g, next)) i++;
      if (roundToFloat32 && i < geoms.length - 1) k.roundToF32(dst, sizeOf(shapesOf[j]![i + 1]!));
      // Ping-pong between A and B; the kept input is only ever read.
      [src, dst] = [dst, src === bufIn && keepInput ? (dst === bufA ? bufB : bufA) : src];
    }
    if (sum) {
      const mode = (j === 0 ? SUM_FIRST : 0) | (sum.squares ? SUM_SQUARE : 0) | (sum.float32 ? SUM_FLOAT32 : 0)
        | (sum.squares && lastSequence ? SUM_ROOT : 0);
      runJob({
        kernel: 'sumIntoF64', args: [sumPtr, src, finalSize, mode, SUM_BLOCK, 0, 0], rangeArg: 5,
        total: Math.ceil(finalSize / SUM_BLOCK), work: finalSize,
      }, threads);
    }
  });
  return { sums: new Float64Array(buffer, sum ? sumPtr : src, finalSize), shape: finalShape };
}
