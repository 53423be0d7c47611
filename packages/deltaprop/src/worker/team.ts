/** A team worker's side of wasm/team.ts. */
export function serveTeam(post: (message: unknown) => void, listen: (listener: (message: any) => void) => void): void {
  let kernels: Record<string, (...args: number[]) => number> | null = null;
  let memory: WebAssembly.Memory | null = null;
  let running = 0;
  listen(async (message) => {
    if (message.type === 'init') {
      try {
        memory = message.memory as WebAssembly.Memory;
        running = message.running;
        const instance = await WebAssembly.instantiate(message.module as WebAssembly.Module, { env: { memory } });
        kernels = instance.exports as Record<string, (...args: number[]) => number>;
        post({ type: 'ready' });
      } catch (e) {
        post({ type: 'error', message: String((e as Error)?.message ?? e) });
      }
    } else if (message.type === 'run' && kernels && memory) {
      try {
        kernels[message.fn as 'train_epochs_team' | 'predict_team']!(...(message.args as number[]));
      } finally {
        const view = new Int32Array(memory.buffer);
        Atomics.sub(view, running >>> 2, 1);
        Atomics.notify(view, running >>> 2);
      }
    }
  });
}
