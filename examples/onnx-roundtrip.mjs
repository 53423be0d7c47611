// A network trained by deltaprop, exported to ONNX, run by onnxruntime, and loaded
// back: the three agree on every prediction.
//   npm run build && node examples/onnx-roundtrip.mjs
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Network } from 'deltaprop';
import { load, save } from 'deltaprop/interop';
import * as ort from 'onnxruntime-web';

// XOR, two classes: softmax with cross-entropy.
const inputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const targets = [
  [1, 0],
  [0, 1],
  [0, 1],
  [1, 0],
];
const net = await Network.create({ layers: [2, 8, 2], activation: ['tanh', 'softmax'], loss: 'cross-entropy', seed: 7 });
await net.train(inputs, targets, { epochs: 500, batchSize: 4, optimizer: 'adam', learningRate: 0.05 });

const dir = await mkdtemp(path.join(tmpdir(), 'deltaprop-onnx-'));
const file = path.join(dir, 'xor.onnx');
await save(net, file); // .onnx: written as ONNX (opset 13)

// onnxruntime runs the file: one float32 input [batch, 2], one output [batch, 2].
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(await readFile(file));
const { output } = await session.run({ input: new ort.Tensor('float32', Float32Array.from(inputs.flat()), [inputs.length, 2]) });

// …and deltaprop loads it back (the format is found from the content; the loss travels in its metadata).
const back = await load(file);

const ours = net.predict(inputs);
const theirs = inputs.map((_, r) => Array.from(output.data.slice(2 * r, 2 * r + 2)));
const again = back.predict(inputs);
let worst = 0;
inputs.forEach((x, r) => {
  for (let j = 0; j < 2; j++) worst = Math.max(worst, Math.abs(ours[r][j] - theirs[r][j]), Math.abs(ours[r][j] - again[r][j]));
  console.log(
    `${JSON.stringify(x)} → class ${ours[r].indexOf(Math.max(...ours[r]))}  deltaprop ${ours[r][1].toFixed(6)}  onnxruntime ${theirs[r][1].toFixed(6)}  reloaded ${again[r][1].toFixed(6)}`,
  );
});
console.log(`largest difference: ${worst.toExponential(2)} (loss of the reloaded network: ${back.loss})`);
await session.release();
await rm(dir, { recursive: true });
if (worst > 1e-5) {
  console.error('the three disagree');
  process.exit(1);
}
