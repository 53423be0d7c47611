import { Network } from 'deltaprop';
import { digits } from './digits.mjs';
const heldOut = digits(0, 64).test.inputs.data;
async function time(fn, ms = 5) {
  const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
  let calls = 0; const t0 = cpu(); let t = t0;
  while (t - t0 < ms) { fn(); calls++; if ((calls & 3) === 0) t = cpu(); }
  return ((cpu() - t0) * 1000) / calls;
}
const net = await Network.create({ layers: [784, Number(process.argv[2] ?? 128)], activation: ['relu'], seed: 7, threads: 1 });
const p = net.predictor();
const diff = heldOut.slice(0, 64 * 784);
const same = new Float32Array(64 * 784); for (let r = 0; r < 64; r++) same.set(heldOut.subarray(0, 784), r * 784);
// the same count of nonzeros per row but shuffled positions? use row 0's pixel count
const out = new Float32Array(64 * Number(process.argv[2] ?? 128));
for (let round = 0; round < 3; round++) {
  const res = {};
  for (const [k, x] of Object.entries({ diff, same })) { const ts = []; for (let r = 0; r < 15; r++) ts.push(await time(() => p.run(x, out))); res[k] = Math.min(...ts).toFixed(1); }
  console.log(JSON.stringify(res));
}
const nz = (x) => x.filter((v) => v !== 0).length / 64;
console.log('nonzeros per row: diff', nz(diff), 'same', nz(same));
process.exit(0);
