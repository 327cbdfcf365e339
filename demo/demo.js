// The demo page's UI: image in, kernel choice, filtered image, method timings.
// The filtering runs in worker.js (convnd in a Web Worker).
import { boxKernel, gaussianKernel, parseKernel, randomKernel, sobelKernel, toDisplay } from './kernels.js';

const $ = (id) => document.getElementById(id);
const MAX_SIDE = 512;
const worker = new Worker('./worker.js', { type: 'module' });
let busy = false;

function setStatus(text, state, error = false) {
  $('status').textContent = text;
  $('status').classList.toggle('error', error);
  document.body.dataset.state = state;
}

/** A built-in test picture, so the page shows something before a file is chosen. */
function drawTestImage(ctx, w, h) {
  const g = ctx.createLinearGradient(0, 0, w, h);
  g.addColorStop(0, '#1d3557');
  g.addColorStop(0.5, '#e9c46a');
  g.addColorStop(1, '#e63946');
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
  for (let i = 0; i < 8; i++) {
    for (let j = 0; j < 8; j++) {
      if ((i + j) % 2) { ctx.fillStyle = '#fff'; ctx.fillRect(16 + i * 12, 16 + j * 12, 12, 12); }
    }
  }
  ctx.fillStyle = '#2a9d8f';
  ctx.beginPath(); ctx.arc(w * 0.68, h * 0.34, 44, 0, 2 * Math.PI); ctx.fill();
  ctx.strokeStyle = '#000'; ctx.lineWidth = 3;
  ctx.beginPath(); ctx.moveTo(20, h - 30); ctx.lineTo(w - 20, h * 0.55); ctx.stroke();
  ctx.fillStyle = '#111'; ctx.font = 'bold 40px sans-serif';
  ctx.fillText('convnd', 24, h - 50);
}

function loadTestImage() {
  const c = $('input');
  c.width = 256; c.height = 256;
  drawTestImage(c.getContext('2d'), 256, 256);
}

async function loadFile(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const c = $('input');
  c.width = Math.max(1, Math.round(bitmap.width * scale));
  c.height = Math.max(1, Math.round(bitmap.height * scale));
  c.getContext('2d').drawImage(bitmap, 0, 0, c.width, c.height);
  run();
}

function currentKernel() {
  switch ($('kernel').value) {
    case 'gaussian': return gaussianKernel(Number($('sigma').value));
    case 'sobel': return sobelKernel();
    case 'box': return boxKernel(Math.max(1, Math.round(Number($('box').value))));
    case 'random': return randomKernel(1, 31);
    case 'typed': return parseKernel($('typed').value);
  }
  throw new Error('unknown kernel');
}

/** (height, width, 3) float32 RGB of the input canvas. */
function inputPixels() {
  const c = $('input');
  const rgba = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const rgb = new Float32Array(c.width * c.height * 3);
  for (let p = 0, q = 0; p < rgba.length; p += 4, q += 3) {
    rgb[q] = rgba[p]; rgb[q + 1] = rgba[p + 1]; rgb[q + 2] = rgba[p + 2];
  }
  return { pixels: rgb, width: c.width, height: c.height };
}

function drawOutput(values, width, height, kernel) {
  const c = $('output');
  c.width = width; c.height = height;
  const bytes = toDisplay(values, kernel);
  const image = new ImageData(width, height);
  for (let p = 0, q = 0; q < bytes.length; p += 4, q += 3) {
    image.data[p] = bytes[q]; image.data[p + 1] = bytes[q + 1]; image.data[p + 2] = bytes[q + 2]; image.data[p + 3] = 255;
  }
  c.getContext('2d').putImageData(image, 0, 0);
}

function drawChart(times, chosen) {
  const svg = $('chart');
  const methods = Object.keys(times);
  const max = Math.max(...methods.map((m) => times[m]), 1e-3);
  const left = 60, width = 240, bar = 32, gap = 16;
  svg.innerHTML = methods.map((m, i) => {
    const y = 10 + i * (bar + gap);
    const w = Math.max(1, (times[m] / max) * width);
    const fill = m === chosen ? '#2a9d8f' : '#9aa5b1';
    return `<g data-method="${m}"><text x="0" y="${y + bar / 2 + 4}">${m}${m === chosen ? ' (auto)' : ''}</text>`
      + `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${bar}" fill="${fill}"></rect>`
      + `<text x="${left + w + 6}" y="${y + bar / 2 + 4}">${times[m].toFixed(2)}</text></g>`;
  }).join('');
}

function run() {
  if (busy) return;
  let kernel;
  try {
    kernel = currentKernel();
  } catch (e) {
    setStatus(`kernel: ${e.message}`, 'error', true);
    return;
  }
  const { pixels, width, height } = inputPixels();
  busy = true;
  setStatus(`filtering ${width}x${height}x3 with a ${kernel.size}x${kernel.size} kernel...`, 'running');
  worker.onmessage = ({ data: r }) => {
    busy = false;
    if (!r.ok) { setStatus(`error: ${r.error}`, 'error', true); return; }
    drawOutput(r.output, width, height, kernel);
    drawChart(r.times, r.chosen);
    $('output-caption').textContent = `filtered: auto chose '${r.chosen}'`;
    setStatus(`done: ${width}x${height}x3, ${kernel.size}x${kernel.size} kernel, auto chose '${r.chosen}'; `
      + (r.isolated ? `cross-origin isolated, convnd may use up to ${r.cores} threads` : 'not cross-origin isolated: one thread'), 'done');
    document.body.dataset.chosen = r.chosen;
  };
  worker.postMessage({ pixels, width, height, kernel, repeats: 3 }, [pixels.buffer]);
}

$('kernel').addEventListener('change', () => {
  const k = $('kernel').value;
  $('sigma-label').hidden = k !== 'gaussian';
  $('box-label').hidden = k !== 'box';
  $('typed-label').hidden = k !== 'typed';
  run();
});
for (const id of ['sigma', 'box', 'typed']) $(id).addEventListener('change', run);
$('run').addEventListener('click', run);
$('file').addEventListener('change', (e) => { if (e.target.files[0]) loadFile(e.target.files[0]); });
const drop = $('drop');
drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = [...e.dataTransfer.files].find((f) => f.type.startsWith('image/'));
  if (file) loadFile(file); else setStatus('drop an image file (PNG, JPEG, ...)', 'error', true);
});

loadTestImage();
run();
