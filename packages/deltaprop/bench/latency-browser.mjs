// Prediction latency in Chromium, on the W2 network (784-128-64-10, relu/relu/softmax),
// one thread: µs per call at 1, 8 and 64 rows per call for
//   deltaprop predictor   net.predictor().run(input, output)
//   deltaprop predict     net.predict(...)
//   onnxruntime-web       the same network as deltaprop's own ONNX export, wasm, one thread
// on held-out digits and on dense rows (no input zero), as bench/latency.mjs times them
// in Node. The page is served cross-origin isolated, loads deltaprop's built dist/
// through an import map (so it runs the relaxed-SIMD kernels where Chromium validates
// them) and onnxruntime-web's own ES module build.
//
//   node bench/latency-browser.mjs [--rounds 15]
//
// A figure is the best of `rounds` windows of 20 ms of calls (wall time: a page has no
// CPU clock, and performance.now() has 5 µs steps in an isolated page, so a window holds
// many calls), the contenders taking turns window by window; the median window follows.
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Network } from 'deltaprop';
import { toONNX } from 'deltaprop/interop';
import { digits } from './digits.mjs';
import { IMPORT_MAP, openIsolated, packageRoots } from './page.mjs';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '15' } }, strict: true });
const rounds = Number(args.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds ${args.rounds}: a whole number ≥ 1`);

const require = createRequire(import.meta.url);
const net = await Network.create({ layers: [784, 128, 64, 10], activation: ['relu', 'relu', 'softmax'], loss: 'cross-entropy', seed: 7, threads: 1 });
const files = {
  '/net.json': Buffer.from(JSON.stringify(net.toJSON())),
  '/net.onnx': Buffer.from(toONNX(net)),
  '/digits': (() => {
    const d = digits(0, 64).test.inputs.data;
    return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  })(),
};
net.dispose();
const roots = { ...packageRoots(), ort: path.dirname(require.resolve('onnxruntime-web')) };

// ── the page: the same timing as latency.mjs, in windows of wall time
async function measure(Network, ort, rounds) {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = '/ort/';
  const get = async (name) => (await fetch(name)).arrayBuffer();
  const net = await Network.fromJSON(JSON.parse(new TextDecoder().decode(await get('/net.json'))), { threads: 1 });
  const session = await ort.InferenceSession.create(new Uint8Array(await get('/net.onnx')));
  const heldOut = new Float32Array(await get('/digits'));
  const predictor = net.predictor();
  const rowsOf = (n, kind) => {
    if (kind === 'digits') return heldOut.slice(0, n * 784);
    const data = new Float32Array(n * 784);
    for (let i = 0; i < data.length; i++) data[i] = (((i * 2654435761) % 999) + 1) / 1000;
    return data;
  };
  const time = async (fn, ms) => {
    let calls = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ms) {
      await fn();
      calls++;
      t = performance.now();
    }
    return ((t - t0) * 1000) / calls;
  };
  const results = {};
  for (const kind of ['digits', 'dense']) {
    for (const n of [1, 8, 64]) {
      const x = rowsOf(n, kind);
      const out = new Float32Array(n * 10);
      const fns = {
        'deltaprop predictor': () => predictor.run(x, out),
        'deltaprop predict': () => net.predict(n === 1 ? x : { data: x, rows: n }),
        'onnxruntime-web': async () => (await session.run({ input: new ort.Tensor('float32', x, [n, 784]) })).output.data,
      };
      for (const fn of Object.values(fns)) await time(fn, 200); // warm-up: tiering, onnxruntime-web's first calls
      const windows = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
      for (let r = 0; r < rounds; r++) for (const [name, fn] of Object.entries(fns)) windows[name].push(await time(fn, 20));
      for (const [name, w] of Object.entries(windows)) {
        w.sort((a, b) => a - b);
        (results[kind] ??= {})[name] ??= {};
        results[kind][name][n] = { best: w[0], median: w[w.length >> 1] };
      }
    }
  }
  return { engine: net.engine, results };
}

const page = `<!doctype html>
${IMPORT_MAP}
<script type="module">
import { Network } from 'deltaprop';
import * as ort from '/ort/ort.wasm.min.mjs';
const measure = ${measure.toString()};
window.measure = (rounds) => measure(Network, ort, rounds);
window.ready = true;
</script>`;

const { context, tab, problems, close } = await openIsolated(page, roots, (url) => (Object.hasOwn(files, url) ? files[url] : undefined));
try {
  const { engine, results } = await tab.evaluate((r) => window.measure(r), rounds);
  console.log(`Chromium ${context.browser()?.version() ?? ''}: deltaprop ${engine}, onnxruntime-web (wasm, 1 thread), one thread each`);
  const sizes = [1, 8, 64];
  for (const kind of ['digits', 'dense']) {
    console.log(`\n${kind === 'digits' ? 'Held-out digits' : 'Dense rows (no input zero)'}, µs per call, best window (median):\n`);
    console.log(`| µs per call | ${sizes.map((n) => `${n} row${n > 1 ? 's' : ''}`).join(' | ')} |`);
    console.log(`|---|${sizes.map(() => '---:').join('|')}|`);
    for (const [name, byRows] of Object.entries(results[kind])) {
      console.log(`| ${name} | ${sizes.map((n) => `${byRows[n].best.toFixed(1)} (${byRows[n].median.toFixed(1)})`).join(' | ')} |`);
    }
    const ort = results[kind]['onnxruntime-web'];
    for (const name of ['deltaprop predictor', 'deltaprop predict']) {
      const ours = results[kind][name];
      console.log(`${name} vs onnxruntime-web: ${sizes.map((n) => `${(ort[n].best / ours[n].best).toFixed(2)}× at ${n}`).join(', ')} (best windows)`);
    }
  }
  if (problems.length) console.log(`page problems: ${problems.join('; ')}`);
} finally {
  await close();
}
