// Trains a small CNN with convnd's nn layers on synthetic shapes drawn by this script:
//   conv 3x3 (1->8) -> relu -> maxpool 2 -> conv 3x3 (8->16) -> relu -> maxpool 2 -> dense (256->6)
// with softmax cross-entropy and SGD with momentum, float32, NCHW.
// The convolutions (forward and backward) are convnd's; relu, pooling, the dense layer and
// the loss are small loops below.
//
// Run: npm run example:cnn   (exits with status 1 if test accuracy is below 95%)
import { array, nn, type NDArray } from '../src/index.js';

const SIZE = 16;
const CLASSES = ['circle', 'square', 'triangle', 'plus', 'x-cross', 'diamond'] as const;
const TRAIN = 6000, TEST = 1500, EPOCHS = 4, BATCH = 32;

// ---------------------------------------------------------------- data
/** Seeded uniform [0, 1) generator (mulberry32) so that runs are reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws one outlined shape of a random size and position plus noise into img (SIZE x SIZE). */
function drawShape(kind: number, img: Float32Array, rand: () => number): void {
  const r = 3 + rand() * 3; // radius / half side 3..6
  const cx = r + 1 + rand() * (SIZE - 2 * r - 2), cy = r + 1 + rand() * (SIZE - 2 * r - 2);
  const plot = (x: number, y: number) => {
    const xi = Math.round(x), yi = Math.round(y);
    if (xi >= 0 && xi < SIZE && yi >= 0 && yi < SIZE) img[yi * SIZE + xi] = 1;
  };
  const line = (x0: number, y0: number, x1: number, y1: number) => {
    const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2) + 1;
    for (let i = 0; i <= steps; i++) plot(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps);
  };
  if (kind === 0) {
    for (let a = 0; a < 64; a++) plot(cx + r * Math.cos((a * Math.PI) / 32), cy + r * Math.sin((a * Math.PI) / 32));
  } else if (kind === 1) {
    line(cx - r, cy - r, cx + r, cy - r); line(cx + r, cy - r, cx + r, cy + r);
    line(cx + r, cy + r, cx - r, cy + r); line(cx - r, cy + r, cx - r, cy - r);
  } else if (kind === 2) {
    line(cx, cy - r, cx + r, cy + r); line(cx + r, cy + r, cx - r, cy + r); line(cx - r, cy + r, cx, cy - r);
  } else if (kind === 3) {
    line(cx - r, cy, cx + r, cy); line(cx, cy - r, cx, cy + r);
  } else if (kind === 4) {
    line(cx - r, cy - r, cx + r, cy + r); line(cx - r, cy + r, cx + r, cy - r);
  } else {
    line(cx, cy - r, cx + r, cy); line(cx + r, cy, cx, cy + r); line(cx, cy + r, cx - r, cy); line(cx - r, cy, cx, cy - r);
  }
  // Noise (uniform, amplitude 0.8) and a few random stray pixels.
  for (let i = 0; i < img.length; i++) img[i] = img[i]! + (rand() - 0.5) * 0.8;
  for (let k = 0; k < 4; k++) img[Math.floor(rand() * img.length)] = 1;
}

function makeSet(count: number, seed: number): { x: Float32Array; y: Int32Array } {
  const rand = rng(seed);
  const x = new Float32Array(count * SIZE * SIZE), y = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = i % CLASSES.length;
    drawShape(y[i]!, x.subarray(i * SIZE * SIZE, (i + 1) * SIZE * SIZE), rand);
  }
  return { x, y };
}

// ---------------------------------------------------------------- layers
function relu(a: Float32Array): Float32Array {
  return a.map((v) => (v > 0 ? v : 0));
}

function reluBackward(grad: Float32Array, activated: Float32Array): Float32Array {
  return grad.map((g, i) => (activated[i]! > 0 ? g : 0));
}

/** 2x2 max pooling of [N, C, H, W]; returns the output and the argmax index per output. */
function maxPool(a: Float32Array, n: number, c: number, h: number, w: number): { out: Float32Array; arg: Int32Array } {
  const oh = h >> 1, ow = w >> 1;
  const out = new Float32Array(n * c * oh * ow), arg = new Int32Array(out.length);
  let o = 0;
  for (let p = 0; p < n * c; p++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++, o++) {
        let best = -Infinity, at = 0;
        for (let dy = 0; dy < 2; dy++) for (let dx = 0; dx < 2; dx++) {
          const i = (p * h + 2 * y + dy) * w + 2 * x + dx;
          if (a[i]! > best) { best = a[i]!; at = i; }
        }
        out[o] = best; arg[o] = at;
      }
    }
  }
  return { out, arg };
}

