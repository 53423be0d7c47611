// Learning on real data: a 784-128-10 network (relu, softmax + cross-entropy, Adam,
// batch 32) trained on 8,000 of the mnist package's 10,000 digits for 10 epochs and
// tested on the other 2,000 after every epoch, on three seeded splits (the held-out
// figure moves by about a point from split to split).
// Run from the root: npm run mnist [-- 784-256-128-10 20]
import { Network } from 'deltaprop';
import { digits } from './digits.mjs';

const layers = process.argv[2] ? process.argv[2].split('-').map(Number) : [784, 128, 10];
const epochs = Number(process.argv[3] ?? 10);
const summary = [];
for (const split of [1, 2, 3]) {
  const { train, test } = digits(8000, 2000, split);
  const net = await Network.create({ layers, activation: [...layers.slice(2).map(() => 'relu'), 'softmax'], loss: 'cross-entropy', seed: 1 });
  console.log(
    `\n${layers.join('-')}, split ${split}: 8,000 digits to train, 2,000 held out; Adam, batch 32 (${net.engine}, ${net.threads} thread${net.threads > 1 ? 's' : ''})`,
  );
  const started = performance.now();
  const history = await net.train(train.inputs, train.targets, {
    epochs,
    batchSize: 32,
    optimizer: 'adam',
    learningRate: 1e-3,
    validationData: { inputs: test.inputs, targets: test.targets },
    onEpochEnd: (e) =>
      console.log(
        `epoch ${String(e.epoch).padStart(2)}  loss ${e.loss.toFixed(4)}  train ${(100 * e.accuracy).toFixed(1)} %  held-out ${(100 * e.valAccuracy).toFixed(1)} %`,
      ),
  });
  const held = history.valAccuracy;
  summary.push({ split, final: held.at(-1), best: Math.max(...held), seconds: (performance.now() - started) / 1000 });
}
console.log('\nsplit  held-out after last epoch  best epoch  time');
for (const s of summary)
  console.log(`${s.split}      ${(100 * s.final).toFixed(1)} %                    ${(100 * s.best).toFixed(1)} %      ${s.seconds.toFixed(1)} s`);
const mean = (key) => (100 * summary.reduce((a, s) => a + s[key], 0)) / summary.length;
console.log(`mean   ${mean('final').toFixed(1)} %                    ${mean('best').toFixed(1)} %`);
