// Regression: fit y = sin(x) on [−π, π] with a 1-16-16-1 tanh network and a linear
// output, trained on the mean squared error. The inputs are standardized (zero mean,
// unit variance) and new inputs go through the same statistics.
// Run: node examples/regression.mjs
import { Network, standardize } from 'deltaprop';

const xs = Array.from({ length: 200 }, (_, i) => [-Math.PI + (2 * Math.PI * i) / 199]);
const ys = xs.map(([x]) => [Math.sin(x)]);
const scaled = standardize(xs);

const net = await Network.create({ layers: [1, 16, 16, 1], activation: ['tanh', 'tanh', 'linear'], loss: 'mse', seed: 2 });
const history = await net.train(scaled.rows, ys, { epochs: 400, batchSize: 16, optimizer: 'adam', learningRate: 0.01 });
console.log(`mean loss ½(y − t)²: ${history.loss[0].toFixed(4)} → ${history.loss.at(-1).toFixed(5)}`);

// Points between the training points, scaled with the training statistics.
const fresh = [[-2.5], [-1], [0.3], [1.7], [3]];
const predicted = net.predict(scaled.apply(fresh));
let worst = 0;
for (const [i, [x]] of fresh.entries()) {
  const error = Math.abs(predicted[i][0] - Math.sin(x));
  worst = Math.max(worst, error);
  console.log(`sin(${x.toFixed(2).padStart(5)}) = ${Math.sin(x).toFixed(3).padStart(6)}   network: ${predicted[i][0].toFixed(3).padStart(6)}`);
}
if (worst > 0.1) throw new Error(`the fit is off by ${worst.toFixed(3)}`);
net.dispose();
