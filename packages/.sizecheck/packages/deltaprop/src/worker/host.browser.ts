import type { WorkerHost } from './host.js';

function port(worker: Worker) {
  return {
    post: (message: unknown, transfer?: Transferable[]) => worker.postMessage(message, transfer ?? []),
    onMessage: (listener: (message: any) => void) => worker.addEventListener('message', (e) => listener(e.data)),
    onError: (listener: (error: unknown) => void) => worker.addEventListener('error', (e) => listener(e.error ?? new Error(e.message))),
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
