/**
 * The worker threads of a team (see team.ts in the kernels): each instantiates the
 * kernels' threads build over the one shared memory and, when told, runs its part
 * of `train_epochs_team`. The threads meet at barriers inside WebAssembly; the only
 * messages are "run" and, through a word of shared memory, "finished".
 */
import { workerHost, type WorkerPort } from '../worker/host.js';

export class Team {
  /** Word in shared memory counting helpers still inside a run. */
  private running: number;
  private view: Int32Array;

  private constructor(
    private readonly workers: WorkerPort[],
    private readonly memory: WebAssembly.Memory,
    running: number,
  ) {
    this.running = running;
    this.view = new Int32Array(memory.buffer);
  }

  /** Helper threads (the calling thread is the team's thread 0). */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Node's main thread and workers may block on a shared-memory word; a browser's main
   * thread may not, so as thread 0 it spins through every barrier. While the partner
   * thread runs that costs nothing; while another process wants a core it keeps the
   * partner off it (W2 on 2 cores in Chromium with another process taking a core: a
   * team led by the page's main thread fell to 0.40–0.48× one thread, one led from a
   * worker, which sleeps, to 0.59–0.89×). Hence trainInWorker, whose worker leads a
   * team of its own, for pages.
   */
  get mainCanWait(): boolean {
    return typeof (globalThis as { window?: unknown }).window === 'undefined';
  }

  /** Starts `size` workers; null where this environment has no workers (the caller trains alone). */
  static async create(module: WebAssembly.Module, memory: WebAssembly.Memory, size: number, running: number): Promise<Team | null> {
    const host = workerHost();
    if (!host?.spawnTeam || size < 1) return null;
    const workers: WorkerPort[] = [];
    try {
      for (let i = 0; i < size; i++) workers.push(host.spawnTeam());
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              w.onMessage((m) => (m?.type === 'ready' ? resolve() : reject(new Error(m?.message ?? 'a team worker failed to start'))));
              w.onError(reject);
              w.post({ type: 'init', module, memory, running });
            }),
        ),
      );
    } catch {
      workers.forEach((w) => w.terminate());
      return null;
    }
    workers.forEach((w) => w.unref?.()); // an idle team never keeps the process alive
    return new Team(workers, memory, running);
  }

  /** Starts helper u + 1 on kernel `fn` with argsPerHelper[u]; the caller then runs thread 0 itself. */
  run(fn: 'train_epochs_team' | 'predict_team', argsPerHelper: number[][]): void {
    if (this.view.buffer !== this.memory.buffer) this.view = new Int32Array(this.memory.buffer);
    Atomics.store(this.view, this.running >>> 2, argsPerHelper.length);
    argsPerHelper.forEach((args, u) => this.workers[u]!.post({ type: 'run', fn, args }));
  }

  /** Stores `value` at the word at byte `at` and wakes the helpers waiting on it. */
  publish(at: number, value: number): void {
    if (this.view.buffer !== this.memory.buffer) this.view = new Int32Array(this.memory.buffer);
    Atomics.store(this.view, at >>> 2, value);
    Atomics.notify(this.view, at >>> 2);
  }

  /** Returns once every helper has left the kernels (their blocks may then be freed). */
  join(): void {
    if (this.view.buffer !== this.memory.buffer) this.view = new Int32Array(this.memory.buffer);
    const at = this.running >>> 2;
    for (let left = Atomics.load(this.view, at); left !== 0; left = Atomics.load(this.view, at)) {
      if (this.mainCanWait) Atomics.wait(this.view, at, left, 1);
    }
  }
}
