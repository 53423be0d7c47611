/**
 * `deltaprop train data.csv --target COLUMN …`: reads the table, holds out test and
 * validation rows, fits the preprocessing on the training rows alone, trains a dense
 * network with a live progress display, reports held-out figures and the loss curve,
 * and saves the model with its preprocessing.
 *
 * Ctrl-C stops training after the epoch under way (through the AbortSignal that
 * `train` watches); the best model so far (lowest validation loss, or training loss
 * without validation) is then reported and, with --out, saved; the exit code is 130.
 */
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type ActivationName,
  type Dataset,
  Encoder,
  type Evaluation,
  Network,
  type OptimizerName,
  type Parameters,
  split,
  type TrainHistory,
  type TrainOptions as TrainOptionsOfNet,
} from 'deltaprop';
import { lossChart } from '../chart.js';
import { CliError, EXIT, step } from '../failure.js';
import { type CommonOptions, type Io, bytes, printJSON, println } from '../io.js';
import { saveModel } from '../model-file.js';
import { createProgress, duration, progressMode } from '../progress.js';
import { renderEvaluation } from '../report.js';
import { lossCurveSVG } from '../svg.js';
import { type ReadOptions, readTable } from '../table.js';

/** The network and training options that train and cross-validate share (main.ts, withNetworkOptions). */
export interface NetworkOptions extends CommonOptions {
  target: string;
  layers: number[];
  activation: ActivationName;
  epochs: number;
  optimizer: OptimizerName;
  learningRate?: number;
  batch: number;
  dropout?: number;
  classWeight?: 'balanced' | Record<string, number>;
  seed: number;
  threads?: number | 'auto';
  ignore: string[];
  missing: NonNullable<ReadOptions['missing']>;
}

export interface TrainOptions extends NetworkOptions {
  validation: number;
  test: number;
  earlyStopping?: number;
  out?: string;
  plot?: string;
  chart: boolean;
}

/** What `train --json` prints. */
export interface TrainResult {
  task: 'classification' | 'regression';
  rows: { train: number; validation: number; test: number };
  layers: number[];
  epochs: number;
  history: { loss: number[]; valLoss?: number[]; accuracy?: number[]; valAccuracy?: number[] };
  bestEpoch: number;
  stoppedEarly: boolean;
  interrupted: boolean;
  seconds: number;
  test: Evaluation | null;
  model: { file: string; size: number } | null;
  plot: string | null;
}

/** net.train's options from the command's: epochs, batch, optimizer, and the rest where given. */
export function trainOptions(o: NetworkOptions): TrainOptionsOfNet {
  return {
    epochs: o.epochs,
    batchSize: o.batch,
    optimizer: o.optimizer,
    ...(o.learningRate === undefined ? {} : { learningRate: o.learningRate }),
    ...(o.dropout === undefined ? {} : { dropout: o.dropout }),
    ...(o.classWeight === undefined ? {} : { classWeight: o.classWeight }),
  };
}

/** --class-weight fits the target: a classification, and only classes it has. */
export function checkClassWeights(weights: 'balanced' | Record<string, number>, target: string, classes: readonly string[] | undefined): void {
  if (classes === undefined)
    throw new CliError(
      EXIT.USAGE,
      `--class-weight weighs classes, but the target column '${target}' holds numbers (a regression)`,
      'leave --class-weight out, or pick a target of classes',
    );
  if (weights === 'balanced') return;
  const unknown = Object.keys(weights).filter((name) => !classes.includes(name));
  if (unknown.length > 0)
    throw new CliError(
      EXIT.USAGE,
      `--class-weight names ${unknown.map((n) => `'${n}'`).join(', ')}, which the target column '${target}' does not hold (classes: ${classes.join(', ')})`,
      'name classes as they are written in the file (names are case-sensitive)',
    );
}

