// Option objects name what the caller wants; a key the function does not know is an
// error rather than something to skip, as Python rejects an unexpected keyword
// argument. Otherwise a SciPy habit (`output` for `out`) or a scijs one (`stride` for
// `strides`) would be dropped without a word and the call would do something else.
import { ArgumentError } from './errors.js';

/** Throws an ArgumentError naming the first key of `opts` that is set and not in `known`. */
export function rejectUnknownOptions(opts: object, known: readonly string[]): void {
  for (const [key, value] of Object.entries(opts)) {
    if (value === undefined || known.includes(key)) continue;
    const guess = closestOption(key, known);
    throw new ArgumentError(key, `is not an option of this function${guess ? ` (did you mean '${guess}'?)` : ''}; its options are ${known.join(', ')}`);
  }
}

/** SciPy and PyTorch names that differ from ours by more than spelling. */
const OPTION_ALIASES: Record<string, string> = { output: 'out' };

/**
 * The known option `key` was most likely meant as: an alias, the same name up to case
 * and underscores (fill_value, output_padding), or one within two typing slips.
 */
function closestOption(key: string, known: readonly string[]): string | undefined {
  const alias = OPTION_ALIASES[key];
  if (alias && known.includes(alias)) return alias;
  const plain = (name: string) => name.toLowerCase().replace(/[_-]/g, '');
  const same = known.find((k) => plain(k) === plain(key));
  if (same) return same;
  let best: string | undefined, bestDistance = 3;
  for (const k of known) {
    const d = editDistance(plain(k), plain(key));
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  return best;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = row;
  }
  return previous[b.length]!;
}
