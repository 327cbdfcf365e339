// A one-line progress indicator on stderr (only when stderr is a terminal or CI log).

export class Progress {
  private done = 0;
  constructor(private readonly total: number, private readonly label: string) {}

  step(what: string): void {
    this.done++;
    const width = 24;
    const filled = Math.round((this.done / this.total) * width);
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    const line = `${this.label} [${bar}] ${this.done}/${this.total} ${what}`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(100).slice(0, 100)}`);
    else process.stderr.write(`${line}\n`);
  }

  finish(): void {
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}
