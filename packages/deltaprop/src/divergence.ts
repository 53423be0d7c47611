/**
 * The report of a divergence: where the loss or the parameters became NaN or
 * infinite, and what to try. Training has already restored the network when it is
 * thrown; gradients() never changed it.
 */
import { DeltapropError } from './errors.js';
import type { Gradients } from './types.js';

/** DIVERGED for a training run: epoch and batch are 1-based; batch and layer 0 when unknown. */
export function trainingDiverged(epoch: number, batch: number, layer: number, learningRate: number): DeltapropError {
  return new DeltapropError(
    'DIVERGED',
    `training diverged in epoch ${epoch}` +
      (batch > 0 ? `, batch ${batch}` : '') +
      (layer ? `, first in layer ${layer}` : '') +
      `: the loss or the parameters became NaN or infinite. The network was restored to its state before this call. ` +
      `Try a smaller learning rate (it was ${learningRate}) or standardize the inputs.`,
    { epoch, batch: batch > 0 ? batch : undefined, layer, learningRate },
  );
}

/** DIVERGED when the loss or a gradient of gradients() is not finite (float32 overflow), as training would report it; else null. */
export function gradientsDiverged(g: Gradients): DeltapropError | null {
  const finite = (values: Float32Array[]) => values.every((a) => a.every(Number.isFinite));
  if (Number.isFinite(g.loss) && finite(g.weights) && finite(g.biases)) return null;
  const layer = g.weights.findIndex((w, l) => !w.every(Number.isFinite) || !g.biases[l]!.every(Number.isFinite)) + 1;
  return new DeltapropError(
    'DIVERGED',
    `the loss (${g.loss}) or the gradients of these rows are not finite` +
      (layer ? `, first in layer ${layer}` : '') +
      ': the values overflowed float32. Standardize the inputs (or scale the targets).',
    { loss: g.loss, layer },
  );
}
