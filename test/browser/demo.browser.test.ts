// The demo page in headless Chromium: it must render the filtered image. The output
// canvas is screenshotted and compared pixel by pixel with the same filter computed
// in Node from the page's input pixels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { array, convolve } from '../../src/index.js';
import { startDemoServer } from '../../demo/serve.mjs';
import { gaussianKernel, parseKernel, sobelKernel, toDisplay, type DemoKernel } from '../../demo/kernels.js';
import { launchChromium, type Chromium } from './chromium.js';
import { decodePng } from './png.js';

let chromium: Chromium;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await startDemoServer();
  chromium = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await server?.close();
});

async function waitUntilDone(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'error', undefined, { timeout: 60_000 });
  expect(await page.evaluate(() => document.body.dataset.state), await page.textContent('#status') ?? '').toBe('done');
}

/** The screenshot of the output canvas must equal the filter computed in Node (within 1 level). */
async function expectRendered(page: Page, kernel: DemoKernel): Promise<void> {
  const input = await page.evaluate(() => {
    const c = document.getElementById('input') as HTMLCanvasElement;
    return { width: c.width, height: c.height, rgba: Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data) };
  });
  const rgb = new Float32Array(input.width * input.height * 3);
  for (let p = 0; p < input.width * input.height; p++) for (let k = 0; k < 3; k++) rgb[p * 3 + k] = input.rgba[p * 4 + k]!;
  const filtered = convolve(array(rgb, [input.height, input.width, 3]), array(kernel.data, [kernel.size, kernel.size]), { mode: 'same', axes: [0, 1] });
  const want = toDisplay(filtered.data, kernel);
  // The canvas's content box (inside its 1px border), as painted on the page.
  const box = await page.evaluate(() => {
    const c = document.getElementById('output') as HTMLCanvasElement;
    const r = c.getBoundingClientRect();
    return { x: r.x + c.clientLeft, y: r.y + c.clientTop, width: c.width, height: c.height };
  });
  const shot = decodePng(await page.screenshot({ clip: box }));
  expect([shot.width, shot.height]).toEqual([input.width, input.height]);
  let worst = 0, differentFromInput = 0;
  for (let p = 0; p < input.width * input.height; p++) {
    for (let k = 0; k < 3; k++) {
      worst = Math.max(worst, Math.abs(shot.data[p * 4 + k]! - want[p * 3 + k]!));
      if (Math.abs(shot.data[p * 4 + k]! - input.rgba[p * 4 + k]!) > 8) differentFromInput++;
    }
  }
  expect(worst).toBeLessThanOrEqual(1);
  // A filter that did nothing (or drew the input again) would not pass either.
  expect(differentFromInput).toBeGreaterThan(input.width * input.height * 0.05);
}

describe('demo page in headless Chromium', () => {
  it('renders the Gaussian-filtered test image, the auto choice and a bar per method', async () => {
    const { page, errors } = await chromium.newPage();
    await page.goto(`${server.url}/isolated/`);
    await waitUntilDone(page);
    await expectRendered(page, gaussianKernel(2));
    const bars = await page.locator('#chart g').evaluateAll((gs) => gs.map((g) => (g as SVGGElement).dataset.method));
    expect(bars).toEqual(['direct', 'fft', 'oa']);
    const chosen = await page.evaluate(() => document.body.dataset.chosen);
    expect(['direct', 'fft', 'oa']).toContain(chosen);
    expect(await page.textContent('#status')).toContain('cross-origin isolated');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switching to Sobel and to a typed matrix re-renders (page not isolated)', async () => {
    const { page, errors } = await chromium.newPage();
    await page.goto(`${server.url}/plain/`);
    await waitUntilDone(page);
    await page.evaluate(() => { document.body.dataset.state = ''; });
    await page.selectOption('#kernel', 'sobel');
    await waitUntilDone(page);
    await expectRendered(page, sobelKernel());
    const typed = '1 2 1\n2 4 2\n1 2 1';
    await page.evaluate(() => { document.body.dataset.state = ''; });
    await page.selectOption('#kernel', 'typed');
    await waitUntilDone(page);
    await page.evaluate(() => { document.body.dataset.state = ''; });
    await page.fill('#typed', typed);
    await page.click('#run');
    await waitUntilDone(page);
    await expectRendered(page, parseKernel(typed));
    expect(await page.textContent('#status')).toContain('not cross-origin isolated');
    expect(errors).toEqual([]);
    await page.close();
  });
});
