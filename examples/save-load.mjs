// Saving and loading: a trained network written as versioned JSON, as a compact
// binary file, and as a standalone module that predicts without deltaprop; each
// read back gives the same predictions.
// Run: node examples/save-load.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Network } from 'deltaprop';

const inputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const targets = [[0], [1], [1], [0]];
const net = await Network.create({ layers: [2, 4, 1], activation: 'sigmoid', loss: 'mse', seed: 3 });
await net.train(inputs, targets, { epochs: 5000, batchSize: 4, learningRate: 0.5 });
const expected = net.predict(inputs);

const dir = mkdtempSync(join(tmpdir(), 'deltaprop-example-'));
try {
  await writeFile(join(dir, 'model.json'), JSON.stringify(net.toJSON())); // versioned JSON, checked on load
  await writeFile(join(dir, 'model.bin'), net.toBinary()); // header + float32 parameters + CRC-32
  await writeFile(join(dir, 'predict.mjs'), net.toModuleSource()); // runs without deltaprop installed

  const fromJson = await Network.fromJSON(await readFile(join(dir, 'model.json'), 'utf8'));
  const fromBinary = await Network.fromBinary(await readFile(join(dir, 'model.bin')));
  const { default: predictStandalone } = await import(pathToFileURL(join(dir, 'predict.mjs')).href);
  const predictRow = net.toFunction(); // a plain function of one row, in this process
  // The module and the function compute in float64, the kernels in float32: they agree
  // to about 1e-6.

  for (const [i, x] of inputs.entries()) {
    const got = {
      json: fromJson.predict([x])[0][0],
      binary: fromBinary.predict([x])[0][0],
      module: predictStandalone(x)[0],
      function: predictRow(x)[0],
    };
    console.log(
      `${JSON.stringify(x)}: trained ${expected[i][0].toFixed(6)}`,
      Object.entries(got)
        .map(([k, v]) => `${k} ${v.toFixed(6)}`)
        .join(', '),
    );
    for (const [k, v] of Object.entries(got)) {
      if (Math.abs(v - expected[i][0]) > 1e-5) throw new Error(`${k} predicts ${v} for ${JSON.stringify(x)}, the trained network ${expected[i][0]}`);
    }
  }
  for (const n of [net, fromJson, fromBinary]) n.dispose();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