function maxPoolBackward(grad: Float32Array, arg: Int32Array, inputLength: number): Float32Array {
  const out = new Float32Array(inputLength);
  for (let o = 0; o < grad.length; o++) out[arg[o]!] = out[arg[o]!]! + grad[o]!;
  return out;
}

interface Params { w1: Float32Array; b1: Float32Array; w2: Float32Array; b2: Float32Array; w3: Float32Array; b3: Float32Array }

function initParams(rand: () => number): Params {
  const he = (n: number, fanIn: number) => Float32Array.from({ length: n }, () => (rand() * 2 - 1) * Math.sqrt(6 / fanIn));
  return {
    w1: he(8 * 1 * 9, 9), b1: new Float32Array(8),
    w2: he(16 * 8 * 9, 72), b2: new Float32Array(16),
    w3: he(CLASSES.length * 256, 256), b3: new Float32Array(CLASSES.length),
  };
}

interface Forward {
  x: NDArray; a1: Float32Array; p1: { out: Float32Array; arg: Int32Array }; a2: Float32Array;
  p2: { out: Float32Array; arg: Int32Array }; logits: Float32Array;
}

function forward(p: Params, x: Float32Array, n: number): Forward {
  const xa = array(x, [n, 1, SIZE, SIZE]);
  const a1 = relu(nn.conv2d(xa, array(p.w1, [8, 1, 3, 3]), { bias: array(p.b1, [8]), padding: 1 }).data as Float32Array);
  const p1 = maxPool(a1, n, 8, SIZE, SIZE);
  const h = SIZE / 2;
  const a2 = relu(nn.conv2d(array(p1.out, [n, 8, h, h]), array(p.w2, [16, 8, 3, 3]), { bias: array(p.b2, [16]), padding: 1 }).data as Float32Array);
  const p2 = maxPool(a2, n, 16, h, h);
  const logits = new Float32Array(n * CLASSES.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < CLASSES.length; k++) {
      let s = p.b3[k]!;
      for (let j = 0; j < 256; j++) s += p.w3[k * 256 + j]! * p2.out[i * 256 + j]!;
      logits[i * CLASSES.length + k] = s;
    }
  }
  return { x: xa, a1, p1, a2, p2, logits };
}

/** Softmax cross-entropy: mean loss and d(loss)/d(logits). */
function softmaxXent(logits: Float32Array, labels: Int32Array, n: number): { loss: number; grad: Float32Array } {
  const k = CLASSES.length, grad = new Float32Array(logits.length);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) max = Math.max(max, logits[i * k + c]!);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logits[i * k + c]! - max);
    for (let c = 0; c < k; c++) {
      const prob = Math.exp(logits[i * k + c]! - max) / sum;
      grad[i * k + c] = (prob - (c === labels[i] ? 1 : 0)) / n;
      if (c === labels[i]) loss -= Math.log(prob + 1e-12);
    }
  }
  return { loss: loss / n, grad };
}

function backward(p: Params, f: Forward, gLogits: Float32Array, n: number): Params {
  const k = CLASSES.length, h = SIZE / 2;
  const w3 = new Float32Array(p.w3.length), b3 = new Float32Array(k), gp2 = new Float32Array(n * 256);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const g = gLogits[i * k + c]!;
      b3[c] = b3[c]! + g;
      for (let j = 0; j < 256; j++) {
        w3[c * 256 + j] = w3[c * 256 + j]! + g * f.p2.out[i * 256 + j]!;
        gp2[i * 256 + j] = gp2[i * 256 + j]! + g * p.w3[c * 256 + j]!;
      }
    }
  }
  const ga2 = reluBackward(maxPoolBackward(gp2, f.p2.arg, f.a2.length), f.a2);
  const g2 = nn.conv2dBackward(array(f.p1.out, [n, 8, h, h]), array(p.w2, [16, 8, 3, 3]), array(ga2, [n, 16, h, h]), { padding: 1 });
  const ga1 = reluBackward(maxPoolBackward(g2.gradInput.data as Float32Array, f.p1.arg, f.a1.length), f.a1);
  const g1 = nn.conv2dBackward(f.x, array(p.w1, [8, 1, 3, 3]), array(ga1, [n, 8, SIZE, SIZE]), { padding: 1 });
  return {
    w1: g1.gradWeight.data as Float32Array, b1: g1.gradBias.data as Float32Array,
    w2: g2.gradWeight.data as Float32Array, b2: g2.gradBias.data as Float32Array, w3, b3,
  };
}

