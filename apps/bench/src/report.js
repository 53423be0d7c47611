/**
 * Turns the measured rows into the markdown table (stdout, RESULTS.md), the JSON
 * record and the SVG chart of the ratios.
 */
import { BASELINE } from './run.js';
import { machineLine } from './machine.js';

/** @typedef {import('./run.js').Row} Row */
/** @typedef {import('./stats.js').Summary} Summary */

/** A number with about three significant digits, thousands grouped. @param {number} x */
export function fmt(x) {
  if (!Number.isFinite(x)) return '—';
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `median (min–max)` @param {Summary | undefined} s @param {(x: number) => string} [f] */
function cell(s, f = fmt) {
  if (!s || s.n === 0) return '—';
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

/** @param {number | undefined} r */
const ratio = (r) => (r === undefined || !Number.isFinite(r) ? '—' : `${fmt(r)}×`);
const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(1)}%`;
/** @param {string} s */
const esc = (s) => s.replaceAll('|', '\\|');

/** @param {Row} r */
function status(r) {
  if (r.skipped) return `skipped — ${r.skipped}`;
  if (r.error) return `**failed** — ${r.error}`;
  return r.note;
}

/** @param {Row} r @param {string} [prefix] */
function name(r, prefix = '') {
  const base = BASELINE[r.workload] === r.contender ? ' (baseline)' : '';
  return `${prefix}${r.contender}${base}`;
}

/**
 * @param {object} run
 * @param {Row[]} run.rows
 * @param {import('./settings.js').Settings} run.settings
 * @param {import('./machine.js').Machine} run.machine
 * @param {string} run.date
 * @param {string} [run.filter]
 */
/** How the rows were warmed up. @param {import('./settings.js').Settings} s */
function warmText(s) {
  const w1 = s.w1.warmups === 1 ? 'one run' : `${s.w1.warmups} runs`;
  return `W1: ${w1} of ${s.w1.warmEpochs.toLocaleString('en-US')} epochs; the others: one reduced run`;
}

/** What one W1 repetition is. @param {import('./settings.js').Settings} s */
function w1Text(s) {
  return `A repetition is the mean time of as many trainings in a row (each a fresh network) as fill ${s.w1.minMs} ms.`;
}

/**
 * The browser run's line under W2 and W3: deltaprop's team against its one-thread row,
 * ratios of this run's medians (in a page, where threads pay is the question).
 * @param {Row[]} rows @param {string} workload
 */
function threadScaling(rows, workload) {
  /** @param {string} contender @param {string} figure */
  const median = (contender, figure) => rows.find((r) => r.workload === workload && r.contender === contender)?.metrics[figure]?.median ?? NaN;
  /** @param {string} figure */
  const scaling = (figure) => median('deltaprop-wasm', figure) / median('deltaprop-wasm-1thread', figure);
  const train = scaling('trainSamplesPerSec');
  if (!Number.isFinite(train)) return [];
  const predict = scaling('predictSamplesPerSec');
  return [
    '',
    `Thread scaling in this page: deltaprop-wasm (threads as on the Machine line) over deltaprop-wasm-1thread, training samples/s ${ratio(train)}` +
      (Number.isFinite(predict) ? `, prediction ${ratio(predict)}` : '') +
      '.',
  ];
}

export function markdown({ rows, settings: s, machine, date, filter }) {
  const out = [];
  const where = machine.browser ? ' in Chromium' : '';
  out.push(`### deltaprop bench — ${s.mode} run${where}, ${date}${filter ? ` (filter \`${filter}\`)` : ''}`);
  out.push('');
  out.push(`Machine: ${machineLine(machine)}`);
  out.push('');
  out.push(
    `Each figure is the median of ${s.reps} repetitions after warm-up (${warmText(s)}), with (min–max); repetitions are interleaved across contenders. ` +
      'Ratios are the baseline-relative speed of the medians (> 1× is faster than the baseline).',
  );
  const by = (/** @type {string} */ w) => rows.filter((r) => r.workload === w);

  const w1 = by('W1');
  if (w1.length) {
    out.push('');
    out.push(`#### W1 · XOR 2-4-1 sigmoid, MSE, η ${s.w1.learningRate}, ${s.w1.epochs.toLocaleString('en-US')} full-batch epochs`);
    out.push('');
    out.push(w1Text(s));
    out.push('');
    out.push(`| contender | time, ms | vs ${BASELINE.W1} | converged (MSE < 0.01) | final MSE | note |`);
    out.push('|---|---:|---:|---:|---:|---|');
    for (const r of w1) {
      const conv = r.samples.length ? `${r.samples.filter((m) => m.converged === 1).length}/${r.samples.length}` : '—';
      out.push(`| ${name(r)} | ${cell(r.metrics.ms)} | ${ratio(r.ratios.speed)} | ${conv} | ${fmt(r.metrics.mse?.median ?? NaN)} | ${esc(status(r))} |`);
    }
  }

  const w2 = by('W2');
  if (w2.length) {
    out.push('');
    out.push(
      `#### W2 · digits ${s.w2.layers.join('-')}, batch ${s.w2.batchSize}, one epoch over ${s.w2.train.toLocaleString('en-US')} digits, tested on ${s.w2.test.toLocaleString('en-US')} held-out digits`,
    );
    out.push('');
    out.push(`| contender | train, samples/s | vs ${BASELINE.W2} | predict, samples/s | vs ${BASELINE.W2} | accuracy | note |`);
    out.push('|---|---:|---:|---:|---:|---:|---|');
    for (const r of w2) {
      out.push(
        `| ${name(r)} | ${cell(r.metrics.trainSamplesPerSec)} | ${ratio(r.ratios.train)} | ${cell(r.metrics.predictSamplesPerSec)} | ${ratio(r.ratios.predict)} | ${cell(r.metrics.accuracy, pct)} | ${esc(status(r))} |`,
      );
    }
    if (machine.browser) out.push(...threadScaling(rows, 'W2'));
  }

  const p1 = by('P1');
  if (p1.length) {
    out.push('');
    out.push(`#### P1 · single-row prediction latency, ${s.p1.layers.join('-')} (W2's network), one held-out digit per call`);
    out.push('');
    out.push('A repetition is the mean time per call over as many calls in a row as fill ' + `${s.p1.minMs} ms, the rows taken in turn.`);
    out.push('');
    out.push(`| contender | µs per row | vs ${BASELINE.P1} | note |`);
    out.push('|---|---:|---:|---|');
    for (const r of p1) out.push(`| ${name(r)} | ${cell(r.metrics.usPerRow)} | ${ratio(r.ratios.speed)} | ${esc(status(r))} |`);
  }

  const w3 = by('W3');
  if (w3.length) {
    out.push('');
    out.push(
      `#### W3 · ${s.w3.layers.join('-')}, batch ${s.w3.batchSize}, random data, ${s.w3.samples.toLocaleString('en-US')} samples per repetition unless noted; GFLOP/s = 6 × weights × samples/s`,
    );
    out.push('');
    out.push(`| contender | train, samples/s | GFLOP/s | vs ${BASELINE.W3} | peak WebAssembly memory, MiB | vs needed | note |`);
    out.push('|---|---:|---:|---:|---:|---:|---|');
    for (const r of w3) {
      const memory = r.metrics.peakMiB ? `${cell(r.metrics.peakMiB)} | ${fmt(r.metrics.memoryRatio?.max ?? NaN)}×` : '— | —';
      out.push(`| ${name(r)} | ${cell(r.metrics.trainSamplesPerSec)} | ${cell(r.metrics.gflops)} | ${ratio(r.ratios.train)} | ${memory} | ${esc(status(r))} |`);
    }
    if (machine.browser) out.push(...threadScaling(rows, 'W3'));
    out.push('');
    out.push(
      '"vs needed": the peak linear memory over parameters + gradients + one batch of activations and δ + the data (SGD keeps no optimizer state); the memory never shrinks, so its size after training is the peak. A team of threads keeps one gradient and one batch of activations, which its threads fill together.',
    );
  }

  const mm = by('matmul');
  if (mm.length) {
    out.push('');
    out.push("#### Matrix products · GFLOP/s = 2·m·k·n / time, one product per call; square operands, and the shapes m×k×n of W2's first layer");
    out.push('');
    out.push(`| product | deltaprop, GFLOP/s | tfjs-wasm, GFLOP/s | deltaprop vs tfjs-wasm |`);
    out.push('|---|---:|---:|---:|');
    const cases = [...new Set(mm.map((r) => r.case))];
    for (const c of cases) {
      const d = mm.find((r) => r.case === c && r.contender === 'deltaprop');
      const t = mm.find((r) => r.case === c && r.contender === 'tfjs-wasm');
      const show = (/** @type {Row | undefined} */ r) => (!r ? '—' : r.error ? `failed — ${esc(r.error)}` : cell(r.metrics.gflops));
      out.push(`| ${c} | ${show(d)} | ${show(t)} | ${ratio(d?.ratios.gflops)} |`);
    }
  }
  out.push('');
  return out.join('\n');
}

