import type { WorkerHost } from './host.js';

export const browserHost: WorkerHost = {
  spawn() {
    // Bundlers recognise this exact form and emit the worker with its dependencies.
    const worker = new Worker(new URL('./entry.browser.js', import.meta.url), { type: 'module' });
    return {
      post: (message, transfer) => worker.postMessage(message, transfer ?? []),
      onMessage: (listener) => worker.addEventListener('message', (e) => listener(e.data)),
      onError: (listener) => worker.addEventListener('error', (e) => listener(e.error ?? new Error(e.message))),
      terminate: () => worker.terminate(),
    };
  },
};
