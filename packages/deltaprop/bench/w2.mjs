// W2 of the bench: 784-128-64-10, batch 32, one epoch over 10,000 digits; samples/s.
import { Network } from 'deltaprop';
import { digits } from './digits.mjs';

const { train } = digits(10000, 0);
for (let r = 0; r < 3; r++) {
  const net = await Network.create({ layers: [784, 128, 64, 10], activation: ['relu', 'relu', 'softmax'], loss: 'cross-entropy', seed: 1 });
  const t0 = performance.now();
  await net.train(train.inputs, train.targets, { epochs: 1, batchSize: 32, optimizer: 'adam', learningRate: 1e-3 });
  const ms = performance.now() - t0;
  const t1 = performance.now();
  net.predict(train.inputs);
  const pms = performance.now() - t1;
  console.log(`train ${(10000 / ms * 1000).toFixed(0)} samples/s (${ms.toFixed(0)} ms), predict ${(10000 / pms * 1000).toFixed(0)} samples/s`);
  net.dispose();
}
