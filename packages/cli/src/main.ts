/**
 * The `deltaprop` command: parses the arguments with commander, runs one command and
 * turns every failure into a message on standard error and an exit code (failure.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { activationNames, optimizerNames } from 'deltaprop';
// Each command's module (and the library's data and interop entries) loads when the command runs.
import type { CrossValidateOptions } from './commands/cross-validate.js';
import type { EvaluateOptions } from './commands/evaluate.js';
import type { ExportOptions } from './commands/export.js';
import type { PredictOptions } from './commands/predict.js';
import type { TrainOptions } from './commands/train.js';
import { asCliError, CliError, EXIT, KIND } from './failure.js';
import { type Io, processIo } from './io.js';
import { classWeights, fraction, integer, layerList, list, positive, threads } from './options.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The library's activations, less softmax (an output layer's alone). */
const HIDDEN_ACTIVATIONS = activationNames.filter((a) => a !== 'softmax');

const MISSING = ['error', 'drop', 'mean', 'median', 'most-frequent'];

const EXIT_CODES = `
Exit codes:
  0    success
  1    usage error: unknown command or option, missing argument, bad option value
  2    data error: data file missing or unreadable, unknown column, values that are not numbers
  3    model error: model file missing, corrupt or unsupported, or not fitting the data
  4    training failed: the loss diverged
  5    output error: a result file could not be written
  70   internal error (a bug: please report it)
  130  interrupted by Ctrl-C (train --out saves the best model so far first)`;

/** The options of the network and its training that train and cross-validate share. */
function withNetworkOptions(cmd: Command, seed: string): Command {
  return cmd
    .requiredOption('-t, --target <column>', 'the column to predict: text → classification (softmax), numbers → regression (linear output)')
    .option('-l, --layers <sizes>', 'hidden layer sizes, separated by commas', layerList, [32])
    .addOption(new Option('-a, --activation <name>', 'activation of the hidden layers').choices(HIDDEN_ACTIVATIONS).default('relu'))
    .option('-e, --epochs <n>', 'passes over the training rows', integer(1), 50)
    .addOption(new Option('--optimizer <name>', 'how the weights move').choices(optimizerNames).default('adam'))
    .option('--learning-rate <η>', 'step size (default 0.001 for adam, 0.01 otherwise)', positive)
    .option('-b, --batch <n>', 'rows per mini-batch', integer(1), 32)
    .option('--dropout <p>', 'dropout probability of the hidden layers in training', fraction(0, 1))
    .option(
      '--class-weight <weights>',
      "classification: weigh classes in the loss, 'balanced' (each class in inverse proportion to its rows) or class=weight pairs (others weigh 1)",
      classWeights,
    )
    .option('--seed <n>', seed, integer(0, 2 ** 31 - 1), 1)
    .option('--threads <n>', "threads that train together ('auto': by network size)", threads)
    .option('--ignore <columns>', 'columns to leave out (identifiers, dates), separated by commas', list, [])
    .addOption(
      new Option('--missing <policy>', "missing cells (empty, NA, NaN, ?): refuse the file, drop their rows, or fill them with the column's figure")
        .choices(MISSING)
        .default('error'),
    );
}

