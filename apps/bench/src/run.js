/**
 * The harness: builds the rows of every workload, runs the warm-ups of each, then
 * the repetitions interleaved (repetition 1 of every row, then repetition 2, …) so
 * that drift of the machine (heat, other load) hits every contender alike.
 */
import { summarize } from './stats.js';
import { xorData, randomData, rowViews } from './data.js';
import { VARIANTS, W2_SHAPES, measureMatmul, deltapropMatmul, tfjsWasmMatmul } from './matmul.js';

/** @typedef {import('./settings.js').Settings} Settings */
/** @typedef {import('./contenders/types.js').Contender} Contender */
/** @typedef {import('./data.js').Dataset} Dataset */
/** @typedef {import('./stats.js').Summary} Summary */

/**
 * @typedef {object} Row
 * @property {'W1' | 'W2' | 'P1' | 'W3' | 'matmul'} workload
 * @property {string} contender
 * @property {string} version
 * @property {string} [case]      for matmul: `A·B 256²`, …
 * @property {string} note
 * @property {string} [skipped]   why the row did not run
 * @property {string} [error]     what failed
 * @property {Record<string, number>} [sizes]  rows trained/predicted, where they differ between contenders
 * @property {(warm: boolean, seed: number) => Promise<Record<string, number>>} [measure]
 * @property {Record<string, number>[]} samples   one entry per timed repetition
 * @property {Record<string, Summary>} metrics
 * @property {Record<string, number>} ratios
 */

/** Workloads in run order. */
export const WORKLOADS = /** @type {const} */ (['W1', 'W2', 'P1', 'W3', 'matmul']);

/** Baseline contender of each workload (ratios are against it). */
export const BASELINE = { W1: 'brain.js', W2: 'tfjs-wasm', P1: 'onnxruntime-web', W3: 'tfjs-wasm', matmul: 'tfjs-wasm' };

/**
 * The first `n` rows of a data set (views, no copy).
 * @param {Dataset} d @param {number} n @returns {Dataset}
 */
function head(d, n) {
  if (n >= d.rows) return d;
  return {
    ...d,
    rows: n,
    x: d.x.subarray(0, n * d.inputs),
    y: d.y.subarray(0, n * d.outputs),
    labels: d.labels.subarray(0, n),
  };
}

/** P1's rows are the shuffled digits after the first P1_SKIP. */
const P1_SKIP = 16;

/**
 * How many of the shuffled digits a run reads (W2's training and held-out sets, P1's rows).
 * @param {Settings} s
 */
export const digitsNeeded = (s) => Math.max(s.w2.train + s.w2.test, P1_SKIP + s.p1.rows);

/** Weights of a fully connected stack. @param {number[]} layers */
export const weightCount = (layers) => layers.slice(1).reduce((s, n, i) => s + layers[i] * n, 0);

/** @param {string} workload @param {string} contender @param {RegExp | undefined} filter */
const selected = (workload, contender, filter) => !filter || filter.test(workload) || filter.test(contender) || filter.test(`${workload}/${contender}`);

/**
 * @param {object} opts
 * @param {Settings} opts.settings
 * @param {Contender[]} opts.contenders
 * @param {(nTrain: number, nTest: number) => { train: Dataset, test: Dataset }} opts.digits  the shuffled digits
 *   (src/mnist.js in Node; the page of the browser run gets the same ones from the driver)
 * @param {RegExp} [opts.filter]
 * @param {(event: { phase: string, row?: Row, total?: number }) => void} [opts.onProgress]
 * @returns {Promise<Row[]>}
 */
