export declare class Team {
    private readonly workers;
    private readonly memory;
    /** Word in shared memory counting helpers still inside a run. */
    private running;
    private view;
    private constructor();
    /** Helper threads (the calling thread is the team's thread 0). */
    get size(): number;
    /** Node's main thread and workers may block on a shared-memory word; a browser's main thread may not. */
    get mainCanWait(): boolean;
    /** Starts `size` workers; null where this environment has no workers (the caller trains alone). */
    static create(module: WebAssembly.Module, memory: WebAssembly.Memory, size: number, running: number): Promise<Team | null>;
    /** Starts helper u + 1 on kernel `fn` with argsPerHelper[u]; the caller then runs thread 0 itself. */
    run(fn: 'train_epochs_team' | 'predict_team', argsPerHelper: number[][]): void;
    /** Returns once every helper has left the kernels (their blocks may then be freed). */
    join(): void;
}
