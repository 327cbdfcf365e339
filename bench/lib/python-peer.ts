// Talks to bench/peers/scipy_server.py: one long-lived python3 process, one JSON
// request per line, so SciPy and convnd are measured in the same run.
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface PeerInfo { scipy: string; numpy: string }

export class PythonPeer {
  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, null>,
    private readonly lines: AsyncIterableIterator<string>,
    private readonly rl: Interface,
    readonly info: PeerInfo,
  ) {}

  /**
   * Starts the peer, or returns null when python3 with SciPy is not available.
   * `script` defaults to bench/peers/scipy_server.py next to this folder.
   */
  static async start(script = fileURLToPath(new URL('../peers/scipy_server.py', import.meta.url))): Promise<PythonPeer | null> {
    const probe = spawnSync('python3', ['-c', 'import scipy, numpy'], { stdio: 'ignore' });
    if (probe.status !== 0) return null;
    // Unset OpenBLAS work-arounds for this process only (see the env notes); FFT and
    // convolution in SciPy do not use BLAS, so this does not change what is measured.
    const env = { ...process.env };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const child = spawn('python3', [script], { stdio: ['pipe', 'pipe', 'inherit'], env });
    const rl = createInterface({ input: child.stdout });
    const lines = rl[Symbol.asyncIterator]();
    const first = await lines.next();
    const info = JSON.parse(first.value as string) as PeerInfo;
    return new PythonPeer(child, lines, rl, info);
  }

  async request<T>(req: Record<string, unknown>): Promise<T> {
    this.child.stdin.write(`${JSON.stringify(req)}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('python peer exited');
    const reply = JSON.parse(line.value) as T & { error?: string };
    if (reply.error) throw new Error(`python peer: ${reply.error}`);
    return reply;
  }

  close(): void {
    this.rl.close();
    this.child.stdin.end();
  }
}
