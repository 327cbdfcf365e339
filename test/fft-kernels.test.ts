// Kernel-level checks of the FFT row and column kernels on the Wasm heap: rows and
// line groups outside the requested range, and bytes around the buffers, keep their
// canary values; lane groups that are only partly filled give the same result as
// full ones.
import { describe, expect, it } from 'vitest';
import { HeapLayout, kernels } from '../src/kernels/instance.js';
import { reservePlans, SpectrumLayout } from '../src/fft/real-nd.js';

const CANARY = -12345.5;

describe.each(['float64', 'float32'] as const)('%s kernels', (dtype) => {
  for (const n of [30, 45, 64]) {
    it(`rfftRows / irfftRows n=${n} touch only rows [first, first + count)`, () => {
      const layout = new SpectrumLayout([n], dtype);
      const k = kernels();
      const heap = new HeapLayout();
      const { placed, write } = reservePlans(heap, layout);
      const rows = 9, pad = 64; // canary zones of `pad` elements around the rows
      const base = heap.alloc((rows * layout.rowStride + 2 * pad) * layout.bytesPer);
      heap.commit();
      write(heap.buffer);
      const Typed = dtype === 'float32' ? Float32Array : Float64Array;
      const all = new Typed(heap.buffer as ArrayBuffer, base, rows * layout.rowStride + 2 * pad);
      all.fill(CANARY);
      const rowPtr = base + pad * layout.bytesPer;
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < n; j++) all[pad + r * layout.rowStride + j] = Math.sin(r * 7 + j);
      }
      const before = Typed.from(all);
      const rowBytes = layout.rowStride * layout.bytesPer, imBytes = layout.imOffset * layout.bytesPer;
      const rfft = dtype === 'float32' ? k.rfftRowsF32 : k.rfftRowsF64;
      const irfft = dtype === 'float32' ? k.irfftRowsF32 : k.irfftRowsF64;
      // 5 rows from row 2: one full group and a partial one for either dtype.
      const from2 = rowPtr + 2 * rowBytes, groups = Math.ceil(5 / layout.lanes);
      rfft(placed.axisPlans[0]!, from2, rowBytes, imBytes, 5, 1, 0, 0, from2, rowBytes, 0, 0, n, 0, groups, placed.scratch);
      const inside = (i: number) => i >= pad + 2 * layout.rowStride && i < pad + 7 * layout.rowStride;
      for (let i = 0; i < all.length; i++) if (!inside(i)) expect(all[i], `element ${i}`).toBe(before[i]);
      irfft(placed.axisPlans[0]!, from2, rowBytes, imBytes, 5, 1, 0, 0, from2, rowBytes, 0, 0, 0, n, 0, groups, placed.scratch);
      for (let i = 0; i < all.length; i++) if (!inside(i)) expect(all[i], `element ${i}`).toBe(before[i]);
      // The round trip restores the data (scaled by n) in every row, full or partial group.
      const tol = dtype === 'float32' ? 1e-5 : 1e-13;
      for (let r = 2; r < 7; r++) {
        for (let j = 0; j < n; j++) {
          expect(Math.abs(all[pad + r * layout.rowStride + j]! / n - Math.sin(r * 7 + j))).toBeLessThan(tol);
        }
      }
    });
  }

  it('cfftColumns touches only the requested line groups', () => {
    // 3-d layout [3, 12, 10]: transform axis 1 of slab 1 only.
    const layout = new SpectrumLayout([3, 12, 10], dtype);
    const k = kernels();
    const heap = new HeapLayout();
    const { placed, write } = reservePlans(heap, layout);
    const ptr = heap.alloc(layout.itemBytes);
    heap.commit();
    write(heap.buffer);
    const Typed = dtype === 'float32' ? Float32Array : Float64Array;
    const all = new Typed(heap.buffer as ArrayBuffer, ptr, layout.itemStride);
    for (let i = 0; i < all.length; i++) all[i] = Math.cos(i);
    const before = Typed.from(all);
    const cfft = dtype === 'float32' ? k.cfftColumnsF32 : k.cfftColumnsF64;
    const slab = layout.axisStrides[0]!;
    const run = (inverse: number) => cfft(placed.axisPlans[1]!, ptr + slab * layout.bytesPer,
      layout.axisStrides[1]! * layout.bytesPer, layout.imOffset * layout.bytesPer,
      layout.rowStride * layout.bytesPer, 1, layout.groups, 1, 0, 0, inverse, 12, 0, 1, placed.scratch);
    run(0);
    let changed = 0;
    for (let i = 0; i < all.length; i++) {
      if (i >= slab && i < 2 * slab) { if (all[i] !== before[i]) changed++; } else expect(all[i], `element ${i}`).toBe(before[i]);
    }
    expect(changed).toBeGreaterThan(slab / 2);
    // The inverse brings slab 1 back, times 12.
    run(1);
    const tol = dtype === 'float32' ? 1e-5 : 1e-13;
    for (let i = slab; i < 2 * slab; i++) expect(Math.abs(all[i]! / 12 - before[i]!)).toBeLessThan(tol);
  });
  it('cfftColumns reading a short extent equals the transform of the zero-padded lines', () => {
    // Extents up to nc / (first radix) take the pruned first pass (cfftSparse), longer
    // partial ones the zero-filled copy; both against whole lines of explicit zeros.
    for (const [n, extent] of [[72, 9], [72, 5], [72, 40], [16, 2], [30, 15], [45, 7], [8, 1]] as const) {
      const layout = new SpectrumLayout([n, 6], dtype);
      const k = kernels();
      const heap = new HeapLayout();
      const { placed, write } = reservePlans(heap, layout);
      const pa = heap.alloc(layout.itemBytes), pb = heap.alloc(layout.itemBytes);
      heap.commit();
      write(heap.buffer);
      const Typed = dtype === 'float32' ? Float32Array : Float64Array;
      const a = new Typed(heap.buffer as ArrayBuffer, pa, layout.itemStride);
      const b = new Typed(heap.buffer as ArrayBuffer, pb, layout.itemStride);
      const rowStride = layout.rowStride;
      for (let i = 0; i < a.length; i++) {
        const inside = Math.floor(i / rowStride) < extent;
        a[i] = inside ? Math.sin(3 * i + 1) : 1e3; // garbage beyond the extent must not be read
        b[i] = inside ? a[i]! : 0;
      }
      const cfft = dtype === 'float32' ? k.cfftColumnsF32 : k.cfftColumnsF64;
      const run = (ptr: number, extentIn: number) => cfft(placed.axisPlans[0]!, ptr, rowStride * layout.bytesPer,
        layout.imOffset * layout.bytesPer, 0, 1, layout.groups, 1, 0, 0, 0, extentIn, 0, 1, placed.scratch);
      run(pa, extent);
      run(pb, n);
      let num = 0, den = 0;
      for (let r = 0; r < n; r++) {
        for (let c = 0; c < 2 * layout.imOffset; c++) {
          const i = r * rowStride + c;
          num += (a[i]! - b[i]!) ** 2; den += b[i]! ** 2;
        }
      }
      expect(Math.sqrt(num / den), `n=${n} extent=${extent}`).toBeLessThan(dtype === 'float32' ? 1e-6 : 1e-14);
    }
  });
});
