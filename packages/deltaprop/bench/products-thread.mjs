// One thread of the two-thread products of `latency.mjs --batch`: the forward products
// T·W of the W2 network on its half of the rows, in its own WebAssembly instance, timed
// by the caller (which starts both threads at once and waits for both).
import { parentPort, workerData } from 'node:worker_threads';
import { createMatmulProbe } from 'deltaprop';

const { rows, layers } = workerData;
const probes = [];
for (let l = 0; l + 1 < layers.length; l++) probes.push(await createMatmulProbe('nn', rows, layers[l], layers[l + 1]));
parentPort.on('message', ({ calls }) => {
  for (let i = 0; i < calls; i++) for (const p of probes) p.run();
  parentPort.postMessage('done');
});
parentPort.postMessage('ready');