/**
 * Everything measured, for scripts: settings, machine and every repetition of every row.
 * @param {object} run
 * @param {Row[]} run.rows
 * @param {import('./settings.js').Settings} run.settings
 * @param {import('./machine.js').Machine} run.machine
 * @param {string} run.date
 * @param {number} run.durationMs
 * @param {string} [run.filter]
 */
export function json(run) {
  return JSON.stringify(
    {
      format: 'deltaprop-bench',
      version: 1,
      date: run.date,
      durationMs: Math.round(run.durationMs),
      mode: run.settings.mode,
      filter: run.filter ?? null,
      baselines: BASELINE,
      machine: run.machine,
      settings: run.settings,
      rows: run.rows,
    },
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}

/** @param {string} s */
const xml = (s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/**
 * A horizontal bar chart of every ratio on a log scale around 1×.
 * @param {object} run
 * @param {Row[]} run.rows
 * @param {import('./settings.js').Settings} run.settings
 * @param {import('./machine.js').Machine} run.machine
 * @param {string} run.date
 */
export function svg({ rows, settings: s, machine, date }) {
  /** @type {{ group: string, label: string, value: number, mine: boolean }[]} */
  const bars = [];
  /** @type {[string, string, string][]} */
  const series = [
    ['W1', 'speed', `W1 · XOR, ${s.w1.epochs} epochs (time, vs ${BASELINE.W1})`],
    ['W2', 'train', `W2 · digits, training samples/s (vs ${BASELINE.W2})`],
    ['W2', 'predict', `W2 · digits, prediction samples/s (vs ${BASELINE.W2})`],
    ['W3', 'train', `W3 · ${s.w3.layers.join('-')}, training samples/s (vs ${BASELINE.W3})`],
    ['matmul', 'gflops', 'Matrix products, GFLOP/s (deltaprop vs tfjs-wasm)'],
  ];
  for (const [w, key, group] of series) {
    for (const r of rows) {
      if (r.workload !== w || r.ratios[key] === undefined || !Number.isFinite(r.ratios[key])) continue;
      if (w === 'matmul' && r.contender !== 'deltaprop') continue;
      bars.push({ group, label: w === 'matmul' ? `${r.case}` : r.contender, value: r.ratios[key], mine: r.contender.startsWith('deltaprop') });
    }
  }
  const W = 900;
  const labelW = 190;
  const valueW = 70;
  const rowH = 18;
  const groupH = 26;
  const top = 64;
  const groups = [...new Set(bars.map((b) => b.group))];
  const H = top + groups.length * groupH + bars.length * rowH + 40;
  const values = bars.map((b) => b.value);
  const lo = Math.min(1 / 2, ...values);
  const hi = Math.max(2, ...values);
  const l2lo = Math.floor(Math.log2(lo));
  const l2hi = Math.ceil(Math.log2(hi));
  const x0 = labelW;
  const x1 = W - valueW;
  const x = (/** @type {number} */ v) => x0 + ((Math.log2(v) - l2lo) / (l2hi - l2lo)) * (x1 - x0);
  const parts = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="12" y="22" font-size="15" font-weight="600">deltaprop bench — speed relative to the baseline (log scale, right of 1× is faster)</text>`);
  const runtime = machine.browser ? machine.browser.name : `Node ${machine.node}`;
  parts.push(`<text x="12" y="40" fill="#555">${xml(`${s.mode} run, ${date} · ${machine.cpu}, ${machine.cores} cores · ${runtime}`)}</text>`);
  // grid
  const every = Math.ceil((l2hi - l2lo) / 10); // at most ~10 tick labels
  for (let e = l2lo; e <= l2hi; e++) {
    const v = 2 ** e;
    const gx = x(v);
    parts.push(`<line x1="${gx}" y1="${top - 8}" x2="${gx}" y2="${H - 30}" stroke="${e === 0 ? '#333' : '#ddd'}" stroke-width="${e === 0 ? 1.2 : 1}"/>`);
    if (e % every !== 0) continue;
    const t = v >= 1 ? `${v}×` : `1/${1 / v}×`;
    parts.push(`<text x="${gx}" y="${H - 14}" text-anchor="middle" fill="#555">${t}</text>`);
  }
  // legend
  const lx = W - 230;
  parts.push(`<rect x="${lx}" y="31" width="12" height="10" fill="#2563eb"/><text x="${lx + 16}" y="40" fill="#333">deltaprop</text>`);
  parts.push(`<rect x="${lx + 90}" y="31" width="12" height="10" fill="#9ca3af"/><text x="${lx + 106}" y="40" fill="#333">other libraries</text>`);
  let y = top;
  for (const g of groups) {
    y += groupH;
    parts.push(`<text x="12" y="${y - 8}" font-weight="600">${xml(g)}</text>`);
    for (const b of bars.filter((k) => k.group === g)) {
      const a = x(Math.min(1, b.value));
      const z = x(Math.max(1, b.value));
      const fill = b.mine ? '#2563eb' : '#9ca3af';
      parts.push(`<text x="${labelW - 8}" y="${y + 12}" text-anchor="end">${xml(b.label)}</text>`);
      parts.push(`<rect x="${a}" y="${y + 3}" width="${Math.max(1, z - a)}" height="${rowH - 6}" fill="${fill}"/>`);
      // slower-than-baseline values are printed just right of the 1× line, clear of the names
      parts.push(`<text x="${z + 4}" y="${y + 12}" fill="#111">${fmt(b.value)}×</text>`);
      y += rowH;
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
