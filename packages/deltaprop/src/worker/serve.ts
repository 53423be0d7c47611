/** The worker's side of host.ts: trains one network per 'train' message. */
import { DeltapropError } from '../errors.js';
import { Network } from '../network.js';
import type { TrainOptions } from '../types.js';

export interface TrainRequest {
  type: 'train';
  model: ReturnType<Network['toJSON']>;
  seed: number;
  kernels: 'auto' | 'simd' | 'relaxed-simd';
  threads: number;
  inputs: { data: Float32Array; rows: number };
  targets: { data: Float32Array; rows: number };
  options: TrainOptions;
  epochEvents: boolean;
  batchEvents: boolean;
}

export function serve(post: (message: unknown) => void, listen: (listener: (message: any) => void) => void): void {
  let controller: AbortController | null = null;
  listen(async (message: TrainRequest | { type: 'abort' }) => {
    if (message.type === 'abort') {
      controller?.abort();
      return;
    }
    if (message.type !== 'train') return;
    controller = new AbortController();
    try {
      const net = await Network.fromJSON(message.model, { seed: message.seed, kernels: message.kernels, threads: message.threads });
      const history = await net.train(message.inputs, message.targets, {
        ...message.options,
        signal: controller.signal,
        onEpochEnd: message.epochEvents ? (info) => post({ type: 'epoch', info }) : undefined,
        onBatchEnd: message.batchEvents ? (info) => post({ type: 'batch', info }) : undefined,
      });
      post({ type: 'done', history, model: net.toJSON() });
      net.dispose();
    } catch (e) {
      const error = e as Error;
      post({
        type: 'error',
        name: error?.name,
        message: String(error?.message ?? e),
        code: e instanceof DeltapropError ? e.code : undefined,
        details: e instanceof DeltapropError ? e.details : undefined,
      });
    }
  });
}
