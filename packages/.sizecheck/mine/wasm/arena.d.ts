export declare const align: (bytes: number) => number;
export declare class Arena {
    private readonly memory;
    private top;
    private free;
    constructor(memory: WebAssembly.Memory, base: number);
    alloc(bytes: number): number;
    release(at: number, bytes: number): void;
    /** Bytes in use, from the heap base to the top, less the free list. */
    get used(): number;
}
