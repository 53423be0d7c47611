/**
 * Build step before `vite build`: trains the digit pad's network on the mnist
 * package's digits and writes it to public/models/ (vite copies it into dist/), so the
 * page loads a finished model instead of training one in the visitor's browser.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { accuracy, createDigitNetwork, loadDigits, TRAIN_OPTIONS } from '../cli/digits.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, '..', 'public', 'models');
const EPOCHS = 15;
const HIDDEN = 64;

const t0 = performance.now();
const { train, test } = loadDigits({ train: 8000, test: 2000, seed: 1 });
const net = await createDigitNetwork({ hidden: HIDDEN, seed: 1 });
const history = await net.train(train.x, train.y, { ...TRAIN_OPTIONS, epochs: EPOCHS });
const acc = accuracy(net, test);

await mkdir(outDir, { recursive: true });
await writeFile(path.join(outDir, 'digits.json'), JSON.stringify(net.toJSON()));
await writeFile(
  path.join(outDir, 'digits.info.json'),
  JSON.stringify({
    layers: [784, HIDDEN, 10],
    epochs: EPOCHS,
    trainRows: train.rows,
    testRows: test.rows,
    accuracy: Number(acc.toFixed(4)),
    finalLoss: Number(history.loss.at(-1).toFixed(5)),
  }),
);
net.dispose();
console.log(
  `digit model: 784-${HIDDEN}-10, ${EPOCHS} epochs on ${train.rows} digits, held-out accuracy ${(acc * 100).toFixed(2)}% on ${test.rows} digits ` +
    `(${((performance.now() - t0) / 1000).toFixed(1)} s) -> public/models/digits.json`,
);
