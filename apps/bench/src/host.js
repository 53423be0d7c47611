/**
 * The machine the bench runs on, from Node's `os` (the header line of every run; the
 * browser run adds where its page ran).
 */
import os from 'node:os';
import { wasmFeatures } from './machine.js';

/** @returns {import('./machine.js').Machine} */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpu: (cpus[0]?.model ?? 'unknown').trim(),
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    v8: process.versions.v8,
    ...wasmFeatures(),
  };
}
