/**
 * The `deltaprop` command: parses the arguments with commander, runs one command and
 * turns every failure into a message on standard error and an exit code (failure.ts).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { info } from './commands/info.js';
import { asCliError, CliError, EXIT, KIND, type ExitCode } from './failure.js';
import { type Io, processIo } from './io.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

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

export function program(io: Io, done: (code: ExitCode) => void): Command {
  const root = new Command('deltaprop')
    .description('Train, evaluate, run and export dense neural networks on CSV files.')
    .version(version, '-v, --version')
    .showSuggestionAfterError(true)
    .addHelpText(
      'after',
      `
Examples:
  deltaprop train data.csv --target weather --layers 32,16 --epochs 50 --out weather.dpm
  deltaprop evaluate weather.dpm test.csv
  deltaprop predict weather.dpm rows.csv > predictions.csv
  deltaprop info weather.dpm
  deltaprop export weather.dpm --onnx weather.onnx
${EXIT_CODES}

Every command takes --json for machine-readable output; deltaprop COMMAND --help tells more.`,
    );

  root
    .command('info')
    .description('Show what a model file holds: layers, activations, parameters, preprocessing, size.')
    .argument('<model>', 'a model file written by deltaprop (binary or JSON)')
    .option('--json', 'print one JSON object instead of text')
    .addHelpText('after', '\nExamples:\n  deltaprop info weather.dpm\n  deltaprop info weather.dpm --json')
    .action(async (model: string, options: { json?: boolean }) => {
      await info(model, options, io);
      done(EXIT.OK);
    });

  return root;
}

/** Runs the command line `argv` (as process.argv: node, script, arguments…) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const json = argv.includes('--json');
  let code: ExitCode = EXIT.OK;
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
    io.stderr.write(`${JSON.stringify({ error: { kind: KIND[err.exitCode], exitCode: err.exitCode, message: err.message, hint: err.hint ?? null, code: err.code ?? null } })}\n`);
    return;
  }
  io.stderr.write(`deltaprop: ${err.message}\n`);
  if (err.hint) io.stderr.write(`  fix: ${err.hint}\n`);
}