export async function train(file: string, o: TrainOptions, io: Io): Promise<number> {
  if (o.test + o.validation >= 0.9) {
    throw new CliError(
      EXIT.USAGE,
      `--test ${o.test} and --validation ${o.validation} leave ${Math.round((1 - o.test - o.validation) * 100)}% of the rows for training`,
      'keep --test + --validation below 0.9',
    );
  }
  // Before any training: an output that cannot be written would lose the run at the end.
  for (const [option, target] of [
    ['--out', o.out],
    ['--plot', o.plot],
  ] as const)
    if (target) await checkWritable(option, target);
  const data = await readTable(file, o.target, { ignore: o.ignore, missing: o.missing, refuseIdentifiers: true });
  const classification = data.classes !== undefined;
  if (o.classWeight !== undefined) checkClassWeights(o.classWeight, o.target, data.classes);

  // Test rows first, then validation rows from what is left, both seeded; stratified
  // by class for classification, so that rare classes show up in every part.
  const parts = await step(EXIT.DATA, file, () => {
    const stratify = classification;
    const { train: rest, test } = o.test > 0 ? split(data, { test: o.test, seed: o.seed, stratify }) : { train: data, test: null };
    const share = o.validation / (1 - o.test);
    const { train, test: validation } = o.validation > 0 ? split(rest, { test: share, seed: o.seed + 1, stratify }) : { train: rest, test: null };
    return { train, validation, test };
  });

  // Fitted on the training rows alone: validation and test rows must not leak into the scaling.
  const encoder = await step(EXIT.DATA, file, () => Encoder.fit(parts.train));
  const encode = (d: Dataset | null) => (d ? encoder.transform(d) : null);
  const [trainRows, validationRows, testRows] = await step(
    EXIT.DATA,
    file,
    () => [encode(parts.train)!, encode(parts.validation), encode(parts.test)] as const,
  );

  const layers = [encoder.inputs, ...o.layers, encoder.outputs];
  const activation: ActivationName[] = [...o.layers.map(() => o.activation), classification ? 'softmax' : 'linear'];
  const net = await step(EXIT.USAGE, 'the network', () =>
    Network.create({
      layers,
      activation,
      loss: classification ? 'cross-entropy' : 'mse',
      seed: o.seed,
      preprocessing: encoder,
      ...(o.threads === undefined ? {} : { threads: o.threads }),
    }),
  );

  // Ctrl-C: the first asks training to stop after this epoch, a second quits at once.
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT.INTERRUPTED);
    controller.abort();
    progress.stop();
    io.stderr.write(`\ninterrupted: stopping after this epoch${o.out ? ` and saving the best model so far to ${o.out}` : ''} (Ctrl-C again to quit at once)\n`);
  };

  const monitor = validationRows ? 'valLoss' : 'loss';
  let best: { epoch: number; value: number; parameters: Parameters | null } = { epoch: 0, value: Infinity, parameters: null };
  if (!o.json && !o.quiet) {
    io.stderr.write(
      `training ${layers.join('-')} (${activation.join(', ')}) on ${parts.train.rows} rows` +
        `${validationRows ? `, validating on ${parts.validation!.rows}` : ''}${testRows ? `, testing on ${parts.test!.rows}` : ''} · ${net.engine}, ${net.threads} thread${net.threads > 1 ? 's' : ''}\n`,
    );
  }
  const progress = createProgress(progressMode(io.stderr, o), io.stderr, o.epochs, { accuracy: classification });
  const started = performance.now();
  let history: TrainHistory;
  process.on('SIGINT', onInterrupt);
  try {
    history = await step(EXIT.TRAINING, '', () =>
      net.train(trainRows.inputs, trainRows.targets, {
        ...trainOptions(o),
        ...(validationRows ? { validationData: validationRows } : {}),
        ...(o.earlyStopping === undefined ? {} : { earlyStopping: { patience: o.earlyStopping, monitor, restoreBestWeights: true } }),
        signal: controller.signal,
        onEpochEnd: (info) => {
          progress.epoch(info);
          const value = info[monitor]!;
          if (value < best.value) best = { epoch: info.epoch, value, parameters: net.getParameters() };
        },
      }),
    );
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  // Interrupted: go back to the best epoch seen (early stopping has already done so).
  if (history.aborted && best.parameters && history.bestEpoch === undefined) net.setParameters(best.parameters);
  const bestEpoch = history.bestEpoch ?? (history.aborted ? best.epoch : history.epochs);

  const evaluation = testRows ? await step(EXIT.DATA, 'the test rows', () => net.evaluate(testRows.inputs, testRows.targets)) : null;
  let model: TrainResult['model'] = null;
  if (o.out) model = { file: o.out, size: await saveModel(net, o.out) };
  const curves = { loss: history.loss, ...(history.valLoss ? { valLoss: history.valLoss } : {}) };
  if (o.plot) await step(EXIT.OUTPUT, o.plot, () => writeFile(o.plot!, lossCurveSVG(curves, `${path.basename(file)}: loss per epoch`)));
  net.dispose();

  const result: TrainResult = {
    task: classification ? 'classification' : 'regression',
    rows: { train: parts.train.rows, validation: parts.validation?.rows ?? 0, test: parts.test?.rows ?? 0 },
    layers,
    epochs: history.epochs,
    history: {
      loss: history.loss,
      ...(history.valLoss ? { valLoss: history.valLoss } : {}),
      ...(history.accuracy ? { accuracy: history.accuracy } : {}),
      ...(history.valAccuracy ? { valAccuracy: history.valAccuracy } : {}),
    },
    bestEpoch,
    stoppedEarly: history.stoppedEarly,
    interrupted: history.aborted,
    seconds: Math.round(seconds * 100) / 100,
    test: evaluation,
    model,
    plot: o.plot ?? null,
  };
  if (o.json) printJSON(io, result);
  else {
    const how = history.aborted
      ? `interrupted after ${history.epochs} epochs, keeping epoch ${bestEpoch}`
      : history.stoppedEarly
        ? `stopped early after ${history.epochs} epochs, keeping epoch ${bestEpoch}`
        : `${history.epochs} epochs`;
    println(io, `trained ${layers.join('-')} on ${result.rows.train} rows: ${how}, ${duration(seconds)}`);
    // The figures of the epoch whose parameters the model holds.
    const kept = bestEpoch - 1;
    const figures = [`loss ${history.loss[kept]?.toPrecision(4)}`];
    if (history.valLoss) figures.push(`validation loss ${history.valLoss[kept]!.toPrecision(4)}`);
    if (history.valAccuracy) figures.push(`validation accuracy ${(history.valAccuracy[kept]! * 100).toFixed(1)}%`);
    if (kept >= 0) println(io, `${kept === history.epochs - 1 ? 'last epoch' : `epoch ${bestEpoch}`}: ${figures.join(', ')}`);
    if (evaluation) {
      println(io);
      println(io, `held-out test rows (${evaluation.rows}):`);
      println(io, renderEvaluation(evaluation));
    }
    if (o.chart && history.epochs >= 2) {
      println(io);
      println(io, lossChart(curves, { columns: io.stdout.columns || 80, colour: Boolean(io.stdout.isTTY) && !process.env.NO_COLOR }));
    }
    println(io);
    if (model) println(io, `model saved to ${model.file} (${bytes(model.size)}, with its preprocessing)`);
    if (o.plot) println(io, `loss curve written to ${o.plot}`);
  }
  return history.aborted ? EXIT.INTERRUPTED : EXIT.OK;
}

/** The folder of an output file must exist (the file itself is written at the end). */
async function checkWritable(option: string, file: string): Promise<void> {
  const folder = path.dirname(path.resolve(file));
  const s = await stat(folder).catch(() => null);
  if (!s?.isDirectory())
    throw new CliError(EXIT.OUTPUT, `${option} ${file}: the folder ${folder} does not exist`, 'create the folder first, or write somewhere else');
  const here = await stat(file).catch(() => null);
  if (here?.isDirectory()) throw new CliError(EXIT.OUTPUT, `${option} ${file} is a folder`, 'give a file name');
}
