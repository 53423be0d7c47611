import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerHost } from './host.js';

function port(worker: Worker) {
  return {
    post: (message: unknown, transfer?: Transferable[]) => worker.postMessage(message, transfer as never),
    onMessage: (listener: (message: any) => void) => void worker.on('message', listener),
    onError: (listener: (error: unknown) => void) => void worker.on('error', listener),
    terminate: () => void worker.terminate(),
    unref: () => worker.unref(),
  };
}

export const nodeHost: WorkerHost = {
  spawn: () => port(new Worker(new URL('./entry.node.js', import.meta.url))),
  spawnTeam: () => port(new Worker(new URL('./team.node.js', import.meta.url))),
  cores: () => availableParallelism(),
};
