// Layout of the small shared Int32Array that coordinates one parallel job.
// Chunks are claimed dynamically (NEXT counter), so a slow or late worker only means
// the others, the calling thread included, take more chunks.

export const NEXT = 0; // next chunk to claim
export const DONE = 1; // chunks finished (successfully or not)
export const HEADER = 2;
/** Per-chunk status, at HEADER + chunk. */
export const UNCLAIMED = 0, CLAIMED = 1, FINISHED = 2, FAILED = 3;

/** Items [first, end) of chunk c when `total` items are split into `chunks` parts. */
export function chunkRange(c: number, total: number, chunks: number): [number, number] {
  return [Math.floor((c * total) / chunks), Math.floor(((c + 1) * total) / chunks)];
}
