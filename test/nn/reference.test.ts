// nn layers against the naive float64 loop reference (test/nn/reference.ts) on seeded
// random problems, including shapes the golden file does not hold: odd channel counts
// (SIMD tails), more rows than one 4-row tile, depthwise with many channels, strided
// and offset (non-dense) inputs, unbatched inputs, and every forced kernel.
import { afterEach, describe, expect, it } from 'vitest';
import { array, nn } from '../../src/index.js';
import { forceForwardMethod, setBandSizes } from '../../src/nn/forward.js';
import { refConv, refConvBackward, refConvTranspose, randomArray } from './reference.js';
import { expectClose, permute, toChannelsLast, toHWIO } from './helpers.js';

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

interface Problem {
  x: number[]; w: number[]; stride: number[]; dilation: number[]; padBefore: number[]; padAfter: number[]; groups: number;
}

const problems: Problem[] = [
  // C_in 3 (first layer), C_out 9 (partial column block), 4-row tile tails.
  { x: [2, 3, 13, 11], w: [9, 3, 3, 3], stride: [1, 1], dilation: [1, 1], padBefore: [1, 1], padAfter: [1, 1], groups: 1 },
  // Many channels: several column blocks and a long K loop, stride 2, asymmetric padding.
  { x: [1, 37, 9, 10], w: [19, 37, 3, 2], stride: [2, 3], dilation: [1, 2], padBefore: [2, 0], padAfter: [0, 3], groups: 1 },
  // Depthwise with 21 channels (vector + scalar tails), dilation 2.
  { x: [2, 21, 8, 9], w: [21, 1, 3, 3], stride: [1, 1], dilation: [2, 2], padBefore: [2, 2], padAfter: [2, 2], groups: 21 },
  // Depthwise, kernel 5 high and 3 wide (depthwise-rows: stride 2 and dilation 2 along H
  // only, asymmetric padding, 10 channels = 2 f32 vectors + 2, width 14 = 8 + 4 + 1 + 1).
  { x: [2, 10, 11, 12], w: [10, 1, 5, 3], stride: [2, 1], dilation: [2, 1], padBefore: [3, 0], padAfter: [1, 2], groups: 10 },
  // Depthwise multiplier 2 (grouped GEMM with two columns per group).
  { x: [1, 6, 7, 7], w: [12, 1, 3, 3], stride: [2, 2], dilation: [1, 1], padBefore: [1, 1], padAfter: [1, 1], groups: 6 },
  // Groups 3 with 5 input channels per group; 1x1 kernel.
  { x: [3, 15, 5, 6], w: [6, 5, 1, 1], stride: [1, 2], dilation: [1, 1], padBefore: [0, 0], padAfter: [0, 0], groups: 3 },
  // Kernel as large as the padded input (one output pixel per image).
  { x: [2, 4, 5, 4], w: [5, 4, 7, 6], stride: [1, 1], dilation: [1, 1], padBefore: [1, 1], padAfter: [1, 1], groups: 1 },
];

