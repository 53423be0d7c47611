/**
 * The worker threads of a team (see team.ts in the kernels): each instantiates the
 * kernels' threads build over the one shared memory and, when told, runs its part
 * of `train_epochs_team`. The threads meet at barriers inside WebAssembly; the only
 * messages are "run" and, through a word of shared memory, "finished".
 */
import { workerHost } from '../worker/host.js';
export class Team {
    workers;
    memory;
    /** Word in shared memory counting helpers still inside a run. */
    running;
    view;
    constructor(workers, memory, running) {
        this.workers = workers;
        this.memory = memory;
        this.running = running;
        this.view = new Int32Array(memory.buffer);
    }
    /** Helper threads (the calling thread is the team's thread 0). */
    get size() {
        return this.workers.length;
    }
    /** Node's main thread and workers may block on a shared-memory word; a browser's main thread may not. */
    get mainCanWait() {
        return typeof globalThis.window === 'undefined';
    }
    /** Starts `size` workers; null where this environment has no workers (the caller trains alone). */
    static async create(module, memory, size, running) {
        const host = workerHost();
        if (!host?.spawnTeam || size < 1)
            return null;
        const workers = [];
        try {
            for (let i = 0; i < size; i++)
                workers.push(host.spawnTeam());
            await Promise.all(workers.map((w) => new Promise((resolve, reject) => {
                w.onMessage((m) => (m?.type === 'ready' ? resolve() : reject(new Error(m?.message ?? 'a team worker failed to start'))));
                w.onError(reject);
                w.post({ type: 'init', module, memory, running });
            })));
        }
        catch {
            workers.forEach((w) => w.terminate());
            return null;
        }
        workers.forEach((w) => w.unref?.()); // an idle team never keeps the process alive
        return new Team(workers, memory, running);
    }
    /** Starts helper u + 1 on kernel `fn` with argsPerHelper[u]; the caller then runs thread 0 itself. */
    run(fn, argsPerHelper) {
        if (this.view.buffer !== this.memory.buffer)
            this.view = new Int32Array(this.memory.buffer);
        Atomics.store(this.view, this.running >>> 2, argsPerHelper.length);
        argsPerHelper.forEach((args, u) => this.workers[u].post({ type: 'run', fn, args }));
    }
    /** Returns once every helper has left the kernels (their blocks may then be freed). */
    join() {
        if (this.view.buffer !== this.memory.buffer)
            this.view = new Int32Array(this.memory.buffer);
        const at = this.running >>> 2;
        for (let left = Atomics.load(this.view, at); left !== 0; left = Atomics.load(this.view, at)) {
            if (this.mainCanWait)
                Atomics.wait(this.view, at, left, 1);
        }
    }
}
//# sourceMappingURL=team.js.map