/**
 * The main thread's side of trainInWorker: starts a worker (host.ts), sends it the
 * model and the rows, relays its progress to the callbacks, forwards an abort, and
 * hands back the trained model file. dispose() of the network stops the worker at
 * once (nothing on this thread is being written meanwhile) and the call rejects with
 * DISPOSED.
 */
import { DeltapropError } from '../errors.js';
import { type Activity, disposedWhileTraining } from '../lifetime.js';
import type { ModelJSON, TrainHistory, TrainOptions } from '../types.js';
import type { WorkerHost } from './host.js';
import type { TrainRequest } from './serve.js';

export type Events = Pick<TrainOptions, 'onEpochEnd' | 'onBatchEnd' | 'signal'>;

export function trainRemotely(
  host: WorkerHost,
  request: TrainRequest,
  events: Events,
  activity: Activity,
): Promise<{ history: TrainHistory; model: ModelJSON }> {
  const { onEpochEnd, onBatchEnd, signal } = events;
  const port = host.spawn();
  return new Promise((resolve, reject) => {
    let settled = false;
    const abort = () => port.post({ type: 'abort' });
    const finish = () => {
      settled = true;
      signal?.removeEventListener('abort', abort);
      port.terminate();
    };
    activity.whenDisposed(() => {
      if (settled) return;
      finish();
      reject(disposedWhileTraining('trainInWorker'));
    });
    port.onMessage((message) => {
      if (settled) return;
      try {
        if (message.type === 'epoch') onEpochEnd?.(message.info);
        else if (message.type === 'batch') onBatchEnd?.(message.info);
        else if (message.type === 'done') {
          finish();
          resolve({ history: message.history, model: message.model });
        } else if (message.type === 'error') {
          finish();
          reject(message.code ? new DeltapropError(message.code, message.message, message.details ?? {}) : new Error(message.message));
        }
      } catch (e) {
        finish();
        reject(e);
      }
    });
    port.onError((e) => {
      if (settled) return;
      finish();
      reject(e);
    });
    signal?.addEventListener('abort', abort);
    if (signal?.aborted) abort();
    port.post(request, [request.inputs.data.buffer, request.targets.data.buffer]);
  });
}
