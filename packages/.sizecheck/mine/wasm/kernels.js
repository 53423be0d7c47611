/**
 * The one file that touches `instance.exports`. It loads the kernels once per
 * JavaScript realm, owns the single linear memory and its arena, and gives the rest
 * of the package typed functions.
 */
import { detectFeatures, loadKernels, KernelLoadError } from '@deltaprop/kernels';
import { Team } from './team.js';
import { DeltapropError } from '../errors.js';
import { Arena } from './arena.js';
export class Kernels {
    exports;
    memory;
    variant;
    module;
    arena;
    /** Helper threads sharing this memory (threads build only). */
    team = null;
    /** The packing buffer of the matrix products, shared by every network (one thread). */
    scratch;
    f32View;
    u32View;
    constructor(exports, memory, variant, 
    /** The compiled threads build, kept to start team workers; null for the single-threaded kernels. */
    module = null) {
        this.exports = exports;
        this.memory = memory;
        this.variant = variant;
        this.module = module;
        this.arena = new Arena(memory, exports.heap_base());
        this.scratch = this.arena.alloc(exports.scratch_bytes());
        this.f32View = new Float32Array(memory.buffer);
        this.u32View = new Uint32Array(memory.buffer);
    }
    /** A float32 view of all memory; views are remade after memory grows. */
    get f32() {
        if (this.f32View.byteLength !== this.memory.buffer.byteLength || this.f32View.buffer !== this.memory.buffer)
            this.f32View = new Float32Array(this.memory.buffer);
        return this.f32View;
    }
    get u32() {
        if (this.u32View.byteLength !== this.memory.buffer.byteLength || this.u32View.buffer !== this.memory.buffer)
            this.u32View = new Uint32Array(this.memory.buffer);
        return this.u32View;
    }
    /** Copies `data` to byte offset `at`. */
    write(at, data) {
        this.f32.set(data, at >>> 2);
    }
    /** A copy of `count` floats at byte offset `at`. */
    read(at, count) {
        return this.f32.slice(at >>> 2, (at >>> 2) + count);
    }
}
const loaded = new Map();
/**
 * The kernels of this realm, loaded on first use; `variant` forces a build (tests
 * compare them). With `threads` > 1: the threads build over a shared memory, with a
 * team of up to threads − 1 helper workers, or — where shared memory or workers are
 * missing — the single-threaded kernels, silently.
 */
export function getKernels(variant, threads = 1) {
    const shared = threads > 1 && detectFeatures().threads;
    const key = `${variant ?? 'auto'}${shared ? '/threads' : ''}`;
    let p = loaded.get(key);
    if (!p) {
        p = instantiate(variant, shared);
        loaded.set(key, p);
        p.catch(() => loaded.delete(key));
    }
    return shared ? p.then((k) => withTeam(k, threads - 1)) : p;
}
let current = null;
/** The kernels loaded by the first successful getKernels(), or null. */
export function loadedKernels() {
    return current;
}
async function instantiate(variant, shared) {
    let module;
    let chosen;
    try {
        const loaded = await loadKernels(variant, shared);
        module = loaded.module;
        chosen = loaded.variant;
    }
    catch (e) {
        if (e instanceof KernelLoadError)
            throw new DeltapropError('NO_SIMD', e.message);
        throw e;
    }
    // A shared memory must declare its maximum: the threads build's 2 GiB.
    const memory = shared ? new WebAssembly.Memory({ initial: 32, maximum: 32768, shared: true }) : new WebAssembly.Memory({ initial: 32 });
    const instance = await WebAssembly.instantiate(module, { env: { memory } });
    const kernels = new Kernels(instance.exports, memory, chosen, shared ? module : null);
    current ??= kernels;
    return kernels;
}
const teams = new WeakMap();
/** Grows the team to `helpers` workers, once (more are never taken away). */
function withTeam(k, helpers) {
    if (!k.module || (k.team && k.team.size >= helpers))
        return Promise.resolve(k);
    const pending = teams.get(k);
    if (pending)
        return pending.then((done) => (done.team && done.team.size >= helpers ? done : withTeam(done, helpers)));
    const p = Team.create(k.module, k.memory, helpers, k.arena.alloc(16)).then((team) => {
        if (team)
            k.team = team;
        teams.delete(k);
        return k;
    });
    teams.set(k, p);
    return p;
}
//# sourceMappingURL=kernels.js.map