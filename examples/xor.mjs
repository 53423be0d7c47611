// The smallest network that needs a hidden layer: XOR, 2-4-1 sigmoid, trained by
// full-batch gradient descent on the mean squared error.
// Run: node examples/xor.mjs
import { Network } from 'deltaprop';

const inputs = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
const targets = [[0], [1], [1], [0]];

const net = await Network.create({ layers: [2, 4, 1], activation: 'sigmoid', loss: 'mse', seed: 3 });
const history = await net.train(inputs, targets, { epochs: 5000, batchSize: 4, learningRate: 0.5 });

console.log(`${net.engine}: loss ${history.loss[0].toFixed(4)} → ${history.loss.at(-1).toFixed(4)} after ${history.loss.length} epochs`);
const outputs = net.predict(inputs);
for (const [i, x] of inputs.entries()) console.log(`${x[0]} xor ${x[1]} = ${targets[i][0]}   network: ${outputs[i][0].toFixed(3)}`);
if (outputs.some((y, i) => Math.round(y[0]) !== targets[i][0])) throw new Error('XOR was not learned');
net.dispose();
