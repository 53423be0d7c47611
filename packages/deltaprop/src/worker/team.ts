/** A team worker's side of wasm/team.ts. */
export function serveTeam(post: (message: unknown) => void, listen: (listener: (message: any) => void) => void): void {
  let train: ((...args: number[]) => number) | null = null;
  let memory: WebAssembly.Memory | null = null;
  let running = 0;
  listen(async (message) => {
    if (message.type === 'init') {
      try {
        memory = message.memory as WebAssembly.Memory;
        running = message.running;
        const instance = await WebAssembly.instantiate(message.module as WebAssembly.Module, { env: { memory } });
        train = (instance.exports as { train_epochs_team: (...args: number[]) => number }).train_epochs_team;
        post({ type: 'ready' });
      } catch (e) {
        post({ type: 'error', message: String((e as Error)?.message ?? e) });
      }
    } else if (message.type === 'run' && train && memory) {
      try {
        train(...(message.args as number[]), 1);
      } finally {
        const view = new Int32Array(memory.buffer);
        Atomics.sub(view, running >>> 2, 1);
        Atomics.notify(view, running >>> 2);
      }
    }
  });
}
