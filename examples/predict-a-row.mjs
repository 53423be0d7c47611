// Prediction a row at a time, as a page classifying what a user just did would run it:
// a predictor set up once writes each answer into an array it keeps (no allocation per
// call), and toFunction() gives a function that runs without deltaprop.
import { Network } from 'deltaprop';

// Three classes of four features: which of the first three features is largest.
const x = [];
const y = [];
for (let i = 0; i < 300; i++) {
  const row = Float32Array.from({ length: 4 }, (_, j) => ((i * 7919 + j * 104729) % 1000) / 1000);
  const best = row.subarray(0, 3).indexOf(Math.max(...row.subarray(0, 3)));
  x.push(row);
  y.push([0, 1, 2].map((c) => (c === best ? 1 : 0)));
}

const net = await Network.create({ layers: [4, 16, 3], activation: ['relu', 'softmax'], loss: 'cross-entropy', seed: 1 });
await net.train(x, y, { epochs: 200, batchSize: 16, optimizer: 'adam', learningRate: 0.01 });

const predictor = net.predictor();
const out = new Float32Array(3);
let right = 0;
for (let i = 0; i < x.length; i++) {
  predictor.run(x[i], out); // out now holds the three probabilities of row i
  if (out.indexOf(Math.max(...out)) === y[i].indexOf(1)) right++;
}
console.log(`predictor: ${right} of ${x.length} rows classified right`);

const standalone = net.toFunction(); // a plain function of one row; no deltaprop needed to run it
const p = standalone(x[0]);
console.log(
  `toFunction on row 0: [${p.map((v) => v.toFixed(3)).join(', ')}], predictor: [${Array.from(predictor.run(x[0], out), (v) => v.toFixed(3)).join(', ')}]`,
);
net.dispose();
