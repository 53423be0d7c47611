/**
 * The page of the browser run: the harness and every contender of the Node run
 * (src/run.js, src/contenders/), bundled by vite (src/browser/bundle.js). The driver
 * calls `window.bench(options)` and gets the rows and where they ran; progress goes
 * back through `window.benchProgress`, which the driver exposes.
 */
import { runAll } from '../run.js';
import { splitDigits } from '../data.js';
import { wasmFeatures } from '../machine.js';
import { describeEngines } from '../engines.js';
import { CONTENDERS } from '../contenders/index.js';
import { ASSETS } from './routes.js';

/**
 * @typedef {object} BenchOptions
 * @property {import('../settings.js').Settings} settings
 * @property {string} [filter]   the --filter pattern (case-insensitive)
 *
 * @typedef {object} BenchResult
 * @property {import('../run.js').Row[]} rows
 * @property {Partial<import('../machine.js').Machine>} machine
 */

/** The browser's name and full version as it reports them (user-agent client hints, else the user-agent string). */
async function browserName() {
  /** @type {any} */
  const uaData = /** @type {any} */ (navigator).userAgentData;
  try {
    /** @type {{ brand: string, version: string }[]} */
    const brands = (await uaData?.getHighEntropyValues(['fullVersionList']))?.fullVersionList ?? [];
    const own = brands.find((b) => /^(Chromium|Google Chrome|HeadlessChrome)$/.test(b.brand));
    if (own) return `${own.brand} ${own.version}`;
  } catch {}
  const m = /(HeadlessChrome|Chrome|Chromium)\/([\d.]+)/.exec(navigator.userAgent);
  return m ? `Chromium ${m[2]}` : navigator.userAgent;
}

/**
 * The shuffled digits the driver serves: `count` × 784 float32 pixels, then `count` labels.
 * @param {number} count
 * @returns {Promise<import('../data.js').DigitSource>}
 */
async function fetchDigits(count) {
  const response = await fetch(ASSETS.digits);
  if (!response.ok) throw new Error(`${ASSETS.digits}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  if (bytes.byteLength !== count * (784 * 4 + 1)) throw new Error(`${ASSETS.digits}: ${bytes.byteLength} bytes, expected ${count} digits`);
  return { count, x: new Float32Array(bytes, 0, count * 784), labels: new Uint8Array(bytes, count * 784 * 4, count) };
}

/** @param {BenchOptions & { digits: number }} options @returns {Promise<BenchResult>} */
async function bench({ settings, filter, digits: count }) {
  const source = await fetchDigits(count);
  /** @type {(event: unknown) => void} */
  const report = /** @type {any} */ (window).benchProgress ?? (() => {});
  const rows = await runAll({
    settings,
    contenders: CONTENDERS,
    digits: (nTrain, nTest) => splitDigits(source, nTrain, nTest),
    filter: filter === undefined ? undefined : new RegExp(filter, 'i'),
    // Not awaited: each call is a round trip to the driver, and the harness times nothing across it.
    onProgress: ({ phase, row, total }) => void report({ phase, total, row: row && { workload: row.workload, case: row.case, contender: row.contender } }),
  });
  return {
    rows,
    machine: {
      browser: { name: await browserName(), crossOriginIsolated: globalThis.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency },
      ...wasmFeatures(),
      ...(await describeEngines(rows, CONTENDERS)),
    },
  };
}

/** @type {any} */ (window).bench = bench;
