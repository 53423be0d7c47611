// Training off the main thread, with a progress bar: trainInWorker runs the whole
// training in a worker (worker_threads here, a module Web Worker in browsers) and
// streams each epoch back, while this thread stays free — a timer keeps ticking
// throughout. Ctrl-C stops the training between epochs and keeps the network usable.
// Run: node examples/worker-progress.mjs
import { Network } from 'deltaprop';

// 400 points of a grid on [−1, 1]²: is the point inside the circle of radius 0.6?
const inputs = [];
const targets = [];
for (let i = 0; i < 20; i++) {
  for (let j = 0; j < 20; j++) {
    const [x, y] = [-1 + (2 * i) / 19, -1 + (2 * j) / 19];
    inputs.push([x, y]);
    targets.push([x * x + y * y < 0.36 ? 1 : 0]);
  }
}

const epochs = 300;
const width = 30;
const bar = (done) => `[${'#'.repeat(Math.round((width * done) / epochs)).padEnd(width)}] ${String(done).padStart(3)}/${epochs}`;
// On a terminal the bar redraws in place; in a log, one line every 50 epochs.
const show = process.stdout.isTTY ? (line) => process.stdout.write(`\r${line}`) : (line, epoch) => epoch % 50 === 0 && console.log(line);

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
let ticks = 0;
const timer = setInterval(() => (ticks += 1), 10); // runs only if this thread is free

const net = await Network.create({ layers: [2, 16, 1], activation: ['tanh', 'sigmoid'], loss: 'cross-entropy', seed: 4 });
const history = await net.trainInWorker(inputs, targets, {
  epochs,
  batchSize: 20,
  optimizer: 'adam',
  learningRate: 0.01,
  signal: controller.signal,
  onEpochEnd: ({ epoch, loss, accuracy }) => show(`${bar(epoch)}  loss ${loss.toFixed(4)}  accuracy ${(100 * accuracy).toFixed(1)} %`, epoch),
});
clearInterval(timer);
if (process.stdout.isTTY) process.stdout.write('\n');

// `net` now holds the parameters trained in the worker.
const outputs = net.predict(inputs);
const right = outputs.filter((y, i) => Math.round(y[0]) === targets[i][0]).length;
console.log(
  `${history.aborted ? 'stopped' : 'done'} after ${history.epochs} epochs; ${right} of ${inputs.length} points on the right side of the circle; the main thread ticked ${ticks} times meanwhile`,
);
if (!history.aborted && right < 0.9 * inputs.length) throw new Error('the circle was not learned');
net.dispose();
