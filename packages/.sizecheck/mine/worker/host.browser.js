function port(worker) {
    return {
        post: (message, transfer) => worker.postMessage(message, transfer ?? []),
        onMessage: (listener) => worker.addEventListener('message', (e) => listener(e.data)),
        onError: (listener) => worker.addEventListener('error', (e) => listener(e.error ?? new Error(e.message))),
        terminate: () => worker.terminate(),
    };
}
// Bundlers recognise this exact form, new Worker(new URL(…, import.meta.url)), and
// emit each worker with its dependencies.
export const browserHost = {
    spawn: () => port(new Worker(new URL('./entry.browser.js', import.meta.url), { type: 'module' })),
    spawnTeam: () => port(new Worker(new URL('./team.browser.js', import.meta.url), { type: 'module' })),
    cores: () => navigator.hardwareConcurrency || 1,
};
//# sourceMappingURL=host.browser.js.map