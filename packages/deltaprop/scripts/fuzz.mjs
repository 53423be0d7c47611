/**
 * The long fuzz run, against the built package (dist/): mutated model files of both
 * formats and random option objects (see fuzzing.mjs for the properties). Prints the
 * counts — cases, loaded, refused by code, failures — and exits with 1 on any failure.
 *
 *   npm run fuzz                      (from the repository root: builds, then runs)
 *   node scripts/fuzz.mjs [cases] [seed]
 *
 * `cases` (default 100,000) is per model format; option objects get as many.
 * Cases alternate between the wasm and the reference backends.
 */
import fc from 'fast-check';
import { DeltapropError, Network } from 'deltaprop';
import * as fuzzing from './fuzzing.mjs';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const CHUNK = 1000;
let failed = false;

async function run(name, total, arbitrary, check) {
  const counts = new Map();
  const failures = [];
  const started = performance.now();
  for (let done = 0, chunk = 0; done < total; chunk++) {
    const n = Math.min(CHUNK, total - done);
    const samples = fc.sample(arbitrary, { numRuns: n, seed: seed * 1_000_003 + chunk });
    for (const [i, sample] of samples.entries()) {
      try {
        for (const outcome of await check(sample, done + i)) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      } catch (e) {
        failures.push(e);
        if (failures.length <= 5)
          console.error(`  ${name} case ${done + i} (seed ${seed}, chunk ${chunk}): ${e.message}\n    ${fc.stringify(sample).slice(0, 400)}`);
      }
    }
    done += n;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const outcomes = [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`)
    .join(', ');
  console.log(`${name}: ${total.toLocaleString('en-US')} cases in ${seconds} s — ${outcomes}; failures ${failures.length}`);
  if (failures.length) failed = true;
}

const backendOf = (i) => (i % 2 ? 'reference' : 'wasm');
const bases = await fuzzing.baseModels(Network);
const encodings = await Promise.all(bases.map(async (m) => (await Network.fromJSON(m, { backend: 'reference' })).toBinary()));

console.log(`deltaprop fuzz: ${cases.toLocaleString('en-US')} cases per model format, seed ${seed}`);
await run('JSON model files', cases, fuzzing.mutatedModel(bases), async (model, i) => {
  const backend = backendOf(i);
  const outcomes = [await fuzzing.checkModelCase((m) => Network.fromJSON(m, { backend }), DeltapropError, model)];
  // The same file as JSON text, when JSON can carry it (no BigInt, Symbol, function…).
  const text = fuzzing.asText(model);
  if (text !== null) outcomes.push(`text ${await fuzzing.checkModelCase((t) => Network.fromJSON(t, { backend }), DeltapropError, text)}`);
  return outcomes;
});
await run('binary model files (CRC-32 recomputed)', cases, fuzzing.mutatedBinary(bases, encodings), async (bytes, i) => [
  await fuzzing.checkModelCase((b) => Network.fromBinary(b, { backend: backendOf(i) }), DeltapropError, bytes),
]);
await run('option objects (create, then train)', cases, fc.tuple(fuzzing.createOptions, fuzzing.trainOptions), async ([create, train]) => [
  await fuzzing.checkOptionsCase(Network, DeltapropError, create, train),
]);
process.exit(failed ? 1 : 0);
