// The boundary module against literal ports of SciPy's three extension codes.
import { describe, expect, it } from 'vitest';
import { boundary2dExtension, extendIndex, ndimageExtension, type Extension } from '../src/plan/boundary.js';
import { extendLine, type OracleMode } from './reference/ndimage-oracle.js';

// scipy/signal/_firfilter.cc
function reflectSymmIndex(j: number, m: number): number {
  const k = j >= 0 ? j % (2 * m) : Math.abs(j + 1) % (2 * m);
  return k >= m ? 2 * m - k - 1 : k;
}
function circularWrapIndex(j: number, m: number): number {
  return j >= 0 ? j % m : ((j % m) + m) % m;
}

describe('extendIndex', () => {
  const modes: OracleMode[] = ['reflect', 'mirror', 'nearest', 'wrap', 'constant'];
  for (const mode of modes) {
    it(`matches NI_ExtendLine for '${mode}', lines of 1..7, extensions up to 4 periods`, () => {
      for (let n = 1; n <= 7; n++) {
        const line = Array.from({ length: n }, (_, i) => i);
        const before = 4 * n + 3, after = 4 * n + 2;
        const ext = extendLine(line, before, after, mode, -1);
        for (let p = 0; p < ext.length; p++) {
          expect(extendIndex(p - before, n, mode as Extension), `n=${n} position ${p - before}`).toBe(ext[p]);
        }
      }
    });
  }
  it("matches convolve2d's reflect_symm_index and circular_wrap_index", () => {
    for (let m = 1; m <= 6; m++) {
      for (let j = -30; j <= 30; j++) {
        expect(extendIndex(j, m, 'reflect')).toBe(reflectSymmIndex(j, m));
        expect(extendIndex(j, m, 'wrap')).toBe(circularWrapIndex(j, m));
      }
    }
  });
  it('maps the mode names as SciPy filters do', () => {
    expect(ndimageExtension('grid-mirror')).toBe('reflect');
    expect(ndimageExtension('grid-wrap')).toBe('wrap');
    expect(ndimageExtension('grid-constant')).toBe('constant');
    expect(boundary2dExtension('symm')).toBe('reflect');
    expect(boundary2dExtension('circular')).toBe('wrap');
    expect(() => ndimageExtension('edge')).toThrow(/^mode: /);
    expect(() => boundary2dExtension('reflect')).toThrow(/^boundary: /);
  });
});
