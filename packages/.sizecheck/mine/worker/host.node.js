import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
function port(worker) {
    return {
        post: (message, transfer) => worker.postMessage(message, transfer),
        onMessage: (listener) => void worker.on('message', listener),
        onError: (listener) => void worker.on('error', listener),
        terminate: () => void worker.terminate(),
        unref: () => worker.unref(),
    };
}
export const nodeHost = {
    spawn: () => port(new Worker(new URL('./entry.node.js', import.meta.url))),
    spawnTeam: () => port(new Worker(new URL('./team.node.js', import.meta.url))),
    cores: () => availableParallelism(),
};
//# sourceMappingURL=host.node.js.map