import { Network } from 'deltaprop';
import { digits } from './digits.mjs';
const heldOut = digits(0, 64).test.inputs.data;
async function time(fn, ms = 5) {
  const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
  let calls = 0; const t0 = cpu(); let t = t0;
  while (t - t0 < ms) { fn(); calls++; if ((calls & 3) === 0) t = cpu(); }
  return ((cpu() - t0) * 1000) / calls;
}
const nets = {
  full: await Network.create({ layers: [784, 128, 64, 10], activation: ['relu', 'relu', 'softmax'], seed: 7, threads: 1 }),
  first: await Network.create({ layers: [784, 128], activation: ['relu'], seed: 7, threads: 1 }),
  upper: await Network.create({ layers: [128, 64, 10], activation: ['relu', 'softmax'], seed: 7, threads: 1 }),
};
// inputs for upper: relu outputs of the first layer
const p1 = nets.first.predictor();
const h = new Float32Array(64 * 128);
p1.run(heldOut.slice(0, 64 * 784), h);
console.log('zeros in h:', (h.filter((v) => v === 0).length / h.length).toFixed(2), 'zeros in x:', (heldOut.slice(0, 64*784).filter((v) => v === 0).length / (64*784)).toFixed(2));
for (const rows of [1, 8, 64]) {
  const res = {};
  for (const [name, net] of Object.entries(nets)) {
    const p = net.predictor();
    const x = name === 'upper' ? h.slice(0, rows * 128) : heldOut.slice(0, rows * 784);
    const out = new Float32Array(rows * net.layers.at(-1));
    const ts = [];
    for (let r = 0; r < 20; r++) ts.push(await time(() => p.run(x, out)));
    res[name] = Math.min(...ts).toFixed(1);
  }
  console.log(rows, 'rows µs:', JSON.stringify(res));
}
process.exit(0);