// ---------------------------------------------------------------- training
function progressBar(fraction: number, width = 30): string {
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

function accuracy(p: Params, set: { x: Float32Array; y: Int32Array }): number {
  let correct = 0;
  const n = set.y.length, step = 250;
  for (let s = 0; s < n; s += step) {
    const m = Math.min(step, n - s);
    const { logits } = forward(p, set.x.subarray(s * SIZE * SIZE, (s + m) * SIZE * SIZE), m);
    for (let i = 0; i < m; i++) {
      let best = 0;
      for (let c = 1; c < CLASSES.length; c++) if (logits[i * CLASSES.length + c]! > logits[i * CLASSES.length + best]!) best = c;
      if (best === set.y[s + i]) correct++;
    }
  }
  return correct / n;
}

function main(): void {
  const t0 = performance.now();
  const train = makeSet(TRAIN, 1), test = makeSet(TEST, 2);
  const rand = rng(3);
  const params = initParams(rand);
  const velocity = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, new Float32Array(v.length)])) as unknown as Params;
  const lr = 0.05, momentum = 0.9;
  const order = Int32Array.from({ length: TRAIN }, (_, i) => i);
  const bx = new Float32Array(BATCH * SIZE * SIZE), by = new Int32Array(BATCH);
  const batches = Math.floor(TRAIN / BATCH);
  console.log(`synthetic ${CLASSES.join('/')} ${SIZE}x${SIZE}: ${TRAIN} train, ${TEST} test; ${EPOCHS} epochs of SGD (momentum ${momentum}, lr ${lr}, batch ${BATCH})`);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = TRAIN - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [order[i], order[j]] = [order[j]!, order[i]!]; }
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      for (let i = 0; i < BATCH; i++) {
        const src = order[b * BATCH + i]!;
        bx.set(train.x.subarray(src * SIZE * SIZE, (src + 1) * SIZE * SIZE), i * SIZE * SIZE);
        by[i] = train.y[src]!;
      }
      const f = forward(params, bx, BATCH);
      const { loss, grad } = softmaxXent(f.logits, by, BATCH);
      lossSum += loss;
      const grads = backward(params, f, grad, BATCH);
      for (const key of Object.keys(params) as (keyof Params)[]) {
        const p = params[key], v = velocity[key], g = grads[key];
        for (let i = 0; i < p.length; i++) { v[i] = momentum * v[i]! - lr * g[i]!; p[i] = p[i]! + v[i]!; }
      }
      const tty = process.stdout.isTTY;
      if ((tty && b % 5 === 0) || b === batches - 1 || (!tty && b % 40 === 0)) {
        const done = (epoch * batches + b + 1) / (EPOCHS * batches);
        process.stdout.write(`${tty ? '\r' : ''}${progressBar(done)} epoch ${epoch + 1}/${EPOCHS} batch ${b + 1}/${batches} loss ${(lossSum / (b + 1)).toFixed(4)} ${((performance.now() - t0) / 1000).toFixed(1)}s${tty ? ' ' : '\n'}`);
      }
    }
    process.stdout.write(`${process.stdout.isTTY ? '\n' : ''}  epoch ${epoch + 1}: train loss ${(lossSum / batches).toFixed(4)}, test accuracy ${(100 * accuracy(params, test)).toFixed(1)}%\n`);
  }
  const acc = accuracy(params, test);
  const seconds = (performance.now() - t0) / 1000;
  console.log(`test accuracy ${(100 * acc).toFixed(1)}% in ${seconds.toFixed(1)} s`);
  if (acc < 0.95) { console.error('accuracy below 95%'); process.exit(1); }
}

main();
