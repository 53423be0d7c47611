#!/usr/bin/env node
/**
 * The terminal example (`npm start` at the repository root): trains a 784-64-10
 * network on 8,000 handwritten digits, checks it on 2,000 others, saves it and shows
 * how to load it again.
 *
 *   node cli/train.mjs [--epochs 15] [--hidden 64] [--backend wasm|reference] [--out models/digits.json]
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { DeltapropError, kernelInfo } from 'deltaprop';
import { accuracy, createDigitNetwork, loadDigits, TRAIN_OPTIONS } from './digits.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const USAGE = 'usage: node cli/train.mjs [--epochs 15] [--hidden 64] [--backend wasm|reference] [--out models/digits.json]';

/** Bad arguments and deltaprop's own errors end the example with their message, not a stack trace. */
function die(message) {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}
process.on('uncaughtException', (err) => {
  if (err instanceof DeltapropError) {
    console.error(`\ndeltaprop: ${err.message} (${err.code})`);
    process.exit(1);
  }
  throw err;
});

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      epochs: { type: 'string', default: '15' },
      hidden: { type: 'string', default: '64' },
      backend: { type: 'string', default: 'wasm' },
      out: { type: 'string', default: path.join(here, '..', 'models', 'digits.json') },
    },
  }));
} catch (err) {
  die(err.message);
}
const epochs = Number(args.epochs);
const hidden = Number(args.hidden);
if (!Number.isInteger(epochs) || epochs < 1) die(`--epochs must be a whole number ≥ 1, got "${args.epochs}"`);
if (!Number.isInteger(hidden) || hidden < 1) die(`--hidden must be a whole number ≥ 1, got "${args.hidden}"`);

const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[22m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[22m` : s);
const started = performance.now();

const { train, test } = loadDigits({ train: 8000, test: 2000 });
const net = await createDigitNetwork({ hidden, backend: args.backend });
const engine = args.backend === 'reference' ? 'reference (TypeScript)' : kernelInfo().engine;
console.log(`${bold('deltaprop')} · 784-${hidden}-10 (ReLU, softmax, cross-entropy, Adam) · ${train.rows.toLocaleString('en')} training digits · ${engine}`);

const bar = new cliProgress.SingleBar(
  {
    format: ' {bar} {percentage}% · epoch {value}/{total} · loss {loss} · {speed} digits/s',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    stream: process.stdout,
    clearOnComplete: false,
    noTTYOutput: !process.stdout.isTTY,
    notTTYSchedule: 1000,
  },
  cliProgress.Presets.shades_classic,
);
bar.start(epochs, 0, { loss: '–', speed: '–' });
const trainStart = performance.now();
try {
  await net.train(train.x, train.y, {
    ...TRAIN_OPTIONS,
    epochs,
    onEpochEnd: ({ epoch, loss }) => {
      const seconds = (performance.now() - trainStart) / 1000;
      bar.update(epoch, { loss: loss.toFixed(4), speed: Math.round((epoch * train.rows) / seconds).toLocaleString('en') });
    },
  });
} finally {
  bar.stop();
}

const acc = accuracy(net, test);
console.log(`\n${bold('Held-out accuracy:')} ${(acc * 100).toFixed(2)}% of ${test.rows.toLocaleString('en')} digits the network never saw`);

// one held-out digit, drawn with half blocks, and the network's answer
const row = 0;
const pixels = test.x.data.subarray(row * 784, row * 784 + 784);
const probs = net.predict(pixels);
const guess = probs.indexOf(Math.max(...probs));
// the digit's bounding box, an even number of rows
let [x0, x1, y0, y1] = [27, 0, 27, 0];
for (let i = 0; i < 784; i++) {
  if (pixels[i] > 0.4) {
    x0 = Math.min(x0, i % 28);
    x1 = Math.max(x1, i % 28);
    y0 = Math.min(y0, Math.floor(i / 28));
    y1 = Math.max(y1, Math.floor(i / 28));
  }
}
const art = [];
for (let y = y0; y <= y1; y += 2) {
  let line = '';
  for (let x = x0; x <= x1; x++) {
    const top = pixels[y * 28 + x] > 0.4;
    const bottom = y + 1 < 28 && pixels[(y + 1) * 28 + x] > 0.4;
    line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
  }
  art.push(line);
}
const note = ['', `  this held-out digit is a ${test.labels[row]}`, `  the network says: ${guess} (${(probs[guess] * 100).toFixed(1)}%)`];
console.log('');
art.forEach((line, i) => console.log(`  ${dim('│')}${line}${dim('│')}${note[i] ?? ''}`));

const out = path.resolve(args.out);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(net.toJSON()));
net.dispose();
const shown = path.relative(process.env.INIT_CWD ?? process.cwd(), out) || out;
console.log(`\n${bold('Model saved to')} ${shown}`);
console.log('Load it again (Node ESM, from this directory):\n');
console.log(`  import { readFileSync } from 'node:fs';`);
console.log(`  import { Network } from 'deltaprop';`);
console.log(`  const net = await Network.fromJSON(JSON.parse(readFileSync('${shown}', 'utf8')));`);
console.log(dim(`\n  // net.predict(pixels) takes 784 values in 0..1 and returns 10 probabilities`));
console.log(dim(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s. Next: npm run demo opens the playground in your browser.`));
