/**
 * Bad input through the real command: each mistake ends with its documented exit
 * code and a message on standard error that names what was wrong (the file, the
 * column, the row) and how to fix it; nothing is written to standard output.
 */
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run, SEATTLE, scratch } from './run.js';

let dir: string;
let model: string;
const seattle = readFileSync(SEATTLE, 'utf8');

beforeAll(async () => {
  dir = scratch();
  model = path.join(dir, 'weather.dpm');
  const r = await run(['train', SEATTLE, '--target', 'weather', '--ignore', 'date', '--layers', '4', '--epochs', '1', '--out', model, '--quiet', '--no-chart']);
  if (r.code !== 0) throw new Error(r.stderr);
});

/** Writes `text` to a file in the scratch folder. */
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('data errors: exit 2', () => {
  it('a data file that does not exist', async () => {
    const r = await run(['train', path.join(dir, 'nope.csv'), '--target', 'weather']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`deltaprop: the data file ${path.join(dir, 'nope.csv')} does not exist`);
    expect(r.stderr).toContain('fix: check the path');
  });

  it('an unknown target column: the message lists the columns that exist', async () => {
    const r = await run(['train', SEATTLE, '--target', 'Weather', '--ignore', 'date']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(
      "target names column 'Weather', which the header does not have (columns: date, precipitation, temp_max, temp_min, wind, weather)",
    );
    expect(r.stderr).toContain('fix: pick one of those columns with --target (names are case-sensitive)');
    const json = await run(['train', SEATTLE, '--target', 'Weather', '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stderr).error).toMatchObject({ kind: 'data', exitCode: 2 });
  });

  it('a text value in a numeric column names its row and column', async () => {
    const lines = seattle.split('\n');
    lines[6] = lines[6]!.replace(/^([^,]*,[^,]*,)[^,]*/, '$1warm');
    const r = await run(['train', file('typo.csv', lines.join('\n')), '--target', 'weather', '--ignore', 'date']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`column 'temp_max' of ${path.join(dir, 'typo.csv')} holds numbers except in data row 6 (line 7 of the file), which has "warm"`);
    const p = await run(['predict', model, file('typo-predict.csv', lines.slice(0, 10).join('\n'))]);
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/data row 6, column 'temp_max': .*warm.* is not a finite number/);
  });

  it('predict numbers a bad row in the file, not in the chunk it was answered in', async () => {
    const lines = seattle.split('\n');
    lines[1400] = lines[1400]!.replace(/^([^,]*,[^,]*,)[^,]*/, '$1warm');
    const r = await run(['predict', model, file('late-typo.csv', lines.join('\n'))]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/data row 1400, column 'temp_max': .*warm.* is not a finite number/);
    // The rows before the chunk that holds it were answered and written.
    expect(r.stdout.split('\n').length).toBeGreaterThan(1000);
  });

  it('a date column that is not left out is refused with the way to leave it out', async () => {
    const r = await run(['train', SEATTLE, '--target', 'weather']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("column 'date'");
    expect(r.stderr).toContain('fix: leave it out with --ignore date');
  });

  it('a missing value is refused with its row and column', async () => {
    const lines = seattle.split('\n');
    lines[3] = lines[3]!.replace(/^([^,]*,[^,]*,[^,]*,)[^,]*/, '$1NA');
    const missing = file('missing.csv', lines.join('\n'));
    const r = await run(['train', missing, '--target', 'weather', '--ignore', 'date']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/row 3.*temp_min|temp_min.*row 3/);
    expect(r.stderr).toContain('fix: fill the cell, or pass --missing drop (or mean, median, most-frequent)');
    // As told: the row dropped, or the cell filled.
    const dropped = await run(['train', missing, '--target', 'weather', '--ignore', 'date', '--epochs', '1', '--missing', 'drop', '--json', '--quiet']);
    expect(dropped.code, dropped.stderr).toBe(0);
    const rows = JSON.parse(dropped.stdout).rows;
    expect(rows.train + rows.validation + rows.test).toBe(1460);
    const filled = await run(['evaluate', model, missing, '--missing', 'median', '--json']);
    expect(filled.code, filled.stderr).toBe(0);
    expect(JSON.parse(filled.stdout).rows).toBe(1461);
  });

  it('predict on rows that lack a column the model takes', async () => {
    const r = await run(['predict', model, file('no-wind.csv', 'precipitation,temp_max,temp_min\n0,10,5\n')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("has no column 'wind', which the model takes; its columns are: precipitation, temp_max, temp_min");
    expect(r.stdout).toBe('');
    // With --out, no half-written file is left behind.
    const out = path.join(dir, 'predictions.csv');
    const o = await run(['predict', model, file('late-typo-2.csv', seattle.replace(/\n(2015-12-30,[^,]*,)[^,]*/, '\n$1warm')), '--out', out]);
    expect(o.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('evaluate on a file without the target column', async () => {
    const r = await run(['evaluate', model, file('no-target.csv', 'precipitation,temp_max,temp_min,wind\n0,10,5,3\n')]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain("target names column 'weather', which the header does not have (columns: precipitation, temp_max, temp_min, wind)");
    expect(r.stderr).toContain('fix: evaluate needs the answers: a file with the column weather (predict takes rows without it)');
  });
});

describe('model errors: exit 3', () => {
  it('a corrupt model given to evaluate, predict and export', async () => {
    const bad = path.join(dir, 'bad.dpm');
    const bytes = readFileSync(model);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(bad, bytes);
    for (const args of [
      ['evaluate', bad, SEATTLE],
      ['predict', bad, SEATTLE],
      ['export', bad, '--onnx', path.join(dir, 'x.onnx')],
    ]) {
      const r = await run(args);
      expect(r.code, args[0]).toBe(3);
      expect(r.stdout, args[0]).toBe('');
      expect(r.stderr, args[0]).toContain(bad);
    }
  });

  it('the data file passed where the model goes', async () => {
    const r = await run(['evaluate', SEATTLE, SEATTLE]);
    expect(r.code, r.stderr).toBe(3);
  });
});

describe('usage errors: exit 1', () => {
  it('option values out of range say what they take', async () => {
    const cases: [string[], string][] = [
      [['--epochs', '0'], 'must be a whole number ≥ 1'],
      [['--layers', '32,x'], 'hidden layer sizes separated by commas'],
      [['--validation', '1.5'], 'must be a number from 0 to below 1'],
      [['--optimizer', 'adamw'], 'Allowed choices are sgd, momentum, nesterov, adam, rmsprop'],
    ];
    for (const [args, message] of cases) {
      const r = await run(['train', SEATTLE, '--target', 'weather', ...args]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain(message);
    }
  });

  it('--class-weight: a malformed value, a class the target does not hold, a regression target', async () => {
    for (const [value, message] of [
      ['fog=x', "must be 'balanced' or class=weight pairs"],
      ['fog=-1', "got 'fog=-1'"],
      ['fog=1,fog=2', 'each class once'],
      ['fog', "got 'fog'"],
    ]) {
      const r = await run(['train', SEATTLE, '--target', 'weather', '--ignore', 'date', '--class-weight', value!]);
      expect(r.code, value).toBe(1);
      expect(r.stderr, value).toContain(message);
    }
    const unknown = await run(['train', SEATTLE, '--target', 'weather', '--ignore', 'date', '--class-weight', 'Fog=2,sun=1']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("--class-weight names 'Fog', which the target column 'weather' does not hold (classes: drizzle, fog, rain, snow, sun)");
    const regression = await run(['train', SEATTLE, '--target', 'temp_max', '--ignore', 'date', '--class-weight', 'balanced']);
    expect(regression.code, regression.stderr).toBe(1);
    expect(regression.stderr).toContain("--class-weight weighs classes, but the target column 'temp_max' holds numbers (a regression)");
  });

  it('cross-validate: folds out of range, or more folds than rows', async () => {
    const one = await run(['cross-validate', SEATTLE, '--target', 'weather', '--folds', '1']);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('must be a whole number from 2 to 100');
    const tiny = file('tiny.csv', 'x,y\n1,a\n2,b\n3,a\n');
    const r = await run(['cross-validate', tiny, '--target', 'y', '--folds', '5']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`--folds 5 is more than the 3 rows of ${tiny}`);
  });

  it('train without --target, export without a format', async () => {
    const r = await run(['train', SEATTLE]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain("required option '-t, --target <column>' not specified");
    const e = await run(['export', model]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('export needs --onnx FILE or --tfjs FOLDER');
  });
});

describe('training errors: exit 4', () => {
  it('a loss that diverges names the epoch and says to lower the learning rate', async () => {
    const r = await run([
      'train',
      SEATTLE,
      '--target',
      'temp_max',
      '--ignore',
      'date,weather',
      '--layers',
      '8',
      '--epochs',
      '5',
      '--optimizer',
      'sgd',
      '--learning-rate',
      '10',
      '--out',
      path.join(dir, 'diverged.dpm'),
    ]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/deltaprop: training diverged in epoch \d+/);
    expect(r.stderr).toContain('fix: try a smaller --learning-rate');
    expect(existsSync(path.join(dir, 'diverged.dpm'))).toBe(false);
  });
});

describe('output errors: exit 5', () => {
  it('train refuses an --out or --plot in a folder that does not exist before it trains', async () => {
    for (const option of ['--out', '--plot']) {
      const target = path.join(dir, 'missing-folder', 'x.out');
      const r = await run(['train', SEATTLE, '--target', 'weather', '--ignore', 'date', '--epochs', '1', option, target]);
      expect(r.code, option).toBe(5);
      expect(r.stderr, option).toContain(`deltaprop: ${option} ${target}: the folder ${path.join(dir, 'missing-folder')} does not exist`);
      expect(r.stderr, option).not.toContain('epoch');
    }
  });

  it('a model that cannot be written', async () => {
    copyFileSync(model, path.join(dir, 'copy.dpm'));
    const r = await run(['export', path.join(dir, 'copy.dpm'), '--onnx', path.join(dir, 'no-such-folder', 'm.onnx')]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain(path.join(dir, 'no-such-folder', 'm.onnx'));
  });
});
