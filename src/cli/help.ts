// --help texts of the command-line tool.

export const HELP: Record<string, string> = {
  main: `convnd: N-dimensional convolution of NumPy .npy files (SciPy semantics, WebAssembly SIMD)

Usage:
  convnd convolve  <in1.npy> <in2.npy> -o <out.npy> [options]   scipy.signal.convolve
  convnd correlate <in1.npy> <in2.npy> -o <out.npy> [options]   scipy.signal.correlate
  convnd gaussian  <in.npy> --sigma S -o <out.npy> [options]    scipy.ndimage.gaussian_filter
  convnd bench [options]                                        the seed benchmark (vs SciPy)
  convnd <command> --help                                       options of a command

Results are float32 when every input is float32, otherwise float64. Inputs may be any
.npy that NumPy writes for float16/32/64, integer or bool arrays (C or Fortran order,
either byte order).`,

  convolve: `Usage: convnd convolve <in1.npy> <in2.npy> -o <out.npy> [options]

Convolves in1 with in2 as scipy.signal.convolve does (with --axes: as
scipy.signal.fftconvolve(..., axes), the other axes being batch axes).

Options:
  -o, --output <file>   where to write the result (.npy)                     required
  --mode <m>            full | same | valid                                 default full
  --axes <list>         axes to convolve, e.g. 0,1 (negative counts from the end);
                        in2 may then have just as many dimensions as there are axes
  --method <m>          auto | direct | fft | oa                            default auto
  --threads <n>         worker threads (1 = this thread only)                default: all cores
  --progress            always show the progress bar (default: only on a terminal)
  --quiet               no progress bar
  -h, --help            this text

Example: every image of a (S, S, N) stack convolved with one (K, K) filter:
  convnd convolve images.npy filter.npy --mode valid --axes 0,1 -o out.npy`,

  correlate: `Usage: convnd correlate <in1.npy> <in2.npy> -o <out.npy> [options]

Cross-correlates in1 with in2 as scipy.signal.correlate does (in2 is not flipped; in
'valid' mode with in2 the larger, the result is reversed as in SciPy).

Options:
  -o, --output <file>   where to write the result (.npy)                     required
  --mode <m>            full | same | valid                                 default full
  --axes <list>         axes to correlate, e.g. 0,1; the others are batch axes
  --method <m>          auto | direct | fft | oa                            default auto
  --threads <n>         worker threads (1 = this thread only)                default: all cores
  --progress            always show the progress bar (default: only on a terminal)
  --quiet               no progress bar
  -h, --help            this text`,

  gaussian: `Usage: convnd gaussian <in.npy> --sigma <s> -o <out.npy> [options]

Gaussian filter with scipy.ndimage.gaussian_filter's semantics (order 0): the same
kernel, radius int(truncate * sigma + 0.5), boundary modes, output shape and dtype
(it runs convnd's ndimage.gaussianFilter).

Options:
  --sigma <s>           standard deviation, one value or one per filtered axis (2,1)  required
  -o, --output <file>   where to write the result (.npy)                     required
  --mode <m>            reflect | constant | nearest | mirror | wrap |
                        grid-wrap | grid-constant | grid-mirror             default reflect
  --cval <v>            value outside the edges for --mode constant         default 0
  --truncate <t>        radius in standard deviations                       default 4
  --axes <list>         axes to filter, e.g. 0,1                            default: all
  --threads <n>         worker threads                                      default: all cores
  --progress | --quiet  progress bar always / never (default: on a terminal)
  -h, --help            this text

Differences from SciPy: integer input gives a float64 result (SciPy keeps the integer
type), and float32 input is filtered with float32 weights.`,

  bench: `Usage: convnd bench [options]

The seed benchmark: "convolve every image of a minibatch with one filter" on the
StackOverflow grid of (S, N, K), both layouts, convnd's auto and each method, and SciPy's
options side by side when python3 with SciPy is installed. Prints a table and saves
seed-<date>.json and seed-<date>.svg.

Options:
  --out <dir>           folder for the results                  default ./convnd-bench-results
  --config <S,N,K>      run only this configuration (repeatable), e.g. --config 100,5,11
  -h, --help            this text`,
};
