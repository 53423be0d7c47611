import { DeltapropError } from '../errors.js';
import type { WorkerHost } from './host.js';

function port(worker: Worker) {
  return {
    post: (message: unknown, transfer?: Transferable[]) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener: (message: any) => void) => worker.addEventListener('message', (e) => listener(e.data)),
    // A worker whose modules fail to load reports an event with no message: most often a
    // page without a bundler, whose import map the worker cannot see.
    onError: (listener: (error: unknown) => void) =>
      worker.addEventListener('error', (e) =>
        listener(
          e.error ??
            (e.message
              ? new Error(e.message)
              : new DeltapropError('WORKER_FAILED', 'the training worker could not load; without a bundler, import deltaprop/dist/importmap.js')),
        ),
      ),
    terminate: () => worker.terminate(),
  };
}

// Bundlers recognise this exact form, new Worker(new URL(…, import.meta.url)), and
// emit each worker with its dependencies.
export const browserHost: WorkerHost = {
  spawn: () => port(new Worker(new URL('./entry.browser.js', import.meta.url), { type: 'module' })),
  spawnTeam: () => port(new Worker(new URL('./team.browser.js', import.meta.url), { type: 'module' })),
  cores: () => navigator.hardwareConcurrency || 1,
};
