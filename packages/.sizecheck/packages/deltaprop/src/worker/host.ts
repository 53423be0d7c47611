/**
 * Training off the main thread. The entry module of each environment registers how
 * to start a worker (node.ts: worker_threads; browser.ts: a module Web Worker); the
 * worker runs serve() from serve.ts.
 *
 *   main thread                              worker
 *   ── { type: 'train', model, data, … } ──▶  Network.fromJSON, train(…, signal)
 *   ◀── { type: 'epoch' | 'batch', info } ──  onEpochEnd / onBatchEnd
 *   ── { type: 'abort' } ─────────────────▶  AbortController.abort()
 *   ◀── { type: 'done', history, model } ───  or { type: 'error', code, message }
 */
export interface WorkerPort {
  post(message: unknown, transfer?: Transferable[]): void;
  onMessage(listener: (message: any) => void): void;
  onError(listener: (error: unknown) => void): void;
  terminate(): void;
  /** Lets the process exit while this worker idles (Node; call after adding listeners, which re-reference it). */
  unref?(): void;
}

export interface WorkerHost {
  /** A worker that trains a whole network (trainInWorker). */
  spawn(): WorkerPort;
  /** A worker of a training team sharing one memory (threads option). */
  spawnTeam?(): WorkerPort;
  /** Cores this machine offers to run threads on. */
  cores(): number;
}

let host: WorkerHost | null = null;

export function setWorkerHost(h: WorkerHost): void {
  host = h;
}

export function workerHost(): WorkerHost | null {
  return host;
}
