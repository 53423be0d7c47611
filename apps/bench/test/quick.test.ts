/**
 * Smoke test of the bench app: a whole `--quick` run in a child process. It checks
 * that every row produced finite figures and that the JSON and SVG files were
 * written; it sets no timing thresholds (CI machines are slow and noisy).
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectEveryContender, expectFiniteFigures, type Row } from './rows.js';

const main = fileURLToPath(new URL('../src/main.js', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--expose-gc', main, ...args], { maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const REPS = 1;

describe('bench --quick', () => {
  let out: string;
  let result: { code: number; stdout: string; stderr: string };
  let rows: Row[];

  beforeAll(async () => {
    out = await mkdtemp(path.join(tmpdir(), 'deltaprop-bench-'));
    // One repetition: the test checks that every row runs and gives finite figures, not the figures.
    result = await run(['--quick', '--reps', String(REPS), '--out', out]);
    rows = JSON.parse(await readFile(path.join(out, 'latest.json'), 'utf8')).rows;
  }, 420_000);

  it('exits cleanly and prints the tables', () => {
    expect(result.stderr).not.toMatch(/failed:/);
    expect(result.code).toBe(0);
    for (const heading of ['#### W1', '#### W2', '#### P1', '#### W3', '#### Matrix products']) expect(result.stdout).toContain(heading);
  });

  it('runs every contender in W1 and W2, and W3 unless too slow', () => {
    expectEveryContender(rows, REPS);
    // onnxruntime-web predicts W2 (no training figure) and sits out the training workloads
    const ort = rows.filter((r) => r.contender === 'onnxruntime-web');
    expect(Object.keys(ort.find((r) => r.workload === 'W2')!.metrics).sort()).toEqual(['accuracy', 'predictSamplesPerSec']);
    expect(
      ort
        .filter((r) => r.skipped)
        .map((r) => r.workload)
        .sort(),
    ).toEqual(['W1', 'W3']);
    // the native anchor: figures where PyTorch is installed, a row that says why not elsewhere
    const native = rows.filter((r) => r.contender === 'pytorch-cpu (native)');
    expect(native.map((r) => r.workload)).toEqual(['W2', 'P1', 'W3']);
    for (const r of native) expect(r.skipped ?? 'ran').toMatch(/^(ran|PyTorch is not installed)/);
    // where it ran (PYTHON names an interpreter with torch): on deltaprop-wasm's threads, as torch and the
    // BLAS report them, and a one-thread anchor beside it
    const oneThread = rows.filter((r) => r.contender === 'pytorch-cpu-1thread (native)');
    expect(oneThread.map((r) => r.workload)).toEqual(native.every((r) => r.skipped) ? [] : ['W2', 'P1', 'W3']);
    for (const r of [...native, ...oneThread].filter((r) => !r.skipped)) {
      const id = `${r.workload} ${r.contender}: ${r.note}`;
      const threads = /threads: torch (\d+), BLAS (\d+|not known) \(deltaprop-wasm(?:-1thread)?: (\d+)\)/.exec(r.note ?? '');
      expect(threads, id).not.toBeNull();
      const [, torch, blas, peer] = threads ?? [];
      expect(torch, id).toBe(peer);
      if (blas !== 'not known') expect(blas, id).toBe(peer);
    }
    // three products × (one square size in --quick + W2's shapes) × two subjects
    const products = rows.filter((r) => r.workload === 'matmul');
    expect(products.length).toBe(12);
    expect(products.filter((r) => r.case?.endsWith('(W2)')).map((r) => r.case)).toEqual(
      expect.arrayContaining(['A·B 32×784×128 (W2)', 'Aᵀ·B 784×32×128 (W2)', 'A·Bᵀ 32×128×784 (W2)']),
    );
  });

  it('gives every row that ran a finite median, min and max for each figure', () => {
    expectFiniteFigures(rows);
  });

  it('writes the JSON and the SVG chart', async () => {
    expect((await stat(path.join(out, 'latest.json'))).size).toBeGreaterThan(0);
    const svg = await readFile(path.join(out, 'latest.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });
});

describe('bench flags', () => {
  it('rejects an unknown flag with usage text', async () => {
    const r = await run(['--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage:');
  });

  it('runs only the rows a --filter selects', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'deltaprop-bench-'));
    const r = await run(['--quick', '--filter', '^W1/(brain\\.js|deltaprop-wasm)$', '--reps', '1', '--out', out]);
    expect(r.code).toBe(0);
    const rows: Row[] = JSON.parse(await readFile(path.join(out, 'latest.json'), 'utf8')).rows;
    expect(rows.map((x) => `${x.workload}/${x.contender}`).sort()).toEqual(['W1/brain.js', 'W1/deltaprop-wasm']);
  }, 120_000);
});
