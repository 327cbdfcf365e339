// The browser build in headless Chromium: the same conformance slice on a page's main
// thread without cross-origin isolation, on the main thread of an isolated page
// (shared memory, one thread), and in a Worker of an isolated page (worker pool).
// Every result must be within the contract's tolerance of values computed in Node,
// and the three runs must agree bit for bit.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBrowserBundle } from '../../tools/build-browser.mjs';
import { startStaticServer } from '../../tools/static-server.mjs';
import * as convnd from '../../src/index.js';
import { browserCases, coveredFunctions, NOT_CASES, type BrowserResult } from './cases.js';
import { launchChromium, type Chromium } from './chromium.js';

interface RunReport {
  context: 'main' | 'worker';
  isolated: boolean;
  workersStarted?: number;
  results: BrowserResult[];
  failed?: string;
}

const pageDir = fileURLToPath(new URL('./page/', import.meta.url));
const cases = browserCases();
const casesJson = JSON.stringify(cases.map((c) => c.case));

let chromium: Chromium;
let server: { url: string; close(): Promise<void> };
let buildDir: string;
const reports: Record<string, RunReport> = {};

async function run(where: 'plain' | 'isolated', context: 'main' | 'worker'): Promise<RunReport> {
  const { page, errors } = await chromium.newPage();
  try {
    await page.goto(`${server.url}/${where}/index.html`);
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
    const input = casesJson;
    const report = (context === 'main'
      ? await page.evaluate((cs) => (window as unknown as { runOnMainThread(c: unknown): Promise<unknown> }).runOnMainThread(cs), input)
      : await page.evaluate((cs) => (window as unknown as { runInWorker(c: unknown): Promise<unknown> }).runInWorker(cs), input)) as RunReport;
    if (report.failed) throw new Error(`${where}/${context}: ${report.failed}`);
    // Per-case milliseconds, reported for the slowest cases and dropped from the results.
    const times = report.results.map((r) => [r.id, (r as { ms?: number }).ms ?? 0] as const);
    for (const r of report.results) {
      delete (r as { ms?: number }).ms;
      decodeValues(r);
    }
    if (process.env.CONVND_BROWSER_TIMES) console.log(where, context, times.sort((a, b) => b[1] - a[1]).slice(0, 5));
    expect(errors).toEqual([]);
    return report;
  } finally {
    await page.close();
  }
}

/** Turns the base64 Float64Array bytes of a result back into numbers. */
function decodeValues(r: BrowserResult & { data64?: string; bytes?: unknown }): void {
  if (r.fields) for (const f of Object.values(r.fields)) if (f && typeof f === 'object') decodeValues(f as BrowserResult);
  if (r.data64 !== undefined) {
    const b = Buffer.from(r.data64, 'base64');
    r.data = Array.from(new Float64Array(b.buffer, b.byteOffset, b.length / 8));
    delete r.data64;
  }
  if (typeof r.bytes === 'string') r.bytes = Array.from(Buffer.from(r.bytes, 'base64'));
}

function checkAll(report: RunReport): void {
  expect(report.results.map((r) => r.id)).toEqual(cases.map((c) => c.case.id));
  const failures: string[] = [];
  cases.forEach((c, i) => {
    try {
      c.check(report.results[i]!);
    } catch (e) {
      failures.push((e as Error).message);
    }
  });
  expect(failures).toEqual([]);
}

describe('browser build in headless Chromium', () => {
  beforeAll(async () => {
    buildDir = mkdtempSync(join(tmpdir(), 'convnd-browser-'));
    const bundle = await buildBrowserBundle({ outfile: join(buildDir, 'convnd.js') });
    server = await startStaticServer({
      files: {
        '/index.html': { path: join(pageDir, 'index.html') },
        '/runner.js': { path: join(pageDir, 'runner.js') },
        '/worker.js': { path: join(pageDir, 'worker.js') },
        '/convnd.js': { body: readFileSync(bundle.outfile) },
        '/convnd.js.map': { body: readFileSync(`${bundle.outfile}.map`) },
      },
    });
    chromium = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  it('the cases call every function src/index.ts exports (namespaces included)', () => {
    const covered = coveredFunctions(cases);
    const exported: string[] = [];
    for (const [name, value] of Object.entries(convnd)) {
      if (NOT_CASES.has(name)) continue;
      if (typeof value === 'function') exported.push(name);
      else if (value && typeof value === 'object') {
        for (const [inner, f] of Object.entries(value)) if (typeof f === 'function') exported.push(`${name}.${inner}`);
      }
    }
    // A new export needs a browser case: nodeCase() in cases.ts is one line.
    expect(exported.filter((name) => !covered.has(name))).toEqual([]);
  });

  it('not cross-origin isolated, main thread: private memory, one thread', async () => {
    const report = await run('plain', 'main');
    expect(report.isolated).toBe(false);
    checkAll(report);
    reports.plain = report;
  });

  it('cross-origin isolated, main thread: shared memory, one thread (the main thread may not block)', async () => {
    const report = await run('isolated', 'main');
    expect(report.isolated).toBe(true);
    checkAll(report);
    reports.isolatedMain = report;
  });

  it('cross-origin isolated, in a Worker: the worker pool runs the large cases on several threads', async () => {
    const report = await run('isolated', 'worker');
    expect(report.isolated).toBe(true);
    expect(report.workersStarted).toBeGreaterThan(0);
    checkAll(report);
    reports.isolatedWorker = report;
  });

  it('not isolated, in a Worker: no shared memory, so no threads, same results', async () => {
    const report = await run('plain', 'worker');
    expect(report.isolated).toBe(false);
    expect(report.workersStarted).toBe(0);
    checkAll(report);
    reports.plainWorker = report;
  });

  it('every run returns the same values bit for bit', () => {
    const runs = Object.entries(reports);
    expect(runs.length).toBe(4);
    const [firstName, first] = runs[0]!;
    for (const [name, other] of runs.slice(1)) {
      first.results.forEach((r, i) => {
        const o = other.results[i]!;
        const same = JSON.stringify(r) === JSON.stringify(o)
          && (r.data ?? []).every((v, j) => Object.is(v, o.data![j]));
        if (!same) throw new Error(`${r.id}: ${firstName} and ${name} differ`);
      });
    }
  });
});
