// CSV in, trained and evaluated model out: predict Seattle's weather (drizzle, fog,
// rain, snow, sun) from the day's precipitation, temperatures and wind.
// Run from the repository root after `npm run build`: node examples/csv-classify.mjs
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Encoder, Network, formatConfusion, split } from 'deltaprop';
import { readCSV } from 'deltaprop/data';

// vega-datasets (a development dependency) ships the file; any path or stream will do.
const file = join(dirname(createRequire(import.meta.url).resolve('vega-datasets')), '..', 'data', 'seattle-weather.csv');

const data = await readCSV(file, { target: 'weather', ignore: ['date'] });
const { train, test } = split(data, { test: 0.2, stratify: true, seed: 1 });
const encoder = Encoder.fit(train); // standardises the numbers, one-hots categories, names the classes
const net = await Network.create({
  layers: [encoder.inputs, 16, encoder.outputs],
  activation: ['relu', 'softmax'],
  loss: 'cross-entropy',
  preprocessing: encoder,
  seed: 1,
});
const rows = encoder.transform(train);
await net.train(rows.inputs, rows.targets, { epochs: 100, optimizer: 'adam', learningRate: 0.01 });
const held = encoder.transform(test);
const report = net.evaluate(held.inputs, held.targets);
console.log(`held-out accuracy ${(report.accuracy * 100).toFixed(1)} %, macro F1 ${report.macro.f1.toFixed(3)}\n${formatConfusion(report)}`);
console.log(net.classify({ precipitation: 12.5, temp_max: 9.4, temp_min: 4.1, wind: 5.2 })); // a raw row in, a class name out
