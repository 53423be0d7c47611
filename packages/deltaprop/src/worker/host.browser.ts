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
  spawnTeam: () => {
    try {
      return port(new Worker(new URL('./team.browser.js', import.meta.url), { type: 'module' }));
    } catch (e) {
      // A worker of an import-map page whose deltaprop comes from another origin (a CDN):
      // Worker refuses that URL, and takes a same-origin Blob that imports it (the team
      // worker's modules import nothing but each other).
      if ((e as Error)?.name !== 'SecurityError') throw e;
      const boot = URL.createObjectURL(
        new Blob([`import ${JSON.stringify(new URL('./team.browser.js', import.meta.url).href)};`], { type: 'text/javascript' }),
      );
      const worker = new Worker(boot, { type: 'module' });
      URL.revokeObjectURL(boot);
      return port(worker);
    }
  },
  cores: () => navigator.hardwareConcurrency || 1,
};
