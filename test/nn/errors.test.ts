// PyTorch-like argument checks: every error names the argument at fault, and the
// library keeps working afterwards.
import { describe, expect, it } from 'vitest';
import { ArgumentError, array, nn, zeros } from '../../src/index.js';

const x = zeros([2, 4, 8, 8], 'float32');
const w = zeros([6, 4, 3, 3], 'float32');

function expectArgumentError(f: () => unknown, argument: string, pattern: RegExp): void {
  let error: unknown;
  try { f(); } catch (e) { error = e; }
  expect(error, 'expected an error').toBeInstanceOf(ArgumentError);
  expect((error as ArgumentError).argument).toBe(argument);
  expect((error as Error).message).toMatch(new RegExp(`^${argument}: `));
  expect((error as Error).message).toMatch(pattern);
}

describe('nn argument errors', () => {
  it('channel mismatch and groups', () => {
    expectArgumentError(() => nn.conv2d(zeros([2, 5, 8, 8]), w), 'x', /expected 4 input channels, got 5/);
    expectArgumentError(() => nn.conv2d(x, zeros([6, 2, 3, 3]), { groups: 4 }), 'groups', /does not divide the weight's 6 output channels/);
    expectArgumentError(() => nn.conv2d(zeros([1, 6, 4, 4]), zeros([8, 2, 1, 1]), { groups: 4 }), 'groups', /does not divide the input's 6 channels/);
    expectArgumentError(() => nn.conv2d(x, w, { groups: 0 }), 'groups', /positive integer/);
    expectArgumentError(() => nn.conv2d(x, w, { groups: 1.5 }), 'groups', /positive integer/);
  });

  it('dimensions', () => {
    expectArgumentError(() => nn.conv2d(zeros([8, 8]), w), 'x', /expected 4 dimensions \(batched\) or 3 \(unbatched\), got 2/);
    expectArgumentError(() => nn.conv2d(x, zeros([6, 4, 3])), 'w', /expected 4 dimensions, got 3/);
    expectArgumentError(() => nn.conv1d(x, w), 'x', /expected 3 dimensions/);
    expectArgumentError(() => nn.conv2d(x, zeros([6, 4, 0, 3])), 'w', /zero-length axis/);
  });

  it('output size: kernel larger than the padded input, negative transposed size', () => {
    expectArgumentError(() => nn.conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 5, 5])), 'x', /padded input size 4 .* smaller than the dilated kernel size 5/);
    expectArgumentError(() => nn.conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3, 3]), { dilation: 2 }), 'x', /dilated kernel size 5/);
    expectArgumentError(() => nn.convTranspose2d(zeros([1, 1, 1, 1]), zeros([1, 1, 1, 1]), { padding: 1 }), 'padding', /output size .* -1/);
  });

  it('options', () => {
    expectArgumentError(() => nn.conv2d(x, w, { stride: 0 }), 'stride', /integer >= 1/);
    expectArgumentError(() => nn.conv2d(x, w, { stride: [1, 2, 3] }), 'stride', /2 of them/);
    expectArgumentError(() => nn.conv2d(x, w, { dilation: [1, NaN] }), 'dilation', /integer >= 1/);
    expectArgumentError(() => nn.conv2d(x, w, { padding: -1 }), 'padding', /non-negative/);
    expectArgumentError(() => nn.conv2d(x, w, { padding: [1, 2, 3] }), 'padding', /non-negative/);
    expectArgumentError(() => nn.conv2d(x, w, { padding: 'full' as never }), 'padding', /'same'/);
    expectArgumentError(() => nn.conv2d(x, w, { padding: 'same', stride: 2 }), 'padding', /strided convolutions/);
    expectArgumentError(() => nn.conv2d(x, w, { layout: 'NCWH' as never }), 'layout', /'NCHW' or 'NHWC'/);
    expectArgumentError(() => nn.conv2d(x, w, { bias: zeros([5]) }), 'bias', /expected shape \[6\]/);
    expectArgumentError(() => nn.conv2d(x, w, { threads: 0 }), 'threads', /positive integer/);
    expectArgumentError(() => nn.conv2d(x, w, 3 as never), 'opts', /object/);
    expectArgumentError(() => nn.conv2d(x, w, { kernel_size: 3 } as never), 'kernel_size', /not an option .*its options are bias, stride, padding, dilation, groups, layout, threads$/);
    expectArgumentError(() => nn.conv2d(x, w, { padding_mode: 'zeros' } as never), 'padding_mode', /not an option/);
    expectArgumentError(() => nn.conv2d(x, w, { outputPadding: 1 } as never), 'outputPadding', /not an option/);
    expectArgumentError(() => nn.convTranspose2d(zeros([1, 4, 5, 5]), zeros([4, 2, 3, 3]), { output_padding: 1 } as never), 'output_padding', /did you mean 'outputPadding'/);
  });

  it("conv2dBackward takes the forward call's options, bias included", () => {
    const opts = { padding: 1, bias: zeros([6], 'float32') };
    const y = nn.conv2d(x, w, opts);
    const grads = nn.conv2dBackward(x, w, y, opts as never);
    expect(grads.gradInput.shape).toEqual(x.shape);
    expectArgumentError(() => nn.conv2dBackward(x, w, y, { padding: 1, strides: 1 } as never), 'strides', /did you mean 'stride'/);
  });

  it('transposed convolution and backward', () => {
    const xt = zeros([1, 4, 5, 5]);
    expectArgumentError(() => nn.convTranspose2d(xt, zeros([3, 2, 3, 3])), 'x', /expects 3 input channels, got 4/);
    expectArgumentError(() => nn.convTranspose2d(xt, zeros([4, 2, 3, 3]), { outputPadding: 1 }), 'outputPadding', /smaller than either stride or dilation/);
    expectArgumentError(() => nn.convTranspose2d(xt, zeros([4, 2, 3, 3]), { padding: 'same' as never }), 'padding', /transposed/);
    expectArgumentError(() => nn.conv2dBackward(x, w, zeros([2, 6, 8, 8]), {}), 'gradOut', /expected the output shape \[2, 6, 6, 6\], got \[2, 6, 8, 8\]/);
    expectArgumentError(() => nn.conv2dBackward(x, w, zeros([6, 6, 6]), {}), 'gradOut', /expected the output shape/);
  });

  it('stays usable after errors, and NaN propagates', () => {
    expect(() => nn.conv2d(x, w, { stride: -1 })).toThrow();
    const data = new Float32Array(2 * 4 * 8 * 8).fill(1);
    data[0] = NaN;
    const y = nn.conv2d(array(data, [2, 4, 8, 8]), array(new Float32Array(6 * 4 * 9).fill(1), [6, 4, 3, 3]));
    expect(y.shape).toEqual([2, 6, 6, 6]);
    expect(Number.isNaN(y.data[0])).toBe(true);
    expect(y.data[1]).toBe(36);
    expect(y.data[2]).toBe(36);
  });

  it('empty batch gives an empty result', () => {
    const y = nn.conv2d(zeros([0, 4, 8, 8]), w, { padding: 1 });
    expect(y.shape).toEqual([0, 6, 8, 8]);
    expect(y.data.length).toBe(0);
  });
});

describe('nn without WebAssembly SIMD', () => {
  it('refuses with a clear error in the scalar build (the nn kernels have SIMD bodies only)', async () => {
    const { useFlavour } = await import('../../src/kernels/instance.js');
    useFlavour('scalar');
    try {
      expect(() => nn.conv2d(x, w)).toThrow(/need WebAssembly SIMD/);
    } finally {
      useFlavour(null);
    }
    expect(nn.conv2d(x, w).shape).toEqual([2, 6, 6, 6]);
  });
});
