import { Worker } from 'node:worker_threads';
import type { WorkerHost } from './host.js';

export const nodeHost: WorkerHost = {
  spawn() {
    const worker = new Worker(new URL('./entry.node.js', import.meta.url));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer as never),
      onMessage: (listener) => worker.on('message', listener),
      onError: (listener) => worker.on('error', listener),
      terminate: () => void worker.terminate(),
    };
  },
};
