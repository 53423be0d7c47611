/**
 * Smoke test of the browser run: `--browser --quick --reps 1` in a child process, in
 * the system's Chromium (found as every browser test here finds it: a missing browser
 * fails with the install hint, it is never skipped). It checks that the page was cross-origin
 * isolated, that every row produced finite figures, that the contenders with threads
 * got them, and that the JSON and SVG were written; it sets no timing thresholds.
 * One repetition instead of the quick run's three keeps it near a minute on 2 cores.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireChromium } from '@deltaprop/test-browser';

const main = fileURLToPath(new URL('../src/main.js', import.meta.url));

interface Summary {
  median: number | null;
  min: number | null;
  max: number | null;
  n: number;
}
interface Row {
  workload: string;
  contender: string;
  case?: string;
  skipped?: string;
  error?: string;
  metrics: Record<string, Summary>;
  ratios: Record<string, number | null>;
}
interface Machine {
  browser?: { name: string; crossOriginIsolated: boolean; hardwareConcurrency: number };
  wasmSimd: boolean;
  wasmRelaxedSimd: boolean;
  deltapropKernels?: string;
  tfjsWasm?: string;
  threads?: string;
}

const CONTENDERS = ['deltaprop-wasm', 'deltaprop-wasm-1thread', 'deltaprop-reference', 'tfjs-wasm', 'tfjs-cpu', 'brain.js', 'synaptic', 'convnetjs', 'ml-fnn'];

describe('bench --browser --quick', () => {
  let out: string;
  let result: { code: number; stdout: string; stderr: string };
  let rows: Row[];
  let machine: Machine;

  beforeAll(async () => {
    requireChromium();
    out = await mkdtemp(path.join(tmpdir(), 'deltaprop-bench-browser-'));
    result = await new Promise((resolve) => {
      execFile(process.execPath, [main, '--browser', '--quick', '--reps', '1', '--out', out], { maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
    const record = JSON.parse(await readFile(path.join(out, 'latest-browser.json'), 'utf8'));
    rows = record.rows;
    machine = record.machine;
  }, 420_000);

  it('exits cleanly and prints the same tables as the Node run', () => {
    expect(result.stderr).not.toMatch(/failed:/);
    // the page threw nothing, logged no error, and every file it asked for was served (the wasm binaries among them)
    expect(result.stderr).not.toMatch(/^browser: /m);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^### deltaprop bench — quick run in Chromium, /);
    for (const heading of ['#### W1', '#### W2', '#### P1', '#### W3', '#### Matrix products']) expect(result.stdout).toContain(heading);
  });

  it('says where it ran: Chromium, cross-origin isolated, the SIMD it validated, the kernels deltaprop picked', () => {
    expect(machine.browser?.name).toMatch(/^(Chromium|Google Chrome|HeadlessChrome) \d+\./);
    expect(machine.browser?.crossOriginIsolated).toBe(true);
    expect(machine.browser?.hardwareConcurrency).toBeGreaterThanOrEqual(1);
    expect(machine.wasmSimd).toBe(true);
    // deltaprop picks its relaxed build exactly where the page validates relaxed SIMD
    expect(machine.deltapropKernels).toMatch(machine.wasmRelaxedSimd ? /^wasm-relaxed-simd / : /^wasm-simd /);
    expect(machine.tfjsWasm).toMatch(/^SIMD, threaded build \(XNNPACK pool of \d+ threads?\)$/);
    const header = result.stdout.split('\n').find((l) => l.startsWith('Machine: ')) ?? '';
    expect(header).toContain(`${machine.browser?.name}, headless`);
    expect(header).toContain('cross-origin isolated: yes');
    expect(header).toContain(`hardwareConcurrency: ${machine.browser?.hardwareConcurrency}`);
  });

  it('gives the contenders with threads more than one where the page has more than one core', () => {
    const cores = machine.browser?.hardwareConcurrency ?? 1;
    const team = /deltaprop-wasm (\d+) in W2, (\d+) in W3/.exec(machine.threads ?? '');
    const onePerCall = /deltaprop-wasm-1thread 1 in W2, 1 in W3/.exec(machine.threads ?? '');
    const ort = /onnxruntime-web (\d+)/.exec(machine.threads ?? '');
    expect(team, machine.threads).not.toBeNull();
    expect(onePerCall, machine.threads).not.toBeNull();
    expect(ort, machine.threads).not.toBeNull();
    // W3's network has over 100,000 weights: `threads: 'auto'` takes the cores (up to its cap)
    if (cores > 1) expect(Number(team?.[2])).toBeGreaterThan(1);
    expect(Number(ort?.[1])).toBe(cores);
    // and the tables say what the team gained over one thread, under W2 and W3
    expect(result.stdout.match(/^Thread scaling in this page: .* training samples\/s \d[\d.,]*×/gm)?.length).toBe(2);
  });

  it('runs every contender, and lists the one that cannot run in a page with the reason', () => {
    for (const w of ['W1', 'W2', 'W3']) {
      for (const c of CONTENDERS) {
        const row = rows.find((r) => r.workload === w && r.contender === c);
        expect(row, `${w} ${c}`).toBeDefined();
        if (w !== 'W3') expect(row?.skipped, `${w} ${c}`).toBeUndefined();
        else if (row?.skipped) expect(row.skipped).toMatch(/^too slow/);
      }
    }
    for (const c of [...CONTENDERS, 'onnxruntime-web']) {
      const row = rows.find((r) => r.workload === 'P1' && r.contender === c);
      expect(row?.skipped, `P1 ${c}`).toBeUndefined();
      expect(row?.metrics.usPerRow?.n, `P1 ${c}`).toBe(1);
    }
    const native = rows.filter((r) => r.contender === 'pytorch-cpu (native)');
    expect(native.map((r) => r.workload)).toEqual(['W2', 'P1', 'W3']);
    for (const r of native) expect(r.skipped).toMatch(/^native code: it runs in the Node bench/);
    expect(rows.filter((r) => r.workload === 'matmul').length).toBe(12);
  });

  it('gives every row that ran a finite median, min and max for each figure', () => {
    for (const row of rows) {
      const id = `${row.workload} ${row.case ?? ''} ${row.contender}`;
      expect(row.error, id).toBeUndefined();
      if (row.skipped) continue;
      const metrics = Object.entries(row.metrics);
      expect(metrics.length, id).toBeGreaterThan(0);
      for (const [k, s] of metrics) {
        for (const v of [s.median, s.min, s.max]) expect(Number.isFinite(v), `${id} ${k}`).toBe(true);
      }
      for (const [k, v] of Object.entries(row.ratios)) expect(Number.isFinite(v), `${id} ratio ${k}`).toBe(true);
    }
  });

  it('writes latest-browser.json and latest-browser.svg', async () => {
    expect((await stat(path.join(out, 'latest-browser.json'))).size).toBeGreaterThan(0);
    const svg = await readFile(path.join(out, 'latest-browser.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(machine.browser?.name ?? '?');
  });
});
