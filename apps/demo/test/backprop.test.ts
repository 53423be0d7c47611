/**
 * The page's own forward and backward pass (backprop.ts, what the δ view and the
 * neuron tips show) against deltaprop: `net.predict` for t^(n) and `net.gradients` for
 * ∂E/∂W and ∂E/∂b of one row, on both backends, for every activation the menu offers,
 * both losses, regression, and more than two input features.
 */
import { describe, expect, it } from 'vitest';
import { Network, activationNames } from 'deltaprop';
import { ACTIVATIONS, backward, forward, forwardMany } from '../src/backprop';
import { deltaSteps } from '../src/stepper';

// every hidden activation deltaprop has (a new one without formulas here fails)
const hiddenNames = activationNames.filter((n) => n !== 'softmax');

const cases = [
  ...hiddenNames.map((a) => ({ layers: [2, 5, 4, 1], hidden: a, out: 'sigmoid', loss: 'cross-entropy' as const })),
  { layers: [3, 6, 1], hidden: 'tanh', out: 'sigmoid', loss: 'mse' as const },
  { layers: [7, 4, 4, 4, 1], hidden: 'sigmoid', out: 'linear', loss: 'mse' as const },
];

describe('the page’s δ rule', () => {
  it('has the forward and the derivative of every hidden activation of deltaprop, and no other', () => {
    expect(Object.keys(ACTIVATIONS).sort()).toEqual([...hiddenNames].sort());
  });

  for (const backend of ['reference', 'wasm'] as const) {
    for (const c of cases) {
      it(`equals net.gradients for one row: ${c.layers.join('-')} ${c.hidden}/${c.out} ${c.loss} (${backend})`, async () => {
        const activation = [...c.layers.slice(1, -1).map(() => c.hidden), c.out];
        const net = await Network.create({ layers: c.layers, activation: activation as never, loss: c.loss, seed: 11, backend });
        // a few epochs first, so that the weights are not the textbook initial ones
        const rows = Array.from({ length: 16 }, (_, r) => Array.from({ length: c.layers[0] }, (_, i) => Math.sin(r * 1.7 + i)));
        const targets = rows.map((r) => [r[0] * r[r.length - 1] > 0 ? 1 : 0]);
        await net.train(rows, targets, { epochs: 5, batchSize: 4, optimizer: 'adam', learningRate: 0.05 });
        const shape = { layers: c.layers, activation, loss: c.loss };
        const p = net.getParameters();
        for (const r of [0, 5, 9]) {
          const pass = forward(shape, p, rows[r]);
          const back = backward(shape, p, pass, targets[r]);
          const g = net.gradients([rows[r]], [targets[r]]);
          const t = net.predict(rows[r]) as number[];
          expect(pass.t.at(-1)![0]).toBeCloseTo(t[0], 5);
          expect(back.loss).toBeCloseTo(g.loss, 5);
          g.weights.forEach((w, k) => {
            expect(back.weights[k]).toHaveLength(w.length);
            w.forEach((v, i) => expect(back.weights[k][i]).toBeCloseTo(v, 5));
          });
          g.biases.forEach((b, k) => b.forEach((v, i) => expect(back.biases[k][i]).toBeCloseTo(v, 5)));
          // the many-points pass gives the same outputs as the single one
          const many = forwardMany(shape, p, new Float32Array(rows[r]), 1);
          expect(many.at(-1)![0]).toBeCloseTo(pass.t.at(-1)![0], 5);
        }
        net.dispose();
      });
    }
  }

  it('lists every step of the passes, in order, with the numbers shown', async () => {
    const net = await Network.create({ layers: [2, 3, 3, 1], activation: ['tanh', 'tanh', 'sigmoid'], loss: 'cross-entropy', seed: 2, backend: 'reference' });
    const shape = { layers: [2, 3, 3, 1], activation: ['tanh', 'tanh', 'sigmoid'], loss: 'cross-entropy' as const };
    const { steps, back } = deltaSteps(shape, net.getParameters(), [0.3, -0.6], [1], ['x₁', 'x₂']);
    expect(steps.map((s) => `${s.kind}:${s.layer}`)).toEqual([
      'input:1',
      'weighted:2',
      'activation:2',
      'weighted:3',
      'activation:3',
      'weighted:4',
      'activation:4',
      'loss:4',
      'output-delta:4',
      'delta-rule:3',
      'delta-rule:2',
      'weight-gradient:4',
      'bias-gradient:4',
      'weight-gradient:3',
      'bias-gradient:3',
      'weight-gradient:2',
      'bias-gradient:2',
    ]);
    const dW2 = steps.find((s) => s.kind === 'weight-gradient' && s.layer === 2)!.html;
    expect(dW2).toContain('∂E/∂W<sup>(2)</sup> = t<sup>(1)</sup>ᵀ · δ<sup>(2)</sup>');
    expect(dW2).toContain(`data-i="1" data-j="2">`);
    expect(dW2).toContain(`data-value="${back.weights[0][1 * 3 + 2]}"`);
    net.dispose();
  });
});
