/**
 * V8 compiles WebAssembly twice: quickly (Liftoff), then optimized (TurboFan), and a
 * process runs a mix of both. WebAssembly's arithmetic here is deterministic, so every
 * training path must give bit-identical parameters under either compiler alone. (V8
 * 11's Liftoff was seen to break that when a kernel kept η in a local across a loop's
 * calls; this test would have caught it.)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./engines/train.mjs', import.meta.url));
const run = async (flag: string) => (await promisify(execFile)(process.execPath, [flag, script])).stdout.trim();

describe('the kernels under either WebAssembly compiler', () => {
  it('train to bit-identical parameters with Liftoff only and with TurboFan only', async () => {
    const [liftoff, turbofan] = await Promise.all([run('--liftoff-only'), run('--no-liftoff')]);
    expect(liftoff).toMatch(/^[0-9a-f]{64}$/);
    expect(liftoff).toBe(turbofan);
  });
});
