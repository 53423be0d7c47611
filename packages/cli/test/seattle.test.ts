/**
 * A whole session on a real file, through the real command: train on
 * seattle-weather.csv (vega-datasets), evaluate, predict, inspect, export to ONNX and
 * run the exported file in onnxruntime-web; and Ctrl-C in the middle of training.
 * Few epochs and a small layer keep it to seconds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, run, SEATTLE, scratch, start, waitFor } from './run.js';

const CLASSES = ['drizzle', 'fog', 'rain', 'snow', 'sun'];
const EPOCHS = 12;

let dir: string;
let model: string;
let trained: Awaited<ReturnType<typeof run>>;

beforeAll(async () => {
  dir = scratch();
  model = path.join(dir, 'weather.dpm');
  trained = await run([
    'train',
    SEATTLE,
    '--target',
    'weather',
    '--ignore',
    'date',
    '--layers',
    '16',
    '--epochs',
    String(EPOCHS),
    '--learning-rate',
    '0.01',
    '--out',
    model,
    '--plot',
    path.join(dir, 'curve.svg'),
  ]);
});

/** The CSV's rows as records (the file has no quoted fields). */
function table(file: string): { header: string[]; rows: string[][] } {
  const [header, ...rows] = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  return { header: header!, rows };
}

describe('train', () => {
  it('reports progress per epoch on stderr (plain lines: not a terminal) and a summary on stdout', () => {
    expect(trained.stderr).not.toContain('deltaprop:');
    expect(trained.code).toBe(0);
    const epochs = trained.stderr
      .split('\n')
      .filter((l) => /^epoch +\d+\/12 {2}loss [\d.]+ {2}accuracy [\d.]+% {2}val loss [\d.]+ {2}val accuracy [\d.]+% {2}.* left$/.test(l));
    expect(epochs).toHaveLength(EPOCHS);
    expect(trained.stdout).toContain(`trained 4-16-5 on 877 rows: ${EPOCHS} epochs`);
    expect(trained.stdout).toContain('held-out test rows (292)');
    expect(trained.stdout).toContain('confusion matrix (rows: actual class, columns: predicted class)');
    for (const c of CLASSES) expect(trained.stdout).toMatch(new RegExp(`│ ${c} +│`));
    expect(trained.stdout).toContain('training and validation loss, 12 epochs');
    expect(trained.stdout).toContain(`model saved to ${model}`);
  });

  it('learns: held-out accuracy beats always answering the most common class', () => {
    const accuracy = Number(/accuracy ([\d.]+)% \((\d+) of 292 rows\)/.exec(trained.stdout)![1]) / 100;
    // rain and sun are 641 and 640 of the 1461 days: the majority answer gets at most 44%.
    expect(accuracy).toBeGreaterThan(0.7);
  });

  it('writes the loss curve as SVG with one point per epoch in each polyline', () => {
    const svg = readFileSync(path.join(dir, 'curve.svg'), 'utf8');
    const lines = [...svg.matchAll(/<polyline class="(\w+)"[^>]* points="([^"]+)"/g)];
    expect(lines.map((m) => m[1])).toEqual(['loss', 'valLoss']);
    for (const m of lines) expect(m[2]!.trim().split(' ')).toHaveLength(EPOCHS);
  });

  it('--json: the history, the split and the test figures as one object; progress as JSON lines on stderr', async () => {
    const r = await run([
      'train',
      SEATTLE,
      '--target',
      'weather',
      '--ignore',
      'date',
      '--layers',
      '8',
      '--epochs',
      '3',
      '--json',
      '--test',
      '0.25',
      '--validation',
      '0.1',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.task).toBe('classification');
    expect(result.rows.train + result.rows.validation + result.rows.test).toBe(1461);
    expect(result.rows.test).toBe(365);
    expect(result.history.loss).toHaveLength(3);
    expect(result.history.valAccuracy).toHaveLength(3);
    expect(result.test.classes).toEqual(CLASSES);
    expect(result.test.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(result.rows.test);
    const events = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(events[2].loss).toBe(result.history.loss[2]);
  });
});

describe('reproducibility', () => {
  it('the same --seed writes a byte-identical model (split, initial weights, shuffling and dropout all seeded); another seed does not', async () => {
    const args = (seed: string, out: string) => [
      'train',
      SEATTLE,
      '--target',
      'weather',
      '--ignore',
      'date',
      '--layers',
      '8,4',
      '--epochs',
      '3',
      '--batch',
      '16',
      '--dropout',
      '0.2',
      '--optimizer',
      'momentum',
      '--seed',
      seed,
      '--out',
      path.join(dir, out),
      '--quiet',
    ];
    const runs = await Promise.all([run(args('7', 'a.dpm')), run(args('7', 'b.dpm')), run(args('8', 'c.dpm'))]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const [a, b, c] = ['a.dpm', 'b.dpm', 'c.dpm'].map((f) => readFileSync(path.join(dir, f)));
    expect(a!.equals(b!)).toBe(true);
    expect(a!.equals(c!)).toBe(false);
    // The summaries agree too (the timing and the file name aside).
    const summary = (r: { stdout: string }) => r.stdout.replace(/, [\d.]+ (s|min)\b.*$/m, '').replace(/[ab]\.dpm/, 'X.dpm');
    expect(summary(runs[0]!)).toBe(summary(runs[1]!));
  });
});

describe('class weights', () => {
  it("--class-weight balanced lifts the rare classes' held-out recall; fog=8 makes fog a more frequent answer", async () => {
    const figures = async (extra: string[]) => {
      const args = ['train', SEATTLE, '--target', 'weather', '--ignore', 'date', '--layers', '16', '--epochs', '30', '--learning-rate', '0.01', '--json'];
      const r = await run([...args, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const { classes, confusion } = JSON.parse(r.stdout).test as { classes: string[]; confusion: number[][] };
      expect(classes).toEqual(CLASSES);
      const recall = (c: string) => {
        const row = confusion[classes.indexOf(c)]!;
        return row[classes.indexOf(c)]! / row.reduce((a, b) => a + b, 0);
      };
      const answered = (c: string) => confusion.reduce((sum, row) => sum + row[classes.indexOf(c)]!, 0);
      return { recall, answered };
    };
    const plain = await figures([]);
    const balanced = await figures(['--class-weight', 'balanced']);
    const fog = await figures(['--class-weight', 'fog=8']);
    // drizzle (53 of 1,461 days) and fog (101): rarely or never answered without weights.
    for (const c of ['drizzle', 'fog']) expect(balanced.recall(c), c).toBeGreaterThan(plain.recall(c) + 0.1);
    expect(fog.answered('fog')).toBeGreaterThan(plain.answered('fog') + 10);
    expect(fog.answered('drizzle')).toBeLessThan(balanced.answered('drizzle'));
  });
});

describe('cross-validate', () => {
  const args = ['cross-validate', SEATTLE, '--ignore', 'date', '--layers', '8', '--epochs', '10', '--learning-rate', '0.01', '--folds', '4'];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('classification: four stratified folds that cover every row once, each measured on rows it did not train on; mean and spread', async () => {
    const r = await run([...args, '--target', 'weather', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ task: 'classification', rows: 1461, folds: 4, layers: [4, 8, 5], epochs: 10 });
    const figures: { rows: number; accuracy: number; macroF1: number; weightedF1: number; loss: number }[] = result.figures;
    expect(figures.map((f) => f.rows).reduce((a, b) => a + b, 0)).toBe(1461);
    // Every fold holds a quarter of the rows (stratified: a quarter of each class's, give or take one).
    for (const f of figures) expect(Math.abs(f.rows - 1461 / 4)).toBeLessThanOrEqual(5);
    // Held-out accuracy beats always answering sun (641 of 1,461 days) in every fold.
    for (const f of figures) expect(f.accuracy).toBeGreaterThan(641 / 1461 + 0.1);
    const accuracy = figures.map((f) => f.accuracy);
    expect(result.mean.accuracy).toBeCloseTo(mean(accuracy), 12);
    expect(result.std.accuracy).toBeCloseTo(Math.sqrt(mean(accuracy.map((a) => (a - mean(accuracy)) ** 2))), 12);
    expect(result.std.accuracy).toBeGreaterThan(0);
    expect(Object.keys(result.mean)).toEqual(['accuracy', 'macroF1', 'weightedF1', 'loss']);
    // Seeded: the same seed gives the same figures, another seed other folds.
    const again = JSON.parse((await run([...args, '--target', 'weather', '--json'])).stdout);
    expect(again.figures).toEqual(result.figures);
    const other = JSON.parse((await run([...args, '--target', 'weather', '--json', '--seed', '2'])).stdout);
    expect(other.figures).not.toEqual(result.figures);
  });

  it('regression prints a table of the folds with the mean and standard deviation; progress on stderr', async () => {
    const r = await run([...args, '--target', 'temp_max']);
    expect(r.code, r.stderr).toBe(0);
    const out = stripVTControlCharacters(r.stdout);
    expect(out).toContain('4-fold cross-validation of 8-8-1 (relu, linear) on 1461 rows: 10 epochs per fold');
    const rows = out.split('\n').filter((l) => /^│ (\d|mean|std)/.test(l));
    expect(rows.map((l) => l.split('│')[1]!.trim())).toEqual(['1', '2', '3', '4', 'mean', 'std']);
    expect(out).toMatch(/│ fold │ rows │\s+RMSE │\s+MAE │\s+R² │\s+loss │/);
    // The day's high from its low and its weather: R² well above 0.6 in each fold.
    const r2 = rows.slice(0, 4).map((l) => Number(l.split('│')[5]));
    for (const v of r2) expect(v).toBeGreaterThan(0.6);
    for (let fold = 1; fold <= 4; fold++) expect(r.stderr).toContain(`fold ${fold}/4: training 8-8-1`);
  });
});

describe('regression', () => {
  it('a numeric target trains a linear output; early stopping keeps the best epoch; predict writes values', async () => {
    const out = path.join(dir, 'temp.dpm');
    const r = await run([
      'train',
      SEATTLE,
      '--target',
      'temp_max',
      '--ignore',
      'date',
      '--layers',
      '16',
      '--epochs',
      '400',
      '--learning-rate',
      '0.01',
      '--early-stopping',
      '3',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.task).toBe('regression');
    // precipitation, temp_min and wind, and the weather one-hot over its 5 values, go in; one value comes out.
    expect(result.layers).toEqual([8, 16, 1]);
    expect(result.stoppedEarly).toBe(true);
    const valLoss: number[] = result.history.valLoss;
    expect(valLoss.length).toBeLessThan(400);
    expect(result.bestEpoch).toBe(valLoss.indexOf(Math.min(...valLoss)) + 1);
    expect(result.epochs - result.bestEpoch).toBe(3);
    // The day's high from its low and its weather: most of the variance is explained.
    expect(result.test.r2).toBeGreaterThan(0.6);
    expect(result.test.rmse).toBeCloseTo(Math.sqrt(result.test.mse), 10);

    const p = await run(['predict', out, '-'], { input: 'precipitation,temp_min,wind,weather\n0,12,3,sun\n0,-2,3,snow\n' });
    expect(p.code).toBe(0);
    const [header, warm, cold] = p.stdout.trim().split('\n');
    expect(header).toBe('temp_max');
    expect(Number(warm)).toBeGreaterThan(Number(cold));
  });
});

describe('the saved model', () => {
  it('info shows the layers and the preprocessing it carries', async () => {
    const r = await run(['info', model, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.layers).toEqual([4, 16, 5]);
    expect(summary.activation).toEqual(['relu', 'softmax']);
    expect(summary.preprocessing.features.map((f: { name: string }) => f.name)).toEqual(['precipitation', 'temp_max', 'temp_min', 'wind']);
    expect(summary.preprocessing.targets).toEqual({ names: ['weather'], classes: CLASSES });
    const text = await run(['info', model]);
    expect(text.stdout).toMatch(/│ precipitation +│ numeric, standardised \(mean [\d.]+, std [\d.]+\)/);
    expect(text.stdout).toContain('classes of weather: drizzle, fog, rain, snow, sun');
  });

  it('evaluate and predict agree: the accuracy evaluate reports is the share of rows predict gets right', async () => {
    const e = await run(['evaluate', model, SEATTLE, '--json']);
    expect(e.code).toBe(0);
    const report = JSON.parse(e.stdout);
    expect(report.rows).toBe(1461);
    expect(report.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(1461);

    const p = await run(['predict', model, SEATTLE]);
    expect(p.code).toBe(0);
    const predictions = p.stdout
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    expect(predictions[0]).toEqual(['weather', 'probability', ...CLASSES.map((c) => `probability ${c}`)]);
    expect(predictions).toHaveLength(1462);
    const { rows } = table(SEATTLE);
    const right = rows.filter((row, i) => row[5] === predictions[i + 1]![0]).length;
    expect(right / 1461).toBeCloseTo(report.accuracy, 12);
    for (const row of predictions.slice(1)) {
      const probabilities = row.slice(2).map(Number);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(Number(row[1])).toBe(Math.max(...probabilities));
    }
  });

  it('predict takes rows without the target column, in any column order, from standard input', async () => {
    const input = 'wind,temp_min,temp_max,precipitation\n4.7,5.0,12.8,0.0\n2.0,-3.0,1.0,20.0\n';
    const r = await run(['predict', model, '-', '--json'], { input });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(CLASSES).toContain(l.weather);
      expect(Object.keys(l.probabilities)).toEqual(CLASSES);
    }
  });

  it('predict streams: answers come out while the input is still open', async () => {
    const { header, rows } = table(SEATTLE);
    const started = start(['predict', model, '-'], { keepInputOpen: true });
    const lines = (o: { stdout: string }) => o.stdout.split('\n').length - 1;
    started.child.stdin!.write(
      `${header.join(',')}\n${rows
        .slice(0, 10)
        .map((r) => r.join(','))
        .join('\n')}\n`,
    );
    await waitFor(started, (o) => lines(o) === 11);
    expect(started.child.exitCode).toBe(null);
    // Rows 11–1000, the last without its line break: 999 rows can be answered, and are.
    started.child.stdin!.write(
      `${rows
        .slice(10, 1000)
        .map((r) => r.join(','))
        .join('\n')}`,
    );
    await waitFor(started, (o) => lines(o) === 1000);
    expect(started.child.exitCode).toBe(null);
    started.child.stdin!.end(
      `\n${rows
        .slice(1000)
        .map((r) => r.join(','))
        .join('\n')}\n`,
    );
    const r = await started.done;
    expect(r.code, r.stderr).toBe(0);
    // One answer per row, in order: the same as predicting the file at once.
    const whole = await run(['predict', model, SEATTLE]);
    expect(r.stdout).toBe(whole.stdout);
  });

  it('exports to ONNX, which onnxruntime-web runs to the same answers as predict', async () => {
    const onnx = path.join(dir, 'weather.onnx');
    const tfjs = path.join(dir, 'tfjs');
    const r = await run(['export', model, '--onnx', onnx, '--tfjs', tfjs]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${onnx} (ONNX`);
    expect(existsSync(path.join(tfjs, 'model.json'))).toBe(true);
    expect(existsSync(path.join(tfjs, 'model.weights.bin'))).toBe(true);
    // Both exported files carry the preprocessing: info reads them as it reads the model.
    for (const [file, kind] of [
      [onnx, 'onnx'],
      [path.join(tfjs, 'model.json'), 'tfjs'],
    ] as const) {
      const i = JSON.parse((await run(['info', file, '--json'])).stdout);
      expect(i.format).toBe(kind);
      expect(i.layers).toEqual([4, 16, 5]);
      expect(i.preprocessing.targets.classes).toEqual(CLASSES);
    }

    // The ONNX graph takes the encoded inputs: standardise with the statistics the model carries.
    const { preprocessing } = JSON.parse((await run(['info', model, '--json'])).stdout);
    const { header, rows } = table(SEATTLE);
    const sample = rows.slice(0, 200);
    const x = new Float32Array(sample.length * 4);
    sample.forEach((row, r) =>
      preprocessing.features.forEach((f: { name: string; mean: number; std: number }, j: number) => {
        x[r * 4 + j] = (Number(row[header.indexOf(f.name)]) - f.mean) / f.std;
      }),
    );
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(readFileSync(onnx));
    const output = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', x, [sample.length, 4]) });
    const t = output[session.outputNames[0]!]!.data as Float32Array;

    const p = await run(['predict', model, '-'], { input: `${header.join(',')}\n${sample.map((r) => r.join(',')).join('\n')}\n` });
    const predicted = p.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(2).map(Number));
    expect(predicted).toHaveLength(sample.length);
    predicted.forEach((probabilities, r) => {
      probabilities.forEach((v, k) => expect(Math.abs(t[r * 5 + k]! - v)).toBeLessThan(1e-5));
    });
  });
});

describe('Ctrl-C', () => {
  it('stops training after the epoch under way, saves the best epoch so far with --out and exits 130', async () => {
    const out = path.join(dir, 'interrupted.dpm');
    const started = start(['train', SEATTLE, '--target', 'weather', '--ignore', 'date', '--layers', '16', '--epochs', '100000', '--out', out, '--json']);
    await waitFor(started, (o) => o.stderr.split('\n').filter((l) => l.startsWith('{"event":"epoch"')).length >= 3);
    started.child.kill('SIGINT');
    const r = await started.done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain(`interrupted: stopping after this epoch and saving the best model so far to ${out}`);
    const result = JSON.parse(r.stdout);
    expect(result.interrupted).toBe(true);
    expect(result.epochs).toBeGreaterThanOrEqual(3);
    expect(result.epochs).toBeLessThan(100000);
    // The best epoch is the one with the lowest validation loss.
    const valLoss: number[] = result.history.valLoss;
    expect(result.bestEpoch).toBe(valLoss.indexOf(Math.min(...valLoss)) + 1);
    expect(result.model.file).toBe(out);
    const info = await run(['info', out, '--json']);
    expect(info.code).toBe(0);
    expect(JSON.parse(info.stdout).preprocessing.targets.classes).toEqual(CLASSES);
  });
});

describe('on a terminal', () => {
  it('train draws a live cli-progress bar (under a pseudo-terminal from script(1)) and a coloured chart', () => {
    const command = [process.execPath, BIN, 'train', SEATTLE, '--target', 'weather', '--ignore', 'date', '--layers', '8', '--epochs', '5']
      .map((a) => `'${a}'`)
      .join(' ');
    const r = spawnSync('script', ['-qec', `stty cols 120; ${command}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '' } });
    expect(r.status, r.stderr).toBe(0);
    // cli-progress hides the cursor, redraws its line in place and shows it again.
    expect(r.stdout).toContain('\x1b[?25l');
    expect(r.stdout).toContain('\x1b[1Gepoch 5/5 ');
    expect(stripVTControlCharacters(r.stdout)).toMatch(/epoch 5\/5 █{24} loss [\d.]+ · val loss [\d.]+ · val accuracy [\d.]+% · [\d.]+ s left/);
    expect(r.stdout).toContain('\x1b[?25h');
    // No plain per-epoch lines on a terminal.
    expect(r.stdout).not.toMatch(/^epoch +1\/5 {2}loss/m);
    expect(r.stdout).toContain('training loss (white), validation loss (cyan), 5 epochs');
  });
});
