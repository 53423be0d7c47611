/**
 * `deltaprop cross-validate data.csv --target COLUMN --folds 5 …`: how well a network
 * of the given shape and training learns this table, with the spread that one
 * train/test split cannot show. The rows are dealt into k folds (seeded, stratified by
 * class for classification); k networks each train on k − 1 folds, with the
 * preprocessing fitted on those rows alone, and are measured on the fold they did not
 * see (the library's crossValidate). Prints every fold's figures and their mean and
 * standard deviation; saves nothing.
 */
import Table from 'cli-table3';
import { type ActivationName, type CrossValidation, crossValidate, Network } from 'deltaprop';
import { CliError, EXIT, step } from '../failure.js';
import { type Io, printJSON, println } from '../io.js';
import { duration } from '../progress.js';
import { COMPACT, PLAIN } from '../report.js';
import { readTable } from '../table.js';
import { checkClassWeights, type NetworkOptions, trainOptions } from './train.js';

export interface CrossValidateOptions extends NetworkOptions {
  folds: number;
}

/** What `cross-validate --json` prints. */
export interface CrossValidateResult {
  task: 'classification' | 'regression';
  rows: number;
  folds: number;
  layers: number[];
  epochs: number;
  /** Each fold's held-out figures, in fold order. */
  figures: Record<string, number>[];
  mean: Record<string, number>;
  std: Record<string, number>;
  seconds: number;
}

/** The figures shown per fold, with their column heads. */
const SHOWN = {
  classification: { accuracy: 'accuracy', macroF1: 'macro F1', weightedF1: 'weighted F1', loss: 'loss' },
  regression: { rmse: 'RMSE', mae: 'MAE', r2: 'R²', loss: 'loss' },
} as const;

export async function crossValidateCommand(file: string, o: CrossValidateOptions, io: Io): Promise<number> {
  const data = await readTable(file, o.target, { ignore: o.ignore, missing: o.missing, refuseIdentifiers: true });
  const classification = data.classes !== undefined;
  if (o.classWeight !== undefined) checkClassWeights(o.classWeight, o.target, data.classes);
  if (o.folds > data.rows) throw new CliError(EXIT.USAGE, `--folds ${o.folds} is more than the ${data.rows} rows of ${file}`, 'take fewer folds');

  const activation: ActivationName[] = [...o.layers.map(() => o.activation), classification ? 'softmax' : 'linear'];
  let layers: number[] = [];
  const progress = !o.json && !o.quiet;
  let fold = 0;
  const started = performance.now();
  const result: CrossValidation = await step(EXIT.TRAINING, '', () =>
    crossValidate(data, {
      folds: o.folds,
      seed: o.seed,
      stratify: classification,
      network: (encoder) => {
        fold += 1;
        layers = [encoder!.inputs, ...o.layers, encoder!.outputs];
        if (progress) io.stderr.write(`fold ${fold}/${o.folds}: training ${layers.join('-')}…\n`);
        return Network.create({
          layers,
          activation,
          loss: classification ? 'cross-entropy' : 'mse',
          seed: o.seed,
          ...(o.threads === undefined ? {} : { threads: o.threads }),
        });
      },
      train: trainOptions(o),
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const shown = SHOWN[classification ? 'classification' : 'regression'];
  const pick = (all: Record<string, number>) => Object.fromEntries(Object.keys(shown).map((k) => [k, all[k]!]));
  const figures: Record<string, number>[] = result.folds.map((e) => {
    const all: Record<string, number> =
      e.task === 'classification'
        ? { accuracy: e.accuracy, macroF1: e.macro.f1, weightedF1: e.weighted.f1, loss: e.loss }
        : { rmse: e.rmse, mae: e.mae, r2: e.r2, loss: e.loss };
    return { rows: e.rows, ...pick(all) };
  });
  const out: CrossValidateResult = {
    task: classification ? 'classification' : 'regression',
    rows: data.rows,
    folds: o.folds,
    layers,
    epochs: o.epochs,
    figures,
    mean: pick(result.mean),
    std: pick(result.std),
    seconds: Math.round(seconds * 100) / 100,
  };
  if (o.json) {
    printJSON(io, out);
    return EXIT.OK;
  }
  const keys = Object.keys(shown) as (keyof typeof shown)[];
  const format = (key: string, v: number) => (key === 'accuracy' ? `${(v * 100).toFixed(1)}%` : key === 'loss' ? v.toPrecision(4) : v.toFixed(3));
  const table = new Table({
    head: ['fold', 'rows', ...keys.map((k) => shown[k])],
    style: PLAIN,
    chars: COMPACT,
    colAligns: ['left', 'right', ...keys.map(() => 'right' as const)],
  });
  figures.forEach((f, i) => {
    table.push([String(i + 1), String(f.rows), ...keys.map((k) => format(k, f[k]!))]);
  });
  table.push(['mean', '', ...keys.map((k) => format(k, out.mean[k]!))]);
  table.push(['std', '', ...keys.map((k) => format(k, out.std[k]!))]);
  println(
    io,
    `${o.folds}-fold cross-validation of ${layers.join('-')} (${activation.join(', ')}) on ${data.rows} rows` +
      `${classification ? ', folds stratified by class' : ''}: ${o.epochs} epochs per fold, ${duration(seconds)}`,
  );
  println(io, table.toString());
  return EXIT.OK;
}