export async function runAll({ settings, contenders, digits, filter, onProgress = () => {} }) {
  const s = settings;
  /** @type {Row[]} */
  const rows = [];
  const inits = new Map();
  /** @param {Contender} c */
  const init = (c) => {
    if (!inits.has(c.name))
      inits.set(
        c.name,
        (c.init ? c.init() : Promise.resolve()).then(
          () => null,
          (e) => e,
        ),
      );
    return inits.get(c.name);
  };

  /**
   * @param {Row['workload']} workload @param {Contender} c
   * @param {(task: any) => NonNullable<Row['measure']>} measure
   */
  const addContenderRow = (workload, c, measure) => {
    if (!selected(workload, c.name, filter)) return;
    const task = c[/** @type {'w1' | 'w2' | 'p1' | 'w3'} */ (workload.toLowerCase())];
    /** @type {Row} */
    const row = {
      workload,
      contender: c.name,
      version: c.version,
      note: task?.note ?? '',
      skipped: task ? task.skip : 'no prediction to time',
      samples: [],
      metrics: {},
      ratios: {},
    };
    row.measure = async (warm, seed) => {
      const failed = await init(c);
      if (failed) throw failed;
      if (c.select) await c.select();
      return measure(task)(warm, seed);
    };
    rows.push(row);
  };

  // ---- W1: XOR
  const xor = xorData();
  for (const c of contenders) {
    addContenderRow('W1', c, (task) => async (warm, seed) => {
      // A repetition is the mean of as many trainings in a row as fill minMs (at least
      // one): a training of a millisecond or less, timed once, measures mostly how cold
      // the caches were after the contender before it.
      let ms = 0;
      let runs = 0;
      let r;
      do {
        r = await task.run({
          epochs: warm ? s.w1.warmEpochs : s.w1.epochs,
          learningRate: task.learningRate ?? s.w1.learningRate,
          data: xor,
          seed,
        });
        ms += r.ms;
        runs += 1;
      } while (ms < s.w1.minMs);
      return { ms: ms / runs, mse: r.mse, converged: r.mse < 0.01 ? 1 : 0 };
    });
  }

  // ---- W2: digits
  const wantW2 = contenders.some((c) => selected('W2', c.name, filter));
  const mnist = wantW2 ? digits(s.w2.train, s.w2.test) : undefined;
  for (const c of contenders) {
    const cap = s.w2.caps[c.name];
    addContenderRow('W2', c, (task) => async (warm, seed) => {
      if (!mnist) throw new Error('no data');
      const train = head(mnist.train, warm ? s.w2.warmTrain : Math.min(s.w2.train, cap?.train ?? Infinity));
      const test = head(mnist.test, warm ? s.w2.warmTest : Math.min(s.w2.test, cap?.test ?? Infinity));
      const r = await task.run({
        layers: s.w2.layers,
        batchSize: s.w2.batchSize,
        learningRate: task.learningRate ?? s.w2.learningRate,
        train,
        test,
        seed,
      });
      // An inference runtime (onnxruntime-web) predicts only: no training figure.
      return {
        ...(r.trainMs === undefined ? {} : { trainSamplesPerSec: (r.trainSamples / r.trainMs) * 1000 }),
        predictSamplesPerSec: (r.predictSamples / r.predictMs) * 1000,
        accuracy: r.accuracy,
      };
    });
    const row = rows.at(-1);
    if (row?.workload === 'W2' && row.contender === c.name) {
      const lr = c.w2.learningRate ?? s.w2.learningRate;
      row.note = `${row.note}; η ${lr}`;
      if (cap) {
        row.sizes = { train: Math.min(cap.train, s.w2.train), test: Math.min(cap.test, s.w2.test) };
        row.note += `; too slow for the whole epoch: trained on ${row.sizes.train} of ${s.w2.train} digits, tested on ${row.sizes.test}`;
      }
    }
  }

  // ---- P1: single-row prediction latency, on held-out digits
  const wantP1 = contenders.some((c) => selected('P1', c.name, filter));
  const p1Rows = wantP1 ? rowViews(digits(P1_SKIP, s.p1.rows).test.x, s.p1.layers[0] ?? 0) : [];
  for (const c of contenders) {
    addContenderRow('P1', c, (task) => async (warm, seed) => task.run({ layers: s.p1.layers, rows: p1Rows, minMs: warm ? s.p1.warmMs : s.p1.minMs, seed }));
  }

  // ---- W3: large random network
  const w3Rows = Math.max(s.w3.samples, ...Object.values(s.w3.slowSamples));
  const wantW3 = contenders.some((c) => selected('W3', c.name, filter));
  const big = wantW3 ? randomData(w3Rows, s.w3.layers[0], s.w3.layers.at(-1) ?? 10) : undefined;
  const warmBig = wantW3 ? randomData(s.w3.batchSize, s.w3.warmLayers[0], s.w3.warmLayers.at(-1) ?? 10) : undefined;
  const w3Flops = 6 * weightCount(s.w3.layers);
  for (const c of contenders) {
    const n = c.name in s.w3.slowSamples ? s.w3.slowSamples[c.name] : s.w3.samples;
    addContenderRow('W3', c, (task) => async (warm, seed) => {
      if (!big || !warmBig) throw new Error('no data');
      const r = await task.run({
        layers: warm ? s.w3.warmLayers : s.w3.layers,
        batchSize: s.w3.batchSize,
        learningRate: task.learningRate ?? s.w3.learningRate,
        data: warm ? warmBig : head(big, n),
        seed,
      });
      const sps = (r.samples / r.trainMs) * 1000;
      /** @type {Record<string, number>} */
      const figures = { trainSamplesPerSec: sps, gflops: (sps * w3Flops) / 1e9 };
      if (r.memory && !warm) {
        figures.peakMiB = r.memory.linear / 2 ** 20;
        figures.memoryRatio = r.memory.linear / r.memory.budget;
      }
      return figures;
    });
    const row = rows.at(-1);
    if (row?.workload === 'W3' && row.contender === c.name) {
      row.sizes = { samples: n };
      if (n < s.w3.samples) row.note += `; ${n} samples`;
    }
  }

  // ---- matrix products
  for (const subject of [deltapropMatmul, tfjsWasmMatmul]) {
    if (!selected('matmul', subject.name, filter)) continue;
    /** @type {{ label: (v: import('./matmul.js').Variant) => string, shape: (v: import('./matmul.js').Variant) => import('./matmul.js').Shape }[]} */
    const cases = [
      ...s.matmul.sizes.map((size) => ({
        label: (/** @type {import('./matmul.js').Variant} */ v) => `${VARIANTS[v]} ${size}²`,
        shape: () => /** @type {import('./matmul.js').Shape} */ ([size, size, size]),
      })),
      {
        label: (/** @type {import('./matmul.js').Variant} */ v) => `${VARIANTS[v]} ${W2_SHAPES[v].join('×')} (W2)`,
        shape: (/** @type {import('./matmul.js').Variant} */ v) => W2_SHAPES[v],
      },
    ];
    for (const { label, shape } of cases) {
      for (const variant of /** @type {const} */ (['nn', 'tn', 'nt'])) {
        const c = contenders.find((k) => k.name === (subject.name === 'deltaprop' ? 'deltaprop-wasm' : 'tfjs-wasm'));
        rows.push({
          workload: 'matmul',
          contender: subject.name,
          version: c?.version ?? '',
          case: label(variant),
          note: subject.name === 'deltaprop' ? 'createMatmulProbe: one product per call' : 'tf.matMul(a, b, transposeA, transposeB)',
          samples: [],
          metrics: {},
          ratios: {},
          measure: async (warm) => {
            if (c) {
              const failed = await init(c);
              if (failed) throw failed;
            }
            const [m, k, n] = shape(variant);
            const small = /** @type {import('./matmul.js').Shape} */ ([Math.min(m, 256), Math.min(k, 256), Math.min(n, 256)]);
            return { gflops: await measureMatmul(subject, variant, warm ? small : [m, k, n], warm ? 10 : s.matmul.minMs) };
          },
        });
      }
    }
  }

  // ---- run: per workload, a warm-up of every row, then the interleaved repetitions
  const warmups = (/** @type {Row['workload']} */ workload) => (workload === 'W1' ? s.w1.warmups : 1);
  const total = rows.filter((r) => !r.skipped).reduce((n, r) => n + s.reps + warmups(r.workload), 0);
  onProgress({ phase: 'start', total });
  for (const workload of WORKLOADS) {
    const wRows = rows.filter((r) => r.workload === workload);
    if (workload === 'W3') skipTooSlow(wRows, rows, s);
    // Repetitions ≤ 0 are the warm-ups.
    for (let rep = 1 - warmups(workload); rep <= s.reps; rep++) {
      for (const row of wRows) {
        if (row.skipped || !row.measure) continue;
        if (row.error) {
          onProgress({ phase: 'skip', row });
          continue;
        }
        onProgress({ phase: rep <= 0 ? 'warm-up' : `rep ${rep}/${s.reps}`, row });
        try {
          // Seeded libraries (deltaprop) start repetition r from seed r; the others draw
          // their own random weights every time.
          // Every repetition starts from a collected heap and an idle moment, so that no
          // contender pays for the garbage of the one before it (node --expose-gc; skipped
          // without it) or shares the cores with its background compilation.
          collectGarbage();
          if (s.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, s.pauseMs));
          const m = await row.measure(rep <= 0, Math.max(rep, 1));
          if (rep > 0) row.samples.push(m);
        } catch (e) {
          row.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        }
        onProgress({ phase: 'done', row });
      }
    }
  }

  for (const row of rows) {
    delete row.measure;
    const keys = new Set(row.samples.flatMap((m) => Object.keys(m)));
    for (const k of keys) row.metrics[k] = summarize(row.samples.map((m) => m[k]));
  }
  computeRatios(rows);
  return rows;
}