export function program(io: Io, done: (code: number) => void): Command {
  const root = new Command('deltaprop')
    .description('Train, evaluate, run and export dense neural networks on CSV files.')
    .version(version, '-v, --version')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  deltaprop train data.csv --target weather --layers 32,16 --epochs 50 --out weather.dpm
  deltaprop cross-validate data.csv --target weather --layers 32,16 --folds 5
  deltaprop evaluate weather.dpm test.csv
  deltaprop predict weather.dpm rows.csv > predictions.csv
  deltaprop info weather.dpm
  deltaprop export weather.dpm --onnx weather.onnx
${EXIT_CODES}

Every command takes --json for machine-readable output; deltaprop COMMAND --help tells more.`,
    );

  withNetworkOptions(
    root
      .command('train')
      .description('Train a network on a CSV file to predict one of its columns; report held-out figures; save the model with its preprocessing.')
      .argument('<data>', 'a CSV file with a header row'),
    'seed of the split, the initial weights, shuffling and dropout',
  )
    .option('--validation <fraction>', 'share of all rows held out to watch training (0 for none)', fraction(0, 1), 0.2)
    .option('--test <fraction>', 'share of all rows held out for the final figures (0 for none)', fraction(0, 1), 0.2)
    .option('--early-stopping <patience>', 'stop after this many epochs without a better validation loss, keeping the best epoch', integer(1))
    .option('-o, --out <file>', 'save the model here (.dpm binary, .json JSON, .onnx ONNX), with its preprocessing')
    .option('--plot <file.svg>', 'write the loss curve as an SVG picture')
    .option('--no-chart', 'no loss chart in the terminal summary')
    .option('--json', 'print the result as one JSON object; progress goes to stderr as JSON lines')
    .option('-q, --quiet', 'no progress display')
    .addHelpText(
      'after',
      `
Rows are split at random (seeded): --test rows for the final figures, --validation
rows to watch each epoch, the rest to train on. The preprocessing (standardised
numbers, one-hot categories, the class names) is fitted on the training rows alone
and saved in the model. Ctrl-C stops after the current epoch, keeps the best epoch
so far and, with --out, saves it (exit code 130).

Examples:
  deltaprop train seattle-weather.csv --target weather --ignore date --layers 32,16 --epochs 50 --out weather.dpm
  deltaprop train data.csv --target price --layers 64 --optimizer sgd --learning-rate 0.01 --plot loss.svg
  deltaprop train data.csv --target label --early-stopping 5 --json > result.json`,
    )
    .action(async (data: string, options: TrainOptions) => {
      const { train } = await import('./commands/train.js');
      done(await train(data, options, io));
    });

  withNetworkOptions(
    root
      .command('cross-validate')
      .description('Measure how well a network of this shape and training learns a CSV file: k-fold cross-validation, every fold and the mean and spread.')
      .argument('<data>', 'a CSV file with a header row'),
    'seed of the folds, the initial weights, shuffling and dropout',
  )
    .option('-k, --folds <k>', 'folds: each network trains on k − 1 of them and is measured on the other', integer(2, 100), 5)
    .option('--json', 'print every fold and the mean and standard deviation as one JSON object')
    .option('-q, --quiet', 'no progress lines')
    .addHelpText(
      'after',
      `
The rows are dealt into k folds at random (seeded; stratified by class for a text
target). Each of k networks trains on the other folds, with the preprocessing fitted
on those rows alone, and is measured on its fold. Nothing is saved: train the model
you keep with deltaprop train.

Examples:
  deltaprop cross-validate seattle-weather.csv --target weather --ignore date --layers 16 --epochs 30
  deltaprop cross-validate data.csv --target price --folds 10 --json > folds.json`,
    )
    .action(async (data: string, options: CrossValidateOptions) => {
      const { crossValidateCommand } = await import('./commands/cross-validate.js');
      done(await crossValidateCommand(data, options, io));
    });

  root
    .command('evaluate')
    .description('Measure a trained model on a CSV file that has the target column: accuracy and confusion matrix, or regression errors.')
    .argument('<model>', 'a model file written by deltaprop train')
    .argument('<data>', 'a CSV file with the same columns as the training data')
    .addOption(
      new Option('--missing <policy>', "missing cells: refuse the file, drop their rows, or fill them with the column's figure in this file")
        .choices(MISSING)
        .default('error'),
    )
    .option('--json', 'print the figures as one JSON object')
    .addHelpText('after', '\nExamples:\n  deltaprop evaluate weather.dpm test.csv\n  deltaprop evaluate weather.dpm test.csv --json')
    .action(async (model: string, data: string, options: EvaluateOptions) => {
      const { evaluate } = await import('./commands/evaluate.js');
      done(await evaluate(model, data, options, io));
    });

  root
    .command('predict')
    .description('Run a trained model on the rows of a CSV file; write one answer per row as CSV (streamed: files of any size).')
    .argument('<model>', 'a model file written by deltaprop train')
    .argument('<data>', "a CSV file with the model's input columns (the target column may be absent); - reads standard input")
    .option('-o, --out <file>', 'write the predictions here instead of standard output')
    .option('--json', 'write one JSON object per row (JSON lines) instead of CSV')
    .addHelpText(
      'after',
      `
Classification models write the predicted class, its probability and every class's
probability; regression models write the predicted value of each target.

Examples:
  deltaprop predict weather.dpm rows.csv > predictions.csv
  deltaprop predict weather.dpm rows.csv --json | head
  cat rows.csv | deltaprop predict weather.dpm - --out predictions.csv`,
    )
    .action(async (model: string, data: string, options: PredictOptions) => {
      const { predict } = await import('./commands/predict.js');
      done(await predict(model, data, options, io));
    });

  root
    .command('info')
    .description('Show what a model file holds: layers, activations, parameters, preprocessing, size.')
    .argument('<model>', 'a model file (deltaprop binary or JSON, ONNX, TF.js model.json)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', '\nExamples:\n  deltaprop info weather.dpm\n  deltaprop info weather.dpm --json')
    .action(async (model: string, options: { json?: boolean }) => {
      const { info } = await import('./commands/info.js');
      await info(model, options, io);
      done(EXIT.OK);
    });

  root
    .command('export')
    .description('Write a model in the formats other runtimes load: ONNX (onnxruntime, …) and TensorFlow.js layers models.')
    .argument('<model>', 'a model file written by deltaprop train')
    .option('--onnx <file>', 'write an ONNX file (its metadata carries the preprocessing)')
    .option('--tfjs <folder>', 'write a TensorFlow.js layers model (model.json and model.weights.bin) into this folder')
    .option('--json', 'print the files written as one JSON object')
    .addHelpText('after', '\nExamples:\n  deltaprop export weather.dpm --onnx weather.onnx\n  deltaprop export weather.dpm --tfjs weather-tfjs/')
    .action(async (model: string, options: ExportOptions) => {
      const { exportModel } = await import('./commands/export.js');
      done(await exportModel(model, options, io));
    });

  return root;
}

/** Runs the command line `argv` (as process.argv: node, script, arguments…) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const json = argv.includes('--json');
  let code: number = EXIT.OK;
  let usage = '';
  const root = program(io, (c) => {
    code = c;
  });
  // Every command: throw instead of exiting, and keep commander's error text to report it our way.
  const configure = (cmd: Command) => {
    cmd.exitOverride().configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s) => {
        usage = s.replace(/^error: /, '').trim();
      },
    });
    cmd.commands.forEach(configure);
  };
  configure(root);
  try {
    await root.parseAsync(argv as string[]);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT.OK;
      if (e.code === 'commander.help' || e.code === 'commander.executeSubCommandAsync') return e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      const command = argv.slice(2).find((a) => root.commands.some((c) => c.name() === a));
      report(io, new CliError(EXIT.USAGE, usage || e.message, `see: deltaprop ${command ? `${command} ` : ''}--help`), json);
      return EXIT.USAGE;
    }
    const err = asCliError(e, EXIT.INTERNAL);
    report(io, err, json);
    return err.exitCode;
  }
}

/** The error on standard error: "deltaprop: what was wrong", then "  fix: how to fix it"; or a JSON object. */
export function report(io: Io, err: CliError, json: boolean): void {
  if (json) {
    io.stderr.write(
      `${JSON.stringify({ error: { kind: KIND[err.exitCode], exitCode: err.exitCode, message: err.message, hint: err.hint ?? null, code: err.code ?? null } })}\n`,
    );
    return;
  }
  io.stderr.write(`deltaprop: ${err.message}\n`);
  if (err.hint) io.stderr.write(`  fix: ${err.hint}\n`);
}
