/**
 * `deltaprop predict model.dpm rows.csv > predictions.csv`: one answer per input row,
 * streamed. Rows are answered and written as each piece of input arrives (at most
 * CHUNK_ROWS at a time), and reading waits while the output is backed up (a slow
 * pipe), so memory stays bounded by the chunk size whatever the size of the file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Classification, Encoder, Network, RawRow } from 'deltaprop';
import { asCliError, CliError, EXIT, isDeltapropError, step } from '../failure.js';
import type { Io } from '../io.js';
import { loadModel } from '../model-file.js';
import { csvRecords } from '../records.js';
import { checkDataFile } from '../table.js';

export interface PredictOptions {
  out?: string;
  json?: boolean;
}

/** Rows answered per call into the network. */
const CHUNK_ROWS = 1024;

/** A CSV field, quoted when it holds a delimiter, a quote or a line break (RFC 4180). */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface Writer {
  write(text: string): Promise<void>;
  end(): Promise<void>;
}

/** Writes to a Node stream, waiting for 'drain' when its buffer is full (backpressure). */
function writer(stream: NodeJS.WritableStream & { writableNeedDrain?: boolean }, owned: boolean): Writer {
  return {
    async write(text) {
      if (!stream.write(text)) await once(stream, 'drain');
    },
    async end() {
      if (owned) {
        stream.end();
        await once(stream, 'finish');
      }
    },
  };
}

export async function predict(modelFile: string, dataFile: string, o: PredictOptions, io: Io): Promise<number> {
  const { net } = await loadModel(modelFile, { threads: 1 });
  try {
    const encoder = net.preprocessing;
    if (!encoder)
      throw new CliError(
        EXIT.MODEL,
        `${modelFile} carries no preprocessing, so it cannot read a CSV file's columns`,
        'use a model written by `deltaprop train --out`',
      );
    if (dataFile !== '-') await checkDataFile(dataFile);
    const input = dataFile === '-' ? process.stdin : createReadStream(dataFile);
    let outStream: NodeJS.WritableStream;
    if (o.out) {
      outStream = createWriteStream(o.out);
      await step(EXIT.OUTPUT, o.out, () => once(outStream, 'open'));
    } else outStream = io.stdout as unknown as NodeJS.WritableStream;
    const out = writer(outStream, Boolean(o.out));
    try {
      await answerRows(net, encoder, input as AsyncIterable<Buffer>, out, dataFile === '-' ? 'standard input' : dataFile, Boolean(o.json));
      await out.end();
    } catch (e) {
      // No half-written predictions file under the name asked for.
      if (o.out) {
        outStream.end();
        await rm(o.out, { force: true });
      }
      throw e;
    }
    return EXIT.OK;
  } finally {
    net.dispose();
  }
}

/** Reads the records of `input`, answers them a chunk at a time, writes the answers to `out`. */
async function answerRows(net: Network, encoder: Encoder, input: AsyncIterable<Buffer>, out: Writer, source: string, json: boolean): Promise<void> {
  const spec = encoder.toJSON();
  const classes = spec.targets.classes;
  const header = classes ? [spec.targets.names[0]!, 'probability', ...classes.map((c) => `probability ${c}`)] : spec.targets.names;
  const answer = (rows: RawRow[]): string =>
    classes ? classifyLines(net, rows, classes, spec.targets.names[0]!, json) : regressionLines(net, rows, spec.targets.names, json);

  let columns: string[] | null = null;
  let row = 0;
  let pending: RawRow[] = [];
  const flush = async () => {
    const offset = row - pending.length;
    let text: string;
    try {
      text = answer(pending);
    } catch (e) {
      // The library numbers the rows of the chunk it was given; number them in the file.
      const at = isDeltapropError(e) ? e.details.row : undefined;
      if (isDeltapropError(e) && typeof at === 'number' && /^(raw )?row \d+/.test(e.message)) {
        const err = asCliError(e, EXIT.DATA, source);
        throw new CliError(EXIT.DATA, `${source}: ${e.message.replace(/^(raw )?row \d+/, `data row ${offset + at}`)}`, err.hint, err.code);
      }
      throw asCliError(e, EXIT.DATA, source);
    }
    pending = [];
    await out.write(text);
  };
  await step(EXIT.DATA, source, async () => {
    for await (const batch of csvRecords(input)) {
      for (const record of batch) {
        if (!columns) {
          columns = record.map((h) => h.trim());
          const missing = encoder.features.filter((f) => !columns!.includes(f));
          if (missing.length > 0) {
            throw new CliError(
              EXIT.DATA,
              `${source} has no column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}, which the model takes; its columns are: ${columns.join(', ')}`,
              `the model needs the columns ${encoder.features.join(', ')}`,
            );
          }
          // The answers' header, once the input's has been checked.
          if (!json) await out.write(`${header.map(csvField).join(',')}\n`);
          continue;
        }
        row += 1;
        if (record.length !== columns.length)
          throw new CliError(
            EXIT.DATA,
            `data row ${row} of ${source} has ${record.length} cells, the header has ${columns.length}`,
            'check the quoting of that row',
          );
        const raw = Object.create(null) as Record<string, string>;
        for (let i = 0; i < columns.length; i++) raw[columns[i]!] = record[i]!;
        pending.push(raw);
        if (pending.length === CHUNK_ROWS) await flush();
      }
      // Answer what has arrived before waiting for more: rows typed or piped in slowly
      // get their answers as they come.
      if (pending.length > 0) await flush();
    }
  });
  if (!columns) throw new CliError(EXIT.DATA, `${source} is empty: it has no header row`, 'give a CSV file with a header row and the columns the model takes');
}

function classifyLines(net: Network, rows: RawRow[], classes: readonly string[], target: string, json: boolean): string {
  let text = '';
  // An array of rows is itself a RawRow (an array of values) to the type checker: say which is meant.
  for (const c of net.classify(rows) as unknown as Classification[]) {
    if (json) text += `${JSON.stringify({ [target]: c.label, probability: c.probability, probabilities: c.probabilities })}\n`;
    else text += `${[c.label, round(c.probability), ...classes.map((k) => round(c.probabilities[k]!))].map(csvField).join(',')}\n`;
  }
  return text;
}

function regressionLines(net: Network, rows: RawRow[], targets: readonly string[], json: boolean): string {
  let text = '';
  for (const values of net.predict(rows) as unknown as number[][]) {
    if (json) text += `${JSON.stringify(Object.fromEntries(targets.map((t, j) => [t, values[j]])))}\n`;
    else text += `${values.map(round).join(',')}\n`;
  }
  return text;
}

/** Float32 outputs carry about 7 significant digits; more would only be noise in the file. */
function round(v: number): string {
  return String(Number(v.toPrecision(7)));
}
