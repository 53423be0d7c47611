/**
 * A code the kernels do not know traps (WebAssembly `unreachable`) instead of being
 * computed as some other activation or loss.
 */
import { describe, expect, it } from 'vitest';
import { Activation, Loss } from '../src/codes.js';
import { builds, load } from './harness.js';

const unknown =
  1 +
  Math.max(
    ...Object.values(Activation).filter((v): v is number => typeof v === 'number'),
    ...Object.values(Loss).filter((v): v is number => typeof v === 'number'),
  );

describe.each(builds)('unknown codes (%s build)', (build) => {
  it('bias_activate, times_derivative and loss_delta trap on them', async () => {
    const k = await load(build);
    const T = k.put(new Float32Array(8).fill(0.5));
    const b = k.put(new Float32Array(8));
    const D = k.put(new Float32Array(8));
    expect(() => k.x.bias_activate!(T, b, 2, 4, unknown)).toThrow(WebAssembly.RuntimeError);
    expect(() => k.x.times_derivative!(D, T, 8, unknown)).toThrow(WebAssembly.RuntimeError);
    expect(() => k.x.loss_delta!(T, b, D, 2, 4, Loss.Mse, unknown, 1)).toThrow(WebAssembly.RuntimeError);
    expect(() => k.x.loss_delta!(T, b, D, 2, 4, unknown, Activation.Sigmoid, 1)).toThrow(WebAssembly.RuntimeError);
    // softmax has no derivative of its own: it is never a hidden layer's
    expect(() => k.x.times_derivative!(D, T, 8, Activation.Softmax)).toThrow(WebAssembly.RuntimeError);
    // and the known codes do not trap
    for (const act of [Activation.Linear, Activation.Sigmoid, Activation.Tanh, Activation.Relu, Activation.LeakyRelu, Activation.Softmax])
      k.x.bias_activate!(T, b, 2, 4, act);
  });
});
