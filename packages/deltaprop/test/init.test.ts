/**
 * Initialisers: the variance of the drawn weights matches each rule (within 5 %,
 * about 4 standard errors for 45,000 weights), `auto` picks He for relu and Glorot
 * otherwise, biases start at 0, and the seed decides every bit.
 */
import { describe, expect, it } from 'vitest';
import { initialParameters } from '../src/init.js';
import type { InitName } from '../src/types.js';

const variance = (w: Float32Array) => w.reduce((s, v) => s + v * v, 0) / w.length;
const [fanIn, fanOut] = [300, 150]; // unequal, so that a rule using the wrong fan fails

describe('initialisers', () => {
  const rules: [InitName, number][] = [
    ['glorot-uniform', 2 / (fanIn + fanOut)],
    ['glorot-normal', 2 / (fanIn + fanOut)],
    ['he-uniform', 2 / fanIn],
    ['he-normal', 2 / fanIn],
    ['lecun-uniform', 1 / fanIn],
    ['lecun-normal', 1 / fanIn],
  ];
  it.each(rules)('%s draws weights of variance %f', (init, want) => {
    const { weights, biases } = initialParameters([fanIn, fanOut], ['linear'], init, 7);
    expect(variance(weights[0]!) / want).toBeGreaterThan(0.95);
    expect(variance(weights[0]!) / want).toBeLessThan(1.05);
    expect(Array.from(biases[0]!)).toEqual(new Array(fanOut).fill(0));
    if (init.endsWith('uniform')) {
      const a = Math.sqrt(3 * want);
      expect(Math.max(...weights[0]!.map(Math.abs))).toBeLessThanOrEqual(a);
    }
  });

  it('auto is He for relu layers and Glorot for the others', () => {
    const auto = initialParameters([fanIn, fanOut, fanOut], ['relu', 'sigmoid'], 'auto', 3);
    expect(variance(auto.weights[0]!) / (2 / fanIn)).toBeCloseTo(1, 1);
    expect(variance(auto.weights[1]!) / (2 / (fanOut + fanOut))).toBeCloseTo(1, 1);
  });

  it('the seed decides every bit', () => {
    const a = initialParameters([5, 7, 3], ['tanh', 'linear'], 'he-normal', 11);
    const b = initialParameters([5, 7, 3], ['tanh', 'linear'], 'he-normal', 11);
    const c = initialParameters([5, 7, 3], ['tanh', 'linear'], 'he-normal', 12);
    expect(b).toEqual(a);
    expect(c.weights[0]).not.toEqual(a.weights[0]);
  });
});