describe('nn vs the naive loop reference', () => {
  afterEach(() => { forceForwardMethod(null); setBandSizes(null); });

  // The banded pipeline (ForwardConv.runBands) on small problems: bands of one output
  // row, and bands of ~3 rows (band sizes that do not divide the height), both layouts,
  // offset and strided inputs included through NCHW's transposed reads.
  for (const bytes of [1, 4000]) {
    it(`conv2d in bands (${bytes} band bytes): the padded kernels, float64 and float32, NCHW and NHWC`, () => {
      setBandSizes({ bytes, minBytes: 0 });
      // Plus: strides that leave the last input rows and columns unread (the band copies
      // only the columns the padded width holds), and a depthwise-rows shape.
      const cropped: Problem[] = [
        { x: [2, 4, 11, 10], w: [6, 4, 3, 3], stride: [3, 4], dilation: [1, 1], padBefore: [0, 0], padAfter: [0, 0], groups: 1 },
        { x: [2, 6, 11, 13], w: [6, 1, 3, 3], stride: [3, 1], dilation: [1, 1], padBefore: [0, 1], padAfter: [0, 0], groups: 6 },
      ];
      [...problems, ...cropped].forEach((p, i) => {
        const x = randomArray(size(p.x), 10 + i), w = randomArray(size(p.w), 20 + i), b = randomArray(p.w[0]!, 30 + i);
        const ref = refConv(x, p.x, w, p.w, b, p);
        const refl = permute(ref.data, ref.shape, toChannelsLast(2));
        const padding = [p.padBefore[0]!, p.padAfter[0]!, p.padBefore[1]!, p.padAfter[1]!];
        for (const method of ['direct', 'depthwise', 'depthwise-rows'] as const) {
          forceForwardMethod(method);
          for (const [T, tol] of [[Float64Array, 1e-12], [Float32Array, 1e-5]] as const) {
            // One thread: on more, bands are widened to be worth the pool (one band per image here).
            const opts = { bias: array(T.from(b), [p.w[0]!]), stride: p.stride, dilation: p.dilation, padding, groups: p.groups, threads: 1 };
            expectClose(nn.conv2d(array(T.from(x), p.x), array(T.from(w), p.w), opts), ref.data, ref.shape, tol, `problem ${i} ${method} ${T.name} banded`);
            const xl = permute(T.from(x), p.x, toChannelsLast(2)), wl = permute(T.from(w), p.w, toHWIO(2));
            const yl = nn.conv2d(array(T.from(xl.data), xl.shape), array(T.from(wl.data), wl.shape), { ...opts, layout: 'NHWC' });
            expectClose(yl, refl.data, refl.shape, tol, `problem ${i} ${method} ${T.name} banded NHWC`);
          }
        }
      });
      // conv1d goes through the same bands (one row per image).
      const x1 = randomArray(2 * 3 * 40, 5), w1 = randomArray(4 * 3 * 5, 6);
      const o1 = { stride: [1, 2], dilation: [1, 1], padBefore: [0, 2], padAfter: [0, 1], groups: 1 };
      const r1 = refConv(x1, [2, 3, 1, 40], w1, [4, 3, 1, 5], null, o1);
      forceForwardMethod('direct');
      expectClose(nn.conv1d(array(x1, [2, 3, 40]), array(w1, [4, 3, 5]), { stride: 2, padding: [2, 1], threads: 1 }), r1.data, [2, 4, r1.shape[3]!], 1e-12, 'conv1d banded');
    });
  }

  it('conv2d: every forced kernel, float64 (1e-12) and float32 (1e-5)', () => {
    problems.forEach((p, i) => {
      const x = randomArray(size(p.x), 10 + i), w = randomArray(size(p.w), 20 + i), b = randomArray(p.w[0]!, 30 + i);
      const ref = refConv(x, p.x, w, p.w, b, p);
      const padding = [p.padBefore[0]!, p.padAfter[0]!, p.padBefore[1]!, p.padAfter[1]!];
      for (const method of ['direct', 'igemm', 'depthwise', 'depthwise-indirect', 'depthwise-rows'] as const) {
        forceForwardMethod(method);
        for (const [T, tol] of [[Float64Array, 1e-12], [Float32Array, 1e-5]] as const) {
          const y = nn.conv2d(array(T.from(x), p.x), array(T.from(w), p.w), {
            bias: array(T.from(b), [p.w[0]!]), stride: p.stride, dilation: p.dilation, padding, groups: p.groups,
          });
          expect(y.dtype).toBe(T === Float32Array ? 'float32' : 'float64');
          expectClose(y, ref.data, ref.shape, tol, `problem ${i} ${method} ${T.name}`);
        }
      }
    });
  });

  // Winograd F(2x2, 3x3): odd output sizes (partial tiles), tile rows not a multiple of
  // the 4-tile GEMM block, several output-channel blocks, asymmetric and no padding.
  const winogradProblems: Problem[] = [
    { x: [2, 8, 9, 11], w: [12, 8, 3, 3], stride: [1, 1], dilation: [1, 1], padBefore: [1, 1], padAfter: [1, 1], groups: 1 },
    { x: [1, 16, 6, 7], w: [20, 16, 3, 3], stride: [1, 1], dilation: [1, 1], padBefore: [0, 2], padAfter: [1, 0], groups: 1 },
    { x: [3, 4, 12, 20], w: [4, 4, 3, 3], stride: [1, 1], dilation: [1, 1], padBefore: [0, 0], padAfter: [0, 0], groups: 1 },
  ];
  it('conv2d winograd: float64 (1e-12) and float32 (1e-5, relative to 1 + max |y|), bias, both layouts', () => {
    winogradProblems.forEach((p, i) => {
      const x = randomArray(size(p.x), 70 + i), w = randomArray(size(p.w), 80 + i), b = randomArray(p.w[0]!, 90 + i);
      const ref = refConv(x, p.x, w, p.w, b, p);
      const padding = [p.padBefore[0]!, p.padAfter[0]!, p.padBefore[1]!, p.padAfter[1]!];
      forceForwardMethod('winograd');
      for (const [T, tol] of [[Float64Array, 1e-12], [Float32Array, 1e-5]] as const) {
        const y = nn.conv2d(array(T.from(x), p.x), array(T.from(w), p.w), { bias: array(T.from(b), [p.w[0]!]), padding });
        expectClose(y, ref.data, ref.shape, tol, `winograd problem ${i} ${T.name}`);
        // NHWC: x [N, H, W, C], w [kh, kw, I, O].
        const xl = permute(T.from(x), p.x, toChannelsLast(2)), wl = permute(T.from(w), p.w, toHWIO(2));
        const yl = nn.conv2d(array(T.from(xl.data), xl.shape), array(T.from(wl.data), wl.shape), { bias: array(T.from(b), [p.w[0]!]), padding, layout: 'NHWC' });
        const refl = permute(ref.data, ref.shape, toChannelsLast(2));
        expectClose(yl, refl.data, refl.shape, tol, `winograd problem ${i} NHWC ${T.name}`);
      }
    });
  });

  it('convTranspose2d (both plans: stride 1 adjoint conv and col2im) and conv2dBackward', () => {
    problems.forEach((p, i) => {
      const x = randomArray(size(p.x), 40 + i), w = randomArray(size(p.w), 50 + i);
      const fwd = refConv(x, p.x, w, p.w, null, p);
      const gy = randomArray(fwd.data.length, 60 + i);
      const padding = [p.padBefore[0]!, p.padAfter[0]!, p.padBefore[1]!, p.padAfter[1]!];
      const refB = refConvBackward(x, p.x, w, p.w, gy, p);
      for (const [T, tol] of [[Float64Array, 1e-12], [Float32Array, 1e-5]] as const) {
        const g = nn.conv2dBackward(array(T.from(x), p.x), array(T.from(w), p.w), array(T.from(gy), fwd.shape), {
          stride: p.stride, dilation: p.dilation, padding, groups: p.groups,
        });
        expectClose(g.gradInput, refB.gradInput, p.x, tol, `problem ${i} gradInput ${T.name}`);
        expectClose(g.gradWeight, refB.gradWeight, p.w, tol, `problem ${i} gradWeight ${T.name}`);
        expectClose(g.gradBias, refB.gradBias, [p.w[0]!], tol, `problem ${i} gradBias ${T.name}`);
      }
      // Transposed convolution of gy with w read as [C_in_t = C_out, C_out_t / groups, k].
      const tw = w; // PyTorch's transposed weight has the forward weight's shape
      const refT = refConvTranspose(gy, fwd.shape, tw, p.w, null, p, [0, 0]);
      const yt = nn.convTranspose2d(array(Float64Array.from(gy), fwd.shape), array(Float64Array.from(tw), p.w), {
        stride: p.stride, dilation: p.dilation, padding, groups: p.groups,
      });
      expectClose(yt, refT.data, refT.shape, 1e-12, `problem ${i} convTranspose2d`);
    });
  });

  it('reads strided, offset and nested-array inputs in place, and unbatched inputs', () => {
    const p = problems[0]!;
    const x = randomArray(size(p.x), 1), w = randomArray(size(p.w), 2);
    const ref = refConv(x, p.x, w, p.w, null, p);
    // x stored as [N, H, W, C] in a larger buffer with an offset, read as NCHW via strides.
    const [N, C, H, W] = p.x as [number, number, number, number];
    const big = new Float64Array(5 + N * H * W * C);
    for (let n = 0; n < N; n++) for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let q = 0; q < W; q++) {
      big[5 + ((n * H + h) * W + q) * C + c] = x[((n * C + c) * H + h) * W + q]!;
    }
    const xv = array(big, [N, C, H, W], { strides: [H * W * C, 1, W * C, C], offset: 5 });
    const y = nn.conv2d(xv, array(w, p.w), { padding: 1 });
    expectClose(y, ref.data, ref.shape, 1e-12, 'strided x');
    // Unbatched [C, H, W] gives [C_out, H', W'].
    const one = nn.conv2d(array(x.subarray(0, C * H * W), [C, H, W]), array(w, p.w), { padding: 1 });
    expectClose(one, ref.data.subarray(0, ref.data.length / N), ref.shape.slice(1), 1e-12, 'unbatched');
    // Nested arrays (float64 result).
    const nested = nn.conv1d([[[1, 2, 3, 4]]], [[[1, -1]]]);
    expect(Array.from(nested.data)).toEqual([-1, -1, -1]);
    expect(nested.dtype).toBe('float64');
  });

  it('conv1d and conv3d with mixed dtypes give float64', () => {
    const x = randomArray(2 * 3 * 4 * 5 * 6, 7), w = randomArray(4 * 3 * 2 * 3 * 2, 8);
    const o = { stride: [1, 2, 1], dilation: [2, 1, 1], padBefore: [1, 0, 2], padAfter: [0, 1, 1], groups: 1 };
    const ref = refConv(x, [2, 3, 4, 5, 6], w, [4, 3, 2, 3, 2], null, o);
    const y = nn.conv3d(array(Float32Array.from(x), [2, 3, 4, 5, 6]), array(w, [4, 3, 2, 3, 2]), {
      stride: o.stride, dilation: o.dilation, padding: [[1, 0], [0, 1], [2, 1]],
    });
    expect(y.dtype).toBe('float64');
    expectClose(y, ref.data, ref.shape, 1e-6, 'conv3d mixed');
  });
});
