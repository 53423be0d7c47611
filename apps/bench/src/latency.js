/**
 * P1, single-row prediction latency: one row per call, as a page classifying what a
 * user just drew calls it.
 */
import { now } from './stats.js';

/**
 * Mean µs per call of `predict` over as many calls as fill `minMs` (at least one),
 * cycling through `rows`.
 * @template R
 * @param {(row: R) => unknown} predict
 * @param {R[]} rows
 * @param {number} minMs
 */
export async function perCall(predict, rows, minMs) {
  let calls = 0;
  const t0 = now();
  let t = t0;
  do {
    // Synchronous predictions are not awaited: an await per call would be timed too.
    const r = predict(/** @type {R} */ (rows[calls % rows.length]));
    if (r instanceof Promise) await r;
    calls++;
    if ((calls & 7) === 0 || calls < 8) t = now();
  } while (t - t0 < minMs);
  return ((now() - t0) * 1000) / calls;
}
