/**
 * A short run of the fuzzers of scripts/fuzzing.mjs (the long one is `npm run fuzz`):
 * mutated model files of both formats, with their CRC-32 recomputed, either load into
 * a network that predicts, or are refused with CORRUPT_MODEL; random option objects
 * are accepted or refused with a DeltapropError — never any other exception — and
 * one with an unknown key or a null is never accepted.
 * Fixed seeds: CI runs the same cases every time.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module shared with scripts/fuzz.mjs
import * as fuzzing from '../scripts/fuzzing.mjs';
import { DeltapropError, Network } from '../src/index.js';
import type { ModelJSON } from '../src/index.js';

let bases: ModelJSON[] = [];
let encodings: Uint8Array[] = [];

beforeAll(async () => {
  bases = await fuzzing.baseModels(Network);
  encodings = await Promise.all(bases.map(async (m) => (await Network.fromJSON(m, { backend: 'reference' })).toBinary()));
});

const counts = () => new Map<string, number>();
const tally = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

describe('mutated model files', () => {
  it.each(['wasm', 'reference'] as const)('JSON objects and JSON text load or are CORRUPT_MODEL (%s)', async (backend) => {
    const seen = counts();
    await fc.assert(
      fc.asyncProperty(fuzzing.mutatedModel(bases), async (model: unknown) => {
        tally(seen, await fuzzing.checkModelCase((m: ModelJSON) => Network.fromJSON(m, { backend }), DeltapropError, model));
        const text = fuzzing.asText(model);
        if (text !== null) tally(seen, await fuzzing.checkModelCase((t: string) => Network.fromJSON(t, { backend }), DeltapropError, text));
      }),
      { numRuns: 1500, seed: backend === 'wasm' ? 11 : 12 },
    );
    // the run reached both answers, and the deeper checks behind the first fields
    expect(seen.get('loaded')).toBeGreaterThan(50);
    expect(seen.get('CORRUPT_MODEL')).toBeGreaterThan(500);
  });

  it.each(['wasm', 'reference'] as const)('binary files with a recomputed CRC-32 load or are CORRUPT_MODEL (%s)', async (backend) => {
    const seen = counts();
    await fc.assert(
      fc.asyncProperty(fuzzing.mutatedBinary(bases, encodings), async (bytes: Uint8Array) => {
        tally(seen, await fuzzing.checkModelCase((b: Uint8Array) => Network.fromBinary(b, { backend }), DeltapropError, bytes));
      }),
      { numRuns: 1500, seed: backend === 'wasm' ? 21 : 22 },
    );
    expect(seen.get('loaded')).toBeGreaterThan(50);
    expect(seen.get('CORRUPT_MODEL')).toBeGreaterThan(500);
  });
});

describe('random option objects', () => {
  it('are accepted or refused with a DeltapropError, and never accepted with an unknown key or a null', async () => {
    const seen = counts();
    await fc.assert(
      fc.asyncProperty(fuzzing.createOptions, fuzzing.trainOptions, async (create: unknown, train: unknown) => {
        tally(seen, await fuzzing.checkOptionsCase(Network, DeltapropError, create, train));
      }),
      { numRuns: 800, seed: 31 },
    );
    expect(seen.get('accepted')).toBeGreaterThan(20);
    expect(seen.get('INVALID_OPTION')).toBeGreaterThan(100);
  });
});