/**
 * A minor collection (the young generation only), when the process was started with
 * --expose-gc. Not a full one: V8's full collections also age out compiled code, and
 * a library would then be timed half-cold.
 */
function collectGarbage() {
  const gc = /** @type {{ gc?: (options: { type: 'minor' }) => void }} */ (globalThis).gc;
  gc?.({ type: 'minor' });
}

/**
 * Leaves out of W3 the contenders whose one batch would exceed `maxBatchSeconds`.
 * @param {Row[]} w3 @param {Row[]} all @param {Settings} s
 */
function skipTooSlow(w3, all, s) {
  const scale = weightCount(s.w3.layers) / weightCount(s.w2.layers);
  for (const row of w3) {
    if (row.skipped) continue;
    const w2 = all.find((r) => r.workload === 'W2' && r.contender === row.contender && r.samples.length > 0);
    if (w2) {
      const sps = summarize(w2.samples.map((m) => m.trainSamplesPerSec)).median;
      const seconds = (s.w3.batchSize / sps) * scale;
      if (seconds > s.w3.maxBatchSeconds) {
        row.skipped = `too slow: one batch of ${s.w3.batchSize} would take ≈ ${Math.round(seconds)} s (its W2 rate scaled by the weight count)`;
      }
    } else if (s.w3.tooSlow.includes(row.contender)) {
      row.skipped = `too slow: one batch of ${s.w3.batchSize} takes over ${s.w3.maxBatchSeconds} s`;
    }
    if (row.skipped) row.note = row.skipped;
  }
}

/**
 * Ratios of medians against the baseline of each workload (> 1: faster than the baseline).
 * @param {Row[]} rows
 */
export function computeRatios(rows) {
  for (const row of rows) {
    const base = rows.find((r) => r.workload === row.workload && r.contender === BASELINE[row.workload] && r.case === row.case);
    if (!base || row.skipped) continue;
    const m = row.metrics;
    const b = base.metrics;
    if (row.workload === 'W1' && m.ms && b.ms) row.ratios.speed = b.ms.median / m.ms.median;
    if ((row.workload === 'W2' || row.workload === 'W3') && m.trainSamplesPerSec && b.trainSamplesPerSec) {
      row.ratios.train = m.trainSamplesPerSec.median / b.trainSamplesPerSec.median;
    }
    if (row.workload === 'W2' && m.predictSamplesPerSec && b.predictSamplesPerSec) {
      row.ratios.predict = m.predictSamplesPerSec.median / b.predictSamplesPerSec.median;
    }
    if (row.workload === 'P1' && m.usPerRow && b.usPerRow) row.ratios.speed = b.usPerRow.median / m.usPerRow.median;
    if (row.workload === 'matmul' && m.gflops && b.gflops) row.ratios.gflops = m.gflops.median / b.gflops.median;
  }
}
