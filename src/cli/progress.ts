// A progress bar on stderr for long runs: redrawn in place on a terminal, one line per
// update otherwise (only when asked with --progress).

export interface ProgressSink {
  /** Reports that `done` of `total` steps are finished; `label` says what ran. */
  update(done: number, total: number, label: string): void;
  finish(): void;
}

/** Discards progress (quiet runs, non-terminal stderr). */
export const noProgress: ProgressSink = { update() {}, finish() {} };

export class ProgressBar implements ProgressSink {
  private readonly start = performance.now();
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream, private readonly title: string) {}

  update(done: number, total: number, label: string): void {
    const width = 30;
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(fraction * width);
    const elapsed = (performance.now() - this.start) / 1000;
    const eta = fraction > 0 && fraction < 1 ? ` eta ${((elapsed / fraction) * (1 - fraction)).toFixed(1)}s` : '';
    const line = `${this.title} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(fraction * 100)}% ${label} ${elapsed.toFixed(1)}s${eta}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 100) - 1).padEnd(Math.min(100, (this.stream.columns ?? 100) - 1))}`);
    } else {
      this.stream.write(`${line}\n`);
    }
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn && this.stream.isTTY) this.stream.write('\n');
  }
}
