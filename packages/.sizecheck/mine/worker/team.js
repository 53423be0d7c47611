/** A team worker's side of wasm/team.ts. */
export function serveTeam(post, listen) {
    let kernels = null;
    let memory = null;
    let running = 0;
    listen(async (message) => {
        if (message.type === 'init') {
            try {
                memory = message.memory;
                running = message.running;
                const instance = await WebAssembly.instantiate(message.module, { env: { memory } });
                kernels = instance.exports;
                post({ type: 'ready' });
            }
            catch (e) {
                post({ type: 'error', message: String(e?.message ?? e) });
            }
        }
        else if (message.type === 'run' && kernels && memory) {
            try {
                kernels[message.fn](...message.args);
            }
            finally {
                const view = new Int32Array(memory.buffer);
                Atomics.sub(view, running >>> 2, 1);
                Atomics.notify(view, running >>> 2);
            }
        }
    });
}
//# sourceMappingURL=team.js.map