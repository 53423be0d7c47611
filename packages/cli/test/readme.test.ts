/**
 * The README's "Command line" section runs as written: every line of its shell block,
 * in a fresh folder that sees the repository's node_modules (so `npx deltaprop` and the
 * vega-datasets path resolve as they do at the root), each exiting 0.
 */
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, scratch } from './run.js';

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

it("runs every command of the README's Command line section verbatim", () => {
  const text = section(readFileSync(path.join(ROOT, 'README.md'), 'utf8'), 'Command line');
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const commands = blocks.flatMap((b) => b.split('\n')).filter((l) => l.trim() !== '');
  expect(commands.filter((c) => c.startsWith('npx deltaprop ')).map((c) => c.split(' ')[2])).toEqual([
    'cross-validate',
    'train',
    'evaluate',
    'predict',
    'info',
    'export',
  ]);
  const dir = scratch();
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  for (const command of commands) {
    const r = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', command], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, `${command}\n${r.stderr}`).toBe(0);
  }
  expect(readFileSync(path.join(dir, 'predictions.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  for (const file of ['weather.dpm', 'loss.svg', 'weather.onnx', 'weather-tfjs/model.json', 'weather-tfjs/model.weights.bin']) {
    expect(existsSync(path.join(dir, file)), file).toBe(true);
  }
});
